/**
 * The sent journal: one line per delivered reply, appended synchronously the moment its done mark is asked for,
 * before that mark reaches the store. A reply is marked done only after it went out, so between the two a kill -9
 * (the mark still queued behind other statements, or the store restarting) leaves its row unfinished, and whoever
 * resumes the row answers it again. The kernel keeps what a killed process appended; at the next start the
 * journal's keys are marked done in the store before unfinished rows are resumed, and while running it is replayed
 * and emptied every resume round.
 *
 * Several processes may share one file: a line is one small append, and a replay takes the file away by renaming
 * it first, so appends made meanwhile start a new file. A replay that cannot reach the store keeps its file for the
 * next one. The keys are the platforms' update and event ids; no message text is written.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { ChannelName } from '../engine/types.ts';
import type { Inbox } from './inbox.ts';

export interface SentJournal {
  /** Appends `key` as delivered on `channel`; synchronous, so a kill after it returns keeps it. */
  record(channel: ChannelName, key: string): void;
  /** Marks every journalled key done in the store, then forgets them; returns how many keys were replayed. */
  replay(inbox: Inbox, now: Date): Promise<number>;
}

const TAKEN = '.replaying';

export function fileSentJournal(file: string): SentJournal {
  const directory = path.dirname(file);
  const base = path.basename(file);
  return {
    record(channel, key) {
      const line = `${channel}\t${key.replace(/[\t\n]/gu, ' ')}\n`;
      try {
        appendFileSync(file, line);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(directory, { recursive: true });
        appendFileSync(file, line);
      }
    },
    async replay(inbox, now) {
      if (existsSync(file)) renameSync(file, `${file}.${process.pid}.${Date.now()}${TAKEN}`);
      // Files taken by a replay that failed, or by a process killed while replaying, are replayed too.
      const taken = existsSync(directory) ? readdirSync(directory).filter((name) => name.startsWith(`${base}.`) && name.endsWith(TAKEN)) : [];
      let replayed = 0;
      for (const name of taken) {
        const full = path.join(directory, name);
        const keys = new Map<ChannelName, Set<string>>();
        for (const line of readFileSync(full, 'utf8').split('\n')) {
          const [channel, key] = line.split('\t');
          if (!channel || !key) continue;
          const set = keys.get(channel as ChannelName) ?? new Set<string>();
          set.add(key);
          keys.set(channel as ChannelName, set);
        }
        for (const [channel, set] of keys) {
          await inbox.doneAll(channel, [...set], now);
          replayed += set.size;
        }
        unlinkSync(full);
      }
      return replayed;
    },
  };
}

/** `inbox` whose done marks are journalled first (see the module comment). */
export function journaledInbox(inbox: Inbox, journal: SentJournal): Inbox {
  return {
    ...inbox,
    done(channel, key, now) {
      try {
        journal.record(channel, key);
      } catch {
        // The store's mark is the record; a journal that cannot be written only leaves the window open.
      }
      return inbox.done(channel, key, now);
    },
  };
}
