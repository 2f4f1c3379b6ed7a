/**
 * The real engine with several documents loaded together: the reviewed 719 (the deployment's own) and the seven
 * documents of the development corpus (other provinces, ministries, the Government Office). A question that names
 * a document is answered from it alone; one that names none, from the deployment's own documents first. Ids print
 * qualified by document; another province's agencies are shown as that document prints them.
 *
 * The cases of the modules that need the same documents loaded live next to the code they test (classify.cases.ts,
 * answers/structure.cases.ts, answers/document.cases.ts, steps/follow-up.cases.ts) and run here, in this file's
 * process, so the snapshot of the eight documents is built once (test/support/knowledge.ts memoises it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine, Reply } from '../../src/engine/types.ts';
import { ask, ids, multiDocumentEngine } from './support.ts';
import './classify.cases.ts';
import './answers/structure.cases.ts';
import './answers/document.cases.ts';
import './steps/follow-up.cases.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await multiDocumentEngine();
});

/** The documents a reply's citations come from. */
const documentsOf = (reply: Reply) => [...new Set(ids(reply).map((id) => id.split(':')[0]))];

describe('a document named in the question', () => {
  it('by kind and number: answered from that document only', async () => {
    const reply = await ask(engine, 'Theo kế hoạch 617, cơ quan nào chủ trì xây dựng bộ tiêu chí đánh giá mức độ chuyển đổi số của doanh nghiệp?');
    expect(reply).toMatchObject({ outcome: 'answered', reason: 'task' });
    expect(ids(reply)[0]).toBe('617:PL.4');
    expect(documentsOf(reply)).toEqual(['617']);
    expect(reply.text).toContain('KH 617/KH-UBND');
  });

  it('in shorthand, in a question typed on a phone: the naming words and "dc" do not make it look unknown', async () => {
    const reply = await ask(engine, 'tb 624 cap dien ai lam');
    expect(reply).toMatchObject({ outcome: 'answered', reason: 'task' });
    expect(ids(reply)[0]).toBe('624:PL2.48');
  });

  it('an agency with no task there is told so, not given a section that only shares a word with its name', async () => {
    const reply = await ask(engine, 'kh 617 so nong nghiep dc giao gi');
    expect(reply).toMatchObject({ outcome: 'answered', reason: 'agency_tasks' });
    expect(reply.text).toContain('Không tìm thấy nhiệm vụ nào');
    expect(ids(reply)).toEqual([]);
  });

  it('an agency known by its initialism only is an agency of the document', async () => {
    const reply = await ask(engine, 'theo tb 624 thì evn được giao những gì');
    expect(reply).toMatchObject({ outcome: 'answered', reason: 'agency_tasks' });
    expect(reply.text).toMatch(/^EVN chủ trì 1 nhiệm vụ/u);
    expect(ids(reply)[0]).toBe('624:PL2.48');
  });

  it('in the story of a long message: its asking part is still answered from that document', async () => {
    const reply = await ask(
      engine,
      'mình đọc báo thấy nói về thông báo 624 của văn phòng chính phủ sau phiên họp ban chỉ đạo, mình không rõ lắm, cho mình hỏi Bộ Nội vụ được giao phát động phong trào nào',
    );
    expect(documentsOf(reply)).toEqual(['624']);
    expect(reply.text).toContain('Bộ Nội vụ');
  });

  it('by its whole number with the issuer\'s letters', async () => {
    const reply = await ask(engine, 'Thông báo 624/TB-VPCP do ai ký vậy?');
    expect(reply).toMatchObject({ outcome: 'answered', reason: 'document' });
    expect(ids(reply)).toEqual(['624:document']);
    expect(reply.text).toContain('Phạm Mạnh Cường');
  });

  it('by the place it is about', async () => {
    const reply = await ask(engine, 'Hà Nội giao đơn vị nào khảo sát thực trạng hạ tầng viễn thông trong các khu công nghiệp?');
    expect(ids(reply)[0]).toBe('310:PL.2');
    expect(documentsOf(reply)).toEqual(['310']);
    expect(reply.text).toContain('Ban Quản lý các khu công nghệ cao và khu công nghiệp');
  });

  it('by the place, asking a deadline a section also speaks of by a year: the row that scores above it', async () => {
    const reply = await ask(engine, 'kế hoạch 310 của Hà Nội về hạ tầng 5G, IoT: điều chỉnh quy hoạch viễn thông trong khu công nghệ cao bao giờ xong');
    expect(ids(reply)[0]).toBe('310:PL.1');
    expect(reply.text).toMatch(/Quý III/u);
  });

  it('by place: a figure the objectives set, not a task about the same indicator', async () => {
    const reply = await ask(engine, 'Lâm Đồng, trong kế hoạch CCHC tới 2030, đặt mục tiêu mức độ hài lòng người dân khoảng bao nhiêu');
    expect(reply.text).toContain('95%');
    expect(ids(reply)[0]).toBe('kh-lam-dong-2026:I.2');
  });

  it('by kind and place', async () => {
    const reply = await ask(engine, 'Kế hoạch của Hà Nội có tất cả bao nhiêu nhiệm vụ?');
    expect(reply.reason).toBe('structure');
    expect(ids(reply)).toEqual(['310:document']);
    expect(reply.text).toContain(': 6 nhiệm vụ');
    expect(reply.text).not.toContain('719');
  });

  it('by an initialism of its title', async () => {
    const reply = await ask(engine, 'Ai là người ký kế hoạch CCHC?');
    expect(reply.reason).toBe('document');
    expect(ids(reply)).toEqual(['kh-lam-dong-2026:document']);
    expect(reply.text).toContain('Nguyễn Ngọc Phúc');
  });

  it('keeps a topic both documents share in the document named', async () => {
    // 719 and 310 both have tasks about 5G in industrial parks: naming 310 keeps the answer there.
    const named = await ask(engine, 'Theo kế hoạch 310, ai chủ trì phát triển hạ tầng 5G trong khu công nghiệp?');
    expect(documentsOf(named)).toEqual(['310']);
    const bare = await ask(engine, 'Ai chủ trì phát triển hạ tầng 5G trong khu công nghiệp?');
    expect(documentsOf(bare)[0]).toBe('719');
  });

  it('lists an agency\'s tasks of the named document only', async () => {
    const reply = await ask(engine, 'Quyết định 2820 giao Sở Tài chính những nhiệm vụ gì?');
    expect(reply.reason).toBe('agency_tasks');
    expect(documentsOf(reply)).toEqual(['2820']);
    expect(ids(reply)).toContain('2820:PL.I.1');
  });
});

describe('documents set side by side', () => {
  it('by their places, the deployment\'s own among them: each one\'s row under its name', async () => {
    const reply = await ask(engine, 'về trí tuệ nhân tạo hỗ trợ tra cứu thủ tục: Lâm Đồng giao ai làm, còn Hưng Yên thì giao sở nào');
    expect(reply.reason).toBe('task');
    expect(documentsOf(reply).sort()).toEqual(['719', 'kh-lam-dong-2026']);
    expect(reply.text).toContain('Theo QĐ 719/QĐ-UBND:');
  });

  it('by number, asking about their text: each one\'s clause on it under its section', async () => {
    const reply = await ask(engine, 'QĐ 719 với KH 617 bắt gửi báo cáo định kỳ vào lúc nào, hai văn bản khác gì nhau');
    expect(reply.reason).toBe('programme_text');
    expect(documentsOf(reply).sort()).toEqual(['617', '719']);
    expect(reply.text).toContain('ngày 10');
    expect(reply.text).toContain('15/11');
  });

  it('only when the question compares: a place beside a named document is not a second document', async () => {
    const reply = await ask(engine, 'kế hoạch 310 của Hà Nội: ai chủ trì phát triển hạ tầng 5G trong khu công nghiệp');
    expect(documentsOf(reply)).toEqual(['310']);
  });

  it('compares the documents\' reporting cycles ("chu kỳ báo cáo"), each one\'s clause under its name', async () => {
    const reply = await ask(engine, 'Chu kỳ báo cáo của KH 617 Đồng Tháp và KH 310 Hà Nội khác nhau thế nào');
    expect(ids(reply)).toEqual(expect.arrayContaining(['617:IV.7', '310:V.5']));
  });

  it('shows beside a quoted reporting rule the row that prints that rule as its deadline', async () => {
    const reply = await ask(engine, 'theo quyết định 2820 của thành phố Hồ Chí Minh, các sở ngành và ủy ban phường xã gửi báo cáo định kỳ về tiến độ dữ liệu cho cơ quan nào');
    expect(ids(reply)).toContain('2820:PL.VI.5');
    expect(reply.text).toContain('Tài chính');
  });
});

describe('what a document is and who signed it, asked together', () => {
  it('answers both, from the numbered document alone, even when the words that follow fit another title', async () => {
    const reply = await ask(engine, 'qđ 2820 phê duyệt những gì, người ký là ai');
    expect(reply).toMatchObject({ outcome: 'answered', reason: 'document' });
    expect(ids(reply)).toEqual(['2820:document']);
    expect(reply.text).toMatch(/Nội dung: /u);
    expect(reply.text).toMatch(/do ông\/bà .+ ký/u);
  });

  it('a conclusion notice: what it concludes (its title says which meeting) and its signer', async () => {
    const reply = await ask(engine, 'tb 624 ket luan nhung gi va do ai ky');
    expect(ids(reply)).toEqual(['624:document']);
    expect(reply.text).toContain('Phạm Mạnh Cường');
    expect(reply.text).toMatch(/phiên họp/u);
  });
});

describe('plans a task will write, appendices in shorthand, deadlines further off', () => {
  it('a plan a task will write is that task, not a loaded plan whose title shares its words', async () => {
    const reply = await ask(engine, 'việc lập kế hoạch đào tạo, thu hút doanh nghiệp hoạt động lĩnh vực công nghiệp an ninh mạng thì ai chủ trì');
    expect(ids(reply)[0]).toBe('719:PL1.10');
    const due = await ask(engine, 'kế hoạch đào tạo, phát triển, thu hút tổ chức hoạt động lĩnh vực chuyển đổi số phải ban hành trước khi nào');
    expect(due.reason).not.toBe('document');
    expect(ids(due)[0]).toBe('719:PL1.10');
  });

  it('"pl 1" is Phụ lục I, and an agency asked about one appendix gets its tasks there, or is told it has none', async () => {
    expect((await ask(engine, 'pl 1 cua qd 719 gom nhung nhom nao')).reason).toBe('structure');
    const inOne = await ask(engine, 'Sở Y tế ở phụ lục 1 chủ trì những việc gì?');
    expect(ids(inOne).slice(0, 3)).toEqual(['719:PL1.13', '719:PL1.29', '719:PL1.30']);
    expect(inOne.text).toMatch(/^Trong Phụ lục I:/u);
    const none = await ask(engine, 'Sở Xây dựng chủ trì những đề án gì ở phụ lục 1');
    expect(none.text).toMatch(/^Phụ lục I không có nhiệm vụ nào giao Sở Xây dựng/u);
  });

  it('nothing due in the next 30 days: the nearest deadline after them is shown', async () => {
    const reply = await ask(engine, 'Sở Y tế sắp đến hạn việc gì không', { today: '2026-01-10' });
    expect(reply.reason).toBe('upcoming');
    expect(reply.text).toContain('không có nhiệm vụ nào đến hạn');
    expect(ids(reply)).toEqual(['719:PL1.29']);
  });
});

describe('a question that names no document', () => {
  it('is answered from the deployment\'s own documents, ids qualified', async () => {
    const reply = await ask(engine, 'Ai chủ trì xây dựng kho dữ liệu dùng chung của tỉnh?');
    expect(ids(reply)[0]).toBe('719:PL2.4');
    expect(reply.text).toContain('QĐ 719/QĐ-UBND');
  });

  it('is answered from the deployment\'s programme when the question speaks of "chương trình" as its subject', async () => {
    const reply = await ask(engine, 'chương trình có nói gì về phủ sóng 5G đến các phường không');
    expect(ids(reply)[0]).toMatch(/^719:/u);
  });

  it('lists an agency\'s tasks from the deployment\'s own documents first', async () => {
    const reply = await ask(engine, 'Sở Tài chính có những nhiệm vụ nào?');
    expect(reply.reason).toBe('agency_tasks');
    expect(documentsOf(reply)).toEqual(['719']);
    expect(ids(reply)).toEqual(expect.arrayContaining(['719:PL1.4', '719:PL1.20', '719:PL2.18']));
  });

  it('lists an agency only other documents task from those documents', async () => {
    const reply = await ask(engine, 'Bộ KH&CN phải làm những việc gì?');
    expect(reply.reason).toBe('agency_tasks');
    expect(documentsOf(reply)).not.toContain('719');
    expect(ids(reply)).toContain('624:PL2.1');
    expect(reply.text).toContain('Bộ Khoa học và Công nghệ chủ trì');
  });

  it('asks which document when a bare id is printed in several', async () => {
    const reply = await ask(engine, 'PL.1 là nhiệm vụ gì?');
    expect(reply).toMatchObject({ outcome: 'clarification', reason: 'which_document' });
    expect(ids(reply)).toEqual(expect.arrayContaining(['617:PL.1', '310:PL.1']));
    expect(reply.text).toContain('617:PL.1');
  });

  it('answers a qualified id from its document', async () => {
    const reply = await ask(engine, '617:PL.4');
    expect(reply).toMatchObject({ outcome: 'answered', reason: 'code' });
    expect(ids(reply)).toEqual(['617:PL.4']);
  });

  it('refuses a province no loaded document is about', async () => {
    const reply = await ask(engine, 'Kế hoạch phát triển kinh tế số của tỉnh Nam Định giao sở nào chủ trì?');
    expect(reply).toMatchObject({ outcome: 'out_of_scope', reason: 'other_place', refused: true, citations: [] });
    expect(reply.text).toContain('Nam Định');
  });
});

describe('another province\'s tasks', () => {
  it('show the agencies as that document prints them, not the deployment\'s names', async () => {
    const reply = await ask(engine, 'Quyết định 2820 giao ai chủ trì bảo đảm an toàn thông tin mạng cho cơ sở dữ liệu quy hoạch?');
    expect(ids(reply)[0]).toBe('2820:PL.IV.1');
    expect(reply.text).toContain('Chủ trì: Công an Thành phố');
    expect(reply.text).not.toContain('Công an tỉnh');
  });

  it('keep a short printed name instead of the directory\'s full one', async () => {
    const reply = await ask(engine, 'Theo kế hoạch 617, cơ quan nào chủ trì xây dựng bộ tiêu chí đánh giá mức độ chuyển đổi số của doanh nghiệp?');
    expect(reply.text).toContain('Chủ trì: Sở KH&CN.');
    expect(reply.text).not.toContain('Chủ trì: Sở Khoa học và Công nghệ');
  });

  it('while the deployment\'s own tasks show the directory\'s names', async () => {
    const reply = await ask(engine, 'Ai chủ trì xây dựng kênh Zalo chính quyền điện tử?');
    expect(ids(reply)[0]).toBe('719:PL2.11');
    expect(reply.text).toContain('Chủ trì: Văn phòng UBND tỉnh.');
  });
});

describe('"kế hoạch này" with several plans loaded', () => {
  it('asks which plan, with a button per plan', async () => {
    const reply = await ask(engine, 'kế hoạch này ai ký?');
    expect(reply).toMatchObject({ outcome: 'clarification', reason: 'which_document', refused: false, citations: [] });
    const buttons = reply.buttons ?? [];
    expect(buttons.map((button) => button.text)).toEqual(expect.arrayContaining(['KH 617/KH-UBND', 'KH 310/KH-UBND']));
    // Only plans are offered: not the Quyết định 719 or the Thông báo 624.
    expect(buttons.some((button) => /719|624/u.test(button.text))).toBe(false);
    expect(reply.text).toContain('KH 617/KH-UBND');
  });

  it('answers the plan a button names', async () => {
    const reply = await ask(engine, 'kế hoạch này ai ký?');
    const button = reply.buttons?.find((candidate) => candidate.text === 'KH 617/KH-UBND');
    expect(button).toBeDefined();
    const answer = await ask(engine, button!.data);
    expect(answer).toMatchObject({ outcome: 'answered', reason: 'document' });
    expect(ids(answer)).toEqual(['617:document']);
    expect(answer.text).toContain('Huỳnh Minh Tuấn');
  });
});

describe('agencies in a question', () => {
  it('reads an agency typed with a slip like the agency itself', async () => {
    const slip = await ask(engine, 'sở tài chín có những nhiệm vụ nào?');
    const right = await ask(engine, 'Sở Tài chính có những nhiệm vụ nào?');
    expect(slip.reason).toBe('agency_tasks');
    expect(slip.text).toContain('Sở Tài chính chủ trì');
    expect(ids(slip)).toEqual(ids(right));
  });

  it('does not answer the tasks of an agency the question only sends something to', async () => {
    const reply = await ask(engine, 'Những việc nào phải gửi Bộ KH&CN?');
    expect(reply.reason).not.toBe('agency_tasks');
    expect(reply.text).not.toContain('Bộ Khoa học và Công nghệ chủ trì');
    expect(ids(reply)).not.toContain('624:PL2.1');
  });
});

describe('targets', () => {
  it('answers a target asked without a year with that target in every year the plan sets, in order', async () => {
    const reply = await ask(engine, 'Theo kế hoạch 617, tỷ lệ hợp tác xã và hộ kinh doanh ứng dụng công nghệ số được đặt ra thế nào?');
    expect(reply.outcome).toBe('answered');
    expect(ids(reply).length).toBeGreaterThanOrEqual(3);
    expect(ids(reply).every((id) => id.startsWith('617:II.1.'))).toBe(true);
    const shares = [...reply.text.matchAll(/(\d+)\s*%/gu)].map((match) => Number(match[1]));
    expect(shares.length).toBeGreaterThanOrEqual(3);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
  });

  it("quotes a named year's targets whole, not the heading that announces them", async () => {
    const reply = await ask(engine, 'kế hoạch 310 của Hà Nội có mục tiêu gì cho năm 2026');
    expect(ids(reply)).toEqual(['310:II.1']);
    expect(reply.text).toMatch(/100\s*%/u);
  });

  it('reads "bỏ ra bao nhiêu tiền cho …" as the share of the budget the programme sets', async () => {
    const reply = await ask(engine, 'mỗi năm tỉnh bỏ ra bao nhiêu tiền cho khoa học và chuyển đổi số');
    expect(reply.text).toContain('3%');
  });

  it('quotes each year\'s targets when two years are asked', async () => {
    const reply = await ask(engine, 'theo kế hoạch 617 của Đồng Tháp, mục tiêu về tỷ lệ doanh nghiệp ứng dụng công nghệ số năm 2025 và năm 2030 là bao nhiêu');
    expect(ids(reply)).toEqual(['617:II.1.a', '617:II.1.b']);
  });
});

describe('the deployment\'s own province named in a question', () => {
  it('answers a question that names the deployment\'s own province as it answers one that does not', async () => {
    const bare = await ask(engine, 'bán hàng online được đặt chỉ tiêu chiếm bao nhiêu phần trăm tổng tiêu dùng');
    const named = await ask(engine, 'ở Hưng Yên, bán hàng online được đặt chỉ tiêu chiếm bao nhiêu phần trăm tổng tiêu dùng');
    expect(bare.outcome).toBe('answered');
    expect(named.outcome).toBe('answered');
    expect(named.citations[0]?.id).toBe(bare.citations[0]?.id);
  });
});

describe('a question that names two documents', () => {
  it('answers with each document\'s row, said which is which', async () => {
    const reply = await ask(engine, 'hạ tầng 5G, IoT trong khu công nghiệp: kế hoạch 617 và thông báo 624 mỗi bên giao ai, hạn khi nào');
    expect(reply.outcome).toBe('answered');
    expect(new Set(documentsOf(reply))).toEqual(new Set(['617', '624']));
    expect(reply.text).toMatch(/Theo .*617/u);
    expect(reply.text).toMatch(/Theo .*624/u);
  });
});

describe('a who-question answered from a section', () => {
  it('puts the clause that names who acts before a quoted clause that only names whom it is sent to', async () => {
    const reply = await ask(engine, 'cơ quan nào lo tổng hợp nhu cầu kinh phí hằng năm rồi gửi lên Bộ Khoa học và Công nghệ');
    expect(reply.text).toMatch(/Giao Sở Khoa học và Công nghệ chủ trì/u);
  });

  it('keeps the section that names who acts before a row that scores higher but speaks to fewer of the question\'s words', async () => {
    const reply = await ask(engine, 'nhu cầu kinh phí KHCN, CĐS từng năm của tỉnh Hưng Yên do ai tổng hợp, gửi đi đâu');
    expect(ids(reply)[0]).toBe('719:IV.2');
    expect(reply.text).toContain('Sở Khoa học và Công nghệ');
  });

  it('answers which agency is in charge of a plan as a whole from its part on organising the work', async () => {
    const reply = await ask(engine, 'kế hoạch ban hành kèm quyết định 2820 giao cơ quan nào làm đầu mối?');
    expect(ids(reply)[0]).toMatch(/^2820:IV/u);
    expect(reply.text).toContain('Sở Tài chính');
  });

  it('answers who chaired the meeting a notice concludes, its title words being all the question says', async () => {
    const reply = await ask(engine, 'phiên họp lần thứ năm của Ban Chỉ đạo trong TB 624/TB-VPCP ai chủ trì?');
    expect(reply.outcome).toBe('answered');
    expect(ids(reply)).toContain('624:MĐ');
    expect(reply.text).toContain('Phạm Minh Chính');
  });

  it('quotes a clause under an agency\'s heading with that agency, which the clause alone does not name', async () => {
    const reply = await ask(engine, 'Đồng Tháp KH 617: cơ quan nào chịu trách nhiệm theo dõi, giám sát, đánh giá chuyển đổi số của DNNVV, HTX?');
    expect(ids(reply)[0]).toBe('617:IV.1.a');
    expect(reply.text).toContain('"Sở Khoa học và Công nghệ: a) Là cơ quan đầu mối');
    // A heading that is a topic naming an agency ("… chuyển đổi số doanh nghiệp") is no agency's part.
    expect(reply.text).not.toContain('doanh nghiệp: b)');
  });
});

describe('a question typed with its marks', () => {
  it('tells rows apart by them: "quỹ" is not the "quy" of "quy hoạch", which folded alone ties', async () => {
    const marked = await ask(engine, 'Việc lập quỹ chi cho nhiệm vụ khoa học công nghệ do sở nào lo?');
    expect(marked.outcome).toBe('answered');
    expect(ids(marked)).toEqual(['719:PL1.11']);
    const plain = await ask(engine, 'viec lap quy chi cho nhiem vu khoa hoc cong nghe do so nao lo?');
    expect(plain.outcome).toBe('clarification');
    expect(ids(plain)).toContain('719:PL1.11');
  });
});

describe('another place named in passing', () => {
  it('answers from the home province\'s documents when the asker points at their own province and the place\'s do not speak to it', async () => {
    const story = 'Tôi đi làm thuê ở Đồng Tháp mấy năm nay, bố mẹ ở quê già yếu, đi khám bệnh xa lắm. Tỉnh mình có làm dịch vụ khám chữa bệnh từ xa không?';
    const reply = await ask(engine, story);
    expect(reply.outcome).toBe('answered');
    expect(ids(reply)[0]).toMatch(/^719:/u);
    // Asked of that place itself, the answer stays there: it is not said to be the home province's.
    expect((await ask(engine, 'Đồng Tháp có làm dịch vụ khám chữa bệnh từ xa không?')).outcome).toBe('out_of_scope');
  });

  it('reads one who goes back to their home town ("về quê") as pointing at the home province', async () => {
    const story = 'Tôi đi làm thuê ở Đồng Tháp, mỗi lần về quê đưa bố mẹ đi khám bệnh xa lắm. Có làm dịch vụ khám chữa bệnh từ xa không?';
    const reply = await ask(engine, story);
    expect(reply.outcome).toBe('answered');
    expect(ids(reply)[0]).toMatch(/^719:/u);
  });
});

describe('a task code printed on several rows', () => {
  it('answers with the row the question\'s words name beside the code, and lists the code\'s rows otherwise', async () => {
    const named = await ask(engine, "việc 'mở rộng phần mềm theo dõi, đôn đốc nhiệm vụ' thuộc CQS4.1 do ai làm");
    expect(ids(named)).toEqual(['719:PL2.15']);
    expect(ids(await ask(engine, 'CQS4.1 do ai làm')).length).toBeGreaterThan(1);
  });
});

