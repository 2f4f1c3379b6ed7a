/**
 * Embedded engine: PGlite (PostgreSQL compiled to WebAssembly) with pgvector, data in `${dataDir}/pglite`,
 * guarded by the lock file `${dataDir}/pglite.lock`. Nothing to install; data survives restarts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, QueryResult, ScriptQueryable } from './database.ts';
import { StoreLockedError, StoreUnavailableError } from './errors.ts';
import { acquireLock, type HeldLock } from './lock-file.ts';
import { readMigrations, migrate } from './migrate.ts';
import { migrationsDigest, pgliteTemplate, type TemplateRecipe } from './pglite-template.ts';

/** Same value shapes as the PostgreSQL engine (see database.ts). */
const parsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => Number(value),
};

/**
 * The knowledge is a few megabytes: 16 MB of shared buffers instead of PostgreSQL's 128 MB halves the process's
 * memory (measured: peak RSS 307 MB → 162 MB when opening the store).
 */
export const SMALL_FOOTPRINT = 'shared_buffers = 16MB';

/** Where bin/run.mjs leaves the promise of PGlite's compiled WebAssembly module, begun before this module loaded. */
const PRECOMPILED_WASM = Symbol.for('programme-assistant.pglite-wasm');

/** The module bin/run.mjs compiled, or undefined (PGlite then compiles its own). */
async function precompiledWasm(): Promise<WebAssembly.Module | undefined> {
  const started: unknown = (globalThis as Record<symbol, unknown>)[PRECOMPILED_WASM];
  const module: unknown = started instanceof Promise ? await started.catch(() => undefined) : undefined;
  return module instanceof WebAssembly.Module ? module : undefined;
}

let recipe: TemplateRecipe | undefined;

/** New stores start from `initdb` plus the migrations, done once into a template (see pglite-template.ts); the migration files are read once per process. */
function templateRecipe(): TemplateRecipe {
  if (recipe) return recipe;
  const migrations = readMigrations();
  recipe = {
    postgresqlconf: SMALL_FOOTPRINT,
    prepare: { digest: migrationsDigest(migrations), run: async (pg) => void (await migrate(new PgliteDatabase(pg, null), migrations)) },
  };
  return recipe;
}

/** Builds the template now, when it is missing (the test suite's global setup does, before files run in parallel). */
export async function preparePgliteTemplate(): Promise<void> {
  await pgliteTemplate(templateRecipe());
}

export interface PgliteOptions {
  /** A new store as `initdb` leaves it, without the migrations (the migrations' own tests). */
  blank?: boolean;
}

/** Opens (creating if needed) the on-disk embedded database. Throws StoreLockedError if another process holds it. */
export async function openPglite(dataDir: string, options: PgliteOptions = {}): Promise<Database> {
  const root = path.resolve(dataDir);
  const lockPath = path.join(root, 'pglite.lock');
  const storePath = path.join(root, 'pglite');
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new StoreUnavailableError('pglite', storePath, error);
  }
  const lock = acquireLock(lockPath);
  let pg: PGlite;
  try {
    // A new store is a copy of the template's directory (initdb and migrations done); initdb when there is none.
    let loadDataDir: Blob | undefined;
    if (!fs.existsSync(path.join(storePath, 'PG_VERSION'))) {
      const template = await pgliteTemplate(templateRecipe());
      if (template && options.blank) loadDataDir = template.blankTarball();
      else if (template) {
        fs.rmSync(storePath, { recursive: true, force: true });
        fs.cpSync(template.directory, storePath, { recursive: true });
      }
    }
    const pgliteWasmModule = await precompiledWasm();
    pg = await PGlite.create(storePath, { extensions: { vector }, parsers, postgresqlconf: SMALL_FOOTPRINT, ...(loadDataDir ? { loadDataDir } : {}), ...(pgliteWasmModule ? { pgliteWasmModule } : {}) });
  } catch (error) {
    lock.release();
    if (error instanceof StoreLockedError) throw error;
    throw new StoreUnavailableError('pglite', storePath, error);
  }
  return new PgliteDatabase(pg, lock);
}

/** An in-memory embedded database, gone on close: for tests and one-shot commands. */
export async function openPgliteMemory(options: PgliteOptions = {}): Promise<Database> {
  try {
    const template = await pgliteTemplate(templateRecipe());
    const loadDataDir = template ? (options.blank ? template.blankTarball() : template.tarball()) : undefined;
    const pgliteWasmModule = await precompiledWasm();
    return new PgliteDatabase(
      await PGlite.create({ extensions: { vector }, parsers, postgresqlconf: SMALL_FOOTPRINT, ...(loadDataDir ? { loadDataDir } : {}), ...(pgliteWasmModule ? { pgliteWasmModule } : {}) }),
      null,
    );
  } catch (error) {
    throw new StoreUnavailableError('pglite', 'memory://', error);
  }
}

class PgliteDatabase implements Database {
  readonly engine = 'pglite' as const;
  #closed = false;

  constructor(
    private readonly pg: PGlite,
    private readonly lock: HeldLock | null,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    const result = await this.pg.query<T>(sql, params as unknown[] | undefined);
    return { rows: result.rows };
  }

  async exec(script: string): Promise<void> {
    await this.pg.exec(script);
  }

  async transaction<T>(fn: (tx: ScriptQueryable) => Promise<T>): Promise<T> {
    // PGlite's transaction() holds its own mutex, so transactions and plain queries are serialised.
    return this.pg.transaction((tx) => fn(wrapTransaction(tx)));
  }

  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      await this.pg.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.pg.close();
    } finally {
      this.lock?.release();
    }
  }
}

function wrapTransaction(tx: Transaction): ScriptQueryable {
  return {
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await tx.query<T>(sql, params as unknown[] | undefined);
      return { rows: result.rows };
    },
    async exec(script: string): Promise<void> {
      await tx.exec(script);
    },
  };
}
