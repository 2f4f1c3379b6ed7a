/** Answer: the extractive reply for the question's intent (src/engine/answers/). Later steps may only refine it. */
import { answerByIntent } from '../answers/index.ts';
import type { Step } from '../context.ts';

export const answerStep: Step = {
  name: 'answer',
  async run(context) {
    context.reply = await answerByIntent(context);
  },
};
