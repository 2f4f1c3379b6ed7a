/**
 * Answer text from facts: short plain Vietnamese, the facts first (agency, deadline and where it stands today),
 * then the source. Long lists are grouped and trimmed for chat; the citations keep every task. Column names come
 * from the document's own table header ("Lộ trình đề xuất", "Sản phẩm"); fixed wording from `ANSWER_MESSAGES`.
 */
import type { Agency, AgencyCell, ColumnRole, Task } from '../documents/types.ts';
import { documentShortName } from '../knowledge/labels.ts';
import { itemKey, type KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { deadlineStatus, isFinished } from '../status/rules.ts';
import { formatDate, todayInVietnam, type IsoDate } from '../text/dates.ts';
import { SYNONYM_MARKER, tokenize } from '../text/tokenize.ts';
import { clip, fold } from '../text/vietnamese.ts';
import type { Statuses } from './catalogue.ts';
import type { Field } from './classify.ts';
import { ANSWER_MESSAGES as M, OFFICIALS_MESSAGES } from './messages.ts';
import { clipAround, passages } from './passages.ts';

export interface ComposeContext {
  snapshot: KnowledgeSnapshot;
  today: IsoDate;
  statuses: Statuses;
}

/** Characters of a task's text shown above its fields, and when its text is what was asked. */
const HEADING_CHARS = 220;
const FOLLOW_UP_HEADING_CHARS = 140;
const CONTENT_CHARS = 560;
/** Characters of a later clause of a task's text shown after its start, when that clause is what was asked. */
const ASKED_CLAUSE_CHARS = 220;

/** Characters of a task's text on a list line; on a list of at most SHORT_LIST tasks, SHORT_LIST_CHARS. */
const LINE_CHARS = 90;
/** Characters of a row's result shown in a list line. */
const RESULT_CHARS = 160;
const SHORT_LIST = 3;
const SHORT_LIST_CHARS = 320;

/** Lines shown per group of a list before "… và N nhiệm vụ khác". */
export const LIST_LIMIT = 8;

/**
 * The agencies of a task's cell by their canonical names; the cell as printed when it names a group ("các trường
 * đại học, cao đẳng trên địa bàn tỉnh"), whose canonical name would lose what the document says, or when the task
 * is another province's: the directory's provincial names ("Công an tỉnh") are the deployment's, not its
 * ("Công an Thành phố").
 */
export function agencyLabel(context: ComposeContext, task: Task, cell: AgencyCell | null, empty: string = M.none): string {
  if (!cell) return empty;
  const agencies = cell.ids.map((id) => context.snapshot.agencies.byId(id)).filter((agency): agency is Agency => Boolean(agency));
  if (agencies.length === 0 || agencies.some((agency) => agency.kind === 'group') || !context.snapshot.isHomeOrNational(task.documentId)) return cell.text || empty;
  return agencies.map((agency) => agency.name).join(', ');
}

/** "Tháng 12/2025 (đã quá hạn 332 ngày)". */
export function deadlineLabel(task: Task, today: IsoDate, finished = false): string {
  const deadline = task.deadline;
  if (deadline.kind === 'none') return M.noDeadline;
  if (deadline.kind === 'ongoing') return `${deadline.text} (${M.ongoing})`;
  if (deadline.kind === 'yearly') return `${deadline.text} (${M.yearly})`;
  if (deadline.kind === 'recurring') return `${deadline.text} (${M.recurring})`;
  if (deadline.kind === 'conditional') return `${deadline.text} (${M.conditional})`;
  if (deadline.kind === 'unknown') return deadline.text;
  if (finished) return deadline.text;
  const status = deadlineStatus(deadline, today);
  const suffix =
    status.kind === 'overdue'
      ? M.overdueBy(status.days)
      : status.kind === 'due_today'
        ? M.dueToday
        : status.kind === 'remaining'
          ? M.daysLeft(status.days)
          : status.kind === 'running'
            ? M.periodRunning(status.days)
            : '';
  return suffix ? M.deadlineWithStatus(deadline.text, suffix, formatDate(deadline.due)) : deadline.text;
}

export function statusLines(context: ComposeContext, task: Task): string[] {
  return (context.statuses.get(itemKey(task)) ?? []).map((status) =>
    OFFICIALS_MESSAGES.statusLine(
      formatDate(todayInVietnam(status.updatedAt)),
      context.snapshot.agencies.displayName(status.agencyId),
      OFFICIALS_MESSAGES.progress(status.status, status.percent),
      status.publicNote,
    ),
  );
}

export function isFinishedTask(context: ComposeContext, task: Task): boolean {
  return isFinished(task, context.statuses.get(itemKey(task)), context.snapshot.agencies);
}

/** A column's label as the task's table prints it, or null when the table has no such column. */
export function columnLabel(context: ComposeContext, task: Task, role: ColumnRole): string | null {
  const table = context.snapshot.documentById.get(task.documentId)?.tables.find((candidate) => candidate.index === task.table);
  return table?.columns.find((column) => column.role === role)?.label.replace(/\s+/gu, ' ') ?? null;
}

function hasColumn(context: ComposeContext, task: Task, role: ColumnRole): boolean {
  return columnLabel(context, task, role) !== null;
}

/** "Lộ trình" where the table prints a timeline, "Thời hạn" otherwise. */
function deadlineName(context: ComposeContext, task: Task): string {
  return /\blo trinh\b/u.test(fold(columnLabel(context, task, 'deadline') ?? '')) ? M.timeline : M.deadline;
}

/** "Nguồn: Phụ lục II, PL2.11 (mã CQS2.1)." — with several documents loaded, the document first. */
export function sourceLine(context: ComposeContext, task: Task): string {
  const document = context.snapshot.documentById.get(task.documentId);
  const where = context.snapshot.multi && document ? `${documentShortName(document.document)}, ` : '';
  return `${M.source}: ${where}${M.appendix(task.appendix)}, ${context.snapshot.cite(task)}${task.code ? ` (${M.codeLabel(task.code)})` : ''}.`;
}

/** A printed value closed with one full stop ("… được ban hành." is not closed twice). */
const sentence = (text: string): string => (/[.!?…]$/u.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** Each field of a task as one line of an answer ("Chủ trì: Sở Y tế."); '' for a field the row does not print. */
export function fieldLines(context: ComposeContext, task: Task): Record<Field, string> {
  const finished = isFinishedTask(context, task);
  return {
    lead: `${M.lead}: ${agencyLabel(context, task, task.lead, M.noLeadPrinted)}.`,
    partners: `${M.partners}: ${agencyLabel(context, task, task.partners)}.`,
    deadline: `${deadlineName(context, task)}: ${deadlineLabel(task, context.today, finished)}.`,
    funding: sentence(`${M.funding}: ${task.funding ?? M.none}`),
    result: task.result ? sentence(`${resultName(context, task)}: ${task.result}`) : '',
    content: '',
    follow_up: task.followUp ? `${columnLabel(context, task, 'follow_up') ?? M.followUp}: ${agencyLabel(context, task, task.followUp)}.` : '',
    progress: task.progress ? sentence(`${M.printedProgress}: ${task.progress}`) : '',
  };
}

/**
 * A task's text cut to `max` characters, and when the question's pairs of words (or a synonym of them) are only
 * further on ("… không phụ thuộc vào địa giới hành chính" asked as "nộp ở bất kỳ đâu"), the clause that holds them.
 */
function taskTextFor(context: ComposeContext, content: string, max: number, question: string | undefined): string {
  const start = clip(content, max);
  if (question === undefined || content.length <= max) return start;
  const asked = tokenize(question);
  const wanted = new Set([...asked.bigrams, ...asked.extras.filter((term) => term.startsWith(SYNONYM_MARKER))]);
  const before = tokenize(start);
  const shown = new Set([...before.bigrams, ...before.extras]);
  // `start` is longer than `max`, so it ends with the "…" clip adds after the characters it shows.
  const shownChars = start.length - 1;
  let best: { clause: string; weight: number } | null = null;
  let offset = 0;
  for (const clause of passages(content)) {
    offset = content.indexOf(clause, offset);
    if (offset + clause.length <= shownChars) continue;
    const tokens = tokenize(clause);
    let weight = 0;
    for (const term of new Set([...tokens.bigrams, ...tokens.extras])) if (wanted.has(term) && !shown.has(term)) weight += context.snapshot.index.idf(term);
    if (weight > (best?.weight ?? 0)) best = { clause, weight };
  }
  if (best === null) return start;
  return `${start} ${clipAround(best.clause, question, ASKED_CLAUSE_CHARS)}`;
}

/**
 * One task answered in full: the fields asked first, then the rest of the row, its status and source. With the
 * question, a clause of a long text that holds what was asked is shown after its start.
 */
export function taskAnswer(context: ComposeContext, task: Task, fields: Field[], question?: string): string {
  const lines = fieldLines(context, task);
  const order: Field[] = [...new Set<Field>([...fields.filter((field) => field !== 'content'), 'lead', 'deadline', 'partners'])];
  if (fields.includes('funding') || (hasColumn(context, task, 'funding') && task.funding === null)) order.push('funding');
  // Asked what the task is ("gồm những gì", "là những … nào"), its text is the answer: shown (nearly) whole.
  const heading = `${task.code ? `${task.code} — ` : ''}${taskTextFor(context, task.content, fields.includes('content') ? CONTENT_CHARS : HEADING_CHARS, question)}`;
  const body = [...new Set(order)].map((field) => lines[field]).filter(Boolean);
  if (hasColumn(context, task, 'name') && hasColumn(context, task, 'content') && task.name !== task.content && fields.includes('content')) {
    body.unshift(`(${clip(task.name, 120)})`);
  }
  if (task.result && fields.includes('content') && !fields.includes('result')) body.push(lines.result);
  if (task.followUp && !order.includes('follow_up')) body.push(lines.follow_up);
  if (task.responsible) body.push(sentence(`${columnLabel(context, task, 'responsible') ?? M.responsible}: ${task.responsible}`));
  if (task.progress && !order.includes('progress')) body.push(lines.progress);
  return [heading, ...body, ...statusLines(context, task), sourceLine(context, task)].join('\n');
}

/**
 * A follow-up's answer ("còn nguồn vốn?", "kết quả phải đạt là gì?"): the task named briefly, the fields asked,
 * its status and source — the rest of the row was in the answer before.
 */
export function taskFieldsAnswer(context: ComposeContext, task: Task, fields: Field[]): string {
  const asked = fields.filter((field) => field !== 'content');
  if (asked.length === 0) return taskAnswer(context, task, fields);
  const lines = fieldLines(context, task);
  const heading = `${task.code ? `${task.code} — ` : ''}${clip(task.content, FOLLOW_UP_HEADING_CHARS)}`;
  const body = asked.map((field) => lines[field] || M.fieldNotPrinted(fieldName(context, task, field))).filter(Boolean);
  return [heading, ...body, ...statusLines(context, task), sourceLine(context, task)].join('\n');
}

/** A field as a reply names it when the row leaves it empty. */
function fieldName(context: ComposeContext, task: Task, field: Field): string {
  if (field === 'result') return resultName(context, task);
  if (field === 'follow_up') return columnLabel(context, task, 'follow_up') ?? M.followUp;
  if (field === 'progress') return M.printedProgress;
  return field;
}

function resultName(context: ComposeContext, task: Task): string {
  return columnLabel(context, task, 'result') ?? M.result;
}

/** One compact line of a list: "PL1.13 — Xây dựng cơ chế … (Sở Y tế; hạn Tháng 9/2025)". */
export function taskLine(context: ComposeContext, task: Task, options: { showLead?: boolean; showDeadline?: boolean; showResult?: boolean; showFunding?: boolean; textChars?: number } = {}): string {
  const parts: string[] = [];
  if (options.showLead !== false) parts.push(agencyLabel(context, task, task.lead, M.noLeadPrinted));
  if (options.showDeadline !== false) {
    const finished = isFinishedTask(context, task);
    const status = deadlineStatus(task.deadline, context.today);
    const note = !finished && status.kind === 'overdue' ? `, ${M.overdueBy(status.days)}` : '';
    parts.push(`${M.dueLabel(task.deadline.text || M.none)}${note}`);
  }
  const latest = (context.statuses.get(itemKey(task)) ?? [])[0];
  if (latest) parts.push(OFFICIALS_MESSAGES.statusLabel[latest.status] + (latest.percent !== null ? ` ${latest.percent}%` : ''));
  // "… và kết quả dự kiến là gì": each row's result after it.
  const result = options.showResult && task.result ? ` — ${M.result}: ${clip(task.result, RESULT_CHARS)}` : '';
  // "… nguồn vốn lấy từ đâu": each row's funding after it, or that the row names none.
  const funding = options.showFunding ? ` — ${M.funding}: ${task.funding ? clip(task.funding, RESULT_CHARS) : M.none}` : '';
  return `• ${context.snapshot.cite(task)}${task.code ? ` (${task.code})` : ''} — ${clip(task.content, options.textChars ?? LINE_CHARS)}${parts.length ? ` (${parts.join('; ')})` : ''}${result}${funding}`;
}

export function taskList(context: ComposeContext, tasks: readonly Task[], options: Parameters<typeof taskLine>[2] = {}, limit = LIST_LIMIT): string[] {
  // A short list has room for each task's whole text; a long one shows its start.
  const textChars = tasks.length <= SHORT_LIST ? SHORT_LIST_CHARS : LINE_CHARS;
  const lines = tasks.slice(0, limit).map((task) => taskLine(context, task, { textChars, ...options }));
  if (tasks.length > limit) lines.push(M.andMore(tasks.length - limit));
  return lines;
}
