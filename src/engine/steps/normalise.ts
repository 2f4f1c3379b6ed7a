/**
 * Normalise: the message as text to read — HTML tags and entities out, NFC, invisible characters out. A message
 * too long, empty, or without a letter or a digit stops here with its fixed reply.
 */
import { normalizeText } from '../../text/vietnamese.ts';
import type { Step } from '../context.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';

const HTML_TAG = /<\/?[a-z][^>]*>/giu;

export const normaliseStep: Step = {
  name: 'normalise',
  async run(context) {
    const raw = context.message.text ?? '';
    if (raw.length > context.deps.maxChars) return makeReply('out_of_scope', 'too_long', M.tooLong(context.deps.maxChars));
    context.text = normalizeText(raw.replace(HTML_TAG, ' ').replace(/&nbsp;|&amp;|&lt;|&gt;/giu, ' '));
    if (context.text === '') return makeReply('clarification', 'empty', M.empty(context.deps.deployment));
    if (!/[\p{L}\p{N}]/u.test(context.text)) return makeReply('clarification', 'no_text', M.noText);
  },
};
