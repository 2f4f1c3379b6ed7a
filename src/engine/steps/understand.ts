/**
 * Understand (model-assisted): a free-text question the rules read as `lookup`, where retrieval was unsure, is read
 * by the model; its proposal is validated against the knowledge before anything is answered from it.
 * - `refused`: retrieval stayed below the scope thresholds, yet at least UNDERSTAND_MIN_COVERAGE of the question's
 *   syllables are the documents' vocabulary;
 * - `borderline`: it answered, but with no exact match and a best BM25 below BORDERLINE_BM25_FACTOR × SCOPE.minBm25.
 * Either is replaced only by a structured proposal (agency list, date window, overdue, upcoming, reference), since a
 * free-text reading would only repeat the same retrieval. Anything that does not validate or does not lead to an
 * answer leaves the reply as it was.
 */
import type { Understanding } from '../../llm/assist.ts';
import { isIsoDate, formatDate } from '../../text/dates.ts';
import { fold, normalizeText } from '../../text/vietnamese.ts';
import { answerByIntent } from '../answers/index.ts';
import { SCOPE } from '../answers/lookup.ts';
import { BORDERLINE_BM25_FACTOR, compact, rejectProposal, sourceText, sourceWords, UNDERSTAND_MIN_COVERAGE, withinBudget, wordsOf } from '../assist-support.ts';
import type { Classification, Field, Intent } from '../classify.ts';
import type { AnswerContext, Step } from '../context.ts';
import { ASSIST_MESSAGES } from '../messages.ts';

const ALL_FIELDS: Field[] = ['lead', 'partners', 'deadline', 'funding'];
const STRUCTURED_INTENTS: ReadonlySet<Intent> = new Set(['agency_tasks', 'deadline_window', 'overdue', 'upcoming', 'code_lookup']);

export function understandingNeed(context: AnswerContext): 'refused' | 'borderline' | null {
  const c = context.classification;
  const reply = context.reply;
  const retrieval = context.retrieval;
  // Only where free-text retrieval decided (a lookup, or another answer that fell back to it).
  if (!context.deps.assistant || !c || !reply || !retrieval) return null;
  if (reply.outcome === 'out_of_scope' && reply.reason === 'look_alike') {
    return context.snapshot.index.coverage(context.text).unigrams >= UNDERSTAND_MIN_COVERAGE ? 'refused' : null;
  }
  if (reply.outcome === 'answered' && !retrieval.exactMatch && retrieval.bestBm25 < BORDERLINE_BM25_FACTOR * SCOPE.minBm25) return 'borderline';
  return null;
}

/** The model's reading turned into a classification the answers understand, or null when a slot does not check out. */
export function validateUnderstanding(understanding: Understanding, context: AnswerContext): { text: string; classification: Classification } | null {
  const { snapshot } = context;
  const current = context.classification!;
  const reject = (check: string, detail: string) => rejectProposal(context, 'understand', check, detail) ?? null;

  let agencies: string[] = [];
  if (understanding.agency) {
    // The whole name must designate one agency that a loaded task names: a name that merely contains one
    // ("Bộ Ngoại giao Sao Hỏa") is not it.
    const agency = snapshot.agencies.tryResolve(understanding.agency);
    if (!agency || agency.kind !== 'agency') return reject('agency', 'not_in_directory');
    if (!context.vocabulary.holders.has(agency.id)) return reject('agency', 'holds_no_task');
    agencies = [agency.id];
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
    references: [],
    groups: [],
    rowNumbers: [],
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
      const references = context.vocabulary.references.find(code).filter((reference) => reference.kind === 'id' || reference.kind === 'code' || reference.kind === 'row');
      if (references.length === 0 || references.every((reference) => snapshot.resolveTaskRef(reference.ref, reference.documentId).length === 0)) return reject('code', 'not_in_catalogue');
      if (!compact(sourceText(context)).includes(compact(fold(code)))) return reject('code', 'not_in_question');
      return { ...keep, classification: { ...base, intent: 'code_lookup', codes: references.map((reference) => reference.ref), references } };
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

export const understandStep: Step = {
  name: 'understand',
  async run(context) {
    const assistant = context.deps.assistant;
    const need = understandingNeed(context);
    if (!assistant || !need) return;
    const understanding = await withinBudget(context, 'understand', () => assistant.understand(context.text, { today: context.today, turns: context.turns }));
    if (!understanding) return;
    const proposal = validateUnderstanding(understanding, context);
    // A free-text reading only repeats the retrieval with fewer words: it may not turn a refusal or a weak answer
    // into a different one (the scope gates are about the user's question, not the model's paraphrase).
    if (!proposal || !STRUCTURED_INTENTS.has(proposal.classification.intent)) return;
    const before = { text: context.text, classification: context.classification };
    context.text = proposal.text;
    context.classification = proposal.classification;
    const reply = await answerByIntent(context);
    // The user's own question is what the composition and the conversation turns should carry.
    context.text = before.text;
    // A proposal replaces the reply only with an answer that cites what it says.
    if (reply.outcome === 'answered' && reply.citations.length > 0) {
      context.reply = reply;
      context.assist.understood = true;
      return;
    }
    context.classification = before.classification;
  },
};
