/**
 * Composition root: the one place that reads configuration, builds dependencies and hands them to a command.
 * Every other module receives what it needs as arguments.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSeed, ingest, readKnowledgeFiles, readSeed } from './catalogue/ingest.ts';
import type { Knowledge } from './catalogue/types.ts';
import { parseArgs, stringFlag, UsageError } from './cli/args.ts';
import { catalogueRows, toCsv } from './cli/catalogue.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { Database } from './store/database.ts';
import { openDatabase } from './store/open.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PATHS = {
  root: ROOT,
  seeds: path.join(ROOT, 'seeds'),
  knowledge: path.join(ROOT, 'knowledge'),
  prompts: path.join(ROOT, 'prompts'),
};

type Command = (config: Config, args: string[]) => Promise<number>;

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function withDatabase<T>(config: Config, use: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/** The reviewed knowledge files, or the seed parsed afresh when they are missing. */
function knowledgeFromFiles(): Knowledge {
  return readKnowledgeFiles(PATHS.knowledge) ?? readSeed(findSeed(PATHS.seeds));
}

const commands: Record<string, Command> = {
  async ingest(config, args) {
    const parsed = parseArgs(args, ['dry-run', 'no-store']);
    const options = {
      seedsDir: PATHS.seeds,
      knowledgeDir: PATHS.knowledge,
      seedFile: stringFlag(parsed, 'seed'),
      dryRun: parsed.flags.has('dry-run'),
      progress: (stage: string, detail: string) => out(`[ingest] ${stage}: ${detail}`),
    };
    const report =
      options.dryRun || parsed.flags.has('no-store')
        ? await ingest(null, options)
        : await withDatabase(config, (db) => ingest(db, options));
    out(`[ingest] xong trong ${Math.round(report.ms)} ms: ${report.knowledge.tasks.length} nhiệm vụ, ${report.knowledge.sections.length} mục, ${report.knowledge.warnings.length} cảnh báo`);
    return 0;
  },

  async catalogue(_config, args) {
    const parsed = parseArgs(args, ['json', 'csv']);
    const rows = catalogueRows(knowledgeFromFiles());
    if (parsed.flags.has('csv')) process.stdout.write(toCsv(rows));
    else out(JSON.stringify(rows, null, parsed.flags.has('pretty') ? 2 : undefined));
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`Lệnh không hợp lệ: ${name ?? '(trống)'}. Các lệnh: ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  return command(loadConfig(), args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${error instanceof UsageError || error instanceof ConfigError ? '' : 'Lỗi: '}${message}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
