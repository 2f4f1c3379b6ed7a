/**
 * Officials' side of the conversation. The engine calls `handle` first for every message: it answers officials'
 * commands and draft replies, and returns null for everything else so the engine answers it as a question.
 * A message that is neither a command nor possibly a draft reply costs one indexed query (the draft lookup).
 *
 * Drafts live in the database (pending_updates), never in memory, so a restart between an official's message
 * and the confirmation loses nothing; the confirmation stores the update and removes the draft in one transaction.
 */
import { dueDate } from '../catalogue/deadline.ts';
import type { Knowledge, Task } from '../catalogue/types.ts';
import type { Config } from '../config.ts';
import { OFFICIALS_MESSAGES as M } from '../engine/messages.ts';
import { OFFICIAL_CHANNELS, type Citation, type IncomingMessage, type Outcome, type Reply } from '../engine/types.ts';
import type { Database } from '../store/database.ts';
import { redactPersonalData } from '../text/personal-data.ts';
import { findTaskRef, parseAnswer, parseCommand, parseUpdateBody, type OfficialsCommand } from './commands.ts';
import { addDays, formatDate, todayInVietnam } from '../engine/dates.ts';
import { formatDateTimeInVietnam, isOverdue, isUpcoming } from './dates.ts';
import { createAgencyLookup, type AgencyLookup } from './directory.ts';
import { UnknownAgencyError } from './errors.ts';
import { buildReport, renderReportText, responsibleTasks, shortName } from './report.ts';
import {
  confirmDraft,
  deleteDraft,
  effectiveStatus,
  findActiveOfficial,
  findUpdateByMessage,
  getDraft,
  lastOwnUpdate,
  redeemInvite,
  saveDraft,
  setReminderOptOut,
  taskHistory,
  withdrawUpdate,
  type Draft,
  type Official,
  type StoredDraft,
} from './repository.ts';
import { reportsStatus, taskRole } from './roles.ts';
import { describeProgress, isTaskFinished, latestStatuses, type LatestStatus } from './status.ts';

export interface Clock {
  now(): Date;
}

/** The subset of pino's logger this module uses. */
export interface OfficialsLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export type OfficialsConfig = Config['officials'];

export interface OfficialsServiceDeps {
  db: Database;
  knowledge: Pick<Knowledge, 'tasks' | 'agencies'>;
  config: OfficialsConfig;
  clock?: Clock;
  logger?: OfficialsLogger;
}

export interface OfficialsService {
  /** The reply to an officials' command or draft reply; null when the message is not for this module. */
  handle(message: IncomingMessage): Promise<Reply | null>;
  readonly directory: AgencyLookup;
  /** Agency ids whose officials are coordinators (from config.coordinatorAgencies). */
  readonly coordinatorAgencyIds: ReadonlySet<string>;
}

/** A draft left this long without an answer is dropped rather than confirmed by a much later "có". */
const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
/** Lines per section of a chat list; the rest is counted. */
const LIST_LIMIT = 20;

const systemClock: Clock = { now: () => new Date() };
const silentLogger: OfficialsLogger = { info() {}, warn() {}, error() {} };

/** Resolves the configured coordinator agency names; names the directory does not know are logged and skipped. */
export function resolveCoordinatorAgencies(directory: AgencyLookup, names: readonly string[], logger: OfficialsLogger): Set<string> {
  const ids = new Set<string>();
  for (const name of names) {
    try {
      ids.add(directory.resolve(name).id);
    } catch (error) {
      if (!(error instanceof UnknownAgencyError)) throw error;
      logger.warn({ agency: name, closeMatches: error.closeMatches }, 'COORDINATOR_AGENCIES names an unknown agency');
    }
  }
  return ids;
}

export function isCoordinator(official: Official, coordinatorAgencyIds: ReadonlySet<string>): boolean {
  return official.role === 'coordinator' || coordinatorAgencyIds.has(official.agencyId);
}

function reply(text: string, outcome: Outcome, intent: string, extra: { citations?: Citation[]; buttons?: Reply['buttons'] } = {}): Reply {
  return {
    text,
    citations: extra.citations ?? [],
    outcome,
    refused: outcome === 'refused',
    intent: `officials.${intent}`,
    ...(extra.buttons ? { buttons: extra.buttons } : {}),
  };
}

const statusCitation = (taskId: string): Citation[] => [{ id: taskId, kind: 'status' }];

/** Commands that only read: phrased in natural words by someone who is not an official, they are questions. */
const READ_ONLY_COMMANDS: ReadonlySet<OfficialsCommand['kind']> = new Set(['tasks', 'overdue', 'upcoming', 'report', 'history']);

type TaskLookup = { found: Task } | { unknown: string } | { ambiguous: Task[]; code: string };

export function createOfficialsService(deps: OfficialsServiceDeps): OfficialsService {
  const { db, knowledge, config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const directory = createAgencyLookup(knowledge);
  const coordinatorAgencyIds = resolveCoordinatorAgencies(directory, config.coordinatorAgencies, logger);
  const tasksById = new Map(knowledge.tasks.map((task) => [task.id.toLowerCase(), task]));
  const tasksByCode = new Map<string, Task[]>();
  for (const task of knowledge.tasks) {
    if (!task.code) continue;
    const key = task.code.toUpperCase();
    tasksByCode.set(key, [...(tasksByCode.get(key) ?? []), task]);
  }

  function lookupTask(ref: string): TaskLookup {
    const byId = tasksById.get(ref.toLowerCase());
    if (byId) return { found: byId };
    const byCode = tasksByCode.get(ref.toUpperCase()) ?? [];
    if (byCode.length === 1) return { found: byCode[0]! };
    if (byCode.length > 1) return { ambiguous: byCode, code: ref.toUpperCase() };
    return { unknown: ref };
  }

  function lookupFailure(lookup: Exclude<TaskLookup, { found: Task }>, forHistory: boolean): Reply {
    if ('unknown' in lookup) return reply(M.unknownTask(lookup.unknown), 'clarification', 'unknown_task');
    const options = lookup.ambiguous.map((task) => `${task.id} (${shortName(task, 60)})`);
    return reply(
      forHistory ? M.ambiguousCodeHistory(lookup.code, options) : M.ambiguousCode(lookup.code, options),
      'clarification',
      'ambiguous_code',
    );
  }

  function today(message: IncomingMessage): string {
    return message.today ?? todayInVietnam(message.receivedAt ?? clock.now());
  }

  async function handle(message: IncomingMessage): Promise<Reply | null> {
    const parsed = parseCommand(message.text);
    const identified = OFFICIAL_CHANNELS.includes(message.channel);
    // Drafts exist only on channels that prove who the sender is; elsewhere nothing is looked up by sender.
    if (!parsed) return identified ? handleDraftReply(message) : null;
    const { command } = parsed;
    if (command.kind === 'unknown') return reply(M.unknownCommand(command.word), 'clarification', 'unknown_command');
    const official = identified ? await findActiveOfficial(db, message.channel, message.userId) : null;
    if (command.kind === 'help') {
      return reply(
        M.help(official ? { name: official.name, agency: directory.displayName(official.agencyId), coordinator: isCoordinator(official, coordinatorAgencyIds) } : null),
        'answered',
        'help',
      );
    }
    // A citizen who phrases a read-only question like an official ("đơn vị tôi là Sở Y tế, còn gì quá hạn?")
    // gets the public answer; slash commands, registration and updates need a registered official.
    if (!official && !parsed.slash && READ_ONLY_COMMANDS.has(command.kind)) return null;
    if (!identified) return reply(M.officialsOnlyOnIdentifiedChannels, 'refused', 'unidentified_channel');
    if (command.kind === 'register') return register(message, command.code, official);
    if (!official) return reply(M.notRegistered, 'refused', 'not_registered');
    return runOfficialCommand(message, official, command);
  }

  async function runOfficialCommand(message: IncomingMessage, official: Official, command: OfficialsCommand): Promise<Reply> {
    switch (command.kind) {
      case 'tasks':
        return listTasks(official);
      case 'overdue':
      case 'upcoming':
        return listByDeadline(message, official, command.kind);
      case 'report': {
        const statuses = await latestStatuses(db);
        const scope = isCoordinator(official, coordinatorAgencyIds) ? null : [official.agencyId];
        return reply(renderReportText(buildReport(knowledge, directory, statuses, scope, today(message))), 'answered', 'report');
      }
      case 'update':
        return startUpdate(message, official, command.ref, command.body);
      case 'undo':
        return undo(message, official);
      case 'history':
        return history(official, command.ref);
      case 'reminders':
        await setReminderOptOut(db, official.id, !command.enabled);
        return reply(command.enabled ? M.remindersOn : M.remindersOff, 'answered', 'reminders');
      default:
        // help, register and unknown are answered before an official is required.
        throw new Error(`unreachable officials command ${command.kind}`);
    }
  }

  async function register(message: IncomingMessage, code: string | null, official: Official | null): Promise<Reply> {
    if (official) return reply(M.registerAlready(directory.displayName(official.agencyId)), 'answered', 'register');
    if (!code) return reply(M.registerCodeMissing, 'clarification', 'register');
    const result = await redeemInvite(db, {
      code,
      channel: message.channel,
      userId: message.userId,
      name: message.userName?.trim() || `${message.channel}:${message.userId}`,
      now: clock.now(),
    });
    switch (result.outcome) {
      case 'registered':
        logger.info({ channel: message.channel, officialId: result.official.id, agency: result.official.agencyId }, 'official registered by invite');
        return reply(
          M.registered(directory.displayName(result.official.agencyId), isCoordinator(result.official, coordinatorAgencyIds)),
          'answered',
          'register',
        );
      case 'already_registered':
        return reply(M.registerAlready(directory.displayName(result.official.agencyId)), 'answered', 'register');
      case 'invalid':
        return reply(M.registerInvalid, 'refused', 'register');
      case 'expired':
        return reply(M.registerExpired, 'refused', 'register');
      case 'used':
        return reply(M.registerUsed, 'refused', 'register');
    }
  }

  function statusOf(entry: LatestStatus | undefined): string {
    return entry ? `${describeProgress(entry.status, entry.percent)} (${formatDate(todayInVietnam(entry.updatedAt))})` : M.noUpdateYet;
  }

  function taskLines(tasks: Array<{ task: Task; status: LatestStatus | undefined }>): string[] {
    const lines = tasks
      .slice(0, LIST_LIMIT)
      .map(({ task, status }) => M.taskLine(task.id, shortName(task, 60), task.deadline.text || M.noDeadline, statusOf(status)));
    if (tasks.length > LIST_LIMIT) lines.push(M.andMore(tasks.length - LIST_LIMIT));
    return lines;
  }

  async function listTasks(official: Official): Promise<Reply> {
    const statuses = await latestStatuses(db);
    const groups = { lead: [], partner: [], collective: [] } as Record<'lead' | 'partner' | 'collective', Array<{ task: Task; status: LatestStatus | undefined }>>;
    for (const task of knowledge.tasks) {
      const role = taskRole(task, official.agencyId, directory);
      if (!role) continue;
      const list = statuses.get(task.id);
      const status = reportsStatus(role) ? list?.find((entry) => entry.agencyId === official.agencyId) : list?.[0];
      groups[role].push({ task, status });
    }
    const agency = directory.displayName(official.agencyId);
    if (groups.lead.length + groups.partner.length + groups.collective.length === 0) {
      return reply(M.tasksNone(agency), 'answered', 'tasks');
    }
    const lines = [M.tasksHeading(agency)];
    for (const [heading, list] of [
      [M.tasksLead, groups.lead],
      [M.tasksPartner, groups.partner],
      [M.tasksCollective, groups.collective],
    ] as const) {
      if (list.length > 0) lines.push('', heading, ...taskLines(list));
    }
    return reply(lines.join('\n'), 'answered', 'tasks');
  }

  async function listByDeadline(message: IncomingMessage, official: Official, kind: 'overdue' | 'upcoming'): Promise<Reply> {
    const date = today(message);
    const statuses = await latestStatuses(db);
    const coordinator = isCoordinator(official, coordinatorAgencyIds);
    const candidates = coordinator
      ? knowledge.tasks.map((task) => ({
          task,
          finished: isTaskFinished(task, statuses.get(task.id), directory),
          status: statuses.get(task.id)?.[0],
        }))
      : responsibleTasks(knowledge, directory, statuses, official.agencyId).map(({ task, own }) => ({
          task,
          finished: own?.status === 'hoan_thanh',
          status: own,
        }));
    const selected = candidates
      .filter(({ task, finished }) => (kind === 'overdue' ? isOverdue(task, date, finished) : isUpcoming(task, date, finished)))
      .sort((a, b) => dueDate(a.task.deadline)!.localeCompare(dueDate(b.task.deadline)!));
    const scope = coordinator ? M.allAgencies : directory.displayName(official.agencyId);
    const from = formatDate(date);
    const to = formatDate(addDays(date, 30));
    if (selected.length === 0) {
      return reply(kind === 'overdue' ? M.overdueNone(scope, from) : M.upcomingNone(scope, from, to), 'answered', kind);
    }
    const heading = kind === 'overdue' ? M.overdueHeading(scope, from) : M.upcomingHeading(scope, from, to);
    return reply([heading, ...taskLines(selected)].join('\n'), 'answered', kind);
  }

  // Updates ----------------------------------------------------------------------------------------------------

  function confirmation(draft: Draft): Reply {
    const task = tasksById.get(draft.taskId.toLowerCase());
    const taskName = task ? shortName(task, 80) : draft.taskId;
    const agency = directory.displayName(draft.agencyId);
    const redacted = redactPersonalData(draft.note);
    const publicNote = redacted === draft.note ? null : redacted;
    const text =
      draft.kind === 'status'
        ? M.confirmStatus({
            taskId: draft.taskId,
            taskName,
            agency,
            status: M.statusLabel[effectiveStatus(draft)],
            percent: draft.percent,
            note: draft.note,
            evidence: draft.evidenceUrl,
            publicNote,
          })
        : M.confirmComment({ taskId: draft.taskId, taskName, agency, note: draft.note, evidence: draft.evidenceUrl, publicNote });
    return reply(text, 'confirm', 'update', {
      citations: statusCitation(draft.taskId),
      buttons: [
        { text: M.yes, data: 'có' },
        { text: M.no, data: 'không' },
      ],
    });
  }

  async function startUpdate(message: IncomingMessage, official: Official, ref: string | null, body: string): Promise<Reply> {
    if (!ref) return reply(M.updateMissingTask, 'clarification', 'update');
    const lookup = lookupTask(ref);
    if (!('found' in lookup)) return lookupFailure(lookup, false);
    const task = lookup.found;
    const role = taskRole(task, official.agencyId, directory);
    if (!role) return reply(M.notAllowed(task.id, task.lead?.text || M.noLeadPrinted), 'refused', 'update', { citations: [{ id: task.id, kind: 'task' }] });

    if (message.messageId !== null) {
      const stored = await findUpdateByMessage(db, message.channel, message.messageId);
      if (stored) return reply(M.alreadyStored(stored.taskId), 'answered', 'update', { citations: statusCitation(stored.taskId) });
    }
    const pending = await currentDraft(message);
    if (pending && message.messageId !== null && pending.draft.messageIds.includes(message.messageId)) {
      return confirmation(pending.draft);
    }
    const base: Draft | null =
      pending && pending.officialId === official.id && pending.draft.taskId === task.id
        ? pending.draft
        : null;
    return amendAndSave(message, official, base ?? emptyDraft(task.id, official.agencyId, reportsStatus(role) ? 'status' : 'comment'), body);
  }

  function emptyDraft(taskId: string, agencyId: string, kind: Draft['kind']): Draft {
    return { taskId, agencyId, kind, status: null, percent: null, note: '', evidenceUrl: null, rawMessages: [], messageIds: [] };
  }

  /** Merges one more message into a draft (new facts replace old ones, notes accumulate) and shows it for confirmation. */
  async function amendAndSave(message: IncomingMessage, official: Official, draft: Draft, body: string): Promise<Reply> {
    const parsed = parseUpdateBody(body);
    if (!parsed.ok) return reply(M.percentOver100(parsed.percent), 'clarification', 'update');
    const noteAddition = draft.kind === 'status' ? parsed.note : parsed.text;
    const next: Draft = {
      ...draft,
      status:
        parsed.status ?? (parsed.percent !== null && draft.status !== 'vuong_mac' ? null : draft.status),
      percent: parsed.percent ?? draft.percent,
      note: [draft.note, noteAddition].filter((part) => part !== '').join('. '),
      evidenceUrl: parsed.evidenceUrl ?? draft.evidenceUrl,
      rawMessages: [...draft.rawMessages, message.text],
      messageIds: [...draft.messageIds, message.messageId],
    };
    const empty =
      next.kind === 'status'
        ? next.status === null && next.percent === null && next.note === '' && next.evidenceUrl === null
        : next.note === '' && next.evidenceUrl === null;
    if (empty) return reply(M.emptyUpdate(next.taskId), 'clarification', 'update', { citations: [{ id: next.taskId, kind: 'task' }] });
    await saveDraft(db, { channel: message.channel, userId: message.userId, officialId: official.id }, next, clock.now());
    return confirmation(next);
  }

  async function currentDraft(message: IncomingMessage): Promise<StoredDraft | null> {
    const pending = await getDraft(db, message.channel, message.userId);
    if (pending && clock.now().getTime() - pending.updatedAt.getTime() > DRAFT_TTL_MS) {
      await deleteDraft(db, message.channel, message.userId);
      return null;
    }
    return pending;
  }

  /** A message that is not a command: "có"/"không" or more content for a pending draft; otherwise not ours. */
  async function handleDraftReply(message: IncomingMessage): Promise<Reply | null> {
    const answer = parseAnswer(message.text);
    const pending = await currentDraft(message);
    if (!pending) {
      if (answer === 'yes' && message.messageId !== null) {
        const stored = await findUpdateByMessage(db, message.channel, message.messageId);
        if (stored) return reply(M.alreadyStored(stored.taskId), 'answered', 'confirm', { citations: statusCitation(stored.taskId) });
      }
      return null;
    }
    if (message.messageId !== null && pending.draft.messageIds.includes(message.messageId)) return confirmation(pending.draft);
    if (answer === 'no') {
      await deleteDraft(db, message.channel, message.userId);
      return reply(M.dropped(pending.draft.taskId), 'answered', 'confirm');
    }
    // A question while a draft waits is for the engine; the draft keeps waiting.
    if (answer === null && /\?\s*$/u.test(message.text)) return null;
    const official = await findActiveOfficial(db, message.channel, message.userId);
    const task = tasksById.get(pending.draft.taskId.toLowerCase());
    const role = official && task ? taskRole(task, official.agencyId, directory) : null;
    const stillAllowed =
      official !== null && official.id === pending.officialId && role !== null && (pending.draft.kind === 'comment' || reportsStatus(role));
    if (!stillAllowed) {
      await deleteDraft(db, message.channel, message.userId);
      return reply(M.draftNoLongerAllowed(pending.draft.taskId), 'refused', 'confirm');
    }
    if (answer === 'yes') return confirm(message, pending.draft);
    // Content for another task starts a draft for that task; anything else extends this one.
    const ref = findTaskRef(message.text);
    if (ref && ref.index === 0 && ref.type === 'id' && ref.ref.toLowerCase() !== pending.draft.taskId.toLowerCase()) {
      return startUpdate(message, official, ref.ref, ref.rest);
    }
    return amendAndSave(message, official, pending.draft, message.text);
  }

  async function confirm(message: IncomingMessage, draft: Draft): Promise<Reply> {
    let result;
    try {
      result = await confirmDraft(db, { channel: message.channel, userId: message.userId, confirmMessageId: message.messageId, now: clock.now() });
    } catch (error) {
      logger.error({ err: error, channel: message.channel, taskId: draft.taskId }, 'storing a confirmed status update failed; draft kept');
      return reply(M.confirmFailed, 'error', 'confirm');
    }
    switch (result.outcome) {
      case 'stored':
        logger.info({ updateId: result.update.id, taskId: result.update.taskId, agency: result.update.agencyId, kind: result.update.kind }, 'status update stored');
        return reply(M.stored(result.update.taskId, config.undoWindowMinutes), 'answered', 'confirm', { citations: statusCitation(result.update.taskId) });
      case 'duplicate':
        return reply(M.alreadyStored(result.taskId), 'answered', 'confirm', { citations: statusCitation(result.taskId) });
      case 'no_draft':
        // Confirmed concurrently by another delivery of the answer.
        return reply(M.alreadyStored(draft.taskId), 'answered', 'confirm', { citations: statusCitation(draft.taskId) });
    }
  }

  async function undo(message: IncomingMessage, official: Official): Promise<Reply> {
    const pending = await currentDraft(message);
    if (pending) {
      await deleteDraft(db, message.channel, message.userId);
      return reply(M.undoDroppedDraft(pending.draft.taskId), 'answered', 'undo');
    }
    if (message.messageId !== null) {
      const done = await findUpdateByMessage(db, message.channel, message.messageId);
      if (done) return reply(M.undoDone(done.taskId), 'answered', 'undo', { citations: statusCitation(done.taskId) });
    }
    const last = await lastOwnUpdate(db, official.id);
    if (!last) return reply(M.undoNothing, 'answered', 'undo');
    const now = clock.now();
    if (now.getTime() - last.createdAt.getTime() > config.undoWindowMinutes * 60_000) {
      return reply(M.undoTooLate(last.taskId, config.undoWindowMinutes), 'refused', 'undo', { citations: statusCitation(last.taskId) });
    }
    await withdrawUpdate(db, { target: last, officialId: official.id, channel: message.channel, messageId: message.messageId, rawMessage: message.text, now });
    logger.info({ officialId: official.id, withdrawn: last.id, taskId: last.taskId }, 'status update withdrawn');
    return reply(M.undoDone(last.taskId), 'answered', 'undo', { citations: statusCitation(last.taskId) });
  }

  /**
   * An official sees the whole history (officials' names, notes as written) of the tasks their agency leads, works
   * on or shares, and a coordinator of every task; of any other task they see what citizens would: the agencies and
   * the public notes, without officials' names.
   */
  async function history(official: Official, ref: string | null): Promise<Reply> {
    if (!ref) return reply(M.historyMissingTask, 'clarification', 'history');
    const lookup = lookupTask(ref);
    if (!('found' in lookup)) return lookupFailure(lookup, true);
    const task = lookup.found;
    const full = isCoordinator(official, coordinatorAgencyIds) || taskRole(task, official.agencyId, directory) !== null;
    const entries = await taskHistory(db, task.id);
    if (entries.length === 0) return reply(M.historyNone(task.id), 'answered', 'history', { citations: statusCitation(task.id) });
    const lines = [M.historyHeading(task.id, shortName(task, 80))];
    for (const entry of entries) {
      const note = full ? entry.note : entry.publicNote;
      const core =
        entry.kind === 'status' && entry.status
          ? `${describeProgress(entry.status, entry.percent)}${note ? ` — ${note}` : ''}`
          : M.historyComment(note);
      lines.push(
        M.historyLine({
          when: formatDateTimeInVietnam(entry.createdAt),
          who: full ? entry.officialName : null,
          agency: directory.displayName(entry.agencyId),
          what: `${core}${entry.evidenceUrl ? M.evidenceSuffix(entry.evidenceUrl) : ''}`,
          withdrawn: entry.withdrawnAt ? formatDateTimeInVietnam(entry.withdrawnAt) : null,
        }),
      );
    }
    return reply(lines.join('\n'), 'answered', 'history', { citations: statusCitation(task.id) });
  }

  return { handle, directory, coordinatorAgencyIds };
}
