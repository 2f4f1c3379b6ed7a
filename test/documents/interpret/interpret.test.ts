/**
 * The interpreter on small documents of every format: another decision of the same kind (text export), the html
 * and GFM samples, unreadable rows kept as warnings, and what it refuses; and its parts by themselves — column
 * roles by header, section kinds by heading, document and task ids.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../../src/documents/formats/index.ts';
import { SourceFormatError, type TableRow } from '../../../src/documents/ir.ts';
import { columnRole, findHeader } from '../../../src/documents/interpret/columns.ts';
import { documentIdFor, qualifiedId, splitQualifiedId, taskIdPrefix } from '../../../src/documents/interpret/ids.ts';
import { interpretDocument } from '../../../src/documents/interpret/index.ts';
import { sectionKind } from '../../../src/documents/interpret/sections.ts';
import type { DocumentKnowledge, DocumentMeta } from '../../../src/documents/types.ts';
import { gazetteer as deploymentGazetteer } from '../../knowledge/data.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const gazetteer = deploymentGazetteer();
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const interpret = (text: string, name = 'van-ban.txt'): DocumentKnowledge =>
  interpretDocument(readSource(new TextEncoder().encode(text), name), { gazetteer, sourceHash: 'h'.repeat(64) });

describe('another decision of the same kind (text export)', () => {
  it('reads a plan whose table says "Đơn vị thực hiện" and "Thời gian thực hiện"', () => {
    const other = interpret(fixture('other-decision.txt'));
    expect(other.id).toBe('45');
    expect(other.sourceHash).toBe('h'.repeat(64));
    expect(other.document).toMatchObject({
      number: '45/QĐ-UBND',
      type: 'Quyết định',
      issuedOn: '2025-03-05',
      signer: 'Nguyễn Văn A',
      issuer: 'Ủy ban nhân dân tỉnh Thái Bình',
      place: 'Thái Bình',
      effectiveOn: '2025-03-05',
      title: 'Quyết định 45/QĐ-UBND ban hành kế hoạch thúc đẩy chuyển đổi số trong y tế năm 2025',
    });
    expect(other.sections.map((section) => section.id)).toEqual(['Dieu.1', 'Dieu.2', 'I', 'I.1', 'I.1.a', 'I.1.b', 'II', 'II.1']);
    expect(other.tables).toEqual([
      {
        index: 1,
        appendix: 0,
        title: 'DANH MỤC NHIỆM VỤ',
        columns: [
          { role: 'row', label: 'STT' },
          { role: 'content', label: 'Nội dung nhiệm vụ' },
          { role: 'lead', label: 'Đơn vị thực hiện' },
          { role: 'partners', label: 'Đơn vị phối hợp' },
          { role: 'deadline', label: 'Thời gian thực hiện' },
        ],
        line: 21,
      },
    ]);
    // One unnumbered appendix: ids `PL.<row>`.
    expect(other.tasks.map((candidate) => candidate.id)).toEqual(['PL.1', 'PL.2', 'PL.3', 'PL.4']);
    expect(other.tasks[0]).toMatchObject({ lead: { ids: ['so-yt'] }, partners: { ids: ['so-tc'] }, deadline: { due: '2025-06-30' }, group: { code: 'I', title: 'Hạ tầng số' } });
    expect(other.tasks[0]!.name).toBe(other.tasks[0]!.content);
    expect(other.tasks[1]!.lead!.ids).toEqual(['cong-an']);
    expect(other.tasks[2]).toMatchObject({ partners: { ids: ['tat-ca'] }, deadline: { kind: 'yearly' }, group: { code: 'II' } });
    expect(other.tasks[3]).toMatchObject({ partners: null, deadline: { kind: 'date', due: '2025-12-15', precision: 'day' } });
    expect(other.warnings).toEqual([]);
    expect(other.agencies.map((agency) => agency.id)).toEqual(['so-yt', 'so-tc', 'cong-an', 'tat-ca']);
  });

  it('keeps a row it cannot align as a warning naming its line, and reads the others', () => {
    const text = fixture('unreadable-row.txt');
    const knowledge = interpret(text);
    expect(knowledge.tasks.map((candidate) => candidate.id)).toEqual(['PL.1', 'PL.2', 'PL.4']);
    expect(knowledge.warnings).toHaveLength(1);
    expect(knowledge.warnings[0]).toMatch(/^PL \(dòng 26\): không xếp được các ô của dòng vào cột \(7 ô, 5 cột\).*"3 \| Đào tạo kỹ năng số .*250 triệ/u);
    expect(text.split('\n')[25]).toMatch(/^3 \| Đào tạo kỹ năng số/u);
  });

  it('reads a table without a deadline column: the unknown column is kept as a note, each row reported', () => {
    const knowledge = interpret(fixture('other-decision.txt').replace('| Thời gian thực hiện |', '| Ghi chú |'));
    expect(knowledge.tables[0]!.columns.at(-1)).toEqual({ role: 'note', label: 'Ghi chú' });
    expect(knowledge.tasks[0]).toMatchObject({ deadline: { kind: 'none', text: '' }, notes: [{ label: 'Ghi chú', text: 'Quý II/2025' }] });
    expect(knowledge.warnings.filter((warning) => warning.includes('không có thời hạn'))).toHaveLength(4);
  });

  it('refuses an empty file, a file with almost nothing, and text in which no document can be recognised', () => {
    expect(() => interpret('')).toThrow(SourceFormatError);
    expect(() => interpret('a\nb')).toThrow(/tệp trống hoặc không có nội dung/u);
    expect(() => interpret('Xin chào\nĐây là một đoạn văn bản bình thường không có gì.\nMột dòng nữa.\nVà dòng cuối.')).toThrow(/không nhận ra văn bản/u);
  });

  it('reads a truncated decision as far as it goes, without inventing tasks', () => {
    const head = readFileSync(new URL('../../../seeds/qd-719-2025-hung-yen.txt', import.meta.url), 'utf8').split('\n').slice(0, 40).join('\n');
    const knowledge = interpret(head);
    expect(knowledge.id).toBe('719');
    expect(knowledge.tasks).toEqual([]);
    expect(knowledge.sections.length).toBeGreaterThan(0);
  });
});

describe('the html and GFM samples', () => {
  it('reads the html plan: rowspan inherited, groups, ids, the caption as the table title', () => {
    const knowledge = interpret(fixture('documents/ke-hoach-mau.html'), 'ke-hoach-mau.html');
    expect(knowledge.format).toBe('html');
    expect(knowledge.document).toMatchObject({ number: '45/KH-UBND', type: 'Kế hoạch', issuedOn: '2025-03-10', signer: 'Trần Văn Mẫu', title: 'Kế hoạch 45/KH-UBND triển khai chuyển đổi số năm 2025' });
    expect(knowledge.sections.map((section) => section.id)).toEqual(['I', 'I.1', 'II']);
    expect(knowledge.tasks.map((candidate) => [candidate.id, candidate.group?.code, candidate.deadline.kind])).toEqual([
      ['PL.1', 'I', 'date'],
      ['PL.2', 'I', 'date'],
      ['PL.3', 'II', 'date'],
    ]);
    expect(knowledge.tasks[1]).toMatchObject({ partners: { ids: ['so-tc', 'cong-an'] }, inherited: ['lead'], deadline: { due: '2025-12-31', precision: 'year' } });
    expect(knowledge.tasks[2]!.content).toBe('Xây dựng kho dữ liệu dùng chung\n(gồm dữ liệu <mở>)');
  });

  it('reads the html plan\'s lead "Sở Khoa học<br>và Công nghệ" as the Sở it names', () => {
    const knowledge = interpret(fixture('documents/ke-hoach-mau.html'), 'ke-hoach-mau.html');
    expect(knowledge.tasks.map((candidate) => candidate.lead!.ids)).toEqual([['so-khcn'], ['so-khcn'], ['so-khcn']]);
    expect(knowledge.agencies.map((agency) => agency.id)).not.toContain('so-khoa-hoc');
  });

  it('finds the html plan\'s letterhead after the website\'s navigation: issuer and place as the GFM sample reads them', () => {
    const html = interpret(fixture('documents/ke-hoach-mau.html'), 'ke-hoach-mau.html');
    const gfm = interpret(fixture('documents/quyet-dinh-mau.gfm.md'), 'quyet-dinh-mau.gfm.md');
    expect(gfm.document).toMatchObject({ issuer: 'Ủy ban nhân dân tỉnh Mẫu', place: 'Mẫu' });
    expect(html.document).toMatchObject({ issuer: 'Ủy ban nhân dân tỉnh Mẫu', place: 'Mẫu' });
  });

  it('reads the GFM decision: its articles, its appendix table and a recurring deadline', () => {
    const knowledge = interpret(fixture('documents/quyet-dinh-mau.gfm.md'), 'quyet-dinh-mau.gfm.md');
    expect(knowledge).toMatchObject({ id: '128', format: 'gfm' });
    expect(knowledge.document).toMatchObject({ number: '128/QĐ-UBND', type: 'Quyết định', issuedOn: '2025-06-05', signer: 'Nguyễn Văn Mẫu', effectiveOn: '2025-06-05' });
    expect(knowledge.document.legalBases).toHaveLength(3);
    expect(knowledge.sections.map((section) => section.id)).toEqual(['Dieu.1', 'Dieu.2', '2.1', '2.2', 'Dieu.3']);
    expect(knowledge.tables[0]!.columns.map((column) => column.role)).toEqual(['row', 'name', 'lead', 'partners', 'deadline']);
    expect(knowledge.tasks[0]).toMatchObject({ id: 'PL.1', lead: { ids: ['so-khcn'] }, partners: { ids: ['tat-ca'] } });
    expect(knowledge.tasks[1]).toMatchObject({ lead: { ids: ['vp-ubnd'] }, partners: { ids: ['so-nv', 'so-tc'] }, deadline: { kind: 'recurring', text: 'Hằng quý' } });
  });

  it('ends the GFM decision\'s title before the authority line under it', () => {
    const knowledge = interpret(fixture('documents/quyet-dinh-mau.gfm.md'), 'quyet-dinh-mau.gfm.md');
    expect(knowledge.document.title).toBe('Quyết định 128/QĐ-UBND ban hành Danh mục nhiệm vụ chuyển đổi số năm 2025');
  });
});

describe('column roles by header', () => {
  it.each([
    ['STT', 'row'], ['TT', 'row'], ['Số TT', 'row'], ['Mã nhiệm vụ', 'code'],
    ['Tên nhiệm vụ', 'name'], ['Nhiệm vụ', 'name'], ['Tên nhiệm vụ/dự án', 'name'], ['Nội dung nhiệm vụ', 'content'], ['Nội dung/nhiệm vụ', 'content'],
    ['Cơ quan chủ trì', 'lead'], ['Đơn vị chủ trì', 'lead'], ['Chủ trì thực hiện', 'lead'], ['Đơn vị thực hiện', 'lead'], ['Cơ quan chủ trì thực hiện', 'lead'],
    ['Cơ quan phối hợp', 'partners'], ['Phối hợp thực hiện', 'partners'],
    ['Thời gian hoàn thành', 'deadline'], ['Thời gian triển khai', 'deadline'], ['Lộ trình đề xuất', 'deadline'], ['Thời hạn', 'deadline'],
    ['Kết quả', 'result'], ['Sản phẩm', 'result'], ['Kết quả dự kiến', 'result'], ['Kết quả thực hiện', 'result'],
    ['Nguồn vốn', 'funding'], ['Nguồn kinh phí', 'funding'],
    ['Văn bản giao nhiệm vụ', 'source'], ['Người đứng đầu chịu trách nhiệm', 'responsible'], ['Theo dõi, kiểm tra, đôn đốc', 'follow_up'],
    ['Tiến độ', 'progress'], ['Ghi chú', 'note'], ['**THỜI HẠN**', 'deadline'],
  ])('%s → %s', (label, role) => {
    expect(columnRole(label)).toBe(role);
  });

  it('knows no role for an empty or unknown label', () => {
    expect(columnRole('')).toBeNull();
    expect(columnRole('Xyz')).toBeNull();
  });

  const row = (labels: string[]): TableRow => ({ cells: labels.map((text) => ({ text, bold: false, line: 1 })), header: false, line: 1 });

  it('finds a task header among the first rows, after a letterhead row, and needs a lead and a task column', () => {
    expect(findHeader([row(['ỦY BAN NHÂN DÂN', 'CỘNG HÒA']), row(['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn'])])).toMatchObject({ rowIndex: 1, kind: 'tasks' });
    expect(findHeader([row(['STT', 'Nhiệm vụ', 'Thời hạn'])])).toBeNull();
    expect(findHeader([row(['STT', 'Cơ quan chủ trì', 'Thời hạn'])])).toBeNull();
    expect(findHeader([row(['a']), row(['b']), row(['c']), row(['d']), row(['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn'])])).toBeNull();
  });

  it('tells an indicator table from a task table', () => {
    expect(findHeader([row(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kết quả năm 2030'])])).toMatchObject({ rowIndex: 0, kind: 'indicators' });
  });
});

describe('section kinds by heading', () => {
  it.each([
    ['I. MỤC ĐÍCH, YÊU CẦU', 'purpose'], ['2. Yêu cầu', 'requirements'], ['II. QUAN ĐIỂM', 'viewpoints'],
    ['1. Mục tiêu chung', 'general_objective'], ['2. Mục tiêu cụ thể', 'specific_objectives'], ['II. MỤC TIÊU', 'objectives'],
    ['III. NHIỆM VỤ VÀ GIẢI PHÁP', 'tasks'], ['IV. KINH PHÍ THỰC HIỆN', 'funding'], ['V. TỔ CHỨC THỰC HIỆN', 'organisation'],
    ['3. Chế độ báo cáo', 'reporting'], ['Điều 2. Quyết định này có hiệu lực kể từ ngày ký.', 'effect'],
  ])('%s → %s', (heading, kind) => {
    expect(sectionKind(heading)).toBe(kind);
  });

  it('says nothing for a heading that names no known subject', () => {
    expect(sectionKind('1. Hạ tầng số')).toBeNull();
  });
});

describe('document and task ids', () => {
  const meta = (fields: Partial<DocumentMeta>): DocumentMeta => ({
    number: null, type: 'Kế hoạch', issuer: 'Ủy ban nhân dân tỉnh Lâm Đồng', place: 'Lâm Đồng', issuedOn: null, issuedText: 'Lâm Đồng, ngày tháng 3 năm 2026',
    signer: null, signerTitle: null, effectiveOn: null, effectText: null, title: 'Kế hoạch cải cách hành chính', subject: null, legalBases: [], relatedDocuments: [], amends: [],
    ...fields,
  });

  it('names a document by the leading number of its official number, a draft by kind, place and year', () => {
    expect(documentIdFor(meta({ number: '719/QĐ-UBND' }))).toBe('719');
    expect(documentIdFor(meta({ number: '0045/KH-UBND' }))).toBe('45');
    expect(documentIdFor(meta({}))).toBe('kh-lam-dong-2026');
    expect(documentIdFor(meta({ type: 'Thông báo kết luận', place: null, issuer: 'Văn phòng Chính phủ', issuedOn: '2025-11-16' }))).toBe('tb-chinh-phu-2025');
  });

  it('prefixes task ids by where the table is printed', () => {
    expect(taskIdPrefix({ appendix: 2, ordinalInAppendix: 1, tablesInAppendix: 1, bodyOrdinal: 0 })).toBe('PL2');
    expect(taskIdPrefix({ appendix: 0, ordinalInAppendix: 1, tablesInAppendix: 1, bodyOrdinal: 0 })).toBe('PL');
    expect(taskIdPrefix({ appendix: 1, ordinalInAppendix: 3, tablesInAppendix: 3, bodyOrdinal: 0 })).toBe('PL1.B3');
    expect(taskIdPrefix({ appendix: null, ordinalInAppendix: 0, tablesInAppendix: 0, bodyOrdinal: 2 })).toBe('B2');
  });

  it('qualifies and splits ids at the first colon', () => {
    expect(qualifiedId('719', 'PL2.11')).toBe('719:PL2.11');
    expect(splitQualifiedId('719:PL2.11')).toEqual({ documentId: '719', localId: 'PL2.11' });
    expect(splitQualifiedId('PL2.11')).toEqual({ documentId: null, localId: 'PL2.11' });
    expect(splitQualifiedId('kh-lam-dong-2026:PL.VII.2a')).toEqual({ documentId: 'kh-lam-dong-2026', localId: 'PL.VII.2a' });
  });
});
