/**
 * SQL of the officials' tables (migration 002_officials.sql). Parameterised queries only. `status_updates` is
 * append-only: this module has no UPDATE or DELETE on it.
 */
import { createHash, randomInt } from 'node:crypto';
import type { ChannelName } from '../engine/types.ts';
import type { Queryable, ScriptQueryable, Database } from '../store/database.ts';
import { effectiveStatus, type StatusCode as UpdateStatus } from '../status/rules.ts';
import { redactPersonalData } from '../text/personal-data.ts';
import { OfficialsAdminError } from './errors.ts';

/** `operator`: a 1022 desk operator (migration 026): enters /desk only, files no status updates. */
export type OfficialRole = 'official' | 'coordinator' | 'operator';

export interface Official {
  id: number;
  channel: ChannelName;
  userId: string;
  agencyId: string;
  name: string;
  role: OfficialRole;
  optOutReminders: boolean;
  /** False until an official who registered by invite has told their name. */
  nameConfirmed: boolean;
  createdAt: Date;
  removedAt: Date | null;
}

interface OfficialRow {
  id: number;
  channel: string;
  user_id: string;
  agency_id: string;
  name: string;
  role: OfficialRole;
  opt_out_reminders: boolean;
  name_confirmed: boolean;
  created_at: Date;
  removed_at: Date | null;
}

function toOfficial(row: OfficialRow): Official {
  return {
    id: Number(row.id),
    channel: row.channel as ChannelName,
    userId: row.user_id,
    agencyId: row.agency_id,
    name: row.name,
    role: row.role,
    optOutReminders: row.opt_out_reminders,
    nameConfirmed: row.name_confirmed,
    createdAt: new Date(row.created_at),
    removedAt: row.removed_at === null ? null : new Date(row.removed_at),
  };
}

const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}

export async function findActiveOfficial(db: Queryable, channel: string, userId: string): Promise<Official | null> {
  const { rows } = await db.query<OfficialRow>(
    'SELECT * FROM officials WHERE channel = $1 AND user_id = $2 AND removed_at IS NULL',
    [channel, userId],
  );
  return rows[0] ? toOfficial(rows[0]) : null;
}

export async function listActiveOfficials(db: Queryable): Promise<Official[]> {
  const { rows } = await db.query<OfficialRow>('SELECT * FROM officials WHERE removed_at IS NULL ORDER BY agency_id, id');
  return rows.map(toOfficial);
}

export interface NewOfficial {
  channel: ChannelName;
  userId: string;
  agencyId: string;
  name: string;
  role: OfficialRole;
  now: Date;
}

/** Throws OfficialsAdminError when the account is already bound to an agency. */
export async function addOfficial(db: Queryable, official: NewOfficial): Promise<Official> {
  try {
    const { rows } = await db.query<OfficialRow>(
      `INSERT INTO officials (channel, user_id, agency_id, name, role, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [official.channel, official.userId, official.agencyId, official.name, official.role, official.now],
    );
    return toOfficial(rows[0]!);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new OfficialsAdminError(
        `Tài khoản ${official.channel}:${official.userId} đã được đăng ký; hãy "remove" trước khi thêm lại ` +
          `(account ${official.channel}:${official.userId} is already registered).`,
      );
    }
    throw error;
  }
}

/** Ends the binding; the row stays for the audit trail. False when no active binding existed. */
export async function removeOfficial(db: Queryable, channel: string, userId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    'UPDATE officials SET removed_at = $3 WHERE channel = $1 AND user_id = $2 AND removed_at IS NULL RETURNING id',
    [channel, userId, now],
  );
  return rows.length > 0;
}

/** Every official ever bound, active first, by agency (the console's list; removed rows stay for the audit trail). */
export async function listOfficials(db: Queryable): Promise<Official[]> {
  const { rows } = await db.query<OfficialRow>('SELECT * FROM officials ORDER BY (removed_at IS NULL) DESC, agency_id, id');
  return rows.map(toOfficial);
}

/** Ends the binding of official `id` (the console's "ngừng"); false when it was not active. */
export async function removeOfficialById(db: Queryable, id: number, now: Date): Promise<boolean> {
  const { rows } = await db.query('UPDATE officials SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL RETURNING id', [id, now]);
  return rows.length > 0;
}

/** The name an official gave for themselves (or null: ask for it again). */
export async function setOfficialName(db: Queryable, officialId: number, name: string | null): Promise<void> {
  if (name === null) await db.query('UPDATE officials SET name_confirmed = false WHERE id = $1', [officialId]);
  else await db.query('UPDATE officials SET name = $2, name_confirmed = true WHERE id = $1', [officialId, name]);
}

export async function setReminderOptOut(db: Queryable, officialId: number, optOut: boolean): Promise<void> {
  await db.query('UPDATE officials SET opt_out_reminders = $2 WHERE id = $1', [officialId, optOut]);
}

// Invites ------------------------------------------------------------------------------------------------------

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Upper case, separators removed: "abcd-2345" and "ABCD 2345" are the same code. */
export function normaliseInviteCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/gu, '');
}

function hashInviteCode(code: string): string {
  return createHash('sha256').update(normaliseInviteCode(code)).digest('hex');
}

export interface Invite {
  code: string;
  agencyId: string;
  role: OfficialRole;
  expiresAt: Date;
}

/** Creates a one-time code; only its hash is stored, so the code is shown once. */
export async function createInvite(
  db: Queryable,
  options: { agencyId: string; role: OfficialRole; now: Date; ttlHours: number },
): Promise<Invite> {
  const raw = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  const expiresAt = new Date(options.now.getTime() + options.ttlHours * 3_600_000);
  await db.query('INSERT INTO invites (code_hash, agency_id, role, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    hashInviteCode(code),
    options.agencyId,
    options.role,
    options.now,
    expiresAt,
  ]);
  return { code, agencyId: options.agencyId, role: options.role, expiresAt };
}

/** Invites not yet expired, newest first: agency, role, when made and until when, whether used (never the code). */
export async function listOpenInvites(db: Queryable, now: Date): Promise<Array<{ agencyId: string; role: string; createdAt: Date; expiresAt: Date; used: boolean }>> {
  const { rows } = await db.query<{ agency_id: string; role: string; created_at: Date; expires_at: Date; used_at: Date | null }>(
    'SELECT agency_id, role, created_at, expires_at, used_at FROM invites WHERE expires_at > $1 OR used_at > $1 - interval \'7 days\' ORDER BY created_at DESC LIMIT 100',
    [now],
  );
  return rows.map((row) => ({ agencyId: row.agency_id, role: row.role, createdAt: new Date(row.created_at), expiresAt: new Date(row.expires_at), used: row.used_at !== null }));
}

export type RedeemOutcome =
  | { outcome: 'registered'; official: Official }
  | { outcome: 'invalid' | 'expired' | 'used' }
  | { outcome: 'already_registered'; official: Official };

/** Uses a code to bind a chat account to the code's agency, in one transaction (a code binds at most once). */
export async function redeemInvite(
  db: Database,
  request: { code: string; channel: ChannelName; userId: string; name: string; now: Date },
): Promise<RedeemOutcome> {
  return db.transaction(async (tx) => {
    const existing = await findActiveOfficial(tx, request.channel, request.userId);
    if (existing) return { outcome: 'already_registered', official: existing };
    const { rows } = await tx.query<{ agency_id: string; role: OfficialRole; expires_at: Date; used_at: Date | null }>(
      'SELECT agency_id, role, expires_at, used_at FROM invites WHERE code_hash = $1 FOR UPDATE',
      [hashInviteCode(request.code)],
    );
    const invite = rows[0];
    if (!invite) return { outcome: 'invalid' };
    if (invite.used_at !== null) return { outcome: 'used' };
    if (new Date(invite.expires_at).getTime() <= request.now.getTime()) return { outcome: 'expired' };
    const official = await addOfficial(tx, {
      channel: request.channel,
      userId: request.userId,
      agencyId: invite.agency_id,
      name: request.name,
      role: invite.role,
      now: request.now,
    });
    await tx.query('UPDATE invites SET used_at = $2, used_by = $3 WHERE code_hash = $1', [
      hashInviteCode(request.code),
      request.now,
      official.id,
    ]);
    return { outcome: 'registered', official };
  });
}

// Drafts -------------------------------------------------------------------------------------------------------

/**
 * What an official has said so far about one task, awaiting "có". `unchanged` ("không thay đổi"): the agency
 * reports the tasks of `unchanged` (the first is `taskId`) with the status each had carried over; note, status and
 * percentage stay empty.
 */
export interface Draft {
  taskId: string;
  agencyId: string;
  kind: 'status' | 'comment' | 'unchanged';
  /** As stated; null when only implied (see effectiveStatus). */
  status: UpdateStatus | null;
  percent: number | null;
  note: string;
  evidenceUrl: string | null;
  rawMessages: string[];
  /** Platform ids of the messages merged into this draft, in order (null entries for channels without ids). */
  messageIds: Array<string | null>;
  /** For `unchanged`: each task and the status entry it carries over (null: none reported before), as shown. */
  unchanged?: Array<{ taskId: string; carriesId: number | null; last?: string | null }>;
  /** For `unchanged`: the label of the period answered, as shown. */
  periodLabel?: string;
}

export interface StoredDraft {
  officialId: number;
  draft: Draft;
  createdAt: Date;
  updatedAt: Date;
}

export async function getDraft(db: Queryable, channel: string, userId: string): Promise<StoredDraft | null> {
  const { rows } = await db.query<{ official_id: number; draft: Draft; created_at: Date; updated_at: Date }>(
    'SELECT official_id, draft, created_at, updated_at FROM pending_updates WHERE channel = $1 AND user_id = $2',
    [channel, userId],
  );
  const row = rows[0];
  return row
    ? { officialId: Number(row.official_id), draft: row.draft, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) }
    : null;
}

export async function saveDraft(
  db: Queryable,
  key: { channel: string; userId: string; officialId: number },
  draft: Draft,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO pending_updates (channel, user_id, official_id, draft, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (channel, user_id) DO UPDATE SET official_id = EXCLUDED.official_id, draft = EXCLUDED.draft,
       updated_at = EXCLUDED.updated_at`,
    [key.channel, key.userId, key.officialId, JSON.stringify(draft), now],
  );
}

export async function deleteDraft(db: Queryable, channel: string, userId: string): Promise<void> {
  await db.query('DELETE FROM pending_updates WHERE channel = $1 AND user_id = $2', [channel, userId]);
}

// Pending choices between tasks ---------------------------------------------------------------------------------

export interface PendingChoice {
  officialId: number;
  /** Task keys the report may be about, best first. */
  candidates: string[];
  /** The report's words, drafted once the task is known. */
  body: string;
  /** A date in the report after the day it was sent, as written ("15/12"): asked about before drafting. */
  questionedDate: string | null;
  createdAt: Date;
}

export async function getChoice(db: Queryable, channel: string, userId: string): Promise<PendingChoice | null> {
  const { rows } = await db.query<{ official_id: number; candidates: string[]; body: string; questioned_date: string | null; created_at: Date }>(
    'SELECT official_id, candidates, body, questioned_date, created_at FROM pending_choices WHERE channel = $1 AND user_id = $2',
    [channel, userId],
  );
  const row = rows[0];
  return row
    ? { officialId: Number(row.official_id), candidates: row.candidates, body: row.body, questionedDate: row.questioned_date ?? null, createdAt: new Date(row.created_at) }
    : null;
}

export async function saveChoice(
  db: Queryable,
  key: { channel: string; userId: string; officialId: number },
  choice: { candidates: string[]; body: string; questionedDate?: string | null },
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO pending_choices (channel, user_id, official_id, candidates, body, questioned_date, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (channel, user_id) DO UPDATE SET official_id = EXCLUDED.official_id, candidates = EXCLUDED.candidates,
       body = EXCLUDED.body, questioned_date = EXCLUDED.questioned_date, created_at = EXCLUDED.created_at`,
    [key.channel, key.userId, key.officialId, JSON.stringify(choice.candidates), choice.body, choice.questionedDate ?? null, now],
  );
}

export async function deleteChoice(db: Queryable, channel: string, userId: string): Promise<void> {
  await db.query('DELETE FROM pending_choices WHERE channel = $1 AND user_id = $2', [channel, userId]);
}

// Status updates -----------------------------------------------------------------------------------------------

export interface StatusUpdateRow {
  id: number;
  taskId: string;
  agencyId: string;
  officialId: number;
  officialName: string;
  channel: string;
  platformMessageId: string | null;
  kind: 'status' | 'comment' | 'withdrawal' | 'unchanged';
  status: UpdateStatus | null;
  percent: number | null;
  /** For `unchanged`: the status entry carried over (null when none was reported before). */
  carriesId: number | null;
  /** The official's own words; only officials see them. */
  note: string;
  /** The note as citizens may see it, personal data replaced with placeholders. */
  publicNote: string;
  evidenceUrl: string | null;
  withdrawsId: number | null;
  rawMessage: string;
  createdAt: Date;
  /** When a later withdrawal entry withdrew this one. */
  withdrawnAt: Date | null;
}

interface StatusUpdateDbRow {
  id: number;
  task_id: string;
  agency_id: string;
  official_id: number;
  official_name: string;
  channel: string;
  platform_message_id: string | null;
  kind: StatusUpdateRow['kind'];
  status: UpdateStatus | null;
  percent: number | null;
  note: string;
  public_note: string | null;
  evidence_url: string | null;
  withdraws_id: number | null;
  carries_id: number | null;
  raw_message: string;
  created_at: Date;
  withdrawn_at: Date | null;
}

function toStatusUpdate(row: StatusUpdateDbRow): StatusUpdateRow {
  return {
    id: Number(row.id),
    taskId: row.task_id,
    agencyId: row.agency_id,
    officialId: Number(row.official_id),
    officialName: row.official_name,
    channel: row.channel,
    platformMessageId: row.platform_message_id,
    kind: row.kind,
    status: row.status,
    percent: row.percent === null ? null : Number(row.percent),
    carriesId: row.carries_id === null || row.carries_id === undefined ? null : Number(row.carries_id),
    note: row.note,
    publicNote: publicNote(row),
    evidenceUrl: row.evidence_url,
    withdrawsId: row.withdraws_id === null ? null : Number(row.withdraws_id),
    rawMessage: row.raw_message,
    createdAt: new Date(row.created_at),
    withdrawnAt: row.withdrawn_at === null ? null : new Date(row.withdrawn_at),
  };
}

/** The stored public form of a note; rows from before the column existed are redacted as they are read. */
export function publicNote(row: { note: string; public_note: string | null }): string {
  return row.public_note ?? redactPersonalData(row.note);
}

const SELECT_UPDATES = `
  SELECT s.*, o.name AS official_name, w.created_at AS withdrawn_at
  FROM status_updates s
  JOIN officials o ON o.id = s.official_id
  LEFT JOIN status_updates w ON w.withdraws_id = s.id`;

/** The confirmed update started or confirmed by this platform message, if any (duplicate delivery). */
export async function findUpdateByMessage(db: Queryable, channel: string, messageId: string): Promise<StatusUpdateRow | null> {
  const { rows } = await db.query<StatusUpdateDbRow>(
    `${SELECT_UPDATES} WHERE s.channel = $1 AND (s.platform_message_id = $2 OR s.confirm_message_id = $2) LIMIT 1`,
    [channel, messageId],
  );
  return rows[0] ? toStatusUpdate(rows[0]) : null;
}

export type ConfirmOutcome =
  /** `update`: the first entry stored (an `unchanged` draft stores `count` entries, one per task). */
  | { outcome: 'stored'; update: StatusUpdateRow; count: number }
  /** Already stored by an earlier delivery of the same platform message; the draft is gone either way. */
  | { outcome: 'duplicate'; taskId: string }
  | { outcome: 'no_draft' };

/**
 * Stores the draft as a status update and removes the draft, in one transaction: either both happen or neither
 * (a failure leaves the draft in place and no update).
 */
export async function confirmDraft(
  db: Database,
  request: { channel: string; userId: string; confirmMessageId: string | null; now: Date },
): Promise<ConfirmOutcome> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ official_id: number; draft: Draft }>(
      'DELETE FROM pending_updates WHERE channel = $1 AND user_id = $2 RETURNING official_id, draft',
      [request.channel, request.userId],
    );
    const row = rows[0];
    if (!row) return { outcome: 'no_draft' };
    const draft = row.draft;
    if (draft.kind === 'unchanged') return storeUnchanged(tx, draft, Number(row.official_id), request);
    const inserted = await insertUpdate(tx, {
      taskId: draft.taskId,
      agencyId: draft.agencyId,
      officialId: Number(row.official_id),
      channel: request.channel,
      platformMessageId: draft.messageIds.find((id) => id !== null) ?? null,
      confirmMessageId: request.confirmMessageId,
      kind: draft.kind,
      status: draft.kind === 'status' ? effectiveStatus(draft) : null,
      percent: draft.kind === 'status' ? draft.percent : null,
      note: draft.note,
      evidenceUrl: draft.evidenceUrl,
      withdrawsId: null,
      carriesId: null,
      rawMessage: draft.rawMessages.join('\n'),
      createdAt: request.now,
    });
    return inserted ? { outcome: 'stored', update: inserted, count: 1 } : { outcome: 'duplicate', taskId: draft.taskId };
  });
}

/**
 * One `unchanged` entry per task of the draft. Only the first carries the platform message ids (they are unique per
 * channel), so a second delivery of the same messages finds it and stores nothing more.
 */
async function storeUnchanged(
  tx: Queryable,
  draft: Draft,
  officialId: number,
  request: { channel: string; confirmMessageId: string | null; now: Date },
): Promise<ConfirmOutcome> {
  let first: StatusUpdateRow | null = null;
  const tasks = draft.unchanged ?? [{ taskId: draft.taskId, carriesId: null }];
  for (const [index, task] of tasks.entries()) {
    const inserted = await insertUpdate(tx, {
      taskId: task.taskId,
      agencyId: draft.agencyId,
      officialId,
      channel: request.channel,
      platformMessageId: index === 0 ? (draft.messageIds.find((id) => id !== null) ?? null) : null,
      confirmMessageId: index === 0 ? request.confirmMessageId : null,
      kind: 'unchanged',
      status: null,
      percent: null,
      note: '',
      evidenceUrl: null,
      withdrawsId: null,
      carriesId: task.carriesId,
      rawMessage: draft.rawMessages.join('\n'),
      createdAt: request.now,
    });
    if (index === 0 && !inserted) return { outcome: 'duplicate', taskId: draft.taskId };
    first ??= inserted;
  }
  return { outcome: 'stored', update: first!, count: tasks.length };
}

interface NewUpdate {
  taskId: string;
  agencyId: string;
  officialId: number;
  channel: string;
  platformMessageId: string | null;
  confirmMessageId: string | null;
  kind: StatusUpdateRow['kind'];
  status: UpdateStatus | null;
  percent: number | null;
  note: string;
  evidenceUrl: string | null;
  withdrawsId: number | null;
  carriesId: number | null;
  rawMessage: string;
  createdAt: Date;
}

/** Appends one entry; null when a unique platform message id (or withdrawal target) says it is already there. */
async function insertUpdate(db: Queryable, update: NewUpdate): Promise<StatusUpdateRow | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO status_updates (task_id, agency_id, official_id, channel, platform_message_id, confirm_message_id, kind,
       status, percent, note, evidence_url, withdraws_id, raw_message, created_at, public_note, carries_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      update.taskId,
      update.agencyId,
      update.officialId,
      update.channel,
      update.platformMessageId,
      update.confirmMessageId,
      update.kind,
      update.status,
      update.percent,
      update.note,
      update.evidenceUrl,
      update.withdrawsId,
      update.rawMessage,
      update.createdAt,
      redactPersonalData(update.note),
      update.carriesId,
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) return null;
  const stored = await db.query<StatusUpdateDbRow>(`${SELECT_UPDATES} WHERE s.id = $1`, [id]);
  return toStatusUpdate(stored.rows[0]!);
}

/** The official's most recent status or comment that is not withdrawn yet. */
export async function lastOwnUpdate(db: Queryable, officialId: number): Promise<StatusUpdateRow | null> {
  const { rows } = await db.query<StatusUpdateDbRow>(
    `${SELECT_UPDATES} WHERE s.official_id = $1 AND s.kind <> 'withdrawal' AND w.id IS NULL ORDER BY s.id DESC LIMIT 1`,
    [officialId],
  );
  return rows[0] ? toStatusUpdate(rows[0]) : null;
}

/** Appends a withdrawal of `target`; null when it was already withdrawn (or this message already handled). */
export async function withdrawUpdate(
  db: Queryable,
  request: { target: StatusUpdateRow; officialId: number; channel: string; messageId: string | null; rawMessage: string; now: Date },
): Promise<StatusUpdateRow | null> {
  return insertUpdate(db, {
    taskId: request.target.taskId,
    agencyId: request.target.agencyId,
    officialId: request.officialId,
    channel: request.channel,
    platformMessageId: request.messageId,
    confirmMessageId: null,
    kind: 'withdrawal',
    status: null,
    percent: null,
    note: '',
    evidenceUrl: null,
    withdrawsId: request.target.id,
    carriesId: null,
    rawMessage: request.rawMessage,
    createdAt: request.now,
  });
}

/**
 * The entries stored with `target` by one confirmation of "không thay đổi" (same official, kind and time), target
 * first, not withdrawn yet; just `[target]` for any other entry.
 */
export async function confirmedTogether(db: Queryable, target: StatusUpdateRow): Promise<StatusUpdateRow[]> {
  if (target.kind !== 'unchanged') return [target];
  const { rows } = await db.query<StatusUpdateDbRow>(
    `${SELECT_UPDATES} WHERE s.official_id = $1 AND s.kind = 'unchanged' AND s.created_at = $2 AND w.id IS NULL ORDER BY s.id`,
    [target.officialId, target.createdAt],
  );
  const batch = rows.map(toStatusUpdate);
  return [target, ...batch.filter((entry) => entry.id !== target.id)];
}

/** Every status and comment of a task, oldest first, each marked with its withdrawal if any. */
export async function taskHistory(db: Queryable, taskId: string): Promise<StatusUpdateRow[]> {
  const { rows } = await db.query<StatusUpdateDbRow>(
    `${SELECT_UPDATES} WHERE s.task_id = $1 AND s.kind <> 'withdrawal' ORDER BY s.id`,
    [taskId],
  );
  return rows.map(toStatusUpdate);
}

// Reminders ----------------------------------------------------------------------------------------------------

/** Held (transaction-scoped) by every run that claims reminders, requests or chases, in every process. */
const REMINDER_LOCK_KEY = 7_190_004;

export interface ReminderClaim {
  kind: string;
  taskId: string;
  agencyId: string;
  officialId: number;
  periodKey: string;
}

/** Records a reminder as sent and returns its id; null when it was recorded before (by this or another instance). */
export async function claimReminder(db: ScriptQueryable, claim: ReminderClaim, now: Date): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reminders_sent (kind, task_id, agency_id, official_id, period_key, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [claim.kind, claim.taskId, claim.agencyId, claim.officialId, claim.periodKey, now],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/**
 * Claims every one of `claims` in one transaction holding the reminders' advisory lock; returns those won (not
 * claimed before by this or another instance) with their ids, or null when another run holds the lock.
 */
export async function claimUnderLock<T extends ReminderClaim>(db: Database, claims: readonly T[], now: Date): Promise<Array<T & { claimId: number }> | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [REMINDER_LOCK_KEY]);
    if (!rows[0]?.locked) return null;
    const won: Array<T & { claimId: number }> = [];
    for (const claim of claims) {
      const claimId = await claimReminder(tx, claim, now);
      if (claimId !== null) won.push({ ...claim, claimId });
    }
    return won;
  });
}

/** Gives back claims whose message could not be delivered, so the next run tries again. */
export async function releaseReminders(db: Queryable, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.query('DELETE FROM reminders_sent WHERE id = ANY($1::bigint[])', [ids]);
}

// Whole-store reads and resets (the scenario runner) ---------------------------------------------------------------

/** Every stored row (statuses, comments and withdrawals), oldest first, each marked with its withdrawal if any. */
export async function allUpdates(db: Queryable): Promise<StatusUpdateRow[]> {
  const { rows } = await db.query<StatusUpdateDbRow>(`${SELECT_UPDATES} ORDER BY s.id`);
  return rows.map(toStatusUpdate);
}

/** The officials' tables, children first. */
const OFFICIALS_TABLES = ['reporting_periods', 'reminders_sent', 'pending_choices', 'pending_updates', 'status_updates', 'invites', 'officials'];

/**
 * Empties the officials' tables (officials, invites, drafts, updates, reminders); the knowledge stays. Ids keep
 * counting up, so a status memory that compares the last update id still sees the change.
 */
export async function clearOfficialsData(db: ScriptQueryable): Promise<void> {
  await db.exec(`TRUNCATE ${OFFICIALS_TABLES.join(', ')} CASCADE`);
}
