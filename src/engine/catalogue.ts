/**
 * Structured queries over tasks: a list question ("Sở Y tế phải làm gì?", "nhiệm vụ nào hạn tháng 12/2025?") must
 * return every matching task, which top-k retrieval silently would not, so these never rank or cut. They take the
 * tasks in scope (the documents the question is about) and use the status rules of src/status/rules.ts.
 */
import type { Task } from '../documents/types.ts';
import { ALL_AGENCIES_ID, type AgencyDirectory } from '../knowledge/agencies.ts';
import { dueDate, isFinished, isOverdue, sortByDue, type LatestStatus } from '../status/rules.ts';
import { fold } from '../text/vietnamese.ts';
import type { IsoDate } from '../text/dates.ts';
import type { DateWindow } from './windows.ts';

/** Latest statuses by task key; an empty map when no update was ever filed or the officials' store is absent. */
export type Statuses = ReadonlyMap<string, readonly LatestStatus[]>;

export interface AgencyTasks {
  lead: Task[];
  partner: Task[];
  /** Tasks whose lead is every agency ("Các sở, ban, ngành, đơn vị, địa phương"). */
  all: Task[];
}

/** An agency's tasks by role; a cell naming a former agency counts for its successor. */
export function tasksOfAgency(tasks: readonly Task[], agencyId: string, agencies: AgencyDirectory): AgencyTasks {
  const lead: Task[] = [];
  const partner: Task[] = [];
  const all: Task[] = [];
  for (const task of tasks) {
    if (agencies.namedIds(task.lead).has(agencyId)) lead.push(task);
    else if (agencies.namedIds(task.partners).has(agencyId)) partner.push(task);
    else if ((task.lead?.ids ?? []).includes(ALL_AGENCIES_ID)) all.push(task);
  }
  return { lead, partner, all };
}

/** Tasks with a due date inside the window (periods count by their end), earliest first. */
export function tasksDueIn(tasks: readonly Task[], window: DateWindow): Task[] {
  return sortByDue(
    tasks.filter((task) => {
      const due = dueDate(task.deadline);
      return due !== null && due >= window.from && due <= window.to;
    }),
  );
}

/** Tasks whose due date has passed on `today` and that are not reported finished, earliest first. */
export function overdueTasks(tasks: readonly Task[], today: IsoDate, statuses: Statuses, agencies: AgencyDirectory, key: (task: Task) => string): Task[] {
  return sortByDue(tasks.filter((task) => isOverdue(task, today, isFinished(task, statuses.get(key(task)), agencies))));
}

/** Folded code → tasks printed with it, and folded group code → its tasks, in document order. */
export function codeIndex(tasks: readonly Task[]): { byCode: Map<string, Task[]>; byGroup: Map<string, Task[]> } {
  const byCode = new Map<string, Task[]>();
  const byGroup = new Map<string, Task[]>();
  for (const task of tasks) {
    if (task.code) byCode.set(fold(task.code), [...(byCode.get(fold(task.code)) ?? []), task]);
    if (task.code && task.group) byGroup.set(fold(task.group.code), [...(byGroup.get(fold(task.group.code)) ?? []), task]);
  }
  return { byCode, byGroup };
}

/** Tasks whose funding cell matches the funding named in a (folded) question; null when none is named. */
export function tasksByFunding(tasks: readonly Task[], folded: string): { funding: string; tasks: Task[] } | null {
  const fundings = new Map<string, Task[]>();
  for (const task of tasks) {
    if (task.funding) fundings.set(task.funding, [...(fundings.get(task.funding) ?? []), task]);
  }
  const question = new Set(expandFunding(folded).split(/\s+/u));
  let best: { funding: string; score: number } | null = null;
  for (const funding of fundings.keys()) {
    const words = [...new Set(expandFunding(fold(funding)).split(/\s+/u))].filter((word) => !FUNDING_GENERIC.has(word));
    const matched = words.filter((word) => question.has(word)).length;
    const score = matched / Math.max(words.length, 1);
    if (matched > 0 && (!best || score > best.score)) best = { funding, score };
  }
  if (!best || best.score < 0.5) return null;
  // Fundings that differ only in wording ("Nguồn vốn đầu tư của Doanh nghiệp" / "Nguồn đầu tư của doanh nghiệp").
  const key = fundingKey(best.funding);
  return { funding: best.funding, tasks: tasks.filter((task) => task.funding && fundingKey(task.funding) === key) };
}


const FUNDING_GENERIC = new Set(['nguon', 'von', 'cua', 'tu', 'va', 'cac', 'khac', 'theo', 'quy', 'dinh', 'phap', 'luat', 'hop', 'kinh', 'phi']);

function expandFunding(folded: string): string {
  return folded.replace(/\btw\b/gu, 'trung uong').replace(/\bnsdp\b/gu, 'ngan sach dia phuong').replace(/[^\p{L}\p{N}\s]/gu, ' ');
}

function fundingKey(funding: string): string {
  return [...new Set(expandFunding(fold(funding)).split(/\s+/u))].filter((word) => word && !FUNDING_GENERIC.has(word)).sort().join(' ');
}
