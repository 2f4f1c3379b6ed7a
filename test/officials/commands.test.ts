import { describe, expect, it } from 'vitest';
import { codePrefixesOf, createReferenceParser } from '../../src/documents/references.ts';
import { amendmentOf, datesIn, findTaskRef, numberFromWords, parseAnswer, parseCommand, parseName, parseUpdateBody } from '../../src/officials/commands.ts';
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

  it('reads the opening of an ad-hoc period, in natural words and as a slash command', () => {
    const due = { text: '20/12', day: 20, month: 12, year: null };
    expect(parse('mở kỳ báo cáo đột xuất hạn 20/12: báo cáo tiến độ chuyển đổi số')?.command).toEqual({ kind: 'openPeriod', due, title: 'báo cáo tiến độ chuyển đổi số' });
    expect(parse('mo ky bao cao dot xuat han 20/12/2026 ve tien do chuyen doi so nhe')?.command).toEqual({
      kind: 'openPeriod',
      due: { text: '20/12/2026', day: 20, month: 12, year: 2026 },
      title: 'tien do chuyen doi so',
    });
    expect(parse('Đề nghị mở đợt báo cáo đột xuất về kết quả chuyển đổi số, hạn 15/1')?.command).toMatchObject({ kind: 'openPeriod', due: { day: 15, month: 1 }, title: 'kết quả chuyển đổi số' });
    expect(parse('/kydotxuat 20/12 báo cáo tiến độ')).toEqual({ command: { kind: 'openPeriod', due, title: 'báo cáo tiến độ' }, slash: true });
    expect(parse('/dotxuat')?.command).toEqual({ kind: 'openPeriod', due: null, title: '' });
    // Asking how is not opening.
    expect(parse('mở kỳ báo cáo đột xuất thế nào?')?.command.kind).not.toBe('openPeriod');
    expect(parse('/donduc DX3')?.command).toEqual({ kind: 'chase', period: 'DX3' });
    expect(parse('/donduc')?.command).toEqual({ kind: 'chase' });
  });

  it('reads "không thay đổi" for the remaining tasks or the tasks named, but not a question or a report with progress', () => {
    for (const text of ['không thay đổi', 'ko thay doi a', 'dạ bên em như kỳ trước ạ', 'các nhiệm vụ còn lại không có gì thay đổi', 'vẫn giữ nguyên ạ']) {
      expect(parse(text)?.command, text).toEqual({ kind: 'unchanged', refs: [] });
    }
    expect(parse('PL1.29 không thay đổi')?.command).toEqual({ kind: 'unchanged', refs: [{ ref: 'PL1.29', documentId: null }] });
    expect(parse('cập nhật PL1.29, PL1.20: giữ nguyên ạ')?.command).toEqual({
      kind: 'unchanged',
      refs: [
        { ref: 'PL1.29', documentId: null },
        { ref: 'PL1.20', documentId: null },
      ],
    });
    expect(parse('nhiệm vụ nào không thay đổi?')?.command.kind).not.toBe('unchanged');
    expect(parse('có thay đổi gì không')).toBeNull();
    expect(parse('PL1.29 vẫn đạt 60% không thay đổi')?.command.kind).toBe('update');
    // A draft's answer stays an answer.
    expect(parseAnswer('không thay đổi')).toBeNull();
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
    // Where to report is a question, not a report: "báo cáo qua đâu", "gửi về đâu".
    expect(parse('khi có vướng mắc thì báo cáo qua đâu')).toBeNull();
    expect(parse('bc PL1.29 gửi về đâu')).toBeNull();
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

describe('natural reports, answers and amendments', () => {
  it('reads a report in natural words, by id or by description, but not a question', () => {
    expect(parse('Dạ bên em báo cáo nhiệm vụ PL1.29: đã gửi xin ý kiến các huyện, đạt 20% ạ')?.command).toMatchObject({ kind: 'update', ref: 'PL1.29' });
    expect(parse('bc lai nv PL2.36 dat 15%')?.command).toMatchObject({ kind: 'update', ref: 'PL2.36', body: 'dat 15%' });
    expect(parse('Cập nhật nhiệm vụ PL1.29: đã có văn bản góp ý')?.command).toMatchObject({ kind: 'update', ref: 'PL1.29' });
    expect(parse('bc nv phần mềm quản lý hồ sơ lưu trữ: đạt 30%')?.command).toMatchObject({ kind: 'update', ref: null });
    expect(parse('Nhiệm vụ số hóa hồ sơ lưu trữ đang vướng vì thiếu máy quét, mới đạt 10%')?.command).toMatchObject({ kind: 'update', ref: null });
    expect(parse('bc nv PL1.29 toi dau roi')).toBeNull();
    expect(parse('báo cáo nhiệm vụ PL1.29 thế nào?')).toBeNull();
    // "nào" asks ("nv nào phải hoàn thành"), except in "nào đó".
    expect(parse('nv nao phai hoan thanh trong quy nay')?.command.kind).not.toBe('update');
    expect(parse('nhiệm vụ số hóa hồ sơ đã hoàn thành, còn vướng ở khâu nào đó')?.command).toMatchObject({ kind: 'update' });
  });

  it('reads registration, withdrawal, history and lists in natural words', () => {
    expect(parse('chào bạn, mình đăng ký mã AB12-CD34 nhé')?.command).toEqual({ kind: 'register', code: 'AB12-CD34' });
    expect(parse('gỡ giúp em bản cập nhật vừa gửi')?.command).toEqual({ kind: 'undo' });
    expect(parse('cho anh xem các lần cập nhật nv PL1.29')?.command).toEqual({ kind: 'history', ref: 'PL1.29', documentId: null });
    expect(parse('sở mình có bao nhiêu nhiệm vụ vậy')?.command).toEqual({ kind: 'tasks' });
    expect(parse('viec nao cua ben em bi qua han')?.command).toEqual({ kind: 'overdue' });
    expect(parse('các nhiệm vụ nào đang quá hạn mà chưa xong')?.command).toEqual({ kind: 'overdue' });
    expect(parse('Cho em báo cáo tổng hợp các đơn vị')?.command).toEqual({ kind: 'report' });
  });

  it('reads confirmations and cancellations with politeness words and reasons', () => {
    for (const yes of ['vâng, đúng rồi', 'ok luôn nhé', 'được rồi anh', 'chuẩn rồi ạ', 'Đúng rồi, lưu giúp mình']) expect(parseAnswer(yes), yes).toBe('yes');
    for (const no of ['thôi, để tuần sau em gửi', 'không, để em hỏi lại số liệu', 'để sau nhé', 'hủy ạ']) expect(parseAnswer(no), no).toBe('no');
    for (const other of ['không biết hạn là khi nào', 'thôi sửa thành 50%', 'nhiệm vụ của tôi']) expect(parseAnswer(other), other).toBeNull();
  });

  it('tells an explicit amendment and what it does', () => {
    expect(amendmentOf('sửa thành 45% nhé')).toEqual({ kind: 'replace', body: '45% nhé' });
    expect(amendmentOf('Bổ sung: có công văn số 12 gửi các sở')).toEqual({ kind: 'add', body: 'có công văn số 12 gửi các sở' });
    expect(amendmentOf('hạn của nhiệm vụ này là khi nào')).toBeNull();
  });
});

describe('parseUpdateBody: figures and status in natural words', () => {
  it('reads percentages written in words', () => {
    expect(numberFromWords('sáu mươi lăm')).toBe(65);
    expect(numberFromWords('muoi lam')).toBe(15);
    expect(numberFromWords('một trăm')).toBe(100);
    expect(parseUpdateBody('đã xong hai đợt, ước đạt sáu mươi lăm phần trăm')).toMatchObject({ ok: true, percent: 65 });
    expect(parseUpdateBody('nam nay dat ba muoi phan tram')).toMatchObject({ ok: true, percent: 30 });
  });

  it('takes the overall figure, not a share inside the note', () => {
    expect(parseUpdateBody('đã cấp 100% máy tính cho các phòng, tổng thể đạt 35%')).toMatchObject({ ok: true, percent: 35 });
    expect(parseUpdateBody('90% xã đã kết nối, 40% hộ dân dùng thử; nhiệm vụ đạt khoảng 25% ạ')).toMatchObject({ ok: true, percent: 25 });
    expect(parseUpdateBody('đã hoàn thành 60% khối lượng')).toMatchObject({ ok: true, percent: 60 });
  });

  it('reads "done" as 100%, a part done as progress, a reason as blocked', () => {
    expect(parseUpdateBody('quy chế đã được ban hành, hoàn thành')).toMatchObject({ ok: true, status: 'hoan_thanh', percent: 100 });
    expect(parseUpdateBody('đã xong phần khảo sát, đang viết báo cáo')).toMatchObject({ ok: true, status: 'dang_trien_khai', percent: null });
    expect(parseUpdateBody('đã hoàn thành 3/7 hạng mục')).toMatchObject({ ok: true, percent: null });
    expect(parseUpdateBody('chưa khởi công được vì chưa có mặt bằng')).toMatchObject({ ok: true, status: 'vuong_mac' });
  });
});

describe('parseName', () => {
  it('reads a full name with a lead-in and politeness, with or without marks, title-cased', () => {
    expect(parseName('Dạ, em là Nguyễn Thị Mai ạ')).toBe('Nguyễn Thị Mai');
    expect(parseName('ten e la vu duc long nhe')).toBe('Vu Duc Long');
    expect(parseName('Hoàng Anh')).toBe('Hoàng Anh');
    expect(parseName('Tôi tên là Đỗ Minh Khoa, chuyên viên phòng Kế hoạch.')).toBe('Đỗ Minh Khoa');
  });

  it('refuses what is a question, a report, a confirmation or a single word', () => {
    expect(parseName('nhiệm vụ của tôi là gì')).toBeNull();
    expect(parseName('bc nv PL1.2 xong')).toBeNull();
    expect(parseName('đồng ý')).toBeNull();
    expect(parseName('Tuấn')).toBeNull();
    expect(parseName('một hai ba bốn năm sáu')).toBeNull();
  });
});

describe('datesIn', () => {
  it('finds dates after "ngày" or written in full, not counts', () => {
    expect(datesIn('đã họp ngày 5/4, trình ngay 15-12 và xong 01/02/2027')).toEqual([
      { text: '5/4', day: 5, month: 4, year: null },
      { text: '15-12', day: 15, month: 12, year: null },
      { text: '01/02/2027', day: 1, month: 2, year: 2027 },
    ]);
    expect(datesIn('hoàn thành 5/9 hạng mục, ngày 40/13')).toEqual([]);
  });
});

describe('officials in their own words, without the usual verbs', () => {
  it('reads a task id with progress as an implicit report, and a question about it as a question', () => {
    expect(parse('PL1.29 hội thảo xong đợt một, đạt 35%')?.command).toMatchObject({ kind: 'update', ref: 'PL1.29', implicit: true });
    expect(parse('Dạ nhiệm vụ PL1.29 bên em đang vướng vì thiếu kinh phí ạ')?.command).toMatchObject({ kind: 'update', ref: 'PL1.29' });
    expect(parse('PL1.29 đạt bao nhiêu % rồi?')).toBeNull();
    expect(parse('PL1.29 do ai chủ trì')).toBeNull();
  });

  it('reads short confirmations, withdrawals, counts and the period board in chat words', () => {
    expect(parseAnswer('ok chuẩn')).toBe('yes');
    expect(parseAnswer('uh đúng r')).toBe('yes');
    expect(parse('e gửi nhầm, rút lại cái vừa rồi giúp e')?.command).toEqual({ kind: 'undo' });
    expect(parse('chi nhánh mình chủ trì mấy nhiệm vụ')?.command).toEqual({ kind: 'tasks' });
    expect(parse('kỳ báo cáo này thế nào rồi')?.command).toEqual({ kind: 'period' });
    expect(parse('những sở nào chưa nộp báo cáo')?.command).toEqual({ kind: 'period' });
    expect(parse('đôn đốc giúp các đơn vị còn chưa gửi')?.command).toEqual({ kind: 'chase' });
  });
});

describe('more of the words officials use', () => {
  it('reads a remark on a task as an implicit comment, and "sao lưu" as a statement, not a question', () => {
    expect(parse('Sở Tài chính góp ý nhiệm vụ PL1.29: nên tách kinh phí theo năm')?.command).toMatchObject({ kind: 'update', ref: 'PL1.29', implicit: true });
    expect(parse('bên em có ý kiến về nv PL1.29: bổ sung phương án sao lưu dữ liệu')?.command).toMatchObject({ kind: 'update', ref: 'PL1.29', implicit: true });
    expect(parse('PL1.29 có ý kiến gì chưa?')).toBeNull();
  });

  it('reads registration with a few words before the code', () => {
    expect(parse('Kính chào, tôi xin đăng ký tài khoản cán bộ với mã ABCD-2345 ạ')?.command).toEqual({ kind: 'register', code: 'ABCD-2345' });
    expect(parse('đăng ký tài khoản cần mã gì')).toBeNull();
  });

  it('confirms with what to do with the draft, and does not take "thời hạn …" for "thôi"', () => {
    for (const yes of ['Dạ đồng ý lưu báo cáo ạ', 'Đồng ý gửi.', 'ok lưu cập nhật này']) expect(parseAnswer(yes), yes).toBe('yes');
    for (const other of ['Thời hạn của nhiệm vụ này là khi nào?', 'thoi han nv nay den bao gio', 'thời gian còn bao lâu']) expect(parseAnswer(other), other).toBeNull();
    expect(parseAnswer('thôi, để mai')).toBe('no');
  });

  it('reads "ls"/"lịch sử" + a task as the history, a yes with "ạ" before "lưu", and who has reported as the board', () => {
    expect(parse('ls cap nhat PL1.29')?.command).toEqual({ kind: 'history', ref: 'PL1.29', documentId: null });
    expect(parse('lịch sử PL1.29')?.command).toEqual({ kind: 'history', ref: 'PL1.29', documentId: null });
    expect(parse('nhiệm vụ bảo tồn di tích lịch sử do ai chủ trì')).toBeNull();
    expect(parseAnswer('Có ạ, lưu giúp em.')).toBe('yes');
    expect(parse('quý này những dv nào bc rồi')?.command).toEqual({ kind: 'period' });
  });

  it('reads a coordinator asking who has not reported, and asking to chase those just listed', () => {
    expect(parse('con ai chua nop bc quy nay')?.command).toEqual({ kind: 'period' });
    expect(parse('đơn vị nào chưa có báo cáo quý này')?.command).toEqual({ kind: 'period' });
    expect(parse('Nhờ trợ lý đôn đốc giúp các đơn vị đó.')?.command).toEqual({ kind: 'chase' });
  });
});
