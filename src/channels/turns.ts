/**
 * Answers are CPU work on the one event-loop thread. Node accepts one new connection per turn of the loop, so a
 * turn that answers everything that arrived (100 ms and more under load) leaves new visitors in the kernel's
 * accept queue for seconds while open connections are served. The scheduler gives each turn a budget: work past
 * it waits, in arrival order, for the next turn, so turns stay short, connections keep being accepted, and the
 * time the oldest waiting message has waited is the backlog the web chat sheds on.
 */
export interface TurnScheduler {
  /** Resolves when the caller may start its work; the returned function ends it (call it exactly once). */
  slot(): Promise<() => void>;
  /** Milliseconds the oldest waiting caller has waited (0 when none waits). */
  waitedMs(): number;
  /** Callers waiting for a turn. */
  waiting(): number;
}

/** Work one turn may start; past it, callers wait for the next turn (`setImmediate`, after the poll phase). */
export const TURN_BUDGET_MS = 10;

export function turnScheduler(budgetMs = TURN_BUDGET_MS, now: () => number = () => performance.now()): TurnScheduler {
  const queue: Array<{ resolve: (release: () => void) => void; since: number }> = [];
  let turnOpen = false;
  let turnStart = 0;
  let drainScheduled = false;
  // Work started and not yet released. Work starts at once only when none runs: the budget is checked before the
  // work, and two started in the same instant would both find it unspent.
  let running = 0;

  const openTurn = () => {
    if (turnOpen) return;
    turnOpen = true;
    turnStart = now();
    // The turn ends when the loop reaches its check phase.
    setImmediate(() => {
      turnOpen = false;
    });
  };
  const withinBudget = () => now() - turnStart < budgetMs;
  const scheduleDrain = () => {
    if (drainScheduled) return;
    drainScheduled = true;
    setImmediate(drain);
  };
  // Started work releases when it is done; the next starts then if the turn has budget left, else in a later turn.
  // Each later turn starts one more even while earlier work still waits on I/O (a store write does not hold the CPU).
  const startNext = () => {
    const next = queue.shift();
    if (next) {
      running += 1;
      next.resolve(once(release));
    }
    if (queue.length > 0) scheduleDrain();
  };
  function release(): void {
    running -= 1;
    if (queue.length > 0 && running === 0 && turnOpen && withinBudget()) startNext();
  }
  function drain(): void {
    drainScheduled = false;
    if (queue.length === 0) return;
    turnOpen = false;
    openTurn();
    startNext();
  }

  return {
    slot() {
      openTurn();
      if (queue.length === 0 && running === 0 && withinBudget()) {
        running += 1;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => {
        queue.push({ resolve, since: now() });
        scheduleDrain();
      });
    },
    waitedMs: () => (queue[0] ? now() - queue[0].since : 0),
    waiting: () => queue.length,
  };
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
