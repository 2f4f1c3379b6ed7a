/**
 * Passages for answers quoted from a section: its clauses, the ones that best answer a question, and a window of
 * a long clause placed where the question's words are.
 */
import type { Section } from '../documents/types.ts';
import { foldKeepCase, tokenize } from '../text/tokenize.ts';
import { fold } from '../text/vietnamese.ts';

const NUMBER_BONUS = 1.3;
const FAVOURED_BONUS = 2;
/** "Những", "các" as folded (diacritics off, case kept), in NFC or NFD alike. */
const PLURAL_MARKERS = /(?<![\p{L}\p{N}])(?:nhung|cac)(?![\p{L}\p{N}])/giu;

/** Sentences and clauses of a section: split at line breaks, sentence ends and semicolons. */
export function passages(text: string): string[] {
  return text
    .split(/\n|(?<=[^\d\s][.!?])\s+(?=[\p{Lu}\-–•"“])|;\s+/u)
    .map((part) => part.replace(/^[-–•]\s*/u, '').trim())
    .filter((part) => part.length > 0);
}

/** A heading as compared with a passage: without its label ("I.", "1.", "a)"), case or closing punctuation. */
export function headingKey(text: string): string {
  return fold(text.trim().replace(/^(?:[IVXLC]+|[A-ZĐ]|\d+(?:\.\d+)*|\p{Ll})[.)]\s*/u, '')).replace(/[\s.:;,]+$/u, '').replace(/\s+/gu, ' ');
}

/**
 * The passages of the sections that best answer `question`: scored by the rarity (idf) of the question's terms
 * they contain, pairs of syllables weighing more, mildly normalised by length; best first, at most `limit`.
 */
/** How much a word asked counts in a clause when only the heading it stands under holds it. */
const HEADING_SHARE = 0.5;
/** A heading up to this long is a title over its clauses. */
const TITLE_CHARS = 80;

export function bestPassagesWithSource(
  question: string,
  sections: Section[],
  limit: number,
  idf: (term: string) => number = () => 1,
  options: { wantsNumber?: boolean; wantsDate?: boolean; headings?: ReadonlySet<string>; favoured?: (passage: string) => boolean } = {},
): Array<{ text: string; section: Section }> {
  const query = tokenize(question);
  const wanted = new Map<string, number>();
  for (const term of query.unigrams) wanted.set(term, idf(term));
  for (const term of query.bigrams) wanted.set(term, 1.5 * idf(term));
  for (const term of query.extras) wanted.set(term, idf(term));
  // "Làm chủ những công nghệ nào": a plural marker between two words does not part them ("làm chủ công nghệ").
  for (const term of tokenize(foldKeepCase(question).replace(PLURAL_MARKERS, ' ')).bigrams) if (!wanted.has(term)) wanted.set(term, 1.5 * idf(term));
  const scored: Array<{ text: string; section: Section; score: number; order: number }> = [];
  let order = 0;
  for (const section of sections) {
    // The heading a clause stands under says what it is of ("1. Mục tiêu đến hết năm 2026" › "- 100% … tối thiểu 1
    // trạm 5G"): its words asked count for each clause, less than the clause's own.
    // A long heading is the section's first sentence, not a title over it.
    const heading = section.heading.length <= TITLE_CHARS ? tokenize(section.heading) : null;
    const headingTerms = new Set(heading ? [...heading.unigrams, ...heading.bigrams, ...heading.extras] : []);
    for (const passage of passages(section.text)) {
      // A heading alone ("1. Mục đích") names a part; it answers nothing, however well it matches.
      if (options.headings && (headingKey(passage) === '' || options.headings.has(headingKey(passage)))) continue;
      const tokens = tokenize(passage);
      const own = new Set([...tokens.unigrams, ...tokens.bigrams, ...tokens.extras]);
      let score = 0;
      for (const term of own) score += wanted.get(term) ?? 0;
      for (const term of headingTerms) if (!own.has(term)) score += HEADING_SHARE * (wanted.get(term) ?? 0);
      // "Mấy sao?", "bao nhiêu phần trăm?": the clause that holds a number answers it.
      if (options.wantsNumber && /\d/u.test(passage)) score *= NUMBER_BONUS;
      // "Vào những mốc nào?": the clause with a day of the month ("trước ngày 01/6") answers it.
      if (options.wantsDate && /\b\d{1,2}\/\d{1,2}\b|\bngày \d{1,2}\b/u.test(passage)) score *= NUMBER_BONUS;
      // "Sở Tài chính có trách nhiệm gì về kinh phí": the clause that names the agency asked about.
      if (score > 0 && options.favoured?.(passage)) score *= FAVOURED_BONUS;
      scored.push({ text: passage, section, score: score / Math.pow(Math.max(12, tokens.unigrams.length) / 12, 0.25), order: order++ });
    }
  }
  const seen = new Set<string>();
  return scored
    .filter((entry) => entry.score > 0 && !seen.has(entry.text) && Boolean(seen.add(entry.text)))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ text, section }) => ({ text, section }));
}

/**
 * At most `max` characters of `passage`, the window placed where the question's terms are densest, with "…"
 * where it was cut: a long sentence's answer is often at its end ("… nhóm đầu về PCI, PII, TFP").
 */
export function clipAround(passage: string, question: string, max: number): string {
  if (passage.length <= max) return passage;
  const asked = tokenize(question);
  const terms = new Set(asked.unigrams);
  const pairs = new Set(asked.bigrams);
  const folded = [...passage.matchAll(/\S+/gu)].map((match) => ({ start: match.index, end: match.index + match[0].length, term: fold(match[0]).replace(/[^\p{L}\p{N}]/gu, '') }));
  // Each word of the passage that is a word of the question, and each pair of them the question has in that order.
  const words = folded.map((word, at) => {
    const next = folded[at + 1];
    return { ...word, term: terms.has(word.term) ? word.term : null, pair: next && pairs.has(`${word.term}_${next.term}`) ? `${word.term}_${next.term}` : null };
  });
  let bestStart = 0;
  let bestHits = -1;
  for (const word of words) {
    if (word.start + max > passage.length + 40) break;
    // Distinct words and pairs of the question: one said again and again ("số") does not pull the window to itself.
    const inside = words.filter((other) => other.start >= word.start && other.end <= word.start + max);
    const hits = new Set(inside.flatMap((other) => [other.term, other.pair]).filter((term) => term !== null)).size;
    // As many of the question's words, reaching the end of the passage: the sentence's end, where its answer often is.
    if (hits > bestHits || (hits === bestHits && word.start + max >= passage.length)) {
      bestHits = hits;
      bestStart = word.start;
    }
  }
  const end = Math.min(passage.length, bestStart + max);
  return `${bestStart > 0 ? '…' : ''}${passage.slice(bestStart, end).trim()}${end < passage.length ? '…' : ''}`;
}
