/**
 * Records every endpoint call into the /metrics registry: calls by outcome, tokens, latency. Pass the returned
 * listener as `onUsage` to `createLlmLayer`. Labels carry the operation and model, never text or user ids.
 */
import type { Metrics } from '../channels/metrics.ts';
import type { UsageListener } from './types.ts';

export function llmUsageListener(metrics: Metrics): UsageListener {
  const calls = metrics.counter('llm_calls_total', 'Calls to the LLM endpoint, by operation, model and result', ['operation', 'model', 'result']);
  const tokens = metrics.counter('llm_tokens_total', 'Tokens used at the LLM endpoint', ['operation', 'model', 'kind']);
  const latency = metrics.histogram('llm_latency_seconds', 'Duration of one LLM endpoint call, retries included', ['operation']);
  return (usage) => {
    calls.inc({ operation: usage.operation, model: usage.model, result: usage.ok ? 'ok' : 'failed' });
    if (usage.promptTokens > 0) tokens.inc({ operation: usage.operation, model: usage.model, kind: 'prompt' }, usage.promptTokens);
    if (usage.completionTokens > 0) {
      tokens.inc({ operation: usage.operation, model: usage.model, kind: 'completion' }, usage.completionTokens);
    }
    latency.observe({ operation: usage.operation }, usage.ms / 1000);
  };
}

/** What the engine reports per answer (`EngineDeps.observe`); repeated here so metrics do not import the engine. */
export interface AnsweredEvent {
  outcome: string;
  reason: string;
  ms: number;
  assist: { rewritten: boolean; understood: boolean; composition: string } | null;
}

/**
 * Per-answer latency by outcome and reason, and — with a model configured — what the model did for the answer
 * (composed, fell back to the extractive text, rewrote a follow-up, read a refused question). Outcomes and
 * reasons are a closed table (src/engine/types.ts), so the label space stays bounded.
 */
export function answerMetricsObserver(metrics: Metrics): (event: AnsweredEvent) => void {
  const latency = metrics.histogram('answer_latency_seconds', 'Time the engine took for one answer, model calls included', ['outcome', 'reason']);
  const assisted = metrics.counter('answer_assist_total', 'What the language model did per answer', ['step', 'result']);
  return (event) => {
    latency.observe({ outcome: event.outcome, reason: event.reason }, event.ms / 1000);
    if (!event.assist) return;
    if (event.assist.composition !== 'skipped') assisted.inc({ step: 'compose', result: event.assist.composition });
    if (event.assist.rewritten) assisted.inc({ step: 'rewrite', result: 'used' });
    if (event.assist.understood) assisted.inc({ step: 'understand', result: 'used' });
  };
}
