import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/channels/metrics.ts';
import { LlmClient } from '../../src/llm/client.ts';
import { llmUsageListener } from '../../src/llm/usage-metrics.ts';
import { FakeOpenAiServer } from './fake-openai-server.ts';
import { settingsFor } from './helpers.ts';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await FakeOpenAiServer.start();
});
afterAll(async () => {
  await server.close();
});

describe('llmUsageListener', () => {
  it('puts calls, tokens and latency of real endpoint calls into /metrics', async () => {
    const metrics = new Metrics();
    const client = new LlmClient(settingsFor(server), { onUsage: llmUsageListener(metrics) });
    server.scriptChat({ content: 'Một.', usage: { prompt_tokens: 100, completion_tokens: 20 } }, { status: 500 });
    await client.chat({ operation: 'compose', messages: [{ role: 'user', content: 'a' }] });
    await client.chat({ operation: 'compose', messages: [{ role: 'user', content: 'b' }] }).catch(() => undefined);
    const text = metrics.render();
    expect(text).toContain('llm_calls_total{operation="compose",model="fake-chat",result="ok"} 1');
    expect(text).toContain('llm_calls_total{operation="compose",model="fake-chat",result="failed"} 1');
    expect(text).toContain('llm_tokens_total{operation="compose",model="fake-chat",kind="prompt"} 100');
    expect(text).toContain('llm_tokens_total{operation="compose",model="fake-chat",kind="completion"} 20');
    expect(text).toMatch(/llm_latency_seconds_count\{operation="compose"\} 2/u);
  });
});
