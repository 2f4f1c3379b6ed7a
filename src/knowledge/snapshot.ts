/**
 * The knowledge of every loaded document held in memory as one immutable snapshot: the documents, their tasks and
 * sections by key, the merged agency directory, the deployment profile and places, and the search index. Built at
 * start and after every ingest, then swapped whole (src/knowledge/holder.ts); nothing on the answer path reads the
 * store. Keys qualify ids by document (`101:PL2.11`); citations print them bare while one document is loaded.
 */
import type { Gazetteer } from '../documents/agencies/gazetteer.ts';
import { qualifiedId, splitQualifiedId } from '../documents/interpret/ids.ts';
import type { DocumentKnowledge, Section, Task } from '../documents/types.ts';
import { fold } from '../text/vietnamese.ts';
import type { EmbedThread } from '../retrieval/embed-thread.ts';
import type { Embedder } from '../retrieval/embedder.ts';
import type { VectorSearch } from '../retrieval/hybrid.ts';
import { createAgencyDirectory, type AgencyDirectory } from './agencies.ts';
import type { Places } from './places.ts';
import type { Profile } from './profile.ts';
import { buildKnowledgeIndex, type KnowledgeIndex } from './search-index.ts';

export interface KnowledgeSnapshot {
  /** The store's knowledge version this snapshot was built from (0 for one built from files only). */
  readonly version: number;
  readonly documents: readonly DocumentKnowledge[];
  readonly documentById: ReadonlyMap<string, DocumentKnowledge>;
  /** More than one document: ids print qualified. */
  readonly multi: boolean;
  readonly tasks: readonly Task[];
  readonly sections: readonly Section[];
  readonly agencies: AgencyDirectory;
  readonly profile: Profile;
  readonly places: Places;
  readonly gazetteer: Gazetteer;
  /** Lexical and vector search over every task, section and document's metadata. */
  readonly index: KnowledgeIndex;
  /** The task with this key (`101:PL2.11`, any case). */
  task(key: string): Task | undefined;
  section(key: string): Section | undefined;
  /**
   * Tasks a reference typed by a person designates: a key (`101:PL2.11`), a bare id (`PL2.11`, in every document
   * that has it, or in `documentId` when given), or a task code (`CQS2.1`, every row printed with it).
   */
  resolveTaskRef(ref: string, documentId?: string | null): Task[];
  /** How a task or section is cited: its key with several documents loaded, its own id with one. */
  cite(item: Task | Section): string;
  /** The key behind a cited id: the id itself when qualified, else qualified by the only document. */
  keyOf(citedId: string): string;
  /** The deployment's province by its current name (after the 2025 mergers), or null when places do not know it. */
  readonly homePlace: string | null;
  /** The current name of the province or city a document is about; null for a central document. */
  placeOf(documentId: string): string | null;
  /** The document is the deployment province's own, or a central one: its agencies are the directory's. */
  isHomeOrNational(documentId: string): boolean;
}

export function itemKey(item: { documentId: string; id: string }): string {
  return qualifiedId(item.documentId, item.id);
}

export interface SnapshotInput {
  version: number;
  documents: readonly DocumentKnowledge[];
  gazetteer: Gazetteer;
  profile: Profile;
  places: Places;
  embedder: Embedder;
  /** The vector side of search when it is not the in-memory one (pgvector for corpora too large for memory). */
  vectorSearch?: VectorSearch;
  onVectorError?: (error: unknown) => void;
  /** A second thread for the local embedder's vectors (see embed-thread.ts). */
  embedThread?: EmbedThread | null;
}

export async function buildSnapshot(input: SnapshotInput): Promise<KnowledgeSnapshot> {
  const documents = [...input.documents];
  const documentById = new Map(documents.map((document) => [document.id, document]));
  const tasks = documents.flatMap((document) => document.tasks);
  const sections = documents.flatMap((document) => document.sections);
  const taskByKey = new Map(tasks.map((task) => [itemKey(task).toLowerCase(), task]));
  const sectionByKey = new Map(sections.map((section) => [itemKey(section).toLowerCase(), section]));
  const tasksById = new Map<string, Task[]>();
  const tasksByCode = new Map<string, Task[]>();
  for (const task of tasks) {
    const id = task.id.toLowerCase();
    tasksById.set(id, [...(tasksById.get(id) ?? []), task]);
    if (task.code) tasksByCode.set(fold(task.code), [...(tasksByCode.get(fold(task.code)) ?? []), task]);
  }
  const multi = documents.length > 1;
  const homePlace = input.places.byName(input.profile.province)?.current ?? null;
  const places = new Map(
    documents.map((document) => [document.id, document.document.place ? (input.places.byName(document.document.place)?.current ?? document.document.place) : null]),
  );
  const index = await buildKnowledgeIndex(documents, input.embedder, input.vectorSearch, input.onVectorError, input.embedThread);
  return {
    index,
    version: input.version,
    documents,
    documentById,
    multi,
    tasks,
    sections,
    agencies: createAgencyDirectory(input.gazetteer, documents),
    profile: input.profile,
    places: input.places,
    gazetteer: input.gazetteer,
    task: (key) => taskByKey.get(key.toLowerCase()),
    section: (key) => sectionByKey.get(key.toLowerCase()),
    resolveTaskRef(ref, documentId) {
      const { documentId: named, localId } = splitQualifiedId(ref.trim());
      const scope = named ?? documentId ?? null;
      const inScope = (list: Task[]) => (scope ? list.filter((task) => task.documentId === scope) : list);
      const byId = inScope(tasksById.get(localId.toLowerCase()) ?? []);
      if (byId.length > 0) return byId;
      return inScope(tasksByCode.get(fold(localId)) ?? []);
    },
    cite: (item) => (multi ? itemKey(item) : item.id),
    homePlace,
    placeOf: (documentId) => places.get(documentId) ?? null,
    isHomeOrNational: (documentId) => {
      const place = places.get(documentId) ?? null;
      return place === null || place === homePlace;
    },
    keyOf: (citedId) => (citedId.includes(':') || documents.length !== 1 ? citedId : qualifiedId(documents[0]!.id, citedId)),
  };
}
