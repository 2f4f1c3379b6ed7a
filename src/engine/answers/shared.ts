/**
 * Pieces every answer uses: replies with task and section citations, the agency a question names (its successor
 * applied), and the tasks in scope — the documents the question names, else the deployment's own documents
 * (those about its province), widened to every document when the question names an agency only others task.
 */
import type { Agency, DocumentKnowledge, Section, SectionKind, Task } from '../../documents/types.ts';
import { documentName, documentShortName } from '../../knowledge/labels.ts';
import { itemKey } from '../../knowledge/snapshot.ts';
import { METADATA_ID } from '../../retrieval/documents.ts';
import type { AnswerContext } from '../context.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import type { TaskListQuery } from '../task-list.ts';
import type { Citation, ReasonOf, Reply } from '../types.ts';

/** `list`: the whole list's filters, given when the text trims it (see `Reply.list`). */
export function answered(reason: ReasonOf<'answered'>, text: string, citations: Citation[], list?: TaskListQuery): Reply {
  return makeReply('answered', reason, text, list ? { citations, list } : { citations });
}

/** The top-most section of `kind` in `document` (the part itself, not one of its items), if it has one. */
export function topSectionOfKind(document: DocumentKnowledge, kind: SectionKind): Section | undefined {
  return document.sections.filter((section) => section.kind === kind).sort((a, b) => a.path.length - b.path.length)[0];
}

/** True when `text` names one of the agencies `ids` (their names, abbreviations and misspellings). */
export function namesAgency(context: AnswerContext, text: string, ids: readonly string[]): boolean {
  return context.snapshot.agencies.find(text).some((mention) => ids.includes(mention.id));
}

/** `tasks` with how much each speaks to `text` (`KnowledgeIndex.support`), the one that speaks most first. */
export function bySupport(context: AnswerContext, text: string, tasks: readonly Task[]): Array<{ task: Task; support: number }> {
  return tasks.map((task) => ({ task, support: context.snapshot.index.support(text, itemKey(task)) })).sort((a, b) => b.support - a.support);
}

export function taskCitations(context: AnswerContext, tasks: readonly Task[]): Citation[] {
  return tasks.map((task) => ({ id: context.snapshot.cite(task), kind: 'task' as const }));
}

export function sectionCitation(context: AnswerContext, section: Section): Citation {
  return { id: context.snapshot.cite(section), kind: 'section' };
}

export function documentCitation(context: AnswerContext, document: DocumentKnowledge): Citation {
  return {
    id: context.snapshot.multi ? `${document.id}:${METADATA_ID}` : METADATA_ID,
    kind: 'document',
    label: documentShortName(document.document),
  };
}

/** The agency a question names, its successor applied, with the one-line note about the change. */
export function resolveAgency(context: AnswerContext, id: string): { agency: Agency; note: string | null } | null {
  const agency = context.snapshot.agencies.byId(id);
  if (!agency) return null;
  if (agency.successor) {
    const successor = context.snapshot.agencies.byId(agency.successor.id);
    if (successor) return { agency: successor, note: M.successorNote(agency.successor.note, successor.name) };
  }
  return { agency, note: null };
}

/**
 * The documents a question is about: the ones it names; else those of the places it names when one is not the
 * deployment's province ("thành phố Y có quỹ … không?"); else the deployment's own (about its province).
 */
export function documentsInScope(context: AnswerContext): DocumentKnowledge[] {
  const named = context.classification?.documents ?? [];
  const { snapshot } = context;
  if (named.length > 0) return named.map((id) => snapshot.documentById.get(id)).filter((document): document is DocumentKnowledge => Boolean(document));
  const placed = documentsOfNamedPlaces(context);
  if (placed) return placed;
  const own = snapshot.documents.filter((document) => snapshot.placeOf(document.id) === snapshot.homePlace);
  return own.length > 0 ? own : [...snapshot.documents];
}

/**
 * "Tỉnh X giao ai chủ trì, còn tỉnh Y giao ai", "QĐ 45 và KH 78 khác nhau thế nào": a question that sets two
 * or more documents side by side, named by number or by their places (the deployment's own province included).
 */
const COMPARING =
  /\b(so sanh|khac nhau|giong nhau|khac gi|ben nao|moi (tinh|ben|van ban|noi|dia phuong|thanh pho)|ca hai|hai (tinh|van ban|ben|noi)|deu co)\b|\bcon (o |tai |phia |ben |cap )?(?!(toi|minh|em|chau|nho|cai|trai|gai|nguoi|so|lai|gi|nua|khong|ko|han|bao)\b)\S+/u;

const COMPARING_WORDS = new RegExp(COMPARING.source, 'gu');

/** A comparing question without the words that set its documents side by side ("còn ở", "khác nhau"). */
export function withoutComparing(text: string): string {
  return text.replace(COMPARING_WORDS, ' ').replace(/\s+/gu, ' ').trim();
}

/** The documents a comparing question sets side by side, in the order named; null when it compares none. */
export function comparedDocuments(context: AnswerContext): DocumentKnowledge[] | null {
  const c = context.classification;
  if (!c || !COMPARING.test(c.folded)) return null;
  const { snapshot } = context;
  const places = new Set(c.places);
  const ids = [...c.documents, ...snapshot.documents.filter((document) => places.has(snapshot.placeOf(document.id) ?? '')).map((document) => document.id)];
  const documents = [...new Set(ids)].map((id) => snapshot.documentById.get(id)).filter((document): document is DocumentKnowledge => Boolean(document));
  return documents.length >= 2 ? documents : null;
}

/** True when the question itself says which documents it is about: by naming them or the place they are about. */
export function questionNamesScope(context: AnswerContext): boolean {
  return (context.classification?.documents ?? []).length > 0 || documentsOfNamedPlaces(context) !== null;
}

/** The documents of the places a question names, when one of them is not the deployment's province; else null. */
export function documentsOfNamedPlaces(context: AnswerContext): DocumentKnowledge[] | null {
  const places = new Set(context.classification?.places ?? []);
  const { snapshot } = context;
  if ([...places].every((place) => place === snapshot.homePlace)) return null;
  const documents = snapshot.documents.filter((document) => places.has(snapshot.placeOf(document.id) ?? ''));
  return documents.length > 0 ? documents : null;
}

/**
 * How much a free-text match from each document counts when the question names no document: the places it names
 * first, then the deployment's primary document and its province's, then national ones, then other provinces'.
 */
export const DOCUMENT_PRIOR = { namedPlace: 1.5, otherThanNamedPlace: 0.8, primary: 1.6, primarySpokenOf: 2.4, home: 1.5, national: 1, elsewhere: 0.8 };

/** "Chương trình có nói gì về …", "chương trình này đặt mục tiêu …": the deployment's programme spoken of as the subject. */
const PROGRAMME_SPOKEN_OF = /\b(chuong trinh|ct)( nay| cua tinh( minh| nha| ta)?)? (co|dat|noi|de ra|dat ra|quy dinh|giao|huong toi)\b/u;

export function documentPrior(context: AnswerContext): (documentId: string) => number {
  const { snapshot } = context;
  const named = new Set(context.classification?.places ?? []);
  const primary = PROGRAMME_SPOKEN_OF.test(context.classification?.folded ?? '') ? DOCUMENT_PRIOR.primarySpokenOf : DOCUMENT_PRIOR.primary;
  return (documentId) => {
    const place = snapshot.placeOf(documentId);
    if (named.size > 0 && place) return named.has(place) ? DOCUMENT_PRIOR.namedPlace : DOCUMENT_PRIOR.otherThanNamedPlace;
    if (documentId === snapshot.profile.primaryDocument) return primary;
    if (place && place === snapshot.homePlace) return DOCUMENT_PRIOR.home;
    return place ? DOCUMENT_PRIOR.elsewhere : DOCUMENT_PRIOR.national;
  };
}

/** The tasks of the documents in scope; with `agencyId`, every document when no document in scope tasks it. */
export function tasksInScope(context: AnswerContext, agencyId?: string): Task[] {
  const tasks = documentsInScope(context).flatMap((document) => document.tasks);
  if (!agencyId || questionNamesScope(context)) return tasks;
  const { agencies } = context.snapshot;
  const names = (task: Task) => agencies.namedIds(task.lead).has(agencyId) || agencies.namedIds(task.partners).has(agencyId);
  return tasks.some(names) ? tasks : context.snapshot.tasks.filter(names);
}

/** The label of the documents in scope as a whole: one document by its name, several as "N văn bản đã nạp". */
export function scopeLabel(context: AnswerContext): string {
  const documents = documentsInScope(context);
  return documents.length === 1 ? documentName(documents[0]!.document) : M.loadedDocuments(documents.length);
}
