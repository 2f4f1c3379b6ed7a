/**
 * The follow-up step (src/engine/steps/follow-up.ts): a short question that leans on the previous one of the same
 * conversation is read in its light. Unit-tested on `resolveFollowUp` over the real vocabulary, then through the
 * engine with several documents loaded, where the conversation keeps the document of its last answer.
 *
 * Not a test file of its own: ../multi-document.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, type Classification } from '../../../src/engine/classify.ts';
import type { ConversationState } from '../../../src/engine/conversation.ts';
import { knowledgeView } from '../../../src/engine/knowledge-view.ts';
import { ordinalPlace, resolveFollowUp } from '../../../src/engine/steps/follow-up.ts';
import type { Engine, Reply } from '../../../src/engine/types.ts';
import type { Vocabulary } from '../../../src/engine/vocabulary.ts';
import type { KnowledgeSnapshot } from '../../../src/knowledge/snapshot.ts';
import { engineOver, multiSnapshot } from '../../support/knowledge.ts';
import { dueDate } from '../../../src/status/rules.ts';
import { ask, ids } from '../support.ts';

describe('src/engine/steps/follow-up.ts', () => {
  const TODAY = '2026-11-28';
  let vocabulary: Vocabulary;
  let engine: Engine;
  let knowledge: KnowledgeSnapshot;
  const read = (text: string): Classification => classify(text, vocabulary, TODAY);
  const state = (question: string, focus: string[], documents: string[]): ConversationState => ({ focus, documents, classification: read(question) });

  beforeAll(async () => {
    const snapshot = await multiSnapshot();
    knowledge = snapshot;
    vocabulary = knowledgeView(() => snapshot)().vocabulary;
    engine = engineOver(snapshot);
  });

  const documentsOf = (reply: Reply) => [...new Set(ids(reply).map((id) => id.split(':')[0]))];

  describe('resolveFollowUp', () => {
    const afterTask = () => state('Ai chủ trì xây dựng kho dữ liệu dùng chung?', ['719:PL2.4'], ['719']);

    it('reads a bare field as a follow-up about the task in focus', () => {
      for (const question of ['nguồn vốn?', 'còn lộ trình thì sao?', 'hạn khi nào?', 'hạn với kết quả thì sao?', 'thế ai phối hợp, có không']) {
        expect(resolveFollowUp(read(question), afterTask()).intent, question).toBe('follow_up');
      }
    });

    it('reads a field asked of the task pointed at by what it makes ("đề án đó", "dự án này") as a follow-up', () => {
      for (const question of ['vậy đề án đó khi nào phải xong?', 'dự án này ai phối hợp?']) {
        expect(resolveFollowUp(read(question), afterTask()).intent, question).toBe('follow_up');
      }
    });

    it('reads an agency named beside "việc này" as part of the task in focus, not a new question', () => {
      const resolved = resolveFollowUp(read('sở tài chính phối hợp với ai trong việc này'), afterTask());
      expect(resolved.intent).toBe('follow_up');
      expect(resolveFollowUp(read('sở tài chính phối hợp những việc gì'), afterTask()).intent).not.toBe('follow_up');
    });

    it('leaves a question with its own topic alone', () => {
      const current = read('Ai chủ trì xây dựng kênh Zalo chính quyền điện tử?');
      expect(resolveFollowUp(current, afterTask())).toEqual(current);
    });

    it('asks the previous list question again for another agency', () => {
      const previous = state('Sở KH&CN còn gì quá hạn?', ['719:PL1.10'], ['719']);
      const resolved = resolveFollowUp(read('Còn Sở Y tế thì sao?'), previous);
      expect(resolved).toMatchObject({ intent: 'overdue', agencies: ['so-yt'] });
    });

    it('asks the previous window question again for another window', () => {
      const previous = state('Những nhiệm vụ nào đến hạn trong quý I/2026?', ['719:PL1.10'], ['719']);
      const resolved = resolveFollowUp(read('còn quý II/2026?'), previous);
      expect(resolved.intent).toBe('deadline_window');
      expect(resolved.window).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    });

    it.each([
      ['cái thứ hai thì sao', 2],
      ['việc thứ 3 hạn khi nào', 3],
      ['nhiệm vụ đầu tiên ai phối hợp', 1],
      ['còn cái cuối cùng', -1],
      ['thứ hai tuần sau họp', null],
      ['thu hút nhân lực thứ ba', null],
    ])('reads the place "%s" points at in a list', (question, place) => {
      expect(ordinalPlace(read(question).folded)).toBe(place);
    });

    it('keeps a question that points back in the documents of the last answer', () => {
      const previous = state('Theo kế hoạch 617, ai chủ trì xây dựng bộ tiêu chí đánh giá chuyển đổi số doanh nghiệp?', ['617:PL.4'], ['617']);
      expect(resolveFollowUp(read('Ai giám sát, đánh giá kết quả việc này?'), previous).documents).toEqual(['617']);
    });

    it('does not carry the documents over to a question that names its own', () => {
      const previous = state('Theo kế hoạch 617, ai chủ trì xây dựng bộ tiêu chí đánh giá chuyển đổi số doanh nghiệp?', ['617:PL.4'], ['617']);
      expect(resolveFollowUp(read('Thông báo 624 do ai ký?'), previous).documents).toEqual(['624']);
      expect(resolveFollowUp(read('Hà Nội giao ai làm việc này?'), previous).documents).not.toContain('617');
    });
  });

  describe('a conversation with several documents loaded', () => {
    const FIRST = 'Theo kế hoạch 617, cơ quan nào chủ trì xây dựng bộ tiêu chí đánh giá mức độ chuyển đổi số của doanh nghiệp?';

    it('answers a question that points back from the document of the last answer', async () => {
      const conversationId = 'follow-617-a';
      expect(ids(await ask(engine, FIRST, { conversationId }))).toEqual(['617:PL.4']);
      const question = 'Ai giám sát, đánh giá kết quả việc này?';
      const reply = await ask(engine, question, { conversationId });
      expect(reply.outcome).toBe('answered');
      expect(documentsOf(reply)).toEqual(['617']);
      expect(reply.text).toContain('KH 617/KH-UBND');
    });

    it('reads a question of only asking words after a quoted part as the same topic, asked that way', async () => {
      const conversationId = 'follow-617-part';
      const first = await ask(engine, 'Theo kế hoạch 617, các sở báo cáo kết quả thực hiện gửi về đâu?', { conversationId });
      expect(first.reason).toBe('programme_text');
      const reply = await ask(engine, 'mấy lần một năm, trước ngày nào?', { conversationId });
      expect(reply.outcome).toBe('answered');
      expect(documentsOf(reply)).toEqual(['617']);
      expect(reply.text).toMatch(/\d{1,2}\/\d{1,2}/u);
    });

    it('finds the task the question points back to in that document', async () => {
      const conversationId = 'follow-617-b';
      await ask(engine, FIRST, { conversationId });
      const question = 'Việc hỗ trợ doanh nghiệp nhỏ và vừa đó do ai làm?';
      const reply = await ask(engine, question, { conversationId });
      // Two rows of that document support small and medium enterprises: it answers from them, or asks which.
      expect(documentsOf(reply)).toEqual(['617']);
      expect(ids(reply)).toContain('617:PL.5');
      expect(reply.text).toContain('617:PL.5');
      expect(documentsOf(await ask(engine, question))[0]).toBe('719');
    });

    it('answers about the item of a list a follow-up points at by its place', async () => {
      const conversationId = 'ordinal';
      const list = await ask(engine, 'Sở Y tế chủ trì những nhiệm vụ nào trong Phụ lục I?', { conversationId });
      const second = ids(list)[1]!;
      const reply = await ask(engine, 'cái thứ hai hạn khi nào', { conversationId });
      expect(reply.outcome).toBe('answered');
      expect(ids(reply)).toEqual([second]);
    });

    it('answers a bare field of the task in focus, through a social turn', async () => {
      const conversationId = 'follow-617-c';
      await ask(engine, FIRST, { conversationId });
      const thanks = await ask(engine, 'cảm ơn nhé', { conversationId });
      expect(thanks.reason).toBe('social');
      const reply = await ask(engine, 'còn hạn thì sao?', { conversationId });
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'follow_up' });
      expect(ids(reply)).toEqual(['617:PL.4']);
      expect(reply.text).toContain('Quí IV-2025');
    });

    it('asks a window question again for the window a follow-up names', async () => {
      const conversationId = 'follow-window';
      const first = await ask(engine, 'Những nhiệm vụ nào đến hạn trong quý I/2026?', { conversationId });
      expect(first.reason).toBe('window');
      const reply = await ask(engine, 'còn quý II/2026?', { conversationId });
      const standalone = await ask(engine, 'Những nhiệm vụ nào đến hạn trong quý II/2026?');
      expect(standalone.reason).toBe('window');
      expect(reply.reason).toBe('window');
      expect(ids(reply)).toEqual(ids(standalone));
    });

    it('moves to the document a later question names', async () => {
      const conversationId = 'follow-617-d';
      await ask(engine, FIRST, { conversationId });
      expect(ids(await ask(engine, 'Thông báo 624 do ai ký?', { conversationId }))).toEqual(['624:document']);
      const reply = await ask(engine, 'văn bản này có hiệu lực từ khi nào?', { conversationId });
      expect(documentsOf(reply)).toEqual(['624']);
    });

    it('answers "who follows this up" from the document of the last answer', async () => {
      // 617 says who "tổ chức theo dõi, giám sát, đánh giá" (IV.1.a): the pointer words are not the question's topic.
      const conversationId = 'follow-617-e';
      await ask(engine, FIRST, { conversationId });
      const reply = await ask(engine, 'Việc này do ai theo dõi?', { conversationId });
      expect(reply.outcome).toBe('answered');
      expect(documentsOf(reply)).toEqual(['617']);
    });
  });

  describe('pointing back', () => {
    it('answers a field of every item of a list when the follow-up points at all of them', async () => {
      const conversationId = 'every-item-of-a-list';
      await ask(engine, 'Sở Công Thương chủ trì những việc gì?', { conversationId });
      const reply = await ask(engine, 'nguồn vốn cho mấy việc đó là gì', { conversationId });
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'follow_up' });
      expect(reply.text.match(/Nguồn vốn: /gu)?.length ?? 0).toBeGreaterThan(1);
      expect(read('mấy việc đó ai chủ trì').intent).not.toBe('task_count');
    });

    it('reads "cái đó hết hạn chưa" as one task\'s deadline, and asks which task with nothing before', async () => {
      expect((await ask(engine, 'việc này đã hết hạn chưa')).outcome).toBe('clarification');
      const conversationId = 'one-task-pointed-at';
      await ask(engine, 'ai tham mưu đề án thành lập quỹ cho khoa học công nghệ', { conversationId });
      const reply = await ask(engine, 'cái đó hết hạn chưa', { conversationId });
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'follow_up' });
      expect(reply.citations).toHaveLength(1);
    });

    it('reads a bare "quá hạn chưa" after one task as that task\'s deadline, and after nothing as the late list', async () => {
      expect(read('quá hạn chưa vậy').intent).toBe('overdue');
      const conversationId = 'bare-overdue-after-one-task';
      const first = await ask(engine, 'PL1.11 do cơ quan nào chủ trì', { conversationId });
      expect(first.citations.filter((citation) => citation.kind === 'task')).toHaveLength(1);
      const reply = await ask(engine, 'quá hạn chưa vậy', { conversationId });
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'follow_up' });
      expect(ids(reply)).toEqual(ids(first));
    });

    it('reads "trong số đó cái nào quá hạn" after an agency\'s list as that agency\'s late tasks', async () => {
      const previous = state('Sở Y tế chủ trì những việc gì', ['719:PL1.13', '719:PL1.29'], ['719']);
      expect(resolveFollowUp(read('trong số đó cái nào quá hạn rồi'), previous)).toMatchObject({ intent: 'overdue', agencies: ['so-yt'] });
      expect(resolveFollowUp(read('có việc nào quá hạn không'), previous).agencies).toEqual([]);
    });

    it('answers who follows a task up and how far it has got from the row, after the task', async () => {
      const conversationId = 'follow-up-and-progress';
      await ask(engine, 'TB 624 giao Bộ Công an những việc gì', { conversationId });
      const withProgress = knowledge.tasks.find((task) => task.documentId === '624' && task.progress !== null)!;
      await ask(engine, `${knowledge.cite(withProgress)} do ai chủ trì`, { conversationId });
      const progress = await ask(engine, 'việc này làm đến đâu rồi', { conversationId });
      expect(progress.text).toContain(withProgress.progress!.slice(0, 20));
      const followed = knowledge.tasks.find((task) => task.documentId === 'kh-lam-dong-2026' && task.followUp !== null)!;
      const other = 'follow-up-agency';
      await ask(engine, `${knowledge.cite(followed)} hạn khi nào`, { conversationId: other });
      const reply = await ask(engine, 'cơ quan nào đôn đốc việc đó', { conversationId: other });
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'follow_up' });
      expect(reply.text).toContain(knowledge.agencies.displayName([...knowledge.agencies.namedIds(followed.followUp)][0]!));
    });

    it('asks the previous question again for the year a follow-up names', async () => {
      const conversationId = 'another-year';
      const first = await ask(engine, 'kế hoạch 617 muốn đến năm 2035 có bao nhiêu % hộ kinh doanh dùng công nghệ số', { conversationId });
      expect(first.text).toContain('2035');
      const again = await ask(engine, 'vậy còn năm 2040 thì sao', { conversationId });
      expect(again.outcome).toBe('answered');
      expect(again.text).toContain('2040');
      expect(documentsOf(again)).toEqual(['617']);
    });

    it('answers "có cả X phối hợp không" about the task in focus when its row names X', async () => {
      const conversationId = 'partner-named';
      const task = knowledge.tasks.find((one) => one.documentId === '719' && knowledge.agencies.namedIds(one.partners).has('so-tc') && !knowledge.agencies.namedIds(one.lead).has('so-tc'))!;
      await ask(engine, `${knowledge.cite(task)} do ai chủ trì`, { conversationId });
      const reply = await ask(engine, 'có cả sở tài chính phối hợp không, còn ai nữa', { conversationId });
      expect(reply.reason).toBe('follow_up');
      expect(ids(reply)).toEqual([knowledge.cite(task)]);
    });

    it('answers the listed task due first, or last, when a follow-up asks for it', async () => {
      const conversationId = 'due-first';
      const list = await ask(engine, 'Sở Y tế chủ trì những nhiệm vụ nào', { conversationId });
      const dues = ids(list)
        .map((id) => ({ id, due: dueDate(knowledge.tasks.find((task) => knowledge.cite(task) === id)!.deadline) }))
        .filter((entry): entry is { id: string; due: string } => entry.due !== null);
      const earliest = [...dues].sort((a, b) => a.due.localeCompare(b.due))[0]!;
      const first = await ask(engine, 'trong số đó việc nào hạn sớm nhất', { conversationId });
      expect(ids(first)).toEqual([earliest.id]);
      const other = 'due-last';
      await ask(engine, 'Sở Y tế chủ trì những nhiệm vụ nào', { conversationId: other });
      const last = await ask(engine, 'việc nào phải hoàn thành muộn nhất', { conversationId: other });
      const latest = [...dues].sort((a, b) => b.due.localeCompare(a.due))[0]!;
      expect(dues.find((entry) => entry.id === ids(last)[0])?.due).toBe(latest.due);
    });

    it('asks which task when a pointer leans on nothing, even with the asker\'s own words around it', async () => {
      expect((await ask(engine, 'thế cái đề án đó ở phường mình thì sao', { conversationId: 'leans-on-nothing' })).outcome).toBe('clarification');
    });

    it('keeps the agency of a list for a window question that opens with "còn"', () => {
      const previous = state('Sở Y tế chủ trì những việc gì', ['719:PL1.13', '719:PL1.29'], ['719']);
      expect(resolveFollowUp(read('còn việc nào hết hạn trong năm 2027 không'), previous)).toMatchObject({ intent: 'deadline_window', agencies: ['so-yt'] });
      expect(resolveFollowUp(read('những việc nào hết hạn trong năm 2027'), previous).agencies).toEqual([]);
    });

    it('answers the one listed task a follow-up names by its own words, and asks which when several fit', async () => {
      const conversationId = 'named-among-the-list';
      await ask(engine, 'Sở Xây dựng chủ trì những việc gì', { conversationId });
      const reply = await ask(engine, 'thế còn Logivan?', { conversationId });
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'follow_up' });
      expect(reply.citations).toHaveLength(1);
      expect(reply.text).toContain('Logivan');
      const again = 'several-fit';
      await ask(engine, 'Sở Xây dựng chủ trì những việc gì', { conversationId: again });
      // Two of its rows name GIS.
      expect((await ask(engine, 'còn GIS thì sao', { conversationId: again })).outcome).toBe('clarification');
    });

    it('reads "nó quá hạn chưa" after one task as that task\'s deadline', () => {
      const previous = state('PL1.11 do ai chủ trì', ['719:PL1.11'], ['719']);
      expect(resolveFollowUp(read('vậy tính đến nay nó quá hạn chưa'), previous).intent).toBe('follow_up');
    });

    it('answers once a field every task in focus prints alike, after a question back about which', async () => {
      const conversationId = 'shared-field-after-choices';
      const choices = await ask(engine, 'tỉnh có làm gì để quảng bá du lịch trên mạng không', { conversationId });
      if (choices.reason !== 'which_item') return; // the engine found one task: nothing shared to say
      const reply = await ask(engine, 'ai lo mảng này', { conversationId });
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'follow_up' });
      expect(reply.text).toContain('Văn hóa, Thể thao và Du lịch');
    });

    it('asks again which task, after a question back, when the tasks in focus differ in the field asked', async () => {
      const previous: ConversationState = { ...state('quảng bá du lịch', ['719:PL2.4', '719:PL1.11'], ['719']), choices: true };
      expect(resolveFollowUp(read('ai chủ trì?'), previous).intent).toBe('follow_up');
      const conversationId = 'different-fields-after-list';
      await ask(engine, 'Sở Công Thương chủ trì những việc gì?', { conversationId });
      const reply = await ask(engine, 'hạn khi nào', { conversationId });
      expect(reply.outcome).toBe('clarification');
    });
  
    it('reads an agency pointed at ("sở đó", "cơ quan này") as the one the last answer was about', async () => {
      const afterTask = 'pointed-agency-after-task';
      expect(ids(await ask(engine, 'Đề án lập Quỹ chi cho nhiệm vụ khoa học và công nghệ do ai chủ trì?', { conversationId: afterTask }))[0]).toBe('719:PL1.11');
      const ofLead = await ask(engine, 'Sở đó còn phải làm gì ở phụ lục II?', { conversationId: afterTask });
      expect(ofLead.reason).toBe('agency_tasks');
      expect(ofLead.text).toContain('Sở Khoa học và Công nghệ');
      expect(ids(ofLead).every((id) => id.startsWith('719:PL2.'))).toBe(true);
      const afterList = 'pointed-agency-after-list';
      await ask(engine, 'Sở Công Thương chủ trì những việc gì trong phụ lục I?', { conversationId: afterList });
      const ofNamed = await ask(engine, 'cơ quan này có việc nào trong phụ lục II không', { conversationId: afterList });
      expect(ofNamed.reason).toBe('agency_tasks');
      expect(ofNamed.text).toContain('Sở Công Thương');
    });
  });
});
