/**
 * The decision's metadata and the sections of its body. Input is the text export as published: a website
 * banner on line 1, the decision, the programme, the appendices, then a list of related documents and a
 * metadata block ("- Số hiệu: …") at the end.
 */
import { fold, normalizeText } from '../text/vietnamese.ts';
import { IngestError } from './errors.ts';
import type { DocumentMeta, IsoDate, Section } from './types.ts';

export interface SourceLine {
  /** 1-based line number in the seed file. */
  number: number;
  text: string;
}

export function toLines(source: string): SourceLine[] {
  return source
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .map((text, index) => ({ number: index + 1, text: normalizeText(text) }));
}

/** Index of the first line at or after `from` whose folded text satisfies `test`, or -1. */
export function findLine(lines: SourceLine[], test: (folded: string) => boolean, from = 0): number {
  for (let index = from; index < lines.length; index += 1) {
    if (test(fold(lines[index]!.text))) return index;
  }
  return -1;
}

function isoFromDmy(day: string, month: string, year: string): IsoDate {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** "27/08/2025" → 2025-08-27; null when the value is not a date ("Đang cập nhật"). */
function parseDmy(value: string | undefined): IsoDate | null {
  const match = value ? /(\d{1,2})\/(\d{1,2})\/(\d{4})/u.exec(value) : null;
  return match ? isoFromDmy(match[1]!, match[2]!, match[3]!) : null;
}

function sentenceCase(text: string): string {
  const lower = text.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

/** A line of the trailing related-documents list: "- 1Nghị định 85/2016/NĐ-CP …". */
export const RELATED_DOCUMENT_LINE = /^- \d+(?=\p{Lu})/u;

export function parseDocumentMeta(lines: SourceLine[]): DocumentMeta {
  const facts = new Map<string, string>();
  for (const line of lines) {
    const match = /^- ([^:]{2,40}): (.+)$/u.exec(line.text);
    if (match) facts.set(fold(match[1]!), match[2]!.trim());
  }
  const numberLine = lines.find((line) => /^Số:\s*\S+/u.test(line.text));
  const number = facts.get('so hieu') ?? /^Số:\s*([^|]+)/u.exec(numberLine?.text ?? '')?.[1]?.trim();
  if (!number) throw new IngestError('không tìm thấy số hiệu văn bản ("Số: …" hoặc "- Số hiệu: …")');

  const dateInHeader = /ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})/u.exec(numberLine?.text ?? '');
  const issuedOn =
    parseDmy(facts.get('ngay ban hanh')) ??
    (dateInHeader ? isoFromDmy(dateInHeader[1]!, dateInHeader[2]!, dateInHeader[3]!) : null);
  if (!issuedOn) throw new IngestError('không tìm thấy ngày ban hành');

  const signer = facts.get('nguoi ky');
  if (!signer) throw new IngestError('không tìm thấy người ký ("- Người ký: …")');

  const issuerIndex = findLine(lines, (folded) => /^uy ban nhan dan tinh /u.test(folded));
  const issuer = issuerIndex >= 0 ? sentenceCase(lines[issuerIndex]!.text.split('|')[0]!.trim()).replace(/tỉnh (.+)$/u, (_, place: string) => `tỉnh ${place.replace(/(^|\s)\p{L}/gu, (c) => c.toLocaleUpperCase('vi'))}`) : (facts.get('noi ban hanh') ?? '');

  const titleLine = lines.find((line) => /^Quyết định \d+\/.+ về /u.test(line.text));
  const headingIndex = findLine(lines, (folded) => folded === 'quyet dinh');
  const title =
    titleLine?.text ??
    (headingIndex >= 0 ? sentenceCase(lines[headingIndex + 1]?.text ?? '') : `Quyết định ${number}`);

  const effectLine = lines.find((line) => /^Điều 2\./u.test(line.text));
  const signerTitle = lines.find((line) => /^\|?\s*(TM|KT|Q)\.\s/u.test(line.text))?.text.replace(/\|/gu, '').trim() ?? null;

  return {
    number,
    type: facts.get('loai van ban') ?? 'Quyết định',
    issuer,
    issuedOn,
    signer,
    signerTitle,
    effectiveOn: parseDmy(facts.get('ngay hieu luc')),
    effectText: effectLine ? effectLine.text.replace(/^Điều 2\.\s*/u, '') : null,
    title,
    legalBases: lines.filter((line) => /^(Căn cứ|Theo đề nghị)/u.test(line.text)).map((line) => line.text),
    relatedDocuments: lines
      .filter((line) => RELATED_DOCUMENT_LINE.test(line.text))
      .map((line) => line.text.replace(RELATED_DOCUMENT_LINE, '').trim()),
  };
}

type Level = 'article' | 'roman' | 'part' | 'number' | 'subnumber' | 'letter';

interface HeadingMatch {
  level: Level;
  label: string;
}

const HEADING_PATTERNS: Array<{ level: Level; regex: RegExp }> = [
  { level: 'article', regex: /^Điều (\d+)\.\s/u },
  { level: 'roman', regex: /^([IVX]+)\.\s+\S/u },
  { level: 'part', regex: /^([A-H])\.\s+\S/u },
  { level: 'subnumber', regex: /^(\d+\.\d+)\.?\s+\S/u },
  { level: 'number', regex: /^(\d+)\.\s+\S/u },
  { level: 'letter', regex: /^([a-zđ])\)\s*\S/u },
];

function matchHeading(text: string): HeadingMatch | null {
  for (const { level, regex } of HEADING_PATTERNS) {
    const match = regex.exec(text);
    if (match) return { level, label: match[1]! };
  }
  return null;
}

const DEPTH: Record<Level, number> = { article: 0, roman: 0, part: 1, number: 2, subnumber: 3, letter: 4 };

function shortHeading(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 157).trimEnd()}…`;
}

/**
 * Sections from "QUYẾT ĐỊNH:" up to the first appendix. Ids follow the document's own numbering:
 * `Dieu.1`, `I.1.a`, `II.A.5.2.b`, `II.B.4`, `III`, `IV.2`. Lines that are not headings (bullets, paragraphs)
 * belong to the section above them.
 */
export function parseSections(lines: SourceLine[], endIndex: number): Section[] {
  const start = findLine(lines, (folded) => folded === 'quyet dinh:');
  if (start < 0) throw new IngestError('không tìm thấy phần "QUYẾT ĐỊNH:" mở đầu nội dung văn bản');
  const sections: Section[] = [];
  const stack: Array<{ level: Level; label: string; heading: string } | undefined> = [];
  let current: Section | null = null;
  let inProgramme = false;
  const used = new Set<string>();

  const flush = () => {
    if (current) sections.push(current);
    current = null;
  };

  for (let index = start + 1; index < endIndex; index += 1) {
    const line = lines[index]!;
    const text = line.text;
    if (text === '' || /^\|?\s*(TM|KT|Q)\.\s/u.test(text)) continue;
    const folded = fold(text);
    if (folded === 'chuong trinh' || folded.startsWith('(kem theo quyet dinh')) {
      flush();
      inProgramme = true;
      continue;
    }
    if (inProgramme && sections.length > 0 && !current && /^[\p{Lu}\s,.-]+$/u.test(text) && !matchHeading(text)) {
      continue; // the programme's title in capitals
    }
    const heading = matchHeading(text);
    if (heading && (heading.level !== 'article' || !inProgramme)) {
      flush();
      const depth = DEPTH[heading.level];
      stack.length = depth;
      // "5.2." sits under "5.": its own label is the last part, so its letters read `II.A.5.2.b`.
      const label = heading.level === 'subnumber' ? heading.label.split('.').at(-1)! : heading.label;
      stack[depth] = { level: heading.level, label, heading: text };
      const labels = stack.filter((entry) => entry !== undefined).map((entry) => entry.label);
      let id = heading.level === 'article' ? `Dieu.${heading.label}` : labels.join('.');
      if (used.has(id)) {
        let suffix = 2;
        while (used.has(`${id}-${suffix}`)) suffix += 1;
        id = `${id}-${suffix}`;
      }
      used.add(id);
      current = {
        id,
        path: stack.filter((entry) => entry !== undefined).map((entry) => shortHeading(entry.heading)),
        heading: shortHeading(text),
        text,
        line: line.number,
      };
      continue;
    }
    if (current) {
      (current as Section).text += `\n${text}`;
    }
  }
  flush();
  if (sections.length === 0) throw new IngestError('không tìm thấy mục nào trong nội dung văn bản', lines[start]!.number);
  return sections;
}
