/**
 * The engine's view of the current knowledge: the snapshot and the question vocabulary derived from it, rebuilt
 * only when the snapshot itself changes (an ingest, another instance's ingest noticed).
 */
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import type { KnowledgeView } from './context.ts';
import { buildVocabulary } from './vocabulary.ts';

export function knowledgeView(current: () => KnowledgeSnapshot): () => KnowledgeView {
  let cached: KnowledgeView | null = null;
  return () => {
    const snapshot = current();
    if (cached?.snapshot !== snapshot) cached = { snapshot, vocabulary: buildVocabulary(snapshot) };
    return cached;
  };
}
