/**
 * The consolidated report as a Word document laid out like a Vietnamese administrative report (Nghị định
 * 30/2020/NĐ-CP, Phụ lục I): A4 portrait, Times New Roman 13 pt, margins 20/20/30/15 mm, letterhead as a
 * borderless two-column table, page numbers centred in the top margin from page 2, "Nơi nhận" beside the signature.
 *
 * Pure: the Buffer is the whole output. `document.xml` depends only on the report; the zip entries' timestamps and
 * the core properties' dates are the packer's and differ between runs.
 */
import {
  AlignmentType,
  Document,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import {
  REPORT_STATUS_LABELS,
  REPORT_STATUSES,
  type ConsolidatedReport,
  type ReportAgencySection,
  type ReportBlock,
  type ReportCounts,
  type ReportTaskRole,
  type ReportTaskRow,
  type ReportTotals,
} from './report-model.ts';

/** Every fixed wording of the Word report. Status names come from `REPORT_STATUS_LABELS`. */
export const REPORT_DOCX_TEXT = {
  creator: 'Trợ lý chương trình',
  /** Nghị định 30/2020: a leading zero for days below 10 and for months 1 and 2 only. */
  dateLine: (place: string, day: number, month: number, year: number) =>
    `${place}, ngày ${String(day).padStart(2, '0')} tháng ${month <= 2 ? String(month).padStart(2, '0') : String(month)} năm ${year}`,
  sectionGeneral: 'I. TÌNH HÌNH CHUNG',
  sectionResults: 'II. KẾT QUẢ THEO KHỐI VÀ ĐƠN VỊ',
  sectionLate: 'III. NHIỆM VỤ CHẬM TIẾN ĐỘ',
  period: (label: string, due: string) => `Kỳ báo cáo: ${label}; hạn gửi báo cáo của các đơn vị: ngày ${due}.`,
  documents: (labels: readonly string[]) => `Văn bản được theo dõi: ${labels.join('; ')}.`,
  agencySummary: (t: ReportTotals) =>
    `Số đơn vị được đề nghị báo cáo: ${t.agencies}; đã báo cáo: ${t.agenciesReported} ` +
    `(đúng hạn: ${t.agenciesReported - t.agenciesLate}, muộn: ${t.agenciesLate}); chưa báo cáo: ${t.agencies - t.agenciesReported}.`,
  taskSummary: (total: number, parts: readonly string[]) => `Tổng số lượt nhiệm vụ theo dõi: ${total}; trong đó ${parts.join(', ')}.`,
  /** One status in a count line, e.g. "hoàn thành: 3 (25%)". */
  countPart: (label: string, count: number, percent: string | null) => `${label.toLocaleLowerCase('vi')}: ${count}${percent ? ` (${percent})` : ''}`,
  blockHeading: (code: string, title: string) => [code, title].filter((part) => part !== '').join('. '),
  agencyHeading: (index: number, name: string) => `${index}. ${name}`,
  agencyReported: (date: string) => `: báo cáo ngày ${date}`,
  agencyNotReported: ': chưa báo cáo',
  agencyLate: ' (báo cáo muộn)',
  agencyCounts: (total: number, parts: readonly string[]) => `Tổng số ${total} nhiệm vụ: ${parts.join(', ')}.`,
  noTasks: 'Không có nhiệm vụ trong kỳ báo cáo.',
  taskColumns: ['Mã', 'Nhiệm vụ', 'Thời hạn', 'Tình trạng', 'Cập nhật gần nhất'],
  roleNote: { lead: null, partner: '(phối hợp)', collective: '(giao chung)' } satisfies Record<ReportTaskRole, string | null>,
  overdue: '(quá hạn)',
  noUpdate: 'Chưa có cập nhật',
  updatedOn: (date: string) => `(ngày ${date})`,
  lateIntro: (count: number) => `Có ${count} lượt nhiệm vụ chậm tiến độ hoặc quá hạn:`,
  lateColumns: ['Mã', 'Nhiệm vụ', 'Đơn vị', 'Thời hạn', 'Tiến độ'],
  noLate: 'Không có nhiệm vụ chậm tiến độ hoặc quá hạn.',
  recipientsHeading: 'Nơi nhận:',
  recipientLine: (recipient: string) => `- ${recipient}`,
} as const;

const FONT = 'Times New Roman';
/** Sizes in half-points. */
const SIZE = { body: 26, table: 24, title: 28, recipientsHeading: 24, recipients: 22 } as const;
/** A4 in twips, margins 20 mm top and bottom, 30 mm left, 15 mm right. */
const PAGE = { width: 11906, height: 16838, top: 1134, bottom: 1134, left: 1701, right: 851 } as const;
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const FIRST_LINE_INDENT = 567;
const LETTERHEAD_COLUMNS = [3742, TEXT_WIDTH - 3742];
const TASK_COLUMNS = [1150, 3504, 1300, 1500, 1900];
const LATE_COLUMNS = [1150, 3404, 1900, 1300, 1600];
const HEADER_FILL = 'E7E6E6';

const percentFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

function run(text: string, style: RunStyle = {}): TextRun {
  // Only the flags that are on, so runs inherit everything else from the document defaults.
  return new TextRun({
    text,
    bold: style.bold === true ? true : undefined,
    italics: style.italics === true ? true : undefined,
    size: style.size,
    underline: style.underline === true ? {} : undefined,
  });
}

function centred(runs: TextRun[], spacingBefore = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: spacingBefore }, children: runs });
}

/** Body text: justified, first line indented 1 cm, 6 pt before. */
function body(runs: TextRun[] | string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: 120 },
    children: typeof runs === 'string' ? [run(runs)] : runs,
  });
}

function heading(text: string): Paragraph {
  return body([run(text, { bold: true })]);
}

function dateParts(iso: string): { day: number; month: number; year: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/u.exec(iso);
  if (!match) throw new RangeError(`generatedOn is not an ISO date: ${iso}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}

function borderless(columnWidths: readonly number[], rows: TableRow[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows,
  });
}

function plainCell(children: Paragraph[]): TableCell {
  return new TableCell({ children: children.length > 0 ? children : [new Paragraph({})] });
}

/** Issuer lines: the parent authority regular, the issuing body (last line) bold, all upper case; then "Số: …". */
function letterhead(report: ConsolidatedReport): Table {
  const issuerLines = report.issuer.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const issuer = issuerLines.map((line, index) => centred([run(upper(line), { bold: index === issuerLines.length - 1 })]));
  const motto = [
    centred([run(upper(report.nationalMotto[0]), { bold: true })]),
    centred([run(report.nationalMotto[1], { bold: true, underline: true })]),
  ];
  const { day, month, year } = dateParts(report.generatedOn);
  const number = report.documentNumber ? [centred([run(report.documentNumber)], 120)] : [];
  const dateLine = [centred([run(REPORT_DOCX_TEXT.dateLine(report.place, day, month, year), { italics: true })], 120)];
  return borderless(LETTERHEAD_COLUMNS, [
    new TableRow({ children: [plainCell(issuer), plainCell(motto)] }),
    new TableRow({ children: [plainCell(number), plainCell(dateLine)] }),
  ]);
}

function percentOf(count: number, total: number): string | null {
  return total > 0 ? percentFormat.format(count / total) : null;
}

function countParts(counts: ReportCounts, withPercent: boolean): string[] {
  return REPORT_STATUSES.map((status) =>
    REPORT_DOCX_TEXT.countPart(REPORT_STATUS_LABELS[status], counts[status], withPercent ? percentOf(counts[status], counts.total) : null),
  );
}

function generalSection(report: ConsolidatedReport): Paragraph[] {
  const t = report.totals;
  const paragraphs = [heading(REPORT_DOCX_TEXT.sectionGeneral), body(REPORT_DOCX_TEXT.period(report.periodLabel, report.periodDue))];
  if (report.documents.length > 0) paragraphs.push(body(REPORT_DOCX_TEXT.documents(report.documents.map((doc) => doc.label))));
  paragraphs.push(body(REPORT_DOCX_TEXT.agencySummary(t)), body(REPORT_DOCX_TEXT.taskSummary(t.total, countParts(t, true))));
  return paragraphs;
}

/** Multi-line text as one paragraph per line, in table type size. */
function cellParagraphs(text: string, style: RunStyle = {}): Paragraph[] {
  return text.split('\n').map((line) => new Paragraph({ spacing: { before: 40, after: 40 }, children: [run(line, { size: SIZE.table, ...style })] }));
}

function dataCell(paragraphs: Paragraph[]): TableCell {
  return new TableCell({ verticalAlign: VerticalAlignTable.TOP, children: paragraphs.length > 0 ? paragraphs : [new Paragraph({})] });
}

/** Header row repeated at the top of every page the table runs onto. */
function headerRow(labels: readonly string[]): TableRow {
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: labels.map(
      (label) =>
        new TableCell({
          verticalAlign: VerticalAlignTable.CENTER,
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL },
          children: [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 40, after: 40 }, children: [run(label, { bold: true, size: SIZE.table })] })],
        }),
    ),
  });
}

function gridTable(columnWidths: readonly number[], header: readonly string[], rows: TableRow[]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths,
    layout: TableLayoutType.FIXED,
    margins: { left: 80, right: 80 },
    rows: [headerRow(header), ...rows],
  });
}

function isBehind(task: ReportTaskRow): boolean {
  return task.status === 'late' || (task.overdue && task.status !== 'done');
}

function taskRow(task: ReportTaskRow): TableRow {
  const role = REPORT_DOCX_TEXT.roleNote[task.role];
  const status = [REPORT_STATUS_LABELS[task.status], ...(task.overdue && task.status !== 'done' ? [REPORT_DOCX_TEXT.overdue] : []), ...(task.progress ? [task.progress] : [])];
  const update = task.latestUpdate
    ? [...cellParagraphs(task.latestUpdate), ...(task.updatedOn ? cellParagraphs(REPORT_DOCX_TEXT.updatedOn(task.updatedOn), { italics: true }) : [])]
    : cellParagraphs(REPORT_DOCX_TEXT.noUpdate, { italics: true });
  return new TableRow({
    children: [
      dataCell(cellParagraphs(task.taskId)),
      dataCell([...cellParagraphs(task.name), ...(role ? cellParagraphs(role, { italics: true }) : [])]),
      dataCell(cellParagraphs(task.deadline)),
      dataCell(cellParagraphs(status.join('\n'))),
      dataCell(update),
    ],
  });
}

function agencySection(agency: ReportAgencySection, index: number): Array<Paragraph | Table> {
  const state = agency.reportedOn === null ? REPORT_DOCX_TEXT.agencyNotReported : REPORT_DOCX_TEXT.agencyReported(agency.reportedOn);
  const headingRuns = [run(REPORT_DOCX_TEXT.agencyHeading(index, agency.agencyName), { bold: true }), run(state, { italics: true })];
  if (agency.reportedOn !== null && agency.lateReport) headingRuns.push(run(REPORT_DOCX_TEXT.agencyLate, { italics: true }));
  const parts: Array<Paragraph | Table> = [body(headingRuns), body(REPORT_DOCX_TEXT.agencyCounts(agency.counts.total, countParts(agency.counts, false)))];
  if (agency.tasks.length === 0) parts.push(body(REPORT_DOCX_TEXT.noTasks));
  else parts.push(gridTable(TASK_COLUMNS, REPORT_DOCX_TEXT.taskColumns, agency.tasks.map(taskRow)));
  return parts;
}

function blockSection(block: ReportBlock): Array<Paragraph | Table> {
  const title = REPORT_DOCX_TEXT.blockHeading(block.code, block.title);
  const parts: Array<Paragraph | Table> = title === '' ? [] : [heading(title)];
  block.agencies.forEach((agency, index) => parts.push(...agencySection(agency, index + 1)));
  return parts;
}

/** Every task an agency reports late, or past its deadline and not done, in block and agency order. */
function lateSection(report: ConsolidatedReport): Array<Paragraph | Table> {
  const rows: TableRow[] = [];
  for (const block of report.blocks) {
    for (const agency of block.agencies) {
      for (const task of agency.tasks.filter(isBehind)) {
        const progress = [REPORT_STATUS_LABELS[task.status], ...(task.progress ? [task.progress] : []), ...(task.overdue ? [REPORT_DOCX_TEXT.overdue] : [])];
        rows.push(
          new TableRow({
            children: [
              dataCell(cellParagraphs(task.taskId)),
              dataCell(cellParagraphs(task.name)),
              dataCell(cellParagraphs(agency.agencyName)),
              dataCell(cellParagraphs(task.deadline)),
              dataCell(cellParagraphs(progress.join('\n'))),
            ],
          }),
        );
      }
    }
  }
  const parts: Array<Paragraph | Table> = [heading(REPORT_DOCX_TEXT.sectionLate)];
  if (rows.length === 0) return [...parts, body(REPORT_DOCX_TEXT.noLate)];
  return [...parts, body(REPORT_DOCX_TEXT.lateIntro(rows.length)), gridTable(LATE_COLUMNS, REPORT_DOCX_TEXT.lateColumns, rows)];
}

/** "Nơi nhận" left (bold italic 12 pt, lines 11 pt); signer right (title bold upper case, room to sign, name bold). */
function closing(report: ConsolidatedReport): Table {
  const recipients = [
    new Paragraph({ children: [run(REPORT_DOCX_TEXT.recipientsHeading, { bold: true, italics: true, size: SIZE.recipientsHeading })] }),
    ...report.recipients.map((line) => new Paragraph({ children: [run(REPORT_DOCX_TEXT.recipientLine(line), { size: SIZE.recipients })] })),
  ];
  const signer: Paragraph[] = [];
  if (report.signerTitle) for (const line of report.signerTitle.split('\n')) signer.push(centred([run(upper(line), { bold: true })]));
  if (report.signerName) signer.push(...[1, 2, 3, 4].map(() => new Paragraph({})), centred([run(report.signerName, { bold: true })]));
  return borderless(LETTERHEAD_COLUMNS, [new TableRow({ children: [plainCell(recipients), plainCell(signer)] })]);
}

export async function renderReportDocx(report: ConsolidatedReport): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    letterhead(report),
    centred([run(report.title, { bold: true, size: SIZE.title })], 360),
    ...report.subtitle.split('\n').map((line) => centred([run(line, { bold: true, size: SIZE.title })])),
    ...generalSection(report),
    heading(REPORT_DOCX_TEXT.sectionResults),
    ...report.blocks.flatMap(blockSection),
    ...lateSection(report),
    new Paragraph({ spacing: { before: 240 } }),
    closing(report),
  ];
  const document = new Document({
    creator: REPORT_DOCX_TEXT.creator,
    title: `${report.title} ${report.subtitle}`,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: SIZE.body },
          paragraph: { spacing: { before: 0, after: 0, line: 264 } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: 567, footer: 567 },
          },
        },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }),
          first: new Header({ children: [new Paragraph({})] }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
