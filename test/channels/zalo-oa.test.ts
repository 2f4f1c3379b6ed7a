import { readFileSync } from 'node:fs';
import { access, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { Gateway } from '../../src/channels/gateway.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { redactSecrets } from '../../src/channels/text.ts';
import { ChannelSendError } from '../../src/channels/types.ts';
import {
  DatabaseZaloOaTokenStore,
  eventTimeMs,
  FileZaloOaTokenStore,
  verifyZaloOaSignature,
  ZALO_OA_REPLAY_WINDOW_MS,
  ZALO_OA_TEXT_LIMIT,
  ZaloOaChannel,
  ZaloOaClient,
  zaloOaSignature,
  type ZaloOaTokenStore,
} from '../../src/channels/zalo-oa.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { channelContract } from './contract.ts';
import { FakeZaloOa } from './fake-zalo-oa.ts';
import { CapturingLogger, GatedEngine, pingOnlyDatabase, TEST_HOTLINE, TEST_WEB_CHAT, TestEngine } from './support.ts';

const APP_ID = '1234567890123456789';
const OA_SECRET = 'oa-secret-key-ABC';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Setup {
  engine: TestEngine;
  http: RunningHttpServer;
  oa: FakeZaloOa;
  channel: ZaloOaChannel;
  client: ZaloOaClient;
  dataDir: string;
  logger: CapturingLogger;
  metrics: Metrics;
  sleeps: number[];
  close(): Promise<void>;
}

async function setUp(
  options: {
    ratePerMinute?: number;
    maxMessageChars?: number;
    engine?: TestEngine;
    accessToken?: string;
    refreshToken?: string;
    now?: () => number;
    store?: (dataDir: string) => ZaloOaTokenStore;
    hotline?: string;
  } = {},
): Promise<Setup> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hy719-zalo-oa-'));
  const oa = new FakeZaloOa();
  if (options.now) oa.now = options.now;
  await oa.start();
  const engine = options.engine ?? new TestEngine();
  const logger = new CapturingLogger();
  const metrics = new Metrics();
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: options.ratePerMinute ?? 100, maxMessageChars: options.maxMessageChars ?? 500 },
    logger,
    metrics,
  });
  const http = await startHttpServer({ webChat: TEST_WEB_CHAT, host: '127.0.0.1', port: 0, maxMessageChars: 500, gateway, db: pingOnlyDatabase(true), metrics, logger });
  const store =
    options.store?.(dataDir) ??
    new FileZaloOaTokenStore(
      path.join(dataDir, 'zalo-oa-tokens.json'),
      { accessToken: options.accessToken ?? 'access-1', refreshToken: options.refreshToken ?? 'refresh-1' },
      options.now ? () => new Date(options.now!()) : undefined,
    );
  const sleeps: number[] = [];
  const client = new ZaloOaClient({
    appId: APP_ID,
    appSecret: oa.appSecret,
    apiRoot: oa.root,
    oauthRoot: oa.root,
    store,
    logger,
    metrics,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(options.now ? { now: options.now } : {}),
  });
  const channel = new ZaloOaChannel({
    hotline: options.hotline ?? TEST_HOTLINE,
    appId: APP_ID,
    oaSecretKey: OA_SECRET,
    client,
    gateway,
    logger,
    maintenanceIntervalMs: 0,
    ...(options.now ? { now: options.now } : {}),
  });
  http.addRoutes(channel.routes);
  await channel.start();
  return {
    engine,
    http,
    oa,
    channel,
    client,
    dataDir,
    logger,
    metrics,
    sleeps,
    async close() {
      await channel.stop();
      await http.close();
      await oa.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function signedEvent(fields: Record<string, unknown>, timestamp = Date.now()): string {
  return JSON.stringify({ app_id: APP_ID, timestamp: String(timestamp), ...fields });
}

function event(text: string, msgId: string, userId = '8000000000000001', timestamp = Date.now()): string {
  return signedEvent(
    {
      user_id_by_app: '552177279252156',
      event_name: 'user_send_text',
      sender: { id: userId },
      recipient: { id: '579745863508352884' },
      message: { text, msg_id: msgId },
    },
    timestamp,
  );
}

function signedPost(url: string, raw: string, signature?: string, timestamp?: string) {
  const parsed = JSON.parse(raw) as { timestamp?: string } | null;
  const stamp = timestamp ?? parsed?.timestamp ?? '';
  return fetch(`${url}/zalo-oa/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-zevent-signature': signature ?? zaloOaSignature(APP_ID, raw, stamp, OA_SECRET),
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
    expect(eventTimeMs('1700000000000')).toBe(1_700_000_000_000);
    expect(eventTimeMs('1700000000')).toBe(1_700_000_000_000);
    expect(eventTimeMs('')).toBeNull();
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
    const engine = new GatedEngine();
    s = await setUp({ engine });
    // The engine holds its answer until released: a webhook that waited for it would never get its 200.
    const response = await signedPost(s.http.url, event('câu hỏi chậm', 'slow-1'));
    expect(response.status).toBe(200);
    expect(s.oa.sentMessages()).toHaveLength(0);
    engine.release();
    await s.channel.whenIdle();
    expect(s.oa.sentMessages().map((message) => message.text)[0]).toContain('Trả lời cho: câu hỏi chậm');
  });

  it('shows the choices as text since OA messages carry no buttons', async () => {
    s = await setUp();
    await signedPost(s.http.url, event('xác nhận cập nhật', 'choice-1'));
    await s.channel.whenIdle();
    expect(s.oa.sentMessages()[0]?.text).toContain(`${CHANNEL_MESSAGES.choicesLabel}: Có / Không`);
  });

  it('answers 200 to a validly signed null or non-object body, ignores it and logs at debug level', async () => {
    s = await setUp();
    for (const raw of ['null', '42', '"chuỗi"', '[1,2]']) {
      const response = await signedPost(s.http.url, raw, undefined, '');
      expect(response.status).toBe(200);
    }
    await s.channel.whenIdle();
    expect(s.engine.calls).toHaveLength(0);
    expect(s.oa.sentMessages()).toHaveLength(0);
    const ignored = s.logger.entries.filter((entry) => entry.msg?.includes('body is not an object'));
    expect(ignored.map((entry) => entry.level)).toEqual(['debug', 'debug', 'debug', 'debug']);
    expect(s.logger.entries.some((entry) => entry.level === 'error')).toBe(false);
  });

  it('ignores a validly signed event older than the replay window, with a warning', async () => {
    s = await setUp();
    const old = event('tin cũ phát lại', 'replay-1', '8000000000000001', Date.now() - ZALO_OA_REPLAY_WINDOW_MS - 60_000);
    expect((await signedPost(s.http.url, old)).status).toBe(200);
    const future = event('tin tương lai', 'replay-2', '8000000000000001', Date.now() + ZALO_OA_REPLAY_WINDOW_MS + 60_000);
    expect((await signedPost(s.http.url, future)).status).toBe(200);
    const fresh = event('tin mới', 'replay-3', '8000000000000001', Date.now() - ZALO_OA_REPLAY_WINDOW_MS + 60_000);
    expect((await signedPost(s.http.url, fresh)).status).toBe(200);
    await s.channel.whenIdle();
    expect(s.engine.calls.map((call) => call.text)).toEqual(['tin mới']);
    const warnings = s.logger.entries.filter((entry) => entry.level === 'warn' && entry.msg?.includes('replay window'));
    expect(warnings).toHaveLength(2);
  });

  it('welcomes a new follower, answers non-text messages with the text-only reply and the hotline, ignores unfollow', async () => {
    s = await setUp();
    await signedPost(s.http.url, signedEvent({ event_name: 'follow', oa_id: '579745863508352884', follower: { id: '8000000000000007' }, source: 'oa_profile' }));
    for (const [name, attachment] of [
      ['user_send_image', { type: 'image', payload: { url: 'https://example.vn/a.jpg' } }],
      ['user_send_sticker', { type: 'sticker', payload: { id: 'st1' } }],
      ['user_send_audio', { type: 'audio', payload: { url: 'https://example.vn/a.aac' } }],
      ['user_send_file', { type: 'file', payload: { url: 'https://example.vn/a.pdf', name: 'a.pdf' } }],
      ['user_send_gif', { type: 'gif', payload: { url: 'https://example.vn/a.gif' } }],
      ['user_send_location', { type: 'location', payload: { coordinates: { latitude: '20.6', longitude: '106.0' } } }],
    ] as const) {
      await signedPost(
        s.http.url,
        signedEvent({ event_name: name, sender: { id: '8000000000000008' }, recipient: { id: 'oa' }, message: { msg_id: `${name}-1`, attachments: [attachment] } }),
      );
    }
    await signedPost(s.http.url, signedEvent({ event_name: 'unfollow', oa_id: 'oa', follower: { id: '8000000000000007' } }));
    await signedPost(s.http.url, signedEvent({ event_name: 'user_seen_message', sender: { id: 'oa' }, recipient: { id: '8000000000000008' }, message: { msg_ids: ['x'] } }));
    await s.channel.whenIdle();
    expect(s.engine.calls).toHaveLength(0);
    const sent = s.oa.sentMessages();
    expect(sent[0]).toMatchObject({ userId: '8000000000000007', text: CHANNEL_MESSAGES.followWelcome(TEST_HOTLINE) });
    expect(sent.slice(1).map((message) => [message.userId, message.text])).toEqual(
      Array.from({ length: 6 }, () => ['8000000000000008', CHANNEL_MESSAGES.textOnly(TEST_HOTLINE)]),
    );
    expect(CHANNEL_MESSAGES.textOnly(TEST_HOTLINE)).toMatch(new RegExp(`^Hiện trợ lý chỉ hỗ trợ tin nhắn văn bản.*Tổng đài ${TEST_HOTLINE}`, 's'));
    expect(sent).toHaveLength(7);
  });

  it('names the configured hotline in the fixed replies, never a built-in number', async () => {
    s = await setUp({ hotline: '1800 0001' });
    await signedPost(s.http.url, signedEvent({ event_name: 'follow', oa_id: '579745863508352884', follower: { id: '8000000000000031' }, source: 'oa_profile' }));
    await signedPost(
      s.http.url,
      signedEvent({
        event_name: 'user_send_sticker',
        sender: { id: '8000000000000032' },
        recipient: { id: '579745863508352884' },
        message: { msg_id: 'sticker-hotline-1', attachments: [{ type: 'sticker', payload: { id: 'st2', url: 'https://example.vn/st2.png' } }] },
      }),
    );
    await s.channel.whenIdle();
    expect(s.engine.calls).toHaveLength(0);
    const byUser = new Map(s.oa.sentMessages().map((message) => [message.userId, message.text]));
    expect(Object.fromEntries(byUser)).toEqual({
      '8000000000000031': CHANNEL_MESSAGES.followWelcome('1800 0001'),
      '8000000000000032': CHANNEL_MESSAGES.textOnly('1800 0001'),
    });
    for (const text of byUser.values()) {
      expect(text).toContain('Tổng đài 1800 0001');
      expect(text).not.toContain('1022');
    }
  });

  it('refreshes an expired token (-220), stores the new refresh token before the retried send, then retries once', async () => {
    s = await setUp({ accessToken: 'expired-access', refreshToken: 'refresh-1' });
    s.oa.accessTokens.set('expired-access', Date.now() - 1_000);
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
    expect(s.oa.sendResults()).toEqual([-220, 0]);
    expect(s.oa.sentMessages().map((send) => send.accessToken)).toEqual(['expired-access', 'access-2']);
    // At the moment of the retried send, the token file already held the new refresh token and its expiry.
    expect(s.oa.calls[0]?.observed).toBeNull();
    expect(s.oa.calls[2]?.observed).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    const stored = s.oa.calls[2]?.observed as { expiresAt: string; updatedAt: string };
    expect(new Date(stored.expiresAt).getTime() - new Date(stored.updatedAt).getTime()).toBe(90_000_000);
    const refresh = new URLSearchParams(s.oa.calls[1]?.body);
    expect(Object.fromEntries(refresh)).toEqual({ refresh_token: 'refresh-1', app_id: APP_ID, grant_type: 'refresh_token' });
    expect(s.oa.calls[1]?.headers.secret_key).toBe(s.oa.appSecret);
    expect(s.metrics.render()).toMatch(/zalo_oa_token_refresh_total\{result="ok"\} 1/);
    expect(s.logger.text()).not.toContain('refresh-2');
    expect(s.logger.text()).not.toContain('access-2');
  });

  it('keeps the reply in the outbox, not the log, when the refresh fails; logs and counts the failure without tokens', async () => {
    s = await setUp({ accessToken: 'expired-access', refreshToken: 'used-up' });
    await signedPost(s.http.url, event('hỏi khi refresh token hỏng', 'refresh-fail'));
    await s.channel.whenIdle();
    const failure = s.logger.entries.find((entry) => entry.msg?.includes('kept in outbox'));
    expect(failure?.obj).toMatchObject({ channel: 'zalo-oa' });
    expect(s.logger.entries.find((entry) => entry.msg === 'zalo oa token refresh failed')?.level).toBe('error');
    expect(s.metrics.render()).toMatch(/zalo_oa_token_refresh_total\{result="error"\} 1/);
    expect(s.logger.text()).not.toContain('Trả lời cho: hỏi khi refresh token hỏng');
    expect(s.logger.text()).not.toContain('used-up');
    expect(s.logger.text()).not.toContain(s.oa.appSecret);
  });

  it('backs off on the rate limit (-32) with jitter and a bounded number of retries', async () => {
    s = await setUp();
    s.oa.rateLimitNext(2);
    await s.client.sendText('8000000000000001', 'sau khi bị giới hạn');
    expect(s.oa.sendResults()).toEqual([-32, -32, 0]);
    expect(s.sleeps).toEqual([1_000, 2_000]);
    s.oa.rateLimitNext(10);
    const failure = await s.client.sendText('8000000000000001', 'vẫn bị giới hạn').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect(failure).toMatchObject({ reason: 'rate_limited', permanent: false });
    expect(s.oa.sendResults().slice(3)).toEqual([-32, -32, -32, -32]);
    expect(s.sleeps.slice(2)).toEqual([1_000, 2_000, 4_000]);
  });

  it('rejects a user outside the 7-day interaction window (-230 / -232) with a permanent, typed error', async () => {
    s = await setUp();
    s.oa.lastInteraction.set('8000000000000020', Date.now() - 8 * DAY_MS);
    s.oa.neverInteracted.add('8000000000000021');
    for (const userId of ['8000000000000020', '8000000000000021']) {
      const failure = await s.channel.notify(userId, 'Nhắc hạn').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ChannelSendError);
      expect(failure).toMatchObject({ channel: 'zalo-oa', permanent: true, reason: 'outside_interaction_window' });
    }
    expect(s.oa.sendResults()).toEqual([-230, -232]);
    s.oa.lastInteraction.set('8000000000000022', Date.now() - 6 * DAY_MS);
    await s.channel.notify('8000000000000022', 'Nhắc hạn');
  });
});

describe('zalo oa token refresh ahead of expiry', () => {
  let s: Setup | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('refreshes when less than 10 % (at least 1 h) of the lifetime remains, and at least every 30 days', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    s = await setUp({ accessToken: 'access-1', refreshToken: 'refresh-1', now: () => now });
    s.oa.refreshGrants.set('refresh-1', { access_token: 'access-2', refresh_token: 'refresh-2' });
    s.oa.refreshGrants.set('refresh-2', { access_token: 'access-3', refresh_token: 'refresh-3' });
    s.oa.refreshGrants.set('refresh-3', { access_token: 'access-4', refresh_token: 'refresh-4' });

    // Seeded tokens have no known expiry: nothing is due until the 30-day rule.
    await s.client.refreshIfDue();
    expect(s.oa.refreshAttempts).toEqual([]);
    now += 30 * DAY_MS;
    await s.client.refreshIfDue();
    expect(s.oa.refreshAttempts).toEqual(['refresh-1']);

    // access-2 lives 25 h: nothing at 22 h, a refresh once less than 2.5 h remain.
    now += 22 * HOUR_MS;
    await s.client.refreshIfDue();
    expect(s.oa.refreshAttempts).toHaveLength(1);
    now += 1 * HOUR_MS;
    await s.client.refreshIfDue();
    expect(s.oa.refreshAttempts).toEqual(['refresh-1', 'refresh-2']);

    // A send close to expiry refreshes first, and uses the new token.
    now += 23 * HOUR_MS;
    await s.client.sendText('8000000000000001', 'gần hết hạn');
    expect(s.oa.refreshAttempts).toEqual(['refresh-1', 'refresh-2', 'refresh-3']);
    expect(s.oa.sentMessages().map((message) => message.accessToken)).toEqual(['access-4']);
    expect(s.metrics.render()).toMatch(/zalo_oa_token_refresh_total\{result="ok"\} 3/);
  });

  it('logs and counts a failed proactive refresh and keeps sending with the current token', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    s = await setUp({ accessToken: 'access-1', refreshToken: 'no-grant', now: () => now });
    await s.client.refreshIfDue();
    now += 31 * DAY_MS;
    await s.client.refreshIfDue();
    expect(s.metrics.render()).toMatch(/zalo_oa_token_refresh_total\{result="error"\} 1/);
    await s.client.sendText('8000000000000001', 'vẫn gửi được');
    expect(s.oa.sendResults().at(-1)).toBe(0);
    expect(s.logger.text()).not.toContain('no-grant');
  });
});

describe('zalo oa token store', () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('file: prefers the file refreshed from the current env token, and env tokens from a new authorisation', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hy719-tokens-'));
    const file = path.join(dir, 'zalo-oa-tokens.json');
    const pick = ({ accessToken, refreshToken }: { accessToken: string | undefined; refreshToken: string | undefined }) => ({ accessToken, refreshToken });
    const first = new FileZaloOaTokenStore(file, { accessToken: 'env-a', refreshToken: 'env-r' });
    expect(pick(await first.load())).toEqual({ accessToken: 'env-a', refreshToken: 'env-r' });
    const expiresAt = new Date('2026-03-02T01:00:00Z');
    await first.save({ accessToken: 'file-a', refreshToken: 'file-r', expiresAt, updatedAt: new Date('2026-03-01T00:00:00Z') });
    expect(await first.load()).toEqual({ accessToken: 'file-a', refreshToken: 'file-r', expiresAt, updatedAt: new Date('2026-03-01T00:00:00Z') });
    expect(pick(await new FileZaloOaTokenStore(file, { accessToken: undefined, refreshToken: undefined }).load())).toEqual({
      accessToken: 'file-a',
      refreshToken: 'file-r',
    });
    const reauthorised = new FileZaloOaTokenStore(file, { accessToken: 'env-a2', refreshToken: 'env-r2' });
    expect(await reauthorised.load()).toMatchObject({ accessToken: 'env-a2', refreshToken: 'env-r2', expiresAt: null });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('file: refuses a damaged token file loudly instead of silently using stale tokens', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hy719-tokens-'));
    const file = path.join(dir, 'zalo-oa-tokens.json');
    await writeFile(file, '{broken');
    await expect(new FileZaloOaTokenStore(file, { accessToken: 'a', refreshToken: 'r' }).load()).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('{broken');
  });

  it('redacts tokens echoed in error texts by pattern, not only the configured values', () => {
    const long = 'L2Y2BO9Prn_I1SkM08T4J99bZQYVbOBPfTVeRgrLdPK4ZqGX9G';
    expect(redactSecrets(`invalid refresh_token ${long}`)).toBe('invalid refresh_token [redacted]');
    expect(redactSecrets(`Refresh token '${long}' expired`)).toBe("Refresh token '[redacted]' expired");
    expect(redactSecrets(`{"access_token":"${long}"}`)).toBe('{"access_token":"[redacted]"}');
    expect(redactSecrets(`token: ${'A'.repeat(120)}`)).not.toContain('AAAA');
    expect(redactSecrets(`x ${'b'.repeat(100)} y`)).toBe('x [redacted] y');
    expect(redactSecrets('Access token is invalid')).toBe('Access token is invalid');
  });
});

for (const { label, open } of engines('zalo_oa_tokens')) {
  describe(`zalo oa tokens in the store: ${label}`, () => {
    let dir: string;
    let oa: FakeZaloOa;
    // One migrated store for the describe (opening one is the slow part); each test starts from an empty table.
    let shared: StoreHandle | undefined;
    beforeAll(async () => {
      shared = await open();
    });
    afterAll(async () => shared?.dispose());
    afterEach(async () => {
      await oa?.close();
      await rm(dir, { recursive: true, force: true });
    });

    async function prepare(): Promise<StoreHandle> {
      dir = await mkdtemp(path.join(tmpdir(), 'hy719-tokens-db-'));
      oa = new FakeZaloOa();
      await oa.start();
      await shared!.db.query('DELETE FROM zalo_oa_tokens');
      return shared!;
    }

    function clientOn(store: ZaloOaTokenStore, logger = new CapturingLogger()) {
      return new ZaloOaClient({ appId: APP_ID, appSecret: oa.appSecret, apiRoot: oa.root, oauthRoot: oa.root, store, logger });
    }

    it('two clients on one database spend the refresh token once and both use the new access token', async () => {
      const handle = await prepare();
      const fromEnv = { accessToken: 'expired-access', refreshToken: 'refresh-1' };
      oa.accessTokens.set('expired-access', Date.now() - 1_000);
      oa.refreshGrants.set('refresh-1', { access_token: 'access-2', refresh_token: 'refresh-2' });
      const a = clientOn(new DatabaseZaloOaTokenStore({ db: handle.db, appId: APP_ID, fromEnv }));
      const b = clientOn(new DatabaseZaloOaTokenStore({ db: handle.db, appId: APP_ID, fromEnv }));
      await Promise.all([a.sendText('8000000000000001', 'từ A'), b.sendText('8000000000000002', 'từ B')]);
      expect(oa.refreshAttempts).toEqual(['refresh-1']);
      const delivered = oa.sentMessages().filter((_message, index) => oa.sendResults()[index] === 0);
      expect(delivered.map((message) => message.accessToken).sort()).toEqual(['access-2', 'access-2']);
      const row = (await handle.db.query<{ access_token: string; refresh_token: string; expires_at: Date | null }>(
        'SELECT access_token, refresh_token, expires_at FROM zalo_oa_tokens WHERE app_id = $1',
        [APP_ID],
      )).rows[0];
      expect(row).toMatchObject({ access_token: 'access-2', refresh_token: 'refresh-2' });
      expect(row?.expires_at).toBeInstanceOf(Date);

      // A third instance starting later reads the stored pair, not the spent env refresh token.
      const c = clientOn(new DatabaseZaloOaTokenStore({ db: handle.db, appId: APP_ID, fromEnv }));
      await c.sendText('8000000000000003', 'từ C');
      expect(oa.sentMessages().at(-1)?.accessToken).toBe('access-2');
      expect(oa.refreshAttempts).toEqual(['refresh-1']);
    });

    it('moves the legacy token file into the store once, removes it, and lets a new env authorisation replace the row', async () => {
      const handle = await prepare();
      const file = path.join(dir, 'zalo-oa-tokens.json');
      const fromEnv = { accessToken: 'env-a', refreshToken: 'env-r' };
      await new FileZaloOaTokenStore(file, fromEnv).save({ accessToken: 'file-a', refreshToken: 'file-r', expiresAt: null, updatedAt: new Date('2026-03-01T00:00:00Z') });
      const logger = new CapturingLogger();
      const store = new DatabaseZaloOaTokenStore({ db: handle.db, appId: APP_ID, fromEnv, legacyFile: file, logger });
      expect(await store.load()).toMatchObject({ accessToken: 'file-a', refreshToken: 'file-r' });
      await expect(access(file)).rejects.toThrow();
      expect(logger.text()).toContain('file removed');
      expect(logger.text()).not.toContain('file-r');
      expect(await store.load()).toMatchObject({ accessToken: 'file-a', refreshToken: 'file-r' });

      const reauthorised = new DatabaseZaloOaTokenStore({ db: handle.db, appId: APP_ID, fromEnv: { accessToken: 'env-a2', refreshToken: 'env-r2' } });
      expect(await reauthorised.load()).toMatchObject({ accessToken: 'env-a2', refreshToken: 'env-r2', expiresAt: null });
      const withoutEnv = new DatabaseZaloOaTokenStore({ db: handle.db, appId: APP_ID, fromEnv: { accessToken: undefined, refreshToken: undefined } });
      expect(await withoutEnv.load()).toMatchObject({ accessToken: 'env-a2', refreshToken: 'env-r2' });
    });
  });
}
