/**
 * Text → vector. The store keeps the vectors in pgvector; retrieval only produces them. `HashedNgramEmbedder` is
 * the local, deterministic default that needs no model download; an OpenAI-compatible embedder implements the
 * same interface when an embeddings endpoint is configured.
 */
import { tokenize } from '../text/tokenize.ts';

export interface Embedder {
  /** Identifies the vector space; vectors from different models are never compared. */
  readonly model: string;
  readonly dimensions: number;
  /** One vector per text, same order. */
  embed(texts: string[]): Promise<number[][]>;
}

export interface HashedNgramOptions {
  dimensions?: number;
  /** Character n-gram lengths over the folded syllable stream (default 3 to 5). */
  minN?: number;
  maxN?: number;
  /** Share of the character n-gram part against the word part, both unit length before mixing (default 0.6). */
  charWeight?: number;
}

/** 32-bit FNV-1a followed by a murmur finaliser: cheap, stable across runs and platforms. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function addHashed(vector: Float64Array, feature: string, weight: number): void {
  const h = hash32(feature);
  const index = h % vector.length;
  const sign = (hash32(feature, 0x9747b28c) & 1) === 0 ? 1 : -1;
  vector[index] = vector[index]! + sign * weight;
}

function unit(vector: Float64Array): Float64Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
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
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => Array.from(this.embedOne(text)));
  }

  /** Synchronous form, for callers that embed in a loop (the in-memory index, tests). */
  embedOne(text: string): Float64Array {
    const tokens = tokenize(text);
    const words = new Map<string, number>();
    for (const term of [...tokens.unigrams, ...tokens.bigrams, ...tokens.extras]) words.set(term, (words.get(term) ?? 0) + 1);
    const wordPart = new Float64Array(this.dimensions);
    for (const [term, tf] of words) addHashed(wordPart, `w:${term}`, 1 + Math.log(tf));

    const grams = new Map<string, number>();
    const stream = ` ${tokens.unigrams.join(' ')} `;
    for (let n = this.minN; n <= this.maxN; n += 1) {
      for (let i = 0; i + n <= stream.length; i += 1) {
        const gram = stream.slice(i, i + n);
        if (gram.trim() === '') continue;
        grams.set(gram, (grams.get(gram) ?? 0) + 1);
      }
    }
    const charPart = new Float64Array(this.dimensions);
    for (const [gram, tf] of grams) addHashed(charPart, `c:${gram}`, 1 + Math.log(tf));

    unit(wordPart);
    unit(charPart);
    const mixed = new Float64Array(this.dimensions);
    for (let i = 0; i < this.dimensions; i += 1) mixed[i] = (1 - this.charWeight) * wordPart[i]! + this.charWeight * charPart[i]!;
    return unit(mixed);
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
