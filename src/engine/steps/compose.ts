/**
 * Compose (model-assisted): an extractive answer about one task, one code or passages of a document is restated by
 * the model from evidence records, verified fact by fact; its citations must be a subset of the extractive ones.
 */
import { evidenceFromDocument, evidenceFromSection, evidenceFromStatus, evidenceFromTask } from '../../llm/evidence.ts';
import type { EvidenceRecord } from '../../llm/types.ts';
import { splitQualifiedId } from '../../documents/interpret/ids.ts';
import { itemKey } from '../../knowledge/snapshot.ts';
import { todayInVietnam } from '../../text/dates.ts';
import { citationKey, isComposable, rejectProposal, STATUS_REF_PREFIX, taskIdOfStatusRef, withinBudget } from '../assist-support.ts';
import { statusLines } from '../compose.ts';
import type { AnswerContext, Step } from '../context.ts';
import type { Reply } from '../types.ts';

/** Characters of a section handed to the model; the quoted passages are in the extractive answer anyway. */
const SECTION_EVIDENCE_CHARS = 1500;

/** The records behind a reply: each cited task (and its latest status update), section or document's metadata. */
export function evidenceFor(reply: Reply, context: AnswerContext): EvidenceRecord[] {
  const { snapshot } = context;
  const records: EvidenceRecord[] = [];
  for (const citation of reply.citations) {
    if (citation.kind === 'task') {
      const task = snapshot.task(snapshot.keyOf(citation.id));
      if (!task) continue;
      records.push({ ...evidenceFromTask(task), ref: citation.id });
      const latest = (context.statuses.get(itemKey(task)) ?? [])[0];
      const line = statusLines(context.compose, task)[0];
      if (latest && line) {
        records.push(evidenceFromStatus(`${STATUS_REF_PREFIX}${citation.id}`, task.name, line, todayInVietnam(latest.updatedAt), snapshot.agencies.displayName(latest.agencyId)));
      }
    } else if (citation.kind === 'section') {
      const section = snapshot.section(snapshot.keyOf(citation.id));
      if (!section) continue;
      const record = evidenceFromSection(section);
      records.push({ ...record, ref: citation.id, fields: { ...record.fields, noi_dung: (record.fields.noi_dung ?? '').slice(0, SECTION_EVIDENCE_CHARS) } });
    } else if (citation.kind === 'document') {
      const documentId = splitQualifiedId(citation.id).documentId;
      const document = documentId ? snapshot.documentById.get(documentId) : snapshot.documents[0];
      if (document) records.push({ ...evidenceFromDocument(document.document), ref: citation.id });
    }
  }
  return records;
}

export const composeStep: Step = {
  name: 'compose',
  async run(context) {
    const { assistant } = context.deps;
    const reply = context.reply;
    if (!assistant || !reply || !isComposable(reply)) return;
    const records = evidenceFor(reply, context);
    if (records.length === 0) return;
    context.assist.composition = 'extractive';
    const composed = await withinBudget(context, 'compose', () => assistant.composeVerified(context.text, records, reply.text));
    if (!composed) return;
    const cited = new Set(composed.citations.map((citation) => citationKey(citation.kind === 'status' ? { id: taskIdOfStatusRef(citation.id), kind: 'task' } : citation)));
    const allowed = new Set(reply.citations.map(citationKey));
    const outside = [...cited].filter((key) => !allowed.has(key));
    if (outside.length > 0 || cited.size === 0) {
      rejectProposal(context, 'compose', 'citations', outside.join(',') || 'none');
      return;
    }
    // The extractive order is the retrieval ranking; the composition decides which of them are cited.
    context.reply = { ...reply, text: composed.text, citations: reply.citations.filter((citation) => cited.has(citationKey(citation))) };
    context.assist.composition = 'composed';
  },
};
