import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.ts';
import { readLlmFile, takeLlmFlag } from '../../src/cli/llm-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'llm-file-'));
function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

describe('--llm FILE', () => {
  it('reads JSON settings with defaults for the timeout and retries', () => {
    const settings = readLlmFile(file('ollama.json', JSON.stringify({ baseUrl: 'http://127.0.0.1:11434/v1', chatModel: 'qwen2.5:7b', embeddingModel: 'bge-m3' })), undefined);
    expect(settings).toEqual({
      apiKey: 'not-needed',
      baseUrl: 'http://127.0.0.1:11434/v1',
      chatModel: 'qwen2.5:7b',
      embeddingModel: 'bge-m3',
      embeddingDimensions: undefined,
      timeoutMs: 8000,
      maxRetries: 1,
    });
  });

  it('reads .env style with the environment names, and falls back to the environment key', () => {
    const settings = readLlmFile(file('openai.env', '# OpenAI\nCHAT_MODEL=gpt-4o-mini\nEMBEDDING_MODEL="text-embedding-3-small"\nEMBEDDING_DIMENSIONS=512\nLLM_TIMEOUT_MS=6000\n'), 'sk-from-env');
    expect(settings).toMatchObject({ apiKey: 'sk-from-env', baseUrl: undefined, chatModel: 'gpt-4o-mini', embeddingDimensions: 512, timeoutMs: 6000 });
  });

  it.each([
    ['not JSON', 'x.json', '{"apiKey":"sk-SECRET-123456789","chatModel": '],
    ['no model', 'x2.json', '{"apiKey":"sk-SECRET-123456789","baseUrl":"http://127.0.0.1:1/v1"}'],
    ['an unknown key', 'x3.json', '{"apiKey":"sk-SECRET-123456789","chatModel":"m","temperature":1}'],
    ['a bad url', 'x4.json', '{"apiKey":"sk-SECRET-123456789","chatModel":"m","baseUrl":"ftp://h"}'],
    ['a dimension out of range', 'x5.json', '{"apiKey":"sk-SECRET-123456789","embeddingModel":"m","embeddingDimensions":3}'],
    ['an unknown variable', 'x.env', 'OPENAI_API_KEY=sk-SECRET-123456789\nCHAT_MODEL=m\nOPENAI_ORG=x\n'],
    ['no key and no local server', 'x6.json', '{"chatModel":"m"}'],
  ])('refuses %s with a clear error that names the file and never the key', (_name, name, text) => {
    const target = file(name, text);
    let error: unknown;
    try {
      readLlmFile(target, undefined);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect(String((error as Error).message)).toContain(target);
    expect(String((error as Error).message)).not.toContain('SECRET');
  });

  it('is taken out of the arguments in both spellings', () => {
    expect(takeLlmFlag(['q.jsonl', '--llm', 'f.json', '--quiet'])).toEqual({ file: 'f.json', rest: ['q.jsonl', '--quiet'] });
    expect(takeLlmFlag(['--llm=f.env', 'q.jsonl'])).toEqual({ file: 'f.env', rest: ['q.jsonl'] });
    expect(() => takeLlmFlag(['q.jsonl', '--llm'])).toThrow(UsageError);
  });
});
