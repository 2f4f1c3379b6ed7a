import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Gateway } from '../../src/channels/gateway.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { CapturingLogger, CHROMIUM_PATH, DOCUMENT_CITATION, launchChromium, pingOnlyDatabase, TEST_WEB_CHAT, TestEngine } from './support.ts';

const CHROMIUM = CHROMIUM_PATH;
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)(`web chat in headless Chromium (${hasChromium ? CHROMIUM : 'skipped: /usr/bin/chromium not installed; apt-get install -y chromium'})`, () => {
  let browser: Browser;
  let server: RunningHttpServer;
  let engine: TestEngine;

  beforeAll(async () => {
    engine = new TestEngine();
    const metrics = new Metrics();
    const logger = new CapturingLogger();
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 500 }, logger, metrics });
    server = await startHttpServer({ webChat: TEST_WEB_CHAT, host: '127.0.0.1', port: 0, maxMessageChars: 500, gateway, db: pingOnlyDatabase(true), metrics, logger });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('types a question, presses Enter, and shows the answer with its citation chips', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (entry) => {
      if (entry.type() === 'error') errors.push(entry.text());
    });
    await page.goto(server.url);
    expect(await page.title()).toBe(TEST_WEB_CHAT.title);
    expect(await page.locator('header h1').textContent()).toBe(TEST_WEB_CHAT.title);
    expect(await page.locator('header p').textContent()).toBe(TEST_WEB_CHAT.subtitle);
    expect(await page.locator('.msg.assistant .text').first().textContent()).toBe(TEST_WEB_CHAT.welcome);
    const input = page.getByLabel('Câu hỏi của bạn');
    await input.fill('Sở KH&CN chủ trì nhiệm vụ nào?');
    await input.press('Enter');
    const answer = page.locator('.msg.assistant').last();
    await answer.locator('.text', { hasText: 'Trả lời cho: Sở KH&CN chủ trì nhiệm vụ nào?' }).waitFor({ timeout: 10_000 });
    // A citation with a label shows the label, one without it its id.
    expect(await answer.locator('.chip').allTextContents()).toEqual(['PL2.11', DOCUMENT_CITATION.label]);
    expect(await page.locator('.msg.user .text').last().textContent()).toBe('Sở KH&CN chủ trì nhiệm vụ nào?');
    expect(await input.inputValue()).toBe('');
    expect(engine.calls).toHaveLength(1);

    // A confirmation's buttons are real buttons reachable by keyboard; pressing one sends its data.
    await input.fill('xác nhận cập nhật');
    await input.press('Enter');
    const yes = page.getByRole('button', { name: 'Có' });
    await yes.waitFor();
    await yes.focus();
    await page.keyboard.press('Enter');
    await page.locator('.msg.assistant .text', { hasText: 'Đã ghi nhận cập nhật.' }).waitFor();
    expect(engine.calls.map((call) => call.text)).toEqual(['Sở KH&CN chủ trì nhiệm vụ nào?', 'xác nhận cập nhật', 'có']);
    expect(new Set(engine.calls.map((call) => call.conversationId)).size).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
