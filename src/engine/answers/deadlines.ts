/**
 * Questions about time: the tasks due in a window ("hạn tháng 12/2025", "từ nay đến hết quý sau"), the tasks
 * overdue today, the tasks coming due. An agency named narrows the list (lead, or partner when asked so).
 */
import type { Agency, Task } from '../../documents/types.ts';
import { itemKey } from '../../knowledge/snapshot.ts';
import { isFinished, UPCOMING_DAYS } from '../../status/rules.ts';
import { addDays, formatDate } from '../../text/dates.ts';
import type { AnswerContext } from '../context.ts';
import { overdueTasks, tasksDueIn } from '../catalogue.ts';
import type { Classification } from '../classify.ts';
import { taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M, WINDOW_LABELS } from '../messages.ts';
import { listQueryOf, type TaskListQuery } from '../task-list.ts';
import type { Reply } from '../types.ts';
import { answered, resolveAgency, taskCitations, tasksInScope } from './shared.ts';

function byAgency(context: AnswerContext, c: Classification, tasks: Task[]): { tasks: Task[]; agency: Agency | null; note: string | null } {
  if (c.agencies.length === 0) return { tasks, agency: null, note: null };
  const resolved = resolveAgency(context, c.agencies[0]!);
  if (!resolved) return { tasks, agency: null, note: null };
  const { agencies } = context.snapshot;
  const id = resolved.agency.id;
  const filtered = c.role === 'partner' ? tasks.filter((task) => agencies.namedIds(task.partners).has(id)) : tasks.filter((task) => agencies.namedIds(task.lead).has(id));
  return { tasks: filtered, agency: resolved.agency, note: resolved.note };
}

/** The list page's agency filter for the agency a question named: the lead, or the partner when asked so. */
function agencyFilter(c: Classification, agency: Agency | null): TaskListQuery {
  return agency ? { agency: agency.id, role: c.role === 'partner' ? 'partner' : 'lead' } : {};
}

function scoped(context: AnswerContext, c: Classification): Task[] {
  const agencyId = c.agencies[0] ? (resolveAgency(context, c.agencies[0])?.agency.id ?? undefined) : undefined;
  return tasksInScope(context, agencyId);
}

export function windowAnswer(context: AnswerContext, c: Classification): Reply {
  const window = c.window!;
  const { tasks, agency, note } = byAgency(context, c, tasksDueIn(scoped(context, c), window));
  const header = note ? [note] : [];
  if (tasks.length === 0) return answered('window', [...header, M.windowNone(window.label)].join('\n'), []);
  const text = [...header, M.windowIntro(tasks.length, window.label + (agency ? M.ledBy(agency.name) : '')), ...taskList(context.compose, tasks, { showLead: !agency }, 12)].join('\n');
  return answered('window', text, taskCitations(context, tasks), listQueryOf(context.snapshot, tasks, { ...agencyFilter(c, agency), from: window.from, to: window.to }));
}

export function overdueAnswer(context: AnswerContext, c: Classification): Reply {
  const all = overdueTasks(scoped(context, c), context.today, context.statuses, context.snapshot.agencies, itemKey);
  const { tasks, agency, note } = byAgency(context, c, all);
  const header = note ? [note] : [];
  const today = formatDate(context.today);
  if (tasks.length === 0) return answered('overdue', [...header, M.overdueNone(today, agency?.name ?? null)].join('\n'), []);
  const text = [...header, M.overdueIntro(tasks.length, today, agency?.name ?? null), ...taskList(context.compose, tasks, { showLead: !agency }, 12)].join('\n');
  return answered('overdue', text, taskCitations(context, tasks), listQueryOf(context.snapshot, tasks, { ...agencyFilter(c, agency), status: 'overdue' }));
}

export function upcomingAnswer(context: AnswerContext, c: Classification): Reply {
  const window = c.window ?? { from: context.today, to: addDays(context.today, UPCOMING_DAYS), label: WINDOW_LABELS.next30Days };
  const due = tasksDueIn(scoped(context, c), { ...window, from: context.today > window.from ? context.today : window.from });
  const open = due.filter((task) => !isFinished(task, context.statuses.get(itemKey(task)), context.snapshot.agencies));
  const { tasks, agency, note } = byAgency(context, c, open);
  const header = note ? [note] : [];
  if (tasks.length === 0) return answered('upcoming', [...header, M.upcomingNone(window.label, agency?.name ?? null)].join('\n'), []);
  const text = [...header, M.upcomingIntro(tasks.length, window.label, agency?.name ?? null), ...taskList(context.compose, tasks, { showLead: !agency }, 12)].join('\n');
  const from = context.today > window.from ? context.today : window.from;
  return answered('upcoming', text, taskCitations(context, tasks), listQueryOf(context.snapshot, tasks, { ...agencyFilter(c, agency), from, to: window.to, status: 'open' }));
}
