import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, webSessions } from '../../src/channels/web-session.ts';

const request = (remoteAddress: string, forwarded?: string) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('web sessions', () => {
  it('verifies what it issued, and what a peer with the same secret issued, and nothing else', () => {
    const one = webSessions('a-shared-secret-of-length');
    const peer = webSessions('a-shared-secret-of-length');
    const other = webSessions('another-secret-entirely!');
    const { id, cookie } = one.issue();
    expect(one.verify(cookie)).toBe(id);
    expect(peer.verify(cookie)).toBe(id);
    expect(other.verify(cookie)).toBeNull();
    expect(one.verify(`${id}.${'A'.repeat(43)}`)).toBeNull();
    expect(one.verify(id)).toBeNull();
    expect(one.verify(undefined)).toBeNull();
    expect(one.verify('.')).toBeNull();
  });
});

describe('clientAddress', () => {
  it('takes the socket address unless it is a trusted proxy', () => {
    expect(clientAddress(request('198.51.100.4', '203.0.113.1'), [])).toBe('198.51.100.4');
    expect(clientAddress(request('::ffff:10.0.0.2', '203.0.113.1, 198.51.100.9'), ['10.0.0.2'])).toBe('198.51.100.9');
  });

  it('skips trusted hops from the right and ignores what is not an address', () => {
    expect(clientAddress(request('10.0.0.2', 'spoofed, 198.51.100.9, 10.0.0.3'), ['10.0.0.2', '10.0.0.3'])).toBe('198.51.100.9');
    expect(clientAddress(request('10.0.0.2', 'not-an-ip'), ['10.0.0.2'])).toBe('10.0.0.2');
  });
});
