/**
 * The coordinator console's part of `npm run screenshots` (called by scripts/screenshots.ts): a coordinator added by
 * the officials CLI before the server starts, Telegram through a fake Bot API on loopback, and then, as people do it:
 * "/dangnhap" on Telegram, sign-in in the browser, invites made on /admin/can-bo and redeemed on Telegram, a few
 * progress reports confirmed by chat, one agency chased from the board. Writes docs/screenshots/admin-*.png.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FakeTelegramApi, sendAndAwaitReply } from '../src/channels/fake-telegram-api.ts';

export const ADMIN_TELEGRAM = { token: '123456:screenshots-token', secret: 'screenshots-webhook-secret', webhookUrl: 'https://bot.example.vn' };
const COORDINATOR = '8001';

/** Starts the fake Bot API; its root goes into the server's TELEGRAM_API_ROOT. */
export async function startFakeTelegram(): Promise<FakeTelegramApi> {
  const api = new FakeTelegramApi();
  await api.start();
  return api;
}

/** Adds the coordinator to the store in `dataDir` before the server holds it (the officials CLI). */
export function addCoordinator(root: string, env: NodeJS.ProcessEnv): void {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'officials', 'add', '--channel', 'telegram', '--user', COORDINATOR, '--agency', 'Sở Khoa học và Công nghệ', '--name', 'Trần Thu Hà', '--coordinator'],
    { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (run.status !== 0) throw new Error('officials add failed');
}

let updateId = 1;

async function telegram(api: FakeTelegramApi, base: string, userId: string, text: string): Promise<string> {
  updateId += 1;
  return sendAndAwaitReply(api, { base, secret: ADMIN_TELEGRAM.secret }, { updateId, chatId: Number(userId), text, firstName: 'Cán bộ' });
}

/** Officials invited from the console, who then report by chat: agency as listed, name, reports (task, words). */
const PEOPLE = [
  { userId: '8101', agency: 'Sở Y tế', name: 'Lê Minh Tuấn', reports: ['/capnhat PL1.29 đã triển khai tại 8 bệnh viện, đạt 60%', '/capnhat PL1.13 đã hoàn thành', '/capnhat PL2.137 đang khảo sát hiện trạng, đạt 20%'] },
  { userId: '8102', agency: 'Sở Giáo dục và Đào tạo', name: 'Phạm Thị Lan', reports: ['/capnhat PL1.15 đang xây dựng kế hoạch, đạt 30%', '/capnhat PL2.126 đã trình dự thảo, đạt 50%'] },
  { userId: '8103', agency: 'Sở Tài chính', name: 'Nguyễn Văn Bình', reports: [] },
  { userId: '8104', agency: 'Sở Nông nghiệp và Môi trường', name: 'Đỗ Văn Hùng', reports: [] },
];

export async function adminScreenshots(browser: Browser, base: string, api: FakeTelegramApi, out: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = async (name: string, fullPage = true) => {
    await page.screenshot({ path: path.join(out, name), fullPage });
    process.stdout.write(`docs/screenshots/${name}\n`);
  };
  await page.goto(`${base}/admin`);
  await shot('admin-sign-in.png', false);
  const reply = await telegram(api, base, COORDINATOR, '/dangnhap');
  const code = /: ([A-Z2-9]{8})\n/u.exec(reply)?.[1];
  if (!code) throw new Error(`no sign-in code in: ${reply}`);
  await page.goto(`${base}/admin/dang-nhap?ma=${code}`);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/admin`);

  for (const person of PEOPLE) {
    await page.goto(`${base}/admin/can-bo`);
    await page.getByLabel('Đơn vị').selectOption({ label: person.agency });
    await page.getByRole('button', { name: 'Tạo mã mời' }).click();
    const invite = (await page.locator('.code-shown').textContent())?.trim() ?? '';
    await telegram(api, base, person.userId, `/dangky ${invite}`);
    await telegram(api, base, person.userId, `Dạ em là ${person.name}`);
    for (const report of person.reports) {
      await telegram(api, base, person.userId, report);
      await telegram(api, base, person.userId, 'có');
    }
  }
  // The last invite stays on screen, as a coordinator sees it.
  await page.goto(`${base}/admin/can-bo`);
  await page.getByLabel('Đơn vị').selectOption({ label: 'Sở Nội vụ' });
  await page.getByRole('button', { name: 'Tạo mã mời' }).click();
  await shot('admin-officials.png');

  await page.goto(`${base}/admin/ky-bao-cao`);
  await page.getByRole('button', { name: 'Đôn đốc Sở Tài chính' }).click();
  await shot('admin-periods.png');
  await page.goto(`${base}/admin`);
  await shot('admin-dashboard.png');
  await page.goto(`${base}/admin/bao-cao`);
  await shot('admin-reports.png', false);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/admin/ky-bao-cao`);
  await shot('admin-periods-phone.png', false);
  await page.close();
}
