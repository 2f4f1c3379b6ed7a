import { beforeAll, describe, expect, it } from 'vitest';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';
import { DEFAULT_FUSION, documentEmbeddingText, inMemoryVectorSearch, Retriever, type VectorSearch } from '../../src/retrieval/hybrid.ts';
import type { SearchDocument } from '../../src/retrieval/types.ts';
import { seedDocuments, SMALL_CORPUS } from './fixtures.ts';

describe('Retriever on a small corpus', () => {
  let retriever: Retriever;
  beforeAll(async () => {
    retriever = await Retriever.create({ documents: SMALL_CORPUS, embedder: new HashedNgramEmbedder() });
  });

  it('answers a search asked again with the same result, as a copy its caller may change', async () => {
    const first = await retriever.searchDetailed('camera giám sát thông minh', { limit: 3, kinds: ['task'] });
    first.hits[0]!.score = -1;
    first.hits.pop();
    const again = await retriever.searchDetailed('camera giám sát thông minh', { limit: 3, kinds: ['task'] });
    expect(again.hits).toHaveLength(3);
    expect(again.hits[0]!.score).toBeGreaterThan(0);
    expect(await retriever.searchDetailed('camera giám sát thông minh', { limit: 2, kinds: ['task'] })).toMatchObject({ hits: again.hits.slice(0, 2) });
  });

  it('returns ranked hits with both raw scores', async () => {
    const hits = await retriever.search('camera giám sát thông minh', { limit: 3 });
    expect(hits[0]).toMatchObject({ id: 'T2', kind: 'task', rank: 1 });
    expect(hits[0]!.bm25).toBeGreaterThan(0);
    expect(hits[0]!.vector).toBeGreaterThan(0);
    hits.forEach((hit, index) => {
      expect(hit.rank).toBe(index + 1);
      if (index > 0) expect(hit.score).toBeLessThanOrEqual(hits[index - 1]!.score);
    });
  });

  it('ranks with both weighted fusion and reciprocal-rank fusion', async () => {
    for (const method of ['weighted', 'rrf'] as const) {
      const hits = await retriever.search('kho du lieu dung chung', { limit: 5, fusion: { method } });
      expect(hits[0]?.id, method).toBe('T1');
      expect(hits.length).toBeGreaterThan(1);
    }
    const rrf = await retriever.search('kho du lieu dung chung', { fusion: { method: 'rrf', rrfK: 60 } });
    expect(rrf[0]!.score).toBeLessThanOrEqual(2 / 61 + 1e-12);
  });

  it('exposes the best raw BM25 and similarity, high for an in-scope question and zero for noise', async () => {
    const inScope = await retriever.searchDetailed('Sở KH&CN theo dõi đôn đốc chương trình');
    expect(inScope.bestBm25).toBeGreaterThan(0);
    expect(inScope.bestSimilarity).toBeGreaterThan(0.2);
    const noise = await retriever.searchDetailed('😀😀😀');
    expect(noise).toEqual({ hits: [], bestBm25: 0, bestSimilarity: 0, exactMatch: false, bestCoverage: 0 });
    const code = await retriever.searchDetailed('CQS2.1');
    expect(code.exactMatch).toBe(true);
    expect(code.hits[0]?.id).toBe('T4');
  });

  it('restricts kinds on both sides', async () => {
    const hits = await retriever.search('Sở Khoa học và Công nghệ', { kinds: ['section'], limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.kind === 'section')).toBe(true);
  });

  it('survives bad input within time', async () => {
    const inputs = ['', ' ', '\u200B', '<img src=x onerror=alert(1)>', "1; DELETE FROM tasks; --", 'a'.repeat(20_000), 'ß∂ƒ©˙∆˚¬ 北京 Москва', '🙂'.repeat(500)];
    for (const input of inputs) {
      const started = performance.now();
      const hits = await retriever.search(input, { limit: 5 });
      expect(performance.now() - started, JSON.stringify(input.slice(0, 20))).toBeLessThan(2_000); // a guard against pathological slowness, not a benchmark
      expect(Array.isArray(hits)).toBe(true);
      expect(hits.length).toBeLessThanOrEqual(5);
    }
    expect(await retriever.search('camera', { limit: 0 })).toEqual([]);
  });

  it('uses a plugged-in vector search (as the store does with pgvector)', async () => {
    const calls: Array<{ limit: number; kinds?: string[] }> = [];
    const pinned: VectorSearch = async (_vector, limit, kinds) => {
      calls.push({ limit, kinds });
      return [{ id: 'S3', kind: 'section', similarity: 0.9 }];
    };
    const plugged = await Retriever.create({ documents: SMALL_CORPUS, embedder: new HashedNgramEmbedder(), vectorSearch: pinned, fusion: { bm25Weight: 0, vectorWeight: 1 } });
    const hits = await plugged.search('an ninh mạng', { kinds: ['section'], limit: 4 });
    expect(hits[0]).toMatchObject({ id: 'S3', vector: 0.9 });
    expect(calls).toEqual([{ limit: DEFAULT_FUSION.candidates, kinds: ['section'] }]);
  });

  it('checks that vectors and documents line up', () => {
    expect(() => inMemoryVectorSearch(SMALL_CORPUS, [])).toThrow(RangeError);
    expect(documentEmbeddingText(SMALL_CORPUS[0]!)).toContain('CQS1.2');
  });
});

describe('Retriever on the decision', () => {
  let documents: SearchDocument[];
  let retriever: Retriever;
  beforeAll(async () => {
    documents = seedDocuments();
    retriever = await Retriever.create({ documents, embedder: new HashedNgramEmbedder() });
  });

  it('answers citizen questions with the right task or section first', async () => {
    const cases: Array<[string, string]> = [
      ['ai lam kho du lieu dung chung cua tinh', '719:PL2.4'],
      ['Ứng dụng thuyết minh du lịch tự động trên điện thoại', '719:PL2.104'],
      ['nen tang ket noi chu hang voi nha giao van', '719:PL2.157'],
      ['Cơ quan nào báo cáo kết quả triển khai chương trình cho Chủ tịch UBND tỉnh?', '719:IV.5'],
      ['ho so benh an dien tu', '719:PL2.139'],
    ];
    for (const [question, expected] of cases) {
      const hits = await retriever.search(question, { limit: 3 });
      expect(hits[0]?.id, question).toBe(expected);
    }
  });

  it('answers a question about the decision itself from its metadata', async () => {
    const hits = await retriever.search('Quyết định 719/QĐ-UBND do ai ký, có hiệu lực từ ngày nào', { limit: 3 });
    expect(hits[0]).toMatchObject({ id: '719:document', kind: 'document' });
    expect((await retriever.search('Phạm Văn Nghiêm', { kinds: ['document'] })).map((hit) => hit.id)).toEqual(['719:document']);
  });

  it('scores an out-of-scope question well below an in-scope one', async () => {
    const inScope = await retriever.searchDetailed('camera giám sát thông minh do ai làm');
    const outOfScope = await retriever.searchDetailed('giá vàng hôm nay bao nhiêu');
    expect(inScope.bestBm25).toBeGreaterThan(2 * outOfScope.bestBm25);
    expect(inScope.bestSimilarity).toBeGreaterThan(outOfScope.bestSimilarity);
    expect(inScope.bestCoverage).toBeGreaterThan(0.6);
    expect(outOfScope.bestCoverage).toBeLessThan(inScope.bestCoverage - 0.2);
  });

});
