/**
 * Numeric targets as facts: the rows of indicator tables ("Chỉ tiêu | Đơn vị | Kết quả"), and the clauses of the
 * objective and target sections that state a value ("Đến năm 2030, 100% hồ sơ … được số hóa", "có ≥ 30% DNNVV …",
 * "chiếm 3% tổng chi ngân sách"). Each keeps its clause whole, its value as printed, its year when stated and the
 * section it is printed in.
 */
import { fold } from '../../text/vietnamese.ts';
import type { TableBlock } from '../ir.ts';
import type { Indicator, Section } from '../types.ts';
import type { TableHeader } from './columns.ts';

const VALUE = /(?:≥|≤|>|<|tối thiểu|tối đa|ít nhất|trên|dưới|khoảng|đạt)?\s*(\d{1,3}(?:[.,]\d{1,3})*\s*(?:%|phần trăm)|\d+(?:[.,]\d+)?\s*(?:lần|tỷ đồng|triệu đồng|nghìn tỷ|USD|điểm|doanh nghiệp|sản phẩm|nhiệm vụ|tổ chức|người|trung tâm|khu|hồ sơ|dịch vụ)|\d{2,}\s*\/\s*\d{2,})/iu;
const YEAR = /(?<![\p{L}\p{N}])(?:năm|đến|đến năm|giai đoạn|trước|hết năm|đến hết năm)\s+(20\d\d)\b/iu;
const TARGET_KINDS: ReadonlySet<Section['kind']> = new Set(['objectives', 'general_objective', 'specific_objectives', 'targets', 'funding']);

/** Clauses of a section: lines, then sentences, then semicolon-separated parts. */
export function clauses(text: string): string[] {
  return text
    .split(/\n|(?<=[^\d\s][.!?])\s+(?=[\p{Lu}\-–•"“])|;\s+/u)
    .map((part) => part.replace(/^[-–•+]\s*/u, '').trim())
    .filter((part) => part.length > 0);
}

export function readIndicators(sections: readonly Section[], tables: ReadonlyArray<{ block: TableBlock; header: TableHeader }>): Indicator[] {
  const out: Indicator[] = [];
  for (const section of sections) {
    if (!TARGET_KINDS.has(section.kind)) continue;
    for (const clause of clauses(section.text)) {
      if (clause === section.heading) continue;
      const value = VALUE.exec(clause);
      if (!value) continue;
      const year = YEAR.exec(clause);
      out.push({
        indicator: clause,
        value: value[0].trim(),
        unit: /%|phần trăm/u.test(value[1]!) ? '%' : (/[\p{L}]+$/u.exec(value[1]!.trim())?.[0] ?? null),
        year: year ? Number(year[1]) : null,
        source: section.id,
        line: section.line,
      });
    }
  }
  for (const { block, header } of tables) {
    const labels = header.columns.map((column) => fold(column.label));
    const indicatorAt = labels.findIndex((label) => /chi tieu/u.test(label));
    const unitAt = labels.findIndex((label) => /^don vi( tinh)?$/u.test(label));
    const valueAt = labels.findIndex((label) => /ket qua|muc tieu|gia tri|chi tieu (nam|den)/u.test(label) && !/^chi tieu$/u.test(label));
    for (const row of block.rows.slice(header.rowIndex + 1)) {
      const cell = (index: number) => (index >= 0 ? (row.cells[index]?.text.trim() ?? '') : '');
      const indicator = cell(indicatorAt);
      const value = cell(valueAt);
      if (indicator === '' || value === '') continue;
      const year = YEAR.exec(`${header.columns[valueAt]?.label ?? ''} ${indicator}`);
      out.push({ indicator, value, unit: cell(unitAt) || null, year: year ? Number(year[1]) : null, source: `table:${block.line}`, line: row.line });
    }
  }
  return out;
}
