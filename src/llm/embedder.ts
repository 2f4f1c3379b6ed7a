/**
 * Embeddings through the OpenAI-compatible endpoint. Every vector is checked: an array of finite numbers of the
 * expected length. Servers that ignore `encoding_format: "float"` and send base64, or send another dimension,
 * produce LlmMalformedReplyError instead of a silently wrong vector in the store.
 */
import type { LlmClient } from './client.ts';
import { LlmMalformedReplyError, LlmUnavailableError } from './errors.ts';
import type { Embedder, EmbeddingIdentity } from './types.ts';

export const DEFAULT_EMBEDDING_BATCH = 64;

/** Text used to learn the dimension of a model when EMBEDDING_DIMENSIONS is not set. */
const PROBE_TEXT = 'Chương trình khoa học, công nghệ và chuyển đổi số của tỉnh';

export interface OpenAiEmbedderOptions {
  model: string;
  dimensions: number;
  /** True when `dimensions` came from EMBEDDING_DIMENSIONS and must be sent to the endpoint. */
  requestDimensions: boolean;
  batchSize?: number;
}

export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly requestDimensions: boolean;
  private readonly batchSize: number;

  constructor(
    private readonly client: LlmClient,
    options: OpenAiEmbedderOptions,
  ) {
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.requestDimensions = options.requestDimensions;
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_EMBEDDING_BATCH);
  }

  /**
   * Builds the embedder for `client.embeddingModel`. With EMBEDDING_DIMENSIONS set, that is the dimension (and
   * it is sent); otherwise one probe call learns it. Rejects with an LlmError when the endpoint fails.
   */
  static async connect(client: LlmClient, options: { batchSize?: number } = {}): Promise<OpenAiEmbedder> {
    const model = client.embeddingModel;
    if (!model) throw new LlmUnavailableError('embed', '(không có)', 'EMBEDDING_MODEL chưa được cấu hình', undefined);
    const configured = client.embeddingDimensions;
    if (configured !== undefined) {
      return new OpenAiEmbedder(client, { model, dimensions: configured, requestDimensions: true, ...options });
    }
    const reply = await client.embeddings({ input: [PROBE_TEXT] });
    const probe = reply.embeddings[0];
    if (!Array.isArray(probe) || probe.length === 0 || !probe.every(isFiniteNumber)) {
      throw new LlmMalformedReplyError('embed', model, `vector thử không phải mảng số thực (${describeShape(probe)})`);
    }
    return new OpenAiEmbedder(client, { model, dimensions: probe.length, requestDimensions: false, ...options });
  }

  async embed(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      const batch = texts.slice(start, start + this.batchSize);
      const reply = await this.client.embeddings({
        input: batch,
        ...(this.requestDimensions ? { dimensions: this.dimensions } : {}),
      });
      if (reply.embeddings.length !== batch.length) {
        throw new LlmMalformedReplyError(
          'embed',
          this.model,
          `nhận ${reply.embeddings.length} vector cho ${batch.length} đoạn văn`,
        );
      }
      reply.embeddings.forEach((vector, offset) => {
        vectors.push(this.checked(vector, start + offset));
      });
    }
    return vectors;
  }

  private checked(vector: unknown, position: number): number[] {
    if (!Array.isArray(vector) || !vector.every(isFiniteNumber)) {
      throw new LlmMalformedReplyError(
        'embed',
        this.model,
        `vector thứ ${position} không phải mảng số thực (${describeShape(vector)}); máy chủ có thể bỏ qua encoding_format "float"`,
      );
    }
    if (vector.length !== this.dimensions) {
      throw new LlmMalformedReplyError(
        'embed',
        this.model,
        `vector thứ ${position} có ${vector.length} chiều, cần ${this.dimensions}`,
      );
    }
    return vector;
  }
}

/** What the store records next to every vector. */
export function embeddingIdentity(embedder: Embedder): EmbeddingIdentity {
  return { model: embedder.model, dimensions: embedder.dimensions };
}

/** One item the caller may need to embed, keyed like the store keys it (`${itemKind}:${itemId}`). */
export interface EmbeddableItem {
  key: string;
  contentHash: string;
}

/**
 * The items whose stored vector is missing, was made from other text, or has another dimension than `embedder`
 * produces. `stored` is what `loadEmbeddingHashes(db, embedder.model)` returns: vectors of another model are never
 * in it, so changing EMBEDDING_MODEL re-embeds everything and changing EMBEDDING_DIMENSIONS does too.
 */
export function itemsToEmbed<Item extends EmbeddableItem>(
  items: readonly Item[],
  stored: ReadonlyMap<string, { contentHash: string; dimensions: number }>,
  embedder: Embedder,
): Item[] {
  return items.filter((item) => {
    const existing = stored.get(item.key);
    return !existing || existing.contentHash !== item.contentHash || existing.dimensions !== embedder.dimensions;
  });
}

/**
 * True when stored vectors were made in another space than `embedder` produces (or none are stored): the caller
 * re-embeds everything rather than mixing spaces.
 */
export function needsReembedding(stored: EmbeddingIdentity | null | undefined, embedder: Embedder): boolean {
  return !stored || stored.model !== embedder.model || stored.dimensions !== embedder.dimensions;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function describeShape(value: unknown): string {
  if (typeof value === 'string') return `chuỗi ${value.length} ký tự`;
  if (Array.isArray(value)) return `mảng ${value.length} phần tử`;
  if (value === null || value === undefined) return 'trống';
  return typeof value;
}
