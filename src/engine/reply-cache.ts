/**
 * Replies to questions asked outside any conversation, kept in memory. Without an assistant and without a previous
 * state, what the steps from `classify` on decide is a function of the question's normalised text, the day, and
 * the knowledge, statuses and saved answers the answer read; an entry is kept with those, and every entry is
 * dropped the moment any of them is another object (an ingest, a confirmed status update, a reviewed saved answer).
 * The per-account steps before it (officials, desk) and the desk's offer after it still run for every message.
 */
import type { Classification } from './classify.ts';
import type { Reply } from './types.ts';

/** What the cached steps left behind: the reply they stopped with or set, and how the question was read. */
export interface CachedDecision {
  stopped: Reply | undefined;
  reply: Reply | null;
  classification: Classification | null;
}

/** The objects a decision was read from; compared by identity. */
export type DecisionInputs = readonly unknown[];

export class ReplyCache {
  private readonly entries = new Map<string, CachedDecision>();
  private inputs: DecisionInputs = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The decision for `text` on `today`, when one was kept over the same `inputs`. */
  get(text: string, today: string, inputs: DecisionInputs): CachedDecision | undefined {
    if (!this.sameInputs(inputs)) return undefined;
    const key = keyOf(text, today);
    const found = this.entries.get(key);
    if (found) {
      // Most recently used last: the first key is the one evicted.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  /** Keeps a decision read from `inputs`; the entries of other inputs go. */
  set(text: string, today: string, inputs: DecisionInputs, decision: CachedDecision): void {
    if (this.capacity <= 0) return;
    if (!this.sameInputs(inputs)) {
      this.entries.clear();
      this.inputs = [...inputs];
    }
    const key = keyOf(text, today);
    this.entries.delete(key);
    this.entries.set(key, decision);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  private sameInputs(inputs: DecisionInputs): boolean {
    return inputs.length === this.inputs.length && inputs.every((input, index) => input === this.inputs[index]);
  }
}

function keyOf(text: string, today: string): string {
  return `${today}\n${text}`;
}
