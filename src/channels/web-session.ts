/**
 * Who is asking on the web chat: a session id the server issued (signed, so a client cannot choose one) and the
 * client's address (from X-Forwarded-For only when the connection comes from a trusted reverse proxy).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage as HttpRequest } from 'node:http';
import { isIP } from 'node:net';

export interface WebSessions {
  /** A new session id and the cookie value that carries it. */
  issue(): { id: string; cookie: string };
  /** The session id a cookie value carries, or null when it is not one this server (or its peers) signed. */
  verify(cookie: string | undefined): string | null;
}

/** `secret` shared by every instance behind one address; absent: a random one (sessions end with the process). */
export function webSessions(secret: string | undefined): WebSessions {
  const key = secret ?? randomBytes(32).toString('hex');
  const sign = (id: string) => createHmac('sha256', key).update(`web-session:${id}`).digest('base64url');
  return {
    issue() {
      const id = randomUUID();
      return { id, cookie: `${id}.${sign(id)}` };
    },
    verify(cookie) {
      if (!cookie) return null;
      const dot = cookie.lastIndexOf('.');
      if (dot <= 0) return null;
      const id = cookie.slice(0, dot);
      const given = Buffer.from(cookie.slice(dot + 1));
      const expected = Buffer.from(sign(id));
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
    },
  };
}

function normalise(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then the right-most address of
 * X-Forwarded-For that is not itself a trusted proxy (the left part can be written by anyone).
 */
export function clientAddress(request: HttpRequest, trustedProxies: readonly string[]): string {
  const socket = normalise(request.socket.remoteAddress ?? 'unknown');
  const trusted = new Set(trustedProxies.map(normalise));
  if (!trusted.has(socket)) return socket;
  const header = request.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(normalise).filter((part) => isIP(part) !== 0);
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    if (!trusted.has(chain[index]!)) return chain[index]!;
  }
  return socket;
}
