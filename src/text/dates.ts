/**
 * Calendar dates as the documents and Việt Nam use them: ISO `YYYY-MM-DD` inside, `dd/mm/yyyy` shown. Việt Nam
 * keeps UTC+7 all year (no daylight saving), so "today" and the local hour are plain offsets — no time-zone
 * formatter on the answer path.
 */

/** ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date in Việt Nam at `now`. */
export function todayInVietnam(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The hour (0–23) in Việt Nam at the instant `now`. */
export function hourInVietnam(now: Date): number {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).getUTCHours();
}

/** An instant as its date and time in Việt Nam: `28/11/2026 14:05`. */
export function formatDateTimeInVietnam(instant: Date): string {
  const shifted = new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${formatDate(shifted.slice(0, 10))} ${shifted.slice(11, 16)}`;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function toUtc(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
/** The ISO date of a day the calendar has ("31/02/2026" has none: null). */
export function calendarDate(year: number, month: number, day: number): IsoDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(toUtc(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Day of the week: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** "2026-01-31" → "31/01/2026". */
export function formatDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

export function endOfMonth(year: number, month: number): IsoDate {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
}

export function endOfYear(year: number): IsoDate {
  return `${year}-12-31`;
}
