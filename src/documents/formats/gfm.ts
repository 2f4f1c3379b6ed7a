/**
 * GitHub-Flavoured Markdown reader: paragraphs, ATX/setext headings (bold paragraphs), list items (one paragraph
 * each, marker kept as "- " or "N. ") and pipe tables. Inline syntax is removed from the text and emphasis is
 * recorded as bold/italic runs, following CommonMark's delimiter rules so `snake_case` or `a * b` stay literal.
 * GFM has no merged cells: every table is aligned and no position is `covered`.
 *
 * `line` is the 1-based source line where the block starts; a table row's cells carry the row's line.
 */
import type { Block, ParagraphBlock, SourceDocument, TableBlock, TableCell, TableRow } from '../ir.ts';

/** At least one pipe table: a row holding an unescaped `|` followed by a delimiter row with as many cells. */
export function looksLikeGfm(text: string): boolean {
  const lines = splitLines(text);
  return lines.some((_, i) => tableStartsAt(lines, i));
}

/** Never throws: any text reads as Markdown. */
export function readGfm(text: string, source: string): SourceDocument {
  return { format: 'gfm', source, blocks: readBlocks(splitLines(text.normalize('NFC'))) };
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks.

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^[ \t]*(?:([-*+])|(\d{1,9})[.)])[ \t]+(\S.*)$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BLOCKQUOTE = /^ {0,3}>[ \t]?/;

interface OpenParagraph {
  lines: string[];
  line: number;
  /** Set for a list item: another item may start on the next line. */
  listItem: boolean;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function readBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let open: OpenParagraph | undefined;
  const flush = (heading = false): void => {
    if (open === undefined) return;
    const joined = open.lines.map(stripHardBreak).join(' ');
    const block = paragraph(inline(joined, false), open.line, heading);
    if (block !== undefined) blocks.push(block);
    open = undefined;
  };

  for (let i = 0; i < lines.length; ) {
    const raw = lines[i] ?? '';
    const line = raw.replace(BLOCKQUOTE, '');
    if (line.trim() === '') {
      flush();
      i += 1;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence !== null) {
      flush();
      const marker = fence[1] ?? '```';
      const content: string[] = [];
      let j = i + 1;
      while (j < lines.length && !(lines[j] ?? '').trimStart().startsWith(marker)) content.push(lines[j++] ?? '');
      const block = paragraph([{ text: content.join(' '), bold: false, italic: false }], i + 2, false);
      if (block !== undefined) blocks.push(block);
      i = j + 1;
      continue;
    }
    if (tableStartsAt(lines, i)) {
      flush();
      const { table, next } = readTable(lines, i);
      blocks.push(table);
      i = next;
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading !== null) {
      flush();
      const block = paragraph(inline(heading[2] ?? '', false), i + 1, true);
      if (block !== undefined) blocks.push(block);
      i += 1;
      continue;
    }
    if (open !== undefined && !open.listItem && SETEXT_UNDERLINE.test(line)) {
      flush(true);
      i += 1;
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      flush();
      i += 1;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    // An ordered list interrupts a paragraph only when it starts at 1 (CommonMark), so a wrapped "2025. …" stays text.
    if (item !== null && (open === undefined || open.listItem || item[1] !== undefined || item[2] === '1')) {
      flush();
      const marker = item[1] !== undefined ? '- ' : `${Number(item[2])}. `;
      open = { lines: [`${marker}${item[3] ?? ''}`], line: i + 1, listItem: true };
      i += 1;
      continue;
    }
    if (open === undefined) open = { lines: [line.trim()], line: i + 1, listItem: false };
    else open.lines.push(line.trim());
    i += 1;
  }
  flush();
  return blocks;
}

/** A trailing backslash or two spaces is a hard line break; in a paragraph it joins like any line end. */
function stripHardBreak(line: string): string {
  return line.replace(/\\$/, '').trimEnd();
}

// ---------------------------------------------------------------------------------------------------------------
// Tables.

const DELIMITER_CELL = /^:?-+:?$/;

function tableStartsAt(lines: string[], i: number): boolean {
  const header = lines[i];
  const delimiter = lines[i + 1];
  if (header === undefined || delimiter === undefined || !isPipeRow(header) || !isPipeRow(delimiter)) return false;
  const delimiterCells = splitRow(delimiter);
  return delimiterCells.every((cell) => DELIMITER_CELL.test(cell)) && splitRow(header).length === delimiterCells.length;
}

function isPipeRow(line: string): boolean {
  return line.trim() !== '' && /(?:^|[^\\])\|/.test(line);
}

/** Cells of a pipe row: outer pipes dropped, split on unescaped `|`, trimmed; `\|` stays escaped for `inline`. */
function splitRow(line: string): string[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let k = 0; k < body.length; k += 1) {
    const char = body[k];
    if (char === '\\' && body[k + 1] === '|') {
      current += '\\|';
      k += 1;
    } else if (char === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  cells.push(current.trim());
  return cells;
}

function readTable(lines: string[], start: number): { table: TableBlock; next: number } {
  const header = splitRow(lines[start] ?? '');
  const width = header.length;
  const rows: TableRow[] = [toRow(header, width, start + 1, true)];
  let next = start + 2;
  while (next < lines.length && isPipeRow(lines[next] ?? '')) {
    rows.push(toRow(splitRow(lines[next] ?? ''), width, next + 1, false));
    next += 1;
  }
  return { table: { kind: 'table', rows, aligned: true, absentMeansMerged: false, line: start + 1 }, next };
}

function toRow(raw: string[], width: number, line: number, header: boolean): TableRow {
  const cells: TableCell[] = [];
  for (let k = 0; k < width; k += 1) cells.push({ ...cellText(inline(raw[k] ?? '', true)), line });
  return { cells, header, line };
}

// ---------------------------------------------------------------------------------------------------------------
// Inline: code spans, escapes, entities, links, `<br>`, tags, then emphasis by CommonMark's delimiter algorithm.

interface Run {
  /** "\n" marks a `<br>` in a cell. */
  text: string;
  bold: boolean;
  italic: boolean;
}

interface TextToken {
  kind: 'text';
  text: string;
  bold: number;
  italic: number;
}

interface DelimiterToken {
  kind: 'delimiter';
  char: '*' | '_';
  /** Characters not yet used by a match. */
  count: number;
  /** Length of the run as written (CommonMark's "rule of 3"). */
  length: number;
  canOpen: boolean;
  canClose: boolean;
  bold: number;
  italic: number;
}

type Token = TextToken | DelimiterToken;

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/u;
const LINK = /^!?\[((?:[^[\]\\]|\\.)*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/;
const BREAK_TAG = /^<br\s*\/?>/i;
const AUTOLINK = /^<((?:https?|ftp|mailto):[^\s<>]*)>/i;
const HTML_TAG = /^<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/;
const ENTITY = /^&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ndash: '–', mdash: '—', hellip: '…',
  laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', copy: '©', reg: '®', deg: '°',
};

function inline(source: string, inCell: boolean): Run[] {
  const tokens = tokenize(source, inCell);
  matchEmphasis(tokens);
  return tokens.map((token) => ({
    text: token.kind === 'text' ? token.text : token.char.repeat(token.count),
    bold: token.bold > 0,
    italic: token.italic > 0,
  }));
}

function tokenize(source: string, inCell: boolean): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const pushText = (): void => {
    if (text !== '') tokens.push({ kind: 'text', text, bold: 0, italic: 0 });
    text = '';
  };
  for (let k = 0; k < source.length; ) {
    const char = source[k] ?? '';
    const rest = source.slice(k);
    if (char === '\\' && ASCII_PUNCTUATION.test(source[k + 1] ?? '')) {
      text += source[k + 1];
      k += 2;
      continue;
    }
    if (char === '`') {
      const ticks = /^`+/.exec(rest)?.[0] ?? '`';
      const close = source.indexOf(ticks, k + ticks.length);
      if (close >= 0 && source[close + ticks.length] !== '`') {
        text += source.slice(k + ticks.length, close).replace(/^ (.*) $/s, '$1');
        k = close + ticks.length;
      } else {
        text += ticks;
        k += ticks.length;
      }
      continue;
    }
    if (char === '<') {
      const br = BREAK_TAG.exec(rest);
      const auto = br === null ? AUTOLINK.exec(rest) : null;
      const tag = br === null && auto === null ? HTML_TAG.exec(rest) : null;
      if (br !== null) text += inCell ? '\n' : ' ';
      else if (auto !== null) text += auto[1];
      else if (tag === null) text += char;
      k += (br ?? auto ?? tag)?.[0].length ?? 1;
      continue;
    }
    if (char === '&') {
      const entity = ENTITY.exec(rest);
      const decoded = entity === null ? undefined : decodeEntity(entity[1] ?? '');
      text += decoded ?? char;
      k += decoded === undefined ? 1 : (entity?.[0].length ?? 1);
      continue;
    }
    if (char === '[' || (char === '!' && source[k + 1] === '[')) {
      const link = LINK.exec(rest);
      if (link !== null) {
        pushText();
        tokens.push(...tokenize(link[1] ?? '', inCell));
        k += link[0].length;
        continue;
      }
    }
    if (char === '~' && source[k + 1] === '~') {
      k += 2;
      continue;
    }
    if (char === '*' || char === '_') {
      const run = char === '*' ? /^\*+/.exec(rest) : /^_+/.exec(rest);
      const length = run?.[0].length ?? 1;
      pushText();
      tokens.push(delimiter(char, length, source[k - 1], source[k + length]));
      k += length;
      continue;
    }
    text += char;
    k += 1;
  }
  pushText();
  return tokens;
}

function decodeEntity(name: string): string | undefined {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  }
  return NAMED_ENTITIES[name];
}

/** CommonMark flanking rules; the line's start and end count as white space. */
function delimiter(char: '*' | '_', length: number, before: string | undefined, after: string | undefined): DelimiterToken {
  const spaceBefore = before === undefined || WHITESPACE.test(before);
  const spaceAfter = after === undefined || WHITESPACE.test(after);
  const punctBefore = before !== undefined && PUNCTUATION.test(before);
  const punctAfter = after !== undefined && PUNCTUATION.test(after);
  const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
  const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
  const canOpen = char === '*' ? left : left && (!right || punctBefore);
  const canClose = char === '*' ? right : right && (!left || punctAfter);
  return { kind: 'delimiter', char, count: length, length, canOpen, canClose, bold: 0, italic: 0 };
}

/** Pairs delimiter runs: two characters from each side make bold, one italic; delimiters left over stay literal. */
function matchEmphasis(tokens: Token[]): void {
  for (let c = 0; c < tokens.length; c += 1) {
    const closer = tokens[c];
    if (closer?.kind !== 'delimiter' || !closer.canClose) continue;
    while (closer.count > 0) {
      let o = c - 1;
      for (; o >= 0; o -= 1) {
        const opener = tokens[o];
        if (opener?.kind !== 'delimiter' || opener.char !== closer.char || !opener.canOpen || opener.count === 0) continue;
        const ruleOfThree =
          (opener.canClose || closer.canOpen) && (opener.length + closer.length) % 3 === 0 && !(opener.length % 3 === 0 && closer.length % 3 === 0);
        if (!ruleOfThree) break;
      }
      const opener = tokens[o];
      if (opener?.kind !== 'delimiter') break;
      const used = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
      for (let k = o + 1; k < c; k += 1) {
        const inside = tokens[k] as Token;
        if (used === 2) inside.bold += 1;
        else inside.italic += 1;
        if (inside.kind === 'delimiter') {
          inside.canOpen = false;
          inside.canClose = false;
        }
      }
      opener.count -= used;
      closer.count -= used;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Text.

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

function paragraph(runs: Run[], line: number, heading: boolean): ParagraphBlock | undefined {
  const text = collapse(runs.map((run) => run.text).join(''));
  if (text === '') return undefined;
  return { kind: 'paragraph', text, bold: heading || allMarked(runs, 'bold'), italic: allMarked(runs, 'italic'), align: null, line };
}

/** `<br>` lines joined with "\n", each collapsed, empty ones dropped. */
function cellText(runs: Run[]): { text: string; bold: boolean } {
  const text = runs
    .map((run) => run.text)
    .join('')
    .split('\n')
    .map(collapse)
    .filter((line) => line !== '')
    .join('\n');
  return { text, bold: text !== '' && allMarked(runs, 'bold') };
}
