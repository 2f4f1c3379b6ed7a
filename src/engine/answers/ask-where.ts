/**
 * "Không biết hỏi ở đâu", "muốn hỏi thì gọi số nào", "có số điện thoại nào để hỏi": where a person asks about the
 * programme. Answered with the rows of the documents in scope that name the deployment's hotline (the channels the
 * plan itself sets up), each as a task with its lead and time; null when no row names it, and for a question that
 * names a task or an agency.
 */
import type { AnswerContext } from '../context.ts';
import type { Classification } from '../classify.ts';
import { taskAnswer } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import type { Reply } from '../types.ts';
import { answered, documentsInScope, taskCitations } from './shared.ts';

const ASK_WHERE =
  /\b(hoi o dau|hoi cho nao|goi so nao|goi so may|goi so gi|(so dien thoai|so dt|sdt) (nao|gi|may|de hoi|hoi)|tong dai|hotline|duong day nong|kenh hoi dap|hoi dap o dau|lien he o dau|lien he (the nao|so nao))\b/u;

export function askWhereAnswer(context: AnswerContext, c: Classification): Reply | null {
  if (!ASK_WHERE.test(c.folded) || c.codes.length > 0 || c.agencies.length > 0) return null;
  const hotline = context.deps.deployment.hotlineNumber;
  const namesHotline = new RegExp(`(?<!\\d)${hotline}(?!\\d)`, 'u');
  const rows = documentsInScope(context)
    .flatMap((document) => document.tasks)
    .filter((task) => namesHotline.test(task.content));
  if (rows.length === 0) return null;
  const text = [M.askWhere(hotline), ...rows.slice(0, 2).map((task) => taskAnswer(context.compose, task, ['lead', 'deadline']))].join('\n');
  return answered('task', text, taskCitations(context, rows.slice(0, 2)));
}
