/**
 * One data-access interface over two engines: embedded PGlite (default, in DATA_DIR) and a real PostgreSQL
 * server (DATABASE_URL). Both speak the same SQL; migrations in `src/store/migrations/*.sql` serve both.
 */

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  /** Parameterised query (`$1`, `$2` …). Never build SQL from user text. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface Database extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Reachability check for /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
