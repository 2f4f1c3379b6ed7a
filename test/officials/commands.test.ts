import { describe, expect, it } from 'vitest';
import { codePrefixesOf, createReferenceParser } from '../../src/documents/references.ts';
import { findTaskRef, parseAnswer, parseCommand, parseUpdateBody } from '../../src/officials/commands.ts';
import { DOCUMENT_ID, PLAN_DOCUMENT_ID, tasks } from '../fixtures/officials-knowledge.ts';

/** The parser the service builds over the fixture alone: its code schemes (CQS, XHS) and its one document. */
const parser = createReferenceParser({ codePrefixes: codePrefixesOf(tasks.map((task) => task.code)), documentIds: [DOCUMENT_ID] });
/** The same with a second document loaded. */
const twoDocuments = createReferenceParser({ codePrefixes: codePrefixesOf(tasks.map((task) => task.code)), documentIds: [DOCUMENT_ID, PLAN_DOCUMENT_ID] });
const parse = (text: string) => parseCommand(text, parser);

describe('parseCommand', () => {
  it('reads slash commands, with a bot name suffix and with diacritics', () => {
    expect(parse('/nhiemvu')).toEqual({ command: { kind: 'tasks' }, slash: true });
    expect(parse('/quahan@HungYenBot')).toEqual({ command: { kind: 'overdue' }, slash: true });
    expect(parse('/sapden')?.command).toEqual({ kind: 'upcoming' });
    expect(parse('/baocao')?.command).toEqual({ kind: 'report' });
    expect(parse('/huy')?.command).toEqual({ kind: 'undo' });
    expect(parse('/capnhat PL1.29 đã trình UBND tỉnh dự thảo, đạt 80%')?.command).toEqual({
      kind: 'update',
      ref: 'PL1.29',
      documentId: null,
      body: 'đã trình UBND tỉnh dự thảo, đạt 80%',
    });
    expect(parse('/cậpnhật pl2.3A: xong')?.command).toEqual({ kind: 'update', ref: 'PL2.3a', documentId: null, body: 'xong' });
    expect(parse('/capnhat CQS2.1 đang triển khai')?.command).toEqual({ kind: 'update', ref: 'CQS2.1', documentId: null, body: 'đang triển khai' });
    expect(parse('/capnhat')?.command).toEqual({ kind: 'update', ref: null, documentId: null, body: '' });
    expect(parse('/lichsu PL1.29')?.command).toEqual({ kind: 'history', ref: 'PL1.29', documentId: null });
    expect(parse('/lichsu')?.command).toEqual({ kind: 'history', ref: null, documentId: null });
    expect(parse('/dangky abcd-2345')?.command).toEqual({ kind: 'register', code: 'abcd-2345' });
    expect(parse('/dangky')?.command).toEqual({ kind: 'register', code: null });
    expect(parse('/tatnhacnho')?.command).toEqual({ kind: 'reminders', enabled: false });
    expect(parse('/batnhacnho')?.command).toEqual({ kind: 'reminders', enabled: true });
    expect(parse('/start')?.command).toEqual({ kind: 'help' });
    expect(parse('/xyz')?.command).toEqual({ kind: 'unknown', word: 'xyz' });
  });

  it('reads a task further on in an update and cuts it out of the body', () => {
    expect(parse('/capnhat đã xong PL1.29')?.command).toEqual({ kind: 'update', ref: 'PL1.29', documentId: null, body: 'đã xong' });
  });

  it('reads the document a qualified id names', () => {
    expect(parse('/capnhat 719:PL1.29 đạt 50%')?.command).toEqual({ kind: 'update', ref: 'PL1.29', documentId: '719', body: 'đạt 50%' });
    expect(parseCommand('/capnhat 617:PL.3 đã triển khai', twoDocuments)?.command).toEqual({
      kind: 'update',
      ref: 'PL.3',
      documentId: '617',
      body: 'đã triển khai',
    });
    expect(parseCommand('/lichsu 617:PL.3', twoDocuments)?.command).toEqual({ kind: 'history', ref: 'PL.3', documentId: '617' });
    expect(parseCommand('Cập nhật 617:PL.1: đã bố trí kinh phí', twoDocuments)?.command).toEqual({
      kind: 'update',
      ref: 'PL.1',
      documentId: '617',
      body: 'đã bố trí kinh phí',
    });
    // A document that is not loaded is not a qualifier: the id is read bare.
    expect(parse('/capnhat 999:PL1.29 xong')?.command).toMatchObject({ kind: 'update', ref: 'PL1.29', documentId: null });
  });

  it('knows only the task codes of the loaded documents', () => {
    const noCodes = createReferenceParser({ codePrefixes: [], documentIds: [DOCUMENT_ID] });
    expect(parseCommand('/capnhat CQS2.1 đang triển khai', noCodes)?.command).toEqual({
      kind: 'update',
      ref: null,
      documentId: null,
      body: 'CQS2.1 đang triển khai',
    });
  });

  it('reads natural phrasing of officials, with and without diacritics', () => {
    expect(parse('Nhiệm vụ của tôi')).toEqual({ command: { kind: 'tasks' }, slash: false });
    expect(parse('viec cua don vi toi')?.command).toEqual({ kind: 'tasks' });
    expect(parse('Nhiệm vụ quá hạn của đơn vị tôi?')?.command).toEqual({ kind: 'overdue' });
    expect(parse('nhung viec sap den han cua chung toi')?.command).toEqual({ kind: 'upcoming' });
    expect(parse('Cập nhật PL1.29: đã xong')?.command).toEqual({ kind: 'update', ref: 'PL1.29', documentId: null, body: 'đã xong' });
    expect(parse('cap nhat tien do PL1.29 dat 50%')?.command).toEqual({ kind: 'update', ref: 'PL1.29', documentId: null, body: 'dat 50%' });
    expect(parse('Cập nhật nhiệm vụ số 29 phụ lục I: đã xong')?.command).toEqual({ kind: 'update', ref: 'PL1.29', documentId: null, body: 'đã xong' });
    expect(parse('Lịch sử cập nhật PL1.29')?.command).toEqual({ kind: 'history', ref: 'PL1.29', documentId: null });
    expect(parse('Đăng ký ABCD-EFGH')?.command).toEqual({ kind: 'register', code: 'ABCD-EFGH' });
    expect(parse('rút lại cập nhật vừa rồi')?.command).toEqual({ kind: 'undo' });
    expect(parse('đăng ký tài khoản')).toBeNull();
  });

  it('leaves citizens’ questions to the engine', () => {
    expect(parse('Nhiệm vụ nào quá hạn?')).toBeNull();
    expect(parse('Ai chủ trì nhiệm vụ PL1.29?')).toBeNull();
    expect(parse('Cập nhật PL1.29?')).toBeNull();
    expect(parse('có')).toBeNull();
    expect(parse('Sở Y tế chủ trì những nhiệm vụ nào')).toBeNull();
  });
});

describe('findTaskRef', () => {
  it('prefers a PL id, ignores text inside links', () => {
    expect(findTaskRef('PL 1.29 xong', parser)).toMatchObject({ ref: 'PL1.29', documentId: null, type: 'id', index: 0, rest: 'xong' });
    expect(findTaskRef('xem https://x.vn/PL1.3 nhé', parser)).toBeNull();
    expect(findTaskRef('CQS7.2: đang làm', parser)).toMatchObject({ ref: 'CQS7.2', documentId: null, type: 'code', rest: 'đang làm' });
    expect(findTaskRef('CQS7.2 tức PL2.36 đã xong', parser)).toMatchObject({ ref: 'PL2.36', type: 'id' });
  });

  it('reads a row named in words as an id, and a qualified id with its document', () => {
    expect(findTaskRef('phụ lục II dòng 36 đã tập huấn', parser)).toMatchObject({ ref: 'PL2.36', type: 'id', index: 0, rest: 'đã tập huấn' });
    expect(findTaskRef('719:PL1.29 đạt 20%', parser)).toMatchObject({ ref: 'PL1.29', documentId: '719', index: 0, rest: 'đạt 20%' });
    expect(findTaskRef('617:PL.3 đạt 20%', twoDocuments)).toMatchObject({ ref: 'PL.3', documentId: '617', type: 'id', index: 0, rest: 'đạt 20%' });
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
