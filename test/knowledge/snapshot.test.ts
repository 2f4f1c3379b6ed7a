/**
 * The knowledge snapshot: keys qualified by document, citations bare with one document and qualified with
 * several, references typed by people resolved to tasks, places of documents by their current (post-merger) name,
 * and the merged agency directory. One snapshot of 719 alone and one of 719 beside small documents of other places.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentKnowledge } from '../../src/documents/types.ts';
import { itemKey, type KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';
import { reviewedDocuments, snapshotOf } from './data.ts';

/** A small document about `place` (null: a central document), with an agency of its own. */
function about(id: string, number: string | null, place: string | null): DocumentKnowledge {
  const document = smallDocument(id, number);
  document.document.place = place;
  document.agencies.push({ id: `trung-tam-${id}`, name: `Trung tâm Dữ liệu ${id}`, short: `TTDL ${id}`, aliases: [`Trung tâm Dữ liệu ${id}`], kind: 'agency', level: 'local' });
  return document;
}

let single: KnowledgeSnapshot;
let multi: KnowledgeSnapshot;
beforeAll(async () => {
  single = await snapshotOf(reviewedDocuments());
  multi = await snapshotOf(
    [
      reviewedDocuments()[0]!,
      about('45', '45/QĐ-UBND', 'Thái Bình'),
      about('617', '617/KH-UBND', 'Đồng Tháp'),
      about('2597', '2597/QĐ-TTg', null),
      about('kh-mau-2025', null, 'Tỉnh Mẫu'),
    ],
    7,
  );
});

describe('one document loaded', () => {
  it('holds the document, its tasks and sections, at the version it was built from', () => {
    expect(single.version).toBe(0);
    expect(single.multi).toBe(false);
    expect(single.documents.map((document) => document.id)).toEqual(['719']);
    expect(single.documentById.get('719')!.document.number).toBe('719/QĐ-UBND');
    expect(single.tasks).toHaveLength(203);
    expect(single.sections).toHaveLength(119);
    expect(single.index.documents).toHaveLength(203 + 119 + 1);
  });

  it('counts the rare words of a question a match holds, and none that are common or unknown', () => {
    const row = '719:PL2.152';
    // Two names only this row prints, inside words the documents use everywhere or never.
    expect(single.index.anchors('nhà mình có xe tải nhỏ, nghe nói có Logivan với Ninjavan gì đó', row)).toBe(2);
    expect(single.index.anchors('nhà mình có xe tải nhỏ, chạy hàng mỗi ngày', row)).toBe(0);
    expect(single.index.anchors('Logivan, Ninjavan', '719:PL2.11')).toBe(0);
  });

  it('finds a task or section by its key in any case, never by a bare id', () => {
    expect(single.task('719:PL2.11')!.code).toBe('CQS2.1');
    expect(single.task('719:pl2.3A')!.id).toBe('PL2.3a');
    expect(single.task('PL2.11')).toBeUndefined();
    expect(single.task('45:PL2.11')).toBeUndefined();
    expect(single.section('719:II.A.3.g')!.text).toContain('3% tổng chi ngân sách');
    expect(single.section('719:ii.a.3.g')!.id).toBe('II.A.3.g');
    expect(itemKey(single.task('719:PL1.1')!)).toBe('719:PL1.1');
  });

  it('cites bare ids and keys a bare cited id by the only document', () => {
    const task = single.task('719:PL2.11')!;
    expect(single.cite(task)).toBe('PL2.11');
    expect(single.cite(single.section('719:IV.5')!)).toBe('IV.5');
    expect(single.keyOf('PL2.11')).toBe('719:PL2.11');
    expect(single.keyOf('719:PL2.11')).toBe('719:PL2.11');
  });

  it('resolves ids, keys and task codes typed by a person to tasks', () => {
    const ids = (ref: string, documentId?: string | null) => single.resolveTaskRef(ref, documentId).map((task) => task.id);
    expect(ids('PL2.11')).toEqual(['PL2.11']);
    expect(ids(' pl2.3a ')).toEqual(['PL2.3a']);
    expect(ids('719:PL2.11')).toEqual(['PL2.11']);
    expect(ids('CQS2.1')).toEqual(['PL2.10', 'PL2.11', 'PL2.12']);
    expect(ids('cqs7.2')).toEqual(['PL2.26', 'PL2.27', 'PL2.28', 'PL2.29', 'PL2.36']);
    expect(ids('PL2.11', '45')).toEqual([]);
    expect(ids('45:PL2.11')).toEqual([]);
    expect(ids('PL9.99')).toEqual([]);
    expect(ids('')).toEqual([]);
  });

  it('knows the home place and that its own document is home', () => {
    expect(single.homePlace).toBe('Hưng Yên');
    expect(single.placeOf('719')).toBe('Hưng Yên');
    expect(single.isHomeOrNational('719')).toBe(true);
    expect(single.placeOf('khong-co')).toBeNull();
  });
});

describe('several documents loaded', () => {
  it('concatenates tasks and sections in document order and prints ids qualified', () => {
    expect(multi.version).toBe(7);
    expect(multi.multi).toBe(true);
    expect(multi.documents.map((document) => document.id)).toEqual(['719', '45', '617', '2597', 'kh-mau-2025']);
    expect(multi.tasks).toHaveLength(203 + 4 * 5);
    expect(multi.tasks.slice(203, 205).map(itemKey)).toEqual(['45:PL1.1', '45:PL2.3']);
    const task = multi.task('45:PL2.11')!;
    expect(task.documentId).toBe('45');
    expect(multi.cite(task)).toBe('45:PL2.11');
    expect(multi.cite(multi.task('719:PL2.11')!)).toBe('719:PL2.11');
    expect(multi.keyOf('PL2.11')).toBe('PL2.11');
    expect(multi.keyOf('617:PL2.11')).toBe('617:PL2.11');
    expect(multi.index.documents.filter((document) => document.kind === 'document').map((document) => document.id)).toEqual([
      '719:document', '45:document', '617:document', '2597:document', 'kh-mau-2025:document',
    ]);
  });

  it('resolves a bare id in every document that has it, or in the one named', () => {
    const keys = (ref: string, documentId?: string | null) => multi.resolveTaskRef(ref, documentId).map(itemKey);
    expect(keys('PL2.11')).toEqual(['719:PL2.11', '45:PL2.11', '617:PL2.11', '2597:PL2.11', 'kh-mau-2025:PL2.11']);
    expect(keys('PL2.11', '617')).toEqual(['617:PL2.11']);
    expect(keys('617:PL2.11', '45')).toEqual(['617:PL2.11']);
    expect(keys('kh-mau-2025:pl2.3a')).toEqual(['kh-mau-2025:PL2.3a']);
    expect(keys('PL2.12')).toEqual(['719:PL2.12']);
    expect(keys('CQS2.1', '45')).toEqual(['45:PL2.3', '45:PL2.3a']);
    expect(keys('CQS2.1')).toHaveLength(3 + 4 * 2);
  });

  it('names each document\'s place by its current name: merged provinces are their successor', () => {
    expect(multi.homePlace).toBe('Hưng Yên');
    expect(multi.placeOf('719')).toBe('Hưng Yên');
    // Thái Bình was merged into Hưng Yên on 1/7/2025: its document is a home document.
    expect(multi.placeOf('45')).toBe('Hưng Yên');
    expect(multi.isHomeOrNational('45')).toBe(true);
    expect(multi.placeOf('617')).toBe('Đồng Tháp');
    expect(multi.isHomeOrNational('617')).toBe(false);
    expect(multi.placeOf('2597')).toBeNull();
    expect(multi.isHomeOrNational('2597')).toBe(true);
    // A place the gazetteer does not know is kept as printed.
    expect(multi.placeOf('kh-mau-2025')).toBe('Tỉnh Mẫu');
    expect(multi.isHomeOrNational('kh-mau-2025')).toBe(false);
  });

  it('merges the agencies of the gazetteer and of every document into one directory', () => {
    expect(multi.agencies.byId('trung-tam-617')!.name).toBe('Trung tâm Dữ liệu 617');
    expect(multi.agencies.resolve('Trung tâm Dữ liệu 2597').id).toBe('trung-tam-2597');
    expect(multi.agencies.resolve('Sở KH&CN').id).toBe('so-khcn');
    expect(multi.agencies.agencies.length).toBe(single.agencies.agencies.length + 4);
    expect(single.agencies.byId('trung-tam-617')).toBeUndefined();
  });
});
