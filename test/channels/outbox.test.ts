import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOutbox, purgeChannelOutbox } from '../../src/channels/outbox.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate, readMigrations } from '../../src/store/migrate.ts';
import { openPgliteMemory } from '../../src/store/pglite.ts';

describe('channel_outbox on the embedded store (migration 010)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteMemory();
    await migrate(db, readMigrations().filter((migration) => migration.version === '010_channel_outbox'));
  });
  afterAll(async () => db?.close());

  it('keeps an undelivered reply with its text and purges it after the retention period', async () => {
    const outbox = databaseOutbox(db);
    await outbox.record({
      channel: 'zalo-oa',
      userId: 'u1',
      conversationId: 'u1',
      messageId: 'm1',
      outcome: 'confirm',
      replyText: 'Cập nhật: PL2.11 → "Đã hoàn thành". Xác nhận?',
      error: 'zalo-oa: message/cs thất bại (failed): error -230',
      failedAt: new Date(Date.now() - 100 * 86_400_000),
    });
    await outbox.record({
      channel: 'telegram',
      userId: 'u2',
      conversationId: 'c2',
      messageId: null,
      outcome: 'answered',
      replyText: 'mới',
      error: 'x',
      failedAt: new Date(),
    });
    const rows = await db.query<{ reply_text: string; channel: string }>('select channel, reply_text from channel_outbox order by id');
    expect(rows.rows).toEqual([
      { channel: 'zalo-oa', reply_text: 'Cập nhật: PL2.11 → "Đã hoàn thành". Xác nhận?' },
      { channel: 'telegram', reply_text: 'mới' },
    ]);
    expect(await purgeChannelOutbox(db, 90)).toBe(1);
    expect((await db.query('select id from channel_outbox')).rows).toHaveLength(1);
  });
});
