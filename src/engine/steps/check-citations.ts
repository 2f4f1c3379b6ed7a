/**
 * Check citations: every citation names something that exists in the snapshot, each once, in order; a refusal
 * cites nothing. A reply left with nothing to stand on is not sent as an answer.
 */
import { splitQualifiedId } from '../../documents/interpret/ids.ts';
import type { KnowledgeSnapshot } from '../../knowledge/snapshot.ts';
import type { Step } from '../context.ts';
import type { Citation, Reply } from '../types.ts';

function exists(snapshot: KnowledgeSnapshot, citation: Citation): boolean {
  const key = snapshot.keyOf(citation.id);
  if (citation.kind === 'task' || citation.kind === 'status') return snapshot.task(key) !== undefined;
  if (citation.kind === 'section') return snapshot.section(key) !== undefined;
  if (citation.kind === 'document') {
    const documentId = splitQualifiedId(citation.id).documentId;
    return documentId === null ? snapshot.documents.length > 0 : snapshot.documentById.has(documentId);
  }
  return true;
}

export function checkCitations(reply: Reply, snapshot: KnowledgeSnapshot): Reply {
  const seen = new Set<string>();
  const citations = reply.citations.filter((citation) => {
    const key = `${citation.kind}:${citation.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return exists(snapshot, citation);
  });
  return { ...reply, citations: reply.refused ? [] : citations };
}

export const checkCitationsStep: Step = {
  name: 'check-citations',
  async run(context) {
    if (context.reply) context.reply = checkCitations(context.reply, context.snapshot);
  },
};
