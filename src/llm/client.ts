/**
 * The one place that talks to the OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp, LM Studio).
 * Contracts:
 * - every call finishes within `timeoutMs` (retries included) or rejects with LlmTimeoutError;
 * - every failure is an LlmError naming the operation and model, never containing the key;
 * - every call, successful or not, is reported to `onUsage` with its token counts and latency.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import {
  LlmError,
  LlmMalformedReplyError,
  LlmTimeoutError,
  LlmUnavailableError,
  redactSecrets,
  type LlmOperation,
} from './errors.ts';
import type { Config } from '../config.ts';
import type { LlmLogger, UsageListener } from './types.ts';

/** The `config.llm` block of src/config.ts (a type only: this module never reads the environment). */
export type LlmSettings = NonNullable<Config['llm']>;

export interface LlmClientDependencies {
  onUsage?: UsageListener;
  logger?: LlmLogger;
  /** For tests only: a fetch implementation other than the global one. */
  fetch?: typeof fetch;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  operation: LlmOperation;
  messages: ChatMessage[];
  /** Structured output: a JSON schema response format (see `zodResponseFormat`). */
  responseFormat?: ResponseFormatJSONSchema;
  /** Sampling temperature; dropped for the rest of the process if the endpoint rejects the parameter. */
  temperature?: number;
}

export interface ChatReply {
  content: string;
  promptTokens: number;
  completionTokens: number;
}

export interface EmbeddingsRequest {
  input: string[];
  /** Sent only when set (EMBEDDING_DIMENSIONS); many local servers reject the parameter. */
  dimensions?: number;
}

/** `data[i].embedding` exactly as the endpoint sent it, ordered by `index`; the embedder checks the shape. */
export interface EmbeddingsReply {
  embeddings: unknown[];
  promptTokens: number;
}

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export class LlmClient {
  readonly chatModel: string | undefined;
  readonly embeddingModel: string | undefined;
  readonly embeddingDimensions: number | undefined;
  readonly timeoutMs: number;
  private readonly sdk: OpenAI;
  private readonly apiKey: string;
  private readonly onUsage: UsageListener;
  private readonly logger: LlmLogger | undefined;
  private temperatureSupported = true;

  constructor(settings: LlmSettings, dependencies: LlmClientDependencies = {}) {
    this.chatModel = settings.chatModel;
    this.embeddingModel = settings.embeddingModel;
    this.embeddingDimensions = settings.embeddingDimensions;
    this.timeoutMs = settings.timeoutMs;
    this.apiKey = settings.apiKey;
    this.onUsage = dependencies.onUsage ?? (() => {});
    this.logger = dependencies.logger;
    this.sdk = new OpenAI({
      apiKey: settings.apiKey,
      // Passed explicitly so the SDK never falls back to reading process.env itself.
      baseURL: settings.baseUrl ?? OPENAI_DEFAULT_BASE_URL,
      timeout: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      logLevel: 'off',
      ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
    });
  }

  /** One chat completion with the configured chat model. Rejects with an LlmError. */
  async chat(request: ChatRequest): Promise<ChatReply> {
    const model = this.chatModel;
    if (!model) {
      throw new LlmUnavailableError(request.operation, '(không có)', 'CHAT_MODEL chưa được cấu hình', undefined);
    }
    return this.timed(request.operation, model, async (signal) => {
      const send = (withTemperature: boolean) =>
        this.sdk.chat.completions.create(
          {
            model,
            messages: request.messages,
            ...(request.responseFormat ? { response_format: request.responseFormat } : {}),
            ...(withTemperature && request.temperature !== undefined ? { temperature: request.temperature } : {}),
          },
          { signal },
        );
      let completion: Awaited<ReturnType<typeof send>>;
      try {
        completion = await send(this.temperatureSupported);
      } catch (error) {
        // Some models (OpenAI reasoning models) accept only the default temperature.
        if (!(this.temperatureSupported && request.temperature !== undefined && rejectsTemperature(error))) throw error;
        this.temperatureSupported = false;
        completion = await send(false);
      }
      const usage = {
        promptTokens: numberOr0(completion?.usage?.prompt_tokens),
        completionTokens: numberOr0(completion?.usage?.completion_tokens),
      };
      const choice = Array.isArray(completion?.choices) ? completion.choices[0] : undefined;
      const content = choice?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') {
        throw Object.assign(new LlmMalformedReplyError(request.operation, model, 'trả lời không có nội dung văn bản'), {
          usage,
        });
      }
      if (choice?.finish_reason === 'length') {
        throw Object.assign(new LlmMalformedReplyError(request.operation, model, 'trả lời bị cắt do giới hạn độ dài'), {
          usage,
        });
      }
      return { value: { content, ...usage }, ...usage };
    });
  }

  /** One embeddings call with the configured embedding model; always asks for float vectors. */
  async embeddings(request: EmbeddingsRequest): Promise<EmbeddingsReply> {
    const model = this.embeddingModel;
    if (!model) {
      throw new LlmUnavailableError('embed', '(không có)', 'EMBEDDING_MODEL chưa được cấu hình', undefined);
    }
    return this.timed('embed', model, async (signal) => {
      const response = await this.sdk.embeddings.create(
        {
          model,
          input: request.input,
          encoding_format: 'float',
          ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}),
        },
        { signal },
      );
      const promptTokens = numberOr0(response?.usage?.prompt_tokens);
      const data: unknown = response?.data;
      if (!Array.isArray(data)) {
        throw Object.assign(new LlmMalformedReplyError('embed', model, 'trả lời không có mảng "data"'), {
          usage: { promptTokens, completionTokens: 0 },
        });
      }
      const ordered = [...data].sort((a, b) => indexOf(a) - indexOf(b));
      const embeddings = ordered.map((item) => (item && typeof item === 'object' ? (item as { embedding?: unknown }).embedding : undefined));
      return { value: { embeddings, promptTokens }, promptTokens, completionTokens: 0 };
    });
  }

  /**
   * Runs `call` under the time budget, maps every failure to an LlmError and reports usage.
   * The SDK's own timeout is per attempt and its back-off sleep between retries ignores the abort signal,
   * so the budget is enforced here by racing the call against a timer.
   */
  private async timed<T>(
    operation: LlmOperation,
    model: string,
    call: (signal: AbortSignal) => Promise<{ value: T; promptTokens: number; completionTokens: number }>,
  ): Promise<T> {
    const started = performance.now();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new LlmTimeoutError(operation, model, this.timeoutMs));
      }, this.timeoutMs);
    });
    const report = (ok: boolean, promptTokens: number, completionTokens: number) => {
      try {
        this.onUsage({ operation, model, promptTokens, completionTokens, ms: Math.round(performance.now() - started), ok });
      } catch {
        // A metrics listener must never turn a model answer into a failure.
      }
    };
    try {
      const result = await Promise.race([call(controller.signal), deadline]);
      report(true, result.promptTokens, result.completionTokens);
      return result.value;
    } catch (error) {
      const failure = this.toLlmError(error, operation, model);
      const usage = (error as { usage?: { promptTokens: number; completionTokens: number } } | null)?.usage;
      report(false, usage?.promptTokens ?? 0, usage?.completionTokens ?? 0);
      this.logger?.warn({ operation, model, error: failure.name, status: (failure as { status?: number }).status }, failure.message);
      throw failure;
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  private toLlmError(error: unknown, operation: LlmOperation, model: string): LlmError {
    if (error instanceof LlmError) return error;
    const clean = (text: string) => redactSecrets(text, this.apiKey);
    if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) {
      return new LlmTimeoutError(operation, model, this.timeoutMs);
    }
    if (error instanceof APIConnectionError) {
      return new LlmUnavailableError(operation, model, clean(`không kết nối được máy chủ (${describeCause(error)})`), undefined);
    }
    if (error instanceof APIError) {
      return new LlmUnavailableError(operation, model, clean(`máy chủ trả lỗi HTTP ${error.status ?? '?'}: ${error.message}`), error.status);
    }
    if (error instanceof SyntaxError) {
      return new LlmMalformedReplyError(operation, model, 'thân trả lời không phải JSON hợp lệ');
    }
    if (error instanceof TypeError) {
      return new LlmMalformedReplyError(operation, model, clean(`trả lời sai cấu trúc (${error.message})`));
    }
    return new LlmUnavailableError(operation, model, clean(error instanceof Error ? error.message : String(error)), undefined);
  }
}

function rejectsTemperature(error: unknown): boolean {
  return error instanceof APIError && error.status === 400 && /temperature/iu.test(error.message);
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function indexOf(item: unknown): number {
  const index = item && typeof item === 'object' ? (item as { index?: unknown }).index : undefined;
  return typeof index === 'number' ? index : 0;
}

function describeCause(error: APIConnectionError): string {
  const cause = error.cause;
  if (cause && typeof cause === 'object' && 'code' in cause) return String((cause as { code: unknown }).code);
  return error.message;
}
