/**
 * The retriever's query embedder when the endpoint's embedding model is used. A failed or slow embedding call must
 * not cost the answer: on failure, or when the call takes longer than `timeoutMs`, it returns zero vectors, which
 * the retriever reads as "no semantic part", so the question is answered from BM25 alone. Document vectors are
 * never made through this wrapper (a zero vector in the store would be wrong); `ensureEmbeddings` gets the
 * endpoint embedder itself.
 */
import type { Embedder, LlmLogger } from './types.ts';

/** A question is one short text: an endpoint slower than this is treated as failed for that question. */
export const DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS = 2000;

const TIMED_OUT = Symbol('timed out');

export class LexicalFallbackEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;

  constructor(
    private readonly inner: Embedder,
    private readonly logger?: Pick<LlmLogger, 'warn'>,
    private readonly timeoutMs = DEFAULT_QUERY_EMBEDDING_TIMEOUT_MS,
  ) {
    this.model = inner.model;
    this.dimensions = inner.dimensions;
  }

  async embed(texts: string[]): Promise<number[][]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.timeoutMs);
    });
    try {
      const vectors = await Promise.race([this.inner.embed(texts), timeout]);
      if (vectors !== TIMED_OUT) return vectors;
      this.logger?.warn({ model: this.model, timeoutMs: this.timeoutMs }, 'llm: nhúng câu hỏi quá chậm, chỉ tìm theo từ khóa cho câu này');
    } catch (error) {
      this.logger?.warn(
        { model: this.model, error: error instanceof Error ? error.name : 'unknown' },
        'llm: không nhúng được câu hỏi, chỉ tìm theo từ khóa cho câu này',
      );
    } finally {
      clearTimeout(timer);
    }
    return texts.map(() => new Array<number>(this.dimensions).fill(0));
  }
}
