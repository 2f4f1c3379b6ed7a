/**
 * The officials' deadline rules over the shared date helpers (src/engine/dates.ts, src/catalogue/deadline.ts):
 * overdue = due before today and not finished; upcoming = due within the next `withinDays` days, not finished.
 * "Today" is always passed in. Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving).
 */
import { dueDate } from '../catalogue/deadline.ts';
import type { IsoDate, Task } from '../catalogue/types.ts';
import { addDays, formatDate } from '../engine/dates.ts';

const HO_CHI_MINH_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The hour (0–23) in Asia/Ho_Chi_Minh at the instant `now`. */
export function hourInVietnam(now: Date): number {
  return new Date(now.getTime() + HO_CHI_MINH_OFFSET_MS).getUTCHours();
}

export function isOverdue(task: Task, today: IsoDate, finished: boolean): boolean {
  const due = dueDate(task.deadline);
  return due !== null && !finished && due < today;
}

export function isUpcoming(task: Task, today: IsoDate, finished: boolean, withinDays = 30): boolean {
  const due = dueDate(task.deadline);
  return due !== null && !finished && due >= today && due <= addDays(today, withinDays);
}

/** An instant as its date and time in Việt Nam: `28/11/2026 14:05`. */
export function formatDateTimeInVietnam(instant: Date): string {
  const shifted = new Date(instant.getTime() + HO_CHI_MINH_OFFSET_MS).toISOString();
  return `${formatDate(shifted.slice(0, 10))} ${shifted.slice(11, 16)}`;
}

