/**
 * The 1022 desk's service: the engine's port (`HandoffDesk`, over the store and the working hours) and what an
 * operator does from the desk pages — claim, reply through the citizen's own channel, close, save an answer.
 *
 * Delivery: an operator's reply is stored first, then pushed with `notify(channel, userId, text)` on Telegram and the
 * Zalo channels; the web chat cannot be pushed to (NotifyUnavailableError `no_push`), so there the stored reply is
 * what the web chat's poll (`GET /api/chat/desk`) shows. A refused push is kept as `failed` and shown on the desk;
 * it is attempted once, never retried (the operator decides whether to send again). A refusal the platform makes
 * because the citizen has not written recently (Zalo OA outside its interaction window) is `unreachable` to the
 * operator, stored as `failed`: sending again cannot help until the citizen writes.
 * Log lines carry ids and counts only, never a citizen's or operator's words.
 */
import { isPermanentSendFailure } from '../channels/types.ts';
import type { Attempt, DeskAvailability, HandoffDesk } from '../engine/handoff.ts';
import { DESK_MESSAGES, type Deployment } from '../engine/messages.ts';
import { savedAnswerIndex, type SavedAnswer, type SavedAnswerIndex } from '../engine/saved-answers.ts';
import type { ChannelName } from '../engine/types.ts';
import type { Database } from '../store/database.ts';
import { redactPersonalData } from '../text/personal-data.ts';
import type { WorkingHours } from './hours.ts';
import {
  acceptOffer,
  addOperatorReply,
  claimConversation,
  closeConversation,
  createOffer,
  declineOffer,
  deskStateOf,
  forwardCitizenMessage,
  listSavedAnswers,
  liveDeskAccounts,
  purgeDesk,
  saveAnswer,
  savedAnswersVersion,
  setDelivery,
} from './store.ts';

/** Pushes a message to a person on their channel (`RunningService.notify`); bound once the channels run. */
export type DeskNotify = (channel: ChannelName, userId: string, text: string) => Promise<void>;

export interface DeskLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface DeskServiceDeps {
  db: Database;
  hours: WorkingHours;
  deployment: Deployment;
  retentionDays: number;
  /** Late-bound like the officials' notifier: the channels start after the engine is built. */
  notify: () => DeskNotify | null;
  logger?: DeskLogger;
}

export type ReplyOutcome = 'sent' | 'stored' | 'failed' | 'unreachable' | 'taken' | 'gone';

export interface DeskService extends HandoffDesk {
  claim(conversationId: number, operatorId: number, now: Date): Promise<boolean>;
  /** Stores and delivers an operator's reply (claiming a queued conversation). */
  reply(conversationId: number, operatorId: number, text: string, now: Date): Promise<ReplyOutcome>;
  /** Closes it and tells the citizen (best effort). False when it was not open. */
  close(conversationId: number, now: Date): Promise<boolean>;
  /** Saves a reviewed answer (personal data removed from the citizen's question; the answer is the operator's own) and refreshes the in-memory index. */
  saveAnswer(entry: { question: string; answer: string; operatorId: number; operatorName: string; conversationId: number | null }, now: Date): Promise<SavedAnswer>;
  /** The saved answers as the engine reads them (never waits for the store). */
  savedAnswers(): SavedAnswerIndex;
  savedAnswerList(): readonly SavedAnswer[];
  /**
   * Reloads the saved answers when another instance changed them, and the accounts with a desk conversation that
   * is not closed (so that a message from anyone else costs no store read); true when the saved answers changed.
   */
  refresh(): Promise<boolean>;
  purge(now: Date): Promise<number>;
}

export async function createDeskService(deps: DeskServiceDeps): Promise<DeskService> {
  const { db } = deps;
  let entries: SavedAnswer[] = await listSavedAnswers(db);
  let index = savedAnswerIndex(entries);
  let version = await savedAnswersVersion(db);
  // Accounts (`channel:user`) that may be talking to the desk: every other message is answered without reading the
  // store. Another instance's new offer shows here at the next refresh (the server's one-second poll).
  let live = await liveDeskAccounts(db);
  const accountOf = (channel: ChannelName, userId: string) => `${channel}:${userId}`;

  const reload = async (): Promise<boolean> => {
    const now = await savedAnswersVersion(db);
    if (now === version) return false;
    entries = await listSavedAnswers(db);
    index = savedAnswerIndex(entries);
    version = now;
    return true;
  };

  const push = async (channel: ChannelName, userId: string, text: string): Promise<'sent' | 'stored' | 'failed' | 'unreachable'> => {
    if (channel === 'web') return 'stored';
    const notify = deps.notify();
    if (!notify) return 'failed';
    try {
      await notify(channel, userId, text);
      return 'sent';
    } catch (error) {
      const unreachable = isPermanentSendFailure(error) && error.reason === 'outside_interaction_window';
      deps.logger?.warn({ channel, error: error instanceof Error ? error.name : 'unknown', ...(unreachable ? { reason: 'outside_interaction_window' } : {}) }, 'desk reply not delivered');
      return unreachable ? 'unreachable' : 'failed';
    }
  };

  return {
    async stateOf(channel, userId, now) {
      const account = accountOf(channel, userId);
      if (!live.has(account)) return null;
      const state = await deskStateOf(db, channel, userId, now);
      if (!state) live.delete(account);
      return state;
    },
    async offer(channel, userId, attempts: readonly Attempt[], now) {
      const offered = await createOffer(db, channel, userId, attempts, now);
      if (offered) live.add(accountOf(channel, userId));
      return offered;
    },
    async accept(id, now) {
      const accepted = await acceptOffer(db, id, now);
      if (accepted) deps.logger?.info({ conversation: id, ahead: accepted.ahead }, 'desk conversation queued');
      return accepted;
    },
    decline: (id) => declineOffer(db, id),
    forward: (id, text, now) => forwardCitizenMessage(db, id, text, now),
    async end(id, now) {
      await closeConversation(db, id, 'citizen', now);
    },
    availability(now): DeskAvailability {
      return { open: deps.hours.isOpen(now), nextOpening: deps.hours.nextOpening(now), hours: deps.hours.label };
    },
    claim: (id, operatorId, now) => claimConversation(db, id, operatorId, now),
    async reply(id, operatorId, text, now) {
      const stored = await addOperatorReply(db, id, operatorId, text, now);
      if (stored.status !== 'stored') return stored.status;
      const delivery = await push(stored.channel, stored.userId, DESK_MESSAGES.fromOperator(deps.deployment, text));
      await setDelivery(db, stored.messageId, delivery === 'unreachable' ? 'failed' : delivery);
      deps.logger?.info({ conversation: id, operator: operatorId, delivery }, 'desk reply');
      return delivery;
    },
    async close(id, now) {
      const conversation = await db.query<{ channel: string; user_id: string }>('SELECT channel, user_id FROM desk_conversations WHERE id = $1', [id]);
      const closed = await closeConversation(db, id, 'operator', now);
      const row = conversation.rows[0];
      if (closed && row) await push(row.channel as ChannelName, row.user_id, DESK_MESSAGES.closedByOperator);
      return closed;
    },
    async saveAnswer(entry, now) {
      const saved = await saveAnswer(db, {
        question: redactPersonalData(entry.question.trim()),
        answer: entry.answer.trim(),
        reviewedBy: entry.operatorId,
        reviewerName: entry.operatorName,
        now,
        sourceConversation: entry.conversationId,
      });
      await reload();
      return saved;
    },
    savedAnswers: () => index,
    savedAnswerList: () => entries,
    async refresh() {
      live = await liveDeskAccounts(db);
      return reload();
    },
    purge: (now) => purgeDesk(db, deps.retentionDays, now),
  };
}

export const DESK_PURGE_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Purges the desk at start and then daily (DESK_RETENTION_DAYS); a failure is logged and retried next time. */
export function startDeskPurge(desk: Pick<DeskService, 'purge'>, logger: DeskLogger, intervalMs = DESK_PURGE_INTERVAL_MS): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const purged = await desk.purge(new Date());
        logger.info({ purged }, 'desk conversations purged');
      } catch (error) {
        logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'desk purge failed; retried at the next purge');
      }
    });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
