/**
 * The embedding worker built as the bundled start builds it (one JavaScript file), into a temporary folder, for the
 * tests that run the real worker thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function buildEmbedWorker(): Promise<{ script: URL; remove: () => void }> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'embed-worker-'));
  const outfile = path.join(directory, 'embed-worker.mjs');
  await build({ entryPoints: [new URL('../../src/retrieval/embed-worker.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  return { script: pathToFileURL(outfile), remove: () => rmSync(directory, { recursive: true, force: true }) };
}
