/**
 * Zalo Official Account ("Zalo chính quyền điện tử"). Webhook `/zalo-oa/webhook`: the `X-ZEvent-Signature`
 * (`mac=` + hex sha256(appId + raw body + body.timestamp + OA secret key)) is checked on the raw body before
 * anything else; events older (or newer) than ZALO_OA_REPLAY_WINDOW_MS are ignored; the request is answered 200 at
 * once and the work done after (Zalo wants an answer within 2 s).
 *
 * Replies go through the customer-service ("tư vấn") message API, which reaches a user for free within 48 h of the
 * user's last message, billed from 48 h to 7 days, and not at all after 7 days (-230 / -232: a permanent
 * `ChannelSendError`). The access token (about 25 h, `expires_in`) is refreshed ahead of expiry, when it is refused
 * (-216, -220, -124), and at least every 30 days so the single-use refresh token (about 3 months) never lapses; the
 * new pair is stored (`zalo-oa-tokens.ts`) before it is used.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import type { IncomingMessage, Reply } from '../engine/types.ts';
import { makeReply } from '../engine/outcomes.ts';
import type { Gateway } from './gateway.ts';
import { DurableIntake, type Inbox } from './inbox.ts';
import { BodyTooLargeError, readBody, sendJson, sendJsonError } from './http.ts';
import type { Metrics } from './metrics.ts';
import { describeError, plainReplyText, redactSecrets, splitText } from './text.ts';
import { type Channel, type ChannelLogger, ChannelSendError, type HttpRoute } from './types.ts';
import type { StoredZaloOaTokens, ZaloOaTokenStore } from './zalo-oa-tokens.ts';

export {
  DatabaseZaloOaTokenStore,
  FileZaloOaTokenStore,
  type StoredZaloOaTokens,
  type ZaloOaTokens,
  type ZaloOaTokenStore,
} from './zalo-oa-tokens.ts';

export const ZALO_OA_WEBHOOK_PATH = '/zalo-oa/webhook';
/** Text limit of an OA customer-service message. */
export const ZALO_OA_TEXT_LIMIT = 2000;
/** OA API errors meaning "access token invalid (-216, -124) or expired (-220)": refresh and retry once. */
export const ZALO_OA_TOKEN_ERRORS: ReadonlySet<number> = new Set([-216, -220, -124]);
/** "User has not interacted with the OA in the past 7 days" (-230) / "has not interacted" (-232). */
export const ZALO_OA_WINDOW_ERRORS: ReadonlySet<number> = new Set([-230, -232]);
/** "Your application reached limit call api". */
export const ZALO_OA_RATE_LIMIT_ERROR = -32;
/**
 * Signed events whose `timestamp` is further than this from now are ignored (a captured request replayed later
 * is still validly signed). Zalo redelivers a failed webhook for about two hours; redeliveries after this window are
 * dropped too, with a warning, which is the price of the check.
 */
export const ZALO_OA_REPLAY_WINDOW_MS = 15 * 60_000;

/** Refresh ahead when less than this share of the token's lifetime remains… */
const REFRESH_AHEAD_SHARE = 0.1;
/** …or less than this, whichever is more. */
const REFRESH_AHEAD_MIN_MS = 60 * 60_000;
/** A refresh token lapses after about three months unused: never let a pair get older than this. */
const MAX_TOKEN_AGE_MS = 30 * 24 * 60 * 60_000;
/** How often the channel checks whether a refresh is due when no message needs sending. */
const MAINTENANCE_INTERVAL_MS = 60 * 60_000;
const RATE_LIMIT_RETRIES = 3;
const RATE_LIMIT_BASE_DELAY_MS = 1_000;
const RATE_LIMIT_MAX_DELAY_MS = 8_000;
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const REQUEST_TIMEOUT_MS = 10_000;

export class ZaloOaTokenError extends Error {
  constructor(detail: string) {
    super(`Zalo OA: làm mới access token thất bại (token refresh failed): ${detail}`);
    this.name = 'ZaloOaTokenError';
  }
}

/** The `X-ZEvent-Signature` value Zalo sends for this body: `mac=<hex sha256>`. */
export function zaloOaSignature(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256').update(`${appId}${rawBody}${timestamp}${oaSecretKey}`, 'utf8').digest('hex')}`;
}

/** Constant-time check; accepts the header with or without the `mac=` prefix, hex in any case. */
export function verifyZaloOaSignature(
  header: string | undefined,
  appId: string,
  rawBody: string,
  timestamp: string,
  oaSecretKey: string,
): boolean {
  if (!header) return false;
  const given = Buffer.from(header.trim().replace(/^mac=/i, '').toLowerCase());
  const expected = Buffer.from(zaloOaSignature(appId, rawBody, timestamp, oaSecretKey).slice(4));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** An event's `timestamp` in milliseconds (Zalo sends milliseconds as a string; seconds are accepted too). */
export function eventTimeMs(timestamp: string): number | null {
  if (!/^\d{1,16}$/.test(timestamp)) return null;
  const value = Number(timestamp);
  return value < 100_000_000_000 ? value * 1000 : value;
}

export interface ZaloOaClientOptions {
  appId: string;
  appSecret: string | undefined;
  apiRoot: string;
  oauthRoot: string;
  store: ZaloOaTokenStore;
  fetch?: typeof fetch;
  logger?: ChannelLogger;
  /** Counts refreshes in `zalo_oa_token_refresh_total{result}`. */
  metrics?: Metrics;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
  /** Waits between rate-limited attempts, for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Why a refresh is wanted; decides, on the freshly re-read tokens, whether it still is. */
type RefreshRequest = { kind: 'refused'; accessToken: string | undefined } | { kind: 'missing' } | { kind: 'due' };

interface PostResult {
  error: number;
  message: string;
}

/** The OA customer-service message API with token refresh. */
export class ZaloOaClient {
  private tokens: StoredZaloOaTokens | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly refreshes;

  constructor(private readonly options: ZaloOaClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.refreshes = options.metrics?.counter('zalo_oa_token_refresh_total', 'Zalo OA access token refreshes by result', ['result']);
  }

  /**
   * Sends `text` to the user, split under the OA text limit. Rejects with `ChannelSendError`: `permanent` with reason
   * `outside_interaction_window` when Zalo refuses the user as outside the 7-day window.
   */
  async sendText(userId: string, text: string): Promise<void> {
    for (const chunk of splitText(text, ZALO_OA_TEXT_LIMIT)) await this.sendChunk(userId, chunk);
  }

  /**
   * Refreshes the tokens when they are due (see `isDue`); the channel calls it on a timer so that a quiet OA keeps
   * its refresh token alive. Never rejects: a failure is logged and counted, and the current access token is used
   * until Zalo refuses it.
   */
  async refreshIfDue(): Promise<void> {
    try {
      this.adopt(await this.options.store.load());
      if (this.tokens && this.isDue(this.tokens)) await this.refresh({ kind: 'due' });
    } catch (error) {
      if (error instanceof ZaloOaTokenError) return; // logged and counted by refresh()
      this.options.logger?.warn(
        { channel: 'zalo-oa', error: describeError(error, this.knownSecrets()) },
        'zalo oa token check failed; retried at the next check',
      );
    }
  }

  /** True when the pair should be renewed now: no access token, too old, or too little of its lifetime left. */
  isDue(tokens: StoredZaloOaTokens): boolean {
    const now = this.now();
    if (!tokens.accessToken) return true;
    if (now - tokens.updatedAt.getTime() >= MAX_TOKEN_AGE_MS) return true;
    if (tokens.expiresAt === null) return false;
    const remaining = tokens.expiresAt.getTime() - now;
    const lifetime = tokens.expiresAt.getTime() - tokens.updatedAt.getTime();
    return remaining < Math.max(lifetime * REFRESH_AHEAD_SHARE, REFRESH_AHEAD_MIN_MS);
  }

  private async currentTokens(): Promise<StoredZaloOaTokens> {
    this.tokens ??= await this.options.store.load();
    return this.tokens;
  }

  /** Takes stored tokens unless this process holds newer ones (a refresh whose store write failed). */
  private adopt(stored: StoredZaloOaTokens): void {
    if (!this.tokens || stored.updatedAt.getTime() >= this.tokens.updatedAt.getTime()) this.tokens = stored;
  }

  private async sendChunk(userId: string, text: string): Promise<void> {
    const tokens = await this.currentTokens();
    if (!tokens.accessToken) {
      await this.refreshForSend({ kind: 'missing' });
    } else if (this.isDue(tokens)) {
      // Ahead of expiry: a failure is logged and counted, and the current token is tried anyway.
      await this.refresh({ kind: 'due' }).catch(() => undefined);
    }
    let refreshed = false;
    let rateLimited = 0;
    for (;;) {
      const used = this.tokens?.accessToken;
      const result = await this.postMessage(userId, text, used);
      if (result.error === 0) return;
      if (ZALO_OA_TOKEN_ERRORS.has(result.error) && !refreshed) {
        refreshed = true;
        await this.refreshForSend({ kind: 'refused', accessToken: used });
        continue;
      }
      if (result.error === ZALO_OA_RATE_LIMIT_ERROR && rateLimited < RATE_LIMIT_RETRIES) {
        rateLimited += 1;
        await this.sleep(this.rateLimitDelay(rateLimited));
        continue;
      }
      throw this.sendError(result, refreshed);
    }
  }

  /** 1 s, 2 s, 4 s (capped at 8 s), each ±25 %: Zalo gives no retry delay for -32. */
  private rateLimitDelay(attempt: number): number {
    const base = Math.min(RATE_LIMIT_BASE_DELAY_MS * 2 ** (attempt - 1), RATE_LIMIT_MAX_DELAY_MS);
    return Math.round(base * (0.75 + this.random() * 0.5));
  }

  private sendError(result: PostResult, refreshed: boolean): ChannelSendError {
    const operation = refreshed ? 'message/cs (after token refresh)' : 'message/cs';
    const detail = `error ${result.error}: ${redactSecrets(result.message, this.knownSecrets())}`;
    if (ZALO_OA_WINDOW_ERRORS.has(result.error)) {
      return new ChannelSendError('zalo-oa', operation, `${detail} (outside the 7-day interaction window)`, {
        permanent: true,
        reason: 'outside_interaction_window',
      });
    }
    if (result.error === ZALO_OA_RATE_LIMIT_ERROR) {
      return new ChannelSendError('zalo-oa', operation, `${detail} (after ${RATE_LIMIT_RETRIES} retries)`, { reason: 'rate_limited' });
    }
    return new ChannelSendError('zalo-oa', operation, detail);
  }

  /** A refresh the send cannot go on without: its failure rejects the send. */
  private async refreshForSend(request: RefreshRequest): Promise<void> {
    try {
      await this.refresh(request);
    } catch (error) {
      throw new ChannelSendError('zalo-oa', 'message/cs (token refresh)', describeError(error, this.knownSecrets()).message);
    }
  }

  private async postMessage(userId: string, text: string, accessToken: string | undefined): Promise<PostResult> {
    let response: Response;
    try {
      response = await this.fetch(`${this.options.apiRoot.replace(/\/+$/, '')}/v3.0/oa/message/cs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: accessToken ?? '' },
        body: JSON.stringify({ recipient: { user_id: userId }, message: { text } }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ChannelSendError('zalo-oa', 'message/cs', describeError(error, this.knownSecrets()).message);
    }
    const body = (await response.json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
    if (!response.ok || body === null || typeof body.error !== 'number') {
      throw new ChannelSendError('zalo-oa', 'message/cs', `HTTP ${response.status}`);
    }
    return { error: body.error, message: String(body.message ?? '') };
  }

  /**
   * One refresh at a time in this process (callers join the one in progress), and across instances through
   * `store.exclusive`, which hands over the tokens as stored now: when another instance already replaced them, they
   * are used as they are and no refresh token is spent.
   */
  private refresh(request: RefreshRequest): Promise<void> {
    this.refreshing ??= this.runRefresh(request).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async runRefresh(request: RefreshRequest): Promise<void> {
    let renewed: StoredZaloOaTokens | undefined;
    try {
      const stored = await this.options.store.exclusive(async (current) => {
        if (!this.stillNeeded(request, current)) return null;
        if (!this.options.appSecret) throw new ZaloOaTokenError('thiếu ZALO_OA_APP_SECRET (missing app secret)');
        if (!current.refreshToken) throw new ZaloOaTokenError('thiếu refresh token (missing refresh token)');
        renewed = await this.requestTokens(current.refreshToken, this.options.appSecret);
        return renewed;
      });
      this.tokens = stored;
      if (renewed) {
        this.refreshes?.inc({ result: 'ok' });
        this.options.logger?.info(
          { channel: 'zalo-oa', reason: request.kind, expiresAt: renewed.expiresAt?.toISOString() ?? null },
          'zalo oa access token refreshed',
        );
      } else {
        this.options.logger?.debug({ channel: 'zalo-oa', reason: request.kind }, 'zalo oa tokens already renewed elsewhere; using them');
      }
    } catch (error) {
      if (renewed) {
        // The old refresh token is spent: the new pair must not be lost even though the store refused it.
        this.tokens = renewed;
        this.refreshes?.inc({ result: 'ok' });
        this.options.logger?.error(
          { channel: 'zalo-oa', error: describeError(error, this.knownSecrets()) },
          'zalo oa tokens refreshed but not stored; kept in memory until the next refresh',
        );
        return;
      }
      this.refreshes?.inc({ result: 'error' });
      this.options.logger?.error(
        { channel: 'zalo-oa', reason: request.kind, error: describeError(error, this.knownSecrets()) },
        'zalo oa token refresh failed',
      );
      throw error instanceof ZaloOaTokenError ? error : new ZaloOaTokenError(describeError(error, this.knownSecrets()).message);
    }
  }

  private stillNeeded(request: RefreshRequest, current: StoredZaloOaTokens): boolean {
    switch (request.kind) {
      case 'refused':
        return current.accessToken === request.accessToken;
      case 'missing':
        return !current.accessToken;
      case 'due':
        return this.isDue(current);
    }
  }

  private async requestTokens(refreshToken: string, appSecret: string): Promise<StoredZaloOaTokens> {
    const secrets = [refreshToken, appSecret, ...this.knownSecrets()];
    let response: Response;
    try {
      response = await this.fetch(`${this.options.oauthRoot.replace(/\/+$/, '')}/v4/oa/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: appSecret },
        body: new URLSearchParams({
          refresh_token: refreshToken,
          app_id: this.options.appId,
          grant_type: 'refresh_token',
        }).toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ZaloOaTokenError(describeError(error, secrets).message);
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
      const reason = body ? `${String(body.error ?? '')} ${String(body.error_name ?? body.message ?? '')}`.trim() : '';
      throw new ZaloOaTokenError(redactSecrets(`HTTP ${response.status}${reason ? `, ${reason}` : ''}`, secrets));
    }
    const now = this.now();
    // `expires_in` is a string of seconds ("90000"); without a usable value the expiry is unknown.
    const seconds = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: Number.isFinite(seconds) && seconds > 0 ? new Date(now + seconds * 1000) : null,
      updatedAt: new Date(now),
    };
  }

  /** The tokens this client holds, for redaction (refreshed tokens are not among the configured secrets). */
  private knownSecrets(): string[] {
    return [this.tokens?.accessToken, this.tokens?.refreshToken, this.options.appSecret].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
  }
}

export interface ZaloOaChannelOptions {
  appId: string;
  oaSecretKey: string;
  client: ZaloOaClient;
  gateway: Gateway;
  logger: ChannelLogger;
  /** Verified events are stored here before Zalo gets its 200 (see inbox.ts); absent: memory only. */
  inbox?: Inbox | undefined;
  secrets?: readonly string[];
  /** The hotline the fixed replies point to (from the deployment profile). */
  hotline: string;
  /** Clock in milliseconds for the replay window, for tests. */
  now?: () => number;
  /** Period of the token check (`client.refreshIfDue`); 0 turns the timer off (tests call it themselves). */
  maintenanceIntervalMs?: number;
}

type JsonObject = Record<string, unknown>;

/** What identifies a redelivery of an event: its message id, else the event, its user and its time. */
function eventKey(event: JsonObject, at: number): string {
  const msgId = stringAt(event.message, 'msg_id');
  if (msgId) return msgId;
  const user = stringAt(event.sender, 'id') ?? stringAt(event.follower, 'id') ?? '';
  return `${String(event.event_name ?? '')}:${user}:${at}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAt(value: unknown, key: string): string | undefined {
  const field = isObject(value) ? value[key] : undefined;
  return typeof field === 'string' && field !== '' ? field : undefined;
}

export class ZaloOaChannel implements Channel {
  readonly name = 'zalo-oa' as const;
  readonly routes: HttpRoute[];
  private readonly pending = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private readonly hotline: string;
  private readonly durable: DurableIntake;
  private accepting = true;
  private maintenance: NodeJS.Timeout | undefined;

  constructor(private readonly options: ZaloOaChannelOptions) {
    this.now = options.now ?? Date.now;
    this.hotline = options.hotline;
    this.routes = [{ method: 'POST', path: ZALO_OA_WEBHOOK_PATH, handle: (request, response) => this.webhook(request, response) }];
    this.durable = new DurableIntake({
      inbox: options.inbox,
      channel: 'zalo-oa',
      process: async (payload) => {
        const { event, at } = payload as { event: JsonObject; at: number };
        await this.intake(event, new Date(at), eventKey(event, at));
      },
      logger: options.logger,
      now: () => new Date(this.now()),
    });
  }

  resume(staleMs?: number): Promise<number> {
    const work = this.durable.resume(staleMs);
    // Tracked so stop() waits for it; the caller receives the rejection, the tracked copy must not raise it again.
    this.track(work.catch(() => undefined));
    return work;
  }

  async start(): Promise<void> {
    const interval = this.options.maintenanceIntervalMs ?? MAINTENANCE_INTERVAL_MS;
    if (interval > 0) {
      this.track(this.options.client.refreshIfDue());
      this.maintenance = setInterval(() => this.track(this.options.client.refreshIfDue()), interval);
      this.maintenance.unref();
    }
    this.options.logger.info({ channel: 'zalo-oa', path: ZALO_OA_WEBHOOK_PATH }, 'zalo oa webhook ready');
  }

  async stop(): Promise<void> {
    this.accepting = false;
    clearInterval(this.maintenance);
    await this.whenIdle();
  }

  /**
   * Sends `text` through the customer-service message API, split under the OA limit. Zalo delivers it only to users
   * who wrote within the last 7 days (free within 48 h, billed after); outside that window it rejects with a
   * permanent `ChannelSendError` (reason `outside_interaction_window`): trying again cannot help until the user
   * writes. Every other failure (token refresh included) rejects as a non-permanent `ChannelSendError`.
   */
  async notify(userId: string, text: string): Promise<void> {
    try {
      await this.options.client.sendText(userId, text);
    } catch (error) {
      if (error instanceof ChannelSendError) throw error;
      throw new ChannelSendError('zalo-oa', 'message/cs (notify)', describeError(error, this.options.secrets).message);
    }
  }

  /** Resolves when every accepted event has been answered (tests). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async webhook(
    request: Parameters<HttpRoute['handle']>[0],
    response: Parameters<HttpRoute['handle']>[1],
  ): Promise<void> {
    let raw: string;
    try {
      raw = (await readBody(request, WEBHOOK_BODY_LIMIT)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendJsonError(response, 413, CHANNEL_MESSAGES.http.bodyTooLarge);
      else sendJsonError(response, 400, CHANNEL_MESSAGES.http.badJson);
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(raw) as unknown;
    } catch {
      sendJsonError(response, 400, CHANNEL_MESSAGES.http.badJson);
      return;
    }
    const stamp = isObject(event) ? event.timestamp : undefined;
    const timestamp = typeof stamp === 'string' || typeof stamp === 'number' ? String(stamp) : '';
    const header = request.headers['x-zevent-signature'];
    if (!verifyZaloOaSignature(typeof header === 'string' ? header : undefined, this.options.appId, raw, timestamp, this.options.oaSecretKey)) {
      this.options.logger.warn({ channel: 'zalo-oa' }, 'webhook rejected: bad signature');
      sendJsonError(response, 401, CHANNEL_MESSAGES.http.unauthorized);
      return;
    }
    if (!this.accepting || !this.options.gateway.isAccepting) {
      // Not 2xx: Zalo delivers the event again after the restart.
      sendJson(response, 503, { error: CHANNEL_MESSAGES.shuttingDown }, { 'retry-after': '10' });
      return;
    }
    if (!isObject(event)) {
      sendJson(response, 200, {});
      this.options.logger.debug({ channel: 'zalo-oa', type: event === null ? 'null' : typeof event }, 'webhook ignored: body is not an object');
      return;
    }
    const at = eventTimeMs(timestamp);
    if (at === null || Math.abs(this.now() - at) > ZALO_OA_REPLAY_WINDOW_MS) {
      sendJson(response, 200, {});
      this.options.logger.warn(
        { channel: 'zalo-oa', event: String(event.event_name ?? ''), ageSeconds: at === null ? null : Math.round((this.now() - at) / 1000) },
        'webhook ignored: timestamp outside the replay window',
      );
      return;
    }
    const key = eventKey(event, at);
    const accepted = await this.durable.accept(key, { event, at });
    if (accepted === 'unavailable') {
      // Not stored, so not acknowledged: Zalo delivers the event again.
      sendJson(response, 503, { error: CHANNEL_MESSAGES.inboxUnavailable }, { 'retry-after': '5' });
      return;
    }
    // Every other answer is 200: anything else makes Zalo redeliver an event that will never be processed.
    sendJson(response, 200, {});
    if (accepted === 'new') this.track(this.durable.run(key, { event, at }));
  }

  /**
   * Translates one verified event and hands it to the gateway: a text to the engine, a follow or a non-text message
   * to its fixed reply; other events (unfollow, delivery and seen receipts, the OA's own messages) are ignored.
   */
  private intake(event: JsonObject, receivedAt: Date, key: string): Promise<unknown> | undefined {
    const name = typeof event.event_name === 'string' ? event.event_name : '';
    const msgId = stringAt(event.message, 'msg_id') ?? null;
    if (name === 'user_send_text') {
      const userId = stringAt(event.sender, 'id');
      const text = isObject(event.message) ? event.message.text : undefined;
      if (!userId || typeof text !== 'string') return undefined;
      return this.hand({ channel: 'zalo-oa', userId, conversationId: userId, messageId: msgId, text, receivedAt }, key);
    }
    if (name === 'follow') {
      const userId = stringAt(event.follower, 'id') ?? stringAt(event.sender, 'id');
      if (!userId) return undefined;
      const reply = makeReply('answered', 'help', CHANNEL_MESSAGES.followWelcome(this.hotline));
      // A follow has no msg_id; the user and the event time identify a redelivery.
      const messageId = `follow:${userId}:${receivedAt.getTime()}`;
      return this.hand({ channel: 'zalo-oa', userId, conversationId: userId, messageId, text: '', receivedAt }, key, reply);
    }
    if (name.startsWith('user_send_')) {
      const userId = stringAt(event.sender, 'id');
      if (!userId) return undefined;
      const reply = makeReply('clarification', 'no_text', CHANNEL_MESSAGES.textOnly(this.hotline));
      return this.hand({ channel: 'zalo-oa', userId, conversationId: userId, messageId: msgId, text: '', receivedAt }, key, reply);
    }
    this.options.logger.debug({ channel: 'zalo-oa', event: name }, 'webhook event ignored');
    return undefined;
  }

  /** `key`: the event's inbox key, so that the reply waits for a store that can record it. */
  private hand(message: IncomingMessage, key: string, fixedReply?: Reply): Promise<unknown> {
    return this.options.gateway
      .process(message, {
        beforeDeliver: () => this.durable.untilRecordable(key),
        deliver: (reply) => this.sendReply(message.userId, reply),
        ...(fixedReply ? { fixedReply } : {}),
      })
      .catch((error: unknown) =>
        this.options.logger.error({ channel: 'zalo-oa', error: describeError(error, this.options.secrets) }, 'event failed'),
      );
  }

  /** Delivery: one Reply as customer-service messages to the user (plain text, choices and citations appended). */
  sendReply(userId: string, reply: Reply): Promise<void> {
    return this.options.client.sendText(userId, plainReplyText(reply));
  }
}
