/**
 * The optional LLM layer, built by the composition root only when `config.llm` is set. With no configuration
 * nothing here is constructed and the product answers exactly as without it.
 */
import { LlmAssistant, type Assistant } from './assist.ts';
import { LlmClient, type LlmSettings } from './client.ts';
import { OpenAiEmbedder } from './embedder.ts';
import { loadPrompts } from './prompts.ts';
import type { EvidenceRecord, LlmLogger, UsageListener } from './types.ts';
import type { AgencyNames } from './verifier.ts';

export interface LlmLayer {
  client: LlmClient;
  /** Present when CHAT_MODEL is set. */
  assistant: Assistant | undefined;
  /** Present when EMBEDDING_MODEL is set and the endpoint answered the dimension probe. */
  embedder: OpenAiEmbedder | undefined;
}

export interface LlmLayerDependencies {
  agencies: readonly AgencyNames[];
  onUsage?: UsageListener;
  logger?: LlmLogger;
  /** Directory of the prompt templates; default the repository's `prompts/`. */
  promptsDir?: string;
  formatReference?: (record: EvidenceRecord) => string;
}

/**
 * Builds the layer. Throws PromptTemplateError when a prompt is missing or broken (a configuration error that
 * must stop the start). An embeddings endpoint that does not answer at start is logged and left out, so the
 * caller keeps its local embedder: the model is never required.
 */
export async function createLlmLayer(settings: LlmSettings, dependencies: LlmLayerDependencies): Promise<LlmLayer> {
  const client = new LlmClient(settings, {
    ...(dependencies.onUsage ? { onUsage: dependencies.onUsage } : {}),
    ...(dependencies.logger ? { logger: dependencies.logger } : {}),
  });
  let assistant: Assistant | undefined;
  if (settings.chatModel) {
    const prompts = await loadPrompts(dependencies.promptsDir);
    assistant = new LlmAssistant({
      client,
      prompts,
      agencies: dependencies.agencies,
      ...(dependencies.logger ? { logger: dependencies.logger } : {}),
      ...(dependencies.formatReference ? { formatReference: dependencies.formatReference } : {}),
    });
  }
  let embedder: OpenAiEmbedder | undefined;
  if (settings.embeddingModel) {
    try {
      embedder = await OpenAiEmbedder.connect(client);
    } catch (error) {
      dependencies.logger?.warn(
        { model: settings.embeddingModel, error: error instanceof Error ? error.name : 'unknown' },
        `llm: không dùng được mô hình embedding, giữ bộ nhúng cục bộ: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { client, assistant, embedder };
}

export { LlmAssistant, NOT_IN_RECORDS, UNDERSTOOD_FIELDS, UNDERSTOOD_INTENTS } from './assist.ts';
export type { Assistant, ComposedAnswer, Understanding, UnderstandContext, UnderstoodField, UnderstoodIntent } from './assist.ts';
export { LlmClient, type LlmSettings } from './client.ts';
export { embeddingIdentity, itemsToEmbed, needsReembedding, OpenAiEmbedder } from './embedder.ts';
export { LlmError, LlmMalformedReplyError, LlmTimeoutError, LlmUnavailableError } from './errors.ts';
export { evidenceFromDocument, evidenceFromSection, evidenceFromStatus, evidenceFromTask } from './evidence.ts';
export { inspectInput, type InjectionReason, type InputInspection } from './guard.ts';
export { loadPrompts, PromptTemplateError } from './prompts.ts';
export type { ConversationTurn, Embedder, EmbeddingIdentity, EvidenceRecord, LlmLogger, LlmUsage, UsageListener } from './types.ts';
export { verifyAnswer, type AgencyNames, type VerificationFailure, type VerificationResult } from './verifier.ts';
