/**
 * The officials' contract on a real PostgreSQL server when TEST_DATABASE_URL names one: a database of its own with
 * a random name, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { openPostgres } from '../../src/store/postgres.ts';
import { registerOfficialsContract } from './officials.contract.ts';

// Tests read the environment directly: only the application's runtime configuration goes through src/config.ts.
const adminUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

if (adminUrl) {
  registerOfficialsContract('PostgreSQL', async () => {
    const name = `officials_test_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = await openPostgres(url.toString());
    return {
      db,
      dispose: async () => {
        await db.close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  });
} else {
  describe('officials: PostgreSQL', () => {
    it.skip('needs TEST_DATABASE_URL', () => {});
  });
}
