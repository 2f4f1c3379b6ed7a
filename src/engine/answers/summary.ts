/**
 * Questions about a part of a document as a whole — "mục đích của chương trình là gì", "yêu cầu của kế hoạch 45",
 * "tầm nhìn đến 2045 có những gì", "tổ chức thực hiện thế nào": the part's items, each by its opening words, with
 * the part cited; a part without items is quoted whole. Only when the question names no topic of its own
 * ("mục tiêu về 5G" is a lookup).
 */
import type { DocumentKnowledge, Section, SectionKind } from '../../documents/types.ts';
import { documentShortName } from '../../knowledge/labels.ts';
import { STOPWORDS, tokenize } from '../../text/tokenize.ts';
import { clip, fold } from '../../text/vietnamese.ts';
import type { AnswerContext } from '../context.ts';
import type { Classification } from '../classify.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import type { Reply } from '../types.ts';
import { answered, documentsInScope, sectionCitation, topSectionOfKind } from './shared.ts';

interface PartFrame {
  cue: RegExp;
  /** The kinds of section that hold this part, best first. */
  kinds: SectionKind[];
  /** Heading words that also mark it (folded), for documents whose headings the kind rules do not read. */
  heading?: RegExp;
  /** Words of the frame itself, which are not a topic. */
  words: string[];
}

const FRAMES: PartFrame[] = [
  { cue: /\bmuc dich\b/u, kinds: ['purpose'], words: ['muc', 'dich'] },
  { cue: /\byeu cau\b/u, kinds: ['requirements'], words: ['yeu', 'cau'] },
  { cue: /\bquan diem\b/u, kinds: ['viewpoints'], words: ['quan', 'diem'] },
  { cue: /\bmuc tieu\b/u, kinds: ['general_objective', 'objectives', 'specific_objectives'], heading: /\bmuc tieu\b/u, words: ['muc', 'tieu', 'chung', 'cu', 'the', 'tong', 'quat'] },
  { cue: /\bchi tieu\b/u, kinds: ['targets', 'specific_objectives'], heading: /\bchi tieu\b/u, words: ['chi', 'tieu', 'cu', 'the'] },
  { cue: /\btam nhin\b/u, kinds: [], heading: /\btam nhin\b/u, words: ['tam', 'nhin', 'den', 'nam'] },
  { cue: /\b(nhiem vu|giai phap) (va giai phap )?(chu yeu|trong tam)\b/u, kinds: ['tasks'], words: ['nhiem', 'vu', 'giai', 'phap', 'chu', 'yeu', 'trong', 'tam', 'va'] },
  { cue: /\bto chuc thuc hien\b/u, kinds: ['organisation'], words: ['to', 'chuc', 'thuc', 'hien'] },
];

/** Words of any question about a part that say nothing of a topic. */
const PLAIN_WORDS = new Set([
  'chuong', 'trinh', 'ke', 'hoach', 'quyet', 'dinh', 'van', 'ban', 'de', 'an', 'thong', 'bao', 'cong', 'kh', 'qd', 'tb', 'cv', 'cua', 'la', 'gi',
  'nhung', 'nao', 'ra', 'sao', 'nhu', 'co', 'gom', 'chinh', 'nay', 'do', 'tren', 'noi', 've', 'dat', 'duoc', 'neu', 'cho', 'biet', 'xin', 'hoi',
  'ad', 'oi', 'vay', 'a', 'ah', 'nhe', 'the', 'cac', 'tinh', 'minh', 'em', 'toi', 'muon', 'can', 'giup', 'voi', 'ay', 'cai', 'dieu', 'gom',
  // "nhằm mục đích gì", "làm ra để làm gì", "hướng tới những gì": how the question is put, not what it is about.
  'nham', 'lam', 'huong', 'den', 'ct',
]);

/** Items listed; characters shown of each: a share of the whole, so a part of two long items shows more of each. */
const MAX_ITEMS = 8;
const ITEMS_CHARS = 800;
const ITEM_CHARS = { min: 200, max: 400 };
const WHOLE_CHARS = 700;

export function summaryAnswer(context: AnswerContext, c: Classification): Reply | null {
  const frame = FRAMES.find((candidate) => candidate.cue.test(c.folded));
  if (!frame) return null;
  const known = new Set([...PLAIN_WORDS, ...STOPWORDS, ...frame.words, ...context.vocabulary.deploymentWords]);
  for (const document of documentsInScope(context)) for (const word of tokenize(document.document.title, { stopwords: 'all' }).unigrams) known.add(word);
  const topic = c.folded.split(' ').filter((word) => word !== '' && !known.has(word) && !/^\d+$/u.test(word));
  if (topic.length > 0) return null;
  for (const document of documentsInScope(context)) {
    const part = partOf(document, frame);
    if (part) return partAnswer(context, document, narrowed(document, part, frame));
  }
  return null;
}

/**
 * The part itself, or the child its heading names when the part joins several ("I. MỤC ĐÍCH, YÊU CẦU" → "1. Mục
 * đích"; "II. MỤC TIÊU, ĐỐI TƯỢNG" → "1. Mục tiêu cụ thể").
 */
function narrowed(document: DocumentKnowledge, part: Section, frame: PartFrame): Section {
  const named = document.sections.find((section) => isChild(part, section) && frame.cue.test(fold(section.heading)));
  return named ? narrowed(document, named, frame) : part;
}

/** The top-most section of the frame's kinds (by the order of the kinds), or whose heading names it. */
function partOf(document: DocumentKnowledge, frame: PartFrame): Section | null {
  const depth = (section: Section) => section.path.length;
  for (const kind of frame.kinds) {
    const top = topSectionOfKind(document, kind);
    if (top) return top;
  }
  if (!frame.heading) return null;
  return document.sections.filter((section) => frame.heading!.test(fold(section.heading))).sort((a, b) => depth(a) - depth(b))[0] ?? null;
}

function partAnswer(context: AnswerContext, document: DocumentKnowledge, part: Section): Reply {
  const children = document.sections.filter((section) => isChild(part, section));
  const where = M.sectionOf(part.id, documentShortName(document.document));
  if (children.length === 0) {
    return answered('summary', [M.partIntro(part.heading, where), `"${clip(part.text, WHOLE_CHARS)}"`].join('\n'), [sectionCitation(context, part)]);
  }
  const shown = children.slice(0, MAX_ITEMS);
  const chars = Math.min(ITEM_CHARS.max, Math.max(ITEM_CHARS.min, Math.floor(ITEMS_CHARS / shown.length)));
  const items = shown.map((child) => `• ${clip(firstSentence(child.text), chars)}`);
  if (children.length > MAX_ITEMS) items.push(M.andMoreItems(children.length - MAX_ITEMS));
  return answered('summary', [M.partIntro(part.heading, where), ...items].join('\n'), [part, ...children.slice(0, MAX_ITEMS)].map((section) => sectionCitation(context, section)));
}

/** A direct child: its id is the part's plus one more label. */
function isChild(part: Section, section: Section): boolean {
  return section.documentId === part.documentId && section.id.startsWith(`${part.id}.`) && !section.id.slice(part.id.length + 1).includes('.');
}

function firstSentence(text: string): string {
  const match = /^(.+?[.;:])(\s|$)/su.exec(text.replace(/\n/gu, ' '));
  return match && match[1]!.length >= 40 ? match[1]! : text.replace(/\n/gu, ' ');
}
