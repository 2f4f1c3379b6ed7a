/**
 * `npm run --silent demo:quarter -- --out DIR [--period YYYY-Qn]`: one reporting period simulated end to end on a
 * fresh store, through the product's own paths (the engine for every chat message, the scheduler for the requests,
 * the coordinator's `/donduc` for the chase), with channels replaced by a recorder. Five agencies holding the most
 * tasks of the primary document are asked; three answer on time, one is chased and then answers, one answers after
 * the due date. The period's consolidated report is written to DIR as .docx and .xlsx.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Engine } from '../engine/types.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { buildConsolidatedReport } from '../officials/consolidated.ts';
import { periodBoard, periodReports, renderPeriodBoard } from '../officials/cycle.ts';
import { parsePeriod, periodOf, type ReportingPeriod } from '../officials/periods.ts';
import { renderReportDocx } from '../officials/report-docx.ts';
import { renderReportXlsx } from '../officials/report-xlsx.ts';
import { reportingAgencyIds, responsibleTasks } from '../officials/report.ts';
import { addOfficial, type Official } from '../officials/repository.ts';
import { runReminders } from '../officials/scheduler.ts';
import type { OfficialNotifier } from '../officials/service.ts';
import { latestStatuses } from '../status/view.ts';
import type { Database } from '../store/database.ts';
import { addDays, type IsoDate } from '../text/dates.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';

export interface DemoQuarterDeps {
  db: Database;
  engine: Engine;
  knowledge: () => KnowledgeSnapshot;
  config: Config['officials'];
  /** The clock the officials' service and the scheduler read; the demo moves it through the quarter. */
  setNow: (instant: Date) => void;
  bindNotifier: (notify: OfficialNotifier) => void;
  out: (text: string) => void;
  today: IsoDate;
}

export interface DemoQuarterResult {
  period: ReportingPeriod;
  /** Agency name → how many period requests its official got. */
  requests: Map<string, number>;
  chased: string[];
  files: string[];
}

/** 10:00 in Việt Nam on `date`. */
const morning = (date: IsoDate) => new Date(`${date}T03:00:00Z`);

export async function runDemoQuarter(args: string[], deps: DemoQuarterDeps): Promise<DemoQuarterResult> {
  const parsed = parseArgs(args);
  const outDir = stringFlag(parsed, 'out');
  if (!outDir) throw new UsageError('Cách dùng (usage): demo:quarter --out THƯ_MỤC [--period YYYY-Qn]');
  const typed = stringFlag(parsed, 'period');
  const period = typed ? parsePeriod(typed, deps.config.reportingDueDay) : periodOf(deps.today, deps.config.reportingDueDay);
  const knowledge = deps.knowledge();
  const statuses = await latestStatuses(deps.db);
  const primary = knowledge.profile.primaryDocument;
  const coordinatorId = knowledge.profile.coordinator.agencyId;

  // The five agencies that lead the most tasks of the primary document (the coordinator's own agency aside).
  const leads = (agencyId: string) =>
    responsibleTasks(knowledge, statuses, agencyId).filter(({ task, collective }) => !collective && task.documentId === primary);
  const agencies = reportingAgencyIds(knowledge, statuses)
    .filter((agencyId) => agencyId !== coordinatorId && leads(agencyId).length > 0)
    .sort((a, b) => leads(b).length - leads(a).length || a.localeCompare(b))
    .slice(0, 5);
  if (agencies.length < 5) throw new UsageError('Văn bản chính có ít hơn 5 đơn vị chủ trì nhiệm vụ: không dựng được kỳ báo cáo mẫu.');

  const requestDay = addDays(period.due, -Math.max(...deps.config.reportingRequestDays, 7));
  deps.setNow(morning(addDays(requestDay, -1)));
  const officials: Official[] = [];
  for (const [index, agencyId] of [coordinatorId, ...agencies].entries()) {
    officials.push(
      await addOfficial(deps.db, {
        channel: 'telegram',
        userId: String(9000 + index),
        agencyId,
        name: `Cán bộ mẫu ${index}`,
        role: index === 0 ? 'coordinator' : 'official',
        now: morning(addDays(requestDay, -1)),
      }),
    );
  }
  const inbox: Array<{ official: Official; text: string }> = [];
  const send: OfficialNotifier = async (official, text) => {
    inbox.push({ official, text });
  };
  deps.bindNotifier(send);
  const name = (agencyId: string) => knowledge.agencies.displayName(agencyId);
  let messageNumber = 0;
  const say = async (official: Official, text: string, date: IsoDate) => {
    deps.setNow(morning(date));
    messageNumber += 1;
    const reply = await deps.engine.handle({
      channel: 'telegram',
      userId: official.userId,
      conversationId: official.userId,
      messageId: `demo-${messageNumber}`,
      text,
      today: date,
      receivedAt: morning(date),
    });
    deps.out(`[${date}] ${name(official.agencyId)}: ${text}\n  → ${reply.text.split('\n')[0]}`);
    return reply;
  };
  const report = async (official: Official, date: IsoDate) => {
    const task = (leads(official.agencyId)[0] ?? responsibleTasks(knowledge, statuses, official.agencyId)[0]!).task;
    await say(official, `/capnhat ${knowledge.cite(task)} đã triển khai theo kế hoạch, đạt 50%`, date);
    await say(official, 'có', date);
  };

  const [coordinator, onTime1, onTime2, onTime3, chasedAgency, lateAgency] = officials as [Official, Official, Official, Official, Official, Official];
  // The coordinator's own agency reports before the period's request goes out, so only the five are asked.
  await report(coordinator, addDays(requestDay, -1));
  deps.setNow(morning(requestDay));
  const run = await runReminders({ db: deps.db, knowledge, config: deps.config, today: requestDay, now: morning(requestDay), send });
  await report(onTime1, addDays(requestDay, 1));
  await report(onTime2, addDays(requestDay, 2));
  await report(onTime3, addDays(requestDay, 3));
  const chaseDay = addDays(period.due, -3);
  const beforeChase = inbox.length;
  await say(coordinator, '/donduc', chaseDay);
  const chased = [...new Set(inbox.slice(beforeChase).map((entry) => name(entry.official.agencyId)))];
  await report(chasedAgency, addDays(chaseDay, 1));
  await report(lateAgency, addDays(period.due, 2));

  const reportDay = addDays(period.due, 5);
  deps.setNow(morning(reportDay));
  const finalStatuses = await latestStatuses(deps.db);
  const reports = await periodReports(deps.db, period);
  deps.out(`\n${renderPeriodBoard(periodBoard(knowledge, finalStatuses, reports, period))}`);
  const model = buildConsolidatedReport({ knowledge, statuses: finalStatuses, reports, period, today: reportDay, agencyId: null });
  mkdirSync(outDir, { recursive: true });
  const files = [path.join(outDir, `bao-cao-${period.key}.docx`), path.join(outDir, `bao-cao-${period.key}.xlsx`)];
  writeFileSync(files[0]!, await renderReportDocx(model));
  writeFileSync(files[1]!, await renderReportXlsx(model));

  const requests = new Map<string, number>();
  for (const sent of run.sent.filter((entry) => entry.kind.startsWith('request_'))) {
    const agency = name(sent.official.agencyId);
    requests.set(agency, (requests.get(agency) ?? 0) + 1);
  }
  deps.out(`\nĐề nghị báo cáo đã gửi (${requestDay}): ${[...requests].map(([agency, count]) => `${agency} (${count})`).join('; ')}`);
  deps.out(`Đôn đốc (${chaseDay}): ${chased.join('; ')}`);
  deps.out(`Đã ghi: ${files.join(', ')}`);
  return { period, requests, chased, files };
}
