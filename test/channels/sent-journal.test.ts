/**
 * The sent journal (src/channels/sent-journal.ts) on every engine: a delivered reply's key is on disk before its
 * done mark reaches the store, so a restart that replays the journal does not answer the message again.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseInbox, DurableIntake, type Inbox } from '../../src/channels/inbox.ts';
import { fileSentJournal, journaledInbox } from '../../src/channels/sent-journal.ts';
import { engines, storeForEach } from '../support/databases.ts';
import { CapturingLogger } from './support.ts';

/** An inbox whose store is down: every statement fails as a restarting PostgreSQL's would. */
function storeDown(inbox: Inbox): Inbox {
  const refuse = async (): Promise<never> => {
    throw new Error('the database system is starting up');
  };
  return { ...inbox, done: refuse, doneAll: refuse, renew: refuse };
}

for (const engine of engines('sent_journal')) {
  describe(`sent journal: ${engine.label}`, () => {
    const store = storeForEach(engine, ['channel_inbox']);
    let inbox: Inbox;
    let directory: string;
    let file: string;
    const now = new Date('2026-12-02T03:00:00Z');

    beforeAll(() => {
      inbox = databaseInbox(store().db);
    });
    beforeEach(() => {
      directory = mkdtempSync(path.join(os.tmpdir(), 'sent-journal-'));
      file = path.join(directory, 'nested', 'sent-journal');
    });
    afterEach(() => {
      rmSync(directory, { recursive: true, force: true });
    });

    const unfinished = async () => (await inbox.claimUnfinished('telegram', 0, new Date(now.getTime() + 60_000))).map((entry) => entry.key);

    it('writes the key before the store answers, and a replay marks it done and forgets it', async () => {
      await inbox.accept('telegram', '7001', { text: 'câu hỏi' }, now);
      const journal = fileSentJournal(file);
      await expect(journaledInbox(storeDown(inbox), journal).done('telegram', '7001', now)).rejects.toThrow('starting up');
      expect(readFileSync(file, 'utf8')).toBe('telegram\t7001\n');
      expect(await journal.replay(inbox, now)).toBe(1);
      expect(await unfinished()).toEqual([]);
      expect(readdirSync(path.dirname(file))).toEqual([]);
      expect(await journal.replay(inbox, now)).toBe(0);
    });

    it('keeps what it could not replay for the next replay', async () => {
      await inbox.accept('telegram', '7002', { text: 'câu hỏi' }, now);
      const journal = fileSentJournal(file);
      journal.record('telegram', '7002');
      await expect(journal.replay(storeDown(inbox), now)).rejects.toThrow('starting up');
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(path.dirname(file))).toHaveLength(1);
      expect(await journal.replay(inbox, now)).toBe(1);
      expect(await unfinished()).toEqual([]);
    });

    it('is shared by several processes writing one file, and writes one line per key whatever it holds', async () => {
      for (const key of ['7003', '7004', 'a\tb\nc']) await inbox.accept('telegram', key.replace(/[\t\n]/gu, ' '), { text: 'x' }, now);
      const first = fileSentJournal(file);
      const second = fileSentJournal(file);
      first.record('telegram', '7003');
      second.record('telegram', '7004');
      first.record('telegram', 'a\tb\nc');
      expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
      expect(await second.replay(inbox, now)).toBe(3);
      expect(await unfinished()).toEqual([]);
    });

    it('spares a reply sent while the store restarted from being sent again after a kill', async () => {
      const journal = fileSentJournal(file);
      let sent = 0;
      const logger = new CapturingLogger();
      const options = { channel: 'telegram' as const, process: async () => void (sent += 1), logger, now: () => now };
      await inbox.accept('telegram', '7005', { text: 'câu hỏi' }, now);
      // The reply goes out; its done mark meets a restarting store and the process is killed while it retries.
      const dying = new DurableIntake({ ...options, inbox: journaledInbox(storeDown(inbox), journal) });
      void dying.run('7005', { text: 'câu hỏi' }, now);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sent).toBe(1);
      // The next start replays the journal before it resumes what is unfinished.
      const restarted = new DurableIntake({ ...options, inbox: journaledInbox(inbox, journal) });
      await journal.replay(inbox, now);
      expect(await restarted.resume(0)).toBe(0);
      expect(sent).toBe(1);
    });
  });
}
