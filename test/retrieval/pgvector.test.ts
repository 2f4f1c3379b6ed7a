/**
 * The retriever's vector side in pgvector, on every engine: vectors are stored per model under qualified ids
 * (`719:PL2.11`), re-embedded when the model or the text changes, and the nearest documents come back from SQL in
 * the order cosine similarity gives. One database per engine for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, HashedNgramEmbedder, type Embedder } from '../../src/retrieval/embedder.ts';
import { documentEmbeddingText, Retriever } from '../../src/retrieval/hybrid.ts';
import { ensureEmbeddings, pgvectorSearch } from '../../src/retrieval/pgvector.ts';
import { deleteDocumentEmbeddings, loadEmbeddingHashes } from '../../src/store/embeddings-repository.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { seedDocuments } from './fixtures.ts';

const documents = seedDocuments();
/** Every eighth search document, 719:PL2.11 and the metadata: enough to tell embedding from re-use, cheaply. */
const some = documents.filter((document, index) => index % 8 === 0 || document.id === '719:PL2.11' || document.kind === 'document');

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
    let handle: StoreHandle;
    beforeAll(async () => {
      handle = await open();
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it('embeds once per model under qualified ids, and re-embeds for a new model or a changed text', async () => {
      const first = new CountingEmbedder('test-model-a');
      expect(await ensureEmbeddings(handle.db, some, first)).toBe(some.length);
      expect(first.embedded).toBe(some.length);
      expect(await ensureEmbeddings(handle.db, some, first)).toBe(0);
      expect(first.embedded).toBe(some.length);
      const stored = await loadEmbeddingHashes(handle.db, 'test-model-a');
      expect(stored.get('task:719:PL2.11')).toEqual({ contentHash: expect.any(String), dimensions: 128 });
      expect(stored.has('document:719:document')).toBe(true);
      expect(stored.has('task:PL2.11')).toBe(false);

      const other = new CountingEmbedder('test-model-b', 64);
      expect(await ensureEmbeddings(handle.db, some, other)).toBe(some.length);
      const changed = some.map((document) => (document.id === '719:PL2.11' ? { ...document, title: `${document.title} (sửa)` } : document));
      expect(await ensureEmbeddings(handle.db, changed, first)).toBe(1);
      // The same model name at another dimension is another vector space: everything again.
      expect(await ensureEmbeddings(handle.db, changed, new CountingEmbedder('test-model-a', 32))).toBe(some.length);
    });

    it('embeds a document again after its vectors were dropped with it', async () => {
      const embedder = new CountingEmbedder('test-model-c', 32);
      await ensureEmbeddings(handle.db, some, embedder);
      await deleteDocumentEmbeddings(handle.db, '719');
      expect((await loadEmbeddingHashes(handle.db, 'test-model-c')).size).toBe(0);
      expect(await ensureEmbeddings(handle.db, some, embedder)).toBe(some.length);
    });

    it('returns the same neighbours as cosine in memory, per kind, and answers through the retriever', async () => {
      const embedder = new HashedNgramEmbedder();
      await ensureEmbeddings(handle.db, documents, embedder);
      const search = pgvectorSearch(handle.db, embedder.model);
      const [question] = await embedder.embed(['kênh Zalo chính quyền điện tử tổng đài 1022']);
      const tasks = documents.filter((document) => document.kind === 'task');
      const fromSql = await search(question!, 5, ['task']);
      const vectors = await embedder.embed(tasks.map(documentEmbeddingText));
      const inMemory = tasks
        .map((document, index) => ({ id: document.id, similarity: cosine(question!, vectors[index]!) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 5);
      expect(fromSql.map((match) => match.id)).toEqual(inMemory.map((match) => match.id));
      for (const [index, match] of fromSql.entries()) {
        expect(match.kind).toBe('task');
        expect(match.similarity).toBeCloseTo(inMemory[index]!.similarity, 4);
      }
      const mixed = await search(question!, 7, ['task', 'section']);
      expect(mixed).toHaveLength(7);
      expect(mixed.map((match) => match.similarity)).toEqual([...mixed.map((match) => match.similarity)].sort((a, b) => b - a));
      expect((await search(question!, 3, ['document'])).map((match) => match.id)).toEqual(['719:document']);

      const retriever = await Retriever.create({ documents, embedder, vectorSearch: search });
      expect((await retriever.search('ai xây dựng kênh hỏi đáp Zalo của tỉnh', { limit: 3 }))[0]!.id).toBe('719:PL2.11');
    });
  });
}
