/**
 * The model-assisted steps of the engine. Each runs only when an `Assistant` is configured, and each falls back to
 * the rule-based result: with no assistant, or when the model fails, is slow or proposes something that does not
 * check out, the reply is exactly the extractive one.
 *
 * - rewrite: a follow-up the rules could not tie to a task ("còn hạn thì sao?") is rewritten into a standalone
 *   question from the last turns, then classified again by the rules;
 * - understand: a free-text question the rules refused only because retrieval stayed below the scope thresholds
 *   is read by the model; its proposal is validated against the catalogue before anything is answered from it;
 * - compose: an extractive answer about one task, one code or passages of the programme is restated by the model
 *   from evidence records, verified fact by fact, and its citations must be a subset of the extractive ones.
 *
 * Grounding rule for every proposal: words must come from the user's question or the recent turns, agencies must
 * resolve through the catalogue's directory, codes must exist, dates must parse. Hard refusals (injection, misuse,
 * personal data, off-topic cues, too long) happen before these steps and are never sent to the model.
 * All model calls of one answer share one time budget; whatever has not finished by then is dropped.
 */
import type { Section, Task } from '../catalogue/types.ts';
import type { Understanding } from '../llm/assist.ts';
import { evidenceFromDocument, evidenceFromSection, evidenceFromStatus, evidenceFromTask } from '../llm/evidence.ts';
import type { EvidenceRecord } from '../llm/types.ts';
import { fold, normalizeText } from '../text/vietnamese.ts';
import { answerByIntent, SCOPE } from './answers.ts';
import { classify, prepareQuestion, type Classification, type Field, type Intent } from './classify.ts';
import { statusLines } from './compose.ts';
import { formatDate, isIsoDate } from './dates.ts';
import type { AnswerContext } from './engine.ts';
import type { KnowledgeIndex } from './knowledge-index.ts';
import { ASSIST_MESSAGES } from './messages.ts';
import type { Citation, Reply } from './types.ts';

/** Replies the model may restate: one task, one code, a follow-up about a task, passages of the programme. */
export const COMPOSABLE_INTENTS: ReadonlySet<string> = new Set(['task_lookup', 'code_lookup', 'programme_text', 'follow_up']);
/** More cited records than this is a list, and lists stay extractive (every item must stay visible). */
export const MAX_COMPOSED_RECORDS = 6;
/**
 * The model is asked to read a refused question only when at least this share of its content syllables occur in
 * the decision: a question in the programme's vocabulary that retrieval could not place, not a foreign topic.
 */
export const UNDERSTAND_MIN_COVERAGE = 0.5;
/**
 * An answer retrieved with a best BM25 below this many times SCOPE.minBm25 (and no exact match) is borderline: on
 * the evaluation sets every confident free-text answer scores above it, while loosely phrased list questions
 * ("mấy nhiệm vụ … trễ rồi") land below it on a passage that does not answer them.
 */
export const BORDERLINE_BM25_FACTOR = 2.5;
/** Characters of a section handed to the model; the quoted passages are in the extractive answer anyway. */
const SECTION_EVIDENCE_CHARS = 1500;

/** Intents that are refusals or fixed replies: a rewrite that lands on one of them is not used. */
const FIXED_INTENTS: ReadonlySet<Intent> = new Set(['help', 'misuse', 'personal_data', 'off_topic']);
/** Words that point back to something said before ("nhiệm vụ đó", "việc này"), folded. */
const POINTERS = new Set(['do', 'nay', 'ay', 'no', 'kia', 'tren']);
/** "Còn … thì sao?", "Thế còn …": a question that continues the previous one. */
const CONTINUATION = /^(con|the con|vay con|con ve)\b|\bthi sao\b/u;
const ALL_FIELDS: Field[] = ['lead', 'partners', 'deadline', 'funding'];

/** What the assisted steps did for one answer; reported to the engine's observer (metrics). */
export interface AssistTrace {
  rewritten: boolean;
  understood: boolean;
  /** `composed`: the model's text went out; `extractive`: composition was tried and dropped; `skipped`: not tried. */
  composition: 'composed' | 'extractive' | 'skipped';
}

export function emptyTrace(): AssistTrace {
  return { rewritten: false, understood: false, composition: 'skipped' };
}

/** True for replies the compose step may restate (see COMPOSABLE_INTENTS, MAX_COMPOSED_RECORDS). */
export function isComposable(reply: Reply): boolean {
  return (
    reply.outcome === 'answered' &&
    !reply.refused &&
    COMPOSABLE_INTENTS.has(reply.intent) &&
    reply.citations.length > 0 &&
    reply.citations.length <= MAX_COMPOSED_RECORDS
  );
}

/**
 * How a cited record appears in composed text: `[PL2.11]`, `[II.A.3]`; a status update shows its task's id.
 * Pass as `formatReference` to `createLlmLayer`.
 */
export function referenceLabel(record: EvidenceRecord): string {
  return `[${record.kind === 'status' ? taskIdOfStatusRef(record.ref) : record.ref}]`;
}

const STATUS_REF_PREFIX = 'status:';

function taskIdOfStatusRef(ref: string): string {
  return ref.startsWith(STATUS_REF_PREFIX) ? ref.slice(STATUS_REF_PREFIX.length) : ref;
}

// ---------------------------------------------------------------------------------------------------------------
// Step: rewrite a follow-up

/**
 * A follow-up the rules left unresolved: still a free-text `lookup` (the rules' own follow-up resolution did not
 * apply), no code named, and either a pointer word / continuation frame or at most two content words. Its own
 * content words must be programme vocabulary, so "còn bóng chuyền thì sao?" is not turned into a programme question.
 */
export function looksLikeUnresolvedFollowUp(c: Classification, index: KnowledgeIndex): boolean {
  if (c.intent !== 'lookup' || c.codes.length > 0 || c.groups.length > 0) return false;
  const words = c.phrase.split(' ').filter(Boolean);
  const content = words.filter((word) => !POINTERS.has(word));
  const pointing = words.some((word) => POINTERS.has(word)) || CONTINUATION.test(c.folded);
  if (!pointing && content.length > 2) return false;
  return isProgrammeVocabulary(content, index);
}

function isProgrammeVocabulary(words: string[], index: KnowledgeIndex): boolean {
  if (words.length === 0) return true;
  const coverage = index.coverage(words.join(' '));
  if (coverage.total === 0) return true;
  return coverage.unigrams >= UNDERSTAND_MIN_COVERAGE && (words.length < 2 || coverage.bigrams >= UNDERSTAND_MIN_COVERAGE);
}

export async function rewriteFollowUpStep(context: AnswerContext): Promise<void> {
  const { assistant, catalogue, index } = context.deps;
  const current = context.classification;
  if (!assistant || !current || context.turns.length === 0 || !looksLikeUnresolvedFollowUp(current, index)) return;
  const standalone = await withinBudget(context, 'rewrite', () => assistant.rewriteFollowUp(context.turns, context.text));
  if (!standalone) return;
  const text = normalizeText(standalone);
  if (text === '' || fold(text) === fold(context.text)) return;
  const rewritten = classify(text, catalogue, context.today);
  if (FIXED_INTENTS.has(rewritten.intent)) return rejectProposal(context, 'rewrite', 'fixed_intent', rewritten.intent);
  const ungrounded = ungroundedSlot(rewritten, context);
  if (ungrounded) return rejectProposal(context, 'rewrite', 'grounding', ungrounded);
  context.text = text;
  context.classification = rewritten;
  context.assist.rewritten = true;
}

// ---------------------------------------------------------------------------------------------------------------
// Step: understand a question the rules could not place

/**
 * Criterion: the rules read the question as free text (`lookup`: no hard refusal cue, no code, no agency list, no
 * window, no follow-up they could resolve) and retrieval was unsure:
 * - `refused`: retrieval stayed below the scope thresholds, yet at least UNDERSTAND_MIN_COVERAGE of the question's
 *   syllables are the decision's vocabulary;
 * - `borderline`: it answered, but with no exact match and a best BM25 below BORDERLINE_BM25_FACTOR × SCOPE.minBm25.
 * Either is replaced only by a structured proposal (agency list, date window, overdue, upcoming, code), since a
 * free-text reading would only repeat the same retrieval. Anything that does not validate or does not lead to an
 * answer leaves the reply as it was.
 */
export function understandingNeed(context: AnswerContext): 'refused' | 'borderline' | null {
  const c = context.classification;
  const reply = context.reply;
  const retrieval = context.retrieval;
  if (!context.deps.assistant || !c || !reply || !retrieval || c.intent !== 'lookup') return null;
  if (reply.outcome === 'out_of_scope' && reply.intent === 'out_of_scope') {
    return context.deps.index.coverage(context.text).unigrams >= UNDERSTAND_MIN_COVERAGE ? 'refused' : null;
  }
  if (reply.outcome === 'answered' && !retrieval.exactMatch && retrieval.bestBm25 < BORDERLINE_BM25_FACTOR * SCOPE.minBm25) return 'borderline';
  return null;
}

const STRUCTURED_INTENTS: ReadonlySet<Intent> = new Set(['agency_tasks', 'deadline_window', 'overdue', 'upcoming', 'code_lookup']);

export async function understandStep(context: AnswerContext): Promise<void> {
  const assistant = context.deps.assistant;
  const need = understandingNeed(context);
  if (!assistant || !need) return;
  const understanding = await withinBudget(context, 'understand', () =>
    assistant.understand(context.text, { today: context.today, turns: context.turns }),
  );
  if (!understanding) return;
  const proposal = validateUnderstanding(understanding, context);
  if (!proposal) return;
  // A free-text reading only repeats the retrieval with fewer words: it may not turn a refusal or a weak answer
  // into a different one (the scope gates are about the user's question, not the model's paraphrase).
  if (!STRUCTURED_INTENTS.has(proposal.classification.intent)) return;
  const before = { text: context.text, classification: context.classification };
  context.text = proposal.text;
  context.classification = proposal.classification;
  const reply = await answerByIntent(context);
  if (reply.outcome === 'answered') {
    context.reply = reply;
    context.assist.understood = true;
    // The user's own question is what the composition and the conversation turns should carry.
    context.text = before.text;
    return;
  }
  context.text = before.text;
  context.classification = before.classification;
}

/** The model's reading turned into a classification the answers understand, or null when a slot does not check out. */
export function validateUnderstanding(
  understanding: Understanding,
  context: AnswerContext,
): { text: string; classification: Classification } | null {
  const { catalogue } = context.deps;
  const current = context.classification!;
  const reject = (check: string, detail: string) => rejectProposal(context, 'understand', check, detail) ?? null;

  let agencies: string[] = [];
  if (understanding.agency) {
    const ids = catalogue.directory
      .find(fold(understanding.agency))
      .map((mention) => mention.id)
      .filter((id) => catalogue.agencyById.get(id)?.kind === 'agency');
    if (ids.length === 0) return reject('agency', 'not_in_directory');
    agencies = [ids[0]!];
  }
  let window: Classification['window'] = null;
  if (understanding.window) {
    const { from, to } = understanding.window;
    if (!isIsoDate(from) || !isIsoDate(to) || from > to) return reject('window', `${from}..${to}`);
    window = { from, to, label: ASSIST_MESSAGES.windowLabel(formatDate(from), formatDate(to)) };
  }
  let phrase = '';
  if (understanding.taskPhrase) {
    const words = wordsOf(understanding.taskPhrase);
    const source = sourceWords(context);
    if (words.some((word) => !source.has(word))) return reject('task_phrase', 'words_not_in_question');
    phrase = words.join(' ');
  }
  const fields: Field[] = understanding.field === 'all' ? ALL_FIELDS : understanding.field ? [understanding.field] : [];
  const base: Classification = {
    ...current,
    fields: fields.length > 0 ? fields : current.fields,
    agencies,
    codes: [],
    groups: [],
    window,
    count: false,
    role: null,
    metaTopic: null,
    phrase,
    query: phrase,
  };
  const keep = { text: context.text };
  switch (understanding.intent) {
    case 'code_lookup': {
      const code = understanding.code;
      if (!code) return reject('code', 'missing');
      const exists = catalogue.byId.has(code.toLowerCase()) || catalogue.byCode.has(fold(code));
      if (!exists) return reject('code', 'not_in_catalogue');
      if (!compact(sourceText(context)).includes(compact(fold(code)))) return reject('code', 'not_in_question');
      return { ...keep, classification: { ...base, intent: 'code_lookup', codes: [code] } };
    }
    case 'agency_tasks':
      if (agencies.length === 0) return reject('agency', 'missing');
      return { ...keep, classification: { ...base, intent: 'agency_tasks' } };
    case 'deadline_window':
      if (!window) return reject('window', 'missing');
      return { ...keep, classification: { ...base, intent: 'deadline_window' } };
    case 'overdue':
      return { ...keep, classification: { ...base, intent: 'overdue' } };
    case 'upcoming':
      return { ...keep, classification: { ...base, intent: 'upcoming' } };
    case 'task_lookup':
    case 'programme_text':
      if (phrase === '') return reject('task_phrase', 'missing');
      // Answered from the phrase alone (the user's own words without the chatter), under the same scope thresholds.
      return { text: normalizeText(understanding.taskPhrase!), classification: { ...base, intent: 'lookup' } };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Step: compose

export async function composeStep(context: AnswerContext): Promise<void> {
  const { assistant } = context.deps;
  const reply = context.reply;
  if (!assistant || !reply || !isComposable(reply)) return;
  const records = evidenceFor(reply, context);
  if (records.length === 0) return;
  context.assist.composition = 'extractive';
  const composed = await withinBudget(context, 'compose', () => assistant.composeVerified(context.text, records, reply.text));
  if (!composed) return;
  const cited = new Set(composed.citations.map((citation) => citationKey(citation.kind === 'status' ? { id: taskIdOfStatusRef(citation.id), kind: 'task' } : citation)));
  const allowed = new Set(reply.citations.map(citationKey));
  const outside = [...cited].filter((key) => !allowed.has(key));
  if (outside.length > 0 || cited.size === 0) {
    rejectProposal(context, 'compose', 'citations', outside.join(',') || 'none');
    return;
  }
  // The extractive order is the retrieval ranking; the composition decides which of them are cited.
  context.reply = { ...reply, text: composed.text, citations: reply.citations.filter((citation) => cited.has(citationKey(citation))) };
  context.assist.composition = 'composed';
}

/** The records behind a reply: each cited task (and its latest status update), section or the document metadata. */
export function evidenceFor(reply: Reply, context: AnswerContext): EvidenceRecord[] {
  const { catalogue, knowledge } = context.deps;
  const sections = new Map<string, Section>(knowledge.sections.map((section) => [section.id, section]));
  const records: EvidenceRecord[] = [];
  for (const citation of reply.citations) {
    if (citation.kind === 'task') {
      const task: Task | undefined = catalogue.byId.get(citation.id.toLowerCase());
      if (!task) continue;
      records.push(evidenceFromTask(task));
      const latest = (context.statuses.get(task.id) ?? [])[0];
      const line = statusLines(context.compose, task)[0];
      if (latest && line) records.push(evidenceFromStatus(`${STATUS_REF_PREFIX}${task.id}`, task.name, line, latest.date, latest.agencyName));
    } else if (citation.kind === 'section') {
      const section = sections.get(citation.id);
      if (!section) continue;
      const record = evidenceFromSection(section);
      records.push({ ...record, fields: { ...record.fields, noi_dung: (record.fields.noi_dung ?? '').slice(0, SECTION_EVIDENCE_CHARS) } });
    } else if (citation.kind === 'document') {
      records.push(evidenceFromDocument(knowledge.document));
    }
  }
  return records;
}

// ---------------------------------------------------------------------------------------------------------------
// Budget and grounding helpers

const EXPIRED = Symbol('expired');

/** Runs one assistant call within what is left of the answer's model budget; null when it fails or runs out. */
async function withinBudget<T>(context: AnswerContext, operation: string, call: () => Promise<T | null>): Promise<T | null> {
  const remaining = context.assistDeadline - performance.now();
  if (remaining <= 0) {
    context.deps.logger?.warn({ operation }, 'llm: hết thời gian dành cho mô hình, bỏ qua bước này');
    return null;
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(EXPIRED), remaining);
  });
  try {
    const result = await Promise.race([
      Promise.resolve()
        .then(call)
        .catch((error: unknown) => {
          // The Assistant contract is "never throws"; a broken implementation still must not cost the answer.
          context.deps.logger?.warn({ operation, err: error instanceof Error ? error.name : String(error) }, 'llm: trợ lý ném lỗi, dùng câu trả lời trích xuất');
          return null;
        }),
      expired,
    ]);
    if (result === EXPIRED) {
      context.deps.logger?.warn({ operation, budgetMs: Math.round(remaining) }, 'llm: mô hình trả lời chậm quá thời hạn, dùng câu trả lời trích xuất');
      return null;
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function rejectProposal(context: AnswerContext, operation: string, check: string, detail: string): undefined {
  context.deps.logger?.warn({ operation, check, detail }, 'llm: đề xuất của mô hình không khớp danh mục, giữ kết quả theo quy tắc');
  return undefined;
}

/** The user's question and the recent turns, folded: what a proposal's words must come from. */
function sourceText(context: AnswerContext): string {
  return [context.text, ...context.turns.map((turn) => turn.text)].map((text) => fold(prepareQuestion(text))).join('\n');
}

function sourceWords(context: AnswerContext): Set<string> {
  return new Set(wordsOf(sourceText(context)));
}

function wordsOf(text: string): string[] {
  return fold(text)
    .split(/\s+/u)
    .map((word) => word.replace(/[^\p{L}\p{N}&]/gu, ''))
    .filter(Boolean);
}

function compact(text: string): string {
  return text.replace(/[^\p{L}\p{N}]/gu, '');
}

/** The first slot of a rewritten question that does not come from the question or the turns, or null. */
function ungroundedSlot(rewritten: Classification, context: AnswerContext): string | null {
  const source = sourceText(context);
  const words = new Set(wordsOf(source));
  const stray = wordsOf(rewritten.phrase).find((word) => !words.has(word));
  if (stray !== undefined) return 'phrase';
  const named = new Set(context.deps.catalogue.directory.find(source).map((mention) => mention.id));
  if (rewritten.agencies.some((id) => !named.has(id))) return 'agency';
  if (rewritten.codes.some((code) => !compact(source).includes(compact(fold(code))))) return 'code';
  return null;
}

function citationKey(citation: Pick<Citation, 'id' | 'kind'>): string {
  return `${citation.kind}:${citation.id}`;
}
