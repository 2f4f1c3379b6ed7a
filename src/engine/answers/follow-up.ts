/**
 * A short follow-up about what the conversation was already about ("Thời hạn thế nào?", "còn nguồn vốn?"): the
 * field asked, of the task the last answer was about, or of every row of its code.
 */
import type { Task } from '../../documents/types.ts';
import type { AnswerContext } from '../context.ts';
import type { Classification } from '../classify.ts';
import { taskAnswer } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import type { Reply } from '../types.ts';
import { codeSummary } from './code.ts';
import { answered, taskCitations } from './shared.ts';

export function followUpAnswer(context: AnswerContext, c: Classification): Reply {
  const tasks = context.focus.map((key) => context.snapshot.task(key)).filter((task): task is Task => Boolean(task));
  if (tasks.length === 0) return makeReply('clarification', 'which_task', M.clarifyTask);
  const first = tasks[0]!;
  const sameCode = first.code !== null && tasks.length > 1 && tasks.every((task) => task.code === first.code && task.documentId === first.documentId);
  if (sameCode) return answered('follow_up', codeSummary(context, first.code!, tasks), taskCitations(context, tasks));
  return answered('follow_up', taskAnswer(context.compose, first, c.fields.length ? c.fields : ['lead', 'deadline']), taskCitations(context, [first]));
}
