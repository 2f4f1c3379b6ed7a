#!/usr/bin/env node
/**
 * Runs a command of `src/main.ts` from a bundled build instead of through tsx: loading about 250 TypeScript modules
 * through tsx's loader took 0.6–0.9 s of every start, a bundle about 0.2 s.
 *
 * The build lives in `dist/<key>/`, where the key digests every source file's path, size and modification time,
 * the lock file and the build options. A changed source gets a new folder, built here before running (about 0.3 s);
 * a running process keeps its own folder, so a later build never swaps code from under it (its lazily loaded
 * chunks stay where they were). Builds are written to a temporary folder and renamed, so two processes starting at
 * once at worst build twice. Folders other than the newest few are removed after a day.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const KEPT_BUILDS = 3;
const STALE_MS = 24 * 60 * 60 * 1000;
/**
 * Packages bundled with the application's sources: zod is about 95 ES modules, imported one by one in 0.15–0.2 s
 * and bundled in 0.06–0.1 s (measured alone, under load; about 30 ms of a whole start).
 */
const BUNDLED_PACKAGES = ['zod'];
/** Every other package stays external (PGlite finds its WebAssembly and data files beside its own modules). */
const externalPackages = {
  name: `external-packages-except:${BUNDLED_PACKAGES.join(',')}`,
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      return BUNDLED_PACKAGES.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};
/** Only the application's own sources (and BUNDLED_PACKAGES) are bundled, split where it imports lazily. */
const BUILD_OPTIONS = {
  // The embedding worker (src/retrieval/embed-thread.ts) is an entry of its own, `embed-worker.js` beside the chunks.
  entryPoints: { main: path.join(ROOT, 'src', 'main.ts'), 'embed-worker': path.join(ROOT, 'src', 'retrieval', 'embed-worker.ts') },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externalPackages],
  sourcemap: 'linked',
  logLevel: 'warning',
};

function sourceFiles(directory) {
  const files = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else files.push(full);
  }
  return files;
}

function buildKey() {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...BUILD_OPTIONS, entryPoints: undefined }));
  for (const file of [...sourceFiles(path.join(ROOT, 'src')), path.join(ROOT, 'package-lock.json')].sort()) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(ROOT, file)}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

function removeOldBuilds(current) {
  const now = Date.now();
  const builds = fs
    .readdirSync(DIST, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== current)
    .map((entry) => ({ full: path.join(DIST, entry.name), time: fs.statSync(path.join(DIST, entry.name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const [index, build] of builds.entries()) {
    if (index >= KEPT_BUILDS - 1 && now - build.time > STALE_MS) fs.rmSync(build.full, { recursive: true, force: true });
  }
}

async function ensureBuild() {
  const key = buildKey();
  const target = path.join(DIST, key);
  if (fs.existsSync(path.join(target, 'main.js'))) return target;
  const { build } = await import('esbuild');
  fs.mkdirSync(DIST, { recursive: true });
  const temporary = fs.mkdtempSync(path.join(DIST, '.build-'));
  try {
    await build({ ...BUILD_OPTIONS, outdir: temporary });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    // Another process renamed the same build into place first: use it.
    if (!fs.existsSync(path.join(target, 'main.js'))) throw error;
  }
  removeOldBuilds(key);
  return target;
}

/**
 * PGlite's WebAssembly (9 MB) compiles on V8's background threads; begun here, that overlaps loading the
 * application's modules instead of holding up the store's opening. src/store/pglite.ts takes the module under this
 * symbol when it is there (through tsx, in tests, PGlite compiles it itself); a failure here only means it does.
 */
const PGLITE_WASM = Symbol.for('programme-assistant.pglite-wasm');
globalThis[PGLITE_WASM] = fs.promises
  .readFile(new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite')))
  .then((bytes) => WebAssembly.compile(bytes))
  .catch(() => undefined);

const build = await ensureBuild();
await import(pathToFileURL(path.join(build, 'main.js')).href);
