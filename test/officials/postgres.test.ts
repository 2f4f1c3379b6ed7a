/**
 * The officials' contract on a real PostgreSQL server when TEST_DATABASE_URL names one: a database of its own with
 * a random name, dropped afterwards.
 */
import { describe, it } from 'vitest';
import { adminUrl, freshPostgres } from '../support/databases.ts';
import { registerOfficialsContract } from './officials.contract.ts';

if (adminUrl) {
  registerOfficialsContract('PostgreSQL', () => freshPostgres('officials_test'));
} else {
  describe('officials: PostgreSQL', () => {
    it.skip('needs TEST_DATABASE_URL', () => {});
  });
}
