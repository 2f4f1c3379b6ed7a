import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_DIR, loadPrompts, PromptTemplateError } from '../../src/llm/prompts.ts';

const temporary: string[] = [];
async function copyOfPrompts(): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'prompts-'));
  temporary.push(directory);
  await cp(DEFAULT_PROMPTS_DIR, directory, { recursive: true });
  return directory;
}
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

describe('loadPrompts', () => {
  it('loads the repository prompts and fills placeholders in one pass', async () => {
    const prompts = await loadPrompts();
    const text = prompts.render('compose', { question: 'Hạn {{records}}?', records: '[R1] …', extractive: 'Tháng 12/2025.' });
    expect(text).toContain('Hạn {{records}}?');
    expect(text).toContain('[R1] …');
    expect(text).not.toMatch(/\{\{\s*(question|extractive)\s*\}\}/u);
  });

  it('the compose prompt asks for Vietnamese, records only, [Rn] citations and says what to do without an answer', async () => {
    const text = (await loadPrompts()).render('compose', { question: 'q', records: 'r', extractive: 'e' });
    expect(text).toMatch(/tiếng Việt/u);
    expect(text).toMatch(/CHỈ dựa vào các bản ghi/u);
    expect(text).toContain('[R1]');
    expect(text).toContain('KHONG_DU_THONG_TIN');
  });

  it('fails with a clear message when a placeholder is missing', async () => {
    const directory = await copyOfPrompts();
    await writeFile(path.join(directory, 'compose.md'), 'Trả lời câu hỏi {{question}} từ {{records}}.');
    const error = await loadPrompts(directory).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PromptTemplateError);
    expect((error as Error).message).toContain('compose.md');
    expect((error as Error).message).toContain('thiếu chỗ điền {{extractive}}');
  });

  it('fails when a placeholder is unknown', async () => {
    const directory = await copyOfPrompts();
    await writeFile(path.join(directory, 'rewrite.md'), '{{history}} {{question}} {{secret}}');
    await expect(loadPrompts(directory)).rejects.toThrow(/rewrite\.md.*chỗ điền không được hỗ trợ \{\{secret\}\}/u);
  });

  it('fails when a file is missing', async () => {
    const directory = await copyOfPrompts();
    await rm(path.join(directory, 'understand.md'));
    await expect(loadPrompts(directory)).rejects.toThrow(/understand\.md không dùng được: không tìm thấy tệp/u);
  });
});
