/**
 * One migrator for both engines: the `.sql` files of `migrations/` applied in file-name order, each in its own
 * transaction and recorded in `schema_migrations`. On PostgreSQL a transaction-scoped advisory lock keeps two
 * processes from migrating at once; PGlite is single-process already.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import type { Database, ScriptQueryable } from './database.ts';
import { MigrationError } from './errors.ts';

export const DEFAULT_MIGRATIONS_DIR = path.join(PACKAGE_ROOT, 'src', 'store', 'migrations');

/** Arbitrary constant shared by every process of this application ("MIGR" in hex, padded). */
const MIGRATION_LOCK_KEY = 7_190_001;

export interface Migration {
  /** File name without `.sql`, e.g. `001_knowledge`. */
  version: string;
  sql: string;
}

export interface MigrationOutcome {
  applied: string[];
  alreadyApplied: string[];
}

export function readMigrations(directory: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ version: name.slice(0, -'.sql'.length), sql: fs.readFileSync(path.join(directory, name), 'utf8') }));
}

/** Applies every migration not yet recorded. Safe to run on every start and from two processes at once. */
export async function migrate(db: Database, migrations: Migration[] = readMigrations()): Promise<MigrationOutcome> {
  const outcome: MigrationOutcome = { applied: [], alreadyApplied: [] };
  await db.transaction(async (tx) => {
    await lockMigrations(db, tx);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });
  // Read once without the lock: a version recorded stays recorded, so only the others are checked again under it.
  const recorded = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
  for (const migration of migrations) {
    if (recorded.has(migration.version)) {
      outcome.alreadyApplied.push(migration.version);
      continue;
    }
    try {
      const applied = await db.transaction(async (tx) => {
        await lockMigrations(db, tx);
        const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (seen.rows.length > 0) return false;
        await tx.exec(migration.sql);
        await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
        return true;
      });
      (applied ? outcome.applied : outcome.alreadyApplied).push(migration.version);
    } catch (error) {
      throw new MigrationError(migration.version, db.engine, error);
    }
  }
  return outcome;
}

async function lockMigrations(db: Database, tx: ScriptQueryable): Promise<void> {
  if (db.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}
