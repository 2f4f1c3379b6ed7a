/**
 * `npm run test:faults`: the durable inbox under kill -9. A loopback fake Telegram Bot API records every
 * `sendMessage`; the real server runs as a child process (`src/main.ts serve`) on a fresh store; a stream of webhook
 * updates from citizens (questions) and officials ("/capnhat <task> đạt N%" then "có") goes to it as Telegram would
 * send it; the server is killed with SIGKILL at random points and started again; with PostgreSQL the database server
 * is restarted once mid-stream when that is safe. At the end the fake API's calls and the store are counted:
 * acknowledged messages never answered, messages answered twice, confirmed updates lost, duplicate status rows.
 * An instance that exits on its own (a crash) and a message no instance acknowledges for two minutes are counted too.
 * Exit 0 when all six are 0 in every run, else 1. Loopback only; every child and temporary store is removed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { FakeTelegramApi, postWebhookUpdate, privateTextUpdate } from '../channels/fake-telegram-api.ts';
import { openDatabase } from '../store/open.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';
import { freePort } from './ports.ts';

const execFileAsync = promisify(execFile);

export interface FaultsDeps {
  /** The checkout: children run `src/main.ts` from here. */
  root: string;
  /** A PostgreSQL server where databases may be created (TEST_DATABASE_URL); PostgreSQL runs need it. */
  testDatabaseUrl: string | undefined;
  /** The environment for a child process: the parent's minus the application's settings, plus `vars`. */
  childEnv: (vars: Record<string, string>) => NodeJS.ProcessEnv;
  /** Lead agency (its name as the officials CLI takes it) and the ids of the tasks it leads, one entry per agency. */
  agencies: Array<{ name: string; taskIds: string[] }>;
  out: (text: string) => void;
  /** Seeded in tests; Math.random otherwise. */
  random?: () => number;
}

export interface FaultsOptions {
  updates: number;
  officials: number;
  citizens: number;
  kills: number;
  engines: Array<'pglite' | 'postgres'>;
  twoInstances: boolean;
  /** Fail on messages answered twice too (at-least-once makes a few likely after kills). */
  strict: boolean;
}

const USAGE =
  'Usage: test:faults -- [--updates N] [--officials 5] [--citizens 20] [--kills K] [--engine pglite|postgres|both] [--two-instances] [--strict]';

export function parseFaultsArgs(args: string[]): FaultsOptions {
  const parsed = parseArgs(args, ['two-instances', 'strict']);
  const count = (name: string, fallback: number, min: number): number => {
    const raw = stringFlag(parsed, name);
    if (raw === undefined) {
      if (parsed.flags.has(name)) throw new UsageError(`--${name} needs a number.\n${USAGE}`);
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min}.\n${USAGE}`);
    return value;
  };
  const engine = stringFlag(parsed, 'engine') ?? 'pglite';
  if (!['pglite', 'postgres', 'both'].includes(engine)) throw new UsageError(`--engine must be pglite, postgres or both.\n${USAGE}`);
  const known = new Set(['updates', 'officials', 'citizens', 'kills', 'engine', 'two-instances', 'strict']);
  for (const name of parsed.flags.keys()) if (!known.has(name)) throw new UsageError(`Unknown flag --${name}.\n${USAGE}`);
  return {
    updates: count('updates', 500, 1),
    officials: count('officials', 5, 0),
    citizens: count('citizens', 20, 0),
    kills: count('kills', 8, 0),
    engines: engine === 'both' ? ['pglite', 'postgres'] : [engine as 'pglite' | 'postgres'],
    twoInstances: parsed.flags.has('two-instances'),
    strict: parsed.flags.has('strict'),
  };
}

/** What one chat sent and what came back, as the counting needs it. */
export interface ChatTally {
  /** Distinct messages (update ids) of the chat that some instance answered 200 for. */
  acknowledged: number;
  /** Distinct messages sent at least once but never answered 200 (the run ended first). */
  unacknowledged: number;
  /** `sendMessage` calls to the chat recorded by the fake API. */
  replies: number;
}

/**
 * The counting rule. Every message gets exactly one `sendMessage` (citizens' questions are chosen so that no answer
 * is split; an official's "/capnhat" gets its draft, "có" the stored reply), and the gateway answers one chat's
 * messages in order, so counting per chat is enough. A message whose 200 was lost in a kill may still have been
 * stored and answered; the sender resends it until some delivery is answered 200, and the inbox recognises its
 * update_id, so it counts once as acknowledged. Only a message never acknowledged at all (none is left at the end
 * of a normal run) may or may not have been answered: it is neither required nor counted as an extra.
 *   unanswered = max(0, acknowledged − replies); answeredTwice = max(0, replies − acknowledged − unacknowledged).
 */
export function tallyChats(chats: Iterable<ChatTally>): { unanswered: number; answeredTwice: number } {
  let unanswered = 0;
  let answeredTwice = 0;
  for (const chat of chats) {
    unanswered += Math.max(0, chat.acknowledged - chat.replies);
    answeredTwice += Math.max(0, chat.replies - chat.acknowledged - chat.unacknowledged);
  }
  return { unanswered, answeredTwice };
}

/** A confirmed update the stream expects in the store: official's chat, task id (without document), percent. */
export interface ExpectedUpdate {
  userId: string;
  taskId: string;
  percent: number;
}

export interface StoredUpdateRow {
  user_id: string;
  task_id: string;
  percent: number;
  rows: number;
}

/** Lost: a confirmed ("có" acknowledged after its acknowledged draft) update with no row; duplicates: extra rows. */
export function tallyUpdates(expected: ExpectedUpdate[], stored: StoredUpdateRow[]): { lost: number; duplicates: number } {
  const key = (userId: string, taskId: string, percent: number) => `${userId}|${taskId.replace(/^[^:]*:/, '')}|${percent}`;
  const rows = new Map<string, number>();
  let duplicates = 0;
  for (const row of stored) {
    const k = key(row.user_id, row.task_id, Number(row.percent));
    rows.set(k, (rows.get(k) ?? 0) + Number(row.rows));
  }
  for (const count of rows.values()) duplicates += Math.max(0, count - 1);
  const lost = expected.filter((update) => !rows.has(key(update.userId, update.taskId, update.percent))).length;
  return { lost, duplicates };
}

/**
 * Citizens' questions about the officials' own tasks, so the answers come from the loaded knowledge whatever the
 * document; each answer is one task card, which fits one Telegram message (one question, one `sendMessage`).
 */
function citizenQuestions(agencies: FaultsDeps['agencies']): string[] {
  const ids = agencies.flatMap((agency) => agency.taskIds.slice(0, 2)).slice(0, 8);
  return ids.flatMap((id) => [`Nhiệm vụ ${id} do cơ quan nào chủ trì?`, `Thời hạn của nhiệm vụ ${id} là khi nào?`]);
}

const TOKEN = '1000000:faults-token-not-a-real-token-0000000';
const SECRET = 'faults-webhook-secret';
const FIRST_CITIZEN_CHAT = 810_000_000;
const FIRST_OFFICIAL_CHAT = 820_000_000;
const HEALTH_TIMEOUT_MS = 90_000;
const REQUEST_TIMEOUT_MS = 15_000;
/** After the last reply the run waits this long for late duplicates before counting. */
const SETTLE_MS = 2_500;
/** Waiting for missing replies ends when nothing was sent for this long, or at MAX_QUIET_WAIT_MS. */
const QUIET_GIVE_UP_MS = 35_000;
const MAX_QUIET_WAIT_MS = 180_000;
/** How long an official waits for the answer to their message before sending the next one. */
const OFFICIAL_PATIENCE_MS = 60_000;
/** A message refused this long by an instance (non-2xx or no answer) is given up as undelivered. */
const DELIVERY_GIVE_UP_MS = 120_000;
/** A server that keeps crashing is left down after this many restarts (its messages then count as undelivered). */
const MAX_RESTARTS_AFTER_CRASH = 5;
/** An `officials add` child still running after this is killed and the run fails. */
const CLI_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Message {
  chatId: number;
  text: string;
  updateId?: number;
  acknowledged: boolean;
  /** performance.now() of the first POST and of the first 200 (the timeline kept when a chat is answered twice). */
  sentAt?: number;
  acknowledgedAt?: number;
  /** For an official's "có": the update it confirms (its draft's "/capnhat" is the message before it). */
  confirms?: ExpectedUpdate;
}

interface Person {
  chatId: number;
  official: boolean;
  messages: Message[];
}

/**
 * One `src/main.ts serve` child; `start` again after a kill reuses the port and the store. A child that exits on
 * its own (not killed or stopped here) is a crash: counted, and started again as a supervisor would, so that the
 * stream goes on and the run reports it instead of waiting for an instance that is gone.
 */
class ServerChild {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private ending = false;
  starts = 0;
  crashes = 0;

  constructor(
    readonly url: string,
    private readonly spawnServer: () => ChildProcess,
  ) {}

  async start(): Promise<void> {
    const child = this.spawnServer();
    this.child = child;
    this.ending = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        resolve();
        if (this.ending || this.child !== child) return;
        this.crashes += 1;
        if (this.crashes <= MAX_RESTARTS_AFTER_CRASH) this.start().catch(() => undefined);
      }),
    );
    this.starts += 1;
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} during start (see its log)`);
      try {
        const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new Error(`server at ${this.url} not healthy after ${HEALTH_TIMEOUT_MS / 1000} s`);
  }

  async kill(): Promise<void> {
    this.ending = true;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (finishes what is in flight), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    this.ending = true;
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

interface RunResult {
  label: string;
  acknowledged: number;
  deliveries: number;
  redeliveries: number;
  kills: number;
  /** Instances that exited on their own (their log says why) and were started again. */
  crashes: number;
  /** Messages no instance acknowledged within DELIVERY_GIVE_UP_MS of retries. */
  undelivered: number;
  postgresRestart: string;
  unanswered: number;
  answeredTwice: number;
  confirmed: number;
  lost: number;
  duplicates: number;
  streamSeconds: number;
  totalSeconds: number;
  /** The servers' logs, kept when a count is not 0. */
  logFile?: string;
}

/** Restarts the PostgreSQL server behind `adminUrl` when that is safe; resolves with what was done or why not. */
async function restartPostgres(adminUrl: string, ownDatabase: string): Promise<string> {
  const url = new URL(adminUrl);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname)) return `skipped: ${url.hostname} is not this machine`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let dataDir: string;
  let binDir: string;
  let others: number;
  try {
    dataDir = (await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`)).rows[0]?.setting ?? '';
    binDir = (await client.query<{ setting: string }>(`SELECT setting FROM pg_config WHERE name = 'BINDIR'`)).rows[0]?.setting ?? '';
    // Anyone else's session would be cut by the restart: then it is not ours to restart.
    others = Number(
      (
        await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname IS DISTINCT FROM $1`,
          [ownDatabase],
        )
      ).rows[0]?.n ?? 0,
    );
  } catch (error) {
    return `skipped: cannot read the server's settings (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end();
  }
  if (others > 0) return `skipped: ${others} other session(s) on the server`;
  if (!dataDir || !binDir) return 'skipped: data directory or binaries unknown';
  let owner: number;
  let logFile: string | undefined;
  try {
    owner = statSync(dataDir).uid;
    // Keep the server's log where it was: the postmaster's stdout (pg_ctl -l FILE) — readable by root or the owner.
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const target = readlinkSync(`/proc/${pid}/fd/1`);
    if (target.startsWith('/') && !target.startsWith('/dev/')) logFile = target;
  } catch (error) {
    return `skipped: cannot inspect ${dataDir} (${error instanceof Error ? error.message : String(error)})`;
  }
  const uid = process.getuid?.() ?? -1;
  // Always a log file: without one the new postmaster would hold pg_ctl's stdout open and the wait for it never end.
  const pgCtl = [path.join(binDir, 'pg_ctl'), '-D', dataDir, '-m', 'fast', '-w', '-t', '60', '-l', logFile ?? path.join(dataDir, 'restart.log'), 'restart'];
  let command: string[];
  if (uid === owner) command = pgCtl;
  else if (uid === 0) {
    const { stdout } = await execFileAsync('id', ['-nu', String(owner)]);
    command = ['runuser', '-u', stdout.trim(), '--', ...pgCtl];
  } else return `skipped: the data directory belongs to uid ${owner}, this process is uid ${uid}`;
  const started = Date.now();
  try {
    await execFileAsync(command[0]!, command.slice(1), { timeout: 90_000 });
  } catch (error) {
    return `FAILED: ${error instanceof Error ? error.message : String(error)}`;
  }
  return `restarted (${command.join(' ')}; ${((Date.now() - started) / 1000).toFixed(1)} s)`;
}

/** One run on one engine: a fresh store, officials registered, the stream with kills, the counts. */
async function runOnce(engine: 'pglite' | 'postgres', instances: number, options: FaultsOptions, deps: FaultsDeps): Promise<RunResult> {
  const random = deps.random ?? Math.random;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const questions = citizenQuestions(deps.agencies);
  const label = `${engine === 'pglite' ? 'PGlite' : 'PostgreSQL'}${instances > 1 ? `, ${instances} instances` : ''}`;
  const runStarted = Date.now();
  const workDir = mkdtempSync(path.join(tmpdir(), 'faults-'));
  const api = new FakeTelegramApi();
  await api.start();
  const servers: ServerChild[] = [];
  let keepLogs = false;
  let database: { url: string; name: string; drop: () => Promise<void> } | undefined;
  try {
    const storeVars: Record<string, string> = {};
    if (engine === 'postgres') {
      if (!deps.testDatabaseUrl) throw new UsageError('--engine postgres needs TEST_DATABASE_URL (a server where databases may be created).');
      const name = `faults_${randomBytes(6).toString('hex')}`;
      const admin = async (sql: string) => {
        const client = new pg.Client({ connectionString: deps.testDatabaseUrl });
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      };
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(deps.testDatabaseUrl);
      url.pathname = `/${name}`;
      database = { url: url.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
      storeVars.DATABASE_URL = database.url;
    }
    // The embedded store's directory, and with PostgreSQL the instances' local files (their sent journal).
    storeVars.DATA_DIR = path.join(workDir, 'data');
    const logFile = path.join(workDir, 'server.log');
    const logFd = openSync(logFile, 'a');
    const node = (args: string[], vars: Record<string, string>, stdio: 'ignore' | 'pipe') =>
      spawn(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', 'src/main.ts', ...args], {
        cwd: deps.root,
        env: deps.childEnv({ LOG_LEVEL: 'warn', ...storeVars, ...vars }),
        stdio: ['ignore', stdio === 'pipe' ? 'pipe' : 'ignore', logFd],
      });

    // Officials first, while no server holds the store (PGlite is single-process; PostgreSQL could run them at once).
    const agencies = deps.agencies.slice(0, options.officials);
    if (agencies.length < options.officials) throw new UsageError(`only ${agencies.length} agencies lead tasks; --officials ${options.officials} is too many`);
    const register = (index: number) =>
      new Promise<void>((resolve, reject) => {
        const agency = agencies[index]!;
        const child = node(['officials', 'add', '--channel', 'telegram', '--user', String(FIRST_OFFICIAL_CHAT + index), '--agency', agency.name, '--name', `Cán bộ thử ${index + 1}`], {}, 'ignore');
        const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          if (code === 0) resolve();
          else reject(new Error(`officials add for ${agency.name} ${signal ? `killed after ${CLI_TIMEOUT_MS / 1000} s` : `exited with ${code}`} (log: ${logFile})`));
        });
      });
    if (engine === 'postgres') {
      // The first one migrates and loads the documents; the others then only add their row.
      if (agencies.length > 0) await register(0);
      await Promise.all(agencies.slice(1).map((_, index) => register(index + 1)));
    } else {
      for (let index = 0; index < agencies.length; index += 1) await register(index);
    }

    for (let index = 0; index < instances; index += 1) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      servers.push(
        new ServerChild(url, () =>
          node(
            ['serve'],
            {
              PORT: String(port),
              HOST: '127.0.0.1',
              TELEGRAM_BOT_TOKEN: TOKEN,
              TELEGRAM_API_ROOT: api.apiRoot,
              TELEGRAM_WEBHOOK_URL: url,
              TELEGRAM_WEBHOOK_SECRET: SECRET,
              SCHEDULER_INTERVAL_MINUTES: '0',
              // Rate limits are not what this measures; a limited "có" would not be stored.
              RATE_LIMIT_PER_MINUTE: '100000',
            },
            'ignore',
          ),
        ),
      );
    }
    await Promise.all(servers.map((server) => server.start()));

    // The plan: who sends what. Each official alternates "/capnhat <task> đạt N%" and "có" on tasks their agency leads,
    // with a (task, percent) never repeated, so every confirmed update is recognisable in the store.
    const people: Person[] = [
      ...Array.from({ length: options.citizens }, (_, index) => ({ chatId: FIRST_CITIZEN_CHAT + index, official: false, messages: [] as Message[] })),
      ...agencies.map((_, index) => ({ chatId: FIRST_OFFICIAL_CHAT + index, official: true, messages: [] as Message[] })),
    ];
    if (people.length === 0) throw new UsageError('nobody to send messages: --citizens and --officials are both 0');
    const drafts = new Map<number, number>();
    for (let index = 0; index < options.updates; index += 1) {
      const person = pick(people);
      if (!person.official) {
        person.messages.push({ chatId: person.chatId, text: pick(questions), acknowledged: false });
        continue;
      }
      const officialIndex = person.chatId - FIRST_OFFICIAL_CHAT;
      const last = person.messages.at(-1);
      if (last && last.text.startsWith('/capnhat')) {
        const [, taskId, percent] = /^\/capnhat (\S+) đạt (\d+)%$/.exec(last.text) ?? [];
        person.messages.push({ chatId: person.chatId, text: 'có', acknowledged: false, confirms: { userId: String(person.chatId), taskId: taskId!, percent: Number(percent) } });
        continue;
      }
      const taskIds = agencies[officialIndex]!.taskIds;
      const serial = drafts.get(officialIndex) ?? 0;
      drafts.set(officialIndex, serial + 1);
      const taskId = taskIds[Math.floor(serial / 99) % taskIds.length]!;
      person.messages.push({ chatId: person.chatId, text: `/capnhat ${taskId} đạt ${1 + (serial % 99)}%`, acknowledged: false });
    }

    let nextUpdateId = 1_000;
    let acknowledged = 0;
    let deliveries = 0;
    let redeliveries = 0;
    const body = (message: Message) => JSON.stringify(privateTextUpdate(message.updateId!, message.chatId, message.text, 'Thử'));
    /** One POST as Telegram sends it; true only for a 2xx. */
    const post = async (server: ServerChild, payload: string): Promise<boolean> => {
      deliveries += 1;
      try {
        const status = await postWebhookUpdate(api, { base: server.url, secret: SECRET }, payload, AbortSignal.timeout(REQUEST_TIMEOUT_MS));
        return status >= 200 && status < 300;
      } catch {
        return false;
      }
    };
    const pendingRedeliveries: Promise<unknown>[] = [];
    const repliesTo = new Map<number, number>();
    const stopCounting = api.onCall((call) => {
      if (call.method === 'sendMessage') repliesTo.set(Number(call.payload.chat_id), (repliesTo.get(Number(call.payload.chat_id)) ?? 0) + 1);
    });
    // Each person sends in order and waits for the 200 before the next message (Telegram delivers a chat's updates
    // in order); a failed delivery is sent again after a pause, to every instance that has not acknowledged it.
    let undelivered = 0;
    const sendAll = async (person: Person) => {
      for (const message of person.messages) {
        message.updateId = nextUpdateId++;
        message.sentAt = performance.now();
        const payload = body(message);
        const giveUpAt = Date.now() + DELIVERY_GIVE_UP_MS;
        const delivered = await Promise.all(
          servers.map(async (server) => {
            for (let attempt = 0; Date.now() < giveUpAt; attempt += 1) {
              if (await post(server, payload)) return true;
              await sleep(Math.min(2_000, 100 * 2 ** Math.min(attempt, 4)));
            }
            return false;
          }),
        );
        if (!delivered.every(Boolean)) {
          undelivered += 1;
          continue;
        }
        message.acknowledged = true;
        message.acknowledgedAt = performance.now();
        acknowledged += 1;
        if (person.official) {
          // An official reads the draft before answering "có", and the stored reply before the next report: they
          // wait for the answer (at most OFFICIAL_PATIENCE_MS, then go on as a person would).
          const acknowledgedHere = person.messages.filter((sent) => sent.acknowledged).length;
          const until = Date.now() + OFFICIAL_PATIENCE_MS;
          while ((repliesTo.get(person.chatId) ?? 0) < acknowledgedHere && Date.now() < until) await sleep(20);
        }
        if (random() < 0.05) {
          // Telegram sends an acknowledged update again after a timeout on its side.
          redeliveries += 1;
          const server = pick(servers);
          pendingRedeliveries.push(sleep(random() * 1_500).then(() => post(server, payload)));
        }
        await sleep(random() * 40);
      }
    };

    const total = people.reduce((sum, person) => sum + person.messages.length, 0);
    const killPoints = Array.from({ length: options.kills }, () => Math.floor(total * (0.05 + 0.9 * random()))).sort((a, b) => a - b);
    const postgresRestartAt = engine === 'postgres' ? Math.floor(total * (0.3 + 0.4 * random())) : -1;
    let postgresRestart = engine === 'postgres' ? 'not reached' : 'n/a';
    let kills = 0;
    const faultTimes: { at: number; what: string }[] = [];
    const streamStarted = Date.now();
    let streaming = true;
    const faults = (async () => {
      const events = [...killPoints.map((at) => ({ at, kind: 'kill' as const })), ...(postgresRestartAt >= 0 ? [{ at: postgresRestartAt, kind: 'postgres' as const }] : [])].sort((a, b) => a.at - b.at);
      for (const event of events) {
        while (streaming && acknowledged < event.at) await sleep(5);
        if (!streaming) return;
        if (event.kind === 'postgres') {
          faultTimes.push({ at: performance.now(), what: 'PostgreSQL restart' });
          postgresRestart = await restartPostgres(deps.testDatabaseUrl!, database!.name);
          continue;
        }
        const victim = pick(servers);
        faultTimes.push({ at: performance.now(), what: `kill -9 of ${victim.url}` });
        await victim.kill();
        kills += 1;
        await sleep(random() * 500);
        await victim.start();
      }
    })();
    await Promise.all(people.map((person) => sendAll(person)));
    streaming = false;
    await faults;
    await Promise.all(pendingRedeliveries);
    stopCounting();
    const streamSeconds = (Date.now() - streamStarted) / 1000;

    // Quiet: every acknowledged message answered and nothing sent for SETTLE_MS, or nothing sent for a long while.
    const replies = () => {
      const byChat = new Map<number, number>();
      for (const call of api.callsOf('sendMessage')) byChat.set(Number(call.payload.chat_id), (byChat.get(Number(call.payload.chat_id)) ?? 0) + 1);
      return byChat;
    };
    const lastCall = () => api.callsOf('sendMessage').at(-1)?.at ?? 0;
    const waitStarted = performance.now();
    for (;;) {
      const byChat = replies();
      const missing = people.some((person) => person.messages.filter((message) => message.acknowledged).length > (byChat.get(person.chatId) ?? 0));
      const idle = performance.now() - Math.max(lastCall(), waitStarted);
      if ((!missing && idle >= SETTLE_MS) || idle >= QUIET_GIVE_UP_MS || performance.now() - waitStarted >= MAX_QUIET_WAIT_MS) break;
      await sleep(200);
    }
    await Promise.all(servers.map((server) => server.stop()));
    closeSync(logFd);

    const byChat = replies();
    const { unanswered, answeredTwice } = tallyChats(
      people.map((person) => ({
        acknowledged: person.messages.filter((message) => message.acknowledged).length,
        unacknowledged: person.messages.filter((message) => !message.acknowledged && message.updateId !== undefined).length,
        replies: byChat.get(person.chatId) ?? 0,
      })),
    );
    // Confirmed: a "có" acknowledged after its acknowledged "/capnhat" (each person's messages are acknowledged in order).
    const expected = people.flatMap((person) => person.messages.filter((message) => message.acknowledged && message.confirms).map((message) => message.confirms!));
    const sql = `SELECT o.user_id, s.task_id, s.percent, count(*)::int AS rows FROM status_updates s JOIN officials o ON o.id = s.official_id
                 WHERE s.kind = 'status' GROUP BY o.user_id, s.task_id, s.percent`;
    let stored: StoredUpdateRow[];
    if (database) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        stored = (await client.query<StoredUpdateRow>(sql)).rows;
      } finally {
        await client.end();
      }
    } else {
      const db = await openDatabase({ dataDir: storeVars.DATA_DIR! });
      try {
        stored = (await db.query<StoredUpdateRow>(sql)).rows;
      } finally {
        await db.close();
      }
    }
    const { lost, duplicates } = tallyUpdates(expected, stored);
    const crashes = servers.reduce((sum, server) => sum + server.crashes, 0);
    keepLogs = unanswered + answeredTwice + lost + duplicates + crashes + undelivered > 0;
    if (unanswered + answeredTwice > 0) writeFileSync(path.join(workDir, 'timeline.txt'), chatTimelines(people, api, faultTimes, byChat));
    return {
      ...(keepLogs ? { logFile } : {}),
      label,
      acknowledged,
      deliveries,
      redeliveries,
      kills,
      crashes,
      undelivered,
      postgresRestart,
      unanswered,
      answeredTwice,
      confirmed: expected.length,
      lost,
      duplicates,
      streamSeconds,
      totalSeconds: (Date.now() - runStarted) / 1000,
    };
  } catch (error) {
    keepLogs = true;
    throw error;
  } finally {
    await Promise.all(servers.map((server) => server.kill().catch(() => undefined)));
    await api.close();
    await database?.drop().catch(() => undefined);
    if (!keepLogs) rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * For each chat whose replies do not match its acknowledged messages: what was sent (update id, first POST, first
 * 200) and every reply (time, first words), beside the kills and restarts, in ms from the first fault's clock.
 */
function chatTimelines(people: Person[], api: FakeTelegramApi, faults: { at: number; what: string }[], byChat: Map<number, number>): string {
  const lines: string[] = faults.map((fault) => `${fault.at.toFixed(0).padStart(8)}  ${fault.what}`);
  for (const person of people) {
    const acknowledged = person.messages.filter((message) => message.acknowledged).length;
    if ((byChat.get(person.chatId) ?? 0) === acknowledged) continue;
    lines.push('', `chat ${person.chatId}: ${acknowledged} acknowledged, ${byChat.get(person.chatId) ?? 0} replies`);
    const events = [
      ...person.messages.map((message) => ({
        at: message.sentAt ?? 0,
        text: `→ #${message.updateId} "${message.text.slice(0, 50)}" acknowledged ${message.acknowledgedAt === undefined ? 'never' : `at ${message.acknowledgedAt.toFixed(0)}`}`,
      })),
      ...api
        .callsOf('sendMessage')
        .filter((call) => Number(call.payload.chat_id) === person.chatId)
        .map((call) => {
          // The task the reply cites and what it answers first: enough to pair a reply with its question.
          const text = String(call.payload.text);
          const cited = [...text.matchAll(/\bPL\d\.\d+[a-z]?\b/gu)].at(-1)?.[0] ?? '-';
          const field = /\n(Chủ trì|Thời hạn|Lộ trình)/u.exec(text)?.[1] ?? '';
          return { at: call.at, text: `← [${cited} ${field}] "${text.slice(0, 50).replace(/\n/g, ' ')}"` };
        }),
    ].sort((a, b) => a.at - b.at);
    for (const event of events) lines.push(`${event.at.toFixed(0).padStart(8)}  ${event.text}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatRun(result: RunResult): string {
  return [
    `${result.label}: ${result.acknowledged} updates acknowledged (${result.deliveries} POSTs, ${result.redeliveries} redelivered after a 200), ${result.kills} kill -9` +
      (result.postgresRestart === 'n/a' ? '' : `, PostgreSQL restart: ${result.postgresRestart}`),
    `  instances crashed:           ${result.crashes}`,
    `  never acknowledged:          ${result.undelivered} (refused for ${DELIVERY_GIVE_UP_MS / 1000} s)`,
    `  acknowledged never answered: ${result.unanswered}`,
    `  answered twice:              ${result.answeredTwice}`,
    `  confirmed updates lost:      ${result.lost} of ${result.confirmed}`,
    `  duplicate status_updates:    ${result.duplicates}`,
    `  stream ${result.streamSeconds.toFixed(1)} s, run ${result.totalSeconds.toFixed(1)} s`,
    ...(result.logFile ? [`  servers' log kept: ${result.logFile}`] : []),
  ].join('\n');
}

export async function runFaults(args: string[], deps: FaultsDeps): Promise<number> {
  const options = parseFaultsArgs(args);
  const started = Date.now();
  deps.out(
    `test:faults — ${options.updates} updates, ${options.citizens} citizens, ${options.officials} officials, ${options.kills} kills, ` +
      `engine ${options.engines.join('+')}${options.twoInstances ? ', PostgreSQL with two instances (every update to both)' : ''}`,
  );
  let ok = true;
  for (const engine of options.engines) {
    const result = await runOnce(engine, engine === 'postgres' && options.twoInstances ? 2 : 1, options, deps);
    deps.out(formatRun(result));
    // At least once by design: a reply carried by the webhook's 200 is journalled just after its write, and one sent
    // through the API (split, slow) once its send returns; a kill in between answers that message again, so repeats
    // are printed but fail the run only with --strict.
    ok &&= result.crashes === 0 && result.undelivered === 0 && result.unanswered === 0 && result.lost === 0 && result.duplicates === 0 && (!options.strict || result.answeredTwice === 0);
  }
  deps.out(`total ${((Date.now() - started) / 1000).toFixed(1)} s — ${ok ? 'PASS' : 'FAIL'}`);
  return ok ? 0 : 1;
}

