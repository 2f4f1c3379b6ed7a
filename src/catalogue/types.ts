/**
 * The decision as structured knowledge. These shapes are what `npm run ingest` writes to `knowledge/*.json`
 * and loads into the store; every other module reads them, never the seed text.
 */

/** ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/**
 * A deadline ("thời gian hoàn thành" in Phụ lục I, "lộ trình đề xuất" in Phụ lục II) normalised.
 * `text` is always the cell exactly as printed.
 */
export type Deadline =
  /** "Tháng 12/2025", "Quý II/2026" (precision month), "Năm 2025" / "2026" (year), "Trước 30/6/2026" (day). */
  | { kind: 'date'; text: string; due: IsoDate; precision: 'day' | 'month' | 'year' }
  /** "2025 - 2030", "Giai đoạn 2025-2030", "2025- 2027": a period, due at the end of its last year. */
  | { kind: 'period'; text: string; start: IsoDate; due: IsoDate }
  /** "Thường xuyên". */
  | { kind: 'ongoing'; text: string }
  /** "Hàng năm". */
  | { kind: 'yearly'; text: string }
  /** "Khi Trung ương có quy định mới", "Theo lộ trình của Bộ Công an": no date. */
  | { kind: 'conditional'; text: string }
  /** A form the parser does not know: kept as printed and reported by the ingest. */
  | { kind: 'unknown'; text: string }
  /** The cell is missing and nothing could be inherited. */
  | { kind: 'none'; text: '' };

/** A canonical agency of the directory, or a collective assignee. */
export interface Agency {
  /** Stable slug, e.g. `so-khcn`. */
  id: string;
  /** Canonical Vietnamese name, e.g. "Sở Khoa học và Công nghệ". */
  name: string;
  /** Short display form, e.g. "Sở KH&CN". */
  short: string;
  /** Every way people write it, including the misspellings printed in the source. */
  aliases: string[];
  /**
   * `agency`: one body. `collective`: "Các sở, ban, ngành, đơn vị, địa phương" and its variants, meaning every
   * agency. `group`: a non-specific set that is not every agency ("UBND các xã, phường", "Doanh nghiệp đóng trên
   * địa bàn tỉnh", "Các tổ chức, cá nhân liên quan").
   */
  kind: 'agency' | 'collective' | 'group';
  /** For an agency that no longer exists: the id of its successor and the date of the change. */
  successor?: { id: string; since: IsoDate; note: string };
}

/** A mention of agencies in a lead or partner cell: the raw text and the canonical ids found in it. */
export interface AgencyCell {
  text: string;
  ids: string[];
}

export interface Task {
  /** `PL1.11`, `PL2.11`, `PL2.3a`. */
  id: string;
  appendix: 1 | 2;
  /** Row label as numbered in the appendix: `11`, `3a`. */
  row: string;
  /** Phụ lục II block: A (chính quyền số), B (kinh tế số), C (xã hội số); null in Phụ lục I. */
  block: { code: string; title: string } | null;
  /** Phụ lục II group (`CQS2` "Số hóa hệ thống dịch vụ công"); in Phụ lục I the roman heading (`I` "Hoàn thiện …"). */
  group: { code: string; title: string } | null;
  /** Task code as printed (`CQS2.1`); null in Phụ lục I. Codes printed twice (CQS7.2, XHS6.2) stay duplicated. */
  code: string | null;
  /** Phụ lục II: "Tên nhiệm vụ" of the code; Phụ lục I: the task text itself. */
  name: string;
  /** Phụ lục II: this row's "Nội dung nhiệm vụ"; Phụ lục I: same as name. */
  content: string;
  /** Lead ("chủ trì"); null when the printed table names none (PL2.115). */
  lead: AgencyCell | null;
  /** Partners ("phối hợp"); null when none is printed or inherited. */
  partners: AgencyCell | null;
  /** Phụ lục I "Kết quả"; null in Phụ lục II. */
  result: string | null;
  deadline: Deadline;
  /** Phụ lục II "Nguồn vốn"; null when not printed. */
  funding: string | null;
  /** Fields this row took from the row above because the export lost merged cells. */
  inherited: Array<'lead' | 'partners' | 'deadline' | 'funding' | 'result'>;
  /** 1-based line in the seed file where the row starts. */
  line: number;
}

/** A section of the decision body with an id that follows the document's own numbering. */
export interface Section {
  /** `Dieu.1`, `I.1.a`, `II.A.5.2.b`, `II.B.4`, `III`, `IV.2`. */
  id: string;
  /** Headings from the top down, e.g. ["II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", "A. Giai đoạn 2025-2030", "3. …", "g) …"]. */
  path: string[];
  /** The section's own heading line. */
  heading: string;
  /** The full text of the section, heading included, children excluded. */
  text: string;
  line: number;
}

export interface DocumentMeta {
  /** "719/QĐ-UBND". */
  number: string;
  /** "Quyết định". */
  type: string;
  /** "Ủy ban nhân dân tỉnh Hưng Yên". */
  issuer: string;
  issuedOn: IsoDate;
  signer: string;
  /** Signer's capacity as printed, e.g. "TM. ỦY BAN NHÂN DÂN". */
  signerTitle: string | null;
  effectiveOn: IsoDate | null;
  /** Statement of effect as printed in Điều 2. */
  effectText: string | null;
  title: string;
  /** "Căn cứ …" lines and the related documents listed at the end. */
  legalBases: string[];
  relatedDocuments: string[];
}

/** Everything the ingest produces from one decision. */
export interface Knowledge {
  document: DocumentMeta;
  sections: Section[];
  tasks: Task[];
  agencies: Agency[];
  /** Things a reviewer should look at: duplicated codes, unknown deadline forms, rows without a lead. */
  warnings: string[];
  /** sha256 of the seed file the knowledge was built from. */
  sourceHash: string;
}
