/**
 * The web chat as a citizen uses it: `serve` with the real engine over a real store, the page in headless
 * Chromium, a question typed without diacritics, the cited answer on screen.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serve, type RunningService } from '../../src/cli/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment, engineOver, realSnapshot } from '../support/knowledge.ts';
import { CapturingLogger, CHROMIUM_PATH, launchChromium, siteOf } from './support.ts';

const CHROMIUM = CHROMIUM_PATH;
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('web chat with the real engine in headless Chromium', () => {
  let browser: Browser;
  let service: RunningService;
  let store: StoreHandle;

  beforeAll(async () => {
    // The real PostgreSQL when configured (it opens much faster than a migrated PGlite), else PGlite.
    store = await engines('web_chat_test').at(-1)!.open();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/tmp/web-chat-test-unused' });
    const snapshot = await realSnapshot();
    service = await serve({ config, engine: engineOver(snapshot), site: siteOf(deployment(), snapshot), db: store.db, logger: new CapturingLogger() });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await store?.dispose();
  });

  it('answers a question typed without diacritics, with its source, and refuses an off-topic one', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(service.url);
    const { webChat } = siteOf(deployment(), await realSnapshot());
    expect(await page.locator('header h1').textContent()).toBe(webChat.title);
    expect(await page.locator('header p').textContent()).toBe(webChat.subtitle);
    const input = page.getByLabel('Câu hỏi của bạn');
    await input.fill('ai lam kho du lieu dung chung cua tinh');
    await input.press('Enter');
    const answer = page.locator('.msg.assistant').last();
    await answer.locator('.text', { hasText: 'Sở Khoa học và Công nghệ' }).waitFor({ timeout: 10_000 });
    expect(await answer.locator('.chip').allTextContents()).toContain('PL2.4');

    await input.fill('Giá vàng hôm nay bao nhiêu?');
    await input.press('Enter');
    await page.locator('.msg.assistant .text', { hasText: deployment().hotlineNumber }).last().waitFor({ timeout: 10_000 });
    expect(await page.locator('.msg.assistant').last().locator('.chip').count()).toBe(0);
    await page.close();
  });
});
