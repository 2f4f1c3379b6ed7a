/** The loaded documents as search documents: ids qualified by document, fields named as BM25 weighs them. */
import { describe, expect, it } from 'vitest';
import { METADATA_ID, metadataDocument, searchDocuments, sectionDocument, taskDocument } from '../../src/retrieval/documents.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';

describe('search documents of the loaded documents', () => {
  const document = smallDocument();
  const task = (id: string) => document.tasks.find((candidate) => candidate.id === id)!;

  it('makes one per task, one per section and one for the metadata, in that order, ids qualified', () => {
    const other = smallDocument('45', '45/QĐ-UBND');
    const ids = searchDocuments([document, other]).map((search) => search.id);
    expect(ids.slice(0, 10)).toEqual([
      '719:PL1.1', '719:PL2.3', '719:PL2.3a', '719:PL2.10', '719:PL2.11',
      '719:Dieu.1', '719:I.1.a', '719:II.A.5.2.b', '719:II.A.10', '719:document',
    ]);
    expect(ids.slice(10)).toEqual(ids.slice(0, 10).map((id) => id.replace(/^719:/u, '45:')));
    expect(METADATA_ID).toBe('document');
    expect(searchDocuments([])).toEqual([]);
  });

  it('searches a task by its content, its name when it differs, and its cells by field', () => {
    expect(taskDocument(task('PL2.3'))).toEqual({
      id: '719:PL2.3',
      kind: 'task',
      title: 'Số hóa 100% hồ sơ thủ tục hành chính',
      text: 'Số hóa hồ sơ thủ tục hành chính',
      fields: {
        code: 'CQS2.1',
        name: 'Số hóa hồ sơ thủ tục hành chính',
        group: 'CQS2 Số hóa hệ thống dịch vụ công',
        block: 'CHÍNH QUYỀN SỐ',
        lead: 'VP UBND tỉnh',
        deadline: 'Giai đoạn 2025-2030',
        funding: 'Ngân sách tỉnh',
      },
    });
    // One text column: no separate name; no lead, partners, result, funding or deadline printed: no such fields.
    expect(taskDocument({ ...task('PL2.10'), name: 'Triển khai giám sát an toàn thông tin', deadline: { kind: 'none', text: '' } })).toEqual({
      id: '719:PL2.10',
      kind: 'task',
      title: 'Triển khai giám sát an toàn thông tin',
      text: '',
      fields: { code: 'CQS7.2', group: 'CQS7 An toàn thông tin', block: 'CHÍNH QUYỀN SỐ' },
    });
    expect(taskDocument(task('PL1.1')).fields).toMatchObject({ partners: 'Các sở, ban, ngành, đơn vị, địa phương', result: 'Quyết định của UBND tỉnh' });
  });

  it('searches a section by heading and text, its parents as the path', () => {
    const section = document.sections.find((candidate) => candidate.id === 'II.A.5.2.b')!;
    expect(sectionDocument(section)).toEqual({
      id: '719:II.A.5.2.b',
      kind: 'section',
      title: 'b) Doanh nghiệp',
      text: 'b) Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số.',
      fields: { path: 'II. NHIỆM VỤ / A. Giai đoạn 2025-2030 / 5. Chuyển đổi số / 5.2. Kinh tế số' },
    });
    expect(sectionDocument(document.sections[0]!).fields).toEqual({});
  });

  it('searches the metadata by number, date, issuer, signer and effect', () => {
    const meta = metadataDocument('719', document.document);
    expect(meta).toMatchObject({ id: '719:document', kind: 'document', title: document.document.title, fields: { code: '719/QĐ-UBND' } });
    expect(meta.text.split('\n')).toEqual([
      'Quyết định số 719/QĐ-UBND ngày 2025-08-27',
      'Ủy ban nhân dân tỉnh Hưng Yên',
      'Người ký: Nguyễn Văn A (TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH)',
      'Ngày hiệu lực: 2025-08-27',
      'Quyết định này có hiệu lực kể từ ngày ký.',
    ]);
    // A draft: no number, a date printed blank, nobody signed yet.
    const draft = metadataDocument('kh-lam-dong-2026', {
      ...document.document,
      type: 'Kế hoạch',
      number: null,
      issuedOn: null,
      issuedText: 'Lâm Đồng, ngày tháng 3 năm 2026',
      signer: null,
      effectiveOn: null,
      effectText: null,
    });
    expect(draft.fields).toEqual({});
    expect(draft.text.split('\n')).toEqual(['Kế hoạch số  ngày Lâm Đồng, ngày tháng 3 năm 2026', 'Ủy ban nhân dân tỉnh Hưng Yên']);
  });
});
