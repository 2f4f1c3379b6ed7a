/** The reviewed knowledge files: one directory per document, split into files a reviewer reads as a diff. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReviewedDocuments, REVIEWED_FILES, writeReviewedDocument } from '../../src/knowledge/files.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';
import { reviewedDocuments } from './data.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'reviewed-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('reviewed knowledge files', () => {
  it('writes a document into its own directory and reads it back equal', () => {
    const dir = tempDir();
    const [decision] = reviewedDocuments();
    const written = writeReviewedDocument(dir, decision!);
    expect(written).toBe(path.join(dir, '719'));
    expect(readdirSync(written).sort()).toEqual(Object.values(REVIEWED_FILES).sort());
    expect(readReviewedDocuments(dir)).toEqual([decision]);
  });

  it('splits the knowledge: the metadata file holds no sections, tables, tasks, agencies or indicators', () => {
    const dir = tempDir();
    writeReviewedDocument(dir, smallDocument());
    const read = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, '719', name), 'utf8'));
    expect(Object.keys(read(REVIEWED_FILES.document) as object).sort()).toEqual(['document', 'format', 'id', 'sourceHash', 'warnings']);
    expect(read(REVIEWED_FILES.tasks)).toEqual(smallDocument().tasks);
    expect(read(REVIEWED_FILES.sections)).toEqual(smallDocument().sections);
    expect(read(REVIEWED_FILES.indicators)).toEqual(smallDocument().indicators);
    // Pretty-printed, one newline at the end, nothing left over from the atomic write.
    const text = readFileSync(path.join(dir, '719', REVIEWED_FILES.tasks), 'utf8');
    expect(text.startsWith('[\n  {\n    "documentId": "719"')).toBe(true);
    expect(text.endsWith(']\n')).toBe(true);
    expect(readdirSync(path.join(dir, '719')).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('writes the same bytes for the same knowledge, and overwrites a changed one', () => {
    const dir = tempDir();
    writeReviewedDocument(dir, smallDocument());
    const before = readFileSync(path.join(dir, '719', REVIEWED_FILES.tasks));
    writeReviewedDocument(dir, smallDocument());
    expect(readFileSync(path.join(dir, '719', REVIEWED_FILES.tasks)).equals(before)).toBe(true);
    const changed = smallDocument();
    changed.tasks.pop();
    writeReviewedDocument(dir, changed);
    expect(readReviewedDocuments(dir)[0]!.tasks).toHaveLength(4);
  });

  it('reads every document by directory name, skipping a directory that lacks a file', () => {
    const dir = tempDir();
    writeReviewedDocument(dir, smallDocument('719', '719/QĐ-UBND'));
    writeReviewedDocument(dir, smallDocument('45', '45/QĐ-UBND'));
    writeReviewedDocument(dir, smallDocument('kh-lam-dong-2026', null));
    writeReviewedDocument(dir, smallDocument('2820', '2820/QĐ-UBND'));
    unlinkSync(path.join(dir, '2820', REVIEWED_FILES.indicators));
    mkdirSync(path.join(dir, 'empty'));
    const documents = readReviewedDocuments(dir);
    expect(documents.map((document) => document.id)).toEqual(['45', '719', 'kh-lam-dong-2026']);
    expect(documents[2]).toEqual(smallDocument('kh-lam-dong-2026', null));
  });

  it('reads nothing from a directory that does not exist', () => {
    expect(readReviewedDocuments(path.join(tempDir(), 'khong-co'))).toEqual([]);
  });

  it('holds exactly the committed 719 in the checkout', () => {
    const documents = reviewedDocuments();
    expect(documents.map((document) => [document.id, document.tasks.length, document.sections.length, document.tables.length])).toEqual([['719', 203, 119, 2]]);
  });
});
