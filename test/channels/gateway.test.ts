import { describe, expect, it } from 'vitest';
import { CHANNEL_MESSAGES } from '../../src/engine/messages.ts';
import { makeReply } from '../../src/engine/outcomes.ts';
import type { Engine, IncomingMessage, Reply } from '../../src/engine/types.ts';
import { DELIVERIES_IN_FLIGHT, Gateway, RecentIds } from '../../src/channels/gateway.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { citationLine, plainReplyText, redactSecrets, splitText } from '../../src/channels/text.ts';
import { BusyEngine, CapturingLogger, TestEngine } from './support.ts';

const message = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  channel: 'telegram',
  userId: 'u1',
  conversationId: 'c1',
  messageId: null,
  text,
  ...extra,
});

describe('RecentIds', () => {
  it('forgets the oldest ids beyond its capacity', () => {
    const ids = new RecentIds(2);
    expect([ids.add('1'), ids.add('2'), ids.add('1')]).toEqual([true, true, false]);
    ids.add('3');
    expect(ids.add('1')).toBe(true);
  });
});

describe('Gateway', () => {
  it('keeps one conversation in order while answering others concurrently', async () => {
    const order: string[] = [];
    const engine: Engine = {
      async handle(incoming) {
        order.push(`start ${incoming.text}`);
        await new Promise((resolve) => setTimeout(resolve, incoming.text === 'chậm' ? 80 : 5));
        order.push(`end ${incoming.text}`);
        return makeReply('answered', 'task', incoming.text);
      },
    };
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 100 }, logger: new CapturingLogger(), metrics: new Metrics() });
    await Promise.all([
      gateway.process(message('chậm')),
      gateway.process(message('sau')),
      gateway.process(message('khác', { conversationId: 'c2', userId: 'u2' })),
    ]);
    expect(order.indexOf('end chậm')).toBeLessThan(order.indexOf('start sau'));
    expect(order.indexOf('end khác')).toBeLessThan(order.indexOf('end chậm'));
  });

  it('refuses new messages once closed and waits for those in flight', async () => {
    let release: () => void = () => {};
    const engine: Engine = {
      handle: () =>
        new Promise<Reply>((resolve) => {
          release = () => resolve(makeReply('answered', 'task', 'xong'));
        }),
    };
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 100 }, logger: new CapturingLogger(), metrics: new Metrics() });
    const first = gateway.process(message('một'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    let closed = false;
    const closing = gateway.close().then(() => (closed = true));
    expect(await gateway.process(message('hai'))).toEqual({ status: 'closed' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    release();
    expect((await first).status).toBe('answered');
    await closing;
    expect(closed).toBe(true);
  });
});

describe('Gateway deliveries', () => {
  it('sends at most a few replies of one channel at once, and all of them', async () => {
    const engine: Engine = { handle: async (incoming) => makeReply('answered', 'task', incoming.text) };
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 100 }, logger: new CapturingLogger(), metrics: new Metrics() });
    let sending = 0;
    let most = 0;
    const sent: string[] = [];
    const deliver = async (reply: Reply) => {
      sending += 1;
      most = Math.max(most, sending);
      await new Promise((resolve) => setTimeout(resolve, 5));
      sent.push(reply.text);
      sending -= 1;
    };
    const many = Array.from({ length: 12 }, (_, index) => gateway.process(message(`m${index}`, { userId: `u${index}`, conversationId: `c${index}` }), { deliver }));
    const results = await Promise.all(many);
    expect(results.every((result) => result.status === 'answered')).toBe(true);
    expect(sent).toHaveLength(12);
    expect(most).toBe(DELIVERIES_IN_FLIGHT);
  });
});

describe('Gateway endings', () => {
  it('ends its own replies with an outcome and a reason of the closed table, refused only for the oversize one', async () => {
    const engine = new TestEngine();
    const logger = new CapturingLogger();
    const metrics = new Metrics();
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 1, maxMessageChars: 20 }, logger, metrics });
    const ending = async (incoming: IncomingMessage) => {
      const result = await gateway.process(incoming);
      if (result.status !== 'answered') throw new Error(`unexpected status ${result.status}`);
      return result.reply;
    };
    expect(await ending(message('a'.repeat(21)))).toEqual({
      text: CHANNEL_MESSAGES.tooLong(20),
      citations: [],
      outcome: 'out_of_scope',
      reason: 'too_long',
      refused: true,
    });
    expect(await ending(message('lỗi hệ thống', { userId: 'u2' }))).toEqual({
      text: CHANNEL_MESSAGES.engineError,
      citations: [],
      outcome: 'error',
      reason: 'engine',
      refused: false,
    });
    expect(await ending(message('lần hai', { userId: 'u2' }))).toMatchObject({ outcome: 'rate_limited', reason: 'rate', refused: false, citations: [] });
    // The oversize message did not count against the limit; the engine saw only what passed the gate.
    expect(engine.calls.map((call) => call.text)).toEqual(['lỗi hệ thống']);
    expect(metrics.render()).toContain('messages_total{channel="telegram",outcome="out_of_scope"} 1');
  });
});

describe('text helpers', () => {
  it('splits at lines, then spaces, then hard, never above the limit', () => {
    expect(splitText('abc\ndef', 5)).toEqual(['abc', 'def']);
    expect(splitText('xin chào các bạn', 9)).toEqual(['xin chào', 'các bạn']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitText('😀😀😀', 3).every((part) => !/[\uD800-\uDBFF]$/.test(part))).toBe(true);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('names each citation by its label when it has one, by its id otherwise, once per name', () => {
    expect(citationLine([])).toBeNull();
    expect(citationLine([{ id: 'PL2.11', kind: 'task' }, { id: 'II.A.3.g', kind: 'section' }])).toBe(`${CHANNEL_MESSAGES.sourcesLabel}: PL2.11 · II.A.3.g`);
    expect(
      citationLine([
        { id: '45:PL1.4', kind: 'task' },
        { id: '45:document', kind: 'document', label: 'KH 45/KH-UBND' },
        { id: '101:document', kind: 'document', label: 'QĐ 101/QĐ-UBND' },
        { id: '101:document', kind: 'document', label: 'QĐ 101/QĐ-UBND' },
      ]),
    ).toBe(`${CHANNEL_MESSAGES.sourcesLabel}: 45:PL1.4 · KH 45/KH-UBND · QĐ 101/QĐ-UBND`);
    // A document cited without a label is named by its id: no document name is built into the channels.
    expect(citationLine([{ id: 'document', kind: 'document' }])).toBe(`${CHANNEL_MESSAGES.sourcesLabel}: document`);
    // A label is used whatever the kind.
    expect(citationLine([{ id: 'PL2.11', kind: 'task', label: 'Nhiệm vụ PL2.11' }])).toBe(`${CHANNEL_MESSAGES.sourcesLabel}: Nhiệm vụ PL2.11`);
  });

  it('renders a plain reply as text, typed choices and the labelled citation line', () => {
    const reply = makeReply('confirm', 'draft', 'Xác nhận?', {
      citations: [{ id: 'document', kind: 'document', label: 'QĐ 101/QĐ-UBND' }],
      buttons: [
        { text: 'Có', data: 'có' },
        { text: 'Không', data: 'không' },
      ],
    });
    expect(plainReplyText(reply)).toBe(`Xác nhận?\n\n${CHANNEL_MESSAGES.choicesLabel}: Có / Không\n\n${CHANNEL_MESSAGES.sourcesLabel}: QĐ 101/QĐ-UBND`);
  });

  it('does not repeat choices the text already ends with', () => {
    const buttons = [
      { text: 'Có', data: 'có' },
      { text: 'Không', data: 'không' },
    ];
    expect(plainReplyText(makeReply('handoff', 'requested', 'Chuyển cho tổng đài viên không? Có / Không', { buttons }))).toBe('Chuyển cho tổng đài viên không? Có / Không');
    expect(plainReplyText(makeReply('handoff', 'requested', 'Có chuyển không?', { buttons }))).toBe(`Có chuyển không?\n\n${CHANNEL_MESSAGES.choicesLabel}: Có / Không`);
  });

  it('redacts bot tokens, token parameters and configured secrets', () => {
    const line = 'GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ/getMe access_token=abcdef secret xyz-SECRET-1';
    const redacted = redactSecrets(line, ['xyz-SECRET-1']);
    expect(redacted).not.toContain('AAHdqTcv');
    expect(redacted).not.toContain('abcdef');
    expect(redacted).not.toContain('xyz-SECRET-1');
  });
});

describe('Gateway turns', () => {
  it('answers a burst one turn at a time in arrival order, and measures how long the oldest has waited', async () => {
    // 30 ms of CPU per answer, past the turn budget: the burst waits turn after turn.
    const engine = new BusyEngine(30);
    const gateway = new Gateway({ engine, limits: { ratePerMinute: 100, maxMessageChars: 500 }, logger: new CapturingLogger(), metrics: new Metrics() });
    const burst = Array.from({ length: 5 }, (_, index) => gateway.process(message(`câu ${index}`, { conversationId: `c${index}`, userId: `u${index}` })));
    let longest = 0;
    while (engine.calls.length < 5) {
      longest = Math.max(longest, gateway.backlogMs);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const results = await Promise.all(burst);
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('answered'));
    expect(engine.calls.map((call) => call.text)).toEqual(['câu 0', 'câu 1', 'câu 2', 'câu 3', 'câu 4']);
    expect(longest).toBeGreaterThanOrEqual(60);
    expect(gateway.backlogMs).toBe(0);
  });
});
