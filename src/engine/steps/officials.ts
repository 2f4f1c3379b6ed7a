/**
 * Officials: commands and draft replies of registered officials are answered by the officials' workflow first.
 * When its store cannot be reached, a command or confirmation is tried again for a few seconds (a PostgreSQL restart
 * takes about one; the chat's later messages wait behind this one, so their order holds), then a command gets a clear reply
 * (nothing was stored) and a question is still answered from the knowledge in memory. Retrying is safe: a draft or
 * a confirmation is one transaction, and a confirmation that did commit is recognised by its platform message id.
 */
import type { Step } from '../context.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { isStoreUnreachable } from '../../store/errors.ts';
import { makeReply } from '../outcomes.ts';

/** Pauses before each retry while the store is unreachable (about 7.5 s in all). */
export const OFFICIALS_RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 3_750];

/** Messages that are officials' commands or their confirmations, not citizens' questions. */
const COMMAND_LIKE = /^\s*(\/|c[aậ]p nh[aậ]t\b|c[oó]\s*$|kh[oô]ng\s*$|đăng k[yý]|dang ky)/iu;

export const officialsStep: Step = {
  name: 'officials',
  async run(context) {
    const officials = context.deps.officials;
    if (!officials) return;
    try {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const reply = await officials.handle({ ...context.message, text: context.text });
          if (reply) return reply;
          return;
        } catch (error) {
          // Only what looks like an official's command or confirmation waits for the store: a citizen's question
          // is answered from memory at once.
          const delay = COMMAND_LIKE.test(context.text) ? OFFICIALS_RETRY_DELAYS_MS[attempt] : undefined;
          if (delay === undefined || !isStoreUnreachable(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    } catch (error) {
      context.deps.logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'officials step failed');
      if (COMMAND_LIKE.test(context.text)) return makeReply('error', 'officials_unavailable', M.officialsUnavailable);
    }
  },
};
