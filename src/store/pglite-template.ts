/**
 * A PGlite data directory as it is right after `initdb` and the migrations, kept beside the installed packages
 * (`node_modules/.cache/assistant/`) in two forms: a directory that a new on-disk store is copied from, and the
 * same files as a tarball that an in-memory store loads (`loadDataDir`); plus a tarball of the directory before the
 * migrations, for the tests that migrate an empty store. Every new embedded store — a first start
 * on a new DATA_DIR, a one-shot command's in-memory store, a test — then skips `initdb` and the migrations. Measured
 * here: a new DATA_DIR opened from PGlite's `loadDataDir` took 2.6 s plus 1.1 s of migrations; copied from the
 * directory, 0.4 s with nothing left to migrate. Built once per PGlite version and migration set (the migrations'
 * hash is in the name), on first need; written under temporary names and renamed, so concurrent processes at worst
 * build it twice. If it cannot be built or read, stores are created the ordinary way.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PACKAGE_ROOT } from '../package-root.ts';


export interface TemplateRecipe {
  postgresqlconf: string;
  /** What a new database runs after `initdb` (the migrations), and a digest of it that names the template. */
  prepare: { digest: string; run: (pg: PGlite) => Promise<void> };
}

export interface PgliteTemplate {
  /** A closed data directory to copy a new on-disk store from. */
  directory: string;
  /** The same data directory as PGlite's `loadDataDir` takes it (read on first use: 40 MB an on-disk store never needs). */
  tarball(): Blob;
  /** The data directory right after `initdb`, before any migration: for tests of the migrations themselves. */
  blankTarball(): Blob;
}

/** `file` read once, when first asked for. */
function readOnce(file: string): () => Blob {
  let blob: Blob | undefined;
  return () => (blob ??= new Blob([fs.readFileSync(file)]));
}

/** `…/pglite-<version>-` in the cache folder: the migrated template adds its digest, the blank one `initdb`. */
function templatePrefix(): string | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    return path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'assistant', `pglite-${manifest.version}-`);
  } catch {
    return null;
  }
}

/** A digest of the migrations' names and texts: a template is only used by the schema it was built with. */
export function migrationsDigest(migrations: ReadonlyArray<{ version: string; sql: string }>): string {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(`${migration.version}\0${migration.sql}\0`);
  return hash.digest('hex');
}

const cached = new Map<string, Promise<PgliteTemplate | null>>();

/** The template for `recipe`, built when missing; null when it can be neither read nor built. */
export function pgliteTemplate(recipe: TemplateRecipe): Promise<PgliteTemplate | null> {
  let template = cached.get(recipe.prepare.digest);
  if (!template) {
    template = load(recipe).catch(() => null);
    cached.set(recipe.prepare.digest, template);
  }
  return template;
}

async function load(recipe: TemplateRecipe): Promise<PgliteTemplate | null> {
  const prefix = templatePrefix();
  if (!prefix) return null;
  const base = `${prefix}${recipe.prepare.digest.slice(0, 16)}`;
  const files = { directory: `${base}.d`, tarFile: `${base}.tar`, blankTarFile: `${prefix}initdb.tar` };
  if (![files.tarFile, files.blankTarFile, path.join(files.directory, 'PG_VERSION')].every((file) => fs.existsSync(file))) await build(recipe, files);
  return { directory: files.directory, tarball: readOnce(files.tarFile), blankTarball: readOnce(files.blankTarFile) };
}

/** Writes `blob` to `file` under a temporary name first. */
async function writeAtomically(file: string, blob: Blob): Promise<void> {
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(partial, file);
}

async function build(recipe: TemplateRecipe, files: { directory: string; tarFile: string; blankTarFile: string }): Promise<void> {
  const { directory, tarFile, blankTarFile } = files;
  const scratch = `${directory}.${process.pid}.tmp`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(directory), { recursive: true });
  const fresh = await PGlite.create(scratch, { extensions: { vector }, postgresqlconf: recipe.postgresqlconf });
  try {
    await writeAtomically(blankTarFile, await fresh.dumpDataDir('none'));
    await recipe.prepare.run(fresh);
    await writeAtomically(tarFile, await fresh.dumpDataDir('none'));
  } finally {
    await fresh.close();
  }
  removeOtherTemplates(directory);
  // A directory in place is never replaced: another process may be copying from it.
  if (fs.existsSync(path.join(directory, 'PG_VERSION'))) {
    fs.rmSync(scratch, { recursive: true, force: true });
    return;
  }
  try {
    fs.renameSync(scratch, directory);
  } catch {
    // Another process renamed its own (identical) directory there first.
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Templates of earlier migration sets of the same PGlite version are 40 MB each and never used again. */
function removeOtherTemplates(directory: string): void {
  const folder = path.dirname(directory);
  const prefix = path.basename(directory).replace(/-[0-9a-f]{16}\.d$/u, '-');
  const own = path.basename(directory).slice(0, -'.d'.length);
  try {
    for (const name of fs.readdirSync(folder)) {
      if (!name.startsWith(prefix) || name.startsWith(own) || name.includes('.tmp') || name.includes('initdb')) continue;
      fs.rmSync(path.join(folder, name), { recursive: true, force: true });
    }
  } catch {
    // Only a cache: what cannot be removed stays.
  }
}
