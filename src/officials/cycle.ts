/**
 * The reporting cycle's facts for one period (a quarter or an ad-hoc one): which agencies must report, which have
 * (and when, and whether late), and the request each agency gets. An agency has reported for a period when one of
 * its officials stored a status, a comment or a "không thay đổi" between the period's first day and its last (Việt
 * Nam time); a report after the due date is late. Withdrawn entries do not count.
 */
import { OFFICIALS_MESSAGES as M } from '../engine/messages.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import type { StatusMap } from '../status/view.ts';
import type { Queryable } from '../store/database.ts';
import { addDays, formatDate, todayInVietnam, type IsoDate } from '../text/dates.ts';
import type { ReportingPeriod } from './periods.ts';
import { reportingAgencyIds, responsibleTasks, shortName } from './report.ts';

/** The entries that make an agency's report: a status, a comment, a "không thay đổi". */
const REPORT_KINDS = "('status', 'comment', 'unchanged')";

/** The first report of each agency within the period. */
export async function periodReports(db: Queryable, period: ReportingPeriod): Promise<Map<string, Date>> {
  const { rows } = await db.query<{ agency_id: string; first: Date }>(
    `SELECT s.agency_id, min(s.created_at) AS first
     FROM status_updates s
     WHERE s.kind IN ${REPORT_KINDS}
       AND s.created_at >= ($1 || 'T00:00:00+07:00')::timestamptz
       AND s.created_at < ($2 || 'T00:00:00+07:00')::timestamptz
       AND NOT EXISTS (SELECT 1 FROM status_updates w WHERE w.withdraws_id = s.id)
     GROUP BY s.agency_id`,
    [period.start, addDays(period.end, 1)],
  );
  return new Map(rows.map((row) => [row.agency_id, new Date(row.first)]));
}

/** The task keys `agencyId` has reported on (any report kind, not withdrawn) from `from` (Việt Nam date) on. */
export async function reportedTaskKeys(db: Queryable, agencyId: string, from: IsoDate): Promise<Set<string>> {
  const { rows } = await db.query<{ task_id: string }>(
    `SELECT DISTINCT s.task_id FROM status_updates s
     WHERE s.agency_id = $1 AND s.kind IN ${REPORT_KINDS}
       AND s.created_at >= ($2 || 'T00:00:00+07:00')::timestamptz
       AND NOT EXISTS (SELECT 1 FROM status_updates w WHERE w.withdraws_id = s.id)`,
    [agencyId, from],
  );
  return new Set(rows.map((row) => row.task_id));
}

export interface PeriodBoardRow {
  agencyId: string;
  agencyName: string;
  /** The day of the agency's first report in the period; null: not reported. */
  reportedOn: IsoDate | null;
  late: boolean;
}

export interface PeriodBoard {
  period: ReportingPeriod;
  rows: PeriodBoardRow[];
}

/** Every agency that must report, with where it stands; ordered: not reported, late, reported, then by name. */
export function periodBoard(knowledge: KnowledgeSnapshot, statuses: StatusMap, reports: ReadonlyMap<string, Date>, period: ReportingPeriod): PeriodBoard {
  const rank = (row: PeriodBoardRow) => (row.reportedOn === null ? 0 : row.late ? 1 : 2);
  const rows = reportingAgencyIds(knowledge, statuses)
    .filter((agencyId) => responsibleTasks(knowledge, statuses, agencyId).length > 0)
    .map((agencyId) => {
      const first = reports.get(agencyId);
      const reportedOn = first ? todayInVietnam(first) : null;
      return { agencyId, agencyName: knowledge.agencies.displayName(agencyId), reportedOn, late: reportedOn !== null && reportedOn > period.due };
    })
    .sort((a, b) => rank(a) - rank(b) || a.agencyName.localeCompare(b.agencyName, 'vi'));
  return { period, rows };
}

/** The board as one chat message. */
export function renderPeriodBoard(board: PeriodBoard): string {
  const named = (rows: PeriodBoardRow[]) => rows.map((row) => (row.reportedOn ? `${row.agencyName} (${formatDate(row.reportedOn)})` : row.agencyName));
  return M.periodBoard(
    board.period.label,
    formatDate(board.period.due),
    named(board.rows.filter((row) => row.reportedOn !== null && !row.late)),
    named(board.rows.filter((row) => row.late)),
    named(board.rows.filter((row) => row.reportedOn === null)),
  );
}

/** Tasks listed in a request; the rest are counted. */
const REQUEST_LINES = 15;

/** The request an agency gets for a period: its tasks, what it said last time, the due date. */
export function periodRequestText(knowledge: KnowledgeSnapshot, statuses: StatusMap, agencyId: string, period: ReportingPeriod): string {
  const tasks = responsibleTasks(knowledge, statuses, agencyId);
  const lines = tasks.slice(0, REQUEST_LINES).map(({ task, own }) => {
    const last = own ? `${M.progress(own.status, own.percent)}, ${formatDate(todayInVietnam(own.updatedAt))}` : M.periodNothingReported;
    return M.periodRequestLine(knowledge.cite(task), shortName(task, 60), last);
  });
  return M.periodRequest(period.label, formatDate(period.due), knowledge.agencies.displayName(agencyId), lines, Math.max(0, tasks.length - REQUEST_LINES));
}
