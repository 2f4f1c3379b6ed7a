import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmClient } from '../../src/llm/client.ts';
import { LlmMalformedReplyError, LlmTimeoutError, LlmUnavailableError } from '../../src/llm/errors.ts';
import { FakeOpenAiServer, type ScriptedReply } from './fake-openai-server.ts';
import { recorder, settingsFor, TEST_API_KEY } from './helpers.ts';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await FakeOpenAiServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

const ask = (client: LlmClient) =>
  client.chat({ operation: 'compose', messages: [{ role: 'user', content: 'Xin chào' }], temperature: 0.2 });

describe('LlmClient.chat', () => {
  it('returns the content and reports tokens and latency', async () => {
    const seen = recorder();
    const client = new LlmClient(settingsFor(server), { onUsage: seen.onUsage });
    server.scriptChat({ content: 'Chào bạn.', usage: { prompt_tokens: 42, completion_tokens: 7 } });
    const reply = await ask(client);
    expect(reply).toEqual({ content: 'Chào bạn.', promptTokens: 42, completionTokens: 7 });
    expect(seen.usages).toEqual([
      { operation: 'compose', model: 'fake-chat', promptTokens: 42, completionTokens: 7, ms: expect.any(Number), ok: true },
    ]);
    const [request] = server.chatRequests();
    expect(request?.body).toMatchObject({ model: 'fake-chat', temperature: 0.2, messages: [{ role: 'user', content: 'Xin chào' }] });
    expect(request?.hadAuthorization).toBe(true);
  });

  const failures: Array<[string, ScriptedReply, new (...args: never[]) => Error]> = [
    ['a reply slower than the budget', { delayMs: 5_000, content: 'muộn' }, LlmTimeoutError],
    ['429', { status: 429 }, LlmUnavailableError],
    ['500', { status: 500 }, LlmUnavailableError],
    ['a body that is not JSON', { malformed: true }, LlmMalformedReplyError],
    ['an empty message', { content: '' }, LlmMalformedReplyError],
    ['a reply cut by the length limit', { content: '{"a":', finishReason: 'length' }, LlmMalformedReplyError],
  ];
  it.each(failures)('turns %s into a typed error within the budget', async (_, scripted, ErrorType) => {
    const seen = recorder();
    const client = new LlmClient(settingsFor(server, { timeoutMs: 400 }), { onUsage: seen.onUsage, logger: seen.logger });
    server.scriptChat(scripted);
    const started = performance.now();
    const error = await ask(client).catch((caught: unknown) => caught);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ErrorType);
    expect((error as Error).message).toContain('compose');
    expect((error as Error).message).toContain('fake-chat');
    expect(elapsed).toBeLessThan(400 + 400);
    expect(seen.usages).toEqual([expect.objectContaining({ operation: 'compose', model: 'fake-chat', ok: false })]);
    expect(seen.warnings).toHaveLength(1);
  });

  it('keeps retries inside the same budget: repeated 429 ends by the deadline, not after the back-off', async () => {
    const client = new LlmClient(settingsFor(server, { timeoutMs: 700, maxRetries: 5 }));
    server.scriptChat({ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }, { status: 429 });
    const started = performance.now();
    const error = await ask(client).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(700 + 400);
    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(server.chatRequests().length).toBeGreaterThanOrEqual(2);
  });

  it('retries a 500 once when allowed and succeeds', async () => {
    const client = new LlmClient(settingsFor(server, { timeoutMs: 3_000, maxRetries: 1 }));
    server.scriptChat({ status: 500 }, { content: 'Được rồi.' });
    await expect(ask(client)).resolves.toMatchObject({ content: 'Được rồi.' });
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('never puts the API key in an error, even when the server echoes it', async () => {
    const seen = recorder();
    const client = new LlmClient(settingsFor(server), { logger: seen.logger });
    server.scriptChat({ status: 401, errorMessage: `Incorrect API key provided: ${TEST_API_KEY}` });
    const error = (await ask(client).catch((caught: unknown) => caught)) as LlmUnavailableError;
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(TEST_API_KEY);
    expect(error.message).not.toContain('DoNotLeak');
    expect(JSON.stringify(seen.warnings)).not.toContain('DoNotLeak');
  });

  it('reports an unreachable endpoint as unavailable', async () => {
    const closed = await FakeOpenAiServer.start();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const client = new LlmClient({ ...settingsFor(server), baseUrl });
    await expect(ask(client)).rejects.toBeInstanceOf(LlmUnavailableError);
  });

  it('drops the temperature for good when the model rejects it', async () => {
    const client = new LlmClient(settingsFor(server, { timeoutMs: 2_000 }));
    server.scriptChat(
      { status: 400, errorMessage: "Unsupported value: 'temperature' does not support 0.2 with this model." },
      { content: 'Một.' },
      { content: 'Hai.' },
    );
    await expect(ask(client)).resolves.toMatchObject({ content: 'Một.' });
    await expect(ask(client)).resolves.toMatchObject({ content: 'Hai.' });
    expect(server.chatRequests().map((request) => 'temperature' in request.body)).toEqual([true, false, false]);
  });
});
