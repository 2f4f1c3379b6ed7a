/**
 * Short per-conversation context for follow-ups ("còn hạn thì sao?" after a task was discussed): the tasks the
 * last answer was about and how the last question was understood, plus — only when a model is configured — the
 * last few question/answer texts for rewriting a follow-up. In memory, bounded, expiring; with several instances
 * on one PostgreSQL the state (not the texts) lives in the store, so that a follow-up reaching another instance
 * is read the same.
 */
import type { ConversationTurn } from '../llm/types.ts';
import { hashedKey, type Queryable } from '../store/database.ts';
import { redactPersonalData } from '../text/personal-data.ts';
import type { Classification } from './classify.ts';

export interface ConversationState {
  /** Task ids the last answer cited, most relevant first. */
  focus: string[];
  /** Documents the last answer cited: a question that points back ("việc này") stays in them. */
  documents: string[];
  classification: Classification;
  /** The last answer asked which of `focus` was meant: a field asked next is of one of them, not of the first. */
  choices?: boolean;
}

/** Where conversation states are kept; `get` gives null for a conversation unknown or quiet longer than the time-out. */
export interface ConversationStates {
  get(conversationId: string): Promise<ConversationState | null>;
  set(conversationId: string, state: ConversationState): Promise<void>;
}

/** A conversation quiet this long starts afresh: its next question is not read as a follow-up. */
export const CONVERSATION_TTL_MS = 30 * 60_000;

/** Question/answer pairs kept per conversation for the follow-up rewriter. */
export const KEPT_EXCHANGES = 3;
/** Characters kept of each turn's text: enough for a standalone question, not a whole list. */
export const KEPT_TURN_CHARS = 500;

interface Entry<T> {
  value: T;
  at: number;
}

/** States and turns in this process: the states of one instance on the embedded store, and every instance's turns. */
export class ConversationMemory implements ConversationStates {
  private readonly entries = new Map<string, Entry<ConversationState>>();
  private readonly turnEntries = new Map<string, Entry<ConversationTurn[]>>();

  constructor(
    private readonly maxConversations = 10_000,
    private readonly ttlMs = CONVERSATION_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(conversationId: string): Promise<ConversationState | null> {
    return Promise.resolve(this.read(this.entries, conversationId));
  }

  set(conversationId: string, state: ConversationState): Promise<void> {
    this.write(this.entries, conversationId, state);
    return Promise.resolve();
  }

  /** The last turns of the conversation, oldest first; empty when none are kept or they expired. */
  turns(conversationId: string): ConversationTurn[] {
    return this.read(this.turnEntries, conversationId) ?? [];
  }

  /** Appends one question and its answer; keeps the last `KEPT_EXCHANGES` pairs, each clipped. */
  addExchange(conversationId: string, question: string, answer: string): void {
    const kept = [
      ...this.turns(conversationId),
      { role: 'user' as const, text: question.slice(0, KEPT_TURN_CHARS) },
      { role: 'assistant' as const, text: answer.slice(0, KEPT_TURN_CHARS) },
    ].slice(-2 * KEPT_EXCHANGES);
    this.write(this.turnEntries, conversationId, kept);
  }

  private read<T>(map: Map<string, Entry<T>>, conversationId: string): T | null {
    const entry = map.get(conversationId);
    if (!entry) return null;
    if (this.now() - entry.at > this.ttlMs) {
      map.delete(conversationId);
      return null;
    }
    return entry.value;
  }

  private write<T>(map: Map<string, Entry<T>>, conversationId: string, value: T): void {
    map.delete(conversationId);
    map.set(conversationId, { value, at: this.now() });
    if (map.size > this.maxConversations) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
  }
}

/** How often one instance deletes the store's states past the time-out. */
const SWEEP_EVERY_MS = 60_000;

/**
 * States in the store (table `conversation_states`), shared by every instance on it. The conversation key is
 * stored hashed; the question's own words inside the state (its topic words, the folded question) are redacted of
 * personal data first, and rows past the time-out are deleted.
 */
export function databaseConversationStates(db: Queryable, ttlMs = CONVERSATION_TTL_MS, now: () => number = Date.now): ConversationStates {
  let lastSweep = 0;
  return {
    async get(conversationId) {
      const { rows } = await db.query<{ state: string }>('SELECT state FROM conversation_states WHERE conversation = $1 AND updated_at > $2', [
        hashedKey(conversationId),
        new Date(now() - ttlMs),
      ]);
      return rows[0] ? (JSON.parse(rows[0].state) as ConversationState) : null;
    },
    async set(conversationId, state) {
      const time = now();
      const { classification } = state;
      const kept: ConversationState = {
        ...state,
        classification: {
          ...classification,
          phrase: redactPersonalData(classification.phrase),
          query: redactPersonalData(classification.query),
          folded: redactPersonalData(classification.folded),
        },
      };
      await db.query(
        `INSERT INTO conversation_states (conversation, state, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (conversation) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        [hashedKey(conversationId), JSON.stringify(kept), new Date(time)],
      );
      if (time - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = time;
        await db.query('DELETE FROM conversation_states WHERE updated_at <= $1', [new Date(time - ttlMs)]);
      }
    },
  };
}
