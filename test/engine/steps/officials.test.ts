/** The officials' step: a store that cannot be reached for a moment delays an official's command instead of failing it. */
import { describe, expect, it } from 'vitest';
import { ANSWER_MESSAGES } from '../../../src/engine/messages.ts';
import { makeReply } from '../../../src/engine/outcomes.ts';
import { isStoreUnreachable } from '../../../src/store/errors.ts';
import { ask, realEngine } from '../support.ts';

const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('officials step', () => {
  it('tells an unreachable store from a failed statement', () => {
    expect(isStoreUnreachable(unreachable())).toBe(true);
    expect(isStoreUnreachable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isStoreUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnreachable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isStoreUnreachable('ECONNREFUSED')).toBe(false);
  });

  it('tries again while the store restarts, so a confirmation is stored rather than refused', async () => {
    let failures = 2;
    const stored = makeReply('answered', 'officials', 'Đã lưu cập nhật cho nhiệm vụ PL1.29.');
    const engine = await realEngine({
      officials: {
        async handle() {
          if (failures-- > 0) throw unreachable();
          return stored;
        },
      },
    });
    const reply = await ask(engine, 'có', { channel: 'telegram' });
    expect(reply.text).toBe(stored.text);
    expect(failures).toBe(-1);
  });

  it('does not retry a failure that is not the store being unreachable', async () => {
    let calls = 0;
    const engine = await realEngine({
      officials: {
        async handle() {
          calls += 1;
          throw new Error('bug');
        },
      },
    });
    const reply = await ask(engine, 'có', { channel: 'telegram' });
    expect(reply.text).toBe(ANSWER_MESSAGES.officialsUnavailable);
    expect(calls).toBe(1);
  });

  it('answers a citizen question from memory at once instead of waiting for the store', async () => {
    let calls = 0;
    const engine = await realEngine({
      officials: {
        async handle() {
          calls += 1;
          throw unreachable();
        },
      },
    });
    const reply = await ask(engine, 'ai chủ trì xây dựng kho dữ liệu dùng chung?', { channel: 'telegram' });
    expect(reply.outcome).toBe('answered');
    expect(calls).toBe(1);
  });
});
