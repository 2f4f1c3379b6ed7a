/**
 * The latest confirmed status of each task, per reporting agency, read from the audit trail. Withdrawn updates and
 * comments never count; drafts are not in `status_updates` at all. Citizens' answers and officials' views read
 * the same map, keyed by task key (`101:PL1.29`).
 */
import type { Queryable } from '../store/database.ts';
import { redactPersonalData } from '../text/personal-data.ts';
import type { LatestStatus, StatusCode } from './rules.ts';

export type StatusMap = Map<string, LatestStatus[]>;

/** Map task key → its latest status per reporting agency (most recent first). One indexed query. */
export async function latestStatuses(db: Queryable, opts: { taskKeys?: readonly string[] } = {}): Promise<StatusMap> {
  const filter = opts.taskKeys ? 'AND s.task_id = ANY($1::text[])' : '';
  const { rows } = await db.query<{
    id: number;
    task_id: string;
    agency_id: string;
    status: StatusCode;
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
    opts.taskKeys ? [opts.taskKeys] : [],
  );
  const byTask: StatusMap = new Map();
  for (const row of rows) {
    const entry: LatestStatus = {
      updateId: Number(row.id),
      taskKey: row.task_id,
      agencyId: row.agency_id,
      status: row.status,
      percent: row.percent === null ? null : Number(row.percent),
      note: row.note,
      publicNote: row.public_note ?? redactPersonalData(row.note),
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
