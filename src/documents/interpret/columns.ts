/**
 * Task tables found by their header, whatever the order and case of its columns: a row whose cells name what
 * the columns hold ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành" …). Indicator tables ("Chỉ tiêu |
 * Đơn vị | Kết quả") are told apart from task tables.
 */
import { fold } from '../../text/vietnamese.ts';
import type { TableRow } from '../ir.ts';
import type { ColumnRole } from '../types.ts';

/** Header words (folded) to column roles; the first rule that matches a header cell wins. */
const HEADER_RULES: Array<{ role: ColumnRole; test: RegExp }> = [
  { role: 'row', test: /^(s?tt|so tt|so thu tu)$/u },
  { role: 'code', test: /^ma( nhiem vu| so| nv)?$/u },
  { role: 'responsible', test: /nguoi dung dau|nguoi chiu trach nhiem|lanh dao (phu trach|chiu trach nhiem)/u },
  { role: 'follow_up', test: /theo doi|don doc|kiem tra,? giam sat/u },
  { role: 'source', test: /van ban giao|can cu giao|van ban chi dao|nguon giao/u },
  { role: 'progress', test: /^tien do( thuc hien)?$|tinh trang|trang thai/u },
  { role: 'deadline', test: /thoi gian|thoi han|lo trinh|thoi diem|^han( hoan thanh)?$|^nam( thuc hien| hoan thanh)?$/u },
  { role: 'partners', test: /phoi hop/u },
  { role: 'result', test: /ket qua|san pham|dau ra/u },
  { role: 'lead', test: /chu tri|thuc hien$|^don vi$|^co quan$|trach nhiem|don vi thuc hien|co quan thuc hien|^don vi (duoc giao|phu trach)/u },
  { role: 'funding', test: /nguon von|kinh phi|nguon luc/u },
  { role: 'content', test: /^noi dung/u },
  { role: 'name', test: /^ten|nhiem vu|cong viec|giai phap|de an|du an|hoat dong/u },
  { role: 'note', test: /ghi chu/u },
];

const INDICATOR_COLUMN = /^(chi tieu|ten chi tieu|noi dung chi tieu)\b/u;

export interface TableHeader {
  /** Index of the header row in the table. */
  rowIndex: number;
  columns: Array<{ role: ColumnRole; label: string }>;
  kind: 'tasks' | 'indicators';
}

export function columnRole(label: string): ColumnRole | null {
  const folded = fold(label).replace(/[*:.]/gu, '').replace(/\s+/gu, ' ').trim();
  if (folded === '') return null;
  return HEADER_RULES.find(({ test }) => test.test(folded))?.role ?? null;
}

/**
 * The header of a table, if it has one among its first rows: at least three cells of known roles including an
 * agency column and a task or time column (tasks), or a "Chỉ tiêu" column with a value column (indicators).
 */
export function findHeader(rows: readonly TableRow[]): TableHeader | null {
  for (let index = 0; index < Math.min(rows.length, 4); index += 1) {
    const cells = rows[index]!.cells.filter((cell) => cell.covered !== 'left');
    const labels = cells.map((cell) => cell.text.replace(/\n/gu, ' ').trim());
    if (labels.some((label) => label.length > 80)) continue;
    const folded = labels.map((label) => fold(label));
    if (folded.some((label) => INDICATOR_COLUMN.test(label)) && folded.some((label) => /don vi|ket qua|muc tieu|nam|gia tri/u.test(label))) {
      return { rowIndex: index, kind: 'indicators', columns: labels.map((label) => ({ role: columnRole(label) ?? 'note', label })) };
    }
    const roles = labels.map((label) => columnRole(label));
    const known = roles.filter((role) => role !== null);
    if (known.length < 3) continue;
    if (!roles.includes('lead')) continue;
    if (!roles.includes('name') && !roles.includes('content')) continue;
    return { rowIndex: index, kind: 'tasks', columns: labels.map((label, at) => ({ role: roles[at] ?? 'note', label })) };
  }
  return null;
}

/** True when a row repeats the header (tables whose header is printed again per page or per section). */
export function repeatsHeader(row: TableRow, header: TableHeader): boolean {
  const labels = row.cells.filter((cell) => cell.covered !== 'left').map((cell) => fold(cell.text.replace(/\n/gu, ' ')));
  const expected = header.columns.map((column) => fold(column.label));
  return labels.length === expected.length && labels.every((label, index) => label === expected[index]);
}
