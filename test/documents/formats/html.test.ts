import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikeHtml, readHtml } from '../../../src/documents/formats/html.ts';
import type { ParagraphBlock, SourceDocument, TableBlock } from '../../../src/documents/ir.ts';

const FIXTURE = new URL('../../fixtures/documents/ke-hoach-mau.html', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

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
/** Cell texts with covered positions marked: `^text` above, `<text` left. */
function grid(table: TableBlock): string[][] {
  return table.rows.map((r) => r.cells.map((c) => (c.covered === 'above' ? '^' : c.covered === 'left' ? '<' : '') + c.text));
}
function table(html: string): TableBlock {
  return only(tables(readHtml(html, 't.html')));
}

describe('readHtml on a Kế hoạch page', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const doc = readHtml(text, 'ke-hoach-mau.html');
  const lineOf = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('is sniffed as html', () => {
    expect(looksLikeHtml(text)).toBe(true);
    expect(doc.format).toBe('html');
  });

  it('reads blocks in order: nav, letterhead table, title, body, signature table, appendix table, footer', () => {
    expect(doc.blocks.map((b) => (b.kind === 'table' ? `table:${b.rows.length}` : b.text.slice(0, 24)))).toEqual([
      'Trang chủ | Văn bản pháp',
      'table:2',
      'KẾ HOẠCH',
      'Triển khai chuyển đổi số',
      'Căn cứ Luật Tổ chức chín',
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Mục đích',
      'Nâng cao hiệu quả quản l',
      'II. NHIỆM VỤ TRỌNG TÂM',
      '1. Chuyển đổi số trong c',
      'table:1',
      'PHỤ LỤC',
      '(Kèm theo Kế hoạch số 45',
      'table:6',
      'Bản quyền © THƯ VIỆN PHÁ',
    ]);
  });

  it('ignores head, style and script content', () => {
    const all = JSON.stringify(doc);
    expect(all).not.toContain('dataLayer');
    expect(all).not.toContain('Quảng cáo');
    expect(all).not.toContain('không phải văn bản');
    expect(all).not.toContain('margin');
  });

  it('marks bold headings, centred and justified paragraphs, italic captions', () => {
    const byText = (t: string): ParagraphBlock | undefined => paragraphs(doc).find((b) => b.text === t);
    expect(byText('KẾ HOẠCH')).toMatchObject({ bold: true, align: 'center', line: lineOf('<b>KẾ HOẠCH</b>') });
    expect(byText('I. MỤC ĐÍCH, YÊU CẦU')).toMatchObject({ bold: true, italic: false, align: 'justify' });
    expect(byText('II. NHIỆM VỤ TRỌNG TÂM')?.bold).toBe(true);
    expect(byText('1. Chuyển đổi số trong cơ quan nhà nước')?.bold).toBe(false);
    expect(paragraphs(doc).find((b) => b.text.startsWith('(Kèm theo'))).toMatchObject({ italic: true, bold: false });
  });

  it('decodes entities and collapses white space, joining source lines', () => {
    const texts = paragraphs(doc).map((b) => b.text);
    expect(texts).toContain('Triển khai chuyển đổi số năm 2025');
    expect(texts).toContain('Nâng cao hiệu quả quản lý, điều hành; bảo đảm an toàn & bảo mật thông tin.');
    expect(texts.find((t) => t.startsWith('Căn cứ'))).toBe(
      'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025; Căn cứ Quyết định số 719/QĐ-UBND – "Chương trình chuyển đổi số" của Ủy ban nhân dân tỉnh;',
    );
  });

  it('reads the letterhead as a table with <br> lines', () => {
    const letterhead = tables(doc)[0] as TableBlock;
    expect(letterhead.line).toBe(lineOf('<table'));
    expect(grid(letterhead)).toEqual([
      ['ỦY BAN NHÂN DÂN\nTỈNH MẪU\n-------', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------'],
      ['Số: 45/KH-UBND', 'Tỉnh Mẫu, ngày 10 tháng 3 năm 2025'],
    ]);
    // Dashes are not letters: the letterhead cell is bold on every letter.
    expect(letterhead.rows[0]?.cells.map((c) => c.bold)).toEqual([true, true]);
    expect(tables(doc)[1]?.rows[0]?.cells[1]?.text).toBe('TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Mẫu');
  });

  it('lays out the task table: header, colspan group rows, rowspan lead cell', () => {
    const tasks = tables(doc)[2] as TableBlock;
    expect(tasks.aligned).toBe(true);
    expect(grid(tasks)).toEqual([
      ['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian hoàn thành'],
      ['I', 'Hạ tầng số', '<Hạ tầng số', '<Hạ tầng số', '<Hạ tầng số'],
      ['1', 'Nâng cấp mạng truyền số liệu chuyên dùng', 'Sở Khoa học\nvà Công nghệ', 'Các sở, ban, ngành', 'Quý II/2025'],
      ['2', 'Xây dựng Trung tâm dữ liệu tỉnh', '^Sở Khoa học\nvà Công nghệ', 'Sở Tài chính; Công an tỉnh', 'Năm 2025'],
      ['II', 'Dữ liệu số', '<Dữ liệu số', '<Dữ liệu số', '<Dữ liệu số'],
      ['3', 'Xây dựng kho dữ liệu dùng chung\n(gồm dữ liệu <mở>)', 'Sở Khoa học và Công nghệ', '', 'Trước ngày 31/12/2025'],
    ]);
    expect(tasks.rows.map((r) => r.header)).toEqual([true, false, false, false, false, false]);
    expect(tasks.rows[1]?.cells.map((c) => c.bold)).toEqual([true, true, true, true, true]);
    expect(tasks.rows[2]?.cells.map((c) => c.bold)).toEqual([false, false, false, false, false]);
    const covered = tasks.rows[3]?.cells[2];
    expect(covered?.line).toBe(tasks.rows[3]?.line);
    expect(tasks.rows[2]?.cells[2]?.line).toBe(lineOf('rowspan="2"'));
  });
});

describe('HTML table grid', () => {
  it('places rowspan and colspan together', () => {
    const t = table(`<table>
      <tr><td rowspan="2" colspan="2">A</td><td>B</td></tr>
      <tr><td>C</td></tr>
      <tr><td>D</td><td colspan="2">E</td></tr>
    </table>`);
    expect(grid(t)).toEqual([
      ['A', '<A', 'B'],
      ['^A', '^A', 'C'],
      ['D', 'E', '<E'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(t.rows[1]?.cells.map((c) => c.line)).toEqual([3, 3, 3]);
  });

  it('fills around a rowspan in the middle and pads short rows to the grid width', () => {
    const t = table(`<table>
      <tr><td>a</td><td rowspan="3">b</td><td>c</td><td>d</td></tr>
      <tr><td>e</td><td>f</td></tr>
      <tr><td>g</td></tr>
    </table>`);
    expect(grid(t)).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e', '^b', 'f', ''],
      ['g', '^b', '', ''],
    ]);
    expect(t.rows.every((r) => r.cells.length === 4)).toBe(true);
  });

  it('stops a rowspan at the end of its row group; rowspan="0" spans the rest of it', () => {
    const t = table(`<table>
      <thead><tr><th rowspan="5">H</th><th>x</th></tr></thead>
      <tbody><tr><td rowspan="0">r</td><td>1</td></tr><tr><td>2</td></tr></tbody>
      <tbody><tr><td>s</td><td>3</td></tr></tbody>
    </table>`);
    expect(grid(t)).toEqual([
      ['H', 'x'],
      ['r', '1'],
      ['^r', '2'],
      ['s', '3'],
    ]);
    expect(t.rows.map((r) => r.header)).toEqual([true, false, false, false]);
  });

  it('treats a row of <th> cells as a header and ignores bad span values', () => {
    const t = table(`<table><tr><th>Số</th><th>Nội dung</th></tr><tr><td colspan="x">1</td><td rowspan="-2">a</td></tr></table>`);
    expect(grid(t)).toEqual([
      ['Số', 'Nội dung'],
      ['1', 'a'],
    ]);
    expect(t.rows.map((r) => r.header)).toEqual([true, false]);
    expect(t.rows[0]?.cells.every((c) => c.bold)).toBe(true);
  });

  it('flattens a nested table into its cell', () => {
    const t = table(`<table><tr><td>Trước<table><tr><td>trong 1</td><td>trong 2</td></tr><tr><td>trong 3</td></tr></table>sau</td><td>x</td></tr></table>`);
    expect(grid(t)).toEqual([['Trước\ntrong 1\ntrong 2\ntrong 3\nsau', 'x']]);
  });

  it('skips tables without rows but keeps their caption', () => {
    const doc = readHtml('<table><caption><b>Bảng 1</b></caption></table><p>x</p>', 't.html');
    expect(doc.blocks).toMatchObject([{ kind: 'paragraph', text: 'Bảng 1', bold: true }, { kind: 'paragraph', text: 'x' }]);
  });
});

describe('readHtml paragraphs', () => {
  it('joins <br> with a space in a paragraph and splits blocks nested in a div', () => {
    const doc = readHtml('<div>Dòng một<br>dòng hai<p>Đoạn <b>riêng</b></p>còn lại</div>', 't.html');
    expect(paragraphs(doc).map((b) => [b.text, b.bold])).toEqual([
      ['Dòng một dòng hai', false],
      ['Đoạn riêng', false],
      ['còn lại', false],
    ]);
  });

  it('reads bold and italic from tags and from font-weight / font-style, including overrides', () => {
    const doc = readHtml(
      [
        '<p><b>Đậm <span style="font-weight:normal">thường</span></b></p>',
        '<p><span style="font-weight: 700">Đậm</span> <strong>cả</strong> 1.</p>',
        '<p><span style="mso-bidi-font-weight:bold">Không đậm</span></p>',
        '<p><em>Nghiêng</em> <span style="font-style:italic">cả</span></p>',
        '<h2>Tiêu đề</h2>',
      ].join('\n'),
      't.html',
    );
    expect(paragraphs(doc).map((b) => [b.text, b.bold, b.italic, b.line])).toEqual([
      ['Đậm thường', false, false, 1],
      ['Đậm cả 1.', true, false, 2],
      ['Không đậm', false, false, 3],
      ['Nghiêng cả', false, true, 4],
      ['Tiêu đề', true, false, 5],
    ]);
  });

  it('inherits alignment from enclosing blocks and <center>', () => {
    const doc = readHtml('<div style="text-align: center"><p>giữa</p></div><center>cũng giữa</center><p align="right">phải</p><p>không rõ</p>', 't.html');
    expect(paragraphs(doc).map((b) => b.align)).toEqual(['center', 'center', 'right', null]);
  });

  it('drops hidden elements and comments, decodes entities and normalises to NFC', () => {
    const nfd = 'Quyết định'.normalize('NFD');
    const doc = readHtml(`<p>${nfd}&nbsp;&agrave;&#7841;<!-- ghi chú --></p><p style="display:none">ẩn</p><p hidden>ẩn</p>`, 't.html');
    expect(paragraphs(doc).map((b) => b.text)).toEqual(['Quyết định àạ']);
  });

  it('gives the line where the block element starts', () => {
    const doc = readHtml('<body>\n<p>\n  một</p>\n\n<div>hai\n<p>ba</p>bốn</div>', 't.html');
    expect(paragraphs(doc).map((b) => [b.text, b.line])).toEqual([
      ['một', 2],
      ['hai', 5],
      ['ba', 6],
      ['bốn', 6],
    ]);
  });
});

describe('looksLikeHtml', () => {
  it('accepts pages and fragments, rejects Markdown and plain text', () => {
    expect(looksLikeHtml('<!DOCTYPE html><title>x</title>')).toBe(true);
    expect(looksLikeHtml('<table><tr><td>a</td></tr></table>')).toBe(true);
    expect(looksLikeHtml('<p>Đoạn văn</p>')).toBe(true);
    expect(looksLikeHtml('| a | b |\n|---|---|\n| 1<br>2 | <p>x</p> |')).toBe(false);
    expect(looksLikeHtml('# Tiêu đề\n\n<div>x</div>')).toBe(false);
    expect(looksLikeHtml('Văn bản thường, a < b.')).toBe(false);
    expect(looksLikeHtml(fixture('corpus/dong-thap-617-kh-ubnd-2025.md'))).toBe(false);
    expect(looksLikeHtml(fixture('documents/quyet-dinh-mau.gfm.md'))).toBe(false);
  });
});
