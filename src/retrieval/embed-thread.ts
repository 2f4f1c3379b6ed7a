/**
 * The local embedder on a second thread, so that a start embeds every document (and counts its terms, from the
 * same tokens) while the main thread builds the rest of the index (BM25, content terms). The worker runs the same
 * code on the same texts, so the vectors and counts are the same numbers as made here.
 *
 * The worker script is `embed-worker.js` beside this module, as the bundled build lays it out (bin/run.mjs);
 * run from the TypeScript sources there is none and `start` returns null: callers embed on their own thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HashedNgramOptions } from './embedder.ts';
import type { EmbedReply, EmbedRequest } from './embed-worker.ts';

export interface EmbedThreadOptions {
  /** The worker script, JavaScript (default: `embed-worker.js` beside this module). */
  script?: URL;
}

export interface EmbedResult {
  vectors: Float64Array[];
  /** Term → how many of the texts marked to count use it. */
  frequency: Map<string, number>;
}

export class EmbedThread {
  private pending: Promise<EmbedResult | null> = Promise.resolve(null);
  private exited = false;

  private constructor(private readonly worker: Worker) {
    // An idle worker does not keep the process alive; a job in progress does (see `embed`).
    worker.unref();
    worker.once('exit', () => {
      this.exited = true;
    });
  }

  /** Starts the worker now, so that it is ready when the documents are; null when there is no worker script. */
  static start(options: EmbedThreadOptions = {}): EmbedThread | null {
    const script = options.script ?? new URL('./embed-worker.js', import.meta.url);
    if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return null;
    try {
      return new EmbedThread(new Worker(script));
    } catch {
      return null;
    }
  }

  /**
   * The vectors of `texts` by `new HashedNgramEmbedder(options)`, in order, and how many of the texts marked in
   * `count` use each term of `tokenize` (default options); rejects when the worker fails or exits.
   */
  embed(texts: string[], options: HashedNgramOptions, count: boolean[] = []): Promise<EmbedResult> {
    const job = this.pending.catch(() => null).then(() => this.run({ texts, options, count }));
    this.pending = job;
    return job;
  }

  private run(request: EmbedRequest): Promise<EmbedResult> {
    return new Promise((resolve, reject) => {
      if (this.exited) {
        reject(new Error('embed worker has exited'));
        return;
      }
      const done = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
        this.worker.unref();
      };
      const onMessage = ({ vectors, frequency }: EmbedReply) => {
        done();
        const { texts } = request;
        const dimensions = texts.length === 0 ? 0 : vectors.length / texts.length;
        resolve({ vectors: texts.map((_, index) => vectors.subarray(index * dimensions, (index + 1) * dimensions)), frequency });
      };
      const onError = (error: Error) => {
        done();
        reject(error);
      };
      const onExit = (code: number) => {
        done();
        reject(new Error(`embed worker exited with code ${code}`));
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.on('exit', onExit);
      this.worker.ref();
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
