/** The asking-part step over the real engine (719 alone), and the clause rule it reads with. */
import { beforeAll, describe, expect, it } from 'vitest';
import { askingPart } from '../../../src/engine/steps/asking-part.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, ids, realEngine } from '../support.ts';

describe('askingPart', () => {
  it('keeps the clauses that ask and drops the story, greetings and thanks', () => {
    expect(askingPart('Chào bạn, nhà tôi ở xã xa, đường sá đi lại khó, tôi muốn biết việc ấy ai làm, bao giờ xong, cảm ơn bạn')).toBe('tôi muốn biết việc ấy ai làm, bao giờ xong');
  });

  it('is null when every clause asks, or none does', () => {
    expect(askingPart('ai chủ trì, khi nào xong')).toBeNull();
    expect(askingPart('nhà tôi ở xa, đường khó đi, cảm ơn bạn')).toBeNull();
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

  it('a farewell opened by "thôi" is a farewell', async () => {
    expect(await ask(engine, 'thôi, tạm biệt bạn nhé')).toMatchObject({ outcome: 'answered', reason: 'social' });
  });

  it.each([
    ['a traffic fine', 'đi xe máy không đội mũ bảo hiểm thì mức phạt bao nhiêu'],
    ['a route', 'tu trung tam tinh len ha noi di loi nao nhanh nhat'],
    ['the papers of a procedure', 'làm lại thẻ căn cước bị mất cần chuẩn bị giấy tờ gì'],
  ])('%s is refused', async (_kind, text) => {
    expect((await ask(engine, text)).refused).toBe(true);
  });
});
