/**
 * The officials' deadline rules over the shared date helpers (src/engine/dates.ts, src/catalogue/deadline.ts):
 * overdue = due before today and not finished; upcoming = due within the next `withinDays` days, not finished.
 * "Today" is always passed in. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving).
 */
import { dueDate as deadlineDue } from '../catalogue/deadline.ts';
import type { IsoDate, Task } from '../catalogue/types.ts';
import { addDays, formatDate } from '../engine/dates.ts';

const HO_CHI_MINH_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The hour (0–23) in Asia/Ho_Chi_Minh at the instant `now`. */
export function hourInVietnam(now: Date): number {
  return new Date(now.getTime() + HO_CHI_MINH_OFFSET_MS).getUTCHours();
}

/** Day of the week of an ISO date: 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The due date of a task, or null when its deadline has none (ongoing, yearly, conditional, unknown, none). */
export function taskDueDate(task: Task): IsoDate | null {
  return deadlineDue(task.deadline);
}

export function isOverdue(task: Task, today: IsoDate, finished: boolean): boolean {
  const due = taskDueDate(task);
  return due !== null && !finished && due < today;
}

export function isUpcoming(task: Task, today: IsoDate, finished: boolean, withinDays = 30): boolean {
  const due = taskDueDate(task);
  return due !== null && !finished && due >= today && due <= addDays(today, withinDays);
}

/** An instant as its date and time in Việt Nam: `28/11/2026 14:05`. */
export function formatDateTimeInVietnam(instant: Date): string {
  const shifted = new Date(instant.getTime() + HO_CHI_MINH_OFFSET_MS).toISOString();
  return `${formatDate(shifted.slice(0, 10))} ${shifted.slice(11, 16)}`;
}

