/**
 * The consolidated report of one reporting period, for the whole programme or one agency: the model the Word and
 * Excel renderers draw (`report-model.ts`). Tasks are grouped by the document's own blocks (A/B/C of a programme's appendix) or, where
 * a table has none, by appendix; within a block, by the agency that answers for them. A task's standing uses the
 * status rules: done when finished, late when overdue, on track when reported, otherwise not reported. Statuses are
 * the latest stored when the report is made.
 */
import { OFFICIALS_MESSAGES as M } from '../engine/messages.ts';
import { documentShortName } from '../knowledge/labels.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { isOverdue } from '../status/rules.ts';
import type { StatusMap } from '../status/view.ts';
import { formatDate, todayInVietnam, type IsoDate } from '../text/dates.ts';
import { toRoman } from '../text/roman.ts';
import { periodBoard } from './cycle.ts';
import type { ReportingPeriod } from './periods.ts';
import { countStatuses, reportTotals, type ConsolidatedReport, type ReportAgencySection, type ReportBlock, type ReportTaskRow, type ReportTaskStatus } from './report-model.ts';
import { responsibleTasks } from './report.ts';

export interface ConsolidatedInput {
  knowledge: KnowledgeSnapshot;
  statuses: StatusMap;
  /** First report of each agency in the period (`periodReports`). */
  reports: ReadonlyMap<string, Date>;
  period: ReportingPeriod;
  today: IsoDate;
  /** One agency's report; null: every agency. */
  agencyId: string | null;
}

export function buildConsolidatedReport(input: ConsolidatedInput): ConsolidatedReport {
  const { knowledge, statuses, period, today } = input;
  const profile = knowledge.profile;
  const board = periodBoard(knowledge, statuses, input.reports, period).rows.filter((row) => input.agencyId === null || row.agencyId === input.agencyId);
  const blocks = new Map<string, ReportBlock & { byAgency: Map<string, ReportAgencySection> }>();
  for (const row of board) {
    for (const { task, collective, own } of responsibleTasks(knowledge, statuses, row.agencyId)) {
      const blockKey = `${task.documentId}|${task.block?.code ?? `PL${task.appendix ?? ''}`}`;
      let block = blocks.get(blockKey);
      if (!block) {
        const title = task.block?.title ?? (task.appendix === null ? M.consolidated.tasksTitle : M.consolidated.appendixTitle(toRoman(task.appendix)));
        const document = knowledge.documentById.get(task.documentId);
        block = {
          code: task.block?.code ?? '',
          title: knowledge.multi && document ? `${title} (${documentShortName(document.document)})` : title,
          agencies: [],
          byAgency: new Map(),
        };
        blocks.set(blockKey, block);
      }
      let section = block.byAgency.get(row.agencyId);
      if (!section) {
        section = {
          agencyName: row.agencyName,
          reportedOn: row.reportedOn ? formatDate(row.reportedOn) : null,
          lateReport: row.late,
          counts: countStatuses([]),
          tasks: [],
        };
        block.byAgency.set(row.agencyId, section);
        block.agencies.push(section);
      }
      const finished = own?.status === 'hoan_thanh';
      const overdue = isOverdue(task, today, finished);
      const status: ReportTaskStatus = finished ? 'done' : overdue ? 'late' : own ? 'on_track' : 'not_reported';
      const taskRow: ReportTaskRow = {
        taskId: knowledge.cite(task),
        name: task.name,
        role: collective ? 'collective' : 'lead',
        deadline: task.deadline.text,
        status,
        progress: own ? M.progress(own.status, own.percent) : null,
        latestUpdate: own ? own.publicNote || null : null,
        updatedOn: own ? formatDate(todayInVietnam(own.updatedAt)) : null,
        overdue,
      };
      section.tasks.push(taskRow);
    }
  }
  const reportBlocks: ReportBlock[] = [...blocks.values()].map(({ code, title, agencies }) => ({
    code,
    title,
    agencies: agencies.map((section) => ({ ...section, counts: countStatuses(section.tasks) })),
  }));
  const coordinator = profile.coordinator.name;
  return {
    issuer: `${profile.issuingBody}\n${coordinator}`,
    documentNumber: null,
    nationalMotto: M.consolidated.nationalMotto,
    place: profile.province,
    generatedOn: today,
    title: M.consolidated.title,
    subtitle: M.consolidated.subtitle(profile.programme.shortName, period.label),
    periodLabel: period.label,
    periodDue: formatDate(period.due),
    documents: knowledge.documents.map((document) => ({ id: document.id, label: documentShortName(document.document) })),
    totals: reportTotals(reportBlocks),
    blocks: reportBlocks,
    recipients: M.consolidated.recipients(profile.issuingBody),
    signerTitle: null,
    signerName: null,
  };
}
