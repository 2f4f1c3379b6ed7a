/**
 * The desk service's view of who talks to the desk: a message from anyone else costs no store read, an offer made
 * here shows at once, and one made by another instance on the same store shows after the next refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkingHours } from '../../src/desk/hours.ts';
import { createDeskService } from '../../src/desk/service.ts';
import type { Database } from '../../src/store/database.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment } from '../support/knowledge.ts';

const T0 = new Date('2026-12-02T02:00:00Z');

/** The same database, counting the statements sent through it. */
function counting(db: Database): { db: Database; count: () => number } {
  let statements = 0;
  const wrapped = Object.create(db) as Database;
  wrapped.query = (sql, params) => {
    statements += 1;
    return db.query(sql, params);
  };
  return { db: wrapped, count: () => statements };
}

const [embedded] = engines('desk_service');

describe(`desk service (${embedded!.label})`, () => {
  let store: StoreHandle;
  beforeAll(async () => {
    store = await embedded!.open();
  });
  afterAll(async () => store?.dispose());

  const service = (db: Database) => createDeskService({ db, hours: parseWorkingHours('off'), deployment: deployment(), retentionDays: 30, notify: () => null });

  it('reads nothing from the store for an account that has no desk conversation', async () => {
    const watched = counting(store.db);
    const desk = await service(watched.db);
    const before = watched.count();
    expect(await desk.stateOf('telegram', 'nobody', T0)).toBeNull();
    expect(await desk.stateOf('web', 'session-1', T0)).toBeNull();
    expect(watched.count()).toBe(before);
  });

  it("sees its own offer at once and another instance's after a refresh", async () => {
    const here = await service(store.db);
    const there = await service(store.db);
    expect(await here.offer('telegram', 'citizen-7', [], T0)).toBe(true);
    expect(await here.stateOf('telegram', 'citizen-7', T0)).toMatchObject({ status: 'offered' });
    expect(await there.stateOf('telegram', 'citizen-7', T0)).toBeNull();
    await there.refresh();
    expect(await there.stateOf('telegram', 'citizen-7', T0)).toMatchObject({ status: 'offered' });
  });
});
