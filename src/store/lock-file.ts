/**
 * A pid lock file for the embedded database: PGlite is single-process, and a second process writing the same
 * directory would corrupt it. The lock is created exclusively (`wx`); a lock whose pid is dead is stale and is
 * taken over.
 */
import fs from 'node:fs';
import { StoreLockedError } from './errors.ts';

/** A lock that is still empty may be a process between creating and writing it; younger than this it counts. */
const EMPTY_LOCK_GRACE_MS = 10_000;

export interface HeldLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export function acquireLock(lockPath: string): HeldLock {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return holdLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'fresh-empty') throw new StoreLockedError(lockPath, null);
    if (holder !== 'garbage' && isAlive(holder)) throw new StoreLockedError(lockPath, holder);
    // Stale: the holder is dead (or the file is unreadable garbage). Remove it and race for it again with `wx`,
    // so of two processes taking over at once only one wins.
    try {
      fs.unlinkSync(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new StoreLockedError(lockPath, null);
}

function readHolder(lockPath: string): number | 'gone' | 'garbage' | 'fresh-empty' {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(lockPath, 'utf8').trim();
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  if (text === '') return Date.now() - mtimeMs < EMPTY_LOCK_GRACE_MS ? 'fresh-empty' : 'garbage';
  const pid = Number(text);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 'garbage';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holdLock(lockPath: string): HeldLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
    } catch {
      // Already gone, or taken over: nothing of ours to remove.
    }
  };
  // 'exit' covers normal exits and process.exit(); a kill leaves a stale lock that the next start takes over.
  process.on('exit', release);
  return { path: lockPath, release };
}
