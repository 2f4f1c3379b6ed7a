/**
 * Questions about a document itself (src/engine/answers/document.ts): what it is, who signed it, when it was issued
 * and takes effect, its number, what it is based on. The document the question names, else the deployment's
 * primary one; "kế hoạch này" with several plans loaded asks which.
 *
 * Not a test file of its own: ../multi-document.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, ids, multiDocumentEngine, realEngine } from '../support.ts';

describe('src/engine/answers/document.ts', () => {
  let multi: Engine;
  let single: Engine;
  beforeAll(async () => {
    [multi, single] = await Promise.all([multiDocumentEngine(), realEngine()]);
  });

  describe('what a document is', () => {
    it('names the kind, issuer, date and subject of a document named by number', async () => {
      const reply = await ask(multi, 'kế hoạch 617 nói về việc gì?');
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'document' });
      expect(ids(reply)).toEqual(['617:document']);
      expect(reply.text).toContain('Kế hoạch 617/KH-UBND');
      expect(reply.text).toContain('Ủy ban nhân dân tỉnh Đồng Tháp');
      expect(reply.text).toContain('01/12/2025');
      expect(reply.text).toContain('chuyển đổi số cho các doanh nghiệp');
    });

    it('says what a document that only carries out others is about, from the bases that cite them', async () => {
      const reply = await ask(multi, 'quyết định 2820 là văn bản gì');
      expect(reply.text).toContain('Văn bản được triển khai 06/QĐ-TTG: Phê duyệt Đề án');
      expect(reply.text).toContain('quy hoạch');
      // A title that says its own subject gets nothing added.
      expect((await ask(multi, 'kế hoạch 617 nói về việc gì?')).text).not.toContain('Văn bản được triển khai');
    });

    it('answers which province issued a document with its identity', async () => {
      const reply = await ask(multi, 'kế hoạch 310 do thành phố nào ban hành?');
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'document' });
      expect(reply.text).toContain('Hà Nội');
    });

    it('answers "là văn bản gì" of a ministry\'s letter', async () => {
      const reply = await ask(multi, 'Công văn 6225 là văn bản gì vậy?');
      expect(ids(reply)).toEqual(['6225:document']);
      expect(reply.text).toContain('Công văn 6225/BVHTTDL-VP');
      expect(reply.text).toContain('Bộ Văn hóa, Thể thao và Du lịch');
    });

    it('labels the cited document the way people name it', async () => {
      const reply = await ask(multi, 'Quyết định 719 là văn bản gì?');
      expect(reply.citations).toEqual([{ id: '719:document', kind: 'document', label: 'QĐ 719/QĐ-UBND' }]);
      expect(reply.text).toContain('Chương trình phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Hưng Yên');
    });

    it('cites the bare "document" while one document is loaded', async () => {
      const reply = await ask(single, 'Quyết định 719 là văn bản gì?');
      expect(reply.citations.map((citation) => [citation.id, citation.kind])).toEqual([['document', 'document']]);
    });
  });

  describe('signer, dates, number and bases', () => {
    it('names the signer and capacity of the document named', async () => {
      const reply = await ask(multi, 'Quyết định 2597 do ai ký?');
      expect(ids(reply)).toEqual(['2597:document']);
      expect(reply.text).toContain('Trần Hồng Hà');
      expect(reply.text).toContain('PHÓ THỦ TƯỚNG');
    });

    it('answers about the primary document when none is named, among several', async () => {
      const reply = await ask(multi, 'Ai là người ký quyết định?');
      expect(ids(reply)).toEqual(['719:document']);
      expect(reply.text).toContain('Phạm Văn Nghiêm');
    });

    it('quotes the article on effect and gives the date', async () => {
      const reply = await ask(multi, 'Quyết định 2597 có hiệu lực từ ngày nào?');
      expect(ids(reply)).toEqual(['2597:Dieu.2', '2597:document']);
      expect(reply.text).toContain('có hiệu lực kể từ ngày ký');
      expect(reply.text).toContain('27/11/2025');
    });

    it('names the issuer and date of issue', async () => {
      const reply = await ask(multi, 'Quyết định 2597 do cơ quan nào ban hành?');
      expect(reply.text).toContain('Thủ tướng Chính phủ');
      expect(reply.text).toContain('27/11/2025');
    });

    it('gives the number of the decision a programme is attached to', async () => {
      const reply = await ask(single, 'Chương trình được ban hành kèm theo quyết định số mấy?');
      expect(reply.reason).toBe('document');
      expect(ids(reply)).toEqual(['Dieu.1', 'document']);
      expect(reply.text).toContain('719/QĐ-UBND');
    });

    it('lists the legal bases the document prints', async () => {
      const reply = await ask(multi, 'Quyết định 719 căn cứ vào những văn bản nào?');
      expect(ids(reply)).toEqual(['719:document']);
      expect(reply.text).toContain('Căn cứ Nghị quyết số 57-NQ/TW');
    });

    it('answers who proposed a document from the line it was issued on, not from its bases', async () => {
      const reply = await ask(single, 'sở nào đề xuất ban hành chương trình này');
      expect(reply.text).toContain('Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ');
      expect(reply.text).not.toContain('Căn cứ');
    });

    it('lists a plan\'s bases from its preamble, not a task line of its body', async () => {
      // 310's preamble begins "Triển khai thực hiện Nghị quyết số 57-NQ/TW …"; "Thực hiện khảo sát, thu thập số
      // liệu …" is a task of its section on implementation.
      const reply = await ask(multi, 'kế hoạch 310 căn cứ vào những văn bản nào?');
      expect(ids(reply)).toEqual(['310:document']);
      expect(reply.text).not.toContain('Thực hiện khảo sát');
      expect(reply.text).toContain('57-NQ/TW');
    });
  });

  describe('a document pointed at by its kind', () => {
    it('answers about the primary document when it is of that kind', async () => {
      const reply = await ask(multi, 'quyết định này ai ký?');
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'document' });
      expect(ids(reply)).toEqual(['719:document']);
    });

    it('answers about the only document of that kind', async () => {
      const reply = await ask(multi, 'Công văn này do ai ký?');
      expect(ids(reply)).toEqual(['6225:document']);
      expect(reply.text).toContain('Nguyễn Văn Hùng');
    });

    it('does not ask which document when only one is loaded', async () => {
      const reply = await ask(single, 'kế hoạch này ai ký?');
      expect(reply).toMatchObject({ outcome: 'answered', reason: 'document' });
      expect(reply.text).toContain('Phạm Văn Nghiêm');
    });
  });
});
