/**
 * The web chat cannot be pushed to: an operator's reply to a web citizen is stored and shown by the page's poll,
 * `GET /api/chat/desk?after=N`, which answers only the session its signed cookie names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/channels/http.ts';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { parseWorkingHours } from '../../src/desk/hours.ts';
import { createDeskService, type DeskService } from '../../src/desk/service.ts';
import { listActive, webDeskUpdates } from '../../src/desk/store.ts';
import { addOfficial } from '../../src/officials/repository.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment, engineOver, realSnapshot } from '../support/knowledge.ts';
import { CapturingLogger, siteOf } from '../channels/support.ts';

describe('operator replies on the web chat', () => {
  let store: StoreHandle;
  let desk: DeskService;
  let service: RunningService;

  beforeAll(async () => {
    store = await engines('desk_web').at(-1)!.open();
    const snapshot = await realSnapshot();
    desk = await createDeskService({ db: store.db, hours: parseWorkingHours('off'), deployment: deployment(), retentionDays: 30, notify: () => (channel, userId, text) => service.notify(channel, userId, text) });
    service = await serve({
      config: loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/tmp/desk-web-unused' }),
      engine: engineOver(snapshot, { desk, savedAnswers: () => desk.savedAnswers() }),
      site: siteOf(deployment(), snapshot),
      db: store.db,
      logger: new CapturingLogger(),
      deskUpdates: (session, after) => webDeskUpdates(store.db, session, after),
    });
  });
  afterAll(async () => {
    await service?.close();
    await store?.dispose();
  });

  it('stores the reply for the poll of that session only', async () => {
    let cookie = '';
    const chat = async (text: string) => {
      const response = await fetch(`${service.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ text, conversationId: 'web-1' }) });
      cookie ||= (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      return (await response.json()) as { answer: string; outcome: string; reason: string };
    };
    expect((await chat('mình muốn gặp người hỗ trợ')).reason).toBe('requested');
    expect((await chat('có')).reason).toBe('queued');
    expect(await chat('Cho tôi hỏi lịch tiếp công dân')).toMatchObject({ reason: 'forwarded' });
    expect(await chat('Chiều nay có được không?')).toMatchObject({ reason: 'forwarded', answer: '' });
    const operator = await addOfficial(store.db, { channel: 'telegram', userId: 'op-web', agencyId: 'so-khcn', name: 'Op', role: 'operator', now: new Date() });
    const conversation = (await listActive(store.db)).find((entry) => entry.channel === 'web')!;
    expect(await desk.reply(conversation.id, operator.id, 'Chiều nay từ 14:00 ạ.', new Date())).toBe('stored');

    const poll = async (withCookie: string, after = 0) => (await (await fetch(`${service.url}/api/chat/desk?after=${after}`, { headers: withCookie ? { cookie: withCookie } : {} })).json()) as { messages: Array<{ id: number; text: string }>; status: string | null };
    const seen = await poll(cookie);
    expect(seen).toMatchObject({ status: 'open', messages: [{ text: 'Chiều nay từ 14:00 ạ.' }] });
    expect((await poll(cookie, seen.messages[0]!.id)).messages).toEqual([]);
    expect(await poll('')).toEqual({ messages: [], status: null });
    expect(await poll(`${SESSION_COOKIE}=forged.value`)).toEqual({ messages: [], status: null });
    expect((await chat('kết thúc')).reason).toBe('ended');
    expect((await poll(cookie)).status).toBe('closed');
  });
});
