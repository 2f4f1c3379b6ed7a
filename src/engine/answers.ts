/**
 * One answer per intent. Structured intents (agency lists, date windows, overdue, codes) query the catalogue
 * and return every match; free-text questions go through hybrid retrieval, decide whether the question is about
 * the decision at all, and answer from the best task or section with its id.
 */
import type { Agency, Task } from '../catalogue/types.ts';
import { clip, fold } from '../text/vietnamese.ts';
import type { Classification, Field } from './classify.ts';
import {
  isFinished,
  leadIds,
  overdueTasks,
  partnerIds,
  tasksByFunding,
  tasksDueIn,
  tasksOfAgency,
} from './catalogue-query.ts';
import { agencyLabel, taskAnswer, taskLine, taskList } from './compose.ts';
import type { ConversationState } from './conversation.ts';
import { addDays, formatDate } from './dates.ts';
import { stop, type AnswerContext } from './engine.ts';
import { bestPassagesWithSource, clipAround, DOCUMENT_ID, passages as sectionPassages } from './knowledge-index.ts';
import { ANSWER_MESSAGES as M, WINDOW_LABELS } from './messages.ts';
import type { Citation, Reply } from './types.ts';

/** Calibrated on the evaluation sets (README: Answering → Scope). */
export const SCOPE = {
  /** Below this share of known syllable pairs and this BM25, a question is not about the decision. */
  minBigramCoverage: 0.3,
  minBm25: 6,
  /** A question whose content syllables are nearly all in the decision is in scope even with few pairs. */
  minUnigramCoverage: 0.8,
  /** Idf-weighted share of the question's content the chosen task or section must contain. */
  minSupport: 0.2,
  /** Off-topic cues ("giá vàng", "thời tiết") need this much of the question in the match to be answered anyway. */
  offTopicSupport: 0.5,
};

function answered(intent: string, text: string, citations: Citation[]): Reply {
  return { text, citations, outcome: 'answered', refused: false, intent };
}

function taskCitations(tasks: Task[]): Citation[] {
  return tasks.map((task) => ({ id: task.id, kind: 'task' as const }));
}

/** The agency a question names, its successor applied, with the one-line note about the change. */
function resolveAgency(context: AnswerContext, id: string): { agency: Agency; note: string | null } | null {
  const agency = context.deps.catalogue.agencyById.get(id);
  if (!agency) return null;
  if (agency.successor) {
    const successor = context.deps.catalogue.agencyById.get(agency.successor.id);
    if (successor) return { agency: successor, note: M.successorNote(agency.successor.note, successor.name) };
  }
  return { agency, note: null };
}

/** "Còn … thì sao?", "thế còn …": a question that leans on what was said before. */
const FOLLOW_FRAME = /^(con|vay con|the con)\b|\bthi sao\b|\bthi the nao\b/u;

/** Words that name a field of a task, not the task itself. */
const FIELD_WORDS = new Set(['nguon', 'von', 'kinh', 'phi', 'ngan', 'sach', 'lo', 'trinh', 'han', 'thoi', 'gian', 'ket', 'qua', 'noi', 'dung', 'lay', 'tien', 'tu', 'dau']);

/** Re-reads a short follow-up in the light of the previous question of the same conversation. */
export function resolveFollowUp(current: Classification, previous: ConversationState): Classification {
  const words = current.phrase.split(' ').filter(Boolean).length;
  const bare = current.codes.length === 0 && current.groups.length === 0;
  const listIntents = new Set(['agency_tasks', 'overdue', 'upcoming', 'deadline_window']);
  // "nguồn vốn?", "còn lộ trình?": only field words left once the frames are gone.
  const contentWords = current.phrase.split(' ').filter((word) => word !== '' && !FIELD_WORDS.has(word)).length;
  if (current.intent === 'lookup' && bare && current.agencies.length === 0 && (words <= 1 || (current.fields.length > 0 && contentWords === 0)) && previous.focus.length > 0) {
    return { ...current, intent: 'follow_up' };
  }
  // "Còn Sở Y tế thì sao?" after a list question asks the same question about another agency.
  const followFrame = FOLLOW_FRAME.test(current.folded);
  if (current.agencies.length > 0 && bare && words <= 1 && listIntents.has(previous.classification.intent) && (followFrame || current.intent !== 'agency_tasks')) {
    return { ...previous.classification, agencies: current.agencies, phrase: '', folded: current.folded };
  }
  if (current.window && bare && words <= 1 && current.agencies.length === 0 && previous.classification.intent === 'deadline_window') {
    return { ...previous.classification, window: current.window, folded: current.folded };
  }
  return current;
}

export async function answerByIntent(context: AnswerContext): Promise<Reply> {
  const c = context.classification!;
  switch (c.intent) {
    case 'help':
      return answered('help', M.help, []);
    case 'misuse':
      return stop('out_of_scope', 'misuse', M.misuse);
    case 'personal_data':
      return stop('out_of_scope', 'personal_data', M.personalData);
    case 'other_province':
      return stop('out_of_scope', 'other_province', M.otherProvince);
    case 'code_lookup':
      return codeAnswer(context, c);
    case 'group_lookup':
      return groupAnswer(context, c);
    case 'agency_tasks':
      return agencyAnswer(context, c);
    case 'deadline_window':
      return windowAnswer(context, c);
    case 'overdue':
      return overdueAnswer(context, c);
    case 'upcoming':
      return upcomingAnswer(context, c);
    case 'funding_tasks':
      return (await fundingAnswer(context, c)) ?? lookupAnswer(context, c);
    case 'document_meta':
      return metaAnswer(context, c);
    case 'follow_up':
      return followUpAnswer(context, c);
    case 'off_topic':
    case 'lookup':
      return lookupAnswer(context, c);
  }
}

function codeAnswer(context: AnswerContext, c: Classification): Reply {
  const { catalogue } = context.deps;
  const parts: string[] = [];
  const cited: Task[] = [];
  for (const code of c.codes) {
    if (code.startsWith('PL')) {
      const task = catalogue.byId.get(code.toLowerCase());
      if (!task) {
        parts.push(M.unknownCode(code));
        continue;
      }
      parts.push(taskAnswer(context.compose, task, c.fields));
      cited.push(task);
      continue;
    }
    const tasks = catalogue.byCode.get(fold(code)) ?? [];
    if (tasks.length === 0) {
      parts.push(M.unknownCode(code));
      continue;
    }
    cited.push(...tasks);
    if (tasks.length === 1) {
      parts.push(taskAnswer(context.compose, tasks[0]!, c.fields));
      continue;
    }
    parts.push(codeSummary(context, code, tasks));
  }
  if (cited.length === 0) return { ...stop('no_information', 'code_lookup', parts.join('\n\n'), false) };
  return answered('code_lookup', parts.join('\n\n'), taskCitations(cited));
}

/** Several rows under one code: the shared lead and timeline once, then each row's content. */
function codeSummary(context: AnswerContext, code: string, tasks: Task[]): string {
  const groups = new Set(tasks.map((task) => task.group?.code));
  const lines = [M.codeIntro(code, tasks[0]!.name, tasks.length)];
  if (groups.size > 1) lines.push(M.duplicateCode(code, groups.size));
  const leads = new Set(tasks.map((task) => task.lead?.text ?? ''));
  const deadlines = new Set(tasks.map((task) => task.deadline.text));
  const shared = leads.size === 1 && deadlines.size === 1 && groups.size === 1;
  if (shared) {
    const first = tasks[0]!;
    lines.push(`${M.lead}: ${first.lead ? agencyLabel(context.compose, first.lead.ids, first.lead.text) : M.noLeadPrinted}. ` +
      `${M.partners}: ${first.partners ? agencyLabel(context.compose, first.partners.ids, first.partners.text) : M.none}. ` +
      `${first.appendix === 2 ? M.timeline : M.deadline}: ${first.deadline.text || M.none}. ${M.funding}: ${first.funding ?? M.none}.`);
    lines.push(...taskList(context.compose, tasks, { showLead: false, showDeadline: false }, 12));
  } else {
    lines.push(...taskList(context.compose, tasks, {}, 12));
  }
  lines.push(`${M.source}: ${M.appendix(2)}, ${tasks.map((task) => task.id).join(', ')}.`);
  return lines.join('\n');
}

function groupAnswer(context: AnswerContext, c: Classification): Reply {
  const tasks = c.groups.flatMap((group) => context.deps.catalogue.byGroup.get(fold(group)) ?? []);
  if (tasks.length === 0) return stop('no_information', 'group_lookup', M.unknownCode(c.groups.join(', ')), false);
  const first = tasks[0]!;
  const text = [M.groupIntro(first.group!.code, first.group!.title, tasks.length), ...taskList(context.compose, tasks, {}, 12)].join('\n');
  return answered('group_lookup', text, taskCitations(tasks));
}

async function agencyAnswer(context: AnswerContext, c: Classification): Promise<Reply> {
  const resolved = resolveAgency(context, c.agencies[0]!);
  if (!resolved) return lookupAnswer(context, c);
  const { agency, note } = resolved;
  const groups = tasksOfAgency(context.deps.catalogue, agency.id);
  const header = note ? [note] : [];
  // Words beyond the agency and the question frame narrow the list to a topic: those tasks come first, the rest
  // of the agency's tasks are still cited (a list question must return every matching task).
  const topicWords = c.phrase.split(' ').filter((word) => word.length > 1 && !GENERIC_TOPIC.has(word));
  if (topicWords.length > 0 && !c.count) {
    const pool = c.role === 'partner' ? groups.partner : c.role === 'lead' ? groups.lead : [...groups.lead, ...groups.partner];
    const own = new Set(pool.map((task) => task.id));
    const hits = (await context.deps.index.retriever.search(topicWords.join(' '), { kinds: ['task'], limit: 120 })).filter((hit) => own.has(hit.id) && hit.bm25 > 0);
    const best = hits[0]?.bm25 ?? 0;
    const topical = hits.filter((hit) => hit.bm25 >= best * 0.5).map((hit) => context.deps.catalogue.byId.get(hit.id.toLowerCase())!);
    if (topical.length > 0 && topical.length < pool.length) {
      const rest = pool.filter((task) => !topical.includes(task));
      const text = [
        ...header,
        M.agencyTopic(agency.name, topical.length),
        ...taskList(context.compose, topical, { showLead: true }, 8),
        M.agencyOthers(agency.name, rest.length),
      ].join('\n');
      return answered('agency_tasks', text, taskCitations([...topical, ...rest]));
    }
  }
  if (groups.lead.length + groups.partner.length === 0) {
    return answered('agency_tasks', [...header, M.agencyNone(agency.name)].join('\n'), taskCitations(groups.all));
  }
  if (c.role === 'partner') {
    const text = [...header, M.agencyPartnerCount(agency.name, groups.partner.length), ...taskList(context.compose, groups.partner, {}, 12)].join('\n');
    return answered('agency_tasks', text, taskCitations(groups.partner));
  }
  if (c.count || c.role === 'lead') {
    const text = [...header, M.agencyLeadCount(agency.name, groups.lead.length), ...taskList(context.compose, groups.lead, { showLead: false }, 12)].join('\n');
    return answered('agency_tasks', text, taskCitations(groups.lead));
  }
  const text = [
    ...header,
    M.agencySummary(agency.name, groups.lead.length, groups.partner.length, groups.all.length),
    M.groupLead(groups.lead.length),
    ...taskList(context.compose, groups.lead, { showLead: false }, 8),
    ...(groups.partner.length > 0 ? [M.groupPartner(groups.partner.length), ...taskList(context.compose, groups.partner, {}, 5)] : []),
    ...(groups.all.length > 0 ? [M.groupAll(groups.all.length), ...taskList(context.compose, groups.all, { showLead: false }, 3)] : []),
  ].join('\n');
  return answered('agency_tasks', text, taskCitations([...groups.lead, ...groups.partner, ...groups.all]));
}

/** Words that do not narrow an agency's list to a topic ("trong chương trình này", "của tỉnh"). */
const GENERIC_TOPIC = new Set([
  'chuong', 'trinh', 'nay', 'tinh', 'hung', 'yen', 'quyet', 'dinh', 'qd', '719', 'so', 'nhung', 'cac', 'tat', 'ca', 'het', 'moi',
  'minh', 'toi', 'chung', 'don', 'vi', 'co', 'quan', 'giao', 'nhiem', 'vu', 'kh', 'cn', 'dmst', 'cds', 'ban', 'nganh',
  'danh', 'sach', 'liet', 'ke', 'tham', 'gia', 'voi', 'khac', 'o', 'va', 'de', 'duoc', 'theo', 'chuyen', 'doi', 'khoa', 'hoc',
  'cong', 'nghe', 'sang', 'tao', 'gom', 'bao', 'nhieu', 'hien', 'nay',
]);

function filterByAgency(context: AnswerContext, c: Classification, tasks: Task[]): { tasks: Task[]; agency: Agency | null; note: string | null } {
  if (c.agencies.length === 0) return { tasks, agency: null, note: null };
  const resolved = resolveAgency(context, c.agencies[0]!);
  if (!resolved) return { tasks, agency: null, note: null };
  const id = resolved.agency.id;
  const filtered = c.role === 'partner' ? tasks.filter((task) => partnerIds(task).includes(id)) : tasks.filter((task) => leadIds(task).includes(id));
  return { tasks: filtered, agency: resolved.agency, note: resolved.note };
}

function windowAnswer(context: AnswerContext, c: Classification): Reply {
  const window = c.window!;
  const { tasks, agency, note } = filterByAgency(context, c, tasksDueIn(context.deps.catalogue.tasks, window));
  const header = note ? [note] : [];
  if (tasks.length === 0) return answered('deadline_window', [...header, M.windowNone(window.label)].join('\n'), []);
  const text = [...header, M.windowIntro(tasks.length, window.label + (agency ? M.ledBy(agency.name) : '')), ...taskList(context.compose, tasks, { showLead: !agency }, 12)].join('\n');
  return answered('deadline_window', text, taskCitations(tasks));
}

function overdueAnswer(context: AnswerContext, c: Classification): Reply {
  const all = overdueTasks(context.deps.catalogue.tasks, context.today, context.statuses);
  const { tasks, agency, note } = filterByAgency(context, c, all);
  const header = note ? [note] : [];
  const today = formatDate(context.today);
  if (tasks.length === 0) return answered('overdue', [...header, M.overdueNone(today, agency?.name ?? null)].join('\n'), []);
  const text = [...header, M.overdueIntro(tasks.length, today, agency?.name ?? null), ...taskList(context.compose, tasks, { showLead: !agency }, 12)].join('\n');
  return answered('overdue', text, taskCitations(tasks));
}

function upcomingAnswer(context: AnswerContext, c: Classification): Reply {
  const window = c.window ?? { from: context.today, to: addDays(context.today, 30), label: WINDOW_LABELS.next30Days };
  const due = tasksDueIn(context.deps.catalogue.tasks, { ...window, from: context.today > window.from ? context.today : window.from });
  const open = due.filter((task) => !isFinished(task, context.statuses.get(task.id)));
  const { tasks, agency, note } = filterByAgency(context, c, open);
  const header = note ? [note] : [];
  if (tasks.length === 0) return answered('upcoming', [...header, M.upcomingNone(window.label, agency?.name ?? null)].join('\n'), []);
  const text = [...header, M.upcomingIntro(tasks.length, window.label, agency?.name ?? null), ...taskList(context.compose, tasks, { showLead: !agency }, 12)].join('\n');
  return answered('upcoming', text, taskCitations(tasks));
}

async function fundingAnswer(context: AnswerContext, c: Classification): Promise<Reply | null> {
  const match = tasksByFunding(context.deps.catalogue, c.folded);
  if (!match) return null;
  const text = [M.fundingIntro(match.tasks.length, match.funding), ...taskList(context.compose, match.tasks, {}, 12)].join('\n');
  return answered('funding_tasks', text, taskCitations(match.tasks));
}

function metaAnswer(context: AnswerContext, c: Classification): Reply {
  const meta = context.deps.knowledge.document;
  const document: Citation = { id: DOCUMENT_ID, kind: 'document' };
  const issued = formatDate(meta.issuedOn);
  switch (c.metaTopic) {
    case 'signer':
      return answered('document_meta', M.documentSigner(meta.signer, meta.signerTitle, meta.number, issued), [document]);
    case 'effective':
      return answered('document_meta', M.documentEffect(meta.number, meta.effectText, meta.effectiveOn ? formatDate(meta.effectiveOn) : null), [
        { id: 'Dieu.2', kind: 'section' },
        document,
      ]);
    case 'number':
      return answered('document_meta', M.documentNumber(meta.number, issued, meta.title), [{ id: 'Dieu.1', kind: 'section' }, document]);
    case 'legal_basis': {
      const bases = bestPassagesWithSource(context.text, [{ id: DOCUMENT_ID, path: [], heading: '', line: 0, text: meta.legalBases.join('\n') }], 2, context.deps.index.idf);
      const lines = bases.length > 0 ? bases.map((basis) => basis.text) : meta.legalBases;
      return answered('document_meta', [M.legalBasisIntro(meta.number), ...lines.map((line) => `• ${line}`)].join('\n'), [document]);
    }
    default:
      return answered('document_meta', M.documentIssued(meta.number, issued, meta.issuer), [document]);
  }
}

function followUpAnswer(context: AnswerContext, c: Classification): Reply {
  const tasks = context.focus.map((id) => context.deps.catalogue.byId.get(id.toLowerCase())).filter((task): task is Task => Boolean(task));
  if (tasks.length === 0) return stop('clarification', 'follow_up', M.clarifyTask, false);
  const first = tasks[0]!;
  const sameCode = first.code !== null && tasks.length > 1 && tasks.every((task) => task.code === first.code);
  if (sameCode) return answered('follow_up', codeSummary(context, first.code!, tasks), taskCitations(tasks));
  return answered('follow_up', taskAnswer(context.compose, first, c.fields.length ? c.fields : ['lead', 'deadline']), taskCitations([first]));
}

const TASK_FIELDS: Field[] = ['lead', 'partners', 'deadline', 'funding'];

async function lookupAnswer(context: AnswerContext, c: Classification): Promise<Reply> {
  const { index, catalogue } = context.deps;
  const phraseWords = c.phrase.split(' ').filter(Boolean).length;
  const taskish = c.fields.some((field) => TASK_FIELDS.includes(field)) || c.agencies.length > 0;
  // "Ai phụ trách?", "Nhiệm vụ đó giao cho sở nào?" with nothing before it: ask which task instead of guessing.
  const onlyPointers = c.phrase.split(' ').filter((word) => word !== '' && !POINTER_WORDS.has(word)).length === 0;
  if (c.list && c.agencies.length === 0 && SELF_AGENCY.test(c.folded)) return stop('clarification', 'agency_tasks', M.clarifyAgency, false);
  // "Thế còn số kia thì sao?" with nothing before it: there is nothing to lean on.
  const pointsBack = c.phrase.split(' ').some((word) => REFERRING_WORDS.has(word));
  if ((FOLLOW_FRAME.test(c.folded) || pointsBack) && context.focus.length === 0 && phraseWords <= 3 && c.agencies.length === 0) {
    return stop('clarification', 'lookup', M.clarifyTask, false);
  }
  if (onlyPointers && c.agencies.length === 0 && (taskish || phraseWords === 0)) {
    return stop('clarification', 'lookup', M.clarifyTask, false);
  }
  const query = c.query.split(' ').filter(Boolean).length >= 2 ? c.query : context.text;
  const result = await index.retriever.searchDetailed(query, { limit: 15, kinds: ['task', 'section'] });
  const coverage = index.coverage(context.text);
  context.retrieval = { bestBm25: result.bestBm25, exactMatch: result.exactMatch, coverage };
  const offTopic = c.intent === 'off_topic';
  const inScope =
    result.exactMatch ||
    (result.bestBm25 >= SCOPE.minBm25 * (offTopic ? 2 : 1) && (coverage.bigrams >= SCOPE.minBigramCoverage || coverage.unigrams >= SCOPE.minUnigramCoverage));
  if (!inScope || result.hits.length === 0) return stop('out_of_scope', offTopic ? 'off_topic' : 'out_of_scope', M.outOfScope);

  // Who/when/funding questions lean to tasks; "what/how much" questions lean to the programme text.
  const textCue = TEXT_CUE.test(c.folded) || !taskish;
  const who = c.fields[0] === 'lead' || c.fields[0] === 'partners';
  const weigh = (id: string, kind: string, score: number): number => {
    if (AMOUNT_CUE.test(c.folded)) score *= PERCENT.test(textOf(id, kind)) ? 1.3 : 0.8;
    if (kind === 'section' || kind === 'document') return score * (textCue ? 1.2 : 1);
    let weight = taskish && !textCue ? (who ? 1.2 : 1.1) : 1;
    const task = catalogue.byId.get(id.toLowerCase());
    if (task && c.agencies.some((agency) => leadIds(task).includes(agency))) weight *= 1.2;
    else if (task && c.agencies.some((agency) => partnerIds(task).includes(agency))) weight *= 1.1;
    return score * weight;
  };
  const textOf = (id: string, kind: string): string =>
    kind === 'task' ? (catalogue.byId.get(id.toLowerCase())?.content ?? '') : (catalogue.sectionById.get(id)?.text ?? '');
  const hits = result.hits.map((hit) => ({ ...hit, score: weigh(hit.id, hit.kind, hit.score) })).sort((a, b) => b.score - a.score);
  const chosen = hits[0]!;
  // The best match must speak to the question, not just share a name with it ("lương cán bộ Sở KH&CN").
  // Off-topic cues ("thời tiết", "lãi suất") need the match to speak to most of the question.
  if (!result.exactMatch && index.support(query, chosen.id) < (offTopic ? SCOPE.offTopicSupport : SCOPE.minSupport)) {
    return stop('out_of_scope', offTopic ? 'off_topic' : 'out_of_scope', M.outOfScope);
  }

  if (chosen.kind === 'task') {
    const task = catalogue.byId.get(chosen.id.toLowerCase())!;
    const related = hits
      .filter((hit) => hit.kind === 'task' && hit.id !== task.id && hit.score >= chosen.score * 0.97)
      .slice(0, 1)
      .map((hit) => catalogue.byId.get(hit.id.toLowerCase())!);
    const fields = c.fields.length > 0 ? c.fields : (['lead', 'deadline'] as Field[]);
    const lines = [taskAnswer(context.compose, task, fields)];
    if (related.length > 0) lines.push(`${M.relatedTasks}:`, ...related.map((other) => taskLine(context.compose, other)));
    return answered('task_lookup', lines.join('\n'), taskCitations([task, ...related]));
  }
  if (chosen.kind === 'document') return metaAnswer(context, { ...c, metaTopic: 'number' });

  // The answer may sit in a sub-section ranked a little lower than its heading: read the passages of the best few.
  const sections = hits.filter((hit) => hit.kind === 'section' && hit.score >= chosen.score * 0.6).slice(0, 4);
  const byId = catalogue.sectionById;
  const candidates = sections.map((hit) => byId.get(hit.id)!);
  const passages = bestPassagesWithSource(context.text, candidates, 2, index.idf);
  // A short section (an article, a one-paragraph item) is quoted whole: its clauses often form one list.
  const first = passages[0] && byId.get(passages[0].sectionId)!;
  if (first && first.text.length <= SHORT_SECTION) passages[0] = { text: first.text.replace(/\n/gu, ' '), sectionId: first.id };
  if (passages.length === 0) {
    const first = candidates[0]!;
    return answered('programme_text', [M.sectionIntro(first.id), clip(first.text, 420)].join('\n'), [{ id: first.id, kind: 'section' }]);
  }
  // A "who" question quoted from a clause that does not name the agency ("…; Tổng hợp nhu cầu kinh phí …") gets
  // the section's clause that does ("Giao Sở Khoa học và Công nghệ chủ trì, …") in front of it.
  if (who && passages[0] && context.deps.catalogue.directory.find(passages[0].text).length === 0) {
    const section = byId.get(passages[0].sectionId)!;
    const naming = sectionPassages(section.text).find((passage) => context.deps.catalogue.directory.find(passage).length > 0);
    if (naming && naming !== passages[0].text) passages.unshift({ text: naming, sectionId: section.id });
  }
  // A clause that continues a sentence ("phổ cập, nâng cao kiến thức …") is shown with the clause before it, which
  // often holds the answer ("phát động … phong trào "học tập số"").
  else if (passages[0] && /^\p{Ll}/u.test(passages[0].text)) {
    const clauses = sectionPassages(byId.get(passages[0].sectionId)!.text);
    const at = clauses.indexOf(passages[0].text);
    if (at > 0 && !passages.some((passage) => passage.text === clauses[at - 1])) {
      passages[0] = { ...passages[0], text: `${clip(clauses[at - 1]!, 260)}; ${passages[0].text}` };
    }
  }
  const ids = [...new Set(passages.map((passage) => passage.sectionId))];
  const body = passages.slice(0, 3).map((passage) => `"${clipAround(passage.text, context.text, 520)}"`);
  return answered('programme_text', [M.sectionIntro(ids.join(', ')), ...body].join('\n'), ids.map((id) => ({ id, kind: 'section' as const })));
}

/** Questions about an amount or a share are answered by the programme's targets, not by a task row. */
const AMOUNT_CUE = /\b(bao nhieu phan tram|bao nhieu %|ty le|phan tram)\b/u;
const PERCENT = /\d\s*%/u;
/** Words that point back to something said before ("nhiệm vụ đó", "việc này"). */
const POINTER_WORDS = new Set(['do', 'nay', 'ay', 'no', 'tren', 'kia', 'vua', 'roi', 'ad', 'admin', 'oi', 'nha', 'nhe', 'ha', 'vay', 'a', 'the']);
/** Words that refer to something named before: "đề án đó", "việc này", "cái kế hoạch kia". */
const REFERRING_WORDS = new Set(['do', 'nay', 'ay', 'kia']);
/** "Sở mình", "đơn vị tôi": the asker's own agency, which a citizen's question does not name. */
const SELF_AGENCY = /\b(so|don vi|co quan|ben|nganh) (minh|toi|chung toi|em)\b/u;

/** Sections up to this many characters are quoted whole. */
const SHORT_SECTION = 520;

const TEXT_CUE =
  /\b(bao nhieu phan tram|ty le|bao nhieu %|muc tieu|chi tieu|phuong cham|quan diem|dinh huong|tam nhin|la gi|nhu the nao|the nao|gom nhung|bao nhieu)\b/u;

