/** The turn scheduler: work past a turn's budget waits for a later turn, in arrival order, and its wait is measured. */
import { describe, expect, it } from 'vitest';
import { turnScheduler } from '../../src/channels/turns.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('turnScheduler', () => {
  it('starts work at once while the turn has budget left', async () => {
    let now = 0;
    const turns = turnScheduler(10, () => now);
    const release = await turns.slot();
    now = 4;
    release();
    const second = await turns.slot();
    second();
    expect(turns.waiting()).toBe(0);
    expect(turns.waitedMs()).toBe(0);
  });

  it('queues work past the budget for later turns, in arrival order, and measures the oldest wait', async () => {
    let now = 0;
    const turns = turnScheduler(10, () => now);
    const started: string[] = [];
    const first = await turns.slot();
    now = 12;
    const queued = ['b', 'c'].map((name) => turns.slot().then((release) => (started.push(name), release)));
    expect(turns.waiting()).toBe(2);
    now = 30;
    expect(turns.waitedMs()).toBe(18);
    first();
    expect(started).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(started[0]).toBe('b');
    const releases = await Promise.all(queued);
    expect(started).toEqual(['b', 'c']);
    releases.forEach((release) => release());
    expect(turns.waiting()).toBe(0);
  });

  it('lets the next waiting work start when earlier work of the same turn ends within the budget', async () => {
    let now = 0;
    const turns = turnScheduler(10, () => now);
    const first = await turns.slot();
    now = 11;
    const second = turns.slot();
    let thirdStarted = false;
    const third = turns.slot().then((release) => ((thirdStarted = true), release));
    first();
    await nextTurn(); // a new turn: the second starts
    now = 13;
    const releaseSecond = await second;
    expect(thirdStarted).toBe(false);
    releaseSecond(); // 2 ms into its turn: the third starts in the same turn, before the loop turns again
    for (let flush = 0; flush < 3; flush += 1) await Promise.resolve();
    expect(thirdStarted).toBe(true);
    const releaseThird = await third;
    releaseThird();
    releaseThird(); // releasing twice is harmless
    expect(turns.waiting()).toBe(0);
  });
});
