/**
 * What was worked out for a text, kept for the next time the same text comes (a question read by several steps, a
 * typo seen in question after question). Bounded: once `limit` texts are kept it starts again, so a flood of
 * distinct texts cannot grow it. What it hands out is shared: callers must not change it.
 */
export class TextMemo<T> {
  private readonly kept = new Map<string, T>();

  constructor(private readonly limit: number) {}

  /** The value kept for `text`, or `work()`'s, kept from now on. */
  get(text: string, work: () => T): T {
    const known = this.kept.get(text);
    if (known !== undefined) return known;
    const value = work();
    if (this.kept.size >= this.limit) this.kept.clear();
    this.kept.set(text, value);
    return value;
  }
}
