/**
 * Deadline reminders to the lead agencies' officials, a weekly digest to coordinators, and the reporting periods'
 * requests (the quarter's and the open ad-hoc periods', src/officials/requests.ts).
 *
 * At most once: every reminder is claimed in `reminders_sent` (unique per kind, task, agency, official and due
 * date) before it is sent, in a transaction that holds a transaction-scoped advisory lock, so a second run — a
 * restart, or another instance — finds it claimed. A message that could not be delivered gives its claim back so
 * the next run retries, unless the platform refused it for good (a permanent `ChannelSendError`, e.g. a Zalo OA
 * user outside the 7-day interaction window): that claim is kept, the failure logged and counted in
 * `reminders_undeliverable_total{channel,reason}`, and the text is in `channel_outbox` already. A crash between
 * claim and delivery loses that one reminder rather than sending it twice.
 */
import type { Metrics } from '../channels/metrics.ts';
import { isPermanentSendFailure } from '../channels/types.ts';
import { OFFICIALS_MESSAGES as M } from '../engine/messages.ts';
import { documentShortName } from '../knowledge/labels.ts';
import { itemKey, type KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { dueDate } from '../status/rules.ts';
import { latestStatuses } from '../status/view.ts';
import type { Database } from '../store/database.ts';
import { daysBetween, formatDate, hourInVietnam, todayInVietnam, weekdayOf, type IsoDate } from '../text/dates.ts';
import { currentPeriods } from './adhoc.ts';
import { periodReports, periodRequestText } from './cycle.ts';
import { requestLeadTime } from './periods.ts';
import { OPENING_REQUEST, requestCandidates } from './requests.ts';
import { buildReport, responsibleTasks, shortName } from './report.ts';
import { claimUnderLock, listActiveOfficials, releaseReminders, type Official, type ReminderClaim } from './repository.ts';
import { isCoordinator, resolveCoordinatorAgencies, type Clock, type OfficialsConfig, type OfficialsLogger } from './service.ts';


/** Task reminders, the coordinators' digest, the period's request (by lead time, or an ad-hoc period's opening) and a coordinator's chase. */
export type ReminderKind = `before_${number}` | 'overdue' | 'digest' | `request_${number}` | 'request_open' | 'chase';

export interface SentReminder {
  official: Official;
  kind: ReminderKind;
  taskIds: string[];
  text: string;
}

export interface RemindersRun {
  /** `quiet_hours`: nothing claimed, the next run after the quiet hours sends. `locked`: another run is active. */
  outcome: 'done' | 'quiet_hours' | 'locked';
  sent: SentReminder[];
  /** Messages that could not be delivered (their claims were given back). */
  failed: number;
  /** Messages the platform refused for good (their claims were kept: not retried). */
  undeliverable: number;
}

export interface RunRemindersOptions {
  db: Database;
  /** The knowledge current when the run starts. */
  knowledge: KnowledgeSnapshot;
  config: OfficialsConfig;
  today: IsoDate;
  now: Date;
  send: (official: Official, text: string) => Promise<void>;
  logger?: OfficialsLogger;
  /** Counts reminders refused for good in `reminders_undeliverable_total{channel,reason}`. */
  metrics?: Metrics;
}

export function inQuietHours(quiet: OfficialsConfig['quietHours'], hour: number): boolean {
  if (!quiet || quiet.from === quiet.to) return false;
  return quiet.from < quiet.to ? hour >= quiet.from && hour < quiet.to : hour >= quiet.from || hour < quiet.to;
}

/** The reminder kind for a task `daysLeft` days from its due date: the tightest configured lead time it is within. */
export function reminderKindFor(daysLeft: number, reminderDays: readonly number[]): ReminderKind | null {
  if (daysLeft < 0) return 'overdue';
  const within = [...reminderDays].sort((a, b) => a - b).find((days) => daysLeft <= days);
  return within === undefined ? null : `before_${within}`;
}

interface Candidate extends ReminderClaim {
  official: Official;
}

export async function runReminders(options: RunRemindersOptions): Promise<RemindersRun> {
  const { db, knowledge, config, today, now, send } = options;
  const logger = options.logger;
  if (inQuietHours(config.quietHours, hourInVietnam(now))) return { outcome: 'quiet_hours', sent: [], failed: 0, undeliverable: 0 };

  const directory = knowledge.agencies;
  const coordinatorIds = resolveCoordinatorAgencies(directory, config.coordinatorAgencies, logger ?? { info() {}, warn() {}, error() {} });
  const statuses = await latestStatuses(db);
  const officials = (await listActiveOfficials(db)).filter((official) => !official.optOutReminders);

  const candidates: Candidate[] = [];
  const digestDay = weekdayOf(today) === config.digestWeekday;
  for (const official of officials) {
    for (const { task, own } of responsibleTasks(knowledge, statuses, official.agencyId)) {
      const due = dueDate(task.deadline);
      if (due === null || own?.status === 'hoan_thanh') continue;
      const kind = reminderKindFor(daysBetween(today, due), config.reminderDays);
      if (kind) candidates.push({ official, kind, taskId: itemKey(task), agencyId: official.agencyId, officialId: official.id, periodKey: due });
    }
    if (digestDay && isCoordinator(official, coordinatorIds)) {
      candidates.push({ official, kind: 'digest', taskId: '', agencyId: official.agencyId, officialId: official.id, periodKey: today });
    }
  }

  // The quarter's request at each lead time; an ad-hoc period's opening request (if the opening could not send it)
  // and its lead times shorter than the period itself.
  const periods = await currentPeriods(db, today, config.reportingDueDay);
  const periodByKey = new Map(periods.map((period) => [period.key, period]));
  for (const period of periods) {
    const kinds: string[] = [];
    if (period.kind === 'adhoc' && today <= period.due) kinds.push(OPENING_REQUEST);
    const leadDays = period.kind === 'adhoc' ? config.reportingRequestDays.filter((days) => days < daysBetween(period.start, period.due)) : config.reportingRequestDays;
    const leadTime = requestLeadTime(period, today, leadDays);
    if (leadTime !== null) kinds.push(`request_${leadTime}`);
    if (kinds.length === 0) continue;
    const reported = await periodReports(db, period);
    for (const kind of kinds) candidates.push(...requestCandidates(knowledge, statuses, officials, reported, period, kind));
  }

  const claimed = await claimUnderLock(db, candidates, now);
  if (claimed === null) return { outcome: 'locked', sent: [], failed: 0, undeliverable: 0 };

  // One message per official and kind (and per period for requests: an opening and a lead time due together are one).
  const batches = new Map<string, Array<Candidate & { claimId: number }>>();
  for (const claim of claimed) {
    const key = claim.kind.startsWith('request_') ? `${claim.officialId}|request|${claim.periodKey}` : `${claim.officialId}|${claim.kind}`;
    batches.set(key, [...(batches.get(key) ?? []), claim]);
  }
  let digestText: string | null = null;
  const sent: SentReminder[] = [];
  let failed = 0;
  let undeliverable = 0;
  const refused = options.metrics?.counter(
    'reminders_undeliverable_total',
    'Reminders and digests a platform refused for good (kept as sent, not retried)',
    ['channel', 'reason'],
  );
  for (const batch of batches.values()) {
    const first = batch[0]!;
    let text: string;
    if (first.kind.startsWith('request_')) {
      text = periodRequestText(knowledge, statuses, first.agencyId, periodByKey.get(first.periodKey)!);
    } else if (first.kind === 'digest') {
      digestText ??= renderDigest(buildReport(knowledge, statuses, null, today), knowledge);
      text = digestText;
    } else {
      const lines = batch.map((claim) => {
        const task = knowledge.task(claim.taskId)!;
        return M.reminderLine(knowledge.cite(task), shortName(task, 70), task.deadline.text || formatDate(claim.periodKey));
      });
      text = first.kind === 'overdue' ? M.reminderOverdue(lines) : M.reminderBefore(Number(first.kind.slice('before_'.length)), lines);
    }
    text = `${text}\n${M.reminderOptOutHint}`;
    try {
      await send(first.official, text);
      sent.push({ official: first.official, kind: first.kind as ReminderKind, taskIds: batch.map((claim) => claim.taskId).filter(Boolean), text });
    } catch (error) {
      if (isPermanentSendFailure(error)) {
        // TODO(fallback channel): an official is bound to one channel today (officials are keyed by channel and
        // user id). Once a person can hold bindings on several channels, try the next binding of the same official
        // here, before recording the reminder as undeliverable.
        undeliverable += 1;
        refused?.inc({ channel: error.channel, reason: error.reason ?? 'permanent' });
        logger?.warn(
          { err: error, officialId: first.officialId, kind: first.kind, channel: error.channel, reason: error.reason },
          'reminder refused for good by the platform; recorded as sent, not retried',
        );
        continue;
      }
      failed += 1;
      await releaseReminders(db, batch.map((claim) => claim.claimId));
      logger?.warn({ err: error, officialId: first.officialId, kind: first.kind }, 'reminder not delivered; will retry on the next run');
    }
  }
  return { outcome: 'done', sent, failed, undeliverable };
}

function renderDigest(report: ReturnType<typeof buildReport>, knowledge: KnowledgeSnapshot): string {
  const lines = [M.digestHeading(formatDate(report.today), knowledge.documents.map((document) => documentShortName(document.document)).join(', '))];
  for (const agency of report.agencies) {
    const c = agency.counts;
    lines.push(M.digestAgencyLine(agency.agencyName, c.total, c.hoan_thanh, c.vuong_mac, c.overdue, c.chua_cap_nhat));
  }
  return lines.join('\n');
}

export interface SchedulerHandle {
  /** Runs once now (also what the timer does). */
  runNow(): Promise<RemindersRun | null>;
  stop(): Promise<void>;
}

/**
 * Runs `runReminders` every `config.schedulerIntervalMinutes` (0 = never) and once shortly after start.
 * Runs never overlap within a process; the advisory lock and the claims keep instances apart.
 */
export function startScheduler(
  options: Omit<RunRemindersOptions, 'today' | 'now' | 'knowledge'> & { knowledge: () => KnowledgeSnapshot; clock?: Clock; logger?: OfficialsLogger },
): SchedulerHandle {
  const clock = options.clock ?? { now: () => new Date() };
  let running: Promise<RemindersRun | null> | null = null;
  let stopped = false;

  const runNow = (): Promise<RemindersRun | null> => {
    if (stopped) return Promise.resolve(null);
    if (running) return running;
    const now = clock.now();
    running = runReminders({ ...options, knowledge: options.knowledge(), now, today: todayInVietnam(now) })
      .then((run) => {
        if (run.sent.length > 0 || run.failed > 0 || run.undeliverable > 0) {
          options.logger?.info({ outcome: run.outcome, sent: run.sent.length, failed: run.failed, undeliverable: run.undeliverable }, 'reminders run');
        }
        return run;
      })
      .catch((error: unknown) => {
        options.logger?.error({ err: error }, 'reminders run failed');
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const minutes = options.config.schedulerIntervalMinutes;
  const timers: NodeJS.Timeout[] = [];
  if (minutes > 0) {
    const first = setTimeout(() => void runNow(), 5_000);
    const interval = setInterval(() => void runNow(), minutes * 60_000);
    first.unref();
    interval.unref();
    timers.push(first, interval);
  }
  return {
    runNow,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await running;
    },
  };
}
