/**
 * The one HTTP server (`node:http`, no framework): web chat page, `/api/chat`, `/healthz`, `/metrics`, and the
 * webhook routes the channels mount. `close()` stops accepting, lets the gateway finish what is in flight,
 * then closes the remaining connections.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage as HttpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import { makeReply } from '../engine/outcomes.ts';
import type { Database } from '../store/database.ts';
import type { Gateway } from './gateway.ts';
import type { Metrics } from './metrics.ts';
import { SlidingWindowLimiter, type RateLimiter } from './rate-limit.ts';
import { describeError } from './text.ts';
import { clientAddress, webSessions } from './web-session.ts';
import type { ChannelLogger, HttpRoute } from './types.ts';
import { renderWebChatPage, type WebChatTexts } from './web-page.ts';

const M = CHANNEL_MESSAGES.http;
export const SESSION_COOKIE = 'assistant_sid';
const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,100}$/;
const HEALTH_TIMEOUT_MS = 2_000;
const SHUTDOWN_GRACE_MS = 5_000;
/** Connections the kernel holds while the event loop is busy; beyond it a new visitor's SYN is dropped and retried after 1 s, 3 s, 7 s (capped by net.core.somaxconn). */
const LISTEN_BACKLOG = 4096;

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole body as bytes; rejects with BodyTooLargeError as soon as it passes `limitBytes`. */
export function readBody(request: HttpRequest, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      request.resume();
      reject(new BodyTooLargeError(limitBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    request.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  response.end(payload);
}

/** A JSON error with a Vietnamese message; 413 closes the connection because the rest of the body is unread. */
export function sendJsonError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: message }, status === 413 ? { connection: 'close' } : {});
}

export function isJsonContentType(request: HttpRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  return /^application\/([a-z.+-]*\+)?json\b/i.test(type.trim());
}

function readCookie(request: HttpRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // a malformed cookie is no cookie
    }
  }
  return undefined;
}

export interface HttpServerOptions {
  /** The chat page's texts that name the deployment and its documents. */
  webChat: WebChatTexts;
  /** Origins allowed to frame the chat page (`WIDGET_ORIGINS`); its own origin always is. */
  frameAncestors?: readonly string[];
  host: string;
  port: number;
  maxMessageChars: number;
  gateway: Gateway;
  db: Pick<Database, 'ping'>;
  metrics: Metrics;
  logger: ChannelLogger;
  secrets?: readonly string[];
  /** The web chat's sessions, client addresses and budgets (see web-session.ts); defaults suit one process. */
  web?: WebChatOptions;
  /**
   * The 1022 desk's replies to a web session after message `after` (the web chat cannot be pushed to, so its page
   * polls `GET /api/chat/desk?after=N`). Absent: the route answers an empty list.
   */
  deskUpdates?: (sessionId: string, after: number) => Promise<{ messages: Array<{ id: number; text: string }>; status: string | null }>;
}

export interface WebChatOptions {
  sessionSecret?: string | undefined;
  trustedProxies?: readonly string[];
  /** Questions answered at once; more get 503 with Retry-After, so webhooks keep the capacity they need. */
  maxInFlight?: number;
  /** Questions get 503 while the oldest message waiting for the engine has waited longer than this (turns.ts); 0: never. */
  shedBacklogMs?: number;
  /** Per client address, looser than the per-session limit of the gateway (people behind one proxy share it). */
  addressRatePerMinute?: number;
  /** Counts `addressRatePerMinute` per client address; in this process by default (several instances share the store's). */
  addressLimiter?: RateLimiter;
  /**
   * Records a client's message id once for every instance (the store's inbox); false when it was recorded before.
   * Absent: the gateway remembers ids in this process only.
   */
  claimMessageId?: (key: string) => Promise<boolean>;
}

export interface RunningHttpServer {
  readonly server: Server;
  /** `http://host:port` as bound (loopback address when bound to all interfaces). */
  readonly url: string;
  readonly port: number;
  /** Mounts routes: webhooks (exact path match) and pages (`prefix` routes; an exact route wins). */
  addRoutes(routes: readonly HttpRoute[]): void;
  /** Stops accepting connections, waits for in-flight messages, closes the remaining connections. */
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const page = renderWebChatPage(options.webChat, { frameAncestors: options.frameAncestors });
  const embedPage = renderWebChatPage(options.webChat, { frameAncestors: options.frameAncestors, embed: true });
  const sessions = webSessions(options.web?.sessionSecret);
  const trustedProxies = options.web?.trustedProxies ?? [];
  const maxInFlight = options.web?.maxInFlight ?? 32;
  const addressLimiter = options.web?.addressLimiter ?? new SlidingWindowLimiter(options.web?.addressRatePerMinute ?? 100);
  let webInFlight = 0;
  const shedBacklogMs = options.web?.shedBacklogMs ?? 0;
  const routes = new Map<string, HttpRoute>();
  const chatBodyLimit = Math.max(16 * 1024, options.maxMessageChars * 8);
  const key = (method: string, path: string) => `${method} ${path}`;

  const builtIn: HttpRoute[] = [
    {
      method: 'GET',
      path: '/',
      async handle(request, response) {
        // `/?embed=1`: the page inside the portal widget's iframe.
        const shown = /[?&]embed=1(&|$)/.test(request.url ?? '') ? embedPage : page;
        const body = Buffer.from(shown.html);
        response.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': body.length,
          'content-security-policy': shown.contentSecurityPolicy,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        });
        response.end(body);
      },
    },
    {
      method: 'GET',
      path: '/favicon.ico',
      async handle(_request, response) {
        response.writeHead(204, { 'cache-control': 'max-age=86400' });
        response.end();
      },
    },
    {
      method: 'POST',
      path: '/api/chat',
      async handle(request, response) {
        // Counted from the moment the request arrives: under overload the queue is of requests waiting for their
        // body or for the engine, not of answers in progress (the engine is CPU-bound and runs them one by one).
        if (webInFlight >= maxInFlight || (shedBacklogMs > 0 && options.gateway.backlogMs > shedBacklogMs)) {
          request.resume();
          sendJson(response, 503, { error: CHANNEL_MESSAGES.overloaded }, { 'retry-after': '5' });
          return;
        }
        webInFlight += 1;
        try {
          await handleChat(request, response);
        } finally {
          webInFlight -= 1;
        }
      },
    },
    {
      method: 'GET',
      path: '/api/chat/desk',
      async handle(request, response) {
        // Only the session this server signed: a visitor reads the operators' replies to their own chat, no other.
        const session = sessions.verify(readCookie(request, SESSION_COOKIE));
        const after = Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('after') ?? 0);
        if (!session || !options.deskUpdates) return sendJson(response, 200, { messages: [], status: null });
        const updates = await options.deskUpdates(session, Number.isSafeInteger(after) && after > 0 ? after : 0);
        sendJson(response, 200, { messages: updates.messages.map((message) => ({ id: message.id, text: message.text })), status: updates.status });
      },
    },
    {
      method: 'GET',
      path: '/healthz',
      async handle(_request, response) {
        if (!options.gateway.isAccepting) {
          sendJson(response, 503, { ok: false, error: CHANNEL_MESSAGES.shuttingDown });
          return;
        }
        const reachable = await pingWithTimeout(options.db, HEALTH_TIMEOUT_MS).catch(() => false);
        if (reachable) sendJson(response, 200, { ok: true });
        else sendJson(response, 503, { ok: false, error: M.storeUnavailable });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      async handle(_request, response) {
        const body = options.metrics.render();
        response.writeHead(200, {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'cache-control': 'no-store',
        });
        response.end(body);
      },
    },
  ];
  for (const route of builtIn) routes.set(key(route.method, route.path), route);

  async function handleChat(request: HttpRequest, response: ServerResponse): Promise<void> {
    if (!isJsonContentType(request)) {
      request.resume();
      sendJsonError(response, 415, M.wrongContentType);
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(request, chatBodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendJsonError(response, 413, M.bodyTooLarge);
      else sendJsonError(response, 400, M.badJson);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      sendJsonError(response, 400, M.badJson);
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendJsonError(response, 400, M.badJson);
      return;
    }
    const { text, conversationId: given, messageId: givenMessageId } = body as { text?: unknown; conversationId?: unknown; messageId?: unknown };
    if (typeof text !== 'string' || text.trim() === '') {
      sendJsonError(response, 400, M.missingText);
      return;
    }
    if (given !== undefined && given !== null && (typeof given !== 'string' || !CONVERSATION_ID.test(given))) {
      sendJsonError(response, 400, M.badConversationId);
      return;
    }
    if (givenMessageId !== undefined && givenMessageId !== null && (typeof givenMessageId !== 'string' || !CONVERSATION_ID.test(givenMessageId))) {
      sendJsonError(response, 400, M.badMessageId);
      return;
    }
    const conversationId = typeof given === 'string' ? given : randomUUID();
    // Only a session this server signed counts; anything else gets a new one, so a client cannot pick its bucket.
    const known = sessions.verify(readCookie(request, SESSION_COOKIE));
    const issued = known ? null : sessions.issue();
    const session = known ?? issued!.id;
    const headers: Record<string, string> = issued
      ? { 'set-cookie': `${SESSION_COOKIE}=${issued.cookie}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000` }
      : {};
    const wait = await addressLimiter.take(`address:${clientAddress(request, trustedProxies)}`).catch(() => null);
    if (wait !== null) {
      const limited = makeReply('rate_limited', 'rate', CHANNEL_MESSAGES.rateLimited(wait));
      sendJson(response, 200, { answer: limited.text, citations: [], outcome: limited.outcome, reason: limited.reason, refused: false, conversationId }, { ...headers, 'retry-after': String(wait) });
      return;
    }
    // A client's own message id (sent again after a lost response) is answered once; scoped to its session, so
    // another client cannot spend it.
    const messageId = typeof givenMessageId === 'string' ? `${session}:${givenMessageId}` : null;
    const claim = options.web?.claimMessageId;
    if (messageId !== null && claim && !(await claim(messageId).catch(() => true))) {
      sendJson(response, 409, { error: M.duplicateMessage, conversationId }, headers);
      return;
    }
    const result = await options.gateway.process({ channel: 'web', userId: session, conversationId, messageId, text, receivedAt: new Date(), ...(typeof given === 'string' ? {} : { newConversation: true }) });
    if (result.status === 'duplicate') {
      sendJson(response, 409, { error: M.duplicateMessage, conversationId }, headers);
      return;
    }
    if (result.status !== 'answered' && result.status !== 'undelivered') {
      sendJson(response, 503, { error: CHANNEL_MESSAGES.shuttingDown }, { 'retry-after': '30' });
      return;
    }
    const { reply } = result;
    sendJson(
      response,
      200,
      {
        answer: reply.text,
        citations: reply.citations,
        outcome: reply.outcome,
        reason: reply.reason,
        refused: reply.refused,
        conversationId,
        ...(reply.buttons && reply.buttons.length > 0 ? { buttons: reply.buttons } : {}),
        ...(reply.list ? { list: reply.list } : {}),
      },
      headers,
    );
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    const route =
      routes.get(key(method === 'HEAD' ? 'GET' : method, path)) ??
      [...routes.values()].find((candidate) => candidate.prefix && candidate.method === (method === 'HEAD' ? 'GET' : method) && path.startsWith(candidate.path));
    if (!route) {
      request.resume();
      const known = [...routes.values()].some((candidate) => candidate.path === path);
      sendJsonError(response, known ? 405 : 404, known ? M.methodNotAllowed : M.notFound);
      return;
    }
    route.handle(request, response).catch((error: unknown) => {
      options.logger.error({ path, error: describeError(error, options.secrets) }, 'http handler failed');
      if (!response.headersSent) sendJsonError(response, 500, CHANNEL_MESSAGES.engineError);
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host =
    address.address === '0.0.0.0' || address.address === '::'
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;

  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${host}:${address.port}`,
    port: address.port,
    addRoutes(extra) {
      for (const route of extra) routes.set(key(route.method, route.path), route);
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await options.gateway.close();
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        grace.unref();
        await closed;
        clearTimeout(grace);
      })();
      return closing;
    },
  };
}

async function pingWithTimeout(db: Pick<Database, 'ping'>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([db.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
