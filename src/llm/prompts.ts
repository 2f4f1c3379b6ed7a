/**
 * Vietnamese prompt templates in `prompts/*.md` with named placeholders (`{{question}}`). Loaded and checked once
 * at start: a missing file, a missing placeholder or an unknown one stops the start with PromptTemplateError.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';

/** Every template and exactly the placeholders it must contain. */
export const PROMPT_PLACEHOLDERS = {
  system: [],
  understand: ['today', 'history', 'question'],
  rewrite: ['history', 'question'],
  compose: ['question', 'records', 'extractive'],
} as const satisfies Record<string, readonly string[]>;

export type PromptName = keyof typeof PROMPT_PLACEHOLDERS;
export type PromptValues<Name extends PromptName> = Record<(typeof PROMPT_PLACEHOLDERS)[Name][number], string>;

export const DEFAULT_PROMPTS_DIR = path.join(PACKAGE_ROOT, 'prompts');

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/gu;

export class PromptTemplateError extends Error {
  override readonly name = 'PromptTemplateError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`Mẫu lời nhắc ${file} không dùng được: ${problem}`);
  }
}

export interface Prompts {
  /** Fills a template. Values are inserted verbatim in one pass: a value containing `{{x}}` is not expanded. */
  render<Name extends PromptName>(name: Name, values: PromptValues<Name>): string;
}

/** Reads and checks every template in `directory` (default: the repository's `prompts/`). */
export async function loadPrompts(directory: string = DEFAULT_PROMPTS_DIR): Promise<Prompts> {
  const templates = new Map<PromptName, string>();
  for (const name of Object.keys(PROMPT_PLACEHOLDERS) as PromptName[]) {
    const file = path.join(directory, `${name}.md`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PromptTemplateError(file, code === 'ENOENT' ? 'không tìm thấy tệp' : `không đọc được tệp (${code ?? String(error)})`);
    }
    checkTemplate(file, text, PROMPT_PLACEHOLDERS[name]);
    templates.set(name, text.trim());
  }
  return {
    render(name, values) {
      const template = templates.get(name);
      if (template === undefined) throw new PromptTemplateError(`${name}.md`, 'mẫu chưa được nạp');
      const filled = values as Record<string, string>;
      return template.replace(PLACEHOLDER, (_, key: string) => {
        const value = filled[key];
        if (value === undefined) throw new PromptTemplateError(`${name}.md`, `thiếu giá trị cho {{${key}}}`);
        return value;
      });
    },
  };
}

function checkTemplate(file: string, text: string, required: readonly string[]): void {
  if (text.trim() === '') throw new PromptTemplateError(file, 'tệp rỗng');
  const found = new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string));
  const missing = required.filter((name) => !found.has(name));
  const unknown = [...found].filter((name) => !required.includes(name));
  const problems = [
    ...(missing.length > 0 ? [`thiếu chỗ điền ${missing.map((name) => `{{${name}}}`).join(', ')}`] : []),
    ...(unknown.length > 0
      ? [`chỗ điền không được hỗ trợ ${unknown.map((name) => `{{${name}}}`).join(', ')} (chỉ dùng: ${required.map((name) => `{{${name}}}`).join(', ') || 'không có'})`]
      : []),
  ];
  if (problems.length > 0) throw new PromptTemplateError(file, problems.join('; '));
}
