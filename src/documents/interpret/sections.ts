/**
 * The body of a document as a tree of sections with ids that follow its own numbering (`Dieu.1`, `I.1.a`,
 * `II.A.5.2.b`, `III`), each with what it is about (`SectionKind`, from its heading or an ancestor's). The body
 * runs from "QUYẾT ĐỊNH:" (or the first heading) to the first appendix; the signature block and what follows it
 * are skipped until an attached document starts ("KẾ HOẠCH", "CHƯƠNG TRÌNH" after a Quyết định's articles), whose
 * headings start a new tree. Lines that are not headings belong to the section above them.
 */
import { fold } from '../../text/vietnamese.ts';
import type { Block, ParagraphBlock } from '../ir.ts';
import type { Section, SectionKind } from '../types.ts';

type Level = 'article' | 'roman' | 'part' | 'number' | 'subnumber' | 'letter';

const HEADING_PATTERNS: Array<{ level: Level; regex: RegExp }> = [
  { level: 'article', regex: /^Điều (\d+)\.?\s/u },
  { level: 'roman', regex: /^([IVX]+)\.\s*\S/u },
  { level: 'part', regex: /^([A-H])\.\s+\S/u },
  { level: 'subnumber', regex: /^(\d+\.\d+)\.?\s+\S/u },
  { level: 'number', regex: /^(\d+)\.\s*\S/u },
  { level: 'letter', regex: /^([a-zđ])\)\s*\S/u },
];
const DEPTH: Record<Level, number> = { article: 0, roman: 0, part: 1, number: 2, subnumber: 3, letter: 4 };

/** Heading words to what a section is about; the first rule that matches wins. */
const KIND_RULES: Array<{ kind: SectionKind; test: RegExp }> = [
  { kind: 'purpose', test: /\bmuc dich\b/u },
  { kind: 'requirements', test: /^(\S+\s+)?yeu cau\b/u },
  { kind: 'viewpoints', test: /\bquan diem\b/u },
  { kind: 'general_objective', test: /\bmuc tieu (chung|tong quat)\b/u },
  { kind: 'specific_objectives', test: /\bmuc tieu cu the\b|\bchi tieu cu the\b/u },
  { kind: 'objectives', test: /\bmuc tieu\b/u },
  { kind: 'targets', test: /\bchi tieu\b/u },
  { kind: 'funding', test: /\bkinh phi\b|\bnguon von\b|\bnguon luc tai chinh\b|\bbao dam kinh phi\b/u },
  { kind: 'reporting', test: /\bche do bao cao\b|\bbao cao (ket qua|dinh ky)\b|\bthong tin,? bao cao\b/u },
  { kind: 'organisation', test: /\bto chuc thuc hien\b|\btrach nhiem\b|\bphan cong\b/u },
  { kind: 'tasks', test: /\bnhiem vu\b|\bgiai phap\b/u },
  { kind: 'effect', test: /\bhieu luc\b|\bdieu khoan thi hanh\b/u },
];

/** The prose before a document's first heading ("phần mở đầu"). */
export const OPENING_ID = 'MĐ';
const OPENING_HEADING = 'Phần mở đầu';

const ATTACHED_KIND = /^(ke hoach|chuong trinh|de an|quy che|quy dinh|huong dan)$/u;
const SIGNATURE = /^(tm|kt|q|tl|tuq)\.\s|^noi nhan\b/u;
const APPENDIX = /^phu luc\b/u;

export function sectionKind(heading: string): SectionKind | null {
  const folded = fold(heading).replace(/^([ivx]+|[a-h]|\d+(\.\d+)*|[a-z])[.)]\s*/u, '');
  return KIND_RULES.find(({ test }) => test.test(folded))?.kind ?? null;
}

function matchHeading(text: string): { level: Level; label: string } | null {
  for (const { level, regex } of HEADING_PATTERNS) {
    const match = regex.exec(text);
    if (match) return { level, label: match[1]! };
  }
  return null;
}

function shortHeading(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 157).trimEnd()}…`;
}

export function readSections(blocks: readonly Block[], documentId: string): Section[] {
  const paragraphs = blocks.filter((block): block is ParagraphBlock => block.kind === 'paragraph');
  // Formats that keep bold mark their headings bold; there, a plain "1. …" line is a list item, not a heading.
  const boldHeadings = paragraphs.filter((paragraph) => paragraph.bold && matchHeading(paragraph.text)).length >= 3;
  const opening = paragraphs.findIndex((paragraph) => fold(paragraph.text) === 'quyet dinh:');
  const sections: Section[] = [];
  const used = new Set<string>();
  const stack: Array<{ label: string; heading: string; kind: SectionKind | null } | undefined> = [];
  let current: Section | null = null;
  let inAttached = false;
  let afterSignature = false;
  let recipients = false;
  const preamble: ParagraphBlock[] = [];

  const flush = () => {
    if (current) sections.push(current);
    current = null;
  };

  for (let index = opening < 0 ? 0 : opening + 1; index < paragraphs.length; index += 1) {
    const paragraph = paragraphs[index]!;
    const text = paragraph.text;
    const folded = fold(text);
    if (APPENDIX.test(folded) && (paragraph.bold || text === text.toLocaleUpperCase('vi'))) break;
    if (SIGNATURE.test(folded)) {
      flush();
      afterSignature = true;
      continue;
    }
    if (ATTACHED_KIND.test(folded) && text === text.toLocaleUpperCase('vi') && (sections.length > 0 || afterSignature)) {
      flush();
      stack.length = 0;
      inAttached = true;
      afterSignature = false;
      continue;
    }
    const heading = matchHeading(text);
    const isHeading =
      heading !== null &&
      (heading.level !== 'article' || !inAttached) &&
      (!boldHeadings || paragraph.bold || heading.level === 'letter' || heading.level === 'article');
    if (!isHeading) {
      if (inAttached && !current && (text === text.toLocaleUpperCase('vi') || folded.startsWith('(kem theo'))) continue;
      if (current && !afterSignature) (current as Section).text += `\n${text}`;
      else if (opening < 0 && !afterSignature && !inAttached && sections.length === 0) {
        // Prose before the first heading of a letter or a plan ("Thời gian qua, Bộ đã ban hành …"): its opening.
        if (recipients && /^[-–•+]/u.test(text)) continue;
        recipients = /^kinh gui\b/u.test(folded);
        if (isOpeningProse(paragraph, folded)) preamble.push(paragraph);
      }
      continue;
    }
    if (afterSignature && !inAttached) continue;
    flush();
    const depth = DEPTH[heading.level];
    stack.length = depth;
    // "5.2." sits under "5.": its own label is the last part, so its letters read `II.A.5.2.b`.
    const label = heading.level === 'subnumber' ? heading.label.split('.').at(-1)! : heading.label;
    const parentKind = [...stack].reverse().find((entry) => entry?.kind)?.kind ?? null;
    // A heading names its subject; a lettered item or a long paragraph is content, and takes its parent's.
    const kind = (heading.level !== 'letter' && text.length <= 120 ? sectionKind(text) : null) ?? parentKind;
    stack[depth] = { label, heading: text, kind };
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
      documentId,
      path: stack.filter((entry) => entry !== undefined).map((entry) => shortHeading(entry.heading)),
      heading: shortHeading(text),
      kind,
      text,
      line: paragraph.line,
    };
  }
  flush();
  if (preamble.length > 0) {
    sections.unshift({ id: OPENING_ID, documentId, path: [OPENING_HEADING], heading: OPENING_HEADING, kind: null, text: preamble.map((paragraph) => paragraph.text).join('\n'), line: preamble[0]!.line });
  }
  return sections;
}

/** A paragraph of running text: long, not a caption in capitals, not the recipients or the legal bases. */
function isOpeningProse(paragraph: ParagraphBlock, folded: string): boolean {
  const text = paragraph.text;
  return text.length >= 100 && text !== text.toLocaleUpperCase('vi') && !/^(kinh gui|can cu|v\/v)\b/u.test(folded);
}
