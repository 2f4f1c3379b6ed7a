/**
 * Short per-conversation context for follow-ups ("còn hạn thì sao?" after a task was discussed): the tasks the
 * last answer was about and how the last question was understood, plus — only when a model is configured — the
 * last few question/answer texts for rewriting a follow-up. In memory, bounded, expiring.
 */
import type { ConversationTurn } from '../llm/types.ts';
import type { Classification } from './classify.ts';

export interface ConversationState {
  /** Task ids the last answer cited, most relevant first. */
  focus: string[];
  /** Documents the last answer cited: a question that points back ("việc này") stays in them. */
  documents: string[];
  classification: Classification;
}

/** Question/answer pairs kept per conversation for the follow-up rewriter. */
export const KEPT_EXCHANGES = 3;
/** Characters kept of each turn's text: enough for a standalone question, not a whole list. */
export const KEPT_TURN_CHARS = 500;

interface Entry<T> {
  value: T;
  at: number;
}

export class ConversationMemory {
  private readonly entries = new Map<string, Entry<ConversationState>>();
  private readonly turnEntries = new Map<string, Entry<ConversationTurn[]>>();

  constructor(
    private readonly maxConversations = 10_000,
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(conversationId: string): ConversationState | null {
    return this.read(this.entries, conversationId);
  }

  set(conversationId: string, state: ConversationState): void {
    this.write(this.entries, conversationId, state);
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
