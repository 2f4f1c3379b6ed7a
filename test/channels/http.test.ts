import { afterEach, describe, expect, it } from 'vitest';
import { channelContract } from './contract.ts';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { Gateway } from '../../src/channels/gateway.ts';
import { SESSION_COOKIE, startHttpServer, type RunningHttpServer } from '../../src/channels/http.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { knowledgeData } from '../support/knowledge.ts';
import { BusyEngine, CapturingLogger, DOCUMENT_CITATION, GatedEngine, pingOnlyDatabase, stripHtml, TEST_WEB_CHAT, TestEngine } from './support.ts';

interface ChatBody {
  answer: string;
  citations: { id: string; kind: string; label?: string }[];
  outcome: string;
  refused: boolean;
  conversationId: string;
  buttons?: { text: string; data: string }[];
  error?: string;
}

let server: RunningHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(
  options: { reachable?: boolean | (() => Promise<boolean>); engine?: TestEngine; maxMessageChars?: number; web?: Parameters<typeof startHttpServer>[0]['web'] } = {},
) {
  const engine = options.engine ?? new TestEngine();
  const metrics = new Metrics();
  const logger = new CapturingLogger();
  const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: options.maxMessageChars ?? 500 }, logger, metrics });
  server = await startHttpServer({
    webChat: TEST_WEB_CHAT,
    host: '127.0.0.1',
    port: 0,
    maxMessageChars: options.maxMessageChars ?? 500,
    gateway,
    db: pingOnlyDatabase(options.reachable ?? true),
    metrics,
    logger,
    ...(options.web ? { web: options.web } : {}),
  });
  return { engine, url: server.url, gateway };
}

const chat = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

// The web chat as a channel: a browser's session per user (its cookie), the reply whole with its sources line.
channelContract('web chat (POST /api/chat)', async ({ ratePerMinute, maxMessageChars }) => {
  const engine = new TestEngine();
  const gateway = new Gateway({ engine, limits: { ratePerMinute, maxMessageChars }, logger: new CapturingLogger(), metrics: new Metrics() });
  const running = await startHttpServer({
    webChat: TEST_WEB_CHAT,
    host: '127.0.0.1',
    port: 0,
    maxMessageChars,
    gateway,
    db: pingOnlyDatabase(true),
    metrics: new Metrics(),
    logger: new CapturingLogger(),
  });
  const cookies = new Map<string, string>();
  const sent: string[] = [];
  return {
    engine,
    textLimit: null,
    async send({ text, messageId, userId }) {
      const user = userId ?? 'visitor';
      const cookie = cookies.get(user);
      const response = await chat(running.url, { text, messageId }, cookie ? { cookie } : {});
      const setCookie = response.headers.get('set-cookie');
      if (setCookie) cookies.set(user, setCookie.split(';')[0]!);
      if (response.status !== 200) return void (await response.arrayBuffer());
      const body = (await response.json()) as ChatBody;
      const sources = body.citations.map((citation) => citation.label ?? citation.id).join(' · ');
      sent.push(sources ? `${body.answer}\n${CHANNEL_MESSAGES.sourcesLabel}: ${sources}` : body.answer);
    },
    sent: () => [...sent],
    close: () => running.close(),
  };
});

describe('POST /api/chat', () => {
  it('answers a client message id once: sent again (a lost response), 409; another session may use the same id', async () => {
    const { url, engine } = await start();
    const first = await chat(url, { text: 'hỏi một lần', messageId: 'm-1' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(first.status).toBe(200);
    const again = await chat(url, { text: 'hỏi một lần', messageId: 'm-1' }, { cookie });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ChatBody).error).toBe(CHANNEL_MESSAGES.http.duplicateMessage);
    expect((await chat(url, { text: 'hỏi một lần', messageId: 'm-1' })).status).toBe(200);
    expect(engine.calls).toHaveLength(2);
    expect((await chat(url, { text: 'x', messageId: 'có dấu cách' })).status).toBe(400);
  });

  it('answers with the ask --json fields, generates a conversation id and sets a session cookie', async () => {
    const { url, engine } = await start();
    const response = await chat(url, { text: 'Nhiệm vụ PL2.11 là gì?' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChatBody;
    expect(body).toMatchObject({ answer: 'Trả lời cho: Nhiệm vụ PL2.11 là gì?', outcome: 'answered', refused: false });
    expect(body.citations).toEqual([{ id: 'PL2.11', kind: 'task' }, DOCUMENT_CITATION]);
    expect(body.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax`));
    // The first message already counts against its own new session, not against everyone at the same address.
    const sessionId = cookie.split(';')[0]!.split('=')[1]!.split('.')[0]!;
    expect(engine.calls[0]).toMatchObject({ channel: 'web', conversationId: body.conversationId, userId: sessionId, messageId: null, newConversation: true });

    const sid = cookie.split(';')[0] ?? '';
    const again = await chat(url, { text: 'còn gì nữa', conversationId: body.conversationId }, { cookie: sid });
    expect(((await again.json()) as ChatBody).conversationId).toBe(body.conversationId);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(engine.calls[1]?.userId).toBe(sessionId);
    // A conversation the client names may have a state on any instance: it is read.
    expect(engine.calls[1]?.newConversation).toBeUndefined();
  });

  it('does not let a client choose its session: an unsigned or forged cookie gets a new one', async () => {
    const { url, engine } = await start();
    for (const forged of ['made-up-id', '6f1c2b9e-0000-4000-8000-000000000000.AAAA', `${'a'.repeat(36)}.${'b'.repeat(43)}`]) {
      const response = await chat(url, { text: 'PL2.11' }, { cookie: `${SESSION_COOKIE}=${forged}` });
      expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    }
    const ids = engine.calls.map((call) => call.userId);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(['made-up-id', 'a'.repeat(36)]).not.toContain(id);
  });

  it('limits each client address, whatever cookies it makes up, and believes X-Forwarded-For only from a trusted proxy', async () => {
    const { url, engine } = await start({ web: { addressRatePerMinute: 3, trustedProxies: ['127.0.0.1'] } });
    const from = (address: string) => ({ 'x-forwarded-for': `203.0.113.9, ${address}` });
    const outcomes: string[] = [];
    for (let index = 0; index < 5; index += 1) outcomes.push(((await (await chat(url, { text: `câu ${index}` }, from('198.51.100.7'))).json()) as ChatBody).outcome);
    expect(outcomes).toEqual(['answered', 'answered', 'answered', 'rate_limited', 'rate_limited']);
    // Another visitor behind the same proxy is not blocked by the first one.
    expect(((await (await chat(url, { text: 'người khác' }, from('198.51.100.8'))).json()) as ChatBody).outcome).toBe('answered');
    expect(engine.calls).toHaveLength(4);

    await server?.close();
    const direct = await start({ web: { addressRatePerMinute: 2 } });
    const spoofed: string[] = [];
    for (let index = 0; index < 3; index += 1) spoofed.push(((await (await chat(direct.url, { text: 'x' }, from(`198.51.100.${index + 20}`))).json()) as ChatBody).outcome);
    // Not from a trusted proxy: the header is ignored and the socket's address is limited.
    expect(spoofed).toEqual(['answered', 'answered', 'rate_limited']);
  });

  it('answers 503 with Retry-After beyond the questions it can work on at once, and recovers', async () => {
    const engine = new GatedEngine();
    const { url } = await start({ engine, web: { maxInFlight: 2 } });
    const waiting = [chat(url, { text: 'một' }), chat(url, { text: 'hai' })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await chat(url, { text: 'ba' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({ error: CHANNEL_MESSAGES.overloaded });
    engine.release();
    expect((await Promise.all(waiting)).map((response) => response.status)).toEqual([200, 200]);
    expect((await chat(url, { text: 'bốn' })).status).toBe(200);
  });

  it('sheds questions with 503 while the oldest message waiting for the engine has waited longer than the bound', async () => {
    const { url, gateway, engine } = await start({ web: { shedBacklogMs: 40 } });
    // The backlog itself is measured by the gateway's turns (gateway.test.ts); here it is set.
    let backlog = 41;
    Object.defineProperty(gateway, 'backlogMs', { get: () => backlog });
    const refused = await chat(url, { text: 'thêm một câu' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({ error: CHANNEL_MESSAGES.overloaded });
    expect(engine.calls).toHaveLength(0);
    backlog = 40;
    expect((await chat(url, { text: 'sau đó' })).status).toBe(200);
  });

  it('treats a malformed session cookie as no cookie instead of failing', async () => {
    const { url } = await start();
    const response = await chat(url, { text: 'PL2.11' }, { cookie: `${SESSION_COOKIE}=%E0%A4%A` });
    expect(response.status).toBe(200);
  });

  it('returns buttons of a confirmation', async () => {
    const { url } = await start();
    const body = (await (await chat(url, { text: 'xác nhận' })).json()) as ChatBody;
    expect(body.outcome).toBe('confirm');
    expect(body.buttons?.map((button) => button.data)).toEqual(['có', 'không']);
  });

  it('answers bad input with JSON errors in Vietnamese', async () => {
    const { url, engine } = await start();
    const badJson = await chat(url, '{"text": ');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({ error: CHANNEL_MESSAGES.http.badJson });
    const wrongType = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'xin chào' });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toEqual({ error: CHANNEL_MESSAGES.http.wrongContentType });
    const noText = await chat(url, { question: 'x' });
    expect(noText.status).toBe(400);
    expect(await noText.json()).toEqual({ error: CHANNEL_MESSAGES.http.missingText });
    const badId = await chat(url, { text: 'x', conversationId: '../../etc' });
    expect(badId.status).toBe(400);
    const array = await chat(url, '[1,2]');
    expect(array.status).toBe(400);
    expect(engine.calls).toHaveLength(0);
  });

  it('refuses a huge body with 413 and an oversize question with the clear refusal', async () => {
    const { url, engine } = await start();
    const huge = await chat(url, { text: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: CHANNEL_MESSAGES.http.bodyTooLarge });
    const long = (await (await chat(url, { text: 'y'.repeat(501) })).json()) as ChatBody;
    expect(long).toMatchObject({ answer: CHANNEL_MESSAGES.tooLong(500), outcome: 'out_of_scope', refused: true });
    expect(long.citations).toEqual([]);
    expect(engine.calls).toHaveLength(0);
  });

  it('answers unknown paths and methods with JSON 404/405', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/khong-co`)).status).toBe(404);
    expect((await fetch(`${url}/api/chat`)).status).toBe(405);
  });
});

describe('GET /healthz', () => {
  it('is 200 when the store answers', async () => {
    const { url } = await start({ reachable: true });
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('is 503 when the store is unreachable or its ping throws', async () => {
    const { url } = await start({ reachable: false });
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, error: CHANNEL_MESSAGES.http.storeUnavailable });
    await server?.close();
    const throwing = await start({ reachable: async () => Promise.reject(new Error('connection refused')) });
    expect((await fetch(`${throwing.url}/healthz`)).status).toBe(503);
  });
});

describe('GET /metrics', () => {
  it('exposes message counts by channel and outcome, the latency histogram and errors', async () => {
    const { url } = await start();
    await chat(url, { text: 'một' });
    await chat(url, { text: 'hai' });
    await chat(url, { text: 'lỗi hệ thống' });
    await chat(url, { text: 'z'.repeat(600) });
    const response = await fetch(`${url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    expect(text).toContain('# TYPE messages_total counter');
    expect(text).toContain('messages_total{channel="web",outcome="answered"} 2');
    expect(text).toContain('messages_total{channel="web",outcome="error"} 1');
    expect(text).toContain('messages_total{channel="web",outcome="out_of_scope"} 1');
    expect(text).toContain('errors_total{channel="web"} 1');
    expect(text).toContain('# TYPE message_latency_seconds histogram');
    expect(text).toMatch(/message_latency_seconds_bucket\{channel="web",le="\+Inf"\} 4/);
    expect(text).toContain('message_latency_seconds_count{channel="web"} 4');
  });
});

describe('graceful close', () => {
  it('finishes the answer in flight, then refuses new work', async () => {
    const engine = new GatedEngine();
    const { url, gateway } = await start({ engine });
    const inFlight = chat(url, { text: 'câu hỏi đang xử lý' });
    while (gateway.pending === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(gateway.pending).toBe(1);
    // Closing starts while the engine still holds the answer.
    const closing = server?.close();
    engine.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(((await response.json()) as ChatBody).answer).toBe('Trả lời cho: câu hỏi đang xử lý');
    await closing;
    server = undefined;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

describe('GET /', () => {
  it('serves a self-contained Vietnamese page under a strict CSP', async () => {
    const { url } = await start();
    const response = await fetch(url);
    const html = await response.text();
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<label for="question">');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('shows the configured title, subtitle and welcome, escaped', async () => {
    const { url } = await start();
    const html = await (await fetch(url)).text();
    const escaped = (text: string) => text.replace(/&/g, '&amp;');
    expect(TEST_WEB_CHAT.title).toContain('&');
    expect(html).toContain(`<title>${escaped(TEST_WEB_CHAT.title)}</title>`);
    expect(html).toContain(`<h1>${escaped(TEST_WEB_CHAT.title)}</h1>`);
    expect(html).toContain(`<p>${escaped(TEST_WEB_CHAT.subtitle)}</p>`);
    expect(html).toContain(`<p class="text">${escaped(TEST_WEB_CHAT.welcome)}</p>`);
    // Nothing of the deployment's profile is built into the page: it shows what it was given.
    expect(stripHtml(html)).not.toContain(knowledgeData().profile.province);
  });
});
