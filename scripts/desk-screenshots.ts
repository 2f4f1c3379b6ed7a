/**
 * The 1022 desk's part of `npm run screenshots` (called by scripts/screenshots.ts after the console's): an operator
 * added by the officials CLI before the server starts (`--role operator`), citizens on Telegram (the fake Bot API the
 * console's part started) who ask for a person, "/dangnhap" from the operator, sign-in in the browser, the queue,
 * a conversation with the assistant's attempts, a reply and a saved answer. Writes docs/screenshots/desk-*.png.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { sendAndAwaitReply, type FakeTelegramApi } from '../src/channels/fake-telegram-api.ts';
import { ADMIN_TELEGRAM } from './admin-screenshots.ts';

const OPERATOR = '8301';

/** Adds the operator to the store in `dataDir` before the server holds it. */
export function addOperator(root: string, env: NodeJS.ProcessEnv): void {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', 'officials', 'add', '--channel', 'telegram', '--user', OPERATOR, '--agency', 'Sở Khoa học và Công nghệ', '--name', 'Đỗ Thị Mai', '--role', 'operator'],
    { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (run.status !== 0) throw new Error('officials add --role operator failed');
}

let updateId = 5000;

/** One Telegram message through the webhook; resolves with the bot's reply to that chat. */
async function telegram(api: FakeTelegramApi, base: string, userId: string, text: string): Promise<string> {
  updateId += 1;
  return sendAndAwaitReply(api, { base, secret: ADMIN_TELEGRAM.secret }, { updateId, chatId: Number(userId), text, firstName: 'Người dân' });
}

export async function deskScreenshots(browser: Browser, base: string, api: FakeTelegramApi, out: string): Promise<void> {
  // Two citizens wait; the first asked something the documents do not answer, then for a person.
  await telegram(api, base, '8201', 'Tôi muốn xin cấp phép tổ chức hội thảo khoa học thì làm thủ tục ở đâu?');
  await telegram(api, base, '8201', 'cho tôi gặp tổng đài viên');
  await telegram(api, base, '8201', 'Có');
  await telegram(api, base, '8201', 'Hội thảo dự kiến tổ chức vào tháng 3 năm sau, khoảng 100 người tham dự.');
  await telegram(api, base, '8202', 'Giá vàng hôm nay bao nhiêu?');
  await telegram(api, base, '8202', 'thủ tục cấp lại căn cước công dân');
  await telegram(api, base, '8202', 'có');

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = async (name: string, fullPage = true) => {
    await page.screenshot({ path: path.join(out, name), fullPage });
    process.stdout.write(`docs/screenshots/${name}\n`);
  };
  const reply = await telegram(api, base, OPERATOR, '/dangnhap');
  const link = /\/desk\/dang-nhap\?ma=[A-Z0-9]+/u.exec(reply)?.[0];
  if (!link) throw new Error(`no desk sign-in link in: ${reply}`);
  await page.goto(`${base}${link}`);
  await shot('desk-sign-in.png', false);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/desk`);
  await shot('desk-queue.png');

  await page.locator('tbody tr', { hasText: 'hội thảo khoa học' }).getByRole('link').click();
  await page.getByLabel('Câu trả lời gửi người hỏi').fill('Hồ sơ xin phép tổ chức hội thảo khoa học nộp tại Bộ phận một cửa của Sở Khoa học và Công nghệ (giờ hành chính), gồm đơn đề nghị và chương trình hội thảo.');
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();
  await page.getByText('Đã gửi câu trả lời.').waitFor();
  await shot('desk-conversation.png');
  const conversation = page.url();
  await page.getByRole('button', { name: 'Lưu làm câu trả lời mẫu' }).click();
  await page.getByText(/Đã lưu câu trả lời mẫu/u).waitFor();
  await shot('desk-saved-answers.png', false);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(conversation.split('?')[0]!);
  await shot('desk-conversation-phone.png', false);
  await page.close();
}
