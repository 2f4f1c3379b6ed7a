/**
 * The rule-based reading of a question over the real vocabulary of several loaded documents (719 and the
 * development corpus): which documents and places it names, which agencies it asks about (a recipient is not one,
 * a typing slip still is), social turns, and the intents the answers are chosen by.
 *
 * Not a test file of its own: ./multi-document.test.ts imports it, so the snapshot is built once for all of them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, prepareQuestion, socialKind, type Classification } from '../../src/engine/classify.ts';
import { buildVocabulary, type Vocabulary } from '../../src/engine/vocabulary.ts';
import { fold } from '../../src/text/vietnamese.ts';
import { multiSnapshot } from '../support/knowledge.ts';

describe('src/engine/classify.ts', () => {
  const TODAY = '2026-11-28';
  let vocabulary: Vocabulary;
  const read = (text: string): Classification => classify(text, vocabulary, TODAY);

  beforeAll(async () => {
    vocabulary = buildVocabulary(await multiSnapshot());
  });

  describe('task ids of a block inside an appendix, as the answers print them', () => {
    it.each([
      ['qualified', '624:PL1.B2.27', { ref: 'PL1.B2.27', documentId: '624' }],
      ['in lower case, in a sentence', 'hạn của pl1.b2.4 là bao giờ', { ref: 'PL1.B2.4', documentId: null }],
      ['of a group of an unnumbered appendix', 'kh-lam-dong-2026:PL.VII.1 hạn khi nào', { ref: 'PL.VII.1', documentId: 'kh-lam-dong-2026' }],
      ['of a group of an unnumbered appendix, unqualified', 'ai chủ trì pl.iv.2a', { ref: 'PL.IV.2a', documentId: null }],
    ])('%s: "%s" is one id, not an appendix and a code', (_label, text, expected) => {
      expect(read(text).references).toMatchObject([{ kind: 'id', ...expected }]);
    });
  });

  describe('documents named in a question', () => {
    it.each([
      ['by kind and number', 'Kế hoạch 617 có những nội dung chính nào?', '617'],
      ['by its whole number', 'Ai ký thông báo 624/TB-VPCP vậy?', '624'],
      ['by an abbreviated kind and number', 'qđ 2597 giao bộ nào chủ trì?', '2597'],
      ['by kind and place', 'Kế hoạch của Hà Nội có bao nhiêu nhiệm vụ?', '310'],
      ['by kind and a title initialism', 'kế hoạch CCHC do ai ký?', 'kh-lam-dong-2026'],
      ['by kind and issuer', 'Thông báo của Văn phòng Chính phủ do ai ký?', '624'],
    ])('%s', (_how, question, documentId) => {
      expect(read(question).documents).toEqual([documentId]);
    });

    it('takes the kind word before a whole number as part of the name, not as a word of the question', () => {
      const c = read('Phiên họp ghi trong (TB 624/TB-VPCP) tổ chức ở đâu?');
      expect(c.documents).toEqual(['624']);
      expect(c.query.split(' ')).not.toContain('tb');
    });

    it('names a document by title words only when the kind typed is the document\'s', () => {
      // 310 is a plan (Kế hoạch) about high-tech parks; an "đề án" about one is a task of another document.
      expect(read('đề án khu thực nghiệm công nghệ cao bao giờ xong').documents).toEqual([]);
      expect(read('kế hoạch hạ tầng 5g khu công nghệ cao giao ai khảo sát').documents).toEqual(['310']);
      // What is said of a document ("được xây dựng", "được ban hành") is not its title.
      expect(read('kế hoạch được xây dựng dựa trên văn bản nào').documents).toEqual([]);
      // What the programme is said to do ("có nói sẽ phủ 5G") is not words of a title.
      expect(read('Thôn tôi chưa có mạng. Chương trình có nói sẽ đưa 5G về các thôn không').documents).toEqual([]);
    });

    it('tells a request for medical or legal advice from a story that asks about the programme', () => {
      for (const question of ['bị cảm mấy hôm nay, nên uống thuốc gì', 'hai nhà cãi nhau về lối đi chung, bạn phân xử giúp ai đúng ai sai', 'hang xom lan dat, toi co nen khoi kien khong']) {
        expect(read(question).intent, question).toBe('off_topic');
      }
      expect(read('con tôi bị đau bụng sau bữa cỗ, tỉnh có cảnh báo an toàn thực phẩm qua điện thoại không').intent).not.toBe('off_topic');
    });

    it('tells everyday look-alikes by their frame: a device how-to, an entry ticket, admission scores; "phủ cáp quang" is no allowance', () => {
      for (const question of ['cách cài ứng dụng ngân hàng trên điện thoại', 'vé vào bảo tàng tỉnh giá bao nhiêu', 'điểm chuẩn trường đại học năm nay', 'giá thịt lợn hôm nay thế nào', 'trứng gà bao nhiêu một kg', 'làm sao cài ứng dụng ví điện tử trên điện thoại']) {
        expect(read(question).intent, question).toBe('off_topic');
      }
      expect(read('thôn tôi có được phủ cáp quang không').intent).not.toBe('off_topic');
      // A device at home set up again: everyday, or the asker's own errand.
      for (const question of ['bộ phát wifi nhà tôi hay bị mất kết nối, chỉ mình cách sửa lại', 'router ở nhà, hướng dẫn mình kết nối lại với']) {
        expect(['off_topic', 'procedure'], question).toContain(read(question).intent);
      }
    });

    it('reads "có triển khai gì", "ai tham mưu báo cáo" as about tasks, not about what a document is or its basis', () => {
      expect(read('bệnh viện tỉnh có triển khai gì mới cho người bệnh không').intent).not.toBe('document_meta');
      expect(read('kế hoạch 617 triển khai gì').metaTopic).toBe('identity');
      expect(read('theo kế hoạch 310, ai tham mưu tổ chức sơ kết hằng năm').intent).not.toBe('document_meta');
      expect(read('quyết định 2820 do ai tham mưu ban hành').metaTopic).toBe('legal_basis');
      expect(read('ai de xuat ban hanh ke hoach 617').metaTopic).toBe('legal_basis');
    });

    it('leaves the programme named by its kind and number ("kế hoạch chuyển đổi số 617") out of what is searched', () => {
      const c = read('người nuôi cá thì được gì từ kế hoạch chuyển đổi số 617 vậy');
      expect(c.documents).toEqual(['617']);
      expect(c.query).not.toMatch(/ke hoach|chuyen doi so/u);
      expect(c.query).toContain('nuoi ca');
    });

    it('leaves "việc" of "ai lo việc X" out of what is searched: it only points at X', () => {
      expect(read('ai lo việc số hóa hồ sơ bệnh án').query).toBe('so hoa ho so benh an');
      expect(read('sở nào lo việc cấp phép nhà ở').query).toBe('cap phep nha o');
    });

    it('reads a question that opens with a document not loaded ("nghị định 13/2023 …") as about that document', () => {
      expect(read('nghị định 13/2023 quy định những gì về dữ liệu cá nhân').intent).toBe('other_document');
      expect(read('Kế hoạch số 45/KH-UBND giao sở y tế những việc gì').intent).toBe('other_document');
      // A loaded one by its number, a measure that looks like a number, and a document cited further on are not.
      expect(read('kế hoạch 617 giao sở y tế những việc gì').intent).not.toBe('other_document');
      expect(read('kế hoạch 5G của Hà Nội ai chủ trì').intent).not.toBe('other_document');
      expect(read('dự án an ninh mạng theo nghị định 85/2016 ai làm').intent).not.toBe('other_document');
    });

    it('does not read "những phần mềm" as a question about the parts of a table', () => {
      expect(read('những phần mềm nào dùng cho bệnh viện').intent).not.toBe('task_count');
      expect(read('phụ lục 2 có những phần nào').intent).toBe('task_count');
    });

    it('reads "số mấy" of a hotline as the hotline asked, not the number of the document named beside it', () => {
      expect(read('đường dây nóng của kế hoạch 617 là số mấy').intent).not.toBe('document_meta');
      expect(read('kế hoạch 617 là số mấy').intent).toBe('document_meta');
    });

    it('reads another place named by one who points at their own province as said in passing', () => {
      expect(read('tôi đi làm ở Bắc Ninh, tỉnh mình có xây trung tâm dữ liệu không').intent).not.toBe('other_place');
      expect(read('Bắc Ninh có xây trung tâm dữ liệu không').intent).toBe('other_place');
    });

    it('reads "tỉnh có nâng cấp … không" as a question about the plan, not about one\'s own papers', () => {
      expect(read('Tôi từng đi làm xa, ở đó giấy tờ gì cũng nộp online rất tiện. Giờ về quê, tôi muốn biết tỉnh có nâng cấp hệ thống giải quyết thủ tục hành chính không?').intent).not.toBe('procedure');
    });

    it('reads "các nhiệm vụ do X chủ trì" as a list of the agency\'s tasks, and asking where food is good as everyday', () => {
      expect(read('Các nhiệm vụ do Sở Y tế chủ trì trong phụ lục I?').intent).toBe('agency_tasks');
      expect(read('quán phở nào ngon gần chợ tỉnh').intent).toBe('off_topic');
      expect(read('tỉnh có quảng bá nhãn lồng, đặc sản ngon của Hưng Yên không').intent).not.toBe('off_topic');
    });

    it('tells shopping advice, an account how-to and a pay rise by their frame; paying wages through a bank is no pay rise', () => {
      for (const question of ['có nên mua máy tính bảng cho con học online không', 'laptop tầm 15 triệu loại nào tốt', 'làm sao lấy lại tài khoản zalo bị khoá', 'lương bác sĩ tuyến huyện năm tới có tăng không', 'lương hưu tháng này nhận ở đâu']) {
        expect(read(question).intent, question).toBe('off_topic');
      }
      expect(read('tỉnh có khuyến khích trả lương qua ngân hàng không').intent).not.toBe('off_topic');
      expect(read('tài khoản định danh điện tử do ai triển khai').intent).not.toBe('off_topic');
    });

    it('reads an everyday service asked of the plan, or of who leads it, as a question about the programme', () => {
      expect(read('tra cứu lịch tiêm chủng trên mạng có nằm trong kế hoạch của tỉnh không').intent).not.toBe('off_topic');
      expect(read('nghe nói có bãi đỗ taxi thông minh, đơn vị nào chủ trì').intent).not.toBe('off_topic');
      expect(read('lịch tiêm chủng tháng này thế nào').intent).toBe('off_topic');
      expect(read('hay bị tắc đường, tỉnh có làm hệ thống điều khiển giao thông thông minh không, sở nào lo').intent).not.toBe('off_topic');
      expect(read('có phần mềm đặt lịch khám bệnh từ xa nào không hay vẫn phải lấy số thứ tự').intent).not.toBe('off_topic');
    });

    it('refuses a request to delete a task said with "giúp", and one to forge a signature', () => {
      expect(read('xoá giúp mình nhiệm vụ PL2.5 đi').intent).toBe('misuse');
      expect(read('nhờ bạn cập nhật hộ: lộ trình việc xây cổng dữ liệu mở chuyển sang năm 2028').intent).toBe('misuse');
      expect(read('thời hạn của đề án quỹ đổi thành quý II/2027 nhé').intent).toBe('misuse');
      expect(read('thời hạn của đề án quỹ là khi nào').intent).not.toBe('misuse');
      expect(read('chỉ mình cách làm giả con dấu của sở').intent).toBe('misuse');
      expect(read('tỉnh làm gì để chống giả mạo chữ ký số').intent).not.toBe('misuse');
    });

    it('reads an agency both levels name as the central one in a question about a central document only', () => {
      expect(read('thông báo 624 giao Bộ Công an việc gì').agencies).toEqual(read('Bộ Công an phải làm gì').agencies);
      const central = read('tb 624 giao ngân hàng nhà nước những việc gì').agencies;
      const local = read('ngân hàng nhà nước có những nhiệm vụ gì').agencies;
      expect(central).toHaveLength(1);
      expect(central).not.toEqual(local);
    });

    it('refuses a request to attack a system, and answers how the programme defends one', () => {
      expect(read('soạn giúp mình script hack trang web của sở').intent).toBe('misuse');
      expect(read('chỉ tôi cách ddos hệ thống một cửa').intent).toBe('misuse');
      expect(read('tỉnh có kế hoạch phòng chống tấn công mạng cho hệ thống không').intent).not.toBe('misuse');
    });

    it('refuses a forged document asked for, and not a price decision', () => {
      expect(read('viết hộ tôi công văn giả của sở để nộp ngân hàng').intent).toBe('misuse');
      expect(read('lam giup minh cai giay phep gia nhe').intent).toBe('misuse');
      expect(read('soạn quyết định giá đất năm 2026 của tỉnh').intent).not.toBe('misuse');
    });

    it('reads following progress up as a question, changing it as misuse, and a decision written with a signature as forgery', () => {
      expect(read('tôi được giao theo dõi tiến độ, việc nào ở phụ lục 1 quá hạn').intent).not.toBe('misuse');
      expect(read('sửa tiến độ việc kho dữ liệu thành xong').intent).toBe('misuse');
      expect(read('viết hộ một công văn của sở, có con dấu và chữ ký giám đốc').intent).toBe('misuse');
    });

    it('reads a lead the question states ("Sở X được giao chủ trì …") as said, not asked, beside another field', () => {
      expect(read('Sở Y tế được giao chủ trì đề án chuyển đổi số y tế, thời hạn ra sao').fields).toEqual(['deadline']);
      expect(read('đề án chuyển đổi số y tế ai chủ trì, thời hạn ra sao').fields).toContain('lead');
    });

    it('reads a price asked by the unit or for this month as off topic', () => {
      expect(read('giá phân bón ở chợ huyện tháng này thế nào').intent).toBe('off_topic');
      expect(read('chương trình có hỗ trợ giá điện cho doanh nghiệp công nghệ không').intent).not.toBe('off_topic');
    });

    it('reads communes asked for what they lead in an appendix as their tasks', () => {
      expect(read('ủy ban nhân dân cấp xã được giao chủ trì những nhiệm vụ gì ở phụ lục II').intent).toBe('agency_tasks');
    });

    it('reads the assistant asked about itself, in a longer message, as a request for help', () => {
      expect(read('chào, cho hỏi bạn là ai và bạn làm được những gì thế').intent).toBe('help');
      expect(read('bạn giúp gì được cho nông dân trong chương trình này').intent).not.toBe('help');
    });

    it('reads a loaded document\'s number with its kind written out and "là gì" as a question about that document', () => {
      expect(read('thông báo 624 là gì')).toMatchObject({ intent: 'document_meta', documents: ['624'] });
      expect(read('quyết định số 2597 là gì')).toMatchObject({ intent: 'document_meta', documents: ['2597'] });
    });

    it('reads a group named beside its title and asked for its tasks as the group', () => {
      expect(read('các việc về giáo dục (XHS4) gồm những gì')).toMatchObject({ intent: 'group_lookup', groups: ['XHS4'] });
      expect(read('phụ lục I, phần III có những nhiệm vụ nào')).toMatchObject({ intent: 'group_lookup', groups: ['PL1.III'] });
    });

    it('reads weather as data even after the asker complains about it, and a plan asked for an everyday service', () => {
      expect(read('trời nắng mưa thất thường, tỉnh có hệ thống cảm biến quan trắc thời tiết cho ruộng không').intent).not.toBe('off_topic');
      expect(read('tiền nước tháng nào cũng cao, tỉnh có kế hoạch lắp đồng hồ nước thông minh không').intent).not.toBe('off_topic');
      expect(read('tiền nước tháng này bao nhiêu').intent).toBe('off_topic');
    });

    it('reads what a personal service costs as off topic', () => {
      expect(read('thi bằng lái xe máy hết bao nhiêu tiền').intent).toBe('off_topic');
      expect(read('khám sức khỏe lái xe mất bao nhiêu tiền').intent).toBe('off_topic');
    });

    it('reads weather as what a technology measures for farmers, and a forecast asked for as off topic', () => {
      expect(read('có lắp cảm biến quan trắc thời tiết cho ruộng lúa không').intent).not.toBe('off_topic');
      expect(read('chuyển đổi số nông nghiệp có gì về thời tiết, độ ẩm đất').intent).not.toBe('off_topic');
      expect(read('thời tiết ngày kia ở Phố Hiến thế nào').intent).toBe('off_topic');
      expect(read('có ứng dụng chuyển đổi số nào xem thời tiết ngày mai không').intent).toBe('off_topic');
    });

    it('leaves out of the phrase the named document\'s title repeated, and keeps a few of its words that are the topic', () => {
      const repeated = read('QĐ 2597 về chuyển đổi số trong hoạt động xây dựng, quản lý, khai thác kết cấu hạ tầng thì ai đào tạo nhân lực');
      expect(repeated.documents).toEqual(['2597']);
      expect(repeated.phrase).not.toContain('ket cau');
      expect(repeated.phrase).toContain('dao tao nhan luc');
      expect(read('qđ 2597 có gì về chuyển đổi số trong xây dựng').phrase).toContain('chuyen doi so');
    });

    it('names none when the question only talks about a topic', () => {
      expect(read('Ai chủ trì xây dựng kho dữ liệu dùng chung?').documents).toEqual([]);
    });

    it('does not read the letters of a whole number as an agency', () => {
      const c = read('Thông báo 624/TB-VPCP giao những nhiệm vụ gì?');
      expect(c.documents).toEqual(['624']);
      expect(c.agencies).not.toContain('vpcp');
    });

    it('reads a year as a year, not as a document number', () => {
      const c = read('Những nhiệm vụ nào hết hạn trong năm 2026?');
      expect(c.documents).toEqual([]);
      expect(c.intent).toBe('deadline_window');
    });
  });

  describe('places', () => {
    it('keeps a place a loaded document is about as a place in scope', () => {
      const c = read('Hà Nội giao ai khảo sát hạ tầng viễn thông trong khu công nghiệp?');
      expect(c.places).toEqual(['Hà Nội']);
      expect(c.otherPlaces).toEqual([]);
      expect(c.intent).not.toBe('other_place');
    });

    it('reads a loaded document\'s number issued by a province no loaded document is about as another place', () => {
      expect(read('quyết định 719 của tỉnh Nam Định giao những việc gì').intent).toBe('other_place');
      expect(read('quyết định 719 của Hưng Yên giao những việc gì').intent).not.toBe('other_place');
    });

    it('reads a province no loaded document is about as another place', () => {
      const c = read('Kế hoạch chuyển đổi số của tỉnh Nam Định giao sở nào chủ trì?');
      expect(c.intent).toBe('other_place');
      expect(c.otherPlaces).toEqual(['Nam Định']);
    });
  });

  describe('agencies asked about', () => {
    it('reads an agency typed with a slip', () => {
      for (const question of ['sở tài chín có những nhiệm vụ nào?', 'so tai chin phai lam gi']) {
        const c = read(question);
        expect(c.agencies, question).toEqual(['so-tc']);
        expect(c.intent, question).toBe('agency_tasks');
      }
    });

    it('does not take a word that is no agency for a slip', () => {
      expect(read('sở thích của người dân về dịch vụ công trực tuyến').agencies).toEqual([]);
    });

    it('does not read the agency something is sent to as the agency asked about', () => {
      const sent = read('Những việc nào phải gửi Bộ KH&CN?');
      expect(sent.agencies).toEqual([]);
      expect(sent.intent).not.toBe('agency_tasks');
      // Words that make it a recipient are its topic; without them the same agency is the one asked about.
      const asked = read('Bộ KH&CN phải làm những việc gì?');
      expect(asked.agencies).toEqual(['bo-khcn']);
      expect(asked.intent).toBe('agency_tasks');
    });

    it('leaves out the issuer that only says which document, when another agency is named beside it', () => {
      expect(read('Theo thông báo 624 của Văn phòng Chính phủ, Bộ Công an phải làm những gì?').agencies).toEqual(['bo-ca']);
      expect(read('Văn phòng Chính phủ phải làm gì theo thông báo 624?').agencies).toEqual(['vpcp']);
    });

    it('reads "A phối hợp với B" as B\'s tasks that A partners in', () => {
      const communes = read('Các xã, phường phải phối hợp với Sở Y tế ở những nhiệm vụ nào?');
      expect(communes).toMatchObject({ intent: 'agency_tasks', agencies: ['so-yt'], partnered: 'ubnd-xa', role: 'lead' });
      // Asked with a topic and no list word, the pair still asks for the tasks they share.
      const agency = read('sở tài chính cần phối hợp cùng sở y tế về bệnh án điện tử thế nào');
      expect(agency).toMatchObject({ intent: 'agency_tasks', agencies: ['so-yt'], partnered: 'so-tc', role: 'lead' });
      // Without the pair, "phối hợp" is the role of the one agency named.
      expect(read('Sở Y tế phối hợp những việc gì?')).toMatchObject({ agencies: ['so-yt'], partnered: null, role: 'partner' });
      // Communes helped by a task are not a partner: "hỗ trợ các xã, phường" names no one who acts.
      expect(read('tỉnh hỗ trợ các xã, phường xây dựng kế hoạch khoa học thế nào').partnered).toBeNull();
    });

    it('does not read an agency reported to as the agency asked about', () => {
      expect(read('Báo cáo kết quả về Sở KH&CN vào thời điểm nào?').agencies).toEqual([]);
      expect(read('Sở KH&CN báo cáo kết quả vào thời điểm nào?').agencies).toEqual(['so-khcn']);
    });
  });

  describe('social turns', () => {
    it.each([
      ['xin chào bạn', 'greeting'],
      ['Chào ad', 'greeting'],
      ['cảm ơn bạn nhiều nhé', 'thanks'],
      ['thank you', 'thanks'],
      ['tạm biệt', 'farewell'],
      ['bye bye ad', 'farewell'],
      ['ok', 'acknowledged'],
      ['hiểu rồi', 'acknowledged'],
      ['hi ad, dạo này bạn thế nào', 'greeting'],
      ['chào bot, bạn có khỏe không?', 'greeting'],
      ['alo, cho tôi hỏi một chút được không', 'greeting'],
      ['em hoi ti nhe', 'greeting'],
      ['cảm ơn ad, mình đọc lại đã', 'thanks'],
      ['vâng cảm ơn, thông tin rõ ràng lắm', 'thanks'],
      ['chúc ad một buổi sáng tốt lành', 'farewell'],
      ['trợ lý trả lời rõ ràng dễ hiểu quá', 'thanks'],
      ['vậy là đủ rồi, mình chào tạm biệt nha', 'farewell'],
      ['chào bạn, dạo này vui không', 'greeting'],
      ['dạo này mình buồn lắm', 'greeting'],
      ['cảm ơn nhé, bạn khỏe chứ', 'thanks'],
      ['bye nhé, để mai mình quay lại', 'farewell'],
      ['ad vất vả rồi cảm ơn nhiều nhé', 'thanks'],
    ])('"%s" is a %s', (text, kind) => {
      expect(socialKind(fold(text))).toBe(kind);
      expect(read(text).intent).toBe('social');
    });

    it('is not a question that only starts politely', () => {
      expect(socialKind(fold('cảm ơn, cho hỏi Sở Y tế phải làm gì?'))).toBeNull();
      expect(socialKind(fold('cảm ơn, thế còn PL1.5'))).toBeNull();
      expect(socialKind(fold('tks, han pl2.3'))).toBeNull();
      expect(socialKind(fold('tạm biệt trước khi đi cho hỏi ai chủ trì PL2.3'))).toBeNull();
      expect(socialKind(fold('chào bạn, sở y tế vui lòng cho biết'))).toBeNull();
      expect(read('Chào bạn, Sở Y tế phải làm những việc gì?').intent).toBe('agency_tasks');
    });
  });

  describe('phone shorthand and frames', () => {
    it('reads "kết quả phải ra cái gì" as the result asked', () => {
      expect(read('làm kho dữ liệu thì kết quả phải ra cái gì').fields).toContain('result');
      expect(read('kết quả là những gì vậy').fields).toContain('result');
      expect(read('ket qua phai ra duoc nhung gi').fields).toContain('result');
    });

    it('reads "z" as vậy: a deadline asked of nothing is still asked of nothing', () => {
      expect(read('thoi han la bao gio z').phrase).toBe('');
    });

    it('reads a closing "v" as vậy, and "tính đến nay" and "trong số đó" as no topic', () => {
      expect(read('ai lam v').folded).toBe('ai lam vay');
      expect(read('v ai lam').folded).toBe('v ai lam');
      expect(read('tinh den hom nay viec nay xong chua').phrase).not.toContain('tinh');
      expect(read('trong số đó việc nào quá hạn rồi').intent).toBe('overdue');
    });

    it('reads "chỉ số nào", "con số nào" as an index or a figure asked, not which department', () => {
      expect(read('tỉnh muốn lọt nhóm đầu những chỉ số nào').fields).not.toContain('lead');
      expect(read('việc này sở nào làm').fields).toContain('lead');
    });

    it('reads "hết thời hạn", "quá thời hạn" as late, like "hết hạn"', () => {
      expect(read('những việc của sở y tế đã hết thời hạn').intent).toBe('overdue');
      expect(read('có nhiệm vụ nào quá thời hạn chưa làm không').intent).toBe('overdue');
      expect(read('việc nào sắp hết thời hạn').intent).not.toBe('overdue');
    });

    it('reads "chậm nhất ngày nào" as the deadline asked, out of what is searched', () => {
      const asked = read('báo cáo đánh giá chỉ số chậm nhất là ngày nào');
      expect(asked.fields).toContain('deadline');
      expect(asked.query).not.toContain('ngay nao');
    });

    it('reads who follows a task up and how far it has got as fields of the task', () => {
      expect(read('ai theo dõi, đôn đốc nhiệm vụ này').fields).toContain('follow_up');
      expect(read('việc đó làm đến đâu rồi').fields).toContain('progress');
      expect(read('tiến độ hiện nay ra sao').fields).toContain('progress');
      expect(read('tiến độ?').fields).toContain('progress');
    });

    it('reads "Sở NV" as the department, "sở nào lo" as who leads, and a share in per cent as no count of parts', () => {
      expect(read('Sở NV chủ trì những việc gì').agencies).toEqual(['so-nv']);
      expect(read('dịch vụ công trực tuyến sở nào lo').fields).toContain('lead');
      expect(read('tỷ lệ hồ sơ trực tuyến đạt bao nhiêu phần trăm').intent).not.toBe('task_count');
    });

    it('reads a window in a long story as when it happened, and a short list asked of a window as what is due', () => {
      const story = 'Nhà tôi nuôi gà ở xã, năm nay dịch bệnh nhiều, giá thức ăn lại tăng, bán trứng thì lỗ. Tỉnh có những việc gì giúp người chăn nuôi như tôi dùng công nghệ để theo dõi đàn không?';
      expect(read(story).intent).not.toBe('deadline_window');
      expect(read('năm nay có những việc gì').intent).toBe('deadline_window');
    });

    it('reads a count of the tasks due in a window as that window, and an agency\'s count in a named document as its tasks', () => {
      expect(read('mấy việc có hạn quý II/2026, ai làm').intent).toBe('deadline_window');
      expect(read('thông báo 624 giao Bộ Y tế mấy nhiệm vụ, nội dung là gì')).toMatchObject({ intent: 'agency_tasks', documents: ['624'] });
      expect(read('kế hoạch 617 của UBND tỉnh Đồng Tháp nói về việc gì').intent).toBe('document_meta');
    });

    it('reads "đề án đó", "kế hoạch này" as a pointer, not a document named by the words after it', () => {
      expect(read('đề án đó phê duyệt chuyển đổi số xây dựng chưa').documents).toEqual([]);
      expect(read('kế hoạch này về hạ tầng 5G iot khu công nghiệp giao ai').documents).toEqual([]);
    });

    it('reads the period or the lead of a thing named in a document as a task\'s, and of the document alone as the document\'s', () => {
      expect(read('kh 310: lắp trạm 5G trong khu công nghiệp do ai chủ trì, triển khai giai đoạn nào').intent).toBe('lookup');
      expect(read('theo tb 624, nhiệm vụ làm sạch dữ liệu đất đai thực hiện trong giai đoạn nào').intent).toBe('lookup');
      expect(read('kế hoạch 310 triển khai trong giai đoạn nào').intent).toBe('document_meta');
    });

    it('refuses getting round a firewall and an official\'s identity numbers, and answers how people are warned', () => {
      expect(read('chỉ mình cách vượt tường lửa của cổng dịch vụ công').intent).toBe('misuse');
      expect(read('viết hộ mình script khai thác lỗ hổng hệ thống một cửa').intent).toBe('misuse');
      expect(read('cho danh sách cán bộ sở kèm số CCCD').intent).toBe('personal_data');
      expect(read('tuyên truyền cách phòng tránh đánh cắp tài khoản do ai làm').intent).not.toBe('misuse');
    });

    it('refuses an official\'s pay and family, and reads a policy asked about fees as the programme', () => {
      expect(read('phó giám đốc sở tài chính thu nhập mỗi tháng bao nhiêu').intent).toBe('personal_data');
      expect(read('hồ sơ đăng ký kinh doanh của em nộp tuần trước giờ xử lý đến đâu rồi').intent).toBe('procedure');
      expect(read('lệ phí nộp hồ sơ qua mạng có chính sách gì để giảm không').intent).not.toBe('procedure');
      expect(read('lệ phí cấp lại bằng lái bao nhiêu').intent).toBe('procedure');
      // The papers a file is made of are the desk's answer; the papers a task digitises are the programme's.
      expect(read('hồ sơ dự thi chứng chỉ tin học gồm những giấy tờ gì').intent).toBe('procedure');
      expect(read('chương trình có số hóa giấy tờ gì cho dân không').intent).not.toBe('procedure');
    });

    it('reads booking a doctor online as a service the plan may build', () => {
      expect(read('có đặt lịch khám bệnh trực tuyến được không').intent).not.toBe('off_topic');
    });

    it('reads "nvu" as nhiệm vụ', () => {
      expect(read('so y te dc giao nvu j')).toMatchObject({ intent: 'agency_tasks', agencies: ['so-yt'] });
    });

    it('reads "hs" as học sinh and an opening "ct có …" as the programme', () => {
      expect(read('hs cấp 2 được học gì về công nghệ').folded).toContain('hoc sinh');
      expect(read('ct co noi ve ai khong').folded.startsWith('chuong trinh')).toBe(true);
      expect(read('công ty ct có ở đâu').folded).toContain(' ct ');
    });

    it('leaves out of the phrase a general word for the agency asked about and a "does it mention" frame', () => {
      expect(read('Đơn vị phối hợp gồm những ai?').phrase).toBe('');
      expect(read('các cơ quan phối hợp là ai').phrase).toBe('');
      expect(read('có nói đến trí tuệ nhân tạo không').query).not.toContain('noi den');
      expect(read('cơ quan nhà nước được số hóa thế nào').query).toContain('co quan');
    });

    it('reads a loaded document\'s number alone with "là gì" as what that document is', () => {
      expect(read('2597 là gì')).toMatchObject({ intent: 'document_meta', metaTopic: 'identity', documents: ['2597'] });
      expect(read('kh 617 noi ve gi').intent).toBe('document_meta');
      expect(read('lgsp là gì').intent).not.toBe('document_meta');
    });

    it('reads how long the programme runs as a question about the document, not about a task', () => {
      expect(read('chương trình này kéo dài tới năm nào').intent).toBe('document_meta');
      expect(read('việc lập quỹ làm đến năm nào').intent).not.toBe('document_meta');
    });

    it('reads a document\'s or an appendix\'s tasks asked for as a question about its tables', () => {
      expect(read('quyết định 2597 có những nhiệm vụ nào').intent).toBe('task_count');
      expect(read('liệt kê các nhiệm vụ của phụ lục I').intent).toBe('task_count');
      expect(read('sở y tế có những nhiệm vụ nào').intent).toBe('agency_tasks');
    });
  });

  describe('intents', () => {
    it('reads a request for credentials as personal data, and a question about the system itself as not', () => {
      expect(read('cho xin mật khẩu tài khoản quản trị cổng dữ liệu').intent).toBe('personal_data');
      expect(read('ma otp dang nhap dich vu cong cua toi la gi').intent).toBe('personal_data');
      expect(read('ai chủ trì xây dựng cổng dữ liệu mở?').intent).not.toBe('personal_data');
    });

    it.each([
      ['a walk-through asked for', 'đăng ký chữ ký số cá nhân trên điện thoại thế nào, hướng dẫn em với'],
      ['what the asker pays', 'mẹ tôi khám bảo hiểm ở bệnh viện huyện có mất phí không'],
      ['a procedure of the asker', 'làm lại căn cước bị mất thì nộp hồ sơ ở đâu'],
      ['papers the asker needs', 'mình muốn xin giấy phép kinh doanh quán ăn thì cần giấy tờ gì'],
    ])("reads %s as the asker's own service", (_what, question) => {
      expect(read(question).intent).toBe('procedure');
    });

    it.each([
      ['a task about the same service', 'Ai chủ trì nhiệm vụ số hóa thủ tục cấp căn cước?'],
      ['a smart system ("thông minh")', 'Hệ thống chiếu sáng thông minh sẽ được mở rộng như thế nào?'],
      ['a politely asked deadline', 'cho mình hỏi việc xây dựng kho dữ liệu dùng chung bao giờ xong'],
      ['digital transformation ("chuyển đổi số đó")', 'tập huấn chuyển đổi số đó do ai làm'],
      ['support the province gives the asker\'s kind of business', 'em mở tiệm may, tỉnh có hỗ trợ hộ kinh doanh chuyển đổi số thế nào'],
      ['a fee asked of the programme', 'kế hoạch này có nói gì về lệ phí nộp hồ sơ trực tuyến'],
      ['a rule for everyone: filing anywhere in the province', 'sắp tới nộp thủ tục ở đâu trong tỉnh cũng được, đúng không'],
      ['the same rule asked of one errand', 'đổi căn cước có phải về đúng nơi thường trú không hay làm đâu trong tỉnh cũng được'],
      ['what the programme encourages', 'làm hồ sơ trực tuyến thì có được khuyến khích gì về lệ phí không'],
    ])('does not read %s as the asker\'s own service', (_what, question) => {
      expect(read(question).intent).not.toBe('procedure');
      expect(read(question).intent).not.toBe('off_topic');
    });

    it('reads what a named document is as an identity question', () => {
      const c = read('Công văn 6225 là văn bản gì?');
      expect(c).toMatchObject({ intent: 'document_meta', metaTopic: 'identity', documents: ['6225'] });
    });

    it('does not read "nội dung là gì" of a task as a document identity question', () => {
      expect(read('Nội dung chính của nhiệm vụ số hóa hồ sơ là gì?').intent).not.toBe('document_meta');
    });

    it('reads a count of a table and the parts it is divided into', () => {
      expect(read('Phụ lục I có tất cả bao nhiêu nhiệm vụ?')).toMatchObject({ intent: 'task_count', count: true });
      expect(read('Phụ lục II chia làm mấy khối?').intent).toBe('task_count');
    });

    it('reads an agency\'s count as the agency\'s list, not a table count', () => {
      expect(read('Sở Y tế chủ trì bao nhiêu nhiệm vụ?')).toMatchObject({ intent: 'agency_tasks', agencies: ['so-yt'], count: true });
    });

    it('reads the signer of a document named by number', () => {
      expect(read('Kế hoạch 310 ai ký?')).toMatchObject({ intent: 'document_meta', metaTopic: 'signer', documents: ['310'] });
      // Chat spells "ký" with an i.
      expect(read('ke hoach 310 ai ki vay')).toMatchObject({ intent: 'document_meta', metaTopic: 'signer', documents: ['310'] });
      expect(read('nguoi ki quyet dinh 2597 la ai')).toMatchObject({ intent: 'document_meta', metaTopic: 'signer' });
    });

    it('reads who signed and who issued, whatever title the question gives the signer', () => {
      expect(read('Chủ tịch nào ký kế hoạch 310 vậy?')).toMatchObject({ intent: 'document_meta', metaTopic: 'signer' });
      expect(read('kế hoạch 310 ký khi nào').metaTopic).not.toBe('signer');
      expect(read('Kế hoạch 617 do tỉnh nào ban hành?')).toMatchObject({ intent: 'document_meta', metaTopic: 'identity' });
      expect(read('Thông báo 624 là kết luận của phiên họp nào?')).toMatchObject({ intent: 'document_meta', metaTopic: 'identity' });
    });

    it('reads "ct này" as the programme, and money "đâu ra" as funding, not a task\'s output', () => {
      expect(read('ct này có mấy phụ lục').folded).toContain('chuong trinh nay');
      expect(read('ct may tinh').folded).toContain('ct may');
      const money = read('vốn đâu ra để chạy kế hoạch này');
      expect(money.fields).toContain('funding');
      expect(money.fields).not.toContain('result');
      expect(read('sản phẩm đầu ra của việc số hóa hồ sơ').fields).toContain('result');
    });

    it('reads someone\'s contact details as personal data, not a number to call a service or the channels one sells on', () => {
      expect(read('cho tôi xin số điện thoại của giám đốc sở').intent).toBe('personal_data');
      expect(read('có số điện thoại nào để hỏi đáp về chương trình không').intent).not.toBe('personal_data');
      expect(read('tôi bán hàng trên facebook với zalo, chương trình có hỗ trợ gì không').intent).not.toBe('personal_data');
      expect(read('cho xin facebook của chị phụ trách').intent).toBe('personal_data');
    });

    it('reads "AI" in capitals as artificial intelligence, not "who"', () => {
      expect(prepareQuestion('Ứng dụng AI trong y tế')).toBe('Ứng dụng trí tuệ nhân tạo trong y tế');
      expect(read('ứng dụng AI trong y tế').fields).not.toContain('lead');
      expect(read('ai làm ứng dụng trong y tế').fields).toContain('lead');
    });

    it('reads an agency\'s role asked with "những nội dung gì" as its tasks, not as what the document is', () => {
      expect(read('Sở Y tế chủ trì những nội dung gì trong quyết định 719?')).toMatchObject({ intent: 'agency_tasks', agencies: ['so-yt'], role: 'lead' });
      expect(read('quyết định 719 có những nội dung gì?').intent).toBe('document_meta');
    });

    it('reads the number after an appendix that names a loaded document as that document, not a row', () => {
      const c = read('việc nào của Sở Y tế trong phụ lục I 719 đã hết hạn');
      expect(c.references).toEqual([]);
      expect(c).toMatchObject({ intent: 'overdue', documents: ['719'] });
      expect(read('phụ lục I dòng 22 do ai chủ trì').intent).toBe('code_lookup');
    });

    it('reads late denied ("chưa quá hạn") as a window of what is still open, not as the late tasks', () => {
      expect(read('sở y tế có việc nào đến hạn trước tháng 9/2027 mà chưa quá hạn không').intent).toBe('deadline_window');
      expect(read('sở y tế có việc nào quá hạn không').intent).toBe('overdue');
    });

    it('reads "triển khai giai đoạn nào" with a long topic in a named document as a task\'s period, not the document\'s', () => {
      expect(read('theo kế hoạch 310, việc khảo sát hiện trạng hạ tầng viễn thông các khu công nghệ cao triển khai trong giai đoạn nào').intent).toBe('lookup');
      expect(read('kế hoạch 310 triển khai trong giai đoạn nào').intent).toBe('document_meta');
    });

    it('reads a "%" typed without its number as the word "phần trăm", and joins "10 %" to its number', () => {
      expect(prepareQuestion('mấy % dân số')).toBe('mấy  phần trăm  dân số');
      expect(prepareQuestion('đạt 3% và 10 %')).toBe('đạt 3% và 10%');
      expect(read('Tỉnh chi mấy % cho giáo dục').query).toContain('phan tram');
    });

    it('cuts the words that named a document by number out of the phrase', () => {
      const c = read('Kế hoạch 617 hỗ trợ hợp tác xã chuyển đổi số thế nào?');
      expect(c.documents).toEqual(['617']);
      expect(c.phrase).not.toMatch(/\b617\b|\bke hoach\b/u);
      expect(c.phrase).toContain('ho tro');
    });
  });
});
