import type { LlmSettings } from '../../src/llm/client.ts';
import type { LlmUsage } from '../../src/llm/types.ts';
import type { FakeOpenAiServer } from './fake-openai-server.ts';

export const TEST_API_KEY = 'sk-test-DoNotLeakThisKey1234567890';

export function settingsFor(server: FakeOpenAiServer, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    apiKey: TEST_API_KEY,
    baseUrl: server.baseUrl,
    chatModel: 'fake-chat',
    embeddingModel: 'fake-embed',
    embeddingDimensions: undefined,
    timeoutMs: 600,
    maxRetries: 0,
    ...overrides,
  };
}

export function recorder() {
  const usages: LlmUsage[] = [];
  const warnings: Array<{ details: object; message: string }> = [];
  const infos: Array<{ details: object; message: string }> = [];
  return {
    usages,
    warnings,
    infos,
    onUsage: (usage: LlmUsage) => usages.push(usage),
    logger: {
      warn: (details: object, message: string) => warnings.push({ details, message }),
      info: (details: object, message: string) => infos.push({ details, message }),
    },
  };
}
