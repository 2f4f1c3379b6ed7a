/**
 * A short follow-up about what the conversation was already about ("Thời hạn thế nào?", "còn nguồn vốn?"): the
 * field asked, of the task the last answer was about, or of every row of its code.
 */
import type { Task } from '../../documents/types.ts';
import type { AnswerContext } from '../context.ts';
import { POINTING_OR_ABOVE, type Classification, type Intent } from '../classify.ts';
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
/** "Mấy việc đó", "các nhiệm vụ trên", "tất cả": every item of the list just given. */
const EVERY_ITEM = new RegExp(`\\b(may|cac|nhung|ca) (viec|nhiem vu|cai) (${POINTING_OR_ABOVE})\\b|\\btat ca\\b|\\btung (viec|nhiem vu|cai)\\b`, 'u');
/** Items answered one by one after a list. */
const EACH_LIMIT = 5;

export function followUpAnswer(context: AnswerContext, c: Classification): Reply {
  const tasks = context.focus.map((key) => context.snapshot.task(key)).filter((task): task is Task => Boolean(task));
  if (tasks.length === 0) return makeReply('clarification', 'which_task', M.clarifyTask);
  const first = tasks[0]!;
  const sameCode = first.code !== null && tasks.length > 1 && tasks.every((task) => task.code === first.code && task.documentId === first.documentId);
  if (sameCode) return answered('follow_up', codeSummary(context, first.code!, tasks), taskCitations(context, tasks));
  const afterList = tasks.length > 1 && LIST_INTENTS.has(context.previous?.classification.intent ?? 'lookup');
  // "Vốn cho mấy việc đó lấy ở đâu?" after a list: the field of each of them.
  if (afterList && EVERY_ITEM.test(c.folded) && c.fields.length > 0) {
    const each = tasks.slice(0, EACH_LIMIT);
    const text = [M.eachOfThem(each.length, tasks.length), ...each.map((task) => taskFieldsAnswer(context.compose, task, c.fields))].join('\n\n');
    return answered('follow_up', text, taskCitations(context, each));
  }
  // "Còn ai phối hợp?" after a list: which of its tasks is meant, rather than the first one in silence.
  if (afterList) {
    const choices = tasks.slice(0, CHOICES);
    return makeReply('clarification', 'which_item', [M.clarifyChoices, ...taskList(context.compose, choices, {}, CHOICES)].join('\n'), {
      citations: taskCitations(context, choices),
      buttons: choices.map((task) => ({ text: context.snapshot.cite(task), data: `${context.snapshot.cite(task)} ${context.text}` })),
    });
  }
  return answered('follow_up', taskFieldsAnswer(context.compose, first, c.fields.length ? c.fields : ['lead', 'deadline']), taskCitations(context, [first]));
}
