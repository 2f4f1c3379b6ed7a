import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import { openDatabase } from '../../src/store/open.ts';
import { describePostgresUrl } from '../../src/store/postgres.ts';
import { parseVector, vectorLiteral } from '../../src/store/vectors.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('openDatabase', () => {
  it('opens embedded PGlite in the data directory when no URL is given, migrated', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-open-'));
    dirs.push(dir);
    const db = await openDatabase({ dataDir: path.join(dir, 'nested', 'data') });
    try {
      expect(db.engine).toBe('pglite');
      const versions = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
      expect(versions.rows.map((row) => row.version)).toContain('001_knowledge');
      expect(fs.existsSync(path.join(dir, 'nested', 'data', 'pglite'))).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('names engine and host but never the password when PostgreSQL is unreachable', async () => {
    const port = await closedPort();
    const url = `postgres://assistant:s3cr%C3%AAt-pw@127.0.0.1:${port}/hung_yen`;
    const attempt = openDatabase({ databaseUrl: url, dataDir: '/unused' });
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    const error = (await attempt.catch((caught: unknown) => caught)) as StoreUnavailableError;
    expect(error.engine).toBe('postgres');
    expect(error.message).toContain(`assistant@127.0.0.1:${port}/hung_yen`);
    expect(error.message).toContain('PostgreSQL');
    expect(error.message).not.toContain('s3cr');
    expect(error.message).not.toContain('pw');
  });
});

describe('describePostgresUrl', () => {
  it('drops the password and fills defaults', () => {
    expect(describePostgresUrl('postgres://u:p%40ss@db.local/app')).toBe('u@db.local:5432/app');
    expect(describePostgresUrl('postgresql://db.local:6543')).toBe('db.local:6543/(mặc định)');
    expect(describePostgresUrl('not a url')).not.toContain('not a url');
  });
});

describe('vector text form', () => {
  it('writes and reads pgvector literals', () => {
    expect(vectorLiteral([1, -2.5, 1e-7])).toBe('[1,-2.5,1e-7]');
    expect(parseVector('[1,-2.5,1e-07]')).toEqual([1, -2.5, 1e-7]);
    expect(() => vectorLiteral([])).toThrow(/vector/);
    expect(() => vectorLiteral([Number.POSITIVE_INFINITY])).toThrow(/vector/);
    expect(() => parseVector('1,2')).toThrow(/vector/);
  });
});
