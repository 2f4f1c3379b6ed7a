import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { FAKE_ZALO_BOT_TOKEN, FakeZaloBotApi, type FakeZaloBotApiOptions } from '../../src/channels/fake-zalo-bot-api.ts';
import { Gateway } from '../../src/channels/gateway.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import type { Outbox, OutboxFailure } from '../../src/channels/outbox.ts';
import { ChannelSendError } from '../../src/channels/types.ts';
import {
  deriveZaloBotWebhookSecret,
  readZaloBotUpdate,
  resolveZaloBotWebhookUrl,
  ZALO_BOT_TEXT_LIMIT,
  ZaloBotChannel,
  ZaloBotConfigError,
} from '../../src/channels/zalo-bot.ts';
import { channelContract } from './contract.ts';
import { CapturingLogger, pingOnlyDatabase, TEST_HOTLINE, TEST_WEB_CHAT, TestEngine } from './support.ts';

const SECRET = 'zalo-bot-webhook-secret-0123';

interface Setup {
  api: FakeZaloBotApi;
  engine: TestEngine;
  gateway: Gateway;
  channel: ZaloBotChannel;
  http: RunningHttpServer;
  logger: CapturingLogger;
  outbox: OutboxFailure[];
  sleeps: number[];
  post(body: unknown, secret?: string | null): Promise<Response>;
  close(): Promise<void>;
}

async function setUp(
  options: {
    mode?: 'webhook' | 'polling';
    ratePerMinute?: number;
    maxMessageChars?: number;
    engine?: TestEngine;
    api?: FakeZaloBotApiOptions;
    autoStart?: boolean;
    hotline?: string;
  } = {},
): Promise<Setup> {
  const api = new FakeZaloBotApi({ idleMs: 30, ...options.api });
  await api.start();
  const engine = options.engine ?? new TestEngine();
  const logger = new CapturingLogger();
  const metrics = new Metrics();
  const outbox: OutboxFailure[] = [];
  const store: Outbox = { record: async (failure) => void outbox.push(failure) };
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: options.ratePerMinute ?? 100, maxMessageChars: options.maxMessageChars ?? 500 },
    logger,
    metrics,
    outbox: store,
  });
  const http = await startHttpServer({ webChat: TEST_WEB_CHAT, host: '127.0.0.1', port: 0, maxMessageChars: 500, gateway, db: pingOnlyDatabase(true), metrics, logger });
  const sleeps: number[] = [];
  const channel = new ZaloBotChannel({
    hotline: options.hotline ?? TEST_HOTLINE,
    token: FAKE_ZALO_BOT_TOKEN,
    apiRoot: api.apiRoot,
    webhookUrl: options.mode === 'polling' ? undefined : 'https://tro-ly.example.gov.vn/',
    webhookSecret: SECRET,
    gateway,
    logger,
    pollTimeoutSeconds: 1,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setTimeout(resolve, 5));
    },
  });
  http.addRoutes(channel.routes);
  if (options.autoStart !== false) await channel.start();
  return {
    api,
    engine,
    gateway,
    channel,
    http,
    logger,
    outbox,
    sleeps,
    post: (body, secret = SECRET) =>
      fetch(`${http.url}/zalo-bot/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-bot-api-secret-token': secret }) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await channel.stop();
      await http.close();
      await api.close();
    },
  };
}

/** Waits until `predicate` holds (polling mode delivers on its own schedule). */
async function until(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

channelContract('zalo-bot (webhook)', async ({ ratePerMinute, maxMessageChars }) => {
  const s = await setUp({ ratePerMinute, maxMessageChars });
  return {
    engine: s.engine,
    textLimit: ZALO_BOT_TEXT_LIMIT,
    async send({ text, messageId, userId }) {
      const response = await s.post(FakeZaloBotApi.textUpdate(text, { messageId, userId: userId ?? '501' }));
      expect(response.status).toBe(200);
      await s.channel.whenIdle();
    },
    sent: () => s.api.sentTexts(),
    close: () => s.close(),
  };
});

channelContract('zalo-bot (polling)', async ({ ratePerMinute, maxMessageChars }) => {
  const s = await setUp({ mode: 'polling', ratePerMinute, maxMessageChars });
  return {
    engine: s.engine,
    textLimit: ZALO_BOT_TEXT_LIMIT,
    async send({ text, messageId, userId }) {
      const before = s.api.callsOf('getUpdates').length;
      s.api.queueUpdate(FakeZaloBotApi.textUpdate(text, { messageId, userId: userId ?? '501' }));
      // The update is handed out by a later poll; the one after it proves it was taken and handled.
      await s.api.waitForCalls('getUpdates', before + 2);
      await s.gateway.whenIdle();
      await s.channel.whenIdle();
    },
    sent: () => s.api.sentTexts(),
    close: () => s.close(),
  };
});

describe('zalo bot adapter', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('registers <url>/zalo-bot/webhook with the secret on start, and derives a stable secret when none is set', async () => {
    s = await setUp();
    expect(s.api.callsOf('getMe')).toHaveLength(1);
    expect(s.api.webhook).toEqual({ url: 'https://tro-ly.example.gov.vn/zalo-bot/webhook', secret_token: SECRET });
    expect(resolveZaloBotWebhookUrl('https://a.vn/base/zalo-bot/webhook')).toBe('https://a.vn/base/zalo-bot/webhook');
    expect(resolveZaloBotWebhookUrl('https://a.vn/base/')).toBe('https://a.vn/base/zalo-bot/webhook');
    expect(deriveZaloBotWebhookSecret('t')).toMatch(/^[0-9a-f]{64}$/);
    expect(deriveZaloBotWebhookSecret('t')).not.toContain('t:');
    expect(() => new ZaloBotChannel({ hotline: TEST_HOTLINE, token: 't', apiRoot: s!.api.apiRoot, webhookSecret: 'short', gateway: s!.gateway, logger: s!.logger })).toThrow(
      ZaloBotConfigError,
    );
  });

  it('refuses a webhook request without the right secret: 401, nothing processed', async () => {
    s = await setUp();
    const update = FakeZaloBotApi.textUpdate('giả mạo', { messageId: 'forged-1' });
    const wrong = await s.post(update, 'not-the-secret-at-all');
    const prefix = await s.post(update, SECRET.slice(0, -1));
    const missing = await s.post(update, null);
    expect([wrong.status, prefix.status, missing.status]).toEqual([401, 401, 401]);
    await s.channel.whenIdle();
    expect(s.engine.calls).toHaveLength(0);
    expect(s.api.callsOf('sendMessage')).toHaveLength(0);
    expect(s.logger.text()).not.toContain(SECRET);
  });

  it('accepts updates bare and wrapped in {ok, result}, once per message id', async () => {
    s = await setUp();
    const bare = FakeZaloBotApi.textUpdate('dạng trần', { messageId: 'w-1' });
    const wrapped = { ok: true, result: FakeZaloBotApi.textUpdate('dạng bọc', { messageId: 'w-2' }) };
    expect((await s.post(bare)).status).toBe(200);
    expect((await s.post(wrapped)).status).toBe(200);
    expect((await s.post(wrapped)).status).toBe(200);
    await s.channel.whenIdle();
    expect(s.engine.calls.map((call) => [call.text, call.channel, call.messageId])).toEqual([
      ['dạng trần', 'zalo-bot', 'w-1'],
      ['dạng bọc', 'zalo-bot', 'w-2'],
    ]);
    expect(s.engine.calls[0]).toMatchObject({ userId: 'e4ea2cd5189df1c3a88c', conversationId: 'e4ea2cd5189df1c3a88c', userName: 'Nguyễn Văn A' });
    expect(s.api.callsOf('sendMessage').map((call) => call.payload.chat_id)).toEqual(['e4ea2cd5189df1c3a88c', 'e4ea2cd5189df1c3a88c']);
  });

  it('answers 200 to a non-object body and ignores it; 400 to invalid JSON', async () => {
    s = await setUp();
    expect((await s.post('null')).status).toBe(200);
    expect((await s.post('[1]')).status).toBe(200);
    expect((await s.post('{oops')).status).toBe(400);
    await s.channel.whenIdle();
    expect(s.engine.calls).toHaveLength(0);
  });

  it('splits a long reply under 2,000 characters, each part a separate sendMessage', async () => {
    s = await setUp();
    await s.post(FakeZaloBotApi.textUpdate('danh sách dài', { messageId: 'long-1' }));
    await s.channel.whenIdle();
    const parts = s.api.callsOf('sendMessage').map((call) => String(call.payload.text));
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join('\n')).toContain('Dòng 200: nhiệm vụ chuyển đổi số');
  });

  it('keeps a reply the platform refused in the outbox, not in the log, without the token', async () => {
    s = await setUp();
    s.api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: user blocked the bot' });
    await s.post(FakeZaloBotApi.textUpdate('câu hỏi bị từ chối', { messageId: 'refused-1' }));
    await s.channel.whenIdle();
    expect(s.outbox).toHaveLength(1);
    expect(s.outbox[0]).toMatchObject({ channel: 'zalo-bot', messageId: 'refused-1', replyText: expect.stringContaining('Trả lời cho: câu hỏi bị từ chối') });
    expect(s.outbox[0]?.error).toContain('user blocked the bot');
    expect(s.logger.text()).not.toContain('Trả lời cho: câu hỏi bị từ chối');
    expect(s.logger.text()).not.toContain(FAKE_ZALO_BOT_TOKEN);
    expect(s.outbox[0]?.error).not.toContain(FAKE_ZALO_BOT_TOKEN);
  });

  it('answers images and stickers with the text-only reply; in groups answers only commands', async () => {
    s = await setUp();
    const image = FakeZaloBotApi.textUpdate('', { messageId: 'img-1' });
    await s.post({ ...image, event_name: 'message.image.received', message: { ...image.message, text: undefined, photo_url: 'https://x.vn/a.jpg' } });
    const sticker = FakeZaloBotApi.textUpdate('', { messageId: 'st-1' });
    await s.post({ ...sticker, event_name: 'message.sticker.received', message: { ...sticker.message, text: undefined, sticker: 'abc' } });
    await s.post(FakeZaloBotApi.textUpdate('nói chuyện trong nhóm', { messageId: 'g-1', chatType: 'GROUP', chatId: 'group-1' }));
    await s.post(FakeZaloBotApi.textUpdate('/quahan', { messageId: 'g-2', chatType: 'GROUP', chatId: 'group-1' }));
    await s.channel.whenIdle();
    expect(s.engine.calls.map((call) => [call.text, call.conversationId])).toEqual([['/quahan', 'group-1']]);
    const sent = s.api.callsOf('sendMessage').map((call) => [call.payload.chat_id, call.payload.text]);
    expect(sent.slice(0, 2)).toEqual([
      ['e4ea2cd5189df1c3a88c', CHANNEL_MESSAGES.textOnly(TEST_HOTLINE)],
      ['e4ea2cd5189df1c3a88c', CHANNEL_MESSAGES.textOnly(TEST_HOTLINE)],
    ]);
    expect(sent[2]?.[0]).toBe('group-1');
    expect(readZaloBotUpdate({ event_name: 'message.text.received', message: { message_id: 'b', from: { id: 'bot', is_bot: true }, chat: { id: 'c' }, text: 'x' } })).toMatchObject({
      kind: 'ignored',
    });
  });

  it('names the configured hotline in the text-only reply, never a built-in number', async () => {
    s = await setUp({ hotline: '1800 0001' });
    const sticker = FakeZaloBotApi.textUpdate('', { messageId: 'sticker-hotline-1' });
    await s.post({ ...sticker, event_name: 'message.sticker.received', message: { ...sticker.message, text: undefined, sticker: 'st-01', url: 'https://example.vn/st-01.png' } });
    await s.channel.whenIdle();
    expect(s.engine.calls).toHaveLength(0);
    const [reply] = s.api.sentTexts();
    expect(reply).toBe(CHANNEL_MESSAGES.textOnly('1800 0001'));
    expect(reply).toContain('Tổng đài 1800 0001');
    expect(reply).not.toContain('1022');
  });

  it('shows typing while a slow answer is prepared', async () => {
    s = await setUp({ engine: new TestEngine(400) });
    await s.post(FakeZaloBotApi.textUpdate('câu hỏi chậm', { messageId: 'slow-1' }));
    await s.channel.whenIdle();
    const methods = s.api.calls.map((call) => call.method).filter((method) => method === 'sendChatAction' || method === 'sendMessage');
    expect(methods).toEqual(['sendChatAction', 'sendMessage']);
    expect(s.api.callsOf('sendChatAction')[0]?.payload).toEqual({ chat_id: 'e4ea2cd5189df1c3a88c', action: 'typing' });
  });

  it('notifies a user by chat id = user id, split under the limit; a refusal is a ChannelSendError without the token', async () => {
    s = await setUp();
    const text = Array.from({ length: 150 }, (_, index) => `PL2.${index + 1} hạn 31/12/2025`).join('\n');
    await s.channel.notify('user-9', text);
    const parts = s.api.callsOf('sendMessage');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((call) => call.payload.chat_id === 'user-9')).toBe(true);
    expect(parts.map((call) => call.payload.text).join('\n')).toBe(text);
    s.api.failNext('sendMessage', { error_code: 400, description: 'chat not found' });
    const failure = await s.channel.notify('nobody', 'x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect((failure as Error).message).toContain('chat not found');
    expect((failure as Error).message).not.toContain(FAKE_ZALO_BOT_TOKEN);
  });

  it('fails to start when the token is refused', async () => {
    s = await setUp({ autoStart: false });
    const bad = new ZaloBotChannel({ hotline: TEST_HOTLINE, token: '1:wrong', apiRoot: s.api.apiRoot, gateway: s.gateway, logger: s.logger });
    await expect(bad.start()).rejects.toThrow(/getMe: error 401/);
  });
});

describe('zalo bot polling', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('deletes the webhook, then takes one update per getUpdates (the documented shape) with the long-poll timeout', async () => {
    s = await setUp({ mode: 'polling' });
    expect(s.api.calls.slice(0, 2).map((call) => call.method)).toEqual(['getMe', 'deleteWebhook']);
    s.api.queueUpdate(FakeZaloBotApi.textUpdate('một', { messageId: 'p-1' }));
    s.api.queueUpdate(FakeZaloBotApi.textUpdate('hai', { messageId: 'p-2' }));
    await until(() => s!.api.sentTexts().length === 2);
    expect(s.engine.calls.map((call) => call.text)).toEqual(['một', 'hai']);
    expect(s.api.callsOf('getUpdates')[0]?.payload).toEqual({ timeout: '1' });
    expect(s.api.callsOf('getUpdates').every((call) => call.payload.offset === undefined)).toBe(true);
  });

  it('advances the offset past numbered updates (Telegram-style array answers), handing each out once', async () => {
    s = await setUp({ mode: 'polling', api: { updatesAs: 'array' } });
    s.api.queueUpdate(FakeZaloBotApi.textUpdate('một', { messageId: 'a-1' }));
    s.api.queueUpdate(FakeZaloBotApi.textUpdate('hai', { messageId: 'a-2' }));
    await until(() => s!.api.sentTexts().length === 2);
    const polls = s.api.callsOf('getUpdates').length;
    await s.api.waitForCalls('getUpdates', polls + 1);
    s.api.queueUpdate(FakeZaloBotApi.textUpdate('ba', { messageId: 'a-3' }));
    await until(() => s!.api.sentTexts().length === 3);
    await s.api.waitForCalls('getUpdates', s.api.callsOf('getUpdates').length + 1);
    expect(s.engine.calls.map((call) => call.text)).toEqual(['một', 'hai', 'ba']);
    const offsets = s.api.callsOf('getUpdates').map((call) => call.payload.offset);
    expect(offsets[0]).toBeUndefined();
    expect(offsets).toContain(3);
    expect(offsets.at(-1)).toBe(4);
  });

  it('backs off exponentially with jitter after failed polls, then resumes; an empty poll (408) is not a failure', async () => {
    s = await setUp({ mode: 'polling', autoStart: false });
    s.api.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' }, 3);
    await s.channel.start();
    s.api.queueUpdate(FakeZaloBotApi.textUpdate('sau sự cố', { messageId: 'b-1' }));
    await until(() => s!.api.sentTexts().length === 1);
    expect(s.sleeps).toEqual([1_000, 2_000, 4_000]);
    const warnings = s.logger.entries.filter((entry) => entry.msg?.includes('getUpdates failed'));
    expect(warnings.map((entry) => (entry.obj as { failures: number }).failures)).toEqual([1, 2, 3]);
    // Empty polls since: none of them waited.
    await s.api.waitForCalls('getUpdates', s.api.callsOf('getUpdates').length + 2);
    expect(s.sleeps).toHaveLength(3);
    expect(s.logger.text()).not.toContain(FAKE_ZALO_BOT_TOKEN);
  });

  it('stops cleanly: the long poll in flight is aborted and nothing is polled after stop()', async () => {
    // The fake holds an empty poll longer than the test may run: a stop() that waited for it would time the test out.
    s = await setUp({ mode: 'polling', api: { idleMs: 120_000 } });
    await s.api.waitForCalls('getUpdates', 1);
    await s.channel.stop();
    const polls = s.api.callsOf('getUpdates').length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.api.callsOf('getUpdates')).toHaveLength(polls);
  });
});
