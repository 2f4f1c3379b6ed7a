/**
 * The interpreter over the whole development corpus (test/fixtures/corpus). The expected task counts are not the
 * interpreter's: they are counted here from the raw files by the rules of the corpus README ("How the task rows were
 * counted"), ported to a small counter that knows nothing of src/, and checked against the README's own figures.
 * Then each document's facts as the README describes them: metadata, tables and their header lines, ids, deadlines
 * and the quirks of each file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentKnowledge, Task } from '../../../src/documents/types.ts';
import { corpusDocuments, corpusFiles } from '../../knowledge/data.ts';

// ---------------------------------------------------------------------------------------------------------------
// The README's counter. Markdown: crawl rows ('|' alone on a line separates cells, two in a row end a row); a task
// table starts at a header (a cell "STT"/"TT" followed within 9 cells by an agency cell and a time cell, possibly in
// the middle of a crawl row); in a table, a row whose first cell is a plain number is a numbered task row, a bold
// first cell or a Roman numeral or a letter is a group heading, any other row with text is unnumbered. DOCX: the
// same on the w:tbl whose first row names an agency and a time column; a row whose STT cell continues a vertical
// merge is a continuation row.

interface Count {
  /** Numbered task rows per task table. */
  numbered: number[];
  /** Unnumbered rows: their cleaned cells. */
  unnumbered: string[][];
  /** DOCX: rows continuing a vertical merge of the STT cell, per table. */
  continuation: number[];
}

function crawlRows(text: string): string[][] {
  const out: string[][] = [];
  let cells: string[] = [];
  let cell: string[] = [];
  let bars = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '|') {
      bars += 1;
      if (bars >= 2 && cell.length === 0) {
        if (cells.some((value) => value.trim() !== '')) out.push(cells);
        cells = [];
        bars = 1;
      } else {
        cells.push(cell.join('\n'));
        cell = [];
        bars = 1;
      }
    } else if (line.trim() !== '' || cell.length > 0) {
      cell.push(line);
      bars = 0;
    }
  }
  if (cell.length > 0) cells.push(cell.join('\n'));
  if (cells.length > 0) out.push(cells);
  return out;
}

const clean = (text: string) => text.replace(/\*/gu, '').replace(/\s+/gu, ' ').trim();
const AGENCY_HEADER = /chủ trì|thực hiện|trách nhiệm|cơ quan/iu;
const TIME_HEADER = /thời gian|thời hạn|lộ trình|hoàn thành/iu;
const NUMBER = /^0?\d+(\.\d+)*\.?$/u;
const GROUP_LABEL = /^(?:[IVXL]+|[A-Za-zĐđ])\.?$/u;

function startsTable(cells: string[]): boolean {
  return cells.some((cell, at) => {
    const near = cells.slice(at + 1, at + 10);
    return /^S?TT$/u.test(cell) && near.some((x) => AGENCY_HEADER.test(x) && x.length < 70) && near.some((x) => TIME_HEADER.test(x) && x.length < 70);
  });
}

function countMarkdown(text: string): Count {
  const count: Count = { numbered: [], unnumbered: [], continuation: [] };
  for (const raw of crawlRows(text)) {
    const cells = raw.map(clean);
    if (count.numbered.length > 0) {
      const first = cells[0] ?? '';
      if (NUMBER.test(first) && !/\*\*/u.test(raw[0] ?? '')) count.numbered[count.numbered.length - 1]! += 1;
      else if (/\*\*/u.test(raw[0] ?? '') || GROUP_LABEL.test(first)) {
        // a group heading
      } else if (cells.some((cell) => cell !== '')) count.unnumbered.push(cells);
    }
    // The header may sit in the row that holds the last task of the table before (624's missing row boundaries).
    if (startsTable(cells)) {
      count.numbered.push(0);
      count.continuation.push(0);
    }
  }
  return count;
}

function topLevel(xml: string, tag: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (const match of xml.matchAll(new RegExp(`<${tag}[ >]|</${tag}>`, 'gu'))) {
    if (match[0].startsWith('</')) {
      depth -= 1;
      if (depth === 0) out.push(xml.slice(start, match.index + match[0].length));
    } else {
      if (depth === 0) start = match.index;
      depth += 1;
    }
  }
  return out;
}

function countDocx(bytes: Uint8Array): Count {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
  const text = (fragment: string) => clean([...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((match) => match[1]).join(''));
  const count: Count = { numbered: [], unnumbered: [], continuation: [] };
  for (const table of topLevel(xml, 'w:tbl')) {
    const [header, ...rows] = topLevel(table, 'w:tr');
    const labels = topLevel(header ?? '', 'w:tc').map(text);
    if (!labels.some((label) => AGENCY_HEADER.test(label) && label.length < 70) || !labels.some((label) => TIME_HEADER.test(label) && label.length < 70)) continue;
    count.numbered.push(0);
    count.continuation.push(0);
    const at = count.numbered.length - 1;
    for (const row of rows) {
      const cells = topLevel(row, 'w:tc');
      const stt = cells[0] ?? '';
      const label = text(stt);
      if (/<w:vMerge(?![^>]*w:val="restart")[^>]*\/?>/u.test(stt)) count.continuation[at]! += 1;
      else if (NUMBER.test(label) && !/<w:b(?: w:val="(?:1|true|on)")?\/>/u.test(stt)) count.numbered[at]! += 1;
      else if (/<w:b(?: w:val="(?:1|true|on)")?\/>/u.test(stt) || GROUP_LABEL.test(label)) {
        // a group heading
      } else if (cells.some((cell) => text(cell) !== '')) count.unnumbered.push(cells.map(text));
    }
  }
  return count;
}

function countFile(file: string): Count {
  const bytes = new Uint8Array(readFileSync(file));
  return file.endsWith('.docx') ? countDocx(bytes) : countMarkdown(new TextDecoder().decode(bytes));
}

/**
 * Expected tasks per table: numbered rows, continuation rows, and the unnumbered rows that hold a task (a text and
 * at least one agency cell: 2820's sub-tasks "task | lead | partner"). A lone cell on a row of its own is a cell the
 * crawl split off the row above (624's "Đang thực hiện"), not a task.
 */
function expectedTasks(count: Count): { perTable: number[]; total: number; unnumberedTasks: number } {
  const unnumberedTasks = count.unnumbered.filter((cells) => cells.filter((cell) => cell !== '').length >= 2).length;
  const perTable = count.numbered.map((numbered, index) => numbered + count.continuation[index]!);
  // The counter does not place unnumbered rows in a table; every corpus document with any has one table.
  if (unnumberedTasks > 0) expect(perTable).toHaveLength(1);
  if (unnumberedTasks > 0) perTable[0]! += unnumberedTasks;
  return { perTable, total: perTable.reduce((sum, value) => sum + value, 0), unnumberedTasks };
}

/** The README's figures, by file: numbered + unnumbered/continuation rows, per task table. */
const README_COUNTS: Record<string, { numbered: number[]; extra: number }> = {
  'bo-vhttdl-6225-cv-2025.md': { numbered: [10], extra: 0 },
  'dong-thap-617-kh-ubnd-2025.md': { numbered: [11], extra: 0 },
  'ha-noi-310-kh-ubnd-2025.md': { numbered: [6], extra: 0 },
  'ho-chi-minh-2820-qd-ubnd-2025.md': { numbered: [25], extra: 3 },
  'lam-dong-kh-cchc-2026-2030.docx': { numbered: [56], extra: 3 },
  'qd-2597-qd-ttg-2025-chuyen-doi-so-xay-dung.md': { numbered: [25], extra: 0 },
  'tb-624-tb-vpcp-2025-ban-chi-dao-khcn-cds.md': { numbered: [9, 46, 19, 49], extra: 0 },
};

// ---------------------------------------------------------------------------------------------------------------

let byFile: Map<string, DocumentKnowledge>;
let byId: Map<string, DocumentKnowledge>;
beforeAll(() => {
  const documents = corpusDocuments();
  byFile = new Map(corpusFiles().map((file, index) => [path.basename(file), documents[index]!]));
  byId = new Map(documents.map((document) => [document.id, document]));
});
const doc = (id: string): DocumentKnowledge => {
  const found = byId.get(id);
  if (!found) throw new Error(`no document ${id}`);
  return found;
};
const task = (documentId: string, id: string): Task => {
  const found = doc(documentId).tasks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no task ${documentId}:${id}`);
  return found;
};
/** How many tasks print each deadline text, counting only deadlines printed on the row itself. */
const printedDeadlines = (document: DocumentKnowledge) => {
  const counts: Record<string, number> = {};
  for (const candidate of document.tasks) if (!candidate.inherited.includes('deadline')) counts[candidate.deadline.text] = (counts[candidate.deadline.text] ?? 0) + 1;
  return counts;
};

describe('the corpus counter (the README rules, from the raw files)', () => {
  it.each(Object.entries(README_COUNTS))('%s gives the README figures', (name, expected) => {
    const count = countFile(path.join(path.dirname(corpusFiles()[0]!), name));
    expect(count.numbered).toEqual(expected.numbered);
    const extra = name.endsWith('.docx') ? count.continuation.reduce((sum, value) => sum + value, 0) : expectedTasks(count).unnumberedTasks;
    expect(extra).toBe(expected.extra);
  });

  it('covers every file of the corpus', () => {
    expect(corpusFiles().map((file) => path.basename(file)).sort()).toEqual(Object.keys(README_COUNTS).sort());
  });
});

describe('the interpreter on the corpus', () => {
  it('finds, in every document and every task table, as many tasks as the counter counts in the raw file', () => {
    const found: Record<string, number[]> = {};
    const counted: Record<string, number[]> = {};
    for (const file of corpusFiles()) {
      const name = path.basename(file);
      const knowledge = byFile.get(name)!;
      found[name] = knowledge.tables.map((table) => knowledge.tasks.filter((candidate) => candidate.table === table.index).length);
      counted[name] = expectedTasks(countFile(file)).perTable;
    }
    expect(found).toEqual(counted);
    expect(Object.values(found).map((perTable) => perTable.reduce((sum, value) => sum + value, 0))).toEqual([10, 11, 6, 28, 59, 25, 123]);
  });

  it('gives every task and section a unique id qualified by its document, and every table row a table', () => {
    for (const knowledge of byFile.values()) {
      const ids = knowledge.tasks.map((candidate) => candidate.id);
      expect(new Set(ids).size, knowledge.id).toBe(ids.length);
      expect(new Set(knowledge.sections.map((section) => section.id)).size, knowledge.id).toBe(knowledge.sections.length);
      expect(knowledge.tasks.every((candidate) => candidate.documentId === knowledge.id && candidate.content !== '')).toBe(true);
      expect(knowledge.sections.every((section) => section.documentId === knowledge.id)).toBe(true);
      const tables = new Set(knowledge.tables.map((table) => table.index));
      expect(knowledge.tasks.every((candidate) => tables.has(candidate.table))).toBe(true);
    }
    expect([...byId.keys()].sort()).toEqual(['2597', '2820', '310', '617', '6225', '624', 'kh-lam-dong-2026']);
  });

  it('lists in each document every agency its cells name', () => {
    for (const knowledge of byFile.values()) {
      const listed = new Set(knowledge.agencies.map((agency) => agency.id));
      expect(listed.size, knowledge.id).toBe(knowledge.agencies.length);
      for (const candidate of knowledge.tasks) {
        for (const id of [...(candidate.lead?.ids ?? []), ...(candidate.partners?.ids ?? []), ...(candidate.followUp?.ids ?? [])]) expect(listed, `${knowledge.id}:${candidate.id}`).toContain(id);
      }
    }
  });

  it('finds each task table at the header line the README gives', () => {
    const lines = Object.fromEntries([...byId].map(([id, knowledge]) => [id, knowledge.tables.map((table) => table.line)]));
    expect(lines).toMatchObject({ '2597': [517], '624': [269, 408, 1064, 1348], '2820': [461], '617': [300], '6225': [152], '310': [419] });
  });

  it('reads each document\'s number, kind, issuer, date and signer from the document itself', () => {
    const meta = (id: string) => {
      const { number, type, issuer, place, issuedOn, signer } = doc(id).document;
      return { number, type, issuer, place, issuedOn, signer };
    };
    expect(meta('2597')).toEqual({ number: '2597/QĐ-TTg', type: 'Quyết định', issuer: 'Thủ tướng Chính phủ', place: null, issuedOn: '2025-11-27', signer: 'Trần Hồng Hà' });
    expect(meta('624')).toEqual({ number: '624/TB-VPCP', type: 'Thông báo', issuer: 'Văn phòng Chính phủ', place: null, issuedOn: '2025-11-16', signer: 'Phạm Mạnh Cường' });
    expect(meta('2820')).toEqual({ number: '2820/QĐ-UBND', type: 'Quyết định', issuer: 'Ủy ban nhân dân thành phố Hồ Chí Minh', place: 'Hồ Chí Minh', issuedOn: '2025-11-19', signer: 'Nguyễn Lộc Hà' });
    expect(meta('617')).toEqual({ number: '617/KH-UBND', type: 'Kế hoạch', issuer: 'Ủy ban nhân dân tỉnh Đồng Tháp', place: 'Đồng Tháp', issuedOn: '2025-12-01', signer: 'Huỳnh Minh Tuấn' });
    expect(meta('6225')).toEqual({ number: '6225/BVHTTDL-VP', type: 'Công văn', issuer: 'Bộ Văn hóa, Thể thao và Du lịch', place: null, issuedOn: '2025-11-18', signer: 'Nguyễn Văn Hùng' });
    expect(meta('310')).toEqual({ number: '310/KH-UBND', type: 'Kế hoạch', issuer: 'Ủy ban nhân dân thành phố Hà Nội', place: 'Hà Nội', issuedOn: '2025-11-24', signer: 'Trương Việt Dũng' });
    expect(meta('kh-lam-dong-2026')).toEqual({ number: null, type: 'Kế hoạch', issuer: 'Ủy ban nhân dân tỉnh Lâm Đồng', place: 'Lâm Đồng', issuedOn: null, signer: 'Nguyễn Ngọc Phúc' });
    expect(doc('kh-lam-dong-2026').document.issuedText).toBe('Lâm Đồng, ngày tháng 3 năm 2026');
    expect(doc('2597').document.title).toBe('Quyết định 2597/QĐ-TTg phê duyệt đề án chuyển đổi số trong hoạt động xây dựng, quản lý, khai thác kết cấu hạ tầng xây dựng');
    expect(doc('kh-lam-dong-2026').document.title).toBe('Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng');
    expect(doc('2820').document.effectiveOn).toBe('2025-11-19');
    expect(doc('2597').document.signerTitle).toBe('KT. THỦ TƯỚNG, PHÓ THỦ TƯỚNG');
    expect(doc('kh-lam-dong-2026').document.legalBases.at(-1)).toMatch(/^Căn cứ Quyết định số 282\/QĐ-TTg ngày 12\/02\/2026/u);
  });

  it('reads the format of each file by its content', () => {
    expect(Object.fromEntries([...byFile].map(([name, knowledge]) => [name, knowledge.format]))).toEqual({
      'bo-vhttdl-6225-cv-2025.md': 'crawl-markdown',
      'dong-thap-617-kh-ubnd-2025.md': 'crawl-markdown',
      'ha-noi-310-kh-ubnd-2025.md': 'crawl-markdown',
      'ho-chi-minh-2820-qd-ubnd-2025.md': 'crawl-markdown',
      'lam-dong-kh-cchc-2026-2030.docx': 'docx',
      'qd-2597-qd-ttg-2025-chuyen-doi-so-xay-dung.md': 'crawl-markdown',
      'tb-624-tb-vpcp-2025-ban-chi-dao-khcn-cds.md': 'crawl-markdown',
    });
  });
});

describe('2597/QĐ-TTg: 25 tasks in 7 groups, numbering restarting in each', () => {
  it('puts the group in the id because numbering restarts', () => {
    const knowledge = doc('2597');
    const sizes = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'].map((group) => knowledge.tasks.filter((candidate) => candidate.group?.code === group).length);
    expect(sizes).toEqual([5, 4, 6, 3, 1, 3, 3]);
    expect(knowledge.tasks[0]!.id).toBe('PL.I.1');
    expect(knowledge.tasks.at(-1)!.id).toBe('PL.VII.3');
    expect(task('2597', 'PL.I.1')).toMatchObject({ group: { code: 'I', title: 'CƠ CHẾ, CHÍNH SÁCH' }, lead: { ids: ['bo-xd'] }, deadline: { kind: 'date', text: '2026', due: '2026-12-31' } });
  });

  it('prints the deadlines the README lists', () => {
    expect(printedDeadlines(doc('2597'))).toEqual({ '2026-2030': 12, '2026': 5, '2026-2027': 5, '2026-2028': 3 });
  });

  it('reads a lead naming two bodies', () => {
    const twoBodies = doc('2597').tasks.filter((candidate) => candidate.lead?.text === 'Bộ Xây dựng, các địa phương');
    expect(twoBodies.length).toBeGreaterThan(0);
    for (const candidate of twoBodies) expect(candidate.lead!.ids).toEqual(['bo-xd', 'dia-phuong']);
  });
});

describe('624/TB-VPCP: four tables in two appendices, no blank lines', () => {
  it('numbers tasks by appendix and table: 9 + 46 + 19 in Phụ lục I, 49 in Phụ lục II', () => {
    const knowledge = doc('624');
    expect(knowledge.tables.map((table) => [table.appendix, knowledge.tasks.filter((candidate) => candidate.table === table.index).length])).toEqual([
      [1, 9],
      [1, 46],
      [1, 19],
      [2, 49],
    ]);
    expect(knowledge.tasks.filter((candidate) => candidate.table === 1).map((candidate) => candidate.id).slice(0, 2)).toEqual(['PL1.B1.1', 'PL1.B1.2']);
    expect(knowledge.tasks.filter((candidate) => candidate.table === 3).at(-1)!.id).toBe('PL1.B3.19');
    expect(knowledge.tables.map((table) => table.columns.map((column) => column.role))).toEqual([
      ['row', 'name', 'source', 'lead', 'deadline'],
      ['row', 'name', 'source', 'lead', 'deadline'],
      ['row', 'name', 'source', 'lead', 'deadline'],
      ['row', 'name', 'lead', 'deadline', 'result', 'progress'],
    ]);
  });

  it('keeps the labels printed twice (22, 37) with a suffix, and 38 missing, and says so', () => {
    const rows = doc('624').tasks.filter((candidate) => candidate.table === 4).map((candidate) => candidate.id);
    expect(rows).toContain('PL2.22-2');
    expect(rows).toContain('PL2.37-2');
    expect(rows).not.toContain('PL2.38');
    expect(doc('624').warnings.filter((warning) => /được in hai lần/u.test(warning))).toHaveLength(2);
  });

  it('reads exact dates, the document that assigned each overdue task, and the printed progress', () => {
    const knowledge = doc('624');
    expect(knowledge.tasks.filter((candidate) => candidate.table < 4).every((candidate) => candidate.assignedBy !== null && candidate.deadline.kind === 'date')).toBe(true);
    expect(task('624', 'PL1.B1.9')).toMatchObject({ assignedBy: 'Nghị quyết số 71/NQ-CP', deadline: { kind: 'date', text: '30/09/2025', due: '2025-09-30', precision: 'day' }, lead: { ids: ['tat-ca'] } });
    expect(task('624', 'PL2.1')).toMatchObject({ progress: 'Đã hoàn thành quá hạn', lead: { ids: ['bo-khcn'] } });
    // The status cell the crawl split off into a row of its own completes its row (README: lines 1941 and 2110).
    expect(task('624', 'PL2.24').progress).toBe('Đang thực hiện');
    expect(task('624', 'PL2.31').progress).toBe('Chưa hoàn thành');
  });

  it('groups Phụ lục II under its 15 "Nhiệm vụ giao … chỉ đạo" headings, and drops the footnote', () => {
    const groups = new Set(doc('624').tasks.filter((candidate) => candidate.table === 4).map((candidate) => candidate.group?.title));
    expect(groups.size).toBe(15);
    for (const title of groups) expect(title).toMatch(/^Nhiệm vụ giao .* chỉ đạo$/u);
    expect(task('624', 'PL2.1').group!.title).toBe('Nhiệm vụ giao Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo');
    expect(JSON.stringify(doc('624').tasks)).not.toContain('[1] Tuyên Quang');
    expect(doc('624').warnings.some((warning) => warning.includes('chú thích'))).toBe(true);
  });
});

describe('2820/QĐ-UBND: a Kế hoạch attached to the Quyết định, 25 + 3 unnumbered rows', () => {
  it('gives the three sub-tasks the label above plus a letter, inheriting the deadline they do not print', () => {
    const knowledge = doc('2820');
    const unnumbered = knowledge.tasks.filter((candidate) => /[a-z]$/u.test(candidate.row));
    expect(unnumbered.map((candidate) => candidate.id)).toEqual(['PL.II.1a', 'PL.IV.2a', 'PL.V.1a']);
    for (const candidate of unnumbered) expect(candidate.inherited).toContain('deadline');
    expect(task('2820', 'PL.II.1a')).toMatchObject({ lead: { ids: ['trung-tam-chuyen-doi-so-thanh-pho'] }, deadline: task('2820', 'PL.II.1').deadline });
    expect(task('2820', 'PL.IV.2a')).toMatchObject({ lead: { ids: ['so-khcn'] }, partners: { ids: ['so-tc'] } });
    const sizes = ['I', 'II', 'III', 'IV', 'V', 'VI'].map((group) => knowledge.tasks.filter((candidate) => candidate.group?.code === group && !/[a-z]$/u.test(candidate.row)).length);
    expect(sizes).toEqual([4, 3, 6, 4, 3, 5]);
  });

  it('prints the deadlines the README lists, on its 25 numbered rows', () => {
    expect(printedDeadlines(doc('2820'))).toEqual({
      'Quý IV/2026': 10,
      'Năm 2025-2030': 3,
      'Hằng năm.': 3,
      'Năm 2025 - 2026': 2,
      'Quý IV/2025': 1,
      'Quý II/2027': 1,
      'Quý I/2030': 1,
      'Quý II/2030': 1,
      'Năm 2026': 1,
      'Khi có phát sinh.': 1,
      'Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính': 1,
    });
  });

  it('reads its seven columns, funding included, and the articles of the Quyết định before the plan', () => {
    expect(doc('2820').tables[0]!.columns.map((column) => column.role)).toEqual(['row', 'name', 'lead', 'partners', 'deadline', 'result', 'funding']);
    expect(doc('2820').sections.slice(0, 3).map((section) => section.id)).toEqual(['Dieu.1', 'Dieu.2', 'Dieu.3']);
    expect(doc('2820').warnings).toEqual([]);
  });
});

describe('617/KH-UBND, 6225/BVHTTDL-VP and 310/KH-UBND', () => {
  it('617: eleven tasks numbered on across four groups written "I. …" in one cell, deadlines spelt "Quí"', () => {
    const knowledge = doc('617');
    expect(knowledge.tasks.map((candidate) => candidate.id)).toEqual(Array.from({ length: 11 }, (_, index) => `PL.${index + 1}`));
    expect([...new Set(knowledge.tasks.map((candidate) => candidate.group?.code))]).toEqual(['I', 'II', 'III', 'IV']);
    expect(task('617', 'PL.1').group).toEqual({ code: 'I', title: 'NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY' });
    expect(task('617', 'PL.1').lead).toEqual({ text: 'Sở KH&CN', ids: ['so-khcn'] });
    expect(printedDeadlines(knowledge)).toEqual({ 'Quí IV-2025': 5, 'Thường xuyên': 4, 'Thường xuyên, hằng năm': 1, 'Hằng năm': 1 });
    expect(knowledge.tasks.filter((candidate) => candidate.deadline.text === 'Quí IV-2025').every((candidate) => candidate.deadline.kind === 'date')).toBe(true);
  });

  it('6225: the letterhead lost, the number and date read from the appendix caption; two "who" columns', () => {
    const knowledge = doc('6225');
    expect(knowledge.tables[0]!.columns.map((column) => column.role)).toEqual(['row', 'name', 'responsible', 'lead', 'partners', 'result', 'deadline']);
    expect(knowledge.tasks.map((candidate) => candidate.id)).toEqual(Array.from({ length: 10 }, (_, index) => `PL.${index + 1}`));
    expect(knowledge.tasks.every((candidate) => candidate.group === null)).toBe(true);
    expect(task('6225', 'PL.2').responsible).toMatch(/^Cục trưởng Cục Du lịch Quốc gia Việt Nam/u);
    expect(task('6225', 'PL.4').deadline).toEqual({ kind: 'conditional', text: 'Theo lộ trình được giao tại Kế hoạch số 02-KH/BCĐTW' });
    // Task 10 runs into the footnote: its deadline is still read, the footnote is not a task.
    expect(task('6225', 'PL.10').deadline).toMatchObject({ kind: 'date', due: '2025-12-31' });
    expect(printedDeadlines(knowledge)).toEqual({
      'Tháng 12/2025': 5,
      'Tháng 11/2025': 1,
      '31/12/2025': 1,
      '01/01/2026': 1,
      '01/03/2026': 1,
      'Theo lộ trình được giao tại Kế hoạch số 02-KH/BCĐTW': 1,
    });
    expect(task('6225', 'PL.1').lead!.ids).toEqual(['cuc-di-san-van-hoa', 'cuc-ban-quyen-tac-gia']);
  });

  it('6225: reads the five Cục of task 4 listed after one "Các Cục:"', () => {
    const lead = task('6225', 'PL.4').lead!;
    expect(lead.ids.filter((id) => id.startsWith('cuc-'))).toHaveLength(5);
    expect(lead.ids).toEqual(expect.arrayContaining(['cuc-ban-quyen-tac-gia', 'cuc-du-lich-quoc-gia-viet-nam', 'cuc-phat-thanh-truyen-hinh-va-thong-tin-dien-tu', 'vu-ke-hoach-tai-chinh']));
    expect(doc('6225').agencies.map((agency) => agency.id)).not.toContain('bao-chi');
  });

  it('310: six tasks without groups; a lead that is not an agency; two agencies run together', () => {
    const knowledge = doc('310');
    expect(knowledge.tasks).toHaveLength(6);
    expect(knowledge.tasks.every((candidate) => candidate.group === null)).toBe(true);
    expect(task('310', 'PL.1').partners!.ids).toEqual(['so-khcn', 'so-ct', 'ubnd-xa']);
    expect(printedDeadlines(knowledge)).toEqual({ 'Thường xuyên': 3, 'Quý III Năm 2026': 1, 'Quý IV/2025- Quý II/2026': 1, 'Hàng năm': 1 });
    expect(knowledge.tasks.find((candidate) => candidate.deadline.text === 'Quý IV/2025- Quý II/2026')!.deadline).toEqual({
      kind: 'period',
      text: 'Quý IV/2025- Quý II/2026',
      start: '2025-10-01',
      due: '2026-06-30',
    });
    const business = knowledge.tasks.find((candidate) => candidate.lead?.text.startsWith('Doanh nghiệp, nhà cung cấp dịch vụ IoT'));
    expect(business?.lead!.ids).toContain('doanh-nghiep');
  });
});

describe('Lâm Đồng: a real Word file, a draft without a number', () => {
  it('reads 56 numbered rows and 3 continuation rows of merged cells, each with its own product, deadline and lead', () => {
    const knowledge = doc('kh-lam-dong-2026');
    const sizes = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'].map((group) => knowledge.tasks.filter((candidate) => candidate.group?.code === group && !/[a-z]$/u.test(candidate.row)).length);
    expect(sizes).toEqual([4, 12, 5, 4, 6, 12, 13]);
    expect(knowledge.tasks.filter((candidate) => /[a-z]$/u.test(candidate.row)).map((candidate) => candidate.id)).toEqual(['PL.VII.2a', 'PL.VII.3a', 'PL.VII.5a']);
    for (const row of ['2', '3', '5']) {
      const first = task('kh-lam-dong-2026', `PL.VII.${row}`);
      const second = task('kh-lam-dong-2026', `PL.VII.${row}a`);
      expect(second.name).toBe(first.name);
      for (const field of ['lead', 'deadline', 'result'] as const) expect(second.inherited, `${row}a ${field}`).not.toContain(field);
    }
    expect(task('kh-lam-dong-2026', 'PL.VII.5a')).toMatchObject({ lead: { ids: ['so-nv'] }, deadline: { kind: 'recurring', text: 'Trước ngày 05 của tháng liền kề' } });
  });

  it('reads the follow-up column, the row numbered "09", and the deadlines the README names', () => {
    const knowledge = doc('kh-lam-dong-2026');
    expect(knowledge.tables[0]!.columns.map((column) => column.role)).toEqual(['row', 'name', 'result', 'deadline', 'lead', 'partners', 'follow_up']);
    expect(task('kh-lam-dong-2026', 'PL.I.1').followUp).toEqual({ text: 'Sở Tư pháp', ids: ['so-tp'] });
    expect(knowledge.tasks.filter((candidate) => candidate.row === '9').length).toBeGreaterThan(0);
    expect(knowledge.tasks.some((candidate) => candidate.row === '09')).toBe(false);
    const kinds = Object.fromEntries(knowledge.tasks.map((candidate) => [candidate.deadline.text, candidate.deadline.kind]));
    expect(kinds).toMatchObject({
      'Hằng năm': 'yearly',
      'Năm 2026': 'date',
      'Trước ngày 31/01 năm liền kề': 'yearly',
      'Trước ngày 05 của tháng liền kề': 'recurring',
      'Theo hướng dẫn của Trung ương': 'conditional',
    });
    expect(knowledge.tasks.filter((candidate) => candidate.deadline.kind === 'yearly').length).toBeGreaterThan(knowledge.tasks.length / 3);
    // Forms it does not know stay as printed and are reported, one warning each.
    const unknown = knowledge.tasks.filter((candidate) => candidate.deadline.kind === 'unknown');
    expect(knowledge.warnings.filter((warning) => warning.includes('không hiểu thời hạn'))).toHaveLength(unknown.length);
  });
});
