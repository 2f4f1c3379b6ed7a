import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKnowledgeIndex } from '../../src/knowledge/search-index.ts';
import { EmbedThread } from '../../src/retrieval/embed-thread.ts';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';
import { corpusDocuments, reviewedDocuments } from './data.ts';
import { buildEmbedWorker } from '../retrieval/embed-worker-build.ts';

describe('the knowledge index built with the embedding thread', () => {
  let script: URL;
  let remove: () => void;
  beforeAll(async () => {
    ({ script, remove } = await buildEmbedWorker());
  });
  afterAll(() => remove());

  it('finds, weighs and covers exactly as the index built on one thread', async () => {
    const knowledge = [...reviewedDocuments(), ...corpusDocuments()];
    const thread = EmbedThread.start({ script })!;
    const [alone, threaded] = await Promise.all([
      buildKnowledgeIndex(knowledge, new HashedNgramEmbedder()),
      buildKnowledgeIndex(knowledge, new HashedNgramEmbedder(), undefined, undefined, thread),
    ]);
    await thread.close();
    const questions = ['ai chủ trì chuyển đổi số trong y tế', 'kinh phí hạ tầng 5G khu công nghiệp', 'lãi suất vay ngân hàng', 'PL2.11', 'cai cach hanh chinh'];
    for (const question of questions) {
      expect(await threaded.retriever.searchDetailed(question, { limit: 60 })).toEqual(await alone.retriever.searchDetailed(question, { limit: 60 }));
      expect(threaded.coverage(question)).toEqual(alone.coverage(question));
      for (const word of question.split(' ')) expect(threaded.idf(word)).toBe(alone.idf(word));
      const best = (await alone.retriever.search(question, { limit: 1 }))[0]!.id;
      expect(threaded.support(question, best)).toBe(alone.support(question, best));
      expect(threaded.anchors(question, best)).toBe(alone.anchors(question, best));
    }
  });
});

describe('support', () => {
  it("counts a row's deadline that says what to do, not one printed on many rows", async () => {
    const index = await buildKnowledgeIndex([...reviewedDocuments(), ...corpusDocuments()], new HashedNgramEmbedder());
    const rows = index.documents.filter((document) => document.fields?.deadline);
    const printedOn = (value: string) => rows.filter((row) => row.fields!.deadline === value).length;
    const wordsOutside = (row: (typeof rows)[number]) => {
      const own = `${row.title} ${row.text}`.toLowerCase();
      return row.fields!.deadline!.toLowerCase().split(/\s+/u).filter((word) => word.length > 2 && !own.includes(word));
    };
    const spoken = rows.find((row) => printedOn(row.fields!.deadline!) === 1 && row.fields!.deadline!.split(/\s+/u).length >= 8 && wordsOutside(row).length >= 2)!;
    expect(spoken).toBeDefined();
    expect(index.support(wordsOutside(spoken).join(' '), spoken.id)).toBeGreaterThan(0);
    const common = rows.find((row) => printedOn(row.fields!.deadline!) >= 10 && wordsOutside(row).length >= 1)!;
    expect(index.support(wordsOutside(common).join(' '), common.id)).toBe(0);
  });

  it('counts the words of an everyday paraphrase as spoken to by a row that prints what it stands for, and no other synonym\'s', async () => {
    const index = await buildKnowledgeIndex(reviewedDocuments(), new HashedNgramEmbedder());
    const boundless = index.documents.find((document) => /không phụ thuộc (?:vào )?địa giới/u.test(`${document.title} ${document.text}`))!;
    const paraphrased = 'nộp ở bất kỳ đâu cũng được không';
    expect(index.support(paraphrased, boundless.id)).toBe(0);
    expect(index.support(paraphrased, boundless.id, { synonyms: true })).toBeGreaterThan(0.5);
    // "Điện thoại" for "di động" is a synonym, not a paraphrase: only its marker is shared.
    const mobile = index.documents.find((document) => /ứng dụng di động/iu.test(`${document.title} ${document.text}`))!;
    const shopping = 'điện thoại loại nào rẻ';
    expect(index.support(shopping, mobile.id, { synonyms: true })).toBeLessThan(0.4);
  });
});
