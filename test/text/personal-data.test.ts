import { describe, expect, it } from 'vitest';
import { containsPersonalData, redactDeep, redactPersonalData } from '../../src/text/personal-data.ts';

describe('redactPersonalData: numbers and emails', () => {
  it.each([
    ['Gọi tôi số 0912345678 nhé', 'Gọi tôi số [số điện thoại] nhé'],
    ['SĐT: 0912 345 678.', 'SĐT: [số điện thoại].'],
    ['số 0912.345.678 hoặc 0912-345-678', 'số [số điện thoại] hoặc [số điện thoại]'],
    ['+84 912 345 678 là số của tôi', '[số điện thoại] là số của tôi'],
    ['84912345678', '[số điện thoại]'],
    ['máy bàn 0221 3863 123', 'máy bàn [số điện thoại]'],
    ['máy bàn viết thiếu một số 0221 386 312', 'máy bàn viết thiếu một số [số điện thoại]'],
    ['CCCD 033095001234 của tôi', 'CCCD [số định danh] của tôi'],
    ['CMND 123456789', 'CMND [số định danh]'],
    ['email nguyen.van.a@hungyen.gov.vn giúp', 'email [email] giúp'],
  ])('redacts %j', (text, expected) => {
    expect(redactPersonalData(text)).toBe(expected);
  });

  it('keeps amounts, dates, years, codes and short numbers', () => {
    const text = 'Kinh phí 500.000.000 đồng, giai đoạn 2025-2030, hạn 31/12/2025, nhiệm vụ CQS2.1, PL2.11, tổng đài 1022, 719/QĐ-UBND';
    expect(redactPersonalData(text)).toBe(text);
  });
});

describe('redactPersonalData: names', () => {
  it.each([
    ['đầu mối anh Tuấn 0987 654 321, CCCD 034095001234', 'đầu mối anh [họ tên] [số điện thoại], CCCD [số định danh]'],
    ['Liên hệ đ/c Nguyễn Văn Hùng', 'Liên hệ đ/c [họ tên]'],
    ['Chị Lan phụ trách', 'Chị [họ tên] phụ trách'],
    ['ong Hai da ky', 'ong [họ tên] da ky'],
    ['người làm: Trần Thị Mai', 'người làm: [họ tên]'],
  ])('redacts %j', (text, expected) => {
    expect(redactPersonalData(text)).toBe(expected);
  });

  it('keeps titles, agencies and ordinary words that follow an honorific', () => {
    for (const text of ['ông Chủ tịch UBND tỉnh đã ký', 'bà Giám đốc Sở Y tế', 'chị em phụ nữ', 'Sở Khoa học và Công nghệ đạt 80%', 'anh em trong đơn vị']) {
      expect(redactPersonalData(text)).toBe(text);
    }
  });

  it('tells whether a text holds any', () => {
    expect(containsPersonalData('Đã trình dự thảo, đạt 80%')).toBe(false);
    expect(containsPersonalData('gọi 0912345678')).toBe(true);
  });

  it('redacts every string of a nested record and keeps the rest', () => {
    const record = { channel: 'telegram', outcome: 'answered', nested: { text: ['gọi 0912345678'], n: 3 }, at: new Date(0) };
    expect(redactDeep(record)).toEqual({ channel: 'telegram', outcome: 'answered', nested: { text: ['gọi [số điện thoại]'], n: 3 }, at: new Date(0) });
  });
});

describe('redactPersonalData: names typed without diacritics, and places that look like names', () => {
  it('removes a name after an honorific typed without its marks, and a folded full name', () => {
    expect(redactPersonalData('nguoi lien he: chi Thu Ha, sdt 0987 111 222')).toBe('nguoi lien he: chi [họ tên], sdt [số điện thoại]');
    expect(redactPersonalData('ba Minh Chau da gui ho so')).toBe('ba [họ tên] da gui ho so');
    expect(redactPersonalData('phu trach: Pham Quoc Bao')).toBe('phu trach: [họ tên]');
  });

  it('keeps two-syllable place names that start like a family name, and honorific-like words before bodies', () => {
    expect(redactPersonalData('Triển khai tại Hà Giang, Lâm Đồng và Cao Bằng')).toBe('Triển khai tại Hà Giang, Lâm Đồng và Cao Bằng');
    expect(redactPersonalData('co Sở Tài chính phối hợp, chi ngân sách tỉnh')).toBe('co Sở Tài chính phối hợp, chi ngân sách tỉnh');
  });
});
