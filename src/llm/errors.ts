/**
 * Typed failures of a call to the OpenAI-compatible endpoint. Each names the operation and the model that were
 * attempted; none ever carries the API key (messages pass through `redactSecrets`).
 */

export type LlmOperation = 'understand' | 'rewrite' | 'compose' | 'embed' | (string & {});

export abstract class LlmError extends Error {
  constructor(
    readonly operation: LlmOperation,
    readonly model: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`LLM ${operation} với mô hình "${model}" thất bại: ${detail}`, options);
  }
}

/** The endpoint could not be reached or refused the call (connection error, 401/403, 404, 429, 5xx). */
export class LlmUnavailableError extends LlmError {
  override readonly name = 'LlmUnavailableError';
  constructor(
    operation: LlmOperation,
    model: string,
    detail: string,
    /** HTTP status when the endpoint answered; undefined for connection failures. */
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(operation, model, detail, options);
  }
}

/** The call did not finish within its time budget (including retries). */
export class LlmTimeoutError extends LlmError {
  override readonly name = 'LlmTimeoutError';
  constructor(
    operation: LlmOperation,
    model: string,
    readonly budgetMs: number,
    options?: { cause?: unknown },
  ) {
    super(operation, model, `quá thời hạn ${budgetMs} ms`, options);
  }
}

/** The endpoint answered but the reply is not what was asked for (bad JSON, wrong shape, wrong vector length). */
export class LlmMalformedReplyError extends LlmError {
  override readonly name = 'LlmMalformedReplyError';
}

const KEY_SHAPES = /\b(sk|pk|rk)-[A-Za-z0-9_*-]{6,}/gu;

/** Removes the configured key and anything shaped like an API key from text bound for logs or errors. */
export function redactSecrets(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[khóa ẩn]');
  return out.replace(KEY_SHAPES, '[khóa ẩn]');
}
