/**
 * The searchable view of the knowledge: one search document per task, per section and for the decision itself,
 * the hybrid retriever over them, the vocabulary used to judge whether a question is about the decision at all,
 * and sentence-level extraction for answers quoted from a section.
 */
import type { Knowledge, Section } from '../catalogue/types.ts';
import { catalogueDocuments } from '../retrieval/documents.ts';
import type { Embedder } from '../retrieval/embedder.ts';
import { Retriever, type VectorSearch } from '../retrieval/hybrid.ts';
import type { SearchDocument } from '../retrieval/types.ts';
import { tokenize } from '../text/tokenize.ts';
import { fold } from '../text/vietnamese.ts';

export { DECISION_DOCUMENT_ID as DOCUMENT_ID } from '../retrieval/documents.ts';

export function searchDocuments(knowledge: Knowledge): SearchDocument[] {
  return catalogueDocuments({ tasks: knowledge.tasks, sections: knowledge.sections, document: knowledge.document });
}

export interface KnowledgeIndex {
  retriever: Retriever;
  documents: SearchDocument[];
  /** Share of the question's content syllables and syllable pairs that occur anywhere in the decision. */
  coverage(question: string): { unigrams: number; bigrams: number; known: number; total: number };
}

export async function buildKnowledgeIndex(
  knowledge: Knowledge,
  embedder: Embedder,
  vectorSearch?: VectorSearch,
): Promise<KnowledgeIndex> {
  const documents = searchDocuments(knowledge);
  const retriever = await Retriever.create({ documents, embedder, vectorSearch });
  const vocabulary = new Set<string>();
  for (const document of documents) {
    const tokens = tokenize([document.title, document.text, ...Object.values(document.fields ?? {})].join('\n'));
    for (const term of [...tokens.unigrams, ...tokens.bigrams, ...tokens.extras]) vocabulary.add(term);
  }
  return {
    retriever,
    documents,
    coverage(question) {
      const tokens = tokenize(question);
      const unigrams = tokens.unigrams;
      const bigrams = tokens.bigrams;
      const knownUnigrams = unigrams.filter((term) => vocabulary.has(term)).length;
      const knownBigrams = bigrams.filter((term) => vocabulary.has(term)).length;
      return {
        unigrams: unigrams.length === 0 ? 0 : knownUnigrams / unigrams.length,
        bigrams: bigrams.length === 0 ? 0 : knownBigrams / bigrams.length,
        known: knownUnigrams,
        total: unigrams.length,
      };
    },
  };
}

/** Sentences and clauses of a section: split at line breaks, sentence ends and semicolons. */
export function passages(text: string): string[] {
  return text
    .split(/\n|(?<=[.;!?])\s+(?=[\p{Lu}\-–•"“])|;\s+/u)
    .map((part) => part.replace(/^[-–•]\s*/u, '').trim())
    .filter((part) => part.length > 0);
}

/**
 * The passages of the sections that best answer `question`: scored by the question's content terms they contain
 * (pairs of syllables count double), best first, at most `limit`, each with the section it comes from.
 */
export function bestPassagesWithSource(question: string, sections: Section[], limit: number): Array<{ text: string; sectionId: string }> {
  const query = tokenize(question);
  const unigrams = new Set(query.unigrams);
  const bigrams = new Set(query.bigrams);
  const extras = new Set(query.extras);
  const scored: Array<{ text: string; sectionId: string; score: number; order: number }> = [];
  let order = 0;
  for (const section of sections) {
    for (const passage of passages(section.text)) {
      const tokens = tokenize(passage);
      const score =
        new Set(tokens.unigrams.filter((term) => unigrams.has(term))).size +
        2 * new Set(tokens.bigrams.filter((term) => bigrams.has(term))).size +
        new Set(tokens.extras.filter((term) => extras.has(term))).size;
      scored.push({ text: passage, sectionId: section.id, score: score / Math.sqrt(Math.max(8, tokens.unigrams.length) / 8), order: order++ });
    }
  }
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ text, sectionId }) => ({ text, sectionId }));
}

/** True when every folded word of `needle` occurs in `haystack` (folded). */
export function containsAllWords(haystack: string, needle: string): boolean {
  const words = fold(haystack);
  return fold(needle)
    .split(/\s+/u)
    .every((word) => words.includes(word));
}
