import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../src/catalogue/deadline.ts';

describe('parseDeadline', () => {
  it.each([
    ['Tháng 12/2025', { kind: 'date', due: '2025-12-31', precision: 'month' }],
    ['Tháng 02/2028', { kind: 'date', due: '2028-02-29', precision: 'month' }],
    ['tháng 9/2026', { kind: 'date', due: '2026-09-30', precision: 'month' }],
    ['Năm 2025', { kind: 'date', due: '2025-12-31', precision: 'year' }],
    ['2026', { kind: 'date', due: '2026-12-31', precision: 'year' }],
    ['Quý II/2025', { kind: 'date', due: '2025-06-30', precision: 'month' }],
    ['Trước 15/12/2025', { kind: 'date', due: '2025-12-15', precision: 'day' }],
    ['2025 - 2030', { kind: 'period', start: '2025-01-01', due: '2030-12-31' }],
    ['2025 -2030', { kind: 'period', start: '2025-01-01', due: '2030-12-31' }],
    ['2025- 2027', { kind: 'period', start: '2025-01-01', due: '2027-12-31' }],
    ['Giai đoạn 2025-2030', { kind: 'period', start: '2025-01-01', due: '2030-12-31' }],
    ['Thường xuyên', { kind: 'ongoing' }],
    ['Hàng năm', { kind: 'yearly' }],
    ['Hằng năm', { kind: 'yearly' }],
    ['Khi Trung ương có quy định mới', { kind: 'conditional' }],
    ['Theo lộ trình của Bộ Công an', { kind: 'conditional' }],
  ])('%s', (text, expected) => {
    expect(parseDeadline(text)).toMatchObject({ ...expected, text });
  });

  it('keeps unknown forms as printed instead of guessing', () => {
    expect(parseDeadline('Sau khi có vốn')).toEqual({ kind: 'unknown', text: 'Sau khi có vốn' });
    expect(parseDeadline('Tháng 13/2025').kind).toBe('unknown');
    expect(parseDeadline('2030 - 2025').kind).toBe('unknown');
  });

  it('treats an empty cell as none', () => {
    expect(parseDeadline('  ')).toEqual({ kind: 'none', text: '' });
  });
});
