/**
 * The durable inbox: a webhook body is stored before the platform is acknowledged, processed from there, and
 * marked done afterwards. A body whose key was stored before is a redelivery (or reached another instance first)
 * and is acknowledged without processing. Unfinished rows whose claim is older than `staleMs` (claims are renewed while
 * their instance works on them) belong to an instance that died: `claimUnfinished` hands them to the caller once (the claim is renewed atomically), so a
 * restart or a surviving instance answers them. At least once: a crash after the reply went out but before `done`
 * answers that message again, and the officials' workflow recognises the repeated platform message id. A reply that
 * travels in the webhook's own response is marked at its write (`markDoneNow`), which shrinks that window to the
 * write itself. An answered body is erased at once (citizens' questions are not kept); its key stays a day.
 */
import type { ChannelName } from '../engine/types.ts';
import type { Queryable } from '../store/database.ts';
import { describeError } from './text.ts';

export interface InboxEntry {
  key: string;
  payload: unknown;
  receivedAt: Date;
}

export interface Inbox {
  /** Stores the body; true when it is new (process it), false when the key was stored before. */
  accept(channel: ChannelName, key: string, payload: unknown, now: Date): Promise<boolean>;
  done(channel: ChannelName, key: string, now: Date): Promise<void>;
  /** Marks several keys done at once (a replayed sent journal); rows already done keep their time. */
  doneAll(channel: ChannelName, keys: string[], now: Date): Promise<void>;
  /** Stores a key with nothing left to process (a web chat message id, answered in its own request); true when new. */
  remember(channel: ChannelName, key: string, now: Date): Promise<boolean>;
  /** Renews the claim of unfinished rows this instance is working on, so that no other instance takes them over. */
  renew(channel: ChannelName, keys: string[], now: Date): Promise<void>;
  /** Unfinished bodies whose claim is older than `staleMs`, now claimed by the caller, oldest first. */
  claimUnfinished(channel: ChannelName, staleMs: number, now: Date, limit?: number): Promise<InboxEntry[]>;
  /** Removes finished rows older than `retentionMs` (kept that long to recognise late redeliveries). */
  purge(retentionMs: number, now: Date): Promise<number>;
}

/**
 * An unfinished row whose claim is older than this is taken over: its instance died. A live instance renews the
 * claims of what it works on every INBOX_RENEW_MS (queued behind a slow answer of the same chat included), so the
 * window only has to outlast a renewal missed under load, and a killed instance's messages wait about this long.
 */
export const INBOX_STALE_MS = 20_000;
export const INBOX_RENEW_MS = 5_000;
/**
 * Pauses before retrying a failed done mark (about 26 s in all): short at first, because a store that restarts is
 * back within a second or two and every moment a sent reply stays unmarked is a moment a kill answers it again.
 */
const DONE_RETRY_DELAYS_MS = [100, 100, 200, 200, 400, 800, 1_600, 3_200, 6_400, 12_800];
/** How long a reply waits for the store to answer before it is sent anyway (answered late beats unanswered). */
export const RECORDABLE_WAIT_MS = 30_000;
const RECORDABLE_RETRY_MS = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Zalo redelivers for about two hours; a day is kept. */
export const INBOX_RETENTION_MS = 24 * 60 * 60_000;

export function databaseInbox(db: Queryable): Inbox {
  return {
    async accept(channel, key, payload, now) {
      const { rows } = await db.query<{ event_key: string }>(
        `INSERT INTO channel_inbox (channel, event_key, payload, received_at, claimed_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT DO NOTHING RETURNING event_key`,
        [channel, key, JSON.stringify(payload), now],
      );
      return rows.length === 1;
    },
    async done(channel, key, now) {
      // The body (a citizen's words) goes as soon as it is answered; only the key stays, to recognise redeliveries.
      await db.query(`UPDATE channel_inbox SET done_at = $3, payload = '' WHERE channel = $1 AND event_key = $2`, [channel, key, now]);
    },
    async doneAll(channel, keys, now) {
      if (keys.length === 0) return;
      await db.query(`UPDATE channel_inbox SET done_at = $3, payload = '' WHERE channel = $1 AND event_key = ANY($2::text[]) AND done_at IS NULL`, [channel, keys, now]);
    },
    async remember(channel, key, now) {
      const { rows } = await db.query<{ event_key: string }>(
        `INSERT INTO channel_inbox (channel, event_key, payload, received_at, claimed_at, done_at) VALUES ($1, $2, '', $3, $3, $3)
         ON CONFLICT DO NOTHING RETURNING event_key`,
        [channel, key, now],
      );
      return rows.length === 1;
    },
    async renew(channel, keys, now) {
      if (keys.length === 0) return;
      await db.query(`UPDATE channel_inbox SET claimed_at = $3 WHERE channel = $1 AND event_key = ANY($2::text[]) AND done_at IS NULL`, [channel, keys, now]);
    },
    async claimUnfinished(channel, staleMs, now, limit = 100) {
      const { rows } = await db.query<{ event_key: string; payload: string; received_at: Date }>(
        `UPDATE channel_inbox SET claimed_at = $2, attempts = attempts + 1
         WHERE (channel, event_key) IN (
           SELECT channel, event_key FROM channel_inbox
           WHERE channel = $1 AND done_at IS NULL AND claimed_at < $3
           ORDER BY received_at LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING event_key, payload, received_at`,
        [channel, now, new Date(now.getTime() - staleMs), limit],
      );
      return rows
        .map((row) => ({ key: row.event_key, payload: JSON.parse(row.payload) as unknown, receivedAt: new Date(row.received_at) }))
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    },
    async purge(retentionMs, now) {
      const { rows } = await db.query<{ event_key: string }>(
        'DELETE FROM channel_inbox WHERE done_at IS NOT NULL AND done_at < $1 RETURNING event_key',
        [new Date(now.getTime() - retentionMs)],
      );
      return rows.length;
    },
  };
}

export type Acceptance = 'new' | 'duplicate' | 'unavailable';

export interface DurableIntakeOptions {
  /** Absent: nothing is stored (a test, a store-less run); every body is new. */
  inbox?: Inbox | undefined;
  channel: ChannelName;
  /** Processes one stored body; resolves when it was answered (the gateway never rejects for engine failures). */
  process: (payload: unknown, receivedAt: Date) => Promise<unknown>;
  logger: { warn(details: object, message: string): void };
  now?: () => Date;
}

/** What a webhook adapter does with the inbox: accept before acknowledging, run, resume what a dead instance left. */
export class DurableIntake {
  private readonly now: () => Date;
  /** Keys accepted or claimed here and not yet done: their claims are renewed while they wait and run. */
  private readonly running = new Set<string>();
  /** Done marks started by `markDoneNow`, resolving true once stored: `run` waits for them instead of marking again. */
  private readonly earlyMarks = new Map<string, Promise<boolean>>();
  private renewTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DurableIntakeOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** `unavailable`: the store refused; answer non-2xx so the platform delivers the body again. */
  async accept(key: string, payload: unknown): Promise<Acceptance> {
    if (!this.options.inbox) return 'new';
    try {
      return (await this.options.inbox.accept(this.options.channel, key, payload, this.now())) ? 'new' : 'duplicate';
    } catch (error) {
      this.options.logger.warn({ channel: this.options.channel, error: describeError(error).message }, 'inbox store failed; webhook not acknowledged');
      return 'unavailable';
    }
  }

  /** Processes an accepted body, then marks it done (a failure to mark leaves it for a later resume). */
  async run(key: string, payload: unknown, receivedAt: Date = this.now()): Promise<void> {
    this.hold(key);
    try {
      await this.options.process(payload, receivedAt);
      if (!this.options.inbox) return;
      const early = this.earlyMarks.get(key);
      this.earlyMarks.delete(key);
      if (early && (await early)) return;
      // A store that is restarting is back within seconds: retried so that the message is not answered again.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await this.options.inbox.done(this.options.channel, key, this.now());
          return;
        } catch (error) {
          const delay = DONE_RETRY_DELAYS_MS[attempt];
          if (delay === undefined) {
            this.options.logger.warn({ channel: this.options.channel, error: describeError(error).message }, 'inbox done mark failed; the body may be answered again');
            return;
          }
          await pause(delay);
        }
      }
    } finally {
      this.release(key);
    }
  }

  /**
   * Starts the done mark of `key` at once, for a reply that went out in the webhook's own response (see
   * webhook-answer.ts): a journalled inbox writes its line before this returns. `run` retries a mark that failed.
   */
  markDoneNow(key: string): void {
    const inbox = this.options.inbox;
    if (!inbox || !this.running.has(key)) return;
    this.earlyMarks.set(
      key,
      inbox.done(this.options.channel, key, this.now()).then(
        () => true,
        () => false,
      ),
    );
  }

  /**
   * Resolves once the store answers for `key` (its claim renewed), so that a reply goes out only when its done mark
   * can follow at once. A reply sent while the store is down stays unmarked until the store is back, and a kill in
   * that time makes whoever resumes the row answer it again. Gives up after RECORDABLE_WAIT_MS and lets the reply go.
   */
  async untilRecordable(key: string): Promise<void> {
    const inbox = this.options.inbox;
    if (!inbox || !this.running.has(key)) return;
    const giveUpAt = Date.now() + RECORDABLE_WAIT_MS;
    for (;;) {
      try {
        await inbox.renew(this.options.channel, [key], this.now());
        return;
      } catch (error) {
        if (Date.now() >= giveUpAt) {
          this.options.logger.warn({ channel: this.options.channel, error: describeError(error).message }, 'store still down; reply sent unrecorded');
          return;
        }
        await pause(RECORDABLE_RETRY_MS);
      }
    }
  }

  /** Starts renewing the claim of `key` (one timer for all keys, running only while some key is held). */
  private hold(key: string): void {
    if (!this.options.inbox) return;
    this.running.add(key);
    if (this.renewTimer) return;
    this.renewTimer = setInterval(() => {
      const inbox = this.options.inbox;
      if (!inbox || this.running.size === 0) return;
      // A failed renewal is only a risk of a second answer by another instance; the next one tries again.
      inbox.renew(this.options.channel, [...this.running], this.now()).catch((error: unknown) => {
        this.options.logger.warn({ channel: this.options.channel, error: describeError(error).message }, 'inbox claim renewal failed');
      });
    }, INBOX_RENEW_MS);
    this.renewTimer.unref();
  }

  private release(key: string): void {
    this.running.delete(key);
    if (this.running.size === 0 && this.renewTimer) {
      clearInterval(this.renewTimer);
      this.renewTimer = undefined;
    }
  }

  /** Runs every unfinished body whose claim is stale, oldest first, one after another; returns how many. */
  async resume(staleMs: number = INBOX_STALE_MS): Promise<number> {
    if (!this.options.inbox) return 0;
    const entries = await this.options.inbox.claimUnfinished(this.options.channel, staleMs, this.now());
    for (const entry of entries) await this.run(entry.key, entry.payload, entry.receivedAt);
    return entries.length;
  }
}
