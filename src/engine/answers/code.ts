/**
 * Questions that name tasks by reference: an id (`PL2.11`, `101:PL2.11`), a row in words ("phụ lục II dòng 145"),
 * a task code (`CQS2.1`: every row printed with it), or a code group (`CQS2`). A bare row number that several
 * appendices have ("nhiệm vụ số 7") asks which one is meant.
 */
import type { Task } from '../../documents/types.ts';
import type { AnswerContext } from '../context.ts';
import type { Classification } from '../classify.ts';
import { agencyLabel, taskAnswer, taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import { fold } from '../../text/vietnamese.ts';
import { STOPWORDS } from '../../text/tokenize.ts';
import type { Reply } from '../types.ts';
import { answered, bySupport, documentsInScope, scopeLabel, taskCitations } from './shared.ts';

/**
 * The tasks a reference names: in the documents the question names; else in the deployment's own documents, and
 * only when none of them has it, in every loaded document.
 */
function resolve(context: AnswerContext, c: Classification, ref: string, documentId: string | null): Task[] {
  const named = documentId ? [documentId] : c.documents;
  if (named.length > 0) return named.flatMap((id) => context.snapshot.resolveTaskRef(ref, id));
  const own = documentsInScope(context).flatMap((document) => context.snapshot.resolveTaskRef(ref, document.id));
  return own.length > 0 ? own : context.snapshot.resolveTaskRef(ref);
}

export function codeAnswer(context: AnswerContext, c: Classification): Reply {
  const parts: string[] = [];
  const cited: Task[] = [];
  for (const reference of c.references) {
    const tasks = resolve(context, c, reference.ref, reference.documentId);
    // A row label printed twice in one table ("22", then "22" again: `PL2.22`, `PL2.22-2`) named in words is either.
    if (reference.kind === 'row') {
      for (const task of [...tasks]) {
        const twins = context.snapshot.documentById.get(task.documentId)?.tasks.filter((other) => other.id.startsWith(`${task.id}-`) && /^-\d+$/u.test(other.id.slice(task.id.length))) ?? [];
        tasks.push(...twins);
      }
      if (tasks.length > 1) {
        return makeReply('clarification', 'which_task', [M.clarifyRow(reference.ref.split('.').pop()!, tasks.map((task) => context.snapshot.cite(task))), ...taskList(context.compose, tasks, {}, 8)].join('\n'), {
          citations: taskCitations(context, tasks),
        });
      }
    }
    if (tasks.length === 0) {
      parts.push(M.unknownCode(reference.ref, scopeLabel(context), referenceForms(context)));
      continue;
    }
    // One id printed in several documents: each document's row, the document named.
    const documents = new Set(tasks.map((task) => task.documentId));
    if (reference.kind !== 'code' && documents.size > 1) {
      return makeReply('clarification', 'which_document', [M.clarifyDocumentOf(reference.ref), ...taskList(context.compose, tasks, {}, 12)].join('\n'), {
        citations: taskCitations(context, tasks),
      });
    }
    // "Nhiệm vụ 'triển khai số hóa hồ sơ' thuộc CQS4.1": of the code's rows, the one the question's words name.
    const named = tasks.length > 1 ? rowNamed(context, c.phrase, tasks) : undefined;
    const shown = named ? [named] : tasks;
    cited.push(...shown);
    parts.push(shown.length === 1 ? taskAnswer(context.compose, shown[0]!, c.fields) : codeSummary(context, reference.ref, tasks));
  }
  if (cited.length === 0) return makeReply('no_information', 'unknown_task', parts.join('\n\n'));
  return answered('code', parts.join('\n\n'), taskCitations(context, cited));
}

/** How much more the row a question's words name must speak to them than the next row of the same code. */
const NAMED_ROW = { support: 0.3, lead: 1.5 };

/** The one row of `tasks` that the words beside the code speak of ("… 'triển khai số hóa hồ sơ' thuộc CQS4.1"), if any. */
function rowNamed(context: AnswerContext, phrase: string, tasks: readonly Task[]): Task | undefined {
  const [best, next] = bySupport(context, phrase, tasks);
  return best && best.support >= NAMED_ROW.support && best.support >= (next?.support ?? 0) * NAMED_ROW.lead ? best.task : undefined;
}

/** Several rows under one code: the shared lead and timeline once, then each row's content. */
export function codeSummary(context: AnswerContext, code: string, tasks: Task[]): string {
  const groups = new Set(tasks.map((task) => task.group?.code));
  const lines = [M.codeIntro(code, tasks[0]!.name, tasks.length)];
  if (groups.size > 1) lines.push(M.duplicateCode(code, groups.size));
  const leads = new Set(tasks.map((task) => task.lead?.text ?? ''));
  const deadlines = new Set(tasks.map((task) => task.deadline.text));
  const shared = leads.size === 1 && deadlines.size === 1 && groups.size === 1;
  if (shared) {
    const first = tasks[0]!;
    lines.push(
      `${M.lead}: ${agencyLabel(context.compose, first, first.lead, M.noLeadPrinted)}. ` +
        `${M.partners}: ${agencyLabel(context.compose, first, first.partners)}. ` +
        `${M.timeline}: ${first.deadline.text || M.none}. ${M.funding}: ${first.funding ?? M.none}.`,
    );
    lines.push(...taskList(context.compose, tasks, { showLead: false, showDeadline: false }, 12));
  } else {
    lines.push(...taskList(context.compose, tasks, {}, 12));
  }
  lines.push(`${M.source}: ${M.appendix(tasks[0]!.appendix)}, ${tasks.map((task) => context.snapshot.cite(task)).join(', ')}.`);
  return lines.join('\n');
}

/**
 * Whether a task is in a group reference: a code group ("CQS2") by its code, an appendix's group ("PL1.IV") by its
 * appendix and group.
 */
function groupTest(group: string): (task: Task) => boolean {
  const qualified = /^PL(\d+)\.(.+)$/u.exec(group);
  if (qualified) return (task) => task.appendix === Number(qualified[1]) && task.group!.code.toUpperCase() === qualified[2];
  return (task) => task.code !== null && task.group!.code.toLowerCase() === group.toLowerCase();
}

export function groupAnswer(context: AnswerContext, c: Classification): Reply {
  const inScope = new Set(documentsInScope(context).map((document) => document.id));
  const inGroups = c.groups.map(groupTest);
  const tasks = context.snapshot.tasks.filter((task) => task.group && inGroups.some((inGroup) => inGroup(task)) && (c.documents.length === 0 || inScope.has(task.documentId)));
  if (tasks.length === 0) return makeReply('no_information', 'unknown_task', M.unknownCode(c.groups.join(', '), scopeLabel(context), referenceForms(context)));
  const first = tasks[0]!;
  const text = [M.groupIntro(first.group!.code, first.group!.title, tasks.length), ...taskList(context.compose, tasks, { showResult: c.fields.includes('result'), showFunding: c.fields.includes('funding') }, 12)].join('\n');
  return answered('group', text, taskCitations(context, tasks));
}

/** A topic word must weigh at least this share of the question's rarest word (idf) to count ("du lịch", not "tỉnh"). */
const TOPIC_IDF_SHARE = 0.6;

/**
 * "Tỉnh sẽ làm những gì cho du lịch số": a list asked about a topic that one group of tasks is titled by
 * ("KTS13 Chuyển đổi số trong lĩnh vực du lịch") is that group, in full. Null unless exactly one group's title holds
 * every rare word of the question.
 */
export function topicGroupAnswer(context: AnswerContext, c: Classification): Reply | null {
  if (!c.list || c.agencies.length > 0 || c.window || c.fields.some((field) => field !== 'content') || c.codes.length > 0) return null;
  const { idf } = context.snapshot.index;
  const words = [...new Set(c.phrase.split(' ').filter((word) => word.length > 1 && !STOPWORDS.has(word) && !context.vocabulary.deploymentWords.has(word)))];
  const rarest = Math.max(0, ...words.map(idf));
  const topic = words.filter((word) => idf(word) >= rarest * TOPIC_IDF_SHARE);
  if (topic.length === 0) return null;
  const groups = new Map<string, Task[]>();
  for (const task of documentsInScope(context).flatMap((document) => document.tasks)) {
    if (!task.group?.code) continue;
    const key = `${task.documentId}\u0000${task.group.code}`;
    const group = groups.get(key);
    if (group) group.push(task);
    else groups.set(key, [task]);
  }
  // A topic of several words is named by a pair of them in a row ("du lịch"): one rare syllable alone ("mở" of "cổng
  // dữ liệu mở") may stand for another word in the title ("mô hình").
  const pairs = words.length > 1 ? words.slice(1).map((word, index) => `${words[index]} ${word}`) : [];
  const matching = [...groups.values()].filter((tasks) => {
    const folded = fold(tasks[0]!.group!.title).split(/[^\p{L}\p{N}]+/u);
    const title = new Set(folded);
    const titlePairs = ` ${folded.join(' ')} `;
    return topic.every((word) => title.has(word)) && (pairs.length === 0 || pairs.some((pair) => titlePairs.includes(` ${pair} `)));
  });
  if (matching.length !== 1) return null;
  const tasks = matching[0]!;
  const first = tasks[0]!;
  const text = [M.groupIntro(first.group!.code, first.group!.title, tasks.length), ...taskList(context.compose, tasks, {}, 12)].join('\n');
  return answered('group', text, taskCitations(context, tasks));
}

/** Words of a block heading that only say it is one ("Nhóm nhiệm vụ phát triển …", its code in brackets). */
const BLOCK_HEADING_WORDS = new Set(['nhom', 'nhiem', 'vu', 'phat', 'trien', 'khoi']);
/** Words a question about a block may hold besides its name: how to answer it, and who for. */
const BLOCK_ASIDE_WORDS = new Set([
  'tinh', 'chinh', 'giai', 'thich', 'de', 'hieu', 'cu', 'the', 'tom', 'tat', 'tong', 'quan', 'nguoi', 'dan', 'chuong', 'trinh', 'ke', 'hoach',
  'nhung', 'cac', 'gi', 'j', 'ntn', 'nhu', 'sao', 'ra', 'se', 'lam', 'cho', 've', 'mang', 'linh', 'vuc', 'khoi', 'nhom', 'gom', 'bao', 'co', 'duoc', 'thi',
  'noi', 'thoi', 'ngan', 'gon',
]);
/** Words a count of a block's groups may hold besides ("… trong phụ lục II có bao nhiêu nhóm mã, từ KTS1 đến mấy"). */
const BLOCK_COUNT_WORDS = new Set(['bao', 'nhieu', 'may', 'ma', 'tu', 'den', 'phu', 'luc', 'trong', 'chia', 'thanh', 'muc', 'o', 'tat', 'ca']);

/**
 * "Chính quyền số gồm những việc gì?", "khối kinh tế số (KTS) có mấy nhóm": a lettered block of a table named by its
 * heading, answered with its groups. Only when the question names the block and nothing narrower ("kinh tế số về
 * thương mại điện tử" is a topic).
 */
export function blockAnswer(context: AnswerContext, c: Classification): Reply | null {
  const counting = c.count || c.intent === 'task_count';
  if (!(c.list || counting) || c.agencies.length > 0 || c.window || c.fields.some((field) => field !== 'content') || c.codes.length > 0) return null;
  const blocks = new Map<string, { code: string; title: string; name: string[]; prefixes: Set<string>; tasks: Task[] }>();
  for (const task of documentsInScope(context).flatMap((document) => document.tasks)) {
    if (!task.block) continue;
    const key = `${task.documentId}\u0000${task.block.code}`;
    const block = blocks.get(key);
    const name = fold(task.block.title.replace(/\([^)]*\)/gu, ' ')).split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '' && !BLOCK_HEADING_WORDS.has(word));
    const entry = block ?? { code: task.block.code, title: task.block.title, name, prefixes: new Set<string>(), tasks: [] };
    entry.tasks.push(task);
    // The letters its groups' codes start with ("kts" of KTS1 … KTS13).
    const prefix = task.group?.code.match(/^\p{L}+/u)?.[0];
    if (prefix) entry.prefixes.add(fold(prefix));
    blocks.set(key, entry);
  }
  const phrase = ` ${c.phrase} `;
  const named = [...blocks.values()].filter((block) => block.name.length >= 2 && phrase.includes(` ${block.name.join(' ')} `));
  if (named.length !== 1) return null;
  const block = named[0]!;
  const aside = (word: string) => BLOCK_ASIDE_WORDS.has(word) || BLOCK_HEADING_WORDS.has(word) || (counting && (BLOCK_COUNT_WORDS.has(word) || block.prefixes.has(word) || /^([ivx]+|\d+)$/u.test(word)));
  const rest = c.phrase.split(' ').filter((word) => word !== '' && !block.name.includes(word) && !aside(word) && !context.vocabulary.deploymentWords.has(word));
  if (rest.length > 0) return null;
  const groups = new Map<string, { title: string; tasks: Task[] }>();
  for (const task of block.tasks) {
    const code = task.group?.code ?? '';
    const group = groups.get(code);
    if (group) group.tasks.push(task);
    else groups.set(code, { title: task.group?.title ?? '', tasks: [task] });
  }
  const lines = [...groups].map(([code, group]) => M.partLine(code, group.title, group.tasks.length));
  const firstOfEach = [...groups.values()].map((group) => group.tasks[0]!);
  return answered('group', [M.blockIntro(block.code, block.title, groups.size, block.tasks.length), ...lines].join('\n'), taskCitations(context, firstOfEach));
}

/** "Nhiệm vụ số 7": the rows numbered 7 in the documents in scope; one is answered, several are offered. */
export function rowNumberAnswer(context: AnswerContext, c: Classification): Reply | null {
  const rows = documentsInScope(context)
    .flatMap((document) => document.tasks)
    .filter((task) => c.rowNumbers.some((number) => task.row === number));
  if (rows.length === 0) return null;
  if (rows.length === 1) return answered('task', taskAnswer(context.compose, rows[0]!, c.fields), taskCitations(context, rows));
  return makeReply('clarification', 'which_task', [M.clarifyRow(c.rowNumbers[0]!, rows.map((task) => context.snapshot.cite(task))), ...taskList(context.compose, rows, {}, 8)].join('\n'), {
    citations: taskCitations(context, rows),
  });
}

/** One task id and one task code of the documents in scope, as cited: how a reference to them looks. */
function referenceForms(context: AnswerContext): string[] {
  const tasks = documentsInScope(context).flatMap((document) => document.tasks);
  const withCode = tasks.find((task) => task.code !== null);
  return [...(tasks[0] ? [context.snapshot.cite(tasks[0])] : []), ...(withCode ? [withCode.code!] : [])];
}
