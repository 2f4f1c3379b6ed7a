/**
 * The load generators' HTTP client: `node:http` over keep-alive connections. `fetch` costs the client several
 * times the CPU per request, and on a 2-core machine a busy client measures its own queue instead of the server's.
 */
import { Agent, request } from 'node:http';

export interface LoadClient {
  /** POSTs JSON; resolves with the status (0 when the request failed or timed out) and the milliseconds taken. */
  postJson(url: string, body: unknown, timeoutMs?: number): Promise<{ status: number; ms: number }>;
  close(): void;
}

export function loadClient(): LoadClient {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  return {
    postJson(url, body, timeoutMs = 30_000) {
      const payload = Buffer.from(JSON.stringify(body));
      const started = performance.now();
      return new Promise((resolve) => {
        const done = (status: number) => resolve({ status, ms: performance.now() - started });
        const sent = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length }, timeout: timeoutMs }, (response) => {
          response.on('data', () => undefined);
          response.on('end', () => done(response.statusCode ?? 0));
          response.on('error', () => done(0));
        });
        sent.on('timeout', () => sent.destroy(new Error('timeout')));
        sent.on('error', () => done(0));
        sent.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
