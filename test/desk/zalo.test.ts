/**
 * The 1022 desk on the Zalo channels, through the real server (`serve`, the real engine and desk over a real store)
 * with fakes only at the platform edge: the Zalo OA open API (test/channels/fake-zalo-oa.ts) and the Zalo Bot
 * Platform API (src/channels/fake-zalo-bot-api.ts) on loopback, and zca-js behind the personal channel's client
 * interface (serve builds that client from saved credentials, so the channel is started here on serve's gateway).
 * A citizen asks for a person and accepts; an operator signed in to /desk (a real session from a one-time code)
 * posts the reply form; the reply reaches the citizen by that platform's send call and user id. A reply the platform
 * refuses (Zalo OA -230 / -232 outside the interaction window, a Zalo Bot error) is stored, shown as "chưa gửi được"
 * and attempted once. Follow and non-text events keep their fixed replies and leave the desk conversation alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ZALO_BOT_TOKEN, FakeZaloBotApi } from '../../src/channels/fake-zalo-bot-api.ts';
import type { Channel } from '../../src/channels/types.ts';
import { ZaloPersonalChannel, type ZaloPersonalClient, type ZaloPersonalMessage } from '../../src/channels/zalo-personal.ts';
import { zaloOaSignature } from '../../src/channels/zalo-oa.ts';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { staffSignIn } from '../../src/console/sign-in.ts';
import { parseWorkingHours } from '../../src/desk/hours.ts';
import { deskRoutes } from '../../src/desk/pages.ts';
import { createDeskService, type DeskService } from '../../src/desk/service.ts';
import { listActive, readConversation } from '../../src/desk/store.ts';
import { CHANNEL_MESSAGES, DESK_MESSAGES } from '../../src/engine/messages.ts';
import type { ChannelName } from '../../src/engine/types.ts';
import { addOfficial } from '../../src/officials/repository.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment, engineOver, realSnapshot } from '../support/knowledge.ts';
import { FakeZaloOa } from '../channels/fake-zalo-oa.ts';
import { CapturingLogger, siteOf } from '../channels/support.ts';

const OA_APP_ID = '1234567890123456789';
const OA_SECRET = 'oa-secret-key-ABC';
const BOT_SECRET = 'zalo-bot-desk-secret-0123';
const DAY_MS = 86_400_000;
const P = DESK_MESSAGES.page;

/** Stands where zca-js stands (the personal channel's client interface): records what the channel sends. */
class FakeZaloClient implements ZaloPersonalClient {
  readonly ownId = '900';
  readonly sent: { threadId: string; isGroup: boolean; text: string }[] = [];
  failWith: Error | undefined;
  private handler: ((message: ZaloPersonalMessage) => void) | undefined;
  onMessage(handler: (message: ZaloPersonalMessage) => void): void {
    this.handler = handler;
  }
  async sendText(threadId: string, isGroup: boolean, text: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ threadId, isGroup, text });
  }
  async stop(): Promise<void> {}
  emit(senderId: string, text: string, msgId: string): void {
    this.handler?.({ threadId: senderId, isGroup: false, senderId, senderName: 'Minh', mentions: [], isSelf: false, text, msgId });
  }
}

describe('the 1022 desk on Zalo OA, Zalo Bot and zca-js', () => {
  let store: StoreHandle;
  let dataDir: string;
  let oa: FakeZaloOa;
  let bot: FakeZaloBotApi;
  let zca: FakeZaloClient;
  let personal: ZaloPersonalChannel;
  let service: RunningService;
  let desk: DeskService;
  let cookie = '';
  let counter = 0;
  const hotline = deployment().hotlineNumber;
  const fromOperator = (text: string) => DESK_MESSAGES.fromOperator(deployment(), text);

  const channel = <T extends Channel>(name: ChannelName) => service.channels.find((candidate) => candidate.name === name) as unknown as T & { whenIdle(): Promise<void> };

  /** Posts a signed OA event and waits until the channel answered it. */
  async function oaEvent(fields: Record<string, unknown>): Promise<void> {
    const raw = JSON.stringify({ app_id: OA_APP_ID, timestamp: String(Date.now()), ...fields });
    const timestamp = (JSON.parse(raw) as { timestamp: string }).timestamp;
    const response = await fetch(`${service.url}/zalo-oa/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': zaloOaSignature(OA_APP_ID, raw, timestamp, OA_SECRET) },
      body: raw,
    });
    expect(response.status).toBe(200);
    await channel('zalo-oa').whenIdle();
  }

  /** What the OA sent `userId` for one text of theirs (several parts joined; '' when nothing was sent). */
  async function oaSay(userId: string, text: string): Promise<string> {
    const before = oa.sentMessages().length;
    await oaEvent({ event_name: 'user_send_text', sender: { id: userId }, recipient: { id: '579745863508352884' }, message: { text, msg_id: `oa-${(counter += 1)}` } });
    return oaSentTo(userId, before);
  }

  function oaSentTo(userId: string, from: number): string {
    return oa
      .sentMessages()
      .slice(from)
      .filter((message) => message.userId === userId)
      .map((message) => message.text)
      .join('\n');
  }

  async function botUpdate(update: unknown): Promise<void> {
    const response = await fetch(`${service.url}/zalo-bot/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': BOT_SECRET },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
    await channel('zalo-bot').whenIdle();
  }

  function botSentTo(chatId: string, from: number): string {
    return bot
      .callsOf('sendMessage')
      .slice(from)
      .filter((call) => call.payload.chat_id === chatId)
      .map((call) => String(call.payload.text))
      .join('\n');
  }

  async function botSay(userId: string, text: string): Promise<string> {
    const before = bot.callsOf('sendMessage').length;
    await botUpdate(FakeZaloBotApi.textUpdate(text, { userId, messageId: `bot-${(counter += 1)}` }));
    return botSentTo(userId, before);
  }

  async function zcaSay(userId: string, text: string): Promise<string> {
    const before = zca.sent.length;
    zca.emit(userId, text, `zca-${(counter += 1)}`);
    await service.gateway.whenIdle();
    return zca.sent
      .slice(before)
      .filter((message) => message.threadId === userId)
      .map((message) => message.text)
      .join('\n');
  }

  /** Asks for a person and accepts; returns the desk conversation's id. */
  async function handOver(say: (userId: string, text: string) => Promise<string>, channelName: ChannelName, userId: string): Promise<number> {
    // Plain text: the offer already ends with its choices, so they are not listed again.
    expect(await say(userId, 'cho tôi gặp tổng đài viên')).toBe(DESK_MESSAGES.offer(deployment()));
    expect(await say(userId, 'Có')).toContain('Đã chuyển cuộc trò chuyện cho tổng đài viên');
    expect(await say(userId, 'Tôi cần hỏi về hồ sơ xin hỗ trợ')).toBe(DESK_MESSAGES.forwarded);
    expect(await say(userId, 'Chiều nay có ai trực không?')).toBe('');
    const state = await desk.stateOf(channelName, userId, new Date());
    expect(state?.status).toBe('queued');
    return state!.id;
  }

  /** The operator's reply posted on the conversation page's form with the session's CSRF token; the notice shown after. */
  async function replyFromDesk(id: number, text: string): Promise<{ notice: string | null; page: string }> {
    const page = await (await fetch(`${service.url}/desk/hoi-thoai/${id}`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/u.exec(page)?.[1];
    expect(csrf, 'the conversation page has a reply form').toBeDefined();
    const response = await fetch(`${service.url}/desk/hoi-thoai/${id}/tra-loi`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrf!, text }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    const after = await (await fetch(`${service.url}${location}`, { headers: { cookie } })).text();
    return { notice: new URL(location, service.url).searchParams.get('thongbao'), page: after };
  }

  const deliveries = async (id: number) => (await readConversation(store.db, id))!.messages.filter((message) => message.author === 'operator').map((message) => message.delivery);

  beforeAll(async () => {
    store = await engines('desk_zalo').at(-1)!.open();
    dataDir = await mkdtemp(path.join(tmpdir(), 'desk-zalo-'));
    oa = new FakeZaloOa();
    await oa.start();
    bot = new FakeZaloBotApi({ idleMs: 30 });
    await bot.start();
    zca = new FakeZaloClient();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DESK_HOURS: 'off',
      ZALO_OA_APP_ID: OA_APP_ID,
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_OA_APP_SECRET: oa.appSecret,
      ZALO_OA_ACCESS_TOKEN: 'access-1',
      ZALO_OA_REFRESH_TOKEN: 'refresh-1',
      ZALO_OA_API_ROOT: oa.root,
      ZALO_OAUTH_ROOT: oa.root,
      ZALO_BOT_TOKEN: FAKE_ZALO_BOT_TOKEN,
      ZALO_BOT_API_ROOT: bot.apiRoot,
      ZALO_BOT_WEBHOOK_URL: 'https://bot.example.vn/',
      ZALO_BOT_WEBHOOK_SECRET: BOT_SECRET,
    });
    const snapshot = await realSnapshot();
    const signIn = staffSignIn({ db: store.db, sessionHours: 8, secureCookies: false });
    // As src/main.ts binds it once the channels run; the personal channel is started here, beside serve's.
    desk = await createDeskService({
      db: store.db,
      hours: parseWorkingHours('off'),
      deployment: deployment(),
      retentionDays: 30,
      notify: () => (to, userId, text) => (to === 'zalo' ? personal.notify(userId, text) : service.notify(to, userId, text)),
    });
    const site = siteOf(deployment(), snapshot);
    const logger = new CapturingLogger();
    service = await serve({
      config,
      engine: engineOver(snapshot, { desk, savedAnswers: () => desk.savedAnswers() }),
      site,
      db: store.db,
      logger,
      routes: deskRoutes({ db: store.db, desk, signIn, site: site.webChat, secureCookies: false }),
    });
    expect(service.channels.map((started) => started.name)).toEqual(['zalo-oa', 'zalo-bot']);
    personal = new ZaloPersonalChannel({ connect: async () => zca, gateway: service.gateway, logger });
    await personal.start();

    // A real desk session: a one-time code (what /dangnhap sends on the operator's chat) redeemed on the sign-in form.
    const operator = await addOfficial(store.db, { channel: 'zalo-bot', userId: 'op-desk', agencyId: 'so-khcn', name: 'Lê Văn Trực', role: 'operator', now: new Date() });
    const { code } = await signIn.issueCode(operator.id, 'desk', new Date());
    const signedIn = await fetch(`${service.url}/desk/dang-nhap`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `ma=${code}`, redirect: 'manual' });
    expect(signedIn.status).toBe(303);
    cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  });

  afterAll(async () => {
    await personal?.stop();
    await service?.close();
    await oa?.close();
    await bot?.close();
    await store?.dispose();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('Zalo OA: a follower is welcomed, hands over, and gets the operator’s reply by message/cs; an image still gets "text only"', async () => {
    const user = '8000000000000101';
    let before = oa.sentMessages().length;
    await oaEvent({ event_name: 'follow', follower: { id: user }, source: 'oa_profile' });
    expect(oaSentTo(user, before)).toBe(CHANNEL_MESSAGES.followWelcome(hotline));

    const id = await handOver(oaSay, 'zalo-oa', user);
    before = oa.sentMessages().length;
    await oaEvent({ event_name: 'user_send_image', sender: { id: user }, recipient: { id: '579745863508352884' }, message: { msg_id: `oa-${(counter += 1)}`, attachments: [{ type: 'image', payload: { url: 'https://example.vn/a.jpg' } }] } });
    expect(oaSentTo(user, before)).toBe(CHANNEL_MESSAGES.textOnly(hotline));

    const queue = await (await fetch(`${service.url}/desk`, { headers: { cookie } })).text();
    expect(queue).toContain(P.citizen(id));
    expect(queue).toContain(P.channels['zalo-oa']);
    expect(queue).not.toContain(user);
    expect(queue).not.toContain('http-equiv="refresh"');
    expect(await (await fetch(`${service.url}/desk?tulammoi=1`, { headers: { cookie } })).text()).toContain('<meta http-equiv="refresh" content="15">');

    before = oa.sentMessages().length;
    const answer = 'Chiều nay có tổng đài viên trực đến 17:00.';
    const { notice, page } = await replyFromDesk(id, answer);
    expect(notice).toBe('sent');
    expect(page).toContain(P.sent);
    expect(oa.sentMessages().slice(before)).toEqual([{ userId: user, text: fromOperator(answer), accessToken: 'access-1' }]);
    expect(oa.calls.at(-1)?.path).toBe('/v3.0/oa/message/cs');
    expect(await deliveries(id)).toEqual(['sent']);
    // The image neither ended nor disturbed the conversation; the citizen's messages are all there for the operator.
    expect((await desk.stateOf('zalo-oa', user, new Date()))?.status).toBe('open');
    expect(await oaSay(user, 'kết thúc')).toBe(DESK_MESSAGES.ended);
  });

  it('Zalo OA: a reply refused outside the interaction window (-230, -232) shows "chưa gửi được" and is attempted once', async () => {
    const late = '8000000000000102';
    const never = '8000000000000103';
    const lateId = await handOver(oaSay, 'zalo-oa', late);
    const neverId = await handOver(oaSay, 'zalo-oa', never);
    // A week passes before an operator answers; the other citizen is one Zalo reports as never having interacted.
    oa.lastInteraction.set(late, Date.now() - 8 * DAY_MS);
    oa.neverInteracted.add(never);

    const before = oa.sendResults().length;
    const refused = await replyFromDesk(lateId, 'Xin lỗi vì trả lời muộn.');
    // The operator is told why, and that sending again cannot help until the citizen writes.
    expect(refused.notice).toBe('unreachable');
    expect(refused.page).toContain(P.sendUnreachable);
    expect(refused.page).toContain(`<span class="badge missing">${P.delivery.failed}</span>`);
    expect((await replyFromDesk(neverId, 'Chào bạn.')).notice).toBe('unreachable');
    expect(oa.sendResults().slice(before)).toEqual([-230, -232]);
    expect(await deliveries(lateId)).toEqual(['failed']);
    expect(await deliveries(neverId)).toEqual(['failed']);

    // Nothing retries it: the service settles, the inbox is resumed, and Zalo saw each reply once.
    await service.gateway.whenIdle();
    await channel('zalo-oa').whenIdle();
    expect(oa.sendResults().slice(before)).toEqual([-230, -232]);
    const outbox = await store.db.query<{ user_id: string; outcome: string }>(`SELECT user_id, outcome FROM channel_outbox WHERE channel = 'zalo-oa' ORDER BY id`);
    expect(outbox.rows).toEqual([
      { user_id: late, outcome: 'notification' },
      { user_id: never, outcome: 'notification' },
    ]);

    // Once the citizen writes again the window is open: the operator's next reply is delivered.
    oa.lastInteraction.delete(late);
    await oaSay(late, 'Tôi vẫn đang chờ ạ');
    expect((await replyFromDesk(lateId, 'Hồ sơ nộp tại Bộ phận một cửa.')).notice).toBe('sent');
    expect(await deliveries(lateId)).toEqual(['failed', 'sent']);
    expect(await desk.close(lateId, new Date())).toBe(true);
    expect(await desk.close(neverId, new Date())).toBe(true);
  });

  it('Zalo Bot: a citizen hands over and gets the reply by sendMessage to their chat; a refused send shows "chưa gửi được"; a sticker gets "text only"', async () => {
    const user = 'e4ea2cd5189df1c3a88c';
    const id = await handOver(botSay, 'zalo-bot', user);
    let before = bot.callsOf('sendMessage').length;
    await botUpdate({ ok: true, result: { event_name: 'message.sticker.received', message: { message_id: `bot-${(counter += 1)}`, from: { id: user, display_name: 'A' }, chat: { id: user, chat_type: 'PRIVATE' }, date: Date.now(), sticker: 'abc' } } });
    expect(botSentTo(user, before)).toBe(CHANNEL_MESSAGES.textOnly(hotline));

    before = bot.callsOf('sendMessage').length;
    const answer = 'Bạn mang theo căn cước khi đến nộp hồ sơ.';
    expect((await replyFromDesk(id, answer)).notice).toBe('sent');
    expect(bot.callsOf('sendMessage').slice(before).map((call) => call.payload)).toEqual([{ chat_id: user, text: fromOperator(answer) }]);

    bot.failNext('sendMessage', { error_code: 403, description: 'Forbidden: user blocked the bot' });
    before = bot.callsOf('sendMessage').length;
    const refused = await replyFromDesk(id, 'Bạn còn cần gì thêm không?');
    expect(refused.notice).toBe('failed');
    expect(refused.page).toContain(P.sendFailed);
    expect(refused.page).toContain(`<span class="badge missing">${P.delivery.failed}</span>`);
    expect(bot.callsOf('sendMessage').length - before).toBe(1);
    expect(await deliveries(id)).toEqual(['sent', 'failed']);

    before = bot.callsOf('sendMessage').length;
    expect(await desk.close(id, new Date())).toBe(true);
    expect(botSentTo(user, before)).toBe(DESK_MESSAGES.closedByOperator);
  });

  it('zca-js: a citizen hands over and gets the reply as a direct message to their user id', async () => {
    const user = '501';
    const id = await handOver(zcaSay, 'zalo', user);
    expect(await listActive(store.db)).toEqual(expect.arrayContaining([expect.objectContaining({ id, channel: 'zalo', status: 'queued' })]));
    const before = zca.sent.length;
    const answer = 'Bạn gọi số trực ban trong giờ hành chính nhé.';
    expect((await replyFromDesk(id, answer)).notice).toBe('sent');
    expect(zca.sent.slice(before)).toEqual([{ threadId: user, isGroup: false, text: fromOperator(answer) }]);
    zca.failWith = new Error('Không thể gửi tin nhắn');
    expect((await replyFromDesk(id, 'Còn gì nữa không?')).notice).toBe('failed');
    zca.failWith = undefined;
    expect(await deliveries(id)).toEqual(['sent', 'failed']);
  });
});
