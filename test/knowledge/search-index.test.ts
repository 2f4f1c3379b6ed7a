import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKnowledgeIndex } from '../../src/knowledge/search-index.ts';
import { EmbedThread } from '../../src/retrieval/embed-thread.ts';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';
import { corpusDocuments, reviewedDocuments } from './data.ts';

describe('the knowledge index built with the embedding thread', () => {
  let directory: string;
  let script: URL;
  beforeAll(async () => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'embed-worker-'));
    const outfile = path.join(directory, 'embed-worker.mjs');
    await build({ entryPoints: [new URL('../../src/retrieval/embed-worker.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
    script = pathToFileURL(outfile);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

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
