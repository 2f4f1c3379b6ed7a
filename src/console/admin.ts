/**
 * The coordinator console under `/admin`: a programme dashboard, the reporting-period board with "Đôn đốc" and a form
 * opening an ad-hoc ("đột xuất") period (its request sent at once through `requestPeriod`, claimed once), officials
 * and invites, and the consolidated report downloads. Every page but the sign-in page needs a session of a
 * coordinator (src/console/sign-in.ts), else a 303 to `/admin/dang-nhap`; every POST needs the session's CSRF token
 * and answers with a 303 back to its page (post/redirect/get), except the invite, whose code is shown once.
 *
 * This module only reads requests and renders: the figures come from src/status and src/officials (the same
 * functions behind the chat's answers and commands), chases go through `chaseAgencies` (claimed under the reminders'
 * lock, so two instances send once), invites and deactivation through the officials' repository — all while the
 * service runs, since the CLI cannot open the embedded store the server holds.
 */
import type { ServerResponse } from 'node:http';
import { escapeHtml as e } from '../channels/html.ts';
import type { HttpRoute } from '../channels/types.ts';
import { listHref } from '../channels/web-pages.ts';
import { CONSOLE_MESSAGES, OFFICIALS_MESSAGES } from '../engine/messages.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { chaseAgencies, chasedOn } from '../officials/chase.ts';
import { buildConsolidatedReport } from '../officials/consolidated.ts';
import { periodBoard, periodReports, type PeriodBoard } from '../officials/cycle.ts';
import { currentAdhocPeriods, findAdhocPeriod, openAdhocPeriod, recentAdhocPeriods, resolvePeriod } from '../officials/adhoc.ts';
import { periodOf, PeriodFormatError, type ReportingPeriod } from '../officials/periods.ts';
import { requestPeriod } from '../officials/requests.ts';
import { reportingAgencyIds } from '../officials/report.ts';
import { createInvite, listActiveOfficials, listOfficials, listOpenInvites, removeOfficialById, type Official } from '../officials/repository.ts';
import { bindableAgencies } from '../officials/roles.ts';
import type { OfficialNotifier } from '../officials/service.ts';
import { latestStatuses, type StatusMap } from '../status/view.ts';
import type { Database } from '../store/database.ts';
import { addDays, formatDate, formatDateTimeInVietnam, isIsoDate, todayInVietnam, type IsoDate } from '../text/dates.ts';
import { columns, horizontalBars, type ChartSeries } from './charts.ts';
import { dashboardFigures, TASK_STANDINGS, type StandingCounts } from './figures.ts';
import type { StaffSession } from './sign-in.ts';
import { csrfField, queryOf, redirect, renderStaffPage, requireForm, requireSession, sendPage, sendRefusal, signInRoutes, type SignInRoutesDeps, type StaffPage } from './staff-pages.ts';

const M = CONSOLE_MESSAGES.admin;
const AREA = 'admin' as const;

/** The sign-in routes' dependencies (its area is the console) and the console's own. */
export interface AdminConsoleDeps extends Omit<SignInRoutesDeps, 'area'> {
  db: Database;
  knowledge(): KnowledgeSnapshot;
  officials: { reportingDueDay: number; inviteTtlHours: number };
  /** How a chase reaches officials (the running channels); null while none can push. */
  notifier(): OfficialNotifier | null;
}

const NAV = [
  { href: '/admin', text: M.nav.dashboard },
  { href: '/admin/ky-bao-cao', text: M.nav.periods },
  { href: '/admin/can-bo', text: M.nav.officials },
  { href: '/admin/bao-cao', text: M.nav.reports },
];

const STANDING_SERIES: Record<(typeof TASK_STANDINGS)[number], ChartSeries> = {
  done: { label: M.standing.done, color: '#1b7f3b' },
  reported: { label: M.standing.reported, color: '#0b4f9c' },
  overdue: { label: M.standing.overdue, color: '#c8102e' },
  not_reported: { label: M.standing.not_reported, color: '#9aa5b1' },
};

function page(deps: AdminConsoleDeps, session: StaffSession, current: string, title: string, body: string, status = 200): StaffPage {
  return renderStaffPage({ area: AREA, site: deps.site, title, body, session, nav: NAV, current, status });
}

const standingValues = (counts: StandingCounts) => TASK_STANDINGS.map((standing) => counts[standing]);

// Dashboard ------------------------------------------------------------------------------------------------------

export function renderDashboard(deps: AdminConsoleDeps, session: StaffSession, statuses: StatusMap, today: IsoDate): StaffPage {
  const knowledge = deps.knowledge();
  const figures = dashboardFigures(knowledge, statuses, today);
  const series = TASK_STANDINGS.map((standing) => STANDING_SERIES[standing]);
  /** Every chart's data table is labelled alike. */
  const tableTexts = { totalHeader: M.dashboard.total, tableSummary: M.dashboard.showTable };
  const stat = (n: number, label: string) => `<div class="stat"><span class="n">${n}</span><span class="l">${e(label)}</span></div>`;
  const byBlock = horizontalBars({
    id: 'chart-blocks',
    title: M.dashboard.byBlock,
    description: M.dashboard.byBlockDesc(figures.blocks.length),
    series,
    rows: figures.blocks.map((block) => ({ label: block.title, values: standingValues(block.counts) })),
    rowHeader: M.dashboard.block,
    ...tableTexts,
    empty: M.dashboard.empty,
  });
  const agencySeries: ChartSeries[] = [
    { label: OFFICIALS_MESSAGES.statusLabel.hoan_thanh, color: '#1b7f3b' },
    { label: OFFICIALS_MESSAGES.statusLabel.dang_trien_khai, color: '#0b4f9c' },
    { label: OFFICIALS_MESSAGES.statusLabel.vuong_mac, color: '#b35c00' },
    { label: OFFICIALS_MESSAGES.statusLabel.chua_trien_khai, color: '#5b6b7f' },
    { label: OFFICIALS_MESSAGES.noUpdateYet, color: '#c9d1dc' },
  ];
  const byAgency = horizontalBars({
    id: 'chart-agencies',
    title: M.dashboard.byAgency,
    description: M.dashboard.byAgencyDesc(figures.agencies.length),
    series: agencySeries,
    rows: figures.agencies.map((agency) => ({
      label: agency.agencyName,
      values: [agency.counts.hoan_thanh, agency.counts.dang_trien_khai, agency.counts.vuong_mac, agency.counts.chua_trien_khai, agency.counts.chua_cap_nhat],
      href: listHref({ agency: agency.agencyId, role: 'lead' }),
    })),
    rowHeader: M.dashboard.agency,
    ...tableTexts,
    empty: M.dashboard.empty,
  });
  const overdueAgencies = figures.agencies.filter((agency) => agency.counts.overdue > 0).sort((a, b) => b.counts.overdue - a.counts.overdue || a.agencyName.localeCompare(b.agencyName, 'vi'));
  const overdue = horizontalBars({
    id: 'chart-overdue',
    title: M.dashboard.overdueByAgency,
    description: M.dashboard.overdueDesc(overdueAgencies.length),
    series: [{ label: M.standing.overdue, color: '#c8102e' }],
    rows: overdueAgencies.map((agency) => ({ label: agency.agencyName, values: [agency.counts.overdue], href: listHref({ agency: agency.agencyId, status: 'overdue' }) })),
    rowHeader: M.dashboard.agency,
    ...tableTexts,
    empty: M.dashboard.noOverdue,
  });
  const quarters = columns({
    id: 'chart-quarters',
    title: M.dashboard.byQuarter,
    description: M.dashboard.byQuarterDesc(figures.quarters.length),
    series,
    rows: figures.quarters.map((quarter) => ({ label: quarter.label, values: standingValues(quarter.counts) })),
    rowHeader: M.dashboard.quarter,
    ...tableTexts,
    empty: M.dashboard.empty,
  });
  const body = `<h1>${e(M.dashboard.title)}</h1>
<p class="lede">${e(M.dashboard.lede(formatDate(today)))}</p>
<div class="grid">${stat(figures.tasks, M.dashboard.tasks)}${stat(figures.totals.done, M.standing.done)}${stat(figures.totals.reported, M.standing.reported)}${stat(figures.totals.overdue, M.standing.overdue)}${stat(figures.totals.not_reported, M.standing.not_reported)}</div>
${byBlock}
${quarters}
${overdue}
${byAgency}`;
  return page(deps, session, '/admin', M.dashboard.title, body);
}

// Reporting periods ----------------------------------------------------------------------------------------------

/** `current`: the period still takes reports, so its missing agencies can be chased (the form names the period). */
function boardSection(board: PeriodBoard, heading: string, current: boolean, session: StaffSession, officialsByAgency: ReadonlyMap<string, number>, chased: ReadonlySet<string>, canChase: boolean): string {
  const periodField = `<input type="hidden" name="ky" value="${e(board.period.key)}">`;
  const reported = board.rows.filter((row) => row.reportedOn !== null && !row.late).length;
  const late = board.rows.filter((row) => row.late).length;
  const missing = board.rows.filter((row) => row.reportedOn === null).length;
  const rows = board.rows.map((row) => {
    const state =
      row.reportedOn === null
        ? `<span class="badge missing">${e(M.periods.notReported)}</span>`
        : row.late
          ? `<span class="badge late">${e(M.periods.lateOn(formatDate(row.reportedOn)))}</span>`
          : `<span class="badge ok">${e(M.periods.reportedOn(formatDate(row.reportedOn)))}</span>`;
    const people = officialsByAgency.get(row.agencyId) ?? 0;
    let action = '';
    if (current && row.reportedOn === null) {
      if (chased.has(row.agencyId)) action = `<span class="badge off">${e(M.periods.chasedToday)}</span>`;
      else if (people === 0) action = `<span class="muted">${e(M.periods.noOfficials)}</span>`;
      else if (canChase)
        action = `<form method="post" action="/admin/ky-bao-cao/don-doc" class="inline">${csrfField(session)}${periodField}<input type="hidden" name="don-vi" value="${e(row.agencyId)}"><button type="submit" class="secondary" aria-label="${e(M.periods.chaseOneLabel(row.agencyName))}">${e(M.periods.chase)}</button></form>`;
    }
    return `<tr><th scope="row">${e(row.agencyName)}</th><td>${state}</td><td class="num opt">${people}</td>${current ? `<td class="nowrap">${action}</td>` : ''}</tr>`;
  });
  // Only agencies someone can be chased at, and not chased yet today, are counted on the button.
  const reachable = board.rows.filter((row) => row.reportedOn === null && (officialsByAgency.get(row.agencyId) ?? 0) > 0 && !chased.has(row.agencyId)).length;
  const all =
    current && reachable > 0 && canChase
      ? `<form method="post" action="/admin/ky-bao-cao/don-doc" class="actions">${csrfField(session)}${periodField}<input type="hidden" name="tat-ca" value="1"><button type="submit">${e(M.periods.chaseAll(reachable))}</button></form>`
      : '';
  return `<section aria-labelledby="ky-${e(board.period.key)}">
<h2 id="ky-${e(board.period.key)}">${e(heading)}</h2>
<p>${e(M.periods.summary(reported, late, missing))}</p>
${all}
<div class="table-wrap"><table><caption class="visually-hidden">${e(board.period.label)}</caption><thead><tr><th scope="col">${e(M.periods.agency)}</th><th scope="col">${e(M.periods.state)}</th><th scope="col" class="opt">${e(M.periods.officials)}</th>${current ? `<th scope="col">${e(M.periods.action)}</th>` : ''}</tr></thead><tbody>${rows.join('')}</tbody></table></div>
</section>`;
}

async function openNotice(deps: AdminConsoleDeps, query: URLSearchParams): Promise<string> {
  const problem = query.get('loi-mo');
  if (problem === 'ngay') return `<p class="notice error" role="status">${e(M.periods.adhocBadDue)}</p>`;
  if (problem === 'noi-dung') return `<p class="notice error" role="status">${e(M.periods.adhocBadTitle)}</p>`;
  const key = query.get('da-mo') ?? query.get('co-san');
  const id = /^DX(\d+)$/u.exec(key ?? '')?.[1];
  const period = id ? await findAdhocPeriod(deps.db, Number(id)) : null;
  if (!period) return '';
  if (query.get('co-san')) return `<p class="notice" role="status">${e(M.periods.adhocExisted(period.label, formatDate(period.due)))}</p>`;
  const failed = Number(query.get('loi') ?? '0') || 0;
  return `<p class="notice${failed > 0 ? ' error' : ''}" role="status">${e(M.periods.adhocOpened(period.label, formatDate(period.due), Number(query.get('gui') ?? '0') || 0, failed))}</p>`;
}

function openForm(session: StaffSession, today: IsoDate): string {
  return `<section aria-labelledby="dot-xuat" class="card">
<h2 id="dot-xuat">${e(M.periods.adhocTitle)}</h2>
<form method="post" action="/admin/ky-bao-cao/mo">${csrfField(session)}
<div class="two"><div><label for="tieu-de">${e(M.periods.adhocName)}</label><input id="tieu-de" name="tieu-de" type="text" required maxlength="200"></div>
<div><label for="han">${e(M.periods.adhocDue)}</label><input id="han" name="han" type="date" required min="${e(today)}"></div></div>
<p class="muted">${e(M.periods.adhocHelp)}</p>
<div class="actions"><button type="submit">${e(M.periods.adhocSubmit)}</button></div>
</form>
</section>`;
}

function chaseNotice(query: URLSearchParams): string {
  if (query.get('ban') === '1') return `<p class="notice error" role="status">${e(M.periods.busy)}</p>`;
  if (query.get('khong-kenh') === '1') return `<p class="notice error" role="status">${e(M.periods.noChannel)}</p>`;
  const sent = query.get('da-gui');
  if (sent === null) return '';
  const failed = Number(query.get('loi') ?? '0') || 0;
  return `<p class="notice${failed > 0 ? ' error' : ''}" role="status">${e(M.periods.chased(Number(sent) || 0, Number(query.get('don-vi') ?? '0') || 0, failed))}</p>`;
}

async function renderPeriods(deps: AdminConsoleDeps, session: StaffSession, today: IsoDate, query: URLSearchParams): Promise<StaffPage> {
  const knowledge = deps.knowledge();
  const statuses = await latestStatuses(deps.db);
  const current = periodOf(today, deps.officials.reportingDueDay);
  const previous = periodOf(addDays(current.start, -1), deps.officials.reportingDueDay);
  const officialsByAgency = new Map<string, number>();
  for (const official of await listActiveOfficials(deps.db)) officialsByAgency.set(official.agencyId, (officialsByAgency.get(official.agencyId) ?? 0) + 1);
  const canChase = deps.notifier() !== null;
  const section = async (period: ReportingPeriod, heading: string, chaseable: boolean) =>
    boardSection(periodBoard(knowledge, statuses, await periodReports(deps.db, period), period), heading, chaseable, session, officialsByAgency, await chasedOn(deps.db, period, today), chaseable && canChase);
  // This quarter, the ad-hoc periods that still take reports (newest first), last quarter.
  const sections = [await section(current, M.periods.heading(current.label, formatDate(current.due), true), true)];
  for (const period of (await currentAdhocPeriods(deps.db, today)).reverse()) {
    sections.push(await section(period, M.periods.adhocHeading(period.label, formatDate(period.due), today <= period.due), true));
  }
  sections.push(await section(previous, M.periods.heading(previous.label, formatDate(previous.due), false), false));
  const body = `<h1>${e(M.periods.title)}</h1>
<p class="lede">${e(M.periods.lede)}</p>
${await openNotice(deps, query)}
${chaseNotice(query)}
${canChase ? '' : `<p class="notice error">${e(M.periods.noChannel)}</p>`}
${sections.join('\n')}
${openForm(session, today)}`;
  return page(deps, session, '/admin/ky-bao-cao', M.periods.title, body);
}

// Officials and invites ---------------------------------------------------------------------------------------------

function roleLabel(role: string): string {
  return (M.officials.roles as Record<string, string>)[role] ?? role;
}

function channelLabel(channel: string): string {
  return (M.officials.channels as Record<string, string>)[channel] ?? channel;
}

async function renderOfficials(deps: AdminConsoleDeps, session: StaffSession, now: Date, notice: string): Promise<StaffPage> {
  const knowledge = deps.knowledge();
  const officials = await listOfficials(deps.db);
  const invites = await listOpenInvites(deps.db, now);
  const agencies = bindableAgencies(knowledge);
  const row = (official: Official) => {
    const active = official.removedAt === null;
    const state = active ? `<span class="badge ok">${e(M.officials.active)}</span>` : `<span class="badge off">${e(M.officials.removedOn(formatDate(todayInVietnam(official.removedAt!))))}</span>`;
    const action =
      active && official.id !== session.officialId
        ? `<form method="post" action="/admin/can-bo/ngung" class="inline">${csrfField(session)}<input type="hidden" name="id" value="${official.id}"><button type="submit" class="danger" aria-label="${e(M.officials.deactivateLabel(official.name))}">${e(M.officials.deactivate)}</button></form>`
        : active
          ? `<span class="muted">${e(M.officials.you)}</span>`
          : '';
    return `<tr><th scope="row">${e(official.name)}${official.nameConfirmed ? '' : ` <span class="badge late">${e(M.officials.nameUnconfirmed)}</span>`}</th><td>${e(knowledge.agencies.displayName(official.agencyId))}</td><td>${e(channelLabel(official.channel))} <span class="muted">${e(official.userId)}</span></td><td>${e(roleLabel(official.role))}</td><td>${state}</td><td>${action}</td></tr>`;
  };
  const inviteRows = invites.map(
    (invite) =>
      `<tr><td>${e(knowledge.agencies.displayName(invite.agencyId))}</td><td>${e(roleLabel(invite.role))}</td><td>${e(formatDateTimeInVietnam(invite.createdAt))}</td><td>${invite.used ? `<span class="badge ok">${e(M.officials.inviteUsed)}</span>` : e(M.officials.inviteUntil(formatDateTimeInVietnam(invite.expiresAt)))}</td></tr>`,
  );
  const body = `<h1>${e(M.officials.title)}</h1>
<p class="lede">${e(M.officials.lede)}</p>
${notice}
<section aria-labelledby="moi" class="card">
<h2 id="moi">${e(M.officials.inviteTitle)}</h2>
<form method="post" action="/admin/can-bo/moi">${csrfField(session)}
<div class="two"><div><label for="agency">${e(M.officials.agency)}</label><select id="agency" name="don-vi" required><option value="">${e(M.officials.chooseAgency)}</option>${agencies.map((agency) => `<option value="${e(agency.id)}">${e(agency.name)}</option>`).join('')}</select></div>
<div><label for="role">${e(M.officials.role)}</label><select id="role" name="vai-tro"><option value="official">${e(roleLabel('official'))}</option><option value="coordinator">${e(roleLabel('coordinator'))}</option></select></div></div>
<p class="muted">${e(M.officials.inviteHelp(deps.officials.inviteTtlHours))}</p>
<div class="actions"><button type="submit">${e(M.officials.createInvite)}</button></div>
</form>
</section>
<h2>${e(M.officials.listTitle(officials.filter((official) => official.removedAt === null).length))}</h2>
<div class="table-wrap"><table><caption class="visually-hidden">${e(M.officials.listTitle(officials.length))}</caption><thead><tr><th scope="col">${e(M.officials.name)}</th><th scope="col">${e(M.officials.agency)}</th><th scope="col">${e(M.officials.channel)}</th><th scope="col">${e(M.officials.role)}</th><th scope="col">${e(M.officials.state)}</th><th scope="col">${e(M.officials.action)}</th></tr></thead><tbody>${officials.length === 0 ? `<tr><td colspan="6">${e(M.officials.none)}</td></tr>` : officials.map(row).join('')}</tbody></table></div>
<h2>${e(M.officials.invitesTitle)}</h2>
${invites.length === 0 ? `<p>${e(M.officials.noInvites)}</p>` : `<div class="table-wrap"><table><caption class="visually-hidden">${e(M.officials.invitesTitle)}</caption><thead><tr><th scope="col">${e(M.officials.agency)}</th><th scope="col">${e(M.officials.role)}</th><th scope="col">${e(M.officials.inviteMade)}</th><th scope="col">${e(M.officials.state)}</th></tr></thead><tbody>${inviteRows.join('')}</tbody></table></div>`}`;
  return page(deps, session, '/admin/can-bo', M.officials.title, body);
}

// Reports ------------------------------------------------------------------------------------------------------------

/** The current period and the three before it, newest first. */
function recentPeriods(today: IsoDate, dueDay: number): ReportingPeriod[] {
  const periods = [periodOf(today, dueDay)];
  while (periods.length < 4) periods.push(periodOf(addDays(periods.at(-1)!.start, -1), dueDay));
  return periods;
}

function reportAgencies(knowledge: KnowledgeSnapshot, statuses: StatusMap): Array<{ id: string; name: string }> {
  return reportingAgencyIds(knowledge, statuses)
    .map((id) => ({ id, name: knowledge.agencies.displayName(id) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

function reportHref(period: ReportingPeriod, agencyId: string | null, format: 'docx' | 'xlsx'): string {
  const params = new URLSearchParams({ ky: period.key, 'dinh-dang': format });
  if (agencyId) params.set('don-vi', agencyId);
  return `/admin/bao-cao/tai?${params.toString()}`;
}

/** Ad-hoc periods offered for download beside the quarters. */
const REPORT_ADHOC_PERIODS = 6;

async function renderReports(deps: AdminConsoleDeps, session: StaffSession, today: IsoDate): Promise<StaffPage> {
  const knowledge = deps.knowledge();
  const statuses = await latestStatuses(deps.db);
  const periods = [...recentPeriods(today, deps.officials.reportingDueDay), ...(await recentAdhocPeriods(deps.db, REPORT_ADHOC_PERIODS))];
  const agencies = reportAgencies(knowledge, statuses);
  const links = periods.map(
    (period) =>
      `<tr><th scope="row">${e(period.label)}</th><td>${e(formatDate(period.due))}</td><td><a href="${e(reportHref(period, null, 'docx'))}" download>${e(M.reports.docx)}<span class="visually-hidden"> ${e(period.label)}</span></a></td><td><a href="${e(reportHref(period, null, 'xlsx'))}" download>${e(M.reports.xlsx)}<span class="visually-hidden"> ${e(period.label)}</span></a></td></tr>`,
  );
  const body = `<h1>${e(M.reports.title)}</h1>
<p class="lede">${e(M.reports.lede)}</p>
<h2>${e(M.reports.wholeProgramme)}</h2>
<div class="table-wrap"><table><caption class="visually-hidden">${e(M.reports.wholeProgramme)}</caption><thead><tr><th scope="col">${e(M.reports.period)}</th><th scope="col">${e(M.reports.due)}</th><th scope="col">${e(M.reports.word)}</th><th scope="col">${e(M.reports.excel)}</th></tr></thead><tbody>${links.join('')}</tbody></table></div>
<section class="card" aria-labelledby="mot-don-vi">
<h2 id="mot-don-vi">${e(M.reports.oneAgency)}</h2>
<form method="get" action="/admin/bao-cao/tai">
<div class="two"><div><label for="ky">${e(M.reports.period)}</label><select id="ky" name="ky">${periods.map((period) => `<option value="${e(period.key)}">${e(period.label)}</option>`).join('')}</select></div>
<div><label for="don-vi">${e(M.reports.agency)}</label><select id="don-vi" name="don-vi"><option value="">${e(M.reports.allAgencies)}</option>${agencies.map((agency) => `<option value="${e(agency.id)}">${e(agency.name)}</option>`).join('')}</select></div></div>
<div class="actions"><button type="submit" name="dinh-dang" value="docx">${e(M.reports.downloadDocx)}</button><button type="submit" name="dinh-dang" value="xlsx" class="secondary">${e(M.reports.downloadXlsx)}</button></div>
</form>
</section>`;
  return page(deps, session, '/admin/bao-cao', M.reports.title, body);
}

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

async function sendReport(deps: AdminConsoleDeps, response: ServerResponse, query: URLSearchParams, today: IsoDate): Promise<void> {
  const format = query.get('dinh-dang') === 'xlsx' ? 'xlsx' : query.get('dinh-dang') === 'docx' ? 'docx' : null;
  let period: ReportingPeriod;
  try {
    period = await resolvePeriod(deps.db, query.get('ky') ?? '', deps.officials.reportingDueDay);
  } catch (error) {
    if (!(error instanceof PeriodFormatError)) throw error;
    return sendRefusal(response, AREA, deps.site, 400, M.reports.badPeriod);
  }
  if (!format) return sendRefusal(response, AREA, deps.site, 400, M.reports.badFormat);
  const knowledge = deps.knowledge();
  const statuses = await latestStatuses(deps.db);
  const agencyId = query.get('don-vi') || null;
  if (agencyId && !reportingAgencyIds(knowledge, statuses).includes(agencyId)) return sendRefusal(response, AREA, deps.site, 404, M.reports.unknownAgency);
  const model = buildConsolidatedReport({ knowledge, statuses, reports: await periodReports(deps.db, period), period, today, agencyId });
  // Imported on the first download: the xlsx and docx writers cost a start about 0.35 s of module loading.
  const file = format === 'docx' ? await (await import('../officials/report-docx.ts')).renderReportDocx(model) : await (await import('../officials/report-xlsx.ts')).renderReportXlsx(model);
  const name = `bao-cao-tong-hop-${period.key}${agencyId ? `-${agencyId}` : ''}.${format}`.replace(/[^A-Za-z0-9._-]/gu, '-');
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[format],
    'content-length': file.length,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(file);
}

// Routes ---------------------------------------------------------------------------------------------------------------

export function adminRoutes(deps: AdminConsoleDeps): HttpRoute[] {
  const now = deps.now ?? (() => new Date());
  const { signIn } = deps;
  const get = (path: string, render: (session: StaffSession, at: Date, query: URLSearchParams, response: ServerResponse) => Promise<StaffPage | null>): HttpRoute => ({
    method: 'GET',
    path,
    async handle(request, response) {
      const at = now();
      const session = await requireSession(request, response, signIn, AREA, at);
      if (!session) return;
      const rendered = await render(session, at, queryOf(request), response);
      if (rendered) sendPage(response, rendered);
    },
  });
  const post = (path: string, act: (session: StaffSession, form: URLSearchParams, at: Date, response: ServerResponse) => Promise<void>): HttpRoute => ({
    method: 'POST',
    path,
    async handle(request, response) {
      const at = now();
      const checked = await requireForm(request, response, { signIn, area: AREA, site: deps.site, now: at });
      if (checked) await act(checked.session, checked.form, at, response);
    },
  });
  const today = (at: Date) => todayInVietnam(at);

  return [
    ...signInRoutes({ ...deps, area: AREA, signIn, now }),
    get('/admin', async (session, at) => renderDashboard(deps, session, await latestStatuses(deps.db), today(at))),
    get('/admin/ky-bao-cao', (session, at, query) => renderPeriods(deps, session, today(at), query)),
    get('/admin/can-bo', async (session, at, query) => {
      const removedId = Number(query.get('da-ngung'));
      const removed = removedId > 0 ? (await listOfficials(deps.db)).find((official) => official.id === removedId && official.removedAt !== null) : undefined;
      return renderOfficials(deps, session, at, removed ? `<p class="notice" role="status">${e(M.officials.deactivated(removed.name))}</p>` : '');
    }),
    get('/admin/bao-cao', (session, at) => renderReports(deps, session, today(at))),
    get('/admin/bao-cao/tai', async (_session, at, query, response) => {
      await sendReport(deps, response, query, today(at));
      return null;
    }),
    post('/admin/ky-bao-cao/mo', async (session, form, at, response) => {
      const title = (form.get('tieu-de') ?? '').replace(/\s+/gu, ' ').trim();
      const due = (form.get('han') ?? '').trim();
      if (title === '' || title.length > 200) return redirect(response, '/admin/ky-bao-cao?loi-mo=noi-dung');
      if (!isIsoDate(due) || due < today(at)) return redirect(response, '/admin/ky-bao-cao?loi-mo=ngay');
      const opened = await openAdhocPeriod(deps.db, { title, openedOn: today(at), due, openedBy: session.officialId, now: at });
      if (!opened.created) return redirect(response, `/admin/ky-bao-cao?co-san=${opened.period.key}`);
      deps.logger?.info({ officialId: session.officialId, period: opened.period.key, due }, 'ad-hoc reporting period opened from the console');
      const send = deps.notifier();
      // Without a channel the scheduler sends the opening request once one runs.
      const run = send ? await requestPeriod({ db: deps.db, knowledge: deps.knowledge(), period: opened.period, now: at, send, ...(deps.logger ? { logger: deps.logger } : {}) }) : null;
      redirect(response, `/admin/ky-bao-cao?${new URLSearchParams({ 'da-mo': opened.period.key, gui: String(run?.sent ?? 0), loi: String(run?.failed ?? 0) }).toString()}`);
    }),
    post('/admin/ky-bao-cao/don-doc', async (session, form, at, response) => {
      const send = deps.notifier();
      if (!send) return redirect(response, '/admin/ky-bao-cao?khong-kenh=1');
      let period: ReportingPeriod | undefined;
      try {
        period = form.get('ky') ? await resolvePeriod(deps.db, form.get('ky')!, deps.officials.reportingDueDay) : undefined;
      } catch (error) {
        if (!(error instanceof PeriodFormatError)) throw error;
        return sendRefusal(response, AREA, deps.site, 400, M.reports.badPeriod);
      }
      const agencyId = form.get('don-vi');
      const run = await chaseAgencies({
        db: deps.db,
        knowledge: deps.knowledge(),
        config: { reportingDueDay: deps.officials.reportingDueDay },
        today: today(at),
        now: at,
        send,
        ...(deps.logger ? { logger: deps.logger } : {}),
        ...(form.get('tat-ca') === '1' || !agencyId ? {} : { agencyIds: [agencyId] }),
        ...(period ? { period } : {}),
      });
      deps.logger?.info({ officialId: session.officialId, outcome: run.outcome, sent: run.sent, failed: run.failed, agencies: run.chased.length }, 'chase from the console');
      if (run.outcome === 'locked') return redirect(response, '/admin/ky-bao-cao?ban=1');
      redirect(response, `/admin/ky-bao-cao?${new URLSearchParams({ 'da-gui': String(run.sent), 'don-vi': String(run.chased.length), loi: String(run.failed) }).toString()}`);
    }),
    post('/admin/can-bo/moi', async (session, form, at, response) => {
      const knowledge = deps.knowledge();
      const agency = bindableAgencies(knowledge).find((candidate) => candidate.id === form.get('don-vi'));
      const role = form.get('vai-tro') === 'coordinator' ? 'coordinator' : 'official';
      if (!agency) return sendRefusal(response, AREA, deps.site, 400, M.officials.unknownAgency);
      const invite = await createInvite(deps.db, { agencyId: agency.id, role, now: at, ttlHours: deps.officials.inviteTtlHours });
      deps.logger?.info({ officialId: session.officialId, agency: agency.id, role }, 'invite created from the console');
      const notice = `<div class="notice" role="status"><p>${e(M.officials.inviteCreated(agency.name, roleLabel(role), formatDateTimeInVietnam(invite.expiresAt)))}</p><p><span class="code-shown">${e(invite.code)}</span></p><p>${e(M.officials.inviteHowTo(invite.code))}</p></div>`;
      sendPage(response, await renderOfficials(deps, session, at, notice));
    }),
    post('/admin/can-bo/ngung', async (session, form, at, response) => {
      const id = Number(form.get('id'));
      if (!Number.isSafeInteger(id) || id <= 0 || id === session.officialId) return sendRefusal(response, AREA, deps.site, 400, M.officials.cannotDeactivate);
      const done = await removeOfficialById(deps.db, id, at);
      if (done) deps.logger?.info({ officialId: session.officialId, removed: id }, 'official deactivated from the console');
      redirect(response, done ? `/admin/can-bo?da-ngung=${id}` : '/admin/can-bo');
    }),
    // Anything else under /admin: the sign-in page for strangers, a 404 page for staff.
    {
      method: 'GET',
      path: '/admin/',
      prefix: true,
      async handle(request, response) {
        const session = await requireSession(request, response, signIn, AREA, now());
        if (session) sendPage(response, page(deps, session, '', M.notFound, `<h1>${e(M.notFound)}</h1><p><a href="/admin">${e(M.nav.dashboard)}</a></p>`, 404));
      },
    },
  ];
}
