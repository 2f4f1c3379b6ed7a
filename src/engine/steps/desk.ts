/**
 * Desk (the 1022 handoff), after the officials' step so that an official's pending draft takes its "có" first:
 * - a citizen whose desk conversation is queued or open talks to the operator: the message is stored for them and
 *   not answered (told once; "kết thúc" ends it);
 * - an offer waiting for its answer: "có" joins the queue (with when someone will reply outside working hours),
 *   "không" drops it; anything else drops it too and is answered as usual;
 * - a request for a person ("gặp tổng đài viên") is offered a handoff.
 * `offerAfterFailures` runs on the final reply: the second failed answer in a row carries the offer.
 */
import { formatDate, formatDateTimeInVietnam, todayInVietnam, weekdayOf } from '../../text/dates.ts';
import type { AnswerContext, Step } from '../context.ts';
import { answerToOffer, asksForPerson, endsDeskConversation, isFailure, type DeskAvailability } from '../handoff.ts';
import { DESK_MESSAGES as M, type Deployment } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import type { Reply, ReplyButton } from '../types.ts';

function buttons(): ReplyButton[] {
  return [
    { text: M.yes, data: M.yes },
    { text: M.no, data: M.no },
  ];
}

/** The after-hours sentence, or '' during working hours. */
export function afterHoursNote(availability: DeskAvailability, d: Deployment): string {
  if (availability.open) return '';
  const next = availability.nextOpening;
  const shown = next ? formatDateTimeInVietnam(next) : null;
  const opening = next && shown ? M.opening(shown.slice(11), weekdayOf(todayInVietnam(next)), shown.slice(0, 10)) : null;
  return M.afterHours(availability.hours, opening, d);
}

function log(context: AnswerContext, error: unknown, what: string): void {
  context.deps.logger?.error({ err: error instanceof Error ? error.message : String(error) }, what);
}

export const deskStep: Step = {
  name: 'desk',
  async run(context) {
    const desk = context.desk;
    if (!desk) return;
    const d = context.deps.deployment;
    try {
      desk.state = await desk.desk.stateOf(context.message.channel, context.message.userId, desk.now);
    } catch (error) {
      desk.reachable = false;
      log(context, error, 'desk unavailable');
      return asksForPerson(context.text) ? makeReply('handoff', 'unavailable', M.unavailable(d)) : undefined;
    }
    const state = desk.state;
    try {
      if (state && state.status !== 'offered') {
        if (endsDeskConversation(context.text)) {
          await desk.desk.end(state.id, desk.now);
          desk.state = null;
          return makeReply('handoff', 'ended', M.ended);
        }
        const { first } = await desk.desk.forward(state.id, context.text, desk.now);
        // After the first, a message gets no reply of its own: the operator answers.
        return makeReply('handoff', 'forwarded', first ? M.forwarded : '');
      }
      if (state?.status === 'offered') {
        const answer = answerToOffer(context.text);
        if (answer === 'yes') {
          const accepted = await desk.desk.accept(state.id, desk.now);
          desk.memory.forget(desk.key);
          if (accepted) {
            const note = afterHoursNote(desk.desk.availability(desk.now), d);
            return makeReply('handoff', 'queued', [M.queued(accepted.ahead), note].filter(Boolean).join('\n'));
          }
        } else {
          await desk.desk.decline(state.id);
          desk.memory.resetFailures(desk.key);
          desk.state = null;
          if (answer === 'no') return makeReply('handoff', 'declined', M.declined);
        }
      }
      if (asksForPerson(context.text)) {
        const offered = await desk.desk.offer(context.message.channel, context.message.userId, desk.memory.attempts(desk.key), desk.now);
        if (offered) return makeReply('handoff', 'requested', M.offer(d), { buttons: buttons() });
      }
    } catch (error) {
      log(context, error, 'desk step failed');
      return makeReply('handoff', 'unavailable', M.unavailable(d));
    }
  },
};

/**
 * Records the exchange for the operator and, on the second failed answer in a row, offers the handoff on top of it
 * (the failed reply's text first, then the offer). Officials' replies and the desk's own are not recorded.
 */
export async function offerAfterFailures(context: AnswerContext, reply: Reply): Promise<Reply> {
  const desk = context.desk;
  if (!desk || reply.outcome === 'handoff' || reply.outcome === 'confirm' || reply.reason === 'officials' || reply.outcome === 'rate_limited') return reply;
  const failures = desk.memory.record(desk.key, context.text || context.message.text, reply.text, isFailure(reply), desk.now);
  if (failures < 2 || desk.state !== null || !desk.reachable) return reply;
  try {
    const offered = await desk.desk.offer(context.message.channel, context.message.userId, desk.memory.attempts(desk.key), desk.now);
    desk.memory.resetFailures(desk.key);
    if (!offered) return reply;
  } catch (error) {
    log(context, error, 'desk offer failed');
    return reply;
  }
  return makeReply('handoff', 'after_failures', `${reply.text}\n\n${M.offerAfterFailures(context.deps.deployment)}`, { citations: reply.citations, buttons: buttons() });
}

/** The day a saved answer was reviewed, as its citation says it. */
export function reviewedOn(date: Date): string {
  return formatDate(todayInVietnam(date));
}
