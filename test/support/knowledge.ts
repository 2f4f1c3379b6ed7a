/**
 * The deployment's real knowledge for tests: the data files of `knowledge/` (gazetteer, places, profile), the
 * reviewed documents (`knowledge/documents/`), the development corpus read by the real interpreter, snapshots over
 * any of them with the in-memory vector side, and the real engine over a snapshot. Built once per test file.
 */
import type { Gazetteer } from '../../src/documents/agencies/gazetteer.ts';
import type { CommandHandler, EngineDeps, StatusSource } from '../../src/engine/context.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { knowledgeView } from '../../src/engine/knowledge-view.ts';
import { deploymentOf, type Deployment } from '../../src/engine/messages.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { Places } from '../../src/knowledge/places.ts';
import type { Profile } from '../../src/knowledge/profile.ts';
import { corpusDocuments, gazetteer, places, profile, reviewedDocuments, snapshotOf } from '../knowledge/data.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';

export { CORPUS_DIR, corpusDocuments, corpusFiles, KNOWLEDGE_DIR, REVIEWED_DIR, reviewedDocuments, ROOT, SEED_FILE, snapshotOf } from '../knowledge/data.ts';

export interface KnowledgeData {
  gazetteer: Gazetteer;
  places: Places;
  profile: Profile;
}

/** The deployment's data files, read once per test file (the same values as ../knowledge/data.ts). */
export function knowledgeData(): KnowledgeData {
  return { gazetteer: gazetteer(), places: places(), profile: profile() };
}

export function deployment(): Deployment {
  return deploymentOf(knowledgeData().profile);
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
