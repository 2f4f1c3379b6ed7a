/**
 * The folder that holds this application's `package.json`, found by walking up from this module. The answer is the
 * same whether the code runs from `src/` through tsx or bundled into `dist/`, so data beside the code (migrations,
 * prompts, knowledge, seeds, the store template cache) is found either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let directory = start; ; directory = path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, 'package.json'))) return directory;
    if (path.dirname(directory) === directory) return start;
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
