/**
 * `npm run --silent catalogue -- --json | --csv`: the task catalogue of every loaded document as one JSON array,
 * or as CSV for Excel; each row names its document.
 */
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { documentShortName } from '../knowledge/labels.ts';
import { dueDate } from '../status/rules.ts';
import { toCsv } from '../text/csv.ts';

export interface CatalogueRow {
  document: string;
  documentName: string;
  id: string;
  appendix: number | null;
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

export function catalogueRows(knowledge: KnowledgeSnapshot): CatalogueRow[] {
  const agencyNames = (ids: string[] | undefined) => (ids ?? []).map((id) => knowledge.agencies.displayName(id));
  return knowledge.tasks.map((task) => ({
    document: task.documentId,
    documentName: documentShortName(knowledge.documentById.get(task.documentId)!.document),
    id: knowledge.cite(task),
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

/** The catalogue as CSV (header from the field names). */
export function catalogueCsv(rows: CatalogueRow[]): string {
  const headers = Object.keys(rows[0] ?? {}) as Array<keyof CatalogueRow>;
  return toCsv([headers, ...rows.map((row) => headers.map((key) => row[key]))]);
}
