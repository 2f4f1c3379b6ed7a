/**
 * A stand-in Telegram Bot API server on loopback for tests and `bench:gateway` (`TELEGRAM_API_ROOT` points at it).
 * Answers `POST /bot<token>/<method>` with plausible results, records every call, and can be told to fail the
 * next calls of a method (e.g. 429 with `retry_after`) to exercise auto-retry.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserFromGetMe } from 'grammy/types';

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** `performance.now()` when the call arrived. */
  at: number;
}

export interface InjectedFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export const FAKE_BOT_INFO: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: 'Trợ lý thử nghiệm',
  username: 'assistant_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
} as UserFromGetMe;

export class FakeTelegramApi {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly listeners = new Set<(call: RecordedCall) => void>();
  private server: Server | undefined;
  private nextMessageId = 1;
  private readonly queuedUpdates: unknown[] = [];
  apiRoot = '';

  constructor(private readonly botInfo: UserFromGetMe = FAKE_BOT_INFO) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const method = (request.url ?? '').split('/').pop()?.split('?')[0] ?? '';
        let payload: Record<string, unknown> = {};
        const raw = Buffer.concat(chunks).toString('utf8');
        if (raw) {
          try {
            payload = JSON.parse(raw) as Record<string, unknown>;
          } catch {
            payload = { raw };
          }
        }
        this.record(method, payload);
        const failure = this.failures.get(method)?.shift();
        const body = failure ? { ok: false, ...failure } : { ok: true, result: this.result(method, payload) };
        const text = JSON.stringify(body);
        // Long polling with nothing to deliver: answer after a short pause instead of spinning.
        const delay = method === 'getUpdates' && !failure && this.queuedUpdates.length === 0 ? 200 : 0;
        setTimeout(() => {
              response.writeHead(failure ? failure.error_code : 200, {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(text),
            });
          response.end(text);
        }, delay);
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${port}`;
    return this.apiRoot;
  }

  /**
   * What Telegram does with a webhook's answer: a 2xx whose JSON body names a `method` runs that method as if it
   * had been called (its result goes nowhere). Bodies of other answers are ignored.
   */
  runWebhookAnswer(status: number, body: string): void {
    if (status < 200 || status >= 300) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { method?: unknown }).method !== 'string') return;
    const { method, ...payload } = parsed as { method: string } & Record<string, unknown>;
    this.record(method, payload);
  }

  /** Delivered by the next `getUpdates` (long polling). */
  queueUpdate(update: unknown): void {
    this.queuedUpdates.push(update);
  }

  /** The next `times` calls of `method` fail with `failure`. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let index = 0; index < times; index += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  onCall(listener: (call: RecordedCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private record(method: string, payload: Record<string, unknown>): void {
    const call = { method, payload, at: performance.now() };
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
  }

  private result(method: string, payload: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return this.botInfo;
      case 'sendMessage':
        return {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: 'private' },
          text: payload.text,
        };
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: 0 };
      case 'getUpdates':
        return this.queuedUpdates.splice(0);
      default:
        return true;
    }
  }
}

/** A text message in a private chat as Telegram delivers it to a webhook; a command carries its bot_command entity. */
export function privateTextUpdate(updateId: number, chatId: number, text: string, firstName = 'Người dùng'): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: firstName },
      from: { id: chatId, is_bot: false, first_name: firstName },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/u)[0]!.length }] } : {}),
    },
  };
}

/**
 * Delivers `update` to the webhook at `base` as Telegram does, running a method its 200 carries (`runWebhookAnswer`);
 * resolves with the HTTP status. Rejects when the request fails (a network error, `signal`).
 */
export async function postWebhookUpdate(
  api: FakeTelegramApi,
  target: { base: string; secret: string },
  update: unknown,
  signal?: AbortSignal,
): Promise<number> {
  const response = await fetch(`${target.base}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': target.secret },
    body: typeof update === 'string' ? update : JSON.stringify(update),
    ...(signal ? { signal } : {}),
  });
  api.runWebhookAnswer(response.status, await response.text());
  return response.status;
}

/**
 * Posts `text` from `chatId` to the bot's webhook at `base` as Telegram does and resolves with the first reply the
 * fake records for that chat after the post (refused on a non-2xx answer or no reply within `timeoutMs`).
 */
export async function sendAndAwaitReply(
  api: FakeTelegramApi,
  target: { base: string; secret: string },
  update: { updateId: number; chatId: number; text: string; firstName?: string },
  timeoutMs = 15_000,
): Promise<string> {
  const before = api.callsOf('sendMessage').length;
  const toChat = (call: RecordedCall) => call.method === 'sendMessage' && String(call.payload.chat_id) === String(update.chatId);
  let found: RecordedCall | undefined;
  let wake = () => {};
  const stop = api.onCall((call) => {
    if (found || !toChat(call)) return;
    found = call;
    wake();
  });
  try {
    const status = await postWebhookUpdate(api, target, privateTextUpdate(update.updateId, update.chatId, update.text, update.firstName));
    if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
    found ??= api.callsOf('sendMessage').slice(before).find(toChat);
    if (!found) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to "${update.text}" within ${timeoutMs} ms`)), timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return String(found!.payload.text);
  } finally {
    stop();
  }
}
