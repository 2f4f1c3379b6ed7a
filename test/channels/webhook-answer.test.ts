/** WebhookAnswer on a real loopback server: the reply travels in the 200, once, and never after a bare 200. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookAnswer } from '../../src/channels/webhook-answer.ts';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serves one request with `handle` and resolves with the client's view of the answer. */
async function exchange(handle: (response: ServerResponse) => void): Promise<{ status: number; body: unknown }> {
  server = createServer((_request, response) => handle(response));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' });
  return { status: response.status, body: await response.json() };
}

describe('WebhookAnswer', () => {
  it('writes the call as the body of the 200 and reports it sent in the same tick, once', async () => {
    const events: string[] = [];
    const seen = await exchange((response) => {
      const answer = new WebhookAnswer(response, () => events.push('marked'));
      expect(answer.answer({ method: 'sendMessage', chat_id: 5, text: 'xin chào' })).toBe(true);
      events.push(response.writableEnded ? 'written' : 'not written');
      expect(answer.answer({ method: 'sendMessage', chat_id: 5, text: 'lần hai' })).toBe(false);
      answer.acknowledge();
    });
    expect(events).toEqual(['marked', 'written']);
    expect(seen).toEqual({ status: 200, body: { method: 'sendMessage', chat_id: 5, text: 'xin chào' } });
  });

  it('after a bare acknowledgement refuses to carry a reply, which then goes through the API', async () => {
    let carried: boolean | undefined;
    let marked = false;
    const seen = await exchange((response) => {
      const answer = new WebhookAnswer(response, () => (marked = true));
      answer.acknowledge();
      carried = answer.answer({ method: 'sendMessage', chat_id: 5, text: 'muộn' });
    });
    expect(seen).toEqual({ status: 200, body: { ok: true } });
    expect(carried).toBe(false);
    expect(marked).toBe(false);
  });

  it('refuses to carry a reply once the platform closed the connection', async () => {
    const closed = new Promise<boolean>((resolve) => {
      server = createServer((_request, response) => {
        const answer = new WebhookAnswer(response, () => undefined);
        response.on('close', () => resolve(answer.answer({ method: 'sendMessage', chat_id: 5, text: 'không ai đợi' })));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server!.address() as AddressInfo;
    const gaveUp = new AbortController();
    const request = fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}', signal: gaveUp.signal }).catch(() => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    gaveUp.abort();
    expect(await request).toBe('aborted');
    expect(await closed).toBe(false);
    server!.closeAllConnections();
  });
});
