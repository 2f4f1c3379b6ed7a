import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { knowledgeContentHash } from '../../src/store/documents-repository.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';
import { openDatabase } from '../../src/store/open.ts';
import { describePostgresUrl } from '../../src/store/postgres.ts';
import { parseVector, vectorLiteral } from '../../src/store/vectors.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('openDatabase', () => {
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

describe('knowledgeContentHash', () => {
  it('depends on the content, not on the order of object keys nor on undefined fields', () => {
    const hash = knowledgeContentHash(smallDocument());
    expect(hash).toMatch(/^[0-9a-f]{64}$/u);
    const reordered = JSON.parse(JSON.stringify(smallDocument()), (_key, value: unknown) =>
      value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    expect(knowledgeContentHash(reordered)).toBe(hash);
    expect(knowledgeContentHash({ ...smallDocument(), extra: undefined } as never)).toBe(hash);
  });

  it('changes with any value, array order included', () => {
    const hash = knowledgeContentHash(smallDocument());
    const renamed = smallDocument();
    renamed.tasks[4]!.content += ' ';
    expect(knowledgeContentHash(renamed)).not.toBe(hash);
    const reversed = smallDocument();
    reversed.tasks.reverse();
    expect(knowledgeContentHash(reversed)).not.toBe(hash);
    expect(knowledgeContentHash(smallDocument('45', '45/QĐ-UBND'))).not.toBe(hash);
  });
});
