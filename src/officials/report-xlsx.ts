/**
 * The consolidated report as an Excel workbook: a summary sheet (one row per agency section, then totals) and one
 * sheet per block (one row per task per agency), each with a bold frozen header row and an auto-filter, printable
 * on A4 landscape with the header row repeated.
 *
 * Dates given as "dd/mm/yyyy" become real date cells (so they sort and filter), shown as dd/mm/yyyy; any other text
 * is kept as text. Pure: the Buffer is the whole output; the workbook's dates are `generatedOn`, not the clock.
 */
import ExcelJS from 'exceljs';
import {
  REPORT_STATUS_LABELS,
  REPORT_STATUSES,
  type ConsolidatedReport,
  type ReportBlock,
  type ReportTaskRole,
  type ReportTotals,
} from './report-model.ts';

/** Every fixed wording of the Excel report. Status names come from `REPORT_STATUS_LABELS`. */
export const REPORT_XLSX_TEXT = {
  creator: 'Trợ lý chương trình',
  summarySheet: 'Tổng hợp',
  /** Sheet of the single block that has no code. */
  tasksSheet: 'Nhiệm vụ',
  summaryColumns: {
    agency: 'Đơn vị',
    block: 'Khối',
    reportedOn: 'Ngày báo cáo',
    lateReport: 'Báo cáo muộn',
    total: 'Tổng số',
  },
  taskColumns: {
    taskId: 'Mã',
    name: 'Nhiệm vụ',
    agency: 'Đơn vị',
    role: 'Vai trò',
    deadline: 'Thời hạn',
    status: 'Tình trạng',
    progress: 'Tiến độ',
    latestUpdate: 'Cập nhật gần nhất',
    updatedOn: 'Ngày cập nhật',
    overdue: 'Quá hạn',
  },
  roles: { lead: 'Chủ trì', partner: 'Phối hợp', collective: 'Giao chung' } satisfies Record<ReportTaskRole, string>,
  yes: 'Có',
  no: 'Không',
  notReported: 'Chưa báo cáo',
  totalsLabel: 'Tổng cộng',
  totalsReported: (t: ReportTotals) => `Đã báo cáo: ${t.agenciesReported}/${t.agencies}`,
  totalsLate: (t: ReportTotals) => `Muộn: ${t.agenciesLate}`,
  blockLabel: (code: string, title: string) => [code, title].filter((part) => part !== '').join('. '),
} as const;

/** Excel refuses a file with a cell longer than this. */
const MAX_CELL_TEXT = 32_767;
const MAX_SHEET_NAME = 31;
const DATE_FORMAT = 'dd/mm/yyyy';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

type CellValue = string | number | Date | null;

interface ColumnSpec {
  header: string;
  width: number;
  wrap?: boolean;
  date?: boolean;
}

function text(value: string): string {
  return value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT - 1)}…` : value;
}

/** "dd/mm/yyyy" as a UTC date (ExcelJS writes dates by their UTC value); anything else stays text. */
function dateCell(value: string | null): CellValue {
  if (value === null) return null;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u.exec(value.trim());
  if (!match) return text(value);
  const date = new Date(Date.UTC(Number(match[3]), Number(match[2]) - 1, Number(match[1])));
  return date.getUTCDate() === Number(match[1]) && date.getUTCMonth() === Number(match[2]) - 1 ? date : text(value);
}

function isoDate(value: string): Date {
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`generatedOn is not an ISO date: ${value}`);
  return date;
}

/**
 * A valid, unique sheet name: no []:*?/\ characters, no leading or trailing apostrophe, at most 31 characters (cut at
 * a word where one is near), unique ignoring case as Excel requires ("…(2)" on a clash).
 */
export function sheetName(wanted: string, taken: ReadonlySet<string>, fallback: string): string {
  let base = wanted.normalize('NFC').replace(/[[\]:*?/\\]/gu, ' ').replace(/\s+/gu, ' ').trim().replace(/^'+|'+$/gu, '').trim();
  if (base === '') base = fallback;
  const fit = (name: string, limit: number) => {
    if (name.length <= limit) return name;
    const cut = name.slice(0, limit);
    const space = cut.lastIndexOf(' ');
    return (space >= limit / 2 ? cut.slice(0, space) : cut).trim();
  };
  const lower = new Set([...taken].map((name) => name.toLocaleLowerCase('vi')));
  let name = fit(base, MAX_SHEET_NAME);
  for (let n = 2; lower.has(name.toLocaleLowerCase('vi')); n += 1) {
    const suffix = ` (${n})`;
    name = `${fit(base, MAX_SHEET_NAME - suffix.length)}${suffix}`;
  }
  return name;
}

function addSheet(workbook: ExcelJS.Workbook, name: string, columns: readonly ColumnSpec[], rows: readonly CellValue[][]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const values of rows) {
    const row = sheet.addRow([...values]);
    columns.forEach((column, index) => {
      const cell = row.getCell(index + 1);
      cell.alignment = { vertical: 'top', wrapText: column.wrap === true };
      if (column.date) cell.numFmt = DATE_FORMAT;
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
  return sheet;
}

function blockLabel(block: ReportBlock): string {
  return REPORT_XLSX_TEXT.blockLabel(block.code, block.title);
}

function summarySheet(workbook: ExcelJS.Workbook, report: ConsolidatedReport): void {
  const c = REPORT_XLSX_TEXT.summaryColumns;
  const columns: ColumnSpec[] = [
    { header: c.agency, width: 40, wrap: true },
    { header: c.block, width: 26, wrap: true },
    { header: c.reportedOn, width: 14, date: true },
    { header: c.lateReport, width: 12 },
    { header: c.total, width: 10 },
    ...REPORT_STATUSES.map((status) => ({ header: REPORT_STATUS_LABELS[status], width: 13 })),
  ];
  const rows: CellValue[][] = report.blocks.flatMap((block) =>
    block.agencies.map((agency) => [
      text(agency.agencyName),
      text(blockLabel(block)),
      agency.reportedOn === null ? REPORT_XLSX_TEXT.notReported : dateCell(agency.reportedOn),
      // An agency that has not answered is neither on time nor late.
      agency.reportedOn === null ? null : agency.lateReport ? REPORT_XLSX_TEXT.yes : REPORT_XLSX_TEXT.no,
      agency.counts.total,
      ...REPORT_STATUSES.map((status) => agency.counts[status]),
    ]),
  );
  const sheet = addSheet(workbook, REPORT_XLSX_TEXT.summarySheet, columns, rows);
  const t = report.totals;
  const totals = sheet.addRow([
    REPORT_XLSX_TEXT.totalsLabel,
    null,
    REPORT_XLSX_TEXT.totalsReported(t),
    REPORT_XLSX_TEXT.totalsLate(t),
    t.total,
    ...REPORT_STATUSES.map((status) => t[status]),
  ]);
  totals.font = { bold: true };
  totals.eachCell({ includeEmpty: true }, (cell) => {
    cell.border = { top: { style: 'thin' } };
    cell.alignment = { vertical: 'top' };
  });
}

function blockSheet(workbook: ExcelJS.Workbook, block: ReportBlock, taken: Set<string>): void {
  const c = REPORT_XLSX_TEXT.taskColumns;
  const columns: ColumnSpec[] = [
    { header: c.taskId, width: 12 },
    { header: c.name, width: 60, wrap: true },
    { header: c.agency, width: 28, wrap: true },
    { header: c.role, width: 12 },
    { header: c.deadline, width: 16, wrap: true },
    { header: c.status, width: 15 },
    { header: c.progress, width: 24, wrap: true },
    { header: c.latestUpdate, width: 50, wrap: true },
    { header: c.updatedOn, width: 14, date: true },
    { header: c.overdue, width: 10 },
  ];
  const rows: CellValue[][] = block.agencies.flatMap((agency) =>
    agency.tasks.map((task) => [
      text(task.taskId),
      text(task.name),
      text(agency.agencyName),
      REPORT_XLSX_TEXT.roles[task.role],
      text(task.deadline),
      REPORT_STATUS_LABELS[task.status],
      task.progress === null ? null : text(task.progress),
      task.latestUpdate === null ? null : text(task.latestUpdate),
      dateCell(task.updatedOn),
      task.overdue ? REPORT_XLSX_TEXT.yes : REPORT_XLSX_TEXT.no,
    ]),
  );
  const wanted = block.code === '' ? REPORT_XLSX_TEXT.tasksSheet : `${block.code} ${block.title}`;
  const name = sheetName(wanted, taken, REPORT_XLSX_TEXT.tasksSheet);
  taken.add(name);
  addSheet(workbook, name, columns, rows);
}

export async function renderReportXlsx(report: ConsolidatedReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const generated = isoDate(report.generatedOn);
  workbook.creator = REPORT_XLSX_TEXT.creator;
  workbook.lastModifiedBy = REPORT_XLSX_TEXT.creator;
  workbook.created = generated;
  workbook.modified = generated;
  workbook.title = `${report.title} ${report.subtitle}`;
  workbook.subject = report.periodLabel;
  summarySheet(workbook, report);
  const taken = new Set<string>([REPORT_XLSX_TEXT.summarySheet]);
  for (const block of report.blocks) blockSheet(workbook, block, taken);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
