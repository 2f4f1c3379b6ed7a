/**
 * Embeddings in pgvector, the same on PGlite and PostgreSQL. Every vector is stored with its model and dimension
 * and the hash of the text embedded, so a new model or a changed text re-embeds instead of mixing spaces. Item ids
 * are qualified by document (`101:PL2.11`), so documents come and go without touching each other's vectors.
 */
import type { Queryable } from './database.ts';
import { parseVector, vectorLiteral } from './vectors.ts';

export interface EmbeddingRow {
  /** `task`, `section`, `agency`, or a kind of a later module. */
  itemKind: string;
  itemId: string;
  model: string;
  vector: number[];
  /** Hash of the text that was embedded: a different hash means the item must be embedded again. */
  contentHash: string;
}

/** Inserts or replaces embeddings in one statement; within `rows` the last row of a key wins. */
export async function saveEmbeddings(db: Queryable, rows: readonly EmbeddingRow[]): Promise<void> {
  if (rows.length === 0) return;
  const byKey = new Map<string, EmbeddingRow>();
  for (const row of rows) byKey.set(`${row.itemKind}\u0000${row.itemId}\u0000${row.model}`, row);
  const records = [...byKey.values()].map((row) => ({
    item_kind: row.itemKind,
    item_id: row.itemId,
    model: row.model,
    dimensions: row.vector.length,
    embedding: vectorLiteral(row.vector),
    content_hash: row.contentHash,
  }));
  await db.query(
    `INSERT INTO embeddings (item_kind, item_id, model, dimensions, embedding, content_hash)
     SELECT item_kind, item_id, model, dimensions, embedding::vector, content_hash
     FROM jsonb_to_recordset($1::jsonb) AS x(item_kind text, item_id text, model text, dimensions int, embedding text, content_hash text)
     ON CONFLICT (item_kind, item_id, model)
     DO UPDATE SET dimensions = EXCLUDED.dimensions, embedding = EXCLUDED.embedding, content_hash = EXCLUDED.content_hash`,
    [JSON.stringify(records)],
  );
}

/** Every vector of `model`, keyed `${itemKind}:${itemId}`. */
export async function loadEmbeddings(db: Queryable, model: string): Promise<Map<string, number[]>> {
  const result = await db.query<{ item_kind: string; item_id: string; embedding: string }>(
    'SELECT item_kind, item_id, embedding::text AS embedding FROM embeddings WHERE model = $1 ORDER BY item_kind, item_id',
    [model],
  );
  return new Map(result.rows.map((row) => [`${row.item_kind}:${row.item_id}`, parseVector(row.embedding)]));
}

/** What is stored for `model`, keyed `${itemKind}:${itemId}`, without the vectors: to decide what to (re-)embed. */
export async function loadEmbeddingHashes(
  db: Queryable,
  model: string,
): Promise<Map<string, { contentHash: string; dimensions: number }>> {
  const result = await db.query<{ item_kind: string; item_id: string; content_hash: string; dimensions: number }>(
    'SELECT item_kind, item_id, content_hash, dimensions FROM embeddings WHERE model = $1',
    [model],
  );
  return new Map(
    result.rows.map((row) => [`${row.item_kind}:${row.item_id}`, { contentHash: row.content_hash, dimensions: row.dimensions }]),
  );
}

export interface Neighbour {
  itemKind: string;
  itemId: string;
  /** Cosine distance (pgvector `<=>`): 0 same direction, 1 orthogonal, 2 opposite. */
  distance: number;
}

/**
 * The `limit` stored vectors of `model` closest to `vector` by cosine distance, nearest first. Only vectors of the
 * same dimension are compared. `itemKind` restricts the search to one kind.
 */
export async function nearest(
  db: Queryable,
  model: string,
  vector: readonly number[],
  limit: number,
  options: { itemKind?: string } = {},
): Promise<Neighbour[]> {
  const result = await db.query<{ item_kind: string; item_id: string; distance: number }>(
    `SELECT item_kind, item_id, (embedding <=> $2::vector)::float8 AS distance
     FROM embeddings
     WHERE model = $1 AND dimensions = $3 AND ($5::text IS NULL OR item_kind = $5::text)
     ORDER BY distance, item_kind, item_id
     LIMIT $4`,
    [model, vectorLiteral(vector), vector.length, Math.max(0, Math.floor(limit)), options.itemKind ?? null],
  );
  return result.rows.map((row) => ({ itemKind: row.item_kind, itemId: row.item_id, distance: Number(row.distance) }));
}

/** Drops the vectors of one document's items (ids `documentId:…`), every model. */
export async function deleteDocumentEmbeddings(db: Queryable, documentId: string): Promise<void> {
  await db.query('DELETE FROM embeddings WHERE starts_with(item_id, $1)', [`${documentId}:`]);
}
