/**
 * The store contract on a real PostgreSQL + pgvector server, when TEST_DATABASE_URL names one (`.ci/run` starts
 * one). Every suite gets a database of its own with a random name, dropped afterwards, so runs never interfere.
 */
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/postgres.ts';
import { migrate, readMigrations } from '../../src/store/migrate.ts';
import { loadDocuments, readVersion, saveDocument } from '../../src/store/documents-repository.ts';
import { openDatabase } from '../../src/store/open.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';
import { adminUrl, freshPostgres, freshPostgresDatabase } from '../support/databases.ts';
import { registerDatabaseContract, registerUpgradeContract, type StoreHandle } from './database.contract.ts';

const freshDatabase = () => freshPostgresDatabase('store_test');

const freshStore = (): Promise<StoreHandle> => freshPostgres('store_test');

if (adminUrl) {
  registerDatabaseContract('PostgreSQL', freshStore);
  registerUpgradeContract('PostgreSQL', freshStore);

  describe('PostgreSQL only', () => {
    it('lets two processes migrate the same empty database at once', async () => {
      const { url, drop } = await freshDatabase();
      const [a, b] = await Promise.all([openPostgres(url), openPostgres(url)]);
      try {
        const versions = readMigrations().map((migration) => migration.version);
        const outcomes = await Promise.all([migrate(a), migrate(b)]);
        // Each migration ran exactly once, in one of the two; each migrator saw every migration.
        expect(outcomes.flatMap((outcome) => outcome.applied).sort()).toEqual([...versions].sort());
        for (const outcome of outcomes) expect([...outcome.applied, ...outcome.alreadyApplied].sort()).toEqual([...versions].sort());
        const recorded = await a.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(recorded.rows.map((row) => row.version)).toEqual([...versions].sort());
      } finally {
        await Promise.all([a.close(), b.close()]);
        await drop();
      }
    });

    it('survives its session being ended mid-transaction: the transaction fails, the process goes on', async () => {
      const { url, drop } = await freshDatabase();
      const db = await openPostgres(url);
      const admin = await openPostgres(url);
      try {
        const attempt = db.transaction(async (tx) => {
          const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          // The server ends this session while the transaction waits between queries, as a restart does.
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.query('SELECT 1');
        });
        await expect(attempt).rejects.toThrow();
        // The broken client was destroyed, not returned: the pool serves the next query.
        expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        expect(await db.transaction(async (tx) => (await tx.query<{ two: number }>('SELECT 2 AS two')).rows[0]!.two)).toBe(2);
      } finally {
        await Promise.all([db.close(), admin.close()]);
        await drop();
      }
    });

    it('openDatabase chooses PostgreSQL for a URL, and two writers saving the same document at once store it once', async () => {
      const { url, drop } = await freshDatabase();
      const a = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent-not-used' });
      const b = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent-not-used' });
      try {
        expect(a.engine).toBe('postgres');
        const outcomes = await Promise.all([saveDocument(a, smallDocument(), 'a.txt'), saveDocument(b, smallDocument(), 'b.txt')]);
        expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['added', 'unchanged']);
        expect(outcomes.map((outcome) => outcome.version)).toEqual([1, 1]);
        expect(await loadDocuments(b)).toStrictEqual([smallDocument()]);

        // Two different documents at once: both added, one version each, neither lost.
        const both = await Promise.all([saveDocument(a, smallDocument('45', '45/QĐ-UBND'), 'c.txt'), saveDocument(b, smallDocument('46', '46/QĐ-UBND'), 'd.txt')]);
        expect(both.map((outcome) => outcome.outcome)).toEqual(['added', 'added']);
        expect(both.map((outcome) => outcome.version).sort()).toEqual([2, 3]);
        expect(await readVersion(a)).toBe(3);
        expect((await loadDocuments(a)).map((document) => document.id).sort()).toEqual(['45', '46', '719']);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await drop();
      }
    });
  });
} else {
  describe.skip('store contract: PostgreSQL (skipped: set TEST_DATABASE_URL to a server with pgvector, as .ci/run does)', () => {
    it('needs TEST_DATABASE_URL', () => {});
  });
}
