/**
 * HTML reader: block-level elements become paragraphs, `<table>` an aligned table laid out with the HTML table
 * grid (rowspan/colspan). Meant for legal-document pages and Word's "Save as HTML"; page chrome (menus, footers)
 * comes out as ordinary paragraphs for the interpreter to ignore.
 *
 * `line` is the 1-based source line where the block's element starts (a paragraph not opened by an element of its
 * own starts at its first text). A position covered by a rowspan has the line of its own row.
 */
import { parseDocument } from 'htmlparser2';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import type { Block, ParagraphBlock, SourceDocument, TableBlock, TableCell, TableRow } from '../ir.ts';

type Align = ParagraphBlock['align'];

/**
 * An HTML page or fragment rather than Markdown: a document-level tag anywhere, or else a block tag in a text that
 * has no GFM pipe table and no Markdown heading (Markdown may carry `<br>` or a stray tag inside its own syntax).
 */
export function looksLikeHtml(text: string): boolean {
  if (/<!doctype\s+html|<(?:html|head|body)[\s>]/i.test(text)) return true;
  if (!/<(?:table|tr|td|th|p|div|h[1-6]|ul|ol|li|section|article|center)[\s>/]/i.test(text)) return false;
  const lines = text.split(/\r?\n/);
  const markdownHeading = lines.some((line) => /^#{1,6}\s+\S/.test(line));
  const pipeTable = lines.some((line, i) => /^\s*\|?.*\|.*$/.test(line) && isDelimiterRow(lines[i + 1] ?? ''));
  return !markdownHeading && !pipeTable;
}

function isDelimiterRow(line: string): boolean {
  return /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/.test(line) && line.includes('-') && line.includes('|');
}

/** Never throws: any text parses as HTML (a text without tags is one paragraph per block of text). */
export function readHtml(text: string, source: string): SourceDocument {
  const document = parseDocument(text, { withStartIndices: true });
  const reader = new HtmlReader(lineStarts(text));
  reader.readTop(document.children);
  return { format: 'html', source, blocks: reader.blocks };
}

// ---------------------------------------------------------------------------------------------------------------

interface Run {
  /** Source white space already collapsed to one space; "\n" marks a `<br>`. */
  text: string;
  bold: boolean;
  italic: boolean;
}

interface Paragraph {
  runs: Run[];
  align: Align;
  line: number;
}

interface Style {
  bold: boolean;
  italic: boolean;
  align: Align;
}

/** Content that is not text of the page. */
const IGNORED = new Set([
  'head', 'script', 'style', 'template', 'noscript', 'title', 'meta', 'link', 'svg', 'math', 'canvas', 'iframe', 'object', 'embed',
  'select', 'textarea', 'button',
]);

const BLOCKS = new Set([
  'html', 'body', 'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'ul', 'legend', 'caption', 'table', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot',
]);

const BOLD_TAGS = new Set(['b', 'strong', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th']);
const ITALIC_TAGS = new Set(['i', 'em', 'cite', 'var', 'dfn']);

/** Accumulates runs into paragraphs; a break ends the current one. */
class Flow {
  private runs: Run[] = [];
  private line = 1;
  private align: Align = null;
  private nextLine: number | undefined;

  constructor(private readonly emit: (paragraph: Paragraph) => void) {}

  text(raw: string, style: Style, line: number): void {
    const text = raw.replace(/\s+/gu, ' ');
    if (this.runs.length === 0) {
      if (text.trim() === '') return;
      this.line = this.nextLine ?? line;
      this.align = style.align;
    }
    this.runs.push({ text, bold: style.bold, italic: style.italic });
  }

  lineBreak(style: Style): void {
    if (this.runs.length > 0) this.runs.push({ text: '\n', bold: style.bold, italic: style.italic });
  }

  /** Ends the current paragraph; `nextLine` is the line of the element whose content follows. */
  break(nextLine?: number): void {
    if (this.runs.some((run) => run.text.trim() !== '')) this.emit({ runs: this.runs, align: this.align, line: this.line });
    this.runs = [];
    this.nextLine = nextLine;
  }
}

interface GridRow {
  tr: Element;
  /** Rows of the same `<thead>`/`<tbody>`/`<tfoot>` (or run of bare `<tr>`s) share a group: a rowspan stops at its end. */
  group: number;
  inHead: boolean;
}

class HtmlReader {
  readonly blocks: Block[] = [];
  private readonly top = new Flow((paragraph) => {
    const block = toParagraphBlock(paragraph);
    if (block !== undefined) this.blocks.push(block);
  });

  constructor(private readonly starts: number[]) {}

  readTop(nodes: ChildNode[]): void {
    const style: Style = { bold: false, italic: false, align: null };
    for (const node of nodes) this.walk(node, style, this.top, true);
    this.top.break();
  }

  private lineOf(node: ChildNode): number {
    return lineAt(this.starts, node.startIndex ?? 0);
  }

  /** `top`: tables become blocks; otherwise (inside a cell) a table's cells are read into `flow` as paragraphs. */
  private walk(node: ChildNode, inherited: Style, flow: Flow, top: boolean): void {
    if (isText(node)) {
      flow.text(node.data, inherited, this.lineOf(node));
      return;
    }
    if (!isTag(node)) return;
    const name = node.name;
    if (IGNORED.has(name) || isHidden(node)) return;
    if (name === 'br') {
      flow.lineBreak(inherited);
      return;
    }
    const style = styleOf(node, inherited);
    if (name === 'table') {
      if (top) {
        flow.break(this.lineOf(node));
        for (const caption of node.children.filter((c): c is Element => isTag(c) && c.name === 'caption')) {
          this.walk(caption, style, flow, true);
        }
        flow.break();
        const table = this.readTable(node, style);
        if (table !== undefined) this.blocks.push(table);
      } else {
        this.flattenTable(node, style, flow);
      }
      return;
    }
    const block = BLOCKS.has(name);
    if (block) flow.break(this.lineOf(node));
    for (const child of node.children) this.walk(child, style, flow, top);
    if (block) flow.break();
  }

  private readTable(table: Element, style: Style): TableBlock | undefined {
    const rows = tableRows(table);
    if (rows.length === 0) return undefined;
    const rowLines = rows.map((row) => this.lineOf(row.tr));
    const grid: (TableCell | undefined)[][] = rows.map(() => []);
    const header: boolean[] = rows.map((row) => row.inHead);
    // Index of the last row of each row's group: a rowspan stops there, and rowspan="0" reaches it.
    const groupEnds: number[] = rows.map(() => 0);
    for (let r = rows.length - 1; r >= 0; r -= 1) {
      groupEnds[r] = r + 1 < rows.length && rows[r + 1]?.group === rows[r]?.group ? (groupEnds[r + 1] ?? r) : r;
    }
    rows.forEach((row, r) => {
      const cells = cellsOf(row.tr);
      if (cells.length > 0 && cells.every((cell) => cell.name === 'th')) header[r] = true;
      const slots = grid[r] as (TableCell | undefined)[];
      let column = 0;
      for (const cell of cells) {
        while (slots[column] !== undefined) column += 1;
        const line = this.lineOf(cell);
        const { text, bold } = this.readCell(cell, style);
        const colspan = clamp(intAttr(cell, 'colspan', 1), 1, 1000);
        const groupEnd = groupEnds[r] ?? r;
        const requested = intAttr(cell, 'rowspan', 1);
        const rowspan = requested === 0 ? groupEnd - r + 1 : clamp(requested, 1, groupEnd - r + 1);
        for (let dr = 0; dr < rowspan; dr += 1) {
          const target = grid[r + dr] as (TableCell | undefined)[];
          for (let dc = 0; dc < colspan; dc += 1) {
            if (dr === 0 && dc === 0) target[column] = { text, bold, line };
            else if (dr === 0) target[column + dc] ??= { text, bold, covered: 'left', line };
            else target[column + dc] ??= { text, bold, covered: 'above', line: rowLines[r + dr] ?? line };
          }
        }
        column += colspan;
      }
    });
    const width = Math.max(0, ...grid.map((slots) => slots.length));
    const out: TableRow[] = grid.map((slots, r) => {
      const line = rowLines[r] ?? 1;
      const cells: TableCell[] = [];
      for (let c = 0; c < width; c += 1) cells.push(slots[c] ?? { text: '', bold: false, line });
      return { cells, header: header[r] ?? false, line };
    });
    return { kind: 'table', rows: out, aligned: true, absentMeansMerged: false, line: this.lineOf(table) };
  }

  private readCell(cell: Element, inherited: Style): { text: string; bold: boolean } {
    const paragraphs: Paragraph[] = [];
    const flow = new Flow((paragraph) => paragraphs.push(paragraph));
    const style = styleOf(cell, inherited);
    for (const child of cell.children) this.walk(child, style, flow, false);
    flow.break();
    return cellText(paragraphs);
  }

  /** A table inside a cell: its caption and each of its cells become paragraphs of the outer cell, row by row. */
  private flattenTable(table: Element, style: Style, flow: Flow): void {
    flow.break();
    for (const caption of table.children.filter((c): c is Element => isTag(c) && c.name === 'caption')) {
      this.walk(caption, style, flow, false);
    }
    for (const row of tableRows(table)) {
      for (const cell of cellsOf(row.tr)) {
        flow.break();
        const cellStyle = styleOf(cell, style);
        for (const child of cell.children) this.walk(child, cellStyle, flow, false);
      }
    }
    flow.break();
  }
}

/** The table's own rows in source order; rows of nested tables are not descended into. */
function tableRows(table: Element): GridRow[] {
  const rows: GridRow[] = [];
  let group = 0;
  let bare = false;
  for (const child of table.children) {
    if (!isTag(child)) continue;
    if (child.name === 'tr') {
      if (!bare) group += 1;
      bare = true;
      rows.push({ tr: child, group, inHead: false });
    } else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      group += 1;
      bare = false;
      for (const tr of child.children) {
        if (isTag(tr) && tr.name === 'tr') rows.push({ tr, group, inHead: child.name === 'thead' });
      }
    } else {
      bare = false;
    }
  }
  return rows;
}

function cellsOf(tr: Element): Element[] {
  return tr.children.filter((c): c is Element => isTag(c) && (c.name === 'td' || c.name === 'th'));
}

function intAttr(element: Element, name: string, fallback: number): number {
  const value = Number.parseInt(element.attribs[name] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

// ---------------------------------------------------------------------------------------------------------------
// Styles.

function declarations(element: Element): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (element.attribs.style ?? '').split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    map.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim().toLowerCase());
  }
  return map;
}

function isHidden(element: Element): boolean {
  if (element.attribs.hidden !== undefined) return true;
  const css = declarations(element);
  return /^none\b/.test(css.get('display') ?? '') || /^hidden\b/.test(css.get('visibility') ?? '');
}

function styleOf(element: Element, inherited: Style): Style {
  const css = declarations(element);
  let bold = inherited.bold || BOLD_TAGS.has(element.name);
  const weight = css.get('font-weight');
  if (weight !== undefined) {
    if (/^(?:bold|bolder)\b/.test(weight) || Number.parseInt(weight, 10) >= 600) bold = true;
    else if (/^(?:normal|lighter)\b/.test(weight) || Number.parseInt(weight, 10) < 600) bold = false;
  }
  let italic = inherited.italic || ITALIC_TAGS.has(element.name);
  const fontStyle = css.get('font-style');
  if (fontStyle !== undefined) {
    if (/^(?:italic|oblique)\b/.test(fontStyle)) italic = true;
    else if (/^normal\b/.test(fontStyle)) italic = false;
  }
  let align = inherited.align;
  // A table's own `align` places the table on the page; it does not align the text in it.
  if (BLOCKS.has(element.name) && element.name !== 'table') {
    if (element.name === 'center') align = 'center';
    align = alignment(element.attribs.align) ?? align;
    align = alignment(css.get('text-align')) ?? align;
  }
  return { bold, italic, align };
}

function alignment(value: string | undefined): Align | undefined {
  switch (value?.trim().toLowerCase()) {
    case 'center':
    case 'middle':
      return 'center';
    case 'left':
    case 'start':
      return 'left';
    case 'right':
    case 'end':
      return 'right';
    case 'justify':
      return 'justify';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Text.

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line holding the character at `index`. */
function lineAt(starts: number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

function collapse(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

const LETTER = /\p{L}/u;
const VISIBLE = /\S/u;

/** Every run holding a letter has the mark; a text without letters is judged on its visible runs. */
function allMarked(runs: Run[], mark: 'bold' | 'italic'): boolean {
  let judged = runs.filter((run) => LETTER.test(run.text));
  if (judged.length === 0) judged = runs.filter((run) => VISIBLE.test(run.text));
  return judged.length > 0 && judged.every((run) => run[mark]);
}

function toParagraphBlock(paragraph: Paragraph): ParagraphBlock | undefined {
  const text = collapse(paragraph.runs.map((run) => run.text).join(''));
  if (text === '') return undefined;
  return {
    kind: 'paragraph',
    text,
    bold: allMarked(paragraph.runs, 'bold'),
    italic: allMarked(paragraph.runs, 'italic'),
    align: paragraph.align,
    line: paragraph.line,
  };
}

/** Paragraphs and `<br>` lines joined with "\n", each collapsed, empty ones dropped. */
function cellText(paragraphs: Paragraph[]): { text: string; bold: boolean } {
  const text = paragraphs
    .flatMap((paragraph) => paragraph.runs.map((run) => run.text).join('').split('\n'))
    .map(collapse)
    .filter((line) => line !== '')
    .join('\n');
  const runs = paragraphs.flatMap((paragraph) => paragraph.runs);
  return { text, bold: text !== '' && allMarked(runs, 'bold') };
}
