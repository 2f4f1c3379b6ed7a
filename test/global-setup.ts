/**
 * Runs once before the test files: builds the embedded store's initdb template (src/store/pglite-template.ts) so
 * that the files running in parallel load it instead of each building it.
 */
import { SMALL_FOOTPRINT } from '../src/store/pglite.ts';
import { pgliteTemplate } from '../src/store/pglite-template.ts';

export default async function setup(): Promise<void> {
  await pgliteTemplate({ postgresqlconf: SMALL_FOOTPRINT });
}
