/**
 * The coordinator console in headless Chromium: refusal without a session, sign-in with a code a coordinator got by
 * "/dangnhap" on Telegram (fake Bot API at the edge), every page with axe-core (WCAG 2.1 A/AA, 0 violations), a
 * chart's data table opened (details/summary: the pages carry no script, their CSP allows none), a .docx
 * downloaded, sign-out. One browser and one server.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_MESSAGES } from '../../src/engine/messages.ts';
import { CHROMIUM_PATH, launchChromium } from '../channels/support.ts';
import { startConsole, type ConsoleHarness } from './support.ts';
import { axeViolations } from '../support/axe.ts';

const hasChromium = existsSync(CHROMIUM_PATH);
const M = CONSOLE_MESSAGES.admin;
const S = CONSOLE_MESSAGES.staff;

describe.skipIf(!hasChromium)('the coordinator console in headless Chromium', () => {
  let h: ConsoleHarness;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [h, browser] = await Promise.all([startConsole('console_browser'), launchChromium()]);
    await h.official('7201', 'so-khcn', 'Trần Điều Phối', 'coordinator');
    await h.official('7202', 'so-yt', 'Lê Y Tế');
    const context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(5_000);
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('signs in with a code from Telegram, shows every page without an axe violation, downloads a report, signs out', async () => {
    // Without a session: the sign-in page, which passes axe too.
    await page.goto(`${h.service.url}/admin/ky-bao-cao`);
    expect(new URL(page.url()).pathname).toBe('/admin/dang-nhap');
    expect(await axeViolations(page)).toEqual([]);

    const code = await h.codeFor('7201');
    await page.goto(`${h.service.url}/admin/dang-nhap?ma=${code}`);
    await page.getByRole('button', { name: S.signInButton }).click();
    await page.waitForURL(`${h.service.url}/admin`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(M.dashboard.title);
    expect(await page.locator('svg[role=img]').count()).toBe(4);
    expect(await axeViolations(page)).toEqual([]);
    // A chart's figures open as a table without JavaScript (details/summary).
    await page.locator('#chart-blocks-table').locator('xpath=ancestor::details').locator('summary').click();
    expect(await page.locator('#chart-blocks-table').isVisible()).toBe(true);

    for (const [name, heading] of [
      [M.nav.periods, M.periods.title],
      [M.nav.officials, M.officials.title],
      [M.nav.reports, M.reports.title],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(heading);
      expect(await axeViolations(page), name).toEqual([]);
    }

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: new RegExp(`^${M.reports.docx}`, 'u') }).first().click();
    const file = await (await download).path();
    expect(readFileSync(file!).subarray(0, 2).toString()).toBe('PK');

    await page.getByRole('button', { name: S.signOut }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/dang-nhap');
    await page.goto(`${h.service.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/dang-nhap');
  });
});
