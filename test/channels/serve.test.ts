import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { FakeTelegramApi } from '../../src/channels/fake-telegram-api.ts';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import { CapturingLogger, pingOnlyDatabase, TestEngine } from './support.ts';

describe('serve', () => {
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
    service = await serve({ config, engine: new TestEngine(), db: pingOnlyDatabase(true), logger: new CapturingLogger() });
    expect(service.channels).toEqual([]);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const answer = await fetch(`${service.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'xin chào' }),
    });
    expect(((await answer.json()) as { answer: string }).answer).toBe('Trả lời cho: xin chào');
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
    service = await serve({ config, engine: new TestEngine(), db: pingOnlyDatabase(true), logger });
    expect(service.channels.map((channel) => channel.name)).toEqual(['telegram']);
    const secret = api.callsOf('setWebhook')[0]?.payload.secret_token as string;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const response = await fetch(`${service.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, date: 0, chat: { id: 5, type: 'private', first_name: 'A' }, from: { id: 5, is_bot: false, first_name: 'A' }, text: 'chào' },
      }),
    });
    expect(response.status).toBe(200);
    await service.close();
    expect(api.callsOf('sendMessage')).toHaveLength(1);
    expect(logger.text()).not.toContain(token);
    service = undefined;
  });

  it('keeps serving the web chat when a channel fails to start', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-serve-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ZALO_PERSONAL_ENABLED: 'true' });
    const logger = new CapturingLogger();
    service = await serve({ config, engine: new TestEngine(), db: pingOnlyDatabase(true), logger });
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
