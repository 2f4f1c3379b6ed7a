/**
 * Abbreviations and synonyms, one table for both directions. Every entry is written folded (lower case, no
 * diacritics, `đ` → `d`) because it is matched against folded tokens.
 *
 * An entry is detected in a text either by one of its `forms` (a single token such as `kh&cn`) or by one of its
 * `phrases` (a syllable sequence such as `khoa hoc va cong nghe`). When detected, the tokenizer adds the entry's
 * `canonical` term and the syllables of its first phrase, so a text that says "Sở KH&CN" and a question that says
 * "so khoa hoc va cong nghe" share terms. A form is replaced in place by the first phrase, which keeps the
 * syllable bigrams around it ("so khoa", "khoa hoc") intact.
 */

export interface SynonymEntry {
  /** The term added whenever the entry is detected; also the id of the entry. */
  canonical: string;
  /** Single-token spellings (abbreviations), folded. */
  forms: string[];
  /** Syllable sequences, folded, space separated; the first one is the expansion of the forms. */
  phrases: string[];
  /**
   * The forms only count when written in capitals and not inside an all-capitals run: "AI" (trí tuệ nhân tạo)
   * versus "ai" (who), "SOC" versus "sóc" in "chăm sóc".
   */
  caseSensitive?: boolean;
  /**
   * An everyday wording of what the documents print in other words ("ở đâu cũng được" for "không phụ thuộc địa
   * giới hành chính"): a document that carries the entry speaks to the question's words of it.
   */
  paraphrase?: boolean;
}

export const SYNONYMS: readonly SynonymEntry[] = [
  { canonical: 'khcn', forms: ['kh&cn', 'khcn', 'kh-cn', 'khoahoccongnghe', 'skhcn'], phrases: ['khoa hoc va cong nghe', 'khoa hoc cong nghe'] },
  { canonical: 'cds', forms: ['cds'], phrases: ['chuyen doi so'] },
  { canonical: 'dmst', forms: ['dmst'], phrases: ['doi moi sang tao'] },
  { canonical: 'ubnd', forms: ['ubnd', 'vpubnd'], phrases: ['uy ban nhan dan'] },
  { canonical: 'hdnd', forms: ['hdnd'], phrases: ['hoi dong nhan dan'] },
  { canonical: 'vp', forms: ['vp'], phrases: ['van phong'] },
  { canonical: 'nq', forms: ['nq'], phrases: ['nghi quyet'] },
  { canonical: 'qd', forms: ['qd'], phrases: ['quyet dinh'] },
  { canonical: 'csdl', forms: ['csdl'], phrases: ['co so du lieu'] },
  { canonical: 'trung_tam_du_lieu', forms: ['datacenter'], phrases: ['trung tam du lieu', 'data center'] },
  { canonical: 'tthc', forms: ['tthc'], phrases: ['thu tuc hanh chinh'] },
  { canonical: 'dvc', forms: ['dvc', 'dvctt'], phrases: ['dich vu cong'] },
  { canonical: 'cntt', forms: ['cntt'], phrases: ['cong nghe thong tin'] },
  { canonical: 'ai', forms: ['ai'], phrases: ['tri tue nhan tao'], caseSensitive: true },
  { canonical: 'tmdt', forms: ['tmdt'], phrases: ['thuong mai dien tu', 'mua ban online', 'mua ban truc tuyen', 'ban hang online', 'ban hang truc tuyen', 'mua sam online', 'mua sam truc tuyen', 'mua hang online', 'mua hang truc tuyen'] },
  { canonical: 'nnmt', forms: ['nn&mt', 'nnmt', 'nn-mt'], phrases: ['nong nghiep va moi truong', 'nong nghiep moi truong'] },
  { canonical: 'gddt', forms: ['gd&dt', 'gddt', 'gd-dt'], phrases: ['giao duc va dao tao', 'giao duc dao tao'] },
  { canonical: 'vhttdl', forms: ['vhttdl', 'vh-tt&dl', 'vhtt&dl', 'tt&dl'], phrases: ['van hoa the thao va du lich', 'van hoa the thao du lich'] },
  { canonical: 'bql', forms: ['bql'], phrases: ['ban quan ly'] },
  { canonical: 'kcn', forms: ['kcn'], phrases: ['khu cong nghiep'] },
  { canonical: 'ccn', forms: ['ccn'], phrases: ['cum cong nghiep'] },
  { canonical: 'cnc', forms: ['cnc'], phrases: ['cong nghe cao'] },
  { canonical: 'ql', forms: ['ql'], phrases: ['quan ly'] },
  { canonical: 'cchc', forms: ['cchc'], phrases: ['cai cach hanh chinh'] },
  // A number to call is the call centre: "có số điện thoại nào để hỏi", "đường dây nóng", "tổng đài".
  { canonical: 'tong_dai', forms: ['hotline', 'sdt'], phrases: ['tong dai', 'duong day nong', 'so dien thoai', 'so dt'] },
  { canonical: 'kkt', forms: ['kkt'], phrases: ['khu kinh te'] },
  { canonical: 'nhnn', forms: ['nhnn'], phrases: ['ngan hang nha nuoc'] },
  { canonical: 'ioc', forms: ['ioc'], phrases: ['trung tam dieu hanh thong minh', 'intelligent operations center'] },
  { canonical: 'lgsp', forms: ['lgsp'], phrases: ['nen tang tich hop chia se du lieu', 'nen tang ket noi chia se du lieu'] },
  { canonical: 'soc', forms: ['soc'], phrases: ['trung tam giam sat dieu hanh an toan an ninh mang', 'giam sat dieu hanh an toan an ninh mang'], caseSensitive: true },
  { canonical: 'tnmt', forms: ['tnmt', 'tn&mt'], phrases: ['tai nguyen moi truong', 'tai nguyen va moi truong'] },
  { canonical: 'htx', forms: ['htx'], phrases: ['hop tac xa'] },
  { canonical: 'bhxh', forms: ['bhxh'], phrases: ['bao hiem xa hoi'] },
  { canonical: 'bhyt', forms: ['bhyt'], phrases: ['bao hiem y te'] },
  { canonical: 'cqnn', forms: ['cqnn'], phrases: ['co quan nha nuoc'] },
  { canonical: 'sme', forms: ['sme', 'dnnvv'], phrases: ['doanh nghiep nho va vua', 'doanh nghiep vua va nho'] },
  { canonical: 'r&d', forms: ['r&d'], phrases: ['nghien cuu va phat trien'] },
  { canonical: 'cqs', forms: ['cqs'], phrases: ['chinh quyen so'] },
  { canonical: 'kts', forms: ['kts'], phrases: ['kinh te so'] },
  { canonical: 'xhs', forms: ['xhs'], phrases: ['xa hoi so'] },
  { canonical: 'tphcm', forms: ['tphcm'], phrases: ['thanh pho ho chi minh'] },
  // Everyday words citizens use for the printed ones.
  /** Also added for every token ending in `%` ("3%"). */
  { canonical: 'phan_tram', forms: [], phrases: ['phan tram', 'ty le'] },
  { canonical: 'thoi_han', forms: ['deadline'], phrases: ['thoi han', 'han chot', 'han cuoi', 'thoi hang'] },
  { canonical: 'di_dong', forms: [], phrases: ['di dong', 'dien thoai', 'smartphone', 'thiet bi cam tay'] },
  { canonical: 'ung_dung', forms: ['app', 'apps'], phrases: ['ung dung', 'phan mem'] },
  { canonical: 'camera', forms: ['camera'], phrases: ['camera', 'may quay'] },
  { canonical: 'zalo', forms: ['zalo'], phrases: [] },
  { canonical: 'website', forms: ['website', 'web'], phrases: ['trang web', 'trang thong tin dien tu', 'cong thong tin dien tu'] },
  { canonical: 'online', forms: ['online'], phrases: ['truc tuyen'] },
  { canonical: 'tong_dai', forms: ['hotline'], phrases: ['tong dai', 'duong day nong'] },
  { canonical: 'so_hoa', forms: [], phrases: ['so hoa', 'dien tu hoa'] },
  // The mobile network as people say it: "sóng 5G", "phủ sóng" for "mạng di động 5G" ("sóng" alone is also "sông", "sống").
  { canonical: 'mang_di_dong', forms: [], phrases: ['mang di dong', 'song 5g', 'song 4g', 'song di dong', 'phu song', 'song dien thoai'] },
  // Who a farming task serves, asked by who they are: "nông dân", "bà con làm ruộng" for "nông nghiệp".
  { canonical: 'nong_nghiep', forms: [], phrases: ['nong nghiep', 'nong dan', 'nha nong', 'lam ruong', 'trong trot', 'chan nuoi'] },
  // Filing anywhere, asked as "ở đâu cũng được" and printed as "không phụ thuộc vào địa giới hành chính".
  { canonical: 'phi_dia_gioi', forms: [], phrases: ['khong phu thuoc vao dia gioi hanh chinh', 'khong phu thuoc dia gioi hanh chinh', 'khong phu thuoc dia gioi', 'o dau cung duoc', 'o dau trong tinh cung duoc', 'bat ky dau', 'bat cu dau', 'noi nao cung duoc', 'khong can ve dung noi', 'phai ve dung noi', 've dung noi cu tru'], paraphrase: true },
  // Mobile coverage, asked as "phủ sóng" and printed as the network reaching places "không có vùng lõm sóng".
  { canonical: 'phu_song', forms: [], phrases: ['phu song', 'lom song', 'mang di dong', 'song di dong', 'song dien thoai', 'phu het', 'phu kin', 'phu rong'], paraphrase: true },
  { canonical: 'kinh_phi', forms: [], phrases: ['kinh phi', 'ngan sach', 'nguon von', 'chi phi'] },
  { canonical: 'dao_tao', forms: [], phrases: ['dao tao', 'tap huan', 'boi duong'] },
  // A course ("khóa học") folds to the same syllables as science ("khoa học"): only its everyday company tells it.
  { canonical: 'khoa_hoc_mo', forms: ['mooc', 'moocs'], phrases: ['khoa hoc truc tuyen', 'khoa hoc dai tra', 'khoa hoc online', 'khoa hoc mien phi', 'khoa hoc ky nang', 'co khoa hoc nao', 'mo khoa hoc', 'lop hoc truc tuyen', 'lop hoc online'] },
  { canonical: 'tuyen_truyen', forms: [], phrases: ['tuyen truyen', 'truyen thong', 'quang ba'] },
  { canonical: 'benh_an', forms: [], phrases: ['benh an', 'ho so suc khoe', 'ho so benh an'], paraphrase: true },
  { canonical: 'kham_tu_xa', forms: ['telehealth', 'telemedicine'], phrases: ['kham chua benh tu xa', 'kham benh tu xa', 'kham tu xa', 'bac si kham tu xa', 'chua benh tu xa'], paraphrase: true },
  // "Dạy STEM", "học STEAM": the schooling the documents print as "giáo dục STEM".
  { canonical: 'stem', forms: ['stem', 'steam'], phrases: ['giao duc stem'] },
  { canonical: 'truy_xuat_nguon_goc', forms: [], phrases: ['truy xuat nguon goc', 'kiem tra nguon goc', 'tra cuu nguon goc', 'xem nguon goc', 'check nguon goc'], paraphrase: true },
  { canonical: 'khoi_nghiep', forms: ['startup', 'start-up'], phrases: ['khoi nghiep'] },
  { canonical: 'thanh_toan_so', forms: ['cashless'], phrases: ['thanh toan dien tu', 'khong dung tien mat', 'thanh toan so', 'thanh toan di dong', 'chuyen khoan', 'quet ma qr', 'quet qr'], paraphrase: true },
  { canonical: 'giao_thong_thong_minh', forms: [], phrases: ['giao thong thong minh', 'den giao thong'] },
  // Ranked first among provinces: "nhóm tỉnh đứng đầu về chỉ số PCI", asked as "top", "nhóm đầu", "dẫn đầu".
  { canonical: 'dung_dau', forms: [], phrases: ['dung dau', 'dan dau', 'nhom dau', 'top dau', 'dung top', 'vao top'], paraphrase: true },
];
