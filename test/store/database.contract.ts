/**
 * The store contract: one suite, run against every engine (pglite.test.ts, postgres.test.ts). A factory hands
 * out a fresh, empty database; the suite migrates it and checks behaviour that could differ between engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { listDocuments, loadDocuments, readVersion, removeDocument, saveDocument } from '../../src/store/documents-repository.ts';
import {
  deleteDocumentEmbeddings,
  loadEmbeddingHashes,
  loadEmbeddings,
  nearest,
  saveEmbeddings,
} from '../../src/store/embeddings-repository.ts';
import { migrate, readMigrations } from '../../src/store/migrate.ts';
import { smallDocument, SQL_INJECTION } from '../fixtures/store-knowledge.ts';

export interface StoreHandle {
  db: Database;
  /** Closes the database and removes whatever the factory created for it. */
  dispose(): Promise<void>;
}

const KNOWLEDGE_TABLES = ['documents', 'embeddings', 'knowledge_version', 'schema_migrations'];
/** Tables of the knowledge before migration 012 stored documents whole. */
const DROPPED_TABLES = ['agencies', 'agency_aliases', 'sections', 'tasks'];

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
      expect(first.applied).toEqual(expect.arrayContaining(['001_knowledge', '002_officials', '012_documents']));
      const second = await migrate(db);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toEqual(first.applied);

      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
      );
      const names = tables.rows.map((row) => row.table_name);
      expect(names).toEqual(expect.arrayContaining(KNOWLEDGE_TABLES));
      for (const dropped of DROPPED_TABLES) expect(names).not.toContain(dropped);
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

    describe('documents', () => {
      const otherDocument = () => smallDocument('45', '45/QĐ-UBND');

      it('holds nothing and version 0 before anything was saved', async () => {
        expect(await readVersion(db)).toBe(0);
        expect(await loadDocuments(db)).toEqual([]);
        expect(await listDocuments(db)).toEqual([]);
      });

      it('adds a document and gives it back exactly, order and odd strings included', async () => {
        const document = smallDocument();
        expect(await saveDocument(db, document, 'qd-719.txt')).toEqual({ outcome: 'added', version: 1 });
        const [loaded, ...rest] = await loadDocuments(db);
        expect(rest).toEqual([]);
        expect(loaded).toStrictEqual(document);
        expect(loaded!.tasks.map((task) => task.id)).toEqual(['PL1.1', 'PL2.3', 'PL2.3a', 'PL2.10', 'PL2.11']);
        expect(loaded!.sections.map((section) => section.id)).toEqual(['Dieu.1', 'I.1.a', 'II.A.5.2.b', 'II.A.10']);
        expect(loaded!.tasks[2]!.content).toBe(SQL_INJECTION);
        expect(await readVersion(db)).toBe(1);
      });

      it('lists what is stored with its counts and source', async () => {
        const [listed] = await listDocuments(db);
        expect(listed).toEqual({
          id: '719',
          number: '719/QĐ-UBND',
          kind: 'Quyết định',
          title: smallDocument().document.title,
          sourceName: 'qd-719.txt',
          sourceHash: 'a'.repeat(64),
          loadedAt: expect.any(Date),
          tasks: 5,
          sections: 4,
        });
      });

      it('writes nothing when the same knowledge is saved again, whatever the order of its keys', async () => {
        const before = await db.query<{ loaded_at: Date }>('SELECT loaded_at FROM documents');
        expect(await saveDocument(db, smallDocument(), 'qd-719.txt')).toEqual({ outcome: 'unchanged', version: 1 });
        const reversed = JSON.parse(JSON.stringify(smallDocument()), (_key, value: unknown) =>
          value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
        );
        expect(Object.keys(reversed)[0]).toBe('sourceHash');
        expect(await saveDocument(db, reversed, 'other-name.txt')).toEqual({ outcome: 'unchanged', version: 1 });
        expect((await db.query<{ loaded_at: Date }>('SELECT loaded_at FROM documents')).rows).toEqual(before.rows);
        expect((await listDocuments(db))[0]!.sourceName).toBe('qd-719.txt');
      });

      it('replaces the document with the same id when its content changes under the same source hash', async () => {
        const edited = smallDocument();
        edited.tasks[0]!.name = 'Tên đã sửa';
        expect(await saveDocument(db, edited, 'qd-719-v2.txt')).toEqual({ outcome: 'replaced', version: 2 });
        const loaded = await loadDocuments(db);
        expect(loaded).toHaveLength(1);
        expect(loaded[0]!.tasks[0]!.name).toBe('Tên đã sửa');
        expect((await listDocuments(db))[0]!.sourceName).toBe('qd-719-v2.txt');
        expect(await saveDocument(db, smallDocument(), 'qd-719.txt')).toEqual({ outcome: 'replaced', version: 3 });
      });

      it('adds a second document beside the first without touching it', async () => {
        expect(await saveDocument(db, otherDocument(), 'qd-45.txt')).toEqual({ outcome: 'added', version: 4 });
        expect(await loadDocuments(db)).toStrictEqual([smallDocument(), otherDocument()]);
        expect((await listDocuments(db)).map((row) => [row.id, row.number])).toEqual([
          ['719', '719/QĐ-UBND'],
          ['45', '45/QĐ-UBND'],
        ]);
      });

      it('keeps the documents in the order they were first loaded when one is replaced', async () => {
        const edited = smallDocument();
        edited.warnings = [];
        expect((await saveDocument(db, edited, 'qd-719.txt')).outcome).toBe('replaced');
        const loaded = (await loadDocuments(db)).map((document) => document.id);
        const listed = (await listDocuments(db)).map((row) => row.id);
        expect((await saveDocument(db, smallDocument(), 'qd-719.txt')).outcome).toBe('replaced');
        // loadDocuments promises "the order they were first loaded": replacing 719 must not move it after 45.
        expect(loaded).toEqual(['719', '45']);
        expect(listed).toEqual(['719', '45']);
      });

      it('keeps every stored document and the version intact when a save fails', async () => {
        const version = await readVersion(db);
        // Another id with a number already stored: the unique number index refuses it inside the transaction.
        const clash = smallDocument('719-copy', '719/QĐ-UBND');
        await expect(saveDocument(db, clash, 'copy.txt')).rejects.toThrow();
        expect(await readVersion(db)).toBe(version);
        expect((await loadDocuments(db)).map((document) => document.id).sort()).toEqual(['45', '719']);
        expect(await loadDocuments(db)).toContainEqual(smallDocument());
      });

      it('stores a draft printed without a number', async () => {
        const draft = smallDocument('kh-lam-dong-2026', null);
        expect((await saveDocument(db, draft, 'draft.docx')).outcome).toBe('added');
        expect((await listDocuments(db)).find((row) => row.id === 'kh-lam-dong-2026')!.number).toBeNull();
        expect(await removeDocument(db, 'kh-lam-dong-2026')).toBe(true);
      });

      it('removes a document with its own vectors only, and bumps the version', async () => {
        await saveEmbeddings(db, [
          { itemKind: 'task', itemId: '719:PL2.11', model: 'm', vector: [1, 0], contentHash: 'h1' },
          { itemKind: 'section', itemId: '719:I.1.a', model: 'm', vector: [0, 1], contentHash: 'h2' },
          { itemKind: 'task', itemId: '45:PL2.11', model: 'm', vector: [1, 1], contentHash: 'h3' },
          { itemKind: 'task', itemId: '4:PL1.1', model: 'm', vector: [1, 1], contentHash: 'h4' },
          { itemKind: 'task', itemId: '45-kh:PL1.1', model: 'm2', vector: [1, 1], contentHash: 'h5' },
        ]);
        const version = await readVersion(db);
        expect(await removeDocument(db, '45')).toBe(true);
        expect(await readVersion(db)).toBe(version + 1);
        expect((await loadDocuments(db)).map((document) => document.id)).toEqual(['719']);
        expect([...(await loadEmbeddings(db, 'm')).keys()]).toEqual(['section:719:I.1.a', 'task:4:PL1.1', 'task:719:PL2.11']);
        expect([...(await loadEmbeddings(db, 'm2')).keys()]).toEqual(['task:45-kh:PL1.1']);

        expect(await removeDocument(db, '45')).toBe(false);
        expect(await readVersion(db)).toBe(version + 1);
      });

      it('drops one document\'s vectors by its id prefix, every model', async () => {
        await saveEmbeddings(db, [{ itemKind: 'task', itemId: '719:PL2.11', model: 'm2', vector: [1, 0], contentHash: 'h6' }]);
        await deleteDocumentEmbeddings(db, '719');
        expect([...(await loadEmbeddings(db, 'm')).keys()]).toEqual(['task:4:PL1.1']);
        expect([...(await loadEmbeddings(db, 'm2')).keys()]).toEqual(['task:45-kh:PL1.1']);
        await db.query("DELETE FROM embeddings WHERE model IN ('m', 'm2')");
      });
    });

    describe('embeddings', () => {
      it('orders neighbours by cosine distance within one model and dimension', async () => {
        await saveEmbeddings(db, [
          { itemKind: 'task', itemId: '1:east', model: 'model-a', vector: [1, 0, 0], contentHash: 'e' },
          { itemKind: 'task', itemId: '1:north-east', model: 'model-a', vector: [1, 1, 0], contentHash: 'ne' },
          { itemKind: 'section', itemId: '1:north', model: 'model-a', vector: [0, 1, 0], contentHash: 'n' },
          { itemKind: 'task', itemId: '1:west', model: 'model-a', vector: [-1, 0, 0], contentHash: 'w' },
          { itemKind: 'task', itemId: '1:flat', model: 'model-a', vector: [1, 0], contentHash: 'f' },
          { itemKind: 'task', itemId: '1:other-model', model: 'model-b', vector: [1, 0, 0], contentHash: 'o' },
        ]);
        const found = await nearest(db, 'model-a', [2, 0.1, 0], 10);
        expect(found.map((row) => row.itemId)).toEqual(['1:east', '1:north-east', '1:north', '1:west']);
        expect(found[0]?.distance).toBeCloseTo(1 - 2 / Math.sqrt(4.01), 6);
        expect(found[3]?.distance).toBeGreaterThan(1.9);
        expect(await nearest(db, 'model-a', [2, 0.1, 0], 2)).toHaveLength(2);
        const sections = await nearest(db, 'model-a', [1, 0, 0], 5, { itemKind: 'section' });
        expect(sections).toEqual([{ itemKind: 'section', itemId: '1:north', distance: expect.closeTo(1, 6) }]);
      });

      it('replaces a vector on save, keeps the last of a key saved twice, and reads vectors back as numbers', async () => {
        await saveEmbeddings(db, [
          { itemKind: 'task', itemId: '1:east', model: 'model-a', vector: [9, 9, 9], contentHash: 'stale' },
          { itemKind: 'task', itemId: '1:east', model: 'model-a', vector: [0.25, -0.5, 1e-3], contentHash: 'e2' },
        ]);
        const vectors = await loadEmbeddings(db, 'model-a');
        expect(vectors.get('task:1:east')).toEqual([0.25, -0.5, 0.001]);
        expect(vectors.get('task:1:flat')).toEqual([1, 0]);
        const hashes = await loadEmbeddingHashes(db, 'model-a');
        expect(hashes.get('task:1:east')).toEqual({ contentHash: 'e2', dimensions: 3 });
        expect(hashes.get('task:1:flat')).toEqual({ contentHash: 'f', dimensions: 2 });
        expect((await loadEmbeddings(db, 'model-b')).size).toBe(1);
        await saveEmbeddings(db, []);
      });

      it('refuses a vector that is not finite and stores nothing of that batch', async () => {
        await expect(
          saveEmbeddings(db, [
            { itemKind: 'task', itemId: '1:good', model: 'model-a', vector: [1, 1], contentHash: 'g' },
            { itemKind: 'task', itemId: '1:bad', model: 'model-a', vector: [1, Number.NaN], contentHash: 'x' },
          ]),
        ).rejects.toThrow(/vector/i);
        expect((await loadEmbeddings(db, 'model-a')).has('task:1:good')).toBe(false);
      });
    });
  });
}

/**
 * Migration 012 on a store that held the single-document knowledge: the audit trail, reminders and drafts named
 * tasks by bare id; they are qualified by the one stored document (`719:PL2.11`), the old tables are dropped and
 * the knowledge starts again at version 0 (the reviewed documents are loaded on the next start).
 */
export function registerUpgradeContract(label: string, openFresh: () => Promise<StoreHandle>): void {
  describe(`migration 012 on a store of one document: ${label}`, () => {
    let handle: StoreHandle;
    beforeAll(async () => {
      handle = await openFresh();
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it('qualifies the task ids of status updates, reminders and drafts by the stored document', async () => {
      const db = handle.db;
      const before = readMigrations().filter((migration) => migration.version < '012');
      expect((await migrate(db, before)).applied).toEqual(before.map((migration) => migration.version));
      await db.exec(`
        INSERT INTO documents (id, number, type, issuer, issued_on, signer, title, source_hash, content_hash)
          VALUES ('719', '719/QĐ-UBND', 'Quyết định', 'Ủy ban nhân dân tỉnh Hưng Yên', '2025-08-27', 'Phạm Văn Nghiêm', 'Quyết định 719', 'a', 'b');
        INSERT INTO officials (channel, user_id, agency_id, name, role) VALUES ('telegram', 'u1', 'so-khcn', 'Cán bộ', 'official');
        INSERT INTO status_updates (task_id, agency_id, official_id, channel, kind, status, raw_message, created_at)
          VALUES ('PL2.11', 'so-khcn', 1, 'telegram', 'status', 'hoan_thanh', '/capnhat PL2.11 xong', now()),
                 ('719:PL1.1', 'so-khcn', 1, 'telegram', 'comment', NULL, 'ghi chú', now());
        INSERT INTO reminders_sent (kind, task_id, agency_id, official_id, period_key, sent_at)
          VALUES ('due', 'PL2.3a', 'so-khcn', 1, '2025-12-31', now()), ('digest', '', 'so-khcn', 1, '2025-12-01', now());
        INSERT INTO pending_updates (channel, user_id, official_id, draft, created_at, updated_at)
          VALUES ('telegram', 'u1', 1, '{"taskId": "PL1.29", "status": "dang_trien_khai"}', now(), now());
        INSERT INTO embeddings (item_kind, item_id, model, dimensions, embedding, content_hash) VALUES ('task', 'PL2.11', 'm', 2, '[1,0]', 'h');
      `);

      const outcome = await migrate(db);
      expect(outcome.applied).toEqual(expect.arrayContaining(['012_documents']));
      const updates = await db.query<{ task_id: string }>('SELECT task_id FROM status_updates ORDER BY id');
      expect(updates.rows.map((row) => row.task_id)).toEqual(['719:PL2.11', '719:PL1.1']);
      const reminders = await db.query<{ task_id: string }>('SELECT task_id FROM reminders_sent ORDER BY id');
      expect(reminders.rows.map((row) => row.task_id)).toEqual(['719:PL2.3a', '']);
      const drafts = await db.query<{ draft: { taskId: string; status: string } }>('SELECT draft FROM pending_updates');
      expect(drafts.rows[0]!.draft).toEqual({ taskId: '719:PL1.29', status: 'dang_trien_khai' });

      expect(await readVersion(db)).toBe(0);
      expect(await loadDocuments(db)).toEqual([]);
      expect((await db.query('SELECT 1 FROM embeddings')).rows).toEqual([]);
      const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`);
      for (const dropped of DROPPED_TABLES) expect(tables.rows.map((row) => row.table_name)).not.toContain(dropped);
      expect(await saveDocument(db, smallDocument(), 'qd.txt')).toEqual({ outcome: 'added', version: 1 });
    });
  });
}
