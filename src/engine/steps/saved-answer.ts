/**
 * Saved answer: a question the documents did not answer directly, matching a saved answer of the 1022 desk, is
 * answered from it and cited as the desk's reviewed answer (`faq` citation). Documents win: a structured answer or
 * a confident free-text one is never replaced; a failure (no information, off topic, look-alike, another procedure)
 * is; a loose free-text answer only by a close match. Refusals for misuse, injection, personal data stay refusals.
 */
import { BORDERLINE_BM25_FACTOR } from '../assist-support.ts';
import { SCOPE } from '../answers/lookup.ts';
import type { AnswerContext, Step } from '../context.ts';
import { DESK_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import { SAVED_ANSWER_OVER_WEAK_ANSWER, SAVED_ANSWER_THRESHOLD } from '../saved-answers.ts';
import { reviewedOn } from './desk.ts';

const REPLACEABLE_REFUSALS: ReadonlySet<string> = new Set(['off_topic', 'look_alike', 'procedure']);

/** The score a saved answer needs to replace the reply, or null when the reply stands. */
function thresholdFor(context: AnswerContext): number | null {
  const reply = context.reply;
  if (!reply) return SAVED_ANSWER_THRESHOLD;
  if (reply.outcome === 'no_information') return SAVED_ANSWER_THRESHOLD;
  if (reply.outcome === 'out_of_scope' && REPLACEABLE_REFUSALS.has(reply.reason)) return SAVED_ANSWER_THRESHOLD;
  const retrieval = context.retrieval;
  const loose = retrieval !== null && !retrieval.exactMatch && retrieval.bestBm25 < BORDERLINE_BM25_FACTOR * SCOPE.minBm25;
  if (reply.outcome === 'answered' && context.classification?.intent === 'lookup' && loose) return SAVED_ANSWER_OVER_WEAK_ANSWER;
  return null;
}

export const savedAnswerStep: Step = {
  name: 'saved-answer',
  async run(context) {
    const index = context.deps.savedAnswers?.();
    if (!index || index.size === 0) return;
    const threshold = thresholdFor(context);
    if (threshold === null) return;
    const match = index.match(context.text, (term) => context.snapshot.index.idf(term), threshold);
    if (!match) return;
    const source = M.savedAnswerSource(context.deps.deployment, reviewedOn(match.entry.reviewedAt));
    context.reply = makeReply('answered', 'saved_answer', M.savedAnswer(match.entry.answer, source), {
      citations: [{ id: `faq:${match.entry.id}`, kind: 'faq', label: source }],
    });
    // The model-assisted steps leave it as reviewed: nothing to understand again or compose.
    context.retrieval = null;
  },
};
