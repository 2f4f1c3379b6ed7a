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
  /** Inverse document frequency of a term over all tasks and sections (rare terms weigh more). */
  idf(term: string): number;
  /**
   * How much of the question one document speaks to: the idf-weighted share of the question's content syllables
   * and syllable pairs (function words left out) that occur in it. Words the decision never uses weigh most, so a
   * question about something else ("lãi suất vay", "tuyển dụng công chức") scores low even when it names an agency.
   */
  support(question: string, documentId: string): number;
}

export async function buildKnowledgeIndex(
  knowledge: Knowledge,
  embedder: Embedder,
  vectorSearch?: VectorSearch,
  onVectorError?: (error: unknown) => void,
): Promise<KnowledgeIndex> {
  const documents = searchDocuments(knowledge);
  // When the store cannot answer (down, restarting), questions are still answered by BM25 over the knowledge in
  // memory: an unreachable vector side counts as "no vector match", logged once per failure.
  const resilient: VectorSearch | undefined = vectorSearch
    ? async (vector, limit, kinds) => {
        try {
          return await vectorSearch(vector, limit, kinds);
        } catch (error) {
          onVectorError?.(error);
          return [];
        }
      }
    : undefined;
  const retriever = await Retriever.create({ documents, embedder, vectorSearch: resilient });
  const frequency = new Map<string, number>();
  for (const document of documents) {
    const tokens = tokenize([document.title, document.text, ...Object.values(document.fields ?? {})].join('\n'));
    for (const term of new Set([...tokens.unigrams, ...tokens.bigrams, ...tokens.extras])) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const total = documents.length;
  const idf = (term: string) => Math.log(1 + (total - (frequency.get(term) ?? 0) + 0.5) / ((frequency.get(term) ?? 0) + 0.5));
  const contentTerms = (text: string): Set<string> => {
    const tokens = tokenize(text, { stopwords: 'all' });
    return new Set([...tokens.unigrams, ...tokens.bigrams, ...tokens.extras]);
  };
  const termsById = new Map(documents.map((document) => [document.id, contentTerms([document.title, document.text, ...Object.values(document.fields ?? {})].join('\n'))]));
  return {
    retriever,
    documents,
    idf,
    support(question, documentId) {
      const present = termsById.get(documentId);
      const tokens = tokenize(question, { stopwords: 'all' });
      let wanted = 0;
      let found = 0;
      for (const term of new Set([...tokens.unigrams, ...tokens.bigrams])) {
        const weight = idf(term);
        wanted += weight;
        if (present?.has(term)) found += weight;
      }
      return wanted === 0 ? 0 : found / wanted;
    },
    coverage(question) {
      const tokens = tokenize(question);
      const unigrams = tokens.unigrams;
      const bigrams = tokens.bigrams;
      const knownUnigrams = unigrams.filter((term) => frequency.has(term)).length;
      const knownBigrams = bigrams.filter((term) => frequency.has(term)).length;
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
    .split(/\n|(?<=[^\d\s][.!?])\s+(?=[\p{Lu}\-–•"“])|;\s+/u)
    .map((part) => part.replace(/^[-–•]\s*/u, '').trim())
    .filter((part) => part.length > 0);
}

/**
 * The passages of the sections that best answer `question`: scored by the rarity (idf) of the question's terms
 * they contain, pairs of syllables weighing more, mildly normalised by length; best first, at most `limit`.
 */
export function bestPassagesWithSource(
  question: string,
  sections: Section[],
  limit: number,
  idf: (term: string) => number = () => 1,
): Array<{ text: string; sectionId: string }> {
  const query = tokenize(question);
  const wanted = new Map<string, number>();
  for (const term of query.unigrams) wanted.set(term, idf(term));
  for (const term of query.bigrams) wanted.set(term, 1.5 * idf(term));
  for (const term of query.extras) wanted.set(term, idf(term));
  const scored: Array<{ text: string; sectionId: string; score: number; order: number }> = [];
  let order = 0;
  for (const section of sections) {
    for (const passage of passages(section.text)) {
      const tokens = tokenize(passage);
      let score = 0;
      for (const term of new Set([...tokens.unigrams, ...tokens.bigrams, ...tokens.extras])) score += wanted.get(term) ?? 0;
      scored.push({ text: passage, sectionId: section.id, score: score / Math.pow(Math.max(12, tokens.unigrams.length) / 12, 0.25), order: order++ });
    }
  }
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit)
    .map(({ text, sectionId }) => ({ text, sectionId }));
}

/**
 * At most `max` characters of `passage`, the window placed where the question's terms are densest, with "…"
 * where it was cut: a long sentence's answer is often at its end ("… nhóm đầu về PCI, PII, TFP").
 */
export function clipAround(passage: string, question: string, max: number): string {
  if (passage.length <= max) return passage;
  const terms = new Set(tokenize(question).unigrams);
  const words = [...passage.matchAll(/\S+/gu)].map((match) => ({ start: match.index, end: match.index + match[0].length, hit: terms.has(fold(match[0]).replace(/[^\p{L}\p{N}]/gu, '')) }));
  let bestStart = 0;
  let bestHits = -1;
  for (const word of words) {
    if (word.start + max > passage.length + 40) break;
    const hits = words.filter((other) => other.hit && other.start >= word.start && other.end <= word.start + max).length;
    if (hits > bestHits) {
      bestHits = hits;
      bestStart = word.start;
    }
  }
  const start = bestStart;
  const end = Math.min(passage.length, start + max);
  return `${start > 0 ? '…' : ''}${passage.slice(start, end).trim()}${end < passage.length ? '…' : ''}`;
}
