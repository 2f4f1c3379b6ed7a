/**
 * The durable inbox on every engine, and a Telegram webhook over it: stored before the 200, answered once across
 * two instances on one store, and answered after a crash by the next start.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { FAKE_BOT_INFO, FakeTelegramApi } from '../../src/channels/fake-telegram-api.ts';
import { Gateway } from '../../src/channels/gateway.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { databaseInbox, DurableIntake, type Inbox } from '../../src/channels/inbox.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { TelegramChannel } from '../../src/channels/telegram.ts';
import type { Database } from '../../src/store/database.ts';
import { engines, storeForEach } from '../support/databases.ts';
import { CapturingLogger, TEST_WEB_CHAT, TestEngine } from './support.ts';

const minute = 60_000;

for (const engine of engines('inbox')) {
  describe(`inbox: ${engine.label}`, () => {
    const store = storeForEach(engine, ['channel_inbox']);
    let inbox: Inbox;
    const t0 = new Date('2026-12-01T03:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * minute);

    beforeAll(() => {
      inbox = databaseInbox(store().db);
    });

    it('renews the claims of what an instance works on, so another instance does not take it over', async () => {
      await inbox.accept('telegram', 'slow', { text: 'đang xử lý' }, at(0));
      await inbox.accept('telegram', 'dead', { text: 'tiến trình đã chết' }, at(0));
      await inbox.renew('telegram', ['slow', 'missing'], at(2));
      const claimed = await inbox.claimUnfinished('telegram', minute, at(2.5));
      expect(claimed.map((entry) => entry.key)).toEqual(['dead']);
      await inbox.renew('telegram', [], at(3));
    });

    it('stores a body once per channel and key', async () => {
      expect(await inbox.accept('telegram', '1', { a: 1 }, at(0))).toBe(true);
      expect(await inbox.accept('telegram', '1', { a: 2 }, at(1))).toBe(false);
      expect(await inbox.accept('zalo-oa', '1', { a: 3 }, at(1))).toBe(true);
    });

    it('hands unfinished work over only once its claim is stale, and never finished work', async () => {
      await inbox.accept('telegram', 'late', { text: 'chưa trả lời' }, at(0));
      await inbox.accept('telegram', 'done', { text: 'đã trả lời' }, at(0));
      await inbox.done('telegram', 'done', at(0));
      expect(await inbox.claimUnfinished('telegram', 2 * minute, at(1))).toEqual([]);
      const claimed = await inbox.claimUnfinished('telegram', 2 * minute, at(3));
      expect(claimed).toEqual([{ key: 'late', payload: { text: 'chưa trả lời' }, receivedAt: at(0) }]);
      // Claimed now: a second instance looking at the same moment finds nothing.
      expect(await inbox.claimUnfinished('telegram', 2 * minute, at(3))).toEqual([]);
      expect(await inbox.claimUnfinished('zalo-bot', 2 * minute, at(10))).toEqual([]);
    });

    it('remembers a key with nothing to process once, and never hands it over as unfinished', async () => {
      expect(await inbox.remember('web', 'session-a:m1', at(0))).toBe(true);
      expect(await inbox.remember('web', 'session-a:m1', at(1))).toBe(false);
      expect(await inbox.claimUnfinished('web', 0, at(5))).toEqual([]);
      expect(await inbox.purge(60 * minute, at(120))).toBe(1);
    });

    it('keeps bodies PostgreSQL JSON would refuse, and purges finished rows after the retention', async () => {
      const odd = { text: 'a\u0000b \ud800 <script>\'; DROP TABLE x;--' };
      await inbox.accept('telegram', 'odd', odd, at(0));
      expect((await inbox.claimUnfinished('telegram', 0, at(1)))[0]!.payload).toEqual(odd);
      await inbox.done('telegram', 'odd', at(1));
      // Answered: the words are gone, the key stays.
      const kept = await store().db.query<{ payload: string }>(`SELECT payload FROM channel_inbox WHERE event_key = 'odd'`);
      expect(kept.rows).toEqual([{ payload: '' }]);
      expect(await inbox.purge(60 * minute, at(30))).toBe(0);
      expect(await inbox.purge(60 * minute, at(120))).toBe(1);
      // Purged: a very late redelivery counts as new again.
      expect(await inbox.accept('telegram', 'odd', odd, at(121))).toBe(true);
    });
  });
}

describe('telegram webhook over the durable inbox', () => {
  const TOKEN = '2222222:TEST-token-inbox-0000000000000000000';
  const secret = 'inbox-secret_1';
  let db: Database;
  let dispose: () => Promise<void>;
  let api: FakeTelegramApi;
  let updateId = 5_000;

  beforeAll(async () => {
    const handle = await engines('inbox_tg')[0]!.open();
    db = handle.db;
    dispose = handle.dispose;
    api = new FakeTelegramApi();
    await api.start();
  });
  afterAll(async () => {
    await api?.close();
    await dispose?.();
  });

  /** One instance: its own gateway, engine, HTTP server and channel, on the shared store. */
  async function instance(inbox: Inbox, webhookReplyWaitMs?: number) {
    const engine = new TestEngine();
    const logger = new CapturingLogger();
    const metrics = new Metrics();
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 500 }, logger, metrics });
    const http: RunningHttpServer = await startHttpServer({ webChat: TEST_WEB_CHAT, host: '127.0.0.1', port: 0, maxMessageChars: 500, gateway, db, metrics, logger });
    const channel = new TelegramChannel({ token: TOKEN, apiRoot: api.apiRoot, webhookUrl: 'https://bot.example.vn', webhookSecret: secret, gateway, inbox, logger, botInfo: FAKE_BOT_INFO, ...(webhookReplyWaitMs === undefined ? {} : { webhookReplyWaitMs }) });
    http.addRoutes(channel.routes);
    await channel.start();
    /** Posts as Telegram does: a method carried by the 200 is run on the fake. */
    const post = async (update: Update) => {
      const response = await fetch(`${http.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
      api.runWebhookAnswer(response.status, await response.text());
      return response;
    };
    return {
      engine,
      channel,
      post,
      async stop() {
        await channel.stop();
        await gateway.close();
        await http.close();
      },
    };
  }

  function update(text: string, userId: number): Update {
    updateId += 1;
    return {
      update_id: updateId,
      message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: userId, type: 'private', first_name: 'Lan' }, from: { id: userId, is_bot: false, first_name: 'Lan' }, text },
    };
  }

  const sentTo = (userId: number) => api.callsOf('sendMessage').filter((call) => call.payload.chat_id === userId).length;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

  it('answers an update sent to two instances once', async () => {
    const [one, two] = [await instance(databaseInbox(db)), await instance(databaseInbox(db))];
    try {
      const body = update('gửi tới cả hai', 701);
      const responses = await Promise.all([one.post(body), two.post(body)]);
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      await one.channel.stop();
      await two.channel.stop();
      await settle();
      expect(one.engine.calls.length + two.engine.calls.length).toBe(1);
      expect(sentTo(701)).toBe(1);
    } finally {
      await one.stop();
      await two.stop();
    }
  });

  it('carries the reply in the 200 and marks its row done once', async () => {
    const real = databaseInbox(db);
    const marks: string[] = [];
    const counted: Inbox = { ...real, done: (channel, key, now) => (marks.push(key), real.done(channel, key, now)) };
    const one = await instance(counted);
    const body = update('trả lời trong phản hồi', 706);
    try {
      const response = await one.post(body);
      expect(response.status).toBe(200);
      expect(sentTo(706)).toBe(1);
      await one.channel.stop();
      expect(marks).toEqual([String(body.update_id)]);
      const { rows } = await db.query<{ done: boolean }>(`SELECT done_at IS NOT NULL AS done FROM channel_inbox WHERE channel = 'telegram' AND event_key = $1`, [String(body.update_id)]);
      expect(rows).toEqual([{ done: true }]);
    } finally {
      await one.stop();
    }
  });

  it('starts the done mark of a reply sent in the response before returning, and does not mark it again', async () => {
    const real = databaseInbox(db);
    const marks: string[] = [];
    const counted: Inbox = { ...real, done: (channel, key, now) => (marks.push(key), real.done(channel, key, now)) };
    let markedWhenReturned: string[] = [];
    const intake: DurableIntake = new DurableIntake({
      inbox: counted,
      channel: 'telegram',
      logger: new CapturingLogger(),
      process: async () => {
        intake.markDoneNow('early-1');
        markedWhenReturned = [...marks];
      },
    });
    expect(await counted.accept('telegram', 'early-1', { text: 'x' }, new Date())).toBe(true);
    await intake.run('early-1', { text: 'x' });
    expect(markedWhenReturned).toEqual(['early-1']);
    expect(marks).toEqual(['early-1']);
    expect(await counted.claimUnfinished('telegram', 0, new Date())).toEqual([]);
  });

  it('answers after a restart what a dead instance acknowledged but never answered', async () => {
    const inbox = databaseInbox(db);
    // The dead instance stored the body and answered 200, then died before the engine ran.
    const body = update('tin nhắn trước khi sập', 702);
    expect(await inbox.accept('telegram', String(body.update_id), body, new Date(Date.now() - 10 * minute))).toBe(true);
    const next = await instance(inbox);
    try {
      expect(await next.channel.resume()).toBe(1);
      expect(next.engine.calls.map((call) => call.text)).toEqual(['tin nhắn trước khi sập']);
      expect(sentTo(702)).toBe(1);
      // Finished: neither a second resume nor Telegram's redelivery answers it again.
      expect(await next.channel.resume(0)).toBe(0);
      expect((await next.post(body)).status).toBe(200);
      await settle();
      expect(sentTo(702)).toBe(1);
    } finally {
      await next.stop();
    }
  });

  it('retries a done mark the store refused for a moment, so the message is not answered again', async () => {
    const real = databaseInbox(db);
    let refusals = 2;
    const flaky: Inbox = {
      ...real,
      done: (...args) => (refusals-- > 0 ? Promise.reject(new Error('the database system is shutting down')) : real.done(...args)),
    };
    const one = await instance(flaky);
    try {
      const body = update('lúc cơ sở dữ liệu khởi động lại', 704);
      expect((await one.post(body)).status).toBe(200);
      await one.channel.stop();
      const { rows } = await db.query<{ done: boolean }>(`SELECT done_at IS NOT NULL AS done FROM channel_inbox WHERE channel = 'telegram' AND event_key = $1`, [String(body.update_id)]);
      expect(rows).toEqual([{ done: true }]);
      expect(sentTo(704)).toBe(1);
    } finally {
      await one.stop();
    }
  });

  it('holds a reply while the store cannot record it, and sends it once the store is back', async () => {
    const real = databaseInbox(db);
    let down = true;
    const outage: Inbox = {
      ...real,
      renew: (...args) => (down ? Promise.reject(new Error('the database system is starting up')) : real.renew(...args)),
    };
    // Acknowledged at once: the reply goes through the API, held until the store can record it.
    const one = await instance(outage, 0);
    try {
      const body = update('trả lời khi cơ sở dữ liệu vắng mặt', 705);
      expect((await one.post(body)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(one.engine.calls).toHaveLength(1);
      expect(sentTo(705)).toBe(0);
      down = false;
      await one.channel.stop();
      expect(sentTo(705)).toBe(1);
      const { rows } = await db.query<{ done: boolean }>(`SELECT done_at IS NOT NULL AS done FROM channel_inbox WHERE channel = 'telegram' AND event_key = $1`, [String(body.update_id)]);
      expect(rows).toEqual([{ done: true }]);
    } finally {
      await one.stop();
    }
  });

  it('does not acknowledge what it could not store, so Telegram delivers it again', async () => {
    const broken: Inbox = { ...databaseInbox(db), accept: () => Promise.reject(new Error('database is down')) };
    const down = await instance(broken);
    try {
      const body = update('lúc cơ sở dữ liệu hỏng', 703);
      const response = await down.post(body);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBeTruthy();
      await settle();
      expect(down.engine.calls).toEqual([]);
    } finally {
      await down.stop();
    }
    const up = await instance(databaseInbox(db));
    try {
      expect((await up.post(update('lúc cơ sở dữ liệu hỏng', 703))).status).toBe(200);
      await settle();
      expect(sentTo(703)).toBe(1);
    } finally {
      await up.stop();
    }
  });
});

describe('web chat message ids over the durable inbox', () => {
  it('answers a message id sent to two instances once, the other replying 409', async () => {
    const handle = await engines('inbox_web')[0]!.open();
    const servers: RunningHttpServer[] = [];
    try {
      const engine = new TestEngine();
      for (let index = 0; index < 2; index += 1) {
        const logger = new CapturingLogger();
        const metrics = new Metrics();
        const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 500 }, logger, metrics });
        const inbox = databaseInbox(handle.db);
        servers.push(
          await startHttpServer({
            webChat: TEST_WEB_CHAT, host: '127.0.0.1', port: 0, maxMessageChars: 500, gateway, db: handle.db, metrics, logger,
            web: { sessionSecret: 'shared-secret-of-both-instances', claimMessageId: (key) => inbox.remember('web', key, new Date()) },
          }),
        );
      }
      const send = (url: string, cookie?: string) =>
        fetch(`${url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ text: 'PL2.11', messageId: 'm-1' }),
        });
      const first = await send(servers[0]!.url);
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      const again = await send(servers[1]!.url, cookie);
      expect([first.status, again.status]).toEqual([200, 409]);
      expect(engine.calls).toHaveLength(1);
    } finally {
      for (const server of servers) await server.close();
      await handle.dispose();
    }
  });
});
