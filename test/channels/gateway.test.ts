import { describe, expect, it } from 'vitest';
import type { Engine, IncomingMessage, Reply } from '../../src/engine/types.ts';
import { Gateway, RecentIds, SlidingWindowLimiter } from '../../src/channels/gateway.ts';
import { Metrics } from '../../src/channels/metrics.ts';
import { redactSecrets, splitText } from '../../src/channels/text.ts';
import { CapturingLogger } from './support.ts';

const message = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  channel: 'telegram',
  userId: 'u1',
  conversationId: 'c1',
  messageId: null,
  text,
  ...extra,
});

describe('SlidingWindowLimiter', () => {
  it('allows N per rolling minute and frees a slot exactly when the oldest hit leaves the window', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([null, null]);
    now = 20_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(40);
    expect(limiter.take('b')).toBeNull();
    now = 60_001;
    expect([limiter.take('a'), limiter.take('a')]).toEqual([null, null]);
    expect(limiter.take('a')).toBe(20);
  });
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
        return { text: incoming.text, citations: [], outcome: 'answered', refused: false, intent: 'x' } satisfies Reply;
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
          release = () => resolve({ text: 'xong', citations: [], outcome: 'answered', refused: false, intent: 'x' });
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

describe('text helpers', () => {
  it('splits at lines, then spaces, then hard, never above the limit', () => {
    expect(splitText('abc\ndef', 5)).toEqual(['abc', 'def']);
    expect(splitText('xin chào các bạn', 9)).toEqual(['xin chào', 'các bạn']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitText('😀😀😀', 3).every((part) => !/[\uD800-\uDBFF]$/.test(part))).toBe(true);
    expect(splitText('', 10)).toEqual(['']);
  });

  it('redacts bot tokens, token parameters and configured secrets', () => {
    const line = 'GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ/getMe access_token=abcdef secret xyz-SECRET-1';
    const redacted = redactSecrets(line, ['xyz-SECRET-1']);
    expect(redacted).not.toContain('AAHdqTcv');
    expect(redacted).not.toContain('abcdef');
    expect(redacted).not.toContain('xyz-SECRET-1');
  });
});
