/**
 * Shapes the LLM module shares with the engine, retrieval and store. Nothing here talks to a model.
 */

/** The retrieval module's embedder contract; `OpenAiEmbedder` implements it. */
export type { Embedder } from '../retrieval/embedder.ts';

/** What identifies a vector space: vectors from different identities must never be compared. */
export interface EmbeddingIdentity {
  model: string;
  dimensions: number;
}

/** Token usage and latency of one call to the endpoint, reported whether it succeeded or not. */
export interface LlmUsage {
  /** What the call was for: `understand`, `rewrite`, `compose`, `embed`. */
  operation: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  ms: number;
  ok: boolean;
}

export type UsageListener = (usage: LlmUsage) => void;

/** The part of a pino logger this module uses. Never given secrets or user PII. */
export interface LlmLogger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * One piece of evidence handed to the model for composition. `ref` is the internal id (task `PL2.11`,
 * section `II.A.3.g`, `document`, a status update id); the model never sees it.
 */
export interface EvidenceRecord {
  ref: string;
  kind: 'task' | 'section' | 'document' | 'status';
  /**
   * Labelled Vietnamese fields, e.g. `{ ten, chu_tri, phoi_hop, han, nguon_von, trang_thai }` for a task or
   * `{ muc, noi_dung }` for a section. Only these values are facts the composed answer may state.
   */
  fields: Record<string, string>;
}

/** A previous turn of the conversation, oldest first. */
export interface ConversationTurn {
  role: 'user' | 'assistant';
  text: string;
}
