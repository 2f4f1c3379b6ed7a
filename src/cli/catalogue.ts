/** `npm run --silent catalogue -- --json | --csv`: the task catalogue as one JSON array or as CSV for Excel. */
import type { Agency, Knowledge, Task } from '../catalogue/types.ts';
import { dueDate } from '../catalogue/deadline.ts';

export interface CatalogueRow {
  id: string;
  appendix: number;
  row: string;
  block: string | null;
  group: string | null;
  code: string | null;
  name: string;
  content: string;
  lead: string | null;
  leadAgencies: string[];
  partners: string | null;
  partnerAgencies: string[];
  result: string | null;
  deadline: string;
  deadlineKind: string;
  due: string | null;
  funding: string | null;
  inherited: string[];
  line: number;
}

export function catalogueRows(knowledge: Knowledge): CatalogueRow[] {
  const names = new Map(knowledge.agencies.map((agency: Agency) => [agency.id, agency.name]));
  const agencyNames = (ids: string[] | undefined) => (ids ?? []).map((id) => names.get(id) ?? id);
  return knowledge.tasks.map((task: Task) => ({
    id: task.id,
    appendix: task.appendix,
    row: task.row,
    block: task.block ? `${task.block.code} ${task.block.title}` : null,
    group: task.group ? `${task.group.code} ${task.group.title}` : null,
    code: task.code,
    name: task.name,
    content: task.content,
    lead: task.lead?.text ?? null,
    leadAgencies: agencyNames(task.lead?.ids),
    partners: task.partners?.text ?? null,
    partnerAgencies: agencyNames(task.partners?.ids),
    result: task.result,
    deadline: task.deadline.text,
    deadlineKind: task.deadline.kind,
    due: dueDate(task.deadline),
    funding: task.funding,
    inherited: task.inherited,
    line: task.line,
  }));
}

function csvCell(value: unknown): string {
  const text = Array.isArray(value) ? value.join('; ') : value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** CSV with a UTF-8 byte-order mark so that Excel opens Vietnamese correctly. */
export function toCsv<T extends object>(rows: T[]): string {
  if (rows.length === 0) return '\uFEFF';
  const headers = Object.keys(rows[0]!) as Array<keyof T>;
  const lines = [headers.map(csvCell).join(','), ...rows.map((row) => headers.map((key) => csvCell(row[key])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
