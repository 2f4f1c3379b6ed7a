/** Agency names by rule: head words, abbreviations people type, slugs, plural heads, bodies in a cell. */
import { describe, expect, it } from 'vitest';
import { agencySlug, deriveAbbreviations, distributeHeads, headOf, unknownBodies } from '../../../src/documents/agencies/names.ts';
import { gazetteer } from '../../knowledge/data.ts';

const heads = gazetteer().heads;

describe('headOf', () => {
  it('finds the longest head word a name starts with, comparing with diacritics', () => {
    expect(headOf('Sở Y tế', heads)).toBe('Sở');
    expect(headOf('Bộ Chỉ huy Quân sự tỉnh', heads)).toBe('Bộ Chỉ huy');
    expect(headOf('BỘ XÂY DỰNG', heads)).toBe('Bộ');
    expect(headOf('Quỹ Phát triển khoa học', heads)).toBe('Quỹ');
    expect(headOf('Quy hoạch xây dựng', heads)).toBeNull();
    expect(headOf('Sởn gai ốc', heads)).toBeNull();
    expect(headOf('', heads)).toBeNull();
  });
});

describe('deriveAbbreviations', () => {
  it.each([
    ['Sở Khoa học và Công nghệ', ['Sở KHCN', 'SKHCN', 'Sở KH&CN']],
    ['Sở Văn hóa, Thể thao và Du lịch', ['Sở VHTTDL', 'SVHTTDL', 'Sở VH,TT&DL']],
    ['Sở Nông nghiệp và Môi trường tỉnh', ['Sở NNMT', 'SNNMT', 'Sở NN&MT']],
    ['Cục Du lịch Quốc gia Việt Nam', ['Cục DLQGVN', 'CDLQGVN']],
    ['Bộ Chỉ huy Quân sự tỉnh', ['Bộ Chỉ huy QS', 'BCHQS']],
    ['Sở Y tế', ['Sở YT', 'SYT']],
  ])('%s', (name, expected) => {
    expect(deriveAbbreviations(name, heads)).toEqual(expected);
  });

  it('gives nothing for a name without a head, a rest of one syllable or a number', () => {
    expect(deriveAbbreviations('Công an tỉnh', heads)).toEqual([]);
    expect(deriveAbbreviations('Văn phòng UBND tỉnh', heads)).toEqual([]);
    expect(deriveAbbreviations('Doanh nghiệp', heads)).toEqual([]);
    expect(deriveAbbreviations('Trường THPT số 2', heads)).toEqual([]);
    expect(deriveAbbreviations('Nhà nước', heads)).toEqual([]);
  });

  it('leaves out only the function words, not words that fold like them ("Tài" is not "tại")', () => {
    expect(deriveAbbreviations('Sở Tài nguyên và Môi trường', heads)).toEqual(['Sở TNMT', 'STNMT', 'Sở TN&MT']);
    expect(deriveAbbreviations('Sở Tài chính', heads)).toEqual(['Sở TC', 'STC']);
    expect(deriveAbbreviations('Cục Địa chất và Khoáng sản', heads)).toEqual(['Cục ĐCKS', 'CĐCKS', 'Cục ĐC&KS']);
    expect(deriveAbbreviations('Ban Quản lý các khu công nghiệp', heads)).toEqual(['Ban QLKCN', 'BQLKCN']);
  });
});

describe('agencySlug', () => {
  it('folds, joins words with "-", spells "&" and stops at 60 characters', () => {
    expect(agencySlug('Trung tâm Chuyển đổi số VHTTDL')).toBe('trung-tam-chuyen-doi-so-vhttdl');
    expect(agencySlug('Sở KH&CN')).toBe('so-kh-va-cn');
    expect(agencySlug('  (Đài) Phát thanh – Truyền hình!  ')).toBe('dai-phat-thanh-truyen-hinh');
    const long = agencySlug(`Ủy ban nhân dân các xã, phường, đặc khu ${'rất dài '.repeat(10)}`);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toMatch(/^uy-ban-nhan-dan-cac-xa-phuong-dac-khu-rat-dai/u);
    expect(long).not.toMatch(/-$/u);
  });
});

describe('distributeHeads', () => {
  it('spreads a plural head over its list', () => {
    expect(distributeHeads('Các Cục: Di sản văn hóa, Bản quyền tác giả', heads)).toBe('Cục Di sản văn hóa; Cục Bản quyền tác giả');
    expect(distributeHeads('Bộ Công an; các Vụ: Pháp chế và Tổ chức cán bộ', heads)).toBe('Bộ Công an;Vụ Pháp chế; Vụ Tổ chức cán bộ');
  });

  it('leaves a list alone when the word before ":" is not a head', () => {
    expect(distributeHeads('Các đơn vị: A, B', heads)).toBe('Các đơn vị: A, B');
    expect(distributeHeads('Sở Tài chính, Sở Nội vụ', heads)).toBe('Sở Tài chính, Sở Nội vụ');
  });
});

describe('unknownBodies', () => {
  it('cuts the uncovered text where a new body starts and keeps only pieces that start with a head word', () => {
    expect(unknownBodies('Trung tâm Chuyển đổi số VHTTDL; Văn phòng Bộ chủ trì', [], heads)).toEqual(['Trung tâm Chuyển đổi số VHTTDL', 'Văn phòng Bộ']);
    expect(unknownBodies('Sở Khoa học và Công nghệ Sở Công Thương', [], heads)).toEqual(['Sở Khoa học và Công nghệ', 'Sở Công Thương']);
    expect(unknownBodies('nhà cung cấp dịch vụ IoT, nhà đầu tư', [], heads)).toEqual([]);
  });

  it('keeps a body named only by its initialism, alone in its piece', () => {
    expect(unknownBodies('EVN', [], heads)).toEqual(['EVN']);
    expect(unknownBodies('VNPT; Sở Công Thương', [], heads)).toEqual(['VNPT', 'Sở Công Thương']);
    expect(unknownBodies('các đơn vị có liên quan', [], heads)).toEqual([]);
  });

  it('skips what known agencies cover', () => {
    const text = 'Sở Tài chính; Trung tâm Dữ liệu (phối hợp)';
    expect(unknownBodies(text, [{ start: 0, end: 'Sở Tài chính'.length }], heads)).toEqual(['Trung tâm Dữ liệu']);
  });
});
