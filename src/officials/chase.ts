/**
 * A coordinator's "đôn đốc": every official of an agency that has not reported in a period (the one agencies are
 * answering now unless one is named: `answeringPeriod`) gets one message, at most once a day per official and
 * period. Each message is claimed in `reminders_sent` under the reminders' lock
 * before it is sent, so a repeated command or a second instance sends once; an undelivered message gives its claim
 * back, one the platform refused for good keeps it.
 */
import { isPermanentSendFailure } from '../channels/types.ts';
import type { Config } from '../config.ts';
import { OFFICIALS_MESSAGES as M } from '../engine/messages.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { latestStatuses } from '../status/view.ts';
import type { Database, Queryable } from '../store/database.ts';
import { formatDate, type IsoDate } from '../text/dates.ts';
import { periodBoard, periodReports } from './cycle.ts';
import { currentPeriods } from './adhoc.ts';
import { answeringPeriod, type ReportingPeriod } from './periods.ts';
import { claimUnderLock, listActiveOfficials, releaseReminders, type Official } from './repository.ts';

type OfficialsConfig = Config['officials'];
interface OfficialsLogger {
  warn(details: object, message: string): void;
}

export interface ChaseRun {
  /** `locked`: another run is active; nothing was sent. */
  outcome: 'done' | 'locked';
  period: ReportingPeriod;
  /** Names of the agencies chased now (not reported in the period, not already chased today). */
  chased: string[];
  sent: number;
  failed: number;
}

/**
 * A coordinator's "đôn đốc": every official of an agency that has not reported in the current period gets one
 * message, at most once a day per official (claimed like a reminder, so two instances or a repeated command send once).
 */
export interface ChaseOptions {
  db: Database;
  knowledge: KnowledgeSnapshot;
  config: Pick<OfficialsConfig, 'reportingDueDay'>;
  today: IsoDate;
  now: Date;
  send: (official: Official, text: string) => Promise<void>;
  logger?: OfficialsLogger;
  /** Only these agencies (the console's per-agency button); absent: every agency that has not reported. */
  agencyIds?: readonly string[];
  /** The period to chase for; absent: the one agencies are answering on `today` (`answeringPeriod`). */
  period?: ReportingPeriod;
}

export async function chaseAgencies(options: ChaseOptions): Promise<ChaseRun> {
  const { db, knowledge, config, today, now, send, logger } = options;
  const period = options.period ?? answeringPeriod(await currentPeriods(db, today, config.reportingDueDay), today);
  const statuses = await latestStatuses(db);
  const board = periodBoard(knowledge, statuses, await periodReports(db, period), period);
  const missing = new Set(board.rows.filter((row) => row.reportedOn === null && (!options.agencyIds || options.agencyIds.includes(row.agencyId))).map((row) => row.agencyId));
  const targets = (await listActiveOfficials(db)).filter((official) => missing.has(official.agencyId));
  const claims = targets.map((official) => ({ official, kind: 'chase', taskId: '', agencyId: official.agencyId, officialId: official.id, periodKey: `${period.key}:${today}` }));
  const claimed = await claimUnderLock(db, claims, now);
  if (claimed === null) return { outcome: 'locked', period, chased: [], sent: 0, failed: 0 };
  const chased = new Set<string>();
  let sent = 0;
  let failed = 0;
  for (const { official, claimId } of claimed) {
    const agency = knowledge.agencies.displayName(official.agencyId);
    try {
      await send(official, M.periodChase(period.label, formatDate(period.due), agency, today > period.due));
      sent += 1;
      chased.add(agency);
    } catch (error) {
      if (isPermanentSendFailure(error)) {
        chased.add(agency);
        logger?.warn({ err: error, officialId: official.id }, 'chase refused for good by the platform; recorded as sent');
        continue;
      }
      failed += 1;
      await releaseReminders(db, [claimId]);
      logger?.warn({ err: error, officialId: official.id }, 'chase not delivered; the next chase retries');
    }
  }
  return { outcome: 'done', period, chased: [...chased].sort((a, b) => a.localeCompare(b, 'vi')), sent, failed };
}

/** Agencies chased on `today` in `period` (by this or another instance): the console marks them. */
export async function chasedOn(db: Queryable, period: ReportingPeriod, today: IsoDate): Promise<Set<string>> {
  const { rows } = await db.query<{ agency_id: string }>("SELECT DISTINCT agency_id FROM reminders_sent WHERE kind = 'chase' AND period_key = $1", [`${period.key}:${today}`]);
  return new Set(rows.map((row) => row.agency_id));
}
