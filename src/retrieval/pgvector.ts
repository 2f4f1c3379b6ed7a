/**
 * The retriever's vector side in pgvector (both engines): documents are embedded once per embedding model and
 * stored with the model and dimension, so a new model re-embeds instead of mixing vector spaces; questions are
 * matched with `<=>` in SQL.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../store/database.ts';
import { loadEmbeddingHashes, nearest, saveEmbeddings } from '../store/embeddings-repository.ts';
import type { Embedder } from './embedder.ts';
import { documentEmbeddingText, type VectorSearch } from './hybrid.ts';
import type { DocumentKind, SearchDocument } from './types.ts';

function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** Embeds the documents whose text changed or that have no vector for `embedder.model`; returns how many. */
export async function ensureEmbeddings(db: Queryable, documents: readonly SearchDocument[], embedder: Embedder, batchSize = 64): Promise<number> {
  const stored = await loadEmbeddingHashes(db, embedder.model);
  const missing = documents
    .map((document) => ({ document, text: documentEmbeddingText(document) }))
    .filter(({ document, text }) => {
      const entry = stored.get(`${document.kind}:${document.id}`);
      return !entry || entry.contentHash !== contentHash(text) || entry.dimensions !== embedder.dimensions;
    });
  for (let start = 0; start < missing.length; start += batchSize) {
    const batch = missing.slice(start, start + batchSize);
    const vectors = await embedder.embed(batch.map((item) => item.text));
    await saveEmbeddings(
      db,
      batch.map((item, index) => ({
        itemKind: item.document.kind,
        itemId: item.document.id,
        model: embedder.model,
        vector: vectors[index]!,
        contentHash: contentHash(item.text),
      })),
    );
  }
  return missing.length;
}

/** Nearest stored documents by cosine distance, as the retriever expects them. */
export function pgvectorSearch(db: Queryable, model: string): VectorSearch {
  return async (queryVector, limit, kinds) => {
    const kindList: Array<DocumentKind | undefined> = kinds && kinds.length > 0 ? kinds : [undefined];
    const rows = (await Promise.all(kindList.map((kind) => nearest(db, model, queryVector, limit, kind ? { itemKind: kind } : {})))).flat();
    return rows
      .sort((a, b) => a.distance - b.distance)
      .slice(0, limit)
      .map((row) => ({ id: row.itemId, kind: row.itemKind as DocumentKind, similarity: 1 - row.distance }));
  };
}
