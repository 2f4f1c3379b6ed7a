/**
 * Runs once before the test files: builds the embedded store's template (initdb and migrations) (src/store/pglite-template.ts) so
 * that the files running in parallel load it instead of each building it.
 */
import { preparePgliteTemplate } from '../src/store/pglite.ts';

export default async function setup(): Promise<void> {
  await preparePgliteTemplate();
}
