/**
 * The dashboard's figures, computed only with the rules every other view uses: a task is finished and overdue by
 * src/status/rules.ts (`isFinished`, `isOverdue`) exactly as citizens' answers and the list page count it; an
 * agency's counts are `buildReport` of src/officials/report.ts, exactly what `/baocao` and `/quahan` say. Nothing here
 * decides a status of its own.
 */
import type { Task } from '../documents/types.ts';
import { OFFICIALS_MESSAGES } from '../engine/messages.ts';
import { documentShortName } from '../knowledge/labels.ts';
import { itemKey, type KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { buildReport, type AgencyReport } from '../officials/report.ts';
import { dueDate, isFinished, isOverdue } from '../status/rules.ts';
import type { StatusMap } from '../status/view.ts';
import type { IsoDate } from '../text/dates.ts';
import { toRoman } from '../text/roman.ts';

/** Where one task stands as a whole: finished, overdue, reported (some status, neither), or nothing reported. */
export type TaskStanding = 'done' | 'overdue' | 'reported' | 'not_reported';
export const TASK_STANDINGS: readonly TaskStanding[] = ['done', 'reported', 'overdue', 'not_reported'];

export type StandingCounts = Record<TaskStanding, number>;

export interface BlockFigures {
  /** `A`, `B`, or `PL1` for a table without blocks. */
  code: string;
  title: string;
  counts: StandingCounts;
}

export interface QuarterFigures {
  /** `2026-Q4`, for order. */
  key: string;
  /** "IV/2026". */
  label: string;
  counts: StandingCounts;
}

export interface DashboardFigures {
  today: IsoDate;
  tasks: number;
  totals: StandingCounts;
  blocks: BlockFigures[];
  /** `/baocao`'s report of every agency, most tasks first. */
  agencies: AgencyReport[];
  quarters: QuarterFigures[];
}

/** A heading printed in capitals ("NHÓM NHIỆM VỤ …") as a chart label reads it: "Nhóm nhiệm vụ …" (codes kept). */
function sentenceCase(title: string): string {
  if (title !== title.toLocaleUpperCase('vi')) return title;
  // Lower case keeps the length of Vietnamese letters, so what stood in brackets is copied back from the original.
  const lower = title.toLocaleLowerCase('vi').replace(/\(([^)]*)\)/gu, (whole: string, _inner: string, offset: number) => title.slice(offset, offset + whole.length));
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

const zero = (): StandingCounts => ({ done: 0, overdue: 0, reported: 0, not_reported: 0 });

export function taskStanding(task: Task, statuses: StatusMap, knowledge: KnowledgeSnapshot, today: IsoDate): TaskStanding {
  const own = statuses.get(itemKey(task));
  const finished = isFinished(task, own, knowledge.agencies);
  if (finished) return 'done';
  if (isOverdue(task, today, finished)) return 'overdue';
  return own && own.length > 0 ? 'reported' : 'not_reported';
}

export function dashboardFigures(knowledge: KnowledgeSnapshot, statuses: StatusMap, today: IsoDate): DashboardFigures {
  const totals = zero();
  const blocks = new Map<string, BlockFigures>();
  const quarters = new Map<string, QuarterFigures>();
  for (const task of knowledge.tasks) {
    const standing = taskStanding(task, statuses, knowledge, today);
    totals[standing] += 1;
    const document = knowledge.documentById.get(task.documentId);
    const code = task.block?.code ?? `PL${task.appendix ?? ''}`;
    const key = `${task.documentId}|${code}`;
    let block = blocks.get(key);
    if (!block) {
      const title = task.block
        ? `${task.block.code}. ${sentenceCase(task.block.title)}`
        : task.appendix === null
          ? OFFICIALS_MESSAGES.consolidated.tasksTitle
          : OFFICIALS_MESSAGES.consolidated.appendixTitle(toRoman(task.appendix));
      block = { code, title: knowledge.multi && document ? `${title} (${documentShortName(document.document)})` : title, counts: zero() };
      blocks.set(key, block);
    }
    block.counts[standing] += 1;
    const due = dueDate(task.deadline);
    if (due) {
      const year = Number(due.slice(0, 4));
      const quarter = Math.ceil(Number(due.slice(5, 7)) / 3);
      const quarterKey = `${year}-Q${quarter}`;
      let entry = quarters.get(quarterKey);
      if (!entry) {
        entry = { key: quarterKey, label: `${toRoman(quarter)}/${year}`, counts: zero() };
        quarters.set(quarterKey, entry);
      }
      entry.counts[standing] += 1;
    }
  }
  const agencies = buildReport(knowledge, statuses, null, today).agencies.filter((agency) => agency.counts.total > 0);
  agencies.sort((a, b) => b.counts.total - a.counts.total || a.agencyName.localeCompare(b.agencyName, 'vi'));
  return {
    today,
    tasks: knowledge.tasks.length,
    totals,
    blocks: [...blocks.values()],
    agencies,
    quarters: [...quarters.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}
