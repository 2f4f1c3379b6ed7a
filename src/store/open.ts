/**
 * Chooses the engine (PostgreSQL when a URL is given, embedded PGlite in the data directory otherwise), opens it
 * and brings its schema up to date.
 */
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite, openPgliteMemory } from './pglite.ts';

export interface OpenDatabaseOptions {
  /** DATABASE_URL; empty or absent means the embedded engine. */
  databaseUrl?: string | undefined;
  /** DATA_DIR: where PGlite keeps `pglite/` and `pglite.lock`. */
  dataDir: string;
}

/**
 * Throws StoreLockedError (another process holds the embedded store), StoreUnavailableError (engine could not be
 * opened or reached) or MigrationError; on a migration failure the database is closed again.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.databaseUrl?.trim();
  // Each engine's client is imported only when chosen: `pg` costs an embedded start about 60 ms.
  return migrated(url ? await (await import('./postgres.ts')).openPostgres(url) : await openPglite(options.dataDir));
}

/** A migrated in-memory embedded database, gone on close: one-shot runs that must not touch DATA_DIR. */
export async function openMemoryDatabase(): Promise<Database> {
  return migrated(await openPgliteMemory());
}

/** Migrates `db`; closes it again when a migration fails. */
async function migrated(db: Database): Promise<Database> {
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}
