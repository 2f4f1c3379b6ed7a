/**
 * The knowledge of every loaded document held in memory as one immutable snapshot: the documents, their tasks and
 * sections by key, the merged agency directory, the deployment profile and places, and the search index. Built at
 * start and after every ingest, then swapped whole (src/knowledge/holder.ts); nothing on the answer path reads the
 * store. Keys qualify ids by document (`719:PL2.11`); citations print them bare while one document is loaded.
 */
import type { Gazetteer } from '../documents/agencies/gazetteer.ts';
import { qualifiedId, splitQualifiedId } from '../documents/interpret/ids.ts';
import type { DocumentKnowledge, Section, Task } from '../documents/types.ts';
import { fold } from '../text/vietnamese.ts';
import { createAgencyDirectory, type AgencyDirectory } from './agencies.ts';
import type { Places } from './places.ts';
import type { Profile } from './profile.ts';

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
  /** The task with this key (`719:PL2.11`, any case). */
  task(key: string): Task | undefined;
  section(key: string): Section | undefined;
  /**
   * Tasks a reference typed by a person designates: a key (`719:PL2.11`), a bare id (`PL2.11`, in every document
   * that has it, or in `documentId` when given), or a task code (`CQS2.1`, every row printed with it).
   */
  resolveTaskRef(ref: string, documentId?: string | null): Task[];
  /** How a task or section is cited: its key with several documents loaded, its own id with one. */
  cite(item: Task | Section): string;
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
}

export function buildSnapshot(input: SnapshotInput): KnowledgeSnapshot {
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
  return {
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
  };
}
