/**
 * The one agency directory of the loaded knowledge: the gazetteer's agencies and the documents', merged by id;
 * names resolved exactly, by the matcher or by a small edit distance, former agencies standing for their successor.
 */
import { describe, expect, it } from 'vitest';
import { ALL_AGENCIES_ID, createAgencyDirectory, RELATED_AGENCIES_ID, UnknownAgencyError } from '../../src/knowledge/agencies.ts';
import { smallDocument } from '../fixtures/store-knowledge.ts';
import { gazetteer as deploymentGazetteer, reviewedDocuments } from './data.ts';

const gazetteer = deploymentGazetteer();
const directory = createAgencyDirectory(gazetteer, reviewedDocuments());
const ids = (text: string) => directory.find(text).map((mention) => mention.id);

describe('agency directory of the loaded knowledge', () => {
  it.each([
    ['Sở KH&CN', 'so-khcn'],
    ['so khcn', 'so-khcn'],
    ['SKHCN', 'so-khcn'],
    ['Sở Khoa học và Công nghệ', 'so-khcn'],
    ['VP UBND', 'vp-ubnd'],
    ['Văn phòng Ủy ban nhân dân tỉnh', 'vp-ubnd'],
    ['Sở NN&MT', 'so-nnmt'],
    ['Sở GD&ĐT', 'so-gddt'],
    ['so gd&dt', 'so-gddt'],
    ['Sở VHTTDL', 'so-vhttdl'],
    ['BQL KKT và các KCN', 'bql-kkt-kcn'],
    ['Ban quản các khu công nghiệp/ Khu kinh tế', 'bql-kkt-kcn'],
    ['NHNN chi nhánh tỉnh', 'nhnn'],
    ['CA tỉnh', 'cong-an'],
    ['Công an tỉnh', 'cong-an'],
    ['Báo và Phát thành. truyền hình tỉnh', 'bao-ptth'],
    ['Các sở, ban, ngành, đơn vị, địa phương', ALL_AGENCIES_ID],
    ['Các cơ quan, đơn vị liên quan', RELATED_AGENCIES_ID],
  ])('finds %s → %s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  it('finds a name a document prints with commas in a question typed without them', () => {
    const document = smallDocument('9', '9/QĐ-UBND');
    document.agencies.push({ id: 'ban-da-ct', name: 'Ban Quản lý dự án, công trình', short: 'BQLDA', aliases: ['Ban Quản lý dự án, công trình'], kind: 'agency', level: 'local' });
    const withComma = createAgencyDirectory(gazetteer, [...reviewedDocuments(), document]);
    expect(withComma.find('ban quan ly du an cong trinh lam gi').map((mention) => mention.id)).toEqual(['ban-da-ct']);
    expect(withComma.find('Ban Quản lý dự án, công trình').map((mention) => mention.id)).toEqual(['ban-da-ct']);
  });

  it('does not split names that contain commas or "và"', () => {
    expect(ids('Sở Văn hóa, Thể thao và Du lịch')).toEqual(['so-vhttdl']);
    expect(ids('Sở Tài chính; Sở Nội vụ; các sở, ban, ngành, đơn vị, địa phương')).toEqual(['so-tc', 'so-nv', ALL_AGENCIES_ID]);
  });

  it('knows which agencies were merged and into what, and resolves a former name to its successor', () => {
    expect(directory.byId(ids('Sở Thông tin và Truyền thông')[0]!)!.successor).toMatchObject({ id: 'so-khcn', since: '2025-03-01' });
    expect(directory.byId(ids('Sở Kế hoạch và Đầu tư')[0]!)!.successor!.id).toBe('so-tc');
    expect(directory.resolve('Sở Thông tin và Truyền thông').id).toBe('so-khcn');
    expect(directory.resolve('Sở TT&TT').id).toBe('so-khcn');
    expect(directory.resolve('Sở Giao thông vận tải').id).toBe('so-xd');
    expect([...directory.namedIds({ text: 'Sở TT&TT', ids: ['so-tttt'] })]).toEqual(['so-tttt', 'so-khcn']);
    expect([...directory.namedIds(null)]).toEqual([]);
  });

  it('gives a task to a body that a collective phrase spells out, besides the collective', () => {
    const cell = { text: 'Các sở, ban, ngành và UBND cấp xã', ids: [ALL_AGENCIES_ID] };
    expect([...directory.namedIds(cell)].sort()).toEqual([ALL_AGENCIES_ID, 'ubnd-xa']);
    // A body named beside a collective that does not spell it out is not added.
    expect([...directory.namedIds({ text: 'Các sở, ban, ngành, đơn vị, địa phương', ids: [ALL_AGENCIES_ID] })]).toEqual([ALL_AGENCIES_ID]);
    // Only a collective cell is read again: an agency's own cell keeps its ids.
    expect([...directory.namedIds({ text: 'UBND cấp xã', ids: ['so-yt'] })]).toEqual(['so-yt']);
  });

  it('resolves a name exactly, through the matcher, or within a small edit distance', () => {
    expect(directory.resolve('Sở KH&CN').id).toBe('so-khcn');
    expect(directory.resolve('SO TAI CHINH').id).toBe('so-tc');
    expect(directory.resolve('sở tài chín').id).toBe('so-tc');
    expect(directory.resolve('Ban quản các khu công nghiệp/ Khu kinh tế').id).toBe('bql-kkt-kcn');
    expect(directory.tryResolve('Sở Y tế')!.id).toBe('so-yt');
  });

  it('refuses a name that fits none or several, offering the closest', () => {
    const unknown = (() => {
      try {
        directory.resolve('Bộ Khoa học');
      } catch (error) {
        return error;
      }
    })() as UnknownAgencyError;
    expect(unknown).toBeInstanceOf(UnknownAgencyError);
    expect(unknown).toMatchObject({ reason: 'unknown', given: 'Bộ Khoa học' });
    expect(unknown.closeMatches).toEqual(expect.arrayContaining(['Bộ Khoa học và Công nghệ', 'Sở Khoa học và Công nghệ']));
    expect(unknown.closeMatches.length).toBeLessThanOrEqual(3);
    expect(unknown.message).toContain('Có phải:');

    expect(() => directory.resolve('Sở Tài chính và Sở Nội vụ')).toThrow(/khớp với nhiều cơ quan/u);
    const ambiguous = (() => {
      try {
        directory.resolve('Sở Tài chính và Sở Nội vụ');
      } catch (error) {
        return error as UnknownAgencyError;
      }
    })()!;
    expect(ambiguous).toMatchObject({ reason: 'ambiguous', closeMatches: ['Sở Tài chính', 'Sở Nội vụ'] });
    expect(directory.tryResolve('Sở Tài chính và Sở Nội vụ')).toBeNull();
    // A collective is not one agency.
    expect(directory.tryResolve('Các sở, ban, ngành, đơn vị, địa phương')).toBeNull();
    expect(() => directory.resolve('xyz')).toThrow(UnknownAgencyError);
  });

  it('finds agencies typed with a slip in a question', () => {
    expect(directory.findApproximate('so tai chin chu tri')).toEqual([{ id: 'so-tc', start: 0, end: 11 }]);
    expect(directory.findApproximate('hoi so khoa hoc va cong nge la ai').map((mention) => mention.id)).toEqual(['so-khcn']);
    // Exact names are `find`'s business.
    expect(directory.findApproximate('so tai chinh')).toEqual([]);
  });

  it('tells a collective cell and displays names, the id itself when unknown', () => {
    expect(directory.isCollective({ text: '', ids: [ALL_AGENCIES_ID] })).toBe(true);
    expect(directory.isCollective({ text: '', ids: ['so-tc'] })).toBe(false);
    expect(directory.isCollective(null)).toBe(false);
    expect(directory.displayName('so-khcn')).toBe('Sở Khoa học và Công nghệ');
    expect(directory.displayName('khong-co')).toBe('khong-co');
  });

  it('merges a document\'s printed forms into the gazetteer agency and adds its own agencies', () => {
    const document = smallDocument();
    document.agencies.push({ id: 'trung-tam-du-lieu', name: 'Trung tâm Dữ liệu tỉnh', short: 'TTDL', aliases: ['Trung tâm Dữ liệu tỉnh', 'TTDL tỉnh'], kind: 'agency', level: 'local' });
    document.agencies[0]!.aliases.push('Sở KHCN&ĐMST');
    const merged = createAgencyDirectory(gazetteer, [document]);
    expect(merged.byId('so-khcn')!.aliases).toEqual(expect.arrayContaining(['Sở KHCN&ĐMST', 'Sở Khoa học và Công nghệ']));
    expect(merged.find('Sở KHCN&ĐMST chủ trì').map((mention) => mention.id)).toEqual(['so-khcn']);
    expect(merged.resolve('TTDL tỉnh').id).toBe('trung-tam-du-lieu');
    expect(merged.agencies.filter((agency) => agency.id === 'so-khcn')).toHaveLength(1);
    expect(directory.byId('trung-tam-du-lieu')).toBeUndefined();
  });

  it('finds an agency printed with an initialism by the words of it, learned from an agency known both ways', () => {
    const document = smallDocument();
    // The table prints "Trung tâm Số hóa KHCN"; the gazetteer knows "Sở Khoa học và Công nghệ" as "Sở KHCN" too.
    document.agencies.push({ id: 'trung-tam-so-hoa-khcn', name: 'Trung tâm Số hóa KHCN', short: 'Trung tâm Số hóa KHCN', aliases: ['Trung tâm Số hóa KHCN'], kind: 'agency', level: 'local' });
    const merged = createAgencyDirectory(gazetteer, [document]);
    expect(merged.find('Trung tâm Số hóa Khoa học và Công nghệ chủ trì việc gì').map((mention) => mention.id)).toEqual(['trung-tam-so-hoa-khcn']);
    expect(merged.find('Sở Khoa học và Công nghệ chủ trì việc gì').map((mention) => mention.id)).toEqual(['so-khcn']);
  });
});
