/**
 * Reporting periods: the cycle a programme document sets for its agencies' reports ("định kỳ trước ngày 10 tháng
 * cuối Quý, đột xuất khi được yêu cầu"). A quarterly period is a calendar quarter; agencies' reports fall due on
 * `dueDay` of its last month. An ad-hoc period ("đột xuất") is opened by a coordinator with its own due date
 * (stored, src/officials/adhoc.ts): reports count from the day it opens, and are late after its due date, until
 * `ADHOC_LATE_DAYS` after it. Pure functions; "today" is always passed in.
 */
import { OFFICIALS_MESSAGES as M } from '../engine/messages.ts';
import { addDays, calendarDate, endOfMonth, type IsoDate } from '../text/dates.ts';
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
  /** `quarter`: a calendar quarter; `adhoc`: opened by a coordinator ("đột xuất"). */
  kind: 'quarter' | 'adhoc';
  /** An ad-hoc period's title (what is asked for); null for a quarter. */
  title: string | null;
}

/** How long after its due date an ad-hoc period still takes (late) reports. */
export const ADHOC_LATE_DAYS = 30;

/** `DX12`: the key of ad-hoc period 12, as typed in `report --period` and the console's links. */
export function adhocKey(id: number): string {
  return `DX${id}`;
}

/** An ad-hoc period from its stored row. */
export function adhocPeriod(row: { id: number; title: string; openedOn: IsoDate; due: IsoDate }): ReportingPeriod {
  return { key: adhocKey(row.id), label: M.adhocPeriodLabel(row.title), start: row.openedOn, end: addDays(row.due, ADHOC_LATE_DAYS), due: row.due, kind: 'adhoc', title: row.title };
}

/** A period key as typed: a quarter (`2026-Q4`) or an ad-hoc period's id (`DX12`); throws PeriodFormatError. */
export function parsePeriodKey(typed: string, dueDay: number): { quarter: ReportingPeriod } | { adhocId: number } {
  const adhoc = /^DX(\d{1,12})$/iu.exec(typed.trim());
  if (adhoc) return { adhocId: Number(adhoc[1]) };
  return { quarter: parsePeriod(typed, dueDay) };
}

/**
 * The period an agency is answering now, among the current ones (`periods[0]` the quarter, then the open ad-hoc
 * periods): the most recently started one whose due date has not passed; when every due date has passed, the
 * quarter. A report inside it counts for every period whose window holds that day.
 */
export function answeringPeriod(periods: readonly ReportingPeriod[], today: IsoDate): ReportingPeriod {
  const open = periods.filter((period) => period.start <= today && today <= period.due);
  return open.reduce<ReportingPeriod | null>((best, period) => (best === null || period.start > best.start ? period : best), null) ?? periods[0]!;
}

/** Thrown for a period typed by a person that is not `YYYY-Qn` (or `DXn` where ad-hoc periods are accepted). */
export class PeriodFormatError extends Error {
  constructor(readonly typed: string) {
    super(`Kỳ báo cáo phải có dạng YYYY-Qn (ví dụ 2026-Q4) hoặc DXn cho kỳ đột xuất (ví dụ DX1) (got "${typed}").`);
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
    kind: 'quarter',
    title: null,
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
