/**
 * DOCX reader: the body of word/document.xml as blocks. Only the main story is read; headers, footers, footnotes,
 * comments, text boxes and the package's core properties (author names) are not part of the output.
 *
 * Paragraph `line` is the paragraph's 1-based ordinal among the `w:p` elements of the body, counting those inside
 * tables (nested ones too) and empty ones, so a warning can say "the 212th paragraph". A table, row or cell has
 * the ordinal of its first paragraph.
 */
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import {
  SourceFormatError,
  type Block,
  type ParagraphBlock,
  type SourceDocument,
  type TableBlock,
  type TableCell,
  type TableRow,
} from '../ir.ts';

const DOCUMENT_PART = 'word/document.xml';
const STYLES_PART = 'word/styles.xml';

/** A zip archive (local file header magic) whose central directory lists word/document.xml. */
export function looksLikeDocx(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false;
  let found = false;
  try {
    // The filter sees every entry's name and extracts nothing, so this reads only the central directory.
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name === DOCUMENT_PART) found = true;
        return false;
      },
    });
  } catch {
    return false;
  }
  return found;
}

/** Throws SourceFormatError when `bytes` is not a zip archive or holds no readable word/document.xml. */
export function readDocx(bytes: Uint8Array, source: string): SourceDocument {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (file) => file.name === DOCUMENT_PART || file.name === STYLES_PART });
  } catch (error) {
    throw new SourceFormatError(source, `not a readable zip archive (${message(error)})`);
  }
  const documentXml = parts[DOCUMENT_PART];
  if (documentXml === undefined) throw new SourceFormatError(source, `no ${DOCUMENT_PART} in the archive`);
  let documentNodes: XmlElement[];
  try {
    documentNodes = parseXml(decodeXml(documentXml));
  } catch (error) {
    throw new SourceFormatError(source, `${DOCUMENT_PART} is not well-formed XML (${message(error)})`);
  }
  const body = child(find(documentNodes, 'w:document'), 'w:body');
  if (body === undefined) throw new SourceFormatError(source, `${DOCUMENT_PART} has no w:document/w:body`);
  const reader = new BodyReader(readStyles(parts[STYLES_PART]));
  return { format: 'docx', source, blocks: reader.readBody(body) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
// ---------------------------------------------------------------------------------------------------------------
// XML: fast-xml-parser's ordered output turned into a typed tree.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
type XmlNode = XmlElement | string;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // `w:t` keeps its spaces (xml:space="preserve"); values stay strings.
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Decodes numeric character references (&#7841;) as well as the XML ones.
  htmlEntities: true,
});

function parseXml(xml: string): XmlElement[] {
  const parsed: unknown = parser.parse(xml);
  return toNodes(parsed).filter((node): node is XmlElement => typeof node !== 'string');
}

function toNodes(value: unknown): XmlNode[] {
  if (!Array.isArray(value)) return [];
  const nodes: XmlNode[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    for (const [key, content] of Object.entries(record)) {
      if (key === ':@') continue;
      if (key === '#text') {
        if (typeof content === 'string' || typeof content === 'number') nodes.push(String(content));
        continue;
      }
      nodes.push({ name: key, attrs: toAttrs(record[':@']), children: toNodes(content) });
    }
  }
  return nodes;
}

function toAttrs(value: unknown): Record<string, string> {
  const attrs: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return attrs;
  for (const [key, content] of Object.entries(value as Record<string, unknown>)) attrs[key] = String(content);
  return attrs;
}

function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function elements(node: XmlElement | undefined): XmlElement[] {
  return node === undefined ? [] : node.children.filter((c): c is XmlElement => typeof c !== 'string');
}

function child(node: XmlElement | undefined, name: string): XmlElement | undefined {
  return elements(node).find((c) => c.name === name);
}

function find(nodes: XmlElement[], name: string): XmlElement | undefined {
  return nodes.find((n) => n.name === name);
}

/**
 * An OOXML on/off property: present means on unless `w:val` is "0", "false" or "off"; absent is undefined so the
 * caller can fall back to the style.
 */
function toggle(props: XmlElement | undefined, name: string): boolean | undefined {
  const element = child(props, name);
  if (element === undefined) return undefined;
  const value = element.attrs['w:val'];
  return value === undefined || !['0', 'false', 'off', 'none'].includes(value);
}

function intAttr(element: XmlElement | undefined, fallback: number): number {
  const value = Number.parseInt(element?.attrs['w:val'] ?? '', 10);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

// ---------------------------------------------------------------------------------------------------------------
// Styles: bold, italic and justification from a paragraph or character style, following w:basedOn. Direct
// formatting overrides the character style, which overrides the paragraph style, which overrides docDefaults. The
// toggle semantics of w:b across nested styles are not modelled: the nearest definition wins.

interface StyleProps {
  basedOn?: string;
  bold?: boolean;
  italic?: boolean;
  align?: ParagraphBlock['align'];
}

interface Styles {
  byId: Map<string, StyleProps>;
  defaultParagraphStyle?: string;
  defaults: { bold?: boolean; italic?: boolean };
}

/** Styles refine formatting only: a missing or unreadable styles.xml leaves direct formatting in charge. */
function readStyles(bytes: Uint8Array | undefined): Styles {
  let nodes: XmlElement[] = [];
  try {
    if (bytes !== undefined) nodes = parseXml(decodeXml(bytes));
  } catch {
    nodes = [];
  }
  const root = find(nodes, 'w:styles');
  const byId = new Map<string, StyleProps>();
  let defaultParagraphStyle: string | undefined;
  for (const style of elements(root)) {
    if (style.name !== 'w:style') continue;
    const id = style.attrs['w:styleId'];
    if (id === undefined) continue;
    const rPr = child(style, 'w:rPr');
    byId.set(id, {
      basedOn: child(style, 'w:basedOn')?.attrs['w:val'],
      bold: toggle(rPr, 'w:b'),
      italic: toggle(rPr, 'w:i'),
      align: justification(child(child(style, 'w:pPr'), 'w:jc')),
    });
    const isDefault = style.attrs['w:default'];
    if (style.attrs['w:type'] === 'paragraph' && (isDefault === '1' || isDefault === 'true')) defaultParagraphStyle = id;
  }
  const defaultRun = child(child(child(root, 'w:docDefaults'), 'w:rPrDefault'), 'w:rPr');
  return {
    byId,
    defaultParagraphStyle,
    defaults: { bold: toggle(defaultRun, 'w:b'), italic: toggle(defaultRun, 'w:i') },
  };
}

function styleValue<K extends 'bold' | 'italic' | 'align'>(styles: Styles, id: string | undefined, key: K): StyleProps[K] | undefined {
  const seen = new Set<string>();
  let current = id;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const style = styles.byId.get(current);
    if (style === undefined) return undefined;
    const value = style[key];
    if (value !== undefined && value !== null) return value;
    current = style.basedOn;
  }
  return undefined;
}

function justification(jc: XmlElement | undefined): ParagraphBlock['align'] | undefined {
  const value = jc?.attrs['w:val'];
  switch (value) {
    case undefined:
      return undefined;
    case 'center':
      return 'center';
    case 'left':
    case 'start':
      return 'left';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'distribute':
    case 'lowKashida':
    case 'mediumKashida':
    case 'highKashida':
    case 'thaiDistribute':
      return 'justify';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Body.

interface Run {
  /** Raw text; "\n" marks a w:br / w:cr. */
  text: string;
  bold: boolean;
  italic: boolean;
}

interface Paragraph {
  runs: Run[];
  align: ParagraphBlock['align'];
  line: number;
}

/** Containers whose children are read as if they stood in the parent (content controls, custom XML, revisions kept). */
const TRANSPARENT = new Set([
  'w:sdt', 'w:sdtContent', 'w:customXml', 'w:ins', 'w:moveTo', 'w:smartTag', 'w:hyperlink', 'w:fldSimple', 'w:dir', 'w:bdo',
]);
/** Revisions that are not part of the current text. */
const REMOVED = new Set(['w:del', 'w:moveFrom']);

class BodyReader {
  private paragraphs = 0;

  constructor(private readonly styles: Styles) {}

  readBody(body: XmlElement): Block[] {
    const blocks: Block[] = [];
    for (const element of this.flatten(body)) {
      if (element.name === 'w:p') {
        const paragraph = this.readParagraph(element);
        const block = toParagraphBlock(paragraph);
        if (block !== undefined) blocks.push(block);
      } else if (element.name === 'w:tbl') {
        const table = this.readTable(element);
        if (table !== undefined) blocks.push(table);
      }
    }
    return blocks;
  }

  /** The element's children with transparent containers opened and removed revisions dropped. */
  private flatten(node: XmlElement): XmlElement[] {
    const out: XmlElement[] = [];
    for (const element of elements(node)) {
      if (REMOVED.has(element.name)) continue;
      if (TRANSPARENT.has(element.name)) out.push(...this.flatten(element));
      else out.push(element);
    }
    return out;
  }

  private readParagraph(p: XmlElement): Paragraph {
    this.paragraphs += 1;
    const line = this.paragraphs;
    const pPr = child(p, 'w:pPr');
    const styleId = child(pPr, 'w:pStyle')?.attrs['w:val'] ?? this.styles.defaultParagraphStyle;
    const direct = justification(child(pPr, 'w:jc'));
    const align = direct !== undefined ? direct : (styleValue(this.styles, styleId, 'align') ?? null);
    const runs: Run[] = [];
    this.collectRuns(p, styleId, runs);
    return { runs, align, line };
  }

  private collectRuns(node: XmlElement, styleId: string | undefined, runs: Run[]): void {
    for (const element of this.flatten(node)) {
      if (element.name === 'w:r') this.readRun(element, styleId, runs);
      else if (element.name === 'm:oMath' || element.name === 'm:oMathPara') runs.push({ text: mathText(element), bold: false, italic: false });
    }
  }

  private readRun(r: XmlElement, styleId: string | undefined, runs: Run[]): void {
    const rPr = child(r, 'w:rPr');
    if (toggle(rPr, 'w:vanish') === true) return;
    const charStyle = child(rPr, 'w:rStyle')?.attrs['w:val'];
    const resolve = (prop: 'w:b' | 'w:i', key: 'bold' | 'italic'): boolean =>
      toggle(rPr, prop) ??
      styleValue(this.styles, charStyle, key) ??
      styleValue(this.styles, styleId, key) ??
      this.styles.defaults[key] ??
      false;
    let text = '';
    for (const element of elements(r)) {
      switch (element.name) {
        case 'w:t':
          text += textOf(element);
          break;
        case 'w:tab':
        case 'w:ptab':
          text += ' ';
          break;
        case 'w:br':
        case 'w:cr':
          text += '\n';
          break;
        case 'w:noBreakHyphen':
          text += '-';
          break;
        default:
          // w:delText, w:instrText (field codes), drawings, pictures, footnote and comment references carry no body text.
          break;
      }
    }
    if (text !== '') runs.push({ text, bold: resolve('w:b', 'bold'), italic: resolve('w:i', 'italic') });
  }

  private readTable(tbl: XmlElement): TableBlock | undefined {
    const tableLine = this.paragraphs + 1;
    const gridColumns = elements(child(tbl, 'w:tblGrid')).filter((c) => c.name === 'w:gridCol').length;
    const rawRows: RawRow[] = [];
    for (const tr of this.flatten(tbl)) {
      if (tr.name !== 'w:tr') continue;
      const trPr = child(tr, 'w:trPr');
      if (child(trPr, 'w:del') !== undefined) continue;
      const row: RawRow = {
        line: this.paragraphs + 1,
        header: toggle(trPr, 'w:tblHeader') === true,
        before: intAttr(child(trPr, 'w:gridBefore'), 0),
        after: intAttr(child(trPr, 'w:gridAfter'), 0),
        cells: [],
      };
      for (const tc of this.flatten(tr)) {
        if (tc.name !== 'w:tc') continue;
        const tcPr = child(tc, 'w:tcPr');
        const vMerge = child(tcPr, 'w:vMerge');
        const cellLine = this.paragraphs + 1;
        const paragraphs = this.readCellContent(tc);
        row.cells.push({
          line: cellLine,
          span: Math.max(1, intAttr(child(tcPr, 'w:gridSpan'), 1)),
          continues: vMerge !== undefined && vMerge.attrs['w:val'] !== 'restart',
          ...cellText(paragraphs),
        });
      }
      rawRows.push(row);
    }
    if (rawRows.length === 0) return undefined;
    return { kind: 'table', rows: layOut(rawRows, gridColumns), aligned: true, absentMeansMerged: false, line: tableLine };
  }

  /** A cell's paragraphs in order; a nested table contributes the paragraphs of its cells, row by row. */
  private readCellContent(container: XmlElement): Paragraph[] {
    const paragraphs: Paragraph[] = [];
    for (const element of this.flatten(container)) {
      if (element.name === 'w:p') paragraphs.push(this.readParagraph(element));
      else if (element.name === 'w:tbl') {
        for (const tr of this.flatten(element)) {
          if (tr.name !== 'w:tr') continue;
          for (const tc of this.flatten(tr)) {
            if (tc.name !== 'w:tc') continue;
            const vMerge = child(child(tc, 'w:tcPr'), 'w:vMerge');
            const inner = this.readCellContent(tc);
            // A continued merge repeats the cell above on screen; its own (normally empty) paragraphs add nothing.
            if (vMerge === undefined || vMerge.attrs['w:val'] === 'restart') paragraphs.push(...inner);
          }
        }
      }
    }
    return paragraphs;
  }
}

interface RawCell {
  text: string;
  bold: boolean;
  line: number;
  span: number;
  /** `w:vMerge` without `restart`: this position repeats the cell above. */
  continues: boolean;
}

interface RawRow {
  line: number;
  header: boolean;
  before: number;
  after: number;
  cells: RawCell[];
}

/** One cell per grid column in every row: spans become `left` copies, continued merges `above` copies. */
function layOut(rawRows: RawRow[], gridColumns: number): TableRow[] {
  const width = Math.max(
    gridColumns,
    ...rawRows.map((row) => row.before + row.cells.reduce((sum, cell) => sum + cell.span, 0) + row.after),
  );
  const rows: TableRow[] = [];
  let previous: TableCell[] | undefined;
  for (const raw of rawRows) {
    const cells: TableCell[] = [];
    const empty = (): TableCell => ({ text: '', bold: false, line: raw.line });
    for (let k = 0; k < raw.before; k += 1) cells.push(empty());
    for (const cell of raw.cells) {
      const above = previous?.[cells.length];
      if (cell.continues && above !== undefined) {
        for (let k = 0; k < cell.span; k += 1) {
          const source = previous?.[cells.length] ?? above;
          cells.push({ text: source.text, bold: source.bold, covered: 'above', line: cell.line });
        }
        continue;
      }
      cells.push({ text: cell.text, bold: cell.bold, line: cell.line });
      for (let k = 1; k < cell.span; k += 1) cells.push({ text: cell.text, bold: cell.bold, covered: 'left', line: cell.line });
    }
    while (cells.length < width) cells.push(empty());
    rows.push({ cells, header: raw.header, line: raw.line });
    previous = cells;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Text.

function textOf(element: XmlElement): string {
  return element.children.filter((c): c is string => typeof c === 'string').join('');
}

function mathText(element: XmlElement): string {
  if (element.name === 'm:t') return textOf(element);
  return elements(element).map(mathText).join('');
}

function collapse(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

const LETTER = /\p{L}/u;
const VISIBLE = /\S/u;

/**
 * Every run that holds a letter has the mark. A text without letters (a bare "1.") is judged on its runs that hold
 * anything visible; an empty text has no mark.
 */
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

/** Paragraphs joined with "\n" (a w:br inside one also breaks the line), each line collapsed, empty lines dropped. */
function cellText(paragraphs: Paragraph[]): { text: string; bold: boolean } {
  const text = paragraphs
    .flatMap((paragraph) => paragraph.runs.map((run) => run.text).join('').split('\n'))
    .map(collapse)
    .filter((line) => line !== '')
    .join('\n');
  const runs = paragraphs.flatMap((paragraph) => paragraph.runs);
  return { text, bold: text !== '' && allMarked(runs, 'bold') };
}
