/**
 * 719/QĐ-UBND as published (the seed, a text export): the interpreter reproduces the decision exactly — metadata,
 * 119 sections numbered as the document numbers them, 33 + 170 tasks with the ids of the printed rows — and the
 * reviewed files committed in knowledge/documents/719 are what re-reading the seed gives (`npm run
 * knowledge:review` after an interpreter or gazetteer change).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentKnowledge, Task } from '../../../src/documents/types.ts';
import { readDocumentFile } from '../../../src/knowledge/ingest.ts';
import { gazetteer, reviewedDocuments, SEED_FILE } from '../../knowledge/data.ts';

let knowledge: DocumentKnowledge;
const task = (id: string): Task => {
  const found = knowledge.tasks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};
const due = (id: string) => {
  const deadline = task(id).deadline;
  return deadline.kind === 'date' || deadline.kind === 'period' ? deadline.due : deadline.kind;
};

/** Numbered rows of each appendix counted from the raw text: a line "12. | …" after "PHỤ LỤC I" / "PHỤ LỤC II". */
function numberedRowsPerAppendix(text: string): number[] {
  const counts: number[] = [];
  for (const line of text.split('\n')) {
    if (/^PHỤ LỤC [IVX]+\s*$/u.test(line.trim())) counts.push(0);
    else if (counts.length > 0 && /^\d{1,3}\.?\s*\|/u.test(line)) counts[counts.length - 1]! += 1;
  }
  return counts;
}

beforeAll(() => {
  knowledge = readDocumentFile(SEED_FILE, gazetteer());
});

describe('719/QĐ-UBND as published', () => {
  it('is document 719 read from a text export, hashed as the file', () => {
    expect(knowledge.id).toBe('719');
    expect(knowledge.format).toBe('text-export');
    expect(knowledge.sourceHash).toBe(createHash('sha256').update(readFileSync(SEED_FILE)).digest('hex'));
  });

  it('reads the metadata from the document itself and drops the website banner', () => {
    expect(knowledge.document).toMatchObject({
      number: '719/QĐ-UBND',
      type: 'Quyết định',
      issuer: 'Ủy ban nhân dân tỉnh Hưng Yên',
      place: 'Hưng Yên',
      issuedOn: '2025-08-27',
      signer: 'Phạm Văn Nghiêm',
      effectiveOn: '2025-08-27',
      amends: [],
    });
    expect(knowledge.document.title).toMatch(/^Quyết định 719\/QĐ-UBND .*Chương trình phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Hưng Yên/u);
    expect(knowledge.document.legalBases).toHaveLength(7);
    expect(knowledge.document.legalBases[1]).toContain('57-NQ/TW');
    expect(knowledge.document.legalBases[6]).toMatch(/^Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ/u);
    expect(knowledge.document.relatedDocuments[0]).toBe('Nghị định 85/2016/NĐ-CP về bảo đảm an toàn hệ thống thông tin theo cấp độ');
    expect(JSON.stringify(knowledge)).not.toContain('gói cước');
  });

  it('numbers its 119 sections as the document does, each knowing what it is about', () => {
    expect(knowledge.sections).toHaveLength(119);
    const ids = knowledge.sections.map((section) => section.id);
    for (const id of ['Dieu.1', 'Dieu.3', 'I.1.a', 'I.2.đ', 'II.A.3.g', 'II.A.5.2.b', 'II.B.4', 'III', 'IV.2', 'IV.5']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(knowledge.sections.every((section) => section.documentId === '719')).toBe(true);
    const budget = knowledge.sections.find((section) => section.id === 'II.A.3.g')!;
    expect(budget.text).toContain('3% tổng chi ngân sách');
    expect(budget.path[0]).toBe('II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU');
    expect(knowledge.sections.find((section) => section.id === 'IV.1')!.text).toContain('phương châm 6 rõ');
    const kind = (id: string) => knowledge.sections.find((section) => section.id === id)!.kind;
    expect([kind('Dieu.2'), kind('I'), kind('I.2'), kind('II'), kind('II.A.3.g'), kind('III'), kind('IV'), kind('IV.5')]).toEqual([
      'effect', 'purpose', 'requirements', 'tasks', 'tasks', 'funding', 'organisation', 'organisation',
    ]);
  });

  it('reads its two task tables by their headers', () => {
    expect(knowledge.tables.map((table) => [table.index, table.appendix, table.columns.map((column) => column.role)])).toEqual([
      [1, 1, ['row', 'name', 'lead', 'partners', 'result', 'deadline']],
      [2, 2, ['row', 'code', 'name', 'content', 'lead', 'partners', 'deadline', 'funding']],
    ]);
    expect(knowledge.tables[1]!.title).toMatch(/^DANH MỤC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN CHUYỂN ĐỔI SỐ/u);
  });

  it('finds 203 tasks: 33 + 170, the numbered rows counted in the text and three unnumbered ones', () => {
    expect(knowledge.tasks).toHaveLength(203);
    const numbered = numberedRowsPerAppendix(readFileSync(SEED_FILE, 'utf8'));
    expect(numbered).toEqual([33, 167]);
    expect(knowledge.tasks.filter((candidate) => candidate.appendix === 1)).toHaveLength(33);
    expect(knowledge.tasks.filter((candidate) => candidate.appendix === 2)).toHaveLength(170);
    const unnumbered = knowledge.tasks.filter((candidate) => /[a-z]$/u.test(candidate.row)).map((candidate) => candidate.id);
    expect(unnumbered).toEqual(['PL2.3a', 'PL2.20a', 'PL2.92a']);
    expect(knowledge.tasks.filter((candidate) => candidate.appendix === 2).length - unnumbered.length).toBe(numbered[1]);
    const ids = knowledge.tasks.map((candidate) => candidate.id);
    expect(new Set(ids).size).toBe(203);
    expect(knowledge.tasks.every((candidate) => candidate.documentId === '719' && candidate.table === candidate.appendix)).toBe(true);
  });

  it('reads Phụ lục I rows whose deadline broke onto the next line', () => {
    expect(task('PL1.1')).toMatchObject({ lead: { ids: ['tat-ca'] }, deadline: { kind: 'ongoing', text: 'Thường xuyên' }, result: null });
    expect(task('PL1.4').lead!.ids).toEqual(['so-tc', 'ubnd-xa']);
    expect(task('PL1.11')).toMatchObject({ lead: { ids: ['so-khcn'] }, result: 'Đề án được phê duyệt' });
    expect(task('PL1.11').partners!.ids).toEqual(['so-tc', 'so-nv', 'tat-ca']);
    expect(due('PL1.11')).toBe('2026-04-30');
    expect(due('PL1.10')).toBe('2026-01-31');
    expect(due('PL1.24')).toBe('2030-12-31');
    expect(task('PL1.9').deadline.kind).toBe('conditional');
    expect(due('PL1.33')).toBe('2025-12-31');
    expect(task('PL1.33').lead!.ids).toEqual(['ttxt', 'vp-ubnd']);
    expect(task('PL1.14')).toMatchObject({ lead: { ids: ['so-nnmt'] }, deadline: { kind: 'date', text: 'Tháng 9/2025', due: '2025-09-30' } });
  });

  it('lets rows inherit merged cells within their task code (3/3a, 5–9)', () => {
    expect(task('PL2.3')).toMatchObject({ code: 'CQS1.1', lead: { text: 'Văn phòng UBND tỉnh' } });
    expect(task('PL2.3a')).toMatchObject({ code: 'CQS1.1', lead: { ids: ['vp-ubnd'] }, funding: 'Ngân sách địa phương' });
    expect(task('PL2.2').lead!.ids).toEqual(['so-khcn']);
    expect(task('PL2.5')).toMatchObject({ code: 'CQS1.2', lead: { ids: ['so-khcn'] }, deadline: { text: '2025 - 2030' } });
    expect(task('PL2.7')).toMatchObject({ lead: { ids: ['so-khcn'] }, deadline: { kind: 'date', due: '2026-12-31' } });
    expect(task('PL2.8')).toMatchObject({ lead: { ids: ['tat-ca'] }, deadline: { kind: 'ongoing' } });
    expect(task('PL2.9')).toMatchObject({ lead: { ids: ['so-vhttdl'] }, deadline: { kind: 'period', start: '2026-01-01', due: '2030-12-31' } });
    expect(task('PL2.11')).toMatchObject({ code: 'CQS2.1', lead: { ids: ['vp-ubnd'] }, partners: { ids: ['so-khcn'] } });
    expect(task('PL2.11').inherited).toEqual(['lead', 'partners', 'deadline', 'funding']);
    expect(task('PL2.10').inherited).toEqual([]);
  });

  it('groups rows under their block and code group', () => {
    expect(task('PL2.1')).toMatchObject({ block: { code: 'A' }, group: { code: 'CQS1', title: 'Phát triển cơ sở hạ tầng và nền tảng dữ liệu chung của tỉnh' } });
    expect(task('PL1.1').group).toEqual({ code: 'I', title: 'Hoàn thiện thể chế chính sách tạo đột phá, đảm bảo nguồn lực' });
    expect(task('PL1.1').block).toBeNull();
    expect(task('PL1.1').code).toBeNull();
  });

  it('reads rows 20a, 46–47 and 82–84 as a reader of the printed table would', () => {
    expect(task('PL2.20a')).toMatchObject({ code: 'CQS4.3', lead: { ids: ['vp-ubnd'] }, partners: { ids: ['ubnd-xa'] } });
    expect(task('PL2.46').funding).toBe('Ngân sách địa phương');
    expect(task('PL2.47')).toMatchObject({ lead: { ids: ['so-ct'] }, deadline: { kind: 'ongoing' }, funding: 'Ngân sách địa phương' });
    expect(task('PL2.82')).toMatchObject({ code: 'KTS8.2', lead: { ids: ['so-nnmt'] }, partners: { ids: ['ubnd-xa'] } });
    expect(task('PL2.84')).toMatchObject({ code: 'KTS8.2', lead: { ids: ['so-nnmt'] }, deadline: { text: '2025-2030' } });
  });

  it('keeps agencies and deadlines apart in rows 60–68', () => {
    for (const id of ['PL2.60', 'PL2.63', 'PL2.64', 'PL2.66']) expect(task(id).lead!.ids).toEqual(['tat-ca']);
    expect(task('PL2.60').deadline.kind).toBe('yearly');
    expect(task('PL2.64').funding).toBeNull();
    expect(task('PL2.67').lead!.ids).toEqual(['bql-kkt-kcn']);
    expect(task('PL2.68')).toMatchObject({ code: 'KTS5.1', lead: { ids: ['so-khcn'] }, deadline: { due: '2026-12-31' } });
  });

  it('joins "Khu kinh tế" on row 89 to the agency broken off above it', () => {
    for (const id of ['PL2.87', 'PL2.88', 'PL2.89']) {
      expect(task(id).lead).toEqual({ text: 'Ban quản các khu công nghiệp/ Khu kinh tế', ids: ['bql-kkt-kcn'] });
    }
  });

  it('gives row 92a its own code KTS11.1', () => {
    expect(task('PL2.92a')).toMatchObject({ code: 'KTS11.1', group: { code: 'KTS11' }, funding: 'Ngân sách địa phương' });
    expect(task('PL2.92').funding).toBe('Nguồn vốn từ Bộ ngành TW');
  });

  it('says that row 115 names no agency instead of inventing one, and 116 onwards do', () => {
    expect(task('PL2.115')).toMatchObject({ code: 'XHS1.1', lead: null, partners: null, deadline: { kind: 'none' } });
    expect(knowledge.warnings.some((warning) => warning.includes('PL2.115') && warning.includes('chủ trì'))).toBe(true);
    expect(knowledge.warnings.some((warning) => warning.includes('PL2.115') && warning.includes('thời hạn'))).toBe(true);
    expect(task('PL2.116').lead!.ids).toEqual(['bao-ptth']);
    expect(task('PL2.118').lead!.ids).toEqual(['bao-ptth']);
    expect(task('PL2.119').lead!.text).toBe('Báo và Phát thành. truyền hình tỉnh');
    expect(task('PL2.119').lead!.ids).toEqual(['bao-ptth']);
  });

  it('lets row 146 with only empty cells inherit XHS5.2', () => {
    expect(task('PL2.146')).toMatchObject({ code: 'XHS5.2', lead: { ids: ['so-yt'] }, partners: { ids: ['don-vi-y-te'] }, deadline: { text: '2025-2030' } });
  });

  it('keeps the codes printed twice and reports them', () => {
    expect(knowledge.tasks.filter((candidate) => candidate.code === 'CQS7.2').map((candidate) => candidate.id)).toEqual([
      'PL2.26', 'PL2.27', 'PL2.28', 'PL2.29', 'PL2.36',
    ]);
    expect(task('PL2.26').group!.code).toBe('CQS6');
    expect(task('PL2.36').group!.code).toBe('CQS7');
    expect(knowledge.tasks.filter((candidate) => candidate.code === 'XHS6.2').map((candidate) => candidate.id)).toEqual(['PL2.150', 'PL2.151']);
    expect(task('PL2.151').deadline).toEqual({ kind: 'conditional', text: 'Theo lộ trình của Bộ Công an' });
    expect(knowledge.warnings.filter((warning) => /in hai lần/u.test(warning))).toHaveLength(2);
  });

  it('reads funding sources, including the ones from ministries', () => {
    const ministry = knowledge.tasks.filter((candidate) => candidate.funding === 'Nguồn vốn từ Bộ ngành TW').map((candidate) => candidate.id);
    expect(ministry).toEqual(['PL2.51', 'PL2.52', 'PL2.53', 'PL2.54', 'PL2.55', 'PL2.56', 'PL2.70', 'PL2.71', 'PL2.72', 'PL2.90', 'PL2.91', 'PL2.92']);
    expect(task('PL2.40')).toMatchObject({ lead: { ids: ['cong-an'] }, deadline: { kind: 'period', due: '2027-12-31' } });
    expect(task('PL2.57')).toMatchObject({ lead: { ids: ['doanh-nghiep'] }, partners: { ids: ['so-tc'] } });
  });

  it('has no deadline form it could not read, and every other row has a lead it recognised', () => {
    expect(knowledge.tasks.filter((candidate) => candidate.deadline.kind === 'unknown')).toEqual([]);
    expect(knowledge.tasks.filter((candidate) => !candidate.lead || candidate.lead.ids.length === 0).map((candidate) => candidate.id)).toEqual(['PL2.115']);
    expect(knowledge.warnings).toHaveLength(4);
  });

  it('lists every agency its cells name, once, as the gazetteer knows it', () => {
    const listed = new Set(knowledge.agencies.map((agency) => agency.id));
    expect(listed.size).toBe(knowledge.agencies.length);
    const named = knowledge.tasks.flatMap((candidate) => [...(candidate.lead?.ids ?? []), ...(candidate.partners?.ids ?? [])]);
    for (const id of named) expect(listed, id).toContain(id);
    const known = new Set(gazetteer().entries.map((entry) => entry.id));
    expect(knowledge.agencies.filter((agency) => !known.has(agency.id)).map((agency) => agency.id)).toEqual([]);
    expect(knowledge.agencies.find((agency) => agency.id === 'so-khcn')!.aliases).toEqual(expect.arrayContaining(['Sở Khoa học và Công nghệ', 'Sở KH&CN']));
  });

  it('matches the reviewed files committed in knowledge/documents/719 (run npm run knowledge:review after a change)', () => {
    const reviewed = reviewedDocuments();
    expect(reviewed.map((document) => document.id)).toEqual(['719']);
    // Part by part first, so a drift names the file to review.
    const [committed] = reviewed;
    for (const part of ['document', 'sections', 'tables', 'tasks', 'indicators', 'warnings', 'agencies'] as const) expect(committed![part], part).toEqual(knowledge[part]);
    expect(committed).toEqual(knowledge);
  });
});
