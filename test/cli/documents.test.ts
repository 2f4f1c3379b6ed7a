/**
 * `documents list [--json] | remove ID` over a real store: what an operator reads, the exit codes, and that removing
 * one document leaves the others as they are. The repository itself is tested in test/store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.ts';
import { runDocumentsCli } from '../../src/cli/documents.ts';
import type { DocumentKnowledge } from '../../src/documents/types.ts';
import { saveDocument } from '../../src/store/documents-repository.ts';
import { engines, type StoreHandle } from '../support/databases.ts';
import { reviewedDocuments } from '../support/knowledge.ts';

// The real PostgreSQL when configured (it opens much faster than a migrated PGlite), else PGlite.
const { label, open } = engines('cli_documents').at(-1)!;

/** A second document beside the reviewed one: a plan without a number yet, two tasks, no sections. */
function draftPlan(from: DocumentKnowledge): DocumentKnowledge {
  const plan = structuredClone(from);
  plan.id = 'ke-hoach-thu';
  plan.document = { ...plan.document, number: null, type: 'Kế hoạch', title: 'Kế hoạch thử nghiệm (dự thảo)' };
  plan.tasks = plan.tasks.slice(0, 2).map((task) => ({ ...task, documentId: plan.id }));
  plan.sections = [];
  plan.sourceHash = 'draft-plan';
  return plan;
}

describe(`documents CLI (${label})`, () => {
  let store: StoreHandle;
  let reviewed: DocumentKnowledge;
  let out: string[];
  let err: string[];
  const run = (...args: string[]) => runDocumentsCli(args, { db: store.db, out: (text) => out.push(text), err: (text) => err.push(text) });

  beforeAll(async () => {
    store = await open();
    reviewed = reviewedDocuments()[0]!;
  });
  afterAll(async () => store?.dispose());
  beforeEach(async () => {
    await store.db.exec('DELETE FROM documents');
    out = [];
    err = [];
  });

  it('says so when the store has no document', async () => {
    expect(await run('list')).toBe(0);
    expect(out).toEqual(['Kho chưa có văn bản nào (no documents).']);
    expect(await run('list', '--json')).toBe(0);
    expect(JSON.parse(out[1]!)).toEqual([]);
  });

  it('lists each document on one tab-separated line, in load order, and as JSON', async () => {
    await saveDocument(store.db, reviewed, 'ban-goc.txt');
    await saveDocument(store.db, draftPlan(reviewed), 'du-thao.md');
    expect(await run('list')).toBe(0);
    expect(out).toHaveLength(2);
    const [first, second] = out.map((line) => line.split('\t'));
    expect(first!.slice(0, 6)).toEqual([reviewed.id, reviewed.document.number, reviewed.document.type, `${reviewed.tasks.length} nhiệm vụ`, `${reviewed.sections.length} mục`, 'ban-goc.txt']);
    expect(first!.at(-1)).toBe(reviewed.document.title);
    expect(second!.slice(0, 6)).toEqual(['ke-hoach-thu', '(chưa có số)', 'Kế hoạch', '2 nhiệm vụ', '0 mục', 'du-thao.md']);
    expect(second!.at(-1)).toBe('Kế hoạch thử nghiệm (dự thảo)');
    expect(first).toHaveLength(8);
    expect(first![6]).toMatch(/\d{2}\/\d{2}\/\d{4}/);

    out = [];
    expect(await run('list', '--json')).toBe(0);
    const listed = JSON.parse(out[0]!) as Array<{ id: string; number: string | null; tasks: number; sourceName: string }>;
    expect(listed.map(({ id, number, tasks, sourceName }) => ({ id, number, tasks, sourceName }))).toEqual([
      { id: reviewed.id, number: reviewed.document.number, tasks: reviewed.tasks.length, sourceName: 'ban-goc.txt' },
      { id: 'ke-hoach-thu', number: null, tasks: 2, sourceName: 'du-thao.md' },
    ]);
  });

  it('removes one document and keeps the others; an unknown id exits 1 with a message on stderr', async () => {
    await saveDocument(store.db, reviewed, 'ban-goc.txt');
    await saveDocument(store.db, draftPlan(reviewed), 'du-thao.md');
    expect(await run('remove', 'ke-hoach-thu')).toBe(0);
    expect(out).toEqual(['Đã gỡ văn bản ke-hoach-thu; các văn bản khác giữ nguyên.']);
    expect(err).toEqual([]);

    out = [];
    expect(await run('remove', 'ke-hoach-thu')).toBe(1);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('"ke-hoach-thu"');

    out = [];
    await run('list');
    expect(out.map((line) => line.split('\t')[0])).toEqual([reviewed.id]);
  });

  it('answers a missing id or an unknown action with a usage error', async () => {
    await expect(run('remove')).rejects.toBeInstanceOf(UsageError);
    await expect(run('xoa', 'x')).rejects.toBeInstanceOf(UsageError);
    await expect(run()).rejects.toThrow(/documents list/);
  });
});
