/**
 * A programme document as structured knowledge: what `npm run ingest` writes for review and loads into the store.
 * Every other module reads these shapes, never the source file. Nothing here is specific to one document: ids,
 * column labels, groups and agencies all come from the document itself and the gazetteer.
 */
import type { IsoDate } from '../text/dates.ts';
import type { SourceFormat } from './ir.ts';

export type { IsoDate } from '../text/dates.ts';

/** A deadline cell normalised. `text` is always the cell exactly as printed. */
export type Deadline =
  /** "Tháng 12/2025", "Quý II/2026" (precision month), "Năm 2025" / "2026" (year), "Trước 30/6/2026" (day). */
  | { kind: 'date'; text: string; due: IsoDate; precision: 'day' | 'month' | 'year' }
  /** "2025 - 2030", "Giai đoạn 2025-2030", "Quý IV/2025- Quý II/2026": a period, due at its end. */
  | { kind: 'period'; text: string; start: IsoDate; due: IsoDate }
  /** "Thường xuyên". */
  | { kind: 'ongoing'; text: string }
  /** "Hàng năm", "Trước ngày 31/01 năm liền kề". */
  | { kind: 'yearly'; text: string }
  /** "Hằng quý", "Trước ngày 05 của tháng liền kề": a periodic duty shorter than a year. */
  | { kind: 'recurring'; text: string }
  /** "Khi Trung ương có quy định mới", "Theo lộ trình của Bộ Công an": no date. */
  | { kind: 'conditional'; text: string }
  /** A form the interpreter does not know: kept as printed and reported by the ingest. */
  | { kind: 'unknown'; text: string }
  /** The cell is missing and nothing could be inherited. */
  | { kind: 'none'; text: '' };

/** An agency of the directory, or a collective / non-specific assignee. */
export interface Agency {
  /** Stable slug, e.g. `so-khcn`; the gazetteer's id when the gazetteer knows the agency. */
  id: string;
  /** Canonical Vietnamese name, e.g. "Sở Khoa học và Công nghệ". */
  name: string;
  /** Short display form, e.g. "Sở KH&CN". */
  short: string;
  /** Every way it is written: the gazetteer's, the forms printed in the documents, abbreviations derived by rule. */
  aliases: string[];
  /**
   * `agency`: one body. `collective`: "Các sở, ban, ngành, đơn vị, địa phương" and its variants, meaning every
   * agency of the document's scope. `group`: a non-specific set that is not every agency ("UBND các xã, phường",
   * "Doanh nghiệp đóng trên địa bàn tỉnh", "Các tổ chức, cá nhân liên quan").
   */
  kind: 'agency' | 'collective' | 'group';
  /**
   * `central`: a ministry or national body, the same in every document. `local`: a body of the place a document is
   * about (a province's Sở); documents of different places name different bodies of the same kind.
   */
  level: 'central' | 'local';
  /** For an agency that no longer exists: the id of its successor and the date of the change. */
  successor?: { id: string; since: IsoDate; note: string };
}

/** A mention of agencies in a lead or partner cell: the raw text and the canonical ids found in it. */
export interface AgencyCell {
  text: string;
  ids: string[];
}

/** What a column of a task table holds, read from its header. */
export type ColumnRole =
  | 'row'
  | 'code'
  | 'name'
  | 'content'
  | 'lead'
  | 'partners'
  | 'result'
  | 'deadline'
  | 'funding'
  /** "Văn bản giao nhiệm vụ": the document that assigned the task. */
  | 'source'
  /** "Người đứng đầu chịu trách nhiệm": the responsible person's title. */
  | 'responsible'
  /** "Theo dõi, kiểm tra, đôn đốc": the agency that follows up. */
  | 'follow_up'
  /** "Tiến độ": a status printed in the document ("Đang thực hiện"). */
  | 'progress'
  /** "Ghi chú" and columns not known: kept as printed. */
  | 'note';

/** One task table of a document, with its columns as printed. */
export interface TaskTable {
  /** 1-based ordinal of the table among the document's task tables. */
  index: number;
  /** Appendix number (PHỤ LỤC II → 2); 0 for an appendix printed without a number; null for a table in the body. */
  appendix: number | null;
  /** The appendix's caption or the heading printed before the table. */
  title: string;
  columns: Array<{ role: ColumnRole; label: string }>;
  line: number;
}

export interface Task {
  /** Id within the document (`PL1.11`, `PL2.3a`, `PL.II.3`, `PL1.B2.15`); see src/documents/interpret/ids.ts. */
  id: string;
  /** The document's id (`101`). */
  documentId: string;
  /** `TaskTable.index` of the table the row is printed in. */
  table: number;
  appendix: number | null;
  /** Row label as printed (`11`, `1.2`), or the row above's plus a letter for an unnumbered row (`3a`). */
  row: string;
  /** A lettered block heading above the groups (the seed's A "chính quyền số"); null when the table has none. */
  block: { code: string; title: string } | null;
  /** The group heading the row is under (`I` "Hoàn thiện …", or a code group `CQS2` "Số hóa …"). */
  group: { code: string; title: string } | null;
  /** Task code as printed (`CQS2.1`); null when the table has no code column. */
  code: string | null;
  /** The task's name ("Tên nhiệm vụ"), or its text when the table has one text column. */
  name: string;
  /** The row's own text ("Nội dung nhiệm vụ"); equal to `name` when the table has one text column. */
  content: string;
  /** Lead ("chủ trì"); null when the printed table names none. */
  lead: AgencyCell | null;
  /** Partners ("phối hợp"); null when none is printed or inherited. */
  partners: AgencyCell | null;
  /** "Kết quả" / "Sản phẩm"; null when the table has no such column or the cell is empty. */
  result: string | null;
  deadline: Deadline;
  /** "Nguồn vốn" / "Kinh phí"; null when not printed. */
  funding: string | null;
  /** "Văn bản giao nhiệm vụ" as printed. */
  assignedBy: string | null;
  /** "Người đứng đầu chịu trách nhiệm" as printed. */
  responsible: string | null;
  /** "Theo dõi, kiểm tra, đôn đốc": the agencies that follow the task up. */
  followUp: AgencyCell | null;
  /** A status printed in the document ("Đang thực hiện", "Đã hoàn thành"). */
  progress: string | null;
  /** Other columns ("Ghi chú" …), label and text as printed. */
  notes: Array<{ label: string; text: string }>;
  /** Fields this row took from the row above: merged cells the source lost (or, in aligned tables, spanned). */
  inherited: Array<'lead' | 'partners' | 'deadline' | 'funding' | 'result'>;
  /** 1-based line (docx: paragraph ordinal) where the row starts. */
  line: number;
}

/** What a section of the body is about, read from its heading. */
export type SectionKind =
  | 'purpose'
  | 'requirements'
  | 'viewpoints'
  | 'objectives'
  | 'general_objective'
  | 'specific_objectives'
  | 'targets'
  | 'tasks'
  | 'funding'
  | 'organisation'
  | 'reporting'
  | 'effect';

/** A section of the body with an id that follows the document's own numbering. */
export interface Section {
  /** `Dieu.1`, `I.1.a`, `II.A.5.2.b`, `II.B.4`, `III`, `IV.2`. */
  id: string;
  documentId: string;
  /** Headings from the top down. */
  path: string[];
  /** The section's own heading line. */
  heading: string;
  /** What the section is about, from its heading or an ancestor's; null when the heading says nothing known. */
  kind: SectionKind | null;
  /** The full text of the section, heading included, children excluded. */
  text: string;
  line: number;
}

/** A numeric target the document states: "Đến năm 2030, 100% hồ sơ … được số hóa". */
export interface Indicator {
  /** What is measured, as printed (the clause around the value). */
  indicator: string;
  /** The value as printed: "100%", "≥ 30%", "03", "5.000". */
  value: string;
  unit: string | null;
  /** The year the target is for, when stated. */
  year: number | null;
  /** Section id (or task id of an indicator table row) where it is printed. */
  source: string;
  line: number;
}

export interface DocumentMeta {
  /** "101/QĐ-UBND"; null when the number is printed blank (a draft: "Số: /KH-UBND"). */
  number: string | null;
  /** The kind as the document names itself: "Quyết định", "Kế hoạch", "Thông báo", "Công văn" … */
  type: string;
  /** "Ủy ban nhân dân tỉnh X", "Văn phòng Chính phủ". */
  issuer: string;
  /** The province or city the document is about ("X"); null for a central document. */
  place: string | null;
  /** Date of issue; null when printed blank ("ngày tháng 3 năm 2026"). */
  issuedOn: IsoDate | null;
  /** The date line as printed, when `issuedOn` could not be read from it. */
  issuedText: string | null;
  signer: string | null;
  /** Signer's capacity as printed, e.g. "TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH". */
  signerTitle: string | null;
  effectiveOn: IsoDate | null;
  /** Statement of effect as printed ("Quyết định này có hiệu lực kể từ ngày ký"). */
  effectText: string | null;
  title: string;
  /** "V/v …" of a Công văn; null otherwise. */
  subject: string | null;
  /** "Căn cứ …" lines, "Theo đề nghị …", "Thực hiện …" and the related documents listed at the end. */
  legalBases: string[];
  relatedDocuments: string[];
  /** Numbers of documents whose tasks this one amends, supplements or replaces ("sửa đổi, bổ sung … Quyết định số 101/QĐ-UBND"). */
  amends: string[];
  /**
   * Where the official text is published (the province's gazette, a legal-document site). Not read from the file
   * by the interpreter; a reviewer adds it to the reviewed `document.json`. The source pages link to it when set.
   */
  sourceUrl?: string;
}

/** Everything the ingest produces from one document. */
export interface DocumentKnowledge {
  /** Stable id, from the number (`101`); see src/documents/interpret/ids.ts. */
  id: string;
  format: SourceFormat;
  document: DocumentMeta;
  sections: Section[];
  tables: TaskTable[];
  tasks: Task[];
  indicators: Indicator[];
  /** The agencies this document names (and collectives), with the forms it prints them in. */
  agencies: Agency[];
  /** Things a reviewer should look at: rows kept as text, unknown deadline forms, rows without a lead. */
  warnings: string[];
  /** sha256 of the source file. */
  sourceHash: string;
}
