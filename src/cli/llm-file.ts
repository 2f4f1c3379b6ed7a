/**
 * `--llm FILE`: the LLM settings for one run of `eval` or `ask`, replacing the OPENAI_* / CHAT_MODEL / EMBEDDING_*
 * settings of the environment for that run. Two formats:
 * - JSON (`.json`, or text starting with `{`): `{"baseUrl", "apiKey", "chatModel", "embeddingModel",
 *   "embeddingDimensions", "timeoutMs", "maxRetries"}`;
 * - .env style, one `NAME=value` a line with the environment's names: OPENAI_BASE_URL, OPENAI_API_KEY, CHAT_MODEL,
 *   EMBEDDING_MODEL, EMBEDDING_DIMENSIONS, LLM_TIMEOUT_MS, LLM_MAX_RETRIES (`#` comments, optional quotes).
 * Without an API key in the file the environment's OPENAI_API_KEY is used; a local server (baseUrl set) needs none.
 * Validated with zod; a bad file is a UsageError naming the file and every problem (never the key).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LlmSettings } from '../llm/client.ts';
import { UsageError } from './args.ts';

const LlmFileSchema = z
  .strictObject({
    baseUrl: z.url({ protocol: /^https?$/u, error: 'cần địa chỉ http(s), ví dụ http://127.0.0.1:11434/v1' }).optional(),
    apiKey: z.string().trim().min(1).optional(),
    chatModel: z.string().trim().min(1).optional(),
    embeddingModel: z.string().trim().min(1).optional(),
    embeddingDimensions: z.number().int().min(8).max(8192).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).default(8000),
    maxRetries: z.number().int().min(0).max(5).default(1),
  })
  .refine((settings) => settings.chatModel || settings.embeddingModel, { message: 'cần ít nhất chatModel hoặc embeddingModel' });

/** .env names → JSON keys; numbers are converted before validation. */
const ENV_NAMES: Record<string, { key: keyof z.input<typeof LlmFileSchema>; numeric: boolean }> = {
  OPENAI_BASE_URL: { key: 'baseUrl', numeric: false },
  OPENAI_API_KEY: { key: 'apiKey', numeric: false },
  CHAT_MODEL: { key: 'chatModel', numeric: false },
  EMBEDDING_MODEL: { key: 'embeddingModel', numeric: false },
  EMBEDDING_DIMENSIONS: { key: 'embeddingDimensions', numeric: true },
  LLM_TIMEOUT_MS: { key: 'timeoutMs', numeric: true },
  LLM_MAX_RETRIES: { key: 'maxRetries', numeric: true },
};

/** Reads and validates FILE; `fallbackApiKey` (the environment's key) is used when the file names none. */
export function readLlmFile(file: string, fallbackApiKey: string | undefined): LlmSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--llm ${file}: không đọc được tệp (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const raw = file.endsWith('.json') || text.trimStart().startsWith('{') ? parseJson(file, text) : parseEnv(file, text);
  const parsed = LlmFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(tệp)'}: ${issue.message}`);
    throw new UsageError(`--llm ${file}: cấu hình LLM không hợp lệ:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  const settings = parsed.data;
  const apiKey = settings.apiKey ?? fallbackApiKey ?? (settings.baseUrl ? 'not-needed' : undefined);
  if (!apiKey) throw new UsageError(`--llm ${file}: cần apiKey (hoặc OPENAI_API_KEY trong môi trường), hoặc baseUrl của máy chủ cục bộ`);
  return {
    apiKey,
    baseUrl: settings.baseUrl,
    chatModel: settings.chatModel,
    embeddingModel: settings.embeddingModel,
    embeddingDimensions: settings.embeddingDimensions,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  };
}

/** Removes `--llm FILE` / `--llm=FILE` from a command's arguments. */
export function takeLlmFlag(args: readonly string[]): { file: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      rest.push(...args.slice(index));
      break;
    }
    if (arg.startsWith('--llm=')) {
      file = arg.slice('--llm='.length);
    } else if (arg === '--llm') {
      const next = args[index + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError('--llm cần đường dẫn tệp cấu hình LLM (JSON hoặc .env)');
      file = next;
      index += 1;
    } else {
      rest.push(arg);
    }
  }
  return { file, rest };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The parser's message may quote the text, and the text may hold the key: say only what is wrong.
    throw new UsageError(`--llm ${file}: không phải JSON hợp lệ`);
  }
}

function parseEnv(file: string, text: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  text.split(/\r?\n/u).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/u.exec(trimmed);
    if (!match) throw new UsageError(`--llm ${file}:${index + 1}: cần dạng TÊN=giá trị`);
    const name = match[1]!;
    const entry = ENV_NAMES[name];
    if (!entry) throw new UsageError(`--llm ${file}:${index + 1}: không hỗ trợ ${name} (dùng: ${Object.keys(ENV_NAMES).join(', ')})`);
    const value = match[2]!.replace(/^(["'])(.*)\1$/u, '$2').trim();
    if (value === '') return;
    values[entry.key] = entry.numeric && /^\d+$/u.test(value) ? Number(value) : value;
  });
  return values;
}
