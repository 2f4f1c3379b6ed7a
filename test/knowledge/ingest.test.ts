/**
 * The ingest service against a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), one database
 * per engine for the whole file, the steps in order: a first start fills the store from the reviewed documents;
 * a file is added beside them, saved again unchanged, replaced when it changes; a second document with the same
 * leading number gets an id of its own; a dry run writes nothing; a document is removed and stays removed; a file
 * in which nothing can be recognised is refused before the store is touched.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDocuments, IngestError, ingestFile, MAX_SOURCE_BYTES, readDocumentFile } from '../../src/knowledge/ingest.ts';
import { listDocuments, loadDocuments, readVersion, removeDocument } from '../../src/store/documents-repository.ts';
import { loadEmbeddings, saveEmbeddings } from '../../src/store/embeddings-repository.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { gazetteer as deploymentGazetteer, REVIEWED_DIR, reviewedDocuments } from './data.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const gazetteer = deploymentGazetteer();
const workspace = mkdtempSync(path.join(tmpdir(), 'ingest-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** A copy of a fixture in the workspace, so a test can change it. */
function copy(fixture: string, name: string): string {
  const file = path.join(workspace, name);
  copyFileSync(path.join(FIXTURES, fixture), file);
  return file;
}

for (const { label, open } of engines('ingest_test')) {
  describe(`ingest (${label})`, () => {
    let handle: StoreHandle;
    let db: StoreHandle['db'];
    const decision = path.join(workspace, `${label}-qd-45.txt`);
    beforeAll(async () => {
      handle = await open();
      db = handle.db;
      copyFileSync(path.join(FIXTURES, 'other-decision.txt'), decision);
    });
    afterAll(async () => {
      await handle?.dispose();
    });

    it('fills an empty store from the reviewed documents on first start, once', async () => {
      expect(await readVersion(db)).toBe(0);
      const first = await ensureDocuments(db, REVIEWED_DIR);
      expect(first.version).toBe(1);
      expect(first.documents).toEqual(reviewedDocuments());
      expect(first.documents[0]!.tasks).toHaveLength(203);
      expect((await listDocuments(db)).map((row) => [row.id, row.sourceName, row.tasks, row.sections])).toEqual([['719', 'knowledge/documents/719', 203, 119]]);
      const again = await ensureDocuments(db, REVIEWED_DIR);
      expect(again.version).toBe(1);
      expect(again.documents).toEqual(first.documents);
    });

    it('adds a document from a file beside the ones there, reporting each stage, and changes nothing the second time', async () => {
      const stages: Array<[string, string]> = [];
      const report = await ingestFile(db, decision, { gazetteer, progress: (stage, detail) => stages.push([stage, detail]) });
      expect(report.outcome).toBe('added');
      expect(report.ms).toBeGreaterThanOrEqual(0);
      expect(report.knowledge).toEqual(readDocumentFile(decision, gazetteer));
      expect(stages.map(([stage]) => stage)).toEqual(['đọc', 'văn bản', 'người ký', 'mục', 'bảng nhiệm vụ', 'cơ quan', 'kho dữ liệu']);
      expect(Object.fromEntries(stages)).toMatchObject({
        'văn bản': expect.stringContaining('Quyết định 45/QĐ-UBND — Ủy ban nhân dân tỉnh Thái Bình, 2025-03-05; mã 45'),
        'người ký': 'Nguyễn Văn A (KT. CHỦ TỊCH)',
        'bảng nhiệm vụ': 'bảng 1: 4 nhiệm vụ',
        'kho dữ liệu': `đã thêm (${db.engine}, phiên bản tri thức 2)`,
      });
      const stored = await loadDocuments(db);
      expect(stored.map((document) => document.id)).toEqual(['719', '45']);
      expect(stored[0]).toEqual(reviewedDocuments()[0]);
      expect(stored[1]).toEqual(report.knowledge);
      expect((await listDocuments(db))[1]).toMatchObject({ id: '45', number: '45/QĐ-UBND', kind: 'Quyết định', sourceName: path.basename(decision), tasks: 4, sections: 8 });

      const again = await ingestFile(db, decision, { gazetteer });
      expect(again.outcome).toBe('unchanged');
      expect(await readVersion(db)).toBe(2);
    });

    it('replaces the document with the same id when its file changes, leaving the others as they are', async () => {
      writeFileSync(decision, readFileSync(decision, 'utf8').replace('| Quý II/2025 |', '| Quý III/2025 |'));
      const stages: string[] = [];
      const report = await ingestFile(db, decision, { gazetteer, progress: (stage, detail) => stages.push(`${stage}: ${detail}`) });
      expect(report.outcome).toBe('replaced');
      expect(stages.at(-1)).toBe(`kho dữ liệu: đã thay văn bản cùng mã (${db.engine}, phiên bản tri thức 3)`);
      const stored = await loadDocuments(db);
      expect(stored.map((document) => document.id).sort()).toEqual(['45', '719']);
      const replaced = stored.find((document) => document.id === '45')!;
      expect(replaced.tasks[0]!.deadline).toEqual({ kind: 'date', text: 'Quý III/2025', due: '2025-09-30', precision: 'month' });
      expect(replaced.sourceHash).toBe(report.knowledge.sourceHash);
      expect(stored.find((document) => document.id === '719')).toEqual(reviewedDocuments()[0]);
    });

    it('gives a second document with the same leading number an id of its own, tasks and sections moved with it', async () => {
      const plan = copy('documents/ke-hoach-mau.html', `${label}-kh-45.html`);
      const report = await ingestFile(db, plan, { gazetteer });
      expect(report.outcome).toBe('added');
      expect(report.knowledge.id).toBe('45-kh');
      expect(report.knowledge.document.number).toBe('45/KH-UBND');
      expect(report.knowledge.tasks.every((task) => task.documentId === '45-kh')).toBe(true);
      expect(report.knowledge.sections.every((section) => section.documentId === '45-kh')).toBe(true);
      expect((await loadDocuments(db)).map((document) => document.id).sort()).toEqual(['45', '45-kh', '719']);
      // Read again, it is the same document under the same id.
      expect(await ingestFile(db, plan, { gazetteer })).toMatchObject({ outcome: 'unchanged', knowledge: { id: '45-kh' } });
      expect(await readVersion(db)).toBe(4);
    });

    it('reads and reports in a dry run, writing nothing', async () => {
      const draft = copy('documents/quyet-dinh-mau.gfm.md', `${label}-qd-128.md`);
      const stages: string[] = [];
      const dry = await ingestFile(db, draft, { gazetteer, dryRun: true, progress: (stage) => stages.push(stage) });
      expect(dry.outcome).toBe('dry_run');
      expect(dry.knowledge.id).toBe('128');
      expect(stages).not.toContain('kho dữ liệu');
      expect(await ingestFile(null, draft, { gazetteer })).toMatchObject({ outcome: 'dry_run', knowledge: { id: '128' } });
      expect(await readVersion(db)).toBe(4);
      expect((await loadDocuments(db)).map((document) => document.id)).not.toContain('128');
    });

    it('refuses a file it cannot read, naming the file and the reason, before the store is touched', async () => {
      const empty = path.join(workspace, `${label}-empty.txt`);
      writeFileSync(empty, '');
      const binary = path.join(workspace, `${label}-binary.txt`);
      writeFileSync(binary, Buffer.from([0x50, 0x4e, 0x00, 0x01, 0x02, 0x00, 0x41]));
      const prose = path.join(workspace, `${label}-prose.txt`);
      writeFileSync(prose, 'Xin chào\nĐây là một đoạn văn bản bình thường không có gì.\nMột dòng nữa.\nVà dòng cuối.\n');
      const huge = path.join(workspace, `${label}-huge.txt`);
      writeFileSync(huge, '');
      truncateSync(huge, MAX_SOURCE_BYTES + 1);
      const cases: Array<[string, RegExp]> = [
        [path.join(workspace, 'khong-co.txt'), /khong-co\.txt: không đọc được tệp \(ENOENT\)/u],
        [workspace, /không đọc được tệp \(EISDIR\)/u],
        [empty, /-empty\.txt: tệp rỗng$/u],
        [binary, /tệp nhị phân/u],
        [prose, /-prose\.txt: không nhận ra văn bản/u],
        [huge, /tệp quá lớn \(25 MB, tối đa 25 MB\)/u],
      ];
      for (const [file, reason] of cases) {
        const attempt = ingestFile(db, file, { gazetteer });
        await expect(attempt, file).rejects.toBeInstanceOf(IngestError);
        await expect(attempt, file).rejects.toThrow(reason);
        const error = (await attempt.catch((caught: unknown) => caught)) as IngestError;
        expect(error.file).toBe(file);
      }
      expect(await readVersion(db)).toBe(4);
    });

    it('removes a document with its vectors, and a later start does not bring the reviewed one back', async () => {
      await saveEmbeddings(db, [
        { itemKind: 'task', itemId: '45:PL.1', model: 'm', vector: [1, 0], contentHash: 'a' },
        { itemKind: 'task', itemId: '45-kh:PL.1', model: 'm', vector: [0, 1], contentHash: 'b' },
        { itemKind: 'task', itemId: '719:PL1.1', model: 'm', vector: [1, 1], contentHash: 'c' },
      ]);
      expect(await removeDocument(db, '719')).toBe(true);
      expect(await removeDocument(db, '45')).toBe(true);
      expect([...(await loadEmbeddings(db, 'm')).keys()]).toEqual(['task:45-kh:PL.1']);
      const later = await ensureDocuments(db, REVIEWED_DIR);
      expect(later.version).toBe(6);
      expect(later.documents.map((document) => document.id)).toEqual(['45-kh']);
      // A file whose number was renamed away from is free again: "45" is its own id once more.
      expect(await ingestFile(db, decision, { gazetteer })).toMatchObject({ outcome: 'added', knowledge: { id: '45' } });
    });
  });
}
