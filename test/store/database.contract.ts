/**
 * The store contract: one suite, run against every engine (pglite.test.ts, postgres.test.ts). A factory hands
 * out a fresh, empty database; the suite migrates it and checks behaviour that could differ between engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../src/catalogue/types.ts';
import type { Database } from '../../src/store/database.ts';
import {
  loadEmbeddingHashes,
  loadEmbeddings,
  loadKnowledge,
  nearest,
  saveEmbeddings,
  saveKnowledge,
} from '../../src/store/knowledge-repository.ts';
import { migrate } from '../../src/store/migrate.ts';
import { smallKnowledge } from '../fixtures/store-knowledge.ts';

export interface StoreHandle {
  db: Database;
  /** Closes the database and removes whatever the factory created for it. */
  dispose(): Promise<void>;
}

const KNOWLEDGE_TABLES = ['agencies', 'agency_aliases', 'documents', 'embeddings', 'schema_migrations', 'sections', 'tasks'];

export function registerDatabaseContract(label: string, openFresh: () => Promise<StoreHandle>): void {
  describe(`store contract: ${label}`, () => {
    let handle: StoreHandle;
    let db: Database;

    beforeAll(async () => {
      handle = await openFresh();
      db = handle.db;
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it('migrates an empty database, and a second run applies nothing', async () => {
      const first = await migrate(db);
      expect(first.applied).toContain('001_knowledge');
      const second = await migrate(db);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(first.applied);

      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
      );
      expect(tables.rows.map((row) => row.table_name)).toEqual(expect.arrayContaining(KNOWLEDGE_TABLES));
      const extension = await db.query("SELECT extname FROM pg_extension WHERE extname = 'vector'");
      expect(extension.rows).toHaveLength(1);
      const recorded = await db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
      expect(recorded.rows[0]?.n).toBe(first.applied.length);
    });

    it('reports ping true while open', async () => {
      expect(await db.ping()).toBe(true);
    });

    it('returns the same value shapes on every engine', async () => {
      const result = await db.query<{ d: string; n: number; j: unknown; t: Date; v: string; nothing: null }>(
        `SELECT '2025-12-31'::date AS d, count(*) AS n, '{"a":[1,"hai"]}'::jsonb AS j, now() AS t,
                '[1,2.5,-3]'::vector AS v, NULL::text AS nothing
         FROM (VALUES (1), (2)) AS x(i)`,
      );
      expect(result.rows[0]).toEqual({ d: '2025-12-31', n: 2, j: { a: [1, 'hai'] }, t: expect.any(Date), v: '[1,2.5,-3]', nothing: null });
    });

    it('commits a transaction that resolves and rolls back one that throws, leaving nothing', async () => {
      await db.exec('CREATE TABLE contract_scratch (id serial PRIMARY KEY, note text NOT NULL)');
      const committed = await db.transaction(async (tx) => {
        await tx.query('INSERT INTO contract_scratch (note) VALUES ($1)', ['giữ lại']);
        return 'ok';
      });
      expect(committed).toBe('ok');

      const failure = new Error('hủy giao dịch');
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO contract_scratch (note) VALUES ($1)', ['bỏ đi 1']);
          await tx.exec("INSERT INTO contract_scratch (note) VALUES ('bỏ đi 2'); CREATE TABLE contract_gone (x int);");
          throw failure;
        }),
      ).rejects.toBe(failure);

      const notes = await db.query<{ note: string }>('SELECT note FROM contract_scratch ORDER BY id');
      expect(notes.rows.map((row) => row.note)).toEqual(['giữ lại']);
      const gone = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'contract_gone'");
      expect(gone.rows).toHaveLength(0);
    });

    it('rolls back when a statement inside the transaction fails, and the database stays usable', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO contract_scratch (note) VALUES ($1)', ['trước lỗi']);
          await tx.query('INSERT INTO contract_scratch (id, note) VALUES (1, $1)', ['khóa trùng']);
        }),
      ).rejects.toThrow();
      const notes = await db.query<{ note: string }>('SELECT note FROM contract_scratch ORDER BY id');
      expect(notes.rows.map((row) => row.note)).toEqual(['giữ lại']);
    });

    it('does not show uncommitted rows to a query running at the same time', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const didInsert = new Promise<void>((resolve) => (inserted = resolve));
      const transaction = db
        .transaction(async (tx) => {
          await tx.query('INSERT INTO contract_scratch (note) VALUES ($1)', ['chưa cam kết']);
          inserted();
          await held;
          throw new Error('rollback');
        })
        .catch((error: unknown) => error);
      await didInsert;
      const concurrent = db.query<{ n: number }>('SELECT count(*) AS n FROM contract_scratch');
      setTimeout(release, 50);
      expect((await concurrent).rows[0]?.n).toBe(1);
      expect(await transaction).toBeInstanceOf(Error);
    });

    it('stores Vietnamese text and SQL-looking input verbatim through parameters', async () => {
      const inputs = [
        'Sở Khoa học và Công nghệ chủ trì; hạn Tháng 12/2025',
        "'; DROP TABLE contract_scratch; --",
        'Robert"); DELETE FROM documents WHERE (\'1\'=\'1',
        '$1 $$ \\x00 %s ${x} `rm -rf`',
        'Ho\u0300a (NFD) và Hòa (NFC)',
        'Đường 😀 — “ngoặc kép” ‘đơn’',
      ];
      for (const input of inputs) {
        const stored = await db.query<{ id: number }>('INSERT INTO contract_scratch (note) VALUES ($1) RETURNING id', [input]);
        const id = stored.rows[0]?.id;
        const read = await db.query<{ note: string; same: boolean }>(
          'SELECT note, note = $2 AS same FROM contract_scratch WHERE id = $1',
          [id, input],
        );
        expect(read.rows[0]).toEqual({ note: input, same: true });
      }
      const tables = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'contract_scratch'");
      expect(tables.rows).toHaveLength(1);
    });

    describe('knowledge', () => {
      it('loads null before anything was saved', async () => {
        expect(await loadKnowledge(db)).toBeNull();
      });

      it('round-trips the knowledge exactly, order included', async () => {
        const knowledge = smallKnowledge();
        expect(await saveKnowledge(db, knowledge)).toEqual({ changed: true });
        const loaded = await loadKnowledge(db);
        expect(loaded).toStrictEqual(knowledge);
        expect(loaded?.tasks.map((task) => task.id)).toEqual(['PL1.1', 'PL2.3', 'PL2.3a', 'PL2.10', 'PL2.11']);
      });

      it('fills the folded and derived columns', async () => {
        const task = await db.query<{ folded: string; due: string | null; deadline_kind: string }>(
          "SELECT folded, due, deadline_kind FROM tasks WHERE id = 'PL2.3'",
        );
        expect(task.rows[0]).toEqual({
          folded: 'cqs2.1 so hoa ho so thu tuc hanh chinh so hoa 100% ho so thu tuc hanh chinh',
          due: '2030-12-31',
          deadline_kind: 'period',
        });
        const undated = await db.query<{ id: string }>('SELECT id FROM tasks WHERE due IS NULL ORDER BY position');
        expect(undated.rows.map((row) => row.id)).toEqual(['PL2.10', 'PL2.11']);
        const section = await db.query<{ folded: string }>("SELECT folded FROM sections WHERE id = 'I.1.a'");
        expect(section.rows[0]?.folded).toBe('a) den nam 2030, tinh hung yen nam trong nhom dan dau.');
        const alias = await db.query<{ agency_id: string }>(
          'SELECT agency_id FROM agency_aliases WHERE alias_folded = $1 ORDER BY agency_id',
          ['so kh&cn'],
        );
        expect(alias.rows.map((row) => row.agency_id)).toEqual(['so-khcn']);
      });

      it('changes nothing when the same knowledge is saved again', async () => {
        const before = await db.query<{ loaded_at: Date }>('SELECT loaded_at FROM documents');
        expect(await saveKnowledge(db, smallKnowledge())).toEqual({ changed: false });
        const after = await db.query<{ loaded_at: Date }>('SELECT loaded_at FROM documents');
        expect(after.rows).toEqual(before.rows);
      });

      it('saves again when the content changes under the same source hash', async () => {
        const edited = smallKnowledge();
        edited.tasks[0]!.name = 'Tên đã sửa';
        expect(await saveKnowledge(db, edited)).toEqual({ changed: true });
        expect((await loadKnowledge(db))?.tasks[0]?.name).toBe('Tên đã sửa');
        expect(await saveKnowledge(db, smallKnowledge())).toEqual({ changed: true });
      });

      it('keeps the previous knowledge intact when a save fails', async () => {
        const broken: Knowledge = smallKnowledge();
        broken.sourceHash = 'b'.repeat(64);
        broken.tasks.push({ ...broken.tasks[1]!, content: 'bản sao trùng id' });
        await expect(saveKnowledge(db, broken)).rejects.toThrow();
        expect(await loadKnowledge(db)).toStrictEqual(smallKnowledge());
      });

      it('drops the embeddings of items that are gone, keeps the others', async () => {
        await saveEmbeddings(db, [
          { itemKind: 'task', itemId: 'PL2.11', model: 'm', vector: [1, 0], contentHash: 'h1' },
          { itemKind: 'task', itemId: 'PL1.1', model: 'm', vector: [0, 1], contentHash: 'h2' },
          { itemKind: 'note', itemId: 'x', model: 'm', vector: [1, 1], contentHash: 'h3' },
        ]);
        const fewer = smallKnowledge();
        fewer.tasks = fewer.tasks.filter((task) => task.id !== 'PL2.11');
        expect(await saveKnowledge(db, fewer)).toEqual({ changed: true });
        expect([...(await loadEmbeddings(db, 'm')).keys()]).toEqual(['note:x', 'task:PL1.1']);
        await db.query("DELETE FROM embeddings WHERE model = 'm'");
      });
    });

    describe('embeddings', () => {
      it('orders neighbours by cosine distance within one model and dimension', async () => {
        await saveEmbeddings(db, [
          { itemKind: 'task', itemId: 'east', model: 'model-a', vector: [1, 0, 0], contentHash: 'e' },
          { itemKind: 'task', itemId: 'north-east', model: 'model-a', vector: [1, 1, 0], contentHash: 'ne' },
          { itemKind: 'section', itemId: 'north', model: 'model-a', vector: [0, 1, 0], contentHash: 'n' },
          { itemKind: 'task', itemId: 'west', model: 'model-a', vector: [-1, 0, 0], contentHash: 'w' },
          { itemKind: 'task', itemId: 'flat', model: 'model-a', vector: [1, 0], contentHash: 'f' },
          { itemKind: 'task', itemId: 'other-model', model: 'model-b', vector: [1, 0, 0], contentHash: 'o' },
        ]);
        const found = await nearest(db, 'model-a', [2, 0.1, 0], 10);
        expect(found.map((row) => row.itemId)).toEqual(['east', 'north-east', 'north', 'west']);
        expect(found[0]?.distance).toBeCloseTo(1 - 2 / Math.sqrt(4.01), 6);
        expect(found[3]?.distance).toBeGreaterThan(1.9);
        expect(await nearest(db, 'model-a', [2, 0.1, 0], 2)).toHaveLength(2);
        const sections = await nearest(db, 'model-a', [1, 0, 0], 5, { itemKind: 'section' });
        expect(sections).toEqual([{ itemKind: 'section', itemId: 'north', distance: expect.closeTo(1, 6) }]);
      });

      it('replaces a vector on save and reads vectors back as numbers', async () => {
        await saveEmbeddings(db, [{ itemKind: 'task', itemId: 'east', model: 'model-a', vector: [0.25, -0.5, 1e-3], contentHash: 'e2' }]);
        const vectors = await loadEmbeddings(db, 'model-a');
        expect(vectors.get('task:east')).toEqual([0.25, -0.5, 0.001]);
        expect(vectors.get('task:flat')).toEqual([1, 0]);
        const hashes = await loadEmbeddingHashes(db, 'model-a');
        expect(hashes.get('task:east')).toEqual({ contentHash: 'e2', dimensions: 3 });
        expect((await loadEmbeddings(db, 'model-b')).size).toBe(1);
      });

      it('refuses a vector that is not finite', async () => {
        await expect(
          saveEmbeddings(db, [{ itemKind: 'task', itemId: 'bad', model: 'model-a', vector: [1, Number.NaN], contentHash: 'x' }]),
        ).rejects.toThrow(/vector/i);
      });
    });
  });
}
