/**
 * The latest confirmed status of each task, per reporting agency, and its one-line form for citizens' answers.
 * Withdrawn updates and comments never count; drafts are not in `status_updates` at all.
 */
import type { Agency, Task } from '../catalogue/types.ts';
import type { StatusSource, TaskStatus } from '../engine/catalogue-query.ts';
import { OFFICIALS_MESSAGES } from '../engine/messages.ts';
import type { Queryable } from '../store/database.ts';
import type { UpdateStatus } from './commands.ts';
import { formatDate, todayInVietnam } from '../engine/dates.ts';
import type { AgencyLookup } from './directory.ts';
import { publicNote } from './repository.ts';

export interface LatestStatus {
  updateId: number;
  taskId: string;
  /** The agency that reported (the lead, or for a task given to all agencies, each agency for its own part). */
  agencyId: string;
  status: UpdateStatus;
  percent: number | null;
  /** The official's own words; only officials see them. */
  note: string;
  /** The note as citizens may see it (personal data replaced with placeholders). */
  publicNote: string;
  evidenceUrl: string | null;
  officialName: string;
  updatedAt: Date;
}

/**
 * Map task id → its latest status per reporting agency (most recent first). One indexed query.
 * `taskIds` narrows it to those tasks.
 */
export async function latestStatuses(db: Queryable, opts: { taskIds?: readonly string[] } = {}): Promise<Map<string, LatestStatus[]>> {
  const filter = opts.taskIds ? 'AND s.task_id = ANY($1::text[])' : '';
  const { rows } = await db.query<{
    id: number;
    task_id: string;
    agency_id: string;
    status: UpdateStatus;
    percent: number | null;
    note: string;
    public_note: string | null;
    evidence_url: string | null;
    official_name: string;
    created_at: Date;
  }>(
    `SELECT DISTINCT ON (s.task_id, s.agency_id)
       s.id, s.task_id, s.agency_id, s.status, s.percent, s.note, s.public_note, s.evidence_url, o.name AS official_name, s.created_at
     FROM status_updates s
     JOIN officials o ON o.id = s.official_id
     WHERE s.kind = 'status' ${filter}
       AND NOT EXISTS (SELECT 1 FROM status_updates w WHERE w.withdraws_id = s.id)
     ORDER BY s.task_id, s.agency_id, s.id DESC`,
    opts.taskIds ? [opts.taskIds] : [],
  );
  const byTask = new Map<string, LatestStatus[]>();
  for (const row of rows) {
    const entry: LatestStatus = {
      updateId: Number(row.id),
      taskId: row.task_id,
      agencyId: row.agency_id,
      status: row.status,
      percent: row.percent === null ? null : Number(row.percent),
      note: row.note,
      publicNote: publicNote(row),
      evidenceUrl: row.evidence_url,
      officialName: row.official_name,
      updatedAt: new Date(row.created_at),
    };
    const list = byTask.get(row.task_id);
    if (list) list.push(entry);
    else byTask.set(row.task_id, [entry]);
  }
  for (const list of byTask.values()) list.sort((a, b) => b.updateId - a.updateId);
  return byTask;
}

/**
 * Whether a task counts as finished (hence not overdue). With `agencyId`: that agency's own latest report says
 * finished. Without: a task with named lead agencies is finished when every lead agency that reported says
 * finished and at least one did; a task given to all agencies is never finished as a whole, since no report
 * tells that every agency is done.
 */
export function isTaskFinished(
  task: Task,
  statuses: readonly LatestStatus[] | undefined,
  directory: AgencyLookup,
  agencyId?: string,
): boolean {
  if (!statuses || statuses.length === 0) return false;
  if (agencyId !== undefined) return statuses.some((entry) => entry.agencyId === agencyId && entry.status === 'hoan_thanh');
  if (directory.isCollective(task.lead)) return false;
  const leads = directory.namedIds(task.lead);
  const fromLeads = statuses.filter((entry) => leads.has(entry.agencyId));
  return fromLeads.length > 0 && fromLeads.every((entry) => entry.status === 'hoan_thanh');
}

/** "đạt 80%", "hoàn thành", "gặp vướng mắc, đạt 40%". */
export function describeProgress(status: UpdateStatus, percent: number | null): string {
  return OFFICIALS_MESSAGES.progress(status, percent);
}

/** "Cập nhật ngày 28/11/2026 bởi Sở Y tế: đạt 80% — đã trình UBND tỉnh dự thảo". */
export function formatStatusLine(status: LatestStatus, agencyName: string): string {
  return OFFICIALS_MESSAGES.statusLine(
    formatDate(todayInVietnam(status.updatedAt)),
    agencyName,
    describeProgress(status.status, status.percent),
    status.publicNote,
  );
}

/**
 * The engine's view of the latest statuses (its `StatusSource`): one query per call, agency names from the
 * knowledge, the date of each update in Việt Nam. Citizens read it, so notes are the public form.
 */
export function createStatusSource(db: Queryable, agencies: readonly Agency[]): StatusSource {
  const names = new Map(agencies.map((agency) => [agency.id, agency.name]));
  return async () => {
    const result = new Map<string, TaskStatus[]>();
    for (const [taskId, list] of await latestStatuses(db)) {
      result.set(
        taskId,
        list.map((entry) => ({
          taskId,
          agencyId: entry.agencyId,
          agencyName: names.get(entry.agencyId) ?? entry.agencyId,
          status: entry.status,
          percent: entry.percent,
          note: entry.publicNote,
          date: todayInVietnam(entry.updatedAt),
        })),
      );
    }
    return result;
  };
}
