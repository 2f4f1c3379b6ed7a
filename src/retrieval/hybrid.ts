/**
 * Hybrid retrieval: BM25 over the tokenizer's terms fused with vector similarity. The vector side is a pluggable
 * function so it can run in memory (default) or as a pgvector `<=>` query in the store.
 *
 * Fusion `weighted` (default, tuned with `npm run tune:retrieval`): score = wB·bm25/best_bm25 + wV·sim/best_sim
 * over the union of both candidate lists. Fusion `rrf` (baseline): Σ 1/(k + rank) over both lists.
 * The raw best BM25 and best similarity are returned so the engine can calibrate its out-of-scope threshold.
 */
import { bestByScore, bestOf } from './best-of.ts';
import { Bm25Index, type Bm25Options } from './bm25.ts';
import { cosine, type Embedder } from './embedder.ts';
import type { DocumentKind, SearchDocument, SearchOptions } from './types.ts';

export interface VectorMatch {
  id: string;
  kind: DocumentKind;
  /** Cosine similarity, higher is closer (pgvector: `1 - (embedding <=> $1)`). */
  similarity: number;
}

/** Nearest documents to a query vector, best first. `kinds`, when given, restricts the kinds returned. */
export type VectorSearch = (queryVector: number[], limit: number, kinds?: DocumentKind[]) => Promise<VectorMatch[]>;

export interface FusionOptions {
  method: 'weighted' | 'rrf';
  bm25Weight: number;
  vectorWeight: number;
  /** RRF constant. */
  rrfK: number;
  /** Candidates taken from each side before fusion (at least `limit`). */
  candidates: number;
}

export const DEFAULT_FUSION: FusionOptions = {
  method: 'weighted',
  bm25Weight: 0.7,
  vectorWeight: 0.3,
  rrfK: 60,
  candidates: 120,
};

export interface Hit {
  id: string;
  kind: DocumentKind;
  /** Fused score, higher is better. */
  score: number;
  /** Raw BM25 score (0 when BM25 did not retrieve the document). */
  bm25: number;
  /** Cosine similarity (0 when the vector side did not retrieve the document). */
  vector: number;
  /** 1-based rank in the fused list. */
  rank: number;
}

export interface SearchResult {
  hits: Hit[];
  /** Best raw BM25 score among the allowed kinds (0: no term matched). */
  bestBm25: number;
  /** Best cosine similarity among the allowed kinds. */
  bestSimilarity: number;
  /** The question named a document id or code exactly. */
  exactMatch: boolean;
  /** Coverage (0–1) of the best BM25 document: share of the question's rare words it contains. */
  bestCoverage: number;
}

export interface RetrieverOptions {
  documents: readonly SearchDocument[];
  embedder: Embedder;
  /** Defaults to cosine over the documents embedded in memory with `embedder`. */
  vectorSearch?: VectorSearch;
  /**
   * Without `vectorSearch`: the documents' vectors made with `embedder` (`vectors[i]` of `documents[i]`), or being
   * made elsewhere (awaited after the BM25 index is built; null: embed them here).
   */
  vectors?: ReadonlyArray<ArrayLike<number>> | PromiseLike<ReadonlyArray<ArrayLike<number>> | null>;
  bm25?: Bm25Options;
  fusion?: Partial<FusionOptions>;
  /** Question characters beyond this are ignored (default 1000): a pasted page is not a question. */
  maxQueryLength?: number;
}

export interface RetrieverSearchOptions extends SearchOptions {
  fusion?: Partial<FusionOptions>;
}

/** The text a document is embedded from; the store must embed the same text for pgvector. */
export function documentEmbeddingText(document: SearchDocument): string {
  const fields = Object.values(document.fields ?? {}).filter((value) => value !== '');
  return [document.title, document.text, ...fields].join('\n');
}

/**
 * Cosine search over vectors held in memory; `vectors[i]` belongs to `documents[i]`. The vectors are packed by
 * dimension (all documents' first values, then their second …) with their squared norms computed once. A question's
 * vector is sparse (a few dozen of its n-grams' dimensions), so a query walks only those dimensions, each a
 * contiguous run over the documents, and allocates nothing per document. Every document's dot product adds the
 * same terms in the same order as a row-by-row pass, so the similarities are the same numbers `cosine` gives.
 */
export function inMemoryVectorSearch(documents: readonly SearchDocument[], vectors: ReadonlyArray<ArrayLike<number>>): VectorSearch {
  if (documents.length !== vectors.length) {
    throw new RangeError(`inMemoryVectorSearch: ${documents.length} documents but ${vectors.length} vectors`);
  }
  const count = documents.length;
  const dimensions = vectors[0]?.length ?? 0;
  const columns = new Float64Array(count * dimensions);
  const norms = new Float64Array(count);
  vectors.forEach((vector, index) => {
    if (vector.length !== dimensions) throw new RangeError(`inMemoryVectorSearch: vector ${index} has ${vector.length} dimensions, not ${dimensions}`);
    let norm = 0;
    for (let i = 0; i < dimensions; i += 1) {
      const value = vector[i]!;
      columns[i * count + index] = value;
      norm += value * value;
    }
    norms[index] = norm;
  });
  const dots = new Float64Array(count);
  const similarities = new Float64Array(count);
  const candidates = new Int32Array(count);
  const used = new Int32Array(dimensions);
  return async (queryVector, limit, kinds) => {
    if (queryVector.length !== dimensions || dimensions === 0) return [];
    let queryNorm = 0;
    let nonZero = 0;
    for (let i = 0; i < dimensions; i += 1) {
      const value = queryVector[i]!;
      if (value === 0) continue;
      queryNorm += value * value;
      used[nonZero] = i;
      nonZero += 1;
    }
    dots.fill(0);
    // Eight dimensions per pass over the documents: each dot product still adds its terms one by one in dimension
    // order (JavaScript rounds every operation), with an eighth of the passes over `dots`.
    let next = 0;
    for (; next + 8 <= nonZero; next += 8) {
      const v0 = queryVector[used[next]!]!;
      const v1 = queryVector[used[next + 1]!]!;
      const v2 = queryVector[used[next + 2]!]!;
      const v3 = queryVector[used[next + 3]!]!;
      const v4 = queryVector[used[next + 4]!]!;
      const v5 = queryVector[used[next + 5]!]!;
      const v6 = queryVector[used[next + 6]!]!;
      const v7 = queryVector[used[next + 7]!]!;
      const b0 = used[next]! * count;
      const b1 = used[next + 1]! * count;
      const b2 = used[next + 2]! * count;
      const b3 = used[next + 3]! * count;
      const b4 = used[next + 4]! * count;
      const b5 = used[next + 5]! * count;
      const b6 = used[next + 6]! * count;
      const b7 = used[next + 7]! * count;
      for (let index = 0; index < count; index += 1) {
        dots[index] =
          dots[index]! + v0 * columns[b0 + index]! + v1 * columns[b1 + index]! + v2 * columns[b2 + index]! + v3 * columns[b3 + index]! +
          v4 * columns[b4 + index]! + v5 * columns[b5 + index]! + v6 * columns[b6 + index]! + v7 * columns[b7 + index]!;
      }
    }
    for (; next < nonZero; next += 1) {
      const i = used[next]!;
      const value = queryVector[i]!;
      const base = i * count;
      for (let index = 0; index < count; index += 1) dots[index] = dots[index]! + value * columns[base + index]!;
    }
    const allowed = kinds === undefined ? null : new Set(kinds);
    let candidateCount = 0;
    for (let index = 0; index < count; index += 1) {
      if (allowed !== null && !allowed.has(documents[index]!.kind)) continue;
      similarities[index] = queryNorm === 0 || norms[index] === 0 ? 0 : dots[index]! / Math.sqrt(queryNorm * norms[index]!);
      candidates[candidateCount] = index;
      candidateCount += 1;
    }
    const top = bestByScore(candidates, candidateCount, similarities, Math.max(0, limit), (a, b) => documents[a]!.id.localeCompare(documents[b]!.id));
    return top.map((index) => ({ id: documents[index]!.id, kind: documents[index]!.kind, similarity: similarities[index]! }));
  };
}

/** How many searches a retriever keeps before it starts again (each at most a few dozen hits). */
const REMEMBERED_SEARCHES = 1_000;

export class Retriever {
  readonly bm25: Bm25Index;
  readonly embedder: Embedder;
  private readonly vectorSearch: VectorSearch;
  private readonly fusion: FusionOptions;
  private readonly maxQueryLength: number;
  /**
   * Results already found, by question and options, when both sides search memory only (nothing that can fail or
   * change under the retriever): the same questions come back. Bounded like TextMemo; handed out as copies.
   */
  private readonly found: Map<string, SearchResult> | null;

  private constructor(bm25: Bm25Index, embedder: Embedder, vectorSearch: VectorSearch, fusion: FusionOptions, maxQueryLength: number, inMemory: boolean) {
    this.found = inMemory ? new Map() : null;
    this.bm25 = bm25;
    this.embedder = embedder;
    this.vectorSearch = vectorSearch;
    this.fusion = fusion;
    this.maxQueryLength = maxQueryLength;
  }

  /** Builds the BM25 index and, without a `vectorSearch`, embeds every document in memory. */
  static async create(options: RetrieverOptions): Promise<Retriever> {
    const bm25 = new Bm25Index(options.documents, options.bm25);
    let vectorSearch = options.vectorSearch;
    const inMemory = vectorSearch === undefined;
    if (vectorSearch === undefined) {
      const vectors = (await options.vectors) ?? (await options.embedder.embed(options.documents.map(documentEmbeddingText)));
      vectorSearch = inMemoryVectorSearch(options.documents, vectors);
    }
    return new Retriever(bm25, options.embedder, vectorSearch, { ...DEFAULT_FUSION, ...options.fusion }, options.maxQueryLength ?? 1000, inMemory);
  }

  async search(query: string, options: RetrieverSearchOptions = {}): Promise<Hit[]> {
    return (await this.searchDetailed(query, options)).hits;
  }

  async searchDetailed(query: string, options: RetrieverSearchOptions = {}): Promise<SearchResult> {
    if (this.found === null) return this.searchAnew(query, options);
    const key = JSON.stringify([query, options.limit, options.kinds, options.fusion]);
    let result = this.found.get(key);
    if (result === undefined) {
      result = await this.searchAnew(query, options);
      if (this.found.size >= REMEMBERED_SEARCHES) this.found.clear();
      this.found.set(key, result);
    }
    return { ...result, hits: result.hits.map((hit) => ({ ...hit })) };
  }

  private async searchAnew(query: string, options: RetrieverSearchOptions): Promise<SearchResult> {
    const fusion = { ...this.fusion, ...options.fusion };
    const limit = Math.max(0, options.limit ?? 10);
    const text = (typeof query === 'string' ? query : '').slice(0, this.maxQueryLength);
    const empty: SearchResult = { hits: [], bestBm25: 0, bestSimilarity: 0, exactMatch: false, bestCoverage: 0 };
    if (limit === 0 || text.trim() === '') return empty;

    const depth = Math.max(limit, fusion.candidates);
    const lexical = this.bm25.search(text, { kinds: options.kinds, limit: depth });
    const [queryVector] = await this.embedder.embed([text]);
    const semantic = queryVector === undefined || queryVector.every((value) => value === 0) ? [] : await this.vectorSearch(queryVector, depth, options.kinds);

    const bestBm25 = lexical[0]?.score ?? 0;
    const bestSimilarity = Math.max(0, semantic[0]?.similarity ?? 0);
    const rows = new Map<string, { id: string; kind: DocumentKind; bm25: number; vector: number; lexicalRank: number; vectorRank: number; score: number }>();
    const row = (id: string, kind: DocumentKind) => {
      let entry = rows.get(id);
      if (entry === undefined) {
        entry = { id, kind, bm25: 0, vector: 0, lexicalRank: 0, vectorRank: 0, score: 0 };
        rows.set(id, entry);
      }
      return entry;
    };
    lexical.forEach((match, index) => {
      const entry = row(match.id, match.kind);
      entry.bm25 = match.score;
      entry.lexicalRank = index + 1;
    });
    semantic.forEach((match, index) => {
      if (match.similarity <= 0) return;
      const entry = row(match.id, match.kind);
      entry.vector = match.similarity;
      entry.vectorRank = index + 1;
    });

    const scored = [...rows.values()];
    for (const entry of scored) {
      if (fusion.method === 'rrf') {
        entry.score = (entry.lexicalRank > 0 ? 1 / (fusion.rrfK + entry.lexicalRank) : 0) + (entry.vectorRank > 0 ? 1 / (fusion.rrfK + entry.vectorRank) : 0);
      } else {
        const lexicalPart = bestBm25 > 0 ? entry.bm25 / bestBm25 : 0;
        const vectorPart = bestSimilarity > 0 ? entry.vector / bestSimilarity : 0;
        entry.score = fusion.bm25Weight * lexicalPart + fusion.vectorWeight * vectorPart;
      }
    }
    const best = bestOf(scored, limit, (a, b) => b.score - a.score || b.bm25 - a.bm25 || a.id.localeCompare(b.id));
    const hits = best.map((entry, index): Hit => ({
      id: entry.id,
      kind: entry.kind,
      score: entry.score,
      bm25: entry.bm25,
      vector: entry.vector,
      rank: index + 1,
    }));
    return {
      hits,
      bestBm25,
      bestSimilarity,
      exactMatch: lexical.some((match) => match.exact),
      bestCoverage: lexical[0]?.coverage ?? 0,
    };
  }
}
