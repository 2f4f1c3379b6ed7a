import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbedThread } from '../../src/retrieval/embed-thread.ts';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';
import { tokenize } from '../../src/text/tokenize.ts';
import { buildEmbedWorker } from './embed-worker-build.ts';

describe('EmbedThread', () => {
  // The worker runs as the bundled build runs it: one JavaScript file.
  let script: URL;
  let remove: () => void;
  beforeAll(async () => {
    ({ script, remove } = await buildEmbedWorker());
  });
  afterAll(() => remove());

  it('is not started from the sources without a worker script beside it', () => {
    expect(EmbedThread.start()).toBeNull();
    expect(EmbedThread.start({ script: new URL('./no-such-worker.js', import.meta.url) })).toBeNull();
  });

  it('embeds on the other thread exactly as on this one, job after job, and counts the marked texts\' terms', async () => {
    const thread = EmbedThread.start({ script });
    expect(thread).not.toBeNull();
    try {
      const texts = ['Sở Khoa học và Công nghệ chủ trì', 'chuyển đổi số trong y tế; hạn Quý II/2026', '', 'PL2.11 chuyển đổi số'];
      const options = { dimensions: 64, charWeight: 0.5 };
      const local = new HashedNgramEmbedder(options);
      const [first, second] = await Promise.all([thread!.embed(texts, options, [true, true, false, true]), thread!.embed(texts.slice(1), new HashedNgramEmbedder().options)]);
      expect(first.vectors.map((vector) => [...vector])).toEqual(texts.map((text) => [...local.embedOne(text)]));
      expect(second.vectors.map((vector) => [...vector])).toEqual(texts.slice(1).map((text) => [...new HashedNgramEmbedder().embedOne(text)]));
      const expected = new Map<string, number>();
      for (const text of [texts[0]!, texts[1]!, texts[3]!]) {
        const tokens = tokenize(text);
        for (const term of new Set([...tokens.unigrams, ...tokens.bigrams, ...tokens.extras])) expected.set(term, (expected.get(term) ?? 0) + 1);
      }
      expect(first.frequency).toEqual(expected);
      expect(first.frequency.get('chuyen_doi')).toBe(2);
      expect(second.frequency.size).toBe(0);
    } finally {
      await thread!.close();
    }
  });

  it('rejects a job when the worker is gone', async () => {
    const thread = EmbedThread.start({ script })!;
    await thread.close();
    await expect(thread.embed(['x'], {})).rejects.toThrow();
  });
});
