/**
 * A reporting period's request to the agencies: who gets it, and the send when a coordinator opens an ad-hoc period.
 * Every active official (reminders not turned off) of an agency that has tasks and has not reported in the period
 * gets one message per request kind. Each message is claimed in `reminders_sent` (kind, official, period key) under
 * the reminders' lock before it is sent, so the opening instance, the scheduler and a second instance on the same
 * PostgreSQL send it once between them; an undelivered message gives its claim back (the scheduler retries it), one
 * the platform refused for good keeps it.
 */
import { isPermanentSendFailure } from '../channels/types.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { latestStatuses, type StatusMap } from '../status/view.ts';
import type { Database } from '../store/database.ts';
import { periodReports, periodRequestText } from './cycle.ts';
import type { ReportingPeriod } from './periods.ts';
import { responsibleTasks } from './report.ts';
import { claimUnderLock, listActiveOfficials, releaseReminders, type Official, type ReminderClaim } from './repository.ts';

/** The claim kind of the request sent when an ad-hoc period opens (lead-time requests are `request_<days>`). */
export const OPENING_REQUEST = 'request_open';

export interface RequestCandidate extends ReminderClaim {
  official: Official;
}

/** One claim per official of an agency that must report in `period` and has not yet. */
export function requestCandidates(
  knowledge: KnowledgeSnapshot,
  statuses: StatusMap,
  officials: readonly Official[],
  reported: ReadonlyMap<string, Date>,
  period: ReportingPeriod,
  kind: string,
): RequestCandidate[] {
  return officials
    .filter((official) => !official.optOutReminders && !reported.has(official.agencyId) && responsibleTasks(knowledge, statuses, official.agencyId).length > 0)
    .map((official) => ({ official, kind, taskId: '', agencyId: official.agencyId, officialId: official.id, periodKey: period.key }));
}

export interface RequestRun {
  /** `locked`: another run holds the reminders' lock; nothing was sent (the scheduler sends later). */
  outcome: 'done' | 'locked';
  /** Agencies whose officials were sent the request now. */
  agencies: number;
  sent: number;
  failed: number;
}

interface RequestLogger {
  warn(details: object, message: string): void;
}

/** Sends the opening request of `period` (claimed as OPENING_REQUEST) to every agency that has not reported in it. */
export async function requestPeriod(options: {
  db: Database;
  knowledge: KnowledgeSnapshot;
  period: ReportingPeriod;
  now: Date;
  send: (official: Official, text: string) => Promise<void>;
  logger?: RequestLogger;
}): Promise<RequestRun> {
  const { db, knowledge, period, send } = options;
  const statuses = await latestStatuses(db);
  const candidates = requestCandidates(knowledge, statuses, await listActiveOfficials(db), await periodReports(db, period), period, OPENING_REQUEST);
  const claimed = await claimUnderLock(db, candidates, options.now);
  if (claimed === null) return { outcome: 'locked', agencies: 0, sent: 0, failed: 0 };
  const agencies = new Set<string>();
  let sent = 0;
  let failed = 0;
  for (const claim of claimed) {
    try {
      await send(claim.official, periodRequestText(knowledge, statuses, claim.agencyId, period));
      sent += 1;
      agencies.add(claim.agencyId);
    } catch (error) {
      if (isPermanentSendFailure(error)) {
        agencies.add(claim.agencyId);
        options.logger?.warn({ err: error, officialId: claim.officialId }, 'period request refused for good by the platform; recorded as sent');
        continue;
      }
      failed += 1;
      await releaseReminders(db, [claim.claimId]);
      options.logger?.warn({ err: error, officialId: claim.officialId }, 'period request not delivered; the scheduler retries');
    }
  }
  return { outcome: 'done', agencies: agencies.size, sent, failed };
}
