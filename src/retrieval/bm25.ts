/**
 * In-process BM25F over the Vietnamese tokenizer's terms (folded syllables, syllable bigrams, synonym markers),
 * OR semantics, per-field weights, long texts scored by their best passage, and exact id/code matches ("PL2.11",
 * "CQS2.1") ranked above everything else. Unknown question terms fall back to the closest known
 * terms (typos, Telex leftovers) at a reduced weight.
 */
import { TextMemo } from '../text/memo.ts';
import { fold } from '../text/vietnamese.ts';
import { bestByScore } from './best-of.ts';
import { tokenize, type TokenizeOptions } from '../text/tokenize.ts';
import { SpellingIndex } from '../text/spelling.ts';
import type { DocumentKind, SearchDocument, SearchOptions } from './types.ts';

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** Weight per field; `title` and `text` are the document's own, other names are keys of `fields`. */
  fieldWeights?: Record<string, number>;
  /** Weight of a field not listed in `fieldWeights`. */
  defaultFieldWeight?: number;
  /** Fields whose whole value (or a comma-separated part of it) is an identifier; the document id always is. */
  exactFields?: string[];
  /** Added to the score of a document whose id/code the question names. */
  exactBoost?: number;
  /** Query-side weights by term type. */
  unigramWeight?: number;
  bigramWeight?: number;
  /** Synonym markers, synonym phrases, parts of compounds. */
  extraWeight?: number;
  /** Multiplier for a correction of an unknown question term. */
  fuzzyWeight?: number;
  tokenizer?: TokenizeOptions;
  /** Document texts longer than this are indexed as passages of about this size; a document scores its best passage. */
  passageChars?: number;
}

export const DEFAULT_BM25_OPTIONS: Required<Omit<Bm25Options, 'tokenizer'>> & { tokenizer: TokenizeOptions } = {
  k1: 0.9,
  b: 0.6,
  fieldWeights: { title: 2, text: 1, code: 2, name: 1, group: 0.6, block: 0.3, lead: 0.8, partners: 0.4, result: 0.6, deadline: 0.3, funding: 0.3, path: 0.4 },
  defaultFieldWeight: 0.5,
  exactFields: ['code'],
  exactBoost: 40,
  unigramWeight: 1,
  bigramWeight: 1,
  extraWeight: 0.7,
  fuzzyWeight: 0.6,
  tokenizer: {},
  passageChars: 500,
};

export interface Bm25Match {
  id: string;
  kind: DocumentKind;
  score: number;
  /** The question named this document's id or code. */
  exact: boolean;
  /**
   * Share (0–1) of the question's syllable IDF mass found in the document's best passage: a length-independent
   * signal for out-of-scope detection (a question whose rare words appear nowhere scores low). Corrected typos
   * count at the fuzzy weight.
   */
  coverage: number;
}

export interface QueryTerm {
  term: string;
  weight: number;
  /** Set when the term replaces an unknown question term. */
  correctedFrom?: string;
}

/**
 * Words that ask rather than name a topic ("chịu trách nhiệm", "thời hạn", "lộ trình", "hoàn thành", "gồm nội
 * dung"): left out of the coverage measure, still used for scoring.
 */
const ASKING_WORDS: ReadonlySet<string> = new Set([
  'chiu', 'trach', 'nhiem', 'thoi', 'han', 'chot', 'hoan', 'thanh', 'xong', 'gom', 'gio', 'lo', 'trinh', 'phu',
  'noi', 'dung', 'ma', 'vu', 'trien', 'khai', 'giao', 'tinh', 'chuong',
]);

/**
 * Splits a long text into passages of about `size` characters at line boundaries; a line longer than a passage is
 * split at its sentences first (one long bullet may hold several clauses, each an answer of its own).
 */
export function splitPassages(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const pieces = text
    .split('\n')
    .flatMap((line) => (line.length <= size ? [line] : line.split(/(?<=[.;])\s+/u)))
    .filter((piece) => piece.trim() !== '');
  const passages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current !== '' && current.length + piece.length + 1 > size) {
      passages.push(current);
      current = piece;
    } else {
      current = current === '' ? piece : `${current}\n${piece}`;
    }
  }
  if (current !== '') passages.push(current);
  return passages;
}

/** One question's unigram in the coverage measure: its IDF mass and the ids of the terms that match it. */
interface CoverageWord {
  mass: number;
  /** The unigram's own term id, or −1 when the documents do not use it. */
  known: number;
  /** Term ids of its corrections (−1 for one the documents do not use). */
  corrections: number[];
}

interface QueryAnalysis {
  terms: QueryTerm[];
  unigrams: string[];
  codes: string[];
  /** The coverage measure's words and their total mass, made on first use. */
  coverage?: { words: CoverageWord[]; total: number };
}

/** How many questions' analyses an index keeps before it starts again. */
const REMEMBERED_QUERIES = 5_000;

export class Bm25Index {
  private readonly options: typeof DEFAULT_BM25_OPTIONS;
  private readonly docs: Array<{ id: string; kind: DocumentKind }>;
  /** Passage → document; a short document is one passage. */
  private readonly entryDoc: number[] = [];
  private readonly fieldNames: string[];
  private readonly fieldWeight: number[];
  private readonly lengths: number[][];
  private readonly averageLength: number[];
  /** Per field and passage, BM25's length normalisation `1 − b + b·length/average`, computed once. */
  private readonly lengthNorms: Float64Array[];
  /** Scratch space of `search`, which runs to the end without yielding: reused, so a search allocates per match only. */
  private readonly entryScores: Float64Array;
  private readonly docScores: Float64Array;
  /** Per document, the passage its score comes from (the first with the best score), −1 when none scored. */
  private readonly docBestEntry: Int32Array;
  private readonly candidates: Int32Array;
  /**
   * Every term the documents use, by id. A term's postings are `postingEntries[postingStart[id] … postingStart[id+1])`,
   * the passages it occurs in, ascending, each with its BM25F saturation `tf'·(k1+1)/(tf'+k1)` over the
   * length-normalised, field-weighted frequencies summed in field order (`postingSaturation`): a search multiplies it
   * by the query weight times the idf, the same numbers a per-field loop gives.
   */
  private readonly termIds = new Map<string, number>();
  private readonly documentFrequency: Int32Array;
  private readonly termIdf: Float64Array;
  private readonly postingStart: Int32Array;
  private readonly postingEntries: Int32Array;
  private readonly postingSaturation: Float64Array;
  private readonly exactKeys = new Map<string, number[]>();
  private readonly spelling: SpellingIndex;

  constructor(documents: readonly SearchDocument[], options: Bm25Options = {}) {
    this.options = {
      ...DEFAULT_BM25_OPTIONS,
      ...options,
      fieldWeights: { ...DEFAULT_BM25_OPTIONS.fieldWeights, ...options.fieldWeights },
      tokenizer: { ...DEFAULT_BM25_OPTIONS.tokenizer, ...options.tokenizer },
    };
    this.docs = documents.map((document) => ({ id: document.id, kind: document.kind }));
    const names = new Set<string>(['title', 'text']);
    for (const document of documents) for (const name of Object.keys(document.fields ?? {})) names.add(name);
    this.fieldNames = [...names];
    this.fieldWeight = this.fieldNames.map((name) => this.options.fieldWeights[name] ?? this.options.defaultFieldWeight);
    this.lengths = this.fieldNames.map(() => []);
    const exactFields = new Set(this.options.exactFields);
    const textField = this.fieldNames.indexOf('text');

    const unigrams = new Set<string>();
    const bigrams = new Set<string>();
    // Field values repeat from row to row ("Thường xuyên", "Các sở, ban, ngành"): each distinct text is read once.
    const countsByText = new Map<string, Map<string, number>>();
    const countTerms = (value: string): Map<string, number> => {
      let counts = countsByText.get(value);
      if (counts === undefined) {
        counts = countTermsAnew(value);
        countsByText.set(value, counts);
      }
      return counts;
    };
    const countTermsAnew = (value: string): Map<string, number> => {
      const tokens = tokenize(value, this.options.tokenizer);
      for (const term of tokens.unigrams) unigrams.add(term);
      for (const term of tokens.bigrams) bigrams.add(term);
      const counts = new Map<string, number>();
      for (const term of [...tokens.unigrams, ...tokens.bigrams, ...tokens.extras]) counts.set(term, (counts.get(term) ?? 0) + 1);
      return counts;
    };

    // While building: one row (term id, passage, field, tf) per field a term occurs in, in passage order.
    let rows = new Int32Array(1 << 16);
    let rowCount = 0;
    const frequencies: number[] = [];
    const lastDocument: number[] = [];
    documents.forEach((document, docIndex) => {
      this.addExactKey(document.id, docIndex);
      // A key qualified by its document (`101:PL2.11`) is also typed bare, as citations print it with one document.
      if (document.id.includes(':')) this.addExactKey(document.id.slice(document.id.lastIndexOf(':') + 1), docIndex);
      const shared = this.fieldNames.map((name): Map<string, number> | null => {
        if (name === 'text') return null;
        const value = name === 'title' ? document.title : document.fields?.[name];
        if (value === undefined || value === '') return null;
        if (exactFields.has(name)) for (const part of value.split(/[,;]/u)) this.addExactKey(part, docIndex);
        return countTerms(value);
      });
      for (const passage of splitPassages(document.text, this.options.passageChars)) {
        const entry = this.entryDoc.length;
        this.entryDoc.push(docIndex);
        for (let fieldIndex = 0; fieldIndex < shared.length; fieldIndex += 1) {
          const counts = fieldIndex === textField ? (passage === '' ? null : countTerms(passage)) : shared[fieldIndex]!;
          let length = 0;
          if (counts !== null) {
            for (const [term, tf] of counts) {
              length += tf;
              let id = this.termIds.get(term);
              if (id === undefined) {
                id = frequencies.length;
                this.termIds.set(term, id);
                frequencies.push(0);
                lastDocument.push(-1);
              }
              if (rowCount + 4 > rows.length) {
                const grown = new Int32Array(rows.length * 2);
                grown.set(rows);
                rows = grown;
              }
              rows[rowCount] = id;
              rows[rowCount + 1] = entry;
              rows[rowCount + 2] = fieldIndex;
              rows[rowCount + 3] = tf;
              rowCount += 4;
              if (lastDocument[id] !== docIndex) {
                lastDocument[id] = docIndex;
                frequencies[id] = frequencies[id]! + 1;
              }
            }
          }
          this.lengths[fieldIndex]!.push(length);
        }
      }
    });
    this.averageLength = this.lengths.map((lengths) => {
      const present = lengths.filter((length) => length > 0);
      return present.length === 0 ? 1 : present.reduce((sum, length) => sum + length, 0) / present.length;
    });
    const { b } = this.options;
    this.lengthNorms = this.lengths.map((lengths, field) => Float64Array.from(lengths, (length) => 1 - b + (b * length) / this.averageLength[field]!));
    const { k1 } = this.options;
    const terms = frequencies.length;
    this.documentFrequency = Int32Array.from(frequencies);
    this.termIdf = new Float64Array(terms);
    for (let id = 0; id < terms; id += 1) this.termIdf[id] = this.idfOf(this.documentFrequency[id]!);
    // Rows grouped by term, in the order they were added (a counting sort), then folded per passage: a passage's
    // rows are consecutive, since all its fields are added before the next passage.
    const rowsPerTerm = new Int32Array(terms + 1);
    for (let row = 0; row < rowCount; row += 4) rowsPerTerm[rows[row]! + 1] = rowsPerTerm[rows[row]! + 1]! + 1;
    for (let id = 0; id < terms; id += 1) rowsPerTerm[id + 1] = rowsPerTerm[id + 1]! + rowsPerTerm[id]!;
    const byTerm = new Int32Array(rowCount / 4);
    const next = rowsPerTerm.slice(0, terms);
    for (let row = 0; row < rowCount; row += 4) {
      const id = rows[row]!;
      byTerm[next[id]!] = row;
      next[id] = next[id]! + 1;
    }
    const start = new Int32Array(terms + 1);
    const entries = new Int32Array(byTerm.length);
    const saturation = new Float64Array(byTerm.length);
    let written = 0;
    for (let id = 0; id < terms; id += 1) {
      start[id] = written;
      let i = rowsPerTerm[id]!;
      const end = rowsPerTerm[id + 1]!;
      while (i < end) {
        const entry = rows[byTerm[i]! + 1]!;
        let pseudoTf = 0;
        while (i < end && rows[byTerm[i]! + 1] === entry) {
          const row = byTerm[i]!;
          const field = rows[row + 2]!;
          pseudoTf += (this.fieldWeight[field]! * rows[row + 3]!) / this.lengthNorms[field]![entry]!;
          i += 1;
        }
        entries[written] = entry;
        saturation[written] = (pseudoTf * (k1 + 1)) / (pseudoTf + k1);
        written += 1;
      }
    }
    start[terms] = written;
    this.postingStart = start;
    this.postingEntries = entries.slice(0, written);
    this.postingSaturation = saturation.slice(0, written);
    this.entryScores = new Float64Array(this.entryDoc.length);
    this.docScores = new Float64Array(this.docs.length);
    this.docBestEntry = new Int32Array(this.docs.length);
    this.candidates = new Int32Array(this.docs.length);
    this.spelling = new SpellingIndex(unigrams, bigrams);
  }

  get size(): number {
    return this.docs.length;
  }

  private addExactKey(value: string, docIndex: number): void {
    const key = fold(value).replace(/\s+/gu, '');
    if (key === '') return;
    const list = this.exactKeys.get(key) ?? [];
    if (!list.includes(docIndex)) list.push(docIndex);
    this.exactKeys.set(key, list);
  }

  /** The weighted terms a question is searched with, corrections included (for tests and debugging). */
  queryTerms(query: string): QueryTerm[] {
    return this.analyze(query).terms;
  }

  /** Analyses already made: one question is searched by several steps, and the same questions come back. */
  private readonly analysed = new TextMemo<QueryAnalysis>(REMEMBERED_QUERIES);

  private analyze(query: string): QueryAnalysis {
    return this.analysed.get(query, () => this.analyzeAnew(query));
  }

  private analyzeAnew(query: string): QueryAnalysis {
    const tokens = tokenize(query, this.options.tokenizer);
    const weights = new Map<string, QueryTerm>();
    const put = (entry: QueryTerm): void => {
      const existing = weights.get(entry.term);
      if (existing === undefined || existing.weight < entry.weight) weights.set(entry.term, entry);
    };
    const o = this.options;
    const typed: Array<[string, number]> = [
      ...tokens.unigrams.map((term): [string, number] => [term, o.unigramWeight]),
      ...tokens.bigrams.map((term): [string, number] => [term, o.bigramWeight]),
      ...tokens.extras.map((term): [string, number] => [term, term.startsWith('=') ? o.unigramWeight : o.extraWeight]),
    ];
    for (const [term, weight] of typed) {
      if (this.termIds.has(term)) {
        put({ term, weight });
        continue;
      }
      if (term.startsWith('=')) continue;
      for (const correction of this.spelling.suggest(term)) {
        put({ term: correction, weight: weight * o.fuzzyWeight, correctedFrom: term });
      }
    }
    const codes = tokenize(query, { synonyms: false }).codes.concat(this.codeLikeWords(query));
    return { terms: [...weights.values()], unigrams: [...new Set(tokens.unigrams)], codes };
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.docs.length - df + 0.5) / (df + 0.5));
  }

  private idf(term: string): number {
    const id = this.termIds.get(term);
    return this.idfOf(id === undefined ? 0 : this.documentFrequency[id]!);
  }

  /** Whether the term with this id occurs in a passage (its passages are ascending); never for id −1. */
  private occursIn(id: number, entry: number): boolean {
    if (id < 0) return false;
    const entries = this.postingEntries;
    let low = this.postingStart[id]!;
    let high = this.postingStart[id + 1]!;
    while (low < high) {
      const middle = (low + high) >> 1;
      const value = entries[middle]!;
      if (value === entry) return true;
      if (value < entry) low = middle + 1;
      else high = middle;
    }
    return false;
  }

  /** The coverage measure's words of a question, in its order (see `Bm25Match.coverage`). */
  private coverageWords(analysis: QueryAnalysis): { words: CoverageWord[]; total: number } {
    if (analysis.coverage !== undefined) return analysis.coverage;
    const words: CoverageWord[] = [];
    let total = 0;
    for (const unigram of analysis.unigrams) {
      if (ASKING_WORDS.has(unigram)) continue;
      const corrections = analysis.terms.filter((term) => term.correctedFrom === unigram).map((term) => term.term);
      const known = this.termIds.has(unigram);
      const mass = known ? this.idf(unigram) : corrections.length > 0 ? Math.max(...corrections.map((term) => this.idf(term))) : this.idf('');
      total += mass;
      words.push({ mass, known: this.termIds.get(unigram) ?? -1, corrections: corrections.map((term) => this.termIds.get(term) ?? -1) });
    }
    analysis.coverage = { words, total };
    return analysis.coverage;
  }

  /**
   * The matched share of the question's unigram IDF mass in one passage (see `Bm25Match.coverage`). Computed only
   * for the passages a search returns; the masses are added in the question's order, as for every passage at once.
   */
  private coverage(analysis: QueryAnalysis, entry: number): number {
    const { words, total } = this.coverageWords(analysis);
    let matched = 0;
    for (const word of words) {
      let fraction = 0;
      if (this.occursIn(word.known, entry)) fraction = 1;
      for (const correction of word.corrections) if (this.occursIn(correction, entry)) fraction = Math.max(fraction, this.options.fuzzyWeight);
      if (fraction > 0) matched = matched + word.mass * fraction;
    }
    return total > 0 ? matched / total : matched;
  }

  /** Documents matching at least one term, best first; `limit` defaults to 20. */
  search(query: string, options: SearchOptions = {}): Bm25Match[] {
    const limit = options.limit ?? 20;
    const kinds = options.kinds === undefined ? null : new Set(options.kinds);
    const entryScores = this.entryScores.fill(0);
    const analysis = this.analyze(query);
    for (const { term, weight } of analysis.terms) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const entries = this.postingEntries;
      const saturation = this.postingSaturation;
      const weighted = weight * this.termIdf[id]!;
      for (let i = this.postingStart[id]!, end = this.postingStart[id + 1]!; i < end; i += 1) {
        const entry = entries[i]!;
        entryScores[entry] = entryScores[entry]! + weighted * saturation[i]!;
      }
    }
    const scores = this.docScores.fill(0);
    const bestEntry = this.docBestEntry.fill(-1);
    for (let entry = 0; entry < entryScores.length; entry += 1) {
      const score = entryScores[entry]!;
      const doc = this.entryDoc[entry]!;
      if (score > scores[doc]!) {
        scores[doc] = score;
        bestEntry[doc] = entry;
      }
    }
    const exact = new Set<number>();
    for (const code of analysis.codes) {
      for (const doc of this.exactKeys.get(code) ?? []) exact.add(doc);
    }
    // An exact id/code match outranks every other document.
    let best = 0;
    for (let doc = 0; doc < scores.length; doc += 1) best = Math.max(best, scores[doc]!);
    for (const doc of exact) scores[doc] = scores[doc]! + best + this.options.exactBoost;

    // Ranked by index first, in document order as before, so ties keep their order; objects only for the best.
    const candidates = this.candidates;
    let candidateCount = 0;
    for (let doc = 0; doc < scores.length; doc += 1) {
      if (scores[doc]! <= 0) continue;
      if (kinds !== null && !kinds.has(this.docs[doc]!.kind)) continue;
      candidates[candidateCount] = doc;
      candidateCount += 1;
    }
    const top = bestByScore(candidates, candidateCount, scores, Math.max(0, limit), (x, y) => this.docs[x]!.id.localeCompare(this.docs[y]!.id));
    return top.map((doc): Bm25Match => {
      const meta = this.docs[doc]!;
      const entry = bestEntry[doc]!;
      return { id: meta.id, kind: meta.kind, score: scores[doc]!, exact: exact.has(doc), coverage: entry < 0 ? 0 : this.coverage(analysis, entry) };
    });
  }

  /** Letter+digit words such as "kts13" or "pl2" that are ids on their own (no dot inside). */
  private codeLikeWords(query: string): string[] {
    return tokenize(query, { synonyms: false, bigrams: false, stopwords: 'none' }).unigrams.filter((word) => /[a-z]/u.test(word) && /\d/u.test(word));
  }
}
