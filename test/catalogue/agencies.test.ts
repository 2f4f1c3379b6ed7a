import { describe, expect, it } from 'vitest';
import { ALL_AGENCIES_ID, createAgencyDirectory } from '../../src/catalogue/agencies.ts';

const directory = createAgencyDirectory();
const ids = (text: string) => directory.find(text).map((mention) => mention.id);

describe('agency directory', () => {
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
  ])('%s → %s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  it('does not split names that contain commas or "và"', () => {
    expect(ids('Sở Văn hóa, Thể thao và Du lịch')).toEqual(['so-vhttdl']);
    expect(ids('Sở Tài chính; Sở Nội vụ; các sở, ban, ngành, đơn vị, địa phương')).toEqual(['so-tc', 'so-nv', ALL_AGENCIES_ID]);
  });

  it('knows which agencies were merged and into what', () => {
    const old = directory.byId.get(ids('Sở Thông tin và Truyền thông')[0]!)!;
    expect(old.successor).toMatchObject({ id: 'so-khcn', since: '2025-03-01' });
    expect(directory.byId.get(ids('Sở Kế hoạch và Đầu tư')[0]!)!.successor!.id).toBe('so-tc');
  });

  it('reports text that names no agency', () => {
    expect(directory.analyse('Sở Tài chính chủ trì theo dõi đôn đốc việc thực hiện').leftover).toBe('');
    expect(directory.analyse('Các hoạt động hợp tác').mentions).toEqual([]);
  });
});
