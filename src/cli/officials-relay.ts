/**
 * The officials CLI while `npm start` holds the embedded store. PGlite belongs to one process (its lock), so the
 * CLI cannot open it; the running server carries the command out instead, with the same functions and output.
 *
 * Server side (`startOfficialsRelay`): a second HTTP listener bound to 127.0.0.1 on an ephemeral port, for one
 * route only (`POST /internal/officials`). It is not the public port, so no reverse proxy forwards to it, and it
 * refuses a request that does not come from a loopback address, that carries forwarding headers (X-Forwarded-For,
 * Forwarded, X-Real-IP) or an Origin (a browser), or whose bearer token is not the one written at start into
 * `DATA_DIR/officials-relay.json` (mode 0600, random, replaced at every start, removed on clean shutdown) with the
 * port and the server's pid. The route only translates: its body is the CLI's arguments, its answer the exit code
 * and the lines the CLI printed, in order, to stdout and stderr.
 *
 * Client side (`runRelayedOfficialsCli`): on StoreLockedError the CLI reads that file, checks it belongs to the
 * process holding the lock, posts the arguments and prints the answer; otherwise it says why it could not relay.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { readBody, sendJson } from '../channels/http.ts';
import { readJsonFile, writeJsonAtomic } from '../channels/files.ts';
import type { ChannelLogger } from '../channels/types.ts';
import { OFFICIALS_RELAY_MESSAGES as M } from '../engine/messages.ts';
import type { StoreLockedError } from '../store/errors.ts';

export const OFFICIALS_RELAY_FILE = 'officials-relay.json';
export const OFFICIALS_RELAY_PATH = '/internal/officials';
const BODY_LIMIT_BYTES = 16 * 1024;
const MAX_ARGS = 64;
/** How long the CLI waits for the server's answer. */
export const RELAY_TIMEOUT_MS = 30_000;

/** One line the CLI printed, on the stream it printed it to. */
export interface RelayLine {
  stream: 'out' | 'err';
  text: string;
}

export interface RelayResult {
  code: number;
  lines: RelayLine[];
}

/** What the server writes into DATA_DIR for the CLI. */
interface RelayFile {
  pid: number;
  port: number;
  token: string;
}

/** Runs a CLI function with its `out`/`err` captured in order (the server side of the relay). */
export async function captureCli(run: (out: (text: string) => void, err: (text: string) => void) => Promise<number>): Promise<RelayResult> {
  const lines: RelayLine[] = [];
  const code = await run(
    (text) => lines.push({ stream: 'out', text }),
    (text) => lines.push({ stream: 'err', text }),
  );
  return { code, lines };
}

export interface OfficialsRelayOptions {
  dataDir: string;
  /** Carries out the officials CLI with these arguments in the server (the store it holds). */
  handle(args: string[]): Promise<RelayResult>;
  logger: ChannelLogger;
}

export interface RunningOfficialsRelay {
  port: number;
  file: string;
  /** Stops listening and removes the file (when it is still this server's). */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'origin'];

function sameToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseArgsBody(raw: Buffer): string[] | null {
  try {
    const body = JSON.parse(raw.toString('utf8')) as { args?: unknown };
    const args = body?.args;
    if (!Array.isArray(args) || args.length > MAX_ARGS || !args.every((arg) => typeof arg === 'string')) return null;
    return args as string[];
  } catch {
    return null;
  }
}

export async function startOfficialsRelay(options: OfficialsRelayOptions): Promise<RunningOfficialsRelay> {
  const token = randomBytes(32).toString('hex');
  const file = path.join(options.dataDir, OFFICIALS_RELAY_FILE);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'POST' || url.pathname !== OFFICIALS_RELAY_PATH) {
      request.resume();
      sendJson(response, 404, { error: M.notFound });
      return;
    }
    const address = request.socket.remoteAddress ?? '';
    const forwarded = FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
    if (!LOOPBACK.has(address) || forwarded || !sameToken(request.headers.authorization, token)) {
      request.resume();
      options.logger.warn({ address, forwarded }, 'officials relay: request refused');
      sendJson(response, 403, { error: forwarded ? M.forwarded : M.forbidden });
      return;
    }
    let args: string[] | null = null;
    try {
      args = parseArgsBody(await readBody(request, BODY_LIMIT_BYTES));
    } catch {
      args = null;
    }
    if (!args) {
      sendJson(response, 400, { error: M.badRequest }, { connection: 'close' });
      return;
    }
    try {
      const result = await options.handle(args);
      // The action only: the other arguments name people.
      options.logger.info({ action: args[0] ?? null, code: result.code }, 'officials command relayed from the CLI');
      sendJson(response, 200, result);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      options.logger.error({ action: args[0] ?? null, error: detail }, 'officials relay: command failed');
      sendJson(response, 200, { code: 1, lines: [{ stream: 'err', text: M.failed(detail) }] } satisfies RelayResult);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { error: M.badAnswer });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  try {
    await writeJsonAtomic(file, { pid: process.pid, port, token } satisfies RelayFile);
  } catch (error) {
    server.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    port,
    file,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        // Only this server's file: a newer server on the same DATA_DIR may have replaced it.
        const current = (await readJsonFile(file).catch(() => null)) as Partial<RelayFile> | null;
        if (current?.token === token) await rm(file, { force: true });
      })();
      return closing;
    },
  };
}

type RelayOutcome = { ok: true; result: RelayResult } | { ok: false; reason: string };

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (error.name === 'TimeoutError') return `quá ${RELAY_TIMEOUT_MS / 1000} s`;
    if (cause && typeof cause.code === 'string') return cause.code;
    if (cause && typeof cause.message === 'string') return cause.message;
    return error.message;
  }
  return String(error);
}

function isRelayResult(value: unknown): value is RelayResult {
  const result = value as RelayResult | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    Number.isInteger(result.code) &&
    Array.isArray(result.lines) &&
    result.lines.every((line) => (line?.stream === 'out' || line?.stream === 'err') && typeof line.text === 'string')
  );
}

/** Sends `args` to the server that holds the store (pid `holderPid`, when known) through its relay file. */
export async function relayOfficialsCommand(dataDir: string, holderPid: number | null, args: string[]): Promise<RelayOutcome> {
  const file = path.join(dataDir, OFFICIALS_RELAY_FILE);
  let relay: Partial<RelayFile> | null;
  try {
    relay = (await readJsonFile(file)) as Partial<RelayFile> | null;
  } catch (error) {
    return { ok: false, reason: M.unreadableFile(file, error instanceof Error ? error.message : String(error)) };
  }
  if (relay === null) return { ok: false, reason: M.noFile(file) };
  if (typeof relay.port !== 'number' || typeof relay.token !== 'string' || typeof relay.pid !== 'number') {
    return { ok: false, reason: M.unreadableFile(file, 'thiếu pid, port hoặc token') };
  }
  if (holderPid !== null && relay.pid !== holderPid) return { ok: false, reason: M.staleFile(file, relay.pid, holderPid) };
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${relay.port}${OFFICIALS_RELAY_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${relay.token}` },
      body: JSON.stringify({ args }),
      signal: AbortSignal.timeout(RELAY_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, reason: M.noAnswer(relay.port, describeFetchError(error)) };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, reason: response.ok ? M.badAnswer : M.refused(response.status, '') };
  }
  if (!response.ok) {
    const detail = typeof (body as { error?: unknown })?.error === 'string' ? (body as { error: string }).error : '';
    return { ok: false, reason: M.refused(response.status, detail) };
  }
  if (!isRelayResult(body)) return { ok: false, reason: M.badAnswer };
  return { ok: true, result: body };
}

export interface RelayedCliDeps {
  dataDir: string;
  /** Why the CLI could not open the store itself. */
  locked: StoreLockedError;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The officials CLI carried out by the running server; the exit code is the server's, or 1 when it cannot relay. */
export async function runRelayedOfficialsCli(args: string[], deps: RelayedCliDeps): Promise<number> {
  const outcome = await relayOfficialsCommand(deps.dataDir, deps.locked.pid, args);
  if (!outcome.ok) {
    deps.err(M.notRelayed(deps.locked.message, deps.locked.pid, outcome.reason));
    return 1;
  }
  for (const line of outcome.result.lines) (line.stream === 'out' ? deps.out : deps.err)(line.text);
  return outcome.result.code;
}
