/** The one parser of task references: ids, rows named in words, codes and code groups, qualified by document. */
import { describe, expect, it } from 'vitest';
import { codePrefixesOf, createReferenceParser, type TaskReference } from '../../src/documents/references.ts';

const parser = createReferenceParser({ codePrefixes: ['cqs', 'kts', 'xhs'], documentIds: ['719', '2820', 'kh-lam-dong-2026'] });
const refs = (text: string) => parser.find(text).map(({ kind, ref, documentId }) => ({ kind, ref, documentId }));
const one = (kind: TaskReference['kind'], ref: string, documentId: string | null = null) => [{ kind, ref, documentId }];

describe('createReferenceParser', () => {
  it.each([
    ['nhiệm vụ PL2.11 là gì', one('id', 'PL2.11')],
    ['pl 2.11', one('id', 'PL2.11')],
    ['PL2,11', one('id', 'PL2.11')],
    ['PL2.3a', one('id', 'PL2.3a')],
    ['PL2.22-2', one('id', 'PL2.22-2')],
    ['PL.II.3', one('id', 'PL.II.3')],
    ['pl.vii.2a', one('id', 'PL.VII.2a')],
    ['PL1.B2.15', one('id', 'PL1.B2.15')],
    ['B1.3', one('id', 'B1.3')],
    ['719:PL2.11', one('id', 'PL2.11', '719')],
    ['719 : pl2.3a', one('id', 'PL2.3a', '719')],
    ['2820:PL.IV.2a', one('id', 'PL.IV.2a', '2820')],
    ['kh-lam-dong-2026:PL.VII.2a', one('id', 'PL.VII.2a', 'kh-lam-dong-2026')],
    ['phụ lục II dòng 145', one('row', 'PL2.145')],
    ['phu luc 2, stt 12', one('row', 'PL2.12')],
    ['nhiệm vụ số 31 phụ lục I', one('row', 'PL1.31')],
    ['dòng 3 của phụ lục 2', one('row', 'PL2.3')],
    ['nhiệm vụ số 7', one('number', '7')],
    ['việc thứ 5', one('number', '5')],
    ['nhiệm vụ 12 do ai làm', one('number', '12')],
    ['dòng 14 ai làm', one('number', '14')],
    ['stt 9', one('number', '9')],
    ['CQS2.1', one('code', 'CQS2.1')],
    ['cqs 2 . 1', one('code', 'CQS2.1')],
    ['nhóm CQS2', one('group', 'CQS2')],
    ['phụ lục I phần IV', one('group', 'PL1.IV')],
    ['phu luc 1, muc ii', one('group', 'PL1.II')],
    ['phụ lục II nhóm III có gì', one('group', 'PL2.III')],
    ['nhóm II "hạ tầng cho khoa học" thuộc phụ lục 1', one('group', 'PL1.II')],
  ])('%s', (text, expected) => {
    expect(refs(text)).toEqual(expected);
  });

  it('finds several references in order, with offsets into the text', () => {
    const text = 'So sánh PL.II.3 với nhiệm vụ KTS8.2 và nhóm XHS1';
    const found = parser.find(text);
    expect(found.map((reference) => reference.ref)).toEqual(['PL.II.3', 'KTS8.2', 'XHS1']);
    expect(found.map((reference) => text.slice(reference.start, reference.end))).toEqual(['PL.II.3', 'KTS8.2', 'XHS1']);
  });

  it('reads a reference typed without diacritics or in capitals the same', () => {
    expect(refs('PHỤ LỤC II DÒNG 145')).toEqual(one('row', 'PL2.145'));
    expect(refs('nhiem vu so 31 phu luc i')).toEqual(one('row', 'PL1.31'));
  });

  it('does not read document numbers, dates, deeper codes or words that end in an id as references', () => {
    for (const text of ['Quyết định 719/QĐ-UBND', 'ngày 12.5', 'CQS2.1.3', 'abcPL2.1', 'nhiệm vụ số 7/2025', 'năm 2025', 'ABC2.1', 'nhiệm vụ 5 năm', 'nhiệm vụ 57-NQ/TW', 'việc 3 ngày']) expect(refs(text), text).toEqual([]);
  });

  it('knows only the code schemes and documents it was given', () => {
    const bare = createReferenceParser({ codePrefixes: [], documentIds: [] });
    expect(bare.find('CQS2.1')).toEqual([]);
    // Without loaded document ids a qualified id still names its local part.
    expect(bare.find('719:PL2.11').map(({ ref, documentId }) => ({ ref, documentId }))).toEqual([{ ref: 'PL2.11', documentId: null }]);
    const other = createReferenceParser({ codePrefixes: ['dmst'], documentIds: ['624'] });
    expect(other.find('DMST1.2 và 624:PL1.B3.2').map(({ kind, ref, documentId }) => [kind, ref, documentId])).toEqual([
      ['code', 'DMST1.2', null],
      ['id', 'PL1.B3.2', '624'],
    ]);
    expect(other.find('719:PL2.11')[0]).toMatchObject({ ref: 'PL2.11', documentId: null });
  });
});

describe('codePrefixesOf', () => {
  it('gives the folded letters before the numbers of each code scheme, once', () => {
    expect(codePrefixesOf(['CQS2.1', 'CQS2.2', 'KTS1.1', null, 'DA-03', 'ĐMST1.2', 'X1', '12'])).toEqual(['cqs', 'kts', 'da', 'dmst']);
    expect(codePrefixesOf([])).toEqual([]);
  });
});
