/**
 * Text → vector. The store keeps the vectors in pgvector; retrieval only produces them. `HashedNgramEmbedder` is
 * the local, deterministic default that needs no model download; an OpenAI-compatible embedder implements the
 * same interface when an embeddings endpoint is configured.
 */
import { tokenize, type Tokens } from '../text/tokenize.ts';

export interface Embedder {
  /** Identifies the vector space; vectors from different models are never compared. */
  readonly model: string;
  readonly dimensions: number;
  /** One vector per text, same order. */
  embed(texts: string[]): Promise<number[][]>;
  /**
   * The vector of a text from its `tokenize(text)` (default options), equal to `embed([text])`'s: for embedders
   * that read only tokens, so an index that has tokenized its documents does not tokenize them again.
   */
  embedTokens?(tokens: Tokens): Float64Array;
}

export interface HashedNgramOptions {
  dimensions?: number;
  /** Character n-gram lengths over the folded syllable stream (default 3 to 5). */
  minN?: number;
  maxN?: number;
  /** Share of the character n-gram part against the word part, both unit length before mixing (default 0.6). */
  charWeight?: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** The seed of the hash that chooses a feature's sign. */
const SIGN_SEED = 0x9747b28c;

/** FNV-1a state after `text`, from `state`. */
function fnv(text: string, state: number): number {
  let h = state;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** The murmur finaliser that turns an FNV state into the hash. */
function finalise(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a followed by a murmur finaliser: cheap, stable across runs and platforms. */
export function hash32(text: string, seed = FNV_OFFSET): number {
  return finalise(fnv(text, seed >>> 0));
}

/**
 * Features are hashed with a prefix (`w:` for words, `c:` for character n-grams) whose FNV state is computed once,
 * so no prefixed string is built. A character n-gram is identified by its bucket hash and the low SIGN_BITS bits
 * of its sign hash (two grams share both with a chance of 2^-53).
 */
const SIGN_BITS = 2 ** 21;
const WORD_STATE = fnv('w:', FNV_OFFSET);
const WORD_SIGN_STATE = fnv('w:', SIGN_SEED);
const CHAR_PREFIX = 'c:';
const CHAR_STATE = fnv(CHAR_PREFIX, FNV_OFFSET);
const CHAR_SIGN_STATE = fnv(CHAR_PREFIX, SIGN_SEED);

/** Adds `weight` to the feature `w:<term>`'s dimension with its sign, as hashing the prefixed text would. */
function addWord(vector: Float64Array, term: string, weight: number): void {
  const index = finalise(fnv(term, WORD_STATE)) % vector.length;
  const sign = (finalise(fnv(term, WORD_SIGN_STATE)) & 1) === 0 ? 1 : -1;
  vector[index] = vector[index]! + sign * weight;
}

/**
 * Counts of character n-grams by identity, in an open-addressing table reused from text to text (no allocation
 * per gram), remembering the order grams were first seen: their weights are added in that order.
 */
class GramCounts {
  private buckets = new Uint32Array(1024);
  private signs = new Uint32Array(1024);
  private counts = new Int32Array(1024);
  /** Slots in the order their grams were first seen. */
  order = new Int32Array(512);
  size = 0;

  /** Empties the table and makes room for `grams` distinct grams at most. */
  reset(grams: number): void {
    for (let i = 0; i < this.size; i += 1) this.counts[this.order[i]!] = 0;
    this.size = 0;
    if (grams * 2 > this.counts.length) {
      let capacity = this.counts.length;
      while (grams * 2 > capacity) capacity *= 2;
      this.buckets = new Uint32Array(capacity);
      this.signs = new Uint32Array(capacity);
      this.counts = new Int32Array(capacity);
      this.order = new Int32Array(capacity);
    }
  }

  add(bucket: number, sign: number): void {
    const mask = this.counts.length - 1;
    let slot = (bucket ^ Math.imul(sign, 0x9e3779b1)) & mask;
    while (this.counts[slot] !== 0) {
      if (this.buckets[slot] === bucket && this.signs[slot] === sign) {
        this.counts[slot] = this.counts[slot]! + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.buckets[slot] = bucket;
    this.signs[slot] = sign;
    this.counts[slot] = 1;
    this.order[this.size] = slot;
    this.size += 1;
  }

  bucket(slot: number): number {
    return this.buckets[slot]!;
  }

  sign(slot: number): number {
    return this.signs[slot]!;
  }

  count(slot: number): number {
    return this.counts[slot]!;
  }
}

function unit(vector: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i += 1) sum += vector[i]! * vector[i]!;
  if (sum === 0) return vector;
  const norm = Math.sqrt(sum);
  for (let i = 0; i < vector.length; i += 1) vector[i] = vector[i]! / norm;
  return vector;
}

/**
 * Hashed character n-grams (3–5) of the folded, synonym-expanded syllable stream, plus hashed syllables,
 * syllable bigrams and synonym markers, with sublinear term frequency, L2-normalised. Texts without any letter or
 * digit map to the zero vector (cosine 0 with everything).
 */
export class HashedNgramEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly minN: number;
  private readonly maxN: number;
  private readonly charWeight: number;

  constructor(options: HashedNgramOptions = {}) {
    this.dimensions = options.dimensions ?? 512;
    this.minN = options.minN ?? 3;
    this.maxN = options.maxN ?? 5;
    this.charWeight = options.charWeight ?? 0.6;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 8) throw new RangeError(`dimensions must be an integer ≥ 8, got ${this.dimensions}`);
    const variant = this.minN === 3 && this.maxN === 5 && this.charWeight === 0.6 ? '' : `-n${this.minN}${this.maxN}-c${this.charWeight}`;
    this.model = `local-hash-ngram-v1-${this.dimensions}${variant}`;
    this.charPart = new Float64Array(this.dimensions);
  }

  /** What makes another instance embed exactly as this one (another thread's, see embed-thread.ts). */
  get options(): Required<HashedNgramOptions> {
    return { dimensions: this.dimensions, minN: this.minN, maxN: this.maxN, charWeight: this.charWeight };
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => Array.from(this.embedOne(text)));
  }

  private readonly grams = new GramCounts();
  /** Scratch space of `embedTokens`, which does not yield. */
  private readonly charPart: Float64Array;

  /** Synchronous form, for callers that embed in a loop (the in-memory index, tests). */
  embedOne(text: string): Float64Array {
    return this.embedTokens(tokenize(text));
  }

  /** The vector of a text from its tokens (`tokenize(text)` with the default options). */
  embedTokens(tokens: Tokens): Float64Array {
    const words = new Map<string, number>();
    for (const list of [tokens.unigrams, tokens.bigrams, tokens.extras]) for (const term of list) words.set(term, (words.get(term) ?? 0) + 1);
    const wordPart = new Float64Array(this.dimensions);
    for (const [term, tf] of words) addWord(wordPart, term, 1 + Math.log(tf));

    // Every n-gram starting at `start` extends the one before it by a character, so both hashes run on.
    const grams = this.grams;
    const stream = ` ${tokens.unigrams.join(' ')} `;
    grams.reset(stream.length * (this.maxN - this.minN + 1));
    for (let start = 0; start + this.minN <= stream.length; start += 1) {
      let bucketState = CHAR_STATE;
      let signState = CHAR_SIGN_STATE;
      let blank = true;
      for (let length = 1; length <= this.maxN && start + length <= stream.length; length += 1) {
        const code = stream.charCodeAt(start + length - 1);
        if (code !== 32) blank = false;
        bucketState = Math.imul(bucketState ^ code, FNV_PRIME);
        signState = Math.imul(signState ^ code, FNV_PRIME);
        if (length < this.minN || blank) continue;
        grams.add(finalise(bucketState), finalise(signState) % SIGN_BITS);
      }
    }
    const charPart = this.charPart.fill(0);
    for (let i = 0; i < grams.size; i += 1) {
      const slot = grams.order[i]!;
      const index = grams.bucket(slot) % this.dimensions;
      const sign = (grams.sign(slot) & 1) === 0 ? 1 : -1;
      charPart[index] = charPart[index]! + sign * (1 + Math.log(grams.count(slot)));
    }

    unit(wordPart);
    unit(charPart);
    // Mixed in place into the word part, which is returned; the sum of squares is taken in the same order as `unit`.
    const wordWeight = 1 - this.charWeight;
    let sum = 0;
    for (let i = 0; i < this.dimensions; i += 1) {
      const value = wordWeight * wordPart[i]! + this.charWeight * charPart[i]!;
      wordPart[i] = value;
      sum += value * value;
    }
    if (sum === 0) return wordPart;
    const norm = Math.sqrt(sum);
    for (let i = 0; i < this.dimensions; i += 1) wordPart[i] = wordPart[i]! / norm;
    return wordPart;
  }
}

/** Cosine similarity; 0 when either vector is zero or the lengths differ. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}
