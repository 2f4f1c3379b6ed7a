/** One normalised message in, one reply out: the only shapes a channel adapter and the engine share. */

import type { IsoDate } from '../documents/types.ts';
import type { TaskListQuery } from './task-list.ts';

export const CHANNEL_NAMES = ['telegram', 'zalo-oa', 'zalo-bot', 'zalo', 'web', 'cli'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];
/**
 * Channels whose platform vouches for the sender (a signed webhook, a bot's webhook secret or polling token, a
 * logged-in account) and that can push a message to a person. Officials register, act and get reminders only here;
 * the web chat's visitors are anonymous and the CLI is local, so both only answer questions.
 */
export const OFFICIAL_CHANNELS: readonly ChannelName[] = ['telegram', 'zalo-oa', 'zalo-bot', 'zalo'];

export interface IncomingMessage {
  channel: ChannelName;
  /** The sender's id on that channel (Telegram user id, Zalo user id, web session id). */
  userId: string;
  /** Conversation key for follow-ups; a channel uses its chat id, the CLI its `conversation` field. */
  conversationId: string;
  /** Platform message id, for de-duplication and the audit trail; null when the channel has none. */
  messageId: string | null;
  text: string;
  /** Display name as the platform gives it, if any. */
  userName?: string;
  /** "Today" for deadline arithmetic; defaults to the current date in Asia/Ho_Chi_Minh. */
  today?: IsoDate;
  receivedAt?: Date;
  /**
   * True when the channel opened the conversation with this message (the web chat gave it a new id): it has no
   * state yet on any instance, so none is read.
   */
  newConversation?: boolean;
}

/** The closed table of how a message can end: an outcome and the reason for it, each from this list. */
export const OUTCOME_REASONS = {
  answered: [
    'help',
    'social',
    'task',
    'code',
    'group',
    'agency_tasks',
    'window',
    'overdue',
    'upcoming',
    'funding',
    'document',
    'documents',
    'structure',
    'summary',
    'fact',
    'programme_text',
    'follow_up',
    'saved_answer',
    'officials',
  ],
  clarification: ['empty', 'no_text', 'which_task', 'which_agency', 'which_document', 'which_item', 'which_target', 'officials'],
  out_of_scope: ['off_topic', 'look_alike', 'other_place', 'other_document', 'procedure', 'too_long'],
  refused: ['misuse', 'injection', 'personal_data', 'not_registered', 'not_allowed', 'unidentified_channel', 'officials'],
  no_information: ['unknown_task', 'not_stated', 'no_match'],
  error: ['engine', 'officials_unavailable'],
  confirm: ['draft'],
  rate_limited: ['rate'],
  /**
   * The 1022 desk (src/engine/handoff.ts): `requested` / `after_failures` offer a handoff; `queued` accepted it;
   * `declined`; `forwarded` a message stored for the operator (empty text after the first: nothing is sent);
   * `ended` by the citizen; `unavailable` when the desk could not be reached.
   */
  handoff: ['requested', 'after_failures', 'queued', 'declined', 'forwarded', 'ended', 'unavailable'],
} as const;

export type Outcome = keyof typeof OUTCOME_REASONS;
/** An outcome's reason, e.g. `out_of_scope` → `look_alike`. */
export type ReasonOf<O extends Outcome> = (typeof OUTCOME_REASONS)[O][number];
/** An outcome's reason, e.g. `out_of_scope` → `look_alike`. */
export type Reason = { [O in Outcome]: ReasonOf<O> }[Outcome];

export interface Citation {
  /**
   * Task id (`PL2.11`), section id (`II.A.3.g`) or `document`, qualified by document once several are loaded
   * (`101:PL2.11`, `1234:document`).
   */
  id: string;
  kind: 'task' | 'section' | 'document' | 'status' | 'faq';
  /** How people name what is cited, when the id alone does not say ("QĐ 101/QĐ-UBND" for a document). */
  label?: string;
}

/** A button the channel may render (Telegram inline keyboard); typing the `text` must work the same. */
export interface ReplyButton {
  text: string;
  /** Sent back as the message text when pressed. */
  data: string;
}

export interface Reply {
  /** Plain Vietnamese text; channels escape/format it themselves. */
  text: string;
  citations: Citation[];
  outcome: Outcome;
  /** Why it ended that way, from the outcome's closed list. */
  reason: Reason;
  /** True for out-of-scope answers and refusals (decided by the outcome, see src/engine/outcomes.ts). */
  refused: boolean;
  buttons?: ReplyButton[];
  /**
   * For an answer whose list was trimmed for chat ("… và N nhiệm vụ khác"): the filters that give the whole list,
   * so a channel with pages (the web chat's "Xem tất cả") can link to it. Absent for other answers.
   */
  list?: TaskListQuery;
  /**
   * The cited task ids a follow-up leans on, when they are not every task cited (an agency's tasks on the topic
   * asked, cited before the rest it holds). Absent: every cited task.
   */
  focus?: string[];
}

/** The single entry point every channel and the CLI call. */
export interface Engine {
  handle(message: IncomingMessage): Promise<Reply>;
}
