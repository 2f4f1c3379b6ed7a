/**
 * What every staff area (`/admin`, `/desk`) shares on the web: the page frame (header with the area's navigation,
 * the signed-in person and a sign-out button), the sign-in page and its routes, the session guard and form reading.
 * Pages are server-rendered, need no JavaScript and run under a CSP that allows only their one style (by hash), no
 * script and no framing. Every text goes through `escapeHtml`.
 *
 * Routes of `signInRoutes(area)`: `GET /<area>/dang-nhap[?ma=CODE]` shows the form (pre-filled from a chat link;
 * a GET never spends a code, since chat apps fetch links for previews), `POST /<area>/dang-nhap` redeems the code
 * (303 to the area's home with the cookie, or the form again with the reason), `POST /<area>/dang-xuat` signs out
 * (CSRF checked) and returns to the sign-in page.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { localRateLimiters, type RateLimiters } from '../channels/rate-limit.ts';
import { escapeHtml as e } from '../channels/html.ts';
import { readBody } from '../channels/http.ts';
import type { ChannelLogger, HttpRoute } from '../channels/types.ts';
import { BASE_STYLE, siteFooter, type WebChatTexts } from '../channels/web-page.ts';
import { clientAddress } from '../channels/web-session.ts';
import { CONSOLE_MESSAGES } from '../engine/messages.ts';
import { clearStaffCookie, signInPath, type StaffArea, type StaffSession, type StaffSignIn } from './sign-in.ts';

const S = CONSOLE_MESSAGES.staff;
const FORM_LIMIT_BYTES = 16 * 1024;
/** Sign-in attempts per client address per minute: a code cannot be guessed in 10 minutes anyway; this keeps logs quiet. */
const SIGN_IN_ATTEMPTS_PER_MINUTE = 20;

export const STAFF_STYLE = `${BASE_STYLE}
.site-header .wrap,.site-footer .wrap{max-width:70rem}
.staff-bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
.staff-title{margin:0;font-size:1.05rem;font-weight:700}
.staff-title a{text-decoration:none}
.who-am-i{display:flex;gap:.75rem;align-items:center;font-size:.9rem}
.who-am-i form{margin:0}
.who-am-i button{white-space:nowrap;background:#fff;color:#0b4f9c;border-color:#fff;min-height:2rem;padding:.2rem .8rem}
nav.areas{background:#fff;border-bottom:1px solid #c9d1dc}
nav.areas ul{list-style:none;margin:0 auto;padding:0 1rem;max-width:72rem;display:flex;flex-wrap:wrap;gap:0 1.5rem}
nav.areas a{display:inline-block;padding:.6rem 0;font-weight:600;text-decoration:none;border-bottom:3px solid transparent}
nav.areas a[aria-current=page]{border-bottom-color:#c8102e;color:#1a1a1a}
main{width:100%;max-width:72rem;margin:0 auto;padding:1rem;flex:1}
main.narrow{max-width:34rem}
h1{font-size:1.4rem;margin:.25rem 0 .75rem;line-height:1.3}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.lede{margin:0 0 1rem;color:#33475b}
.card{background:#fff;border:1px solid #c9d1dc;border-radius:.75rem;padding:1rem;margin:1rem 0}
.card>h2:first-child{margin-top:0}
.notice{border-left:6px solid #1b7f3b;background:#e8f5ec;padding:.75rem 1rem;border-radius:.5rem;margin:0 0 1rem}
.notice.error{border-left-color:#c8102e;background:#fde2e1}
.code-shown{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.6rem;font-weight:700;letter-spacing:.12em;background:#fff;border:2px dashed #0b4f9c;border-radius:.5rem;padding:.25rem .75rem;display:inline-block}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select,textarea{font:inherit;width:100%;padding:.45rem .55rem;border:2px solid #5b6b7f;border-radius:.4rem;background:#fff;color:#1a1a1a;min-height:2.6rem}
input.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.3rem;letter-spacing:.15em;text-transform:uppercase}
button{font:inherit;font-weight:700;background:#0b4f9c;color:#fff;border:2px solid #0b4f9c;border-radius:.5rem;padding:.45rem 1.1rem;cursor:pointer;min-height:2.5rem}
button.secondary{background:#fff;color:#0b4f9c}
button.danger{background:#fff;color:#8a1c14;border-color:#8a1c14}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:.75rem}
.inline{display:inline;margin:0}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #c9d1dc;font-size:.95rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{text-align:left;vertical-align:middle;padding:.45rem .5rem;border-bottom:1px solid #e6eaf0}
thead th{background:#e6eaf0;color:#1a1a1a}
tbody th{font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}
.badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.85rem;font-weight:700;background:#e6eaf0;color:#1a1a1a;white-space:nowrap}
.badge.ok{background:#e8f5ec;color:#14532d}
.badge.late{background:#fff1dc;color:#7a3e00}
.badge.missing{background:#fde2e1;color:#8a1c14}
.badge.off{background:#eceff3;color:#4a5568}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:0 0 1rem}
.stat{background:#fff;border:1px solid #c9d1dc;border-radius:.75rem;padding:.75rem 1rem}
.stat .n{display:block;font-size:1.8rem;font-weight:700;line-height:1.2}
.stat .l{color:#33475b;font-size:.9rem}
.chart{background:#fff;border:1px solid #c9d1dc;border-radius:.75rem;padding:1rem;margin:0 0 1rem}
.chart figcaption{font-weight:700;font-size:1.05rem;margin-bottom:.25rem}
.chart svg{display:block;max-width:100%;height:auto}
.chart .value{font-weight:700}
.legend{list-style:none;margin:.25rem 0 .5rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}
.legend svg{display:inline-block;vertical-align:-2px}
.chart-data summary{cursor:pointer;color:#0b4f9c;font-weight:600;margin-top:.5rem}
.two{display:grid;grid-template-columns:1fr;gap:1rem}
@media (min-width:64rem){.two{grid-template-columns:1fr 1fr}}
.muted{color:#4a5568}
.nowrap{white-space:nowrap}
@media (max-width:40rem){.opt{display:none}.table-wrap table{min-width:32rem}tbody th{min-width:10rem}}
`;
const STYLE_HASH = createHash('sha256').update(STAFF_STYLE).digest('base64');
const CSP = ["default-src 'none'", `style-src 'sha256-${STYLE_HASH}'`, "img-src 'self' data:", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"].join('; ');

export interface StaffPage {
  status: number;
  html: string;
}

export interface StaffPageInput {
  area: StaffArea;
  site: WebChatTexts;
  title: string;
  body: string;
  /** The signed-in person (with the sign-out button); null on the sign-in page. */
  session: StaffSession | null;
  /** The area's navigation; `current` marks the page's own entry. */
  nav?: Array<{ href: string; text: string }>;
  current?: string;
  narrow?: boolean;
  status?: number;
  /**
   * Reloads the page after this many seconds (`<meta http-equiv="refresh">`, no script). Only on a page where the
   * person turned it on: a delayed reload the page imposes by itself fails WCAG 2.2.1 (axe `meta-refresh`).
   */
  refreshSeconds?: number;
}

/** The hidden CSRF field every form of a signed-in page carries. */
export function csrfField(session: StaffSession): string {
  return `<input type="hidden" name="csrf" value="${e(session.csrfToken)}">`;
}

export function renderStaffPage(input: StaffPageInput): StaffPage {
  const areaName = S.areaName[input.area];
  const who = input.session
    ? `<div class="who-am-i"><span>${e(S.signedInAs(input.session.name))}</span><form method="post" action="/${input.area}/dang-xuat">${csrfField(input.session)}<button type="submit">${e(S.signOut)}</button></form></div>`
    : '';
  const nav =
    input.nav && input.nav.length > 0
      ? `<nav class="areas" aria-label="${e(S.navLabel(areaName))}"><ul>${input.nav
          .map((item) => `<li><a href="${e(item.href)}"${item.href === input.current ? ' aria-current="page"' : ''}>${e(item.text)}</a></li>`)
          .join('')}</ul></nav>`
      : '';
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${input.refreshSeconds && input.refreshSeconds > 0 ? `<meta http-equiv="refresh" content="${Math.round(input.refreshSeconds)}">\n` : ''}<title>${e(input.title)} — ${e(areaName)}</title>
<style>${STAFF_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${e(S.skipToContent)}</a>
<header class="site-header"><div class="wrap staff-bar">
<div><div class="issuer">${e(input.site.issuingBody)}</div><p class="staff-title"><a href="/${input.area}">${e(areaName)}</a></p></div>
${who}
</div></header>
${nav}
<main id="main"${input.narrow ? ' class="narrow"' : ''}>
${input.body}
</main>
${siteFooter(input.site)}
</body>
</html>
`;
  return { status: input.status ?? 200, html };
}

export function sendPage(response: ServerResponse, page: StaffPage, headers: Record<string, string | string[]> = {}): void {
  const body = Buffer.from(page.html);
  response.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Not no-referrer: with it browsers send `Origin: null` on form posts, which the CSRF check refuses.
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(body);
}

export function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(303, { location, 'cache-control': 'no-store', 'content-length': 0, ...headers });
  response.end();
}

/** A plain 403/400 page for a refused form (no session detail in it). */
export function sendRefusal(response: ServerResponse, area: StaffArea, site: WebChatTexts, status: 400 | 403 | 404, message: string): void {
  sendPage(response, renderStaffPage({ area, site, title: S.refusedTitle, body: `<h1>${e(S.refusedTitle)}</h1><p>${e(message)}</p><p><a href="/${area}">${e(S.backHome)}</a></p>`, session: null, narrow: true, status }));
}

/** The fields of an `application/x-www-form-urlencoded` body (at most 16 KB); null when it is not one or too long. */
export async function readForm(request: IncomingMessage): Promise<URLSearchParams | null> {
  const type = String(request.headers['content-type'] ?? '');
  if (!/^application\/x-www-form-urlencoded\b/iu.test(type)) {
    request.resume();
    return null;
  }
  try {
    return new URLSearchParams((await readBody(request, FORM_LIMIT_BYTES)).toString('utf8'));
  } catch {
    return null;
  }
}

/** The query string of a request. */
export function queryOf(request: IncomingMessage): URLSearchParams {
  return new URL(request.url ?? '/', 'http://localhost').searchParams;
}

/** The session of a page request; without one the response is a 303 to the sign-in page and null comes back. */
export async function requireSession(request: IncomingMessage, response: ServerResponse, signIn: StaffSignIn, area: StaffArea, now: Date): Promise<StaffSession | null> {
  const session = await signIn.sessionOf(request, area, now);
  if (session) return session;
  request.resume();
  redirect(response, signInPath(area));
  return null;
}

/**
 * The session and form of a state-changing request: 303 to the sign-in page without a session, 403 when the CSRF
 * token or the Origin is wrong, 400 for a body that is not a form. Null when the response was sent.
 */
export async function requireForm(
  request: IncomingMessage,
  response: ServerResponse,
  deps: { signIn: StaffSignIn; area: StaffArea; site: WebChatTexts; now: Date },
): Promise<{ session: StaffSession; form: URLSearchParams } | null> {
  const session = await requireSession(request, response, deps.signIn, deps.area, deps.now);
  if (!session) return null;
  const form = await readForm(request);
  if (!form) {
    sendRefusal(response, deps.area, deps.site, 400, S.badForm);
    return null;
  }
  if (!deps.signIn.checkCsrf(request, session, form.get('csrf') ?? undefined)) {
    sendRefusal(response, deps.area, deps.site, 403, S.csrfRefused);
    return null;
  }
  return { session, form };
}

export function renderSignInPage(area: StaffArea, site: WebChatTexts, state: { code?: string; error?: string } = {}): StaffPage {
  const body = `<h1>${e(S.signInTitle(S.areaName[area]))}</h1>
${state.error ? `<p class="notice error" role="alert">${e(state.error)}</p>` : ''}
<div class="card">
<form method="post" action="${e(signInPath(area))}">
<label for="ma">${e(S.codeLabel)}</label>
<input id="ma" name="ma" class="code" required autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="12" value="${e(state.code ?? '')}" aria-describedby="ma-help">
<p id="ma-help" class="muted">${e(S.codeHelp)}</p>
<div class="actions"><button type="submit">${e(S.signInButton)}</button></div>
</form>
</div>
<h2>${e(S.howTitle)}</h2>
<ol>${S.howSteps(area).map((step) => `<li>${e(step)}</li>`).join('')}</ol>
<p class="muted">${e(S.whoMay(area))}</p>`;
  return renderStaffPage({ area, site, title: S.signInTitle(S.areaName[area]), body, session: null, narrow: true });
}

export interface SignInRoutesDeps {
  area: StaffArea;
  signIn: StaffSignIn;
  site: WebChatTexts;
  secureCookies: boolean;
  trustedProxies?: readonly string[];
  now?: () => Date;
  logger?: ChannelLogger;
  /** Sign-in attempts are counted per client address with these (in this process by default). */
  limiters?: RateLimiters;
}

/** `GET`/`POST /<area>/dang-nhap` and `POST /<area>/dang-xuat`. */
export function signInRoutes(deps: SignInRoutesDeps): HttpRoute[] {
  const { area, signIn, site } = deps;
  const now = deps.now ?? (() => new Date());
  const limiter = (deps.limiters ?? localRateLimiters)(SIGN_IN_ATTEMPTS_PER_MINUTE);
  return [
    {
      method: 'GET',
      path: signInPath(area),
      async handle(request, response) {
        if (await signIn.sessionOf(request, area, now())) return redirect(response, `/${area}`);
        const code = (queryOf(request).get('ma') ?? '').slice(0, 12);
        sendPage(response, renderSignInPage(area, site, { code }));
      },
    },
    {
      method: 'POST',
      path: signInPath(area),
      async handle(request, response) {
        const origin = request.headers.origin;
        if (origin !== undefined && origin !== `http://${request.headers.host}` && origin !== `https://${request.headers.host}`) {
          request.resume();
          return sendRefusal(response, area, site, 403, S.csrfRefused);
        }
        const form = await readForm(request);
        const code = form?.get('ma') ?? '';
        if ((await limiter.take(`sign-in:${area}:${clientAddress(request, deps.trustedProxies ?? [])}`).catch(() => null)) !== null) {
          return sendPage(response, { ...renderSignInPage(area, site, { code, error: S.tooManyAttempts }), status: 429 });
        }
        const opened = await signIn.redeem(code, area, now());
        if (!opened) {
          deps.logger?.info({ area }, 'staff sign-in refused (unknown, used or expired code, or role)');
          return sendPage(response, { ...renderSignInPage(area, site, { code, error: S.codeRefused }), status: 401 });
        }
        deps.logger?.info({ area, officialId: opened.session.officialId }, 'staff signed in');
        redirect(response, `/${area}`, { 'set-cookie': opened.setCookie });
      },
    },
    {
      method: 'POST',
      path: `/${area}/dang-xuat`,
      async handle(request, response) {
        const at = now();
        const checked = await requireForm(request, response, { signIn, area, site, now: at });
        if (!checked) return;
        await signIn.signOut(checked.session.id, at);
        redirect(response, signInPath(area), { 'set-cookie': clearStaffCookie(area, deps.secureCookies) });
      },
    },
  ];
}
