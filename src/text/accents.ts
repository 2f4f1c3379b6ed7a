/**
 * What the diacritics of a question say when it carries them. Retrieval folds both sides, so "lập quỹ" and "lập
 * quy hoạch" meet on "lap quy"; a question typed with its marks tells them apart. Used only to break ties between
 * matches that folding alone cannot: a question typed without marks has nothing to say here.
 */
import { STOPWORDS } from './tokenize.ts';
import { fold } from './vietnamese.ts';

const SYLLABLE = /[\p{L}]+/gu;
/** A question whose syllables carry marks at least this often was typed with them: its plain syllables are meant plain. */
const MARKED_SHARE = 0.3;

/** The question's own syllables, lower case NFC, when it was typed with diacritics; null when typed without. */
export function markedSyllables(question: string): Set<string> | null {
  const words = question.normalize('NFC').toLowerCase().match(SYLLABLE) ?? [];
  if (words.length === 0) return null;
  const marked = words.filter((word) => fold(word) !== word).length;
  if (marked / words.length < MARKED_SHARE) return null;
  return new Set(words.filter((word) => word.length > 1 && !STOPWORDS.has(fold(word))));
}

/**
 * How many of the question's content syllables `text` holds only with other marks ("quy" of "quy hoạch" for a
 * question's "quỹ"): each is a folded match the question did not mean.
 */
export function accentClashes(syllables: ReadonlySet<string>, text: string): number {
  const words = new Set(text.normalize('NFC').toLowerCase().match(SYLLABLE) ?? []);
  const folded = new Set([...words].map(fold));
  let clashes = 0;
  for (const syllable of syllables) if (!words.has(syllable) && folded.has(fold(syllable))) clashes += 1;
  return clashes;
}
