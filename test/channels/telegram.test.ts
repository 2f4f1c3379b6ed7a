import { afterEach, describe, expect, it } from 'vitest';
import type { Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { makeReply } from '../../src/engine/outcomes.ts';
import { FAKE_BOT_INFO, FakeTelegramApi } from '../../src/channels/fake-telegram-api.ts';
import { Gateway } from '../../src/channels/gateway.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import type { Outbox, OutboxFailure } from '../../src/channels/outbox.ts';
import {
  formatTelegramReply,
  resolveWebhookUrl,
  TELEGRAM_TEXT_LIMIT,
  TelegramChannel,
} from '../../src/channels/telegram.ts';
import { channelContract } from './contract.ts';
import { CapturingLogger, DOCUMENT_CITATION, LEAKY_TOKEN, pingOnlyDatabase, stripHtml, TEST_WEB_CHAT, TestEngine } from './support.ts';

const TOKEN = '1111111:TEST-token-for-grammy-tests-0000000';

interface Recorded {
  method: string;
  payload: Record<string, unknown>;
}

/** Records outgoing Bot API calls and answers them without any network. */
function recordingTransformer(calls: Recorded[]): Transformer {
  let messageId = 1;
  return (async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, unknown> });
    const result =
      method === 'sendMessage'
        ? { message_id: messageId++, date: 0, chat: { id: (payload as { chat_id: number }).chat_id, type: 'private' } }
        : true;
    return { ok: true, result };
  }) as Transformer;
}

let updateId = 1000;
function textUpdate(
  text: string,
  options: { userId?: number; chatId?: number; chatType?: 'private' | 'group'; updateId?: number; replyToBot?: boolean } = {},
): Update {
  const userId = options.userId ?? 42;
  const chatType = options.chatType ?? 'private';
  const chatId = options.chatId ?? (chatType === 'private' ? userId : -100123);
  const entities = text.startsWith('/')
    ? [{ type: 'bot_command' as const, offset: 0, length: text.split(/\s/)[0]?.length ?? 1 }]
    : undefined;
  return {
    update_id: options.updateId ?? updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: chatType === 'private' ? { id: chatId, type: 'private', first_name: 'Lan' } : { id: chatId, type: 'group', title: 'Tổ CĐS' },
      from: { id: userId, is_bot: false, first_name: 'Lan', last_name: 'Nguyễn' },
      text,
      ...(entities ? { entities } : {}),
      ...(options.replyToBot
        ? {
            reply_to_message: {
              message_id: 1,
              date: 0,
              chat: { id: chatId, type: 'group', title: 'Tổ CĐS' },
              from: { id: FAKE_BOT_INFO.id, is_bot: true, first_name: FAKE_BOT_INFO.first_name },
              text: 'trước đó',
            },
          }
        : {}),
    },
  } as Update;
}

function makeChannel(options: { ratePerMinute?: number; maxMessageChars?: number; engine?: TestEngine } = {}) {
  const engine = options.engine ?? new TestEngine();
  const calls: Recorded[] = [];
  const logger = new CapturingLogger();
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: options.ratePerMinute ?? 100, maxMessageChars: options.maxMessageChars ?? 500 },
    logger,
    metrics: new Metrics(),
  });
  const channel = new TelegramChannel({
    token: TOKEN,
    apiRoot: 'http://127.0.0.1:9',
    gateway,
    logger,
    botInfo: FAKE_BOT_INFO,
    transformers: [recordingTransformer(calls)],
  });
  const feed = async (update: Update) => {
    await channel.handleUpdate(update);
    await gateway.whenIdle();
  };
  const sent = () => calls.filter((call) => call.method === 'sendMessage');
  return { engine, calls, logger, gateway, channel, feed, sent };
}

channelContract('telegram', async ({ ratePerMinute, maxMessageChars }) => {
  const t = makeChannel({ ratePerMinute, maxMessageChars });
  return {
    engine: t.engine,
    textLimit: TELEGRAM_TEXT_LIMIT,
    send: ({ text, messageId, userId }) => t.feed(textUpdate(text, { updateId: Number(messageId), userId: Number(userId ?? 42) })),
    sent: () => t.sent().map((call) => stripHtml(String(call.payload.text))),
    close: async () => {},
  };
});

describe('telegram adapter', () => {
  it('escapes HTML, puts the citation line in italics, shows typing while a slow answer is prepared', async () => {
    const t = makeChannel({ engine: new TestEngine(400) });
    await t.feed(textUpdate('<b>x</b> & y'));
    const [message] = t.sent();
    expect(message?.payload.parse_mode).toBe('HTML');
    expect(message?.payload.text).toBe(
      `Trả lời cho: &lt;b&gt;x&lt;/b&gt; &amp; y\n\n<i>Nguồn: PL2.11 · ${DOCUMENT_CITATION.label}</i>`,
    );
    expect(t.calls.find((call) => call.method === 'sendChatAction')?.payload.action).toBe('typing');
    expect(t.calls.findIndex((call) => call.method === 'sendChatAction')).toBeLessThan(
      t.calls.findIndex((call) => call.method === 'sendMessage'),
    );
    expect(message?.payload.link_preview_options).toEqual({ is_disabled: true });
  });

  it('sends no typing indicator for an instant answer', async () => {
    const t = makeChannel();
    await t.feed(textUpdate('nhanh'));
    expect(t.calls.map((call) => call.method)).toEqual(['sendMessage']);
  });

  it('renders buttons as an inline keyboard and feeds a pressed button back as the typed text', async () => {
    const t = makeChannel();
    await t.feed(textUpdate('xác nhận cập nhật PL2.11'));
    const keyboard = (t.sent()[0]?.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
      .inline_keyboard;
    expect(keyboard.flat()).toEqual([
      { text: 'Có', callback_data: 'có' },
      { text: 'Không', callback_data: 'không' },
    ]);
    await t.feed({
      update_id: 5001,
      callback_query: {
        id: 'cb1',
        chat_instance: 'ci',
        from: { id: 42, is_bot: false, first_name: 'Lan' },
        data: 'có',
        message: { message_id: 1, date: 0, chat: { id: 42, type: 'private', first_name: 'Lan' }, text: 'x' },
      },
    } as Update);
    expect(t.engine.calls.map((call) => call.text)).toEqual(['xác nhận cập nhật PL2.11', 'có']);
    expect(t.calls.some((call) => call.method === 'answerCallbackQuery' && call.payload.callback_query_id === 'cb1')).toBe(true);
    expect(stripHtml(String(t.sent()[1]?.payload.text))).toContain('Đã ghi nhận cập nhật.');
    // Typing "có" works the same way as pressing the button.
    await t.feed(textUpdate('có'));
    expect(t.engine.calls.at(-1)?.text).toBe('có');
  });

  it('in groups answers only commands for it, mentions and replies to it', async () => {
    const t = makeChannel();
    await t.feed(textUpdate('chuyện riêng của nhóm', { chatType: 'group' }));
    await t.feed(textUpdate('/nhiemvu@other_bot PL2.11', { chatType: 'group' }));
    await t.feed(textUpdate(`@${FAKE_BOT_INFO.username} hạn nhiệm vụ PL2.11?`, { chatType: 'group' }));
    await t.feed(textUpdate(`/nhiemvu@${FAKE_BOT_INFO.username} PL2.11`, { chatType: 'group' }));
    await t.feed(textUpdate('/quahan', { chatType: 'group' }));
    await t.feed(textUpdate('còn nhiệm vụ nào nữa?', { chatType: 'group', replyToBot: true }));
    expect(t.engine.calls.map((call) => call.text)).toEqual([
      'hạn nhiệm vụ PL2.11?',
      '/nhiemvu PL2.11',
      '/quahan',
      'còn nhiệm vụ nào nữa?',
    ]);
    expect(t.engine.calls[0]?.conversationId).toBe('-100123');
  });

  it('keeps a reply the platform refused: logged without its text and stored in the outbox', async () => {
    const engine = new TestEngine();
    const logger = new CapturingLogger();
    const stored: OutboxFailure[] = [];
    const outbox: Outbox = { record: async (failure) => void stored.push(failure) };
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 500 }, logger, metrics: new Metrics(), outbox, secrets: [TOKEN] });
    const failing: Transformer = (async (prev, method, payload, signal) => {
      if (method === 'sendMessage') return { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' };
      if (method === 'sendChatAction') return { ok: true, result: true };
      return prev(method, payload, signal);
    }) as Transformer;
    const channel = new TelegramChannel({ token: TOKEN, apiRoot: 'http://127.0.0.1:9', gateway, logger, botInfo: FAKE_BOT_INFO, transformers: [failing] });
    await channel.handleUpdate(textUpdate('xác nhận cập nhật PL2.11'));
    await gateway.whenIdle();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.replyText).toContain('Xác nhận?');
    expect(stored[0]?.channel).toBe('telegram');
    const line = logger.entries.find((entry) => entry.msg?.includes('kept in outbox'));
    expect(line?.obj).toMatchObject({ channel: 'telegram' });
    expect(logger.text()).not.toContain('Xác nhận?');
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('logs an engine failure without the token it carried', async () => {
    const t = makeChannel();
    await t.feed(textUpdate('lỗi hệ thống'));
    expect(t.logger.text()).toContain('engine failed');
    expect(t.logger.text()).not.toContain(LEAKY_TOKEN);
  });

  it('splits a reply of exactly the limit and keeps every chunk under 4096 characters after parsing', () => {
    const text = Array.from({ length: 400 }, (_, index) => `<${index}> & dòng`).join('\n');
    const parts = formatTelegramReply(makeReply('answered', 'task', text, { citations: [{ id: 'PL1.2', kind: 'task' }] }));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(stripHtml(part.html).length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts.map((part) => stripHtml(part.html)).join('\n')).toContain('<399> & dòng');
  });

  it('prints a citation by its label, HTML-escaped, in the italic citation line', () => {
    const reply = makeReply('answered', 'document', 'Văn bản đã nạp.', {
      citations: [
        { id: '12:document', kind: 'document', label: 'KH 12/KH-UBND <dự thảo> & phụ lục' },
        { id: '12:II.1', kind: 'section' },
      ],
    });
    expect(formatTelegramReply(reply).map((part) => part.html)).toEqual([
      `Văn bản đã nạp.\n\n<i>${CHANNEL_MESSAGES.sourcesLabel}: KH 12/KH-UBND &lt;dự thảo&gt; &amp; phụ lục · 12:II.1</i>`,
    ]);
  });

  it('resolves the webhook URL from a base URL or a full URL', () => {
    expect(resolveWebhookUrl('https://bot.example.vn')).toBe('https://bot.example.vn/telegram/webhook');
    expect(resolveWebhookUrl('https://bot.example.vn/hy/')).toBe('https://bot.example.vn/hy/telegram/webhook');
    expect(resolveWebhookUrl('https://bot.example.vn/telegram/webhook')).toBe('https://bot.example.vn/telegram/webhook');
  });
});

describe('telegram webhook through the HTTP server and a fake Bot API on loopback', () => {
  let api: FakeTelegramApi;
  let http: RunningHttpServer;
  let channel: TelegramChannel;
  let engine: TestEngine;
  const secret = 'webhook-secret_123';

  afterEach(async () => {
    await channel.stop();
    await http.close();
    await api.close();
  });

  async function setUp(options: { engineDelayMs?: number; webhookReplyWaitMs?: number } = {}) {
    api = new FakeTelegramApi();
    await api.start();
    engine = new TestEngine(options.engineDelayMs);
    const logger = new CapturingLogger();
    const metrics = new Metrics();
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 500 }, logger, metrics });
    http = await startHttpServer({ webChat: TEST_WEB_CHAT, host: '127.0.0.1', port: 0, maxMessageChars: 500, gateway, db: pingOnlyDatabase(true), metrics, logger });
    channel = new TelegramChannel({
      token: TOKEN,
      apiRoot: api.apiRoot,
      webhookUrl: 'https://bot.example.vn',
      webhookSecret: secret,
      gateway,
      logger,
      autoRetry: { maxDelaySeconds: 2 },
      ...(options.webhookReplyWaitMs === undefined ? {} : { webhookReplyWaitMs: options.webhookReplyWaitMs }),
    });
    http.addRoutes(channel.routes);
    await channel.start();
  }

  /** Posts as Telegram does: a method carried by the 200 is run on the fake (`runWebhookAnswer`). */
  const post = async (update: Update, headers: Record<string, string>) => {
    const response = await fetch(`${http.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(update),
    });
    const text = await response.text();
    api.runWebhookAnswer(response.status, text);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  };
  const signed = { 'x-telegram-bot-api-secret-token': secret };

  const waitFor = async (predicate: () => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('registers the webhook with its secret and the commands menu on start', async () => {
    await setUp();
    const [setWebhook] = api.callsOf('setWebhook');
    expect(setWebhook?.payload.url).toBe('https://bot.example.vn/telegram/webhook');
    expect(setWebhook?.payload.secret_token).toBe(secret);
    const commands = (api.callsOf('setMyCommands')[0]?.payload.commands as { command: string }[]).map((c) => c.command);
    expect(commands).toEqual(['start', 'help', 'nhiemvu', 'quahan', 'sapden', 'capnhat', 'lichsu', 'baocao', 'huy', 'dangky']);
    expect(api.callsOf('getMe')).toHaveLength(1);
  });

  it('rejects requests without the right secret and answers those with it', async () => {
    await setUp();
    const missing = await post(textUpdate('không có mật khẩu'), {});
    const wrong = await post(textUpdate('sai mật khẩu'), { 'x-telegram-bot-api-secret-token': 'nope' });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: CHANNEL_MESSAGES.http.unauthorized });
    const good = await post(textUpdate('đúng mật khẩu', { userId: 77 }), { 'x-telegram-bot-api-secret-token': secret });
    expect(good.status).toBe(200);
    await waitFor(() => api.callsOf('sendMessage').length === 1);
    expect(engine.calls.map((call) => call.text)).toEqual(['đúng mật khẩu']);
    expect(api.callsOf('sendMessage')[0]?.payload.chat_id).toBe(77);
  });

  it('carries a reply of one message in the 200 itself, so that acknowledgement and reply arrive together', async () => {
    await setUp();
    const answered = await post(textUpdate('trả lời ngay', { userId: 78 }), signed);
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ method: 'sendMessage', chat_id: 78, parse_mode: 'HTML' });
    expect(String(answered.body.text)).toContain('Trả lời cho: trả lời ngay');
    // Nothing went through the Bot API: the one sendMessage is the one the response carried.
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    const confirm = await post(textUpdate('xác nhận giúp', { userId: 78 }), signed);
    expect(confirm.body.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Có', callback_data: 'có' }, { text: 'Không', callback_data: 'không' }]] });
  });

  it('acknowledges bare and sends through the API a reply of several messages, or one not ready in time', async () => {
    await setUp({ engineDelayMs: 300, webhookReplyWaitMs: 100 });
    const slow = await post(textUpdate('câu trả lời chậm', { userId: 79 }), signed);
    expect(slow.body).toEqual({ ok: true });
    await waitFor(() => api.callsOf('sendMessage').length === 1);
    expect(String(api.callsOf('sendMessage')[0]?.payload.text)).toContain('câu trả lời chậm');
    await channel.stop();
    await http.close();
    await api.close();
    await setUp();
    const long = await post(textUpdate('một danh sách dài', { userId: 80 }), signed);
    expect(long.body).toEqual({ ok: true });
    await waitFor(() => api.callsOf('sendMessage').length >= 2);
  });

  it('retries a 429 after the delay Telegram asks for, and processes a redelivered update once', async () => {
    await setUp({ webhookReplyWaitMs: 0 });
    api.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const update = textUpdate('thử lại khi 429');
    const started = Date.now();
    await post(update, { 'x-telegram-bot-api-secret-token': secret });
    await post(update, { 'x-telegram-bot-api-secret-token': secret });
    await waitFor(() => api.callsOf('sendMessage').length === 2);
    await channel.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(engine.calls).toHaveLength(1);
    expect(api.callsOf('sendMessage')).toHaveLength(2); // the 429 attempt and the retry
  });

  it('answers 400 with a Vietnamese message for a body that is not an update', async () => {
    await setUp();
    const response = await fetch(`${http.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: CHANNEL_MESSAGES.http.badJson });
  });
});

describe('telegram long polling against the fake Bot API', () => {
  it('answers polled updates and stops cleanly', async () => {
    const api = new FakeTelegramApi();
    await api.start();
    const engine = new TestEngine(50);
    const logger = new CapturingLogger();
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 500 }, logger, metrics: new Metrics() });
    const channel = new TelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, gateway, logger });
    expect(channel.routes).toEqual([]);
    api.queueUpdate(textUpdate('hỏi qua polling 1', { userId: 61 }));
    api.queueUpdate(textUpdate('hỏi qua polling 2', { userId: 62 }));
    await channel.start();
    const until = Date.now() + 5000;
    while (api.callsOf('sendMessage').length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    await channel.stop();
    await gateway.close();
    await api.close();
    expect(api.callsOf('deleteWebhook').length).toBeGreaterThanOrEqual(1);
    expect(api.callsOf('setMyCommands')).toHaveLength(1);
    expect(engine.calls.map((call) => call.text).sort()).toEqual(['hỏi qua polling 1', 'hỏi qua polling 2']);
    expect(api.callsOf('sendMessage').map((call) => call.payload.chat_id).sort()).toEqual([61, 62]);
  });
});
