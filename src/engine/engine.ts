/**
 * The answering engine: an ordered list of named steps over one context (src/engine/steps/, one file each). Any
 * step may stop with a reply from the closed table of endings; `answer` sets the extractive reply and the steps
 * after it may only refine it (without an assistant the model-assisted steps do nothing). One engine serves every
 * channel and the CLI, over the knowledge snapshot current when the message arrives.
 */
import { splitQualifiedId } from '../documents/interpret/ids.ts';
import { todayInVietnam, isIsoDate } from '../text/dates.ts';
import { classify } from './classify.ts';
import { emptyTrace, type AnswerContext, type EngineDeps, type Step } from './context.ts';
import { ConversationMemory, type ConversationState } from './conversation.ts';
import { HandoffMemory } from './handoff.ts';
import { ANSWER_MESSAGES as M } from './messages.ts';
import { makeReply } from './outcomes.ts';
import { ReplyCache, type DecisionInputs } from './reply-cache.ts';
import { answerStep } from './steps/answer.ts';
import { askingPartStep } from './steps/asking-part.ts';
import { checkCitations, checkCitationsStep } from './steps/check-citations.ts';
import { classifyStep } from './steps/classify.ts';
import { composeStep } from './steps/compose.ts';
import { deskStep, offerAfterFailures } from './steps/desk.ts';
import { followUpStep } from './steps/follow-up.ts';
import { guardStep } from './steps/guard.ts';
import { normaliseStep } from './steps/normalise.ts';
import { officialsStep } from './steps/officials.ts';
import { rewriteFollowUpStep } from './steps/rewrite-follow-up.ts';
import { savedAnswerStep } from './steps/saved-answer.ts';
import { statusesStep } from './steps/statuses.ts';
import { understandStep } from './steps/understand.ts';
import type { Engine, IncomingMessage, Outcome, Reply } from './types.ts';

export const DEFAULT_ASSISTANT_BUDGET_MS = 8000;

export const STEPS: readonly Step[] = [
  normaliseStep,
  guardStep,
  officialsStep,
  deskStep,
  classifyStep,
  followUpStep,
  rewriteFollowUpStep,
  statusesStep,
  answerStep,
  askingPartStep,
  savedAnswerStep,
  understandStep,
  composeStep,
  checkCitationsStep,
];

/**
 * The steps that read who sent the message (an official's command, a desk conversation) run for every message; the
 * rest decide from the question, the day and the knowledge alone when there is no assistant and no previous state,
 * and their decision may come from the reply cache.
 */
const PER_SENDER_STEPS = STEPS.slice(0, STEPS.indexOf(classifyStep));
const DECIDING_STEPS = STEPS.slice(STEPS.indexOf(classifyStep));

/** Conversations are kept per channel: a web client cannot read or steer a Telegram chat with the same id. */
function conversationKey(message: IncomingMessage): string {
  return `${message.channel}:${message.conversationId}`;
}

/** Replies kept as conversation turns for the follow-up rewriter; refusals are not worth repeating to a model. */
const KEPT_OUTCOMES: ReadonlySet<Outcome> = new Set(['answered', 'clarification', 'no_information']);

export function createEngine(deps: EngineDeps): Engine {
  const memory = deps.memory ?? new ConversationMemory();
  const states = deps.conversationStates ?? memory;
  // A store that cannot keep conversation state (it is down) costs follow-ups only, never the answer.
  const readState = (key: string) =>
    states.get(key).catch((error: unknown) => {
      deps.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'conversation state not read');
      return null;
    });
  const writeState = (key: string, state: ConversationState) =>
    states.set(key, state).catch((error: unknown) => {
      deps.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'conversation state not kept');
    });
  const handoffMemory = new HandoffMemory();
  const cache = deps.replyCacheSize && deps.replyCacheSize > 0 && !deps.assistant ? new ReplyCache(deps.replyCacheSize) : null;
  /** The statuses and saved answers as they are now, beside the knowledge; null when the statuses cannot be read. */
  const decisionInputs = async (snapshot: unknown, vocabulary: unknown): Promise<DecisionInputs | null> => {
    const statuses = deps.statuses ? await deps.statuses().catch(() => null) : undefined;
    return statuses === null ? null : [snapshot, vocabulary, statuses, deps.savedAnswers?.()];
  };
  const runSteps = async (steps: readonly Step[], context: AnswerContext): Promise<Reply | undefined> => {
    for (const step of steps) {
      const result = await step.run(context);
      if (result) return result;
    }
    return undefined;
  };
  return {
    async handle(message: IncomingMessage): Promise<Reply> {
      const started = performance.now();
      const { snapshot, vocabulary } = deps.knowledge();
      const today = message.today && isIsoDate(message.today) ? message.today : todayInVietnam(deps.clock?.() ?? new Date());
      const statuses = new Map();
      const key = conversationKey(message);
      const context: AnswerContext = {
        deps,
        snapshot,
        vocabulary,
        message,
        text: '',
        today,
        classification: null,
        // A conversation the channel has just opened has no state anywhere: nothing to read.
        previous: message.newConversation ? null : await readState(key),
        focus: [],
        compose: { snapshot, today, statuses },
        statuses,
        reply: null,
        retrieval: null,
        turns: deps.assistant ? memory.turns(key) : [],
        assistDeadline: started + (deps.assistantBudgetMs ?? DEFAULT_ASSISTANT_BUDGET_MS),
        assist: emptyTrace(),
        // The desk works per chat account; the CLI reaches no one.
        desk:
          deps.desk && message.channel !== 'cli'
            ? { desk: deps.desk, memory: handoffMemory, key: `${message.channel}:${message.userId}`, state: null, reachable: true, now: deps.clock?.() ?? message.receivedAt ?? new Date() }
            : null,
      };
      const observe = (reply: Reply): Reply => {
        try {
          deps.observe?.({ outcome: reply.outcome, reason: reply.reason, ms: performance.now() - started, assist: deps.assistant ? context.assist : null });
        } catch {
          // Metrics must never cost an answer.
        }
        return reply;
      };
      let stopped: Reply | undefined;
      try {
        stopped = await runSteps(PER_SENDER_STEPS, context);
        if (!stopped) {
          const inputs = cache && context.previous === null ? await decisionInputs(snapshot, vocabulary) : null;
          const kept = inputs ? cache!.get(context.text, today, inputs) : undefined;
          if (kept) {
            stopped = kept.stopped;
            context.reply = kept.reply;
            context.classification = kept.classification;
          } else {
            const text = context.text;
            stopped = await runSteps(DECIDING_STEPS, context);
            // Kept only when what the steps read is what the entry is filed under (a reload may land meanwhile).
            const readAsFiled = inputs !== null && (context.statuses === statuses || context.statuses === inputs[2]) && deps.savedAnswers?.() === inputs[3];
            if (readAsFiled && context.text === text) cache!.set(text, today, inputs, { stopped, reply: context.reply, classification: context.classification });
          }
        }
      } catch (error) {
        deps.logger?.error({ err: error instanceof Error ? error.stack : String(error) }, 'engine step failed');
        return observe(makeReply('error', 'engine', M.error(deps.deployment)));
      }
      const answered = stopped ? checkCitations(stopped, snapshot) : (context.reply ?? makeReply('no_information', 'no_match', M.noInformation(deps.deployment, '')));
      const reply = context.desk ? await offerAfterFailures(context, answered) : answered;
      const focus = (reply.focus ?? reply.citations.filter((citation) => citation.kind === 'task').map((citation) => citation.id)).map((id) => snapshot.keyOf(id));
      const intent = context.classification?.intent;
      const documents = [...new Set(reply.citations.map((citation) => splitQualifiedId(snapshot.keyOf(citation.id)).documentId).filter((id): id is string => Boolean(id)))];
      if (context.classification && reply.outcome === 'answered' && intent !== 'social' && intent !== 'help' && (focus.length > 0 || documents.length > 0 || intent !== 'lookup')) {
        await writeState(key, { focus, documents, classification: context.classification });
      } else if (context.classification && reply.outcome === 'clarification' && reply.reason === 'which_item' && focus.length > 1) {
        // The choices offered stay in focus: "ai phụ trách mảng này?" may be answered for all of them at once.
        await writeState(key, { focus, documents, classification: context.classification, choices: true });
      } else if (!context.classification && reply.outcome === 'confirm') {
        // An official's draft is about one task: "nhiệm vụ này hạn khi nào?" while it waits asks about that task.
        const drafted = reply.citations.map((citation) => snapshot.keyOf(citation.id)).filter((taskKey) => snapshot.task(taskKey) !== undefined);
        if (drafted.length > 0) await writeState(key, { focus: drafted, documents, classification: classify(context.text, vocabulary, today) });
      }
      if (deps.assistant && context.classification && KEPT_OUTCOMES.has(reply.outcome)) memory.addExchange(key, context.text, reply.text);
      return observe(reply);
    },
  };
}
