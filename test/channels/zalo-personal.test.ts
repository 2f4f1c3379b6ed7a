import { EventEmitter } from 'node:events';
import { access, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Gateway } from '../../src/channels/gateway.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import {
  addressedGroupText,
  type Credentials,
  loadZaloCredentials,
  loadZaloCredentialsWithSource,
  SendThrottle,
  ZALO_PERSONAL_TEXT_LIMIT,
  type ZcaApi,
  ZaloCredentialsError,
  type ZcaLoginQrEvent,
  type ZcaMessage,
  type ZcaModule,
  ZaloPersonalChannel,
  type ZaloPersonalClient,
  type ZaloPersonalMessage,
  ZcaSession,
} from '../../src/channels/zalo-personal.ts';
import { ZALO_QR_ATTEMPTS, zaloLogin } from '../../src/cli/zalo-login.ts';
import { ZALO_LOGIN_MESSAGES } from '../../src/engine/messages.ts';
import { channelContract } from './contract.ts';
import { CapturingLogger, TestEngine } from './support.ts';

const OWN_ID = '900';

/** Stands where zca-js stands: receives messages from the test, records what the channel sends. */
class FakeZaloClient implements ZaloPersonalClient {
  readonly ownId = OWN_ID;
  readonly sent: { threadId: string; isGroup: boolean; text: string }[] = [];
  stopped = false;
  private handler: ((message: ZaloPersonalMessage) => void) | undefined;

  onMessage(handler: (message: ZaloPersonalMessage) => void): void {
    this.handler = handler;
  }
  async sendText(threadId: string, isGroup: boolean, text: string): Promise<void> {
    this.sent.push({ threadId, isGroup, text });
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  emit(message: Partial<ZaloPersonalMessage> & { text: string; msgId: string }): void {
    this.handler?.({
      threadId: message.senderId ?? '501',
      isGroup: false,
      senderId: '501',
      senderName: 'Minh',
      mentions: [],
      isSelf: false,
      ...message,
    });
  }
}

async function setUp(options: { ratePerMinute?: number; maxMessageChars?: number } = {}) {
  const engine = new TestEngine();
  const client = new FakeZaloClient();
  const gateway = new Gateway({
    engine,
    limits: { ratePerMinute: options.ratePerMinute ?? 100, maxMessageChars: options.maxMessageChars ?? 500 },
    logger: new CapturingLogger(),
    metrics: new Metrics(),
  });
  const channel = new ZaloPersonalChannel({ connect: async () => client, gateway, logger: new CapturingLogger() });
  await channel.start();
  const send = async (message: Partial<ZaloPersonalMessage> & { text: string; msgId: string }) => {
    client.emit(message);
    await gateway.whenIdle();
  };
  return { engine, client, gateway, channel, send };
}

channelContract('zalo personal (zca-js behind its interface)', async ({ ratePerMinute, maxMessageChars }) => {
  const s = await setUp({ ratePerMinute, maxMessageChars });
  return {
    engine: s.engine,
    textLimit: ZALO_PERSONAL_TEXT_LIMIT,
    send: ({ text, messageId, userId }) => s.send({ text, msgId: messageId, senderId: userId ?? '501', threadId: userId ?? '501' }),
    sent: () => s.client.sent.map((entry) => entry.text),
    close: () => s.channel.stop(),
  };
});

describe('zalo personal adapter', () => {
  it('in groups answers only when mentioned or given a command, and replies in the group', async () => {
    const s = await setUp();
    await s.send({ text: 'nói chuyện trong nhóm', msgId: 'g1', isGroup: true, threadId: 'grp', senderId: '501' });
    await s.send({ text: '@Trợ lý ai chủ trì PL2.11?', msgId: 'g2', isGroup: true, threadId: 'grp', senderId: '501', mentions: [{ uid: OWN_ID, pos: 0, len: 7 }] });
    await s.send({ text: '@Lan xem giúp', msgId: 'g3', isGroup: true, threadId: 'grp', senderId: '501', mentions: [{ uid: '777', pos: 0, len: 4 }] });
    await s.send({ text: '/quahan', msgId: 'g4', isGroup: true, threadId: 'grp', senderId: '502' });
    expect(s.engine.calls.map((call) => call.text)).toEqual(['ai chủ trì PL2.11?', '/quahan']);
    expect(s.engine.calls[0]?.conversationId).toBe('ggrp');
    expect(s.client.sent.every((entry) => entry.threadId === 'grp' && entry.isGroup)).toBe(true);
  });

  it('ignores its own messages', async () => {
    const s = await setUp();
    await s.send({ text: 'tin của chính mình', msgId: 's1', isSelf: true });
    await s.send({ text: 'tin của chính mình 2', msgId: 's2', senderId: OWN_ID });
    expect(s.engine.calls).toHaveLength(0);
  });

  it('stops the client on stop', async () => {
    const s = await setUp();
    await s.channel.stop();
    expect(s.client.stopped).toBe(true);
  });

  it('strips every mention of itself', () => {
    const text = addressedGroupText(
      { threadId: 'g', isGroup: true, senderId: '1', senderName: undefined, msgId: 'm', text: 'Hỏi @Bot về @Bot hạn', mentions: [{ uid: OWN_ID, pos: 4, len: 4 }, { uid: OWN_ID, pos: 12, len: 4 }], isSelf: false },
      OWN_ID,
    );
    expect(text).toBe('Hỏi về hạn');
  });
});

describe('zalo credentials', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads env JSON first, then the file in DATA_DIR, and names what is missing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hy719-zalo-'));
    expect(await loadZaloCredentials(undefined, dir)).toBeNull();
    const saved = { imei: 'imei-1', userAgent: 'Mozilla/5.0', cookie: [{ name: 'zpw_sek', value: 'x', domain: '.zalo.me' }] };
    await writeFile(path.join(dir, 'zalo-credentials.json'), JSON.stringify(saved));
    expect(await loadZaloCredentials(undefined, dir)).toEqual(saved);
    expect(await loadZaloCredentials(JSON.stringify({ ...saved, imei: 'imei-env' }), dir)).toMatchObject({ imei: 'imei-env' });
    await expect(loadZaloCredentials('{"imei":"x"}', dir)).rejects.toBeInstanceOf(ZaloCredentialsError);
    await expect(loadZaloCredentials('not json', dir)).rejects.toThrow(/ZALO_CREDENTIALS/);
  });
});

/**
 * Stands where zca-js's `API` stands: `listener` is a real EventEmitter (an `error` event with no listener throws, as
 * in zca-js), `stop()` reports the close like zca-js (disconnected, then closed with 1000), cookies come from a jar.
 */
class FakeZcaListener extends EventEmitter {
  starts = 0;
  stops = 0;
  start(): void {
    this.starts += 1;
  }
  stop(): void {
    this.stops += 1;
    this.emit('disconnected', 1000, '');
    this.emit('closed', 1000, '');
  }
}

class FakeZcaApi implements ZcaApi {
  readonly listener = new FakeZcaListener();
  readonly sent: { text: string; threadId: string; type: number }[] = [];
  keepAlives = 0;
  constructor(
    private readonly ownId: string,
    public cookies: unknown[],
  ) {}
  getOwnId(): string {
    return this.ownId;
  }
  async sendMessage(text: string, threadId: string, type: number): Promise<unknown> {
    this.sent.push({ text, threadId, type });
    return { message: { msgId: this.sent.length }, attachment: [] };
  }
  getCookie() {
    return { toJSON: () => ({ cookies: this.cookies }) };
  }
  async keepAlive(): Promise<unknown> {
    this.keepAlives += 1;
    return { config_vesion: 1 };
  }
  message(text: string, msgId: string, from = '501'): void {
    const message: ZcaMessage = { type: 0, threadId: from, isSelf: false, data: { uidFrom: from, dName: 'Minh', msgId, content: text } };
    this.listener.emit('message', message);
  }
}

const CREDENTIALS: Credentials = {
  imei: 'imei-0000-1111-2222',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  cookie: [{ key: 'zpw_sek', value: 'cookie-value-0001', domain: 'chat.zalo.me' }],
};

describe('zca-js session (fake zca-js API, fake clock)', () => {
  let logins: Credentials[];
  let apis: FakeZcaApi[];
  let saved: Credentials[];
  let logger: CapturingLogger;
  let metrics: Metrics;
  let failLogins: number;

  beforeEach(() => {
    vi.useFakeTimers();
    logins = [];
    apis = [];
    saved = [];
    logger = new CapturingLogger();
    metrics = new Metrics();
    failLogins = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function session(options: { maxAttempts?: number } = {}): ZcaSession {
    return new ZcaSession({
      credentials: CREDENTIALS,
      login: async (credentials) => {
        logins.push(credentials);
        if (failLogins > 0) {
          failLogins -= 1;
          throw new Error('Đăng nhập thất bại: cookie-value-0001 không hợp lệ');
        }
        const api = new FakeZcaApi('900', [{ key: 'zpw_sek', value: `cookie-after-login-${apis.length + 1}`, domain: 'chat.zalo.me' }]);
        apis.push(api);
        return api;
      },
      saveCredentials: async (credentials) => {
        saved.push(credentials);
      },
      logger,
      metrics,
      random: () => 0.5,
      relogin: { baseMs: 1_000, maxMs: 8_000, maxAttempts: options.maxAttempts ?? 4 },
      throttle: new SendThrottle({ minIntervalMs: 0, jitterMs: 0, perMinute: 1000 }),
    });
  }

  const count = (event: string) => metrics.counter('zalo_personal_listener_events_total', '', ['event']).get({ event });

  it('survives listener errors: logs and counts them instead of crashing the process', async () => {
    const s = session();
    await s.start();
    expect(apis[0]?.listener.starts).toBe(1);
    expect(() => apis[0]?.listener.emit('error', new Error('Invalid WebSocket frame'))).not.toThrow();
    expect(() => apis[0]?.listener.emit('error', { type: 'error', message: 'decode failed' })).not.toThrow();
    expect(count('error')).toBe(2);
    expect(logger.entries.filter((entry) => entry.msg === 'zalo listener error').map((entry) => entry.level)).toEqual(['warn', 'warn']);
    await s.stop();
  });

  it('counts disconnects zca-js retries itself, and logs in again after closed 3000 (another session), with the latest cookies', async () => {
    const s = session();
    const received: string[] = [];
    s.onMessage((message) => received.push(message.text));
    await s.start();
    const first = apis[0]!;
    first.listener.emit('disconnected', 1006, '');
    expect(count('disconnected')).toBe(1);
    expect(logins).toHaveLength(1);

    first.cookies = [{ key: 'zpw_sek', value: 'cookie-rotated-by-zalo', domain: 'chat.zalo.me' }];
    first.listener.emit('closed', 3000, 'duplicate');
    expect(count('closed')).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(saved.at(-1)?.cookie).toEqual(first.cookies);
    expect(logger.entries.find((entry) => entry.msg === 'zalo listener closed; logging in again')?.obj).toMatchObject({ code: 3000 });

    await vi.advanceTimersByTimeAsync(999);
    expect(logins).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(logins).toHaveLength(2);
    expect(logins[1]?.cookie).toEqual([{ key: 'zpw_sek', value: 'cookie-rotated-by-zalo', domain: 'chat.zalo.me' }]);
    expect(count('reconnect')).toBe(1);
    const second = apis[1]!;
    expect(first.listener.stops).toBe(1);
    expect(second.listener.starts).toBe(1);

    first.message('từ phiên cũ', 'old-1');
    second.message('từ phiên mới', 'new-1');
    expect(received).toEqual(['từ phiên mới']);
    await s.sendText('501', false, 'trả lời');
    expect(second.sent).toEqual([{ text: 'trả lời', threadId: '501', type: 0 }]);
    expect(first.sent).toEqual([]);
    await s.stop();
    expect(logins).toHaveLength(2);
  });

  it('after closed 3003 (kicked) retries failed logins with growing delays, then gives up naming zalo:login', async () => {
    const s = session({ maxAttempts: 3 });
    await s.start();
    failLogins = 10;
    apis[0]!.listener.emit('closed', 3003, 'kicked');
    for (const delay of [1_000, 2_000, 4_000]) {
      const before = logins.length;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(logins).toHaveLength(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(logins).toHaveLength(before + 1);
    }
    await vi.advanceTimersByTimeAsync(60_000);
    expect(logins).toHaveLength(4);
    expect(count('reconnect')).toBe(3);
    const warnings = logger.entries.filter((entry) => entry.msg?.includes('login with the saved credentials failed'));
    expect(warnings).toHaveLength(3);
    expect(warnings[0]?.msg).toContain('npm run zalo:login');
    expect(logger.entries.find((entry) => entry.level === 'error')?.msg).toContain('npm run zalo:login');
    expect(logger.text()).not.toContain('cookie-value-0001');
    await s.stop();
  });

  it('a working connection resets the attempt budget', async () => {
    const s = session({ maxAttempts: 1 });
    await s.start();
    apis[0]!.listener.emit('closed', 3000, '');
    await vi.advanceTimersByTimeAsync(1_000);
    apis[1]!.listener.emit('connected');
    apis[1]!.listener.emit('closed', 3000, '');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(logins).toHaveLength(3);
    await s.stop();
  });

  it('saves the cookies every 6 hours and on stop, and calls keepAlive periodically; stop does not log in again', async () => {
    const s = session();
    await s.start();
    await vi.advanceTimersByTimeAsync(6 * 60 * 60_000);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ imei: CREDENTIALS.imei, userAgent: CREDENTIALS.userAgent, cookie: apis[0]!.cookies });
    expect(apis[0]!.keepAlives).toBe(36);
    await s.stop();
    expect(saved).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(logins).toHaveLength(1);
    expect(count('closed')).toBe(0);
  });

  it('warns, naming npm run zalo:login, when the saved session is refused at start', async () => {
    failLogins = 1;
    await expect(session().start()).rejects.toThrow();
    const warning = logger.entries.find((entry) => entry.level === 'warn');
    expect(warning?.msg).toMatch(/expire after some days.*user agent and IP address.*npm run zalo:login/);
  });
});

describe('send throttle', () => {
  it('spaces sends at least 1.5 s apart with jitter and caps them per minute, on a fake clock', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const throttle = new SendThrottle({
      minIntervalMs: 1_500,
      jitterMs: 1_000,
      perMinute: 5,
      now: () => now,
      random: () => 0.5,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => throttle.run(async () => void times.push(now))));
    expect(times.slice(0, 5)).toEqual([0, 2_000, 4_000, 6_000, 8_000]);
    // The sixth waits for the first to leave the one-minute window.
    expect(times[5]).toBe(60_000);
    expect(times[6]).toBe(62_000);
    expect(sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it('a failed send frees its turn', async () => {
    const throttle = new SendThrottle({ minIntervalMs: 0, jitterMs: 0 });
    await expect(throttle.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(throttle.run(async () => 'ok')).resolves.toBe('ok');
  });
});

describe('npm run zalo:login', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hy719-zalo-login-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  /** zca-js's loginQR: waits after an expired or declined code until `retry` or `abort` (which rejects). */
  function fakeZca(steps: Array<'expire' | 'decline' | 'success'>): ZcaModule {
    class Zalo {
      async login(): Promise<ZcaApi> {
        throw new Error('not used');
      }
      loginQR(_options: unknown, callback?: (event: ZcaLoginQrEvent) => unknown): Promise<ZcaApi> {
        const run = (): Promise<ZcaApi> =>
          new Promise((resolve, reject) => {
            const actions = { retry: () => resolve(run()), abort: () => reject(new Error('ZaloApiLoginQRAborted')) };
            const step = steps.shift();
            callback?.({ type: 0, data: { image: '' }, actions: { ...actions, saveToFile: async () => undefined } });
            if (step === 'expire') callback?.({ type: 1, data: null, actions });
            if (step === 'decline') {
              callback?.({ type: 2, data: { display_name: 'A' }, actions });
              callback?.({ type: 3, data: { code: 'x' }, actions });
            }
            if (step === 'success') {
              callback?.({ type: 2, data: { display_name: 'A' }, actions });
              callback?.({ type: 4, data: { cookie: [{ key: 'zpw_sek', value: 'v' }], imei: 'imei-1', userAgent: 'UA' }, actions: null });
              resolve(new FakeZcaApi('900', []));
            }
          });
        return run();
      }
    }
    return { Zalo } as unknown as ZcaModule;
  }

  it('exits 1 with a clear Vietnamese message when the login is declined on the phone (no hang)', async () => {
    const lines: string[] = [];
    const code = await zaloLogin({ dataDir: dir, write: (line) => lines.push(line), zca: fakeZca(['decline']) });
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe(ZALO_LOGIN_MESSAGES.declined);
    await expect(access(path.join(dir, 'zalo-credentials.json'))).rejects.toThrow();
  }, 2_000);

  it('renews an expired QR code a bounded number of times, then exits 1', async () => {
    const lines: string[] = [];
    const code = await zaloLogin({ dataDir: dir, write: (line) => lines.push(line), zca: fakeZca(['expire', 'expire', 'expire', 'success']) });
    expect(code).toBe(1);
    expect(lines).toContain(ZALO_LOGIN_MESSAGES.qrExpiredRetry(2, ZALO_QR_ATTEMPTS));
    expect(lines).toContain(ZALO_LOGIN_MESSAGES.qrExpiredRetry(3, ZALO_QR_ATTEMPTS));
    expect(lines.at(-1)).toBe(ZALO_LOGIN_MESSAGES.qrExpiredGaveUp(ZALO_QR_ATTEMPTS));
  }, 2_000);

  it('saves the credentials (mode 0600) after an expired code and a successful scan', async () => {
    const lines: string[] = [];
    const code = await zaloLogin({ dataDir: dir, write: (line) => lines.push(line), zca: fakeZca(['expire', 'success']) });
    expect(code).toBe(0);
    const file = path.join(dir, 'zalo-credentials.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ cookie: [{ key: 'zpw_sek', value: 'v' }], imei: 'imei-1', userAgent: 'UA' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(lines.at(-1)).toBe(ZALO_LOGIN_MESSAGES.saved(file));
    expect((await loadZaloCredentialsWithSource(undefined, dir))?.source).toBe('file');
  }, 2_000);
});
