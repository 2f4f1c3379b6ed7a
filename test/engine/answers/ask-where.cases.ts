/**
 * Where to ask (src/engine/answers/ask-where.ts) over the real 719: the channels the plan sets up, with the hotline of
 * the deployment, and nothing taken for it that only shares a word ("kêu gọi đầu tư", "hỏi ai chủ trì").
 *
 * Not a test file of its own: ../engine.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, realEngine } from '../support.ts';

describe('src/engine/answers/ask-where.ts', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('answers where to ask with the row that sets up the channels and names the hotline', async () => {
    for (const question of ['muốn hỏi thêm thì liên hệ ở đâu', 'có đường dây nóng nào không ad', 'sdt nao de hoi ve chuong trinh', 'có ý kiến góp ý cho chương trình thì gửi ở đâu', 'dân có thắc mắc về chương trình thì liên hệ với ai', 'phản ánh vướng mắc qua kênh nào được']) {
      const reply = await ask(engine, question);
      expect(reply.citations.map((citation) => citation.id), question).toEqual(['PL2.11']);
      expect(reply.text, question).toContain('1022');
    }
  });

  it('answers where to ask when the asker says who they are on the way ("66 tuổi rồi") and asks in other words', async () => {
    const reply = await ask(engine, 'tôi 66 tuổi rồi, thắc mắc về thủ tục thì gọi số nào');
    expect(reply.citations.map((citation) => citation.id)).toEqual(['PL2.11']);
    expect(reply.text).toContain('1022');
  });

  it('leaves questions that only share a word with asking to the other answers', async () => {
    expect((await ask(engine, 'cho mình hỏi ai chủ trì việc số hóa hồ sơ')).citations[0]?.id).not.toBe('PL2.11');
    expect((await ask(engine, 'ai lo kêu gọi đầu tư vào khu công nghiệp dược')).citations[0]?.id).not.toBe('PL2.11');
  });
});
