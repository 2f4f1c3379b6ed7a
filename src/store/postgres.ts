/**
 * Server engine: a real PostgreSQL with the `vector` extension, reached through DATABASE_URL over a small pg.Pool.
 */
import pg from 'pg';
import type { Database, QueryResult, ScriptQueryable } from './database.ts';
import { StoreUnavailableError } from './errors.ts';

const OID_INT8 = 20;
const OID_DATE = 1082;

/** Same value shapes as the PGlite engine (see database.ts), set per pool so no global pg state is touched. */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format !== 'binary') {
      if (oid === OID_DATE) return (value: string) => value;
      if (oid === OID_INT8) return (value: string) => Number(value);
    }
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  /** Pool size; the assistant's load is small. */
  maxConnections?: number;
  connectionTimeoutMs?: number;
}

/** Connects and checks the server answers; throws StoreUnavailableError naming host, port and database. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const target = describePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 5,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
  });
  // An idle client losing its connection must not crash the process; the next query reports the failure.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreUnavailableError('postgres', target, scrubPassword(error, url));
  }
  return new PostgresDatabase(pool);
}

/** `postgres://user:secret@db.example:5433/app` → `user@db.example:5433/app` (never the password). */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    const database = parsed.pathname.replace(/^\//, '') || '(mặc định)';
    return `${user}${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${decodeURIComponent(database)}`;
  } catch {
    return '(DATABASE_URL không đọc được / unparsable DATABASE_URL)';
  }
}

/** pg error messages may echo the connection string; drop the password from them. */
function scrubPassword(error: unknown, url: string): unknown {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return error instanceof Error ? new Error('invalid connection string') : error;
  }
  if (!password || !(error instanceof Error) || !error.message.includes(password)) return error;
  const scrubbed = new Error(error.message.split(password).join('***'));
  (scrubbed as { code?: unknown }).code = (error as { code?: unknown }).code;
  return scrubbed;
}

class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  #closed = false;

  constructor(private readonly pool: pg.Pool) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const result = await this.pool.query(sql, params);
    return { rows: result.rows as T[] };
  }

  async exec(script: string): Promise<void> {
    // Without parameters pg uses the simple protocol, which accepts several statements.
    await this.pool.query(script);
  }

  async transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // While checked out, a client whose server ends its session (a restart, pg_terminate_backend) emits 'error'
    // between queries; unheard, that event would end the process. Heard, it marks the client for destruction and
    // the transaction's next query fails.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await fn(wrapClient(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is unusable: destroy it rather than return it to the pool.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await this.pool.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pool.end();
  }
}

function wrapClient(client: pg.PoolClient): ScriptQueryable {
  return {
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[] };
    },
    async exec(script: string): Promise<void> {
      await client.query(script);
    },
  };
}
