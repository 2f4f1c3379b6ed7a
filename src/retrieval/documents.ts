/**
 * The catalogue as search documents: one per task row, one per body section, one for the decision itself. Field
 * names match the default BM25 field weights (`code`, `name`, `group`, `block`, `lead`, `partners`, `result`,
 * `deadline`, `funding`, `path`).
 */
import type { DocumentMeta, Section, Task } from '../catalogue/types.ts';
import type { SearchDocument } from './types.ts';

/** Id of the search document that stands for the decision's metadata (signer, dates, number). */
export const DECISION_DOCUMENT_ID = 'document';

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
  return { id: task.id, kind: 'task', title: task.content, text: task.content === task.name ? '' : task.name, fields };
}

export function sectionDocument(section: Section): SearchDocument {
  const parents = section.path.slice(0, -1).join(' / ');
  return {
    id: section.id,
    kind: 'section',
    title: section.heading,
    text: section.text,
    fields: parents === '' ? {} : { path: parents },
  };
}

export function decisionDocument(meta: DocumentMeta): SearchDocument {
  const text = [
    `${meta.type} số ${meta.number} ngày ${meta.issuedOn}`,
    meta.issuer,
    `Người ký: ${meta.signer}${meta.signerTitle === null ? '' : ` (${meta.signerTitle})`}`,
    meta.effectiveOn === null ? '' : `Ngày hiệu lực: ${meta.effectiveOn}`,
    meta.effectText ?? '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { id: DECISION_DOCUMENT_ID, kind: 'document', title: meta.title, text, fields: { code: meta.number } };
}

export function catalogueDocuments(input: { tasks: readonly Task[]; sections: readonly Section[]; document?: DocumentMeta | null }): SearchDocument[] {
  const documents = [...input.tasks.map(taskDocument), ...input.sections.map(sectionDocument)];
  if (input.document) documents.push(decisionDocument(input.document));
  return documents;
}
