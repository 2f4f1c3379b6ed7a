import { beforeAll, describe, expect, it } from 'vitest';
import { Bm25Index, splitPassages } from '../../src/retrieval/bm25.ts';
import type { SearchDocument } from '../../src/retrieval/types.ts';
import { seedDocuments, SMALL_CORPUS } from './fixtures.ts';

const top = (index: Bm25Index, query: string, limit = 3) => index.search(query, { limit }).map((match) => match.id);

describe('Bm25Index on a small corpus', () => {
  const index = new Bm25Index(SMALL_CORPUS);

  it('finds a task from words of its title, with or without diacritics', () => {
    expect(top(index, 'kho dữ liệu dùng chung')[0]).toBe('T1');
    expect(top(index, 'kho du lieu dung chung')[0]).toBe('T1');
  });

  it('matches "Sở KH&CN", "so khcn" and the spelled-out agency name to the same document', () => {
    const queries = ['Sở KH&CN chủ trì theo dõi đôn đốc', 'so khcn chu tri theo doi don doc', 'Sở Khoa học và Công nghệ chủ trì theo dõi đôn đốc'];
    for (const query of queries) expect(top(index, query)[0], query).toBe('S2');
    // The partner cell of T4 is written "Sở KH&CN": a spelled-out question still reaches it.
    const partnerMatch = index.search('Sở Khoa học và Công nghệ', { kinds: ['task'] }).map((match) => match.id);
    expect(partnerMatch).toEqual(expect.arrayContaining(['T1', 'T4']));
    expect(index.search('so kh&cn', { kinds: ['task'] }).map((match) => match.id)).toEqual(expect.arrayContaining(['T1', 'T4']));
  });

  it('still finds with typos and missing accents', () => {
    expect(top(index, 'camera giám xát')[0]).toBe('T2');
    expect(top(index, 'camra giam sat thong minh')[0]).toBe('T2');
    expect(top(index, 'kinh phi 3% tong chi ngan sach')[0]).toBe('S1');
    expect(top(index, 'thuowng maij ddieenj tuwr')[0]).toBe('T3');
  });

  it('ranks an exact code or id match first, above documents that share many words', () => {
    expect(top(index, 'CQS2.1')[0]).toBe('T4');
    expect(top(index, 'nhiem vu cqs7.3 ve kho du lieu dung chung tinh')[0]).toBe('T2');
    expect(top(index, 'T5')[0]).toBe('T5');
    const [first] = index.search('KTS1.1');
    expect(first?.exact).toBe(true);
  });

  it('filters by kind', () => {
    const kinds = index.search('Sở Khoa học và Công nghệ', { kinds: ['section'] }).map((match) => match.kind);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['section']));
  });

  it('returns nothing for input without any known term, and never throws', () => {
    for (const query of ['', '   ', '😀🙏', '<b></b>', "'; DROP TABLE tasks; --", 'zzzz qqqq', '\u200B\u200B']) {
      expect(index.search(query), JSON.stringify(query)).toEqual([]);
    }
  });

  it('handles a 20 000-character question in time', () => {
    const long = `${'camera giám sát '.repeat(1300)}`;
    const started = performance.now();
    const matches = index.search(long);
    expect(performance.now() - started).toBeLessThan(2_000); // pathological-slowness guard, not a benchmark
    expect(matches[0]?.id).toBe('T2');
  });

  it('lets field weights change the ranking', () => {
    const documents: SearchDocument[] = [
      { id: 'A', kind: 'task', title: 'ngân hàng số', text: '', fields: { lead: 'Sở Tài chính' } },
      { id: 'B', kind: 'task', title: 'thanh toán', text: '', fields: { lead: 'ngân hàng số' } },
    ];
    expect(top(new Bm25Index(documents), 'ngân hàng số')[0]).toBe('A');
    expect(top(new Bm25Index(documents, { fieldWeights: { title: 0.1, lead: 5 } }), 'ngân hàng số')[0]).toBe('B');
  });
});

describe('splitPassages', () => {
  it('keeps a short text whole and cuts a long one at line boundaries', () => {
    expect(splitPassages('một dòng', 100)).toEqual(['một dòng']);
    const lines = Array.from({ length: 10 }, (_, i) => `- dòng số ${i} ${'x'.repeat(40)}`);
    const passages = splitPassages(lines.join('\n'), 120);
    expect(passages.length).toBeGreaterThan(3);
    expect(passages.join('\n')).toBe(lines.join('\n'));
    for (const passage of passages) expect(passage.length).toBeLessThanOrEqual(120);
  });

  it('cuts a line longer than a passage at its sentences, so each clause can be found on its own', () => {
    const line = `- ${'a'.repeat(30)} phủ sóng đến mọi xã. ${'b'.repeat(30)} nâng cấp đường truyền. ${'c'.repeat(20)} dữ liệu lớn.`;
    const passages = splitPassages(`mở đầu\n${line}`, 110);
    expect(passages.some((passage) => passage.includes('phủ sóng đến mọi xã.') && !passage.includes('nâng cấp'))).toBe(true);
  });
});

describe('Bm25Index on the decision', () => {
  let documents: SearchDocument[];
  let index: Bm25Index;
  beforeAll(() => {
    documents = seedDocuments();
    index = new Bm25Index(documents);
  });

  it('indexes every task and section of the decision and its metadata, by qualified id', () => {
    expect(documents).toHaveLength(203 + 119 + 1);
    expect(index.size).toBe(documents.length);
    expect(index.search('CQS2.1').map((match) => match.id)).toContain('719:PL2.10');
    expect(top(index, '719/QĐ-UBND')[0]).toBe('719:document');
  });

  it('finds tasks named in citizen words', () => {
    expect(top(index, 'tong dai hoi dap 1022')[0]).toBe('719:PL2.11');
    expect(top(index, 'camera giám xát thông minh')[0]).toBe('719:PL2.40');
    expect(top(index, 'chuyen doi sô trong day hoc va thi truc tuyen')[0]).toBe('719:PL2.126');
    expect(top(index, 'ngan sach 3% tong chi')).toContain('719:II.A.3.g');
  });

  it('returns every row of a task code printed on several rows, and both places of a duplicated code', () => {
    expect(top(index, 'CQS2.1', 3).sort()).toEqual(['719:PL2.10', '719:PL2.11', '719:PL2.12']);
    const duplicated = index.search('CQS7.2', { limit: 10 }).filter((match) => match.exact).map((match) => match.id);
    expect(duplicated).toEqual(expect.arrayContaining(['719:PL2.26', '719:PL2.36']));
  });

  it('matches a task id exactly, typed bare as citations print it or qualified', () => {
    // Exact id matches are promised for "PL2.11" (src/retrieval/bm25.ts header); ids are keys `719:PL2.11` now.
    expect(top(index, 'PL2.3a')[0]).toBe('719:PL2.3a');
    expect(top(index, 'nhiệm vụ PL1.11 hạn khi nào')[0]).toBe('719:PL1.11');
    expect(top(index, '719:PL2.3a')[0]).toBe('719:PL2.3a');
  });
});
