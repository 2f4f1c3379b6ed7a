/** Recognising a request for a person, answers to the offer and "I'm done" (src/engine/handoff.ts). */
import { describe, expect, it } from 'vitest';
import { answerToOffer, asksForPerson, endsDeskConversation, HandoffMemory, isFailure } from '../../src/engine/handoff.ts';
import { makeReply } from '../../src/engine/outcomes.ts';

describe('asksForPerson', () => {
  it.each([
    'gặp tổng đài viên',
    'Cho tôi nói chuyện với người',
    'cho toi noi chuyen voi nguoi that',
    'Em muốn được gặp trực tiếp nhân viên hỗ trợ ạ',
    'ket noi voi tu van vien giup minh',
    'tổng đài viên?',
    'Người thật ơi',
    'mình cần người hỗ trợ, máy trả lời không đúng',
    'chuyển cho cán bộ trực giúp em với',
    'tôi có thể trao đổi với một người không',
    'làm ơn chuyển sang tổng đài',
  ])('asks: %s', (text) => expect(asksForPerson(text)).toBe(true));

  it.each([
    'Sở Y tế chủ trì những nhiệm vụ nào?',
    'Tổng đài 1022 là số nào?',
    'cần bao nhiêu người tham gia nhiệm vụ PL2.4',
    'không cần gặp người đâu, cảm ơn',
    'nhiệm vụ đào tạo nhân lực số do ai chủ trì',
    'người dân được hưởng lợi gì từ chương trình',
    'tổng đài viên làm việc mấy giờ',
  ])('does not ask: %s', (text) => expect(asksForPerson(text)).toBe(false));
});

describe('answers to the offer and the end of a desk conversation', () => {
  it.each([
    ['có', 'yes'],
    ['Dạ có ạ', 'yes'],
    ['ok bạn', 'yes'],
    ['vâng, chuyển giúp tôi', 'yes'],
    ['đồng ý', 'yes'],
    ['không', 'no'],
    ['thôi khỏi', 'no'],
    ['ko can dau', null],
    ['Sở Y tế phải làm gì?', null],
  ])('%s → %s', (text, expected) => expect(answerToOffer(text)).toBe(expected));

  it('recognises a citizen ending it, and keeps other messages', () => {
    for (const text of ['kết thúc', '/ketthuc', 'Cảm ơn, tôi hết câu hỏi rồi', 'xong rồi ạ', 'tam biet']) expect(endsDeskConversation(text), text).toBe(true);
    for (const text of ['cảm ơn', 'tôi vẫn chưa rõ phần kinh phí', 'xong phần hồ sơ thì nộp ở đâu']) expect(endsDeskConversation(text), text).toBe(false);
  });
});

describe('the two-failures rule', () => {
  it('counts failures in a row and starts again after an answer', () => {
    const memory = new HandoffMemory();
    const at = new Date('2026-12-02T03:00:00Z');
    expect(memory.record('telegram:1', 'giá vàng', 'ngoài phạm vi', true, at)).toBe(1);
    expect(memory.record('telegram:1', 'PL2.4 ai chủ trì', 'Sở KH&CN', false, at)).toBe(0);
    expect(memory.record('telegram:1', 'thời tiết', 'ngoài phạm vi', true, at)).toBe(1);
    expect(memory.record('telegram:1', 'lãi suất', 'ngoài phạm vi', true, at)).toBe(2);
    expect(memory.attempts('telegram:1').map((attempt) => attempt.question)).toEqual(['giá vàng', 'PL2.4 ai chủ trì', 'thời tiết', 'lãi suất']);
    expect(memory.record('telegram:2', 'x', 'y', true, at)).toBe(1);
  });

  it('counts no-information answers and refusals, not misuse or injection', () => {
    expect(isFailure(makeReply('no_information', 'no_match', 'x'))).toBe(true);
    expect(isFailure(makeReply('out_of_scope', 'off_topic', 'x'))).toBe(true);
    expect(isFailure(makeReply('refused', 'personal_data', 'x'))).toBe(true);
    expect(isFailure(makeReply('refused', 'injection', 'x'))).toBe(false);
    expect(isFailure(makeReply('answered', 'task', 'x'))).toBe(false);
    expect(isFailure(makeReply('clarification', 'which_task', 'x'))).toBe(false);
  });
});
