/**
 * The agency directory of one document, built from its own cells: gazetteer agencies by every printed form,
 * unknown bodies named as printed, misspellings one or two letters off, plural heads distributed over a list.
 */
import { describe, expect, it } from 'vitest';
import { createDocumentDirectory } from '../../../src/documents/agencies/directory.ts';
import { gazetteer as deploymentGazetteer } from '../../knowledge/data.ts';

const gazetteer = deploymentGazetteer();
const local = () => createDocumentDirectory(gazetteer, { level: 'local' });
const ids = (text: string) => local().cell(text).ids;

describe('document directory: cells', () => {
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
    ['Các sở, ban, ngành, đơn vị, địa phương', 'tat-ca'],
    ['Các cơ quan, đơn vị liên quan', 'lien-quan'],
    ['UBND các xã, phường', 'ubnd-xa'],
    ['Doanh nghiệp đóng trên địa bàn tỉnh', 'doanh-nghiep'],
    ['Sở Y tê', 'so-yt'],
    ['Sở Tài chín', 'so-tc'],
  ])('%s → %s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  it('does not split names that contain commas or "và", and keeps the order of the cell', () => {
    expect(ids('Sở Văn hóa, Thể thao và Du lịch')).toEqual(['so-vhttdl']);
    expect(ids('Sở Tài chính; Sở Nội vụ; các sở, ban, ngành, đơn vị, địa phương')).toEqual(['so-tc', 'so-nv', 'tat-ca']);
    expect(ids('Bộ Xây dựng, các địa phương')).toEqual(['bo-xd', 'dia-phuong']);
  });

  it('splits two bodies printed without a separator (310: "Sở Khoa học và Công nghệ Sở Công Thương")', () => {
    expect(ids('Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã')).toEqual(['so-khcn', 'so-ct', 'ubnd-xa']);
  });

  it('reads a name the cell wraps onto a second line as one body', () => {
    // The html sample prints "Sở Khoa học<br>và Công nghệ"; the readers keep the line break in the cell.
    expect(ids('Sở Khoa học\nvà Công nghệ')).toEqual(['so-khcn']);
    expect(ids('Sở Tài chính\nSở Nội vụ')).toEqual(['so-tc', 'so-nv']);
  });

  it('names a body the gazetteer does not know as printed, with a stable slug', () => {
    const directory = local();
    expect(directory.cell('Trung tâm Chuyển đổi số Thành phố')).toEqual({ text: 'Trung tâm Chuyển đổi số Thành phố', ids: ['trung-tam-chuyen-doi-so-thanh-pho'] });
    // A known abbreviation right after an unknown name is part of it, not a second body.
    expect(directory.cell('Văn phòng Bộ; Trung tâm Chuyển đổi số VHTTDL').ids).toEqual(['van-phong-bo', 'trung-tam-chuyen-doi-so-vhttdl']);
    const unknown = directory.agencies().find((agency) => agency.id === 'trung-tam-chuyen-doi-so-thanh-pho')!;
    expect(unknown).toMatchObject({ name: 'Trung tâm Chuyển đổi số Thành phố', short: 'Trung tâm Chuyển đổi số Thành phố', kind: 'agency', level: 'local' });
    expect(unknown.aliases).toEqual(expect.arrayContaining(['Trung tâm Chuyển đổi số Thành phố', 'Trung tâm CĐS']));
  });

  it('distributes a plural head over the list it introduces', () => {
    expect(ids('Các Cục: Di sản văn hóa, Bản quyền tác giả')).toEqual(['cuc-di-san-van-hoa', 'cuc-ban-quyen-tac-gia']);
    // 6225 task 4: the list is separated by ";" because its items hold commas.
    const cell = ids('Các Cục: Bản quyền tác giả; Phát thanh truyền hình và Thông tin điện tử; Xuất bản, In và Phát hành; Báo chí; Du lịch Quốc gia Việt Nam. Vụ Kế hoạch, Tài chính.');
    expect(cell.filter((id) => id.startsWith('cuc-'))).toHaveLength(5);
    expect(cell).toContain('vu-ke-hoach-tai-chinh');
    expect(cell).not.toContain('bao-chi');
  });

  it('keeps the text of a cell that names nobody, with no ids, and never throws', () => {
    const directory = local();
    for (const text of ['', '   ', 'Các đơn vị được giao thực hiện TTHC', '😀', "'; DROP TABLE agencies; --", 'x'.repeat(5000)]) {
      const cell = directory.cell(text);
      expect(cell.ids, text.slice(0, 20)).toEqual([]);
    }
    expect(directory.cell('  Sở   Tài chính ').text).toBe('Sở Tài chính');
  });

  it('lists every agency the cells named, with the forms this document prints and derived abbreviations', () => {
    const directory = local();
    directory.cell('Sở KH&CN');
    directory.cell('so khcn');
    directory.cell('Các sở, ban, ngành, đơn vị, địa phương');
    const agencies = directory.agencies();
    expect(agencies.map((agency) => agency.id)).toEqual(['so-khcn', 'tat-ca']);
    const khcn = agencies[0]!;
    expect(khcn).toMatchObject({ name: 'Sở Khoa học và Công nghệ', short: 'Sở KH&CN', kind: 'agency', level: 'local' });
    expect(khcn.aliases).toEqual(expect.arrayContaining(['Sở KH&CN', 'so khcn', 'SKHCN', 'Sở KHCN']));
    expect(new Set(khcn.aliases).size).toBe(khcn.aliases.length);
    expect(agencies[1]!.kind).toBe('collective');
  });

  it('reads a central document\'s bodies as central', () => {
    const central = createDocumentDirectory(gazetteer, { level: 'central' });
    expect(central.cell('Ngân hàng Nhà nước').ids).toEqual(['nhnn-vn']);
    expect(local().cell('Ngân hàng Nhà nước').ids).toEqual(['nhnn']);
    expect(central.cell('Cục Viễn thông').ids).toEqual(['cuc-vien-thong']);
    expect(central.agencies().find((agency) => agency.id === 'cuc-vien-thong')?.level).toBe('central');
  });
});
