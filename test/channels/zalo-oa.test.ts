import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { Gateway } from '../../src/channels/gateway.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import {
  verifyZaloOaSignature,
  ZALO_OA_TEXT_LIMIT,
  ZaloOaChannel,
  ZaloOaClient,
  zaloOaSignature,
  ZaloOaTokenStore,
} from '../../src/channels/zalo-oa.ts';
import { channelContract } from './contract.ts';
import { FakeZaloOa } from './fake-zalo-oa.ts';
import { CapturingLogger, pingOnlyDatabase, TestEngine } from './support.ts';

const APP_ID = '1234567890123456789';
const OA_SECRET = 'oa-secret-key-ABC';

interface Setup {
  engine: TestEngine;
  http: RunningHttpServer;
  oa: FakeZaloOa;
  channel: ZaloOaChannel;
  dataDir: string;
  logger: CapturingLogger;
  close(): Promise<void>;
}

async function setUp(
  options: { ratePerMinute?: number; maxMessageChars?: number; engineDelayMs?: number; accessToken?: string; refreshToken?: string } = {},
): Promise<Setup> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-zalo-oa-'));
  const oa = new FakeZaloOa();
  await oa.start();
  const engine = new TestEngine(options.engineDelayMs ?? 0);
  const logger = new CapturingLogger();
  const metrics = new Metrics();
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: options.ratePerMinute ?? 100, maxMessageChars: options.maxMessageChars ?? 500 },
    logger,
    metrics,
  });
  const http = await startHttpServer({ host: '127.0.0.1', port: 0, maxMessageChars: 500, gateway, db: pingOnlyDatabase(true), metrics, logger });
  const store = new ZaloOaTokenStore(path.join(dataDir, 'zalo-oa-tokens.json'), {
    accessToken: options.accessToken ?? 'access-1',
    refreshToken: options.refreshToken ?? 'refresh-1',
  });
  const client = new ZaloOaClient({ appId: APP_ID, appSecret: oa.appSecret, apiRoot: oa.root, oauthRoot: oa.root, store });
  const channel = new ZaloOaChannel({ appId: APP_ID, oaSecretKey: OA_SECRET, client, gateway, logger });
  http.addRoutes(channel.routes);
  await channel.start();
  return {
    engine,
    http,
    oa,
    channel,
    dataDir,
    logger,
    async close() {
      await channel.stop();
      await http.close();
      await oa.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function event(text: string, msgId: string, userId = '8000000000000001'): string {
  return JSON.stringify({
    app_id: APP_ID,
    user_id_by_app: '552177279252156',
    event_name: 'user_send_text',
    timestamp: String(Date.now()),
    sender: { id: userId },
    recipient: { id: '579745863508352884' },
    message: { text, msg_id: msgId },
  });
}

function signedPost(url: string, raw: string, signature?: string) {
  const timestamp = (JSON.parse(raw) as { timestamp: string }).timestamp;
  return fetch(`${url}/zalo-oa/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zevent-signature': signature ?? zaloOaSignature(APP_ID, raw, timestamp, OA_SECRET),
    },
    body: raw,
  });
}

channelContract('zalo-oa', async ({ ratePerMinute, maxMessageChars }) => {
  const s = await setUp({ ratePerMinute, maxMessageChars });
  return {
    engine: s.engine,
    textLimit: ZALO_OA_TEXT_LIMIT,
    async send({ text, messageId, userId }) {
      const response = await signedPost(s.http.url, event(text, messageId, userId));
      expect(response.status).toBe(200);
      await s.channel.whenIdle();
    },
    sent: () => s.oa.sentMessages().map((message) => message.text),
    close: () => s.close(),
  };
});

describe('zalo oa webhook', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('computes the documented signature: mac= + sha256(appId + body + timestamp + OA secret key)', () => {
    // sha256 of "a" + "{}" + "1" + "k" computed independently with `printf 'a{}1k' | sha256sum`.
    expect(zaloOaSignature('a', '{}', '1', 'k')).toBe('mac=389b535f1676ebcee0438477cab47a51571cd3a285167b44b4cbed29c436bcc7');
    const signature = zaloOaSignature(APP_ID, '{"x":1}', '1700000000000', OA_SECRET);
    expect(signature).toMatch(/^mac=[0-9a-f]{64}$/);
    expect(verifyZaloOaSignature(signature, APP_ID, '{"x":1}', '1700000000000', OA_SECRET)).toBe(true);
    expect(verifyZaloOaSignature(signature.slice(4).toUpperCase(), APP_ID, '{"x":1}', '1700000000000', OA_SECRET)).toBe(true);
    expect(verifyZaloOaSignature(signature, APP_ID, '{"x":2}', '1700000000000', OA_SECRET)).toBe(false);
    expect(verifyZaloOaSignature(undefined, APP_ID, '{"x":1}', '1700000000000', OA_SECRET)).toBe(false);
  });

  it('rejects a bad or missing signature before calling the engine', async () => {
    s = await setUp();
    const raw = event('giả mạo', 'fake-1');
    const bad = await signedPost(s.http.url, raw, zaloOaSignature(APP_ID, raw, '0', 'wrong-secret'));
    const tampered = await signedPost(s.http.url, raw.replace('giả mạo', 'sửa đổi'), zaloOaSignature(APP_ID, raw, JSON.parse(raw).timestamp, OA_SECRET));
    const missing = await fetch(`${s.http.url}/zalo-oa/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect([bad.status, tampered.status, missing.status]).toEqual([401, 401, 401]);
    await s.channel.whenIdle();
    expect(s.engine.calls).toHaveLength(0);
    expect(s.oa.sentMessages()).toHaveLength(0);
  });

  it('answers 200 at once and does the work after', async () => {
    s = await setUp({ engineDelayMs: 1500 });
    const started = Date.now();
    const response = await signedPost(s.http.url, event('câu hỏi chậm', 'slow-1'));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);
    expect(s.oa.sentMessages()).toHaveLength(0);
    await s.channel.whenIdle();
    expect(s.oa.sentMessages().map((message) => message.text)[0]).toContain('Trả lời cho: câu hỏi chậm');
  });

  it('shows the choices as text since OA messages carry no buttons', async () => {
    s = await setUp();
    await signedPost(s.http.url, event('xác nhận cập nhật', 'choice-1'));
    await s.channel.whenIdle();
    expect(s.oa.sentMessages()[0]?.text).toContain(`${CHANNEL_MESSAGES.choicesLabel}: Có / Không`);
  });

  it('refreshes an expired token, stores the new refresh token before the retried send, then retries once', async () => {
    s = await setUp({ accessToken: 'expired-access', refreshToken: 'refresh-1' });
    s.oa.refreshGrants.set('refresh-1', { access_token: 'access-2', refresh_token: 'refresh-2' });
    const tokenFile = path.join(s.dataDir, 'zalo-oa-tokens.json');
    s.oa.observe = () => {
      try {
        return JSON.parse(readFileSync(tokenFile, 'utf8')) as unknown;
      } catch {
        return null;
      }
    };
    await signedPost(s.http.url, event('hỏi khi token hết hạn', 'refresh-case'));
    await s.channel.whenIdle();
    const paths = s.oa.calls.map((call) => call.path);
    expect(paths).toEqual(['/v3.0/oa/message/cs', '/v4/oa/access_token', '/v3.0/oa/message/cs']);
    const sends = s.oa.sentMessages();
    expect(sends.map((send) => send.accessToken)).toEqual(['expired-access', 'access-2']);
    // At the moment of the retried send, the token file already held the new refresh token.
    expect(s.oa.calls[0]?.observed).toBeNull();
    expect(s.oa.calls[2]?.observed).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    const refresh = new URLSearchParams(s.oa.calls[1]?.body);
    expect(Object.fromEntries(refresh)).toEqual({ refresh_token: 'refresh-1', app_id: APP_ID, grant_type: 'refresh_token' });
    expect(s.oa.calls[1]?.headers.secret_key).toBe(s.oa.appSecret);
    expect(s.logger.text()).not.toContain('refresh-2');
    expect(s.logger.text()).not.toContain('access-2');
  });

  it('keeps the reply in the outbox, not the log, when the refresh fails, without leaking tokens', async () => {
    s = await setUp({ accessToken: 'expired-access', refreshToken: 'used-up' });
    await signedPost(s.http.url, event('hỏi khi refresh token hỏng', 'refresh-fail'));
    await s.channel.whenIdle();
    const failure = s.logger.entries.find((entry) => entry.msg?.includes('kept in outbox'));
    expect(failure?.obj).toMatchObject({ channel: 'zalo-oa' });
    expect(s.logger.text()).not.toContain('Trả lời cho: hỏi khi refresh token hỏng');
    expect(s.logger.text()).not.toContain('used-up');
  });
});

describe('zalo oa token store', () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('prefers the file refreshed from the current env token, and env tokens from a new authorisation', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hy719-tokens-'));
    const file = path.join(dir, 'zalo-oa-tokens.json');
    const first = new ZaloOaTokenStore(file, { accessToken: 'env-a', refreshToken: 'env-r' });
    expect(await first.load()).toEqual({ accessToken: 'env-a', refreshToken: 'env-r' });
    await first.save({ accessToken: 'file-a', refreshToken: 'file-r' });
    expect(await first.load()).toEqual({ accessToken: 'file-a', refreshToken: 'file-r' });
    expect(await new ZaloOaTokenStore(file, { accessToken: undefined, refreshToken: undefined }).load()).toEqual({
      accessToken: 'file-a',
      refreshToken: 'file-r',
    });
    const reauthorised = new ZaloOaTokenStore(file, { accessToken: 'env-a2', refreshToken: 'env-r2' });
    expect(await reauthorised.load()).toEqual({ accessToken: 'env-a2', refreshToken: 'env-r2' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged token file loudly instead of silently using stale tokens', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hy719-tokens-'));
    const file = path.join(dir, 'zalo-oa-tokens.json');
    await writeFile(file, '{broken');
    await expect(new ZaloOaTokenStore(file, { accessToken: 'a', refreshToken: 'r' }).load()).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('{broken');
  });
});
