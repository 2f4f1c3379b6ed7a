/** Deadline cells as printed ("Tháng 12/2025", "2025 - 2030", "Thường xuyên" …) to their normalised form. */
import { fold } from '../text/vietnamese.ts';
import type { Deadline, IsoDate } from './types.ts';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

export function endOfMonth(year: number, month: number): IsoDate {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(lastDay)}`;
}

export function endOfYear(year: number): IsoDate {
  return `${year}-12-31`;
}

const YEAR = '(20\\d\\d)';
const MONTH_YEAR = new RegExp(`^thang\\s*(\\d{1,2})\\s*[/.-]\\s*${YEAR}$`, 'u');
const SINGLE_YEAR = new RegExp(`^(?:nam\\s*)?${YEAR}$`, 'u');
const QUARTER = new RegExp(`^quy\\s*(iv|iii|ii|i|[1-4])\\s*(?:/|-|nam)?\\s*(?:nam\\s*)?${YEAR}$`, 'u');
const BEFORE_DATE = /^(?:truoc|den|han)?\s*(?:ngay\s*)?(\d{1,2})\/(\d{1,2})\/(20\d\d)$/u;
const QUARTER_NUMBER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const PERIOD = new RegExp(`^(?:giai doan\\s*)?(?:tu\\s*)?(?:nam\\s*)?${YEAR}\\s*(?:-|–|den)\\s*(?:nam\\s*)?${YEAR}$`, 'u');

/** Normalises one deadline cell; a form it does not know comes back as `unknown` with the text kept. */
export function parseDeadline(raw: string): Deadline {
  const text = raw.replace(/\s+/gu, ' ').trim();
  if (text === '') return { kind: 'none', text: '' };
  const folded = fold(text).replace(/\.$/u, '');
  let match = MONTH_YEAR.exec(folded);
  if (match) {
    const month = Number(match[1]);
    if (month >= 1 && month <= 12) {
      return { kind: 'date', text, due: endOfMonth(Number(match[2]), month), precision: 'month' };
    }
  }
  match = QUARTER.exec(folded);
  if (match) {
    const lastMonth = QUARTER_NUMBER[match[1]!]! * 3;
    return { kind: 'date', text, due: endOfMonth(Number(match[2]), lastMonth), precision: 'month' };
  }
  match = BEFORE_DATE.exec(folded);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) {
    const due = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
    if (!Number.isNaN(Date.parse(`${due}T00:00:00Z`))) return { kind: 'date', text, due, precision: 'day' };
  }
  match = SINGLE_YEAR.exec(folded);
  if (match) return { kind: 'date', text, due: endOfYear(Number(match[1])), precision: 'year' };
  match = PERIOD.exec(folded);
  if (match && Number(match[1]) <= Number(match[2])) {
    return { kind: 'period', text, start: `${match[1]}-01-01`, due: endOfYear(Number(match[2])) };
  }
  if (/^thuong xuyen$/u.test(folded)) return { kind: 'ongoing', text };
  if (/^hang nam$/u.test(folded)) return { kind: 'yearly', text };
  if (/^(khi|theo lo trinh|theo quy dinh|theo ke hoach)\b/u.test(folded)) return { kind: 'conditional', text };
  return { kind: 'unknown', text };
}

/** The date a deadline falls due, if it has one. */
export function dueDate(deadline: Deadline): IsoDate | null {
  return deadline.kind === 'date' || deadline.kind === 'period' ? deadline.due : null;
}
