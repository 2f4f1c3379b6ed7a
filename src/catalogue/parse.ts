/** The whole decision text to `Knowledge`: metadata, sections, the task catalogue and review warnings. */
import { createHash } from 'node:crypto';
import { fold } from '../text/vietnamese.ts';
import { createAgencyDirectory, type AgencyDirectory } from './agencies.ts';
import { IngestError } from './errors.ts';
import { parseAppendixTable, readHeader } from './parse-appendix.ts';
import { findLine, parseDocumentMeta, parseSections, RELATED_DOCUMENT_LINE, toLines } from './parse-document.ts';
import type { Knowledge, Task } from './types.ts';

const APPENDIX_HEADING = /^phu luc(?: (?:so )?([ivx]+|\d+))?$/u;
const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10 };

function romanToNumber(roman: string): number {
  if (/^\d+$/u.test(roman)) return Number(roman);
  let total = 0;
  for (let index = 0; index < roman.length; index += 1) {
    const value = ROMAN_VALUES[roman[index]!]!;
    const next = ROMAN_VALUES[roman[index + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

function isTableEnd(text: string): boolean {
  return RELATED_DOCUMENT_LINE.test(text) || /^Quyết định \d+\/.+ về /u.test(text) || /^- [^:|]{2,40}: /u.test(text);
}

export function parseDecision(source: string, directory: AgencyDirectory = createAgencyDirectory()): Knowledge {
  const lines = toLines(source);
  if (lines.filter((line) => line.text !== '').length < 5) throw new IngestError('tệp văn bản trống hoặc quá ngắn');
  const document = parseDocumentMeta(lines);

  const appendixStarts: Array<{ index: number; number: number }> = [];
  lines.forEach((line, index) => {
    const match = APPENDIX_HEADING.exec(fold(line.text));
    if (match) appendixStarts.push({ index, number: match[1] ? romanToNumber(match[1]) : 1 });
  });
  if (appendixStarts.length === 0) throw new IngestError('không tìm thấy phụ lục nào ("PHỤ LỤC I" …)');

  const sections = parseSections(lines, appendixStarts[0]!.index);
  const tasks: Task[] = [];
  const warnings: string[] = [];

  appendixStarts.forEach(({ index, number }, position) => {
    const headerIndex = findLine(lines, (folded) => /^(s?tt|so thu tu)\s*\|/u.test(folded), index + 1);
    const nextStart = appendixStarts[position + 1]?.index ?? lines.length;
    if (headerIndex < 0 || headerIndex >= nextStart) {
      throw new IngestError(`phụ lục ${number}: không tìm thấy dòng tiêu đề bảng (TT | …)`, lines[index]!.number);
    }
    const layout = readHeader(lines[headerIndex]!);
    let end = headerIndex + 1;
    while (end < nextStart && !isTableEnd(lines[end]!.text)) end += 1;
    const result = parseAppendixTable(number, layout, lines.slice(headerIndex + 1, end), directory);
    tasks.push(...result.tasks);
    warnings.push(...result.warnings);
  });

  warnings.push(...reviewTasks(tasks, directory));
  return {
    document,
    sections,
    tasks,
    agencies: directory.agencies,
    warnings,
    sourceHash: createHash('sha256').update(source).digest('hex'),
  };
}

/** What a reviewer should look at: ids or codes printed twice, rows without a lead, unread deadlines or agencies. */
function reviewTasks(tasks: Task[], directory: AgencyDirectory): string[] {
  const warnings: string[] = [];
  const ids = new Set<string>();
  for (const task of tasks) {
    if (ids.has(task.id)) throw new IngestError(`mã dòng ${task.id} xuất hiện hai lần`, task.line);
    ids.add(task.id);
  }
  for (const task of tasks) {
    if (!task.lead) warnings.push(`${task.id} (dòng ${task.line}): văn bản không ghi cơ quan chủ trì.`);
    if (task.deadline.kind === 'unknown') warnings.push(`${task.id}: không hiểu thời hạn "${task.deadline.text}", giữ nguyên.`);
    if (task.deadline.kind === 'none') warnings.push(`${task.id} (dòng ${task.line}): không có thời hạn.`);
    for (const cell of [task.lead, task.partners]) {
      if (!cell) continue;
      const { leftover } = directory.analyse(cell.text);
      if (cell.ids.length === 0 || leftover.length > 0) {
        warnings.push(`${task.id}: chưa nhận ra hết cơ quan trong "${cell.text}"${leftover ? ` (phần còn lại: "${leftover}")` : ''}.`);
      }
    }
  }
  return warnings;
}
