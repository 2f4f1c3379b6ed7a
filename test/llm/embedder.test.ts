import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmClient } from '../../src/llm/client.ts';
import { embeddingIdentity, itemsToEmbed, needsReembedding, OpenAiEmbedder } from '../../src/llm/embedder.ts';
import { LlmMalformedReplyError } from '../../src/llm/errors.ts';
import type { Embedder } from '../../src/llm/types.ts';
import type { Embedder as RetrievalEmbedder } from '../../src/retrieval/embedder.ts';
import { loadEmbeddingHashes, saveEmbeddings } from '../../src/store/embeddings-repository.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPgliteMemory } from '../../src/store/pglite.ts';
import { FakeOpenAiServer, fakeVector, type EmbeddingMode } from './fake-openai-server.ts';
import { recorder, settingsFor } from './helpers.ts';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await FakeOpenAiServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

describe('OpenAiEmbedder', () => {
  it('asks for float vectors, learns the dimension with one probe and sends no dimensions parameter', async () => {
    server.dimensionsByModel.set('fake-embed', 12);
    const seen = recorder();
    const embedder = await OpenAiEmbedder.connect(new LlmClient(settingsFor(server), { onUsage: seen.onUsage }));
    expect(embeddingIdentity(embedder)).toEqual({ model: 'fake-embed', dimensions: 12 });
    const vectors = await embedder.embed(['Sở Khoa học và Công nghệ', 'chuyển đổi số']);
    expect(vectors).toEqual([fakeVector('fake-embed|Sở Khoa học và Công nghệ', 12), fakeVector('fake-embed|chuyển đổi số', 12)]);
    const requests = server.embeddingRequests();
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request.body.encoding_format).toBe('float');
      expect('dimensions' in request.body).toBe(false);
    }
    expect(seen.usages.map((usage) => [usage.operation, usage.model, usage.ok])).toEqual([
      ['embed', 'fake-embed', true],
      ['embed', 'fake-embed', true],
    ]);
  });

  it('sends EMBEDDING_DIMENSIONS when set and makes no probe call', async () => {
    const embedder = await OpenAiEmbedder.connect(new LlmClient(settingsFor(server, { embeddingDimensions: 16 })));
    expect(server.embeddingRequests()).toHaveLength(0);
    const [vector] = await embedder.embed(['a']);
    expect(vector).toHaveLength(16);
    expect(server.embeddingRequests()[0]?.body).toMatchObject({ encoding_format: 'float', dimensions: 16, input: ['a'] });
  });

  it('sends at most 64 texts per call and keeps the input order', async () => {
    const embedder = new OpenAiEmbedder(new LlmClient(settingsFor(server)), { model: 'fake-embed', dimensions: 8, requestDimensions: false });
    const texts = Array.from({ length: 130 }, (_, index) => `đoạn ${index}`);
    const vectors = await embedder.embed(texts);
    expect(server.embeddingRequests().map((request) => (request.body.input as string[]).length)).toEqual([64, 64, 2]);
    expect(vectors[129]).toEqual(fakeVector('fake-embed|đoạn 129', 8));
  });

  it.each<EmbeddingMode>(['base64', 'wrong-dimension', 'empty', 'strings', 'missing-data'])(
    'rejects a reply with %s vectors instead of storing them',
    async (mode) => {
      const embedder = new OpenAiEmbedder(new LlmClient(settingsFor(server)), { model: 'fake-embed', dimensions: 8, requestDimensions: false });
      server.embeddingMode = mode;
      const error = await embedder.embed(['một', 'hai']).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LlmMalformedReplyError);
      expect((error as Error).message).toMatch(/embed.*fake-embed/u);
    },
  );

  it('rejects a probe that comes back empty', async () => {
    server.embeddingMode = 'empty';
    await expect(OpenAiEmbedder.connect(new LlmClient(settingsFor(server)))).rejects.toBeInstanceOf(LlmMalformedReplyError);
  });

  it('is an Embedder of the retrieval module', () => {
    const embedder: Embedder = new OpenAiEmbedder(new LlmClient(settingsFor(server)), { model: 'm', dimensions: 8, requestDimensions: false });
    const asRetrieval: RetrievalEmbedder = embedder;
    expect(asRetrieval.model).toBe('m');
  });
});

describe('changing the embedding model', () => {
  it('is detected from what the store records per vector, so everything is embedded again', async () => {
    const db = await openPgliteMemory();
    try {
      await migrate(db);
      const items = [
        { key: 'task:PL2.11', kind: 'task', id: 'PL2.11', text: 'Xây dựng nền tảng dữ liệu dùng chung', contentHash: 'h1' },
        { key: 'section:II.A.3.g', kind: 'section', id: 'II.A.3.g', text: 'Phát triển kinh tế số', contentHash: 'h2' },
      ];
      const save = async (embedder: Embedder, list: typeof items) => {
        const vectors = await embedder.embed(list.map((item) => item.text));
        await saveEmbeddings(
          db,
          list.map((item, index) => ({ itemKind: item.kind, itemId: item.id, model: embedder.model, vector: vectors[index]!, contentHash: item.contentHash })),
        );
      };

      const first = await OpenAiEmbedder.connect(new LlmClient(settingsFor(server, { embeddingModel: 'bge-m3' })));
      expect(itemsToEmbed(items, await loadEmbeddingHashes(db, first.model), first)).toHaveLength(2);
      await save(first, items);
      expect(itemsToEmbed(items, await loadEmbeddingHashes(db, first.model), first)).toEqual([]);
      expect(needsReembedding({ model: 'bge-m3', dimensions: first.dimensions }, first)).toBe(false);

      // Same model name, content changed: only that item.
      const edited = [items[0]!, { ...items[1]!, contentHash: 'h2-edited' }];
      expect(itemsToEmbed(edited, await loadEmbeddingHashes(db, first.model), first).map((item) => item.key)).toEqual(['section:II.A.3.g']);

      // Another model: nothing stored for it, everything is embedded again.
      server.dimensionsByModel.set('text-embedding-3-small', 24);
      const second = await OpenAiEmbedder.connect(new LlmClient(settingsFor(server, { embeddingModel: 'text-embedding-3-small' })));
      expect(needsReembedding(embeddingIdentity(first), second)).toBe(true);
      expect(itemsToEmbed(items, await loadEmbeddingHashes(db, second.model), second)).toHaveLength(2);

      // Same model, EMBEDDING_DIMENSIONS changed: stored vectors have the old dimension, everything again.
      const narrower = await OpenAiEmbedder.connect(new LlmClient(settingsFor(server, { embeddingModel: 'bge-m3', embeddingDimensions: 4 })));
      expect(needsReembedding(embeddingIdentity(first), narrower)).toBe(true);
      expect(itemsToEmbed(items, await loadEmbeddingHashes(db, narrower.model), narrower)).toHaveLength(2);
    } finally {
      await db.close();
    }
  });
});
