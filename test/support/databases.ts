/**
 * Fresh databases for contract suites: PGlite in memory always, and a real PostgreSQL + pgvector database with a
 * random name (dropped afterwards) when TEST_DATABASE_URL names a server (`.ci/run` starts one).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import pg from 'pg';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPgliteMemory } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';

// Tests read the environment directly: only the application's runtime configuration goes through src/config.ts.
export const adminUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

export interface StoreHandle {
  db: Database;
  /** Closes the database and removes whatever the factory created for it. */
  dispose(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name on the TEST_DATABASE_URL server; returns its URL and a dropper. */
export async function freshPostgresDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!adminUrl) throw new Error('freshPostgresDatabase needs TEST_DATABASE_URL');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** An empty PostgreSQL database of its own (not migrated). */
export async function freshPostgres(prefix: string): Promise<StoreHandle> {
  const { url, drop } = await freshPostgresDatabase(prefix);
  const db = await openPostgres(url);
  return {
    db,
    dispose: async () => {
      await db.close();
      await drop();
    },
  };
}

/** Every engine this run can reach, each as a factory of fresh migrated databases. */
export function engines(prefix: string): Array<{ label: string; open: () => Promise<StoreHandle> }> {
  const list = [
    {
      label: 'PGlite',
      open: async (): Promise<StoreHandle> => {
        const db = await openPgliteMemory();
        await migrate(db);
        return { db, dispose: () => db.close() };
      },
    },
  ];
  if (adminUrl) {
    list.push({
      label: 'PostgreSQL',
      open: async () => {
        const handle = await freshPostgres(prefix);
        await migrate(handle.db);
        return handle;
      },
    });
  }
  return list;
}

/**
 * One store for the tests of a `describe` block: opened before them, disposed of after, with `tables` emptied
 * before each test. Read `store().db` inside the tests.
 */
export function storeForEach(engine: { open: () => Promise<StoreHandle> }, tables: readonly string[]): () => StoreHandle {
  let handle: StoreHandle | undefined;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  beforeEach(async () => {
    await handle!.db.exec(`TRUNCATE ${tables.join(', ')}`);
  });
  return () => handle!;
}
