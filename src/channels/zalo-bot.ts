/**
 * Zalo Bot Platform (bot.zaloplatforms.com): Zalo's Telegram-like bot API, which a province can open without the
 * Official Account's business verification. Every call is `POST <root>/bot<TOKEN>/<method>` with a JSON body and
 * answers `{ok: true, result}` or `{ok: false, error_code, description}`.
 *
 * - Webhook mode (ZALO_BOT_WEBHOOK_URL): on start `setWebhook {url: <base>/zalo-bot/webhook, secret_token}`; Zalo
 *   sends the secret back in `X-Bot-Api-Secret-Token`, compared in constant time (wrong or missing → 401, nothing
 *   read). The request is answered 200 at once and the update handled after.
 * - Polling mode otherwise: `deleteWebhook` (getUpdates does not work while a webhook is set), then a `getUpdates`
 *   long-polling loop. Zalo documents one update per call as `result` and no offset; a server that answers with an
 *   array of updates numbered by `update_id` (Telegram style) is told `offset` = last id + 1. An empty poll ends with
 *   error 408 and is polled again at once; other failures back off exponentially with jitter. `stop()` aborts it.
 *
 * An update is `{event_name: "message.text.received", message: {message_id, from: {id, display_name}, chat: {id,
 * chat_type}, date, text}}`, sometimes wrapped as `{ok, result}`. Other `message.*` events (images, stickers…) get
 * the fixed "text only" reply. In group chats the bot answers only `/commands`.
 *
 * Intake (`intake`: translate an update, hand it to the gateway) and delivery (`sendReply`: a Reply as sendMessage
 * calls) are separate functions, so a durable inbox can later call delivery on its own.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import type { IncomingMessage, Reply } from '../engine/types.ts';
import { makeReply } from '../engine/outcomes.ts';
import type { Gateway } from './gateway.ts';
import { DurableIntake, type Inbox } from './inbox.ts';
import { BodyTooLargeError, readBody, sendJson, sendJsonError } from './http.ts';
import { describeError, plainReplyText, redactSecrets, splitText } from './text.ts';
import { type Channel, type ChannelLogger, ChannelSendError, type HttpRoute } from './types.ts';

export const ZALO_BOT_WEBHOOK_PATH = '/zalo-bot/webhook';
export const ZALO_BOT_DEFAULT_API_ROOT = 'https://bot-api.zaloplatforms.com';
/** `sendMessage` takes 1 to 2,000 characters. */
export const ZALO_BOT_TEXT_LIMIT = 2000;
/** `secret_token` of setWebhook: 8 to 256 characters. */
export const ZALO_BOT_SECRET_LENGTH = { min: 8, max: 256 } as const;
/** getUpdates' answer when nothing arrived within the long-poll timeout. */
const POLL_TIMEOUT_ERROR = 408;
const DEFAULT_POLL_TIMEOUT_SECONDS = 30;
const REQUEST_TIMEOUT_MS = 10_000;
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const TYPING_DELAY_MS = 300;
const TYPING_REPEAT_MS = 4_500;

export class ZaloBotConfigError extends Error {
  constructor(detail: string) {
    super(`Cấu hình Zalo Bot không hợp lệ (invalid Zalo Bot configuration): ${detail}`);
    this.name = 'ZaloBotConfigError';
  }
}

/** A refused or failed Bot API call; the message names the method, never the token. */
export class ZaloBotApiError extends Error {
  constructor(
    readonly method: string,
    /** Zalo's `error_code` (or the HTTP status when the body is not the API's); null for network failures. */
    readonly errorCode: number | null,
    readonly description: string,
  ) {
    super(`Zalo Bot API ${method}: ${errorCode === null ? '' : `error ${errorCode}: `}${description}`);
    this.name = 'ZaloBotApiError';
  }
}

/** Full webhook URL: the configured URL if it already ends in the webhook path, else the path appended. */
export function resolveZaloBotWebhookUrl(configured: string): string {
  const url = new URL(configured);
  if (!url.pathname.endsWith(ZALO_BOT_WEBHOOK_PATH)) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${ZALO_BOT_WEBHOOK_PATH}`;
  }
  return url.toString();
}

/** A stable secret for deployments that set no ZALO_BOT_WEBHOOK_SECRET; not reversible to the token. */
export function deriveZaloBotWebhookSecret(token: string): string {
  return createHash('sha256').update(`assistant-zalo-bot-webhook:${token}`).digest('hex');
}

/** Constant time whatever the lengths: both sides are hashed first. */
function safeEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given.length === expected.length;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An id field: Zalo sends strings; numbers are accepted and kept as their decimal text. */
function idAt(value: unknown, key: string): string | undefined {
  const field = isObject(value) ? value[key] : undefined;
  if (typeof field === 'string' && field !== '') return field;
  if (typeof field === 'number' && Number.isFinite(field)) return String(field);
  return undefined;
}

/** The update itself, whether sent bare or wrapped as `{ok, result}`. */
export function unwrapZaloBotUpdate(body: unknown): unknown {
  return isObject(body) && body.ok === true && 'result' in body ? body.result : body;
}

/** What an update means for the assistant. */
export type ZaloBotUpdateReading =
  | { kind: 'text'; message: IncomingMessage }
  /** A message the engine cannot read (image, sticker, …): answered with the fixed "text only" reply. */
  | { kind: 'unsupported'; message: IncomingMessage }
  | { kind: 'ignored'; event: string };

/**
 * Translates one update (bare or wrapped in `{ok, result}`). Text → a message for the engine; another `message.*`
 * event in a private chat → unsupported; in group chats only `/commands` are for the bot (the API documents no
 * mention format); anything else, or a message from a bot, is ignored.
 */
export function readZaloBotUpdate(body: unknown): ZaloBotUpdateReading {
  const update = unwrapZaloBotUpdate(body);
  const event = isObject(update) && typeof update.event_name === 'string' ? update.event_name : '';
  const message = isObject(update) ? update.message : undefined;
  if (!isObject(message)) return { kind: 'ignored', event };
  const from = message.from;
  const chatId = idAt(message.chat, 'id');
  const userId = idAt(from, 'id');
  if (!chatId || !userId || (isObject(from) && from.is_bot === true)) return { kind: 'ignored', event };
  const group = isObject(message.chat) && String(message.chat.chat_type ?? '').toUpperCase() === 'GROUP';
  const date = typeof message.date === 'number' && Number.isFinite(message.date) ? message.date : undefined;
  const name = isObject(from) ? (typeof from.display_name === 'string' ? from.display_name : typeof from.name === 'string' ? from.name : undefined) : undefined;
  const base = {
    channel: 'zalo-bot' as const,
    userId,
    conversationId: chatId,
    messageId: idAt(message, 'message_id') ?? null,
    ...(name ? { userName: name } : {}),
    // `date` is in milliseconds in Zalo's samples; seconds are accepted too.
    receivedAt: date === undefined ? new Date() : new Date(date < 100_000_000_000 ? date * 1000 : date),
  };
  if (event === 'message.text.received' && typeof message.text === 'string') {
    if (group && !message.text.trimStart().startsWith('/')) return { kind: 'ignored', event };
    return { kind: 'text', message: { ...base, text: message.text } };
  }
  if (event.startsWith('message.') && !group) return { kind: 'unsupported', message: { ...base, text: '' } };
  return { kind: 'ignored', event };
}

export interface ZaloBotApiOptions {
  token: string;
  apiRoot: string;
  fetch?: typeof fetch;
}

/** The Bot API over fetch: `{ok: true}` → `result`; anything else → `ZaloBotApiError` (token redacted). */
export class ZaloBotApi {
  private readonly fetch: typeof fetch;
  constructor(private readonly options: ZaloBotApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async call<T = unknown>(method: string, payload: object = {}, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const url = `${this.options.apiRoot.replace(/\/+$/, '')}/bot${this.options.token}/${method}`;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
      });
    } catch (error) {
      // Network errors may carry the URL, which holds the token.
      throw new ZaloBotApiError(method, null, describeError(error, [this.options.token]).message);
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (!isObject(body) || typeof body.ok !== 'boolean') {
      throw new ZaloBotApiError(method, response.status, `HTTP ${response.status}`);
    }
    if (!body.ok) {
      const code = typeof body.error_code === 'number' ? body.error_code : response.status;
      throw new ZaloBotApiError(method, code, redactSecrets(String(body.description ?? ''), [this.options.token]));
    }
    return body.result as T;
  }
}

export interface ZaloBotChannelOptions {
  token: string;
  apiRoot: string;
  /** Public base URL or full webhook URL; absent → long polling. */
  webhookUrl?: string | undefined;
  /** `secret_token` for the webhook; derived from the bot token when absent. */
  webhookSecret?: string | undefined;
  gateway: Gateway;
  logger: ChannelLogger;
  /** Webhook bodies are stored here before the platform gets its 200 (see inbox.ts); absent: memory only. */
  inbox?: Inbox | undefined;
  /** The hotline the fixed replies point to (from the deployment profile). */
  hotline: string;
  fetch?: typeof fetch;
  /** Long-poll timeout sent to getUpdates. */
  pollTimeoutSeconds?: number;
  /** First and largest wait after failed polls; doubled per failure, ±50 % jitter. */
  pollBackoff?: { minMs: number; maxMs: number };
  /** Waits between failed polls (tests record the delays); the default wakes up early on `stop()`. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class ZaloBotChannel implements Channel {
  readonly name = 'zalo-bot' as const;
  readonly routes: HttpRoute[];
  readonly mode: 'webhook' | 'polling';
  readonly api: ZaloBotApi;
  private readonly secret: string;
  private readonly hotline: string;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  private readonly random: () => number;
  private accepting = true;
  private polling = false;
  private loop: Promise<void> | undefined;
  private offset: number | undefined;
  private readonly durable: DurableIntake;

  constructor(private readonly options: ZaloBotChannelOptions) {
    this.mode = options.webhookUrl ? 'webhook' : 'polling';
    this.secret = options.webhookSecret ?? deriveZaloBotWebhookSecret(options.token);
    if (this.secret.length < ZALO_BOT_SECRET_LENGTH.min || this.secret.length > ZALO_BOT_SECRET_LENGTH.max) {
      throw new ZaloBotConfigError('ZALO_BOT_WEBHOOK_SECRET phải dài từ 8 đến 256 ký tự');
    }
    if (options.webhookUrl) resolveZaloBotWebhookUrl(options.webhookUrl);
    this.hotline = options.hotline;
    this.random = options.random ?? Math.random;
    this.api = new ZaloBotApi({ token: options.token, apiRoot: options.apiRoot, ...(options.fetch ? { fetch: options.fetch } : {}) });
    this.routes = this.mode === 'webhook' ? [this.webhookRoute()] : [];
    this.durable = new DurableIntake({ inbox: options.inbox, channel: 'zalo-bot', process: (payload) => this.intake(payload), logger: options.logger });
  }

  resume(staleMs?: number): Promise<number> {
    const work = this.durable.resume(staleMs);
    // Tracked so stop() waits for it; the caller receives the rejection, the tracked copy must not raise it again.
    this.track(work.catch(() => undefined));
    return work;
  }

  /** Checks the token (getMe), then registers the webhook or starts polling. Rejects when the token is refused. */
  async start(): Promise<void> {
    const me = await this.api.call<{ id?: unknown; account_name?: unknown }>('getMe');
    const bot = typeof me?.account_name === 'string' ? me.account_name : undefined;
    if (this.mode === 'webhook') {
      await this.api.call('setWebhook', { url: resolveZaloBotWebhookUrl(this.options.webhookUrl as string), secret_token: this.secret });
      this.options.logger.info({ channel: 'zalo-bot', mode: 'webhook', bot, path: ZALO_BOT_WEBHOOK_PATH }, 'zalo bot started');
      return;
    }
    try {
      await this.api.call('deleteWebhook');
    } catch (error) {
      this.logFailure('deleteWebhook failed; polling anyway', error);
    }
    this.polling = true;
    this.loop = this.poll();
    this.options.logger.info({ channel: 'zalo-bot', mode: 'polling', bot }, 'zalo bot started');
  }

  async stop(): Promise<void> {
    this.accepting = false;
    this.polling = false;
    this.abort.abort();
    await this.loop;
    await this.whenIdle();
  }

  /** Resolves when every accepted update has been answered (tests). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * Sends `text` to user `userId` (in a private chat the chat id is the user's id), split under the 2,000-character
   * limit. Rejects with `ChannelSendError` (no token) when a part is refused, possibly after earlier parts were sent.
   */
  async notify(userId: string, text: string): Promise<void> {
    await this.sendParts(userId, splitText(text, ZALO_BOT_TEXT_LIMIT), 'sendMessage (notify)');
  }

  /** Delivery: one Reply as plain-text messages to `chatId` (choices and the citation line appended). */
  async sendReply(chatId: string, reply: Reply): Promise<void> {
    await this.sendParts(chatId, splitText(plainReplyText(reply), ZALO_BOT_TEXT_LIMIT), 'sendMessage');
  }

  /**
   * Intake: translates one update (bare or wrapped) and hands it to the gateway; resolves once it was answered,
   * kept in the outbox, or dropped. Never rejects.
   */
  async intake(body: unknown): Promise<void> {
    const read = readZaloBotUpdate(body);
    if (read.kind === 'ignored') {
      this.options.logger.debug({ channel: 'zalo-bot', event: read.event }, 'update ignored');
      return;
    }
    if (read.kind === 'text') {
      await this.hand(read.message);
      return;
    }
    const reply = makeReply('clarification', 'no_text', CHANNEL_MESSAGES.textOnly(this.hotline));
    await this.hand(read.message, reply);
  }

  private async hand(message: IncomingMessage, fixedReply?: Reply): Promise<void> {
    const chatId = message.conversationId;
    let typing: NodeJS.Timeout | undefined;
    const sendTyping = () => {
      this.api.call('sendChatAction', { chat_id: chatId, action: 'typing' }).catch((error: unknown) => this.logFailure('sendChatAction failed', error));
    };
    const stopTyping = () => {
      clearTimeout(typing);
      clearInterval(typing);
    };
    try {
      await this.options.gateway.process(message, {
        // The inbox key is the message id (an update without one is not kept in the inbox).
        ...(message.messageId !== null ? { beforeDeliver: () => this.durable.untilRecordable(message.messageId!) } : {}),
        beforeEngine: () => {
          // Only answers that take a while show "typing…".
          typing = setTimeout(() => {
            sendTyping();
            typing = setInterval(sendTyping, TYPING_REPEAT_MS);
            typing.unref();
          }, TYPING_DELAY_MS);
          typing.unref();
        },
        deliver: async (reply) => {
          stopTyping();
          await this.sendReply(chatId, reply);
        },
        ...(fixedReply ? { fixedReply } : {}),
      });
    } catch (error) {
      this.options.logger.error({ channel: 'zalo-bot', error: describeError(error, this.secrets()) }, 'update failed');
    } finally {
      stopTyping();
    }
  }

  private async sendParts(chatId: string, parts: string[], operation: string): Promise<void> {
    for (const [index, text] of parts.entries()) {
      try {
        await this.api.call('sendMessage', { chat_id: chatId, text });
      } catch (error) {
        throw new ChannelSendError('zalo-bot', operation, `part ${index + 1}/${parts.length}: ${describeError(error, this.secrets()).message}`);
      }
    }
  }

  private webhookRoute(): HttpRoute {
    return {
      method: 'POST',
      path: ZALO_BOT_WEBHOOK_PATH,
      handle: async (request, response) => {
        const given = request.headers['x-bot-api-secret-token'];
        if (typeof given !== 'string' || !safeEqual(given, this.secret)) {
          request.resume();
          this.options.logger.warn({ channel: 'zalo-bot' }, 'webhook rejected: wrong secret token');
          sendJsonError(response, 401, CHANNEL_MESSAGES.http.unauthorized);
          return;
        }
        if (!this.accepting || !this.options.gateway.isAccepting) {
          request.resume();
          // Not 2xx: the platform delivers the update again after the restart.
          sendJson(response, 503, { error: CHANNEL_MESSAGES.shuttingDown }, { 'retry-after': '10' });
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse((await readBody(request, WEBHOOK_BODY_LIMIT)).toString('utf8')) as unknown;
        } catch (error) {
          if (error instanceof BodyTooLargeError) sendJsonError(response, 413, CHANNEL_MESSAGES.http.bodyTooLarge);
          else sendJsonError(response, 400, CHANNEL_MESSAGES.http.badJson);
          return;
        }
        const read = readZaloBotUpdate(body);
        const key = read.kind === 'ignored' ? null : read.message.messageId;
        if (key === null) {
          sendJson(response, 200, { ok: true });
          this.track(this.intake(body));
          return;
        }
        const accepted = await this.durable.accept(key, body);
        if (accepted === 'unavailable') {
          // Not stored, so not acknowledged: the platform delivers it again.
          sendJson(response, 503, { error: CHANNEL_MESSAGES.inboxUnavailable }, { 'retry-after': '5' });
          return;
        }
        sendJson(response, 200, { ok: true });
        if (accepted === 'new') this.track(this.durable.run(key, body));
      },
    };
  }

  private async poll(): Promise<void> {
    const timeoutSeconds = this.options.pollTimeoutSeconds ?? DEFAULT_POLL_TIMEOUT_SECONDS;
    let failures = 0;
    while (this.polling) {
      let result: unknown;
      try {
        result = await this.api.call('getUpdates', { timeout: String(timeoutSeconds), ...(this.offset === undefined ? {} : { offset: this.offset }) }, {
          timeoutMs: (timeoutSeconds + 10) * 1000,
          signal: this.abort.signal,
        });
        failures = 0;
      } catch (error) {
        if (!this.polling) break;
        if (error instanceof ZaloBotApiError && error.errorCode === POLL_TIMEOUT_ERROR) {
          failures = 0;
          continue;
        }
        failures += 1;
        const delay = this.backoff(failures);
        this.options.logger.warn(
          { channel: 'zalo-bot', failures, retryInMs: delay, error: describeError(error, this.secrets()) },
          'zalo bot getUpdates failed; polling again after a pause',
        );
        await this.wait(delay);
        continue;
      }
      for (const update of Array.isArray(result) ? result : result === null || result === undefined ? [] : [result]) {
        const id = isObject(update) ? update.update_id : undefined;
        if (typeof id === 'number' && Number.isSafeInteger(id)) this.offset = Math.max(this.offset ?? 0, id + 1);
        // Detached: chats are answered concurrently; the gateway keeps each chat in order and tracks the work.
        this.track(this.intake(update));
      }
    }
  }

  private backoff(failures: number): number {
    const { minMs, maxMs } = this.options.pollBackoff ?? { minMs: 1_000, maxMs: 60_000 };
    return Math.round(Math.min(minMs * 2 ** (failures - 1), maxMs) * (0.5 + this.random()));
  }

  private wait(ms: number): Promise<void> {
    if (this.options.sleep) return this.options.sleep(ms);
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private secrets(): string[] {
    return [this.options.token, this.secret];
  }

  private logFailure(what: string, error: unknown): void {
    this.options.logger.warn({ channel: 'zalo-bot', error: describeError(error, this.secrets()) }, what);
  }
}
