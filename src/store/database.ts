/**
 * One data-access interface over two engines: embedded PGlite (default, in DATA_DIR) and a real PostgreSQL
 * server (DATABASE_URL). Both speak the same SQL; migrations in `src/store/migrations/*.sql` serve both.
 */
import { createHash } from 'node:crypto';

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  /** Parameterised query (`$1`, `$2` …). Never build SQL from user text. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

/**
 * A Queryable that can also run a script of several statements without parameters (migrations).
 * Values come back the same on both engines: `date` as `'YYYY-MM-DD'` text, `int8` as a number, `jsonb` parsed,
 * `timestamptz` as a Date, `vector` as its text form `'[1,2,3]'` (see `parseVector` in vectors.ts).
 */
export interface ScriptQueryable extends Queryable {
  exec(script: string): Promise<void>;
}

export interface Database extends ScriptQueryable {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction: committed if it resolves, rolled back if it throws.
   * Inside `fn` use only `tx`: on PGlite a call on the Database itself waits for the transaction to end.
   */
  transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T>;
  /** Reachability check for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Only a PostgreSQL server can be shared by several instances (the embedded store is one process's, behind its lock
 * file): state they must agree on (rate limits, conversation states, web message ids) then lives in the store.
 */
export function sharedBySeveralInstances(db: Pick<Database, 'engine'>): boolean {
  return db.engine === 'postgres';
}

/** A key kept in the store without its text (a chat id, a client address): a short SHA-256 digest of it. */
export function hashedKey(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
