/**
 * `report [--agency "…"] [--format md|csv] [--today YYYY-MM-DD]`: the figures of /baocao for one agency, or for
 * every agency without --agency. CSV starts with a UTF-8 byte order mark so Excel reads Vietnamese correctly.
 */
import { bindableAgency } from '../officials/roles.ts';
import { UnknownAgencyError } from '../knowledge/agencies.ts';
import { buildReport, renderReportCsv, renderReportMarkdown, type ReportKnowledge } from '../officials/report.ts';
import type { Clock } from '../officials/service.ts';
import { latestStatuses } from '../status/view.ts';
import { isIsoDate, todayInVietnam } from '../text/dates.ts';
import type { Queryable } from '../store/database.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';

export interface ReportCliDeps {
  db: Queryable;
  knowledge: ReportKnowledge;
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
    if (format !== 'md' && format !== 'csv') throw new UsageError(`--format phải là md hoặc csv (got "${format}").`);
    const today = stringFlag(parsed, 'today') ?? todayInVietnam((deps.clock ?? { now: () => new Date() }).now());
    if (!isIsoDate(today)) throw new UsageError(`--today phải có dạng YYYY-MM-DD (got "${today}").`);
    const agencyName = stringFlag(parsed, 'agency');
    const scope = agencyName === undefined ? null : [bindableAgency(agencyName, deps.knowledge).id];
    const report = buildReport(deps.knowledge, await latestStatuses(deps.db), scope, today);
    deps.write(format === 'csv' ? renderReportCsv(report) : renderReportMarkdown(report));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownAgencyError) {
      err(error.message);
      return 2;
    }
    throw error;
  }
}
