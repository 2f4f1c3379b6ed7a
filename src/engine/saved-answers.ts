/**
 * Saved answers ("câu trả lời mẫu"): questions an operator of the 1022 desk answered, reviewed and saved
 * (src/desk/saved-answers.ts loads them from the store). The engine answers a question from one only when the
 * documents did not answer it directly, and cites it as the desk's reviewed answer — never mixed with the documents.
 *
 * Matching is lexical on folded syllables (the retrieval tokenizer, so diacritics, NFC/NFD and the abbreviation
 * table are handled alike): a Dice overlap of the two questions' content syllables, each weighted by its rarity in
 * the documents (`idf`; words the documents never use weigh most), so two questions that share only the programme's
 * everyday words ("chuyển đổi số", "doanh nghiệp") do not match, and a rephrasing that keeps the rare words does.
 */
import { tokenize } from '../text/tokenize.ts';

export interface SavedAnswer {
  id: number;
  question: string;
  answer: string;
  reviewerName: string;
  reviewedAt: Date;
}

export interface SavedAnswerMatch {
  entry: SavedAnswer;
  /** Weighted Dice overlap, 0–1. */
  score: number;
}

export interface SavedAnswerIndex {
  readonly size: number;
  /** The best entry at or above `threshold`, or null. `weight` gives a term's rarity (the documents' idf). */
  match(question: string, weight: (term: string) => number, threshold?: number): SavedAnswerMatch | null;
}

/** A question that failed (no information, out of scope) takes a saved answer from this score on. */
export const SAVED_ANSWER_THRESHOLD = 0.55;
/** A question the documents answered only loosely (weak free-text retrieval) takes one only from this score on. */
export const SAVED_ANSWER_OVER_WEAK_ANSWER = 0.75;
/** At least this many content syllables must be shared: one rare word in common is a coincidence. */
const MIN_SHARED = 2;

/** Words of asking that carry no topic ("cho tôi hỏi", "muốn biết", "thế nào"), folded; besides the tokenizer's stopwords. */
const ASKING = new Set(['hoi', 'biet', 'the', 'nao', 'vui', 'long', 'cam', 'on', 'ban', 'anh', 'chi', 'oi', 'duoc', 'can', 'muon', 'xin', 'giup', 'minh', 'toi', 'em', 'a', 'nhe', 'vay', 'nhu']);

function contentTerms(text: string): Set<string> {
  const tokens = tokenize(text, { bigrams: false });
  return new Set([...tokens.unigrams, ...tokens.codes].filter((term) => !ASKING.has(term)));
}

export function savedAnswerIndex(entries: readonly SavedAnswer[]): SavedAnswerIndex {
  const prepared = entries.map((entry) => ({ entry, terms: contentTerms(entry.question) }));
  return {
    size: prepared.length,
    match(question, weight, threshold = SAVED_ANSWER_THRESHOLD) {
      const asked = contentTerms(question);
      if (asked.size === 0) return null;
      const w = (term: string) => Math.max(0.1, weight(term));
      const askedWeight = [...asked].reduce((sum, term) => sum + w(term), 0);
      let best: SavedAnswerMatch | null = null;
      for (const { entry, terms } of prepared) {
        let shared = 0;
        let sharedWeight = 0;
        for (const term of asked) {
          if (!terms.has(term)) continue;
          shared += 1;
          sharedWeight += w(term);
        }
        if (shared < MIN_SHARED) continue;
        const entryWeight = [...terms].reduce((sum, term) => sum + w(term), 0);
        const score = (2 * sharedWeight) / (askedWeight + entryWeight);
        if (score >= threshold && (!best || score > best.score)) best = { entry, score };
      }
      return best;
    },
  };
}
