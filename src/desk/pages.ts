/**
 * The 1022 desk on the web (`/desk`), for operators and coordinators signed in through the shared staff sign-in
 * (src/console/sign-in.ts, pages and guards of src/console/staff-pages.ts). Server-rendered, Vietnamese, no script:
 * - `GET /desk`: the queue (longest waiting first, with the waiting time), the conversations being answered, the
 *   recently closed ones, the working hours; `GET /desk?tulammoi=1` is the same page reloading itself every
 *   QUEUE_REFRESH_SECONDS (a meta refresh, no script), turned on and off by the operator with a link;
 * - `GET /desk/hoi-thoai/<id>`: the whole conversation — the assistant's attempts before the handoff, then the
 *   citizen's and the operators' messages with how each reply was delivered — and the forms: claim, reply, close,
 *   save as a saved answer ("lưu làm câu trả lời mẫu");
 * - `POST /desk/hoi-thoai/<id>/{nhan,tra-loi,ket-thuc,luu-mau}`: each checked for the session and its CSRF token,
 *   then a 303 back to the conversation with what happened (post/redirect/get);
 * - `GET /desk/cau-tra-loi-mau`: the saved answers, who reviewed them and when.
 * The citizen's platform id is never shown: a conversation is named by its number and channel.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml as e } from '../channels/html.ts';
import type { HttpRoute } from '../channels/types.ts';
import type { StaffSession } from '../console/sign-in.ts';
import { csrfField, queryOf, redirect, renderStaffPage, requireForm, requireSession, sendPage, sendRefusal, signInRoutes, type SignInRoutesDeps } from '../console/staff-pages.ts';
import { DESK_MESSAGES } from '../engine/messages.ts';
import { formatDateTimeInVietnam } from '../text/dates.ts';
import type { DeskService } from './service.ts';
import { listActive, listRecentlyClosed, readConversation, type DeskMessage, type DeskQueueEntry } from './store.ts';
import type { Database } from '../store/database.ts';

const P = DESK_MESSAGES.page;
const CONVERSATION_PREFIX = '/desk/hoi-thoai/';
/** An operator's reply is pushed as one chat message; the channels split longer ones, the desk keeps them short. */
export const MAX_REPLY_CHARS = 2000;
/** The queue page reloads itself this often once the operator turned it on (`?tulammoi=1`). */
export const QUEUE_REFRESH_SECONDS = 15;
/** The query that turns the queue page's reload on. */
const AUTO_REFRESH = 'tulammoi';

/** The sign-in routes' dependencies (its area is the desk) and the desk's own. */
export interface DeskPagesDeps extends Omit<SignInRoutesDeps, 'area'> {
  db: Database;
  desk: DeskService;
}

const NOTICES: Record<string, { text: string; error?: boolean }> = {
  sent: { text: P.sent },
  stored: { text: P.sentToWeb },
  failed: { text: P.sendFailed, error: true },
  unreachable: { text: P.sendUnreachable, error: true },
  taken: { text: P.takenByOther, error: true },
  gone: { text: P.closed, error: true },
  closed: { text: P.closed },
  claimed: { text: P.claimed },
  empty: { text: P.empty, error: true },
  long: { text: P.tooLong(MAX_REPLY_CHARS), error: true },
};

function nav(): Array<{ href: string; text: string }> {
  return [
    { href: '/desk', text: P.queue },
    { href: '/desk/cau-tra-loi-mau', text: P.savedAnswers },
  ];
}

function minutesSince(from: Date | null, now: Date): number {
  return from ? Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000)) : 0;
}

function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function queueTable(entries: DeskQueueEntry[], now: Date, caption: string, empty: string, closed = false): string {
  if (entries.length === 0) return `<h2>${e(caption)}</h2><p class="muted">${e(empty)}</p>`;
  const rows = entries
    .map((entry) => {
      const since = closed ? entry.closedAt : entry.status === 'queued' ? entry.queuedAt : entry.openedAt;
      const badge = entry.status === 'queued' ? 'late' : entry.status === 'open' ? 'ok' : 'off';
      return `<tr><th scope="row"><a href="${CONVERSATION_PREFIX}${entry.id}">${e(P.citizen(entry.id))}</a></th>
<td>${e(P.channels[entry.channel] ?? entry.channel)}</td>
<td><span class="badge ${badge}">${e(P.statuses[entry.status] ?? entry.status)}</span></td>
<td class="num">${closed ? e(formatDateTimeInVietnam(since ?? now)) : e(P.waited(minutesSince(since, now)))}</td>
<td>${e(clipText(entry.firstQuestion, 140))}</td>
<td>${e(entry.operatorName ?? '—')}</td></tr>`;
    })
    .join('\n');
  const c = P.columns;
  return `<h2>${e(caption)}</h2><div class="table-wrap"><table>
<thead><tr><th scope="col">${e(c.who)}</th><th scope="col">${e(c.channel)}</th><th scope="col">${e(c.status)}</th><th scope="col">${e(closed ? P.statuses.closed! : c.waiting)}</th><th scope="col">${e(c.first)}</th><th scope="col">${e(c.operator)}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

async function queuePage(deps: DeskPagesDeps, session: StaffSession, now: Date, autoRefresh: boolean): Promise<string> {
  const active = await listActive(deps.db);
  const closed = await listRecentlyClosed(deps.db, 10);
  const availability = deps.desk.availability(now);
  const queued = active.filter((entry) => entry.status === 'queued');
  const open = active.filter((entry) => entry.status === 'open');
  const body = `<h1>${e(P.title)}</h1>
<p class="lede">${e(P.hours(availability.hours, availability.open))}</p>
<div class="grid">
<div class="stat"><span class="n">${queued.length}</span><span class="l">${e(P.queue)}</span></div>
<div class="stat"><span class="n">${open.length}</span><span class="l">${e(P.mine)}</span></div>
</div>
${queueTable(queued, now, P.queue, P.queueEmpty)}
${queueTable(open, now, P.mine, P.mineEmpty)}
${queueTable(closed, now, P.recent, P.recentEmpty, true)}
${
  autoRefresh
    ? `<p class="muted">${e(P.refreshNote(QUEUE_REFRESH_SECONDS))}</p><p class="actions"><a href="/desk">${e(P.refreshOff)}</a></p>`
    : `<p class="actions"><a href="/desk">${e(P.refresh)}</a> <a href="/desk?${AUTO_REFRESH}=1">${e(P.refreshOn(QUEUE_REFRESH_SECONDS))}</a></p>`
}`;
  return renderStaffPage({ area: 'desk', site: deps.site, title: P.title, body, session, nav: nav(), current: '/desk', ...(autoRefresh ? { refreshSeconds: QUEUE_REFRESH_SECONDS } : {}) }).html;
}

function messageCard(message: DeskMessage): string {
  const author = P.authors[message.author] ?? message.author;
  const who = message.author === 'operator' && message.operatorName ? `${author} — ${message.operatorName}` : author;
  const delivery = message.author === 'operator' && message.delivery !== 'none' ? ` <span class="badge ${message.delivery === 'failed' ? 'missing' : 'ok'}">${e(P.delivery[message.delivery] ?? '')}</span>` : '';
  // Divs, not paragraphs: the card's padding is the spacing (the shared style has no rule for a message).
  return `<div class="card"><div class="muted"><strong>${e(who)}</strong> · ${e(formatDateTimeInVietnam(message.at))}${delivery}</div><div>${e(message.text).replace(/\n/gu, '<br>')}</div></div>`;
}

async function conversationPage(deps: DeskPagesDeps, session: StaffSession, id: number, notice: string | null): Promise<{ status: number; html: string } | null> {
  const found = await readConversation(deps.db, id);
  if (!found) return null;
  const { conversation, messages } = found;
  const earlier = messages.filter((message) => message.earlier);
  const later = messages.filter((message) => !message.earlier);
  const action = (name: string) => `${CONVERSATION_PREFIX}${id}/${name}`;
  const shown = notice ? NOTICES[notice] : undefined;
  const mine = conversation.status === 'open' && conversation.operatorId === session.officialId;
  const someoneElse = conversation.status === 'open' && !mine;
  const active = conversation.status === 'queued' || conversation.status === 'open';
  const firstQuestion = messages.find((message) => message.author === 'citizen')?.text ?? '';
  const lastReply = [...messages].reverse().find((message) => message.author === 'operator')?.text ?? '';
  const parts: string[] = [
    `<p><a href="/desk">← ${e(P.back)}</a></p>`,
    `<h1>${e(P.conversation(id))}</h1>`,
    `<p class="lede">${e(P.channels[conversation.channel] ?? conversation.channel)} · <span class="badge">${e(P.statuses[conversation.status] ?? conversation.status)}</span>${conversation.operatorName ? ` · ${e(P.claimedBy(conversation.operatorName))}` : ''}</p>`,
    shown ? `<p class="notice${shown.error ? ' error' : ''}" role="status">${e(shown.text)}</p>` : '',
  ];
  if (earlier.length > 0) parts.push(`<h2>${e(P.earlier)}</h2>`, ...earlier.map(messageCard));
  parts.push(`<h2>${e(P.history)}</h2>`, later.length > 0 ? later.map(messageCard).join('\n') : `<p class="muted">—</p>`);
  if (active && !someoneElse) {
    parts.push(`<h2>${e(P.reply)}</h2><div class="card"><form method="post" action="${action('tra-loi')}">${csrfField(session)}
<label for="reply">${e(P.replyLabel)}</label>
<textarea id="reply" name="text" rows="5" maxlength="${MAX_REPLY_CHARS}" required></textarea>
<div class="actions"><button type="submit">${e(P.send)}</button></div></form></div>`);
    if (conversation.status === 'queued') {
      parts.push(`<form class="inline" method="post" action="${action('nhan')}">${csrfField(session)}<button type="submit" class="secondary">${e(P.claim)}</button></form> `);
    }
  } else if (someoneElse) {
    parts.push(`<p class="notice error">${e(P.takenByOther)}</p>`);
  }
  if (active) parts.push(`<form class="inline" method="post" action="${action('ket-thuc')}">${csrfField(session)}<button type="submit" class="danger">${e(P.close)}</button></form>`);
  if (lastReply) {
    parts.push(`<h2>${e(P.save)}</h2><div class="card"><p class="muted">${e(P.saveHint)}</p><form method="post" action="${action('luu-mau')}">${csrfField(session)}
<label for="faq-question">${e(P.saveQuestion)}</label>
<textarea id="faq-question" name="question" rows="2" maxlength="${MAX_REPLY_CHARS}" required>${e(firstQuestion)}</textarea>
<label for="faq-answer">${e(P.saveAnswer)}</label>
<textarea id="faq-answer" name="answer" rows="5" maxlength="${MAX_REPLY_CHARS}" required>${e(lastReply)}</textarea>
<div class="actions"><button type="submit" class="secondary">${e(P.save)}</button></div></form></div>`);
  }
  return renderStaffPage({ area: 'desk', site: deps.site, title: P.conversation(id), body: parts.filter(Boolean).join('\n'), session, nav: nav() });
}

function savedAnswersPage(deps: DeskPagesDeps, session: StaffSession, notice: string | null): string {
  const entries = [...deps.desk.savedAnswerList()].reverse();
  const savedId = notice?.startsWith('saved-') ? Number(notice.slice(6)) : null;
  const body = `<h1>${e(P.savedAnswers)}</h1>
${savedId ? `<p class="notice" role="status">${e(P.saved(savedId))}</p>` : ''}
${
  entries.length === 0
    ? `<p class="muted">—</p>`
    : entries
        .map(
          (entry) => `<div class="card"><h2>#${entry.id}. ${e(entry.question)}</h2><p>${e(entry.answer).replace(/\n/gu, '<br>')}</p>
<p class="muted">${e(P.savedBy(entry.reviewerName, formatDateTimeInVietnam(entry.reviewedAt).slice(0, 10)))}</p></div>`,
        )
        .join('\n')
}`;
  return renderStaffPage({ area: 'desk', site: deps.site, title: P.savedAnswers, body, session, nav: nav(), current: '/desk/cau-tra-loi-mau' }).html;
}

function html(response: ServerResponse, page: { status: number; html: string }): void {
  sendPage(response, page);
}

/** `/desk/hoi-thoai/12` → 12, `/desk/hoi-thoai/12/tra-loi` → 12 and `tra-loi`. */
function parseConversationPath(request: IncomingMessage): { id: number; action: string | null } | null {
  const path = (request.url ?? '/').split('?')[0] ?? '';
  const match = /^\/desk\/hoi-thoai\/(\d{1,15})(?:\/([a-z-]+))?$/u.exec(path);
  if (!match) return null;
  return { id: Number(match[1]), action: match[2] ?? null };
}

export function deskRoutes(deps: DeskPagesDeps): HttpRoute[] {
  const now = deps.now ?? (() => new Date());
  const { signIn, site } = deps;
  const guard = (request: IncomingMessage, response: ServerResponse, at: Date) => requireSession(request, response, signIn, 'desk', at);
  return [
    ...signInRoutes({ ...deps, area: 'desk', signIn, site, now }),
    {
      method: 'GET',
      path: '/desk',
      async handle(request, response) {
        const at = now();
        const session = await guard(request, response, at);
        if (!session) return;
        html(response, { status: 200, html: await queuePage(deps, session, at, queryOf(request).get(AUTO_REFRESH) === '1') });
      },
    },
    {
      method: 'GET',
      path: '/desk/cau-tra-loi-mau',
      async handle(request, response) {
        const session = await guard(request, response, now());
        if (!session) return;
        html(response, { status: 200, html: savedAnswersPage(deps, session, queryOf(request).get('thongbao')) });
      },
    },
    {
      method: 'GET',
      path: CONVERSATION_PREFIX,
      prefix: true,
      async handle(request, response) {
        const session = await guard(request, response, now());
        if (!session) return;
        const target = parseConversationPath(request);
        const page = target && target.action === null ? await conversationPage(deps, session, target.id, queryOf(request).get('thongbao')) : null;
        if (!page) return sendRefusal(response, 'desk', site, 404, P.notFound);
        html(response, page);
      },
    },
    {
      method: 'POST',
      path: CONVERSATION_PREFIX,
      prefix: true,
      async handle(request, response) {
        const at = now();
        const target = parseConversationPath(request);
        if (!target || target.action === null) {
          request.resume();
          return sendRefusal(response, 'desk', site, 404, P.notFound);
        }
        const checked = await requireForm(request, response, { signIn, area: 'desk', site, now: at });
        if (!checked) return;
        const { session, form } = checked;
        const back = (notice: string) => redirect(response, `${CONVERSATION_PREFIX}${target.id}?thongbao=${encodeURIComponent(notice)}`);
        switch (target.action) {
          case 'nhan': {
            const claimed = await deps.desk.claim(target.id, session.officialId, at);
            return back(claimed ? 'claimed' : 'taken');
          }
          case 'tra-loi': {
            const text = (form.get('text') ?? '').trim();
            if (text === '') return back('empty');
            if (text.length > MAX_REPLY_CHARS) return back('long');
            return back(await deps.desk.reply(target.id, session.officialId, text, at));
          }
          case 'ket-thuc': {
            const closed = await deps.desk.close(target.id, at);
            return back(closed ? 'closed' : 'gone');
          }
          case 'luu-mau': {
            const question = (form.get('question') ?? '').trim();
            const answer = (form.get('answer') ?? '').trim();
            if (question === '' || answer === '') return back('empty');
            if (question.length > MAX_REPLY_CHARS || answer.length > MAX_REPLY_CHARS) return back('long');
            const saved = await deps.desk.saveAnswer({ question, answer, operatorId: session.officialId, operatorName: session.name, conversationId: target.id }, at);
            deps.logger?.info({ savedAnswer: saved.id, operator: session.officialId }, 'desk saved answer');
            return redirect(response, `/desk/cau-tra-loi-mau?thongbao=saved-${saved.id}`);
          }
          default:
            return sendRefusal(response, 'desk', site, 404, P.notFound);
        }
      },
    },
  ];
}
