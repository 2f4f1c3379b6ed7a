/**
 * The reply cache alone (entries filed under the objects they were read from, bounded, least recently used out),
 * and through the real engine: a question asked again outside a conversation gets the same decision, a status
 * update, another day or a conversation's state is never answered from an older entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ConversationMemory } from '../../src/engine/conversation.ts';
import { ReplyCache, type CachedDecision } from '../../src/engine/reply-cache.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { StatusMap } from '../../src/status/view.ts';
import { ask, FINISHED_PL1_11, ids, realEngine } from './support.ts';

const decision = (text: string): CachedDecision => ({
  stopped: undefined,
  reply: { text, citations: [], outcome: 'answered', reason: 'task', refused: false },
  classification: null,
});

describe('ReplyCache', () => {
  it('gives back a decision for the same text, day and inputs only', () => {
    const cache = new ReplyCache(10);
    const inputs = [{}, {}];
    cache.set('ai chủ trì', '2026-11-28', inputs, decision('một'));
    expect(cache.get('ai chủ trì', '2026-11-28', [...inputs])?.reply?.text).toBe('một');
    expect(cache.get('ai chủ trì', '2026-11-29', inputs)).toBeUndefined();
    expect(cache.get('ai phối hợp', '2026-11-28', inputs)).toBeUndefined();
    expect(cache.get('ai chủ trì', '2026-11-28', [inputs[0], {}])).toBeUndefined();
  });

  it('drops every entry once a decision of other inputs is kept', () => {
    const cache = new ReplyCache(10);
    const before = [{}];
    const after = [{}];
    cache.set('a', '2026-11-28', before, decision('a'));
    cache.set('b', '2026-11-28', before, decision('b'));
    cache.set('c', '2026-11-28', after, decision('c'));
    expect(cache.size).toBe(1);
    expect(cache.get('a', '2026-11-28', before)).toBeUndefined();
    expect(cache.get('c', '2026-11-28', after)?.reply?.text).toBe('c');
  });

  it('keeps at most its capacity, forgetting the least recently used', () => {
    const cache = new ReplyCache(2);
    const inputs = [{}];
    cache.set('a', 'd', inputs, decision('a'));
    cache.set('b', 'd', inputs, decision('b'));
    expect(cache.get('a', 'd', inputs)).toBeDefined();
    cache.set('c', 'd', inputs, decision('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('b', 'd', inputs)).toBeUndefined();
    expect(cache.get('a', 'd', inputs)).toBeDefined();
    expect(cache.get('c', 'd', inputs)).toBeDefined();
  });

  it('keeps nothing with a capacity of 0', () => {
    const cache = new ReplyCache(0);
    cache.set('a', 'd', [], decision('a'));
    expect(cache.get('a', 'd', [])).toBeUndefined();
  });
});

const FINISHED = FINISHED_PL1_11;

describe('the engine with a reply cache', () => {
  let memory: ConversationMemory;
  let statuses: StatusMap;
  let cached: Engine;
  let uncached: Engine;
  beforeAll(async () => {
    memory = new ConversationMemory();
    statuses = new Map();
    cached = await realEngine({ memory, replyCacheSize: 100, statuses: async () => statuses });
    uncached = await realEngine({ statuses: async () => statuses });
  });

  it('answers a question asked again outside a conversation with the decision kept the first time', async () => {
    const first = await ask(cached, 'Ai chủ trì xây dựng kênh Zalo chính quyền điện tử?', { conversationId: 'cache-1' });
    const second = await ask(cached, 'Ai chủ trì xây dựng kênh Zalo chính quyền điện tử?', { conversationId: 'cache-2' });
    expect(second).toEqual(first);
    expect(second).toEqual(await ask(uncached, 'Ai chủ trì xây dựng kênh Zalo chính quyền điện tử?'));
    // Both conversations carry the very classification kept, not one read again.
    const one = await memory.get('cli:cache-1');
    const two = await memory.get('cli:cache-2');
    expect(one?.classification).toBeDefined();
    expect(two?.classification).toBe(one?.classification);
  });

  it('answers anew once the statuses are another map, and on another day', async () => {
    const question = 'Sở KH&CN còn gì quá hạn?';
    expect(ids(await ask(cached, question, { today: '2026-11-28' })).sort()).toEqual(['PL1.10', 'PL1.11', 'PL1.22']);
    statuses = new Map([['719:PL1.11', [FINISHED]]]);
    expect(ids(await ask(cached, question, { today: '2026-11-28' })).sort()).toEqual(['PL1.10', 'PL1.22']);
    expect(ids(await ask(cached, question, { today: '2024-01-01' }))).toEqual(await ask(uncached, question, { today: '2024-01-01' }).then(ids));
    statuses = new Map();
  });

  it('reads a follow-up in its conversation, whatever was kept for the same words elsewhere', async () => {
    const alone = await ask(cached, 'nguồn vốn?', { conversationId: 'alone' });
    await ask(cached, 'PL2.11', { conversationId: 'talk' });
    const followUp = await ask(cached, 'nguồn vốn?', { conversationId: 'talk' });
    expect(ids(followUp)).toEqual(['PL2.11']);
    expect(ids(alone)).not.toEqual(['PL2.11']);
    await ask(uncached, 'PL2.11', { conversationId: 'talk' });
    expect(followUp).toEqual(await ask(uncached, 'nguồn vốn?', { conversationId: 'talk' }));
  });
});
