/**
 * Where the Zalo Official Account's OAuth tokens live between refreshes. A refresh token works once (and lapses after
 * about three months unused), so whoever refreshes must store the new pair before anyone uses it, and two refreshers
 * must never present the same refresh token.
 *
 * - `DatabaseZaloOaTokenStore` (what `serve` uses): one row per app id in `zalo_oa_tokens` (migration 020). A
 *   refresh runs inside `exclusive`, a transaction holding the row with `SELECT … FOR UPDATE` on PostgreSQL, so every
 *   instance on one database waits for the refresh in progress and then re-reads the row; PGlite is one process
 *   whose transactions are serialised already (so there the refresh holds its single connection for the OAuth call,
 *   at most its 10 s timeout, about once a day). The first use seeds the row from the environment, or from the
 *   legacy token file once (which is then removed).
 * - `FileZaloOaTokenStore`: `${DATA_DIR}/zalo-oa-tokens.json` (atomic, mode 0600), serialised within the process;
 *   the fallback when no database is given.
 *
 * Both follow one rule for the environment: stored tokens win while they descend from the current
 * ZALO_OA_REFRESH_TOKEN (or the environment has none); a different ZALO_OA_REFRESH_TOKEN is a new authorisation and
 * replaces them.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Database, Queryable } from '../store/database.ts';
import { readJsonFile, writeJsonAtomic } from './files.ts';
import { describeError } from './text.ts';
import type { ChannelLogger } from './types.ts';

/** Tokens as configured (ZALO_OA_ACCESS_TOKEN, ZALO_OA_REFRESH_TOKEN). */
export interface ZaloOaTokens {
  accessToken: string | undefined;
  refreshToken: string | undefined;
}

export interface StoredZaloOaTokens extends ZaloOaTokens {
  /** When the access token stops working (OAuth `expires_in`); null when unknown (tokens from the environment). */
  expiresAt: Date | null;
  /** When this pair was obtained by a refresh, or first stored; the 30-day refresh rule counts from here. */
  updatedAt: Date;
}

export interface ZaloOaTokenStore {
  /** The current tokens (seeding the store on first use). */
  load(): Promise<StoredZaloOaTokens>;
  /**
   * Runs `fn` with the tokens as stored now, while no other `exclusive` for the same app runs (in this process, and
   * on PostgreSQL in any instance). When `fn` returns tokens they are stored before `exclusive` resolves with them;
   * null keeps the stored ones, which `exclusive` resolves with. If storing fails after `fn` spent a refresh token,
   * `exclusive` rejects: the caller that holds the new tokens keeps them in memory.
   */
  exclusive(fn: (current: StoredZaloOaTokens) => Promise<StoredZaloOaTokens | null>): Promise<StoredZaloOaTokens>;
}

/** sha256 of a token: lets the store tell which configured refresh token its tokens descend from without keeping it. */
export function tokenFingerprint(token: string | undefined): string | null {
  return token ? createHash('sha256').update(token).digest('hex') : null;
}

interface TokenFile {
  accessToken?: string;
  refreshToken?: string;
  expiresAt?: string | null;
  updatedAt?: string;
  /** sha256 of the env refresh token these tokens descend from; a different env value means a new authorisation. */
  seededFrom?: string | null;
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `${DATA_DIR}/zalo-oa-tokens.json`, written atomically with mode 0600; exclusive within this process only. */
export class FileZaloOaTokenStore implements ZaloOaTokenStore {
  private queue: Promise<unknown> = Promise.resolve();
  private firstSeen: Date | undefined;

  constructor(
    readonly file: string,
    private readonly fromEnv: ZaloOaTokens,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(): Promise<StoredZaloOaTokens> {
    return (await this.loadWithSource()).tokens;
  }

  /** The tokens and whether they came from the file (not the environment). Invalid JSON throws: it must be seen. */
  async loadWithSource(): Promise<{ tokens: StoredZaloOaTokens; fromFile: boolean; seededFrom: string | null }> {
    const stored = (await readJsonFile(this.file)) as TokenFile | null;
    const envPrint = tokenFingerprint(this.fromEnv.refreshToken);
    if (stored && stored.refreshToken && (envPrint === null || stored.seededFrom === envPrint)) {
      return {
        tokens: {
          accessToken: stored.accessToken,
          refreshToken: stored.refreshToken,
          expiresAt: parseDate(stored.expiresAt),
          updatedAt: parseDate(stored.updatedAt) ?? this.seenAt(),
        },
        fromFile: true,
        seededFrom: envPrint ?? stored.seededFrom ?? null,
      };
    }
    // Without a file the 30-day refresh rule counts from this process's first look at the tokens.
    return { tokens: { ...this.fromEnv, expiresAt: null, updatedAt: this.seenAt() }, fromFile: false, seededFrom: envPrint };
  }

  exclusive(fn: (current: StoredZaloOaTokens) => Promise<StoredZaloOaTokens | null>): Promise<StoredZaloOaTokens> {
    const run = this.queue.then(async () => {
      const current = await this.load();
      const next = await fn(current);
      if (!next) return current;
      await this.save(next);
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async save(tokens: StoredZaloOaTokens): Promise<void> {
    const content: TokenFile = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt?.toISOString() ?? null,
      updatedAt: tokens.updatedAt.toISOString(),
      seededFrom: tokenFingerprint(this.fromEnv.refreshToken),
    };
    await writeJsonAtomic(this.file, content);
  }

  private seenAt(): Date {
    this.firstSeen ??= this.now();
    return this.firstSeen;
  }
}

interface TokenRow {
  access_token: string | null;
  refresh_token: string | null;
  expires_at: Date | string | null;
  updated_at: Date | string;
  seeded_from: string | null;
}

const SELECT_ROW = 'SELECT access_token, refresh_token, expires_at, updated_at, seeded_from FROM zalo_oa_tokens WHERE app_id = $1';

function rowTokens(row: TokenRow): StoredZaloOaTokens {
  return {
    accessToken: row.access_token ?? undefined,
    refreshToken: row.refresh_token ?? undefined,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    updatedAt: new Date(row.updated_at),
  };
}

export interface DatabaseZaloOaTokenStoreOptions {
  db: Database;
  appId: string;
  fromEnv: ZaloOaTokens;
  /** The token file of earlier versions: its content seeds the row once (when it is newer than the environment's). */
  legacyFile?: string | undefined;
  logger?: ChannelLogger | undefined;
  now?: () => Date;
}

/** The `zalo_oa_tokens` row of one app id; see the module comment for the locking. */
export class DatabaseZaloOaTokenStore implements ZaloOaTokenStore {
  private readonly now: () => Date;
  private readonly envPrint: string | null;

  constructor(private readonly options: DatabaseZaloOaTokenStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.envPrint = tokenFingerprint(options.fromEnv.refreshToken);
  }

  async load(): Promise<StoredZaloOaTokens> {
    const row = (await this.options.db.query<TokenRow>(SELECT_ROW, [this.options.appId])).rows[0];
    if (row && !this.reauthorised(row)) return rowTokens(row);
    return this.exclusive(async () => null);
  }

  async exclusive(fn: (current: StoredZaloOaTokens) => Promise<StoredZaloOaTokens | null>): Promise<StoredZaloOaTokens> {
    const { appId } = this.options;
    let migratedFile = false;
    const result = await this.options.db.transaction(async (tx) => {
      let row = await this.lockRow(tx);
      if (!row) {
        const seed = await this.seed();
        const inserted = await tx.query<{ app_id: string }>(
          `INSERT INTO zalo_oa_tokens (app_id, access_token, refresh_token, expires_at, updated_at, seeded_from)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (app_id) DO NOTHING RETURNING app_id`,
          [appId, seed.tokens.accessToken ?? null, seed.tokens.refreshToken ?? null, seed.tokens.expiresAt, seed.tokens.updatedAt, seed.seededFrom],
        );
        migratedFile = inserted.rows.length > 0 && seed.fromFile;
        row = await this.lockRow(tx);
      } else if (this.reauthorised(row)) {
        await tx.query(
          `UPDATE zalo_oa_tokens SET access_token = $2, refresh_token = $3, expires_at = NULL, updated_at = $4, seeded_from = $5
           WHERE app_id = $1`,
          [appId, this.options.fromEnv.accessToken ?? null, this.options.fromEnv.refreshToken ?? null, this.now(), this.envPrint],
        );
        row = await this.lockRow(tx);
      }
      if (!row) throw new Error(`zalo_oa_tokens: row for app ${appId} missing after seeding`);
      const current = rowTokens(row);
      const next = await fn(current);
      if (!next) return current;
      await tx.query(
        'UPDATE zalo_oa_tokens SET access_token = $2, refresh_token = $3, expires_at = $4, updated_at = $5 WHERE app_id = $1',
        [appId, next.accessToken ?? null, next.refreshToken ?? null, next.expiresAt, next.updatedAt],
      );
      return next;
    });
    if (migratedFile && this.options.legacyFile) await this.removeLegacyFile(this.options.legacyFile);
    return result;
  }

  /**
   * On PostgreSQL, waits while another instance holds the row (its refresh in progress) and then sees its result;
   * PGlite runs one transaction at a time, so it never waits here.
   */
  private async lockRow(tx: Queryable): Promise<TokenRow | undefined> {
    return (await tx.query<TokenRow>(`${SELECT_ROW} FOR UPDATE`, [this.options.appId])).rows[0];
  }

  private reauthorised(row: TokenRow): boolean {
    return this.envPrint !== null && row.seeded_from !== this.envPrint;
  }

  private async seed(): Promise<{ tokens: StoredZaloOaTokens; fromFile: boolean; seededFrom: string | null }> {
    if (this.options.legacyFile) {
      return new FileZaloOaTokenStore(this.options.legacyFile, this.options.fromEnv, this.now).loadWithSource();
    }
    return { tokens: { ...this.options.fromEnv, expiresAt: null, updatedAt: this.now() }, fromFile: false, seededFrom: this.envPrint };
  }

  /** The file's tokens now live in the store; a copy left behind would hold a spent refresh token after the next refresh. */
  private async removeLegacyFile(file: string): Promise<void> {
    try {
      await rm(file, { force: true });
      this.options.logger?.info({ channel: 'zalo-oa', file }, 'zalo oa tokens moved from the token file into the store; file removed');
    } catch (error) {
      this.options.logger?.warn({ channel: 'zalo-oa', file, error: describeError(error) }, 'zalo oa token file copied into the store but not removed');
    }
  }
}
