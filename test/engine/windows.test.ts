import { describe, expect, it } from 'vitest';
import { parseWindow } from '../../src/engine/windows.ts';

describe('src/engine/windows.ts', () => {
  const TODAY = '2026-05-14';

  it('reads one window named alone, resolved against today', () => {
    expect(parseWindow('viec nao het han thang nay', TODAY)).toMatchObject({ from: '2026-05-01', to: '2026-05-31', label: 'tháng 5/2026' });
    expect(parseWindow('quy sau co gi den han', TODAY)).toMatchObject({ from: '2026-07-01', to: '2026-09-30' });
    expect(parseWindow('tu nay den het quy sau', TODAY)).toMatchObject({ from: TODAY, to: '2026-09-30' });
    expect(parseWindow('ke hoach giai doan 2026-2030', TODAY)).toBeNull();
    // A month named with "này"/"tới": its next coming, this one included.
    expect(parseWindow('thang 12 nay co viec gi', TODAY)).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(parseWindow('thang 3 toi phai xong gi', TODAY)).toMatchObject({ from: '2027-03-01', to: '2027-03-31' });
    expect(parseWindow('thang 5 nay', TODAY)).toMatchObject({ from: '2026-05-01' });
  });

  it('reads "trước tháng M" as from today to the end of the month before it', () => {
    expect(parseWindow('viec nao phai xong truoc thang 9/2026', TODAY)).toMatchObject({ from: TODAY, to: '2026-08-31', label: 'từ nay đến trước tháng 9/2026' });
    expect(parseWindow('han truoc thang 1 nam 2027', TODAY)).toMatchObject({ to: '2026-12-31' });
    // Without a year, the next such month: this May has begun, so the next is May 2027.
    expect(parseWindow('truoc thang 5', TODAY)).toMatchObject({ to: '2027-04-30' });
  });

  it('joins windows named side by side that follow on from each other into one', () => {
    expect(parseWindow('thang nay va thang sau co viec gi', TODAY)).toEqual({ from: '2026-05-01', to: '2026-06-30', label: 'tháng 5/2026 và tháng 6/2026' });
    expect(parseWindow('quy i hoac quy ii nam 2027 phai xong gi', TODAY)).toMatchObject({ from: '2027-01-01', to: '2027-06-30' });
    expect(parseWindow('thang nay va thang nay', TODAY)).toMatchObject({ from: '2026-05-01', to: '2026-05-31', label: 'tháng 5/2026' });
  });

  it('keeps the first window when the others named beside it do not follow on', () => {
    expect(parseWindow('han quy ii va muc tieu nam 2030', TODAY)).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
  });
});
