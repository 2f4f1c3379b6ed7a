/**
 * Rate limits per key (a chat account, a web session, a client address, a sign-in form). One process on the
 * embedded store counts in memory; several instances on one PostgreSQL count in the store, so that two instances
 * give one person one budget, not two.
 */
import { hashedKey, type Queryable } from '../store/database.ts';

export interface RateLimiter {
  /** Null when accepted (and counted), otherwise the seconds until a slot frees up. Refused takes are not counted. */
  take(key: string): Promise<number | null>;
}

/** Makes a limiter of a given budget: each user of limits (gateway, web chat, sign-in forms) takes its own. */
export type RateLimiters = (perMinute: number) => RateLimiter;

export const localRateLimiters: RateLimiters = (perMinute) => new SlidingWindowLimiter(perMinute);

const RATE_WINDOW_MS = 60_000;

/**
 * Sliding one-minute window per key in this process; exact. Each key's times are kept in order (a clock that steps
 * back counts at the latest time seen), so the ones that left the window are cut from the front: a take costs the
 * times that expired, not the whole window.
 */
export class SlidingWindowLimiter implements RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): Promise<number | null> {
    return Promise.resolve(this.takeNow(key));
  }

  /** `take` without the promise, for callers that cannot wait. */
  takeNow(key: string): number | null {
    const now = this.now();
    const since = now - RATE_WINDOW_MS;
    let kept = this.hits.get(key);
    if (!kept) {
      kept = [];
      this.hits.set(key, kept);
    }
    let expired = 0;
    while (expired < kept.length && kept[expired]! <= since) expired += 1;
    if (expired > 0) kept.splice(0, expired);
    if (kept.length >= this.perMinute) {
      return Math.max(1, Math.ceil(((kept[0] ?? now) + RATE_WINDOW_MS - now) / 1000));
    }
    kept.push(Math.max(now, kept.at(-1) ?? now));
    if (this.hits.size > 10_000) this.sweep(since);
    return null;
  }

  private sweep(since: number): void {
    for (const [key, times] of this.hits) {
      if (times.every((time) => time <= since)) this.hits.delete(key);
    }
  }
}

/** How often one instance removes the store's windows that no estimate reads any more. */
const SWEEP_EVERY_MS = RATE_WINDOW_MS;

/**
 * Counts in the store, shared by every instance on it: one-minute windows per key, the sliding minute estimated
 * as the previous window weighted by the share of it still inside the minute plus the current window (the
 * estimate errs by at most the previous window's unevenness). Check and count are one statement; two instances
 * taking the last slot at the same instant may both get it. Keys are stored hashed: no address or chat id is kept.
 */
export function databaseRateLimiter(db: Queryable, perMinute: number, now: () => number = Date.now): RateLimiter {
  let lastSweep = 0;
  return {
    async take(key) {
      const time = now();
      const windowStart = Math.floor(time / RATE_WINDOW_MS) * RATE_WINDOW_MS;
      const elapsed = (time - windowStart) / RATE_WINDOW_MS;
      const previousWeight = 1 - elapsed;
      const bucket = hashedKey(key);
      const { rows } = await db.query<{ accepted: number; previous: number; current: number }>(
        `WITH counts AS (
           SELECT coalesce(sum(hits) FILTER (WHERE window_start = $2), 0)::int AS current,
                  coalesce(sum(hits) FILTER (WHERE window_start = $2 - ${RATE_WINDOW_MS}), 0)::int AS previous
             FROM rate_windows WHERE bucket = $1 AND window_start IN ($2, $2 - ${RATE_WINDOW_MS})
         ), taken AS (
           INSERT INTO rate_windows (bucket, window_start, hits)
           SELECT $1, $2, 1 FROM counts WHERE counts.previous * $3::float8 + counts.current < $4
           ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_windows.hits + 1
           RETURNING hits
         )
         SELECT (SELECT count(*) FROM taken)::int AS accepted, previous, current FROM counts`,
        [bucket, windowStart, previousWeight, perMinute],
      );
      if (time - lastSweep > SWEEP_EVERY_MS) {
        lastSweep = time;
        await db.query('DELETE FROM rate_windows WHERE window_start < $1', [windowStart - RATE_WINDOW_MS]);
      }
      const row = rows[0] ?? { accepted: 1, previous: 0, current: 0 };
      if (row.accepted > 0) return null;
      return Math.max(1, Math.ceil(waitMs(row.previous, row.current, elapsed, perMinute) / 1000));
    },
  };
}

/** Milliseconds until `previous × (1 − elapsed) + current` falls below `perMinute` as the minute slides on. */
function waitMs(previous: number, current: number, elapsed: number, perMinute: number): number {
  const leftOfWindow = (1 - elapsed) * RATE_WINDOW_MS;
  if (current >= perMinute) {
    // Into the next window, until this window's weight has shrunk enough: current × (1 − x) < perMinute.
    return leftOfWindow + Math.max(0, 1 - perMinute / current) * RATE_WINDOW_MS + 1;
  }
  if (previous === 0) return 1_000;
  // Within this window: previous × (1 − elapsed − x) + current < perMinute.
  const x = (previous * (1 - elapsed) + current - perMinute) / previous;
  return Math.min(leftOfWindow, Math.max(0, x) * RATE_WINDOW_MS) + 1;
}
