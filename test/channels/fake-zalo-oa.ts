/**
 * A stand-in for the Zalo OA open API and OAuth server on loopback: `POST /v3.0/oa/message/cs` and
 * `POST /v4/oa/access_token`. Valid tokens are configurable; each call is recorded with what a hook observed
 * at that moment (used to prove the token file was written before the retried send).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OaCall {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Whatever `observe` returned when the call arrived. */
  observed: unknown;
}

export class FakeZaloOa {
  readonly calls: OaCall[] = [];
  validAccessTokens = new Set<string>(['access-1']);
  /** refresh token → the tokens it yields; each works once. */
  refreshGrants = new Map<string, { access_token: string; refresh_token: string }>();
  appSecret = 'app-secret';
  observe: () => unknown = () => undefined;
  root = '';
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '';
        this.calls.push({ path, headers: request.headers, body, observed: this.observe() });
        const answer = (value: unknown) => {
          const text = JSON.stringify(value);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(text);
        };
        if (path === '/v3.0/oa/message/cs') {
          const token = request.headers.access_token;
          if (typeof token !== 'string' || !this.validAccessTokens.has(token)) {
            answer({ error: -216, message: 'Access token is invalid' });
            return;
          }
          answer({ error: 0, message: 'Success', data: { message_id: `m${this.calls.length}` } });
          return;
        }
        if (path === '/v4/oa/access_token') {
          const form = new URLSearchParams(body);
          const grant = this.refreshGrants.get(form.get('refresh_token') ?? '');
          if (request.headers.secret_key !== this.appSecret || form.get('grant_type') !== 'refresh_token' || !grant) {
            answer({ error: -14014, error_name: 'Invalid refresh token' });
            return;
          }
          this.refreshGrants.delete(form.get('refresh_token') ?? '');
          this.validAccessTokens.add(grant.access_token);
          answer({ ...grant, expires_in: '90000' });
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

  sentMessages(): { userId: string; text: string; accessToken: string }[] {
    return this.calls
      .filter((call) => call.path === '/v3.0/oa/message/cs')
      .map((call) => {
        const body = JSON.parse(call.body) as { recipient: { user_id: string }; message: { text: string } };
        return { userId: body.recipient.user_id, text: body.message.text, accessToken: String(call.headers.access_token) };
      });
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
