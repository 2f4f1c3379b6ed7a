/** Classify: the question's intent and slots (agencies, references, documents, window, fields) by rule. */
import { classify } from '../classify.ts';
import type { Step } from '../context.ts';

export const classifyStep: Step = {
  name: 'classify',
  async run(context) {
    context.classification = classify(context.text, context.vocabulary, context.today);
  },
};
