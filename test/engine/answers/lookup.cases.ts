/**
 * Free-text lookup (src/engine/answers/lookup.ts) over the real 719: an appendix named in a who-question says where
 * to look, and a question about a reporting period is not one about the signing date.
 *
 * Not a test file of its own: ../engine.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { namedAppendix } from '../../../src/engine/answers/lookup.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, realEngine } from '../support.ts';

describe('src/engine/answers/lookup.ts', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('reads the appendix a question names', () => {
    expect(namedAppendix('ai chu tri viec nay o phu luc ii')).toBe(2);
    expect(namedAppendix('trong pl 1 co gi')).toBe(1);
    expect(namedAppendix('co may phu luc')).toBeNull();
  });

  it('prefers the row of the named appendix when the words fit rows of both', async () => {
    const inSecond = await ask(engine, 'Số hóa hồ sơ, tài liệu ở phụ lục 2 do cơ quan nào chủ trì?');
    expect(inSecond.citations[0]?.id).toMatch(/^PL2\./u);
    const inFirst = await ask(engine, 'Số hóa hồ sơ, tài liệu ở phụ lục 1 do cơ quan nào chủ trì?');
    expect(inFirst.citations[0]?.id).toMatch(/^PL1\./u);
  });

  it('answers "báo cáo định kỳ khi nào" from the reporting duty, not with the signing date', async () => {
    const reply = await ask(engine, 'các sở phải gửi báo cáo định kỳ khi nào?');
    expect(reply.citations.map((citation) => citation.id)).toContain('IV.1');
    expect(reply.text).not.toMatch(/ban hành ngày/u);
  });

  it('answers "theo đề nghị của ai" with the proposal alone, and lists bases within a chat message', async () => {
    const proposal = await ask(engine, 'quyết định này ban hành theo tờ trình nào?');
    expect(proposal.text).toMatch(/Theo đề nghị của .*Tờ trình số/u);
    expect(proposal.text).not.toMatch(/Căn cứ Luật/u);
    const bases = await ask(engine, 'quyết định được ban hành căn cứ những văn bản nào?');
    const bullets = bases.text.split('\n').filter((line) => line.startsWith('• '));
    expect(bullets.length).toBeLessThanOrEqual(5);
    expect(bases.text).toMatch(/… và \d+ căn cứ khác\./u);
    expect(bases.text.length).toBeLessThan(900);
  });
});
