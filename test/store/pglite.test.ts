import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../src/store/errors.ts';
import { loadKnowledge, saveKnowledge } from '../../src/store/knowledge-repository.ts';
import { openDatabase } from '../../src/store/open.ts';
import { openPglite, openPgliteMemory } from '../../src/store/pglite.ts';
import { smallKnowledge } from '../fixtures/store-knowledge.ts';
import { registerDatabaseContract } from './database.contract.ts';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-pglite-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

registerDatabaseContract('PGlite in memory', async () => {
  const db = await openPgliteMemory();
  return { db, dispose: () => db.close() };
});

registerDatabaseContract('PGlite on disk', async () => {
  const db = await openPglite(tempDir());
  return { db, dispose: () => db.close() };
});

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('PGlite on disk: lock file and persistence', () => {
  it('refuses a second open of the same directory while the first is open, then allows it after close', async () => {
    const dir = tempDir();
    const first = await openPglite(dir);
    const lockPath = path.join(dir, 'pglite.lock');
    expect(fs.readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));

    const second = openPglite(dir);
    await expect(second).rejects.toBeInstanceOf(StoreLockedError);
    await expect(second).rejects.toThrow(lockPath);
    await expect(second).rejects.toThrow(`pid ${process.pid}`);
    // The refused open must not have removed the holder's lock.
    expect(fs.readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));

    await first.close();
    expect(fs.existsSync(lockPath)).toBe(false);
    const again = await openPglite(dir);
    expect(await again.ping()).toBe(true);
    await again.close();
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dir = tempDir();
    const lockPath = path.join(dir, 'pglite.lock');
    const pid = deadPid();
    fs.writeFileSync(lockPath, `${pid}\n`);
    const db = await openPglite(dir);
    expect(fs.readFileSync(lockPath, 'utf8').trim()).toBe(String(process.pid));
    await db.close();
  });

  it('keeps the knowledge across close and reopen', async () => {
    const dir = tempDir();
    const first = await openDatabase({ dataDir: dir });
    expect(first.engine).toBe('pglite');
    await saveKnowledge(first, smallKnowledge());
    await first.close();
    const second = await openDatabase({ dataDir: dir, databaseUrl: '  ' });
    expect(await loadKnowledge(second)).toStrictEqual(smallKnowledge());
    expect(await saveKnowledge(second, smallKnowledge())).toEqual({ changed: false });
    await second.close();
  });

  it('releases the lock when the holding process exits without closing', () => {
    const dir = tempDir();
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
