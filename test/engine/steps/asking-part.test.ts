/** The asking-part step over the real engine (719 alone), and the clause rule it reads with. */
import { beforeAll, describe, expect, it } from 'vitest';
import { askingParts } from '../../../src/engine/steps/asking-part.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, ids, realEngine } from '../support.ts';

describe('askingParts', () => {
  it('keeps the clauses that ask and drops the story, greetings and thanks', () => {
    expect(askingParts('Chào bạn, nhà tôi ở xã xa, đường sá đi lại khó, tôi muốn biết việc ấy ai làm, bao giờ xong, cảm ơn bạn')).toEqual([
      'tôi muốn biết việc ấy ai làm, bao giờ xong',
      'tôi muốn biết việc ấy ai làm',
      'bao giờ xong',
    ]);
  });

  it('keeps a clause that says what was heard: it holds what the question is about', () => {
    expect(askingParts('Tôi mở tiệm vải ở chợ, nghe nói tỉnh có chính sách hỗ trợ khởi nghiệp, vậy cụ thể là gì')[0]).toBe('nghe nói tỉnh có chính sách hỗ trợ khởi nghiệp, vậy cụ thể là gì');
  });

  it('is the last sentence when every clause of several sentences has a question word', () => {
    expect(askingParts('Quán tôi mở mấy năm rồi, không có khách. Vậy tỉnh có hỗ trợ gì không, ai lo')).toEqual(['Vậy tỉnh có hỗ trợ gì không, ai lo']);
  });

  it('is empty when every clause of one sentence asks, or none does', () => {
    expect(askingParts('ai chủ trì, khi nào xong')).toEqual([]);
    expect(askingParts('nhà tôi ở xa, đường khó đi, cảm ơn bạn')).toEqual([]);
  });
});

describe('a long message whose story outweighs its question', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('is answered from its asking clauses', async () => {
    const reply = await ask(
      engine,
      'dạ em chào ad, ông bà em ở quê hay ốm, mỗi lần đi viện lại phải mang cả túi giấy tờ, em nghe nói sắp có hồ sơ sức khỏe điện tử, cho em hỏi việc triển khai hồ sơ sức khỏe điện tử do cơ quan nào chủ trì, bao giờ làm xong ạ, em cảm ơn',
    );
    expect(reply).toMatchObject({ outcome: 'answered' });
    expect(ids(reply)).toContain('PL2.139');
    expect(reply.text).toContain('Sở Y tế');
  });

  it('is answered from an asking clause that names the programme by its number, which no section repeats', async () => {
    const reply = await ask(engine, 'Chào ad, bố mẹ mình trồng nhãn lồng ở quê, năm nay được mùa mà bán chậm lắm. Chương trình 719 có giúp gì cho nông nghiệp không?');
    expect(reply.outcome).toBe('answered');
  });

  it('is answered from one asking clause when a story clause asks too', async () => {
    const reply = await ask(
      engine,
      'ông nhà tôi hay phải đi làm giấy tờ mà chẳng biết hỏi ai, nghe nói tỉnh sắp mở tổng đài, cho tôi hỏi tỉnh sẽ có những kênh hỏi đáp nào cho người dân, cảm ơn',
    );
    expect(ids(reply)).toContain('PL2.11');
  });

  it('is answered from what was heard, not from a clause that only asks for more ("vậy cụ thể là gì")', async () => {
    const reply = await ask(
      engine,
      'mình 25 tuổi, học xong kế toán, đang cùng mấy người bạn mở cái web bán đồ handmade cho khách trong huyện, nhưng thiếu tiền. nghe nói tỉnh có chính sách hỗ trợ startup, vậy cụ thể là gì',
    );
    expect(reply.outcome).toBe('answered');
    expect(reply.text).toContain('khởi nghiệp');
  });

  it('is answered from its last sentence when the story\'s clauses have question words too ("mấy đời", "không có")', async () => {
    const reply = await ask(engine, 'Nhà tôi trồng lúa mấy đời rồi, gạo bán không được giá vì không có thương hiệu. Nghe nói tỉnh có chương trình mới, vậy có hỗ trợ gì để xây dựng thương hiệu gạo không, sở nào lo');
    expect(ids(reply)[0]).toBe('PL1.17');
  });

  it('stays refused when its asking clauses are about something else', async () => {
    const reply = await ask(
      engine,
      'chào ad, cháu nhà em năm nay lên lớp 6, trường ở xa nên phải đi xe đạp điện, em muốn hỏi học sinh lớp 6 có được đi xe đạp điện không, mua loại nào thì tốt, cảm ơn ad',
    );
    expect(reply.refused).toBe(true);
  });
});

describe('chat shorthand and everyday look-alikes', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('"nv" and a bare number asks which appendix, as "nhiệm vụ số" does', async () => {
    const reply = await ask(engine, 'nv 9 do ai chu tri');
    expect(reply).toMatchObject({ outcome: 'clarification', reason: 'which_task' });
    expect(ids(reply)).toEqual(['PL1.9', 'PL2.9']);
  });

  it('"nv" with a number and an appendix is that row', async () => {
    const reply = await ask(engine, 'nv 9 phu luc 2 la gi');
    expect(ids(reply)[0]).toBe('PL2.9');
  });

  it('"bn" after a thank-you or a greeting is "bạn", and a wish closes a conversation', async () => {
    expect(await ask(engine, 'ok cam on bn')).toMatchObject({ outcome: 'answered', reason: 'social' });
    expect(await ask(engine, 'Chào tạm biệt, chúc bạn vui!')).toMatchObject({ outcome: 'answered', reason: 'social' });
    expect((await ask(engine, 'phụ lục 2 có bn nhiệm vụ')).reason).toBe('structure');
  });

  it('what a document is about, asked as "về cái gì", is its identity', async () => {
    const reply = await ask(engine, 'quyết định này về cái gì, ai ký');
    expect(reply.reason).toBe('document');
    expect(reply.text).toMatch(/Nội dung: /u);
  });

  it('after a task, "the partner agencies?" said with general words is that task’s partners', async () => {
    await ask(engine, 'Kho dữ liệu dùng chung của tỉnh giao cho ai làm?', { conversationId: 'partners-1' });
    for (const follow of ['còn các đơn vị phối hợp thì sao', 'thế những cơ quan phối hợp là ai']) {
      const reply = await ask(engine, follow, { conversationId: 'partners-1' });
      expect(ids(reply)[0], follow).toBe('PL2.4');
    }
  });

  it('a farewell opened by "thôi" is a farewell', async () => {
    expect(await ask(engine, 'thôi, tạm biệt bạn nhé')).toMatchObject({ outcome: 'answered', reason: 'social' });
  });

  it.each([
    ['a traffic fine', 'đi xe máy không đội mũ bảo hiểm thì mức phạt bao nhiêu'],
    ['a route', 'tu trung tam tinh len ha noi di loi nao nhanh nhat'],
    ['the papers of a procedure', 'làm lại thẻ căn cước bị mất cần chuẩn bị giấy tờ gì'],
    ['a clinic’s hours', 'trạm y tế phường làm việc từ mấy giờ'],
    ['a vaccination schedule', 'lịch tiêm phòng cho trẻ sơ sinh tháng sau ra sao'],
  ])('%s is refused', async (_kind, text) => {
    expect((await ask(engine, text)).refused).toBe(true);
  });
});
