/**
 * The pages a citation opens, server-rendered and without any script, so they work with JavaScript off, can be
 * shared by URL and stay under a strict CSP (the one style is allowed by its hash):
 * - `/nhiem-vu/<id>`: a task card (every field of the row, its group, block, appendix and document) and the latest
 *   public status of each reporting agency — label, percentage, date and the public note, never the official;
 * - `/muc/<id>`: a section with its heading path, its parent and its children;
 * - `/van-ban/<id>`: a document's metadata, with a link to the official text when its metadata has one;
 * - `/danh-sach?document=&agency=&role=&from=&to=&status=&page=`: every task matching the filters (a plain GET
 *   form), what the chat's "Xem tất cả" opens.
 * `<id>` is the id the engine cites: bare (`PL2.11`, `II.A.3.g`, `MĐ`) or qualified (`101:PL2.11`). An unknown id
 * gets a 404 page in Vietnamese. Knowledge is read through the snapshot, statuses through the status memory, and
 * every rule (finished, overdue, where a deadline stands) through src/status/rules.ts and src/engine.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import type { Section, Task } from '../documents/types.ts';
import { agencyLabel, columnLabel, type ComposeContext } from '../engine/compose.ts';
import type { Statuses } from '../engine/catalogue.ts';
import { ANSWER_MESSAGES, CHANNEL_MESSAGES, OFFICIALS_MESSAGES } from '../engine/messages.ts';
import { LIST_STATUSES, listTasks, parseTaskListQuery, type ListStatus, type TaskListQuery } from '../engine/task-list.ts';
import { documentName, documentShortName } from '../knowledge/labels.ts';
import { itemKey, type KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { deadlineStatus, isFinished } from '../status/rules.ts';
import { formatDate, todayInVietnam, type IsoDate } from '../text/dates.ts';
import { clip } from '../text/vietnamese.ts';
import { escapeHtml as e, idSegment } from './html.ts';
import type { HttpRoute } from './types.ts';
import { BASE_STYLE, frameAncestors, siteFooter, type WebChatTexts } from './web-page.ts';

const P = CHANNEL_MESSAGES.webPages;
const A = ANSWER_MESSAGES;
/** Rows of the list page per page: 50 rows keep the page well under 100 KB. */
export const LIST_PAGE_SIZE = 50;
const LIST_TEXT_CHARS = 180;

export interface WebPagesDeps {
  /** The knowledge snapshot as it is now (it is swapped whole after an ingest). */
  knowledge(): KnowledgeSnapshot;
  /** The latest confirmed statuses (src/status/memory.ts), never waiting for the store. */
  statuses(): Statuses;
  /** Today in Asia/Ho_Chi_Minh; tests pass a fixed day. */
  today?(): IsoDate;
  /** The deployment's header and footer texts, the same as the chat page's. */
  site: WebChatTexts;
  /** Origins allowed to frame the pages (the widget's allow-list). */
  frameAncestors?: readonly string[];
}

export interface RenderedPage {
  status: number;
  html: string;
  contentSecurityPolicy: string;
}

const STYLE = `${BASE_STYLE}
main{width:100%;max-width:48rem;margin:0 auto;padding:1rem;flex:1}
main.wide{max-width:72rem}
.site-title{margin:0;font-size:1.05rem;font-weight:700}
.site-title a{text-decoration:none}
.site-title a:hover{text-decoration:underline}
h1{font-size:1.4rem;margin:.25rem 0 .75rem;line-height:1.3}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.crumbs{list-style:none;margin:0 0 .5rem;padding:0;display:flex;flex-wrap:wrap;gap:.25rem;font-size:.9rem}
.crumbs li+li::before{content:"›";margin-right:.25rem;color:#5b6b7f}
.lede{font-size:1.05rem;margin:0 0 1rem}
.card{background:#fff;border:1px solid #c9d1dc;border-radius:.75rem;padding:.5rem 1rem;margin:0 0 1rem}
.card dl{margin:0;display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:0}
.card dt,.card dd{padding:.5rem 0;border-bottom:1px solid #e6eaf0;margin:0}
.card dt{font-weight:700;color:#33475b;padding-right:1rem}
.card dd{white-space:pre-line;overflow-wrap:anywhere}
.card dl>:nth-last-child(-n+2){border-bottom:0}
.section-text{white-space:pre-line;overflow-wrap:anywhere;margin:0}
.badge{display:inline-block;border-radius:999px;padding:0 .5rem;font-size:.85rem;font-weight:700;background:#e6eaf0;color:#1a1a1a}
.badge.late{background:#fde2e1;color:#8a1c14}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #c9d1dc;font-size:.95rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #e6eaf0}
th{background:#e6eaf0;color:#1a1a1a}
td{overflow-wrap:anywhere}
td:first-child{white-space:nowrap}
.links{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;margin:.5rem 0 1rem;padding:0;list-style:none}
.filters{background:#fff;border:1px solid #c9d1dc;border-radius:.75rem;padding:.75rem 1rem;margin:0 0 1rem}
.filters fieldset{border:0;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.6rem 1rem}
.filters legend{font-weight:700;margin-bottom:.5rem;padding:0}
.filters label{display:block;font-weight:600;font-size:.9rem;margin-bottom:.15rem}
select,input{font:inherit;width:100%;padding:.4rem .5rem;border:2px solid #5b6b7f;border-radius:.4rem;background:#fff;color:#1a1a1a;min-height:2.5rem}
.actions{display:flex;gap:.75rem;align-items:center;margin-top:.75rem}
button{font:inherit;font-weight:700;background:#0b4f9c;color:#fff;border:2px solid #0b4f9c;border-radius:.5rem;padding:.45rem 1.1rem;cursor:pointer;min-height:2.5rem}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.table-wrap{overflow-x:auto}
@media (max-width:36rem){.card dl{grid-template-columns:1fr}.card dt{border-bottom:0;padding-bottom:0}th.opt,td.opt{display:none}}
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

function csp(ancestors: readonly string[] | undefined): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors(ancestors)}`,
  ].join('; ');
}

function layout(deps: WebPagesDeps, title: string, body: string, options: { status?: number; wide?: boolean } = {}): RenderedPage {
  const site = deps.site;
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} — ${e(site.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${e(P.skipToContent)}</a>
<header class="site-header"><div class="wrap">
<div class="issuer">${e(site.issuingBody)}</div>
<p class="site-title"><a href="/">${e(site.title)}</a></p>
</div></header>
<main id="main"${options.wide ? ' class="wide"' : ''}>
${body}
</main>
${siteFooter(site)}
</body>
</html>
`;
  return { status: options.status ?? 200, html, contentSecurityPolicy: csp(deps.frameAncestors) };
}

function crumbs(items: Array<{ href?: string; text: string }>): string {
  const lis = items.map((item, index) =>
    index === items.length - 1 && !item.href ? `<li aria-current="page">${e(item.text)}</li>` : `<li><a href="${e(item.href ?? '/')}">${e(item.text)}</a></li>`,
  );
  return `<nav aria-label="${e(P.breadcrumb)}"><ol class="crumbs"><li><a href="/">${e(P.home)}</a></li>${lis.join('')}</ol></nav>`;
}

function notFound(deps: WebPagesDeps, message: string): RenderedPage {
  return layout(deps, P.notFoundTitle, `<h1>${e(P.notFoundTitle)}</h1>\n<p>${e(message)}</p>\n<p><a href="/">${e(P.backToChat)}</a></p>`, { status: 404 });
}

function row(label: string, value: string | null, html = false): string {
  if (value === null || value === '') return '';
  return `<dt>${e(label)}</dt><dd>${html ? value : e(value)}</dd>`;
}

const taskHref = (snapshot: KnowledgeSnapshot, task: Task) => `/nhiem-vu/${idSegment(snapshot.cite(task))}`;
const sectionHref = (snapshot: KnowledgeSnapshot, section: Section) => `/muc/${idSegment(snapshot.cite(section))}`;
const documentHref = (documentId: string) => `/van-ban/${idSegment(documentId)}`;

export function listHref(query: TaskListQuery & { page?: number }): string {
  const params = new URLSearchParams();
  for (const key of ['document', 'agency', 'role', 'partner', 'from', 'to', 'status'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.page && query.page > 1) params.set('page', String(query.page));
  const text = params.toString();
  return text ? `/danh-sach?${text}` : '/danh-sach';
}

function composeContext(deps: WebPagesDeps): ComposeContext {
  return { snapshot: deps.knowledge(), statuses: deps.statuses(), today: (deps.today ?? (() => todayInVietnam()))() };
}

/** The deadline as a date or a period, and where it stands today (the rules of src/status/rules.ts). */
function normalisedDeadline(task: Task, today: IsoDate, finished: boolean): { text: string; where: string; late: boolean } {
  const deadline = task.deadline;
  switch (deadline.kind) {
    case 'ongoing':
      return { text: A.ongoing, where: '', late: false };
    case 'yearly':
      return { text: A.yearly, where: '', late: false };
    case 'recurring':
      return { text: A.recurring, where: '', late: false };
    case 'conditional':
      return { text: A.conditional, where: '', late: false };
    case 'unknown':
    case 'none':
      return { text: A.noDeadline, where: '', late: false };
    default: {
      const base = deadline.kind === 'period' ? P.periodFromTo(formatDate(deadline.start), formatDate(deadline.due)) : P.dueOn(formatDate(deadline.due));
      if (finished) return { text: base, where: '', late: false };
      const status = deadlineStatus(deadline, today);
      const where =
        status.kind === 'overdue' ? A.overdueBy(status.days) : status.kind === 'due_today' ? A.dueToday : status.kind === 'remaining' ? A.daysLeft(status.days) : status.kind === 'running' ? A.periodRunning(status.days) : '';
      return { text: where ? `${base} (${where})` : base, where, late: status.kind === 'overdue' };
    }
  }
}

function documentLinks(snapshot: KnowledgeSnapshot, documentId: string): string {
  const document = snapshot.documentById.get(documentId);
  if (!document) return '';
  const links = [`<li><a href="${e(documentHref(documentId))}">${e(P.documentPage)}: ${e(documentShortName(document.document))}</a></li>`];
  if (document.document.sourceUrl && /^https?:\/\//i.test(document.document.sourceUrl)) {
    links.push(`<li><a href="${e(document.document.sourceUrl)}" rel="noopener">${e(P.officialText)}</a></li>`);
  }
  return `<ul class="links">${links.join('')}</ul>`;
}

/** Resolves a cited task id: a key, or a bare id that exactly one loaded document has. */
function findTask(snapshot: KnowledgeSnapshot, id: string): Task | undefined {
  const direct = snapshot.task(snapshot.keyOf(id));
  if (direct) return direct;
  if (id.includes(':')) return undefined;
  const matches = snapshot.tasks.filter((task) => task.id.toLowerCase() === id.toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}

function findSection(snapshot: KnowledgeSnapshot, id: string): Section | undefined {
  const direct = snapshot.section(snapshot.keyOf(id));
  if (direct) return direct;
  if (id.includes(':')) return undefined;
  const matches = snapshot.sections.filter((section) => section.id.toLowerCase() === id.toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}

export function renderTaskPage(deps: WebPagesDeps, id: string): RenderedPage {
  const context = composeContext(deps);
  const { snapshot } = context;
  const task = findTask(snapshot, id);
  if (!task) return notFound(deps, P.notFoundTask(id));
  const document = snapshot.documentById.get(task.documentId);
  const cited = snapshot.cite(task);
  const statuses = context.statuses.get(itemKey(task)) ?? [];
  const finished = isFinished(task, statuses, snapshot.agencies);
  const deadline = normalisedDeadline(task, context.today, finished);
  const table = document?.tables.find((candidate) => candidate.index === task.table);
  const appendix = `${A.appendix(task.appendix)}${table?.title ? ` — ${table.title}` : ''}`;
  const fields = [
    row(P.name, task.name),
    task.content !== task.name ? row(columnLabel(context, task, 'content') ?? P.content, task.content) : '',
    row(P.lead, agencyLabel(context, task, task.lead, A.noLeadPrinted)),
    row(P.partners, agencyLabel(context, task, task.partners, P.none)),
    row(P.deadlinePrinted, task.deadline.text || P.none),
    row(P.deadlineNormalised, deadline.late ? `<span class="badge late">${e(deadline.text)}</span>` : e(deadline.text), true),
    row(P.funding, task.funding ?? P.none),
    row(columnLabel(context, task, 'result') ?? P.result, task.result ?? P.none),
    row(columnLabel(context, task, 'follow_up') ?? A.followUp, task.followUp ? agencyLabel(context, task, task.followUp) : null),
    row(columnLabel(context, task, 'responsible') ?? A.responsible, task.responsible),
    row(A.printedProgress, task.progress),
    ...task.notes.map((note) => row(note.label, note.text)),
    row(P.code, task.code),
    row(P.group, task.group ? `${task.group.code} — ${task.group.title}` : null),
    row(P.block, task.block ? `${task.block.code} — ${task.block.title}` : null),
    row(P.appendix, appendix),
    row(P.document, document ? `<a href="${e(documentHref(task.documentId))}">${e(documentName(document.document))}</a>` : null, true),
  ].join('\n');
  const statusRows = statuses.map(
    (status) =>
      `<tr><td>${e(snapshot.agencies.displayName(status.agencyId))}</td><td>${e(OFFICIALS_MESSAGES.statusLabel[status.status])}</td><td>${status.percent === null ? '—' : `${status.percent}%`}</td><td>${e(formatDate(todayInVietnam(status.updatedAt)))}</td><td>${e(status.publicNote || '—')}</td></tr>`,
  );
  const statusBlock =
    statusRows.length === 0
      ? `<p>${e(P.noStatus)}</p>`
      : `<div class="table-wrap"><table><thead><tr><th scope="col">${e(P.statusAgency)}</th><th scope="col">${e(P.statusLabel)}</th><th scope="col">${e(P.statusPercent)}</th><th scope="col">${e(P.statusDate)}</th><th scope="col">${e(P.statusNote)}</th></tr></thead><tbody>${statusRows.join('')}</tbody></table></div>`;
  const body = [
    crumbs([
      ...(document ? [{ href: documentHref(task.documentId), text: documentShortName(document.document) }] : []),
      { href: listHref({ document: task.documentId }), text: P.listTitle },
      { text: cited },
    ]),
    `<h1>${e(P.taskTitle(cited))}</h1>`,
    `<p class="lede">${e(clip(task.name, 300))}</p>`,
    `<div class="card"><dl>\n${fields}\n</dl></div>`,
    `<h2>${e(P.statusHeading)}</h2>`,
    statusBlock,
    documentLinks(snapshot, task.documentId),
  ].join('\n');
  return layout(deps, P.taskTitle(cited), body);
}

/** A section's parent: the section of its document whose id is the longest proper prefix of its own. */
function parentOf(snapshot: KnowledgeSnapshot, section: Section): Section | undefined {
  const parts = section.id.split('.');
  for (let length = parts.length - 1; length > 0; length -= 1) {
    const parent = snapshot.section(itemKey({ documentId: section.documentId, id: parts.slice(0, length).join('.') }));
    if (parent) return parent;
  }
  return undefined;
}

function childrenOf(snapshot: KnowledgeSnapshot, section: Section | null, documentId: string): Section[] {
  return snapshot.sections.filter((candidate) => candidate.documentId === documentId && candidate !== section && (parentOf(snapshot, candidate) ?? null) === section);
}

export function renderSectionPage(deps: WebPagesDeps, id: string): RenderedPage {
  const snapshot = deps.knowledge();
  const section = findSection(snapshot, id);
  if (!section) return notFound(deps, P.notFoundSection(id));
  const document = snapshot.documentById.get(section.documentId);
  const cited = snapshot.cite(section);
  const ancestors: Section[] = [];
  for (let parent = parentOf(snapshot, section); parent; parent = parentOf(snapshot, parent)) ancestors.unshift(parent);
  const children = childrenOf(snapshot, section, section.documentId);
  const parent = ancestors.at(-1);
  const body = [
    crumbs([
      ...(document ? [{ href: documentHref(section.documentId), text: documentShortName(document.document) }] : []),
      ...ancestors.map((ancestor) => ({ href: sectionHref(snapshot, ancestor), text: ancestor.id })),
      { text: section.id },
    ]),
    `<h1>${e(P.sectionTitle(cited))}</h1>`,
    section.path.length > 1 ? `<p class="lede">${e(section.path.slice(0, -1).map((heading) => clip(heading, 120)).join(' › '))}</p>` : '',
    `<div class="card"><p class="section-text">${e(section.text)}</p></div>`,
    parent ? `<p>${e(P.parent)}: <a href="${e(sectionHref(snapshot, parent))}">${e(parent.id)} — ${e(clip(parent.heading, 160))}</a></p>` : '',
    `<h2>${e(P.children)}</h2>`,
    children.length === 0
      ? `<p>${e(P.noChildren)}</p>`
      : `<ul>${children.map((child) => `<li><a href="${e(sectionHref(snapshot, child))}">${e(child.id)}</a> — ${e(clip(child.heading, 200))}</li>`).join('')}</ul>`,
    documentLinks(snapshot, section.documentId),
  ].join('\n');
  return layout(deps, P.sectionTitle(cited), body);
}

export function renderDocumentPage(deps: WebPagesDeps, id: string): RenderedPage {
  const snapshot = deps.knowledge();
  // The engine cites a document as `document` (one loaded) or `101:document`; a page is also reachable by its id.
  const [first, second] = id.split(':');
  const documentId = second !== undefined ? first! : id === 'document' && snapshot.documents.length === 1 ? snapshot.documents[0]!.id : id;
  const knowledge = snapshot.documentById.get(documentId ?? '');
  if (!knowledge) return notFound(deps, P.notFoundDocument(id));
  const meta = knowledge.document;
  const top = childrenOf(snapshot, null, knowledge.id);
  const fields = [
    row(P.documentNumber, meta.number),
    row(P.documentKind, meta.type),
    row(P.issuer, meta.issuer),
    row(P.issuedOn, meta.issuedOn ? formatDate(meta.issuedOn) : meta.issuedText),
    row(P.signer, meta.signer ? `${meta.signer}${meta.signerTitle ? ` (${meta.signerTitle})` : ''}` : null),
    row(P.effect, meta.effectText ?? (meta.effectiveOn ? formatDate(meta.effectiveOn) : null)),
    row(P.legalBases, meta.legalBases.length > 0 ? meta.legalBases.join('\n') : null),
  ].join('\n');
  const body = [
    crumbs([{ text: documentShortName(meta) }]),
    `<h1>${e(documentName(meta))}</h1>`,
    `<p class="lede">${e(meta.title)}</p>`,
    `<div class="card"><dl>\n${fields}\n</dl></div>`,
    `<ul class="links"><li><a href="${e(listHref({ document: knowledge.id }))}">${e(P.documentTasks)} (${e(P.count(knowledge.tasks.length))})</a></li>${
      meta.sourceUrl && /^https?:\/\//i.test(meta.sourceUrl) ? `<li><a href="${e(meta.sourceUrl)}" rel="noopener">${e(P.officialText)}</a></li>` : ''
    }</ul>`,
    top.length > 0 ? `<h2>${e(P.sections)}</h2><ul>${top.map((section) => `<li><a href="${e(sectionHref(snapshot, section))}">${e(section.id)}</a> — ${e(clip(section.heading, 200))}</li>`).join('')}</ul>` : '',
  ].join('\n');
  return layout(deps, documentShortName(meta), body);
}

const STATUS_OPTION: Record<ListStatus, string> = {
  overdue: P.statusOverdue,
  open: P.statusOpen,
  none: P.statusNone,
  chua_trien_khai: OFFICIALS_MESSAGES.statusLabel.chua_trien_khai,
  dang_trien_khai: OFFICIALS_MESSAGES.statusLabel.dang_trien_khai,
  hoan_thanh: OFFICIALS_MESSAGES.statusLabel.hoan_thanh,
  vuong_mac: OFFICIALS_MESSAGES.statusLabel.vuong_mac,
};

function option(value: string, text: string, selected: string | undefined): string {
  return `<option value="${e(value)}"${value === (selected ?? '') ? ' selected' : ''}>${e(text)}</option>`;
}

/** Agencies named as lead or partner by some task (of the document, when one is chosen), by name. */
function agencyOptions(snapshot: KnowledgeSnapshot, documentId: string | undefined): Array<{ id: string; name: string }> {
  const ids = new Set<string>();
  for (const task of snapshot.tasks) {
    if (documentId && task.documentId !== documentId) continue;
    for (const id of snapshot.agencies.namedIds(task.lead)) ids.add(id);
    for (const id of snapshot.agencies.namedIds(task.partners)) ids.add(id);
  }
  return [...ids]
    .map((id) => ({ id, agency: snapshot.agencies.byId(id) }))
    .filter((entry) => entry.agency && entry.agency.kind === 'agency')
    .map((entry) => ({ id: entry.id, name: entry.agency!.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

export function renderListPage(deps: WebPagesDeps, search: URLSearchParams): RenderedPage {
  const context = composeContext(deps);
  const { snapshot } = context;
  const query = parseTaskListQuery({
    document: search.get('document'),
    agency: search.get('agency'),
    role: search.get('role'),
    partner: search.get('partner'),
    from: search.get('from'),
    to: search.get('to'),
    status: search.get('status'),
  });
  // A partner the directory does not know is dropped, like any other unknown value.
  const partner = query.partner ? snapshot.agencies.byId(query.partner) : undefined;
  if (!partner) delete query.partner;
  const tasks = listTasks(context, query);
  const pages = Math.max(1, Math.ceil(tasks.length / LIST_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1));
  const shown = tasks.slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE);
  const documents = snapshot.documents.map((document) => option(document.id, documentShortName(document.document), query.document));
  const agencies = agencyOptions(snapshot, query.document).map((agency) => option(agency.id, agency.name, query.agency));
  const form = `<form class="filters" method="get" action="/danh-sach">
<fieldset><legend>${e(P.filters)}</legend>
${query.partner ? `<input type="hidden" name="partner" value="${e(query.partner)}">` : ''}
${snapshot.documents.length > 1 ? `<div><label for="f-document">${e(P.filterDocument)}</label><select id="f-document" name="document">${option('', P.any, query.document)}${documents.join('')}</select></div>` : ''}
<div><label for="f-agency">${e(P.filterAgency)}</label><select id="f-agency" name="agency">${option('', P.any, query.agency)}${agencies.join('')}</select></div>
<div><label for="f-role">${e(P.filterRole)}</label><select id="f-role" name="role">${option('', P.roleEither, query.role)}${option('lead', P.roleLead, query.role)}${option('partner', P.rolePartner, query.role)}</select></div>
<div><label for="f-from">${e(P.filterFrom)}</label><input id="f-from" name="from" type="date" value="${e(query.from ?? '')}"></div>
<div><label for="f-to">${e(P.filterTo)}</label><input id="f-to" name="to" type="date" value="${e(query.to ?? '')}"></div>
<div><label for="f-status">${e(P.filterStatus)}</label><select id="f-status" name="status">${option('', P.any, query.status)}${LIST_STATUSES.map((status) => option(status, STATUS_OPTION[status], query.status)).join('')}</select></div>
</fieldset>
<div class="actions"><button type="submit">${e(P.apply)}</button><a href="/danh-sach">${e(P.clear)}</a></div>
</form>`;
  const rows = shown.map((task) => {
    const latest = (context.statuses.get(itemKey(task)) ?? [])[0];
    const finished = isFinished(task, context.statuses.get(itemKey(task)), snapshot.agencies);
    const deadline = normalisedDeadline(task, context.today, finished);
    const progress = latest ? OFFICIALS_MESSAGES.progress(latest.status, latest.percent) : OFFICIALS_MESSAGES.noUpdateYet;
    return `<tr><td><a href="${e(taskHref(snapshot, task))}">${e(snapshot.cite(task))}</a></td><td>${e(clip(task.content, LIST_TEXT_CHARS))}</td><td class="opt">${e(agencyLabel(context, task, task.lead, A.noLeadPrinted))}</td><td>${e(task.deadline.text || P.none)}${deadline.late ? ` <span class="badge late">${e(deadline.where)}</span>` : ''}</td><td class="opt">${e(progress)}</td></tr>`;
  });
  const pager =
    pages > 1
      ? `<nav class="pager" aria-label="${e(P.pagination)}">${page > 1 ? `<a href="${e(listHref({ ...query, page: page - 1 }))}">${e(P.previous)}</a>` : ''}<span>${e(P.pageOf(page, pages))}</span>${page < pages ? `<a href="${e(listHref({ ...query, page: page + 1 }))}">${e(P.next)}</a>` : ''}</nav>`
      : '';
  const results =
    tasks.length === 0
      ? `<p>${e(P.empty)}</p>`
      : `<div class="table-wrap"><table><caption class="visually-hidden">${e(P.count(tasks.length))}</caption><thead><tr><th scope="col">${e(P.columnId)}</th><th scope="col">${e(P.columnTask)}</th><th scope="col" class="opt">${e(P.columnLead)}</th><th scope="col">${e(P.columnDeadline)}</th><th scope="col" class="opt">${e(P.columnStatus)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${pager}`;
  const partnerNote = partner ? `<p>${e(P.partnerFilter(partner.name))} <a href="${e(listHref({ ...query, partner: undefined }))}">${e(P.partnerFilterRemove)}</a></p>` : '';
  const body = [crumbs([{ text: P.listTitle }]), `<h1>${e(P.listTitle)}</h1>`, form, partnerNote, `<p role="status">${e(P.count(tasks.length))}</p>`, results].join('\n');
  return layout(deps, P.listTitle, body, { wide: true });
}

function send(response: ServerResponse, page: RenderedPage): void {
  const body = Buffer.from(page.html);
  response.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'content-security-policy': page.contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  response.end(body);
}

/** The id in a request path after `prefix`, decoded; null when it is missing or not valid percent-encoding. */
function idAfter(request: HttpRequest, prefix: string): string | null {
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const raw = path.slice(prefix.length);
  if (raw === '' || raw.includes('/')) return null;
  try {
    return decodeURIComponent(raw).normalize('NFC');
  } catch {
    return null;
  }
}

/** The routes of the pages, to mount on the HTTP server (prefix routes for the three kinds of source). */
export function webPageRoutes(deps: WebPagesDeps): HttpRoute[] {
  const byId = (prefix: string, render: (deps: WebPagesDeps, id: string) => RenderedPage): HttpRoute => ({
    method: 'GET',
    path: prefix,
    prefix: true,
    async handle(request, response) {
      const id = idAfter(request, prefix);
      send(response, id === null ? notFound(deps, P.notFoundPath) : render(deps, id));
    },
  });
  return [
    byId('/nhiem-vu/', renderTaskPage),
    byId('/muc/', renderSectionPage),
    byId('/van-ban/', renderDocumentPage),
    {
      method: 'GET',
      path: '/danh-sach',
      async handle(request, response) {
        send(response, renderListPage(deps, new URL(request.url ?? '/', 'http://localhost').searchParams));
      },
    },
  ];
}
