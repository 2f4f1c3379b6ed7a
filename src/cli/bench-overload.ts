/**
 * `npm run --silent bench:overload -- [--rate 400] [--seconds 10] [FILE…]`: the web chat offered more than it can
 * serve. The real server runs as a child process (`src/main.ts serve`, a fresh embedded store of its own); this
 * process is the client and sends `POST /api/chat` at a fixed rate whatever the answers (open loop, as a crowd of
 * browsers does), each request with a new session. Prints the offered and served rates, the share answered 503
 * (with Retry-After), other errors, p50/p99 of the requests served, and the server's peak RSS; asserts nothing.
 * The per-session and per-address limits are lifted: the in-flight bound (WEB_MAX_IN_FLIGHT) and the backlog bound
 * (WEB_SHED_BACKLOG_MS, default) are what is measured.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, stringFlag, UsageError } from './args.ts';
import { loadClient } from './load-client.ts';
import { freePort } from './ports.ts';
import { benchItems, percentile } from './bench.ts';

export interface OverloadDeps {
  root: string;
  /** The environment for the server: the parent's minus the application's settings, plus `vars`. */
  childEnv: (vars: Record<string, string>) => NodeJS.ProcessEnv;
  defaultFiles: string[];
  out: (text: string) => void;
}

export interface OverloadResult {
  offeredPerSecond: number;
  seconds: number;
  sent: number;
  served: number;
  overloaded: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  maxInFlight: number;
}

const USAGE = 'Usage: bench:overload -- [--rate N] [--seconds S] [--max-in-flight N] [FILE…]';
const HEALTH_TIMEOUT_MS = 60_000;
/** A request still unanswered this long after the run is counted as an error. */
const REQUEST_TIMEOUT_MS = 30_000;
const TICK_MS = 10;

/** Resident set size of `pid` in MB from /proc (0 where /proc is not there). */
function rssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/gu, '')) / 1024 : 0;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runOverload(args: string[], deps: OverloadDeps): Promise<number> {
  const parsed = parseArgs(args, []);
  const number = (name: string, fallback: number) => {
    const raw = stringFlag(parsed, name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number.\n${USAGE}`);
    return value;
  };
  const rate = number('rate', 400);
  const seconds = number('seconds', 10);
  const maxInFlight = Math.round(number('max-in-flight', 32));
  const questions = benchItems(parsed.positional.length > 0 ? parsed.positional : deps.defaultFiles).map((item) => item.q);
  if (questions.length === 0) throw new UsageError(`no questions in the given files.\n${USAGE}`);

  const workDir = mkdtempSync(path.join(tmpdir(), 'overload-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: deps.root,
    env: deps.childEnv({
      DATA_DIR: path.join(workDir, 'data'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      SCHEDULER_INTERVAL_MINUTES: '0',
      RATE_LIMIT_PER_MINUTE: '10000000',
      WEB_MAX_IN_FLIGHT: String(maxInFlight),
    }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} during start`);
      const healthy = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) })
        .then(async (response) => (await response.arrayBuffer(), response.ok))
        .catch(() => false);
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`the server was not healthy after ${HEALTH_TIMEOUT_MS / 1000} s`);
      await sleep(100);
    }
    const client = loadClient();
    const ask = (text: string) => client.postJson(`${base}/api/chat`, { text }, REQUEST_TIMEOUT_MS);
    // Warm-up, one at a time: JIT and first-use caches are not what overload measures.
    for (const text of questions.slice(0, 40)) await ask(text);

    let peakRss = rssMb(child.pid!);
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(child.pid!));
    }, 200);
    const pending: Array<Promise<{ status: number; ms: number }>> = [];
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < seconds * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * rate);
      for (; sent < due; sent += 1) pending.push(ask(questions[sent % questions.length]!));
      await sleep(TICK_MS);
    }
    const results = await Promise.all(pending);
    client.close();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, rssMb(child.pid!));
    const served = results.filter((result) => result.status >= 200 && result.status < 300);
    const latencies = served.map((result) => result.ms).sort((a, b) => a - b);
    const result: OverloadResult = {
      offeredPerSecond: rate,
      seconds,
      sent,
      served: served.length,
      overloaded: results.filter((result) => result.status === 503).length,
      errors: results.filter((result) => result.status !== 503 && (result.status < 200 || result.status >= 300)).length,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      peakRssMb: peakRss,
      maxInFlight,
    };
    deps.out(formatOverload(result));
    return 0;
  } finally {
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(forced);
    rmSync(workDir, { recursive: true, force: true });
  }
}

export function formatOverload(result: OverloadResult): string {
  const share = (count: number) => (result.sent === 0 ? 0 : (100 * count) / result.sent).toFixed(1);
  return [
    `bench:overload — POST /api/chat offered at ${result.offeredPerSecond} req/s for ${result.seconds} s (open loop; server in its own process, WEB_MAX_IN_FLIGHT=${result.maxInFlight}, WEB_SHED_BACKLOG_MS default)`,
    `  sent ${result.sent}; served ${result.served} (${(result.served / result.seconds).toFixed(0)} req/s); 503 ${result.overloaded} (${share(result.overloaded)} %); other errors ${result.errors}`,
    `  served: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms; server peak RSS ${result.peakRssMb.toFixed(0)} MB`,
  ].join('\n');
}
