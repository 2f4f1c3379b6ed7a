/**
 * The latest statuses held in memory, so a citizen's answer makes no database round trip: loaded at start,
 * reloaded when the audit trail moved (its last row id, one indexed query), which `refresh` checks — on every write
 * of this instance and on a timer for other instances' writes. Until the first load succeeds, it is empty.
 */
import type { Queryable } from '../store/database.ts';
import { latestStatuses, type StatusMap } from './view.ts';

export interface StatusMemory {
  /** The map as last loaded; never waits for the store. */
  current(): StatusMap;
  /** Reloads when the audit trail changed since the last load; true when it did. */
  refresh(): Promise<boolean>;
}

async function lastUpdateId(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ last: string | number | null }>('SELECT max(id) AS last FROM status_updates');
  return Number(rows[0]?.last ?? 0);
}

export async function createStatusMemory(db: Queryable): Promise<StatusMemory> {
  let map: StatusMap = new Map();
  let loadedAt = -1;
  let running: Promise<boolean> | null = null;
  const reload = async (): Promise<boolean> => {
    const last = await lastUpdateId(db);
    if (last === loadedAt) return false;
    map = await latestStatuses(db);
    loadedAt = last;
    return true;
  };
  const memory: StatusMemory = {
    current: () => map,
    // Concurrent callers share one reload instead of queueing several.
    refresh: () => (running ??= reload().finally(() => (running = null))),
  };
  await memory.refresh();
  return memory;
}
