/**
 * Officials' side of the conversation. The engine calls `handle` first for every message: it answers officials'
 * commands and draft replies, and returns null for everything else so the engine answers it as a question.
 * A message that is neither a command nor possibly a draft reply costs one indexed query (the draft lookup).
 *
 * Drafts live in the database (pending_updates), never in memory, so a restart between an official's message
 * and the confirmation loses nothing; the confirmation stores the update and removes the draft in one transaction.
 */
import type { Config } from '../config.ts';
import { codePrefixesOf, createReferenceParser, type ReferenceParser } from '../documents/references.ts';
import type { Task } from '../documents/types.ts';
import { ANSWER_MESSAGES, CONSOLE_MESSAGES, OFFICIALS_MESSAGES as M, type Deployment } from '../engine/messages.ts';
import { makeReply } from '../engine/outcomes.ts';
import { OFFICIAL_CHANNELS, type Citation, type IncomingMessage, type Outcome, type Reply, type ReasonOf } from '../engine/types.ts';
import { UnknownAgencyError, type AgencyDirectory } from '../knowledge/agencies.ts';
import { documentName } from '../knowledge/labels.ts';
import { itemKey, type KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { dueDate, effectiveStatus, isFinished, isOverdue, isUpcoming, UPCOMING_DAYS, type LatestStatus } from '../status/rules.ts';
import { latestStatuses } from '../status/view.ts';
import type { Database } from '../store/database.ts';
import { addDays, calendarDate, formatDate, formatDateTimeInVietnam, todayInVietnam } from '../text/dates.ts';
import { redactPersonalData } from '../text/personal-data.ts';
import { fold, normalizeText } from '../text/vietnamese.ts';
import { amendmentOf, carriesProgress, datesIn, findTaskRef, type DateInText, isQuestion, parseAnswer, parseCommand, parseName, parseUpdateBody, type OfficialsCommand } from './commands.ts';
import { createDescriptionMatcher } from './describe.ts';
import { chaseAgencies } from './chase.ts';
import { currentPeriods, openAdhocPeriod, resolvePeriod } from './adhoc.ts';
import { periodBoard, periodReports, renderPeriodBoard, reportedTaskKeys } from './cycle.ts';
import { answeringPeriod, PeriodFormatError, type ReportingPeriod } from './periods.ts';
import { requestPeriod } from './requests.ts';
import { buildReport, renderReportText, responsibleTasks, shortName } from './report.ts';
import {
  confirmDraft,
  deleteChoice,
  deleteDraft,
  getChoice,
  saveChoice,
  findActiveOfficial,
  findUpdateByMessage,
  getDraft,
  lastOwnUpdate,
  confirmedTogether,
  redeemInvite,
  saveDraft,
  setOfficialName,
  setReminderOptOut,
  taskHistory,
  withdrawUpdate,
  type Draft,
  type Official,
  type PendingChoice,
  type StoredDraft,
} from './repository.ts';
import { reportsStatus, taskRole } from './roles.ts';

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

/** Sends a message to an official on their bound channel (the gateway's outbound path, bound once channels run). */
export type OfficialNotifier = (official: Official, text: string) => Promise<void>;

export interface OfficialsServiceDeps {
  db: Database;
  /** How a coordinator's chase reaches other officials; absent when no channel runs (the CLI). */
  notify?: () => OfficialNotifier | null;
  /** The knowledge current when a message arrives. */
  knowledge: () => KnowledgeSnapshot;
  deployment: Deployment;
  config: OfficialsConfig;
  clock?: Clock;
  logger?: OfficialsLogger;
  /**
   * Issues a staff sign-in code for the web area the official's role enters (src/console/sign-in.ts, bound in
   * main.ts): the code, the link to open, when it expires. Null when the role enters no area. Absent: no web console.
   */
  signIn?: (official: Official, now: Date) => Promise<StaffSignInLink | null>;
}

/** What `/dangnhap` sends back: the code, the link (absolute with PUBLIC_BASE_URL, else a path), which area. */
export interface StaffSignInLink {
  code: string;
  link: string;
  area: 'admin' | 'desk';
  expiresAt: Date;
}

export interface OfficialsService {
  /** The reply to an officials' command or draft reply; null when the message is not for this module. */
  handle(message: IncomingMessage): Promise<Reply | null>;
  /** Agency ids whose officials are coordinators (from config.coordinatorAgencies), in the current knowledge. */
  coordinatorAgencyIds(): ReadonlySet<string>;
}

const C = CONSOLE_MESSAGES.chat;

/** A draft left this long without an answer is dropped rather than confirmed by a much later "có". */
const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
/** Lines per section of a chat list; the rest is counted. */
const LIST_LIMIT = 20;

const systemClock: Clock = { now: () => new Date() };
const silentLogger: OfficialsLogger = { info() {}, warn() {}, error() {} };

/** Resolves the configured coordinator agency names; names the directory does not know are logged and skipped. */
export function resolveCoordinatorAgencies(directory: AgencyDirectory, names: readonly string[], logger: OfficialsLogger): Set<string> {
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
  // A desk operator bound to a coordinating agency answers citizens; it does not see every agency's work.
  return official.role === 'coordinator' || (official.role !== 'operator' && coordinatorAgencyIds.has(official.agencyId));
}

/** Reasons of the officials' refusals; every other officials' reply has the reason `officials` (or `draft`). */
type RefusalReason = Extract<ReasonOf<'refused'>, 'not_registered' | 'not_allowed' | 'unidentified_channel'>;

function reply(text: string, outcome: Outcome, refusal: RefusalReason | 'officials' = 'officials', extra: { citations?: Citation[]; buttons?: Reply['buttons'] } = {}): Reply {
  switch (outcome) {
    case 'confirm':
      return makeReply('confirm', 'draft', text, extra);
    case 'refused':
      return makeReply('refused', refusal, text, extra);
    case 'error':
      return makeReply('error', 'officials_unavailable', text, extra);
    case 'clarification':
      return makeReply('clarification', 'officials', text, extra);
    default:
      return makeReply('answered', 'officials', text, extra);
  }
}


/** Commands that only read: phrased in natural words by someone who is not an official, they are questions. */
const READ_ONLY_COMMANDS: ReadonlySet<OfficialsCommand['kind']> = new Set(['tasks', 'overdue', 'upcoming', 'report', 'period', 'history']);

type TaskLookup = { found: Task } | { unknown: string; documentId: string | null; elsewhere: string[] } | { ambiguous: Task[]; code: string };

/** The date in a report is one planned, not one passed ("ngày dự kiến trình", "theo kế hoạch"). */
const PLANNED_DATE = /\b(du kien|theo ke hoach|ke hoach la|se trinh|se hoan thanh|ngay hen)\b/u;

export function createOfficialsService(deps: OfficialsServiceDeps): OfficialsService {
  const sessions = new WeakMap<KnowledgeSnapshot, ReturnType<typeof session>>();
  const current = () => {
    const snapshot = deps.knowledge();
    let bound = sessions.get(snapshot);
    if (!bound) {
      bound = session(deps, snapshot);
      sessions.set(snapshot, bound);
    }
    return bound;
  };
  return {
    handle: (message) => current().handle(message),
    coordinatorAgencyIds: () => current().coordinatorAgencyIds,
  };
}

/** The officials' workflow over one knowledge snapshot (rebuilt when the snapshot changes). */
function session(deps: OfficialsServiceDeps, knowledge: KnowledgeSnapshot) {
  const { db, config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const directory = knowledge.agencies;
  const coordinatorAgencyIds = resolveCoordinatorAgencies(directory, config.coordinatorAgencies, logger);
  const parser: ReferenceParser = createReferenceParser({
    codePrefixes: codePrefixesOf(knowledge.tasks.map((task) => task.code)),
    documentIds: knowledge.documents.map((document) => document.id),
  });
  const documentsLabel = knowledge.documents.length === 1 ? documentName(knowledge.documents[0]!.document) : ANSWER_MESSAGES.loadedDocuments(knowledge.documents.length);
  const matcher = createDescriptionMatcher(knowledge.tasks);
  const exampleId = knowledge.tasks[0] ? knowledge.cite(knowledge.tasks[0]) : 'PL1.1';
  /** A stored task key as people read it (`PL1.29`, or `101:PL1.29` with several documents). */
  const shown = (key: string): string => {
    const task = knowledge.task(key);
    return task ? knowledge.cite(task) : key;
  };
  const statusCitation = (key: string): Citation[] => [{ id: shown(key), kind: 'status' }];

  function lookupTask(ref: string, documentId: string | null): TaskLookup {
    const found = knowledge.resolveTaskRef(ref, documentId);
    if (found.length === 1) return { found: found[0]! };
    if (found.length > 1) return { ambiguous: found, code: ref };
    return { unknown: ref, documentId, elsewhere: documentId ? knowledge.resolveTaskRef(ref).map((task) => knowledge.cite(task)) : [] };
  }

  function lookupFailure(lookup: Exclude<TaskLookup, { found: Task }>, forHistory: boolean): Reply {
    if ('unknown' in lookup) {
      // "101:PL.3" when only another document prints PL.3: name the document asked about, and where the id is.
      const named = lookup.documentId ? knowledge.documentById.get(lookup.documentId) : undefined;
      const where = named ? documentName(named.document) : documentsLabel;
      const ref = lookup.documentId ? `${lookup.documentId}:${lookup.unknown}` : lookup.unknown;
      return reply(M.unknownTask(ref, where, exampleId, lookup.elsewhere), 'clarification');
    }
    const options = lookup.ambiguous.map((task) => `${knowledge.cite(task)} (${shortName(task, 60)})`);
    return reply(forHistory ? M.ambiguousCodeHistory(lookup.code, options) : M.ambiguousCode(lookup.code, options), 'clarification');
  }

  function today(message: IncomingMessage): string {
    return message.today ?? todayInVietnam(message.receivedAt ?? clock.now());
  }

  async function handle(incoming: IncomingMessage): Promise<Reply | null> {
    // Whatever reached us (the engine normalises too): no control characters or lone surrogates go to the store.
    const message = { ...incoming, text: normalizeText(incoming.text) };
    const parsed = parseCommand(message.text, parser);
    const identified = OFFICIAL_CHANNELS.includes(message.channel);
    // Drafts exist only on channels that prove who the sender is; elsewhere nothing is looked up by sender.
    if (!parsed) return identified ? ((await nameReply(message)) ?? handleDraftReply(message)) : null;
    const { command } = parsed;
    // "sửa thành 50%, số liệu mới cập nhật" reads as a report naming no task; with a draft pending it amends that draft.
    if (identified && !parsed.slash && command.kind === 'update' && command.ref === null && amendmentOf(message.text)) {
      const amended = await handleDraftReply(message);
      if (amended) return amended;
    }
    if (command.kind === 'unknown') return reply(M.unknownCommand(command.word), 'clarification');
    const official = identified ? await findActiveOfficial(db, message.channel, message.userId) : null;
    if (command.kind === 'help') {
      return reply(
        M.help(deps.deployment, documentsLabel, official ? { name: official.name, agency: directory.displayName(official.agencyId), coordinator: isCoordinator(official, coordinatorAgencyIds) } : null),
        'answered',
      );
    }
    // A citizen who phrases a read-only question like an official ("đơn vị tôi là Sở Y tế, còn gì quá hạn?")
    // gets the public answer; slash commands, registration and updates need a registered official.
    if (!official && !parsed.slash && (READ_ONLY_COMMANDS.has(command.kind) || command.kind === 'signIn' || command.kind === 'unchanged' || command.kind === 'openPeriod' || (command.kind === 'update' && command.implicit))) return null;
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
        return reply(renderReportText(buildReport(knowledge, statuses, scope, today(message))), 'answered');
      }
      case 'period': {
        if (!isCoordinator(official, coordinatorAgencyIds)) return reply(M.coordinatorsOnly, 'refused');
        // The quarter's board, then each ad-hoc period's that still takes reports.
        const statuses = await latestStatuses(db);
        const boards = [];
        for (const period of await currentPeriods(db, today(message), config.reportingDueDay)) {
          boards.push(renderPeriodBoard(periodBoard(knowledge, statuses, await periodReports(db, period), period)));
        }
        return reply(boards.join('\n\n'), 'answered');
      }
      case 'openPeriod':
        if (!isCoordinator(official, coordinatorAgencyIds)) return reply(M.coordinatorsOnly, 'refused');
        return openPeriod(message, official, command.due, command.title);
      case 'unchanged':
        return startUnchanged(message, official, command.refs);
      case 'chase': {
        if (!isCoordinator(official, coordinatorAgencyIds)) return reply(M.coordinatorsOnly, 'refused');
        let named: ReportingPeriod | undefined;
        if (command.period) {
          try {
            named = await resolvePeriod(db, command.period, config.reportingDueDay);
          } catch (error) {
            if (!(error instanceof PeriodFormatError)) throw error;
            return reply(CONSOLE_MESSAGES.admin.reports.badPeriod, 'clarification');
          }
        }
        const send = deps.notify?.() ?? null;
        if (!send) return reply(M.chaseUnavailable, 'refused');
        const run = await chaseAgencies({ db, knowledge, config, today: today(message), now: message.receivedAt ?? clock.now(), send, logger, ...(named ? { period: named } : {}) });
        if (run.outcome === 'locked') return reply(M.chaseBusy, 'answered');
        return reply(M.periodChased(run.period.label, run.chased), 'answered');
      }
      case 'update':
        return startUpdate(message, official, command.ref, command.documentId, command.body);
      case 'undo':
        return undo(message, official);
      case 'history':
        return history(official, command.ref, command.documentId);
      case 'reminders':
        await setReminderOptOut(db, official.id, !command.enabled);
        return reply(command.enabled ? M.remindersOn : M.remindersOff, 'answered');
      case 'signIn':
        return signIn(message, official);
      default:
        // help, register and unknown are answered before an official is required.
        throw new Error(`unreachable officials command ${command.kind}`);
    }
  }

  /**
   * A sign-in code goes only to the official's own chat: asked in a group, it is sent privately (notify) and the
   * group is told so, never shown there.
   */
  async function signIn(message: IncomingMessage, official: Official): Promise<Reply> {
    if (!deps.signIn) return reply(C.unavailable, 'refused', 'not_allowed');
    const now = message.receivedAt ?? clock.now();
    const link = await deps.signIn(official, now);
    if (!link) return reply(C.notAllowed, 'refused', 'not_allowed');
    logger.info({ officialId: official.id, area: link.area }, 'staff sign-in code issued');
    const text = C.code(link.code, link.link, link.area, formatDateTimeInVietnam(link.expiresAt));
    if (message.conversationId === message.userId) return reply(text, 'answered');
    const send = deps.notify?.() ?? null;
    if (!send) return reply(C.privateOnly, 'refused', 'not_allowed');
    try {
      await send(official, text);
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error), officialId: official.id }, 'sign-in code not delivered privately');
      return reply(C.privateOnly, 'refused', 'not_allowed');
    }
    return reply(C.sentPrivately, 'answered');
  }

  async function register(message: IncomingMessage, code: string | null, official: Official | null): Promise<Reply> {
    if (official) return reply(M.registerAlready(directory.displayName(official.agencyId)), 'answered');
    if (!code) return reply(M.registerCodeMissing, 'clarification');
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
        await setOfficialName(db, result.official.id, null);
        return reply(
          `${M.registered(directory.displayName(result.official.agencyId), isCoordinator(result.official, coordinatorAgencyIds))}\n${M.askName}`,
          'answered',
        );
      case 'already_registered':
        return reply(M.registerAlready(directory.displayName(result.official.agencyId)), 'answered');
      case 'invalid':
        return reply(M.registerInvalid, 'refused', 'officials');
      case 'expired':
        return reply(M.registerExpired, 'refused', 'officials');
      case 'used':
        return reply(M.registerUsed, 'refused', 'officials');
    }
  }

  function statusOf(entry: LatestStatus | undefined): string {
    return entry ? `${M.progress(entry.status, entry.percent)} (${formatDate(todayInVietnam(entry.updatedAt))})` : M.noUpdateYet;
  }

  function taskLines(tasks: Array<{ task: Task; status: LatestStatus | undefined }>): string[] {
    const lines = tasks
      .slice(0, LIST_LIMIT)
      .map(({ task, status }) => M.taskLine(knowledge.cite(task), shortName(task, 60), task.deadline.text || M.noDeadline, statusOf(status)));
    if (tasks.length > LIST_LIMIT) lines.push(M.andMore(tasks.length - LIST_LIMIT));
    return lines;
  }

  async function listTasks(official: Official): Promise<Reply> {
    const statuses = await latestStatuses(db);
    const groups = { lead: [], partner: [], collective: [] } as Record<'lead' | 'partner' | 'collective', Array<{ task: Task; status: LatestStatus | undefined }>>;
    for (const task of knowledge.tasks) {
      const role = taskRole(task, official.agencyId, directory);
      if (!role) continue;
      const list = statuses.get(itemKey(task));
      const status = reportsStatus(role) ? list?.find((entry) => entry.agencyId === official.agencyId) : list?.[0];
      groups[role].push({ task, status });
    }
    const agency = directory.displayName(official.agencyId);
    if (groups.lead.length + groups.partner.length + groups.collective.length === 0) {
      return reply(M.tasksNone(agency, documentsLabel), 'answered');
    }
    const lines = [M.tasksHeading(agency, groups.lead.length, groups.partner.length, groups.collective.length)];
    for (const [heading, list] of [
      [M.tasksLead, groups.lead],
      [M.tasksPartner, groups.partner],
      [M.tasksCollective, groups.collective],
    ] as const) {
      if (list.length > 0) lines.push('', heading, ...taskLines(list));
    }
    return reply(lines.join('\n'), 'answered');
  }

  async function listByDeadline(message: IncomingMessage, official: Official, kind: 'overdue' | 'upcoming'): Promise<Reply> {
    const date = today(message);
    const statuses = await latestStatuses(db);
    const coordinator = isCoordinator(official, coordinatorAgencyIds);
    const candidates = coordinator
      ? knowledge.tasks.map((task) => ({
          task,
          finished: isFinished(task, statuses.get(itemKey(task)), directory),
          status: statuses.get(itemKey(task))?.[0],
        }))
      : responsibleTasks(knowledge, statuses, official.agencyId).map(({ task, own }) => ({
          task,
          finished: own?.status === 'hoan_thanh',
          status: own,
        }));
    const selected = candidates
      .filter(({ task, finished }) => (kind === 'overdue' ? isOverdue(task, date, finished) : isUpcoming(task, date, finished)))
      .sort((a, b) => dueDate(a.task.deadline)!.localeCompare(dueDate(b.task.deadline)!));
    const scope = coordinator ? M.allAgencies : directory.displayName(official.agencyId);
    const from = formatDate(date);
    const to = formatDate(addDays(date, UPCOMING_DAYS));
    if (selected.length === 0) {
      return reply(kind === 'overdue' ? M.overdueNone(scope, from) : M.upcomingNone(scope, from, to), 'answered');
    }
    const heading = kind === 'overdue' ? M.overdueHeading(scope, from) : M.upcomingHeading(scope, from, to);
    return reply([heading, ...taskLines(selected)].join('\n'), 'answered');
  }

  // Updates ----------------------------------------------------------------------------------------------------

  function confirmation(draft: Draft): Reply {
    if (draft.kind === 'unchanged') return unchangedConfirmation(draft);
    const task = knowledge.task(draft.taskId);
    const taskName = task ? shortName(task, 80) : draft.taskId;
    const taskId = shown(draft.taskId);
    const agency = directory.displayName(draft.agencyId);
    const redacted = redactPersonalData(draft.note);
    const publicNote = redacted === draft.note ? null : redacted;
    const text =
      draft.kind === 'status'
        ? M.confirmStatus({
            taskId,
            taskName,
            agency,
            status: M.statusLabel[effectiveStatus(draft)],
            percent: draft.percent,
            note: draft.note,
            evidence: draft.evidenceUrl,
            publicNote,
          })
        : M.confirmComment({ taskId, taskName, agency, note: draft.note, evidence: draft.evidenceUrl, publicNote });
    return reply(text, 'confirm', 'officials', {
      citations: statusCitation(draft.taskId),
      buttons: [
        { text: M.yes, data: 'có' },
        { text: M.no, data: 'không' },
      ],
    });
  }

  /** Tasks listed when "không thay đổi" is shown for confirmation; the rest are counted. */
  const UNCHANGED_LINES = 15;

  function unchangedConfirmation(draft: Draft): Reply {
    const entries = draft.unchanged ?? [];
    const lines = entries.slice(0, UNCHANGED_LINES).map((entry) => {
      const task = knowledge.task(entry.taskId);
      return M.unchangedLine(shown(entry.taskId), task ? shortName(task, 60) : entry.taskId, entry.last ?? M.unchangedNothingBefore);
    });
    const text = M.unchangedConfirm(directory.displayName(draft.agencyId), draft.periodLabel ?? '', lines, Math.max(0, entries.length - UNCHANGED_LINES));
    return reply(text, 'confirm', 'officials', {
      citations: entries.map((entry) => ({ id: shown(entry.taskId), kind: 'status' as const })),
      buttons: [
        { text: M.yes, data: 'có' },
        { text: M.no, data: 'không' },
      ],
    });
  }

  /**
   * "không thay đổi": a draft recording that the agency reports the named tasks, or every task it answers for and
   * has not reported on since the period it is answering began, with the status each had carried over.
   */
  async function startUnchanged(message: IncomingMessage, official: Official, refs: Array<{ ref: string; documentId: string | null }>): Promise<Reply> {
    const date = today(message);
    const agency = directory.displayName(official.agencyId);
    const period = answeringPeriod(await currentPeriods(db, date, config.reportingDueDay), date);
    const statuses = await latestStatuses(db);
    const responsible = responsibleTasks(knowledge, statuses, official.agencyId);
    let chosen: typeof responsible = [];
    if (refs.length === 0) {
      if (responsible.length === 0) return reply(M.unchangedNoTasks(agency), 'answered');
      const reported = await reportedTaskKeys(db, official.agencyId, period.start);
      chosen = responsible.filter(({ task }) => !reported.has(itemKey(task)));
      if (chosen.length === 0) return reply(M.unchangedNoneLeft(agency, period.label), 'answered');
    } else {
      for (const { ref, documentId } of refs) {
        const lookup = lookupTask(ref, documentId);
        let task: Task | undefined;
        if ('found' in lookup) task = lookup.found;
        else if ('ambiguous' in lookup) {
          const held = lookup.ambiguous.filter((candidate) => responsible.some((entry) => entry.task === candidate));
          if (held.length !== 1) return lookupFailure(lookup, false);
          task = held[0]!;
        } else return lookupFailure(lookup, false);
        const entry = responsible.find((candidate) => candidate.task === task);
        if (!entry) return reply(M.unchangedNotResponsible(knowledge.cite(task)), 'refused', 'not_allowed', { citations: [{ id: knowledge.cite(task), kind: 'task' }] });
        if (!chosen.includes(entry)) chosen.push(entry);
      }
    }
    if (message.messageId !== null) {
      const stored = await findUpdateByMessage(db, message.channel, message.messageId);
      if (stored) return reply(M.alreadyStored(shown(stored.taskId)), 'answered', 'officials', { citations: statusCitation(stored.taskId) });
    }
    const draft: Draft = {
      ...emptyDraft(itemKey(chosen[0]!.task), official.agencyId, 'unchanged'),
      rawMessages: [message.text],
      messageIds: [message.messageId],
      unchanged: chosen.map(({ task, own }) => ({ taskId: itemKey(task), carriesId: own?.updateId ?? null, last: own ? statusOf(own) : null })),
      periodLabel: period.label,
    };
    await deleteChoice(db, message.channel, message.userId);
    await saveDraft(db, { channel: message.channel, userId: message.userId, officialId: official.id }, draft, clock.now());
    return confirmation(draft);
  }

  /** A coordinator opens an ad-hoc period and its request goes out at once to every agency with tasks. */
  async function openPeriod(message: IncomingMessage, official: Official, typed: DateInText | null, title: string): Promise<Reply> {
    const date = today(message);
    if (!typed) return reply(M.adhocMissingDue, 'clarification');
    let year = typed.year ?? Number(date.slice(0, 4));
    let due = calendarDate(year, typed.month, typed.day);
    // "hạn 15/1" written in December is next January's.
    if (typed.year === null && due !== null && due < date) due = calendarDate((year += 1), typed.month, typed.day);
    if (due === null) return reply(M.adhocMissingDue, 'clarification');
    if (due < date) return reply(M.adhocDuePassed(formatDate(due), formatDate(date)), 'clarification');
    if (title === '') return reply(M.adhocMissingTitle(typed.text), 'clarification');
    const now = message.receivedAt ?? clock.now();
    const opened = await openAdhocPeriod(db, { title, openedOn: date, due, openedBy: official.id, now });
    const period = opened.period;
    if (!opened.created) return reply(M.adhocAlreadyOpen(period.label, formatDate(period.due)), 'answered');
    logger.info({ officialId: official.id, period: period.key, due: period.due }, 'ad-hoc reporting period opened');
    const send = deps.notify?.() ?? null;
    if (!send) return reply(M.adhocOpenedNoChannel(period.label, formatDate(period.due)), 'answered');
    const run = await requestPeriod({ db, knowledge, period, now, send, logger });
    return reply(M.adhocOpened(period.label, formatDate(period.due), run.agencies, run.sent, run.failed), 'answered');
  }

  async function startUpdate(message: IncomingMessage, official: Official, ref: string | null, documentId: string | null, body: string): Promise<Reply> {
    await deleteChoice(db, message.channel, message.userId);
    if (!ref) {
      // No id or code: the task is the one of the agency's whose description the report names.
      const held = knowledge.tasks.filter((task) => taskRole(task, official.agencyId, directory) !== null);
      const found = matcher.match(body, held);
      if (found.length === 0) return reply(M.updateMissingTask, 'clarification');
      if (found.length > 1) return askChoice(message, official, found, body);
      return draftFor(message, official, found[0]!, body);
    }
    const lookup = lookupTask(ref, documentId);
    if ('ambiguous' in lookup) {
      const held = lookup.ambiguous.filter((task) => taskRole(task, official.agencyId, directory) !== null);
      if (held.length === 1) return draftFor(message, official, held[0]!, body);
      // A code shared by several rows: the report's own words may tell which row it is about.
      const described = matcher.match(body, held);
      if (described.length === 1) return draftFor(message, official, described[0]!, body);
      if (held.length > 1) return askChoice(message, official, described.length > 1 ? described : held, body);
    }
    if (!('found' in lookup)) return lookupFailure(lookup, false);
    return draftFor(message, official, lookup.found, body);
  }

  /** Several tasks fit the report: the official is asked which, and the report waits for the answer. */
  async function askChoice(message: IncomingMessage, official: Official, tasks: Task[], body: string): Promise<Reply> {
    await saveChoice(db, { channel: message.channel, userId: message.userId, officialId: official.id }, { candidates: tasks.map((task) => itemKey(task)), body }, clock.now());
    const options = tasks.map((task) => `${knowledge.cite(task)}${task.code ? ` – ${task.code}` : ''} (${shortName(task, 70)})`);
    return reply(M.whichTask(options), 'clarification', 'officials', { citations: tasks.map((task) => ({ id: knowledge.cite(task), kind: 'task' as const })) });
  }

  /** The official's answer to "which task?": an id or code among the candidates, or words that fit only one. */
  async function resolveChoice(message: IncomingMessage): Promise<Reply | null> {
    const choice = await getChoice(db, message.channel, message.userId);
    if (!choice) return null;
    if (clock.now().getTime() - choice.createdAt.getTime() > DRAFT_TTL_MS || parseAnswer(message.text) === 'no') {
      await deleteChoice(db, message.channel, message.userId);
      return parseAnswer(message.text) === 'no' ? reply(M.choiceDropped, 'answered') : null;
    }
    if (isQuestion(message.text)) return null;
    if (choice.questionedDate !== null) return resolveQuestionedDate(message, choice);
    const candidates = choice.candidates.map((key) => knowledge.task(key)).filter((task): task is Task => task !== undefined);
    const ref = findTaskRef(message.text, parser);
    const named = ref ? knowledge.resolveTaskRef(ref.ref, ref.documentId).filter((task) => candidates.includes(task)) : matcher.match(message.text, candidates);
    if (named.length !== 1) return null;
    const official = await findActiveOfficial(db, message.channel, message.userId);
    if (!official || official.id !== choice.officialId) {
      await deleteChoice(db, message.channel, message.userId);
      return null;
    }
    await deleteChoice(db, message.channel, message.userId);
    return draftFor(message, official, named[0]!, choice.body);
  }

  /** The first date the report names that falls after the day it is sent (a year left out is this year). */
  function futureDate(body: string, on: string): DateInText | null {
    const year = Number(on.slice(0, 4));
    return datesIn(body).find((date) => (calendarDate(date.year ?? year, date.month, date.day) ?? '') > on) ?? null;
  }

  /**
   * The answer to "is this date right?": a corrected date replaces it in the report, "đúng" (or "that is the planned
   * date") keeps it, and a message with progress of its own replaces the report.
   */
  async function resolveQuestionedDate(message: IncomingMessage, choice: PendingChoice): Promise<Reply | null> {
    const task = knowledge.task(choice.candidates[0] ?? '');
    const official = await findActiveOfficial(db, message.channel, message.userId);
    const corrected = datesIn(message.text)[0];
    const confirmed = parseAnswer(message.text) === 'yes';
    // "đó là ngày dự kiến trình, hiện đạt 50%": the report told again, in the official's new words.
    const restated = !corrected && carriesProgress(message.text);
    const planned = !corrected && PLANNED_DATE.test(fold(message.text));
    if (!task || !official || official.id !== choice.officialId || (!corrected && !confirmed && !restated && !planned)) return null;
    await deleteChoice(db, message.channel, message.userId);
    if (restated) return draftFor(message, official, task, message.text, true);
    if (confirmed || planned) return draftFor(message, official, task, choice.body, true);
    return draftFor(message, official, task, choice.body.split(choice.questionedDate!).join(corrected!.text));
  }

  async function draftFor(message: IncomingMessage, official: Official, task: Task, body: string, dateChecked = false): Promise<Reply> {
    const role = taskRole(task, official.agencyId, directory);
    if (!role) return reply(M.notAllowed(knowledge.cite(task), task.lead?.text || M.noLeadPrinted), 'refused', 'not_allowed', { citations: [{ id: knowledge.cite(task), kind: 'task' }] });
    const ahead = dateChecked ? null : futureDate(body, today(message));
    if (ahead) {
      // Asked before anything is drafted: a report of something done "on 15/12" sent on 20/11 is usually a typo.
      await saveChoice(db, { channel: message.channel, userId: message.userId, officialId: official.id }, { candidates: [itemKey(task)], body, questionedDate: ahead.text }, clock.now());
      return reply(M.futureDateAsk(knowledge.cite(task), ahead.text, formatDate(today(message))), 'clarification', 'officials', { citations: [{ id: knowledge.cite(task), kind: 'task' }] });
    }

    if (message.messageId !== null) {
      const stored = await findUpdateByMessage(db, message.channel, message.messageId);
      if (stored) return reply(M.alreadyStored(shown(stored.taskId)), 'answered', 'officials', { citations: statusCitation(stored.taskId) });
    }
    const pending = await currentDraft(message);
    if (pending && message.messageId !== null && pending.draft.messageIds.includes(message.messageId)) {
      return confirmation(pending.draft);
    }
    const base: Draft | null =
      pending && pending.officialId === official.id && pending.draft.taskId === itemKey(task)
        ? pending.draft
        : null;
    return amendAndSave(message, official, base ?? emptyDraft(itemKey(task), official.agencyId, reportsStatus(role) ? 'status' : 'comment'), body);
  }

  function emptyDraft(taskId: string, agencyId: string, kind: Draft['kind']): Draft {
    return { taskId, agencyId, kind, status: null, percent: null, note: '', evidenceUrl: null, rawMessages: [], messageIds: [] };
  }

  /** Merges one more message into a draft (new facts replace old ones, notes accumulate) and shows it for confirmation. */
  /** `add` ("bổ sung: …") only adds to the note, unless it names a percentage; `replace` may change every field. */
  async function amendAndSave(message: IncomingMessage, official: Official, draft: Draft, body: string, mode: 'replace' | 'add' = 'replace'): Promise<Reply> {
    const parsed = parseUpdateBody(body);
    if (!parsed.ok) return reply(M.percentOver100(parsed.percent), 'clarification');
    const noteAddition = draft.kind === 'status' ? parsed.note : parsed.text;
    const explicitPercent = parsed.percent !== null && !(parsed.status === 'hoan_thanh' && parsed.percent === 100 && mode === 'add');
    const status = mode === 'add' ? null : parsed.status;
    const percent = mode === 'add' && !explicitPercent ? null : parsed.percent;
    const next: Draft = {
      ...draft,
      status: status ?? (percent !== null && draft.status !== 'vuong_mac' ? null : draft.status),
      percent: percent ?? draft.percent,
      note: [draft.note, noteAddition].filter((part) => part !== '').join('. '),
      evidenceUrl: parsed.evidenceUrl ?? draft.evidenceUrl,
      rawMessages: [...draft.rawMessages, message.text],
      messageIds: [...draft.messageIds, message.messageId],
    };
    const empty =
      next.kind === 'status'
        ? next.status === null && next.percent === null && next.note === '' && next.evidenceUrl === null
        : next.note === '' && next.evidenceUrl === null;
    if (empty) return reply(M.emptyUpdate(shown(next.taskId)), 'clarification', 'officials', { citations: [{ id: shown(next.taskId), kind: 'task' }] });
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
  /** The name an official who registered by invite gives when asked; null when the message is something else. */
  async function nameReply(message: IncomingMessage): Promise<Reply | null> {
    // Parsed first: most messages are not a name, and those cost no query.
    const name = parseName(message.text);
    if (!name) return null;
    const official = await findActiveOfficial(db, message.channel, message.userId);
    if (!official || official.nameConfirmed) return null;
    await setOfficialName(db, official.id, name);
    return reply(M.nameSaved(name, directory.displayName(official.agencyId)), 'answered');
  }

  async function handleDraftReply(message: IncomingMessage): Promise<Reply | null> {
    const chosen = await resolveChoice(message);
    if (chosen) return chosen;
    const answer = parseAnswer(message.text);
    const pending = await currentDraft(message);
    if (!pending) {
      if (answer === 'yes' && message.messageId !== null) {
        const stored = await findUpdateByMessage(db, message.channel, message.messageId);
        if (stored) return reply(M.alreadyStored(shown(stored.taskId)), 'answered', 'officials', { citations: statusCitation(stored.taskId) });
      }
      return null;
    }
    if (message.messageId !== null && pending.draft.messageIds.includes(message.messageId)) return confirmation(pending.draft);
    if (answer === 'no') {
      await deleteDraft(db, message.channel, message.userId);
      return reply(pending.draft.kind === 'unchanged' ? M.unchangedDropped : M.dropped(shown(pending.draft.taskId)), 'answered');
    }
    // Only a confirmation, a cancellation or an explicit amendment touches the draft: a question or anything else
    // is for the engine, and the draft keeps waiting unchanged.
    const ref = findTaskRef(message.text, parser);
    const statement = !isQuestion(message.text);
    const sameTask = ref !== null && ref.index === 0 && statement && knowledge.resolveTaskRef(ref.ref, ref.documentId).some((task) => itemKey(task) === pending.draft.taskId);
    const otherTask = ref !== null && ref.index === 0 && ref.type === 'id' && statement && !sameTask;
    // New facts without a task ("đạt 90%, minh chứng …") amend the draft as "sửa lại …" does.
    const amendment =
      answer !== null || pending.draft.kind === 'unchanged' ? null : (amendmentOf(message.text) ?? (sameTask ? { kind: 'replace' as const, body: ref!.rest } : statement && carriesProgress(message.text) ? { kind: 'replace' as const, body: message.text } : null));
    if (answer === null && !amendment && !otherTask) return null;
    const official = await findActiveOfficial(db, message.channel, message.userId);
    const task = knowledge.task(pending.draft.taskId);
    const role = official && task ? taskRole(task, official.agencyId, directory) : null;
    const stillAllowed =
      official !== null && official.id === pending.officialId && role !== null && (pending.draft.kind === 'comment' || reportsStatus(role));
    if (!stillAllowed) {
      await deleteDraft(db, message.channel, message.userId);
      return reply(M.draftNoLongerAllowed(shown(pending.draft.taskId)), 'refused', 'not_allowed');
    }
    if (answer === 'yes') return confirm(message, pending.draft);
    // Content for another task starts a draft for that task; an amendment changes this one.
    if (otherTask && ref) {
      const named = knowledge.resolveTaskRef(ref.ref, ref.documentId);
      if (named.length === 1 && itemKey(named[0]!) !== pending.draft.taskId) return startUpdate(message, official, ref.ref, ref.documentId, ref.rest);
    }
    if (!amendment) return null;
    return amendAndSave(message, official, pending.draft, amendment.body, amendment.kind);
  }

  async function confirm(message: IncomingMessage, draft: Draft): Promise<Reply> {
    let result;
    try {
      result = await confirmDraft(db, { channel: message.channel, userId: message.userId, confirmMessageId: message.messageId, now: clock.now() });
    } catch (error) {
      logger.error({ err: error, channel: message.channel, taskId: draft.taskId }, 'storing a confirmed status update failed; draft kept');
      return reply(M.confirmFailed, 'error');
    }
    switch (result.outcome) {
      case 'stored':
        logger.info({ updateId: result.update.id, taskId: result.update.taskId, agency: result.update.agencyId, kind: result.update.kind, count: result.count }, 'status update stored');
        if (draft.kind === 'unchanged') {
          return reply(M.unchangedStored(result.count, draft.periodLabel ?? '', config.undoWindowMinutes), 'answered', 'officials', {
            citations: (draft.unchanged ?? []).map((entry) => ({ id: shown(entry.taskId), kind: 'status' as const })),
          });
        }
        return reply(M.stored(shown(result.update.taskId), config.undoWindowMinutes), 'answered', 'officials', { citations: statusCitation(result.update.taskId) });
      case 'duplicate':
        return reply(M.alreadyStored(shown(result.taskId)), 'answered', 'officials', { citations: statusCitation(result.taskId) });
      case 'no_draft':
        // Confirmed concurrently by another delivery of the answer.
        return reply(M.alreadyStored(shown(draft.taskId)), 'answered', 'officials', { citations: statusCitation(draft.taskId) });
    }
  }

  async function undo(message: IncomingMessage, official: Official): Promise<Reply> {
    const pending = await currentDraft(message);
    if (pending) {
      await deleteDraft(db, message.channel, message.userId);
      return reply(M.undoDroppedDraft(shown(pending.draft.taskId)), 'answered');
    }
    if (message.messageId !== null) {
      const done = await findUpdateByMessage(db, message.channel, message.messageId);
      if (done) return reply(M.undoDone(shown(done.taskId)), 'answered', 'officials', { citations: statusCitation(done.taskId) });
    }
    const last = await lastOwnUpdate(db, official.id);
    if (!last) return reply(M.undoNothing, 'answered');
    const now = clock.now();
    if (now.getTime() - last.createdAt.getTime() > config.undoWindowMinutes * 60_000) {
      return reply(M.undoTooLate(shown(last.taskId), config.undoWindowMinutes), 'refused', 'not_allowed', { citations: statusCitation(last.taskId) });
    }
    // A "không thay đổi" is withdrawn whole: every entry its one confirmation stored (only the first carries the message id).
    const together = await confirmedTogether(db, last);
    for (const [index, target] of together.entries()) {
      await withdrawUpdate(db, { target, officialId: official.id, channel: message.channel, messageId: index === 0 ? message.messageId : null, rawMessage: message.text, now });
    }
    logger.info({ officialId: official.id, withdrawn: last.id, taskId: last.taskId, count: together.length }, 'status update withdrawn');
    if (last.kind === 'unchanged') return reply(M.undoDoneBatch(together.length), 'answered', 'officials', { citations: together.map((entry) => ({ id: shown(entry.taskId), kind: 'status' as const })) });
    return reply(M.undoDone(shown(last.taskId)), 'answered', 'officials', { citations: statusCitation(last.taskId) });
  }

  /**
   * An official sees the whole history (officials' names, notes as written) of the tasks their agency leads, works
   * on or shares, and a coordinator of every task; of any other task they see what citizens would: the agencies and
   * the public notes, without officials' names.
   */
  async function history(official: Official, ref: string | null, documentId: string | null): Promise<Reply> {
    if (!ref) return reply(M.historyMissingTask, 'clarification');
    const lookup = lookupTask(ref, documentId);
    if (!('found' in lookup)) return lookupFailure(lookup, true);
    const task = lookup.found;
    const full = isCoordinator(official, coordinatorAgencyIds) || taskRole(task, official.agencyId, directory) !== null;
    const key = itemKey(task);
    const entries = await taskHistory(db, key);
    if (entries.length === 0) return reply(M.historyNone(shown(key)), 'answered', 'officials', { citations: statusCitation(key) });
    const lines = [M.historyHeading(shown(key), shortName(task, 80))];
    for (const entry of entries) {
      const note = full ? entry.note : entry.publicNote;
      const carried = entry.kind === 'unchanged' ? entries.find((other) => other.id === entry.carriesId) : undefined;
      const core =
        entry.kind === 'status' && entry.status
          ? `${M.progress(entry.status, entry.percent)}${note ? ` — ${note}` : ''}`
          : entry.kind === 'unchanged'
            ? M.historyUnchanged(carried?.status ? `${M.progress(carried.status, carried.percent)}, ${formatDate(todayInVietnam(carried.createdAt))}` : null)
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
    return reply(lines.join('\n'), 'answered', 'officials', { citations: statusCitation(key) });
  }

  return { handle, coordinatorAgencyIds };
}
