import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeGfm, readGfm } from '../../../src/documents/formats/gfm.ts';
import type { ParagraphBlock, SourceDocument, TableBlock } from '../../../src/documents/ir.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

function paragraphs(doc: SourceDocument): ParagraphBlock[] {
  return doc.blocks.filter((b): b is ParagraphBlock => b.kind === 'paragraph');
}
function tables(doc: SourceDocument): TableBlock[] {
  return doc.blocks.filter((b): b is TableBlock => b.kind === 'table');
}
const texts = (table: TableBlock): string[][] => table.rows.map((r) => r.cells.map((c) => c.text));
const marks = (markdown: string): [string, boolean, boolean][] =>
  paragraphs(readGfm(markdown, 't.md')).map((b) => [b.text, b.bold, b.italic]);

describe('readGfm on a Quyết định with a PHỤ LỤC table', () => {
  const text = fixture('documents/quyet-dinh-mau.gfm.md');
  const doc = readGfm(text, 'quyet-dinh-mau.gfm.md');
  const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const byText = (t: string): ParagraphBlock | undefined => paragraphs(doc).find((b) => b.text === t);

  it('is sniffed as GFM', () => {
    expect(looksLikeGfm(text)).toBe(true);
    expect(doc.format).toBe('gfm');
    expect(doc.source).toBe('quyet-dinh-mau.gfm.md');
  });

  it('reads headings as bold paragraphs and records emphasis', () => {
    expect(byText('QUYẾT ĐỊNH')).toMatchObject({ bold: true, italic: false, align: null, line: lineOf('# QUYẾT ĐỊNH') });
    expect(byText('Ban hành Danh mục nhiệm vụ chuyển đổi số năm 2025')?.bold).toBe(true);
    expect(byText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc')?.bold).toBe(true);
    expect(byText('Tỉnh Mẫu, ngày 05 tháng 6 năm 2025')).toMatchObject({ bold: false, italic: true });
    expect(byText('PHỤ LỤC')?.bold).toBe(true);
    const article = paragraphs(doc).find((b) => b.text.startsWith('Điều 1.'));
    expect(article).toMatchObject({
      text: 'Điều 1. Ban hành kèm theo Quyết định này Danh mục nhiệm vụ chuyển đổi số năm 2025 (chi tiết tại Phụ lục).',
      bold: false,
    });
  });

  it('joins hard-wrapped lines, decodes entities and keeps list markers', () => {
    expect(byText('Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;')?.line).toBe(lineOf('Căn cứ Luật'));
    expect(paragraphs(doc).some((b) => b.text.endsWith('Chương trình chuyển đổi số & đổi mới sáng tạo;'))).toBe(true);
    const items = paragraphs(doc).filter((b) => /^(?:- |\d+\. )/.test(b.text));
    expect(items.map((b) => b.text)).toEqual([
      '- Các sở, ban, ngành chủ động triển khai nhiệm vụ được giao;',
      '- Định kỳ hằng quý báo cáo kết quả về Sở Khoa học và Công nghệ.',
      '1. Sở Tài chính bố trí kinh phí theo quy định.',
      '2. Văn phòng UBND tỉnh theo dõi, đôn đốc.',
    ]);
    expect(byText('Nguyễn Văn Mẫu')?.bold).toBe(true);
  });

  it('reads the pipe table: header, bold group rows, \\| in a cell, <br>, padding and truncation', () => {
    const table = tables(doc)[0] as TableBlock;
    expect(tables(doc)).toHaveLength(1);
    expect(table).toMatchObject({ aligned: true, line: lineOf('| STT |') });
    expect(texts(table)).toEqual([
      ['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời hạn'],
      ['I', 'Hạ tầng số', '', '', ''],
      ['1', 'Nâng cấp mạng truyền số liệu chuyên dùng', 'Sở Khoa học và Công nghệ', 'Các sở, ban, ngành', 'Quý II/2025'],
      ['2', 'Báo cáo kết quả theo quý | năm', 'Văn phòng UBND tỉnh', 'Sở Nội vụ\nSở Tài chính', 'Hằng quý'],
      ['II', 'Dữ liệu số', '', '', ''],
      ['3', 'Xây dựng kho dữ liệu dùng chung', 'Sở Khoa học và Công nghệ', 'Công an tỉnh', 'Trước ngày 31/12/2025'],
      ['4', 'Số hóa hồ sơ lưu trữ', 'Sở Nội vụ', '', 'Năm 2025'],
    ]);
    expect(table.rows.map((r) => r.header)).toEqual([true, false, false, false, false, false, false]);
    expect(table.rows[1]?.cells.map((c) => c.bold)).toEqual([true, true, false, false, false]);
    expect(table.rows[5]?.cells.map((c) => c.bold)).toEqual([false, false, true, false, false]);
    expect(table.rows.flatMap((r) => r.cells).every((c) => c.covered === undefined)).toBe(true);
    expect(table.rows.map((r) => r.line)).toEqual([50, 52, 53, 54, 55, 56, 57].map((n) => n - 50 + lineOf('| STT |')));
    expect(table.rows[3]?.cells.every((c) => c.line === table.rows[3]?.line)).toBe(true);
    expect(doc.blocks.at(-1)).toMatchObject({ kind: 'paragraph', text: 'Ghi chú: thời hạn tính theo năm dương lịch.' });
  });
});

describe('GFM inline marks', () => {
  it('records bold and italic only when every letter has them', () => {
    expect(marks('**Đậm** hết')).toEqual([['Đậm hết', false, false]]);
    expect(marks('__Đậm hết__')).toEqual([['Đậm hết', true, false]]);
    expect(marks('***Cả hai***')).toEqual([['Cả hai', true, true]]);
    expect(marks('**Đậm *và nghiêng* nữa**')).toEqual([['Đậm và nghiêng nữa', true, false]]);
    expect(marks('_nghiêng_ 1.')).toEqual([['nghiêng 1.', false, true]]);
    expect(marks('**1.**')).toEqual([['1.', true, false]]);
  });

  it('leaves literal stars and underscores alone', () => {
    expect(marks('a * b * c, snake_case_name, 2*3*4')).toEqual([['a * b * c, snake_case_name, 234', false, false]]);
    expect(marks('\\*không\\* nghiêng, ** lẻ')).toEqual([['*không* nghiêng, ** lẻ', false, false]]);
  });

  it('removes code spans, links, images, tags and strikethrough, decodes entities', () => {
    expect(marks('Xem `mã *này*` tại [Cổng **dịch vụ**](https://dichvucong.gov.vn "t") và ![ảnh](a.png) <span>thẻ</span> ~~cũ~~ &lt;&#7841;&#x1EA1;&nbsp;&unknown;')).toEqual([
      ['Xem mã *này* tại Cổng dịch vụ và ảnh thẻ cũ <ạạ &unknown;', false, false],
    ]);
    expect(marks('Dòng một<br>dòng hai <https://a.vn>')).toEqual([['Dòng một dòng hai https://a.vn', false, false]]);
  });

  it('normalises decomposed Vietnamese to NFC', () => {
    expect(marks('**Quyết định**'.normalize('NFD'))).toEqual([['Quyết định', true, false]]);
  });
});

describe('GFM blocks', () => {
  it('reads setext headings, drops thematic breaks and blockquote markers, keeps fenced code as text', () => {
    const doc = readGfm('Tiêu đề\n=======\n\n---\n\n> Trích dẫn\n> tiếp\n\n```\nmã | x\n|---|\n```\n', 't.md');
    expect(paragraphs(doc).map((b) => [b.text, b.bold, b.line])).toEqual([
      ['Tiêu đề', true, 1],
      ['Trích dẫn tiếp', false, 6],
      ['mã | x |---|', false, 10],
    ]);
    expect(tables(doc)).toHaveLength(0);
  });

  it('starts a list item on a bullet, or on an ordered marker only from 1 inside a paragraph', () => {
    const doc = readGfm('Ngày 19 tháng 02 năm\n2025. Tiếp theo\n- gạch\n+ cộng\n  nối tiếp\n3) ba\n1. một', 't.md');
    expect(paragraphs(doc).map((b) => [b.text, b.line])).toEqual([
      ['Ngày 19 tháng 02 năm 2025. Tiếp theo', 1],
      ['- gạch', 3],
      ['- cộng nối tiếp', 4],
      ['3. ba', 6],
      ['1. một', 7],
    ]);
  });

  it('lets a table interrupt a paragraph and ends it at the first line that is not a pipe row', () => {
    const doc = readGfm('Đoạn trước\na | b\n--- | :---:\n1 | 2\n3\nđoạn sau', 't.md');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph']);
    const table = tables(doc)[0] as TableBlock;
    expect(texts(table)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(table.line).toBe(2);
    expect(paragraphs(doc).map((b) => b.text)).toEqual(['Đoạn trước', '3 đoạn sau']);
  });

  it('needs a delimiter row with as many cells as the header', () => {
    const text = '| a | b |\n|---|\n| 1 | 2 |';
    expect(looksLikeGfm(text)).toBe(false);
    expect(tables(readGfm(text, 't.md'))).toHaveLength(0);
  });

  it('keeps an escaped pipe at the row end and empty cells', () => {
    const table = tables(readGfm('|a|b|\n|-|-|\n|x \\||  |\n||y|', 't.md'))[0] as TableBlock;
    expect(texts(table)).toEqual([
      ['a', 'b'],
      ['x |', ''],
      ['', 'y'],
    ]);
    expect(table.rows[1]?.cells[1]).toEqual({ text: '', bold: false, line: 3 });
  });
});

describe('looksLikeGfm', () => {
  it('rejects the crawl Markdown, HTML and plain text', () => {
    for (const name of ['dong-thap-617-kh-ubnd-2025.md', 'bo-vhttdl-6225-cv-2025.md', 'tb-624-tb-vpcp-2025-ban-chi-dao-khcn-cds.md']) {
      expect(looksLikeGfm(fixture(`corpus/${name}`))).toBe(false);
    }
    expect(looksLikeGfm(fixture('documents/ke-hoach-mau.html'))).toBe(false);
    expect(looksLikeGfm('a | b\nkhông có dòng phân cách')).toBe(false);
    expect(looksLikeGfm('| a | b |\n|---|---|')).toBe(true);
  });
});
