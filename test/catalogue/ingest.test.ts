/**
 * The ingest as a whole: seed → knowledge/*.json → store in one transaction, idempotent, and a malformed seed
 * stops it before anything is written.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/catalogue/errors.ts';
import { ensureKnowledge, ingest, readKnowledgeFiles } from '../../src/catalogue/ingest.ts';
import { loadKnowledge } from '../../src/store/knowledge-repository.ts';
import { engines, type StoreHandle } from '../support/databases.ts';

const SEED = new URL('../../seeds/qd-719-2025-hung-yen.txt', import.meta.url).pathname;

function workspace(): { seedsDir: string; knowledgeDir: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'ingest-'));
  const seedsDir = path.join(root, 'seeds');
  const knowledgeDir = path.join(root, 'knowledge');
  mkdirSync(seedsDir);
  copyFileSync(SEED, path.join(seedsDir, 'qd.txt'));
  return { seedsDir, knowledgeDir };
}

for (const { label, open } of engines('ingest_test')) {
  describe(`ingest (${label})`, () => {
    let handle: StoreHandle | undefined;
    afterEach(async () => {
      await handle?.dispose();
      handle = undefined;
    });

    it('writes the same knowledge to files and store, and changes nothing the second time', async () => {
      handle = await open();
      const dirs = workspace();
      const stages: string[] = [];
      const first = await ingest(handle.db, { ...dirs, progress: (stage) => stages.push(stage) });
      expect(first.changed).toBe(true);
      expect(stages).toEqual(expect.arrayContaining(['đọc', 'siêu dữ liệu', 'mục', 'nhiệm vụ', 'ghi', 'kho dữ liệu']));
      const files = readKnowledgeFiles(dirs.knowledgeDir)!;
      expect(files.tasks).toHaveLength(203);
      expect(await loadKnowledge(handle.db)).toEqual(files);
      const tasksJson = readFileSync(path.join(dirs.knowledgeDir, 'tasks.json'), 'utf8');

      const second = await ingest(handle.db, dirs);
      expect(second.changed).toBe(false);
      expect(readFileSync(path.join(dirs.knowledgeDir, 'tasks.json'), 'utf8')).toBe(tasksJson);
    });

    it('fills an empty store from the reviewed knowledge files on first start, without the seed', async () => {
      handle = await open();
      const knowledgeDir = new URL('../../knowledge', import.meta.url).pathname;
      const loaded = await ensureKnowledge(handle.db, { seedsDir: '/nonexistent-seeds', knowledgeDir });
      expect(loaded).toEqual(readKnowledgeFiles(knowledgeDir));
      expect((await loadKnowledge(handle.db))!.tasks).toHaveLength(203);
      expect(await ensureKnowledge(handle.db, { seedsDir: '/nonexistent-seeds', knowledgeDir: '/nonexistent-knowledge' })).toEqual(loaded);
    });

    it('stops on a malformed seed before writing files or touching the store', async () => {
      handle = await open();
      const dirs = workspace();
      await ingest(handle.db, dirs);
      const before = readFileSync(path.join(dirs.knowledgeDir, 'tasks.json'), 'utf8');
      const broken = readFileSync(SEED, 'utf8').replace('| Thời gian hoàn thành |', '| Ghi chú |');
      writeFileSync(path.join(dirs.seedsDir, 'qd.txt'), broken);
      await expect(ingest(handle.db, dirs)).rejects.toThrow(IngestError);
      await expect(ingest(handle.db, dirs)).rejects.toThrow(/qd\.txt:199: không nhận ra cột "Ghi chú"/u);
      expect(readFileSync(path.join(dirs.knowledgeDir, 'tasks.json'), 'utf8')).toBe(before);
      expect((await loadKnowledge(handle.db))!.tasks).toHaveLength(203);
    });
  });
}
