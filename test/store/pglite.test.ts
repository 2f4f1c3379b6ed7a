/**
 * The store contract on embedded PGlite, in memory and on disk, and what only the on-disk engine does: the lock
 * file, persistence across close and reopen, openDatabase choosing it. The contract migrates empty stores, so these
 * are opened blank (before the migrations the template of src/store/pglite-template.ts has done): on disk once per
 * file, the store closed and its directory copied for each test that needs a fresh one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocuments, readVersion, saveDocument } from '../../src/store/documents-repository.ts';
import { StoreLockedError } from '../../src/store/errors.ts';
import { migrate, readMigrations } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open.ts';
import { openPglite, openPgliteMemory } from '../../src/store/pglite.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';
import { registerDatabaseContract, registerUpgradeContract } from './database.contract.ts';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-pglite-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

let template: string;
beforeAll(async () => {
  // Also the first open of a data directory that does not exist yet, nested: openPglite creates it.
  template = path.join(tempDir(), 'nested', 'data');
  const db = await openPglite(template, { blank: true });
  expect(fs.existsSync(path.join(template, 'pglite', 'PG_VERSION'))).toBe(true);
  await db.close();
}, 120_000);

/** A data directory holding a new, empty, unmigrated store of its own. */
function freshDataDir(): string {
  const dir = path.join(tempDir(), 'data');
  fs.cpSync(path.join(template, 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  return dir;
}

registerDatabaseContract('PGlite in memory', async () => {
  const db = await openPgliteMemory({ blank: true });
  return { db, dispose: () => db.close() };
});

registerDatabaseContract('PGlite on disk', async () => {
  const db = await openPglite(freshDataDir());
  return { db, dispose: () => db.close() };
});

registerUpgradeContract('PGlite on disk', async () => {
  const db = await openPglite(freshDataDir());
  return { db, dispose: () => db.close() };
});

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('PGlite on disk: openDatabase, lock file and persistence', () => {
  let dir: string;

  it('opens embedded PGlite in the data directory when no URL is given, migrated', async () => {
    dir = freshDataDir();
    const db = await openDatabase({ dataDir: dir });
    try {
      expect(db.engine).toBe('pglite');
      const versions = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.rows.map((row) => row.version)).toEqual(readMigrations().map((migration) => migration.version));
      expect(fs.readFileSync(path.join(dir, 'pglite.lock'), 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await db.close();
    }
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  });

  it('takes over a stale lock, refuses a second open while held, and keeps the documents across close and reopen', async () => {
    const lockPath = path.join(dir, 'pglite.lock');
    fs.writeFileSync(lockPath, `${deadPid()}\n`);

    const first = await openDatabase({ dataDir: dir });
    expect(fs.readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));
    expect(await saveDocument(first, smallDocument(), 'qd.txt')).toEqual({ outcome: 'added', version: 1 });

    const second = openPglite(dir);
    await expect(second).rejects.toBeInstanceOf(StoreLockedError);
    await expect(second).rejects.toThrow(lockPath);
    await expect(second).rejects.toThrow(`pid ${process.pid}`);
    // The refused open must not have removed the holder's lock.
    expect(fs.readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));

    await first.close();
    expect(fs.existsSync(lockPath)).toBe(false);
    const again = await openDatabase({ dataDir: dir, databaseUrl: '  ' });
    try {
      expect(again.engine).toBe('pglite');
      expect(await loadDocuments(again)).toStrictEqual([smallDocument()]);
      expect(await readVersion(again)).toBe(1);
      expect(await saveDocument(again, smallDocument(), 'qd.txt')).toEqual({ outcome: 'unchanged', version: 1 });
    } finally {
      await again.close();
    }
  });

  it('releases the lock when the holding process exits without closing', () => {
    const script = `
      import { openPglite } from ${JSON.stringify(path.resolve('src/store/pglite.ts'))};
      await openPglite(${JSON.stringify(dir)});
      process.exit(0);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  });
});

describe('PGlite: new stores start from the migrated template', () => {
  it('a new data directory and a new in-memory store have every migration recorded and nothing left to apply', async () => {
    const versions = readMigrations().map((migration) => migration.version);
    for (const db of [await openPglite(path.join(tempDir(), 'new')), await openPgliteMemory()]) {
      try {
        const recorded = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
        expect(recorded.rows.map((row) => row.version)).toEqual([...versions].sort());
        expect((await migrate(db)).applied).toEqual([]);
        // A store of its own: what one writes, another new store does not see.
        await db.exec(`INSERT INTO officials (channel, user_id, agency_id, name, role) VALUES ('telegram', 'only-here', 'so-khcn', 'Cán bộ', 'official')`);
      } finally {
        await db.close();
      }
    }
    const another = await openPgliteMemory();
    try {
      expect((await another.query('SELECT 1 FROM officials')).rows).toEqual([]);
    } finally {
      await another.close();
    }
  });
});
