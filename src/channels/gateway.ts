/**
 * The pipeline every channel uses between "a platform message arrived" and "the reply was handed back":
 * shutdown gate, de-duplication of platform ids, size limit, per-user sliding-window rate limit, per-conversation
 * ordering, engine call with error containment, delivery with failures kept in the outbox, metrics.
 * Adapters only translate platform events to `IncomingMessage` and `Reply` to platform calls.
 */
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import { makeReply } from '../engine/outcomes.ts';
import type { Engine, IncomingMessage, Reply } from '../engine/types.ts';
import { channelMetrics, type Metrics } from './metrics.ts';
import type { Outbox, OutboxFailure } from './outbox.ts';
import { SlidingWindowLimiter, type RateLimiter } from './rate-limit.ts';
import { Slots } from './slots.ts';
import { turnScheduler, type TurnScheduler } from './turns.ts';
import { describeError } from './text.ts';
import type { ChannelLogger } from './types.ts';

export type DeliverReply = (reply: Reply) => Promise<void>;

export interface ProcessHooks {
  /** Sends the reply on the platform; omitted by request/response channels (web) that return it themselves. */
  deliver?: DeliverReply;
  /**
   * Resolves when the reply may be sent: a channel with a durable inbox waits until the store can record the answer
   * (`DurableIntake.untilRecordable`). Never rejects.
   */
  beforeDeliver?: () => Promise<void>;
  /** Called once the message is accepted and the engine is about to run (typing indicator). */
  beforeEngine?: () => void;
  /**
   * The reply to a platform event the engine cannot read (a follow, an image, a sticker): sent instead of calling
   * the engine, through the same shutdown gate, de-duplication, rate limit, delivery and outbox as any answer.
   */
  fixedReply?: Reply;
}

export type GatewayResult =
  | { status: 'answered'; reply: Reply }
  /** The reply was computed but the platform refused it; it is logged and kept in the outbox. */
  | { status: 'undelivered'; reply: Reply }
  | { status: 'duplicate' }
  | { status: 'closed' };

export interface GatewayOptions {
  engine: Engine;
  limits: { ratePerMinute: number; maxMessageChars: number };
  logger: ChannelLogger;
  metrics: Metrics;
  outbox?: Outbox;
  /** Values never to appear in logs (tokens, keys). */
  secrets?: readonly string[];
  /** Clock in milliseconds, for tests. */
  now?: () => number;
  /** How many platform message ids are remembered for de-duplication. */
  dedupeCapacity?: number;
  /** Counts `limits.ratePerMinute` per chat account; in this process by default (several instances share the store's). */
  limiter?: RateLimiter;
}

/** Insertion-ordered set that forgets its oldest entries beyond `capacity`. */
export class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** True when `id` was new (and is now remembered). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }
}

/**
 * Replies a channel sends at once. A reply is marked done only after its send returns, so a kill -9 answers again
 * every reply caught between the two: after a store outage dozens of held replies would go out together.
 */
export const DELIVERIES_IN_FLIGHT = 4;

export class Gateway {
  private readonly seen: RecentIds;
  private readonly deliveries = new Map<string, Slots>();
  private readonly limiter: RateLimiter;
  private readonly turns: TurnScheduler;
  private readonly conversations = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly instruments;
  private readonly now: () => number;
  private accepting = true;

  constructor(private readonly options: GatewayOptions) {
    this.now = options.now ?? Date.now;
    this.seen = new RecentIds(options.dedupeCapacity ?? 10_000);
    this.limiter = options.limiter ?? new SlidingWindowLimiter(options.limits.ratePerMinute, this.now);
    this.turns = turnScheduler();
    this.instruments = channelMetrics(options.metrics);
  }

  /** False once `close()` started: adapters answer 503 to webhooks so the platform redelivers later. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Milliseconds the oldest message waiting for the engine has waited: the backlog the web chat sheds on. */
  get backlogMs(): number {
    return this.turns.waitedMs();
  }

  /**
   * Runs one message through the pipeline and resolves when the reply was delivered (or kept in the outbox).
   * Never rejects for engine or delivery failures.
   */
  process(message: IncomingMessage, hooks: ProcessHooks = {}): Promise<GatewayResult> {
    if (!this.accepting) return Promise.resolve({ status: 'closed' });
    if (message.messageId !== null && !this.seen.add(`${message.channel}:${message.messageId}`)) {
      this.instruments.duplicates.inc({ channel: message.channel });
      return Promise.resolve({ status: 'duplicate' });
    }
    const key = `${message.channel}:${message.conversationId}`;
    // A failure in an earlier message of the conversation must not block the ones after it.
    const previous = (this.conversations.get(key) ?? Promise.resolve()).catch(() => undefined);
    const work = previous.then(() => this.run(message, hooks));
    this.conversations.set(key, work);
    this.inFlight.add(work);
    this.instruments.inFlight.set({}, this.inFlight.size);
    void work
      .finally(() => {
        this.inFlight.delete(work);
        this.instruments.inFlight.set({}, this.inFlight.size);
        if (this.conversations.get(key) === work) this.conversations.delete(key);
      })
      .catch(() => undefined); // the caller of process() receives the rejection; this chain only cleans up
    return work;
  }

  /** Resolves when nothing is in flight (tests, benchmarks). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops taking messages, then resolves once every message in flight has been answered. */
  async close(): Promise<void> {
    this.accepting = false;
    await this.whenIdle();
  }

  /** The channel's send slots (DELIVERIES_IN_FLIGHT), made on its first reply. */
  private deliverySlots(channel: string): Slots {
    let slots = this.deliveries.get(channel);
    if (!slots) {
      slots = new Slots(DELIVERIES_IN_FLIGHT);
      this.deliveries.set(channel, slots);
    }
    return slots;
  }

  private async run(message: IncomingMessage, hooks: ProcessHooks): Promise<GatewayResult> {
    const started = this.now();
    const reply = await this.answer(message, hooks);
    let status: 'answered' | 'undelivered' = 'answered';
    // An empty reply says nothing to send (a message forwarded to the 1022 desk after the first).
    if (hooks.deliver && reply.text !== '') {
      let failure: { error: unknown } | null = null;
      const free = await this.deliverySlots(message.channel).take();
      try {
        await hooks.beforeDeliver?.();
        await hooks.deliver(reply);
      } catch (error) {
        failure = { error };
      } finally {
        free();
      }
      if (failure) {
        status = 'undelivered';
        await this.keepUndelivered(message, reply, failure.error);
      }
    }
    this.instruments.messages.inc({ channel: message.channel, outcome: reply.outcome });
    this.instruments.latency.observe({ channel: message.channel }, (this.now() - started) / 1000);
    this.options.logger.debug(
      { channel: message.channel, outcome: reply.outcome, status, ms: this.now() - started },
      'message answered',
    );
    return { status, reply };
  }

  private async answer(message: IncomingMessage, hooks: ProcessHooks): Promise<Reply> {
    const { maxMessageChars } = this.options.limits;
    if (message.text.length > maxMessageChars) {
      return makeReply('out_of_scope', 'too_long', CHANNEL_MESSAGES.tooLong(maxMessageChars));
    }
    // A store that cannot count (it is down) lets the message through: the answer comes from memory anyway.
    const wait = await this.limiter.take(`chat:${message.channel}:${message.userId}`).catch((error: unknown) => {
      this.options.logger.warn({ channel: message.channel, error: describeError(error, this.options.secrets) }, 'rate limit not counted');
      return null;
    });
    if (wait !== null) {
      return makeReply('rate_limited', 'rate', CHANNEL_MESSAGES.rateLimited(wait));
    }
    if (hooks.fixedReply) return hooks.fixedReply;
    try {
      hooks.beforeEngine?.();
    } catch {
      // A typing indicator is cosmetic; its failure must not cost the answer.
    }
    const release = await this.turns.slot();
    try {
      return await this.options.engine.handle(message);
    } catch (error) {
      this.instruments.errors.inc({ channel: message.channel });
      this.options.logger.error(
        { channel: message.channel, conversationId: message.conversationId, error: describeError(error, this.options.secrets) },
        'engine failed; fixed error reply sent',
      );
      return makeReply('error', 'engine', CHANNEL_MESSAGES.engineError);
    } finally {
      release();
    }
  }

  private keepUndelivered(message: IncomingMessage, reply: Reply, error: unknown): Promise<void> {
    return this.recordUndelivered(
      {
        channel: message.channel,
        userId: message.userId,
        conversationId: message.conversationId,
        messageId: message.messageId,
        outcome: reply.outcome,
        replyText: reply.text,
      },
      error,
    );
  }

  /**
   * Counts, logs (without the text) and stores in the outbox a message the platform refused: a reply, or a
   * notification sent outside the pipeline. Never rejects; the error is redacted of every configured secret.
   */
  async recordUndelivered(undelivered: Omit<OutboxFailure, 'error' | 'failedAt'>, error: unknown): Promise<void> {
    this.instruments.sendFailures.inc({ channel: undelivered.channel });
    const failure: OutboxFailure = {
      ...undelivered,
      error: describeError(error, this.options.secrets).message,
      failedAt: new Date(this.now()),
    };
    const what = failure.outcome === 'notification' ? 'notification' : 'reply';
    // The text stays out of the log: replies to officials carry names, phone numbers and notes. The outbox keeps it.
    this.options.logger.error(
      { channel: failure.channel, messageId: failure.messageId, outcome: failure.outcome, chars: failure.replyText.length, error: failure.error },
      `${what} not delivered; kept in outbox`,
    );
    if (!this.options.outbox) return;
    try {
      await this.options.outbox.record(failure);
    } catch (storeError) {
      this.options.logger.error(
        { channel: failure.channel, error: describeError(storeError, this.options.secrets) },
        `outbox store failed; the ${what} is lost`,
      );
    }
  }
}
