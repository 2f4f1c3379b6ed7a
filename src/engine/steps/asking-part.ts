/**
 * Asking part: a long message refused as outside the documents is read again through its asking clauses only.
 * People wrap a question in their story ("nhà mình ở xa…, cho mình hỏi … có những kênh nào, cảm ơn ad"); the story's
 * words outweigh the question's in the scope test. The clauses that ask (a question word in them) are answered as
 * the question; that answer replaces the refusal only when it answers and its source speaks to the asking part.
 */
import { tokenize } from '../../text/tokenize.ts';
import { fold } from '../../text/vietnamese.ts';
import { answerByIntent } from '../answers/index.ts';
import { classify } from '../classify.ts';
import type { Step } from '../context.ts';

/** Below this many words a message is its own question. */
export const LONG_MESSAGE_WORDS = 15;
/** Refusals worth a second reading: not the documents' subject by retrieval (an off-topic cue is a reason of its own). */
const RETRIED_REASONS: ReadonlySet<string> = new Set(['look_alike']);
/**
 * The asking part's answer must speak to it more than a plain answer must (SCOPE.minSupport 0.2): without the story
 * the part is short, and a few common words ("như thế nào", "khi nào xong") reach any clause.
 */
const MIN_PART_SUPPORT = 0.25;
/** Words that only ask for more of what was said ("vậy cụ thể là gì", "chi tiết hơn"): no topic of their own. */
const MORE_OF_IT: ReadonlySet<string> = new Set(['cu', 'the', 'chi', 'tiet', 'ro', 'hon', 'nhu', 'y', 'nghia']);
/** Asking clauses tried alone after the joined part: a refused long message costs at most this many more readings. */
const MAX_CLAUSES_ALONE = 3;
/**
 * Words that make a clause ask something (folded, whole words), or say what the question is about: what one heard
 * ("nghe nói tỉnh có chính sách hỗ trợ startup, vậy cụ thể là gì").
 */
const ASKING =
  /\b(ai|gi|nao|dau|sao|bao nhieu|bao gio|khi nao|bao lau|the nao|nhu the nao|ra sao|may|khong|ko|chua|hay khong|co phai|nghe noi|nghe bao|nghe dau)\b/u;
/** Clauses that only greet, thank or introduce the question. */
const FRAMING = /^(?:cho (?:minh|em|toi|chau|anh|chi) hoi(?: chut| voi| them)?|xin hoi|cam on.*|xin chao.*|chao .*|ad oi|ban oi)$/u;

/**
 * What to read again, best first: all the clauses that ask, joined in order, then each of them alone, longest first
 * (a story clause may ask too: "… mà không biết hỏi ai"). When every clause asks, the last sentence of several;
 * empty when none asks, or one sentence is all there is.
 */
export function askingParts(text: string): string[] {
  const clauses = text
    .split(/[.?!;:\n]+|,\s*/u)
    .map((clause) => clause.trim())
    .filter((clause) => clause !== '');
  const asking = clauses.filter((clause) => {
    const folded = fold(clause);
    return !FRAMING.test(folded) && ASKING.test(folded);
  });
  const words = (part: string) => part.split(/\s+/u).length;
  if (asking.length === 0) return [];
  if (asking.length === clauses.length) {
    // A story whose every clause has a question word in it ("mấy đời", "không có thương hiệu") still ends with what
    // it asks: its last sentence.
    const sentences = text.split(/[.?!\n]+/u).map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
    return sentences.length > 1 && words(sentences.at(-1)!) >= 3 ? [sentences.at(-1)!] : [];
  }
  const alone = asking.length > 1 ? [...asking].sort((a, b) => words(b) - words(a)).slice(0, MAX_CLAUSES_ALONE) : [];
  return [asking.join(', '), ...alone].filter((part) => words(part) >= 3);
}

export const askingPartStep: Step = {
  name: 'asking-part',
  async run(context) {
    const reply = context.reply;
    if (!reply || reply.outcome !== 'out_of_scope' || !RETRIED_REASONS.has(reply.reason)) return;
    if (context.text.split(/\s+/u).length < LONG_MESSAGE_WORDS) return;
    const parts = askingParts(context.text);
    if (parts.length === 0) return;
    const kept = { text: context.text, classification: context.classification, retrieval: context.retrieval };
    for (const part of parts) {
      context.text = part;
      const read = classify(part, context.vocabulary, context.today);
      // "Theo thông báo 624, Bộ Nội vụ phải …": the document the story named is still the one asked about.
      const whole = kept.classification;
      // The deployment's own province in the story ("tôi ở tỉnh mình") narrows nothing.
      const narrowing = whole !== null && (whole.documents.length > 0 || whole.places.some((place) => place !== context.snapshot.homePlace));
      context.classification = narrowing && read.documents.length === 0 && read.places.length === 0 ? { ...read, documents: whole.documents, places: whole.places } : read;
      const second = await answerByIntent(context);
      // Measured on what was searched, without the words that only name the deployment or its documents
      // ("chương trình 45", "chương trình của tỉnh"): no match needs to repeat them; said in other words
      // ("nông dân" for "nông nghiệp"), a match still speaks to it.
      const measured = fold(read.query || part).split(/\s+/u).filter((word) => word !== '' && !context.vocabulary.deploymentWords.has(word)).join(' ') || part;
      const support = Math.max(0, ...second.citations.map((citation) => context.snapshot.index.support(measured, context.snapshot.keyOf(citation.id), { synonyms: true })));
      // A part with no topic of its own ("vậy cụ thể là gì") is spoken to by any clause.
      const topical = tokenize(measured, { stopwords: 'all', bigrams: false, synonyms: false }).unigrams.some((word) => !MORE_OF_IT.has(word));
      if (second.outcome === 'answered' && support >= MIN_PART_SUPPORT && topical) {
        context.reply = second;
        return;
      }
    }
    Object.assign(context, kept);
  },
};
