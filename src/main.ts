/**
 * Composition root: the one place that reads configuration and the knowledge data files, builds dependencies and
 * hands them to a command. Every other module receives what it needs as arguments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { Metrics } from './channels/metrics.ts';
import { databaseRateLimiter, localRateLimiters, type RateLimiters } from './channels/rate-limit.ts';
import { webChatTexts, type WebChatTexts } from './channels/web-page.ts';
import { parseArgs, stringFlag, UsageError } from './cli/args.ts';
import { askOne, runAsk } from './cli/ask.ts';
import { readLlmFile, takeLlmFlag } from './cli/llm-file.ts';
import { runOfficialsCli } from './cli/officials.ts';
import { captureCli, runRelayedOfficialsCli, startOfficialsRelay, type RunningOfficialsRelay } from './cli/officials-relay.ts';
import { todayInVietnam } from './text/dates.ts';
import { childEnvironment, type Config, ConfigError, loadConfig } from './config.ts';
import { parseGazetteer, type Gazetteer } from './documents/agencies/gazetteer.ts';
import { referenceLabel } from './engine/assist-support.ts';
import { databaseConversationStates } from './engine/conversation.ts';
import { createEngine } from './engine/engine.ts';
import { knowledgeView } from './engine/knowledge-view.ts';
import { deploymentOf, type Deployment } from './engine/messages.ts';
import type { ChannelName, Engine } from './engine/types.ts';
import { ALL_AGENCIES_ID } from './knowledge/agencies.ts';
import { readReviewedDocuments, writeReviewedDocument } from './knowledge/files.ts';
import { IngestError } from './knowledge/ingest-error.ts';
import { ensureDocuments } from './knowledge/stored-documents.ts';
import { documentName } from './knowledge/labels.ts';
import { parsePlaces, type Places } from './knowledge/places.ts';
import { parseProfile, type Profile } from './knowledge/profile.ts';
import { buildSnapshot, type KnowledgeSnapshot } from './knowledge/snapshot.ts';
import { LexicalFallbackEmbedder } from './llm/query-embedder.ts';
import { answerMetricsObserver, llmUsageListener } from './llm/usage-metrics.ts';
import { createLogger } from './logger.ts';
import { adminRoutes } from './console/admin.ts';
import { areaFor, staffSignIn, type StaffSignIn } from './console/sign-in.ts';
import { deskRoutes } from './desk/pages.ts';
import { createDeskService, startDeskPurge, type DeskNotify, type DeskService } from './desk/service.ts';
import { webDeskUpdates } from './desk/store.ts';
import { startScheduler } from './officials/scheduler.ts';
import { clearOfficialsData } from './officials/repository.ts';
import { createOfficialsService, type Clock, type OfficialNotifier } from './officials/service.ts';
import { EmbedThread } from './retrieval/embed-thread.ts';
import { HashedNgramEmbedder, type Embedder } from './retrieval/embedder.ts';
import { ensureEmbeddings, pgvectorSearch } from './retrieval/pgvector.ts';
import { searchDocuments } from './retrieval/documents.ts';
import { createStatusMemory, type StatusMemory } from './status/memory.ts';
import { sharedBySeveralInstances, type Database } from './store/database.ts';
import { readVersion } from './store/documents-repository.ts';
import { StoreLockedError } from './store/errors.ts';
import { openDatabase, openMemoryDatabase } from './store/open.ts';
import { PACKAGE_ROOT } from './package-root.ts';

const PATHS = {
  root: PACKAGE_ROOT,
  seeds: path.join(PACKAGE_ROOT, 'seeds'),
  knowledge: path.join(PACKAGE_ROOT, 'knowledge'),
  reviewed: path.join(PACKAGE_ROOT, 'knowledge', 'documents'),
  prompts: path.join(PACKAGE_ROOT, 'prompts'),
};

type Command = (config: Config, args: string[]) => Promise<number>;

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Resolves once everything written to stdout has been handed to the pipe or file, so an exit loses nothing. */
function flushStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

/** The knowledge data files the deployment runs on: gazetteer, places, profile. Validated here, once. */
interface KnowledgeData {
  gazetteer: Gazetteer;
  places: Places;
  profile: Profile;
}

function readKnowledgeData(): KnowledgeData {
  const read = (name: string): unknown => JSON.parse(readFileSync(path.join(PATHS.knowledge, name), 'utf8'));
  return { gazetteer: parseGazetteer(read('gazetteer.json')), places: parsePlaces(read('places.json')), profile: parseProfile(read('profile.json')) };
}

async function withDatabase<T>(config: Config, use: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/** The officials' settings with the profile's coordinators when COORDINATOR_AGENCIES is not set. */
function officialsConfig(config: Config, profile: Profile): Config['officials'] {
  return config.officials.coordinatorAgencies.length > 0 ? config.officials : { ...config.officials, coordinatorAgencies: profile.coordinatorAgencies };
}

/** What the chat page says about the deployment and its documents. */
function webChatTextsOf(deployment: Deployment, snapshot: KnowledgeSnapshot): WebChatTexts {
  return webChatTexts(deployment, snapshot.documents.map((document) => documentName(document.document)).join(', '));
}

/** Holds the current snapshot; `refresh` rebuilds it when the store's knowledge version moved (another ingest). */
interface KnowledgeHolder {
  current(): KnowledgeSnapshot;
  refresh(): Promise<boolean>;
}

/**
 * `embedThread` serves the first build only, and is closed after it (a later ingest's rebuild embeds here).
 * `whileIndexing` is called once the documents are read, just before the first index is built: the store reads it
 * starts run while this thread waits for the embedding thread's vectors.
 */
async function knowledgeHolder(
  db: Database,
  data: KnowledgeData,
  embedder: Embedder,
  remote: boolean,
  logger: Logger,
  embedThread: EmbedThread | null = null,
  whileIndexing: () => void = () => undefined,
): Promise<KnowledgeHolder> {
  const onVectorError = (error: unknown) =>
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'không truy vấn được vector trong kho dữ liệu; trả lời bằng BM25');
  const build = async (thread: EmbedThread | null = null, beforeIndex: () => void = () => undefined): Promise<KnowledgeSnapshot> => {
    const { documents, version } = await ensureDocuments(db, PATHS.reviewed);
    beforeIndex();
    // A remote model's vectors are costly: they are kept in pgvector and searched there. The local embedder's are
    // computed in memory with the snapshot.
    if (remote) await ensureEmbeddings(db, searchDocuments(documents), embedder);
    return buildSnapshot({ version, documents, ...data, embedder, embedThread: thread, ...(remote ? { vectorSearch: pgvectorSearch(db, embedder.model), onVectorError } : {}) });
  };
  let snapshot: KnowledgeSnapshot;
  try {
    snapshot = await build(remote ? null : embedThread, whileIndexing);
  } finally {
    void embedThread?.close();
  }
  return {
    current: () => snapshot,
    async refresh() {
      if ((await readVersion(db)) === snapshot.version) return false;
      snapshot = await build();
      logger.info({ version: snapshot.version, documents: snapshot.documents.map((document) => document.id) }, 'đã nạp lại tri thức (phiên bản mới)');
      return true;
    },
  };
}

interface App {
  config: Config;
  logger: Logger;
  db: Database;
  data: KnowledgeData;
  deployment: Deployment;
  knowledge: KnowledgeHolder;
  /** The latest statuses in memory; refreshed on this instance's writes and polled for other instances'. */
  statusMemory: StatusMemory;
  engine: Engine;
  /** One registry for the whole process: channels, engine and LLM calls all record here; `serve` exposes it. */
  metrics: Metrics;
  /** Binds how officials' commands reach other officials (a coordinator's chase) once channels run. */
  bindNotifier(notify: OfficialNotifier): void;
  /** The notifier bound by `bindNotifier`, or null before channels run. */
  notifier(): OfficialNotifier | null;
  /** Staff sign-in for the web areas (/admin, /desk): codes issued by `/dangnhap`, sessions in the store. */
  staff: StaffSignIn;
  /** The 1022 desk, when built (`serve`, `chat`): the engine offers handoffs and answers from saved answers. */
  desk: DeskService | undefined;
  /** Binds how the desk's replies reach citizens once channels run. */
  bindDeskNotify(notify: DeskNotify): void;
}

interface BuildOptions {
  /** Another store than the configured one (the scenario runner's in-memory database). */
  openStore?: () => Promise<Database>;
  /** The clock of the officials' service and the engine; the system clock when absent. */
  clock?: Clock;
  /** Build the 1022 desk (handoff, queue, saved answers): only where messages come from people. */
  desk?: boolean;
}

/** Opens the store, loads (or first loads) the documents, builds the snapshot, the officials' service and the engine. */
async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const logger = createLogger({ level: config.logLevel });
  const metrics = new Metrics();
  const data = readKnowledgeData();
  const deployment = deploymentOf(data.profile);
  // Started before the store opens, so that the worker has loaded by the time the documents are read.
  const embedThread = EmbedThread.start();
  const db = await (options.openStore ?? (() => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })))();
  try {
    // Built only when configured: with no LLM settings nothing of src/llm talks to anyone.
    const agencyNames = data.gazetteer.entries.map(({ id, name, short, aliases }) => ({ id, name, short, aliases }));
    const llm = config.llm
      ? await (await import('./llm/index.ts')).createLlmLayer(config.llm, {
          agencies: agencyNames,
          logger: logger.child({ module: 'llm' }),
          onUsage: llmUsageListener(metrics),
          promptsDir: PATHS.prompts,
          formatReference: referenceLabel,
        })
      : undefined;
    let embedder: Embedder = new HashedNgramEmbedder();
    let knowledge: KnowledgeHolder;
    // The statuses are read while the first index is built (see knowledgeHolder); awaited after it.
    let statusesLoading: Promise<StatusMemory> | undefined;
    const loadStatuses = (): Promise<StatusMemory> => {
      if (!statusesLoading) {
        statusesLoading = createStatusMemory(db);
        // Its failure is reported where it is awaited, not as an unhandled rejection meanwhile.
        statusesLoading.catch(() => undefined);
      }
      return statusesLoading;
    };
    try {
      knowledge = llm?.embedder
        ? await knowledgeHolder(db, data, new LexicalFallbackEmbedder(llm.embedder, logger), true, logger, embedThread, loadStatuses)
        : await knowledgeHolder(db, data, embedder, false, logger, embedThread, loadStatuses);
      if (llm?.embedder) embedder = llm.embedder;
    } catch (error) {
      if (!llm?.embedder) throw error;
      logger.warn({ model: llm.embedder.model, error: error instanceof Error ? error.message : String(error) }, 'không nhúng được văn bản bằng mô hình, dùng bộ nhúng cục bộ');
      knowledge = await knowledgeHolder(db, data, embedder, false, logger);
    }
    let notifier: OfficialNotifier | null = null;
    const staff = staffSignIn({ db, sessionHours: config.http.staffSessionHours, secureCookies: config.http.publicBaseUrl?.startsWith('https://') ?? false });
    const officials = createOfficialsService({
      signIn: async (official, now) => {
        const area = areaFor(official.role);
        if (!area) return null;
        const issued = await staff.issueCode(official.id, area, now);
        return { code: issued.code, link: `${config.http.publicBaseUrl ?? ''}${issued.path}`, area, expiresAt: issued.expiresAt };
      },
      db,
      notify: () => notifier,
      knowledge: () => knowledge.current(),
      deployment,
      config: officialsConfig(config, data.profile),
      logger: logger.child({ module: 'officials' }),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const statusMemory = await loadStatuses();
    let deskNotify: DeskNotify | null = null;
    const desk = options.desk
      ? await createDeskService({
          db,
          hours: config.desk.hours,
          retentionDays: config.desk.retentionDays,
          deployment,
          notify: () => deskNotify,
          logger: logger.child({ module: 'desk' }),
        })
      : undefined;
    const engine = createEngine({
      ...(desk ? { desk, savedAnswers: () => desk.savedAnswers() } : {}),
      // Only a PostgreSQL server can have several instances: they keep conversation states in it, to act as one.
      ...(sharedBySeveralInstances(db) ? { conversationStates: databaseConversationStates(db) } : {}),
      knowledge: knowledgeView(() => knowledge.current()),
      deployment,
      // An officials' reply may follow a write: the in-memory statuses catch up before the next answer.
      officials: {
        async handle(message) {
          const reply = await officials.handle(message);
          if (reply) await statusMemory.refresh();
          return reply;
        },
      },
      statuses: async () => statusMemory.current(),
      // With a language model the answer may depend on the model and on the store's vectors: nothing is kept.
      ...(config.llm ? {} : { replyCacheSize: REPLY_CACHE_SIZE }),
      maxChars: config.limits.maxMessageChars,
      logger,
      ...(llm?.assistant ? { assistant: llm.assistant, assistantBudgetMs: config.llm!.timeoutMs } : {}),
      observe: answerMetricsObserver(metrics),
      ...(options.clock ? { clock: () => options.clock!.now() } : {}),
    });
    if (config.llm) logger.info({ chatModel: llm?.assistant ? config.llm.chatModel : null, embeddingModel: embedder.model }, 'đã cấu hình mô hình ngôn ngữ');
    const bindNotifier = (notify: OfficialNotifier) => {
      notifier = notify;
    };
    const bindDeskNotify = (notify: DeskNotify) => {
      deskNotify = notify;
    };
    return { config, logger, db, data, deployment, knowledge, statusMemory, engine, metrics, bindNotifier, notifier: () => notifier, staff, desk, bindDeskNotify };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function withApp<T>(config: Config, use: (app: App) => Promise<T>, options: BuildOptions = {}): Promise<T> {
  const app = await buildApp(config, options);
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

/** Decisions of conversation-free questions kept in memory: a few megabytes at most (the longest replies are lists of a few kilobytes). */
const REPLY_CACHE_SIZE = 2_000;

/** How long a running server waits between looks at the store's knowledge version and statuses (other processes' writes). */
const KNOWLEDGE_POLL_MS = 1_000;

/**
 * Each command imports the modules only it uses (the server, the benchmarks, the fault script, the report builders,
 * the LLM client): a one-shot question or a restart does not pay their module loading.
 */
const commands: Record<string, Command> = {
  ask: (config, args) => {
    const { config: run, args: rest } = withLlmFile(config, args);
    return withApp(run, (app) => runAsk(app.engine, rest, out));
  },
  async serve(config) {
    const app = await buildApp(config, { desk: true });
    let relay: RunningOfficialsRelay | undefined;
    try {
      const webChat = webChatTextsOf(app.deployment, app.knowledge.current());
      const { serve } = await import('./cli/serve.ts');
      // Several instances on one PostgreSQL count each person's messages once between them.
      const limiters: RateLimiters = sharedBySeveralInstances(app.db) ? (perMinute) => databaseRateLimiter(app.db, perMinute) : localRateLimiters;
      const service = await serve({
        config,
        limiters,
        engine: app.engine,
        db: app.db,
        logger: app.logger,
        metrics: app.metrics,
        site: { webChat, hotline: app.deployment.hotlineNumber },
        ...(app.desk ? { deskUpdates: (session: string, after: number) => webDeskUpdates(app.db, session, after) } : {}),
        routes: [
          ...adminRoutes({
          db: app.db,
          signIn: app.staff,
          knowledge: () => app.knowledge.current(),
          site: webChat,
          officials: officialsConfig(config, app.data.profile),
          notifier: app.notifier,
          secureCookies: config.http.publicBaseUrl?.startsWith('https://') ?? false,
          trustedProxies: config.http.trustedProxies,
          limiters,
          logger: app.logger.child({ module: 'console' }),
          }),
          ...(app.desk
            ? deskRoutes({
                db: app.db,
                desk: app.desk,
                signIn: app.staff,
                site: webChat,
                secureCookies: config.http.publicBaseUrl?.startsWith('https://') ?? false,
                trustedProxies: config.http.trustedProxies,
                limiters,
                logger: app.logger.child({ module: 'desk' }),
              })
            : []),
        ],
        pages: { knowledge: () => app.knowledge.current(), statuses: () => app.statusMemory.current() },
      });
      app.bindNotifier((official, text) => service.notify(official.channel as ChannelName, official.userId, text));
      app.bindDeskNotify((channel, userId, text) => service.notify(channel, userId, text));
      const deskPurge = app.desk ? startDeskPurge(app.desk, app.logger.child({ module: 'desk' })) : null;
      const scheduler =
        config.officials.schedulerIntervalMinutes > 0
          ? startScheduler({
              db: app.db,
              knowledge: () => app.knowledge.current(),
              config: officialsConfig(config, app.data.profile),
              send: (official, text) => service.notify(official.channel as ChannelName, official.userId, text),
              logger: app.logger.child({ module: 'reminders' }),
              metrics: app.metrics,
            })
          : null;
      const poll = setInterval(() => {
        app.knowledge.refresh().catch((error: unknown) => app.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'không kiểm tra được phiên bản tri thức'));
        app.statusMemory.refresh().catch((error: unknown) => app.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'không làm mới được trạng thái nhiệm vụ'));
        // Saved answers added and desk conversations opened on another instance reach this one within a second.
        app.desk?.refresh().catch((error: unknown) => app.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'không làm mới được câu trả lời mẫu và hội thoại tổng đài'));
      }, KNOWLEDGE_POLL_MS);
      poll.unref();
      // The embedded store is this process's alone: the officials CLI's commands come here (src/cli/officials-relay.ts).
      if (app.db.engine === 'pglite') {
        try {
          relay = await startOfficialsRelay({
            dataDir: config.dataDir,
            handle: (args) =>
              captureCli((out, err) => runOfficialsCli(args, { db: app.db, knowledge: app.knowledge.current(), config: officialsConfig(config, app.data.profile), out, err })),
            logger: app.logger.child({ module: 'officials-relay' }),
          });
        } catch (error) {
          app.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'officials relay failed to start; the officials CLI needs the service stopped');
        }
      }
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      app.logger.info({}, 'đang dừng: không nhận tin mới, hoàn tất tin đang xử lý');
      await relay?.close();
      clearInterval(poll);
      await scheduler?.stop();
      await deskPurge?.stop();
      await service.close();
      return 0;
    } finally {
      await relay?.close();
      await app.db.close();
    }
  },
  bench: (config, args) =>
    withApp(config, async (app) => {
      const { formatBench, runBench } = await import('./cli/bench.ts');
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
      const { benchGateway, formatBenchGatewayResult } = await import('./cli/bench-gateway.ts');
      const result = await benchGateway({ engine: app.engine });
      process.stdout.write(formatBenchGatewayResult(result));
      return result.ok ? 0 : 1;
    }),
  'bench:serve': (config, args) =>
    withApp(config, async (app) => {
      const { benchServe, formatBenchServe } = await import('./cli/bench-serve.ts');
      const ownSets = ['questions.jsonl', 'questions-holdout.jsonl'].map((name) => path.join(PATHS.root, 'test', 'eval', name));
      const files = args.length > 0 ? args : [path.join(PATHS.root, '..', 'shared', 'eval', 'questions.dev.jsonl'), ...ownSets];
      const levels = await benchServe(app.engine, files, { webChat: webChatTextsOf(app.deployment, app.knowledge.current()) });
      out(formatBenchServe(levels));
      return 0;
    }),
  /** The web chat offered more than it can serve: the server as a child process, an open-loop client here. */
  'bench:overload': async (_config, args) =>
    (await import('./cli/bench-overload.ts')).runOverload(args, {
      root: PATHS.root,
      childEnv: (vars) => childEnvironment(vars),
      defaultFiles: ['questions.jsonl', 'questions-holdout.jsonl'].map((name) => path.join(PATHS.root, 'test', 'eval', name)),
      out,
    }),
  /** Kill -9 faults against the real server as a child process (loopback fake Telegram; a fresh store per run). */
  'test:faults': async (config, args) => {
    const data = readKnowledgeData();
    const { runFaults } = await import('./cli/faults.ts');
    return runFaults(args, {
      root: PATHS.root,
      testDatabaseUrl: config.testDatabaseUrl,
      childEnv: (vars) => childEnvironment(vars),
      agencies: faultAgencies(data.profile.primaryDocument, officialsConfig(config, data.profile).coordinatorAgencies),
      out,
    });
  },
  'zalo:login': async (config) => (await import('./cli/zalo-login.ts')).zaloLogin({ dataDir: config.dataDir }),
  chat: (config, args) => withApp(config, async (app) => (await import('./cli/chat.ts')).runChatCli(args, { engine: app.engine, out }), { desk: true }),
  async officials(config, args) {
    try {
      return await withApp(config, (app) => runOfficialsCli(args, { db: app.db, knowledge: app.knowledge.current(), config: officialsConfig(config, app.data.profile), out }));
    } catch (error) {
      // The running server holds the embedded store: it carries the command out (src/cli/officials-relay.ts).
      if (!(error instanceof StoreLockedError)) throw error;
      return runRelayedOfficialsCli(args, { dataDir: config.dataDir, locked: error, out, err: (text) => process.stderr.write(`${text}\n`) });
    }
  },
  /** Officials' conversation scenarios on an in-memory store: the configured store is never touched. */
  scenarios: async (config, args) => {
    const { runScenariosCli, settableClock } = await import('./cli/scenarios.ts');
    const clock = settableClock();
    return withApp(
      config,
      (app) =>
        runScenariosCli(args, {
          engine: app.engine,
          db: app.db,
          knowledge: app.knowledge.current(),
          config: officialsConfig(config, app.data.profile),
          clock,
          reset: async () => {
            await clearOfficialsData(app.db);
            await app.statusMemory.refresh();
          },
          readFile: (file) => readFileSync(file, 'utf8'),
          out,
        }),
      { openStore: openMemoryDatabase, clock },
    );
  },
  /** One reporting period simulated on an in-memory store; writes its consolidated .docx and .xlsx. */
  'demo:quarter': async (config, args) => {
    const { settableClock } = await import('./cli/scenarios.ts');
    const { runDemoQuarter } = await import('./cli/demo-quarter.ts');
    const clock = settableClock();
    return withApp(
      config,
      async (app) => {
        await runDemoQuarter(args, {
          db: app.db,
          engine: app.engine,
          knowledge: () => app.knowledge.current(),
          config: officialsConfig(config, app.data.profile),
          setNow: (instant) => clock.set(instant),
          bindNotifier: app.bindNotifier,
          out,
          today: todayInVietnam(),
        });
        return 0;
      },
      { openStore: openMemoryDatabase, clock },
    );
  },
  report: (config, args) => withApp(config, async (app) => (await import('./cli/report.ts')).runReportCli(args, { db: app.db, knowledge: app.knowledge.current(), reportingDueDay: config.officials.reportingDueDay, write: (text) => process.stdout.write(text) })),
  eval: (config, args) => {
    const { config: run, args: rest } = withLlmFile(config, args);
    return withApp(run, async (app) => {
      const { runEval } = await import('./cli/eval.ts');
      const snapshot = app.knowledge.current();
      const primary = app.data.profile.primaryDocument;
      return runEval(app.engine, rest, out, {
        expected: (id) => (id.includes(':') ? id : `${primary}:${id}`),
        cited: (id) => snapshot.keyOf(id),
      });
    });
  },
  documents: (config, args) => withDatabase(config, async (db) => (await import('./cli/documents.ts')).runDocumentsCli(args, { db, out, err: (text) => process.stderr.write(`${text}\n`) })),

  /** Adds (or replaces) documents in the store of DATA_DIR; without --seed, every file of seeds/. */
  async ingest(config, args) {
    const parsed = parseArgs(args, ['dry-run']);
    const data = readKnowledgeData();
    const seed = stringFlag(parsed, 'seed');
    const files = seed ? [seed] : readSeedFiles();
    const progress = (stage: string, detail: string) => out(`[ingest] ${stage}: ${detail}`);
    const { ingestFile } = await import('./knowledge/ingest.ts');
    const run = async (db: Database | null) => {
      for (const file of files) {
        const report = await ingestFile(db, file, { gazetteer: data.gazetteer, dryRun: parsed.flags.has('dry-run'), progress });
        out(`[ingest] xong trong ${Math.round(report.ms)} ms: ${report.knowledge.id} — ${report.knowledge.tasks.length} nhiệm vụ, ${report.knowledge.sections.length} mục, ${report.knowledge.warnings.length} cảnh báo`);
      }
    };
    if (parsed.flags.has('dry-run')) await run(null);
    else {
      await withDatabase(config, async (db) => {
        // A new store first gets the reviewed documents a first start would load, so an ingest adds beside them.
        await ensureDocuments(db, PATHS.reviewed);
        await run(db);
      });
    }
    return 0;
  },

  /** Developers: re-reads a seed and writes its reviewed knowledge into the checkout's knowledge/documents/. */
  async 'knowledge:review'(_config, args) {
    const parsed = parseArgs(args);
    const data = readKnowledgeData();
    const { readDocumentFile } = await import('./knowledge/ingest.ts');
    for (const file of stringFlag(parsed, 'seed') ? [stringFlag(parsed, 'seed')!] : readSeedFiles()) {
      const knowledge = readDocumentFile(file, data.gazetteer);
      out(`[knowledge:review] ${writeReviewedDocument(PATHS.reviewed, knowledge)}: ${knowledge.tasks.length} nhiệm vụ, ${knowledge.warnings.length} cảnh báo`);
    }
    return 0;
  },

  catalogue: (config, args) =>
    withApp(config, async (app) => {
      const { catalogueCsv, catalogueRows } = await import('./cli/catalogue.ts');
      const parsed = parseArgs(args, ['json', 'csv', 'pretty']);
      const rows = catalogueRows(app.knowledge.current());
      if (parsed.flags.has('csv')) process.stdout.write(catalogueCsv(rows));
      else out(JSON.stringify(rows, null, parsed.flags.has('pretty') ? 2 : undefined));
      return 0;
    }),
};

/**
 * Agencies for the fault script's officials: those that lead tasks of the deployment's primary document on their own
 * (not a collective lead, not a coordinator, whose officials see everything), most tasks first, with their task ids.
 */
function faultAgencies(primaryDocument: string, coordinators: string[]): Array<{ name: string; taskIds: string[] }> {
  const primary = readReviewedDocuments(PATHS.reviewed).find((document) => document.id === primaryDocument);
  const byAgency = new Map<string, { name: string; taskIds: string[] }>();
  for (const task of primary?.tasks ?? []) {
    const [only, ...more] = task.lead?.ids ?? [];
    if (!only || more.length > 0 || only === ALL_AGENCIES_ID || coordinators.includes(task.lead!.text)) continue;
    const entry = byAgency.get(only) ?? { name: task.lead!.text, taskIds: [] };
    entry.taskIds.push(task.id);
    byAgency.set(only, entry);
  }
  return [...byAgency.values()].sort((a, b) => b.taskIds.length - a.taskIds.length);
}

function readSeedFiles(): string[] {
  return readdirSafe(PATHS.seeds).map((name) => path.join(PATHS.seeds, name));
}

function readdirSafe(directory: string): string[] {
  try {
    return readdirSync(directory).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return [];
  }
}

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
  async (code) => {
    await flushStdout();
    process.exit(code);
  },
  async (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const plain = error instanceof UsageError || error instanceof ConfigError || error instanceof IngestError;
    process.stderr.write(`${plain ? '' : 'Lỗi: '}${message}\n`);
    await flushStdout();
    process.exit(error instanceof UsageError || error instanceof IngestError ? 2 : 1);
  },
);
