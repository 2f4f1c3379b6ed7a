/**
 * The officials CLI while `npm start` holds the embedded store: the real server, started as `npm start` starts it
 * (bin/run.mjs), as a child process on a temporary DATA_DIR, the CLI as child processes. Relayed commands print
 * what they print directly, with the same exit codes; the internal endpoint refuses a wrong token and forwarded
 * requests; with no server the CLI opens the store itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICIALS_RELAY_FILE, OFFICIALS_RELAY_PATH, runRelayedOfficialsCli } from '../../src/cli/officials-relay.ts';
import { childEnvironment } from '../../src/config.ts';
import { StoreLockedError } from '../../src/store/errors.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

let dataDir: string;
let server: ChildProcess | undefined;
const relayFile = () => path.join(dataDir, OFFICIALS_RELAY_FILE);

function env(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnvironment({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...vars });
}

function officials(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'officials', ...args], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function relay(): { pid: number; port: number; token: string } {
  return JSON.parse(readFileSync(relayFile(), 'utf8')) as { pid: number; port: number; token: string };
}

function post(headers: Record<string, string>, args: string[] = ['list']): Promise<Response> {
  return fetch(`http://127.0.0.1:${relay().port}${OFFICIALS_RELAY_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ args }),
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'officials-relay-'));
  // As `npm start` runs it: the bundled build of bin/run.mjs (built here when the sources changed).
  server = spawn(process.execPath, ['bin/run.mjs', 'serve'], {
    cwd: ROOT,
    env: env({ PORT: '0', HOST: '127.0.0.1', SCHEDULER_INTERVAL_MINUTES: '0', LOG_LEVEL: 'error' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(() => existsSync(relayFile()) && relay().pid === server!.pid, 30_000, 'the server to write its relay file');
}, 40_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGKILL');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('officials CLI relayed to the running server', () => {
  let relayedRefusal: Run;

  it('adds through the server, whose store then lists the official; an invalid agency is refused as directly', async () => {
    expect(statSync(relayFile()).mode & 0o777).toBe(0o600);
    const [added, refused] = await Promise.all([
      officials(['add', '--channel', 'telegram', '--user', '1001', '--agency', 'Sở Y tế', '--name', 'Nguyễn Văn A']),
      officials(['add', '--channel', 'telegram', '--user', '1002', '--agency', 'Sở Du lịch', '--name', 'Trần B']),
    ]);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toMatch(/^Đã thêm cán bộ #\d+: Nguyễn Văn A — Sở Y tế \(telegram:1001, official\)\.\n$/u);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('Sở Văn hóa, Thể thao và Du lịch');
    relayedRefusal = refused;
  });

  it('refuses a wrong token, forwarded requests and browsers with 403', async () => {
    const { token } = relay();
    expect((await post({ authorization: 'Bearer 0123' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
    expect((await post({ authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await post({ authorization: `Bearer ${token}`, origin: 'http://127.0.0.1:3000' })).status).toBe(403);
    // The server's own store lists the official added through it (a child process per CLI run costs seconds).
    const ok = await post({ authorization: `Bearer ${token}` }, ['list', '--json']);
    expect(ok.status).toBe(200);
    const answer = (await ok.json()) as { code: number; lines: Array<{ text: string }> };
    expect(answer.code).toBe(0);
    expect(answer.lines.map((line) => line.text).join('')).toMatch(/"userId":\s*"1001"[\s\S]*"agency":\s*"Sở Y tế"/u);
  });

  it('says why it cannot relay: no file, a stale file, a server that does not answer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'officials-relay-none-'));
    try {
      const run = async (): Promise<{ code: number; err: string }> => {
        const err: string[] = [];
        const code = await runRelayedOfficialsCli(['list'], { dataDir: dir, locked: new StoreLockedError(path.join(dir, 'pglite.lock'), 4242), out: () => {}, err: (text) => err.push(text) });
        return { code, err: err.join('\n') };
      };
      const missing = await run();
      expect(missing.code).toBe(1);
      expect(missing.err).toContain('tiến trình pid 4242');
      expect(missing.err).toContain(`không có tệp ${path.join(dir, OFFICIALS_RELAY_FILE)}`);
      writeFileSync(path.join(dir, OFFICIALS_RELAY_FILE), JSON.stringify({ pid: 1111, port: 1, token: 'x' }));
      expect((await run()).err).toContain('pid 1111 đã dừng');
      const closedPort = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
      writeFileSync(path.join(dir, OFFICIALS_RELAY_FILE), JSON.stringify({ pid: 4242, port: closedPort, token: 'x' }));
      const silent = await run();
      expect(silent.code).toBe(1);
      expect(silent.err).toContain(`máy chủ không trả lời tại 127.0.0.1:${closedPort} (ECONNREFUSED)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with the server stopped, removes the file and the CLI opens the store itself, saying the same', async () => {
    server!.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
    expect(existsSync(relayFile())).toBe(false);
    const direct = await officials(['add', '--channel', 'telegram', '--user', '1002', '--agency', 'Sở Du lịch', '--name', 'Trần B']);
    expect(direct).toEqual(relayedRefusal);
  });
});
