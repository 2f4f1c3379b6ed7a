/**
 * Citizens' answers through the real engine, the real officials' service and a real store: they reflect confirmed
 * status updates and never unconfirmed or refused ones, and a finished task is not overdue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/types.ts';
import { loadConfig } from '../../src/config.ts';
import { buildSnapshot } from '../../src/knowledge/snapshot.ts';
import { addOfficial } from '../../src/officials/repository.ts';
import { createOfficialsService } from '../../src/officials/service.ts';
import { HashedNgramEmbedder } from '../../src/retrieval/embedder.ts';
import { ensureEmbeddings, pgvectorSearch } from '../../src/retrieval/pgvector.ts';
import { latestStatuses } from '../../src/status/view.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { deployment, engineOver, knowledgeData, reviewedDocuments } from '../support/knowledge.ts';
import { ask, ids } from './support.ts';

const TODAY = '2026-11-28';

for (const { label, open } of engines('engine_status_test')) {
  describe(`status updates in citizens' answers (${label})`, () => {
    let handle: StoreHandle;
    let engine: Engine;
    /** Failures of the vector side (pgvector in the store), which the last test makes happen. */
    const vectorErrors: string[] = [];
    const from = (userId: string, text: string, messageId: string) =>
      engine.handle({ channel: 'telegram', userId, conversationId: `tg-${userId}`, messageId, text, today: TODAY });

    beforeAll(async () => {
      handle = await open();
      // The vector side of search in the store, as with a corpus too large for memory.
      const embedder = new HashedNgramEmbedder();
      const snapshot = await buildSnapshot({
        version: 0,
        documents: reviewedDocuments(),
        ...knowledgeData(),
        embedder,
        vectorSearch: pgvectorSearch(handle.db, embedder.model),
        onVectorError: (error) => vectorErrors.push(String(error)),
      });
      await ensureEmbeddings(handle.db, snapshot.index.documents, embedder);
      const config = loadConfig({});
      const now = new Date(`${TODAY}T03:00:00Z`);
      await addOfficial(handle.db, { channel: 'telegram', userId: '1001', agencyId: 'so-yt', name: 'Cán bộ Sở Y tế', role: 'official', now });
      await addOfficial(handle.db, { channel: 'telegram', userId: '3003', agencyId: 'so-tc', name: 'Cán bộ Sở Tài chính', role: 'official', now });
      engine = engineOver(snapshot, {
        officials: createOfficialsService({ db: handle.db, knowledge: () => snapshot, deployment: deployment(), config: config.officials, clock: { now: () => now } }),
        statuses: () => latestStatuses(handle.db),
      });
    });
    // The last test takes the store down itself.
    let down = false;
    afterAll(() => (down ? undefined : handle?.dispose()));

    it('shows nothing while an update waits for confirmation, and the update once confirmed', async () => {
      const draft = await from('1001', '/capnhat PL1.29 đã trình UBND tỉnh dự thảo, đạt 80%', 'm1');
      expect(draft.outcome).toBe('confirm');
      expect((await ask(engine, 'PL1.29', { today: TODAY })).text).not.toContain('Cập nhật ngày');

      expect((await from('1001', 'có', 'm2')).outcome).toBe('answered');
      const answer = await ask(engine, 'PL1.29', { today: TODAY });
      expect(answer.text).toContain('Cập nhật ngày 28/11/2026 bởi Sở Y tế');
      expect(answer.text).toContain('80%');
    });

    it('reads "nhiệm vụ này" while a draft waits as the drafted task, and leaves the draft waiting', async () => {
      expect((await from('3003', '/capnhat PL1.20 đã trình HĐND tỉnh, đạt 70%', 'm10')).outcome).toBe('confirm');
      const asked = await from('3003', 'cho em hỏi nhiệm vụ này thời hạn là khi nào ạ', 'm11');
      expect(asked.outcome).toBe('answered');
      expect(asked.citations[0]?.id).toBe('PL1.20');
      expect(asked.text).toContain('Tháng 11/2025');
      expect((await from('3003', 'không', 'm12')).text).toMatch(/PL1\.20/u);
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

    it('still answers citizens from the knowledge in memory when the store goes down, and tells officials nothing was stored', async () => {
      expect(vectorErrors).toEqual([]);
      down = true;
      await handle.dispose();

      const answer = await ask(engine, 'ai lam kho du lieu dung chung cua tinh', { today: TODAY });
      expect(answer.outcome).toBe('answered');
      expect(ids(answer)[0]).toBe('PL2.4');
      expect(vectorErrors.length).toBeGreaterThan(0);
      const update = await engine.handle({ channel: 'telegram', userId: '1001', conversationId: 'c', messageId: 'x', text: '/capnhat PL1.29 đạt 90%', today: TODAY });
      expect(update).toMatchObject({ outcome: 'error', reason: 'officials_unavailable' });
      expect(update.text).toContain('CHƯA được lưu');
    });
  });
}
