/**
 * Officials: commands and draft replies of registered officials are answered by the officials' workflow first.
 * When its store is unreachable, a command gets a clear reply (nothing was stored) and a question is still
 * answered from the knowledge in memory.
 */
import type { Step } from '../context.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';

/** Messages that are officials' commands or their confirmations, not citizens' questions. */
const COMMAND_LIKE = /^\s*(\/|c[aậ]p nh[aậ]t\b|c[oó]\s*$|kh[oô]ng\s*$|đăng k[yý]|dang ky)/iu;

export const officialsStep: Step = {
  name: 'officials',
  async run(context) {
    const officials = context.deps.officials;
    if (!officials) return;
    try {
      const reply = await officials.handle({ ...context.message, text: context.text });
      if (reply) return reply;
    } catch (error) {
      context.deps.logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'officials step failed');
      if (COMMAND_LIKE.test(context.text)) return makeReply('error', 'officials_unavailable', M.officialsUnavailable);
    }
  },
};
