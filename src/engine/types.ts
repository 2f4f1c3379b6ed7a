/** One normalised message in, one reply out: the only shapes a channel adapter and the engine share. */

import type { IsoDate } from '../catalogue/types.ts';

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
}

/** Named outcomes: every answer ends in exactly one. */
export type Outcome =
  | 'answered'
  | 'clarification'
  | 'out_of_scope'
  | 'no_information'
  | 'error'
  /** Officials' workflow: a pending update shown for confirmation. */
  | 'confirm'
  /** Officials' workflow: a command refused (not registered, not allowed). */
  | 'refused'
  | 'rate_limited';

export interface Citation {
  /** Task id (`PL2.11`) or section id (`II.A.3.g`) or `document` for the metadata. */
  id: string;
  kind: 'task' | 'section' | 'document' | 'status';
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
  /** True for out-of-scope and misuse. */
  refused: boolean;
  /** Classified intent, for the CLI/eval output and metrics. */
  intent: string;
  buttons?: ReplyButton[];
}

/** The single entry point every channel and the CLI call. */
export interface Engine {
  handle(message: IncomingMessage): Promise<Reply>;
}
