import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { FakeTelegramApi, postWebhookUpdate } from '../../src/channels/fake-telegram-api.ts';
import { FAKE_ZALO_BOT_TOKEN, FakeZaloBotApi } from '../../src/channels/fake-zalo-bot-api.ts';
import { deriveZaloBotWebhookSecret } from '../../src/channels/zalo-bot.ts';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPgliteMemory } from '../../src/store/pglite.ts';
import { CapturingLogger, stripHtml, TEST_HOTLINE, TEST_SITE, TEST_WEB_CHAT, TestEngine } from './support.ts';

describe('serve', () => {
  // One real store for the file: the outbox, the inbox and the health check use it; tests use distinct update ids.
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteMemory();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  let service: RunningService | undefined;
  let api: FakeTelegramApi | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await service?.close();
    await api?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    service = api = dataDir = undefined;
  });

  it('with no channel configured still serves the web chat and health', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-serve-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir });
    service = await serve({ config, engine: new TestEngine(), site: TEST_SITE, db, logger: new CapturingLogger() });
    expect(service.channels).toEqual([]);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const answer = await fetch(`${service.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'xin chào' }),
    });
    expect(((await answer.json()) as { answer: string }).answer).toBe('Trả lời cho: xin chào');
    // The page shows the deployment texts serve was given.
    const page = stripHtml(await (await fetch(`${service.url}/`)).text());
    expect(page).toContain(TEST_WEB_CHAT.title);
    expect(page).toContain(TEST_WEB_CHAT.subtitle);
  });

  it('starts Telegram in webhook mode from the configuration and never logs the token', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-serve-'));
    api = new FakeTelegramApi();
    await api.start();
    const token = '2222222:serve-test-token-abcdefghijklmnopqrstuvw';
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.vn/',
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    const logger = new CapturingLogger();
    service = await serve({ config, engine: new TestEngine(), site: TEST_SITE, db, logger });
    expect(service.channels.map((channel) => channel.name)).toEqual(['telegram']);
    const secret = api.callsOf('setWebhook')[0]?.payload.secret_token as string;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const status = await postWebhookUpdate(api, { base: service.url, secret }, {
      update_id: 1,
      message: { message_id: 1, date: 0, chat: { id: 5, type: 'private', first_name: 'A' }, from: { id: 5, is_bot: false, first_name: 'A' }, text: 'chào' },
    });
    expect(status).toBe(200);
    await service.close();
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    expect(logger.text()).not.toContain(token);
    service = undefined;
  });

  it('starts the Zalo Bot in webhook mode from the configuration, with a derived secret, and never logs the token', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-serve-'));
    const bot = new FakeZaloBotApi();
    await bot.start();
    try {
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ZALO_BOT_TOKEN: FAKE_ZALO_BOT_TOKEN,
        ZALO_BOT_API_ROOT: bot.apiRoot,
        ZALO_BOT_WEBHOOK_URL: 'https://tro-ly.example.gov.vn',
      });
      const logger = new CapturingLogger();
      service = await serve({ config, engine: new TestEngine(), site: TEST_SITE, db, logger });
      expect(service.channels.map((channel) => channel.name)).toEqual(['zalo-bot']);
      const secret = deriveZaloBotWebhookSecret(FAKE_ZALO_BOT_TOKEN);
      expect(bot.webhook).toEqual({ url: 'https://tro-ly.example.gov.vn/zalo-bot/webhook', secret_token: secret });
      const response = await fetch(`${service.url}/zalo-bot/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': secret },
        body: JSON.stringify(FakeZaloBotApi.textUpdate('chào', { messageId: 'serve-1' })),
      });
      expect(response.status).toBe(200);
      // A photo gets the text-only reply naming the hotline serve was given.
      const photo = FakeZaloBotApi.textUpdate('', { messageId: 'serve-2' });
      const image = await fetch(`${service.url}/zalo-bot/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': secret },
        body: JSON.stringify({ ...photo, event_name: 'message.image.received', message: { ...photo.message, text: undefined, photo_url: 'https://example.vn/anh.jpg' } }),
      });
      expect(image.status).toBe(200);
      await service.close();
      service = undefined;
      expect(bot.sentTexts()).toHaveLength(2);
      expect(bot.sentTexts()[0]).toContain('Trả lời cho: chào');
      expect(bot.sentTexts()[1]).toBe(CHANNEL_MESSAGES.textOnly(TEST_HOTLINE));
      expect(logger.text()).not.toContain(FAKE_ZALO_BOT_TOKEN);
      expect(() => loadConfig({ ZALO_BOT_WEBHOOK_URL: 'http://insecure.example.vn' })).toThrow(/ZALO_BOT_WEBHOOK_URL/);
      expect(() => loadConfig({ ZALO_BOT_TOKEN: 'x', ZALO_BOT_WEBHOOK_SECRET: 'short' })).toThrow(/ZALO_BOT_WEBHOOK_SECRET/);
    } finally {
      await bot.close();
    }
  });

  it('keeps serving the web chat when a channel fails to start', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-serve-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ZALO_PERSONAL_ENABLED: 'true' });
    const logger = new CapturingLogger();
    service = await serve({ config, engine: new TestEngine(), site: TEST_SITE, db, logger });
    expect(service.channels).toEqual([]);
    expect(logger.text()).toContain('zalo:login');
    expect((await fetch(`${service.url}/`)).status).toBe(200);
  });
});

describe('bench:gateway (small run)', () => {
  it('answers every update once through webhook and fake API', async () => {
    const { benchGateway } = await import('../../src/cli/bench-gateway.ts');
    const result = await benchGateway({ engine: new TestEngine(), updates: 200, ratePerSecond: 0, warmupUpdates: 20, timeLimitMs: 20_000 });
    expect(result.answered).toBe(200);
    expect(result.lost).toBe(0);
    expect(result.answeredTwice).toBe(0);
    expect(result.redelivered).toBe(10);
  });
});
