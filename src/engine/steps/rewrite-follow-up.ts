/**
 * Rewrite a follow-up (model-assisted): a follow-up the rules could not tie to anything ("còn cái đó thì sao?")
 * is rewritten into a standalone question from the last turns, then classified again by the rules. A rewrite
 * that lands on a fixed reply or brings in words, agencies or references not in the conversation is dropped.
 */
import { fold, normalizeText } from '../../text/vietnamese.ts';
import { isDocumentVocabulary, rejectProposal, ungroundedSlot, withinBudget } from '../assist-support.ts';
import { classify, type Classification, type Intent } from '../classify.ts';
import type { Step } from '../context.ts';
import type { KnowledgeIndex } from '../../knowledge/search-index.ts';

/** Intents that are refusals or fixed replies: a rewrite that lands on one of them is not used. */
const FIXED_INTENTS: ReadonlySet<Intent> = new Set(['help', 'misuse', 'personal_data', 'off_topic', 'procedure']);
/** Words that point back to something said before ("nhiệm vụ đó", "việc này"), folded. */
const POINTERS = new Set(['do', 'nay', 'ay', 'no', 'kia', 'tren']);
/** "Còn … thì sao?", "Thế còn …": a question that continues the previous one. */
const CONTINUATION = /^(con|the con|vay con|con ve)\b|\bthi sao\b/u;

/**
 * A follow-up the rules left unresolved: still a free-text `lookup`, no reference named, and either a pointer word
 * / continuation frame or at most two content words — which must be the documents' vocabulary, so "còn bóng
 * chuyền thì sao?" is not turned into a question about them.
 */
export function looksLikeUnresolvedFollowUp(c: Classification, index: KnowledgeIndex): boolean {
  if (c.intent !== 'lookup' || c.codes.length > 0 || c.groups.length > 0) return false;
  const words = c.phrase.split(' ').filter(Boolean);
  const content = words.filter((word) => !POINTERS.has(word));
  const pointing = words.some((word) => POINTERS.has(word)) || CONTINUATION.test(c.folded);
  if (!pointing && content.length > 2) return false;
  return isDocumentVocabulary(content, index);
}

export const rewriteFollowUpStep: Step = {
  name: 'rewrite-follow-up',
  async run(context) {
    const assistant = context.deps.assistant;
    const current = context.classification;
    if (!assistant || !current || context.turns.length === 0 || !looksLikeUnresolvedFollowUp(current, context.snapshot.index)) return;
    const standalone = await withinBudget(context, 'rewrite', () => assistant.rewriteFollowUp(context.turns, context.text));
    if (!standalone) return;
    const text = normalizeText(standalone);
    if (text === '' || fold(text) === fold(context.text)) return;
    const rewritten = classify(text, context.vocabulary, context.today);
    if (FIXED_INTENTS.has(rewritten.intent)) return rejectProposal(context, 'rewrite', 'fixed_intent', rewritten.intent);
    const ungrounded = ungroundedSlot(rewritten, context);
    if (ungrounded) return rejectProposal(context, 'rewrite', 'grounding', ungrounded);
    context.text = text;
    context.classification = rewritten;
    context.assist.rewritten = true;
  },
};
