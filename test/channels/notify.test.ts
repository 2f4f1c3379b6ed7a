/**
 * Unsolicited messages (officials' reminders and digests) through `RunningService.notify`: Telegram and Zalo OA
 * against their loopback fakes, Zalo personal against a client fake, typed errors for channels that cannot push,
 * failures kept in `channel_outbox`, and the outbox purge that `serve` runs at start and periodically.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeTelegramApi } from '../../src/channels/fake-telegram-api.ts';
import { FAKE_ZALO_BOT_TOKEN, FakeZaloBotApi } from '../../src/channels/fake-zalo-bot-api.ts';
import { Gateway } from '../../src/channels/gateway.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { ChannelSendError, NotifyUnavailableError } from '../../src/channels/types.ts';
import { TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram.ts';
import { ZALO_BOT_TEXT_LIMIT } from '../../src/channels/zalo-bot.ts';
import { ZALO_OA_TEXT_LIMIT } from '../../src/channels/zalo-oa.ts';
import {
  ZALO_PERSONAL_TEXT_LIMIT,
  ZaloPersonalChannel,
  type ZaloPersonalClient,
  type ZaloPersonalMessage,
} from '../../src/channels/zalo-personal.ts';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import type { Database } from '../../src/store/database.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { FakeZaloOa } from './fake-zalo-oa.ts';
import { CapturingLogger, stripHtml, TEST_SITE, TestEngine } from './support.ts';

const TOKEN = '3333333:notify-test-token-abcdefghijklmnopqrstu';
const OA_APP_ID = '1234567890123456789';
const DAY_MS = 86_400_000;

/** ≈ 9 000 characters over many lines, with characters Telegram HTML needs escaped. */
function longReminder(): string {
  return Array.from({ length: 150 }, (_, index) => `PL2.${index + 1} <hạn> 31/12/2025 & báo cáo tiến độ`).join('\n');
}

interface OutboxRow {
  channel: string;
  user_id: string;
  conversation_id: string;
  message_id: string | null;
  outcome: string;
  reply_text: string;
  error: string;
}

describe('RunningService.notify', () => {
  let db: Database;
  let store: StoreHandle;
  let dataDir: string;
  let service: RunningService | undefined;
  let telegram: FakeTelegramApi | undefined;
  let oa: FakeZaloOa | undefined;
  let zaloBot: FakeZaloBotApi | undefined;
  let logger: CapturingLogger;

  beforeAll(async () => {
    // The real PostgreSQL when configured (it opens much faster than PGlite), else PGlite; both are migrated.
    store = await engines('notify').at(-1)!.open();
    db = store.db;
  });
  afterAll(async () => store?.dispose());

  beforeEach(async () => {
    await db.query('delete from channel_outbox');
    await db.query('delete from zalo_oa_tokens');
    dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-notify-'));
    logger = new CapturingLogger();
  });
  afterEach(async () => {
    await service?.close();
    await telegram?.close();
    await oa?.close();
    await zaloBot?.close();
    await rm(dataDir, { recursive: true, force: true });
    service = telegram = oa = zaloBot = undefined;
  });

  async function serveWith(env: Record<string, string>, outboxPurgeIntervalMs?: number): Promise<RunningService> {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env });
    service = await serve({
      config,
      engine: new TestEngine(),
      site: TEST_SITE,
      db,
      logger,
      ...(outboxPurgeIntervalMs ? { outboxPurgeIntervalMs } : {}),
    });
    return service;
  }

  async function serveTelegram(): Promise<RunningService> {
    telegram = new FakeTelegramApi();
    await telegram.start();
    return serveWith({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/', TELEGRAM_API_ROOT: telegram.apiRoot });
  }

  async function serveZaloOa(accessToken: string): Promise<RunningService> {
    oa = new FakeZaloOa();
    await oa.start();
    return serveWith({
      ZALO_OA_APP_ID: OA_APP_ID,
      ZALO_OA_SECRET_KEY: 'oa-secret-key-ABC',
      ZALO_OA_APP_SECRET: oa.appSecret,
      ZALO_OA_ACCESS_TOKEN: accessToken,
      ZALO_OA_REFRESH_TOKEN: 'refresh-without-grant',
      ZALO_OA_API_ROOT: oa.root,
      ZALO_OAUTH_ROOT: oa.root,
    });
  }

  async function outboxRows(): Promise<OutboxRow[]> {
    return (
      await db.query<OutboxRow>(
        'select channel, user_id, conversation_id, message_id, outcome, reply_text, error from channel_outbox order by id',
      )
    ).rows;
  }

  it('sends a Telegram notification to the user’s private chat, HTML-escaped, without buttons', async () => {
    const running = await serveTelegram();
    await running.notify('telegram', '777001', 'Nhắc hạn: PL2.11 <Sở KH&CN> còn 3 ngày');
    const sent = telegram!.callsOf('sendMessage');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.payload.chat_id).toBe(777001);
    expect(sent[0]?.payload.parse_mode).toBe('HTML');
    expect(sent[0]?.payload.text).toBe('Nhắc hạn: PL2.11 &lt;Sở KH&amp;CN&gt; còn 3 ngày');
    expect(sent[0]?.payload.reply_markup).toBeUndefined();
    expect(await outboxRows()).toEqual([]);
  });

  it('splits a long Telegram notification under the limit and keeps every line in order', async () => {
    const running = await serveTelegram();
    const text = longReminder();
    await running.notify('telegram', '777002', text);
    const sent = telegram!.callsOf('sendMessage');
    expect(sent.length).toBeGreaterThan(1);
    const plain = sent.map((call) => stripHtml(String(call.payload.text)));
    for (const part of plain) expect(part.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(sent.every((call) => call.payload.chat_id === 777002)).toBe(true);
    expect(plain.join('\n')).toBe(text);
  });

  it('keeps a notification Telegram refused in the outbox and the log, then rejects with ChannelSendError', async () => {
    const running = await serveTelegram();
    telegram!.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    const text = 'Nhắc hạn: PL2.11 còn 3 ngày';
    const failure = await running.notify('telegram', '777003', text).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect((failure as ChannelSendError).message).toContain('bot was blocked');
    expect((failure as ChannelSendError).message).not.toContain(TOKEN);
    const rows = await outboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: 'telegram',
      user_id: '777003',
      conversation_id: '777003',
      message_id: null,
      outcome: 'notification',
      reply_text: text,
    });
    expect(rows[0]?.error).toContain('bot was blocked');
    const line = logger.entries.find((entry) => entry.msg?.includes('kept in outbox'));
    expect(line?.obj).toMatchObject({ channel: 'telegram', outcome: 'notification', chars: text.length });
    expect(logger.text()).not.toContain(text);
    expect(logger.text()).not.toContain(TOKEN);
    expect(running.metrics.render()).toMatch(/send_failures_total\{channel="telegram"\} 1/);
  });

  it('rejects a user id Telegram could not address, keeping the text in the outbox', async () => {
    const running = await serveTelegram();
    await expect(running.notify('telegram', 'abc', 'x')).rejects.toBeInstanceOf(ChannelSendError);
    expect(telegram!.callsOf('sendMessage')).toHaveLength(0);
    expect((await outboxRows()).map((row) => row.reply_text)).toEqual(['x']);
  });

  it('sends a Zalo OA notification through the customer-service API, split under the OA limit', async () => {
    const running = await serveZaloOa('access-1');
    const text = longReminder();
    await running.notify('zalo-oa', '8000000000000009', text);
    const sent = oa!.sentMessages();
    expect(sent.length).toBeGreaterThan(1);
    for (const message of sent) {
      expect(message.userId).toBe('8000000000000009');
      expect(message.accessToken).toBe('access-1');
      expect(message.text.length).toBeLessThanOrEqual(ZALO_OA_TEXT_LIMIT);
    }
    expect(sent.map((message) => message.text).join('\n')).toBe(text);
  });

  it('turns a Zalo OA failure (expired token, refresh refused) into ChannelSendError and an outbox row', async () => {
    const running = await serveZaloOa('expired-access');
    const failure = await running.notify('zalo-oa', '8000000000000010', 'Nhắc hạn').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect((failure as ChannelSendError).channel).toBe('zalo-oa');
    expect(oa!.calls.map((call) => call.path)).toEqual(['/v3.0/oa/message/cs', '/v4/oa/access_token']);
    expect(await outboxRows()).toMatchObject([{ channel: 'zalo-oa', user_id: '8000000000000010', outcome: 'notification', reply_text: 'Nhắc hạn' }]);
    expect(logger.text()).not.toContain('refresh-without-grant');
    expect(logger.text()).not.toContain(oa!.appSecret);
  });

  it('marks a Zalo OA refusal outside the 7-day interaction window as permanent, and keeps the text in the outbox', async () => {
    const running = await serveZaloOa('access-1');
    oa!.lastInteraction.set('8000000000000011', Date.now() - 8 * DAY_MS);
    const failure = await running.notify('zalo-oa', '8000000000000011', 'Nhắc hạn').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect(failure).toMatchObject({ permanent: true, reason: 'outside_interaction_window' });
    expect(await outboxRows()).toMatchObject([{ channel: 'zalo-oa', user_id: '8000000000000011', outcome: 'notification' }]);
  });

  it('sends a Zalo Bot notification to the user’s chat, split under 2,000 characters', async () => {
    zaloBot = new FakeZaloBotApi();
    await zaloBot.start();
    const running = await serveWith({ ZALO_BOT_TOKEN: FAKE_ZALO_BOT_TOKEN, ZALO_BOT_API_ROOT: zaloBot.apiRoot, ZALO_BOT_WEBHOOK_URL: 'https://bot.example.vn/' });
    expect(running.channels.map((channel) => channel.name)).toEqual(['zalo-bot']);
    const text = longReminder();
    await running.notify('zalo-bot', 'e4ea2cd5189df1c3a88c', text);
    const sent = zaloBot.callsOf('sendMessage');
    expect(sent.length).toBeGreaterThan(1);
    for (const call of sent) {
      expect(call.payload.chat_id).toBe('e4ea2cd5189df1c3a88c');
      expect(String(call.payload.text).length).toBeLessThanOrEqual(ZALO_BOT_TEXT_LIMIT);
    }
    expect(sent.map((call) => call.payload.text).join('\n')).toBe(text);
    zaloBot.failNext('sendMessage', { error_code: 400, description: 'chat not found' });
    await expect(running.notify('zalo-bot', 'nobody', 'x')).rejects.toBeInstanceOf(ChannelSendError);
    expect(await outboxRows()).toMatchObject([{ channel: 'zalo-bot', user_id: 'nobody', reply_text: 'x' }]);
    expect(logger.text()).not.toContain(FAKE_ZALO_BOT_TOKEN);
  });

  it('throws NotifyUnavailableError naming the channel when it is not configured, cannot push, or failed to start', async () => {
    const running = await serveWith({ ZALO_PERSONAL_ENABLED: 'true' });
    const notConfigured = await running.notify('telegram', '1', 'x').catch((error: unknown) => error);
    expect(notConfigured).toBeInstanceOf(NotifyUnavailableError);
    expect(notConfigured).toMatchObject({ channel: 'telegram', reason: 'not_configured' });
    expect((notConfigured as Error).message).toContain('telegram');
    await expect(running.notify('web', 'w1', 'x')).rejects.toMatchObject({ name: 'NotifyUnavailableError', channel: 'web', reason: 'no_push' });
    await expect(running.notify('zalo', 'z1', 'x')).rejects.toMatchObject({ channel: 'zalo', reason: 'not_started' });
    // Nothing was attempted, so nothing is kept: the scheduler gives the reminder back and retries on its next run.
    expect(await outboxRows()).toEqual([]);
    await running.close();
    await expect(running.notify('zalo', 'z1', 'x')).rejects.toMatchObject({ reason: 'closed' });
  });

  it('purges outbox rows older than RETENTION_DAYS at start and again on the purge timer', async () => {
    const insert = (userId: string, ageDays: number) =>
      db.query(
        `insert into channel_outbox (channel, user_id, conversation_id, message_id, outcome, reply_text, error, failed_at)
         values ('telegram', $1, $1, null, 'answered', 'câu trả lời', 'x', $2)`,
        [userId, new Date(Date.now() - ageDays * DAY_MS)],
      );
    await insert('old-before-start', 31);
    await insert('recent', 29);
    await serveWith({ RETENTION_DAYS: '30' }, 50);
    expect((await outboxRows()).map((row) => row.user_id)).toEqual(['recent']);
    await insert('old-after-start', 45);
    const deadline = Date.now() + 5_000;
    while ((await outboxRows()).length > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect((await outboxRows()).map((row) => row.user_id)).toEqual(['recent']);
  });

  it('logs a failed purge and keeps serving', async () => {
    await db.query('alter table channel_outbox rename to channel_outbox_moved');
    try {
      const running = await serveWith({});
      expect(logger.entries.some((entry) => entry.level === 'warn' && entry.msg?.includes('purge failed'))).toBe(true);
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    } finally {
      await db.query('alter table channel_outbox_moved rename to channel_outbox');
    }
  });
});

describe('Zalo personal notify', () => {
  class RecordingClient implements ZaloPersonalClient {
    readonly ownId = '900';
    readonly sent: { threadId: string; isGroup: boolean; text: string }[] = [];
    failWith: Error | undefined;
    onMessage(_handler: (message: ZaloPersonalMessage) => void): void {}
    async sendText(threadId: string, isGroup: boolean, text: string): Promise<void> {
      if (this.failWith) throw this.failWith;
      this.sent.push({ threadId, isGroup, text });
    }
    async stop(): Promise<void> {}
  }

  function channelWith(client: RecordingClient): ZaloPersonalChannel {
    const gateway = new Gateway({
      engine: new TestEngine(),
      limits: { ratePerMinute: 100, maxMessageChars: 500 },
      logger: new CapturingLogger(),
      metrics: new Metrics(),
    });
    return new ZaloPersonalChannel({ connect: async () => client, gateway, logger: new CapturingLogger() });
  }

  it('sends direct (non-group) messages to the user id, split under the limit', async () => {
    const client = new RecordingClient();
    const channel = channelWith(client);
    await channel.start();
    const text = longReminder();
    await channel.notify('501', text);
    expect(client.sent.length).toBeGreaterThan(1);
    expect(client.sent.every((message) => message.threadId === '501' && !message.isGroup)).toBe(true);
    expect(client.sent.every((message) => message.text.length <= ZALO_PERSONAL_TEXT_LIMIT)).toBe(true);
    expect(client.sent.map((message) => message.text).join('\n')).toBe(text);
  });

  it('rejects with ChannelSendError before login and when zca-js fails', async () => {
    const client = new RecordingClient();
    const channel = channelWith(client);
    await expect(channel.notify('501', 'x')).rejects.toBeInstanceOf(ChannelSendError);
    await channel.start();
    client.failWith = new Error('Không thể gửi tin nhắn');
    await expect(channel.notify('501', 'x')).rejects.toMatchObject({ name: 'ChannelSendError', channel: 'zalo' });
  });
});
