/**
 * The Markdown crawl of a legal-document page (thuvienphapluat.vn and similar): a line holding only `|` ends a
 * table cell, two such lines in a row end a table row, cell and paragraph text is hard-wrapped, `**` marks bold,
 * the letterhead is a table. Two variants exist: with blank lines (a blank line after a cell ends the table,
 * paragraphs are separated by blank lines) and without any (paragraphs and tables run together, so the body,
 * the signature, an appendix caption and the next table's header can all fall inside one crawl row).
 *
 * The crawl keeps no merged cells: a row lacks the cells a merged cell above covered, so tables come out
 * `aligned: false`. Run-together content is taken apart here, because it is a property of the format: cells a
 * row holds beyond its table's width, and cells before a header row found inside a row ("STT" followed by
 * short column titles), become paragraphs; the header starts a new table.
 */
import type { Block, ParagraphBlock, SourceDocument, TableBlock, TableCell, TableRow } from '../ir.ts';
import { isRule, paragraphsOf, stripMarks } from './lines.ts';

interface RawCell {
  lines: string[];
  line: number;
}

interface RawTable {
  rows: RawCell[][];
  line: number;
}

/**
 * True for text that looks like this format: lines holding only `|`, and few lines with a `|` between words (the
 * text export and GFM put cells on one line).
 */
export function looksLikeCrawlMarkdown(text: string): boolean {
  const bars = text.match(/^\s*\|\s*$/gmu)?.length ?? 0;
  const inline = text.match(/^.*\S.*\|.*\S.*$/gmu)?.length ?? 0;
  return bars >= 4 && inline <= bars * 0.2;
}

export function readCrawlMarkdown(text: string, source: string): SourceDocument {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  const blocks: Block[] = [];
  let loose: Array<{ text: string; line: number }> = [];
  let table: RawTable | null = null;
  let row: RawCell[] = [];
  let cell: RawCell | null = null;
  let lastWasBar = false;

  const flushLoose = () => {
    blocks.push(...paragraphBlocks(loose));
    loose = [];
  };
  const endRow = () => {
    if (table && row.some((raw) => raw.lines.some((line) => line.trim() !== ''))) table.rows.push(row);
    row = [];
  };
  const endTable = () => {
    if (cell) {
      row.push(cell);
      cell = null;
    }
    endRow();
    if (table && table.rows.length > 0) blocks.push(...splitRunTogether(table));
    table = null;
    lastWasBar = false;
  };

  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '|') {
      if (!table) {
        flushLoose();
        table = { rows: [], line: lineNumber };
        row = [];
        cell = null;
      } else if (cell) {
        row.push(cell);
        cell = null;
      } else if (lastWasBar) {
        endRow();
      }
      lastWasBar = true;
      return;
    }
    if (trimmed === '') {
      if (table && !cell && lastWasBar) endTable();
      else if (table && cell) cell.lines.push('');
      else if (!table) loose.push({ text: '', line: lineNumber });
      return;
    }
    if (isRule(trimmed)) return;
    lastWasBar = false;
    if (table) {
      cell ??= { lines: [], line: lineNumber };
      cell.lines.push(raw);
    } else {
      loose.push({ text: raw, line: lineNumber });
    }
  });
  if (table) endTable();
  flushLoose();
  return { format: 'crawl-markdown', source, blocks };
}

function paragraphBlocks(lines: Array<{ text: string; line: number }>): ParagraphBlock[] {
  const out: ParagraphBlock[] = [];
  let start = 0;
  // Line numbers follow the lines; paragraphsOf only sees the texts.
  const texts = lines.map((entry) => entry.text);
  for (const paragraph of paragraphsOf(texts)) {
    const at = texts.indexOf(paragraph[0]!, start);
    start = at + paragraph.length;
    const marked = stripMarks(paragraph.join(' '));
    if (marked.text === '') continue;
    out.push({ kind: 'paragraph', text: marked.text, bold: marked.bold, italic: marked.italic, align: null, line: lines[at]?.line ?? 0 });
  }
  return out;
}

function toCell(raw: RawCell): TableCell {
  const paragraphs = paragraphsOf(raw.lines).map((lines) => stripMarks(lines.join(' '))).filter((marked) => marked.text !== '');
  return {
    text: paragraphs.map((marked) => marked.text).join('\n'),
    bold: paragraphs.length > 0 && paragraphs.every((marked) => marked.bold),
    line: raw.line,
  };
}

function cellParagraphs(raw: RawCell): ParagraphBlock[] {
  let line = raw.line;
  return paragraphBlocks(raw.lines.map((text) => ({ text, line: line++ })));
}

const HEADER_START = /^(?:s?tt|so tt|so thu tu)$/u;

function foldPlain(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/[đĐ]/gu, 'd').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Index of a cell that starts a table header (an "STT"/"TT" cell followed by short column titles), or -1. */
function headerStart(cells: TableCell[], from: number): number {
  for (let index = from; index < cells.length; index += 1) {
    if (!HEADER_START.test(foldPlain(cells[index]!.text).replace(/[.:]$/u, ''))) continue;
    const following = cells.slice(index + 1, index + 10);
    if (following.length >= 2 && following.filter((cell) => cell.text.length > 0 && cell.text.length < 80).length >= 2) return index;
  }
  return -1;
}

/**
 * One crawl table as tables and paragraphs: each table's width is its first row's cell count; cells a later
 * row holds beyond it, and cells before a header found inside a row, are paragraphs.
 */
function splitRunTogether(table: RawTable): Block[] {
  const blocks: Block[] = [];
  let current: TableBlock | null = null;
  let width = 0;
  const startTable = (cells: TableCell[], line: number) => {
    current = { kind: 'table', rows: [{ cells, header: false, line }], aligned: false, absentMeansMerged: true, line };
    width = cells.length;
    blocks.push(current);
  };
  for (const rawRow of table.rows) {
    const cells = rawRow.map(toCell);
    const first = rawRow[0]!;
    const header = headerStart(cells, 0);
    if (current === null && header <= 0) {
      startTable(cells, first.line);
      continue;
    }
    const keep = current === null ? 0 : Math.min(width, header >= 0 ? header : cells.length);
    if (current !== null && keep > 0) (current as TableBlock).rows.push({ cells: cells.slice(0, keep), header: false, line: first.line } satisfies TableRow);
    const proseEnd = header >= 0 ? header : cells.length;
    for (let index = keep; index < proseEnd; index += 1) blocks.push(...cellParagraphs(rawRow[index]!));
    if (header >= 0) startTable(cells.slice(header), rawRow[header]!.line);
    else if (keep < cells.length && current !== null) current = null;
  }
  return blocks.filter((block) => block.kind !== 'table' || block.rows.length > 0);
}
