/**
 * The consolidated progress report that a coordinating department sends each period to the provincial People's
 * Committee: one shape, rendered to Word (`report-docx.ts`) and Excel (`report-xlsx.ts`).
 *
 * Contract for every renderer: the model is already final. Text is printed as given (no clipping, no re-casing
 * beyond what the administrative layout requires), rows keep the order they have here, and the counts and totals
 * are printed, never recomputed, so the figures in both files always agree with each other and with the model.
 * Builders use `countStatuses` and `reportTotals` to fill them consistently.
 */

export type ReportTaskStatus = 'done' | 'on_track' | 'late' | 'not_reported';

/** Fixed order of the statuses in every count line, column set and legend. */
export const REPORT_STATUSES: readonly ReportTaskStatus[] = ['done', 'on_track', 'late', 'not_reported'];

export const REPORT_STATUS_LABELS: Record<ReportTaskStatus, string> = {
  done: 'Hoàn thành',
  on_track: 'Đúng tiến độ',
  late: 'Chậm tiến độ',
  not_reported: 'Chưa báo cáo',
};

/** The agency's part in a task: named lead, named partner, or its own share of a task given to all agencies. */
export type ReportTaskRole = 'lead' | 'partner' | 'collective';

export interface ReportTaskRow {
  /** As cited in the programme documents, e.g. "PL2.11", or "101:PL2.11" when several documents are covered. */
  taskId: string;
  /** The task text; may be several hundred characters. */
  name: string;
  role: ReportTaskRole;
  /** As printed in the document, e.g. "Tháng 12/2025", "2025 - 2030". */
  deadline: string;
  status: ReportTaskStatus;
  /** Short progress phrase, e.g. "đạt 80%", "gặp vướng mắc, đạt 40%". */
  progress: string | null;
  /** The agency's latest update note, in its public form (personal data already redacted). */
  latestUpdate: string | null;
  /** "dd/mm/yyyy". */
  updatedOn: string | null;
  /** Past its deadline and not done, as of `ConsolidatedReport.generatedOn`. */
  overdue: boolean;
}

export type ReportCounts = Record<ReportTaskStatus, number> & { total: number };

export interface ReportAgencySection {
  agencyName: string;
  /** When the agency answered this period's request, "dd/mm/yyyy"; null: it has not answered. */
  reportedOn: string | null;
  /** Answered after the period's due date (always false when `reportedOn` is null). */
  lateReport: boolean;
  counts: ReportCounts;
  tasks: ReportTaskRow[];
}

/**
 * A part of the programme, e.g. code "A", title "Chính quyền số". A document without parts is one block with
 * code "" (its title may also be "").
 */
export interface ReportBlock {
  code: string;
  title: string;
  agencies: ReportAgencySection[];
}

export type ReportTotals = ReportCounts & {
  /** Agency sections across all blocks (an agency listed in two blocks counts twice). */
  agencies: number;
  agenciesReported: number;
  /** Of `agenciesReported`, those that answered after the due date. */
  agenciesLate: number;
};

export interface ConsolidatedReport {
  /**
   * Top-left of the letterhead. Lines separated by "\n": the parent authority first (e.g. "ỦY BAN NHÂN DÂN TỈNH …"),
   * the issuing body last (e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ"); a single line is the issuing body.
   */
  issuer: string;
  /** Document number line under the issuer, e.g. "Số: 123/BC-SKHCN"; null to leave it out. */
  documentNumber: string | null;
  /** ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]. */
  nationalMotto: [string, string];
  /** For "<place>, ngày dd tháng mm năm yyyy". */
  place: string;
  /** ISO date "yyyy-mm-dd" (a longer ISO timestamp is read by its date part). */
  generatedOn: string;
  /** "BÁO CÁO". */
  title: string;
  /** "Kết quả thực hiện Chương trình … quý IV/2026". */
  subtitle: string;
  /** "Quý IV/2026". */
  periodLabel: string;
  /** Due date of the agencies' answers for the period, "dd/mm/yyyy". */
  periodDue: string;
  /** Programme documents covered. */
  documents: Array<{ id: string; label: string }>;
  totals: ReportTotals;
  blocks: ReportBlock[];
  /** "Nơi nhận" lines, without the leading "- ", e.g. "UBND tỉnh (để b/c);", "Lưu: VT.". */
  recipients: string[];
  signerTitle: string | null;
  signerName: string | null;
}

/** Counts of one agency's rows, for `ReportAgencySection.counts`. */
export function countStatuses(tasks: readonly Pick<ReportTaskRow, 'status'>[]): ReportCounts {
  const counts: ReportCounts = { total: tasks.length, done: 0, on_track: 0, late: 0, not_reported: 0 };
  for (const task of tasks) counts[task.status] += 1;
  return counts;
}

/** Totals over every agency section, from the sections' own counts, for `ConsolidatedReport.totals`. */
export function reportTotals(blocks: readonly ReportBlock[]): ReportTotals {
  const totals: ReportTotals = { total: 0, done: 0, on_track: 0, late: 0, not_reported: 0, agencies: 0, agenciesReported: 0, agenciesLate: 0 };
  for (const block of blocks) {
    for (const agency of block.agencies) {
      totals.agencies += 1;
      if (agency.reportedOn !== null) {
        totals.agenciesReported += 1;
        if (agency.lateReport) totals.agenciesLate += 1;
      }
      totals.total += agency.counts.total;
      for (const status of REPORT_STATUSES) totals[status] += agency.counts[status];
    }
  }
  return totals;
}
