/**
 * Documents in the store: each one's knowledge whole, added or replaced by id in one transaction that also bumps
 * the knowledge version; the same on PGlite and PostgreSQL. Saving a document unchanged writes nothing.
 */
import { createHash } from 'node:crypto';
import type { DocumentKnowledge } from '../documents/types.ts';
import type { Database, Queryable } from './database.ts';
import { deleteDocumentEmbeddings } from './embeddings-repository.ts';

/** Arbitrary constant: two ingests against one PostgreSQL server run one after the other. */
const SAVE_LOCK_KEY = 7_190_002;

export interface StoredDocument {
  id: string;
  number: string | null;
  kind: string;
  title: string;
  sourceName: string;
  sourceHash: string;
  loadedAt: Date;
  tasks: number;
  sections: number;
}

/** sha256 of the canonical JSON (object keys sorted) of a document's knowledge. */
export function knowledgeContentHash(knowledge: DocumentKnowledge): string {
  return createHash('sha256').update(canonicalJson(knowledge)).digest('hex');
}

export type SaveOutcome = { outcome: 'added' | 'replaced' | 'unchanged'; version: number };

/** Adds `knowledge`, or replaces the stored document with the same id; the others stay as they are. */
export async function saveDocument(db: Database, knowledge: DocumentKnowledge, sourceName: string): Promise<SaveOutcome> {
  const contentHash = knowledgeContentHash(knowledge);
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [SAVE_LOCK_KEY]);
    const current = await tx.query<{ content_hash: string }>('SELECT content_hash FROM documents WHERE id = $1', [knowledge.id]);
    if (current.rows[0]?.content_hash === contentHash) return { outcome: 'unchanged', version: await readVersion(tx) };
    const meta = knowledge.document;
    // A replaced document keeps its place (`loaded_at`: when it was first loaded).
    await tx.query(
      `INSERT INTO documents (id, number, kind, title, knowledge, source_name, source_hash, content_hash, loaded_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, now())
       ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, kind = EXCLUDED.kind, title = EXCLUDED.title, knowledge = EXCLUDED.knowledge,
         source_name = EXCLUDED.source_name, source_hash = EXCLUDED.source_hash, content_hash = EXCLUDED.content_hash`,
      [knowledge.id, meta.number, meta.type, meta.title, JSON.stringify(knowledge), sourceName, knowledge.sourceHash, contentHash],
    );
    const version = await bumpVersion(tx);
    return { outcome: current.rows.length > 0 ? 'replaced' : 'added', version };
  });
}

/** Removes a document and its vectors; false when there was none with that id. */
export async function removeDocument(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [SAVE_LOCK_KEY]);
    const { rows } = await tx.query('DELETE FROM documents WHERE id = $1 RETURNING id', [id]);
    if (rows.length === 0) return false;
    await deleteDocumentEmbeddings(tx, id);
    await bumpVersion(tx);
    return true;
  });
}

/** Every stored document's knowledge, in the order they were first loaded. */
export async function loadDocuments(db: Queryable): Promise<DocumentKnowledge[]> {
  const { rows } = await db.query<{ knowledge: DocumentKnowledge }>('SELECT knowledge FROM documents ORDER BY loaded_at, id');
  return rows.map((row) => row.knowledge);
}

export async function listDocuments(db: Queryable): Promise<StoredDocument[]> {
  const { rows } = await db.query<{
    id: string;
    number: string | null;
    kind: string;
    title: string;
    source_name: string;
    source_hash: string;
    loaded_at: Date;
    tasks: number;
    sections: number;
  }>(
    `SELECT id, number, kind, title, source_name, source_hash, loaded_at,
       jsonb_array_length(knowledge->'tasks')::int AS tasks, jsonb_array_length(knowledge->'sections')::int AS sections
     FROM documents ORDER BY loaded_at, id`,
  );
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    kind: row.kind,
    title: row.title,
    sourceName: row.source_name,
    sourceHash: row.source_hash,
    loadedAt: new Date(row.loaded_at),
    tasks: Number(row.tasks),
    sections: Number(row.sections),
  }));
}

/** The knowledge version: 0 until the first document was loaded, then one more for every change. */
export async function readVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM knowledge_version WHERE id = 1');
  return Number(rows[0]?.version ?? 0);
}

async function bumpVersion(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ version: number }>('UPDATE knowledge_version SET version = version + 1, changed_at = now() WHERE id = 1 RETURNING version');
  return Number(rows[0]!.version);
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
