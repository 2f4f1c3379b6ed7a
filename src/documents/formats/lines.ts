/**
 * Hard-wrapped text to paragraphs, and inline Markdown marks (`**bold**`, `*italic*`) to plain text with the
 * share of bold letters. Shared by the readers of formats that wrap lines at a fixed width (the crawl Markdown).
 */

export interface MarkedText {
  text: string;
  /** Every letter is inside `**…**`. */
  bold: boolean;
  /** Every letter is inside `*…*` (single asterisks). */
  italic: boolean;
}

/** Removes `**`/`*` marks, reporting whether all letters were bold / italic. White space collapsed, NFC. */
export function stripMarks(raw: string): MarkedText {
  let bold = false;
  let italic = false;
  let letters = 0;
  let boldLetters = 0;
  let italicLetters = 0;
  let out = '';
  for (let index = 0; index < raw.length; index += 1) {
    const char = raw[index]!;
    if (char === '*') {
      if (raw[index + 1] === '*') {
        bold = !bold;
        index += 1;
      } else {
        italic = !italic;
      }
      continue;
    }
    if (/\p{L}/u.test(char)) {
      letters += 1;
      if (bold) boldLetters += 1;
      if (italic) italicLetters += 1;
    }
    out += char;
  }
  const text = out.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return { text, bold: letters > 0 && boldLetters === letters, italic: letters > 0 && italicLetters === letters };
}

/** A line made only of dashes or underscores: the rule under a letterhead, not text. */
export function isRule(line: string): boolean {
  return /^\s*[-_=—–]{3,}\s*$/u.test(line);
}

const LIST_MARKER = /^\s*(?:[-+•–]\s*$|[-+•–]\s+\S)/u;
const HEADING_LABEL = /^\s*\**\s*(?:\d{1,2}(?:\.\d{1,2})*\.\s|[a-zđ]\)\s|[IVXLC]+\.\s|Điều\s+\d+|PHỤ LỤC|Phụ lục\s)/u;
const SENTENCE_END = /[.:;!?]\**\)?\**\s*$/u;
const STARTS_UPPER = /^\s*[*(“"'[]*\s*[\p{Lu}\d]/u;

/** A line that is one bold run ("**THÔNG BÁO**"): a heading, whatever follows it. */
function isBoldLine(line: string): boolean {
  return /^\s*\*\*[^*]+\*\*\s*$/u.test(line);
}

/** A line with letters, none of them lower case ("PHÓ CHỦ TỊCH", "**KẾ HOẠCH**"). */
function isCapitals(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toLocaleUpperCase('vi');
}

/**
 * Groups hard-wrapped lines into paragraphs. A new paragraph starts at a list marker ("- ", "+ ", a lone "-"),
 * a heading label ("1.", "a)", "II.", "Điều 3", "PHỤ LỤC"), a line opening with bold after a closed line, or an
 * upper-case line after a line that ended a sentence, and where lines in capitals (headings, titles, the
 * signature's offices) meet lines that are not. A lone marker line is joined to the line after it, and a bold run
 * never breaks.
 */
export function paragraphsOf(lines: readonly string[]): string[][] {
  const paragraphs: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current);
      current = [];
      continue;
    }
    const previous = current.at(-1);
    const loneMarker = previous !== undefined && /^\s*[-+•–]\s*$/u.test(previous);
    // A bold run opened and not yet closed spans the wrap: "**I." / "NÂNG CAO NHẬN THỨC**" is one heading.
    const boldOpen = current.join(' ').split('**').length % 2 === 0;
    const starts =
      previous === undefined
        ? true
        : loneMarker || boldOpen
          ? false
          : LIST_MARKER.test(line) ||
            HEADING_LABEL.test(line) ||
            (/^\s*\*\*/u.test(line) && (/\*\*\s*$/u.test(previous) || SENTENCE_END.test(previous))) ||
            (SENTENCE_END.test(previous) && STARTS_UPPER.test(line)) ||
            isCapitals(previous) !== isCapitals(line) ||
            (isBoldLine(previous) && !/^\s*\*\*/u.test(line));
    if (starts && current.length > 0) {
      paragraphs.push(current);
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) paragraphs.push(current);
  return paragraphs;
}
