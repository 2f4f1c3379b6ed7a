/**
 * A PGlite data directory as it is right after `initdb`, kept as a tarball beside the installed packages
 * (`node_modules/.cache/assistant/`), so that every new embedded store — a first start on a new DATA_DIR, an
 * in-memory store of a one-shot command or a test — loads it instead of running `initdb` again (measured here:
 * 4.4 s → 1.2 s). Built once per installed PGlite version, on first need; written atomically, so concurrent
 * processes at worst build it twice. If it cannot be built or read, stores are created the ordinary way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

const PACKAGE_ROOT = path.resolve(new URL('.', import.meta.url).pathname, '..', '..');

function templateFile(): string | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    return path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'assistant', `pglite-${manifest.version}-initdb.tar`);
  } catch {
    return null;
  }
}

let cached: Promise<Blob | null> | null = null;

/** The template, built when missing; null when it can be neither read nor built (stores then run initdb). */
export function pgliteTemplate(options: { postgresqlconf: string }): Promise<Blob | null> {
  cached ??= load(options).catch(() => null);
  return cached;
}

async function load(options: { postgresqlconf: string }): Promise<Blob | null> {
  const file = templateFile();
  if (!file) return null;
  if (!fs.existsSync(file)) {
    const fresh = await PGlite.create({ extensions: { vector }, postgresqlconf: options.postgresqlconf });
    try {
      const dump = await fresh.dumpDataDir('none');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(partial, file);
    } finally {
      await fresh.close();
    }
  }
  return new Blob([fs.readFileSync(file)]);
}
