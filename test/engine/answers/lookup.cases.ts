/**
 * Free-text lookup (src/engine/answers/lookup.ts) over the real 719: an appendix named in a who-question says where
 * to look, and a question about a reporting period is not one about the signing date.
 *
 * Not a test file of its own: ../engine.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mostSpoken, namedAppendix } from '../../../src/engine/answers/lookup.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { ask, realEngine } from '../support.ts';
import { ALL_AGENCIES, fixtureTask, officialsDocument } from '../../fixtures/officials-knowledge.ts';
import { engineOver, snapshotOf } from '../../support/knowledge.ts';

describe('src/engine/answers/lookup.ts', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await realEngine();
  });

  it('takes, of rows in score order, the one that speaks most, and the higher scored of two that speak about as much', () => {
    const support = new Map([['first', 0.3], ['second', 0.5], ['third', 0.49]]);
    expect(mostSpoken(['first', 'second', 'third'], (row) => support.get(row)!)).toBe('second');
    expect(mostSpoken(['third', 'second', 'first'], (row) => support.get(row)!)).toBe('third');
    expect(mostSpoken([], (row: string) => support.get(row)!)).toBeUndefined();
  });

  it('reads the appendix a question names', () => {
    expect(namedAppendix('ai chu tri viec nay o phu luc ii')).toBe(2);
    expect(namedAppendix('trong pl 1 co gi')).toBe(1);
    expect(namedAppendix('co may phu luc')).toBeNull();
  });

  it('answers a long story from the row that holds two rare names it gives, and still refuses one that names none', async () => {
    const story = 'Chú ở quê, con trai chú chạy xe giao hàng cho mấy công ty, chú nghe nó bảo tỉnh mời cả Ninjavan lẫn Logivan về, có thật vậy không cháu';
    const reply = await ask(engine, story);
    expect(reply.outcome).toBe('answered');
    expect(reply.citations[0]?.id).toBe('PL2.152');
    expect((await ask(engine, 'Chú ở quê, con trai chú chạy xe giao hàng cho mấy công ty, lương tháng này có được tăng không cháu')).outcome).not.toBe('answered');
  });

  it('prefers the row of the named appendix when the words fit rows of both', async () => {
    const inSecond = await ask(engine, 'Số hóa hồ sơ, tài liệu ở phụ lục 2 do cơ quan nào chủ trì?');
    expect(inSecond.citations[0]?.id).toMatch(/^PL2\./u);
    const inFirst = await ask(engine, 'Số hóa hồ sơ, tài liệu ở phụ lục 1 do cơ quan nào chủ trì?');
    expect(inFirst.citations[0]?.id).toMatch(/^PL1\./u);
  });

  it('reads payments without cash ("không dùng tiền mặt") as a topic, not as the money of the programme', async () => {
    const reply = await ask(engine, 'bệnh viện có thu viện phí không dùng tiền mặt không, chương trình nói gì');
    expect(reply.citations.map((citation) => citation.id)).not.toContain('III');
    const funding = await ask(engine, 'tiền ở đâu ra để làm chương trình này');
    expect(funding.citations.map((citation) => citation.id)).toContain('III');
    const cost = await ask(engine, 'kế hoạch này tốn bao nhiêu kinh phí');
    expect(cost.citations.map((citation) => citation.id)).toContain('III');
    const bill = await ask(engine, 'công tơ điện tử đo tiền điện có trong chương trình không');
    expect(bill.citations.map((citation) => citation.id)).not.toContain('III');
  });

  it("quotes whole the clauses of the part on organising the work that give the asked agency a role", async () => {
    const finance = await ask(engine, 'phần tổ chức thực hiện giao cho sở tài chính làm việc gì vậy');
    expect(finance.citations.map((citation) => citation.id)).toEqual(['IV.3']);
    expect(finance.text).toContain('bố trí kinh phí');
    // A role whose clauses run on past a semicolon is quoted to its end, not cut at the first clause.
    const science = await ask(engine, 'trong khâu tổ chức thực hiện thì sở khcn đảm nhận những gì');
    expect(science.citations[0]?.id).toBe('IV.2');
    expect(science.text).toContain('đôn đốc');
    expect(science.text).toContain('nhu cầu kinh phí');
  });

  it('answers who a farming task serves asked by who they are ("nông dân"), from the farming rows', async () => {
    const reply = await ask(engine, 'bà con nông dân được chương trình này hỗ trợ những gì');
    expect(reply.citations[0]?.kind).toBe('task');
    expect(reply.text.split('\n').slice(0, 3).join(' ')).toContain('Sở Nông nghiệp và Môi trường');
  });

  it('answers the asking part of a farmer\'s story about the programme of the province from the farming rows', async () => {
    const reply = await ask(engine, 'chào ad, nhà em làm ruộng với nuôi gà ở Hưng Yên lâu rồi. chương trình chuyển đổi số của tỉnh có gì giúp nông dân như em không');
    expect(reply.outcome).toBe('answered');
    expect(reply.text.split('\n').slice(0, 3).join(' ')).toContain('Sở Nông nghiệp và Môi trường');
  });

  it('asks which target when a figure is asked of a target with nothing to say which', async () => {
    expect(await ask(engine, 'chỉ tiêu tới năm 2030 đạt được bao nhiêu %')).toMatchObject({ outcome: 'clarification', reason: 'which_target' });
    expect((await ask(engine, 'chỉ tiêu hồ sơ trực tuyến tới năm 2030 đạt bao nhiêu %')).outcome).toBe('answered');
  });

  it('asks which task for "ai chủ trì" with only a word to the assistant beside it', async () => {
    expect((await ask(engine, 'thế ai chủ trì hả bạn')).outcome).toBe('clarification');
  });

  it("lists an agency's tasks of every appendix when the question names more than one", async () => {
    const reply = await ask(engine, 'sở giáo dục và đào tạo chủ trì những việc gì, tính cả phụ lục I và phụ lục II');
    const cited = reply.citations.map((citation) => citation.id);
    expect(cited.some((id) => id.startsWith('PL1.'))).toBe(true);
    expect(cited.some((id) => id.startsWith('PL2.'))).toBe(true);
  });

  it("lists an agency's tasks when asked its duties without naming a part", async () => {
    const reply = await ask(engine, 'sở giáo dục và đào tạo có trách nhiệm gì');
    expect(reply.citations.length).toBeGreaterThan(3);
    expect(reply.citations.every((citation) => citation.kind === 'task')).toBe(true);
  });

  it('shows under a quoted section the row that carries it out, when one scores close and speaks to the question', async () => {
    const reply = await ask(engine, 'người dân có được học kỹ năng số trực tuyến miễn phí không');
    const cited = reply.citations.map((citation) => citation.id);
    expect(reply.citations[0]?.kind).toBe('section');
    expect(cited.some((id) => id === 'PL2.130' || id === 'PL2.129')).toBe(true);
    expect(reply.text).toContain('Nhiệm vụ liên quan:');
    // A section that no row speaks to stays alone.
    const alone = await ask(engine, 'chương trình quán triệt quan điểm gì');
    expect(alone.text).not.toContain('Nhiệm vụ liên quan:');
  });

  it('reads filing "không phụ thuộc địa giới" as the task that removes the boundary', async () => {
    const reply = await ask(engine, 'thủ tục hành chính có giải quyết không phụ thuộc địa giới không');
    expect(reply.citations[0]?.id).toBe('PL1.3');
  });

  it('reads mobile coverage asked as "phủ sóng" in the network the text brings to every commune', async () => {
    for (const question of ['điện thoại di động có được phủ sóng tới mọi xã không?', 'mạng 5G có phủ hết các xã không']) {
      const reply = await ask(engine, question);
      expect(reply.outcome, question).toBe('answered');
      expect(reply.text, question).toMatch(/100% xã, phường/u);
    }
  });

  it('answers "báo cáo định kỳ khi nào" from the reporting duty, not with the signing date', async () => {
    const reply = await ask(engine, 'các sở phải gửi báo cáo định kỳ khi nào?');
    expect(reply.citations.map((citation) => citation.id)).toContain('IV.1');
    expect(reply.text).not.toMatch(/ban hành ngày/u);
  });

  it('answers "theo đề nghị của ai" with the proposal alone, and lists bases within a chat message', async () => {
    const proposal = await ask(engine, 'quyết định này ban hành theo tờ trình nào?');
    expect(proposal.text).toMatch(/Theo đề nghị của .*Tờ trình số/u);
    expect(proposal.text).not.toMatch(/Căn cứ Luật/u);
    const bases = await ask(engine, 'quyết định được ban hành căn cứ những văn bản nào?');
    const bullets = bases.text.split('\n').filter((line) => line.startsWith('• '));
    expect(bullets.length).toBeLessThanOrEqual(5);
    expect(bases.text).toMatch(/… và \d+ căn cứ khác\./u);
    expect(bases.text.length).toBeLessThan(900);
  });

  it('never quotes a heading alone: a purpose asked in passing gets the purpose\'s items', async () => {
    const reply = await ask(engine, 'ct này hướng tới mục đích gì');
    expect(reply.citations.map((citation) => citation.id)).toEqual(expect.arrayContaining(['I.1.a', 'I.1.b']));
    const quoted = reply.text.split('\n').filter((line) => line.startsWith('"'));
    expect(quoted.filter((line) => /^"(?:[IVX]+|\d+)\.\s[^"]{0,30}"$/u.test(line))).toEqual([]);
    // Two items share the room of eight: each shows more than its opening words.
    expect(reply.text).toContain('Nghị quyết số 57-NQ/TW');
  });

  it('answers where the money of the programme as a whole comes from with its own funding part', async () => {
    const reply = await ask(engine, 'tiền ở đâu ra để làm chương trình này vậy');
    expect(reply.citations[0]?.id).toBe('III');
    expect(reply.text).toContain('ngân sách nhà nước');
  });

  it('reads an agency\'s responsibility for money from the part that assigns roles', async () => {
    const reply = await ask(engine, 'về kinh phí thì Sở Tài chính có trách nhiệm như thế nào?');
    expect(reply.citations.map((citation) => citation.id)).toContain('IV.3');
    expect(reply.text).toContain('bố trí kinh phí');
  });

  it('lists the whole group of tasks a topic names, when one group is titled by it', async () => {
    const reply = await ask(engine, 'tỉnh có những việc gì cho năng lượng số');
    expect(reply.reason).toBe('group');
    expect(reply.text).toMatch(/^Nhóm KTS10 /u);
    expect(reply.citations.length).toBe(3);
  });

  it('lists a group a topic names when the question asks what it holds ("bao gồm những gì")', async () => {
    const reply = await ask(engine, 'năng lượng số thì bao gồm những gì');
    expect(reply.reason).toBe('group');
    expect(reply.text).toMatch(/^Nhóm KTS10 /u);
  });

  it('answers "trên trang web nào" with the row that prints a web address, not the section on the same topic', async () => {
    const reply = await ask(engine, 'muốn tra nguồn gốc nông sản thì vào trang web nào');
    expect(reply.citations[0]?.id).toBe('PL2.83');
    expect(reply.text).toContain('hy.check');
  });

  it('answers a question said in other words than the row (a synonym), instead of refusing it', async () => {
    const reply = await ask(engine, 'giấy tờ hành chính có thể nộp ở bất cứ đâu trong tỉnh chứ');
    expect(reply.outcome).toBe('answered');
    expect(reply.citations.map((citation) => citation.id)).toContain('PL1.3');
  });

  it('does not take a group for a topic by one syllable the title shares with another word', async () => {
    // "mở" of "dữ liệu mở" folds like "mô" of "mô hình": a group titled "… mô hình kinh doanh" is not what is asked.
    const reply = await ask(engine, 'cổng dữ liệu mở có những việc gì');
    expect(reply.reason).not.toBe('group');
  });

  it('answers a lettered block of a table named by its heading with its groups', async () => {
    const reply = await ask(engine, 'xa hoi so gom nhung viec gi, noi de hieu thoi');
    expect(reply.reason).toBe('group');
    expect(reply.text).toMatch(/^Khối C — .*XÃ HỘI SỐ: \d+ nhiệm vụ, chia làm \d+ nhóm:/u);
    expect(reply.text).toMatch(/• XHS1\. /u);
    // Something narrower than the block is a topic of its own.
    const narrower = await ask(engine, 'xã hội số có những việc gì về y tế từ xa');
    expect(narrower.text).not.toMatch(/^Khối C/u);
  });

  it('counts the groups of a block named by its heading, its groups\' code letters beside it', async () => {
    const reply = await ask(engine, 'phụ lục 2, khối xã hội số (XHS) chia thành bao nhiêu nhóm mã?');
    expect(reply.reason).toBe('group');
    expect(reply.text).toMatch(/^Khối C — .*XÃ HỘI SỐ: \d+ nhiệm vụ, chia làm \d+ nhóm:/u);
  });

  it('refuses opening hours and prices of a service that only share a place with a task', async () => {
    for (const question of ['thứ bảy sở y tế có tiếp dân không', 'phòng khám ở phường t7 có mở cửa không', 'giá phòng khách sạn gần đền Mẫu bao nhiêu']) {
      const reply = await ask(engine, question);
      expect(reply.refused, question).toBe(true);
    }
  });

  it('answers a list of things asked with the rows close to the best, not one row', async () => {
    const reply = await ask(engine, 'những phần mềm nào sẽ được triển khai cho trường học');
    expect(reply.citations.filter((citation) => citation.kind === 'task').length).toBeGreaterThanOrEqual(3);
    const one = await ask(engine, 'phần mềm quản lý trường học do ai triển khai');
    expect(one.citations.filter((citation) => citation.kind === 'task').length).toBeLessThanOrEqual(2);
  });

  it('quotes the clause that holds the share when a share or a target figure is asked', async () => {
    const reply = await ask(engine, 'ngân sách cho khoa học và chuyển đổi số hằng năm chiếm bao nhiêu %');
    expect(reply.text.split('\n')[1]).toContain('3%');
    const target = await ask(engine, 'về tiêu dùng trên môi trường số thì đặt chỉ tiêu thế nào');
    expect(target.text.split('\n')[1]).toContain('70%');
  });

  it('leans a follow-up on the agency\'s tasks on the topic asked, not on the others it holds', async () => {
    const conversationId = 'agency-topic-follow-up';
    const first = await ask(engine, 'công an tỉnh làm gì về camera giám sát thông minh', { conversationId });
    expect(first.citations.length).toBeGreaterThan(1);
    const next = await ask(engine, 'thế hạn khi nào?', { conversationId });
    expect(next.outcome).toBe('answered');
    expect(next.citations[0]?.id).toBe(first.citations[0]?.id);
  });

  it('shows each row\'s result in an agency\'s list when the result is asked, and closes a printed value once', async () => {
    const reply = await ask(engine, 'Sở Y tế chủ trì những nhiệm vụ gì, kết quả thế nào?');
    expect(reply.reason).toBe('agency_tasks');
    expect(reply.text).toContain('— Kết quả: ');
    const plain = await ask(engine, 'Sở Y tế chủ trì những nhiệm vụ gì?');
    expect(plain.text).not.toContain('— Kết quả: ');
    expect(reply.text).not.toMatch(/[^.]\.\.(?!\.)/u);
  });

  it('gives the day a quoted reporting rule sets in the quarter asked about', async () => {
    const reply = await ask(engine, 'báo cáo của quý sau phải gửi trước ngày nào', { today: '2026-04-20' });
    expect(reply.citations.map((citation) => citation.id)).toContain('IV.1');
    expect(reply.text).toContain('quý III/2026: trước ngày 10/09/2026');
    const general = await ask(engine, 'báo cáo định kỳ gửi cho cơ quan nào');
    expect(general.text).not.toMatch(/trước ngày \d{2}\/\d{2}\/\d{4}/u);
  });

  it('shows the later clause of a long row that holds what was asked, after the row\'s start', async () => {
    const reply = await ask(engine, 'việc giải quyết thủ tục không phụ thuộc vào địa giới hành chính trong phạm vi tỉnh do ai làm');
    expect(reply.citations[0]?.id).toBe('PL1.3');
    const heading = reply.text.split('\n')[0]!;
    expect(heading.startsWith('Đẩy mạnh tái cấu trúc')).toBe(true);
    expect(heading).toContain('không phụ thuộc vào địa giới hành chính');
  });

  it('asks which agency when a list is asked of an agency by its kind alone', async () => {
    for (const question of ['xem giúp các việc được giao của sở', 'sở cần làm những nhiệm vụ gì']) {
      const reply = await ask(engine, question);
      expect(reply.outcome, question).toBe('clarification');
      expect(reply.reason, question).toBe('which_agency');
    }
    expect((await ask(engine, 'Sở Y tế cần làm những nhiệm vụ gì')).reason).toBe('agency_tasks');
  });

  it('answers from the sub-section that speaks to the question when only its heading scores near the best', async () => {
    const reply = await ask(engine, 'đô thị thông minh sẽ xây ở phường nào vậy');
    expect(reply.outcome).toBe('answered');
    expect(reply.citations[0]?.id).toBe('II.A.6.a');
    expect(reply.text).toContain('Phố Hiến');
  });

  it('answers "trên trang web nào" from the row that prints the address, though a section on the topic scores higher', async () => {
    for (const question of ['tỉnh có hệ thống tra cứu nguồn gốc nông sản không, trên trang web nào', 'ở tỉnh có áp dụng truy xuất nguồn gốc cho nông sản chưa, xem ở trang web nào']) {
      const reply = await ask(engine, question);
      expect(reply.citations[0]?.id, question).toBe('PL2.83');
      expect(reply.text, question).toContain('hy.check.net.vn');
    }
  });

  it('reads "xã, phường có phải phối hợp không" after a task as a follow-up about its partners', async () => {
    const conversationId = 'communes-partner-follow-up';
    const first = await ask(engine, 'ai chủ trì việc hoàn thiện camera giám sát thông minh', { conversationId });
    const next = await ask(engine, 'xã, phường có phải phối hợp không?', { conversationId });
    expect(next.citations[0]?.id).toBe(first.citations[0]?.id);
    expect(next.text).toContain('UBND các xã, phường');
  });

  it('answers STEM at school from the row on integrated education, where STEM is printed as an example', async () => {
    expect((await ask(engine, 'trường cấp 2 của cháu có được dạy STEAM không')).citations[0]?.id).toBe('PL2.127');
  });

  it('shows each row\'s funding in a group\'s list when the funding is asked, and not otherwise', async () => {
    const funded = await ask(engine, 'nhóm CQS8 có những nhiệm vụ gì, kinh phí từ nguồn nào');
    const rows = funded.text.split('\n').filter((line) => line.startsWith('• '));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row).toContain('— Nguồn vốn: ');
    expect((await ask(engine, 'nhóm CQS8 có những nhiệm vụ gì')).text).not.toContain('— Nguồn vốn: ');
  });

  it('answers a follow-up on what a task must deliver ("kết quả phải ra được những gì")', async () => {
    const conversationId = 'result-follow-up';
    await ask(engine, 'việc lập quỹ chi cho nhiệm vụ khoa học công nghệ do sở nào lo?', { conversationId });
    const next = await ask(engine, 'kết quả phải ra được những gì', { conversationId });
    expect(next.citations[0]?.id).toBe('PL1.11');
    expect(next.text).toContain('Kết quả: Đề án được phê duyệt');
  });

  it('quotes for "phường nào" the clause that names the ward, before one that only shares the topic', async () => {
    for (const question of ['tỉnh định hướng phường nào thành đô thị thông minh', 'phuong nao duoc dinh huong len do thi thong minh']) {
      expect((await ask(engine, question)).text.split('\n')[1], question).toContain('phường Phố Hiến');
    }
  });

  it('answers "mấy sao" from the clause that counts in stars', async () => {
    for (const question of ['sản phẩm OCOP của tỉnh được nâng lên mấy sao', 'tinh muon san pham ocop len may sao']) {
      expect((await ask(engine, question)).text, question).toContain('OCOP 4 đến 5 sao');
    }
  });

  it('keeps a window\'s list to the appendix the question names', async () => {
    const named = await ask(engine, 'trong phụ lục II những nhiệm vụ nào hạn năm 2026');
    expect(named.reason).toBe('window');
    expect(named.citations.length).toBeGreaterThan(0);
    for (const citation of named.citations) expect(citation.id).toMatch(/^PL2\./u);
    expect((await ask(engine, 'những nhiệm vụ nào hạn năm 2026')).citations.some((citation) => citation.id.startsWith('PL1.'))).toBe(true);
  });

  it('asks which task for a deadline asked of nothing ("hạn cuối")', async () => {
    expect((await ask(engine, 'hạn cuối thế nào')).reason).toBe('which_task');
  });

  it('lists for "A phối hợp với B" the tasks B leads that name A a partner, and says so when none does', async () => {
    const shared = await ask(engine, 'UBND cấp xã cần phối hợp với Sở Công Thương những việc gì');
    expect(shared.reason).toBe('agency_tasks');
    expect(shared.citations.map((citation) => citation.id)).toEqual(['PL2.46', 'PL2.47', 'PL2.48', 'PL2.49', 'PL2.50']);
    expect(shared.list).toMatchObject({ agency: 'so-ct', role: 'lead', partner: 'ubnd-xa' });
    const none = await ask(engine, 'Sở Y tế phối hợp với Sở Công Thương những việc gì');
    expect(none.text.split('\n')[0]).toContain('Không nhiệm vụ nào do Sở Công Thương chủ trì');
    expect(none.citations.length).toBeGreaterThan(5);
    expect(none.list?.partner).toBeUndefined();
  });

  it('does not read money a person moved as the programme\'s funding', async () => {
    for (const question of ['Bà tôi suýt chuyển tiền cho kẻ giả danh. Chương trình có tuyên truyền cho dân về lừa đảo trên mạng không?', 'bo toi vua bi lua mat tien qua dien thoai, chuong trinh co noi gi ve phong chong lua dao tren mang khong']) {
      const reply = await ask(engine, question);
      expect(reply.citations.map((citation) => citation.id), question).not.toContain('III');
    }
    expect((await ask(engine, 'tiền làm chương trình này lấy ở đâu')).citations[0]?.id).toBe('III');
  });

  it('answers who arranges the money from who does it, not from the part that says where the money comes from', async () => {
    const reply = await ask(engine, 'Tôi làm thủ quỹ cho một hợp tác xã, chủ nhiệm cứ bảo tỉnh sắp rót tiền cho chuyển đổi số, bắt tôi tìm hiểu xem tiền đó ở đâu ra. Cho hỏi cơ quan nào lo bố trí kinh phí hằng năm cho Chương trình 719?');
    expect(reply.text).toContain('Sở Tài chính');
  });

  it('shows under a quoted section the row that scores nearly as well, though a long story speaks less to its few words', async () => {
    const courses = await ask(engine, 'Tôi về hưu rồi, con cháu ở xa, muốn tự học dùng máy tính và điện thoại. Người dân có được học kỹ năng số miễn phí trên mạng không?');
    expect(courses.citations.map((citation) => citation.id)).toContain('PL2.130');
    const shop = await ask(engine, 'Nhà tôi bán tạp hóa nhỏ ở chợ, muốn bán thêm qua mạng mà chưa biết gì. Tỉnh có giúp hộ kinh doanh nhỏ bán hàng trên sàn thương mại điện tử không?');
    expect(shop.citations.map((citation) => citation.kind)).toEqual(['section', 'task']);
  });

  it('quotes the part on reporting for a reporting frame in the document named, though few of its words match, and not without the document', async () => {
    const named = await ask(engine, 'chương trình 719 quy định nộp báo cáo quý 1 hạn ngày nào');
    expect(named.outcome).toBe('answered');
    expect(named.citations[0]?.id).toMatch(/^IV/u);
    expect(named.text).toContain('ngày 10');
    expect((await ask(engine, 'nộp báo cáo thuế quý 1 hạn ngày nào')).outcome).toBe('out_of_scope');
  });

  it('keeps a group named in the topic ("dữ liệu doanh nghiệp") in what is searched, and reads "nhiệm vụ của ai" as who leads', async () => {
    const reply = await ask(engine, 'Đưa thông tin thuế, bảo hiểm xã hội vào cơ sở dữ liệu doanh nghiệp là nhiệm vụ của ai?');
    expect(reply.reason).toBe('task');
    expect(reply.citations[0]?.id).toBe('PL2.18');
  });

  it('knows an agency typed short ("sở gd") by its full name, so the question is not taken for a look-alike', async () => {
    const reply = await ask(engine, 'sở gd có làm học bạ số không, bao giờ');
    expect(reply.outcome).toBe('answered');
    expect(reply.text).toContain('Sở Giáo dục và Đào tạo');
  });
});

describe('src/engine/answers/lookup.ts: rows that tie on a deadline asked to the day', () => {
  let engine: Engine;
  beforeAll(async () => {
    const lead = { text: ALL_AGENCIES, ids: ['tat-ca'] };
    const rows = [
      fixtureTask({ id: 'PL1.40', name: 'Ban hành kế hoạch kiểm tra công tác cải cách hành chính của cơ quan, đơn vị', lead, partners: null, deadline: { kind: 'date', text: 'Trong tháng 01/2026', due: '2026-01-31', precision: 'month' } }),
      fixtureTask({ id: 'PL1.41', name: 'Ban hành kế hoạch tuyên truyền công tác cải cách hành chính của cơ quan, đơn vị', lead, partners: null, deadline: { kind: 'date', text: 'Chậm nhất ngày 15/4/2026', due: '2026-04-15', precision: 'day' } }),
    ];
    engine = engineOver(await snapshotOf([{ ...officialsDocument(), tasks: rows }]));
  });

  it('answers with the one whose deadline is a day when a day is asked, and asks which when it is not', async () => {
    const day = await ask(engine, 'cơ quan, đơn vị ban hành kế hoạch công tác cải cách hành chính chậm nhất ngày nào');
    expect(day.outcome).toBe('answered');
    expect(day.citations[0]?.id).toBe('PL1.41');
    expect((await ask(engine, 'cơ quan, đơn vị ban hành kế hoạch công tác cải cách hành chính khi nào')).outcome).toBe('clarification');
  });
});

