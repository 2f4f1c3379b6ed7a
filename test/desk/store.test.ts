/**
 * The desk's store (migration 026, src/desk/store.ts) as one contract suite on every engine: PGlite, and PostgreSQL
 * when TEST_DATABASE_URL is set — where two connections stand for two instances sharing one server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptOffer,
  addOperatorReply,
  claimConversation,
  closeConversation,
  createOffer,
  declineOffer,
  deskStateOf,
  forwardCitizenMessage,
  listActive,
  listSavedAnswers,
  OFFER_TTL_MS,
  purgeDesk,
  readConversation,
  saveAnswer,
  savedAnswersVersion,
  webDeskUpdates,
} from '../../src/desk/store.ts';
import { addOfficial } from '../../src/officials/repository.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import type { Database } from '../../src/store/database.ts';
import { engines, freshPostgresDatabase, type StoreHandle } from '../support/databases.ts';
import { migrate } from '../../src/store/migrate.ts';

const T0 = new Date('2026-12-02T02:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ATTEMPTS = [{ question: 'giá vàng hôm nay', answer: 'Ngoài phạm vi…', at: T0 }];

for (const { label, open } of engines('desk_store')) {
  describe(`desk store (${label})`, () => {
    let store: StoreHandle;
    let db: Database;
    let operatorA: number;
    let operatorB: number;
    let user = 0;
    const nextUser = () => `u${(user += 1)}`;

    beforeAll(async () => {
      store = await open();
      db = store.db;
      operatorA = (await addOfficial(db, { channel: 'telegram', userId: 'op-a', agencyId: 'so-khcn', name: 'Trần Thị A', role: 'operator', now: T0 })).id;
      operatorB = (await addOfficial(db, { channel: 'telegram', userId: 'op-b', agencyId: 'so-khcn', name: 'Lê Văn B', role: 'coordinator', now: T0 })).id;
    });
    afterAll(async () => store?.dispose());

    it('keeps one offer per account, copies the attempts, and queues it once on "có"', async () => {
      const id = nextUser();
      expect(await createOffer(db, 'telegram', id, ATTEMPTS, T0)).toBe(true);
      expect(await createOffer(db, 'telegram', id, ATTEMPTS, T0)).toBe(false);
      const state = await deskStateOf(db, 'telegram', id, T0);
      expect(state?.status).toBe('offered');
      expect(await acceptOffer(db, state!.id, at(1))).toEqual({ ahead: expect.any(Number) });
      expect(await acceptOffer(db, state!.id, at(1))).toBeNull();
      expect((await deskStateOf(db, 'telegram', id, at(1)))?.status).toBe('queued');
      const read = await readConversation(db, state!.id);
      expect(read?.messages.map((message) => [message.author, message.earlier])).toEqual([
        ['citizen', true],
        ['assistant', true],
      ]);
    });

    it('drops a declined or lapsed offer', async () => {
      const id = nextUser();
      await createOffer(db, 'zalo-bot', id, [], T0);
      const state = await deskStateOf(db, 'zalo-bot', id, T0);
      await declineOffer(db, state!.id);
      expect(await deskStateOf(db, 'zalo-bot', id, T0)).toBeNull();
      await createOffer(db, 'zalo-bot', id, [], T0);
      expect(await deskStateOf(db, 'zalo-bot', id, new Date(T0.getTime() + OFFER_TTL_MS + 1000))).toBeNull();
    });

    it('counts who waits ahead, tells a citizen once, lets one operator claim, and closes', async () => {
      const first = nextUser();
      const second = nextUser();
      await createOffer(db, 'web', first, [], at(10));
      await createOffer(db, 'web', second, [], at(10));
      const a = (await deskStateOf(db, 'web', first, at(10)))!;
      const b = (await deskStateOf(db, 'web', second, at(10)))!;
      const queuedBefore = (await listActive(db)).filter((entry) => entry.status === 'queued').length;
      await acceptOffer(db, a.id, at(11));
      expect(await acceptOffer(db, b.id, at(12))).toEqual({ ahead: queuedBefore + 1 });

      expect(await forwardCitizenMessage(db, a.id, 'Tôi cần hỏi về hồ sơ', at(13))).toEqual({ first: true });
      expect(await forwardCitizenMessage(db, a.id, 'Thêm chi tiết', at(14))).toEqual({ first: false });

      expect(await claimConversation(db, a.id, operatorA, at(15))).toBe(true);
      expect(await claimConversation(db, a.id, operatorB, at(15))).toBe(false);
      expect(await addOperatorReply(db, a.id, operatorB, 'chen ngang', at(16))).toEqual({ status: 'taken' });
      const reply = await addOperatorReply(db, a.id, operatorA, 'Hồ sơ nộp tại bộ phận một cửa.', at(16));
      expect(reply).toMatchObject({ status: 'stored', channel: 'web', userId: first });

      const updates = await webDeskUpdates(db, first, 0);
      expect(updates.status).toBe('open');
      expect(updates.messages.map((message) => message.text)).toEqual(['Hồ sơ nộp tại bộ phận một cửa.']);
      expect((await webDeskUpdates(db, first, updates.messages[0]!.id)).messages).toEqual([]);
      expect((await webDeskUpdates(db, second, 0)).messages).toEqual([]);

      const queue = await listActive(db);
      expect(queue.find((entry) => entry.id === a.id)).toMatchObject({ status: 'open', operatorName: 'Trần Thị A', firstQuestion: 'Tôi cần hỏi về hồ sơ' });
      expect(await closeConversation(db, a.id, 'operator', at(20))).toBe(true);
      expect(await closeConversation(db, a.id, 'operator', at(20))).toBe(false);
      await expect(forwardCitizenMessage(db, a.id, 'sau khi đóng', at(21))).rejects.toThrow();
      expect(await addOperatorReply(db, a.id, operatorA, 'muộn', at(21))).toEqual({ status: 'gone' });
      expect(await deskStateOf(db, 'web', first, at(21))).toBeNull();
      // A new handoff of the same account after the close is a new conversation.
      expect(await createOffer(db, 'web', first, [], at(22))).toBe(true);
    });

    it('purges closed conversations after the retention period, with their messages', async () => {
      const id = nextUser();
      await createOffer(db, 'telegram', id, ATTEMPTS, T0);
      const state = (await deskStateOf(db, 'telegram', id, T0))!;
      await acceptOffer(db, state.id, T0);
      await closeConversation(db, state.id, 'citizen', T0);
      await purgeDesk(db, 30, new Date(T0.getTime() + 29 * 86_400_000));
      expect(await readConversation(db, state.id)).not.toBeNull();
      await purgeDesk(db, 30, new Date(T0.getTime() + 31 * 86_400_000));
      expect(await readConversation(db, state.id)).toBeNull();
      const { rows } = await db.query<{ n: number }>('SELECT count(*) AS n FROM desk_messages WHERE conversation_id = $1', [state.id]);
      expect(Number(rows[0]!.n)).toBe(0);
    });

    it('saves answers and moves the version other instances poll', async () => {
      const before = await savedAnswersVersion(db);
      const saved = await saveAnswer(db, { question: 'Hồ sơ nộp ở đâu?', answer: 'Tại bộ phận một cửa.', reviewedBy: operatorA, reviewerName: 'Trần Thị A', now: T0, sourceConversation: null });
      expect(await savedAnswersVersion(db)).not.toBe(before);
      expect((await listSavedAnswers(db)).at(-1)).toMatchObject({ id: saved.id, question: 'Hồ sơ nộp ở đâu?', reviewerName: 'Trần Thị A' });
    });

    it.skipIf(label !== 'PostgreSQL')('two instances on one server: an offer is queued once and a conversation claimed by one', async () => {
      const { url, drop } = await freshPostgresDatabase('desk_two');
      const first = await openPostgres(url);
      await migrate(first);
      const second = await openPostgres(url);
      const db = first;
      const operatorA = (await addOfficial(db, { channel: 'telegram', userId: 'op-a', agencyId: 'so-khcn', name: 'A', role: 'operator', now: T0 })).id;
      const operatorB = (await addOfficial(db, { channel: 'telegram', userId: 'op-b', agencyId: 'so-khcn', name: 'B', role: 'operator', now: T0 })).id;
      try {
        const id = nextUser();
        await createOffer(db, 'telegram', id, [], T0);
        const state = (await deskStateOf(second, 'telegram', id, T0))!;
        const accepted = await Promise.all([acceptOffer(db, state.id, at(1)), acceptOffer(second, state.id, at(1))]);
        expect(accepted.filter(Boolean)).toHaveLength(1);
        const claims = await Promise.all([claimConversation(db, state.id, operatorA, at(2)), claimConversation(second, state.id, operatorB, at(2))]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        const offers = await Promise.all([createOffer(db, 'telegram', 'both', [], T0), createOffer(second, 'telegram', 'both', [], T0)]);
        expect(offers.filter(Boolean)).toHaveLength(1);
      } finally {
        await second.close();
        await first.close();
        await drop();
      }
    });
  });
}
