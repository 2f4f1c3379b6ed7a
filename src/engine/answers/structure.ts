/**
 * Questions about a document's task tables as a whole: "Phụ lục I có bao nhiêu nhiệm vụ?", "kế hoạch 45 có mấy
 * nhiệm vụ?". Counted from the tables themselves, per appendix; rows printed without a number ("3a") are counted
 * apart, since a reader counting the printed numbers would not count them.
 */
import type { DocumentKnowledge, Task, TaskTable } from '../../documents/types.ts';
import { documentShortName } from '../../knowledge/labels.ts';
import { initialisms, STOPWORDS, tokenize } from '../../text/tokenize.ts';
import { romanToNumber, toRoman } from '../../text/roman.ts';
import { makeReply } from '../outcomes.ts';
import type { AnswerContext } from '../context.ts';
import { APPENDIX_COUNT, PARTS, type Classification } from '../classify.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import type { Reply } from '../types.ts';
import { listQueryOf } from '../task-list.ts';
import { taskList } from '../compose.ts';
import { answered, documentCitation, documentsInScope, taskCitations } from './shared.ts';

const APPENDIX = /\bphu luc (?:so )?([ivxl]+|\d+)\b/gu;
/** Words a counting question may hold besides the names of its document and table. */
const COUNTING_WORDS = new Set([
  'phu', 'luc', 'tong', 'cong', 'tat', 'ca', 'co', 'trong', 'tam', 'nhiem', 'vu', 'nv', 'danh', 'muc', 'bang', 'kem', 'theo', 'phan',
  'giao', 'so', 'luong', 'viec', 'dau', 'cua', 'nay', 'cac', 'la', 'bao', 'nhieu', 'may', 'duoc', 'gom', 'tai', 'o', 'thuc', 'hien',
  'moi', 'noi', 've', 'chia', 'lam', 'thanh', 'khoi', 'nhom', 'lon', 'rieng', 'linh', 'vuc', 'nhung', 'nao', 'gi', 'ke', 'hoach', 'quyet', 'dinh', 'thong', 'cong', 'van', 'chuong', 'trinh', 'van', 'ban', 'de', 'an', 'chinh', 'chu', 'yeu', 'ghi',
]);

/** Rows numbered as printed ("11", "1.2"); the others were printed without a number. */
const NUMBERED_ROW = /^\d+(?:\.\d+)*$/u;

export function structureAnswer(context: AnswerContext, c: Classification): Reply | null {
  const documents = documentsInScope(context);
  // Only a question about the tables themselves: its other words name the document or the table.
  const known = new Set([...COUNTING_WORDS, ...STOPWORDS, ...context.vocabulary.deploymentWords]);
  for (const document of documents) {
    const titles = `${document.document.title} ${document.tables.map((table) => table.title).join(' ')}`;
    for (const word of [...tokenize(titles, { stopwords: 'all' }).unigrams, ...initialisms(titles)]) known.add(word);
  }
  const rest = tokenize(c.phrase, { stopwords: 'all', bigrams: false }).unigrams.filter((word) => !known.has(word) && !/^\d+$/u.test(word) && !/^[ivxl]+$/u.test(word));
  if (rest.length > 0) return null;

  const appendices = [...c.folded.matchAll(APPENDIX)].map((match) => romanToNumber(match[1]!)).filter((number) => !Number.isNaN(number));
  const partsAsked = PARTS.test(c.folded);
  if (c.list && !c.count && !partsAsked && !APPENDIX_COUNT.test(c.folded) && documents.length === 1) return tasksListed(context, documents[0]!, appendices);
  const lines: string[] = [];
  for (const document of documents) {
    const groups = byAppendix(document).filter((group) => appendices.length === 0 || appendices.includes(group.appendix ?? -1));
    if (groups.length === 0) continue;
    const name = documentShortName(document.document);
    if (partsAsked) {
      for (const group of groups) lines.push(partsOf(name, group));
      continue;
    }
    const total = counted(groups.flatMap((group) => group.tasks));
    const parts = groups.map((group) => M.appendixCount(group.appendix, group.tables.map((table) => table.title), counted(group.tasks)));
    lines.push(groups.length === 1 ? M.tableCountOne(name, parts[0]!) : [M.tableCountMany(name, groups.length, total), ...parts.map((part) => `• ${part}`)].join('\n'));
  }
  // An appendix the documents do not have is said to be missing, not answered from some passage.
  if (lines.length === 0 && appendices.length > 0) {
    const first = documents.find((document) => document.tables.length > 0);
    if (first) return makeReply('no_information', 'not_stated', M.noSuchAppendix(documentShortName(first.document), appendices.map(toRoman), byAppendix(first).map((group) => M.appendixName(group.appendix))));
  }
  if (lines.length === 0) return null;
  return answered('structure', lines.join('\n\n'), documents.filter((document) => document.tasks.length > 0).map((document) => documentCitation(context, document)));
}

/** "Kế hoạch 310 có những nhiệm vụ nào?": the document's tasks (of the appendices named), in table order. */
function tasksListed(context: AnswerContext, document: DocumentKnowledge, appendices: number[]): Reply | null {
  const groups = byAppendix(document).filter((group) => appendices.length === 0 || appendices.includes(group.appendix ?? -1));
  const tasks = groups.flatMap((group) => group.tasks);
  if (tasks.length === 0) return null;
  const where = appendices.length > 0 ? groups.map((group) => M.appendixName(group.appendix)).join(', ') : null;
  const text = [M.documentTasksIntro(documentShortName(document.document), where, tasks.length), ...taskList(context.compose, tasks, { showLead: true }, 12)].join('\n');
  return answered('structure', text, taskCitations(context, tasks), listQueryOf(context.snapshot, tasks, {}));
}

/** "Phụ lục II có 3 khối: A. Chính quyền số (60 nhiệm vụ); …": the lettered blocks, else the numbered groups. */
function partsOf(name: string, group: AppendixGroup): string {
  const blocks = new Map<string, { title: string; count: number }>();
  const groups = new Map<string, { title: string; count: number }>();
  for (const task of group.tasks) {
    if (task.block) blocks.set(task.block.code, { title: task.block.title, count: (blocks.get(task.block.code)?.count ?? 0) + 1 });
    if (task.group) groups.set(task.group.code, { title: task.group.title, count: (groups.get(task.group.code)?.count ?? 0) + 1 });
  }
  const parts = blocks.size > 0 ? blocks : groups;
  const where = group.tables.length === 1 ? `${M.appendixName(group.appendix)} (${group.tables[0]!.title})` : M.appendixName(group.appendix);
  if (parts.size === 0) return M.noParts(name, where);
  return [M.partsIntro(name, where, group.tasks.length, parts.size, blocks.size > 0), ...[...parts].map(([code, part]) => M.partLine(code, part.title, part.count))].join('\n');
}

interface AppendixGroup {
  appendix: number | null;
  tables: TaskTable[];
  tasks: Task[];
}

/** The document's task tables grouped by the appendix they are printed in (tables in the body: `null`). */
function byAppendix(document: DocumentKnowledge): AppendixGroup[] {
  const groups: AppendixGroup[] = [];
  for (const table of document.tables) {
    let group = groups.find((entry) => entry.appendix === table.appendix);
    if (!group) groups.push((group = { appendix: table.appendix, tables: [], tasks: [] }));
    group.tables.push(table);
    group.tasks.push(...document.tasks.filter((task) => task.table === table.index));
  }
  return groups.filter((group) => group.tasks.length > 0);
}

function counted(tasks: readonly Task[]): { numbered: number; unnumbered: number } {
  const numbered = tasks.filter((task) => NUMBERED_ROW.test(task.row)).length;
  return { numbered, unnumbered: tasks.length - numbered };
}
