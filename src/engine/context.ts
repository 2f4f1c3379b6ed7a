/**
 * What every step of the engine reads and writes while answering one message, the contract of a step, and what
 * the engine is built from. Steps live one per file in `steps/`; answers one per kind in `answers/`.
 */
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import type { Assistant } from '../llm/assist.ts';
import type { ConversationTurn } from '../llm/types.ts';
import type { Statuses } from './catalogue.ts';
import type { Classification } from './classify.ts';
import type { ComposeContext } from './compose.ts';
import type { ConversationMemory, ConversationState, ConversationStates } from './conversation.ts';
import type { DeskState, HandoffDesk, HandoffMemory } from './handoff.ts';
import type { Deployment } from './messages.ts';
import type { SavedAnswerIndex } from './saved-answers.ts';
import type { IncomingMessage, Reply } from './types.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Something that answers officials' commands first; null means "not mine, answer it as a question". */
export interface CommandHandler {
  handle(message: IncomingMessage): Promise<Reply | null>;
}

export interface EngineLogger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** The knowledge the engine answers from: the current snapshot and what the question reader derives from it. */
export interface KnowledgeView {
  snapshot: KnowledgeSnapshot;
  vocabulary: Vocabulary;
}

/** Latest confirmed statuses by task key; absent or failing means "no updates known". */
export type StatusSource = () => Promise<Statuses>;

export interface EngineDeps {
  /** The current knowledge; read once per message, so a swap between messages is never seen half-done. */
  knowledge: () => KnowledgeView;
  deployment: Deployment;
  statuses?: StatusSource;
  officials?: CommandHandler;
  /** Questions longer than this are refused with a clear reply. */
  maxChars: number;
  clock?: () => Date;
  logger?: EngineLogger;
  /** The follow-up rewriter's turns, and the states too unless `conversationStates` is given. */
  memory?: ConversationMemory;
  /** Where conversation states are kept when not in `memory` (the store, shared by several instances). */
  conversationStates?: ConversationStates;
  /** The optional language model (src/llm); absent means rule-based and extractive only. */
  assistant?: Assistant;
  /** Time all model calls of one answer may take together; after it the extractive answer goes out. */
  assistantBudgetMs?: number;
  /** Called once per answer, for metrics; must not throw. */
  observe?: (event: AnswerEvent) => void;
  /**
   * The 1022 desk: with it the engine offers a handoff (asked for, or after two failed answers in a row) and routes
   * the messages of a citizen whose desk conversation is open to it. Absent (CLI, evaluation): never offered.
   */
  desk?: HandoffDesk;
  /** The reviewed saved answers as they are now (src/desk/saved-answers.ts); absent or empty: none used. */
  savedAnswers?: () => SavedAnswerIndex;
  /**
   * Decisions of questions asked outside a conversation kept in memory (src/engine/reply-cache.ts), at most this
   * many; absent, 0, or with an assistant: every question is answered anew.
   */
  replyCacheSize?: number;
}

/** What the desk step learned about the sender's chat account, for the offer after the answer. */
export interface DeskContext {
  desk: HandoffDesk;
  memory: HandoffMemory;
  /** `channel:userId`: the desk works per chat account. */
  key: string;
  /** The account's desk conversation when the message arrived (null: none, or the desk could not be read). */
  state: DeskState | null;
  /** False when the desk could not be read: no offer is made on top of the answer. */
  reachable: boolean;
  now: Date;
}

/** What the assisted steps did for one answer; reported to the engine's observer (metrics). */
export interface AssistTrace {
  rewritten: boolean;
  understood: boolean;
  /** `composed`: the model's text went out; `extractive`: composition was tried and dropped; `skipped`: not tried. */
  composition: 'composed' | 'extractive' | 'skipped';
}

/** One answered message as metrics see it. `assist` is null when no assistant is configured. */
export interface AnswerEvent {
  outcome: Reply['outcome'];
  reason: Reply['reason'];
  ms: number;
  assist: AssistTrace | null;
}

export interface AnswerContext {
  deps: EngineDeps;
  snapshot: KnowledgeSnapshot;
  vocabulary: Vocabulary;
  message: IncomingMessage;
  /** The question as the user wrote it, normalised (NFC, no invisible characters, no HTML). */
  text: string;
  today: string;
  classification: Classification | null;
  /** What the conversation was about before this message (null for its first message). */
  previous: ConversationState | null;
  /** Task keys the conversation was about before this message. */
  focus: string[];
  compose: ComposeContext;
  statuses: Statuses;
  /** What free-text retrieval found for this question (set by the lookup answer), for the assisted steps. */
  retrieval: { bestBm25: number; exactMatch: boolean; coverage: { unigrams: number; bigrams: number } } | null;
  /** The reply once `answer` ran; later steps may refine it. */
  reply: Reply | null;
  /** Recent turns of the conversation, oldest first; kept only when an assistant is configured. */
  turns: ConversationTurn[];
  /** `performance.now()` after which no model call is started or awaited. */
  assistDeadline: number;
  assist: AssistTrace;
  /** Set when the engine has a desk (and the channel can reach a person), null otherwise. */
  desk: DeskContext | null;
}

/** One step of answering: it may stop with a reply, or change the context and let the next step run. */
export interface Step {
  readonly name: string;
  run(context: AnswerContext): Promise<Reply | void>;
}

export function emptyTrace(): AssistTrace {
  return { rewritten: false, understood: false, composition: 'skipped' };
}
