/**
 * Typo tolerance against a known vocabulary: a question term that no document contains is mapped to the known
 * terms one edit away, or one common Vietnamese confusion away (s/x, ch/tr, d/gi/r, l/n, i/y, final c/t, n/ng),
 * or to what a Telex/VNI keyboard left behind ("ddooir" → "doi", "chuye6n" → "chuyen"). Folded terms only.
 */

import { TextMemo } from './memo.ts';

const VOWELS = /[aeiouy]/u;
/** Longer terms are not words anyone mistyped (pasted junk, long numbers): no correction is attempted. */
const MAX_TERM_LENGTH = 24;
/** How many terms' suggestions a spelling index keeps before it starts again. */
const REMEMBERED_TERMS = 20_000;
const INITIAL_SWAPS: Array<[RegExp, string[]]> = [
  [/^s(?=[aeiouy])/u, ['x']],
  [/^x(?=[aeiouy])/u, ['s']],
  [/^ch(?=[aeiouy])/u, ['tr']],
  [/^tr(?=[aeiouy])/u, ['ch']],
  [/^gi(?=[aeiouy])/u, ['d', 'r']],
  [/^d(?=[aeiouy])/u, ['gi', 'r', 'v']],
  [/^r(?=[aeiouy])/u, ['d', 'gi']],
  [/^v(?=[aeiouy])/u, ['d']],
  [/^l(?=[aeiouy])/u, ['n']],
  [/^n(?=[aeiouy])/u, ['l']],
];
const FINAL_SWAPS: Array<[RegExp, string[]]> = [
  [/c$/u, ['t']],
  [/t$/u, ['c']],
  [/ng$/u, ['n']],
  [/(?<!g)n$/u, ['ng']],
  [/i$/u, ['y']],
  [/y$/u, ['i']],
];

/** Telex/VNI leftovers and repeated letters removed: "ddooir" → "doi", "vieejt" → "viet", "chuye6n2" → "chuyen". */
export function repairKeyboard(term: string): string {
  if (!/^[a-z0-9]+$/u.test(term) || /^\d+$/u.test(term)) return term;
  let repaired = term;
  if (/[a-z]/u.test(repaired) && /[1-9]/u.test(repaired) && /^[a-z]+[1-9][a-z1-9]*$/u.test(repaired)) {
    repaired = repaired.replace(/[1-9]/gu, '');
  }
  repaired = repaired.replace(/dd/gu, 'd').replace(/([aeo])\1/gu, '$1').replace(/w/gu, '');
  const firstVowel = repaired.search(VOWELS);
  if (firstVowel >= 0) {
    repaired = repaired.slice(0, firstVowel + 1) + repaired.slice(firstVowel + 1).replace(/[sfrxjz]/gu, '');
  }
  return repaired.replace(/([a-z])\1+/gu, '$1');
}

/** Three rows of the distance table, reused by every call (grown when a longer term comes). */
let rowBuffers = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/** Levenshtein distance with adjacent transposition, stopping early above `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  if (rowBuffers[0]!.length < cols) rowBuffers = [new Int32Array(cols * 2), new Int32Array(cols * 2), new Int32Array(cols * 2)];
  // The row two above (for a transposition), the row above, and the row being filled.
  let twoUp = rowBuffers[0]!;
  let up = rowBuffers[1]!;
  let row = rowBuffers[2]!;
  for (let j = 0; j < cols; j += 1) up[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    row[0] = i;
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, twoUp[j - 2]! + 1);
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    const spare = twoUp;
    twoUp = up;
    up = row;
    row = spare;
  }
  return up[b.length]!;
}

function deletions(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i += 1) out.push(term.slice(0, i) + term.slice(i + 1));
  return out;
}

export interface SpellingOptions {
  /** Unigrams shorter than this are only repaired by keyboard/confusion rules, never by free edits (default 5). */
  minEditLength?: number;
}

/** Vocabulary-based correction for unigrams (syllables) and `a_b` syllable bigrams. */
export class SpellingIndex {
  private readonly syllables: Set<string>;
  private readonly bigrams: Set<string>;
  private readonly minEditLength: number;
  private deletionIndex: Map<string, string[]> | null = null;
  private readonly remembered = new TextMemo<readonly string[]>(REMEMBERED_TERMS);

  constructor(unigrams: Iterable<string>, bigrams: Iterable<string>, options: SpellingOptions = {}) {
    this.syllables = new Set([...unigrams].filter((term) => /^[a-z]+$/u.test(term)));
    this.bigrams = new Set(bigrams);
    this.minEditLength = options.minEditLength ?? 5;
  }

  /** Known terms close to an unknown `term`; empty when the term is known or nothing is close. */
  suggest(term: string): string[] {
    return [...this.remembered.get(term, () => this.work(term))];
  }

  private work(term: string): string[] {
    if (term.length > MAX_TERM_LENGTH) return [];
    if (term.includes('_')) return this.suggestBigram(term);
    if (this.syllables.has(term) || !/^[a-z0-9]+$/u.test(term)) return [];
    const repaired = repairKeyboard(term);
    if (repaired !== term && this.syllables.has(repaired)) return [repaired];
    const found = new Set<string>(this.confusions(term));
    if (term.length >= this.minEditLength) for (const near of this.withinOneEdit(term)) found.add(near);
    return [...found];
  }

  private suggestBigram(term: string): string[] {
    if (this.bigrams.has(term)) return [];
    const [left, right] = term.split('_') as [string, string | undefined];
    if (right === undefined || !/^[a-z0-9]+$/u.test(left) || !/^[a-z0-9]+$/u.test(right)) return [];
    const found = new Set<string>();
    const leftRepaired = repairKeyboard(left);
    const rightRepaired = repairKeyboard(right);
    const both = `${leftRepaired}_${rightRepaired}`;
    if (both !== term && this.bigrams.has(both)) return [both];
    for (const near of this.nearSyllable(left)) if (this.bigrams.has(`${near}_${right}`)) found.add(`${near}_${right}`);
    for (const near of this.nearSyllable(right)) if (this.bigrams.has(`${left}_${near}`)) found.add(`${left}_${near}`);
    return [...found];
  }

  private nearSyllable(syllable: string): string[] {
    const found = new Set<string>(this.confusions(syllable));
    if (syllable.length >= 2) for (const near of this.withinOneEdit(syllable)) found.add(near);
    found.delete(syllable);
    return [...found];
  }

  private confusions(syllable: string): string[] {
    const found: string[] = [];
    for (const [pattern, replacements] of [...INITIAL_SWAPS, ...FINAL_SWAPS]) {
      if (!pattern.test(syllable)) continue;
      for (const replacement of replacements) {
        const variant = syllable.replace(pattern, replacement);
        if (variant !== syllable && this.syllables.has(variant)) found.push(variant);
      }
    }
    return found;
  }

  private withinOneEdit(term: string): string[] {
    const index = this.buildDeletionIndex();
    const candidates = new Set<string>();
    for (const key of [term, ...deletions(term)]) for (const known of index.get(key) ?? []) candidates.add(known);
    return [...candidates].filter((known) => known !== term && editDistance(term, known, 1) <= 1);
  }

  private buildDeletionIndex(): Map<string, string[]> {
    if (this.deletionIndex !== null) return this.deletionIndex;
    const index = new Map<string, string[]>();
    const add = (key: string, term: string): void => {
      const list = index.get(key);
      if (list === undefined) index.set(key, [term]);
      else list.push(term);
    };
    for (const term of this.syllables) {
      add(term, term);
      for (const deleted of new Set(deletions(term))) add(deleted, term);
    }
    this.deletionIndex = index;
    return index;
  }
}
