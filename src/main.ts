/**
 * Composition root: the one place that reads configuration, builds dependencies and hands them to a command.
 * Every other module receives what it needs as arguments.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKnowledge, findSeed, ingest, readKnowledgeFiles, readSeed } from './catalogue/ingest.ts';
import type { Knowledge } from './catalogue/types.ts';
import { parseArgs, stringFlag, UsageError } from './cli/args.ts';
import { runAsk } from './cli/ask.ts';
import { catalogueRows, toCsv } from './cli/catalogue.ts';
import { runEval } from './cli/eval.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { buildCatalogue } from './engine/catalogue-query.ts';
import { createEngine } from './engine/engine.ts';
import { buildKnowledgeIndex } from './engine/knowledge-index.ts';
import type { Engine } from './engine/types.ts';
import { HashedNgramEmbedder, type Embedder } from './retrieval/embedder.ts';
import { ensureEmbeddings, pgvectorSearch } from './retrieval/pgvector.ts';
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

interface App {
  config: Config;
  db: Database;
  knowledge: Knowledge;
  engine: Engine;
  embedder: Embedder;
}

/** Opens the store, loads (or first ingests) the knowledge, makes sure its vectors are in pgvector, builds the engine. */
async function buildApp(config: Config): Promise<App> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const knowledge = await ensureKnowledge(db, { seedsDir: PATHS.seeds, knowledgeDir: PATHS.knowledge });
    const embedder: Embedder = new HashedNgramEmbedder();
    const catalogue = buildCatalogue(knowledge);
    const index = await buildKnowledgeIndex(knowledge, embedder, pgvectorSearch(db, embedder.model));
    await ensureEmbeddings(db, index.documents, embedder);
    const engine = createEngine({ knowledge, catalogue, index, maxChars: config.limits.maxMessageChars });
    return { config, db, knowledge, engine, embedder };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function withApp<T>(config: Config, use: (app: App) => Promise<T>): Promise<T> {
  const app = await buildApp(config);
  try {
    return await use(app);
  } finally {
    await app.db.close();
  }
}

const commands: Record<string, Command> = {
  ask: (config, args) => withApp(config, (app) => runAsk(app.engine, args, out)),
  eval: (config, args) => withApp(config, (app) => runEval(app.engine, args, out)),

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
