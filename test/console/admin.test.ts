/**
 * The coordinator console over HTTP on a real loopback server (the serve command's wiring, Telegram through a fake
 * Bot API): refusal without a session, sign-in with a code got by "/dangnhap", CSRF, invites and deactivation while
 * the server runs, a chase sent once, report downloads, sign-out. One server and one store for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/channels/html.ts';
import { SESSION_COOKIE } from '../../src/channels/http.ts';
import { CONSOLE_MESSAGES, OFFICIALS_MESSAGES } from '../../src/engine/messages.ts';
import { addDays, todayInVietnam } from '../../src/text/dates.ts';
import { startConsole, type ConsoleHarness } from './support.ts';

const COORDINATOR = '7101';
const OFFICIAL = '7102';
const OTHER = '7103';
/** Agencies of the real knowledge that lead tasks (the chase targets), and the coordinator's. */
const HEALTH = 'so-yt';
const FINANCE = 'so-tc';

let h: ConsoleHarness;

beforeAll(async () => {
  h = await startConsole('console_http', { publicBaseUrl: 'https://tro-ly.example.gov.vn' });
  await h.official(COORDINATOR, 'so-khcn', 'Trần Điều Phối', 'coordinator');
  await h.official(OFFICIAL, HEALTH, 'Lê Y Tế');
  await h.official(OTHER, FINANCE, 'Phạm Tài Chính');
});
afterAll(async () => {
  await h?.close();
});

const get = (path: string, cookie?: string) => fetch(`${h.service.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${h.service.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/u.exec(html)?.[1] ?? '';

async function signIn(userId = COORDINATOR): Promise<{ cookie: string; csrf: string }> {
  const code = await h.codeFor(userId);
  const response = await post('/admin/dang-nhap', { ma: code });
  expect(response.status).toBe(303);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const page = await get('/admin', cookie);
  return { cookie, csrf: csrfOf(await page.text()) };
}

describe('the coordinator console over HTTP', () => {
  it('sends strangers to the sign-in page from every page, and the sign-in page explains how to get a code', async () => {
    for (const path of ['/admin', '/admin/ky-bao-cao', '/admin/can-bo', '/admin/bao-cao', '/admin/bao-cao/tai?ky=2026-Q4&dinh-dang=docx', '/admin/khong-co']) {
      const response = await get(path, 'admin_sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location'), path).toBe('/admin/dang-nhap');
    }
    const page = await get('/admin/dang-nhap');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('/dangnhap');
    expect(html).toContain('name="ma"');
  });

  it('answers /dangnhap with a code and the full link for a coordinator only, and never on the web chat', async () => {
    const reply = await h.telegram(COORDINATOR, 'cho e mã đăng nhập trang quản trị');
    expect(reply).toMatch(/: [A-Z2-9]{8}\n/u);
    expect(reply).toContain('https://tro-ly.example.gov.vn/admin/dang-nhap?ma=');
    expect(reply).toContain('10 phút');
    expect(await h.telegram(OFFICIAL, '/dangnhap')).toBe(CONSOLE_MESSAGES.chat.notAllowed);
    expect(await h.telegram('7199', '/dangnhap')).toBe(OFFICIALS_MESSAGES.notRegistered);
    const web = await fetch(`${h.service.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${SESSION_COOKIE}=x` },
      body: JSON.stringify({ text: '/dangnhap' }),
    });
    const body = (await web.json()) as { answer: string };
    expect(body.answer).toBe(OFFICIALS_MESSAGES.officialsOnlyOnIdentifiedChannels);
    expect(body.answer).not.toMatch(/[A-Z2-9]{8}/u);
  });

  it('shows the link without spending its code, signs in by POST once, and refuses the code again', async () => {
    const code = await h.codeFor(COORDINATOR);
    const shown = await get(`/admin/dang-nhap?ma=${code}`);
    expect(await shown.text()).toContain(`value="${code}"`);
    const first = await post('/admin/dang-nhap', { ma: code }, { origin: h.service.url });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/admin');
    expect(first.headers.get('set-cookie')).toMatch(/^admin_sid=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=28800$/u);
    const again = await post('/admin/dang-nhap', { ma: code });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain(escapeHtml(CONSOLE_MESSAGES.staff.codeRefused));
    const foreign = await post('/admin/dang-nhap', { ma: await h.codeFor(COORDINATOR) }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('serves every page to a coordinator, with charts that carry their data tables', async () => {
    const { cookie } = await signIn();
    const dashboard = await (await get('/admin', cookie)).text();
    expect(dashboard).toContain('<svg class="bars"');
    expect(dashboard).toContain('<desc id="chart-blocks-desc">');
    expect(dashboard).toContain('id="chart-quarters-table"');
    for (const path of ['/admin/ky-bao-cao', '/admin/can-bo', '/admin/bao-cao']) {
      const response = await get(path, cookie);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain('Đăng xuất');
    }
    expect((await get('/admin/khong-co', cookie)).status).toBe(404);
  });

  it('refuses a state-changing request without the CSRF token or from another origin', async () => {
    const { cookie, csrf } = await signIn();
    expect(csrf).not.toBe('');
    expect((await post('/admin/can-bo/moi', { 'don-vi': HEALTH }, { cookie })).status).toBe(403);
    expect((await post('/admin/can-bo/moi', { 'don-vi': HEALTH, csrf: 'wrong' }, { cookie })).status).toBe(403);
    expect((await post('/admin/can-bo/moi', { 'don-vi': HEALTH, csrf }, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/admin/can-bo/moi', { 'don-vi': HEALTH, csrf })).status).toBe(303);
    const invites = await h.store.db.query('SELECT 1 FROM invites');
    expect(invites.rows).toHaveLength(0);
  });

  it('creates an invite while the server runs, which an official then redeems on Telegram', async () => {
    const { cookie, csrf } = await signIn();
    const response = await post('/admin/can-bo/moi', { 'don-vi': FINANCE, 'vai-tro': 'official', csrf }, { cookie, origin: h.service.url });
    expect(response.status).toBe(200);
    const code = /class="code-shown">([A-Z2-9]{4}-[A-Z2-9]{4})</u.exec(await response.text())?.[1];
    expect(code).toBeDefined();
    const reply = await h.telegram('7150', `/dangky ${code}`);
    expect(reply).toContain(OFFICIALS_MESSAGES.askName);
    const list = await (await get('/admin/can-bo', cookie)).text();
    expect(list).toContain('Đã dùng');
  });

  it('deactivates an official (who is then unregistered in chat), but never the signed-in coordinator', async () => {
    const { cookie, csrf } = await signIn();
    const removed = await h.official('7160', HEALTH, 'Người Sẽ Nghỉ');
    const response = await post('/admin/can-bo/ngung', { id: String(removed.id), csrf }, { cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/admin/can-bo?da-ngung=${removed.id}`);
    expect(await (await get(response.headers.get('location')!, cookie)).text()).toContain(CONSOLE_MESSAGES.admin.officials.deactivated('Người Sẽ Nghỉ'));
    expect(await h.telegram('7160', '/nhiemvu')).toBe(OFFICIALS_MESSAGES.notRegistered);
    const self = (await h.store.db.query<{ id: number }>("SELECT id FROM officials WHERE user_id = $1", [COORDINATOR])).rows[0]!.id;
    expect((await post('/admin/can-bo/ngung', { id: String(self), csrf }, { cookie })).status).toBe(400);
  });

  it('chases one agency once a day, even when the button is pressed twice', async () => {
    const { cookie, csrf } = await signIn();
    const sentTo = () => h.api.callsOf('sendMessage').filter((call) => String(call.payload.chat_id) === OFFICIAL).length;
    const before = sentTo();
    const otherBefore = h.api.callsOf('sendMessage').filter((call) => String(call.payload.chat_id) === OTHER).length;
    const first = await post('/admin/ky-bao-cao/don-doc', { 'don-vi': HEALTH, csrf }, { cookie });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toContain('da-gui=1');
    const second = await post('/admin/ky-bao-cao/don-doc', { 'don-vi': HEALTH, csrf }, { cookie });
    expect(second.headers.get('location')).toContain('da-gui=0');
    expect(sentTo() - before).toBe(1);
    // Only the agency asked for: the finance official got nothing.
    expect(h.api.callsOf('sendMessage').filter((call) => String(call.payload.chat_id) === OTHER)).toHaveLength(otherBefore);
    const board = await (await get('/admin/ky-bao-cao', cookie)).text();
    expect(board).toContain(CONSOLE_MESSAGES.admin.periods.chasedToday);
  });

  it('opens an ad-hoc period from a form: its request goes out once, its board and report downloads appear', async () => {
    const { cookie, csrf } = await signIn();
    const due = addDays(todayInVietnam(new Date()), 10);
    const sentTo = () => h.api.callsOf('sendMessage').filter((call) => String(call.payload.chat_id) === OFFICIAL).length;
    const before = sentTo();
    expect((await post('/admin/ky-bao-cao/mo', { 'tieu-de': 'Báo cáo nhanh tiến độ', han: due }, { cookie })).status).toBe(403);
    expect((await post('/admin/ky-bao-cao/mo', { 'tieu-de': 'Báo cáo nhanh tiến độ', han: '2020-01-01', csrf }, { cookie })).headers.get('location')).toContain('loi-mo=ngay');
    const opened = await post('/admin/ky-bao-cao/mo', { 'tieu-de': 'Báo cáo nhanh tiến độ', han: due, csrf }, { cookie });
    expect(opened.status).toBe(303);
    const location = opened.headers.get('location')!;
    expect(location).toMatch(/da-mo=DX\d+/u);
    expect(sentTo() - before).toBe(1);
    const page = await (await get(location, cookie)).text();
    expect(page).toContain(escapeHtml(OFFICIALS_MESSAGES.adhocPeriodLabel('Báo cáo nhanh tiến độ')));
    expect(page).toContain('name="tieu-de"');
    // Pressed again: the same period, nobody asked twice.
    const again = await post('/admin/ky-bao-cao/mo', { 'tieu-de': 'Báo cáo nhanh tiến độ', han: due, csrf }, { cookie });
    expect(again.headers.get('location')).toContain('co-san=');
    expect(sentTo() - before).toBe(1);
    const key = /da-mo=(DX\d+)/u.exec(location)![1]!;
    expect(await (await get('/admin/bao-cao', cookie)).text()).toContain(`ky=${key}`);
    const docx = await get(`/admin/bao-cao/tai?ky=${key}&dinh-dang=docx`, cookie);
    expect(docx.status).toBe(200);
    expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    expect((await get('/admin/bao-cao/tai?ky=DX999&dinh-dang=docx', cookie)).status).toBe(400);
  });

  it('downloads the consolidated report as .docx and .xlsx, for the programme and one agency', async () => {
    const { cookie } = await signIn();
    const docx = await get('/admin/bao-cao/tai?ky=2026-Q4&dinh-dang=docx', cookie);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-tong-hop-2026-Q4.docx"');
    expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const xlsx = await get(`/admin/bao-cao/tai?ky=2026-Q4&don-vi=${HEALTH}&dinh-dang=xlsx`, cookie);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    expect((await get('/admin/bao-cao/tai?ky=2026-Q9&dinh-dang=docx', cookie)).status).toBe(400);
  });

  it('signs out: the cookie is cleared and the session no longer opens a page', async () => {
    const { cookie, csrf } = await signIn();
    const out = await post('/admin/dang-xuat', { csrf }, { cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/dang-nhap');
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get('/admin', cookie)).status).toBe(303);
  });

  it('never writes a code or a cookie value into the logs', async () => {
    const code = await h.codeFor(COORDINATOR);
    const response = await post('/admin/dang-nhap', { ma: code });
    const secret = (response.headers.get('set-cookie') ?? '').split(';')[0]!.split('=')[1]!;
    const logs = JSON.stringify(h.logger.entries ?? h.logger);
    expect(logs).not.toContain(code);
    expect(logs).not.toContain(secret);
  });
});
