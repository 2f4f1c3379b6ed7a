/**
 * A personal Zalo account through zca-js 2.2 (unofficial; for pilots and small groups — the account can be locked
 * by Zalo). zca-js sits behind `ZaloPersonalClient` so the channel logic is tested with a fake; `ZcaSession` is the
 * zca-js implementation, tested against a fake zca-js API with the same shapes:
 *
 * - `api.listener` is an EventEmitter: an `error` listener is always attached (without one, a single websocket or
 *   decode error is thrown as ERR_UNHANDLED_ERROR and ends the process); errors are logged and counted.
 * - `disconnected` (every dropped socket; zca-js retries itself with `retryOnClose`) is counted; `closed` (zca-js gave
 *   up: its retries ran out, or close code 3000 "another session opened", 3003 "kicked") is logged, counted, and
 *   followed by a new login with the latest cookies, with exponential backoff and jitter, a bounded number of times.
 * - The session's cookies are saved to the credentials file (atomic, mode 0600) every 6 hours and on close, and
 *   `api.keepAlive()` is called periodically (the listener pings the socket on its own). Saved sessions expire
 *   after some days and are tied to the user agent and IP address: a failed login names `npm run zalo:login`.
 * - Sends go through a throttle (one message at a time, at least 1.5 s apart plus jitter, at most 20 a minute) so a
 *   burst of reminders does not look like a spam bot.
 *
 * In groups the bot answers only when mentioned or addressed with a command (`/…`).
 */
import path from 'node:path';
import { readJsonFile } from './files.ts';
import type { Gateway } from './gateway.ts';
import type { Counter, Metrics } from './metrics.ts';
import { describeError, plainReplyText, splitText } from './text.ts';
import { type Channel, type ChannelLogger, ChannelSendError } from './types.ts';
import type { Reply } from '../engine/types.ts';

/**
 * The slice of zca-js 2.x used here, typed structurally: the package's own type entry (`export * from "./dist"`)
 * does not resolve under NodeNext module resolution. Shapes checked against zca-js 2.2.0's `dist/*.d.ts`
 * (`zalo.d.ts`, `apis/listen.d.ts`, `apis/loginQR.d.ts`, `apis/keepAlive.d.ts`, `apis/getCookie.d.ts`).
 */
export interface Credentials {
  imei: string;
  cookie: unknown;
  userAgent: string;
  language?: string;
}
/** zca-js `ThreadType`. */
const THREAD_USER = 0;
const THREAD_GROUP = 1;
export interface ZcaMessage {
  type: number;
  threadId: string;
  isSelf: boolean;
  data: {
    uidFrom: string;
    dName: string;
    msgId: string;
    content: unknown;
    mentions?: { uid: string; pos: number; len: number }[];
  };
}
/** zca-js `Listener` (an EventEmitter). */
export interface ZcaListener {
  on(event: 'message', handler: (message: ZcaMessage) => void): unknown;
  on(event: 'error', handler: (error: unknown) => void): unknown;
  on(event: 'connected', handler: () => void): unknown;
  on(event: 'disconnected' | 'closed', handler: (code: number, reason: string) => void): unknown;
  start(options?: { retryOnClose?: boolean }): void;
  stop(): void;
}
export interface ZcaApi {
  getOwnId(): string;
  listener: ZcaListener;
  sendMessage(text: string, threadId: string, type: number): Promise<unknown>;
  /** The session's tough-cookie `CookieJar`; `toJSON().cookies` is what `login` accepts back. */
  getCookie(): { toJSON(): { cookies: unknown[] } | undefined } | undefined;
  /** GET chat `/keepalive`, as the web client does. */
  keepAlive(): Promise<unknown>;
}
interface QrActions {
  retry(): unknown;
  abort(): unknown;
}
/**
 * zca-js `LoginQRCallbackEventType`: 0 QR generated, 1 expired, 2 scanned, 3 declined, 4 got login info. After 1
 * and 3 zca-js waits until `retry()` or `abort()` is called (`abort` rejects `loginQR`).
 */
export type ZcaLoginQrEvent =
  | { type: 0; data: { image: string }; actions: QrActions & { saveToFile(qrPath?: string): Promise<unknown> } }
  | { type: 1 | 2 | 3; data: unknown; actions: QrActions }
  | { type: 4; data: { cookie: unknown[]; imei: string; userAgent: string }; actions: null };
export interface ZcaModule {
  Zalo: new (options: { checkUpdate: boolean; selfListen: boolean; logging: boolean }) => {
    login(credentials: Credentials): Promise<ZcaApi>;
    loginQR(
      options?: { userAgent?: string; qrPath?: string },
      callback?: (event: ZcaLoginQrEvent) => unknown,
    ): Promise<ZcaApi>;
  };
}

/** Loads zca-js only when a personal account is configured: it is a large dependency most deployments never use. */
export async function importZcaJs(): Promise<ZcaModule> {
  return (await import('zca-js')) as unknown as ZcaModule;
}

/** Logs in with saved credentials through zca-js, update check off. */
export async function zcaLogin(credentials: Credentials): Promise<ZcaApi> {
  const { Zalo } = await importZcaJs();
  return new Zalo({ checkUpdate: false, selfListen: false, logging: false }).login(credentials);
}

/** Conservative per-message text limit for personal accounts. */
export const ZALO_PERSONAL_TEXT_LIMIT = 2000;
export const ZALO_CREDENTIALS_FILE = 'zalo-credentials.json';
/** zca-js `CloseReason` codes worth naming in the logs. */
const CLOSE_MEANINGS: Record<number, string> = {
  1000: 'closed by this process',
  1006: 'connection lost',
  3000: 'another Zalo Web session of this account took over',
  3003: 'kicked by Zalo',
};

export interface ZaloPersonalMessage {
  threadId: string;
  isGroup: boolean;
  senderId: string;
  senderName: string | undefined;
  msgId: string;
  text: string;
  /** Mentions as zca-js reports them (group messages). */
  mentions: { uid: string; pos: number; len: number }[];
  /** Sent by the logged-in account itself. */
  isSelf: boolean;
}

/** The slice of zca-js the channel needs. */
export interface ZaloPersonalClient {
  /** The logged-in account's user id. */
  readonly ownId: string;
  onMessage(handler: (message: ZaloPersonalMessage) => void): void;
  sendText(threadId: string, isGroup: boolean, text: string): Promise<void>;
  stop(): Promise<void>;
}

export class ZaloCredentialsError extends Error {
  constructor(source: string, detail: string) {
    super(`Thông tin đăng nhập Zalo không hợp lệ (invalid Zalo credentials) trong ${source}: ${detail}`);
    this.name = 'ZaloCredentialsError';
  }
}

function asCredentials(value: unknown, source: string): Credentials {
  const candidate = value as Partial<Credentials> | null;
  if (!candidate || typeof candidate !== 'object') throw new ZaloCredentialsError(source, 'không phải đối tượng JSON');
  if (typeof candidate.imei !== 'string' || candidate.imei === '') throw new ZaloCredentialsError(source, 'thiếu imei');
  if (typeof candidate.userAgent !== 'string' || candidate.userAgent === '') {
    throw new ZaloCredentialsError(source, 'thiếu userAgent');
  }
  if (!candidate.cookie || typeof candidate.cookie !== 'object') throw new ZaloCredentialsError(source, 'thiếu cookie');
  return candidate as Credentials;
}

export interface LoadedZaloCredentials {
  credentials: Credentials;
  /** `file`: refreshed cookies are saved back to `file`; `env`: ZALO_CREDENTIALS wins at every start, nothing saved. */
  source: 'env' | 'file';
  file: string;
}

/** Credentials from ZALO_CREDENTIALS (JSON) or `${dataDir}/zalo-credentials.json`, with where they came from. */
export async function loadZaloCredentialsWithSource(fromEnv: string | undefined, dataDir: string): Promise<LoadedZaloCredentials | null> {
  const file = path.join(dataDir, ZALO_CREDENTIALS_FILE);
  if (fromEnv) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fromEnv);
    } catch {
      throw new ZaloCredentialsError('ZALO_CREDENTIALS', 'không phải JSON');
    }
    return { credentials: asCredentials(parsed, 'ZALO_CREDENTIALS'), source: 'env', file };
  }
  const stored = await readJsonFile(file);
  return stored === null ? null : { credentials: asCredentials(stored, file), source: 'file', file };
}

/** Credentials from ZALO_CREDENTIALS (JSON) or `${dataDir}/zalo-credentials.json`; null when neither exists. */
export async function loadZaloCredentials(fromEnv: string | undefined, dataDir: string): Promise<Credentials | null> {
  return (await loadZaloCredentialsWithSource(fromEnv, dataDir))?.credentials ?? null;
}

export interface SendThrottleOptions {
  /** Least time between two sends of the account. */
  minIntervalMs?: number;
  /** Up to this much more, at random, so sends do not tick like a clock. */
  jitterMs?: number;
  /** At most this many sends in any 60 s. */
  perMinute?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A queue that runs one send at a time, spaced and capped per minute (see `SendThrottleOptions`). */
export class SendThrottle {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly recent: number[] = [];
  private last = -Infinity;
  private readonly minIntervalMs: number;
  private readonly jitterMs: number;
  private readonly perMinute: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: SendThrottleOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 1_500;
    this.jitterMs = options.jitterMs ?? 1_000;
    this.perMinute = options.perMinute ?? 20;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Runs `task` once every send queued before it has run and the spacing allows; a failed task frees its turn. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      const wait = this.waitMs();
      if (wait > 0) await this.sleep(wait);
      this.last = this.now();
      this.recent.push(this.last);
      return task();
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private waitMs(): number {
    const now = this.now();
    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - 60_000) this.recent.shift();
    const spacing = this.last + this.minIntervalMs + this.random() * this.jitterMs - now;
    const oldest = this.recent.length >= this.perMinute ? this.recent[this.recent.length - this.perMinute] : undefined;
    const cap = oldest === undefined ? 0 : oldest + 60_000 - now;
    return Math.max(0, Math.ceil(spacing), Math.ceil(cap));
  }
}

export interface ZcaSessionOptions {
  /** `zcaLogin` in production; a fake zca-js in tests. */
  login: (credentials: Credentials) => Promise<ZcaApi>;
  credentials: Credentials;
  /** Writes refreshed cookies (atomic, 0600); absent when the credentials come from ZALO_CREDENTIALS. */
  saveCredentials?: ((credentials: Credentials) => Promise<void>) | undefined;
  logger: ChannelLogger;
  /** Counts listener events in `zalo_personal_listener_events_total{event}`. */
  metrics?: Metrics | undefined;
  /** New logins after `closed`: first wait, largest wait, attempts before giving up (until a connection succeeds). */
  relogin?: { baseMs: number; maxMs: number; maxAttempts: number };
  saveEveryMs?: number;
  keepAliveEveryMs?: number;
  throttle?: SendThrottle;
  random?: () => number;
}

const SAVE_EVERY_MS = 6 * 60 * 60_000;
const KEEP_ALIVE_EVERY_MS = 10 * 60_000;
const RELOGIN = { baseMs: 5_000, maxMs: 10 * 60_000, maxAttempts: 8 };

type ListenerEvent = 'error' | 'closed' | 'disconnected' | 'reconnect';

/** One logged-in zca-js session that survives listener errors and closes (see the module comment). */
export class ZcaSession implements ZaloPersonalClient {
  ownId = '';
  private api: ZcaApi | undefined;
  private credentials: Credentials;
  private readonly handlers: ((message: ZaloPersonalMessage) => void)[] = [];
  private readonly throttle: SendThrottle;
  private readonly events: Counter | undefined;
  private readonly random: () => number;
  private readonly relogin: { baseMs: number; maxMs: number; maxAttempts: number };
  private stopped = false;
  private reloginAttempts = 0;
  private reloginTimer: NodeJS.Timeout | undefined;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: ZcaSessionOptions) {
    this.credentials = options.credentials;
    this.throttle = options.throttle ?? new SendThrottle();
    this.random = options.random ?? Math.random;
    this.relogin = options.relogin ?? RELOGIN;
    this.events = options.metrics?.counter(
      'zalo_personal_listener_events_total',
      'zca-js listener events of the personal Zalo account (error, disconnected, closed) and new logins (reconnect)',
      ['event'],
    );
  }

  /** Logs in with the saved credentials and starts listening; rejects (after a warning naming zalo:login) when refused. */
  async start(): Promise<void> {
    this.attach(await this.login('start'));
    const save = setInterval(() => void this.saveSession('periodic'), this.options.saveEveryMs ?? SAVE_EVERY_MS);
    const keepAlive = setInterval(() => void this.keepAlive(), this.options.keepAliveEveryMs ?? KEEP_ALIVE_EVERY_MS);
    save.unref();
    keepAlive.unref();
    this.timers.push(save, keepAlive);
  }

  onMessage(handler: (message: ZaloPersonalMessage) => void): void {
    this.handlers.push(handler);
  }

  sendText(threadId: string, isGroup: boolean, text: string): Promise<void> {
    return this.throttle.run(async () => {
      const api = this.api;
      if (!api) throw new Error('Zalo: not connected (logging in again or stopped)');
      await api.sendMessage(text, threadId, isGroup ? THREAD_GROUP : THREAD_USER);
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    await this.saveSession('stop');
    this.stopped = true;
    clearTimeout(this.reloginTimer);
    for (const timer of this.timers) clearInterval(timer);
    const api = this.api;
    this.api = undefined;
    try {
      api?.listener.stop();
    } catch (error) {
      this.options.logger.debug({ channel: 'zalo', error: describeError(error, this.secrets()) }, 'zalo listener stop failed');
    }
  }

  private async login(why: 'start' | 'relogin'): Promise<ZcaApi> {
    try {
      return await this.options.login(this.credentials);
    } catch (error) {
      this.options.logger.warn(
        { channel: 'zalo', why, error: describeError(error, this.secrets()) },
        'zalo: login with the saved credentials failed. Saved sessions expire after some days and only work with the ' +
          'user agent and IP address they were made with: run "npm run zalo:login" on this machine to scan a new QR code',
      );
      throw error;
    }
  }

  private attach(api: ZcaApi): void {
    this.api = api;
    this.ownId = String(api.getOwnId());
    // Events of an api replaced by a new login (or after stop) are ignored — but still listened to: an `error`
    // event with no listener would be thrown and end the process.
    const current = () => this.api === api && !this.stopped;
    api.listener.on('error', (error) => {
      if (!current()) return;
      this.count('error');
      this.options.logger.warn({ channel: 'zalo', error: describeError(error, this.secrets()) }, 'zalo listener error');
    });
    api.listener.on('message', (message) => {
      if (current()) this.dispatch(message);
    });
    api.listener.on('connected', () => {
      if (!current()) return;
      this.reloginAttempts = 0;
      this.options.logger.info({ channel: 'zalo' }, 'zalo listener connected');
    });
    api.listener.on('disconnected', (code, reason) => {
      if (!current()) return;
      this.count('disconnected');
      this.options.logger.info({ channel: 'zalo', code, meaning: CLOSE_MEANINGS[code], reason }, 'zalo listener disconnected; zca-js reconnects if it can');
    });
    api.listener.on('closed', (code, reason) => {
      if (!current()) return;
      this.count('closed');
      this.options.logger.warn({ channel: 'zalo', code, meaning: CLOSE_MEANINGS[code], reason }, 'zalo listener closed; logging in again');
      void this.saveSession('closed');
      this.scheduleRelogin();
    });
    api.listener.start({ retryOnClose: true });
  }

  private scheduleRelogin(): void {
    if (this.stopped || this.reloginTimer) return;
    if (this.reloginAttempts >= this.relogin.maxAttempts) {
      this.options.logger.error(
        { channel: 'zalo', attempts: this.reloginAttempts },
        'zalo: gave up logging in again; run "npm run zalo:login", then restart the service',
      );
      return;
    }
    this.reloginAttempts += 1;
    const base = Math.min(this.relogin.baseMs * 2 ** (this.reloginAttempts - 1), this.relogin.maxMs);
    const delay = Math.round(base * (0.5 + this.random()));
    this.options.logger.info({ channel: 'zalo', attempt: this.reloginAttempts, delayMs: delay }, 'zalo: new login scheduled');
    this.reloginTimer = setTimeout(() => {
      this.reloginTimer = undefined;
      void this.loginAgain();
    }, delay);
    this.reloginTimer.unref();
  }

  private async loginAgain(): Promise<void> {
    if (this.stopped) return;
    this.count('reconnect');
    const old = this.api;
    this.credentials = this.withCookiesOf(old);
    this.api = undefined;
    try {
      old?.listener.stop();
    } catch {
      // Already closed; nothing to stop.
    }
    let api: ZcaApi;
    try {
      api = await this.login('relogin');
    } catch {
      this.scheduleRelogin();
      return;
    }
    if (this.stopped) {
      try {
        api.listener.stop();
      } catch {
        // Never started.
      }
      return;
    }
    this.attach(api);
    this.options.logger.info({ channel: 'zalo', attempt: this.reloginAttempts }, 'zalo: logged in again');
    void this.saveSession('relogin');
  }

  private withCookiesOf(api: ZcaApi | undefined): Credentials {
    let cookies: unknown[] | undefined;
    try {
      cookies = api?.getCookie()?.toJSON()?.cookies;
    } catch {
      cookies = undefined;
    }
    return Array.isArray(cookies) && cookies.length > 0 ? { ...this.credentials, cookie: cookies } : this.credentials;
  }

  private async saveSession(why: 'periodic' | 'closed' | 'relogin' | 'stop'): Promise<void> {
    const save = this.options.saveCredentials;
    if (!save || !this.api || this.stopped) return;
    this.credentials = this.withCookiesOf(this.api);
    try {
      await save(this.credentials);
      this.options.logger.debug({ channel: 'zalo', why }, 'zalo session cookies saved');
    } catch (error) {
      this.options.logger.warn({ channel: 'zalo', why, error: describeError(error, this.secrets()) }, 'zalo session cookies not saved');
    }
  }

  private async keepAlive(): Promise<void> {
    const api = this.api;
    if (!api || this.stopped) return;
    try {
      await api.keepAlive();
    } catch (error) {
      this.options.logger.warn({ channel: 'zalo', error: describeError(error, this.secrets()) }, 'zalo keepAlive failed');
    }
  }

  private dispatch(message: ZcaMessage): void {
    const content = message.data.content;
    if (typeof content !== 'string') return;
    const isGroup = message.type === THREAD_GROUP;
    const mentions = isGroup ? (message.data.mentions ?? []) : [];
    const normalised: ZaloPersonalMessage = {
      threadId: message.threadId,
      isGroup,
      senderId: String(message.data.uidFrom),
      senderName: message.data.dName || undefined,
      msgId: String(message.data.msgId),
      text: content,
      mentions: mentions.map((mention) => ({ uid: String(mention.uid), pos: mention.pos, len: mention.len })),
      isSelf: message.isSelf,
    };
    for (const handler of this.handlers) handler(normalised);
  }

  private count(event: ListenerEvent): void {
    this.events?.inc({ event });
  }

  /** Cookie values (saved and current) and the imei: zca-js error texts may echo request data. */
  private secrets(): string[] {
    const values: string[] = [this.credentials.imei];
    for (const credentials of [this.options.credentials, this.credentials]) {
      const cookies = Array.isArray(credentials.cookie) ? (credentials.cookie as unknown[]) : [];
      for (const cookie of cookies) {
        const value = typeof cookie === 'object' && cookie !== null ? (cookie as { value?: unknown }).value : undefined;
        if (typeof value === 'string' && value.length >= 8) values.push(value);
      }
    }
    return values;
  }
}

/** Logs in through zca-js and returns the running session (see `ZcaSession`). */
export async function connectZcaClient(options: Omit<ZcaSessionOptions, 'login'> & { login?: ZcaSessionOptions['login'] }): Promise<ZaloPersonalClient> {
  const session = new ZcaSession({ login: zcaLogin, ...options });
  await session.start();
  return session;
}

export interface ZaloPersonalChannelOptions {
  /** Logs in and returns the client (zca-js in production, a fake in tests). */
  connect: () => Promise<ZaloPersonalClient>;
  gateway: Gateway;
  logger: ChannelLogger;
}

/** Text to answer, without the mention of this account; null when a group message is not for the bot. */
export function addressedGroupText(message: ZaloPersonalMessage, ownId: string): string | null {
  const own = message.mentions.filter((mention) => mention.uid === ownId);
  if (own.length > 0) {
    let text = message.text;
    for (const mention of [...own].sort((a, b) => b.pos - a.pos)) {
      text = `${text.slice(0, mention.pos)} ${text.slice(mention.pos + mention.len)}`;
    }
    return text.replace(/\s+/g, ' ').trim();
  }
  return message.text.trimStart().startsWith('/') ? message.text.trim() : null;
}

export class ZaloPersonalChannel implements Channel {
  readonly name = 'zalo' as const;
  readonly routes = [];
  private client: ZaloPersonalClient | undefined;
  private accepting = true;

  constructor(private readonly options: ZaloPersonalChannelOptions) {}

  async start(): Promise<void> {
    const client = await this.options.connect();
    this.client = client;
    client.onMessage((message) => this.onMessage(client, message));
    this.options.logger.info({ channel: 'zalo' }, 'zalo personal account listening');
  }

  async stop(): Promise<void> {
    this.accepting = false;
    await this.client?.stop();
  }

  /** Sends `text` to user `userId` as a direct (non-group) message, split under the text limit. */
  async notify(userId: string, text: string): Promise<void> {
    const client = this.client;
    if (!client) throw new ChannelSendError('zalo', 'sendMessage (notify)', 'not logged in (channel not started)');
    const parts = splitText(text, ZALO_PERSONAL_TEXT_LIMIT);
    for (const [index, part] of parts.entries()) {
      try {
        await client.sendText(userId, false, part);
      } catch (error) {
        throw new ChannelSendError('zalo', 'sendMessage (notify)', `part ${index + 1}/${parts.length}: ${describeError(error).message}`);
      }
    }
  }

  /** Delivery: one Reply as plain-text messages in the thread it answers. */
  async sendReply(client: ZaloPersonalClient, threadId: string, isGroup: boolean, reply: Reply): Promise<void> {
    for (const chunk of splitText(plainReplyText(reply), ZALO_PERSONAL_TEXT_LIMIT)) {
      await client.sendText(threadId, isGroup, chunk);
    }
  }

  private onMessage(client: ZaloPersonalClient, message: ZaloPersonalMessage): void {
    if (!this.accepting || message.isSelf || message.senderId === client.ownId) return;
    const text = message.isGroup ? addressedGroupText(message, client.ownId) : message.text;
    if (text === null || text === '') return;
    void this.options.gateway
      .process(
        {
          channel: 'zalo',
          userId: message.senderId,
          conversationId: message.isGroup ? `g${message.threadId}` : message.threadId,
          messageId: message.msgId,
          text,
          userName: message.senderName,
          receivedAt: new Date(),
        },
        { deliver: (reply) => this.sendReply(client, message.threadId, message.isGroup, reply) },
      )
      .catch((error: unknown) =>
        this.options.logger.error({ channel: 'zalo', error: describeError(error) }, 'message failed'),
      );
  }
}
