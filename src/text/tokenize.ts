/**
 * The Vietnamese tokenizer applied to both sides of retrieval (stored documents and questions), so that the same
 * words written with or without diacritics, in NFC or NFD, abbreviated or spelled out, produce the same terms.
 *
 * Terms produced:
 * - unigrams: folded syllables, plus compound tokens kept whole (`kh&cn` is expanded, but `57-nq/tw`, `12/2025`,
 *   `iii/2026`, `cqs2.1`, `pl2.11`, `3%` stay one token: PostgreSQL's parser splits them);
 * - bigrams: adjacent syllables joined by `_` (`du_lieu`), never across punctuation;
 * - extras: `=canonical` markers of detected abbreviations/synonyms, the syllables of a synonym's main phrase, the
 *   numeric parts of compounds (`2025` of `12/2025`) and a code's group (`cqs2` of `cqs2.1`).
 */
import { SYNONYMS, type SynonymEntry } from './synonyms.ts';
import { fold } from './vietnamese.ts';

/** Function words that carry no topic. Dropped from unigrams by default; kept inside bigrams ("co_so"). */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'va', 'cua', 'cac', 'nhung', 'cho', 'la', 'co', 'de', 'trong', 'voi', 'duoc', 'tren', 'theo', 'tu', 'den', 'khi',
  'nao', 'gi', 'ai', 'thi', 'ma', 'nay', 'do', 'o', 'mot', 'nhu', 've', 'tai', 'se', 'da', 'dang', 'con', 'hay',
  'hoac', 'cung', 'phai', 'lam', 'bao', 'nhieu', 'sao', 'vay', 'a', 'oi', 'nhe', 'khong', 'chua', 'roi', 'minh',
  'toi', 'xin', 'giup', 'biet', 'cai', 'ay', 'kia', 'day', 'ra', 'vao', 'len', 'nua', 'thuoc', 'em', 'muon', 'ad', 'ha', 'nha', 'ak', 'b', 'c', 'd', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n',
]);

/** Words made of two function words' syllables ("đô thị" folds to "đó thì"): their pair stays a bigram in `all` mode. */
const STOPWORD_COMPOUNDS: ReadonlySet<string> = new Set(['do_thi']);

/** True when two folded syllables side by side are one of those words ("do", "thi"). */
export function isStopwordCompound(left: string, right: string | undefined): boolean {
  return right !== undefined && STOPWORD_COMPOUNDS.has(`${left}_${right}`);
}

export type StopwordMode = 'unigrams' | 'none' | 'all';

export interface TokenizeOptions {
  /** `unigrams` (default): drop function words from unigrams only; `all`: also skip them when forming bigrams. */
  stopwords?: StopwordMode;
  /** Emit syllable bigrams (default true). */
  bigrams?: boolean;
  /** Apply the abbreviation/synonym table (default true). */
  synonyms?: boolean;
}

export interface Tokens {
  unigrams: string[];
  bigrams: string[];
  extras: string[];
  /** Compound tokens as folded (`pl2.11`, `cqs2.1`, `12/2025`, `kh&cn`), for exact id/code matching. */
  codes: string[];
}

const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]|[\u{E0000}-\u{E007F}]/gu;
const TOKEN_OR_BREAK = /([\p{L}\p{N}]+(?:[&/.\-+][\p{L}\p{N}]+)*%?)|([,.;:!?()[\]{}|"“”«»…–—\n<>=*#]|\s-\s)/gu;
const JOINERS = /[&/.\-+]/u;
const CODE_WITH_GROUP = /^([a-z]+\d+)\.\d+[a-z]?$/u;
/** Characters of a text that are tokenized; the rest is ignored. */
export const MAX_INPUT = 200_000;
/** The prefix of a synonym's `canonical` term among a text's extras (`=phan_tram`). */
export const SYNONYM_MARKER = '=';
/** "3%" and "ba phần trăm" meet on this marker (the `phan_tram` synonym entry). */
const PERCENT_MARKER = `${SYNONYM_MARKER}phan_tram`;

/** The extra a text carries where it says an entry in any of its words (`=phi_dia_gioi`). */
function markerOf(entry: SynonymEntry): string {
  return `${SYNONYM_MARKER}${entry.canonical}`;
}

/** Diacritics removed and `đ` → `d`, case kept (the case is needed to tell "AI" from "ai"). NFC/NFD safe. */
export function foldKeepCase(input: string): string {
  let i = 0;
  while (i < input.length && input.charCodeAt(i) < 0x80) i += 1;
  if (i === input.length) return input;
  if (FOLD_BUFFER.length < input.length) FOLD_BUFFER = new Uint16Array(Math.max(input.length, FOLD_BUFFER.length * 2));
  const buffer = FOLD_BUFFER;
  let length = 0;
  for (let j = 0; j < i; j += 1) buffer[length++] = input.charCodeAt(j);
  for (; i < input.length; i += 1) {
    const code = input.charCodeAt(i);
    if (code < 0x80) {
      buffer[length++] = code;
      continue;
    }
    if (code >= FOLDED_BELOW) return foldKeepCaseSlowly(input);
    const folded = FOLDED[code];
    if (folded === undefined) continue;
    if (folded === NOT_TABLED) return foldKeepCaseSlowly(input);
    buffer[length++] = folded;
  }
  let out = '';
  for (let start = 0; start < length; start += 8192) out += String.fromCharCode.apply(null, buffer.subarray(start, Math.min(length, start + 8192)) as unknown as number[]);
  return out;
}

/** Scratch space of `foldKeepCase`, which does not yield. */
let FOLD_BUFFER = new Uint16Array(1024);

function foldKeepCaseSlowly(input: string): string {
  return input
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D');
}

/**
 * Each character from U+0080 to FOLDED_BELOW folded alone: a character code, undefined when it folds to nothing
 * (marks, invisible characters), NOT_TABLED when it folds to several (the whole pipeline runs for such a text). A
 * text made only of these and ASCII folds character by character to what the pipeline gives: decomposition is the
 * characters' own decompositions in order, canonical reordering moves only marks, and every mark and invisible
 * character is removed, so nothing composes or moves across what remains.
 */
const FOLDED_BELOW = 0x20d0;
const NOT_TABLED = -1;
const FOLDED: Array<number | undefined> = new Array<number | undefined>(FOLDED_BELOW).fill(NOT_TABLED);
for (let code = 0x80; code < FOLDED_BELOW; code += 1) {
  if (code >= 0xd800 && code <= 0xdfff) continue;
  const folded = foldKeepCaseSlowly(String.fromCharCode(code));
  if (folded.length <= 1) FOLDED[code] = folded === '' ? undefined : folded.charCodeAt(0);
}

interface RawToken {
  raw: string;
  lower: string;
  /** A punctuation break precedes this token. */
  breakBefore: boolean;
}

function scan(text: string): RawToken[] {
  const folded = foldKeepCase(text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text);
  const tokens: RawToken[] = [];
  let pendingBreak = false;
  for (const match of folded.matchAll(TOKEN_OR_BREAK)) {
    const word = match[1];
    if (word === undefined) {
      pendingBreak = true;
      continue;
    }
    tokens.push({ raw: word, lower: word.toLowerCase(), breakBefore: pendingBreak });
    pendingBreak = false;
  }
  return tokens;
}

const FORM_INDEX = new Map<string, SynonymEntry>();
const PHRASES_BY_FIRST = new Map<string, Array<{ entry: SynonymEntry; syllables: string[]; primary: boolean }>>();
for (const entry of SYNONYMS) {
  for (const form of entry.forms) FORM_INDEX.set(form, entry);
  entry.phrases.forEach((phrase, index) => {
    const syllables = phrase.split(' ');
    const first = syllables[0]!;
    const list = PHRASES_BY_FIRST.get(first) ?? [];
    list.push({ entry, syllables, primary: index === 0 });
    PHRASES_BY_FIRST.set(first, list);
  });
}

const NO_TERMS: ReadonlySet<string> = new Set();
/** Built on first use: it tokenizes the table's own phrases. */
let paraphraseTermsByMarker: Map<string, ReadonlySet<string>> | undefined;

/**
 * The syllables and syllable pairs (function words left out) of every phrase of the paraphrase entry a marker
 * stands for (`=phi_dia_gioi`); none for the marker of any other entry.
 */
export function paraphraseTerms(marker: string): ReadonlySet<string> {
  paraphraseTermsByMarker ??= new Map(
    SYNONYMS.filter((entry) => entry.paraphrase === true).map((entry) => {
      const terms = new Set<string>();
      for (const phrase of entry.phrases) {
        const tokens = tokenize(phrase, { stopwords: 'all', synonyms: false });
        for (const term of [...tokens.unigrams, ...tokens.bigrams]) terms.add(term);
      }
      return [markerOf(entry), terms] as const;
    }),
  );
  return paraphraseTermsByMarker.get(marker) ?? NO_TERMS;
}

function isCapitalWord(raw: string): boolean {
  return raw.length >= 2 && /\p{L}/u.test(raw) && raw === raw.toUpperCase() && raw !== raw.toLowerCase();
}

function formEntry(tokens: RawToken[], index: number): SynonymEntry | undefined {
  const token = tokens[index]!;
  const entry = FORM_INDEX.get(token.lower);
  if (entry === undefined) return undefined;
  if (!entry.caseSensitive) return entry;
  if (!isCapitalWord(token.raw)) return undefined;
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  const insideCapitals = (before !== undefined && isCapitalWord(before.raw)) || (after !== undefined && isCapitalWord(after.raw));
  return insideCapitals ? undefined : entry;
}

function compoundExtras(token: string): string[] {
  const extras: string[] = [];
  const group = CODE_WITH_GROUP.exec(token);
  if (group !== null) return [group[1]!];
  if (token.endsWith('%')) extras.push(PERCENT_MARKER);
  for (const part of token.replace(/%$/u, '').split(JOINERS)) {
    if (/^\d+$/u.test(part) && part !== token) extras.push(String(Number(part)));
  }
  return extras;
}

/** Tokenizes one text; see the module comment for the terms produced. Never throws; empty input → empty lists. */
export function tokenize(text: string, options: TokenizeOptions = {}): Tokens {
  const stopwords = options.stopwords ?? 'unigrams';
  const withBigrams = options.bigrams ?? true;
  const withSynonyms = options.synonyms ?? true;
  const raw = scan(typeof text === 'string' ? text : '');

  /** Segments of syllables between punctuation; compounds sit in the chain as one syllable. */
  const segments: string[][] = [];
  const extras: string[] = [];
  const codes: string[] = [];
  let current: string[] = [];
  const pushSyllable = (syllable: string): void => {
    current.push(syllable);
  };

  raw.forEach((token, index) => {
    if (token.breakBefore && current.length > 0) {
      segments.push(current);
      current = [];
    }
    const entry = withSynonyms ? formEntry(raw, index) : undefined;
    const isCompound = JOINERS.test(token.lower) || token.lower.endsWith('%');
    if (entry !== undefined) {
      if (isCompound) codes.push(token.lower);
      const expansion = entry.phrases[0];
      if (expansion === undefined) extras.push(markerOf(entry));
      for (const syllable of (expansion ?? token.lower).split(' ')) pushSyllable(syllable);
      return;
    }
    if (isCompound) {
      const parts = token.lower.split(JOINERS);
      const lettersOnly = parts.every((part) => /^\p{L}+$/u.test(part));
      if (lettersOnly && !/[&/+]/u.test(token.lower)) {
        // "xã-hội", "v.v": words glued by a hyphen or dot, not a code.
        for (const part of parts) pushSyllable(part);
        return;
      }
      codes.push(token.lower);
      pushSyllable(token.lower);
      extras.push(...compoundExtras(token.lower));
      return;
    }
    pushSyllable(token.lower);
  });
  if (current.length > 0) segments.push(current);

  if (withSynonyms) extras.push(...detectPhrases(segments.flat()));

  const unigrams: string[] = [];
  const bigrams: string[] = [];
  for (const segment of segments) {
    const kept = stopwords === 'none' ? segment : segment.filter((syllable) => !STOPWORDS.has(syllable));
    unigrams.push(...kept);
    if (!withBigrams) continue;
    const chain = stopwords === 'all' ? kept : segment;
    for (let i = 0; i + 1 < chain.length; i += 1) bigrams.push(`${chain[i]}_${chain[i + 1]}`);
    if (stopwords === 'all') for (let i = 0; i + 1 < segment.length; i += 1) if (isStopwordCompound(segment[i]!, segment[i + 1])) bigrams.push(`${segment[i]}_${segment[i + 1]}`);
  }
  return { unigrams, bigrams, extras, codes };
}

/** Canonical markers for every phrase of the table found in the syllable stream, punctuation ignored. */
function detectPhrases(flat: string[]): string[] {
  const extras: string[] = [];
  /** Per entry, the position where its last match ended: overlapping matches of one entry count once. */
  const coveredUntil = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 1) {
    const candidates = PHRASES_BY_FIRST.get(flat[i]!);
    if (candidates === undefined) continue;
    for (const { entry, syllables, primary } of candidates) {
      if ((coveredUntil.get(entry.canonical) ?? 0) > i) continue;
      if (i + syllables.length > flat.length) continue;
      let matches = true;
      for (let j = 1; j < syllables.length; j += 1) {
        if (flat[i + j] !== syllables[j]) {
          matches = false;
          break;
        }
      }
      if (!matches) continue;
      coveredUntil.set(entry.canonical, i + syllables.length);
      extras.push(markerOf(entry));
      if (!primary) {
        const main = entry.phrases[0]!.split(' ');
        extras.push(...main.filter((syllable) => !STOPWORDS.has(syllable)));
        for (let j = 0; j + 1 < main.length; j += 1) extras.push(`${main[j]}_${main[j + 1]}`);
      }
    }
  }
  return extras;
}

/** All terms of a text, repeated as often as they occur (for term frequencies). */
export function terms(text: string, options?: TokenizeOptions): string[] {
  const tokens = tokenize(text, options);
  return [...tokens.unigrams, ...tokens.bigrams, ...tokens.extras];
}

/**
 * The initialisms of a text's runs of 2–5 syllables ("cải cách hành chính" → "cchc", "chuyển đổi số" → "cds"), as
 * people abbreviate a title's words in a question ("kế hoạch CCHC"). Runs stop at punctuation.
 */
export function initialisms(text: string): string[] {
  const out = new Set<string>();
  for (const run of fold(text).split(/[^\p{L}\p{N}\s]+/u)) {
    const words = run.split(/\s+/u).filter((word) => /^\p{L}+$/u.test(word));
    for (let start = 0; start < words.length; start += 1) {
      for (let length = 2; length <= 5 && start + length <= words.length; length += 1) {
        out.add(words.slice(start, start + length).map((word) => word[0]).join(''));
      }
    }
  }
  return [...out].filter((initialism) => initialism.length >= 3);
}

/** Adds one to `frequency` for each distinct term of `tokens` (a document frequency); `seen` is scratch space. */
export function countDistinctTerms(frequency: Map<string, number>, tokens: Tokens, seen: Set<string>): void {
  seen.clear();
  for (const list of [tokens.unigrams, tokens.bigrams, tokens.extras]) {
    for (const term of list) {
      if (seen.has(term)) continue;
      seen.add(term);
      frequency.set(term, (frequency.get(term) ?? 0) + 1);
    }
  }
}
