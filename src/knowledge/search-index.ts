/**
 * The searchable view of the loaded documents: one search document per task, per section and per document's
 * metadata (ids are keys: `101:PL2.11`), the hybrid retriever over them, and the vocabulary used to judge whether
 * a question is about the documents at all. Built in memory with the snapshot; rebuilt only when it is.
 */
import type { DocumentKnowledge } from '../documents/types.ts';
import { searchDocuments } from '../retrieval/documents.ts';
import type { EmbedThread } from '../retrieval/embed-thread.ts';
import { HashedNgramEmbedder, type Embedder } from '../retrieval/embedder.ts';
import { documentEmbeddingText, Retriever, type VectorSearch } from '../retrieval/hybrid.ts';
import type { SearchDocument } from '../retrieval/types.ts';
import { TextMemo } from '../text/memo.ts';
import { countDistinctTerms, MAX_INPUT, paraphraseTerms, SYNONYM_MARKER, tokenize, type Tokens } from '../text/tokenize.ts';

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
  support(question: string, documentId: string, options?: SupportOptions): number;
  /**
   * How many of the question's syllables that the knowledge uses in at most RARE_IN documents (names such as
   * "Logivan", "VNeID") this document holds: two such words shared say what it is about however long the story.
   */
  anchors(question: string, documentId: string): number;
}

export interface SupportOptions {
  /**
   * Count the markers of synonyms the question and the document share ("ở đâu cũng được" and "không phụ thuộc địa
   * giới hành chính" both carry one): whether a match speaks to the question at all, not how well it ranks, since
   * a literal match then counts twice.
   */
  synonyms?: boolean;
}

/** A syllable the knowledge uses in at most this many documents is rare enough to anchor a question. */
const RARE_IN = 2;
/** How many questions' rare words are kept before starting again. */
const REMEMBERED_QUESTIONS = 1_000;

/** A deadline cell of at least this many words, printed on few rows, counts in `support` like the row's text. */
const SPOKEN_DEADLINE_WORDS = 5;
/** Row fields left out of `support`. */
const BOILERPLATE_FIELDS: ReadonlySet<string> = new Set(['lead', 'partners', 'deadline', 'funding']);

export async function buildKnowledgeIndex(
  knowledge: readonly DocumentKnowledge[],
  embedder: Embedder,
  vectorSearch?: VectorSearch,
  onVectorError?: (error: unknown) => void,
  embedThread?: EmbedThread | null,
): Promise<KnowledgeIndex> {
  const documents = searchDocuments(knowledge);
  // One tokenization of each document serves its vector and the term frequencies: the embedding text leaves out
  // empty fields, which only add line breaks, so the tokens are the same unless the text is long enough to be cut.
  const embedded = documents.map(documentEmbeddingText);
  const full = documents.map((document) => [document.title, document.text, ...Object.values(document.fields ?? {})].join('\n'));
  const sameTokens = full.map((text, index) => text === embedded[index] || text.length <= MAX_INPUT);
  // With a second thread, the local embedder's vectors and those frequencies are made there while this one builds
  // BM25 and the content terms; if it fails, they are made here.
  const aside =
    vectorSearch === undefined && embedThread && embedder instanceof HashedNgramEmbedder
      ? embedThread.embed(embedded, embedder.options, sameTokens).catch(() => null)
      : null;
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
  const counted = new Set<string>();
  const count = (frequency: Map<string, number>, tokens: Tokens): void => countDistinctTerms(frequency, tokens, counted);
  // Each document's tokens are dropped once used: kept for all documents, they would all be copied by the
  // young-generation collections of the build.
  const countHere = (withVectors: boolean): { frequency: Map<string, number>; vectors: Float64Array[] | undefined } => {
    const frequency = new Map<string, number>();
    const vectors: Float64Array[] | undefined = withVectors ? [] : undefined;
    documents.forEach((_, index) => {
      const tokens = tokenize(embedded[index]!);
      count(frequency, sameTokens[index] ? tokens : tokenize(full[index]!));
      vectors?.push(embedder.embedTokens!(tokens));
    });
    return { frequency, vectors };
  };
  const here = aside === null ? countHere(vectorSearch === undefined && embedder.embedTokens !== undefined) : null;
  const contentTerms = (text: string): Set<string> => {
    const tokens = tokenize(text, { stopwords: 'all' });
    const terms = new Set(tokens.unigrams);
    for (const term of tokens.bigrams) terms.add(term);
    for (const term of tokens.extras) terms.add(term);
    return terms;
  };
  // What a match "speaks to" is its own text, not the boilerplate of its row ("Các sở, ban, ngành" partners,
  // "Thường xuyên" deadlines): those fields are shared by so many rows that they prove nothing.
  // A deadline that says what to do by when ("Ban hành kế hoạch chậm nhất là ngày 15/4/2026") is the row's own words.
  const deadlineRows = new Map<string, number>();
  for (const document of documents) {
    const value = document.fields?.deadline;
    if (value) deadlineRows.set(value, (deadlineRows.get(value) ?? 0) + 1);
  }
  const ownField = (name: string, value: string) =>
    !BOILERPLATE_FIELDS.has(name) || (name === 'deadline' && (deadlineRows.get(value) ?? 0) <= RARE_IN && value.split(/\s+/u).length >= SPOKEN_DEADLINE_WORDS);
  const spoken = (document: SearchDocument) =>
    [document.title, document.text, ...Object.entries(document.fields ?? {}).filter(([name, value]) => ownField(name, value)).map(([, value]) => value)].join('\n');
  const termsById = new Map(documents.map((document) => [document.id, contentTerms(spoken(document))]));
  const retriever = await Retriever.create({
    documents,
    embedder,
    vectorSearch: resilient,
    vectors: here?.vectors ?? aside?.then((result) => result?.vectors ?? null),
  });
  let frequency: Map<string, number>;
  const result = here === null ? await aside : null;
  if (result) {
    // The worker counted the documents whose embedding text tokenizes as the whole; the others are counted here.
    frequency = result.frequency;
    documents.forEach((_, index) => {
      if (!sameTokens[index]) count(frequency, tokenize(full[index]!));
    });
  } else {
    frequency = here?.frequency ?? countHere(false).frequency;
  }
  const total = documents.length;
  const idf = (term: string) => Math.log(1 + (total - (frequency.get(term) ?? 0) + 0.5) / ((frequency.get(term) ?? 0) + 0.5));
  // One question is measured against every close match: its rare words are read once.
  const rareByQuestion = new TextMemo<ReadonlySet<string>>(REMEMBERED_QUESTIONS);
  const rareTerms = (question: string) =>
    rareByQuestion.get(question, () => new Set(tokenize(question, { stopwords: 'all', bigrams: false, synonyms: false }).unigrams.filter((term) => (frequency.get(term) ?? 0) > 0 && (frequency.get(term) ?? 0) <= RARE_IN)));
  return {
    retriever,
    documents,
    idf,
    support(question, documentId, options = {}) {
      const present = termsById.get(documentId);
      const tokens = tokenize(question, { stopwords: 'all' });
      let wanted = 0;
      let found = 0;
      const markers = options.synonyms ? tokens.extras.filter((term) => term.startsWith(SYNONYM_MARKER)) : [];
      // The question's words of a paraphrase the document also carries ("ở bất kỳ đâu" beside "không phụ thuộc địa
      // giới") are spoken to, in other words.
      const saidOtherwise = markers.filter((marker) => present?.has(marker)).map((marker) => paraphraseTerms(marker));
      for (const term of new Set([...tokens.unigrams, ...tokens.bigrams, ...markers])) {
        const weight = idf(term);
        wanted += weight;
        if (present?.has(term) || saidOtherwise.some((terms) => terms.has(term))) found += weight;
      }
      return wanted === 0 ? 0 : found / wanted;
    },
    anchors(question, documentId) {
      const present = termsById.get(documentId);
      if (!present) return 0;
      let count = 0;
      for (const term of rareTerms(question)) if (present.has(term)) count += 1;
      return count;
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
