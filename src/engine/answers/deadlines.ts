/**
 * Questions about time: the tasks due in a window ("hạn tháng 12/2025", "từ nay đến hết quý sau"), the tasks
 * overdue today, the tasks coming due. An agency named narrows the list (lead, or partner when asked so).
 */
import type { Agency, Task } from '../../documents/types.ts';
import { itemKey } from '../../knowledge/snapshot.ts';
import { dueDate, isFinished, UPCOMING_DAYS } from '../../status/rules.ts';
import { addDays, formatDate } from '../../text/dates.ts';
import type { AnswerContext } from '../context.ts';
import { overdueTasks, tasksDueIn } from '../catalogue.ts';
import type { Classification } from '../classify.ts';
import { taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M, WINDOW_LABELS } from '../messages.ts';
import { listQueryOf, type TaskListQuery } from '../task-list.ts';
import type { Reply } from '../types.ts';
import { namedAppendix } from './lookup.ts';
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

/** The tasks in scope, of the appendix the question names ("trong PL2 …") when it has any. */
function scoped(context: AnswerContext, c: Classification): Task[] {
  const agencyId = c.agencies[0] ? (resolveAgency(context, c.agencies[0])?.agency.id ?? undefined) : undefined;
  const tasks = tasksInScope(context, agencyId);
  const appendix = namedAppendix(c.folded);
  const inAppendix = appendix === null ? [] : tasks.filter((task) => task.appendix === appendix);
  return inAppendix.length > 0 ? inAppendix : tasks;
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

/** With nothing due in the window, this many of the next deadlines are shown. */
const NEXT_DEADLINES = 3;
const FAR_FUTURE = '9999-12-31';

export function upcomingAnswer(context: AnswerContext, c: Classification): Reply {
  const window = c.window ?? { from: context.today, to: addDays(context.today, UPCOMING_DAYS), label: WINDOW_LABELS.next30Days };
  const due = tasksDueIn(scoped(context, c), { ...window, from: context.today > window.from ? context.today : window.from });
  const open = due.filter((task) => !isFinished(task, context.statuses.get(itemKey(task)), context.snapshot.agencies));
  const { tasks, agency, note } = byAgency(context, c, open);
  const header = note ? [note] : [];
  if (tasks.length === 0) {
    // "Sắp đến hạn?" with nothing in the next days: the next deadlines after them, so the asker learns when.
    const later = window.label !== WINDOW_LABELS.next30Days ? [] : byAgency(context, c, tasksDueIn(scoped(context, c), { from: addDays(window.to, 1), to: FAR_FUTURE, label: '' })).tasks;
    // The nearest date only: a row "2025 - 2030" ends with the programme and would crowd out the next real deadline.
    const open = later.filter((task) => !isFinished(task, context.statuses.get(itemKey(task)), context.snapshot.agencies));
    const nearest = open[0] ? dueDate(open[0].deadline) : null;
    const next = open.filter((task) => dueDate(task.deadline) === nearest).slice(0, NEXT_DEADLINES);
    const none = [...header, M.upcomingNone(window.label, agency?.name ?? null)];
    if (next.length === 0) return answered('upcoming', none.join('\n'), []);
    const shown = [...none, M.upcomingNext(next.length), ...taskList(context.compose, next, { showLead: !agency }, NEXT_DEADLINES)];
    return answered('upcoming', shown.join('\n'), taskCitations(context, next));
  }
  const text = [...header, M.upcomingIntro(tasks.length, window.label, agency?.name ?? null), ...taskList(context.compose, tasks, { showLead: !agency }, 12)].join('\n');
  const from = context.today > window.from ? context.today : window.from;
  return answered('upcoming', text, taskCitations(context, tasks), listQueryOf(context.snapshot, tasks, { ...agencyFilter(c, agency), from, to: window.to, status: 'open' }));
}
