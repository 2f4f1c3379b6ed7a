/**
 * The web chat as the province's Q&A page, in headless Chromium over the real engine and every loaded document:
 * the pages citations open (task, section, document, list, 404), the chat's layout, links, suggestions,
 * persistence and visibility of the newest answer, accessibility (axe-core, keyboard, live region, zoom), the
 * portal widget on an allowed and a refused origin, and the weight of each page. One browser and one chat server
 * for the whole file; two tiny "portal" servers on other loopback origins.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Gateway } from '../../src/channels/gateway.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { webPageRoutes } from '../../src/channels/web-pages.ts';
import { widgetRoute } from '../../src/channels/widget.ts';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { itemKey, type KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import type { LatestStatus } from '../../src/status/rules.ts';
import { deployment, engineOver, multiSnapshot } from '../support/knowledge.ts';
import { CapturingLogger, CHROMIUM_PATH, launchChromium, pingOnlyDatabase, siteOf } from './support.ts';
import { axeViolations } from '../support/axe.ts';

const hasChromium = existsSync(CHROMIUM_PATH);
const W = CHANNEL_MESSAGES.webChat;
const P = CHANNEL_MESSAGES.webPages;
const TODAY = '2026-03-01';
const OFFICIAL = 'Nguyễn Văn Bí Mật';
const HOSTILE_NOTE = 'Đã trình dự thảo <img src=x onerror="window.__pwned=1"> & chờ ý kiến';

interface Portal {
  server: Server;
  origin: string;
}

/** A stand-in for a province portal: its own hostile CSS, and the one script tag. */
async function startPortal(chatUrl: () => string): Promise<Portal> {
  const server = createServer((_request, response) => {
    const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin thử nghiệm</title>
<style>*{font-family:serif!important;color:#7a0000!important}button{background:#ff00ff!important;font-size:40px!important}.portal-button{border:5px dotted green}</style></head>
<body><h1>Cổng thông tin điện tử (thử nghiệm)</h1><p>Tin tức, thông báo của tỉnh.</p><button class="portal-button" type="button">Nút của cổng</button>
<script src="${chatUrl()}/widget.js" defer></script></body></html>`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function ask(page: Page, question: string): Promise<import('playwright-core').Locator> {
  const before = await page.locator('#log .msg.assistant').count();
  const input = page.getByLabel(W.inputLabel);
  await input.fill(question);
  await input.press('Enter');
  await page.locator('#log .msg.assistant').nth(before).waitFor({ timeout: 10_000 });
  return page.locator('#log .msg.assistant').nth(before);
}

/** The element is inside the viewport and nothing covers its bottom edge. */
async function fullyVisible(locator: import('playwright-core').Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight + 0.5) return false;
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.bottom - 4);
    return hit !== null && element.contains(hit);
  });
}

describe.skipIf(!hasChromium)('the Q&A page, its source pages and the portal widget in headless Chromium', () => {
  let browser: Browser;
  let server: RunningHttpServer;
  let snapshot: KnowledgeSnapshot;
  let allowed: Portal;
  let refused: Portal;
  let statusTaskKey: string;
  let health: string;

  beforeAll(async () => {
    snapshot = await multiSnapshot();
    health = snapshot.agencies.tryResolve('Sở Y tế')!.id;
    const task = snapshot.task('719:PL2.11')!;
    statusTaskKey = itemKey(task);
    const leadId = [...snapshot.agencies.namedIds(task.lead)][0]!;
    const status: LatestStatus = {
      updateId: 7,
      taskKey: statusTaskKey,
      agencyId: leadId,
      status: 'dang_trien_khai',
      percent: 60,
      note: `${HOSTILE_NOTE} (liên hệ ${OFFICIAL} 0912345678)`,
      publicNote: HOSTILE_NOTE,
      evidenceUrl: null,
      officialName: OFFICIAL,
      updatedAt: new Date('2026-02-20T03:00:00Z'),
    };
    const statuses = new Map([[statusTaskKey, [status]]]);
    let chatUrl = '';
    allowed = await startPortal(() => chatUrl);
    refused = await startPortal(() => chatUrl);
    const engine = engineOver(snapshot, { statuses: async () => statuses });
    const metrics = new Metrics();
    const logger = new CapturingLogger();
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 1000, maxMessageChars: 2000 }, logger, metrics });
    const { webChat } = siteOf(deployment(), snapshot);
    server = await startHttpServer({ webChat, frameAncestors: [allowed.origin], host: '127.0.0.1', port: 0, maxMessageChars: 2000, gateway, db: pingOnlyDatabase(true), metrics, logger });
    server.addRoutes([widgetRoute(), ...webPageRoutes({ knowledge: () => snapshot, statuses: () => statuses, today: () => TODAY, site: webChat, frameAncestors: [allowed.origin] })]);
    chatUrl = server.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    for (const portal of [allowed, refused]) await new Promise((resolve) => portal?.server.close(resolve));
  });

  it('shows a task card with every field and the public status, escaped, without the official, and without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/nhiem-vu/${encodeURIComponent('719:PL2.11')}`);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).not.toMatch(/script-src/);
    const task = snapshot.task('719:PL2.11')!;
    expect(await page.locator('h1').textContent()).toBe(P.taskTitle('719:PL2.11'));
    const card = page.locator('.card');
    const labels = await card.locator('dt').allTextContents();
    for (const label of [P.name, P.lead, P.partners, P.deadlinePrinted, P.deadlineNormalised, P.funding, P.code, P.group, P.block, P.appendix, P.document]) expect(labels).toContain(label);
    const text = (await card.textContent())!;
    expect(text).toContain(task.deadline.text);
    expect(text).toContain(task.code!);
    expect(text).toContain(task.group!.title);
    const lead = snapshot.agencies.byId([...snapshot.agencies.namedIds(task.lead)][0]!)!;
    expect(text).toContain(lead.name);
    // The status: label, percent, date, the public note as text; never the official's name or private words.
    const status = page.locator('table tbody tr');
    expect(await status.count()).toBe(1);
    const cells = await status.locator('td').allTextContents();
    expect(cells).toEqual([snapshot.agencies.displayName(lead.id), 'đang triển khai', '60%', '20/02/2026', HOSTILE_NOTE]);
    const html = await page.content();
    expect(html).not.toContain(OFFICIAL);
    expect(html).not.toContain('0912345678');
    expect(await page.locator('img').count()).toBe(0);
    // Links to the document's page and the list of its tasks.
    await page.getByRole('link', { name: new RegExp(`^${P.documentPage}`) }).click();
    expect(await page.locator('h1').textContent()).toContain('719/QĐ-UBND');
    await page.getByRole('link', { name: new RegExp(`^${P.documentTasks}`) }).click();
    expect(page.url()).toContain('/danh-sach?document=719');
    await context.close();
  });

  it('resolves bare and qualified ids of tasks and sections, and answers an unknown one with a Vietnamese 404', async () => {
    const page = await browser.newPage();
    const onlyIn617 = snapshot.tasks.find((task) => task.documentId === '617')!;
    const bare = snapshot.tasks.filter((task) => task.id === onlyIn617.id).length === 1;
    if (bare) expect((await page.goto(`${server.url}/nhiem-vu/${encodeURIComponent(onlyIn617.id)}`))!.status()).toBe(200);
    expect((await page.goto(`${server.url}/nhiem-vu/${encodeURIComponent(`617:${onlyIn617.id}`)}`))!.status()).toBe(200);

    const section = snapshot.section('719:II.A.3')!;
    expect(section).toBeTruthy();
    expect((await page.goto(`${server.url}/muc/${encodeURIComponent('719:II.A.3')}`))!.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(P.sectionTitle('719:II.A.3'));
    expect(await page.locator('.section-text').textContent()).toBe(section.text);
    // In context: the parent and the children link to their own pages.
    expect(await page.getByRole('link', { name: /^II\.A — / }).count()).toBe(1);
    const children = snapshot.sections.filter((candidate) => candidate.documentId === '719' && /^II\.A\.3\.[^.]+$/u.test(candidate.id));
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(await page.locator(`a[href="/muc/719:${encodeURIComponent(child.id)}"]`).count()).toBe(1);
    const opening = snapshot.sections.find((candidate) => candidate.id === 'MĐ');
    if (opening) expect((await page.goto(`${server.url}/muc/${encodeURIComponent(`${opening.documentId}:MĐ`)}`))!.status()).toBe(200);

    for (const path of [`/nhiem-vu/${encodeURIComponent('<b>PL9.99</b>')}`, '/muc/%E0%A4%A', '/van-ban/khong-co', '/nhiem-vu/']) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response!.status(), path).toBe(404);
      expect(await page.locator('h1').textContent()).toBe(P.notFoundTitle);
      expect(await page.getByRole('link', { name: P.backToChat }).getAttribute('href')).toBe('/');
    }
    expect(await page.content()).not.toContain('<b>PL9.99</b>');
    await page.close();
  });

  it('filters the list by agency, deadline window, status and document with a plain form (no JavaScript)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/danh-sach`);
    const count = async () => Number((await page.locator('p[role="status"]').textContent())!.match(/\d+/u)![0]);
    expect(await count()).toBe(snapshot.tasks.length);
    expect(await page.locator('tbody tr').count()).toBe(50);
    await page.getByLabel(P.filterDocument, { exact: true }).selectOption('719');
    await page.getByRole('button', { name: P.apply }).click();
    expect(page.url()).toContain('document=719');
    expect(await count()).toBe(snapshot.tasks.filter((task) => task.documentId === '719').length);
    await page.getByLabel(P.filterAgency, { exact: true }).selectOption(health);
    await page.getByLabel(P.filterRole).selectOption('lead');
    await page.getByLabel(P.filterTo).fill('2026-12-31');
    await page.getByRole('button', { name: P.apply }).click();
    const expected = snapshot.tasks.filter(
      (task) => task.documentId === '719' && snapshot.agencies.namedIds(task.lead).has(health) && task.deadline.kind !== 'none' && 'due' in task.deadline && task.deadline.due <= '2026-12-31',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await count()).toBe(expected.length);
    expect(await page.locator('tbody tr td:first-child a').allTextContents()).toEqual(expect.arrayContaining(expected.map((task) => snapshot.cite(task))));
    // Status: the one task with a report is "đang triển khai"; overdue is by the rules, as of TODAY.
    await page.goto(`${server.url}/danh-sach?status=dang_trien_khai`);
    expect(await page.locator('tbody tr td:first-child a').allTextContents()).toEqual(['719:PL2.11']);
    await page.goto(`${server.url}/danh-sach?status=overdue&document=719`);
    const overdue = await count();
    expect(overdue).toBeGreaterThan(0);
    expect(await page.locator('.badge.late').count()).toBe(Math.min(overdue, 50));
    await page.goto(`${server.url}/danh-sach?from=2099-01-01`);
    expect(await page.getByText(P.empty).count()).toBe(1);
    // A partner filter (an answer's "A phối hợp với B" list) is said on the page, kept by the form, and removable.
    const communes = 'ubnd-xa';
    const withCommunes = snapshot.tasks.filter((task) => task.documentId === '719' && snapshot.agencies.namedIds(task.partners).has(communes));
    expect(withCommunes.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/danh-sach?document=719&partner=${communes}`);
    expect(await count()).toBe(withCommunes.length);
    expect(await page.getByText(P.partnerFilter(snapshot.agencies.byId(communes)!.name)).count()).toBe(1);
    await page.getByRole('button', { name: P.apply }).click();
    await page.waitForURL(/partner=ubnd-xa/u);
    expect(await count()).toBe(withCommunes.length);
    await page.getByRole('link', { name: P.partnerFilterRemove }).click();
    await page.waitForURL((url) => !url.search.includes('partner'));
    expect(await count()).toBeGreaterThan(withCommunes.length);
    await page.goto(`${server.url}/danh-sach?document=719&partner=khong-co`);
    expect(await page.getByText(P.partnerFilterRemove).count()).toBe(0);
    await context.close();
  });

  it('lays out the chat: issuing body, plain name, footer, suggestions; citations and "Xem tất cả" open the pages', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (entry) => (entry.type() === 'error' ? errors.push(entry.text()) : undefined));
    const response = await page.goto(server.url);
    expect(response!.headers()['content-security-policy']).toContain(`frame-ancestors 'self' ${allowed.origin}`);
    const d = deployment();
    expect(await page.locator('header .issuer').textContent()).toBe(d.issuingBody);
    expect(await page.locator('header h1').textContent()).toBe(W.title(d));
    expect(await page.locator('header h1').textContent()).not.toContain('KH,CN');
    const footer = (await page.locator('footer').textContent())!;
    expect(footer).toContain(d.hotlineNumber);
    expect(footer).toContain(W.disclaimer);
    expect(await page.locator('footer').getByRole('link', { name: d.portal }).getAttribute('href')).toBe(d.portalUrl);
    expect(await page.locator('#suggestions button').allTextContents()).toEqual([...W.suggestions]);

    // A suggestion asks; the answer's list links to the whole list with its filters.
    await page.getByRole('button', { name: W.suggestions[0] }).click();
    const answer = page.locator('#log .msg.assistant').nth(1);
    await answer.waitFor({ timeout: 10_000 });
    expect(await answer.locator('.text').textContent()).toContain('Sở Y tế');
    expect(await page.locator('#suggestions button').allTextContents()).toEqual([...W.followUps.agency_tasks!]);
    const seeAll = answer.getByRole('link', { name: W.seeAll });
    expect(await seeAll.getAttribute('href')).toMatch(new RegExp(`^/danh-sach\\?(document=719&)?agency=${health}$`, 'u'));
    // Every citation of a task is a link to its page.
    const first = answer.locator('a.chip').first();
    const id = (await first.textContent())!;
    expect(await first.getAttribute('href')).toBe(`/nhiem-vu/${id}`);
    await seeAll.click();
    await page.waitForURL(/\/danh-sach/u);
    const listed = Number((await page.locator('p[role="status"]').textContent())!.match(/\d+/u)![0]);
    const agencyTasks = snapshot.tasks.filter((task) => task.documentId === '719' && (snapshot.agencies.namedIds(task.lead).has(health) || snapshot.agencies.namedIds(task.partners).has(health)));
    expect(listed).toBe(agencyTasks.length);
    await page.goBack();
    await page.locator('#log .msg.assistant').nth(1).locator('a.chip').first().click();
    await page.waitForURL(/\/nhiem-vu\//u);
    expect(await page.locator('h1').textContent()).toBe(P.taskTitle(id));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the conversation across reloads (escaped), and "Cuộc trò chuyện mới" starts afresh', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    const answer = await ask(page, 'ai ky quyet dinh 719');
    const text = await answer.locator('.text').textContent();
    await page.reload();
    expect(await page.locator('#log .msg').count()).toBe(3);
    expect(await page.locator('#log .msg.assistant').last().locator('.text').textContent()).toBe(text);
    expect(await page.locator('#log .msg.user .text').textContent()).toBe('ai ky quyet dinh 719');
    // The same conversation goes on: its id was kept.
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('assistant-chat-v1')!).conversationId);
    expect(kept).toMatch(/^[A-Za-z0-9_-]+$/u);

    // Stored text is rendered as text, whatever it holds.
    await page.evaluate(() => {
      localStorage.setItem('assistant-chat-v1', JSON.stringify({ conversationId: null, messages: [{ role: 'assistant', text: '<img src=x onerror="window.__pwned=1">', citations: [{ id: '"><img src=x>', kind: 'task' }] }] }));
    });
    await page.reload();
    expect(await page.locator('#log img').count()).toBe(0);
    expect(await page.locator('#log .msg.assistant .text').last().textContent()).toBe('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    await page.getByRole('button', { name: W.newConversation }).click();
    expect(await page.locator('#log .msg').count()).toBe(1);
    await page.reload();
    expect(await page.locator('#log .msg').count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('assistant-chat-v1'))).toBeNull();
    await context.close();
  });

  it('keeps the newest answer fully visible on a 360 px phone and on a desktop; the placeholder fits', async () => {
    for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
      const page = await browser.newPage({ viewport });
      await page.goto(server.url);
      // Several exchanges, so the page scrolls: the last one must not hide under anything.
      await ask(page, 'Sở Y tế phải làm gì?');
      const short = await ask(page, 'ai ky quyet dinh 719');
      expect(await fullyVisible(short), `${viewport.width} px`).toBe(true);
      const long = await ask(page, 'Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào?');
      const top = await long.evaluate((element) => element.getBoundingClientRect().top);
      expect(top, `${viewport.width} px: the top of a long answer`).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThan(viewport.height / 2);
      const fits = await page.locator('#question').evaluate((element: HTMLTextAreaElement) => {
        const style = getComputedStyle(element);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return context.measureText(element.placeholder).width <= room * Number(element.rows);
      });
      expect(fits, `${viewport.width} px placeholder`).toBe(true);
      // Nothing wider than the window.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.close();
    }
  });

  it('has no axe-core WCAG 2.1 AA violations on the chat, a task, a section, a document, a list and a 404 page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await ask(page, 'Sở Y tế phải làm gì?');
    expect(await axeViolations(page), 'chat').toEqual([]);
    for (const path of ['/nhiem-vu/719:PL2.11', '/muc/719:II.A.3', '/van-ban/719', '/danh-sach?document=719&status=overdue', '/nhiem-vu/KHONG-CO']) {
      await page.goto(`${server.url}${path}`);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await page.close();
  });

  it('works by keyboard alone, announces answers in a live region, and reflows at 200 % zoom', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(W.skipToInput);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    await page.keyboard.type('ai ky quyet dinh 719');
    await page.keyboard.press('Enter');
    await page.locator('#log .msg.assistant').nth(1).waitFor({ timeout: 10_000 });
    expect(await page.locator('#live').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#live').textContent()).toBe(await page.locator('#log .msg.assistant').nth(1).locator('.text').textContent());
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    // Shift+Tab from the input reaches the suggestions, then the answer's source link; Enter opens it.
    for (let step = 0; step < 12; step += 1) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate(() => document.activeElement?.classList.contains('chip'))) break;
    }
    expect(await page.evaluate(() => document.activeElement?.classList.contains('chip'))).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/van-ban\/|\/muc\/|\/nhiem-vu\//u);
    await page.close();

    // 200 % zoom of a 1280 px window is a 640 px wide CSS viewport: no horizontal scrolling on any page.
    const zoomed = await browser.newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    for (const path of ['/', '/nhiem-vu/719:PL2.11', '/muc/719:II.A.3', '/danh-sach']) {
      await zoomed.goto(`${server.url}${path}`);
      expect(await zoomed.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
    }
    await zoomed.close();
  });

  it('opens the chat in a panel on an allowed portal, without style leaking, and is refused on another origin', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(allowed.origin);
    const open = page.getByRole('button', { name: W.widgetOpen });
    await open.waitFor();
    // The portal's `button{background:#ff00ff!important}` does not reach the widget, nor the widget's styles the portal.
    expect(await open.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(11, 79, 156)');
    expect(await page.locator('.portal-button').evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(255, 0, 255)');
    await open.click();
    const frame = page.frameLocator('iframe[title="' + W.widgetFrameTitle + '"]');
    await frame.locator('#question').waitFor({ timeout: 10_000 });
    expect(await frame.locator('body').getAttribute('class')).toBe('embed');
    await frame.locator('#question').fill('ai ky quyet dinh 719');
    await frame.locator('#question').press('Enter');
    await frame.locator('#log .msg.assistant').nth(1).waitFor({ timeout: 10_000 });
    // A citation inside the panel opens in a new tab, not inside the portal's frame.
    expect(await frame.locator('a.chip').first().getAttribute('target')).toBe('_blank');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: W.widgetClose }).click().catch(() => undefined);
    await page.close();

    const other = await browser.newPage();
    const refusedFrame = new Promise<string>((resolve) => other.on('console', (entry) => (/frame-ancestors/u.test(entry.text()) ? resolve(entry.text()) : undefined)));
    await other.goto(refused.origin);
    await other.getByRole('button', { name: W.widgetOpen }).click();
    expect(await refusedFrame).toContain(refused.origin === allowed.origin ? 'x' : 'frame-ancestors');
    expect(await other.frameLocator('iframe').locator('#question').count()).toBe(0);
    await other.close();
  });

  // Sizes, not times: a timed check fails on a busy machine and proves nothing (first paint is for a benchmark).
  it('keeps every page under 100 KB with no external assets', async () => {
    const sizes: Record<string, number> = {};
    for (const path of ['/', '/nhiem-vu/719:PL2.11', '/muc/719:II.A.3', '/van-ban/719', '/danh-sach', '/widget.js']) {
      const response = await fetch(`${server.url}${path}`);
      const body = await response.text();
      sizes[path] = Buffer.byteLength(body);
      expect(sizes[path], path).toBeLessThan(100 * 1024);
      expect(body, path).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/iu);
    }
  });
});
