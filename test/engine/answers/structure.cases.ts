/**
 * Questions about a document's task tables as a whole (src/engine/answers/structure.ts): how many tasks an
 * appendix or a document has, counted from the tables, rows printed without a number counted apart; and the
 * blocks or groups a table is divided into. Several documents are loaded; a question naming none is about 719.
 *
 * Not a test file of its own: ../multi-document.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, ids, multiDocumentEngine } from '../support.ts';

describe('src/engine/answers/structure.ts', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await multiDocumentEngine();
  });

  /** "(47 nhiệm vụ)" after each part, summed. */
  const partTotal = (text: string) => [...text.matchAll(/\((\d+) nhiệm vụ\)/gu)].reduce((sum, match) => sum + Number(match[1]), 0);

  describe('which tasks', () => {
    it('lists a named document\'s tasks with their leads and deadlines, and keeps the whole list for the list page', async () => {
      const reply = await ask(engine, 'kế hoạch 617 gồm những nhiệm vụ gì?');
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'structure' });
      expect(reply.text).toContain('11 nhiệm vụ');
      expect(ids(reply).every((id) => id.startsWith('617:'))).toBe(true);
      expect(reply.list).toEqual({ document: '617' });
    });

    it('lists only the appendix named', async () => {
      const reply = await ask(engine, 'Phụ lục I có những nhiệm vụ nào?');
      expect(reply.text).toContain('Phụ lục I của');
      expect(reply.text).toContain('33 nhiệm vụ');
      expect(ids(reply).every((id) => id.startsWith('719:PL1.'))).toBe(true);
    });

    it('leaves a list about a topic to the search', async () => {
      const reply = await ask(engine, 'kế hoạch 617 có những nhiệm vụ nào về du lịch?');
      expect(reply.text).not.toContain('11 nhiệm vụ:');
    });
  });

  describe('how many tasks', () => {
    it('counts one appendix of the deployment\'s own document', async () => {
      const reply = await ask(engine, 'Phụ lục I có tất cả mấy nhiệm vụ?');
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'structure' });
      expect(ids(reply)).toEqual(['719:document']);
      expect(reply.text).toContain('Phụ lục I');
      expect(reply.text).toContain(': 33 nhiệm vụ');
      expect(reply.text).not.toContain('Phụ lục II');
    });

    it('counts a whole document per appendix, rows printed without a number apart', async () => {
      const reply = await ask(engine, 'Quyết định 719 có tổng cộng bao nhiêu nhiệm vụ?');
      expect(reply.reason).toBe('structure');
      expect(ids(reply)).toEqual(['719:document']);
      expect(reply.text).toContain('203 nhiệm vụ');
      expect(reply.text).toMatch(/• Phụ lục I \(.*: 33 nhiệm vụ/u);
      // Rows printed without a number ("3a") are counted apart from the numbered ones.
      expect(reply.text).toMatch(/• Phụ lục II \(.*: 167 nhiệm vụ đánh số, thêm 3 dòng không đánh số/u);
    });

    it('counts the appendix asked of a document named by number', async () => {
      const reply = await ask(engine, 'Phụ lục II của quyết định 719 có bao nhiêu nhiệm vụ?');
      expect(reply.text).toContain('Phụ lục II');
      expect(reply.text).toMatch(/167 nhiệm vụ đánh số, thêm 3 dòng không đánh số/u);
      expect(reply.text).not.toContain('33 nhiệm vụ');
    });

    it.each([
      ['kế hoạch 617 có bao nhiêu nhiệm vụ?', '617:document', ': 11 nhiệm vụ'],
      ['quyết định 2820 gồm mấy nhiệm vụ?', '2820:document', '25 nhiệm vụ đánh số, thêm 3 dòng không đánh số'],
      ['kế hoạch CCHC có bao nhiêu nhiệm vụ?', 'kh-lam-dong-2026:document', '56 nhiệm vụ đánh số, thêm 3 dòng không đánh số'],
    ])('counts another document: %s', async (question, cited, count) => {
      const reply = await ask(engine, question);
      expect(reply.reason).toBe('structure');
      expect(ids(reply)).toEqual([cited]);
      expect(reply.text).toContain(count);
    });

    it('counts a document of several appendices appendix by appendix', async () => {
      const reply = await ask(engine, 'thông báo 624 có bao nhiêu nhiệm vụ?');
      expect(ids(reply)).toEqual(['624:document']);
      expect(reply.text).toContain('123 nhiệm vụ');
      expect(reply.text).toMatch(/• Phụ lục I\b.*: 74 nhiệm vụ/u);
      expect(reply.text).toMatch(/• Phụ lục II\b.*: 49 nhiệm vụ/u);
    });

    it('answers an agency\'s count from its tasks, not from the tables', async () => {
      const reply = await ask(engine, 'Sở Y tế chủ trì bao nhiêu nhiệm vụ?');
      expect(reply.reason).toBe('agency_tasks');
      expect(reply.text).toContain('Sở Y tế chủ trì 15 nhiệm vụ');
    });

    it('does not answer a count about a topic with the table\'s total', async () => {
      const reply = await ask(engine, 'Phụ lục II có bao nhiêu nhiệm vụ về y tế?');
      expect(reply.reason).not.toBe('structure');
      expect(reply.text).not.toContain('167 nhiệm vụ');
    });

    it('does not answer a count of late tasks with the table\'s total', async () => {
      const reply = await ask(engine, 'sở khoa học làm chậm mấy việc rồi?');
      expect(reply.reason).not.toBe('structure');
      expect(reply.text).not.toContain('203 nhiệm vụ');
    });

    it('does not answer an appendix the document does not have from some passage', async () => {
      const reply = await ask(engine, 'Phụ lục III có bao nhiêu nhiệm vụ?');
      expect(reply.outcome).not.toBe('answered');
      expect(reply.citations.filter((citation) => citation.kind === 'section')).toEqual([]);
    });
  });

  describe('the parts of a table', () => {
    it('names the lettered blocks of an appendix with their counts', async () => {
      const reply = await ask(engine, 'Phụ lục II chia làm mấy khối?');
      expect(reply.reason).toBe('structure');
      expect(ids(reply)).toEqual(['719:document']);
      expect(reply.text).toContain('chia làm 3 khối');
      // How many rows the appendix has in all, beside its parts: the sum of theirs.
      expect(reply.text).toContain(`có ${partTotal(reply.text)} nhiệm vụ, chia làm 3 khối`);
      expect(reply.text).toContain('• A. NHÓM NHIỆM VỤ PHÁT TRIỂN CHÍNH QUYỀN SỐ');
      expect(reply.text).toContain('• C. NHÓM NHIỆM VỤ PHÁT TRIỂN XÃ HỘI SỐ');
      // Every row of the appendix is in one block.
      expect(partTotal(reply.text)).toBe(170);
    });

    it('names the blocks when asked how many big groups, in other words', async () => {
      const reply = await ask(engine, 'phụ lục 2 gồm mấy nhóm lớn vậy');
      expect(reply.reason).toBe('structure');
      expect(reply.text).toContain('chia làm 3 khối');
    });

    it('names the numbered groups when there are no blocks', async () => {
      const reply = await ask(engine, 'Phụ lục I gồm những nhóm nào?');
      expect(reply.text).toContain('chia làm 4 nhóm');
      expect(reply.text).toContain('• I. Hoàn thiện thể chế');
      expect(partTotal(reply.text)).toBe(33);
    });

    it('names the groups of another document\'s table', async () => {
      const reply = await ask(engine, 'Kế hoạch 617 chia thành mấy nhóm?');
      expect(ids(reply)).toEqual(['617:document']);
      expect(reply.text).toContain('KH 617/KH-UBND có 11 nhiệm vụ, chia làm 4 nhóm');
      expect(partTotal(reply.text)).toBe(11);
    });

    it('says so when a table is not divided', async () => {
      const reply = await ask(engine, 'thông báo 624 chia làm mấy nhóm?');
      expect(reply.text).toContain('Phụ lục I của TB 624/TB-VPCP không chia khối hay nhóm');
      expect(reply.text).toContain('chia làm 15 nhóm');
    });
  });
});
