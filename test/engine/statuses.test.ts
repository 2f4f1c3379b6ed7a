/**
 * Citizens' answers through the real engine, the real officials' service and a real store: they reflect confirmed
 * status updates and never unconfirmed or refused ones, and a finished task is not overdue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalogue } from '../../src/engine/catalogue-query.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { buildKnowledgeIndex } from '../../src/engine/knowledge-index.ts';
import type { Engine } from '../../src/engine/types.ts';
import { loadConfig } from '../../src/config.ts';
import { addOfficial } from '../../src/officials/repository.ts';
import { createOfficialsService } from '../../src/officials/service.ts';
import { createStatusSource } from '../../src/officials/status.ts';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';
import { ensureEmbeddings, pgvectorSearch } from '../../src/retrieval/pgvector.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { ask, ids, knowledge } from './support.ts';

const TODAY = '2026-11-28';

for (const { label, open } of engines('engine_status_test')) {
  describe(`status updates in citizens' answers (${label})`, () => {
    let handle: StoreHandle;
    let engine: Engine;
    const from = (userId: string, text: string, messageId: string) =>
      engine.handle({ channel: 'telegram', userId, conversationId: `tg-${userId}`, messageId, text, today: TODAY });

    beforeAll(async () => {
      handle = await open();
      const k = knowledge();
      const config = loadConfig({});
      const now = new Date(`${TODAY}T03:00:00Z`);
      await addOfficial(handle.db, { channel: 'telegram', userId: '1001', agencyId: 'so-yt', name: 'Cán bộ Sở Y tế', role: 'official', now });
      await addOfficial(handle.db, { channel: 'telegram', userId: '3003', agencyId: 'so-tc', name: 'Cán bộ Sở Tài chính', role: 'official', now });
      engine = createEngine({
        knowledge: k,
        catalogue: buildCatalogue(k),
        index: await buildKnowledgeIndex(k, new HashedNgramEmbedder()),
        officials: createOfficialsService({ db: handle.db, knowledge: k, config: config.officials, clock: { now: () => now } }),
        statuses: createStatusSource(handle.db, k.agencies),
        maxChars: 2000,
      });
    });
    afterAll(() => handle?.dispose());

    it('shows nothing while an update waits for confirmation, and the update once confirmed', async () => {
      const draft = await from('1001', '/capnhat PL1.29 đã trình UBND tỉnh dự thảo, đạt 80%', 'm1');
      expect(draft.outcome).toBe('confirm');
      expect((await ask(engine, 'PL1.29', { today: TODAY })).text).not.toContain('Cập nhật ngày');

      expect((await from('1001', 'có', 'm2')).outcome).toBe('answered');
      const answer = await ask(engine, 'PL1.29', { today: TODAY });
      expect(answer.text).toContain('Cập nhật ngày 28/11/2026 bởi Sở Y tế');
      expect(answer.text).toContain('80%');
    });

    it('ignores refused updates from strangers and from another agency', async () => {
      expect((await from('9999', '/capnhat PL1.29 hoàn thành', 'm3')).outcome).toBe('refused');
      // PL2.40 is led by Công an tỉnh with UBND cấp xã: Sở Tài chính is neither lead nor partner.
      const other = await from('3003', '/capnhat PL2.40 hoàn thành', 'm4');
      expect(other.outcome).toBe('refused');
      expect(other.text).toContain('Công an tỉnh');
      expect((await ask(engine, 'PL1.29', { today: TODAY })).text).not.toMatch(/hoàn thành/u);
      expect((await ask(engine, 'PL2.40', { today: TODAY })).text).not.toContain('Cập nhật ngày');
    });

    it('takes a finished task off the overdue list', async () => {
      expect(ids(await ask(engine, 'Sở Y tế có nhiệm vụ nào quá hạn?', { today: TODAY }))).toContain('PL1.29');
      await from('1001', '/capnhat PL1.29 đã hoàn thành, UBND tỉnh đã phê duyệt đề án', 'm5');
      await from('1001', 'có', 'm6');
      const overdue = await ask(engine, 'Sở Y tế có nhiệm vụ nào quá hạn?', { today: TODAY });
      expect(ids(overdue)).not.toContain('PL1.29');
      expect(ids(overdue)).toContain('PL1.13');
    });
  });
}

describe('a store that goes down', () => {
  it('still answers citizens from the knowledge in memory and tells officials nothing was stored', async () => {
    const handle = await engines('engine_down_test')[0]!.open();
    const k = knowledge();
    const config = loadConfig({});
    const embedder = new HashedNgramEmbedder();
    const errors: string[] = [];
    const index = await buildKnowledgeIndex(k, embedder, pgvectorSearch(handle.db, embedder.model), (error) => errors.push(String(error)));
    await ensureEmbeddings(handle.db, index.documents, embedder);
    const engine = createEngine({
      knowledge: k,
      catalogue: buildCatalogue(k),
      index,
      officials: createOfficialsService({ db: handle.db, knowledge: k, config: config.officials }),
      statuses: createStatusSource(handle.db, k.agencies),
      maxChars: 2000,
    });
    await handle.dispose();

    const answer = await ask(engine, 'ai lam kho du lieu dung chung cua tinh', { today: TODAY });
    expect(answer.outcome).toBe('answered');
    expect(ids(answer)[0]).toBe('PL2.4');
    expect(errors.length).toBeGreaterThan(0);
    const update = await engine.handle({ channel: 'telegram', userId: '1001', conversationId: 'c', messageId: 'x', text: '/capnhat PL1.29 đạt 90%', today: TODAY });
    expect(update.outcome).toBe('error');
    expect(update.text).toContain('CHƯA được lưu');
  });
});
