/**
 * Worker thread entry of EmbedThread (embed-thread.ts): embeds each message's texts with the local embedder and
 * answers with their vectors packed one after another in one transferred buffer, and with the number of the texts
 * marked `count` that use each term (unigrams, bigrams and extras of `tokenize`), from the same tokens.
 */
import { parentPort } from 'node:worker_threads';
import { countDistinctTerms, tokenize } from '../text/tokenize.ts';
import { HashedNgramEmbedder, type HashedNgramOptions } from './embedder.ts';

export interface EmbedRequest {
  texts: string[];
  options: HashedNgramOptions;
  /** Per text, whether its terms are counted in `frequency`. */
  count: boolean[];
}

export interface EmbedReply {
  vectors: Float64Array;
  frequency: Map<string, number>;
}

/**
 * Run a few hundred times before the first request, while the main thread is still opening the store: the first
 * documents are then embedded by optimised code instead of the interpreter. Pure, so nothing of it is kept.
 */
const WARM_UP_TEXT =
  'Sở Khoa học và Công nghệ chủ trì, phối hợp các sở, ban, ngành và UBND cấp xã triển khai nền tảng dữ liệu số dùng chung; ' +
  'hoàn thành Quý II/2026, định kỳ hằng năm báo cáo (PL2.11, CQS2.1, KH&CN, 57-NQ/TW), kinh phí ngân sách địa phương 30%.';
const WARM_UP_ROUNDS = 300;

const warmUp = new HashedNgramEmbedder();
for (let round = 0; round < WARM_UP_ROUNDS; round += 1) warmUp.embedOne(WARM_UP_TEXT);

parentPort?.on('message', ({ texts, options, count }: EmbedRequest) => {
  const embedder = new HashedNgramEmbedder(options);
  const vectors = new Float64Array(texts.length * embedder.dimensions);
  const frequency = new Map<string, number>();
  const counted = new Set<string>();
  texts.forEach((text, index) => {
    const tokens = tokenize(text);
    vectors.set(embedder.embedTokens(tokens), index * embedder.dimensions);
    if (!count[index]) return;
    countDistinctTerms(frequency, tokens, counted);
  });
  const reply: EmbedReply = { vectors, frequency };
  parentPort!.postMessage(reply, [vectors.buffer]);
});
