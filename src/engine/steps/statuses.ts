/**
 * Statuses: the latest confirmed status updates, only when the answer can show a task. A failure is logged, not
 * shown: answers stay correct without status lines.
 */
import type { Intent } from '../classify.ts';
import type { Step } from '../context.ts';

/** Intents whose answers never name a task, so they need no status updates. */
const NO_TASK_INTENTS: ReadonlySet<Intent> = new Set(['help', 'misuse', 'personal_data', 'other_place', 'document_meta']);

export const statusesStep: Step = {
  name: 'statuses',
  async run(context) {
    if (!context.deps.statuses || (context.classification && NO_TASK_INTENTS.has(context.classification.intent))) return;
    try {
      context.statuses = await context.deps.statuses();
      context.compose.statuses = context.statuses;
    } catch (error) {
      context.deps.logger?.warn({ err: String(error) }, 'status updates unavailable; answering without them');
    }
  },
};
