/**
 * The deployment's real knowledge for tests: the data files of `knowledge/` (gazetteer, places, profile), the
 * reviewed documents (`knowledge/documents/`), the development corpus read by the real interpreter, snapshots over
 * any of them with the in-memory vector side, and the real engine over a snapshot. Built once per test file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseGazetteer, type Gazetteer } from '../../src/documents/agencies/gazetteer.ts';
import type { DocumentKnowledge } from '../../src/documents/types.ts';
import type { CommandHandler, EngineDeps, StatusSource } from '../../src/engine/context.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { knowledgeView } from '../../src/engine/knowledge-view.ts';
import { deploymentOf, type Deployment } from '../../src/engine/messages.ts';
import type { Engine } from '../../src/engine/types.ts';
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

export interface KnowledgeData {
  gazetteer: Gazetteer;
  places: Places;
  profile: Profile;
}

let data: KnowledgeData | undefined;
export function knowledgeData(): KnowledgeData {
  const read = (name: string): unknown => JSON.parse(readFileSync(path.join(KNOWLEDGE_DIR, name), 'utf8'));
  data ??= { gazetteer: parseGazetteer(read('gazetteer.json')), places: parsePlaces(read('places.json')), profile: parseProfile(read('profile.json')) };
  return data;
}

export function deployment(): Deployment {
  return deploymentOf(knowledgeData().profile);
}

/** The reviewed documents committed with the code (719 today). */
export function reviewedDocuments(): DocumentKnowledge[] {
  return readReviewedDocuments(REVIEWED_DIR);
}

/** The development corpus's files (Markdown crawls and the Word file), by name. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((name) => /\.(md|docx)$/u.test(name) && name !== 'README.md')
    .sort()
    .map((name) => path.join(CORPUS_DIR, name));
}

let corpus: DocumentKnowledge[] | undefined;
/** The corpus read by the real interpreter, once per test file. */
export function corpusDocuments(): DocumentKnowledge[] {
  corpus ??= corpusFiles().map((file) => readDocumentFile(file, knowledgeData().gazetteer));
  return corpus;
}

export function snapshotOf(documents: readonly DocumentKnowledge[], version = 0): Promise<KnowledgeSnapshot> {
  return buildSnapshot({ version, documents, ...knowledgeData(), embedder: new HashedNgramEmbedder() });
}

let reviewed: Promise<KnowledgeSnapshot> | undefined;
/** The snapshot a first start serves: the reviewed documents only. */
export function realSnapshot(): Promise<KnowledgeSnapshot> {
  reviewed ??= snapshotOf(reviewedDocuments());
  return reviewed;
}

let everything: Promise<KnowledgeSnapshot> | undefined;
/** The reviewed documents and the whole development corpus together, as a province with several documents loaded. */
export function multiSnapshot(): Promise<KnowledgeSnapshot> {
  everything ??= snapshotOf([...reviewedDocuments(), ...corpusDocuments()]);
  return everything;
}

export interface EngineOptions extends Partial<Omit<EngineDeps, 'knowledge' | 'deployment'>> {
  statuses?: StatusSource;
  officials?: CommandHandler;
}

/** The real engine over `snapshot`, configured as `src/main.ts` does. */
export function engineOver(snapshot: KnowledgeSnapshot, options: EngineOptions = {}): Engine {
  return createEngine({ knowledge: knowledgeView(() => snapshot), deployment: deployment(), maxChars: 2000, ...options });
}
