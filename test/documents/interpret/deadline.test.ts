/** Deadline cells as the corpus prints them, to their normalised form; the text always kept as printed. */
import { describe, expect, it } from 'vitest';
import { isDeadlineText, parseDeadline } from '../../../src/documents/interpret/deadline.ts';

describe('parseDeadline', () => {
  it.each([
    // 719
    ['Tháng 12/2025', { kind: 'date', due: '2025-12-31', precision: 'month' }],
    ['Tháng 02/2028', { kind: 'date', due: '2028-02-29', precision: 'month' }],
    ['tháng 9/2026', { kind: 'date', due: '2026-09-30', precision: 'month' }],
    ['Tháng 12 năm 2025', { kind: 'date', due: '2025-12-31', precision: 'month' }],
    ['Năm 2025', { kind: 'date', due: '2025-12-31', precision: 'year' }],
    ['2026', { kind: 'date', due: '2026-12-31', precision: 'year' }],
    ['Cuối năm 2025', { kind: 'date', due: '2025-12-31', precision: 'year' }],
    ['Trước 15/12/2025', { kind: 'date', due: '2025-12-15', precision: 'day' }],
    ['2025 - 2030', { kind: 'period', start: '2025-01-01', due: '2030-12-31' }],
    ['2025 -2030', { kind: 'period', start: '2025-01-01', due: '2030-12-31' }],
    ['2025- 2027', { kind: 'period', start: '2025-01-01', due: '2027-12-31' }],
    ['Giai đoạn 2025-2030', { kind: 'period', start: '2025-01-01', due: '2030-12-31' }],
    ['Từ năm 2026 đến năm 2030', { kind: 'period', start: '2026-01-01', due: '2030-12-31' }],
    ['Thường xuyên', { kind: 'ongoing' }],
    ['Nhiệm vụ thường xuyên', { kind: 'ongoing' }],
    ['Hàng năm', { kind: 'yearly' }],
    ['Hằng năm', { kind: 'yearly' }],
    ['Khi Trung ương có quy định mới', { kind: 'conditional' }],
    ['Theo lộ trình của Bộ Công an', { kind: 'conditional' }],
    // 2820 (Hồ Chí Minh)
    ['Quý II/2025', { kind: 'date', due: '2025-06-30', precision: 'month' }],
    ['Quý IV/2026', { kind: 'date', due: '2026-12-31', precision: 'month' }],
    ['Quý 4/2025', { kind: 'date', due: '2025-12-31', precision: 'month' }],
    ['Năm 2025-2030', { kind: 'period', start: '2025-01-01', due: '2030-12-31' }],
    ['Năm 2025 - 2026', { kind: 'period', start: '2025-01-01', due: '2026-12-31' }],
    ['Hằng năm.', { kind: 'yearly' }],
    ['Khi có phát sinh.', { kind: 'conditional' }],
    ['Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính', { kind: 'ongoing' }],
    // 617 (Đồng Tháp), spelt "Quí"
    ['Quí IV-2025', { kind: 'date', due: '2025-12-31', precision: 'month' }],
    ['Thường xuyên, hằng năm', { kind: 'ongoing' }],
    // 310 (Hà Nội)
    ['Quý III Năm 2026', { kind: 'date', due: '2026-09-30', precision: 'month' }],
    ['Quý IV/2025- Quý II/2026', { kind: 'period', start: '2025-10-01', due: '2026-06-30' }],
    // 6225 and 624: exact dates
    ['31/12/2025', { kind: 'date', due: '2025-12-31', precision: 'day' }],
    ['01/03/2026', { kind: 'date', due: '2026-03-01', precision: 'day' }],
    ['30/6/2026.', { kind: 'date', due: '2026-06-30', precision: 'day' }],
    ['Theo lộ trình được giao tại Kế hoạch số 02-KH/BCĐTW', { kind: 'conditional' }],
    // Lâm Đồng
    ['Trong quý I năm 2026', { kind: 'date', due: '2026-03-31', precision: 'month' }],
    ['Trước ngày 31/01 năm liền kề', { kind: 'yearly' }],
    ['Định kỳ hằng năm', { kind: 'yearly' }],
    ['Trước ngày 05 của tháng liền kề', { kind: 'recurring' }],
    ['Hằng quý', { kind: 'recurring' }],
    ['Hàng tháng', { kind: 'recurring' }],
    ['Ban hành kế hoạch chậm nhất là ngày 15/4/2026 và tổ chức thực hiện', { kind: 'date', due: '2026-04-15', precision: 'day' }],
    ['Theo hướng dẫn của Trung ương', { kind: 'conditional' }],
    ['Sau khi có vốn', { kind: 'conditional' }],
  ])('%s', (text, expected) => {
    expect(parseDeadline(text)).toEqual({ ...expected, text });
  });

  it('keeps the cell exactly as printed apart from white space', () => {
    expect(parseDeadline('  Tháng\n12/2025 ')).toEqual({ kind: 'date', text: 'Tháng 12/2025', due: '2025-12-31', precision: 'month' });
    expect(parseDeadline('Ha\u0300ng năm').kind).toBe('yearly');
  });

  it('keeps unknown forms as printed instead of guessing', () => {
    expect(parseDeadline('Theo Điều 17 Nghị định số 52/2015/NĐ-CP')).toEqual({ kind: 'unknown', text: 'Theo Điều 17 Nghị định số 52/2015/NĐ-CP' });
    expect(parseDeadline('Bắt đầu thực hiện từ năm 2026').kind).toBe('unknown');
    expect(parseDeadline('Tháng 13/2025').kind).toBe('unknown');
    expect(parseDeadline('2030 - 2025').kind).toBe('unknown');
    expect(parseDeadline('Quý II/2026 - Quý I/2026').kind).toBe('unknown');
    expect(parseDeadline('32/12/2025').kind).toBe('unknown');
  });

  it('never makes a day that the calendar does not have', () => {
    // A due date is an IsoDate: 31/02 is a misprint to review, not 2026-02-31.
    expect(parseDeadline('31/02/2026').kind).toBe('unknown');
    expect(parseDeadline('Trước ngày 30/02/2026').kind).toBe('unknown');
    expect(parseDeadline('29/02/2028')).toMatchObject({ kind: 'date', due: '2028-02-29' });
  });

  it('treats an empty cell as none', () => {
    expect(parseDeadline('  ')).toEqual({ kind: 'none', text: '' });
    expect(parseDeadline('')).toEqual({ kind: 'none', text: '' });
  });
});

describe('isDeadlineText', () => {
  it('tells a deadline cell from an agency or a task text', () => {
    for (const text of ['Quý IV/2026', 'Thường xuyên', 'Hằng năm', '2025 - 2030', 'Khi có phát sinh.']) expect(isDeadlineText(text), text).toBe(true);
    for (const text of ['Sở Tài chính', 'Ngân sách địa phương', '', 'Xây dựng kho dữ liệu dùng chung', 'Tháng 13/2025']) expect(isDeadlineText(text), text).toBe(false);
  });
});
