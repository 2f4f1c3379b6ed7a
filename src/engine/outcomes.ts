/**
 * How a reply is made from the closed table of endings (`OUTCOME_REASONS` in types.ts). Every reply of the engine,
 * the officials' workflow and the gateway is made here, so `refused` is decided in one place (out of scope and
 * refusals are refused; everything else is not) and metrics, the CLI and the evaluation read the same reasons.
 */
import type { TaskListQuery } from './task-list.ts';
import type { Citation, Outcome, ReasonOf, Reply, ReplyButton } from './types.ts';

/** Outcomes that are a refusal: the reply cites nothing and says where to ask instead. */
const REFUSED: ReadonlySet<Outcome> = new Set(['out_of_scope', 'refused']);

export function isRefused(outcome: Outcome): boolean {
  return REFUSED.has(outcome);
}

export interface ReplyExtras {
  citations?: Citation[];
  buttons?: ReplyButton[];
  list?: TaskListQuery;
}

/** The one way to make a reply: outcome and reason from the table, `refused` from the outcome. */
export function makeReply<O extends Outcome>(outcome: O, reason: ReasonOf<O>, text: string, extras: ReplyExtras = {}): Reply {
  const refused = isRefused(outcome);
  return {
    text,
    citations: refused ? [] : (extras.citations ?? []),
    outcome,
    reason,
    refused,
    ...(extras.buttons && extras.buttons.length > 0 ? { buttons: extras.buttons } : {}),
    ...(extras.list && !refused ? { list: extras.list } : {}),
  };
}

/** "out_of_scope.off_topic": how metrics, logs and the evaluation print an ending. */
export function endingOf(reply: Pick<Reply, 'outcome' | 'reason'>): string {
  return `${reply.outcome}.${reply.reason}`;
}
