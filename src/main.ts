/**
 * Composition root: the one place that reads configuration, builds dependencies and hands them to a command.
 * Every other module receives what it needs as arguments.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureKnowledge, findSeed, ingest, readKnowledgeFiles, readSeed } from './catalogue/ingest.ts';
import type { Knowledge } from './catalogue/types.ts';
import { parseArgs, stringFlag, UsageError } from './cli/args.ts';
import type { Logger } from 'pino';
import { createLogger } from './logger.ts';
import { askOne, runAsk } from './cli/ask.ts';
import { formatBench, runBench } from './cli/bench.ts';
import { benchGateway, formatBenchGatewayResult } from './cli/bench-gateway.ts';
import { serve } from './cli/serve.ts';
import { zaloLogin } from './cli/zalo-login.ts';
import { Metrics } from './channels/metrics.ts';
import { catalogueCsv, catalogueRows } from './cli/catalogue.ts';
import { runChatCli } from './cli/chat.ts';
import { runEval } from './cli/eval.ts';
import { readLlmFile, takeLlmFlag } from './cli/llm-file.ts';
import { runOfficialsCli } from './cli/officials.ts';
import { runReportCli } from './cli/report.ts';
import { createOfficialsService } from './officials/service.ts';
import { startScheduler } from './officials/scheduler.ts';
import { createStatusSource } from './officials/status.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { buildCatalogue } from './engine/catalogue-query.ts';
import { referenceLabel } from './engine/assisted.ts';
import { createEngine } from './engine/engine.ts';
import { buildKnowledgeIndex, type KnowledgeIndex } from './engine/knowledge-index.ts';
import { createLlmLayer } from './llm/index.ts';
import { LexicalFallbackEmbedder } from './llm/query-embedder.ts';
import { answerMetricsObserver, llmUsageListener } from './llm/usage-metrics.ts';
import type { ChannelName, Engine } from './engine/types.ts';
import { HashedNgramEmbedder, type Embedder } from './retrieval/embedder.ts';
import { ensureEmbeddings, pgvectorSearch } from './retrieval/pgvector.ts';
import type { Database } from './store/database.ts';
import { openDatabase } from './store/open.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PATHS = {
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

/** The knowledge in the store, loaded on first start from the reviewed files (or the seed). */
function storedKnowledge(db: Database): Promise<Knowledge> {
  return ensureKnowledge(db, { seedsDir: PATHS.seeds, knowledgeDir: PATHS.knowledge });
}

/** The reviewed knowledge files, or the seed parsed afresh when they are missing. */
function knowledgeFromFiles(): Knowledge {
  return readKnowledgeFiles(PATHS.knowledge) ?? readSeed(findSeed(PATHS.seeds));
}

interface App {
  config: Config;
  logger: Logger;
  db: Database;
  knowledge: Knowledge;
  engine: Engine;
  embedder: Embedder;
  /** One registry for the whole process: channels, engine and LLM calls all record here; `serve` exposes it. */
  metrics: Metrics;
}

/**
 * The retriever with its vectors in pgvector: the endpoint's embedding model when one is configured and it embeds
 * the documents, the local embedder otherwise. `ensureEmbeddings` keys vectors by model and checks the dimension,
 * so a new model (or dimension) re-embeds instead of mixing spaces. Questions embedded through the endpoint fall
 * back to BM25 alone when a call fails.
 */
async function buildIndex(db: Database, knowledge: Knowledge, remote: Embedder | undefined, logger: Logger): Promise<{ embedder: Embedder; index: KnowledgeIndex }> {
  const onVectorError = (error: unknown) =>
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'không truy vấn được vector trong kho dữ liệu; trả lời bằng BM25');
  if (remote) {
    try {
      const index = await buildKnowledgeIndex(knowledge, new LexicalFallbackEmbedder(remote, logger), pgvectorSearch(db, remote.model), onVectorError);
      const embedded = await ensureEmbeddings(db, index.documents, remote);
      logger.info({ model: remote.model, dimensions: remote.dimensions, embedded }, 'vector của mô hình embedding đã sẵn sàng');
      return { embedder: remote, index };
    } catch (error) {
      logger.warn({ model: remote.model, error: error instanceof Error ? error.message : String(error) }, 'không nhúng được văn bản bằng mô hình, dùng bộ nhúng cục bộ');
    }
  }
  const embedder: Embedder = new HashedNgramEmbedder();
  const index = await buildKnowledgeIndex(knowledge, embedder, pgvectorSearch(db, embedder.model), onVectorError);
  await ensureEmbeddings(db, index.documents, embedder);
  return { embedder, index };
}

/** Opens the store, loads (or first ingests) the knowledge, makes sure its vectors are in pgvector, builds the engine. */
async function buildApp(config: Config): Promise<App> {
  const logger = createLogger({ level: config.logLevel });
  const metrics = new Metrics();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const knowledge = await storedKnowledge(db);
    // Built only when configured: with no LLM settings nothing of src/llm talks to anyone.
    const llm = config.llm
      ? await createLlmLayer(config.llm, {
          agencies: knowledge.agencies,
          logger: logger.child({ module: 'llm' }),
          onUsage: llmUsageListener(metrics),
          promptsDir: PATHS.prompts,
          formatReference: referenceLabel,
        })
      : undefined;
    const catalogue = buildCatalogue(knowledge);
    const { embedder, index } = await buildIndex(db, knowledge, llm?.embedder, logger);
    const officials = createOfficialsService({ db, knowledge, config: config.officials, logger: logger.child({ module: 'officials' }) });
    const engine = createEngine({
      knowledge,
      catalogue,
      index,
      officials,
      statuses: createStatusSource(db, knowledge.agencies),
      maxChars: config.limits.maxMessageChars,
      logger,
      ...(llm?.assistant ? { assistant: llm.assistant, assistantBudgetMs: config.llm!.timeoutMs } : {}),
      observe: answerMetricsObserver(metrics),
    });
    if (config.llm) {
      logger.info({ chatModel: llm?.assistant ? config.llm.chatModel : null, embeddingModel: embedder.model }, 'đã cấu hình mô hình ngôn ngữ');
    }
    return { config, logger, db, knowledge, engine, embedder, metrics };
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

/** `--llm FILE` (src/cli/llm-file.ts) replaces the environment's LLM settings for this run. */
function withLlmFile(config: Config, args: string[]): { config: Config; args: string[] } {
  const { file, rest } = takeLlmFlag(args);
  if (!file) return { config, args: rest };
  return { config: { ...config, llm: readLlmFile(file, config.llm?.apiKey) }, args: rest };
}

const commands: Record<string, Command> = {
  ask: (config, args) => {
    const { config: run, args: rest } = withLlmFile(config, args);
    return withApp(run, (app) => runAsk(app.engine, rest, out));
  },
  async serve(config) {
    const app = await buildApp(config);
    try {
      const service = await serve({ config, engine: app.engine, db: app.db, logger: app.logger, metrics: app.metrics });
      const scheduler =
        config.officials.schedulerIntervalMinutes > 0
          ? startScheduler({
              db: app.db,
              knowledge: app.knowledge,
              config: config.officials,
              send: (official, text) => service.notify(official.channel as ChannelName, official.userId, text),
              logger: app.logger.child({ module: 'reminders' }),
              metrics: app.metrics,
            })
          : null;
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      app.logger.info({}, 'đang dừng: không nhận tin mới, hoàn tất tin đang xử lý');
      await scheduler?.stop();
      await service.close();
      return 0;
    } finally {
      await app.db.close();
    }
  },
  bench: (config, args) =>
    withApp(config, async (app) => {
      // Start-up: process start to the first answer of an already-built app (store open, knowledge, vectors, index).
      await askOne(app.engine, { id: 'warm-up', q: 'Ai chủ trì xây dựng kho dữ liệu dùng chung?' });
      const startupMs = process.uptime() * 1000;
      const ownSets = ['questions.jsonl', 'questions-holdout.jsonl', 'questions-blind.jsonl', 'questions-final.jsonl'].map((name) => path.join(PATHS.root, 'test', 'eval', name));
      const files = args.length > 0 ? args : [path.join(PATHS.root, '..', 'shared', 'eval', 'questions.dev.jsonl'), ...ownSets];
      const report = await runBench(app.engine, files, startupMs);
      out(formatBench(report, app.db.engine));
      return 0;
    }),
  'bench:gateway': (config) =>
    withApp(config, async (app) => {
      const result = await benchGateway({ engine: app.engine });
      process.stdout.write(formatBenchGatewayResult(result));
      return result.ok ? 0 : 1;
    }),
  'zalo:login': (config) => zaloLogin({ dataDir: config.dataDir }),
  chat: (config, args) => withApp(config, (app) => runChatCli(args, { engine: app.engine, out })),
  officials: (config, args) =>
    withDatabase(config, async (db) =>
      runOfficialsCli(args, { db, knowledge: await storedKnowledge(db), config: config.officials, out }),
    ),
  report: (config, args) =>
    withDatabase(config, async (db) =>
      runReportCli(args, { db, knowledge: await storedKnowledge(db), write: (text) => process.stdout.write(text) }),
    ),
  eval: (config, args) => {
    const { config: run, args: rest } = withLlmFile(config, args);
    return withApp(run, (app) => runEval(app.engine, rest, out));
  },

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
    if (parsed.flags.has('csv')) process.stdout.write(catalogueCsv(rows));
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
