/**
 * The deployment's knowledge for the tests of documents, knowledge, store and retrieval, read directly: the same
 * files and the same readers as test/support/knowledge.ts, without the engine that module also loads (about two
 * seconds of module loading per test file on a small machine, paid by every file that imports it). Each value is
 * built once per test file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseGazetteer, type Gazetteer } from '../../src/documents/agencies/gazetteer.ts';
import type { DocumentKnowledge } from '../../src/documents/types.ts';
import { readReviewedDocuments } from '../../src/knowledge/files.ts';
import { readDocumentFile } from '../../src/knowledge/ingest.ts';
import { parsePlaces, type Places } from '../../src/knowledge/places.ts';
import { parseProfile, type Profile } from '../../src/knowledge/profile.ts';
import { buildSnapshot, type KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const KNOWLEDGE_DIR = path.join(ROOT, 'knowledge');
export const REVIEWED_DIR = path.join(KNOWLEDGE_DIR, 'documents');
export const CORPUS_DIR = path.join(ROOT, 'test', 'fixtures', 'corpus');
export const SEED_FILE = path.join(ROOT, 'seeds', 'qd-719-2025-hung-yen.txt');

const readJson = (name: string): unknown => JSON.parse(readFileSync(path.join(KNOWLEDGE_DIR, name), 'utf8'));

let gazetteerValue: Gazetteer | undefined;
export function gazetteer(): Gazetteer {
  gazetteerValue ??= parseGazetteer(readJson('gazetteer.json'));
  return gazetteerValue;
}

let placesValue: Places | undefined;
export function places(): Places {
  placesValue ??= parsePlaces(readJson('places.json'));
  return placesValue;
}

let profileValue: Profile | undefined;
export function profile(): Profile {
  profileValue ??= parseProfile(readJson('profile.json'));
  return profileValue;
}

/** The reviewed documents committed with the code (719 today), read afresh on each call. */
export function reviewedDocuments(): DocumentKnowledge[] {
  return readReviewedDocuments(REVIEWED_DIR);
}

/** The development corpus's files (Markdown crawls and the Word file), sorted by name. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => /\.(md|docx)$/u.test(name) && name !== 'README.md')
    .sort()
    .map((name) => path.join(CORPUS_DIR, name));
}

let corpus: DocumentKnowledge[] | undefined;
/** The corpus read by the real interpreter, in the order of corpusFiles(). */
export function corpusDocuments(): DocumentKnowledge[] {
  corpus ??= corpusFiles().map((file) => readDocumentFile(file, gazetteer()));
  return corpus;
}

/** A snapshot over `documents` with the deployment's data and the in-memory vector side. */
export function snapshotOf(documents: readonly DocumentKnowledge[], version = 0): Promise<KnowledgeSnapshot> {
  return buildSnapshot({ version, documents, gazetteer: gazetteer(), places: places(), profile: profile(), embedder: new HashedNgramEmbedder() });
}
