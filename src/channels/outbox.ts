/**
 * Replies a channel failed to deliver. Every failure is logged without its text (which may carry personal data)
 * and, when a store is given, kept in `channel_outbox` (migration 010) so an operator can resend what an official
 * confirmed.
 */
import type { Queryable } from '../store/database.ts';
import type { ChannelName, Outcome } from '../engine/types.ts';

/** The engine's outcome for a failed reply; `notification` for an unsolicited message (reminder, digest). */
export type OutboxOutcome = Outcome | 'notification';

export interface OutboxFailure {
  channel: ChannelName;
  userId: string;
  conversationId: string;
  /** The platform id of the message answered; null for notifications. */
  messageId: string | null;
  outcome: OutboxOutcome;
  replyText: string;
  /** Redacted error description. */
  error: string;
  failedAt: Date;
}

export interface Outbox {
  record(failure: OutboxFailure): Promise<void>;
}

/** Stores failures in `channel_outbox`; the caller logs them as well, so a store failure loses nothing. */
export function databaseOutbox(db: Queryable): Outbox {
  return {
    async record(failure) {
      await db.query(
        `insert into channel_outbox (channel, user_id, conversation_id, message_id, outcome, reply_text, error, failed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          failure.channel,
          failure.userId,
          failure.conversationId,
          failure.messageId,
          failure.outcome,
          failure.replyText,
          failure.error,
          failure.failedAt,
        ],
      );
    },
  };
}

/** Deletes delivered-or-abandoned rows older than the retention period (RETENTION_DAYS); returns the count. */
export async function purgeChannelOutbox(db: Queryable, retentionDays: number): Promise<number> {
  const result = await db.query<{ id: number }>(
    `delete from channel_outbox where failed_at < now() - ($1::int * interval '1 day') returning id`,
    [retentionDays],
  );
  return result.rows.length;
}
