import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/catalogue/errors.ts';
import { readKnowledgeFiles } from '../../src/catalogue/ingest.ts';
import { parseDecision } from '../../src/catalogue/parse.ts';
import type { Knowledge, Task } from '../../src/catalogue/types.ts';

const SEED = new URL('../../seeds/qd-719-2025-hung-yen.txt', import.meta.url);
const FIXTURES = new URL('../fixtures/', import.meta.url);

let knowledge: Knowledge;
const task = (id: string): Task => {
  const found = knowledge.tasks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
};
const due = (id: string) => {
  const deadline = task(id).deadline;
  return deadline.kind === 'date' || deadline.kind === 'period' ? deadline.due : deadline.kind;
};

describe('the decision as published', () => {
  beforeAll(() => {
    knowledge = parseDecision(readFileSync(SEED, 'utf8'));
  });

  it('reads the metadata and drops the website banner', () => {
    expect(knowledge.document).toMatchObject({
      number: '719/QĐ-UBND',
      type: 'Quyết định',
      issuer: 'Ủy ban nhân dân tỉnh Hưng Yên',
      issuedOn: '2025-08-27',
      signer: 'Phạm Văn Nghiêm',
      effectiveOn: '2025-08-27',
    });
    expect(knowledge.document.legalBases).toHaveLength(7);
    expect(knowledge.document.legalBases[1]).toContain('57-NQ/TW');
    expect(knowledge.document.relatedDocuments[0]).toBe('Nghị định 85/2016/NĐ-CP về bảo đảm an toàn hệ thống thông tin theo cấp độ');
    expect(JSON.stringify(knowledge)).not.toContain('gói cước');
  });

  it('numbers sections as the document does', () => {
    const ids = knowledge.sections.map((section) => section.id);
    for (const id of ['Dieu.1', 'Dieu.3', 'I.1.a', 'I.2.đ', 'II.A.3.g', 'II.A.5.2.b', 'II.B.4', 'III', 'IV.2']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    const budget = knowledge.sections.find((section) => section.id === 'II.A.3.g')!;
    expect(budget.text).toContain('3% tổng chi ngân sách');
    expect(budget.path[0]).toBe('II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU');
    expect(knowledge.sections.find((section) => section.id === 'IV.1')!.text).toContain('phương châm 6 rõ');
  });

  it('finds 33 + 170 tasks with the ids of the printed rows', () => {
    expect(knowledge.tasks.filter((candidate) => candidate.appendix === 1)).toHaveLength(33);
    expect(knowledge.tasks.filter((candidate) => candidate.appendix === 2)).toHaveLength(170);
    const unnumbered = knowledge.tasks.filter((candidate) => /[a-z]$/u.test(candidate.row)).map((candidate) => candidate.id);
    expect(unnumbered).toEqual(['PL2.3a', 'PL2.20a', 'PL2.92a']);
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

  it('matches the reviewed knowledge files committed in knowledge/ (run npm run ingest after a parser change)', () => {
    expect(readKnowledgeFiles(new URL('../../knowledge', import.meta.url).pathname)).toEqual(knowledge);
  });

  it('has no deadline form it could not read', () => {
    expect(knowledge.tasks.filter((candidate) => candidate.deadline.kind === 'unknown')).toEqual([]);
  });
});

describe('another decision of the same kind', () => {
  it('reads a plan whose table says "Đơn vị thực hiện" and "Thời gian thực hiện"', () => {
    const other = parseDecision(readFileSync(new URL('other-decision.txt', FIXTURES), 'utf8'));
    expect(other.document).toMatchObject({ number: '45/QĐ-UBND', issuedOn: '2025-03-05', signer: 'Nguyễn Văn A', issuer: 'Ủy ban nhân dân tỉnh Thái Bình' });
    expect(other.sections.map((section) => section.id)).toEqual(['Dieu.1', 'Dieu.2', 'I', 'I.1', 'I.1.a', 'I.1.b', 'II', 'II.1']);
    expect(other.tasks.map((candidate) => candidate.id)).toEqual(['PL1.1', 'PL1.2', 'PL1.3', 'PL1.4']);
    expect(other.tasks[0]).toMatchObject({ lead: { ids: ['so-yt'] }, partners: { ids: ['so-tc'] }, deadline: { due: '2025-06-30' }, group: { code: 'I' } });
    expect(other.tasks[1]!.lead!.ids).toEqual(['cong-an']);
    expect(other.tasks[3]).toMatchObject({ partners: null, deadline: { kind: 'date', due: '2025-12-15', precision: 'day' } });
    expect(other.warnings).toEqual([]);
  });

  it('stops with the line it could not read', () => {
    const text = readFileSync(new URL('unreadable-row.txt', FIXTURES), 'utf8');
    expect(() => parseDecision(text)).toThrow(IngestError);
    expect(() => parseDecision(text)).toThrow(/:26: .*250 triệu đồng/u);
  });

  it('stops when a table has no deadline column', () => {
    const text = readFileSync(new URL('other-decision.txt', FIXTURES), 'utf8').replace('| Thời gian thực hiện |', '| Ghi chú |');
    expect(() => parseDecision(text)).toThrow(/không nhận ra cột "Ghi chú"/u);
  });

  it('refuses an empty or truncated file', () => {
    expect(() => parseDecision('')).toThrow(IngestError);
    const head = readFileSync(SEED, 'utf8').split('\n').slice(0, 40).join('\n');
    expect(() => parseDecision(head)).toThrow(IngestError);
  });
});
