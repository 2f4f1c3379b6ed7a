/**
 * Answer text from facts: short plain Vietnamese, the facts first (agency, deadline and where it stands today),
 * then the source. Long lists are grouped and trimmed for chat; the citations keep every task.
 * All fixed wording comes from `ANSWER_MESSAGES`.
 */
import type { Agency, IsoDate, Task } from '../catalogue/types.ts';
import { clip } from '../text/vietnamese.ts';
import { isFinished, type TaskStatus } from './catalogue-query.ts';
import { deadlineStatus, formatDate } from './dates.ts';
import { ANSWER_MESSAGES as M, OFFICIALS_MESSAGES } from './messages.ts';
import type { Field } from './classify.ts';

export interface ComposeContext {
  agencies: Map<string, Agency>;
  today: IsoDate;
  statuses: Map<string, TaskStatus[]>;
}

/** Lines shown per group of a list before "… và N nhiệm vụ khác". */
export const LIST_LIMIT = 8;


/**
 * The agencies of a cell by their canonical names; a cell that names a group ("các trường đại học, cao đẳng trên
 * địa bàn tỉnh") is shown as printed, since the group's canonical name would lose what the decision says.
 */
export function agencyLabel(context: ComposeContext, ids: string[] | undefined, fallback: string | null): string {
  const agencies = (ids ?? []).map((id) => context.agencies.get(id)).filter((agency): agency is Agency => Boolean(agency));
  if (agencies.length === 0 || (fallback && agencies.some((agency) => agency.kind === 'group'))) return fallback ?? M.none;
  return agencies.map((agency) => agency.name).join(', ');
}

/** "Tháng 12/2025 (đã quá hạn 332 ngày)". */
export function deadlineLabel(task: Task, today: IsoDate, finished = false): string {
  const deadline = task.deadline;
  if (deadline.kind === 'none') return M.noDeadline;
  if (deadline.kind === 'ongoing') return `${deadline.text} (${M.ongoing})`;
  if (deadline.kind === 'yearly') return `${deadline.text} (${M.yearly})`;
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
  return (context.statuses.get(task.id) ?? []).map((status) =>
    OFFICIALS_MESSAGES.statusLine(formatDate(status.date), status.agencyName, OFFICIALS_MESSAGES.progress(status.status, status.percent), status.note),
  );
}

export function isFinishedTask(context: ComposeContext, task: Task): boolean {
  return isFinished(task, context.statuses.get(task.id));
}

export function sourceLine(task: Task): string {
  return `${M.source}: ${M.appendix(task.appendix)}, ${task.id}${task.code ? ` (${M.codeLabel(task.code)})` : ''}.`;
}

/** One task answered in full: the fields asked first, then the rest of the row, its status and source. */
export function taskAnswer(context: ComposeContext, task: Task, fields: Field[]): string {
  const lead = task.lead ? agencyLabel(context, task.lead.ids, task.lead.text) : M.noLeadPrinted;
  const partners = task.partners ? agencyLabel(context, task.partners.ids, task.partners.text) : M.none;
  const finished = isFinishedTask(context, task);
  const lines: Record<Field, string> = {
    lead: `${M.lead}: ${lead}.`,
    partners: `${M.partners}: ${partners}.`,
    deadline: `${task.appendix === 2 ? M.timeline : M.deadline}: ${deadlineLabel(task, context.today, finished)}.`,
    funding: `${M.funding}: ${task.funding ?? M.none}.`,
    content: '',
  };
  const order: Field[] = [...new Set<Field>([...fields.filter((field) => field !== 'content'), 'lead', 'deadline', 'partners'])];
  if (fields.includes('funding') || task.funding === null) order.push('funding');
  const heading = `${task.code ? `${task.code} — ` : ''}${clip(task.content, 220)}`;
  const body = [...new Set(order)].map((field) => lines[field]).filter(Boolean);
  if (task.appendix === 2 && task.name !== task.content && fields.includes('content')) body.unshift(`(${clip(task.name, 120)})`);
  if (task.result && fields.includes('content')) body.push(`${M.result}: ${task.result}.`);
  return [heading, ...body, ...statusLines(context, task), sourceLine(task)].join('\n');
}

/** One compact line of a list: "PL1.13 — Xây dựng cơ chế … (Sở Y tế; hạn Tháng 9/2025)". */
export function taskLine(context: ComposeContext, task: Task, options: { showLead?: boolean; showDeadline?: boolean } = {}): string {
  const parts: string[] = [];
  if (options.showLead !== false) parts.push(task.lead ? agencyLabel(context, task.lead.ids, task.lead.text) : M.noLeadPrinted);
  if (options.showDeadline !== false) {
    const finished = isFinishedTask(context, task);
    const status = deadlineStatus(task.deadline, context.today);
    const note = !finished && status.kind === 'overdue' ? `, ${M.overdueBy(status.days)}` : '';
    parts.push(`${M.dueLabel(task.deadline.text || M.none)}${note}`);
  }
  const latest = (context.statuses.get(task.id) ?? [])[0];
  if (latest) parts.push(OFFICIALS_MESSAGES.statusLabel[latest.status] + (latest.percent !== null ? ` ${latest.percent}%` : ''));
  return `• ${task.id}${task.code ? ` (${task.code})` : ''} — ${clip(task.content, 90)}${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

export function taskList(context: ComposeContext, tasks: Task[], options: Parameters<typeof taskLine>[2] = {}, limit = LIST_LIMIT): string[] {
  const lines = tasks.slice(0, limit).map((task) => taskLine(context, task, options));
  if (tasks.length > limit) lines.push(M.andMore(tasks.length - limit));
  return lines;
}
