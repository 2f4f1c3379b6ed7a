/**
 * Staff sign-in (src/console/sign-in.ts), one contract run against every engine this run reaches: PGlite always,
 * PostgreSQL when TEST_DATABASE_URL is set. One database per engine, shared by the file's tests.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  areaFor,
  CODE_ALPHABET,
  clearStaffCookie,
  mayEnter,
  normaliseSignInCode,
  staffSignIn,
  StaffSignInError,
  type StaffSignIn,
} from '../../src/console/sign-in.ts';
import { addOfficial, removeOfficial } from '../../src/officials/repository.ts';
import type { Database } from '../../src/store/database.ts';
import { engines, type StoreHandle } from '../support/databases.ts';

const NOW = new Date('2026-11-20T02:00:00Z');
const minutes = (count: number) => new Date(NOW.getTime() + count * 60_000);

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function cookieOf(setCookie: string): string {
  return setCookie.split(';')[0]!;
}

describe('who may enter', () => {
  it('lets coordinators into both areas, operators into the desk only, anyone else nowhere', () => {
    expect([mayEnter('coordinator', 'admin'), mayEnter('coordinator', 'desk')]).toEqual([true, true]);
    expect([mayEnter('operator', 'admin'), mayEnter('operator', 'desk')]).toEqual([false, true]);
    expect([mayEnter('official', 'admin'), mayEnter('official', 'desk'), mayEnter('', 'desk')]).toEqual([false, false, false]);
    expect([areaFor('coordinator'), areaFor('operator'), areaFor('official')]).toEqual(['admin', 'desk', null]);
    expect(normaliseSignInCode(' abcd-2345 ')).toBe('ABCD2345');
  });
});

for (const engine of engines('console_sign_in')) {
  describe(`staff sign-in: ${engine.label}`, () => {
    let handle: StoreHandle;
    let db: Database;
    let signIn: StaffSignIn;
    let coordinator: number;
    let official: number;

    beforeAll(async () => {
      handle = await engine.open();
      db = handle.db;
      signIn = staffSignIn({ db, sessionHours: 8, secureCookies: true });
      coordinator = (await addOfficial(db, { channel: 'telegram', userId: '9001', agencyId: 'so-khcn', name: 'Điều Phối', role: 'coordinator', now: NOW })).id;
      official = (await addOfficial(db, { channel: 'telegram', userId: '9002', agencyId: 'so-yt', name: 'Cán Bộ', role: 'official', now: NOW })).id;
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it('issues an 8-character code of the unambiguous alphabet with its link, valid 10 minutes', async () => {
      const issued = await signIn.issueCode(coordinator, 'admin', NOW);
      expect(issued.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`, 'u'));
      expect(issued.path).toBe(`/admin/dang-nhap?ma=${issued.code}`);
      expect(issued.expiresAt.getTime() - NOW.getTime()).toBe(10 * 60_000);
      const stored = await db.query<{ code_hash: string }>('SELECT code_hash FROM staff_sign_in_codes');
      expect(stored.rows.map((row) => row.code_hash)).not.toContain(issued.code);
    });

    it('refuses to issue a code for a role that may not enter, or an unknown official', async () => {
      await expect(signIn.issueCode(official, 'admin', NOW)).rejects.toBeInstanceOf(StaffSignInError);
      await expect(signIn.issueCode(official, 'desk', NOW)).rejects.toMatchObject({ reason: 'not_allowed' });
      await expect(signIn.issueCode(999_999, 'admin', NOW)).rejects.toMatchObject({ reason: 'no_official' });
    });

    it('redeems a code once, with a strict, scoped cookie, and finds the session from it', async () => {
      const { code } = await signIn.issueCode(coordinator, 'admin', NOW);
      const opened = await signIn.redeem(code.toLowerCase().replace(/^(.{4})/u, '$1-'), 'admin', minutes(1));
      expect(opened).not.toBeNull();
      expect(opened!.setCookie).toMatch(/^admin_sid=[A-Za-z0-9_-]{40,}; Path=\/admin; HttpOnly; SameSite=Strict; Max-Age=28800; Secure$/u);
      expect(opened!.session).toMatchObject({ officialId: coordinator, name: 'Điều Phối', role: 'coordinator', area: 'admin' });
      expect(await signIn.redeem(code, 'admin', minutes(2))).toBeNull();
      const found = await signIn.sessionOf(request({ cookie: `other=1; ${cookieOf(opened!.setCookie)}` }), 'admin', minutes(3));
      expect(found).toEqual(opened!.session);
      // The cookie names an admin session: the desk does not accept it, nor does a made-up value.
      expect(await signIn.sessionOf(request({ cookie: cookieOf(opened!.setCookie).replace('admin_sid', 'desk_sid') }), 'desk', minutes(3))).toBeNull();
      expect(await signIn.sessionOf(request({ cookie: 'admin_sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 'admin', minutes(3))).toBeNull();
      // Only the hash of the cookie value is stored.
      const secret = cookieOf(opened!.setCookie).split('=')[1]!;
      const rows = await db.query<{ id_hash: string }>('SELECT id_hash FROM staff_sessions');
      expect(rows.rows.map((row) => row.id_hash)).not.toContain(secret);
    });

    it('refuses an expired code, an unknown one and one redeemed for another area', async () => {
      const late = await signIn.issueCode(coordinator, 'admin', NOW);
      expect(await signIn.redeem(late.code, 'admin', minutes(10))).toBeNull();
      expect(await signIn.redeem('ABCDEFGH', 'admin', NOW)).toBeNull();
      expect(await signIn.redeem('short', 'admin', NOW)).toBeNull();
      const desk = await signIn.issueCode(coordinator, 'desk', NOW);
      expect(await signIn.redeem(desk.code, 'admin', minutes(1))).toBeNull();
      // Not spent by the wrong area: the desk still takes it.
      expect((await signIn.redeem(desk.code, 'desk', minutes(1)))?.session.area).toBe('desk');
    });

    it('lets exactly one of two concurrent redeems win', async () => {
      const { code } = await signIn.issueCode(coordinator, 'admin', NOW);
      const other = staffSignIn({ db, sessionHours: 8, secureCookies: false });
      const results = await Promise.all([signIn.redeem(code, 'admin', minutes(1)), other.redeem(code, 'admin', minutes(1))]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
    });

    it('refuses a code whose official lost the role or was removed before redeeming, and ends their sessions', async () => {
      const extra = (await addOfficial(db, { channel: 'zalo-oa', userId: 'z-77', agencyId: 'so-khcn', name: 'Tạm Thời', role: 'coordinator', now: NOW })).id;
      const first = await signIn.issueCode(extra, 'admin', NOW);
      const opened = await signIn.redeem(first.code, 'admin', minutes(1));
      const pending = await signIn.issueCode(extra, 'admin', NOW);
      await removeOfficial(db, 'zalo-oa', 'z-77', minutes(2));
      expect(await signIn.redeem(pending.code, 'admin', minutes(3))).toBeNull();
      expect(await signIn.sessionOf(request({ cookie: cookieOf(opened!.setCookie) }), 'admin', minutes(3))).toBeNull();
    });

    it('ends a session at its expiry and purges expired rows', async () => {
      const { code } = await signIn.issueCode(coordinator, 'admin', NOW);
      const opened = (await signIn.redeem(code, 'admin', NOW))!;
      const cookie = request({ cookie: cookieOf(opened.setCookie) });
      expect(await signIn.sessionOf(cookie, 'admin', new Date(NOW.getTime() + 8 * 3_600_000 - 1000))).not.toBeNull();
      expect(await signIn.sessionOf(cookie, 'admin', new Date(NOW.getTime() + 8 * 3_600_000))).toBeNull();
      await signIn.issueCode(coordinator, 'admin', new Date(NOW.getTime() + 9 * 3_600_000));
      const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_sessions WHERE expires_at <= $1', [new Date(NOW.getTime() + 9 * 3_600_000)]);
      expect(left.rows[0]!.n).toBe(0);
    });

    it('checks the CSRF token from the form or the header, and the Origin when there is one', async () => {
      const { code } = await signIn.issueCode(coordinator, 'admin', NOW);
      const { session } = (await signIn.redeem(code, 'admin', NOW))!;
      const host = { host: '127.0.0.1:3000' };
      expect(signIn.checkCsrf(request(host), session, session.csrfToken)).toBe(true);
      expect(signIn.checkCsrf(request({ ...host, 'x-csrf-token': session.csrfToken }), session, undefined)).toBe(true);
      expect(signIn.checkCsrf(request({ ...host, origin: 'http://127.0.0.1:3000' }), session, session.csrfToken)).toBe(true);
      expect(signIn.checkCsrf(request(host), session, undefined)).toBe(false);
      expect(signIn.checkCsrf(request(host), session, `${session.csrfToken}x`)).toBe(false);
      expect(signIn.checkCsrf(request({ ...host, origin: 'https://evil.example' }), session, session.csrfToken)).toBe(false);
      expect(signIn.checkCsrf(request({ ...host, origin: 'null' }), session, session.csrfToken)).toBe(false);
    });

    it('signs out: the session is gone, and the clearing cookie expires it in the browser', async () => {
      const { code } = await signIn.issueCode(coordinator, 'admin', NOW);
      const opened = (await signIn.redeem(code, 'admin', NOW))!;
      await signIn.signOut(opened.session.id, minutes(1));
      expect(await signIn.sessionOf(request({ cookie: cookieOf(opened.setCookie) }), 'admin', minutes(1))).toBeNull();
      expect(clearStaffCookie('admin', true)).toBe('admin_sid=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
    });
  });
}
