/**
 * Staff sign-in for the web areas: `/admin` (the coordinator console) and `/desk` (the hotline operators' desk).
 *
 * Contract for the areas that use it (the desk mounts the same module):
 * - Who may enter: `mayEnter(role, area)` — role `coordinator` enters `admin` and `desk`, role `operator` enters
 *   `desk` only, any other role string nothing. Only an active official (not removed) ever has a live session.
 * - Getting in: a one-time code (8 characters of CODE_ALPHABET, 10 minutes, single use) reaches the official on
 *   their bound chat channel (`/dangnhap`, src/officials/service.ts). `issueCode` refuses (StaffSignInError) an
 *   official who is not active or whose role may not enter the area. The link `/<area>/dang-nhap?ma=CODE` must only
 *   SHOW a form pre-filled with the code: chat apps fetch links for previews, so only a POST may `redeem` it.
 * - `redeem` consumes the code atomically (one UPDATE … WHERE used_at IS NULL; two instances never both accept it)
 *   and opens a session; the Set-Cookie it returns is `HttpOnly; SameSite=Strict; Path=/<area>` (plus `Secure` when
 *   `secureCookies`), Max-Age the session lifetime. Answer the POST with a 303 to the area's start page.
 * - Every request of the area: `sessionOf(request, area, now)`; null → 303 to `/<area>/dang-nhap`. The role and the
 *   official's active binding are read again on every call, so a deactivated official is out at once.
 * - Every state-changing request: `checkCsrf(request, session, form.csrf)`; false → 403. Render
 *   `session.csrfToken` as a hidden `csrf` field in every form (or send it as `x-csrf-token`). Serve the pages with
 *   `Referrer-Policy: same-origin` (not `no-referrer`: browsers then post `Origin: null`, which is refused).
 * - src/console/staff-pages.ts has the shared frame, `signInRoutes(area)`, `requireSession`, `requireForm`.
 * - Signing out: `signOut(session.id, now)` and send `clearStaffCookie(area, secure)`.
 * - `StaffSession.id` is the row's handle (the sha256 of the cookie value), safe to log; the cookie value itself is
 *   never stored, returned or logged.
 * Expired codes and sessions are purged whenever a code is issued or redeemed.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Database } from '../store/database.ts';

export type StaffArea = 'admin' | 'desk';
export const STAFF_AREAS: readonly StaffArea[] = ['admin', 'desk'];

export interface StaffSession {
  /** The session's handle: sha256 of the cookie value (never the cookie value itself). */
  id: string;
  officialId: number;
  name: string;
  role: string;
  area: StaffArea;
  csrfToken: string;
  expiresAt: Date;
}

export interface StaffSignIn {
  /** Issues a one-time code (8 characters, unambiguous alphabet, valid 10 minutes, single use) for an official on their proven channel; returns the code and a one-time link path `/<area>/dang-nhap?ma=CODE`. */
  issueCode(officialId: number, area: StaffArea, now: Date): Promise<{ code: string; path: string; expiresAt: Date }>;
  /** Consumes a code (atomically, so two instances never accept it twice); creates a session row; returns the session and the Set-Cookie value (HttpOnly; SameSite=Strict; Path=/<area>; Secure when the configured public URL is https; Max-Age = session lifetime). Null for an unknown, used or expired code, or a role that may not enter the area. */
  redeem(code: string, area: StaffArea, now: Date): Promise<{ session: StaffSession; setCookie: string } | null>;
  /** The live session a request's cookie names for the area, or null. */
  sessionOf(request: IncomingMessage, area: StaffArea, now: Date): Promise<StaffSession | null>;
  /** True when a state-changing request carries the session's CSRF token (form field `csrf` or header `x-csrf-token`) and, if present, an Origin header equal to the request's own host. */
  checkCsrf(request: IncomingMessage, session: StaffSession, formToken: string | undefined): boolean;
  signOut(sessionId: string, now: Date): Promise<void>;
}

/** Why `issueCode` refused. */
export class StaffSignInError extends Error {
  constructor(readonly reason: 'no_official' | 'not_allowed') {
    super(`staff sign-in code refused: ${reason}`);
    this.name = 'StaffSignInError';
  }
}

/** No 0/O, 1/I/L: codes are read off a phone and typed on another screen. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;
export const CODE_TTL_MINUTES = 10;

const AREA_ROLES: Record<StaffArea, readonly string[]> = {
  admin: ['coordinator'],
  desk: ['coordinator', 'operator'],
};

/** Whether an official of `role` may enter `area`. */
export function mayEnter(role: string, area: StaffArea): boolean {
  return AREA_ROLES[area].includes(role);
}

/** The area a role signs in to when it asks for a code: the console for coordinators, the desk for operators. */
export function areaFor(role: string): StaffArea | null {
  return mayEnter(role, 'admin') ? 'admin' : mayEnter(role, 'desk') ? 'desk' : null;
}

export function staffCookieName(area: StaffArea): string {
  return `${area}_sid`;
}

/** The sign-in page of an area; `code` pre-fills its form. */
export function signInPath(area: StaffArea, code?: string): string {
  return `/${area}/dang-nhap${code ? `?ma=${encodeURIComponent(code)}` : ''}`;
}

/** The Set-Cookie value that removes the area's session cookie (after `signOut`). */
export function clearStaffCookie(area: StaffArea, secure: boolean): string {
  return `${staffCookieName(area)}=; Path=/${area}; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** Upper case, separators and spaces removed: "abcd-2345" and "ABCD 2345" are the same code. */
export function normaliseSignInCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/gu, '');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function readCookie(request: IncomingMessage, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface SessionRow {
  id_hash: string;
  official_id: number;
  area: StaffArea;
  csrf_token: string;
  expires_at: Date;
  name: string;
  role: string;
}

function toSession(row: SessionRow): StaffSession {
  return {
    id: row.id_hash,
    officialId: Number(row.official_id),
    name: row.name,
    role: row.role,
    area: row.area,
    csrfToken: row.csrf_token,
    expiresAt: new Date(row.expires_at),
  };
}

export function staffSignIn(deps: { db: Database; sessionHours: number; secureCookies: boolean }): StaffSignIn {
  const { db } = deps;
  const lifetimeSeconds = Math.round(deps.sessionHours * 3600);

  async function purge(now: Date): Promise<void> {
    await db.query('DELETE FROM staff_sign_in_codes WHERE expires_at <= $1', [now]);
    await db.query('DELETE FROM staff_sessions WHERE expires_at <= $1', [now]);
  }

  return {
    async issueCode(officialId, area, now) {
      const { rows } = await db.query<{ role: string }>('SELECT role FROM officials WHERE id = $1 AND removed_at IS NULL', [officialId]);
      const official = rows[0];
      if (!official) throw new StaffSignInError('no_official');
      if (!mayEnter(official.role, area)) throw new StaffSignInError('not_allowed');
      await purge(now);
      const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
      await db.query('INSERT INTO staff_sign_in_codes (code_hash, official_id, area, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        sha256(code),
        officialId,
        area,
        now,
        expiresAt,
      ]);
      return { code, path: signInPath(area, code), expiresAt };
    },

    async redeem(code, area, now) {
      const normal = normaliseSignInCode(code);
      if (normal.length !== CODE_LENGTH) return null;
      await purge(now);
      const opened = await db.transaction(async (tx) => {
        // One statement claims the code: of two concurrent redeems, the second finds used_at set and gets nothing.
        const claimed = await tx.query<{ official_id: number }>(
          `UPDATE staff_sign_in_codes SET used_at = $3
           WHERE code_hash = $1 AND area = $2 AND used_at IS NULL AND expires_at > $3
           RETURNING official_id`,
          [sha256(normal), area, now],
        );
        const officialId = claimed.rows[0]?.official_id;
        if (officialId === undefined) return null;
        const { rows } = await tx.query<{ name: string; role: string }>('SELECT name, role FROM officials WHERE id = $1 AND removed_at IS NULL', [officialId]);
        const official = rows[0];
        if (!official || !mayEnter(official.role, area)) return null;
        const secret = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(24).toString('base64url');
        const expiresAt = new Date(now.getTime() + lifetimeSeconds * 1000);
        const idHash = sha256(secret);
        await tx.query('INSERT INTO staff_sessions (id_hash, official_id, area, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          idHash,
          officialId,
          area,
          csrfToken,
          now,
          expiresAt,
        ]);
        const session: StaffSession = { id: idHash, officialId: Number(officialId), name: official.name, role: official.role, area, csrfToken, expiresAt };
        return { session, secret };
      });
      if (!opened) return null;
      const setCookie = `${staffCookieName(area)}=${opened.secret}; Path=/${area}; HttpOnly; SameSite=Strict; Max-Age=${lifetimeSeconds}${deps.secureCookies ? '; Secure' : ''}`;
      return { session: opened.session, setCookie };
    },

    async sessionOf(request, area, now) {
      const secret = readCookie(request, staffCookieName(area));
      if (!secret || !/^[A-Za-z0-9_-]{20,100}$/u.test(secret)) return null;
      const { rows } = await db.query<SessionRow>(
        `SELECT s.id_hash, s.official_id, s.area, s.csrf_token, s.expires_at, o.name, o.role
         FROM staff_sessions s JOIN officials o ON o.id = s.official_id
         WHERE s.id_hash = $1 AND s.area = $2 AND s.expires_at > $3 AND o.removed_at IS NULL`,
        [sha256(secret), area, now],
      );
      const row = rows[0];
      return row && mayEnter(row.role, area) ? toSession(row) : null;
    },

    checkCsrf(request, session, formToken) {
      const header = request.headers['x-csrf-token'];
      const given = formToken ?? (typeof header === 'string' ? header : undefined);
      if (!given || !sameToken(given, session.csrfToken)) return false;
      const origin = request.headers.origin;
      if (origin === undefined) return true;
      try {
        return new URL(origin).host === request.headers.host;
      } catch {
        return false; // "null" or garbage: not our page
      }
    },

    async signOut(sessionId, now) {
      await db.query('DELETE FROM staff_sessions WHERE id_hash = $1 OR expires_at <= $2', [sessionId, now]);
    },
  };
}
