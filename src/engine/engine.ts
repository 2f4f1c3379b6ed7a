/**
 * The answering engine: an ordered list of named steps over one context (normalise → guard → officials →
 * classify → follow-up → rewrite-follow-up → statuses → answer → understand → compose → check). Any step before
 * `answer` may stop with a named outcome and its fixed reply; `answer` sets the extractive reply and the
 * model-assisted steps after it may only refine it (src/engine/assisted.ts). Without an assistant those steps do
 * nothing and the reply is exactly the extractive one. One engine serves every channel and the CLI.
 */
import type { Knowledge } from '../catalogue/types.ts';
import type { Assistant } from '../llm/assist.ts';
import { inspectInput } from '../llm/guard.ts';
import type { ConversationTurn } from '../llm/types.ts';
import { normalizeText } from '../text/vietnamese.ts';
import { classify, type Classification, type Intent } from './classify.ts';
import type { Catalogue, StatusSource, TaskStatus } from './catalogue-query.ts';
import type { ComposeContext } from './compose.ts';
import { ConversationMemory } from './conversation.ts';
import { todayInVietnam, isIsoDate } from './dates.ts';
import type { KnowledgeIndex } from './knowledge-index.ts';
import { ANSWER_MESSAGES as M } from './messages.ts';
import { answerByIntent, resolveFollowUp } from './answers.ts';
import { composeStep, emptyTrace, rewriteFollowUpStep, understandStep, type AssistTrace } from './assisted.ts';
import type { Engine, IncomingMessage, Outcome, Reply } from './types.ts';

/** Something that answers officials' commands first; null means "not mine, answer it as a question". */
export interface CommandHandler {
  handle(message: IncomingMessage): Promise<Reply | null>;
}

export interface EngineLogger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface EngineDeps {
  knowledge: Knowledge;
  catalogue: Catalogue;
  index: KnowledgeIndex;
  /** Latest confirmed status updates; absent or failing means "no updates known". */
  statuses?: StatusSource;
  officials?: CommandHandler;
  /** Questions longer than this are refused with a clear reply. */
  maxChars: number;
  clock?: () => Date;
  logger?: EngineLogger;
  memory?: ConversationMemory;
  /** The optional language model (src/llm); absent means rule-based and extractive only. */
  assistant?: Assistant;
  /** Time all model calls of one answer may take together; after it the extractive answer goes out. Default 8000. */
  assistantBudgetMs?: number;
  /** Called once per answer, for metrics; must not throw. */
  observe?: (event: AnswerEvent) => void;
}

/** One answered message as metrics see it. `assist` is null when no assistant is configured. */
export interface AnswerEvent {
  intent: string;
  outcome: Outcome;
  ms: number;
  assist: AssistTrace | null;
}

export const DEFAULT_ASSISTANT_BUDGET_MS = 8000;

/** Everything a step can read and write while answering one message. */
export interface AnswerContext {
  deps: EngineDeps;
  message: IncomingMessage;
  /** The question as the user wrote it, normalised (NFC, no invisible characters, no HTML). */
  text: string;
  today: string;
  classification: Classification | null;
  /** Task ids the conversation was about before this message. */
  focus: string[];
  compose: ComposeContext;
  statuses: Map<string, TaskStatus[]>;
  /** What free-text retrieval found for this question (set by the lookup answer), for the assisted steps. */
  retrieval: { bestBm25: number; exactMatch: boolean; coverage: { unigrams: number; bigrams: number } } | null;
  /** The extractive reply once `answer` ran; the assisted steps may refine it. */
  reply: Reply | null;
  /** Recent turns of the conversation, oldest first; kept only when an assistant is configured. */
  turns: ConversationTurn[];
  /** `performance.now()` after which no model call is started or awaited. */
  assistDeadline: number;
  assist: AssistTrace;
}

type Step = { name: string; run(context: AnswerContext): Promise<Reply | void> };

/** A reply with no citations: the fixed answer of a step that stops. */
export function stop(outcome: Outcome, intent: string, text: string, refused = outcome === 'out_of_scope'): Reply {
  return { text, citations: [], outcome, refused, intent };
}

/** Intents whose answers never name a task, so they need no status updates. */
const NO_TASK_INTENTS: ReadonlySet<Intent> = new Set(['help', 'misuse', 'personal_data', 'other_province', 'document_meta']);

const HTML_TAG = /<\/?[a-z][^>]*>/giu;
/** Messages that are officials' commands or their confirmations, not citizens' questions. */
const COMMAND_LIKE = /^\s*(\/|c[aậ]p nh[aậ]t\b|c[oó]\s*$|kh[oô]ng\s*$|đăng k[yý]|dang ky)/iu;

const STEPS: Step[] = [
  {
    name: 'normalise',
    async run(context) {
      const raw = context.message.text ?? '';
      if (raw.length > context.deps.maxChars) return stop('out_of_scope', 'too_long', M.tooLong(context.deps.maxChars));
      context.text = normalizeText(raw.replace(HTML_TAG, ' ').replace(/&nbsp;|&amp;|&lt;|&gt;/giu, ' '));
      if (context.text === '') return stop('clarification', 'empty', M.empty, false);
      if (!/[\p{L}\p{N}]/u.test(context.text)) return stop('clarification', 'empty', M.noText, false);
    },
  },
  {
    name: 'guard',
    async run(context) {
      const inspection = inspectInput(context.text);
      if (inspection.injection) return stop('out_of_scope', 'misuse', M.misuse);
      context.text = normalizeText(inspection.cleaned);
    },
  },
  {
    name: 'officials',
    async run(context) {
      if (!context.deps.officials) return;
      try {
        const reply = await context.deps.officials.handle({ ...context.message, text: context.text });
        if (reply) return reply;
      } catch (error) {
        // The officials' store is unreachable: a command gets a clear reply (nothing was stored), a question is
        // still answered from the knowledge held in memory.
        context.deps.logger?.error({ err: error instanceof Error ? error.message : String(error) }, 'officials step failed');
        if (COMMAND_LIKE.test(context.text)) return stop('error', 'officials', M.officialsUnavailable, false);
      }
    },
  },
  {
    name: 'classify',
    async run(context) {
      context.classification = classify(context.text, context.deps.catalogue, context.today);
    },
  },
  {
    name: 'follow-up',
    async run(context) {
      const memory = context.deps.memory;
      const previous = memory?.get(conversationKey(context.message));
      if (!previous || !context.classification) return;
      context.focus = previous.focus;
      context.classification = resolveFollowUp(context.classification, previous);
    },
  },
  { name: 'rewrite-follow-up', run: rewriteFollowUpStep },
  {
    name: 'statuses',
    async run(context) {
      // One query for the latest statuses, only when the answer can show a task.
      if (!context.deps.statuses || (context.classification && NO_TASK_INTENTS.has(context.classification.intent))) return;
      try {
        context.statuses = await context.deps.statuses();
        context.compose.statuses = context.statuses;
      } catch (error) {
        // Answers stay correct without status lines; the failure is logged, not shown.
        context.deps.logger?.warn({ err: String(error) }, 'status updates unavailable; answering without them');
      }
    },
  },
  {
    name: 'answer',
    async run(context) {
      context.reply = await answerByIntent(context);
    },
  },
  { name: 'understand', run: understandStep },
  { name: 'compose', run: composeStep },
];

/** Conversations are kept per channel: a web client cannot read or steer a Telegram chat with the same id. */
function conversationKey(message: IncomingMessage): string {
  return `${message.channel}:${message.conversationId}`;
}

/** Citations that name something that exists, each once, in order. */
function checkCitations(reply: Reply, deps: EngineDeps): Reply {
  const seen = new Set<string>();
  const citations = reply.citations.filter((citation) => {
    const key = `${citation.kind}:${citation.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (citation.kind === 'task') return deps.catalogue.byId.has(citation.id.toLowerCase());
    if (citation.kind === 'section') return deps.catalogue.sectionById.has(citation.id);
    return true;
  });
  return { ...reply, citations: reply.refused ? [] : citations };
}

/** Replies kept as conversation turns for the follow-up rewriter; refusals are not worth repeating to a model. */
const KEPT_OUTCOMES: ReadonlySet<Outcome> = new Set(['answered', 'clarification', 'no_information']);

export function createEngine(deps: EngineDeps): Engine {
  const memory = deps.memory ?? new ConversationMemory();
  const fullDeps: EngineDeps = { ...deps, memory };
  const agencies = new Map(deps.knowledge.agencies.map((agency) => [agency.id, agency]));
  return {
    async handle(message: IncomingMessage): Promise<Reply> {
      const started = performance.now();
      const today = message.today && isIsoDate(message.today) ? message.today : todayInVietnam(deps.clock?.() ?? new Date());
      const statuses = new Map<string, TaskStatus[]>();
      const context: AnswerContext = {
        deps: fullDeps,
        message,
        text: '',
        today,
        classification: null,
        focus: [],
        compose: { agencies, today, statuses },
        statuses,
        reply: null,
        retrieval: null,
        turns: deps.assistant ? memory.turns(conversationKey(message)) : [],
        assistDeadline: started + (deps.assistantBudgetMs ?? DEFAULT_ASSISTANT_BUDGET_MS),
        assist: emptyTrace(),
      };
      const observe = (reply: Reply): Reply => {
        try {
          deps.observe?.({ intent: reply.intent, outcome: reply.outcome, ms: performance.now() - started, assist: deps.assistant ? context.assist : null });
        } catch {
          // Metrics must never cost an answer.
        }
        return reply;
      };
      let result: Reply | undefined;
      try {
        for (const step of STEPS) {
          const outcome = await step.run(context);
          if (outcome) {
            result = outcome;
            break;
          }
        }
      } catch (error) {
        deps.logger?.error({ err: error instanceof Error ? error.stack : String(error) }, 'engine step failed');
        return observe({ text: M.error, citations: [], outcome: 'error', refused: false, intent: context.classification?.intent ?? 'unknown' });
      }
      const reply = checkCitations(result ?? context.reply ?? stop('no_information', 'unknown', M.noInformation, false), fullDeps);
      const focus = reply.citations.filter((citation) => citation.kind === 'task').map((citation) => citation.id);
      if (context.classification && reply.outcome === 'answered' && (focus.length > 0 || context.classification.intent !== 'lookup')) {
        memory.set(conversationKey(message), { focus, classification: context.classification });
      }
      if (deps.assistant && context.classification && KEPT_OUTCOMES.has(reply.outcome)) {
        memory.addExchange(conversationKey(message), context.text, reply.text);
      }
      return observe(reply);
    },
  };
}
