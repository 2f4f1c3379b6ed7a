/** At most `size` holders at once; the others wait in arrival order. */
export class Slots {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Resolves when a slot is free; the returned function frees it (call it exactly once). */
  async take(): Promise<() => void> {
    if (this.held >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.held += 1;
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `held` stays counted for it.
      if (next) next();
      else this.held -= 1;
    };
  }
}
