/**
 * Typed store failures. Each message says what was attempted (engine, data directory or host) in Vietnamese and
 * English, and never contains a password.
 */

/** Another live process holds the embedded database directory. */
export class StoreLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number | null,
  ) {
    const holder = pid === null ? 'một tiến trình khác (another process)' : `tiến trình pid ${pid} (process pid ${pid})`;
    super(
      `Cơ sở dữ liệu nhúng đang được ${holder} sử dụng; khóa: ${lockPath}. ` +
        `Hãy dừng tiến trình đó hoặc đặt DATABASE_URL để dùng PostgreSQL. ` +
        `(The embedded database is in use by ${pid === null ? 'another process' : `pid ${pid}`}; lock file ${lockPath}. ` +
        `Stop that process, or set DATABASE_URL to use a PostgreSQL server.)`,
    );
    this.name = 'StoreLockedError';
  }
}

/** The chosen engine could not be opened or reached. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly engine: 'pglite' | 'postgres',
    /** Data directory (PGlite) or `host:port/database` (PostgreSQL), never with a password. */
    readonly target: string,
    override readonly cause: unknown,
  ) {
    const reason = describeCause(cause);
    super(
      engine === 'pglite'
        ? `Không mở được cơ sở dữ liệu nhúng PGlite tại ${target} (could not open embedded PGlite at ${target}): ${reason}`
        : `Không kết nối được PostgreSQL tại ${target} (could not connect to PostgreSQL at ${target}): ${reason}`,
    );
    this.name = 'StoreUnavailableError';
  }
}

/**
 * True for a failure to reach the store rather than a failure of the statement: the connection was refused, reset
 * or cut (a PostgreSQL restart, a failover), SQLSTATE class 08 or 57P01–57P03. Worth retrying after a pause; a
 * transaction it interrupted was rolled back (or committed: callers retry only idempotent work).
 */
export function isStoreUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03'].includes(code) || code.startsWith('08'))) return true;
  return /^Connection terminated|the database system is (shutting down|starting up)|terminating connection due to administrator command/i.test(error.message);
}

/** A migration file failed; nothing of it was applied. */
export class MigrationError extends Error {
  constructor(
    readonly version: string,
    readonly engine: 'pglite' | 'postgres',
    override readonly cause: unknown,
  ) {
    super(
      `Migration ${version} thất bại trên ${engine}, không thay đổi gì (migration ${version} failed on ${engine}, nothing applied): ${describeCause(cause)}`,
    );
    this.name = 'MigrationError';
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && code !== '' ? `${cause.message} [${code}]` : cause.message;
  }
  return String(cause);
}
