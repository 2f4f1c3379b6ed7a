import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_DOCX_TEXT, renderReportDocx } from '../../src/officials/report-docx.ts';
import {
  countStatuses,
  reportTotals,
  type ConsolidatedReport,
  type ReportAgencySection,
  type ReportBlock,
  type ReportTaskRow,
} from '../../src/officials/report-model.ts';
import { renderReportXlsx, sheetName } from '../../src/officials/report-xlsx.ts';

// ---------------------------------------------------------------------------------------------------------------
// A small synthetic report: 2 blocks, 3 agencies (one late, one not reported), every status, one 600-character name.

const LONG_NAME = 'Xây dựng, hoàn thiện cơ sở dữ liệu chuyên ngành y tế, kết nối liên thông với nền tảng tích hợp, chia sẻ dữ liệu của tỉnh; '
  .repeat(6)
  .slice(0, 600);

function task(row: Partial<ReportTaskRow> & Pick<ReportTaskRow, 'taskId' | 'name' | 'status'>): ReportTaskRow {
  return { role: 'lead', deadline: 'Tháng 12/2026', progress: null, latestUpdate: null, updatedOn: null, overdue: false, ...row };
}

function agency(agencyName: string, reportedOn: string | null, lateReport: boolean, tasks: ReportTaskRow[]): ReportAgencySection {
  return { agencyName, reportedOn, lateReport, counts: countStatuses(tasks), tasks };
}

function sampleBlocks(): ReportBlock[] {
  return [
    {
      code: 'A',
      title: 'Chính quyền số',
      agencies: [
        agency('Sở Y tế', '05/12/2026', false, [
          task({ taskId: 'PL2.11', name: 'Triển khai bệnh án điện tử tại bệnh viện tuyến tỉnh', status: 'done', progress: 'hoàn thành', latestUpdate: 'Đã triển khai tại 5/5 bệnh viện.', updatedOn: '04/12/2026' }),
          task({ taskId: 'PL2.12', name: 'Số hóa hồ sơ sức khỏe điện tử', role: 'partner', deadline: '2025 - 2030', status: 'on_track', progress: 'đạt 80%', latestUpdate: 'Đã số hóa 80% hồ sơ; dự kiến xong quý I/2027.', updatedOn: '03/12/2026' }),
          task({ taskId: '719:PL1.29', name: 'Kết nối phần mềm quản lý khám chữa bệnh', deadline: 'Tháng 6/2026', status: 'late', progress: 'gặp vướng mắc, đạt 40%', latestUpdate: 'Chờ kinh phí bổ sung.', updatedOn: '01/12/2026', overdue: true }),
        ]),
        agency('Sở Giáo dục và Đào tạo', '12/12/2026', true, [
          task({ taskId: 'PL2.20', name: LONG_NAME, role: 'collective', deadline: 'Năm 2026', status: 'on_track', progress: 'đạt 60%', latestUpdate: 'Đang nhập dữ liệu học sinh.\nĐã tập huấn giáo viên.', updatedOn: '11/12/2026' }),
          task({ taskId: 'PL2.21', name: 'Chuyển đổi số trong quản lý trường học', status: 'late', progress: 'đạt 30%', latestUpdate: 'Thiếu thiết bị đầu cuối.', updatedOn: '10/12/2026' }),
        ]),
      ],
    },
    {
      code: 'B',
      title: 'Kinh tế số và xã hội số',
      agencies: [
        agency('Ủy ban nhân dân huyện Tiên Phước', null, false, [
          task({ taskId: 'PL3.05', name: 'Phát triển thương mại điện tử nông thôn', deadline: 'Quý III/2026', status: 'not_reported', overdue: true }),
          task({ taskId: 'PL3.06', name: 'Phổ cập kỹ năng số cho người dân', role: 'collective', deadline: '2026 - 2030', status: 'not_reported' }),
        ]),
      ],
    },
  ];
}

function sampleReport(): ConsolidatedReport {
  const blocks = sampleBlocks();
  return {
    issuer: 'Ủy ban nhân dân tỉnh An Bình\nSở Khoa học và Công nghệ',
    documentNumber: 'Số: 125/BC-SKHCN',
    nationalMotto: ['Cộng hòa xã hội chủ nghĩa Việt Nam', 'Độc lập - Tự do - Hạnh phúc'],
    place: 'An Bình',
    generatedOn: '2026-12-15',
    title: 'BÁO CÁO',
    subtitle: 'Kết quả thực hiện Chương trình chuyển đổi số quý IV/2026',
    periodLabel: 'Quý IV/2026',
    periodDue: '10/12/2026',
    documents: [
      { id: '719', label: 'Quyết định số 719/QĐ-UBND' },
      { id: '45', label: 'Kế hoạch số 45/KH-UBND' },
    ],
    totals: reportTotals(blocks),
    blocks,
    recipients: ['UBND tỉnh (để báo cáo);', 'Các sở, ban, ngành;', 'Lưu: VT, KHTC.'],
    signerTitle: 'KT. GIÁM ĐỐC\nPhó Giám đốc',
    signerName: 'Trần Văn Mẫu',
  };
}

describe('report model helpers', () => {
  it('counts statuses and totals agency sections', () => {
    expect(reportTotals(sampleBlocks())).toEqual({
      total: 7, done: 1, on_track: 2, late: 2, not_reported: 2, agencies: 3, agenciesReported: 2, agenciesLate: 1,
    });
    expect(countStatuses([])).toEqual({ total: 0, done: 0, on_track: 0, late: 0, not_reported: 0 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Excel

function arrayBufferOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(arrayBufferOf(buffer));
  return workbook;
}

function rowValues(sheet: ExcelJS.Worksheet, rowNumber: number, columns: number): unknown[] {
  const row = sheet.getRow(rowNumber);
  return Array.from({ length: columns }, (_, index) => row.getCell(index + 1).value);
}

const day = (d: number, m: number, y: number) => new Date(Date.UTC(y, m - 1, d));

const TASK_HEADER = ['Mã', 'Nhiệm vụ', 'Đơn vị', 'Vai trò', 'Thời hạn', 'Tình trạng', 'Tiến độ', 'Cập nhật gần nhất', 'Ngày cập nhật', 'Quá hạn'];
const SUMMARY_HEADER = ['Đơn vị', 'Khối', 'Ngày báo cáo', 'Báo cáo muộn', 'Tổng số', 'Hoàn thành', 'Đúng tiến độ', 'Chậm tiến độ', 'Chưa báo cáo'];

describe('renderReportXlsx', () => {
  let workbook: ExcelJS.Workbook;
  let buffer: Buffer;
  beforeAll(async () => {
    buffer = await renderReportXlsx(sampleReport());
    workbook = await loadWorkbook(buffer);
  });

  function sheet(name: string): ExcelJS.Worksheet {
    const found = workbook.getWorksheet(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }

  it('has the summary sheet first, then one sheet per block', () => {
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Tổng hợp', 'A Chính quyền số', 'B Kinh tế số và xã hội số']);
    expect(workbook.creator).toBe('Trợ lý chương trình');
  });

  it('writes one summary row per agency and the totals row', () => {
    const ws = sheet('Tổng hợp');
    expect(rowValues(ws, 1, 9)).toEqual(SUMMARY_HEADER);
    expect(rowValues(ws, 2, 9)).toEqual(['Sở Y tế', 'A. Chính quyền số', day(5, 12, 2026), 'Không', 3, 1, 1, 1, 0]);
    expect(rowValues(ws, 3, 9)).toEqual(['Sở Giáo dục và Đào tạo', 'A. Chính quyền số', day(12, 12, 2026), 'Có', 2, 0, 1, 1, 0]);
    expect(rowValues(ws, 4, 9)).toEqual(['Ủy ban nhân dân huyện Tiên Phước', 'B. Kinh tế số và xã hội số', 'Chưa báo cáo', null, 2, 0, 0, 0, 2]);
    expect(rowValues(ws, 5, 9)).toEqual(['Tổng cộng', null, 'Đã báo cáo: 2/3', 'Muộn: 1', 7, 1, 2, 2, 2]);
    expect(ws.rowCount).toBe(5);
    expect(ws.getRow(5).font?.bold).toBe(true);
    expect(ws.getCell('C2').numFmt).toBe('dd/mm/yyyy');
    expect(ws.autoFilter).toBe('A1:I4');
  });

  it('writes every task row of a block sheet cell by cell', () => {
    const ws = sheet('A Chính quyền số');
    expect(rowValues(ws, 1, 10)).toEqual(TASK_HEADER);
    expect(rowValues(ws, 2, 10)).toEqual(['PL2.11', 'Triển khai bệnh án điện tử tại bệnh viện tuyến tỉnh', 'Sở Y tế', 'Chủ trì', 'Tháng 12/2026', 'Hoàn thành', 'hoàn thành', 'Đã triển khai tại 5/5 bệnh viện.', day(4, 12, 2026), 'Không']);
    expect(rowValues(ws, 3, 10)).toEqual(['PL2.12', 'Số hóa hồ sơ sức khỏe điện tử', 'Sở Y tế', 'Phối hợp', '2025 - 2030', 'Đúng tiến độ', 'đạt 80%', 'Đã số hóa 80% hồ sơ; dự kiến xong quý I/2027.', day(3, 12, 2026), 'Không']);
    expect(rowValues(ws, 4, 10)).toEqual(['719:PL1.29', 'Kết nối phần mềm quản lý khám chữa bệnh', 'Sở Y tế', 'Chủ trì', 'Tháng 6/2026', 'Chậm tiến độ', 'gặp vướng mắc, đạt 40%', 'Chờ kinh phí bổ sung.', day(1, 12, 2026), 'Có']);
    expect(rowValues(ws, 5, 10)).toEqual(['PL2.20', LONG_NAME, 'Sở Giáo dục và Đào tạo', 'Giao chung', 'Năm 2026', 'Đúng tiến độ', 'đạt 60%', 'Đang nhập dữ liệu học sinh.\nĐã tập huấn giáo viên.', day(11, 12, 2026), 'Không']);
    expect(rowValues(ws, 6, 10)).toEqual(['PL2.21', 'Chuyển đổi số trong quản lý trường học', 'Sở Giáo dục và Đào tạo', 'Chủ trì', 'Tháng 12/2026', 'Chậm tiến độ', 'đạt 30%', 'Thiếu thiết bị đầu cuối.', day(10, 12, 2026), 'Không']);
    expect(ws.rowCount).toBe(6);
    expect((ws.getCell('B5').value as string).length).toBe(600);
    expect(ws.autoFilter).toBe('A1:J6');
  });

  it('leaves unreported cells empty on the other block sheet', () => {
    const ws = sheet('B Kinh tế số và xã hội số');
    expect(rowValues(ws, 1, 10)).toEqual(TASK_HEADER);
    expect(rowValues(ws, 2, 10)).toEqual(['PL3.05', 'Phát triển thương mại điện tử nông thôn', 'Ủy ban nhân dân huyện Tiên Phước', 'Chủ trì', 'Quý III/2026', 'Chưa báo cáo', null, null, null, 'Có']);
    expect(rowValues(ws, 3, 10)).toEqual(['PL3.06', 'Phổ cập kỹ năng số cho người dân', 'Ủy ban nhân dân huyện Tiên Phước', 'Giao chung', '2026 - 2030', 'Chưa báo cáo', null, null, null, 'Không']);
    expect(ws.autoFilter).toBe('A1:J3');
  });

  it('styles every sheet: bold frozen header, widths, wrapped long columns', () => {
    for (const ws of workbook.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      ws.getRow(1).eachCell((cell) => expect(cell.font?.bold).toBe(true));
      expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(10);
    }
    const ws = sheet('A Chính quyền số');
    expect(ws.getColumn(2).width).toBe(60);
    expect(ws.getCell('B5').alignment?.wrapText).toBe(true);
    expect(ws.getCell('H5').alignment?.wrapText).toBe(true);
    expect(ws.getCell('I5').numFmt).toBe('dd/mm/yyyy');
  });

  it('is deterministic', async () => {
    const again = unzipSync(new Uint8Array(await renderReportXlsx(sampleReport())));
    const first = unzipSync(new Uint8Array(buffer));
    expect(Object.keys(again).sort()).toEqual(Object.keys(first).sort());
    for (const [name, bytes] of Object.entries(first)) expect(strFromU8(again[name]!), name).toBe(strFromU8(bytes));
  });

  it('names the sheet of a single block without code "Nhiệm vụ"', async () => {
    const report = sampleReport();
    const blocks: ReportBlock[] = [{ code: '', title: '', agencies: report.blocks.flatMap((block) => block.agencies) }];
    const single = await loadWorkbook(await renderReportXlsx({ ...report, blocks, totals: reportTotals(blocks) }));
    expect(single.worksheets.map((ws) => ws.name)).toEqual(['Tổng hợp', 'Nhiệm vụ']);
    expect(single.worksheets[1]!.rowCount).toBe(8);
  });

  it('makes sheet names valid and unique', () => {
    const taken = new Set(['Tổng hợp', 'C Dữ liệu số']);
    expect(sheetName('C Dữ liệu số', taken, 'Nhiệm vụ')).toBe('C Dữ liệu số (2)');
    expect(sheetName('tổng hợp', taken, 'Nhiệm vụ')).toBe('tổng hợp (2)');
    expect(sheetName('D Hạ tầng: mạng/viễn thông [*?]', taken, 'Nhiệm vụ')).toBe('D Hạ tầng mạng viễn thông');
    const long = sheetName('E Phát triển nguồn nhân lực số và kỹ năng số toàn dân', taken, 'Nhiệm vụ');
    expect(long).toBe('E Phát triển nguồn nhân lực số');
    expect(long.length).toBeLessThanOrEqual(31);
    expect(sheetName("'[]'", taken, 'Nhiệm vụ')).toBe('Nhiệm vụ');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Word: document.xml read back into paragraphs and tables, in body order.

type XmlNode = Record<string, unknown>;

interface RunInfo {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
}
interface ParagraphInfo {
  kind: 'p';
  text: string;
  align: string | null;
  runs: RunInfo[];
}
interface TableInfo {
  kind: 'tbl';
  rows: Array<{ header: boolean; cells: ParagraphInfo[][] }>;
}
type BodyItem = ParagraphInfo | TableInfo;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
});

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function kids(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const value = tag === undefined ? undefined : node[tag];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function child(node: XmlNode, tag: string): XmlNode | undefined {
  return kids(node).find((entry) => tagOf(entry) === tag);
}

function attr(node: XmlNode | undefined, name: string): string | null {
  const attrs = node?.[':@'] as Record<string, string> | undefined;
  return attrs?.[name] ?? null;
}

function textOf(node: XmlNode): string {
  if (tagOf(node) === '#text') return String(node['#text']);
  return kids(node).map(textOf).join('');
}

function paragraphInfo(node: XmlNode): ParagraphInfo {
  const props = child(node, 'w:pPr');
  const runs = kids(node)
    .filter((entry) => tagOf(entry) === 'w:r')
    .map((entry) => {
      const rPr = child(entry, 'w:rPr');
      // A toggle property is on when present, unless its w:val turns it off.
      const flag = (tag: string) => {
        const property = rPr === undefined ? undefined : child(rPr, tag);
        if (property === undefined) return false;
        const value = attr(property, 'w:val');
        return value === null || !['false', '0', 'none'].includes(value);
      };
      const text = kids(entry).filter((part) => tagOf(part) === 'w:t').map(textOf).join('');
      return { text, bold: flag('w:b'), italic: flag('w:i'), underline: flag('w:u') };
    });
  return { kind: 'p', text: runs.map((r) => r.text).join(''), align: props ? attr(child(props, 'w:jc'), 'w:val') : null, runs };
}

function tableInfo(node: XmlNode): TableInfo {
  return {
    kind: 'tbl',
    rows: kids(node)
      .filter((entry) => tagOf(entry) === 'w:tr')
      .map((row) => {
        const trPr = child(row, 'w:trPr');
        return {
          header: trPr !== undefined && child(trPr, 'w:tblHeader') !== undefined,
          cells: kids(row)
            .filter((entry) => tagOf(entry) === 'w:tc')
            .map((cell) => kids(cell).filter((entry) => tagOf(entry) === 'w:p').map(paragraphInfo)),
        };
      }),
  };
}

function bodyOf(xml: string): BodyItem[] {
  const root = (parser.parse(xml) as XmlNode[]).find((node) => tagOf(node) === 'w:document')!;
  const body = child(root, 'w:body')!;
  return kids(body).flatMap((node): BodyItem[] => {
    if (tagOf(node) === 'w:p') return [paragraphInfo(node)];
    if (tagOf(node) === 'w:tbl') return [tableInfo(node)];
    return [];
  });
}

const cellText = (cell: ParagraphInfo[]) => cell.map((p) => p.text).join('\n');
const rowsText = (table: TableInfo) => table.rows.map((row) => row.cells.map(cellText));

function isTable(item: BodyItem | undefined): item is TableInfo {
  return item?.kind === 'tbl';
}

const TASK_COLUMNS = ['Mã', 'Nhiệm vụ', 'Thời hạn', 'Tình trạng', 'Cập nhật gần nhất'];

describe('renderReportDocx', () => {
  let files: Record<string, Uint8Array>;
  let xml: string;
  let body: BodyItem[];
  beforeAll(async () => {
    files = unzipSync(new Uint8Array(await renderReportDocx(sampleReport())));
    xml = strFromU8(files['word/document.xml']!);
    body = bodyOf(xml);
  });

  const paragraphIndex = (text: string) => body.findIndex((item) => item.kind === 'p' && item.text === text);

  it('uses A4 portrait and Times New Roman 13 pt by default', () => {
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    expect(xml).not.toMatch(/w:orient="landscape"/u);
    const styles = strFromU8(files['word/styles.xml']!);
    const defaults = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/u.exec(styles)?.[1] ?? '';
    expect(defaults).toMatch(/<w:rFonts [^>]*w:ascii="Times New Roman"/u);
    expect(defaults).toMatch(/w:hAnsi="Times New Roman"/u);
    expect(defaults).toMatch(/<w:sz w:val="26"\/>/u);
  });

  it('opens with the borderless letterhead and the place and date in italics', () => {
    const letterhead = body[0];
    if (!isTable(letterhead)) throw new Error('the body does not open with the letterhead table');
    expect(rowsText(letterhead)).toEqual([
      ['ỦY BAN NHÂN DÂN TỈNH AN BÌNH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc'],
      ['Số: 125/BC-SKHCN', 'An Bình, ngày 15 tháng 12 năm 2026'],
    ]);
    const [issuer, motto] = letterhead.rows[0]!.cells;
    expect(issuer!.map((p) => p.runs[0]!.bold)).toEqual([false, true]);
    expect(motto!.map((p) => p.runs[0]!.bold)).toEqual([true, true]);
    expect(motto![1]!.runs[0]!.underline).toBe(true);
    const dateLine = letterhead.rows[1]!.cells[1]![0]!;
    expect(dateLine.runs[0]!.italic).toBe(true);
    expect(dateLine.align).toBe('center');
    const tblBorders = /<w:tbl>[\s\S]*?<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/u.exec(xml)?.[1] ?? '';
    expect(tblBorders).not.toMatch(/w:val="single"/u);
    expect(letterhead.rows.every((row) => !row.header)).toBe(true);
  });

  it('writes the dates the Nghị định 30 way', () => {
    expect(REPORT_DOCX_TEXT.dateLine('An Bình', 5, 2, 2027)).toBe('An Bình, ngày 05 tháng 02 năm 2027');
    expect(REPORT_DOCX_TEXT.dateLine('An Bình', 5, 3, 2027)).toBe('An Bình, ngày 05 tháng 3 năm 2027');
  });

  it('has the centred bold title and subtitle', () => {
    const index = paragraphIndex('BÁO CÁO');
    expect(index).toBe(1);
    const title = body[index] as ParagraphInfo;
    const subtitle = body[index + 1] as ParagraphInfo;
    expect(subtitle.text).toBe('Kết quả thực hiện Chương trình chuyển đổi số quý IV/2026');
    for (const p of [title, subtitle]) {
      expect(p.align).toBe('center');
      expect(p.runs.every((r) => r.bold)).toBe(true);
    }
  });

  it('states the totals as sentences', () => {
    const start = paragraphIndex('I. TÌNH HÌNH CHUNG');
    const end = paragraphIndex('II. KẾT QUẢ THEO KHỐI VÀ ĐƠN VỊ');
    expect(start).toBeGreaterThan(0);
    expect(body.slice(start + 1, end).map((item) => (item.kind === 'p' ? item.text : 'table'))).toEqual([
      'Kỳ báo cáo: Quý IV/2026; hạn gửi báo cáo của các đơn vị: ngày 10/12/2026.',
      'Văn bản được theo dõi: Quyết định số 719/QĐ-UBND; Kế hoạch số 45/KH-UBND.',
      'Số đơn vị được đề nghị báo cáo: 3; đã báo cáo: 2 (đúng hạn: 1, muộn: 1); chưa báo cáo: 1.',
      'Tổng số lượt nhiệm vụ theo dõi: 7; trong đó hoàn thành: 1 (14,3%), đúng tiến độ: 2 (28,6%), chậm tiến độ: 2 (28,6%), chưa báo cáo: 2 (28,6%).',
    ]);
  });

  it('has one heading per block and per agency, in order, each agency followed by its table', () => {
    const start = paragraphIndex('II. KẾT QUẢ THEO KHỐI VÀ ĐƠN VỊ');
    const end = paragraphIndex('III. NHIỆM VỤ CHẬM TIẾN ĐỘ');
    expect(body.slice(start + 1, end).map((item) => (item.kind === 'p' ? item.text : 'table'))).toEqual([
      'A. Chính quyền số',
      '1. Sở Y tế: báo cáo ngày 05/12/2026',
      'Tổng số 3 nhiệm vụ: hoàn thành: 1, đúng tiến độ: 1, chậm tiến độ: 1, chưa báo cáo: 0.',
      'table',
      '2. Sở Giáo dục và Đào tạo: báo cáo ngày 12/12/2026 (báo cáo muộn)',
      'Tổng số 2 nhiệm vụ: hoàn thành: 0, đúng tiến độ: 1, chậm tiến độ: 1, chưa báo cáo: 0.',
      'table',
      'B. Kinh tế số và xã hội số',
      '1. Ủy ban nhân dân huyện Tiên Phước: chưa báo cáo',
      'Tổng số 2 nhiệm vụ: hoàn thành: 0, đúng tiến độ: 0, chậm tiến độ: 0, chưa báo cáo: 2.',
      'table',
    ]);
    const agencyHeading = body[start + 2] as ParagraphInfo;
    expect(agencyHeading.runs[0]).toMatchObject({ text: '1. Sở Y tế', bold: true });
  });

  it('writes every agency table row cell by cell, with repeated header rows', () => {
    const start = paragraphIndex('II. KẾT QUẢ THEO KHỐI VÀ ĐƠN VỊ');
    const end = paragraphIndex('III. NHIỆM VỤ CHẬM TIẾN ĐỘ');
    const tables = body.slice(start, end).filter(isTable);
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(table.rows[0]!.header).toBe(true);
      expect(table.rows[0]!.cells.map(cellText)).toEqual(TASK_COLUMNS);
      expect(table.rows.slice(1).every((row) => !row.header)).toBe(true);
    }
    expect(rowsText(tables[0]!).slice(1)).toEqual([
      ['PL2.11', 'Triển khai bệnh án điện tử tại bệnh viện tuyến tỉnh', 'Tháng 12/2026', 'Hoàn thành\nhoàn thành', 'Đã triển khai tại 5/5 bệnh viện.\n(ngày 04/12/2026)'],
      ['PL2.12', 'Số hóa hồ sơ sức khỏe điện tử\n(phối hợp)', '2025 - 2030', 'Đúng tiến độ\nđạt 80%', 'Đã số hóa 80% hồ sơ; dự kiến xong quý I/2027.\n(ngày 03/12/2026)'],
      ['719:PL1.29', 'Kết nối phần mềm quản lý khám chữa bệnh', 'Tháng 6/2026', 'Chậm tiến độ\n(quá hạn)\ngặp vướng mắc, đạt 40%', 'Chờ kinh phí bổ sung.\n(ngày 01/12/2026)'],
    ]);
    expect(rowsText(tables[1]!).slice(1)).toEqual([
      ['PL2.20', `${LONG_NAME}\n(giao chung)`, 'Năm 2026', 'Đúng tiến độ\nđạt 60%', 'Đang nhập dữ liệu học sinh.\nĐã tập huấn giáo viên.\n(ngày 11/12/2026)'],
      ['PL2.21', 'Chuyển đổi số trong quản lý trường học', 'Tháng 12/2026', 'Chậm tiến độ\nđạt 30%', 'Thiếu thiết bị đầu cuối.\n(ngày 10/12/2026)'],
    ]);
    expect(rowsText(tables[2]!).slice(1)).toEqual([
      ['PL3.05', 'Phát triển thương mại điện tử nông thôn', 'Quý III/2026', 'Chưa báo cáo\n(quá hạn)', 'Chưa có cập nhật'],
      ['PL3.06', 'Phổ cập kỹ năng số cho người dân\n(giao chung)', '2026 - 2030', 'Chưa báo cáo', 'Chưa có cập nhật'],
    ]);
    expect((xml.match(/<w:tblHeader\/>/gu) ?? []).length).toBe(4);
  });

  it('lists the late and overdue tasks', () => {
    const start = paragraphIndex('III. NHIỆM VỤ CHẬM TIẾN ĐỘ');
    expect((body[start + 1] as ParagraphInfo).text).toBe('Có 3 lượt nhiệm vụ chậm tiến độ hoặc quá hạn:');
    const table = body[start + 2];
    if (!isTable(table)) throw new Error('no table of late tasks');
    expect(table.rows[0]!.header).toBe(true);
    expect(rowsText(table)).toEqual([
      ['Mã', 'Nhiệm vụ', 'Đơn vị', 'Thời hạn', 'Tiến độ'],
      ['719:PL1.29', 'Kết nối phần mềm quản lý khám chữa bệnh', 'Sở Y tế', 'Tháng 6/2026', 'Chậm tiến độ\ngặp vướng mắc, đạt 40%\n(quá hạn)'],
      ['PL2.21', 'Chuyển đổi số trong quản lý trường học', 'Sở Giáo dục và Đào tạo', 'Tháng 12/2026', 'Chậm tiến độ\nđạt 30%'],
      ['PL3.05', 'Phát triển thương mại điện tử nông thôn', 'Ủy ban nhân dân huyện Tiên Phước', 'Quý III/2026', 'Chưa báo cáo\n(quá hạn)'],
    ]);
  });

  it('closes with "Nơi nhận" beside the signer', () => {
    const closing = body.at(-1);
    if (!isTable(closing)) throw new Error('the body does not close with the signature table');
    expect(closing.rows).toHaveLength(1);
    const [recipients, signer] = closing.rows[0]!.cells;
    expect(recipients!.map((p) => p.text)).toEqual(['Nơi nhận:', '- UBND tỉnh (để báo cáo);', '- Các sở, ban, ngành;', '- Lưu: VT, KHTC.']);
    expect(recipients![0]!.runs[0]).toMatchObject({ bold: true, italic: true });
    const lines = signer!.map((p) => p.text).filter((text) => text !== '');
    expect(lines).toEqual(['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Trần Văn Mẫu']);
    expect(signer!.filter((p) => p.text !== '').every((p) => p.align === 'center' && p.runs.every((r) => r.bold))).toBe(true);
  });

  it('renders the same text twice', async () => {
    const again = unzipSync(new Uint8Array(await renderReportDocx(sampleReport())));
    for (const name of ['word/document.xml', 'word/styles.xml', 'word/header1.xml', 'word/header2.xml']) {
      expect(files[name], name).toBeDefined();
      expect(strFromU8(again[name]!), name).toBe(strFromU8(files[name]!));
    }
  });
});
