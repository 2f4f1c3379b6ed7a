import { describe, expect, it } from 'vitest';
import { foldKeepCase, paraphraseTerms, SYNONYM_MARKER, terms, tokenize } from '../../src/text/tokenize.ts';
import { editDistance, repairKeyboard, SpellingIndex } from '../../src/text/spelling.ts';

describe('tokenize', () => {
  it('tells an online course from science by the words around "khoa học"', () => {
    expect(tokenize('tỉnh có mở khóa học trực tuyến không').extras).toContain('=khoa_hoc_mo');
    expect(tokenize('Cung cấp các khoá học đại trà trực tuyến mở').extras).toContain('=khoa_hoc_mo');
    expect(tokenize('phát triển khoa học và công nghệ').extras).not.toContain('=khoa_hoc_mo');
  });

  it('gives everyday words their printed form: "sóng 5G" the mobile network, "nông dân" farming, "chuyển khoản" cashless payment', () => {
    const shared = (a: string, b: string) => tokenize(a).extras.filter((term) => term.startsWith('=') && tokenize(b).extras.includes(term));
    expect(shared('sóng 5G phủ các xã', 'mạng di động 5G đến 100% xã')).not.toEqual([]);
    expect(shared('bà con nông dân', 'sản xuất nông nghiệp công nghệ cao')).not.toEqual([]);
    expect(shared('nước sông Hồng', 'mạng di động 5G')).toEqual([]);
    expect(shared('khách trả tiền bằng chuyển khoản', 'thanh toán không dùng tiền mặt tại chợ')).not.toEqual([]);
    expect(shared('trường tỉnh lọt top đầu cả nước', 'trong nhóm tỉnh đứng đầu về chỉ số')).not.toEqual([]);
    expect(shared('xã dẫn đầu phong trào', 'nằm trong nhóm đầu')).not.toEqual([]);
  });

  it('gives identical terms for NFC and NFD input', () => {
    const text = 'Sở Khoa học và Công nghệ chủ trì xây dựng Kho dữ liệu dùng chung, hạn tháng 12/2025';
    const nfc = text.normalize('NFC');
    const nfd = text.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(tokenize(nfd)).toEqual(tokenize(nfc));
  });

  it('folds diacritics and đ on both cases', () => {
    expect(foldKeepCase('Đổi mới SÁNG TẠO đường')).toBe('Doi moi SANG TAO duong');
    expect(tokenize('ĐỔI MỚI').unigrams).toEqual(['doi', 'moi']);
  });

  it('keeps codes, dates, resolutions and percentages as single tokens', () => {
    const { codes, unigrams } = tokenize('Nghị quyết 57-NQ/TW; quý III/2026; tháng 12/2025; CQS2.1 và PL2.11; tổng đài 1022; 3% tổng chi; PL2.3a');
    for (const token of ['57-nq/tw', 'iii/2026', '12/2025', 'cqs2.1', 'pl2.11', '3%', 'pl2.3a']) {
      expect(codes).toContain(token);
      expect(unigrams).toContain(token);
    }
    expect(unigrams).toContain('1022');
  });

  it('adds the numeric parts of dates and the group of a task code as extras', () => {
    const { extras } = tokenize('hạn 12/2025, mã CQS2.1');
    expect(extras).toEqual(expect.arrayContaining(['12', '2025', 'cqs2']));
  });

  it('emits syllable bigrams that never cross punctuation', () => {
    const { bigrams } = tokenize('kho dữ liệu, dùng chung');
    expect(bigrams).toEqual(['kho_du', 'du_lieu', 'dung_chung']);
  });

  it('drops function words from unigrams but keeps them inside bigrams', () => {
    const tokens = tokenize('cơ sở dữ liệu của tỉnh');
    expect(tokens.unigrams).not.toContain('co');
    expect(tokens.unigrams).not.toContain('cua');
    expect(tokens.bigrams).toContain('co_so');
    expect(tokenize('cơ sở', { stopwords: 'none' }).unigrams).toEqual(['co', 'so']);
  });

  it('meets everyday words for tracing origins, remote care and STEM on the printed ones, and not on online booking', () => {
    const marker = (text: string, canonical: string) => tokenize(text).extras.includes(`=${canonical}`);
    expect(marker('muốn kiểm tra nguồn gốc rau', 'truy_xuat_nguon_goc')).toBe(true);
    expect(marker('hệ thống truy xuất nguồn gốc sản phẩm', 'truy_xuat_nguon_goc')).toBe(true);
    expect(marker('bác sĩ khám từ xa cho người ở quê', 'kham_tu_xa')).toBe(true);
    expect(marker('dịch vụ khám chữa bệnh từ xa (telehealth)', 'kham_tu_xa')).toBe(true);
    expect(marker('đăng ký khám bệnh qua mạng', 'kham_tu_xa')).toBe(false);
    // "Dạy STEM" is the schooling printed as "giáo dục STEM": the words of that phrase come with it.
    expect(tokenize('trường có dạy STEM không').bigrams).toContain('giao_duc');
  });

  it('keeps "đô thị", two function words folded, as a bigram when function words are skipped', () => {
    const tokens = tokenize('phát triển đô thị thông minh', { stopwords: 'all' });
    expect(tokens.bigrams).toContain('do_thi');
    expect(tokens.unigrams).not.toContain('do');
    // Other pairs of function words stay out.
    expect(tokenize('việc đó thì ai làm', { stopwords: 'all' }).bigrams).not.toContain('thi_ai');
  });

  it('expands KH&CN, KHCN, KH-CN and the spelled-out name to the same terms', () => {
    const spelled = new Set(terms('Sở Khoa học và Công nghệ'));
    for (const variant of ['Sở KH&CN', 'so khcn', 'Sở KH-CN', 'SỞ KHCN']) {
      const variantTerms = new Set(terms(variant));
      for (const term of ['so', 'khoa', 'hoc', 'cong', 'nghe', 'so_khoa', 'khoa_hoc', 'cong_nghe', '=khcn']) {
        expect(variantTerms.has(term), `${variant} → ${term}`).toBe(true);
        expect(spelled.has(term)).toBe(true);
      }
    }
  });

  it('maps the listed abbreviations to their expansions', () => {
    const pairs: Array<[string, string]> = [
      ['CĐS', 'chuyển đổi số'],
      ['ĐMST', 'đổi mới sáng tạo'],
      ['UBND', 'ủy ban nhân dân'],
      ['CSDL', 'cơ sở dữ liệu'],
      ['TTHC', 'thủ tục hành chính'],
      ['DVC', 'dịch vụ công'],
      ['CNTT', 'công nghệ thông tin'],
      ['TMĐT', 'thương mại điện tử'],
      ['NN&MT', 'nông nghiệp và môi trường'],
      ['GD&ĐT', 'giáo dục và đào tạo'],
      ['NHNN', 'ngân hàng nhà nước'],
      ['IOC', 'trung tâm điều hành thông minh'],
      ['BQL', 'ban quản lý'],
      ['KCN', 'khu công nghiệp'],
      ['BHXH', 'bảo hiểm xã hội'],
      ['BHYT', 'bảo hiểm y tế'],
    ];
    for (const [short, long] of pairs) {
      const a = tokenize(short);
      const b = tokenize(long);
      expect(a.extras.filter((term) => term.startsWith('=')), short).toEqual(b.extras.filter((term) => term.startsWith('=')));
      expect(a.bigrams, short).toEqual(b.bigrams);
    }
  });

  it('reads "AI" as artificial intelligence but "ai" as the question word', () => {
    expect(tokenize('Trợ lý ảo AI cho cán bộ').extras).toContain('=ai');
    expect(tokenize('Ai chủ trì nhiệm vụ này?').extras).not.toContain('=ai');
    expect(tokenize('ai chu tri').unigrams).not.toContain('tri_tue');
  });

  it('does not read "chăm sóc" as SOC, nor capitals inside an all-capitals heading', () => {
    expect(tokenize('chăm sóc sức khỏe').extras).not.toContain('=soc');
    expect(tokenize('Trung tâm SOC của tỉnh').extras).toContain('=soc');
    expect(tokenize('CHĂM SÓC SỨC KHỎE').extras).not.toContain('=soc');
  });

  it('links everyday words to the printed ones', () => {
    expect(terms('hạn chót là khi nào')).toContain('thoi_han');
    expect(terms('ứng dụng trên điện thoại')).toContain('di_dong');
    expect(terms('cái app du lịch')).toContain('ung_dung');
    expect(terms('ba phần trăm')).toContain('=phan_tram');
    expect(terms('3% tổng chi')).toContain('=phan_tram');
  });

  it('survives empty, emoji-only, zero-width, HTML, SQL and mixed-script input', () => {
    expect(tokenize('')).toEqual({ unigrams: [], bigrams: [], extras: [], codes: [] });
    expect(tokenize('😀🎉🔥').unigrams).toEqual([]);
    expect(tokenize('chuy\u200Bển đổi\u200D số').unigrams).toEqual(['chuyen', 'doi', 'so']);
    expect(tokenize('<script>alert(1)</script> kho dữ liệu').unigrams).toEqual(expect.arrayContaining(['kho', 'du', 'lieu']));
    expect(tokenize("'; DROP TABLE tasks; --").unigrams).toEqual(['drop', 'table', 'tasks']);
    expect(tokenize('Москва 北京 chuyển đổi số').unigrams).toEqual(expect.arrayContaining(['москва', 'chuyen', 'doi', 'so']));
    // Not a string at run time (a channel bug): no throw.
    expect(tokenize(undefined as unknown as string).unigrams).toEqual([]);
  });

  it('tokenizes 20 000 characters without stalling', () => {
    const long = 'chuyển đổi số '.repeat(1500);
    expect(long.length).toBeGreaterThan(20_000);
    const started = performance.now();
    const { unigrams } = tokenize(long);
    expect(performance.now() - started).toBeLessThan(2_000); // pathological-slowness guard, not a benchmark
    expect(unigrams.length).toBe(4500);
  });
});

describe('spelling', () => {
  it('repairs Telex and VNI leftovers and doubled letters', () => {
    expect(repairKeyboard('ddooir')).toBe('doi');
    expect(repairKeyboard('vieejt')).toBe('viet');
    expect(repairKeyboard('chuye6n')).toBe('chuyen');
    expect(repairKeyboard('nhieeem')).toBe('nhiem');
    expect(repairKeyboard('1022')).toBe('1022');
  });

  it('measures edit distance with transpositions', () => {
    expect(editDistance('giam', 'giam')).toBe(0);
    expect(editDistance('nghiep', 'ngheip')).toBe(1);
    expect(editDistance('sat', 'xat')).toBe(1);
    expect(editDistance('chuyen', 'truyen', 1)).toBe(2);
  });

  it('corrects an unknown bigram through a known neighbour syllable', () => {
    const index = new SpellingIndex(['giam', 'sat', 'camera', 'chuyen', 'doi', 'so'], ['giam_sat', 'chuyen_doi', 'doi_so']);
    expect(index.suggest('giam_xat')).toEqual(['giam_sat']);
    expect(index.suggest('truyen_doi')).toEqual(['chuyen_doi']);
    expect(index.suggest('giam_sat')).toEqual([]);
    expect(index.suggest('cameera')).toEqual(['camera']);
    expect(index.suggest('zzzzzzzz')).toEqual([]);
  });
});

describe('everyday words for a term the documents use', () => {
  it('reads buying and selling online as e-commerce', () => {
    for (const text of ['bán hàng online ở chợ', 'mua sắm trực tuyến']) {
      expect(tokenize(text).extras, text).toEqual(expect.arrayContaining(['=tmdt', 'thuong_mai', 'dien_tu']));
    }
  });
});

describe('paraphraseTerms', () => {
  it('gives the syllables and pairs of every phrase of a paraphrase entry, and nothing for a plain synonym', () => {
    const [marker] = tokenize('nộp ở đâu cũng được').extras.filter((term) => term.startsWith(SYNONYM_MARKER));
    const said = paraphraseTerms(marker!);
    expect(said.has('dau')).toBe(true);
    expect(said.has('dia_gioi')).toBe(true);
    const [plain] = tokenize('điện thoại').extras.filter((term) => term.startsWith(SYNONYM_MARKER));
    expect(paraphraseTerms(plain!).size).toBe(0);
  });
});
