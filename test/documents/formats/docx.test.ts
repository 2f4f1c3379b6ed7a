import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { looksLikeDocx, readDocx } from '../../../src/documents/formats/docx.ts';
import { SourceFormatError, type Block, type ParagraphBlock, type SourceDocument, type TableBlock } from '../../../src/documents/ir.ts';

const CORPUS_DOCX = new URL('../../fixtures/corpus/lam-dong-kh-cchc-2026-2030.docx', import.meta.url);

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A minimal package: content types, document.xml with `body`, and styles.xml when given. */
function docx(body: string, styles?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`),
    'docProps/core.xml': strToU8('<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>Người Soạn Thảo</dc:creator></cp:coreProperties>'),
  };
  if (styles !== undefined) files['word/styles.xml'] = strToU8(`<w:styles xmlns:w="${W}">${styles}</w:styles>`);
  return zipSync(files);
}

const p = (text: string, runProps = '', paraProps = ''): string =>
  `<w:p>${paraProps === '' ? '' : `<w:pPr>${paraProps}</w:pPr>`}<w:r>${runProps === '' ? '' : `<w:rPr>${runProps}</w:rPr>`}<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (content: string, props = ''): string => `<w:tc>${props === '' ? '' : `<w:tcPr>${props}</w:tcPr>`}${content}</w:tc>`;
const tr = (cells: string, props = ''): string => `<w:tr>${props === '' ? '' : `<w:trPr>${props}</w:trPr>`}${cells}</w:tr>`;
const tbl = (columns: number, rows: string): string =>
  `<w:tbl><w:tblPr/><w:tblGrid>${'<w:gridCol w:w="1000"/>'.repeat(columns)}</w:tblGrid>${rows}</w:tbl>`;

function paragraphs(doc: SourceDocument): ParagraphBlock[] {
  return doc.blocks.filter((b): b is ParagraphBlock => b.kind === 'paragraph');
}
function tables(doc: SourceDocument): TableBlock[] {
  return doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
}
function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}
function allText(blocks: Block[]): string {
  return blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.cells.map((c) => c.text).join('\t')).join('\n'))).join('\n');
}

describe('readDocx on the Lâm Đồng plan (real Word file)', () => {
  let doc: SourceDocument;
  let bytes: Uint8Array;
  beforeAll(() => {
    bytes = new Uint8Array(readFileSync(CORPUS_DOCX));
    doc = readDocx(bytes, 'lam-dong.docx');
  });

  it('is sniffed as docx', () => {
    expect(looksLikeDocx(bytes)).toBe(true);
    expect(doc.format).toBe('docx');
    expect(doc.source).toBe('lam-dong.docx');
  });

  it('has the three tables: letterhead, Nơi nhận/signature, tasks', () => {
    const [letterhead, signature, tasks] = tables(doc);
    expect(tables(doc)).toHaveLength(3);
    expect(letterhead?.rows[0]?.cells[0]?.text).toContain('ỦY BAN NHÂN DÂN');
    expect(signature?.rows[0]?.cells[0]?.text.startsWith('Nơi nhận:')).toBe(true);
    expect(tasks?.rows).toHaveLength(67);
    expect(tables(doc).every((t) => t.aligned)).toBe(true);
  });

  it('reads the task table grid as the README counts it', () => {
    const tasks = tables(doc)[2] as TableBlock;
    for (const row of tasks.rows) expect(row.cells).toHaveLength(7);

    const header = tasks.rows[0];
    expect(header?.header).toBe(true);
    expect(header?.cells.map((c) => c.text)).toEqual([
      'STT',
      'Nhiệm vụ',
      'Sản phẩm',
      'Thời gian hoàn thành',
      'Chủ trì thực hiện',
      'Phối hợp thực hiện',
      'Theo dõi, kiểm tra, đôn đốc',
    ]);
    expect(tasks.rows.filter((r) => r.header)).toHaveLength(1);

    const groups = tasks.rows.filter((r) => /^[IVX]+$/.test(r.cells[0]?.text ?? ''));
    expect(groups.map((r) => r.cells[0]?.text)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII']);
    for (const group of groups) {
      expect(group.cells[1]?.text).not.toBe('');
      expect(group.cells[1]?.bold).toBe(true);
      expect(group.cells.slice(2).every((c) => c.text === '')).toBe(true);
    }

    const numbered = tasks.rows.filter((r) => r.cells[0]?.covered === undefined && /^\d+$/.test(r.cells[0]?.text ?? ''));
    expect(numbered).toHaveLength(56);
    expect(numbered.filter((r) => r.cells[0]?.text === '09')).toHaveLength(1);

    const continuations = tasks.rows.filter((r) => r.cells[0]?.covered === 'above');
    expect(continuations).toHaveLength(3);
    expect(continuations.map((r) => r.cells[0]?.text)).toEqual(['2', '3', '5']);
    for (const row of continuations) {
      expect(row.cells[1]?.covered).toBe('above');
      const above = tasks.rows[tasks.rows.indexOf(row) - 1];
      expect(row.cells[1]?.text).toBe(above?.cells[1]?.text);
      // Each continuation row has its own product.
      expect(row.cells[2]?.covered).toBeUndefined();
      expect(row.cells[2]?.text).not.toBe('');
    }

    const left = tasks.rows.flatMap((r) => r.cells.map((c, i) => ({ c, i, r }))).filter(({ c }) => c.covered === 'left');
    expect(left).toHaveLength(4);
    for (const { c, i, r } of left) expect(c.text).toBe(r.cells[i - 1]?.text);
    // Three of the spans are Chủ trì + Phối hợp ("Theo phân công tại …"); the fourth (VII.1) is Phối hợp + Theo dõi.
    expect(left.filter(({ c, i }) => i === 5 && c.text.startsWith('Theo phân công tại'))).toHaveLength(3);
  });

  it('gives body paragraphs with bold headings, and the signer', () => {
    const heading = paragraphs(doc).find((b) => b.text === 'I. QUAN ĐIỂM, MỤC TIÊU, YÊU CẦU');
    expect(heading?.bold).toBe(true);
    expect(paragraphs(doc).find((b) => b.text === 'KẾ HOẠCH')?.align).toBe('center');
    const caption = paragraphs(doc).find((b) => b.text.startsWith('(Ban hành kèm theo Kế hoạch'));
    expect(caption?.italic).toBe(true);
    expect(allText(doc.blocks)).toContain('Nguyễn Ngọc Phúc');
  });

  it('numbers blocks by paragraph ordinal and never shows core properties', () => {
    const lines = doc.blocks.map((b) => b.line);
    expect(lines[0]).toBe(1);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(new Set(lines).size).toBe(lines.length);
    const text = allText(doc.blocks);
    expect(text).not.toContain('Trương Hải Châu');
    expect(text).toBe(text.normalize('NFC'));
  });
});

describe('readDocx on built packages', () => {
  it('lays out gridSpan, vMerge restart/continue, gridBefore/gridAfter and tblHeader', () => {
    const body = tbl(
      4,
      tr(tc(p('STT', '<w:b/>')) + tc(p('Nhiệm vụ', '<w:b/>')) + tc(p('Chủ trì', '<w:b/>')) + tc(p('Phối hợp', '<w:b/>')), '<w:tblHeader/>') +
        tr(tc(p('1'), '<w:vMerge w:val="restart"/>') + tc(p('Việc một', '<w:b/>'), '<w:vMerge w:val="restart"/>') + tc(p('Sở A')) + tc(p('Sở B'))) +
        tr(tc('<w:p/>', '<w:vMerge/>') + tc('<w:p/>', '<w:vMerge w:val="continue"/>') + tc(p('Theo phân công'), '<w:gridSpan w:val="2"/>')) +
        tr(tc(p('Ghi chú')) + tc(p('x')), '<w:gridBefore w:val="1"/><w:gridAfter w:val="1"/>'),
    );
    const table = only(tables(readDocx(docx(body), 't.docx')));
    expect(table.aligned).toBe(true);
    expect(table.rows.map((r) => r.header)).toEqual([true, false, false, false]);
    expect(table.rows.map((r) => r.cells.length)).toEqual([4, 4, 4, 4]);
    expect(table.rows[0]?.cells.every((c) => c.bold)).toBe(true);
    expect(table.rows[2]?.cells).toEqual([
      { text: '1', bold: false, covered: 'above', line: 9 },
      { text: 'Việc một', bold: true, covered: 'above', line: 10 },
      { text: 'Theo phân công', bold: false, line: 11 },
      { text: 'Theo phân công', bold: false, covered: 'left', line: 11 },
    ]);
    expect(table.rows[3]?.cells.map((c) => [c.text, c.covered])).toEqual([
      ['', undefined],
      ['Ghi chú', undefined],
      ['x', undefined],
      ['', undefined],
    ]);
    expect(table.line).toBe(1);
    expect(table.rows.map((r) => r.line)).toEqual([1, 5, 9, 12]);
  });

  it('pads rows to the widest row when the grid is missing', () => {
    const body = `<w:tbl>${tr(tc(p('a')) + tc(p('b')) + tc(p('c')))}${tr(tc(p('d')))}</w:tbl>`;
    const table = only(tables(readDocx(docx(body), 't.docx')));
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['a', 'b', 'c'],
      ['d', '', ''],
    ]);
  });

  it('reads runs: bold and italic on every letter, w:b="0", deletions, insertions, tabs and breaks', () => {
    const body =
      p('Tiêu đề', '<w:b/><w:i/>', '<w:jc w:val="center"/>') +
      `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>1.</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve"> Không đậm</w:t></w:r></w:p>` +
      `<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Mục </w:t></w:r><w:r><w:t>1</w:t></w:r></w:p>` +
      `<w:p><w:r><w:t>Giữ</w:t></w:r><w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del><w:ins><w:r><w:t xml:space="preserve"> thêm</w:t></w:r></w:ins>` +
      `<w:r><w:tab/><w:t>sau   tab</w:t><w:br/><w:t>dòng mới</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r></w:p>` +
      '<w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>' +
      `<w:p><w:hyperlink><w:r><w:t>liên kết</w:t></w:r></w:hyperlink><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>`;
    const blocks = paragraphs(readDocx(docx(body), 't.docx'));
    expect(blocks.map((b) => [b.text, b.bold, b.italic, b.align, b.line])).toEqual([
      ['Tiêu đề', true, true, 'center', 1],
      ['1. Không đậm', false, false, null, 2],
      // "1" has no letter: "every letter is bold" holds.
      ['Mục 1', true, false, 'justify', 3],
      ['Giữ thêm sau tab dòng mới', false, false, null, 4],
      ['liên kết', false, false, null, 7],
    ]);
  });

  it('takes bold, italic and alignment from styles.xml, following basedOn', () => {
    const styles =
      '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>' +
      '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:jc w:val="both"/></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/></w:style>' +
      '<w:style w:type="character" w:styleId="Emph"><w:rPr><w:i/></w:rPr></w:style>';
    const body =
      p('Chương I', '', '<w:pStyle w:val="Heading2"/>') +
      p('Không đậm', '<w:b w:val="false"/>', '<w:pStyle w:val="Heading1"/>') +
      p('Thường') +
      p('Nghiêng', '<w:rStyle w:val="Emph"/>');
    const blocks = paragraphs(readDocx(docx(body, styles), 't.docx'));
    expect(blocks.map((b) => [b.text, b.bold, b.italic, b.align])).toEqual([
      ['Chương I', true, false, 'center'],
      ['Không đậm', false, false, 'center'],
      ['Thường', false, false, 'justify'],
      ['Nghiêng', false, true, 'justify'],
    ]);
  });

  it('joins cell paragraphs with "\\n", turns w:br into "\\n" and flattens a nested table into the cell', () => {
    const inner = tbl(2, tr(tc(p('trong 1')) + tc(p('trong 2'))) + tr(tc(p('trong 3')) + tc(p(''))));
    const body = tbl(
      2,
      tr(
        tc(p('  đoạn   một ') + '<w:p/>' + `<w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p>`) +
          tc(p('trước') + inner + p('sau', '<w:b/>')),
      ),
    );
    const table = only(tables(readDocx(docx(body), 't.docx')));
    expect(table.rows[0]?.cells.map((c) => [c.text, c.bold])).toEqual([
      ['đoạn một\na\nb', false],
      ['trước\ntrong 1\ntrong 2\ntrong 3\nsau', false],
    ]);
    // Paragraphs of the nested table are counted: "sau" is the 9th w:p.
    const after = readDocx(docx(body + p('tiếp')), 't.docx').blocks.at(-1);
    expect(after).toMatchObject({ kind: 'paragraph', text: 'tiếp', line: 10 });
  });

  it('normalises decomposed Vietnamese to NFC and decodes character references', () => {
    const decomposed = 'Nghị quyết'.normalize('NFD');
    const blocks = paragraphs(readDocx(docx(p(decomposed) + p('A &amp; B &#7841;')), 't.docx'));
    expect(blocks.map((b) => b.text)).toEqual(['Nghị quyết', 'A & B ạ']);
  });

  it('keeps the core properties out of the output', () => {
    const doc = readDocx(docx(p('Nội dung')), 't.docx');
    expect(JSON.stringify(doc)).not.toContain('Người Soạn Thảo');
  });
});

describe('looksLikeDocx and errors', () => {
  it('rejects bytes that are not a docx package', () => {
    expect(looksLikeDocx(strToU8('<html><body>x</body></html>'))).toBe(false);
    expect(looksLikeDocx(zipSync({ 'xl/workbook.xml': strToU8('<x/>') }))).toBe(false);
    expect(looksLikeDocx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe(false);
    expect(looksLikeDocx(docx(p('x')))).toBe(true);
  });

  it('throws SourceFormatError for a corrupt zip and for a zip without word/document.xml', () => {
    const corrupt = docx(p('x')).slice(0, 60);
    expect(() => readDocx(corrupt, 'bad.docx')).toThrow(SourceFormatError);
    expect(() => readDocx(strToU8('not a zip at all'), 'bad.docx')).toThrow(/bad\.docx: not a readable zip archive/);
    expect(() => readDocx(zipSync({ 'word/other.xml': strToU8('<x/>') }), 'empty.docx')).toThrow(/no word\/document\.xml/);
    const noBody = zipSync({ 'word/document.xml': strToU8('<w:document xmlns:w="x"/>') });
    expect(() => readDocx(noBody, 'nobody.docx')).toThrow(SourceFormatError);
    const broken = zipSync({ 'word/document.xml': strToU8('<w:document') });
    expect(() => readDocx(broken, 'broken.docx')).toThrow(/broken\.docx: word\/document\.xml is not well-formed XML/);
  });

  it('reads the body when styles.xml is unreadable', () => {
    const files = { 'word/document.xml': strToU8(`<w:document xmlns:w="${W}"><w:body>${p('x', '<w:b/>')}</w:body></w:document>`), 'word/styles.xml': strToU8('<w:styles') };
    expect(paragraphs(readDocx(zipSync(files), 't.docx'))).toMatchObject([{ text: 'x', bold: true }]);
  });
});
