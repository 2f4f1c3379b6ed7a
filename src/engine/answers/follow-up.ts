/**
 * A short follow-up about what the conversation was already about ("Thời hạn thế nào?", "còn nguồn vốn?"): the
 * field asked, of the task the last answer was about, or of every row of its code.
 */
import type { Task } from '../../documents/types.ts';
import type { AnswerContext } from '../context.ts';
import { EVERY_ITEM, type Classification, type Field, type Intent } from '../classify.ts';
import { fieldLines, taskFieldsAnswer, taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import type { Reply } from '../types.ts';
import { tokenize } from '../../text/tokenize.ts';
import { codeSummary } from './code.ts';
import { answered, taskCitations } from './shared.ts';

/** Answers that list tasks: a follow-up after one of them must say which task it is about. */
const LIST_INTENTS: ReadonlySet<Intent> = new Set(['agency_tasks', 'overdue', 'upcoming', 'deadline_window', 'funding_tasks', 'task_count']);
/** Tasks offered when asking which one. */
const CHOICES = 5;
/** Items answered one by one after a list. */
const EACH_LIMIT = 5;

export function followUpAnswer(context: AnswerContext, c: Classification): Reply {
  const tasks = context.focus.map((key) => context.snapshot.task(key)).filter((task): task is Task => Boolean(task));
  if (tasks.length === 0) return makeReply('clarification', 'which_task', M.clarifyTask);
  const first = tasks[0]!;
  const sameCode = first.code !== null && tasks.length > 1 && tasks.every((task) => task.code === first.code && task.documentId === first.documentId);
  if (sameCode) return answered('follow_up', codeSummary(context, first.code!, tasks), taskCitations(context, tasks));
  const afterList = tasks.length > 1 && (LIST_INTENTS.has(context.previous?.classification.intent ?? 'lookup') || context.previous?.choices === true);
  // "Còn BIM thì sao?" after a list: the one listed task the follow-up's own words name.
  const named = afterList ? namedAmong(tasks, c.phrase) : undefined;
  if (named) return answered('follow_up', taskFieldsAnswer(context.compose, named, c.fields.length ? c.fields : ['lead', 'deadline']), taskCitations(context, [named]));
  // "Vốn cho mấy việc đó lấy ở đâu?" after a list: the field of each of them.
  if (afterList && EVERY_ITEM.test(c.folded) && c.fields.length > 0) {
    const each = tasks.slice(0, EACH_LIMIT);
    const text = [M.eachOfThem(each.length, tasks.length), ...each.map((task) => taskFieldsAnswer(context.compose, task, c.fields))].join('\n\n');
    return answered('follow_up', text, taskCitations(context, each));
  }
  // "Ai phụ trách mảng này?" after tasks that share the answer: said once for all of them.
  const shared = sharedFieldLines(context, tasks, c.fields);
  if (tasks.length > 1 && shared) {
    const shown = tasks.slice(0, CHOICES);
    return answered('follow_up', [M.sameForAll(tasks.length), ...shared, ...taskList(context.compose, shown, { showLead: false, showDeadline: false }, CHOICES)].join('\n'), taskCitations(context, shown));
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

/** The lines of the fields asked when every task prints the same ones; null when they differ or nothing is asked. */
function sharedFieldLines(context: AnswerContext, tasks: readonly Task[], fields: readonly Field[]): string[] | null {
  const asked = fields.filter((field) => field !== 'content');
  if (asked.length === 0) return null;
  const lines = tasks.map((task) => fieldLines(context.compose, task));
  const first = asked.map((field) => lines[0]![field]);
  if (first.some((line) => !line)) return null;
  return lines.every((each) => asked.every((field, index) => each[field] === first[index])) ? first : null;
}

/** The one task of `tasks` whose text holds every content word of `phrase` (function words left out), if exactly one. */
function namedAmong(tasks: readonly Task[], phrase: string): Task | undefined {
  const words = contentWords(phrase).filter((word) => word.length > 1);
  if (words.length === 0) return undefined;
  const matching = tasks.filter((task) => {
    const own = new Set(contentWords(task.content));
    return words.every((word) => own.has(word));
  });
  return matching.length === 1 ? matching[0] : undefined;
}

const contentWords = (text: string): string[] => tokenize(text, { bigrams: false, synonyms: false }).unigrams;
