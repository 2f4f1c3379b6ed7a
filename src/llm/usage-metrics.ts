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
