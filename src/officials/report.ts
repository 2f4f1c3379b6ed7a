/**
 * Progress figures per agency: one computation behind /baocao, the `report` CLI and the weekly digest.
 * An agency answers for the tasks it leads and its own part of the tasks given to all agencies.
 */
import type { Task } from '../documents/types.ts';
import { OFFICIALS_MESSAGES } from '../engine/messages.ts';
import type { AgencyDirectory } from '../knowledge/agencies.ts';
import { itemKey } from '../knowledge/snapshot.ts';
import { dueDate, isOverdue, type LatestStatus, type StatusCode as UpdateStatus } from '../status/rules.ts';
import { toCsv } from '../text/csv.ts';
import { formatDate, todayInVietnam, type IsoDate } from '../text/dates.ts';
import { clip } from '../text/vietnamese.ts';
import { reportsStatus, taskRole } from './roles.ts';

/** What a report needs of the knowledge: the tasks, the directory, how a task is cited. */
export interface ReportKnowledge {
  readonly tasks: readonly Task[];
  readonly agencies: AgencyDirectory;
  cite(task: Task): string;
}

export interface ReportCounts {
  total: number;
  /** Of `total`, tasks given to all agencies. */
  collective: number;
  chua_cap_nhat: number;
  chua_trien_khai: number;
  dang_trien_khai: number;
  hoan_thanh: number;
  vuong_mac: number;
  overdue: number;
}

export interface OverdueEntry {
  task: Task;
  /** The task as cited (`PL1.29`, or `101:PL1.29` with several documents loaded). */
  cited: string;
  /** Given to all agencies (this agency's own part). */
  collective: boolean;
  due: IsoDate;
  status: UpdateStatus | null;
}

export interface AgencyReport {
  agencyId: string;
  agencyName: string;
  counts: ReportCounts;
  overdue: OverdueEntry[];
  /** The agency's most recent status on any of its tasks; null when it has reported none. */
  latest: { cited: string; status: UpdateStatus; percent: number | null; at: Date } | null;
}

export interface Report {
  today: IsoDate;
  /** The agency's name for a one-agency report; null when it covers every agency. */
  scopeName: string | null;
  agencies: AgencyReport[];
}

/** The tasks an agency answers for, with the agency's own latest status on each. */
export function responsibleTasks(
  knowledge: Pick<ReportKnowledge, 'tasks' | 'agencies'>,
  statuses: ReadonlyMap<string, readonly LatestStatus[]>,
  agencyId: string,
): Array<{ task: Task; collective: boolean; own: LatestStatus | undefined }> {
  const result = [];
  for (const task of knowledge.tasks) {
    const role = taskRole(task, agencyId, knowledge.agencies);
    if (!reportsStatus(role)) continue;
    result.push({
      task,
      collective: role === 'collective',
      own: statuses.get(itemKey(task))?.find((entry) => entry.agencyId === agencyId),
    });
  }
  return result;
}

export function buildAgencyReport(
  knowledge: ReportKnowledge,
  statuses: ReadonlyMap<string, readonly LatestStatus[]>,
  agencyId: string,
  today: IsoDate,
): AgencyReport {
  const counts: ReportCounts = {
    total: 0,
    collective: 0,
    chua_cap_nhat: 0,
    chua_trien_khai: 0,
    dang_trien_khai: 0,
    hoan_thanh: 0,
    vuong_mac: 0,
    overdue: 0,
  };
  const overdue: OverdueEntry[] = [];
  let latest: AgencyReport['latest'] = null;
  for (const { task, collective, own } of responsibleTasks(knowledge, statuses, agencyId)) {
    if (own && (!latest || own.updatedAt > latest.at)) latest = { cited: knowledge.cite(task), status: own.status, percent: own.percent, at: own.updatedAt };
    counts.total += 1;
    if (collective) counts.collective += 1;
    counts[own?.status ?? 'chua_cap_nhat'] += 1;
    if (isOverdue(task, today, own?.status === 'hoan_thanh')) {
      counts.overdue += 1;
      overdue.push({ task, cited: knowledge.cite(task), collective, due: dueDate(task.deadline)!, status: own?.status ?? null });
    }
  }
  overdue.sort((a, b) => a.due.localeCompare(b.due));
  return { agencyId, agencyName: knowledge.agencies.displayName(agencyId), counts, overdue, latest };
}

/** The agencies a report covers and the cycle asks: every agency named lead of a task, or that has reported. */
export function reportingAgencyIds(knowledge: Pick<ReportKnowledge, 'tasks' | 'agencies'>, statuses: ReadonlyMap<string, readonly LatestStatus[]>): string[] {
  const involved = new Set<string>();
  const directory = knowledge.agencies;
  for (const task of knowledge.tasks) for (const id of directory.namedIds(task.lead)) involved.add(id);
  for (const list of statuses.values()) for (const entry of list) involved.add(entry.agencyId);
  return directory.agencies.filter((agency) => agency.kind === 'agency' && !agency.successor && involved.has(agency.id)).map((agency) => agency.id);
}

/** `agencyIds` null: every agency of `reportingAgencyIds`. */
export function buildReport(
  knowledge: ReportKnowledge,
  statuses: ReadonlyMap<string, readonly LatestStatus[]>,
  agencyIds: readonly string[] | null,
  today: IsoDate,
): Report {
  const ids = agencyIds ? [...agencyIds] : reportingAgencyIds(knowledge, statuses);
  return {
    today,
    scopeName: agencyIds && agencyIds.length === 1 ? knowledge.agencies.displayName(agencyIds[0]!) : null,
    agencies: ids.map((id) => buildAgencyReport(knowledge, statuses, id, today)),
  };
}

function statusText(status: UpdateStatus | null): string {
  return status ? OFFICIALS_MESSAGES.statusLabel[status] : OFFICIALS_MESSAGES.noUpdateYet;
}

/**
 * A task's label for lists, cut to `limit` characters. Phụ lục II rows of one code share a name, so their own
 * content tells them apart.
 */
export function shortName(task: Task, limit = 80): string {
  const name = (task.content ? task.content : task.name).replace(/^[-–•\s]+/u, '');
  return clip(name, limit);
}

function scopeOf(report: Report): string {
  return report.scopeName ?? OFFICIALS_MESSAGES.allAgencies;
}

/**
 * Plain text for chat: counts, and the overdue list (at most `maxOverdue` lines). Across several agencies the
 * list names only tasks an agency leads by name; their parts of tasks given to all agencies are in the counts.
 */
export function renderReportText(report: Report, maxOverdue = 30): string {
  const several = report.agencies.length > 1;
  const lines = [OFFICIALS_MESSAGES.reportHeading(scopeOf(report), formatDate(report.today))];
  for (const agency of report.agencies) {
    const counts = OFFICIALS_MESSAGES.reportCounts(agency.counts);
    const latest = agency.latest
      ? OFFICIALS_MESSAGES.reportLatest(agency.latest.cited, statusText(agency.latest.status), agency.latest.percent, formatDate(todayInVietnam(agency.latest.at)))
      : '';
    lines.push(`${several ? `${agency.agencyName}: ` : ''}${counts}${latest}`);
  }
  const overdue = report.agencies.flatMap((agency) =>
    agency.overdue.filter((entry) => !several || !entry.collective).map((entry) => ({ agency, entry })),
  );
  if (overdue.length > 0) {
    lines.push('', OFFICIALS_MESSAGES.reportOverdueHeading);
    for (const { agency, entry } of overdue.slice(0, maxOverdue)) {
      const line = OFFICIALS_MESSAGES.reportOverdueLine(entry.cited, shortName(entry.task, 60), formatDate(entry.due), statusText(entry.status));
      lines.push(several ? `${line} (${agency.agencyName})` : line);
    }
    if (overdue.length > maxOverdue) lines.push(OFFICIALS_MESSAGES.andMore(overdue.length - maxOverdue));
  }
  return lines.join('\n');
}

function countCells(agency: AgencyReport): Array<string | number> {
  const c = agency.counts;
  return [agency.agencyName, c.total, c.collective, c.hoan_thanh, c.dang_trien_khai, c.vuong_mac, c.chua_trien_khai, c.chua_cap_nhat, c.overdue];
}

function markdownCell(value: string | number): string {
  return String(value).replace(/\|/gu, '\\|').replace(/\n/gu, ' ');
}

export function renderReportMarkdown(report: Report): string {
  const row = (cells: Array<string | number>) => `| ${cells.map(markdownCell).join(' | ')} |`;
  const lines = [`# ${OFFICIALS_MESSAGES.reportHeading(scopeOf(report), formatDate(report.today))}`, ''];
  lines.push(row(OFFICIALS_MESSAGES.reportColumns), row(OFFICIALS_MESSAGES.reportColumns.map(() => '---')));
  for (const agency of report.agencies) lines.push(row(countCells(agency)));
  const overdue = report.agencies.flatMap((agency) => agency.overdue.map((entry) => ({ agency, entry })));
  if (overdue.length > 0) {
    lines.push('', `## ${OFFICIALS_MESSAGES.reportOverdueHeading.replace(/:$/u, '')}`, '');
    lines.push(row(OFFICIALS_MESSAGES.reportOverdueColumns), row(OFFICIALS_MESSAGES.reportOverdueColumns.map(() => '---')));
    for (const { agency, entry } of overdue) {
      lines.push(row([agency.agencyName, entry.cited, shortName(entry.task), formatDate(entry.due), statusText(entry.status)]));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One row per agency, comma-separated, with a UTF-8 byte order mark so Excel reads the Vietnamese correctly. */
export function renderReportCsv(report: Report): string {
  return toCsv([OFFICIALS_MESSAGES.reportColumns, ...report.agencies.map(countCells)]);
}
