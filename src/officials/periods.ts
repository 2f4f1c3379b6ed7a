/**
 * Reporting periods: the cycle a programme document sets for its agencies' reports ("định kỳ trước ngày 10 tháng
 * cuối Quý"). A period is a calendar quarter; agencies' reports fall due on `dueDay` of its last month. Pure
 * functions; "today" is always passed in.
 */
import { OFFICIALS_MESSAGES as M } from '../engine/messages.ts';
import { calendarDate, endOfMonth, type IsoDate } from '../text/dates.ts';
import { toRoman } from '../text/roman.ts';

export interface ReportingPeriod {
  /** `2026-Q4`. */
  key: string;
  /** "Quý IV/2026". */
  label: string;
  start: IsoDate;
  end: IsoDate;
  /** When the agencies' reports are due. */
  due: IsoDate;
}

/** Thrown for a period typed by a person that is not `YYYY-Qn`. */
export class PeriodFormatError extends Error {
  constructor(readonly typed: string) {
    super(`Kỳ báo cáo phải có dạng YYYY-Qn, ví dụ 2026-Q4 (got "${typed}").`);
    this.name = 'PeriodFormatError';
  }
}

export function quarterPeriod(year: number, quarter: number, dueDay: number): ReportingPeriod {
  const lastMonth = quarter * 3;
  const end = endOfMonth(year, lastMonth);
  const day = Math.min(dueDay, Number(end.slice(8, 10)));
  return {
    key: `${year}-Q${quarter}`,
    label: M.periodLabel(toRoman(quarter), year),
    start: calendarDate(year, lastMonth - 2, 1)!,
    end,
    due: calendarDate(year, lastMonth, day)!,
  };
}

/** The quarter `date` falls in. */
export function periodOf(date: IsoDate, dueDay: number): ReportingPeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return quarterPeriod(year, Math.ceil(month / 3), dueDay);
}

/** `2026-Q4` → that period. */
export function parsePeriod(typed: string, dueDay: number): ReportingPeriod {
  const match = /^(\d{4})-Q([1-4])$/iu.exec(typed.trim());
  if (!match) throw new PeriodFormatError(typed);
  return quarterPeriod(Number(match[1]), Number(match[2]), dueDay);
}

/**
 * The request lead time due now: the tightest of `requestDays` (days before the due date) that today is within,
 * or null before the first and after the due date.
 */
export function requestLeadTime(period: ReportingPeriod, today: IsoDate, requestDays: readonly number[]): number | null {
  if (today < period.start || today > period.due) return null;
  const daysLeft = Math.round((Date.parse(period.due) - Date.parse(today)) / 86_400_000);
  const within = [...requestDays].sort((a, b) => a - b).find((days) => daysLeft <= days);
  return within ?? null;
}
