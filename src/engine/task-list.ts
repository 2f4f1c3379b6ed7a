/**
 * The whole list behind a trimmed chat answer, and the list page's filters: every task of the loaded documents that
 * matches a document, an agency (by role), a due-date window and a status. Like src/engine/catalogue.ts it never
 * ranks or cuts; "finished" and "overdue" are the rules of src/status/rules.ts, so the page and the chat agree.
 */
import type { Task } from '../documents/types.ts';
import { itemKey, type KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { dueDate, isFinished, isOverdue, sortByDue, STATUS_CODES, type StatusCode } from '../status/rules.ts';
import { isIsoDate, type IsoDate } from '../text/dates.ts';
import type { Statuses } from './catalogue.ts';

/**
 * `overdue`: due before today and not finished. `open`: not finished (the chat's "sắp đến hạn" with a window).
 * `none`: no agency has reported. A status code: some reporting agency's latest status is that one.
 */
export const LIST_STATUSES = ['overdue', 'open', 'none', ...STATUS_CODES] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** Filters of a task list; every one optional, all of them must hold. */
export interface TaskListQuery {
  /** A document id (`101`). */
  document?: string;
  /** An agency id of the directory; a former agency's cells count for its successor. */
  agency?: string;
  /** With `agency`: only where it leads, or only where it is a partner; absent: either. */
  role?: 'lead' | 'partner';
  /** Only tasks this agency or group partners in ("UBND các xã phối hợp với Sở X": Sở X's, with the communes). */
  partner?: string;
  /** Due on or after this day (periods by their end). */
  from?: IsoDate;
  /** Due on or before this day. */
  to?: IsoDate;
  status?: ListStatus;
}

export interface TaskListContext {
  snapshot: KnowledgeSnapshot;
  statuses: Statuses;
  today: IsoDate;
}

/** Every task matching the query; in document order, or by due date when a window is asked. */
export function listTasks(context: TaskListContext, query: TaskListQuery): Task[] {
  const { snapshot, statuses, today } = context;
  const { agencies } = snapshot;
  const matches = snapshot.tasks.filter((task) => {
    if (query.document && task.documentId !== query.document) return false;
    if (query.agency) {
      const lead = agencies.namedIds(task.lead).has(query.agency);
      const partner = agencies.namedIds(task.partners).has(query.agency);
      if (query.role === 'lead' ? !lead : query.role === 'partner' ? !partner : !lead && !partner) return false;
    }
    if (query.partner && !agencies.namedIds(task.partners).has(query.partner)) return false;
    if (query.from || query.to) {
      const due = dueDate(task.deadline);
      if (due === null || (query.from && due < query.from) || (query.to && due > query.to)) return false;
    }
    if (query.status) {
      const latest = statuses.get(itemKey(task));
      const finished = isFinished(task, latest, agencies);
      if (query.status === 'overdue' && !isOverdue(task, today, finished)) return false;
      if (query.status === 'open' && finished) return false;
      if (query.status === 'none' && latest && latest.length > 0) return false;
      if (isStatusCode(query.status) && !(latest ?? []).some((entry) => entry.status === query.status)) return false;
    }
    return true;
  });
  return query.from || query.to || query.status === 'overdue' ? sortByDue(matches) : matches;
}

function isStatusCode(value: string): value is StatusCode {
  return (STATUS_CODES as readonly string[]).includes(value);
}

/** The list query of a set of answered tasks: the document too when they all come from one of several. */
export function listQueryOf(snapshot: KnowledgeSnapshot, tasks: readonly Task[], query: TaskListQuery): TaskListQuery {
  const documents = new Set(tasks.map((task) => task.documentId));
  return snapshot.multi && documents.size === 1 ? { document: [...documents][0]!, ...query } : query;
}

/** A query read from untrusted input (URL parameters): unknown values are dropped, never guessed. */
export function parseTaskListQuery(input: {
  document?: string | null;
  agency?: string | null;
  role?: string | null;
  partner?: string | null;
  from?: string | null;
  to?: string | null;
  status?: string | null;
}): TaskListQuery {
  const query: TaskListQuery = {};
  const text = (value: string | null | undefined) => (value ?? '').trim();
  if (text(input.document)) query.document = text(input.document);
  if (text(input.agency)) query.agency = text(input.agency);
  if (input.role === 'lead' || input.role === 'partner') query.role = input.role;
  if (text(input.partner)) query.partner = text(input.partner);
  if (isIsoDate(text(input.from))) query.from = text(input.from);
  if (isIsoDate(text(input.to))) query.to = text(input.to);
  const status = text(input.status);
  if ((LIST_STATUSES as readonly string[]).includes(status)) query.status = status as ListStatus;
  return query;
}
