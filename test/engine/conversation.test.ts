/**
 * Conversation states: one contract run against the in-process memory and the store on every engine; two engine
 * instances on one store read each other's follow-ups; the store keeps no conversation key or personal data in
 * the clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classification } from '../../src/engine/classify.ts';
import { ConversationMemory, databaseConversationStates, type ConversationState, type ConversationStates } from '../../src/engine/conversation.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { ask, ids, realEngine } from './support.ts';

const state = (focus: string[], question = 'ai làm hệ thống camera'): ConversationState => ({
  focus,
  documents: ['doc'],
  classification: readingOf(question),
});

function readingOf(question: string): Classification {
  return {
    intent: 'lookup', fields: ['partners'], agencies: [], codes: [], references: [], groups: [], rowNumbers: [], documents: [], otherPlaces: [],
    places: [], window: null, list: false, count: false, role: null, partnered: null, metaTopic: null, metaTopics: [], phrase: question, query: question, folded: question,
  };
}

function statesContract(label: string, make: (clock: { now: number }) => Promise<ConversationStates>): void {
  describe(`conversation states contract: ${label}`, () => {
    it('gives back the last state of a conversation and nothing for another', async () => {
      const clock = { now: Date.UTC(2026, 11, 2, 3) };
      const states = await make(clock);
      await states.set('web:a', state(['PL1.1']));
      await states.set('web:a', state(['PL2.40', 'PL2.41']));
      expect((await states.get('web:a'))?.focus).toEqual(['PL2.40', 'PL2.41']);
      expect(await states.get('web:b')).toBeNull();
      expect(await states.get('telegram:a')).toBeNull();
    });

    it('forgets a conversation quiet for longer than the time-out', async () => {
      const clock = { now: Date.UTC(2026, 11, 2, 4) };
      const states = await make(clock);
      await states.set('web:quiet', state(['PL1.2']));
      clock.now += 29 * 60_000;
      expect((await states.get('web:quiet'))?.focus).toEqual(['PL1.2']);
      clock.now += 2 * 60_000;
      expect(await states.get('web:quiet')).toBeNull();
    });
  });
}

statesContract('in this process', async (clock) => new ConversationMemory(100, 30 * 60_000, () => clock.now));

for (const engine of engines('conversation')) {
  describe(`conversation states in the store: ${engine.label}`, () => {
    let handle: StoreHandle;
    beforeAll(async () => {
      handle = await engine.open();
    });
    afterAll(async () => {
      await handle?.dispose();
    });
    let run = 0;
    statesContract(engine.label, async (clock) => {
      run += 1;
      const states = databaseConversationStates(handle.db, 30 * 60_000, () => clock.now);
      return { get: (key) => states.get(`${run}:${key}`), set: (key, value) => states.set(`${run}:${key}`, value) };
    });

    it('keeps neither the conversation key nor personal data of the question in the clear', async () => {
      const states = databaseConversationStates(handle.db);
      await states.set('telegram:987654', state(['PL2.40'], 'anh Tuấn 0987 654 321 hỏi về camera'));
      const { rows } = await handle.db.query<{ conversation: string; state: string }>('SELECT conversation, state FROM conversation_states');
      const stored = rows.map((row) => `${row.conversation} ${row.state}`).join('\n');
      expect(stored).not.toContain('987654');
      expect(stored).not.toContain('0987 654 321');
      expect(stored).not.toContain('Tuấn');
      expect((await states.get('telegram:987654'))?.focus).toEqual(['PL2.40']);
    });

    it('lets a follow-up reaching a second instance lean on the question the first one answered', async () => {
      const shared = () => databaseConversationStates(handle.db);
      const first = await realEngine({ conversationStates: shared() });
      const second = await realEngine({ conversationStates: shared() });
      const opened = await ask(first, 'ai lam he thong camera giam sat thong minh', { conversationId: 'two-instances', channel: 'telegram' });
      const followed = await ask(second, 'còn ai phối hợp?', { conversationId: 'two-instances', channel: 'telegram' });
      expect(followed.outcome).toBe('answered');
      expect(ids(followed)).toEqual([ids(opened)[0]]);
    });
  });
}
