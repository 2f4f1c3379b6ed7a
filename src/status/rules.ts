/**
 * The status rules, written once for every view (citizens' answers, /nhiemvu, /quahan, /baocao, the reporting
 * cycle, the console): the status vocabulary, when a task is finished, overdue or upcoming, and where a deadline
 * stands today. Pure functions; "today" is always passed in.
 */
import type { AgencyCell, Deadline, Task } from '../documents/types.ts';
import { addDays, daysBetween, type IsoDate } from '../text/dates.ts';

/** What an official reports about a task. */
export const STATUS_CODES = ['chua_trien_khai', 'dang_trien_khai', 'hoan_thanh', 'vuong_mac'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

/** The latest confirmed status one agency reported for one task. */
export interface LatestStatus {
  updateId: number;
  /** The task's key (`101:PL1.29`). */
  taskKey: string;
  /** The agency that reported (the lead, or for a task given to all agencies, each agency for its own part). */
  agencyId: string;
  status: StatusCode;
  percent: number | null;
  /** The official's own words; only officials see them. */
  note: string;
  /** The note as citizens may see it (personal data replaced with placeholders). */
  publicNote: string;
  evidenceUrl: string | null;
  officialName: string;
  updatedAt: Date;
}

/** What the rules need to know about agencies: which a cell names (successors included), and the collective. */
export interface AgencyRoles {
  isCollective(cell: AgencyCell | null): boolean;
  namedIds(cell: AgencyCell | null): Set<string>;
}

/** The date a deadline falls due, if it has one (periods by their end). */
export function dueDate(deadline: Deadline): IsoDate | null {
  return deadline.kind === 'date' || deadline.kind === 'period' ? deadline.due : null;
}

/**
 * Whether a task counts as finished (hence not overdue). With `agencyId`: that agency's own latest report says
 * finished. Without: a task with named lead agencies is finished when every lead agency that reported says
 * finished and at least one did; a task given to all agencies is never finished as a whole, since no report
 * tells that every agency is done.
 */
export function isFinished(task: Task, statuses: readonly LatestStatus[] | undefined, agencies: AgencyRoles, agencyId?: string): boolean {
  if (!statuses || statuses.length === 0) return false;
  if (agencyId !== undefined) return statuses.some((entry) => entry.agencyId === agencyId && entry.status === 'hoan_thanh');
  if (agencies.isCollective(task.lead)) return false;
  const leads = agencies.namedIds(task.lead);
  const fromLeads = statuses.filter((entry) => leads.has(entry.agencyId));
  return fromLeads.length > 0 && fromLeads.every((entry) => entry.status === 'hoan_thanh');
}

/** Due before today and not finished. */
export function isOverdue(task: Task, today: IsoDate, finished: boolean): boolean {
  const due = dueDate(task.deadline);
  return due !== null && !finished && due < today;
}

/** The window "sắp đến hạn" means when a question gives none: the next 30 days. */
export const UPCOMING_DAYS = 30;

/** Due today or within the next `withinDays` days, and not finished. */
export function isUpcoming(task: Task, today: IsoDate, finished: boolean, withinDays = UPCOMING_DAYS): boolean {
  const due = dueDate(task.deadline);
  return due !== null && !finished && due >= today && due <= addDays(today, withinDays);
}

export type DeadlineStatus =
  | { kind: 'overdue'; days: number; due: IsoDate }
  | { kind: 'due_today'; due: IsoDate }
  | { kind: 'remaining'; days: number; due: IsoDate }
  | { kind: 'running'; days: number; due: IsoDate }
  | { kind: 'no_date' };

/** Where a deadline stands on `today`; a period not yet ended is `running` (its end is `due`). */
export function deadlineStatus(deadline: Deadline, today: IsoDate): DeadlineStatus {
  if (deadline.kind !== 'date' && deadline.kind !== 'period') return { kind: 'no_date' };
  const days = daysBetween(today, deadline.due);
  if (days < 0) return { kind: 'overdue', days: -days, due: deadline.due };
  if (days === 0) return { kind: 'due_today', due: deadline.due };
  return deadline.kind === 'period' ? { kind: 'running', days, due: deadline.due } : { kind: 'remaining', days, due: deadline.due };
}

/** Tasks in order of due date (undated last), stable. */
export function sortByDue<T extends Task>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => (dueDate(a.deadline) ?? '9999').localeCompare(dueDate(b.deadline) ?? '9999'));
}

/** The status a draft stands for: as stated, else implied by the percentage (100% → finished), else in progress. */
export function effectiveStatus(draft: { status: StatusCode | null; percent: number | null }): StatusCode {
  if (draft.percent === 100 && draft.status !== 'vuong_mac') return 'hoan_thanh';
  if (draft.status === 'hoan_thanh' && draft.percent !== null) return 'dang_trien_khai';
  if (draft.status) return draft.status;
  return draft.percent === 0 ? 'chua_trien_khai' : 'dang_trien_khai';
}
