/**
 * Worker thread entry of EmbedThread (embed-thread.ts): embeds each message's texts with the local embedder and
 * answers with their vectors packed one after another in one transferred buffer.
 */
import { parentPort } from 'node:worker_threads';
import { HashedNgramEmbedder, type HashedNgramOptions } from './embedder.ts';

export interface EmbedRequest {
  texts: string[];
  options: HashedNgramOptions;
}

parentPort?.on('message', ({ texts, options }: EmbedRequest) => {
  const embedder = new HashedNgramEmbedder(options);
  const packed = new Float64Array(texts.length * embedder.dimensions);
  texts.forEach((text, index) => packed.set(embedder.embedOne(text), index * embedder.dimensions));
  parentPort!.postMessage(packed, [packed.buffer]);
});
