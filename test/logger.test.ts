import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';

function capture(): { stream: Writable; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes no phone, ID number, email or name, in fields or in the message', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: 'info', stream });
    logger.info({ reply: 'đầu mối anh Tuấn 0987 654 321', nested: { note: ['CCCD 034095001234', 'a.b@hungyen.gov.vn'] } }, 'gửi cho chị Lan 0912345678');
    const text = lines();
    for (const secret of ['Tuấn', '0987 654 321', '034095001234', 'a.b@hungyen.gov.vn', 'Lan', '0912345678']) expect(text).not.toContain(secret);
    expect(text).toContain('[số điện thoại]');
    expect(JSON.parse(text.trim())).toMatchObject({ msg: 'gửi cho chị [họ tên] [số điện thoại]' });
  });

  it('hides secrets by field name', () => {
    const { stream, lines } = capture();
    createLogger({ level: 'info', stream }).warn({ token: 'abc-123-secret', channel: { apiKey: 'sk-xyz' } }, 'x');
    expect(lines()).not.toContain('abc-123-secret');
    expect(lines()).not.toContain('sk-xyz');
  });
});
