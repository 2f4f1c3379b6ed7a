/**
 * `npm run screenshots`: starts the real server (`src/main.ts serve`, a throw-away DATA_DIR) and a sample portal page
 * on another loopback origin allowed by WIDGET_ORIGINS, then writes docs/screenshots/*.png with headless Chromium:
 * the chat (desktop 1280×800, phone 360×740), a task page, a section page, a list page and the widget on the portal;
 * then the coordinator console (scripts/admin-screenshots.ts: sign-in, dashboard, period board, officials, reports)
 * and the 1022 desk (scripts/desk-screenshots.ts: sign-in, queue, a conversation, saved answers).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { addCoordinator, ADMIN_TELEGRAM, adminScreenshots, startFakeTelegram } from './admin-screenshots.ts';
import { addOperator, deskScreenshots } from './desk-screenshots.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3917);
const CHAT = `http://127.0.0.1:${PORT}`;

const portal = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử (mẫu)</title>
<style>body{margin:0;font-family:Georgia,serif;background:#fffdf7;color:#222}header{background:#a3151b;color:#fff;padding:1.2rem 2rem;font-size:1.6rem}main{padding:1.5rem 2rem;max-width:50rem}h2{color:#a3151b}</style></head>
<body><header>Cổng thông tin điện tử (trang mẫu)</header><main><h2>Tin tức – Sự kiện</h2>
<p>Trang mẫu của một cổng thông tin tỉnh, dán một thẻ &lt;script&gt; để mở trợ lý hỏi đáp.</p>
<p>Lorem ipsum tin tức hoạt động chỉ đạo, điều hành của tỉnh; thông báo, lịch công tác và văn bản mới ban hành.</p></main>
<script src="${CHAT}/widget.js" defer></script></body></html>`);
});
await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
const portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'screenshots-'));
// The console's screenshots need a coordinator (added before the server holds the store) and Telegram (a fake Bot API).
const telegram = await startFakeTelegram();
const serverEnv = { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', WIDGET_ORIGINS: portalUrl, LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_MINUTES: '0' };
addCoordinator(ROOT, serverEnv);
addOperator(ROOT, serverEnv);
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
  cwd: ROOT,
  env: { ...serverEnv, TELEGRAM_BOT_TOKEN: ADMIN_TELEGRAM.token, TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_WEBHOOK_URL: ADMIN_TELEGRAM.webhookUrl, TELEGRAM_WEBHOOK_SECRET: ADMIN_TELEGRAM.secret },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${CHAT}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (attempt > 240) throw new Error('the server did not start');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  const shot = async (name: string, viewport: { width: number; height: number }, go: (page: import('playwright-core').Page) => Promise<void>, fullPage = false) => {
    const page = await browser.newPage({ viewport });
    await go(page);
    await page.screenshot({ path: path.join(OUT, name), fullPage });
    await page.close();
    process.stdout.write(`docs/screenshots/${name}\n`);
  };
  const chat = async (page: import('playwright-core').Page) => {
    await page.goto(CHAT);
    for (const question of ['Ai chủ trì xây dựng kho dữ liệu dùng chung?']) {
      const count = await page.locator('#log .msg.assistant').count();
      await page.getByLabel('Câu hỏi của bạn').fill(question);
      await page.getByLabel('Câu hỏi của bạn').press('Enter');
      await page.locator('#log .msg.assistant').nth(count).waitFor();
    }
  };
  await shot('chat-desktop.png', { width: 1280, height: 800 }, chat);
  await shot('chat-phone.png', { width: 360, height: 740 }, chat);
  await shot('task-page.png', { width: 1280, height: 800 }, (page) => page.goto(`${CHAT}/nhiem-vu/PL2.4`).then(() => undefined), true);
  await shot('section-page.png', { width: 1280, height: 800 }, (page) => page.goto(`${CHAT}/muc/II.A.3.b`).then(() => undefined));
  await shot('list-page.png', { width: 1280, height: 800 }, (page) => page.goto(`${CHAT}/danh-sach?agency=so-yt`).then(() => undefined));
  await shot('list-page-phone.png', { width: 360, height: 740 }, (page) => page.goto(`${CHAT}/danh-sach?status=overdue`).then(() => undefined));
  await shot('widget.png', { width: 1280, height: 800 }, async (page) => {
    await page.goto(portalUrl);
    await page.getByRole('button', { name: 'Hỏi trợ lý' }).click();
    const frame = page.frameLocator('iframe');
    await frame.getByLabel('Câu hỏi của bạn').fill('Ai chủ trì xây dựng kho dữ liệu dùng chung?');
    await frame.getByLabel('Câu hỏi của bạn').press('Enter');
    await frame.locator('#log .msg.assistant').nth(1).waitFor();
  });
  await adminScreenshots(browser, CHAT, telegram, OUT);
  await deskScreenshots(browser, CHAT, telegram, OUT);
  await browser.close();
} finally {
  await telegram.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  portal.close();
  rmSync(dataDir, { recursive: true, force: true });
}
