/**
 * A stand-in for the Zalo OA open API and OAuth server on loopback: `POST /v3.0/oa/message/cs` and
 * `POST /v4/oa/access_token`, answering as Zalo documents (HTTP 200 with an `error` code in the body):
 * - an unknown access token → -216 "Access token is invalid"; a known one past its expiry → -220
 *   "access_token is expired or removed";
 * - a recipient whose last interaction is more than 7 days old → -230 (users without a recorded interaction are
 *   inside the window, so tests need not set one up); one listed in `neverInteracted` → -232;
 * - `rateLimitNext(n)`: the next n sends → -32 "Your application reached limit call api";
 * - a refresh token works once; presenting it again (or an unknown one) → -14014, and is counted in
 *   `refreshAttempts` so tests can prove no refresh token was spent twice. New access tokens live `expiresInSeconds`.
 * Each call is recorded with what `observe` returned when it arrived (used to prove the store held the new tokens
 * before the retried send).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OaCall {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Whatever `observe` returned when the call arrived. */
  observed: unknown;
  /** The body the fake answered with. */
  answer?: unknown;
}

const DAY_MS = 86_400_000;

export class FakeZaloOa {
  readonly calls: OaCall[] = [];
  /** access token → expiry in ms (Infinity: never). */
  readonly accessTokens = new Map<string, number>([['access-1', Infinity]]);
  /** refresh token → the tokens it yields; each works once. */
  refreshGrants = new Map<string, { access_token: string; refresh_token: string }>();
  /** Every refresh token presented, in order, valid or not. */
  readonly refreshAttempts: string[] = [];
  /** Recipient → time of their last message to the OA (ms). */
  readonly lastInteraction = new Map<string, number>();
  readonly neverInteracted = new Set<string>();
  expiresInSeconds = 90_000;
  appSecret = 'app-secret';
  observe: () => unknown = () => undefined;
  now: () => number = Date.now;
  root = '';
  private rateLimited = 0;
  private server: Server | undefined;

  rateLimitNext(times: number): void {
    this.rateLimited += times;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '';
        const call: OaCall = { path, headers: request.headers, body, observed: this.observe() };
        this.calls.push(call);
        const answer = (value: unknown) => {
          call.answer = value;
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(value));
        };
        if (path === '/v3.0/oa/message/cs') {
          answer(this.send(request.headers.access_token, body));
          return;
        }
        if (path === '/v4/oa/access_token') {
          answer(this.refresh(request.headers.secret_key, body));
          return;
        }
        response.writeHead(404);
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.root = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.root;
  }

  private send(token: string | string[] | undefined, body: string): unknown {
    const expiry = typeof token === 'string' ? this.accessTokens.get(token) : undefined;
    if (expiry === undefined) return { error: -216, message: 'Access token is invalid' };
    if (expiry <= this.now()) return { error: -220, message: 'access_token is expired or removed' };
    if (this.rateLimited > 0) {
      this.rateLimited -= 1;
      return { error: -32, message: 'Your application reached limit call api' };
    }
    const userId = (JSON.parse(body) as { recipient: { user_id: string } }).recipient.user_id;
    if (this.neverInteracted.has(userId)) return { error: -232, message: 'User has not interacted with the OA' };
    const last = this.lastInteraction.get(userId);
    if (last !== undefined && this.now() - last > 7 * DAY_MS) {
      return { error: -230, message: 'User has not interacted with the OA in the past 7 days' };
    }
    return { error: 0, message: 'Success', data: { message_id: `m${this.calls.length}` } };
  }

  private refresh(secret: string | string[] | undefined, body: string): unknown {
    const form = new URLSearchParams(body);
    const presented = form.get('refresh_token') ?? '';
    this.refreshAttempts.push(presented);
    const grant = this.refreshGrants.get(presented);
    if (secret !== this.appSecret || form.get('grant_type') !== 'refresh_token' || !grant) {
      return { error: -14014, error_name: 'Invalid refresh token' };
    }
    this.refreshGrants.delete(presented);
    this.accessTokens.set(grant.access_token, this.now() + this.expiresInSeconds * 1000);
    return { ...grant, expires_in: String(this.expiresInSeconds) };
  }

  sentMessages(): { userId: string; text: string; accessToken: string }[] {
    return this.calls
      .filter((call) => call.path === '/v3.0/oa/message/cs')
      .map((call) => {
        const body = JSON.parse(call.body) as { recipient: { user_id: string }; message: { text: string } };
        return { userId: body.recipient.user_id, text: body.message.text, accessToken: String(call.headers.access_token) };
      });
  }

  /** The `error` code of every send, in order (0: delivered). */
  sendResults(): number[] {
    return this.calls
      .filter((call) => call.path === '/v3.0/oa/message/cs')
      .map((call) => (call.answer as { error: number } | undefined)?.error ?? NaN);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
