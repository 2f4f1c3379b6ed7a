/**
 * Short per-conversation context for follow-ups ("còn hạn thì sao?" after a task was discussed): the tasks the
 * last answer was about and how the last question was understood. In memory, bounded, expiring.
 */
import type { Classification } from './classify.ts';

export interface ConversationState {
  /** Task ids the last answer cited, most relevant first. */
  focus: string[];
  classification: Classification;
}

interface Entry {
  state: ConversationState;
  at: number;
}

export class ConversationMemory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxConversations = 10_000,
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(conversationId: string): ConversationState | null {
    const entry = this.entries.get(conversationId);
    if (!entry) return null;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(conversationId);
      return null;
    }
    return entry.state;
  }

  set(conversationId: string, state: ConversationState): void {
    this.entries.delete(conversationId);
    this.entries.set(conversationId, { state, at: this.now() });
    if (this.entries.size > this.maxConversations) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
