/**
 * Answers chosen by intent (src/engine/answers/index.ts) that need no retrieval: social turns get a short friendly
 * reply that cites nothing, help says what can be asked; both through the real engine.
 *
 * Not a test file of its own: ../engine.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, realEngine } from '../support.ts';

describe('src/engine/answers/index.ts', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('asks which agency when a question points at one and nothing came before, and reads "sổ đỏ" as no pointer', async () => {
    expect(await ask(engine, 'cơ quan này phải làm những việc gì?')).toMatchObject({ outcome: 'clarification', reason: 'which_agency' });
    expect((await ask(engine, 'sở đó chủ trì mấy nhiệm vụ')).reason).toBe('which_agency');
    expect((await ask(engine, 'đồng hồ điện số do ai triển khai')).reason).not.toBe('which_agency');
  });

  it('asks which task when only the partners are asked, with nothing before', async () => {
    expect(await ask(engine, 'cùng phối hợp với những cơ quan nào?')).toMatchObject({ outcome: 'clarification', reason: 'which_task' });
  });

  describe('social turns', () => {
    it.each([
      ['xin chào bạn', /^Chào bạn!/u],
      ['Cảm ơn ad nhiều nhé!', /Rất vui được giúp bạn/u],
      ['thanks bạn', /Rất vui được giúp bạn/u],
      ['Tạm biệt nhé', /hẹn gặp lại/u],
      ['ok, hiểu rồi', /^Vâng\./u],
    ])('"%s" gets a short reply of its own kind, citing nothing', async (text, wording) => {
      const reply = await ask(engine, text);
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'social', refused: false, citations: [] });
      expect(reply.text).toMatch(wording);
      expect(reply.text.length).toBeLessThan(400);
      expect(reply.buttons).toBeUndefined();
    });

    it('answers a question that starts with a greeting as a question', async () => {
      const reply = await ask(engine, 'Chào bạn, ai chủ trì xây dựng kho dữ liệu dùng chung?');
      expect(reply.reason).toBe('task');
      expect(reply.citations[0]?.id).toBe('PL2.4');
    });
  });

  describe('help', () => {
    it('says what can be asked and about which document', async () => {
      const reply = await ask(engine, 'hướng dẫn');
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'help', citations: [] });
      expect(reply.text).toContain('Quyết định 719/QĐ-UBND');
      expect(reply.text).toContain('Sở Y tế phải làm gì?');
    });
  });
});
