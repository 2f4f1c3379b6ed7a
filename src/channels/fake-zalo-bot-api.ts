/**
 * A stand-in Zalo Bot Platform API on loopback for tests and benches (`ZALO_BOT_API_ROOT` points at it). Answers
 * `POST /bot<token>/<method>` as the platform documents: `{ok: true, result}` or `{ok: false, error_code,
 * description}`; a wrong token → 401. Records every call and can be told to fail the next calls of a method.
 *
 * - `getMe` → the bot; `setWebhook {url, secret_token}` (HTTPS URL, secret of 8–256 characters) /
 *   `getWebhookInfo` / `deleteWebhook` keep one webhook;
 * - `getUpdates` → one queued update per call as `result` (the documented shape), or with `updatesAs: 'array'`
 *   every queued update numbered by `update_id` until a call's `offset` passes it (Telegram style, to exercise the
 *   offset). Nothing queued → after `idleMs`, error 408 "Request timeout". While a webhook is set → error 400 (the
 *   docs say getUpdates does not work then; the code is this fake's choice);
 * - `sendMessage {chat_id, text}` → text of 1–2,000 characters, else error 400; `sendChatAction` → ok.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_ZALO_BOT_TOKEN = '1459232241454765289:fake-zalo-bot-token-for-tests-AbCdEf0123456789';

export interface ZaloBotCall {
  method: string;
  payload: Record<string, unknown>;
  /** `performance.now()` when the call arrived. */
  at: number;
}

export interface ZaloBotFailure {
  error_code: number;
  description: string;
}

export interface FakeZaloBotApiOptions {
  token?: string;
  updatesAs?: 'object' | 'array';
  /** How long an empty getUpdates waits before answering 408. */
  idleMs?: number;
}

export class FakeZaloBotApi {
  readonly calls: ZaloBotCall[] = [];
  readonly token: string;
  webhook: { url: string; secret_token: string } | null = null;
  apiRoot = '';
  private readonly updatesAs: 'object' | 'array';
  private readonly idleMs: number;
  private readonly failures = new Map<string, ZaloBotFailure[]>();
  private readonly listeners = new Set<(call: ZaloBotCall) => void>();
  private readonly queued: Record<string, unknown>[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private server: Server | undefined;

  constructor(options: FakeZaloBotApiOptions = {}) {
    this.token = options.token ?? FAKE_ZALO_BOT_TOKEN;
    this.updatesAs = options.updatesAs ?? 'object';
    this.idleMs = options.idleMs ?? 200;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((request.url ?? '').split('?')[0] ?? '');
        let payload: Record<string, unknown> = {};
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          if (raw) payload = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          payload = { raw };
        }
        const call = { method: match?.[2] ?? '', payload, at: performance.now() };
        const reply = (status: number, body: unknown) => {
          if (response.destroyed) return;
          const text = JSON.stringify(body);
          response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          response.end(text);
        };
        if (!match || match[1] !== this.token) {
          reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
          return;
        }
        this.calls.push(call);
        for (const listener of this.listeners) listener(call);
        const failure = this.failures.get(call.method)?.shift();
        if (failure) {
          reply(failure.error_code, { ok: false, ...failure });
          return;
        }
        if (call.method === 'getUpdates' && !this.webhook && this.pendingUpdates(payload).length === 0) {
          setTimeout(() => this.answer(call.method, payload, reply), this.idleMs);
          return;
        }
        this.answer(call.method, payload, reply);
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.apiRoot;
  }

  /** A text message from a user in a private chat (chat id = user id, as in the platform's samples). */
  static textUpdate(text: string, options: { userId?: string; messageId?: string; chatType?: 'PRIVATE' | 'GROUP'; chatId?: string; name?: string } = {}) {
    const userId = options.userId ?? 'e4ea2cd5189df1c3a88c';
    return {
      event_name: 'message.text.received',
      message: {
        message_id: options.messageId ?? `m-${Math.random().toString(16).slice(2)}`,
        from: { id: userId, display_name: options.name ?? 'Nguyễn Văn A', is_bot: false },
        chat: { id: options.chatId ?? userId, chat_type: options.chatType ?? 'PRIVATE' },
        date: Date.now(),
        text,
      },
    };
  }

  /** Delivered by getUpdates. */
  queueUpdate(update: Record<string, unknown>): void {
    this.queued.push(this.updatesAs === 'array' ? { update_id: this.nextUpdateId++, ...update } : update);
  }

  /** The next `times` calls of `method` fail with `failure` (HTTP status = error_code). */
  failNext(method: string, failure: ZaloBotFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let index = 0; index < times; index += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  onCall(listener: (call: ZaloBotCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once `count` calls of `method` have arrived. */
  waitForCalls(method: string, count: number, timeoutMs = 5_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.callsOf(method).length >= count) {
          clearTimeout(timer);
          remove();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        remove();
        reject(new Error(`FakeZaloBotApi: ${count} × ${method} not reached in ${timeoutMs} ms (got ${this.callsOf(method).length})`));
      }, timeoutMs);
      const remove = this.onCall(check);
      check();
    });
  }

  callsOf(method: string): ZaloBotCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Texts of every sendMessage the fake accepted, in order. */
  sentTexts(): string[] {
    return this.callsOf('sendMessage')
      .map((call) => call.payload.text)
      .filter((text): text is string => typeof text === 'string' && text.length >= 1 && text.length <= 2000);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private pendingUpdates(payload: Record<string, unknown>): Record<string, unknown>[] {
    if (this.updatesAs === 'object') return this.queued;
    const offset = typeof payload.offset === 'number' ? payload.offset : 0;
    return this.queued.filter((update) => (update.update_id as number) >= offset);
  }

  private answer(method: string, payload: Record<string, unknown>, reply: (status: number, body: unknown) => void): void {
    const ok = (result?: unknown) => reply(200, result === undefined ? { ok: true } : { ok: true, result });
    const fail = (code: number, description: string) => reply(code, { ok: false, error_code: code, description });
    switch (method) {
      case 'getMe':
        ok({ id: this.token.split(':')[0], account_name: 'bot.TroLyTest', account_type: 'BASIC', can_join_groups: false });
        return;
      case 'setWebhook': {
        const { url, secret_token: secret } = payload;
        if (typeof url !== 'string' || !url.startsWith('https://')) return fail(400, 'url must be an HTTPS URL');
        if (typeof secret !== 'string' || secret.length < 8 || secret.length > 256) return fail(400, 'secret_token must be 8-256 characters');
        this.webhook = { url, secret_token: secret };
        ok({ url, updated_at: Date.now() });
        return;
      }
      case 'getWebhookInfo':
        ok({ url: this.webhook?.url ?? '', updated_at: Date.now() });
        return;
      case 'deleteWebhook':
        this.webhook = null;
        ok({ url: '', updated_at: Date.now() });
        return;
      case 'getUpdates': {
        if (this.webhook) return fail(400, 'Webhook is set; call deleteWebhook before getUpdates');
        if (this.updatesAs === 'array') {
          const offset = typeof payload.offset === 'number' ? payload.offset : 0;
          // Telegram style: updates below the offset are confirmed and forgotten; the rest come back until then.
          for (let index = this.queued.length - 1; index >= 0; index -= 1) {
            if ((this.queued[index]?.update_id as number) < offset) this.queued.splice(index, 1);
          }
          if (this.queued.length === 0) return fail(408, 'Request timeout');
          ok([...this.queued]);
          return;
        }
        const next = this.queued.shift();
        if (!next) return fail(408, 'Request timeout');
        ok(next);
        return;
      }
      case 'sendMessage': {
        const { chat_id: chatId, text } = payload;
        if (typeof chatId !== 'string' || chatId === '') return fail(400, 'chat_id is required');
        if (typeof text !== 'string' || text.length < 1 || text.length > 2000) return fail(400, 'text must be 1-2000 characters');
        ok({ message_id: `sent-${this.nextMessageId++}`, date: Date.now() });
        return;
      }
      case 'sendChatAction':
        ok();
        return;
      default:
        fail(404, `Method ${method} not found`);
    }
  }
}
