/**
 * A short follow-up about what the conversation was already about ("Thời hạn thế nào?", "còn nguồn vốn?"): the
 * field asked, of the task the last answer was about, or of every row of its code.
 */
import type { Task } from '../../documents/types.ts';
import type { AnswerContext } from '../context.ts';
import type { Classification, Intent } from '../classify.ts';
import { taskFieldsAnswer, taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import type { Reply } from '../types.ts';
import { codeSummary } from './code.ts';
import { answered, taskCitations } from './shared.ts';

/** Answers that list tasks: a follow-up after one of them must say which task it is about. */
const LIST_INTENTS: ReadonlySet<Intent> = new Set(['agency_tasks', 'overdue', 'upcoming', 'deadline_window', 'funding_tasks', 'task_count']);
/** Tasks offered when asking which one. */
const CHOICES = 5;

export function followUpAnswer(context: AnswerContext, c: Classification): Reply {
  const tasks = context.focus.map((key) => context.snapshot.task(key)).filter((task): task is Task => Boolean(task));
  if (tasks.length === 0) return makeReply('clarification', 'which_task', M.clarifyTask);
  const first = tasks[0]!;
  const sameCode = first.code !== null && tasks.length > 1 && tasks.every((task) => task.code === first.code && task.documentId === first.documentId);
  if (sameCode) return answered('follow_up', codeSummary(context, first.code!, tasks), taskCitations(context, tasks));
  // "Còn ai phối hợp?" after a list: which of its tasks is meant, rather than the first one in silence.
  if (tasks.length > 1 && LIST_INTENTS.has(context.previous?.classification.intent ?? 'lookup')) {
    const choices = tasks.slice(0, CHOICES);
    return makeReply('clarification', 'which_item', [M.clarifyChoices, ...taskList(context.compose, choices, {}, CHOICES)].join('\n'), {
      citations: taskCitations(context, choices),
      buttons: choices.map((task) => ({ text: context.snapshot.cite(task), data: `${context.snapshot.cite(task)} ${context.text}` })),
    });
  }
  return answered('follow_up', taskFieldsAnswer(context.compose, first, c.fields.length ? c.fields : ['lead', 'deadline']), taskCitations(context, [first]));
}
