/**
 * The retriever's vector side in pgvector, on every engine: vectors are stored per model, re-embedded when the
 * model or the text changes, and the nearest documents come back from SQL in the order cosine similarity gives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readKnowledgeFiles } from '../../src/catalogue/ingest.ts';
import { searchDocuments } from '../../src/engine/knowledge-index.ts';
import { cosine, HashedNgramEmbedder, type Embedder } from '../../src/retrieval/embedder.ts';
import { documentEmbeddingText, Retriever } from '../../src/retrieval/hybrid.ts';
import { ensureEmbeddings, pgvectorSearch } from '../../src/retrieval/pgvector.ts';
import { engines, type StoreHandle } from '../support/databases.ts';

const knowledge = readKnowledgeFiles(new URL('../../knowledge', import.meta.url).pathname)!;
const documents = searchDocuments(knowledge);

/** Counts the texts it embeds, so a test can tell embedding from re-use. */
class CountingEmbedder implements Embedder {
  embedded = 0;
  private readonly inner: HashedNgramEmbedder;
  constructor(readonly model: string, dimensions = 128) {
    this.inner = new HashedNgramEmbedder({ dimensions });
  }
  get dimensions(): number {
    return this.inner.dimensions;
  }
  async embed(texts: string[]): Promise<number[][]> {
    this.embedded += texts.length;
    return this.inner.embed(texts);
  }
}

for (const { label, open } of engines('pgvector_test')) {
  describe(`pgvector retrieval on ${label}`, () => {
    let handle: StoreHandle | undefined;
    afterEach(async () => {
      await handle?.dispose();
      handle = undefined;
    });

    it('embeds once per model and re-embeds for a new model or a changed text', async () => {
      handle = await open();
      const first = new CountingEmbedder('test-model-a');
      expect(await ensureEmbeddings(handle.db, documents, first)).toBe(documents.length);
      expect(await ensureEmbeddings(handle.db, documents, first)).toBe(0);
      const other = new CountingEmbedder('test-model-b', 64);
      expect(await ensureEmbeddings(handle.db, documents, other)).toBe(documents.length);
      const changed = documents.map((document) => (document.id === 'PL2.11' ? { ...document, title: `${document.title} (sửa)` } : document));
      expect(await ensureEmbeddings(handle.db, changed, first)).toBe(1);
    });

    it('returns the same neighbours as cosine in memory, and answers through the retriever', async () => {
      handle = await open();
      const embedder = new HashedNgramEmbedder();
      await ensureEmbeddings(handle.db, documents, embedder);
      const search = pgvectorSearch(handle.db, embedder.model);
      const [question] = await embedder.embed(['kênh Zalo chính quyền điện tử tổng đài 1022']);
      const fromSql = await search(question!, 5, ['task']);
      const vectors = await embedder.embed(documents.filter((document) => document.kind === 'task').map(documentEmbeddingText));
      const inMemory = documents
        .filter((document) => document.kind === 'task')
        .map((document, index) => ({ id: document.id, similarity: cosine(question!, vectors[index]!) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 5);
      expect(fromSql.map((match) => match.id)).toEqual(inMemory.map((match) => match.id));
      for (const [index, match] of fromSql.entries()) expect(match.similarity).toBeCloseTo(inMemory[index]!.similarity, 4);
      const retriever = await Retriever.create({ documents, embedder, vectorSearch: search });
      expect((await retriever.search('ai xây dựng kênh hỏi đáp Zalo của tỉnh', { limit: 3 }))[0]!.id).toBe('PL2.11');
    });
  });
}
