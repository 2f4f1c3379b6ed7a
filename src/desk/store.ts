/**
 * The 1022 desk in the store (migration 026): desk conversations per chat account, their messages, saved answers.
 * Every state change is one SQL statement or one transaction holding the conversation's row (`FOR UPDATE`), and the
 * unique index on an account's conversation that is not closed decides races, so instances sharing one PostgreSQL
 * behave as one: an offer is accepted once, a conversation is claimed by one operator, a citizen is told once.
 * Nothing of the queue lives in a process's memory.
 */
import type { ChannelName } from '../engine/types.ts';
import type { Attempt, DeskState } from '../engine/handoff.ts';
import type { SavedAnswer } from '../engine/saved-answers.ts';
import type { Queryable, ScriptQueryable, Database } from '../store/database.ts';

/** An offer not answered within this time lapses (like the conversation memory it was made from). */
export const OFFER_TTL_MS = 30 * 60_000;

export type DeskStatus = 'offered' | 'queued' | 'open' | 'closed';
export type DeskAuthor = 'citizen' | 'assistant' | 'operator';
export type DeskDelivery = 'none' | 'sent' | 'stored' | 'failed';

export interface DeskConversation {
  id: number;
  channel: ChannelName;
  userId: string;
  status: DeskStatus;
  operatorId: number | null;
  operatorName: string | null;
  offeredAt: Date;
  queuedAt: Date | null;
  openedAt: Date | null;
  closedAt: Date | null;
  closedBy: 'operator' | 'citizen' | null;
}

export interface DeskMessage {
  id: number;
  author: DeskAuthor;
  operatorName: string | null;
  text: string;
  earlier: boolean;
  delivery: DeskDelivery;
  at: Date;
}

/** A row of the queue page: the conversation and the first thing the citizen asked. */
export interface DeskQueueEntry extends DeskConversation {
  firstQuestion: string;
  messages: number;
}

export class DeskConversationGoneError extends Error {
  constructor(readonly id: number) {
    super(`desk conversation ${id} is not open`);
    this.name = 'DeskConversationGoneError';
  }
}

interface ConversationRow {
  id: number;
  channel: string;
  user_id: string;
  status: DeskStatus;
  operator_id: number | null;
  operator_name: string | null;
  offered_at: Date;
  queued_at: Date | null;
  opened_at: Date | null;
  closed_at: Date | null;
  closed_by: 'operator' | 'citizen' | null;
}

const CONVERSATION_COLUMNS = `c.id, c.channel, c.user_id, c.status, c.operator_id, o.name AS operator_name, c.offered_at, c.queued_at,
  c.opened_at, c.closed_at, c.closed_by`;

function toConversation(row: ConversationRow): DeskConversation {
  return {
    id: Number(row.id),
    channel: row.channel as ChannelName,
    userId: row.user_id,
    status: row.status,
    operatorId: row.operator_id === null ? null : Number(row.operator_id),
    operatorName: row.operator_name,
    offeredAt: new Date(row.offered_at),
    queuedAt: row.queued_at ? new Date(row.queued_at) : null,
    openedAt: row.opened_at ? new Date(row.opened_at) : null,
    closedAt: row.closed_at ? new Date(row.closed_at) : null,
    closedBy: row.closed_by,
  };
}

/** The account's desk conversation that is not closed; an offer older than OFFER_TTL_MS counts as none (and goes). */
/** `channel:user` of every account whose desk conversation is not closed. */
export async function liveDeskAccounts(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ channel: string; user_id: string }>(`SELECT channel, user_id FROM desk_conversations WHERE status <> 'closed'`);
  return new Set(rows.map((row) => `${row.channel}:${row.user_id}`));
}

export async function deskStateOf(db: Queryable, channel: ChannelName, userId: string, now: Date): Promise<DeskState | null> {
  const { rows } = await db.query<{ id: number; status: DeskStatus; offered_at: Date }>(
    `SELECT id, status, offered_at FROM desk_conversations WHERE channel = $1 AND user_id = $2 AND status <> 'closed'`,
    [channel, userId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.status === 'offered' && now.getTime() - new Date(row.offered_at).getTime() > OFFER_TTL_MS) {
    await db.query(`DELETE FROM desk_conversations WHERE id = $1 AND status = 'offered'`, [row.id]);
    return null;
  }
  return { id: Number(row.id), status: row.status as DeskState['status'] };
}

/**
 * Records an offer with the conversation's earlier attempts (question and the assistant's answer each). False when
 * the account already has a desk conversation that is not closed (a lapsed offer is replaced).
 */
export async function createOffer(db: Database, channel: ChannelName, userId: string, attempts: readonly Attempt[], now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query(`DELETE FROM desk_conversations WHERE channel = $1 AND user_id = $2 AND status = 'offered' AND offered_at < $3`, [
      channel,
      userId,
      new Date(now.getTime() - OFFER_TTL_MS),
    ]);
    const { rows } = await tx.query<{ id: number }>(
      `INSERT INTO desk_conversations (channel, user_id, status, offered_at) VALUES ($1, $2, 'offered', $3)
       ON CONFLICT (channel, user_id) WHERE status <> 'closed' DO NOTHING RETURNING id`,
      [channel, userId, now],
    );
    const id = rows[0]?.id;
    if (id === undefined) return false;
    for (const attempt of attempts) {
      await insertMessage(tx, Number(id), 'citizen', attempt.question, attempt.at, { earlier: true });
      await insertMessage(tx, Number(id), 'assistant', attempt.answer, attempt.at, { earlier: true });
    }
    return true;
  });
}

async function insertMessage(
  tx: Queryable,
  conversationId: number,
  author: DeskAuthor,
  text: string,
  at: Date,
  options: { earlier?: boolean; operatorId?: number; delivery?: DeskDelivery } = {},
): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO desk_messages (conversation_id, author, operator_id, body, earlier, delivery, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [conversationId, author, options.operatorId ?? null, text, options.earlier ?? false, options.delivery ?? 'none', at],
  );
  return Number(rows[0]!.id);
}

/** The offer joins the queue; how many queued conversations are ahead of it, or null when it is gone. */
export async function acceptOffer(db: Queryable, id: number, now: Date): Promise<{ ahead: number } | null> {
  const { rows } = await db.query<{ id: number }>(`UPDATE desk_conversations SET status = 'queued', queued_at = $2 WHERE id = $1 AND status = 'offered' RETURNING id`, [id, now]);
  if (rows.length === 0) return null;
  const ahead = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM desk_conversations WHERE status = 'queued' AND id <> $1 AND (queued_at < $2 OR (queued_at = $2 AND id < $1))`,
    [id, now],
  );
  return { ahead: Number(ahead.rows[0]?.n ?? 0) };
}

export async function declineOffer(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM desk_conversations WHERE id = $1 AND status = 'offered'`, [id]);
}

/** Stores a citizen's message into a queued or open conversation; `first` when they had not been told yet. */
export async function forwardCitizenMessage(db: Database, id: number, text: string, now: Date): Promise<{ first: boolean }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ acknowledged: boolean }>(`SELECT acknowledged FROM desk_conversations WHERE id = $1 AND status IN ('queued', 'open') FOR UPDATE`, [id]);
    const row = rows[0];
    if (!row) throw new DeskConversationGoneError(id);
    await insertMessage(tx, id, 'citizen', text, now);
    await tx.query('UPDATE desk_conversations SET acknowledged = true, last_citizen_at = $2 WHERE id = $1', [id, now]);
    return { first: !row.acknowledged };
  });
}

export async function closeConversation(db: Queryable, id: number, by: 'operator' | 'citizen', now: Date): Promise<boolean> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE desk_conversations SET status = 'closed', closed_at = $2, closed_by = $3 WHERE id = $1 AND status IN ('queued', 'open') RETURNING id`,
    [id, now, by],
  );
  return rows.length > 0;
}

/** Queued conversations first (longest waiting first), then open ones; each with the first question. */
export async function listActive(db: Queryable): Promise<DeskQueueEntry[]> {
  const { rows } = await db.query<ConversationRow & { first_question: string | null; messages: number }>(
    `SELECT ${CONVERSATION_COLUMNS},
       (SELECT m.body FROM desk_messages m WHERE m.conversation_id = c.id AND m.author = 'citizen' ORDER BY m.earlier DESC, m.id LIMIT 1) AS first_question,
       (SELECT count(*) FROM desk_messages m WHERE m.conversation_id = c.id) AS messages
     FROM desk_conversations c LEFT JOIN officials o ON o.id = c.operator_id
     WHERE c.status IN ('queued', 'open')
     ORDER BY CASE c.status WHEN 'queued' THEN 0 ELSE 1 END, c.queued_at, c.id`,
  );
  return rows.map((row) => ({ ...toConversation(row), firstQuestion: row.first_question ?? '', messages: Number(row.messages) }));
}

export async function listRecentlyClosed(db: Queryable, limit = 10): Promise<DeskQueueEntry[]> {
  const { rows } = await db.query<ConversationRow & { first_question: string | null; messages: number }>(
    `SELECT ${CONVERSATION_COLUMNS},
       (SELECT m.body FROM desk_messages m WHERE m.conversation_id = c.id AND m.author = 'citizen' ORDER BY m.earlier DESC, m.id LIMIT 1) AS first_question,
       (SELECT count(*) FROM desk_messages m WHERE m.conversation_id = c.id) AS messages
     FROM desk_conversations c LEFT JOIN officials o ON o.id = c.operator_id
     WHERE c.status = 'closed' ORDER BY c.closed_at DESC, c.id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({ ...toConversation(row), firstQuestion: row.first_question ?? '', messages: Number(row.messages) }));
}

export async function readConversation(db: Queryable, id: number): Promise<{ conversation: DeskConversation; messages: DeskMessage[] } | null> {
  const { rows } = await db.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM desk_conversations c LEFT JOIN officials o ON o.id = c.operator_id WHERE c.id = $1 AND c.status <> 'offered'`, [id]);
  const row = rows[0];
  if (!row) return null;
  const messages = await db.query<{ id: number; author: DeskAuthor; operator_name: string | null; body: string; earlier: boolean; delivery: DeskDelivery; created_at: Date }>(
    `SELECT m.id, m.author, o.name AS operator_name, m.body, m.earlier, m.delivery, m.created_at
     FROM desk_messages m LEFT JOIN officials o ON o.id = m.operator_id WHERE m.conversation_id = $1 ORDER BY m.id`,
    [id],
  );
  return {
    conversation: toConversation(row),
    messages: messages.rows.map((m) => ({ id: Number(m.id), author: m.author, operatorName: m.operator_name, text: m.body, earlier: m.earlier, delivery: m.delivery, at: new Date(m.created_at) })),
  };
}

/** An operator takes a queued conversation; true when it is now theirs (it was queued, or already theirs). */
export async function claimConversation(db: Queryable, id: number, operatorId: number, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ operator_id: number }>(
    `UPDATE desk_conversations SET status = 'open', operator_id = $2, opened_at = $3
     WHERE id = $1 AND (status = 'queued' OR (status = 'open' AND operator_id = $2)) RETURNING operator_id`,
    [id, operatorId, now],
  );
  return rows.length > 0;
}

export type OperatorReplyResult =
  | { status: 'stored'; messageId: number; channel: ChannelName; userId: string }
  | { status: 'taken' }
  | { status: 'gone' };

/**
 * An operator's reply, stored before it is sent: a queued conversation is claimed by it; one open for another
 * operator (or closed) is refused. The caller delivers it and records how (`setDelivery`).
 */
export async function addOperatorReply(db: Database, id: number, operatorId: number, text: string, now: Date): Promise<OperatorReplyResult> {
  return db.transaction(async (tx: ScriptQueryable) => {
    const { rows } = await tx.query<{ status: DeskStatus; operator_id: number | null; channel: string; user_id: string }>(
      'SELECT status, operator_id, channel, user_id FROM desk_conversations WHERE id = $1 FOR UPDATE',
      [id],
    );
    const row = rows[0];
    if (!row || (row.status !== 'queued' && row.status !== 'open')) return { status: 'gone' } as const;
    if (row.status === 'open' && Number(row.operator_id) !== operatorId) return { status: 'taken' } as const;
    if (row.status === 'queued') await tx.query(`UPDATE desk_conversations SET status = 'open', operator_id = $2, opened_at = $3 WHERE id = $1`, [id, operatorId, now]);
    const messageId = await insertMessage(tx, id, 'operator', text, now, { operatorId });
    return { status: 'stored', messageId, channel: row.channel as ChannelName, userId: row.user_id } as const;
  });
}

export async function setDelivery(db: Queryable, messageId: number, delivery: DeskDelivery): Promise<void> {
  await db.query('UPDATE desk_messages SET delivery = $2 WHERE id = $1', [messageId, delivery]);
}

/** What the web chat's poll shows: operators' replies to this web session after `after`, and its conversation's status. */
export async function webDeskUpdates(db: Queryable, sessionId: string, after: number): Promise<{ messages: Array<{ id: number; text: string; at: Date }>; status: DeskStatus | null }> {
  const latest = await db.query<{ id: number; status: DeskStatus }>(
    `SELECT id, status FROM desk_conversations WHERE channel = 'web' AND user_id = $1 AND status <> 'offered' ORDER BY id DESC LIMIT 1`,
    [sessionId],
  );
  const conversation = latest.rows[0];
  if (!conversation) return { messages: [], status: null };
  const { rows } = await db.query<{ id: number; body: string; created_at: Date }>(
    `SELECT m.id, m.body, m.created_at FROM desk_messages m JOIN desk_conversations c ON c.id = m.conversation_id
     WHERE c.channel = 'web' AND c.user_id = $1 AND m.author = 'operator' AND m.id > $2 ORDER BY m.id LIMIT 50`,
    [sessionId, after],
  );
  return { messages: rows.map((row) => ({ id: Number(row.id), text: row.body, at: new Date(row.created_at) })), status: conversation.status };
}

/**
 * Deletes what the desk need not keep: conversations closed more than `retentionDays` ago (their messages go with
 * them) and offers left unanswered. Saved answers stay (they were reviewed and had personal data removed).
 */
export async function purgeDesk(db: Queryable, retentionDays: number, now: Date): Promise<number> {
  const closed = await db.query<{ id: number }>(`DELETE FROM desk_conversations WHERE status = 'closed' AND closed_at < $1 RETURNING id`, [
    new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000),
  ]);
  const offers = await db.query<{ id: number }>(`DELETE FROM desk_conversations WHERE status = 'offered' AND offered_at < $1 RETURNING id`, [new Date(now.getTime() - OFFER_TTL_MS)]);
  return closed.rows.length + offers.rows.length;
}

export async function saveAnswer(
  db: Queryable,
  entry: { question: string; answer: string; reviewedBy: number; reviewerName: string; now: Date; sourceConversation: number | null },
): Promise<SavedAnswer> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO desk_saved_answers (question, answer, reviewed_by, reviewer_name, reviewed_at, source_conversation) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [entry.question, entry.answer, entry.reviewedBy, entry.reviewerName, entry.now, entry.sourceConversation],
  );
  return { id: Number(rows[0]!.id), question: entry.question, answer: entry.answer, reviewerName: entry.reviewerName, reviewedAt: entry.now };
}

export async function listSavedAnswers(db: Queryable): Promise<SavedAnswer[]> {
  const { rows } = await db.query<{ id: number; question: string; answer: string; reviewer_name: string; reviewed_at: Date }>(
    'SELECT id, question, answer, reviewer_name, reviewed_at FROM desk_saved_answers WHERE removed_at IS NULL ORDER BY id',
  );
  return rows.map((row) => ({ id: Number(row.id), question: row.question, answer: row.answer, reviewerName: row.reviewer_name, reviewedAt: new Date(row.reviewed_at) }));
}

/** Changes whenever an answer is saved or removed: what other instances poll. */
export async function savedAnswersVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ n: number; last: number; removed: Date | null }>(
    'SELECT count(*) AS n, coalesce(max(id), 0) AS last, max(removed_at) AS removed FROM desk_saved_answers',
  );
  const row = rows[0];
  return `${row?.n ?? 0}:${row?.last ?? 0}:${row?.removed ? new Date(row.removed).getTime() : 0}`;
}
