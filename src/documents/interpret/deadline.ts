/**
 * Deadline cells as printed ("Tháng 12/2025", "Quý IV/2025- Quý II/2026", "Thường xuyên", "Trước ngày 31/01 năm
 * liền kề" …) to their normalised form. The text is always kept as printed; a form not known here is `unknown`
 * and reported by the ingest.
 */
import { calendarDate, endOfMonth, endOfYear, type IsoDate } from '../../text/dates.ts';
import { fold } from '../../text/vietnamese.ts';
import type { Deadline } from '../types.ts';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

const QUARTER_NUMBER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const YEAR = '(20\\d\\d)';
const QUARTER_PART = `qu[yi]\\s*(iv|iii|ii|i|[1-4])\\s*(?:[/-]|nam)?\\s*(?:nam\\s*)?${YEAR}`;
const MONTH_PART = `thang\\s*(\\d{1,2})\\s*(?:[/.-]|nam)\\s*(?:nam\\s*)?${YEAR}`;

const MONTH_YEAR = new RegExp(`^(?:trong |truoc |den |het |cuoi )?${MONTH_PART}$`, 'u');
const SINGLE_YEAR = new RegExp(`^(?:trong |truoc |den |het |cuoi )?(?:nam\\s*)?${YEAR}$`, 'u');
const QUARTER = new RegExp(`^(?:trong |truoc |den |het |cuoi )?${QUARTER_PART}$`, 'u');
const QUARTER_RANGE = new RegExp(`^(?:tu )?${QUARTER_PART}\\s*(?:-|–|den)\\s*${QUARTER_PART}$`, 'u');
const EXACT_DATE = /^(?:truoc|den|han|cham nhat)?\s*(?:ngay\s*)?(\d{1,2})\/(\d{1,2})\/(20\d\d)$/u;
const PERIOD = new RegExp(`^(?:giai doan\\s*)?(?:tu\\s*)?(?:nam\\s*)?${YEAR}\\s*(?:-|–|den)\\s*(?:nam\\s*)?${YEAR}$`, 'u');
/** A full date inside a longer sentence ("Ban hành kế hoạch chậm nhất là ngày 15/4/2026 …"). */
const DATE_IN_SENTENCE = /\b(?:truoc|cham nhat(?: la)?|han|den|xong truoc)\s+(?:ngay\s+)?(\d{1,2})\/(\d{1,2})\/(20\d\d)\b/u;

function dayDate(day: string, month: string, year: string): IsoDate | null {
  return calendarDate(Number(year), Number(month), Number(day));
}

/** Normalises one deadline cell; a form it does not know comes back as `unknown` with the text kept. */
export function parseDeadline(raw: string): Deadline {
  const text = raw.replace(/\s+/gu, ' ').trim();
  if (text === '') return { kind: 'none', text: '' };
  const folded = fold(text).replace(/[.;,]+$/u, '').trim();
  let match = MONTH_YEAR.exec(folded);
  if (match) {
    const month = Number(match[1]);
    if (month >= 1 && month <= 12) return { kind: 'date', text, due: endOfMonth(Number(match[2]), month), precision: 'month' };
  }
  match = QUARTER.exec(folded);
  if (match) return { kind: 'date', text, due: endOfMonth(Number(match[2]), QUARTER_NUMBER[match[1]!]! * 3), precision: 'month' };
  match = QUARTER_RANGE.exec(folded);
  if (match) {
    const start = `${match[2]}-${pad(QUARTER_NUMBER[match[1]!]! * 3 - 2)}-01`;
    const due = endOfMonth(Number(match[4]), QUARTER_NUMBER[match[3]!]! * 3);
    if (start <= due) return { kind: 'period', text, start, due };
  }
  match = EXACT_DATE.exec(folded);
  if (match) {
    const due = dayDate(match[1]!, match[2]!, match[3]!);
    if (due) return { kind: 'date', text, due, precision: 'day' };
  }
  match = SINGLE_YEAR.exec(folded);
  if (match) return { kind: 'date', text, due: endOfYear(Number(match[1])), precision: 'year' };
  match = PERIOD.exec(folded);
  if (match && Number(match[1]) <= Number(match[2])) return { kind: 'period', text, start: `${match[1]}-01-01`, due: endOfYear(Number(match[2])) };
  if (/^(?:nhiem vu |thuc hien )?thuong xuyen\b/u.test(folded)) return { kind: 'ongoing', text };
  if (/^hang nam$|\bnam lien ke\b|^dinh ky hang nam\b/u.test(folded)) return { kind: 'yearly', text };
  if (/\b(?:hang|dinh ky hang) (?:quy|thang|tuan)\b|\bthang lien ke\b|\bquy lien ke\b|^dinh ky\b/u.test(folded)) return { kind: 'recurring', text };
  if (/^(?:khi|theo lo trinh|theo quy dinh|theo ke hoach|theo huong dan|theo chi dao|theo yeu cau|theo tien do|sau khi)\b/u.test(folded)) {
    return { kind: 'conditional', text };
  }
  match = DATE_IN_SENTENCE.exec(folded);
  if (match) {
    const due = dayDate(match[1]!, match[2]!, match[3]!);
    if (due) return { kind: 'date', text, due, precision: 'day' };
  }
  return { kind: 'unknown', text };
}

/** True when a cell reads as a deadline (any known form but `unknown`/`none`). */
export function isDeadlineText(text: string): boolean {
  const kind = parseDeadline(text).kind;
  return kind !== 'unknown' && kind !== 'none';
}
