/** "Những nhiệm vụ nào dùng vốn ngân sách trung ương?": every task of that funding source in scope. */
import type { AnswerContext } from '../context.ts';
import { tasksByFunding } from '../catalogue.ts';
import type { Classification } from '../classify.ts';
import { taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import type { Reply } from '../types.ts';
import { answered, taskCitations, tasksInScope } from './shared.ts';

export function fundingAnswer(context: AnswerContext, c: Classification): Reply | null {
  const match = tasksByFunding(tasksInScope(context), c.folded);
  if (!match) return null;
  const text = [M.fundingIntro(match.tasks.length, match.funding), ...taskList(context.compose, match.tasks, {}, 12)].join('\n');
  return answered('funding', text, taskCitations(context, match.tasks));
}
