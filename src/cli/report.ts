/**
 * `report [--agency "…"] [--format md|csv|docx|xlsx] [--period YYYY-Qn|DXn] [--out FILE] [--today YYYY-MM-DD]`: the
 * figures of /baocao for one agency, or for every agency without --agency. CSV starts with a UTF-8 byte order mark
 * so Excel reads Vietnamese correctly. `docx` and `xlsx` are the consolidated report of a reporting period (the
 * quarter of --today unless --period names a quarter or an ad-hoc period `DXn`), written to --out.
 */
import { bindableAgency } from '../officials/roles.ts';
import { UnknownAgencyError } from '../knowledge/agencies.ts';
import { writeFileSync } from 'node:fs';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { buildConsolidatedReport } from '../officials/consolidated.ts';
import { periodReports } from '../officials/cycle.ts';
import { resolvePeriod } from '../officials/adhoc.ts';
import { periodOf, PeriodFormatError } from '../officials/periods.ts';
import { renderReportDocx } from '../officials/report-docx.ts';
import { renderReportXlsx } from '../officials/report-xlsx.ts';
import { buildReport, renderReportCsv, renderReportMarkdown } from '../officials/report.ts';
import type { Clock } from '../officials/service.ts';
import { latestStatuses } from '../status/view.ts';
import { isIsoDate, todayInVietnam } from '../text/dates.ts';
import type { Queryable } from '../store/database.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';

export interface ReportCliDeps {
  db: Queryable;
  knowledge: KnowledgeSnapshot;
  /** Day of the quarter's last month agencies' reports fall due (REPORTING_DUE_DAY). */
  reportingDueDay: number;
  /** Receives the whole document, written as is (no newline added). */
  write: (text: string) => void;
  err?: (text: string) => void;
  clock?: Clock;
}

export async function runReportCli(args: string[], deps: ReportCliDeps): Promise<number> {
  const err = deps.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  const parsed = parseArgs(args);
  try {
    const format = stringFlag(parsed, 'format') ?? 'md';
    if (!['md', 'csv', 'docx', 'xlsx'].includes(format)) throw new UsageError(`--format phải là md, csv, docx hoặc xlsx (got "${format}").`);
    const today = stringFlag(parsed, 'today') ?? todayInVietnam((deps.clock ?? { now: () => new Date() }).now());
    if (!isIsoDate(today)) throw new UsageError(`--today phải có dạng YYYY-MM-DD (got "${today}").`);
    const agencyName = stringFlag(parsed, 'agency');
    const agencyId = agencyName === undefined ? null : bindableAgency(agencyName, deps.knowledge).id;
    const statuses = await latestStatuses(deps.db);
    if (format === 'docx' || format === 'xlsx') {
      const out = stringFlag(parsed, 'out');
      if (!out) throw new UsageError(`--format ${format} cần --out TỆP (the file to write).`);
      const typed = stringFlag(parsed, 'period');
      const period = typed ? await resolvePeriod(deps.db, typed, deps.reportingDueDay) : periodOf(today, deps.reportingDueDay);
      const model = buildConsolidatedReport({ knowledge: deps.knowledge, statuses, reports: await periodReports(deps.db, period), period, today, agencyId });
      writeFileSync(out, format === 'docx' ? await renderReportDocx(model) : await renderReportXlsx(model));
      err(`Đã ghi ${out}: ${period.label}, ${model.totals.agencies} lượt đơn vị, ${model.totals.total} lượt nhiệm vụ.`);
      return 0;
    }
    const report = buildReport(deps.knowledge, statuses, agencyId === null ? null : [agencyId], today);
    deps.write(format === 'csv' ? renderReportCsv(report) : renderReportMarkdown(report));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownAgencyError || error instanceof PeriodFormatError) {
      err(error.message);
      return 2;
    }
    throw error;
  }
}
