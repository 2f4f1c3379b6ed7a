/** Guard: an attempt to change the assistant's instructions is refused before anything reads it further. */
import { inspectInput } from '../../llm/guard.ts';
import { normalizeText } from '../../text/vietnamese.ts';
import type { Step } from '../context.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';

export const guardStep: Step = {
  name: 'guard',
  async run(context) {
    const inspection = inspectInput(context.text);
    if (inspection.injection) return makeReply('refused', 'injection', M.misuse(context.deps.deployment));
    context.text = normalizeText(inspection.cleaned);
  },
};
