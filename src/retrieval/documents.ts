/**
 * The loaded documents as search documents: one per task row, one per body section, one for each document's
 * metadata. Ids are keys qualified by document (`101:PL2.11`, `101:II.A.3`, `101:document`). Field names match
 * the default BM25 field weights (`code`, `name`, `group`, `block`, `lead`, `partners`, `result`, `deadline`,
 * `funding`, `path`).
 */
import { qualifiedId } from '../documents/interpret/ids.ts';
import type { DocumentKnowledge, DocumentMeta, Section, Task } from '../documents/types.ts';
import type { SearchDocument } from './types.ts';

/** Local id of the search document that stands for a document's metadata (signer, dates, number). */
export const METADATA_ID = 'document';

export function taskDocument(task: Task): SearchDocument {
  const fields: Record<string, string> = {};
  if (task.code !== null) fields.code = task.code;
  if (task.name !== task.content) fields.name = task.name;
  if (task.group !== null) fields.group = `${task.group.code} ${task.group.title}`;
  if (task.block !== null) fields.block = task.block.title;
  if (task.lead !== null) fields.lead = task.lead.text;
  if (task.partners !== null) fields.partners = task.partners.text;
  if (task.result !== null) fields.result = task.result;
  if (task.deadline.text !== '') fields.deadline = task.deadline.text;
  if (task.funding !== null) fields.funding = task.funding;
  return { id: qualifiedId(task.documentId, task.id), kind: 'task', title: task.content, text: task.content === task.name ? '' : task.name, fields };
}

export function sectionDocument(section: Section): SearchDocument {
  const parents = section.path.slice(0, -1).join(' / ');
  return {
    id: qualifiedId(section.documentId, section.id),
    kind: 'section',
    title: section.heading,
    text: section.text,
    fields: parents === '' ? {} : { path: parents },
  };
}

export function metadataDocument(documentId: string, meta: DocumentMeta): SearchDocument {
  const text = [
    `${meta.type} số ${meta.number ?? ''} ngày ${meta.issuedOn ?? meta.issuedText ?? ''}`,
    meta.issuer,
    meta.signer ? `Người ký: ${meta.signer}${meta.signerTitle === null ? '' : ` (${meta.signerTitle})`}` : '',
    meta.effectiveOn === null ? '' : `Ngày hiệu lực: ${meta.effectiveOn}`,
    meta.effectText ?? '',
  ]
    .filter((line) => line.trim() !== '')
    .join('\n');
  return { id: qualifiedId(documentId, METADATA_ID), kind: 'document', title: meta.title, text, fields: meta.number ? { code: meta.number } : {} };
}

export function searchDocuments(documents: readonly DocumentKnowledge[]): SearchDocument[] {
  return documents.flatMap((document) => [
    ...document.tasks.map(taskDocument),
    ...document.sections.map(sectionDocument),
    metadataDocument(document.id, document.document),
  ]);
}
