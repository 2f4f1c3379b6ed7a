import { describe, expect, it } from 'vitest';
import { findTaskRef, parseAnswer, parseCommand, parseUpdateBody } from '../../src/officials/commands.ts';

describe('parseCommand', () => {
  it('reads slash commands, with a bot name suffix and with diacritics', () => {
    expect(parseCommand('/nhiemvu')).toEqual({ command: { kind: 'tasks' }, slash: true });
    expect(parseCommand('/quahan@HungYenBot')).toEqual({ command: { kind: 'overdue' }, slash: true });
    expect(parseCommand('/sapden')?.command).toEqual({ kind: 'upcoming' });
    expect(parseCommand('/capnhat PL1.29 đã trình UBND tỉnh dự thảo, đạt 80%')?.command).toEqual({
      kind: 'update',
      ref: 'PL1.29',
      body: 'đã trình UBND tỉnh dự thảo, đạt 80%',
    });
    expect(parseCommand('/cậpnhật pl2.3A: xong')?.command).toEqual({ kind: 'update', ref: 'PL2.3a', body: 'xong' });
    expect(parseCommand('/capnhat CQS2.1 đang triển khai')?.command).toEqual({ kind: 'update', ref: 'CQS2.1', body: 'đang triển khai' });
    expect(parseCommand('/capnhat')?.command).toEqual({ kind: 'update', ref: null, body: '' });
    expect(parseCommand('/lichsu PL1.29')?.command).toEqual({ kind: 'history', ref: 'PL1.29' });
    expect(parseCommand('/dangky abcd-2345')?.command).toEqual({ kind: 'register', code: 'abcd-2345' });
    expect(parseCommand('/dangky')?.command).toEqual({ kind: 'register', code: null });
    expect(parseCommand('/tatnhacnho')?.command).toEqual({ kind: 'reminders', enabled: false });
    expect(parseCommand('/start')?.command).toEqual({ kind: 'help' });
    expect(parseCommand('/xyz')?.command).toEqual({ kind: 'unknown', word: 'xyz' });
  });

  it('reads natural phrasing of officials, with and without diacritics', () => {
    expect(parseCommand('Nhiệm vụ của tôi')).toEqual({ command: { kind: 'tasks' }, slash: false });
    expect(parseCommand('viec cua don vi toi')?.command).toEqual({ kind: 'tasks' });
    expect(parseCommand('Nhiệm vụ quá hạn của đơn vị tôi?')?.command).toEqual({ kind: 'overdue' });
    expect(parseCommand('nhung viec sap den han cua chung toi')?.command).toEqual({ kind: 'upcoming' });
    expect(parseCommand('Cập nhật PL1.29: đã xong')?.command).toEqual({ kind: 'update', ref: 'PL1.29', body: 'đã xong' });
    expect(parseCommand('cap nhat tien do PL1.29 dat 50%')?.command).toEqual({ kind: 'update', ref: 'PL1.29', body: 'dat 50%' });
    expect(parseCommand('Lịch sử cập nhật PL1.29')?.command).toEqual({ kind: 'history', ref: 'PL1.29' });
    expect(parseCommand('Đăng ký ABCD-EFGH')?.command).toEqual({ kind: 'register', code: 'ABCD-EFGH' });
    expect(parseCommand('đăng ký tài khoản')).toBeNull();
  });

  it('leaves citizens’ questions to the engine', () => {
    expect(parseCommand('Nhiệm vụ nào quá hạn?')).toBeNull();
    expect(parseCommand('Ai chủ trì nhiệm vụ PL1.29?')).toBeNull();
    expect(parseCommand('Cập nhật PL1.29?')).toBeNull();
    expect(parseCommand('có')).toBeNull();
    expect(parseCommand('Sở Y tế chủ trì những nhiệm vụ nào')).toBeNull();
  });
});

describe('findTaskRef', () => {
  it('prefers a PL id, ignores text inside links', () => {
    expect(findTaskRef('PL 1.29 xong')).toMatchObject({ ref: 'PL1.29', type: 'id', index: 0, rest: 'xong' });
    expect(findTaskRef('xem https://x.vn/PL1.3 nhé')).toBeNull();
    expect(findTaskRef('CQS7.2: đang làm')).toMatchObject({ ref: 'CQS7.2', type: 'code', rest: 'đang làm' });
  });
});

describe('parseUpdateBody', () => {
  it('reads status, percentage, note and evidence link', () => {
    expect(parseUpdateBody('đã trình UBND tỉnh dự thảo, đạt 80% https://hungyen.gov.vn/vb/123.')).toEqual({
      ok: true,
      text: 'đã trình UBND tỉnh dự thảo, đạt 80%',
      status: null,
      percent: 80,
      note: 'đã trình UBND tỉnh dự thảo',
      evidenceUrl: 'https://hungyen.gov.vn/vb/123',
    });
    expect(parseUpdateBody('xong')).toMatchObject({ status: 'hoan_thanh', note: '' });
    expect(parseUpdateBody('Đã hoàn thành, đề án được phê duyệt')).toMatchObject({ status: 'hoan_thanh', note: 'Đã hoàn thành, đề án được phê duyệt' });
    expect(parseUpdateBody('da hoan thanh')).toMatchObject({ status: 'hoan_thanh', note: '' });
    expect(parseUpdateBody('đang triển khai, dự kiến hoàn thành tháng 12')).toMatchObject({ status: 'dang_trien_khai' });
    expect(parseUpdateBody('chưa triển khai do chưa có kinh phí')).toMatchObject({ status: 'chua_trien_khai' });
    expect(parseUpdateBody('gap vuong mac ve kinh phi')).toMatchObject({ status: 'vuong_mac' });
    expect(parseUpdateBody('hoàn thành 60%')).toMatchObject({ status: null, percent: 60 });
    expect(parseUpdateBody('đạt 120%')).toEqual({ ok: false, problem: 'percent_over_100', percent: 120 });
  });
});

describe('parseAnswer', () => {
  it('reads yes and no with and without diacritics', () => {
    for (const yes of ['có', 'Co', 'OK', 'đồng ý', 'Có.']) expect(parseAnswer(yes)).toBe('yes');
    for (const no of ['không', 'khong', 'huỷ', 'hủy', 'Không!']) expect(parseAnswer(no)).toBe('no');
    expect(parseAnswer('có những nhiệm vụ nào')).toBeNull();
  });
});
