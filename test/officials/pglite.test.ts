import { openPgliteMemory } from '../../src/store/pglite.ts';
import { registerOfficialsContract } from './officials.contract.ts';

registerOfficialsContract('PGlite', async () => {
  const db = await openPgliteMemory();
  return { db, dispose: () => db.close() };
});
