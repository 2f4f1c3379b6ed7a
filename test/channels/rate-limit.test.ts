/**
 * Rate limiters: the one contract (a budget per key and minute, refused takes not counted, a wait that ends) run
 * against the in-process limiter and the store's on every engine; and two instances on one store sharing a budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseRateLimiter, SlidingWindowLimiter, type RateLimiter } from '../../src/channels/rate-limit.ts';
import { engines, type StoreHandle } from '../support/databases.ts';

interface Clock {
  now: number;
}

function limiterContract(label: string, make: (perMinute: number, clock: Clock) => Promise<RateLimiter>): void {
  describe(`rate limiter contract: ${label}`, () => {
    it('accepts the budget of a key within a minute, then refuses with a wait of at least a second', async () => {
      const clock = { now: Date.UTC(2026, 11, 2, 3, 0, 5) };
      const limiter = await make(3, clock);
      const taken = [await limiter.take('a'), await limiter.take('a'), await limiter.take('a')];
      expect(taken).toEqual([null, null, null]);
      const wait = await limiter.take('a');
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
      expect(await limiter.take('b')).toBeNull();
    });

    it('counts only accepted takes, and accepts again once the wait it gave has passed', async () => {
      const clock = { now: Date.UTC(2026, 11, 2, 4, 0, 10) };
      const limiter = await make(2, clock);
      await limiter.take('k');
      await limiter.take('k');
      for (let attempt = 0; attempt < 5; attempt += 1) expect(await limiter.take('k')).not.toBeNull();
      const wait = (await limiter.take('k'))!;
      clock.now += wait * 1000;
      expect(await limiter.take('k')).toBeNull();
    });

    it('forgets a key after two quiet minutes', async () => {
      const clock = { now: Date.UTC(2026, 11, 2, 5, 0, 0) };
      const limiter = await make(1, clock);
      expect(await limiter.take('z')).toBeNull();
      expect(await limiter.take('z')).not.toBeNull();
      clock.now += 2 * 60_000 + 1;
      expect(await limiter.take('z')).toBeNull();
    });
  });
}

limiterContract('in this process', async (perMinute, clock) => new SlidingWindowLimiter(perMinute, () => clock.now));

describe('SlidingWindowLimiter', () => {
  it('frees a slot exactly when the oldest hit leaves the window', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(3, () => now);
    expect([limiter.takeNow('a'), limiter.takeNow('a')]).toEqual([null, null]);
    now = 20_000;
    expect(limiter.takeNow('a')).toBeNull();
    expect(limiter.takeNow('a')).toBe(40);
    now = 60_001;
    expect([limiter.takeNow('a'), limiter.takeNow('a')]).toEqual([null, null]);
    expect(limiter.takeNow('a')).toBe(20);
  });

  it('counts a take while the clock stepped back at the latest time seen', () => {
    let now = 100_000;
    const limiter = new SlidingWindowLimiter(2, () => now);
    expect(limiter.takeNow('a')).toBeNull();
    now = 70_000;
    expect(limiter.takeNow('a')).toBeNull();
    expect(limiter.takeNow('a')).not.toBeNull();
    // Both takes count from 100 s on: a slot frees at 160 s, not at 130 s.
    now = 150_000;
    expect(limiter.takeNow('a')).toBe(10);
    now = 160_001;
    expect(limiter.takeNow('a')).toBeNull();
    expect(limiter.takeNow('a')).toBeNull();
    expect(limiter.takeNow('a')).not.toBeNull();
  });
});

for (const engine of engines('ratelimit')) {
  describe(`store rate limiter: ${engine.label}`, () => {
    let handle: StoreHandle;
    beforeAll(async () => {
      handle = await engine.open();
    });
    afterAll(async () => {
      await handle?.dispose();
    });
    let run = 0;
    // Each case counts under keys of its own: the store is shared by the cases.
    limiterContract(engine.label, async (perMinute, clock) => {
      run += 1;
      const limiter = databaseRateLimiter(handle.db, perMinute, () => clock.now);
      return { take: (key) => limiter.take(`${run}:${key}`) };
    });

    it('gives two instances on one store one budget, and keeps no key in the clear', async () => {
      const clock = { now: Date.UTC(2026, 11, 2, 6, 0, 30) };
      const first = databaseRateLimiter(handle.db, 4, () => clock.now);
      const second = databaseRateLimiter(handle.db, 4, () => clock.now);
      const results = [];
      for (let index = 0; index < 6; index += 1) results.push(await (index % 2 === 0 ? first : second).take('telegram:4242'));
      expect(results.filter((wait) => wait === null)).toHaveLength(4);
      expect(results.slice(4).every((wait) => wait !== null)).toBe(true);
      const { rows } = await handle.db.query<{ bucket: string }>('SELECT bucket FROM rate_windows');
      expect(rows.some((row) => row.bucket.includes('4242'))).toBe(false);
    });

    it('weighs the previous minute by how much of it is still inside the sliding minute', async () => {
      const clock = { now: Date.UTC(2026, 11, 2, 7, 0, 50) };
      const limiter = databaseRateLimiter(handle.db, 4, () => clock.now);
      for (let index = 0; index < 4; index += 1) expect(await limiter.take('w')).toBeNull();
      // 15 s into the next window three quarters of the previous one still count: 3 of 4 slots are taken.
      clock.now = Date.UTC(2026, 11, 2, 7, 1, 15);
      expect(await limiter.take('w')).toBeNull();
      expect(await limiter.take('w')).not.toBeNull();
      // 45 s in, one quarter counts (1) plus the one taken this window.
      clock.now = Date.UTC(2026, 11, 2, 7, 1, 45);
      expect(await limiter.take('w')).toBeNull();
      expect(await limiter.take('w')).toBeNull();
      expect(await limiter.take('w')).not.toBeNull();
    });
  });
}
