/**
 * The handoff through the real engine over a real store: asked for or after two failures in a row, accepted or
 * declined, messages forwarded while the conversation is open (told once), ended by the citizen; outside working
 * hours the citizen is told when someone replies and the hotline; an official's pending draft keeps its "có";
 * saved answers answer a rephrased question with their citation and leave unrelated and document questions alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { parseWorkingHours } from '../../src/desk/hours.ts';
import { createDeskService, type DeskService } from '../../src/desk/service.ts';
import { readConversation } from '../../src/desk/store.ts';
import { DESK_MESSAGES } from '../../src/engine/messages.ts';
import type { Engine, IncomingMessage } from '../../src/engine/types.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { addOfficial } from '../../src/officials/repository.ts';
import { createOfficialsService } from '../../src/officials/service.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment, engineOver, knowledgeData, realSnapshot } from '../support/knowledge.ts';

/** Wednesday 2 December 2026, 09:00 and 20:00 in Việt Nam. */
const OPEN = new Date('2026-12-02T02:00:00Z');
const CLOSED = new Date('2026-12-02T13:00:00Z');

describe('handoff to the 1022 desk through the engine', () => {
  let store: StoreHandle;
  let snapshot: KnowledgeSnapshot;
  let desk: DeskService;
  let engine: Engine;
  let now = OPEN;
  let counter = 0;
  const say = (userId: string, text: string, channel: IncomingMessage['channel'] = 'telegram') =>
    engine.handle({ channel, userId, conversationId: userId, messageId: `m${(counter += 1)}`, text, receivedAt: now });

  beforeAll(async () => {
    store = await engines('desk_handoff').at(-1)!.open();
    snapshot = await realSnapshot();
    const config = loadConfig({});
    desk = await createDeskService({ db: store.db, hours: parseWorkingHours('T2-T6 07:30-11:30,13:30-17:00'), deployment: deployment(), retentionDays: 30, notify: () => null });
    const officials = createOfficialsService({
      db: store.db,
      knowledge: () => snapshot,
      deployment: deployment(),
      config: { ...config.officials, coordinatorAgencies: knowledgeData().profile.coordinatorAgencies },
      clock: { now: () => now },
    });
    engine = engineOver(snapshot, { officials, desk, savedAnswers: () => desk.savedAnswers(), clock: () => now });
  });
  afterAll(async () => store?.dispose());

  it('offers a handoff when asked for a person, queues it on "có", forwards later messages once told, ends on "kết thúc"', async () => {
    now = OPEN;
    const offer = await say('c1', 'cho mình nói chuyện với người thật được không');
    expect([offer.outcome, offer.reason]).toEqual(['handoff', 'requested']);
    expect(offer.text).toBe(DESK_MESSAGES.offer(deployment()));
    expect(offer.buttons?.map((button) => button.text)).toEqual(['Có', 'Không']);
    const queued = await say('c1', 'Dạ có');
    expect([queued.outcome, queued.reason]).toEqual(['handoff', 'queued']);
    expect(queued.text).not.toContain(deployment().hotline);
    const first = await say('c1', 'Tôi muốn hỏi về hồ sơ xin hỗ trợ');
    expect([first.reason, first.text]).toEqual(['forwarded', DESK_MESSAGES.forwarded]);
    const second = await say('c1', 'Ai chủ trì xây dựng kho dữ liệu dùng chung?');
    expect([second.reason, second.text]).toEqual(['forwarded', '']);
    const state = await desk.stateOf('telegram', 'c1', now);
    const read = await readConversation(store.db, state!.id);
    expect(read!.messages.filter((message) => !message.earlier).map((message) => message.text)).toEqual(['Tôi muốn hỏi về hồ sơ xin hỗ trợ', 'Ai chủ trì xây dựng kho dữ liệu dùng chung?']);
    const ended = await say('c1', 'xong rồi, cảm ơn');
    expect(ended.reason).toBe('ended');
    expect((await say('c1', 'Ai chủ trì xây dựng kho dữ liệu dùng chung?')).outcome).toBe('answered');
  });

  it('offers it after two failed answers in a row, with the attempts copied for the operator; "không" declines', async () => {
    now = OPEN;
    expect((await say('c2', 'Giá vàng hôm nay bao nhiêu?')).outcome).toBe('out_of_scope');
    const second = await say('c2', 'thủ tục cấp lại căn cước công dân');
    expect([second.outcome, second.reason]).toEqual(['handoff', 'after_failures']);
    expect(second.text).toContain('ngoài phạm vi');
    expect(second.text).toContain(DESK_MESSAGES.offerAfterFailures(deployment()));
    expect((await say('c2', 'không cần')).reason).toBe('declined');
    expect(await desk.stateOf('telegram', 'c2', now)).toBeNull();
    // An answer in between breaks the row.
    await say('c3', 'Giá vàng hôm nay bao nhiêu?');
    await say('c3', 'Ai chủ trì xây dựng kho dữ liệu dùng chung?');
    expect((await say('c3', 'thời tiết ngày mai thế nào')).outcome).toBe('out_of_scope');
  });

  it('outside working hours tells when someone replies and the hotline', async () => {
    now = CLOSED;
    await say('c4', 'gặp tổng đài viên');
    const queued = await say('c4', 'có');
    expect(queued.reason).toBe('queued');
    expect(queued.text).toContain(deployment().hotline);
    expect(queued.text).toContain('07:30 thứ Năm, 03/12/2026');
    const state = await desk.stateOf('telegram', 'c4', now);
    const read = await readConversation(store.db, state!.id);
    expect(read!.messages.some((message) => message.earlier)).toBe(false);
  });

  it("leaves an official's pending draft its \"có\"", async () => {
    now = OPEN;
    await addOfficial(store.db, { channel: 'telegram', userId: 'o1', agencyId: 'so-yt', name: 'Nguyễn Văn Y', role: 'official', now });
    expect((await say('o1', '/capnhat PL1.29 đã trình dự thảo đề án, đạt 50%')).outcome).toBe('confirm');
    expect((await say('o1', 'cho tôi gặp tổng đài viên')).reason).toBe('requested');
    const confirmed = await say('o1', 'có');
    expect(confirmed.outcome).toBe('answered');
    expect(confirmed.reason).toBe('officials');
    const { rows } = await store.db.query<{ n: number }>("SELECT count(*) AS n FROM status_updates WHERE task_id LIKE '%PL1.29' AND percent = 50");
    expect(Number(rows[0]!.n)).toBe(1);
    expect((await desk.stateOf('telegram', 'o1', now))?.status).toBe('offered');
  });

  it('answers a rephrased question from a saved answer with its citation; not an unrelated one, not a document question', async () => {
    now = OPEN;
    const question = 'Tôi muốn xin cấp phép tổ chức hội thảo khoa học thì làm thủ tục ở đâu?';
    expect((await say('c5', question)).outcome).toBe('out_of_scope');
    const operator = await addOfficial(store.db, { channel: 'telegram', userId: 'op1', agencyId: 'so-khcn', name: 'Trần Thị Tổng Đài', role: 'operator', now });
    await desk.saveAnswer({ question, answer: 'Hồ sơ nộp tại Bộ phận một cửa của Sở Khoa học và Công nghệ.', operatorId: operator.id, operatorName: operator.name, conversationId: null }, now);
    const rephrased = await say('c6', 'thủ tục xin phép tổ chức hội thảo khoa học làm ở đâu vậy');
    expect([rephrased.outcome, rephrased.reason]).toEqual(['answered', 'saved_answer']);
    expect(rephrased.text).toContain('Bộ phận một cửa');
    expect(rephrased.text).toContain(`Câu trả lời của Tổng đài ${deployment().hotlineNumber} (đã duyệt ngày 02/12/2026)`);
    expect(rephrased.citations).toEqual([expect.objectContaining({ kind: 'faq' })]);
    expect((await say('c7', 'Giá vàng hôm nay bao nhiêu?')).reason).not.toBe('saved_answer');
    expect((await say('c7', 'tổ chức hội thảo khoa học về chuyển đổi số do ai chủ trì')).reason).not.toBe('saved_answer');
    const direct = await say('c8', 'Ai chủ trì xây dựng kho dữ liệu dùng chung?');
    expect(direct.reason).toBe('task');
  });
});
