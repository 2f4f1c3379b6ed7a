/**
 * The documents the store holds, as every start reads them; apart from the ingest service so that starting does
 * not load the format readers (about 0.1 s of a start), which only an ingest needs.
 */
import type { DocumentKnowledge } from '../documents/types.ts';
import type { Database } from '../store/database.ts';
import { loadDocuments, readVersion, saveDocument } from '../store/documents-repository.ts';
import { readReviewedDocuments } from './files.ts';

/**
 * The documents in the store. On the very first start (knowledge version 0) the reviewed documents committed in
 * `knowledge/documents/` are loaded; once anything was ingested or removed, the store alone decides.
 */
export async function ensureDocuments(db: Database, reviewedDir: string): Promise<{ documents: DocumentKnowledge[]; version: number }> {
  if ((await readVersion(db)) === 0) {
    for (const knowledge of readReviewedDocuments(reviewedDir)) await saveDocument(db, knowledge, `knowledge/documents/${knowledge.id}`);
  }
  return { documents: await loadDocuments(db), version: await readVersion(db) };
}
