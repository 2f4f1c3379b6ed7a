/**
 * The date windows people name in questions ("tháng 12/2025", "quý I/2026", "năm nay", "trong 3 tháng tới",
 * "từ nay đến hết quý sau"), resolved against today. Works on folded text (see `fold`).
 */
import { addDays, addMonths, endOfMonth, endOfYear, weekdayOf, type IsoDate } from '../text/dates.ts';
import { WINDOW_LABELS } from './messages.ts';

export interface DateWindow {
  from: IsoDate;
  to: IsoDate;
  /** Vietnamese description for the answer, e.g. "tháng 12/2025", "quý I/2026". */
  label: string;
}

const ROMAN_QUARTER: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const ROMAN_LABEL = ['I', 'II', 'III', 'IV'];
const NUMBER_WORDS: Record<string, number> = {
  mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
};

function quarterWindow(quarter: number, year: number): DateWindow {
  const firstMonth = (quarter - 1) * 3 + 1;
  return {
    from: `${year}-${String(firstMonth).padStart(2, '0')}-01`,
    to: endOfMonth(year, firstMonth + 2),
    label: WINDOW_LABELS.quarter(ROMAN_LABEL[quarter - 1]!, year),
  };
}

function monthWindow(month: number, year: number): DateWindow {
  return { from: `${year}-${String(month).padStart(2, '0')}-01`, to: endOfMonth(year, month), label: WINDOW_LABELS.month(month, year) };
}

function yearWindow(year: number): DateWindow {
  return { from: `${year}-01-01`, to: endOfYear(year), label: WINDOW_LABELS.year(year) };
}

/** "Tháng này và tháng sau", "quý III hoặc quý IV": windows named side by side. */
const SIDE_BY_SIDE = /\s(?:va|hoac|cung|voi)\s/u;
const YEAR = /\b20\d\d\b/u;

/**
 * The date window a (folded) question names, or null. Relative forms are resolved against `today`.
 * "sắp đến hạn" without a length means the next 30 days. Windows named side by side that follow on from each other
 * ("tháng này và tháng sau") are one window over both.
 */
export function parseWindow(folded: string, today: IsoDate): DateWindow | null {
  const whole = parseOneWindow(folded, today);
  const parts = folded.split(SIDE_BY_SIDE);
  if (whole === null || parts.length < 2) return whole;
  // "Quý I hoặc quý II năm 2027": the year named last is that of each.
  const year = YEAR.exec(parts.at(-1)!)?.[0];
  const named = parts.map((part) => parseOneWindow(year && !YEAR.test(part) ? `${part} nam ${year}` : part, today)).filter((window): window is DateWindow => window !== null);
  const unique = named.filter((window, at) => named.findIndex((other) => other.from === window.from && other.to === window.to) === at).sort((a, b) => a.from.localeCompare(b.from));
  const followOn = unique.length >= 2 && unique.every((window, at) => at === 0 || addDays(unique[at - 1]!.to, 1) === window.from);
  if (!followOn) return whole;
  return { from: unique[0]!.from, to: unique.at(-1)!.to, label: unique.map((window) => window.label).join(WINDOW_LABELS.joiner) };
}

function parseOneWindow(folded: string, today: IsoDate): DateWindow | null {
  const [thisYear, thisMonth] = today.split('-').map(Number) as [number, number];
  // "từ nay đến hết tháng 6": from today to the end of that month (this year, or next year once it has passed).
  let match = /\b(?:tu nay |tu bay gio )?den (?:het |cuoi )?thang (\d{1,2})(?:\s*(?:\/|nam)\s*(20\d\d))?\b/u.exec(folded);
  if (match && Number(match[1]) >= 1 && Number(match[1]) <= 12) {
    const month = Number(match[1]);
    const year = match[2] ? Number(match[2]) : month >= thisMonth ? thisYear : thisYear + 1;
    return { from: today, to: endOfMonth(year, month), label: WINDOW_LABELS.untilMonthEnd(month, year) };
  }
  // "Đến hạn trước tháng 5/2026": from today to the end of the month before it.
  match = /\b(?:han )?truoc thang (\d{1,2})(?:\s*(?:\/|nam)\s*(20\d\d))?\b/u.exec(folded);
  if (match && Number(match[1]) >= 1 && Number(match[1]) <= 12) {
    const month = Number(match[1]);
    const year = match[2] ? Number(match[2]) : month > thisMonth ? thisYear : thisYear + 1;
    const [lastYear, lastMonth] = month === 1 ? [year - 1, 12] : [year, month - 1];
    return { from: today, to: endOfMonth(lastYear, lastMonth), label: WINDOW_LABELS.beforeMonth(month, year) };
  }
  // "từ nay đến hết quý sau": from today to the end of that quarter, not the quarter alone.
  match = /\b(?:tu nay |tu bay gio )?den (?:het |cuoi )quy (sau|toi|nay|(iv|iii|ii|i|[1-4]))\b/u.exec(folded);
  if (match) {
    const current = Math.floor((thisMonth - 1) / 3) + 1;
    let quarter = match[2] ? ROMAN_QUARTER[match[2]]! : match[1] === 'nay' ? current : current + 1;
    let year = thisYear;
    if (quarter > 4) {
      quarter = 1;
      year += 1;
    }
    if (match[2] && quarter < current) year += 1;
    return { from: today, to: endOfMonth(year, quarter * 3), label: WINDOW_LABELS.untilQuarterEnd(ROMAN_LABEL[quarter - 1]!, year) };
  }
  match = /\bquy (iv|iii|ii|i|[1-4])\b\s*(?:\/|nam|-)?\s*(20\d\d)?/u.exec(folded);
  if (match) {
    const year = match[2] ? Number(match[2]) : thisYear;
    return quarterWindow(ROMAN_QUARTER[match[1]!]!, year);
  }
  if (/\bquy nay\b/u.test(folded)) return quarterWindow(Math.floor((thisMonth - 1) / 3) + 1, thisYear);
  if (/\bquy (sau|toi)\b/u.test(folded)) {
    const quarter = Math.floor((thisMonth - 1) / 3) + 2;
    return quarter > 4 ? quarterWindow(1, thisYear + 1) : quarterWindow(quarter, thisYear);
  }
  match = /\bthang (\d{1,2})\s*(?:\/|-|nam)\s*(20\d\d)\b/u.exec(folded) ?? /(?<![\d/])(\d{1,2})\/(20\d\d)\b/u.exec(folded);
  if (match && Number(match[1]) >= 1 && Number(match[1]) <= 12) return monthWindow(Number(match[1]), Number(match[2]));
  match = /\b(?:trong )?(\d{1,3}|mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi) (ngay|tuan|thang|nam) (toi|nua|sap toi|tiep theo|ke tiep)\b/u.exec(folded);
  if (match) {
    const count = /^\d+$/u.test(match[1]!) ? Number(match[1]) : NUMBER_WORDS[match[1]!]!;
    const unit = match[2]!;
    const to =
      unit === 'ngay' ? addDays(today, count) : unit === 'tuan' ? addDays(today, count * 7) : unit === 'thang' ? addMonths(today, count) : addMonths(today, count * 12);
    return { from: today, to, label: WINDOW_LABELS.next(count, unit as 'ngay' | 'tuan' | 'thang' | 'nam') };
  }
  if (/\btuan nay\b/u.test(folded)) return { from: today, to: addDays(today, 6 - ((weekdayOf(today) + 6) % 7)), label: WINDOW_LABELS.thisWeek };
  if (/\btuan (sau|toi)\b/u.test(folded)) {
    const nextMonday = addDays(today, 7 - ((weekdayOf(today) + 6) % 7));
    return { from: nextMonday, to: addDays(nextMonday, 6), label: WINDOW_LABELS.nextWeek };
  }
  // "Tháng 12 này", "tháng 3 tới": that month's next coming (this one included).
  match = /\bthang (\d{1,2}) (nay|toi|sap toi)\b/u.exec(folded);
  if (match && Number(match[1]) >= 1 && Number(match[1]) <= 12) {
    const month = Number(match[1]);
    return monthWindow(month, month >= thisMonth ? thisYear : thisYear + 1);
  }
  if (/\bthang nay\b/u.test(folded)) return monthWindow(thisMonth, thisYear);
  if (/\bthang (sau|toi)\b/u.test(folded)) {
    return thisMonth === 12 ? monthWindow(1, thisYear + 1) : monthWindow(thisMonth + 1, thisYear);
  }
  if (/\b(cuoi nam nay|tu nay den cuoi nam|den cuoi nam|truoc cuoi nam)\b/u.test(folded)) {
    return { from: today, to: endOfYear(thisYear), label: WINDOW_LABELS.untilYearEnd(thisYear) };
  }
  if (/\bnam nay\b/u.test(folded)) return yearWindow(thisYear);
  if (/\bnam (sau|toi)\b/u.test(folded)) return yearWindow(thisYear + 1);
  // A pair of years ("2026-2030", "2026 2030", "giai đoạn 2026 đến 2030") is a period a document is named by;
  // "Tầm nhìn đến 2045" is the horizon of a programme, not a window either.
  const withoutPeriods = folded.replace(/\b(?:giai doan\s*)?20\d\d\s*(?:-|–|den|toi|\s)\s*20\d\d\b|\btam nhin (?:den |toi )?(?:nam )?20\d\d\b/gu, ' ');
  match = /\b(?:nam|trong nam|het nam)\s*(20\d\d)\b/u.exec(withoutPeriods) ?? /(?<![\d/-])(20\d\d)(?![\d/-])/u.exec(withoutPeriods);
  if (match) return yearWindow(Number(match[1]));
  if (/\b(sap den han|sap het han|sap toi han|gan den han|sap phai hoan thanh)\b/u.test(folded)) {
    return { from: today, to: addDays(today, 30), label: WINDOW_LABELS.next30Days };
  }
  return null;
}
