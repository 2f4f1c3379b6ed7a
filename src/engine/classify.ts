/**
 * Rule-based understanding of a question: its intent and slots (agencies, codes, date window, the field asked).
 * Works on folded text, so questions typed without diacritics read the same. Cues are grammatical frames of
 * questions ("ai chủ trì", "những nhiệm vụ nào", "quá hạn"), not answers: the slots they leave are checked
 * against the catalogue and the retrieval scores before anything is answered.
 */
import type { TaskReference } from '../documents/references.ts';
import { RELATED_AGENCIES_ID } from '../knowledge/agencies.ts';
import type { IsoDate } from '../text/dates.ts';
import { fold } from '../text/vietnamese.ts';
import type { Vocabulary } from './vocabulary.ts';
import { type DateWindow, parseWindow } from './windows.ts';

export type Intent =
  | 'help'
  /** Thanks, a farewell, an acknowledgement: a short friendly reply. */
  | 'social'
  | 'misuse'
  | 'personal_data'
  | 'off_topic'
  /** The asker's own procedure or service ("đổi bằng lái ở đâu", "mở tài khoản thế nào, chỉ mình với"). */
  | 'procedure'
  /** About a place no loaded document is about ("kế hoạch của tỉnh Bắc Trung" with no such document loaded). */
  | 'other_place'
  /** About a document named by its kind and number that is not loaded ("Nghị định 13/2023 quy định gì"). */
  | 'other_document'
  | 'code_lookup'
  | 'group_lookup'
  | 'agency_tasks'
  | 'deadline_window'
  | 'overdue'
  | 'upcoming'
  | 'funding_tasks'
  | 'document_meta'
  /** How many tasks a document or one of its appendices has. */
  | 'task_count'
  /** A follow-up about the tasks the conversation was already about ("Thời hạn thế nào?"). */
  | 'follow_up'
  | 'lookup';

export type Field = 'lead' | 'partners' | 'deadline' | 'funding' | 'result' | 'content' | 'follow_up' | 'progress';
export type MetaTopic = 'signer' | 'effective' | 'number' | 'issued' | 'legal_basis' | 'identity';

export interface Classification {
  intent: Intent;
  /** Fields the question asks about, in the order they matter. */
  fields: Field[];
  /** Canonical agency ids named in the question (successors not yet applied), in order of appearance. */
  agencies: string[];
  /** Task ids (`PL2.11`, rows named in words) and task codes (`CQS2.1`) named, normalised. */
  codes: string[];
  /** The references behind `codes`, with the document each names (`101:PL2.11` → `101`). */
  references: TaskReference[];
  /** Group codes (`CQS2`) named without a task number. */
  groups: string[];
  /** Row numbers named with no appendix ("nhiệm vụ số 7"): several appendices may have one. */
  rowNumbers: string[];
  /** Loaded documents the question names (by number, kind and issuer, place or title words). */
  documents: string[];
  /** Places named in a place frame that no loaded document is about. */
  otherPlaces: string[];
  /** Places named that a loaded document is about (their current names): answers lean to those documents. */
  places: string[];
  window: DateWindow | null;
  /** Asks for a list ("những nhiệm vụ nào", "phải làm gì"). */
  list: boolean;
  /** Asks for a count ("bao nhiêu nhiệm vụ"). */
  count: boolean;
  /** For agency lists: "chủ trì" or "phối hợp" named explicitly. */
  role: 'lead' | 'partner' | null;
  /**
   * The agency or group named as partnering with the one asked about ("UBND các xã phối hợp với Sở X những việc
   * gì"): then `agencies` is that lead alone, `role` is `lead`, and the answer is the lead's tasks it partners in.
   */
  partnered: string | null;
  metaTopic: MetaTopic | null;
  /** Every document topic the question asks, in the order of META ("là văn bản gì và ai ký" → identity, signer). */
  metaTopics: MetaTopic[];
  /** The question with question frames, agency names, codes and dates removed: what the task or topic is. */
  phrase: string;
  /**
   * What to search for: the question without agency names, codes, dates and multi-word question frames. Single
   * syllables stay, since Vietnamese words are mostly two syllables ("làm chủ", "thi hành").
   */
  query: string;
  /** Folded question. */
  folded: string;
}

// "Chỉ số nào", "con số nào" are an index and a figure, not "sở nào" (which department).
const WHO = /\b(ai|co quan nao|don vi nao|(?<!\b(?:chi|con) )so nao|bo nao|cuc nao|ben nao|noi nao|nganh nao|do ai|giao cho ai)\b|\b(bo|so|co quan|don vi|ben) nao (lo|lam|phu trach)\b/u;
const FIELD_CUES: Array<{ field: Field; cue: RegExp }> = [
  { field: 'partners', cue: /\bphoi hop\b|\bcung (voi|lam)\b/u },
  { field: 'lead', cue: /\bchu tri\b|\bphu trach\b|\bchiu trach nhiem\b|\bai lam\b|\bgiao cho\b|\bdo ai\b/u },
  {
    field: 'deadline',
    cue: /\b(thoi )?han( chot)?\b|\b(tre|cham|muon) (bao lau|may ngay|bao nhieu ngay)\b|\bkhi nao\b|\bbao gio\b|\bnam nao\b|\bthang nao\b|\blo trinh\b|\btien do\b|\bthoi gian\b|\bgiai doan nao\b|\bmay ngay\b|\bbao lau\b|\bxong\b|\bdeadline\b|\b(cham|tre|muon) nhat (la )?(ngay|luc|thang|khi|bao gio)\b|\bngay nao\b/u,
  },
  { field: 'funding', cue: /\bnguon (von|tien)\b|\bkinh phi\b|\bvon\b|\bngan sach\b|\blay (o |tu )?dau( ra)?\b|\btien\b.{0,20}\b(o dau|tu dau|dau ra|nguon nao|ai chi|ai tra)\b|\bnguon nao\b/u },
  { field: 'result', cue: /\bket qua (du kien|dau ra|cua|can dat|can co|phai dat)\b|\bket qua (phai |se |can )?(ra |la |dat |duoc ){0,3}(cai |nhung )?gi\b|\bket qua (phai |se )?(ra sao|the nao|nhu the nao)\b|\b(can|phai) dat (duoc )?(nhung )?gi\b|\bsan pham dau ra\b|(?<!\b(?:tien|von|kinh phi|ngan sach)(?: (?:o|lay|tu|thi))?\s)\bdau ra\b|\bsan pham (cua nhiem vu|la gi|gi)\b/u },
  // Who follows a task up, and how far it has got, as a table may print them ("Theo dõi, đôn đốc", "Tiến độ").
  { field: 'follow_up', cue: /\b(theo doi|don doc)\b/u },
  { field: 'progress', cue: /\btien do\b|\b(lam|thuc hien|trien khai) (duoc )?(den dau|toi dau)( roi)?\b/u },
  { field: 'content', cue: /\bgom\b|\bnoi dung\b|\bla gi\b|\bbao gom\b|\blam gi\b|\bcu the\b|\bnhu the nao\b|\bla nhung\b/u },
];

const LIST =
  /\bnhung (nhiem vu|viec|cong viec|dau viec)\b|\b(nhiem vu|viec|cong viec) (nao|gi)\b|\bnhung gi\b|\bbao nhieu (nhiem vu|viec)\b|\bmay nhiem vu\b|\b(phai|can|duoc giao|co|con) (lam )?(nhung )?(gi|viec gi)\b|\blam gi\b|\bdanh sach\b|\bliet ke\b|\bchiu trach nhiem (gi|nhung gi|ve)\b|\bco gi\b|\bcon gi\b|\bnhiem vu cua\b(?! ai\b)|\bchu tri (nhung|cac)\b|\bcac (nhiem vu|viec|cong viec|dau viec) (do|ma|thuoc|giao cho|duoc giao)\b/u;
/** Words that point back after a noun ("việc đó", "ct này"); with "trên", also at what was listed above. */
export const POINTING = 'do|nay|ay|kia';
export const POINTING_OR_ABOVE = `${POINTING}|tren`;
/** "Trong số đó", "trong đó": among what was just listed. */
export const AMONG_LISTED = new RegExp(`\\btrong (?:so )?(?:${POINTING_OR_ABOVE})\\b`, 'u');
/** "Mấy việc đó", "các nhiệm vụ trên", "tất cả": every item of the list just given. */
export const EVERY_ITEM = new RegExp(`\\b(may|cac|nhung|ca) (viec|nhiem vu|cai) (${POINTING_OR_ABOVE})\\b|\\btat ca\\b|\\btung (viec|nhiem vu|cai)\\b`, 'u');
/** What leaves the phrase of "trong số đó … rồi": the pointer to the list, and the closing "rồi" (already). */
const AMONG_LISTED_OR_ALREADY = new RegExp(`${AMONG_LISTED.source}|\\broi$`, 'gu');
// "Mấy việc", not "mấy việc đó" (those few just listed).
const COUNT = new RegExp(`\\bbao nhieu (nhiem vu|nv|viec|dau viec)\\b|\\bmay (nhiem vu|nv|viec)\\b(?! (${POINTING_OR_ABOVE})\\b)|\\bso luong nhiem vu\\b|\\b(bao nhieu|may)\\b.{0,30}\\b(nhiem vu|nv)\\b`, 'u');
/**
 * "Sở đó", "cơ quan này": an agency pointed at, which only a conversation before can say. Read on the question in
 * lower case, with diacritics where the folded words are others too ("sổ đỏ", "số đo").
 */
export const POINTED_AGENCY = /(?<![\p{L}\p{N}])(?:sở|cơ quan|đơn vị|ngành) (?:này|đó|ấy|kia)(?![\p{L}\p{N}])|\b(?:co quan|don vi) (?:nay|ay|kia)\b/u;
/** "Tỉnh mình", "quê nhà": the asker's own province, pointed at rather than named. */
export const OWN_PROVINCE = /\b(?:tinh|que|dia phuong) (?:minh|ta|nha|toi|em)\b|\b(?:ve|o|dua) que\b/u;
/** One thing pointed at ("cái đó", "việc này"), not several ("những việc đó"). */
export const POINTED_ONE = new RegExp(`(?<!\\b(?:nhung|cac|may) )\\b(cai|viec|nhiem vu|nv) (${POINTING})\\b`, 'u');
/** "Chia làm mấy khối", "gồm những nhóm nào": the parts a table is divided into. */
export const PARTS = /\b(may|bao nhieu|nhung|cac) (khoi|nhom|phan(?! tram| mem)|linh vuc)\b|\bchia (lam|thanh|ra) (may|bao nhieu|nhung|the nao|nhu the nao|ra sao)\b|\bchia ra (the nao|nhu the nao|ra sao)\b/u;

/** "Những nhiệm vụ nào", "danh sách nhiệm vụ": the tasks themselves asked for, not one of them. */
const TASKS_LISTED = /\b(nhung|cac) (nhiem vu|nv|dau viec)\b|\b(nhiem vu|nv) (nao|gi)\b|\b(danh sach|liet ke) (cac |nhung )?(nhiem vu|nv)\b/u;
/** "Chương trình chuyển đổi số của tỉnh", "kế hoạch này", "chương trình CĐS 45": the document asked about, named by what it is. */
const PROGRAMME_ITSELF = /\b(?:chuong trinh|ke hoach|de an)(?: (?:chuyen doi so|cds|khoa hoc cong nghe|khcn))?(?: (?:cua tinh(?: minh| nha| ta)?|nay)\b|(?= (?:so )?\d{2,4}\b))/gu;
/** "… được giao chủ trì", right after an agency's name: that agency leads, as the question says. */
const LEAD_SAID_AFTER = /^\s*(?:duoc giao |duoc |se )?(?:chu tri|phu trach)\b/u;
/** "Phần tổ chức thực hiện": the part of a plan that gives the agencies their roles, named as a part. */
const ORGANISATION_PART = /\b(phan|muc|khau|chuong) to chuc thuc hien\b/u;
/** "Có mấy phụ lục": how a document's tables are divided. */
export const APPENDIX_COUNT = /\b(may|bao nhieu) phu luc\b/u;
/** "Chưa quá hạn", "không trễ hạn": late denied, which asks for what is still open. */
const LATE_DENIED = '(?<!\\b(?:chua|khong|ko|chang|k) )';
/** Late in so many words ("quá hạn", "trễ hạn", "chậm tiến độ"), not only past its end ("hết hạn"). */
const STRICT_OVERDUE = new RegExp(`${LATE_DENIED}\\bqua (thoi )?han\\b|${LATE_DENIED}\\btre (thoi )?han\\b|\\bcham (tien do|han)\\b`, 'u');
const OVERDUE = new RegExp(`${STRICT_OVERDUE.source}|\\bda het (thoi )?han\\b|(?<!\\bsap )\\bhet (thoi )?han\\b|\\bbi tre\\b`, 'u');
const UPCOMING = /\bsap (den|het|toi) han\b|\bgan (den|toi) han\b|\bsap phai (xong|hoan thanh)\b/u;
/** Words of a question's phrase beyond which a window without a due frame belongs to the asker's story. */
const STORY_WORDS = 12;
const DUE_FRAME = /\b(den han|het han|co han|han|phai (xong|hoan thanh)|hoan thanh|xong|thoi han)\b/u;
const FUNDING_LIST = /\b(nguon von|kinh phi|von|ngan sach)\b/u;

const META: Array<{ topic: MetaTopic; cue: RegExp }> = [
  {
    topic: 'legal_basis',
    cue: /\bcan cu\b|\bto trinh\b|\btheo de nghi\b|\b(chuong trinh|quyet dinh|ke hoach|van ban)\b.{0,25}\b(co quan nao|don vi nao|so nao|ai) (de nghi|de xuat|tham muu)\b(?! (?!ban hanh)\S)|\b(co quan nao|don vi nao|so nao|ai) (de nghi|de xuat|tham muu) ban hanh (chuong trinh|quyet dinh|ke hoach|van ban)\b|\bdua tren (nghi quyet|van ban|ke hoach)\b|\b(ke hoach|nghi quyet|nghi dinh|thong tu|chi thi)\b.{0,80}\b(so may|so bao nhieu|so hieu|ky hieu)\b/u,
  },
  // "Bộ trưởng nào ký", "ai đã ký": not "khi nào ký" (a date).
  // Chat spells "ký" with an i as often as with a y ("ai kí", "người kí").
  { topic: 'signer', cue: /\b(ai|nguoi nao|ong nao|ba nao|lanh dao nao) k[iy]\b|(?<!\b(?:khi|ngay|luc|thang|nam|hom|bao gio))\s(?:\S+ )?nao (da )?k[iy]\b|\bk[iy] boi ai\b|\bnguoi k[iy]\b|\bk[iy] (quyet dinh|van ban|ban hanh)\b|\bchu k[iy] (cua|tren)\b|\bduoc k[iy] boi\b/u },
  // "Hiệu lực từ ngày nào?", not "hết hiệu lực", "đang có hiệu lực" (words of a task about other documents).
  { topic: 'effective', cue: /^(?!.*\b(het|dang co|tam ngung|con|mat) hieu luc\b).*(\bngay hieu luc\b|\bhieu luc\b.{0,20}\b(ngay nao|khi nao|bao gio|luc nao|tu dau)\b|\b(khi nao|bao gio|tu ngay nao|ngay nao)\b.{0,20}\bhieu luc\b|\bco hieu luc (chua|khong|tu)\b)/u },
  // "Công văn 2345 là văn bản gì, về việc gì?": what a named document is, as a whole.
  {
    topic: 'identity',
    cue: /\b(la|thuoc) (loai )?(van ban|quyet dinh|ke hoach|thong bao|cong van) (gi|nao)\b|\bve (viec|noi dung|van de) gi\b|\bnoi dung (chinh )?(la )?gi\b|\b(noi )?ve (viec |van de )?(gi|cai gi)\b|\bco noi dung gi\b|(?<!\bco )\b(phe duyet|ket luan|trien khai|huong dan) ([a-z0-9 ]{0,40} )?(gi|thu may)\b|\b(tinh|thanh pho|tinh thanh|thanh|dia phuong|bo|nganh|co quan) nao ban hanh\b|\bket luan (cua )?(cuoc hop|phien hop|hoi nghi|ky hop) nao\b|\b(ap dung|thuc hien|trien khai) (cho |trong )?giai doan nao\b|\btam nhin (den |toi )?nam (bao nhieu|nao|may)\b|^(?:(?:qd|kh|tb|cv|van ban|quyet dinh|ke hoach|thong bao|cong van|de an|nghi quyet|chi thi)(?: so)? |so )?[a-z0-9/.-]+ (la gi|la cai gi|la van ban gi|noi ve gi|noi gi)$|\b(chuong trinh|ke hoach|de an)( nay| do)? (se )?(lam|thuc hien|keo dai|trien khai|chay) (den|toi) nam (nao|bao nhieu|may)\b/u,
  },
  // "Số mấy" of a document ("quyết định số mấy", "văn bản này số bao nhiêu"), not of a hotline or a count.
  {
    topic: 'number',
    cue: /\bquyet dinh so (may|bao nhieu|nao)\b|\bso hieu\b|\b(quyet dinh|van ban|ke hoach|chuong trinh|thong bao|cong van)\b.{0,30}\bso (may|bao nhieu)\b|\bso quyet dinh\b|\bkem theo quyet dinh\b|\bquyet dinh nao\b/u,
  },
  // "Ký ngày nào", not "định kỳ khi nào" (a reporting period) or "kỳ báo cáo".
  { topic: 'issued', cue: /\bban hanh (ngay|khi nao|luc nao|nam nao|thang nao)\b|\bngay ban hanh\b|\b(ai|co quan nao) ban hanh\b|(?<!\b(dinh|moi|hang|hoc|nhiem) )\bky (ngay|khi|luc|vao ngay|vao luc) (nao|bao gio)\b|(?<!\b(dinh|moi|hang|hoc|nhiem) )\bky (ngay|khi) nao\b/u },
];

/**
 * A question that opens with a document named by its kind and number ("nghị định 13/2023 …", "quyết định 720
 * …"), not a code or a measure ("kế hoạch 5G"): about that document. Only read so when no loaded document is named.
 */
const UNLOADED_DOCUMENT_FIRST = /^(?:cho (?:toi|minh|em) hoi (?:ve )?)?(?:quyet dinh|qd|ke hoach|kh|thong bao|tb|cong van|cv|nghi quyet|nq|nghi dinh|nd|thong tu|chi thi)(?: so)? \d{1,5}(?![\p{L}\d])/u;

/** Intents answered by a fixed reply whatever documents the question names. */
const FIXED_REPLY_INTENTS: ReadonlySet<Intent> = new Set(['social', 'help', 'misuse', 'personal_data']);

/** The topics a document's number answers ("số mấy", "số hiệu"), and a line to call, whose number is not one. */
const NUMBERED_TOPICS: ReadonlySet<MetaTopic> = new Set(['number', 'legal_basis']);
const PHONE_LINE = /\b(tong dai|hotline|duong day nong|so dien thoai|sdt|so dt)\b/u;

/** A phrase this long beside "triển khai giai đoạn nào" of a named document names a thing to be done in it ("bản đồ số …"). */
const TASK_TOPIC_WORDS = 6;
/** "Triển khai giai đoạn nào": a period asked, of a document or of a task named in it. */
const PERIOD_ASKED = /\b(ap dung|thuc hien|trien khai) (cho |trong )?giai doan nao\b/u;
/** A document still to be issued: a task's product, with a deadline. */
const TASK_OBLIGATION = /\b(phai|can|se|duoc giao) (duoc )?ban hanh\b/u;
const THIS_DOCUMENT = /\b(van ban|quyet dinh|ke hoach|chuong trinh|thong bao|cong van) (nay|do|tren)\b/u;
const POLITE_TAIL = '(?:\\s+(?:nhe|nha|nhieu|ban|bn|oi|ad|admin|a|ah|anh|chi|em|moi nguoi|tro ly|bot|nhe ban|nhieu nhe|nhieu nha|lam|qua|roi|nhe ad))*\\s*$';
export type SocialKind = 'greeting' | 'thanks' | 'farewell' | 'acknowledged';
/** How a greeting and thanks open, and the words that make a message ask something (folded alternations). */
const GREETING_OPENER = 'xin chao|chao|hello|hi|alo|hey';
const THANKS_OPENER = '(?:xin )?cam on|cam ta|thanks?|thank you|tks|thanks you|ty';
const ACKNOWLEDGING_OPENER = 'ok|oke|okay|okie|vang|da|u|uh|uk';
const ASKING_WORDS = 'ai|gi|nao|sao|khong|ko|bao nhieu|bao gio|khi nao|the nao|hoi|cho biet|muon biet|lam sao|o dau';
const SOCIAL: Array<{ kind: SocialKind; cue: RegExp }> = [
  { kind: 'greeting', cue: new RegExp(`^(?:${GREETING_OPENER})${POLITE_TAIL}`, 'u') },
  { kind: 'thanks', cue: new RegExp(`^(?:${THANKS_OPENER})${POLITE_TAIL}`, 'u') },
  { kind: 'farewell', cue: new RegExp(`^(?:tam biet|bye|bye bye|hen gap lai|chao tam biet)${POLITE_TAIL}`, 'u') },
  { kind: 'acknowledged', cue: new RegExp(`^(?:${ACKNOWLEDGING_OPENER}|duoc roi|hieu roi|tot qua|hay qua|tuyet|tuyet voi|good)${POLITE_TAIL}`, 'u') },
];

/** Words a social turn is made of ("ok, tạm biệt nhé", "ok tks"): a message of only these is one. */
const SOCIAL_WORDS = new Set([
  'ok', 'oke', 'okay', 'okie', 'vang', 'da', 'u', 'uh', 'uk', 'duoc', 'roi', 'hieu', 'tot', 'hay', 'qua', 'tuyet', 'voi', 'good', 'cam', 'on', 'ta',
  'thanks', 'thank', 'you', 'tks', 'ty', 'tam', 'biet', 'bye', 'hen', 'gap', 'lai', 'chao', 'xin', 'hello', 'hi', 'alo', 'hey', 'nhe', 'nha',
  'nhieu', 'ban', 'ad', 'admin', 'a', 'ah', 'anh', 'chi', 'em', 'moi', 'nguoi', 'tro', 'ly', 'bot', 'lam', 'gioi', 'ghe', 'chuan', 'tuyet',
  'thoi', 'vay', 'the', 'bn', 'oi',
  // "Tạm biệt, chúc bạn một ngày tốt lành!"
  'chuc', 'mot', 'ngay', 'tot', 'lanh', 'vui', 've', 'buoi', 'sang', 'trua', 'chieu', 'toi', 'cuoi', 'tuan',
  // Praise: "bạn trả lời hay lắm", "trợ lý giỏi quá".
  'tra', 'loi', 'nhanh', 'ro', 'rang', 'de', 'hieu', 'va',
  // "Bạn vất vả rồi, cảm ơn đã giúp đỡ nhiệt tình".
  'vat', 'cuc', 'giup', 'do', 'nhiet', 'tinh',
]);
/** A greeting that introduces the writer and asks nothing yet ("Chào bạn, mình là phóng viên …"). */
const GREETING_INTRODUCTION = new RegExp(`^(xin chao|chao|hello|hi|alo)\\b(?!.*\\b(${ASKING_WORDS})\\b).{0,120}$`, 'u');

/** Asking leave to ask ("hi ad, mình hỏi chút được không", "cho em hỏi tí"): a greeting, the question comes next. */
const ASKS_LEAVE = new RegExp(
  `^(?:(?:${GREETING_OPENER})(?:\\s+(?:ban|bn|ad|admin|tro ly|bot|anh|chi|em))?[\\s,.!]+)?(?:(?:minh|toi|em|anh|chi|cho (?:minh|toi|em|anh|chi)|cho)\\s+)?` +
    `hoi (?:chut|ti|xiu|mot chut|mot ti|mot cau|cai nay|cai|nhe)(?:\\s+(?:duoc|dc) (?:khong|ko|k|chu|hem))?(?:\\s+(?:nhe|nha|a|ah|ad|ban|bn))*[\\s?!.]*$`,
  'u',
);
/**
 * Thanks that closes the turn with a word about what the writer will do or thinks ("thanks e, để a xem lại", "ok cảm
 * ơn nhé, rất hữu ích"), asking nothing; an acknowledgement may come first.
 */
const THANKS_CLOSING = new RegExp(`^(?:(?:${ACKNOWLEDGING_OPENER})[\\s,.!]+)?(?:${THANKS_OPENER})\\b(?!.*\\b(?:${ASKING_WORDS}|con|thi)\\b)[^0-9]{0,50}$`, 'u');

/** Small talk that asks after the assistant ("hôm nay bạn thế nào", "chào bạn, bạn khỏe không"). */
const SMALL_TALK =
  /^(?:(?:xin chao|chao|hello|hi|alo|hey)(?:\s+(?:ban|bn|ad|tro ly|bot))?[\s,.!]+)?(?:(?:hom nay|dao nay)\s+)?(?:ban|bn|ad|tro ly|bot)\s+(?:(?:co|dao nay|hom nay)\s+)?(?:khoe|on|the nao|ra sao|sao roi)(?:\s+(?:khong|ko|k|chu|nhi|vay|the))?[\s?!.]*$/u;

/** No question word anywhere after this point ("hỏi" may stand: "mình hỏi vậy thôi"). */
const ASKS_NOTHING = '(?!.*\\b(?:ai|gi|nao|sao|bao nhieu|bao gio|khi nao|the nao|o dau|khong|ko)\\b)';
/** A message that ends in a farewell and asks nothing ("thôi mình hỏi vậy thôi, tạm biệt nhé"). */
const FAREWELL_CLOSING = new RegExp(`^${ASKS_NOTHING}[^0-9?]{0,60}\\b(?:tam biet|bye|hen gap lai)${POLITE_TAIL}`, 'u');
/** A message that opens with a farewell and asks nothing after it ("tạm biệt nhé, hôm khác mình hỏi tiếp"). */
const FAREWELL_OPENING = new RegExp(`^(?:tam biet|bye|bye bye|hen gap lai)\\b${ASKS_NOTHING}[^0-9?]{0,60}$`, 'u');
/** How the writer is ("hôm nay vui chứ", "khỏe không"): small talk when it follows another social clause. */
const MOOD = /^(?:(?:hom nay|dao nay|ban|bn|toi|minh|em)\s+)*(?:vui|vui ve|khoe|on|met|ban|buon|chan)(?:\s+(?:qua|lam|ghe|the))?(?:\s+(?:khong|ko|k|chu|nhi|the|ha|khong ban))?$/u;

/** Which social turn a (folded) message is, if it is one: a farewell, thanks, a greeting, else an acknowledgement. */
export function socialKind(folded: string): SocialKind | null {
  const whole = socialKindOfClause(folded);
  if (whole) return whole;
  // "Bạn khỏe không, hôm nay vui chứ?" (punctuation is gone by now): a social turn, then another or a mood; the
  // first says which.
  const words = folded.split(' ').filter(Boolean);
  if (words.length > 12) return null;
  for (let cut = 1; cut < words.length; cut += 1) {
    const first = socialKindOfClause(words.slice(0, cut).join(' '));
    const rest = words.slice(cut).join(' ');
    if (first && (socialKindOfClause(rest) || MOOD.test(rest))) return first;
  }
  return null;
}

function socialKindOfClause(folded: string): SocialKind | null {
  const cue = SOCIAL.find(({ cue }) => cue.test(folded))?.kind;
  if (cue) return cue;
  if (FAREWELL_CLOSING.test(folded) || FAREWELL_OPENING.test(folded)) return 'farewell';
  if (SMALL_TALK.test(folded) || ASKS_LEAVE.test(folded)) return 'greeting';
  if (THANKS_CLOSING.test(folded)) return 'thanks';
  if (GREETING_INTRODUCTION.test(folded) && !/\?/u.test(folded)) return 'greeting';
  // "Hôm nay mệt quá": a mood told, nothing asked.
  if (MOOD.test(folded) && /\b(vui|khoe|met|buon|chan)\b/u.test(folded)) return 'greeting';
  const words = folded.split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 10 || !words.every((word) => SOCIAL_WORDS.has(word))) return null;
  if (/\b(tam biet|bye|hen gap lai|chuc)\b/u.test(folded)) return 'farewell';
  if (/\b(cam on|cam ta|thanks?|tks|ty|hay|gioi|tuyet|chuan|nhanh|de hieu)\b/u.test(folded)) return 'thanks';
  if (/^(xin chao|chao|hello|hi|alo|hey)\b/u.test(folded)) return 'greeting';
  return /\b(ok|oke|okay|okie|vang|duoc roi|hieu roi)\b/u.test(folded) ? 'acknowledged' : null;
}

/** "Bạn là ai vậy, giúp được gì cho mình": the assistant asked about itself, anywhere in a short message. */
const ABOUT_ASSISTANT = /\b(ban|em|bot|tro ly) (la ai|la gi|lam (duoc )?(gi|nhung gi)|giup (duoc )?(gi|nhung gi))\b/u;
const ABOUT_ASSISTANT_WORDS = 15;
const HELP = /^(xin chao|chao ban|chao|hello|hi|alo|help|tro giup|huong dan|ban la ai|ban lam duoc gi|ban giup duoc gi|\/start|\/help)\b/u;
/**
 * Personal details, credentials, and who holds an office now ("giám đốc sở … là ai"): no document says, and none
 * should. A number or an address to reach a service ("có số điện thoại nào để hỏi về chuyển đổi số không") is not
 * one, nor the channels the writer sells on ("bán trên facebook với zalo").
 */
const PERSONAL =
  /\bso (cccd|cmnd|can cuoc|dinh danh ca nhan)\b|\bngay sinh\b|\b(so dien thoai|sdt|so dt|dia chi email|email)\b(?!.{0,40}\b(de hoi|hoi dap|tong dai|duong day nong|ho tro|giai dap|phan anh|gop y|tu van)\b)|\b(dia chi nha|zalo ca nhan|(facebook|fb|zalo) (cua|ca nhan)|que o dau|que quan|bao nhieu tuoi|nam sinh|mat khau|password|ma otp|otp|tai khoan dang nhap)\b|\b(giam doc|pho giam doc|truong phong|chanh van phong)\b.{0,40}\b(hien nay|bay gio|hien tai)?\s*la ai\b|\b(giam doc|pho giam doc|truong phong|chanh van phong|chu tich|pho chu tich|can bo|cong chuc)\b.{0,50}\b(luong (bao nhieu|the nao|may)|thu nhap|vo con|vo chong|gia dinh|nha o dau|tai san)\b/u;
/** Requests to change the catalogue or the statuses (only registered officials update, with /capnhat). */
const MUTATION = new RegExp(
  [
    // "Theo dõi tiến độ" follows it up; "đổi tiến độ" changes it.
    '\\b(cap nhat|danh dau|chuyen|(?<!\\btheo )doi|sua|dat) (trang thai|tien do)\\b',
    '\\b(danh dau|(chuyen|doi|sua) (trang thai|thanh|sang))\\b.{0,90}\\b(hoan thanh|da xong|xong)\\b',
    '\\b(danh dau|sua|cap nhat|xoa|set|mark)\\b.{0,30}\\b(tat ca|toan bo|het cac|moi nhiem vu|all|everything)\\b',
    '\\b(sua|doi|thay doi|lui|keo dai)( (giup|ho|dum)( toi| minh| em)?)? (han|thoi han|lo trinh|deadline)\\b',
    '\\b(han|thoi han|lo trinh|deadline|trang thai)\\b.{0,80}\\b(doi|chuyen|sua) (thanh|sang)\\b',
    '\\bcap nhat (giup|ho|dum)\\b',
    '\\bxoa( (giup|ho|dum)( toi| minh| em)?)? (het |toan bo |tat ca )?(cac )?(nhiem vu|cong|he thong|du lieu|co so du lieu|bang|bo)\\b',
    '\\bdrop table\\b|\\bdelete from\\b|\\btruncate\\b',
  ].join('|'),
  'u',
);
/**
 * An everyday service asked of the plan itself ("đặt lịch khám online có trong kế hoạch không", "… sở nào phụ
 * trách?"): the documents answer whether it is planned and who leads it.
 */
const ASKS_THE_PLAN = /\bco (nam )?trong (ke hoach|chuong trinh|quyet dinh|de an|van ban)\b|\b(tinh )?co ke hoach\b.{0,80}\b(khong|ko|k|chua)$|\b(so|co quan|don vi|nganh) nao (phu trach|chu tri|lam|lo|thuc hien)\b|\btinh co (lam|xay dung|trien khai|lap|dau tu|nang cap|mo rong|phat trien|ung dung)\b.{0,80}\b(khong|ko|k|chua)\b|\b(ung dung|app|phan mem|he thong|nen tang) (\S+ ){0,3}(dang ky|dat lich|dat hen) (kham|chua)\b|\b(dang ky|dat lich|dat hen) (kham|chua)( benh)? (online|truc tuyen|qua mang|tren mang|tu xa)\b/u;
/**
 * Asking for an attack on a system ("viết mã tấn công DDoS cổng dịch vụ công"): refused like any misuse, before a
 * section about the same system is read for it. Defending against one ("phòng chống tấn công mạng") is a question.
 */
const ATTACK = /\b(viet|tao|soan|huong dan|chi (toi|minh|em)|cach|lam sao|lam the nao de|giup (toi|minh|em))\b( \S+){0,4} (tan cong|ddos|hack|danh sap|xam nhap|ma doc|virus|lam gia|gia mao|vuot tuong lua|be khoa|crack|lay trom|danh cap|khai thac lo hong)\b/u;
/**
 * A forged document asked for: "soạn giúp một quyết định giả" ("quyết định giá đất" is a price, not a forgery), or
 * one written with someone's signature or number ("… ghi số hiệu và chữ ký ông A").
 */
const FORGERY = /\b(viet|tao|soan|lam|in)\b( \S+){0,5} (quyet dinh|van ban|cong van|giay to|giay phep|con dau|chu ky|ke hoach|thong bao) gia\b(?! (dat|ca|ban|tri|thanh|tien|xang|dien|nuoc|thue|thi truong|dich vu|nha|thue|san pham|hang))|\b(viet|tao|soan|lam)\b.{0,40}\b(quyet dinh|cong van|van ban|giay phep|thong bao)\b.{0,80}\b(chu ky|con dau|so hieu)\b/u;
const DEFENCE = /\b(phong chong|phong ngua|phong tranh|canh giac|tuyen truyen|chong|ngan chan|bao ve|an toan|an ninh|bao mat|ung cuu)\b/u;
/** Weather as what a technology measures for farmers ("cảm biến báo thời tiết, đất, nước"), not a forecast asked for. */
const WEATHER_AS_DATA = /\b(cam bien|quan trac|canh bao thien tai|nong nghiep thong minh|chuyen doi so)\b.{0,60}\bthoi tiet\b|\bthoi tiet\b.{0,40}\b(cam bien|quan trac|du lieu)\b/gu;
/** Words before an agency that make it the recipient of something, not the one who does it. */
export const RECIPIENT_FRAME = /\b(?:(?:gui|trinh|bao cao|nop)(?: \S+){0,5} (?:ve|len|toi|cho|den)|gui|trinh|bao cao|de xuat voi|xin y kien)\s*$/u;
const OFF_TOPIC =
  /\b(ty so|tran dau|toi qua|hom qua|muc luong|tien luong|luong co so|phu cap(?! quang)|luong (can bo|cong chuc|vien chuc|co ban|thang)|ma so thue|lai suat|tuyen dung|thi tuyen|gia dat|co mua|troi mua|mua to|mua rao|nhiet do|nang nong|gio mua|thoi tiet|gia vang|ty gia|xo so|bong da|chung khoan|gia xang|tin tuc|bai tho|bai hat|ke chuyen|cong thuc nau|nau an|tu vi|boi toan)\b|\b(dat lich|dat hen|dang ky kham|lay so thu tu|dat ve|mua ve|dat phong)\b|\b(tien dien|tien nuoc|hoa don (dien|nuoc|tien)|cuoc (dien thoai|internet|mang))\b|\b(hoc|thi|kham|chua|lam|dang ky)\b.{0,30}\b(het|mat|ton) bao nhieu tien\b|\b(viet|soan|lam) (giup|ho|dum)( \S+){0,2} (la )?(don|thu|bai|van|hop dong|to khai)\b|\bngay mai\b|\bhom nay\b.*\b(gia|thoi tiet|bao nhieu do)\b|\b(duong nao|loi nao|tuyen nao) (nhanh|gan|tien) nhat\b|\b(tram thu phi|chi duong|tac duong|ket xe|xe buyt|xe bus|taxi)\b|\b(vuot den do|muc phat|phat nguoi|bi phat|nong do con|tru diem bang lai)\b|\b(lich tiem|tiem chung|tiem phong|lich kham|kham ngoai gio|gio kham|gio lam viec)\b|\b(den|tu) may (gio|h)\b|\b(chu nhat|thu bay|thu 7|t7|cuoi tuan|ngay le|buoi toi|ban dem) (co )?(kham|lam viec|mo cua|lam|nhan ho so|tiep dan)\b|\bgio mo cua\b|\bgia (ve|phong|dich vu|cuoc|thue)\b|\bve (vao cua|tham quan)\b|\bve vao\b.{0,40}\bbao nhieu\b|\b(diem chuan|diem thi|diem xet tuyen)\b|\bgia\b.{0,40}\bhom nay\b|\bgia (\S+ ){1,7}(thang nay|tuan nay|bao nhieu (mot|1) (bao|kg|ky|can|lit|tan|con|cai))\b|\bbao nhieu (tien )?(1|mot) (kg|ky|can|lit|tan)\b|\b(cach|lam sao|lam the nao de|huong dan) (de )?(cai|cai dat|tai|go|xoa|cap nhat) (\S+ ){1,5}tren (may tinh|dien thoai|laptop|iphone|android)\b|\b(cach|lam sao|lam the nao de|huong dan) (de )?(mo|tao|dang ky|khoa|mo khoa|dong|lay lai) (\S+ ){0,2}tai khoan\b|\bnen mua\b|\b(quan|nha hang|tiem|hang)( \S+){0,4} (ngon|re nhat|dong khach)\b|\b(an|uong) (gi|o dau) ngon\b|\b(tam|khoang|duoi|tren) \d+ ?(trieu|tr|nghin|k)\b|\bluong huu\b|\bluong\b( \S+){0,7} (tang|giam) (bao nhieu|may|khong|chua)\b|\b(huong dan|chi) (toi |minh |em |giup )*(cai dat|sua|ket noi|reset) lai\b|\b(bi|hay bi) mat ket noi\b|\b(uong|dung|mua|ke) (thuoc|khang sinh)\b|\bthuoc gi\b|\bsot \d+ do\b|\bphan xu\b|\bai dung ai sai\b|\b(co nen|nen) (kien|khoi kien|ly hon|ra toa)\b/u;
const PROCEDURE =
  /(?<!\bchuyen )\b(cap|lam|xin|dang ky|doi|cap doi|sang ten)( lai| moi)? (the )?(so do|so hong|giay chung nhan quyen su dung dat|giay phep xay dung|giay phep kinh doanh|ho chieu|visa|bang lai|giay phep lai xe|can cuoc|cccd|cmnd|khai sinh|ho khau)\b|\bthu tuc\b.{0,40}\b(the nao|nhu the nao|ra sao|gi|o dau|bao lau|can gi|mat bao lau)\b|\b(cap lai|cap moi|lam lai|lam moi|dang ky|gia han) (can cuoc|cccd|cmnd|ho chieu|giay phep lai xe|bang lai|khai sinh|ho khau|tam tru|thuong tru|ket hon)\b|\ble phi\b|\bho so gom\b|\b(can|mang|chuan bi|nop|gom|gom co) (nhung |cac )?giay to (gi|nao)\b/u;
/**
 * A citizen asking how to get something done for themselves: who asks ("tôi", "mình", "con tôi") and what a
 * service desk answers (how to do it, where, what it costs, which papers), or a plea for a walk-through ("chỉ mình
 * với"). Polite frames ("cho mình hỏi") do not make the asker the subject.
 */
const SELF_SERVICE = new RegExp(
  [
    '\\b(toi|(?<!thong )minh|em|con toi|con minh|nha toi|nha minh|bo me toi|vo toi|chong toi)\\b.{0,120}\\b(lam sao|lam o dau|nop o dau|mat tien|mat phi|ton phi|bao nhieu tien|het bao nhieu|giay to gi|can giay to|nop ho so|han chot nop|co duoc khong)\\b',
    '\\b(toi|(?<!thong )minh|em|con toi|con minh)\\b.{0,120}\\b(lam|dang ky|mo|nop|xin|doi|cap|khai|quyet toan|thanh toan|dong|tra cuu)\\b.{0,60}\\b(the nao|nhu the nao|ra sao)\\b',
    '\\b(lam|dang ky|mo|nop|xin|doi|cap|khai|quyet toan|thanh toan|dong|tra cuu)\\b.{0,60}\\b(the nao|nhu the nao|ra sao)\\b.{0,40}\\b(chi|huong dan|giup) (minh|toi|em)\\b',
    '\\b(chi|huong dan) (minh|toi|em) (voi|cach|lam)\\b',
    // "Hồ sơ của tôi mã … đến đâu rồi": one's own file, which only the desk that holds it can look up.
    '\\b(ho so|don)\\b( \\S+){0,4} cua (toi|minh|em|con toi|nha toi)\\b.{0,80}\\b(den dau|toi dau|xong chua|duoc chua|xu ly chua|the nao roi)\\b',
  ].join('|'),
  'u',
);
/** The words between a partner and the agency it works with: "A (phải) phối hợp với B". */
const PARTNERS_WITH = /^ (?:(?:phai|se|can|duoc giao|co trach nhiem|cung|da|dang) )*phoi hop (?:voi|cung) $/u;
const POLITE_FRAME = /\b(cho|xin phep|muon) (toi|minh|em) (hoi|biet|duoc hoi|duoc biet)\b/gu;
/**
 * Words that put a question about a service back on what a document plans ("nhiệm vụ", "chương trình", "chủ trì",
 * "tỉnh hỗ trợ … chuyển đổi số"), or ask about a rule for everyone ("nộp ở đâu trong tỉnh cũng được").
 */
const PROGRAMME_WORDS =
  /\bco chinh sach (gi|nao)\b|\b(nhiem vu|chuong trinh|ke hoach|de an|quyet dinh|thong bao|cong van|phu luc|chu tri|phoi hop|muc tieu|chi tieu|kinh phi|tinh se|tinh (co )?ho tro|tinh co (lam|xay dung|trien khai|nang cap|mo rong|phat trien|dau tu|ung dung)|chuyen doi so|trien khai|qd|kh|tb)\b|\b(o dau|noi nao|nop dau|lam dau)\b.{0,30}\bcung (duoc|dc)\b|\b(phai )?ve dung noi\b|\bkhuyen khich\b|\b(bat ky|bat cu) (dau|noi nao)\b|\bkhong phu thuoc (vao )?dia gioi\b/u;

/** A question about the asker's own procedure or service, not about a loaded document's plans. */
export function asksForOwnService(folded: string): boolean {
  if (PROGRAMME_WORDS.test(folded)) return false;
  return PROCEDURE.test(folded) || SELF_SERVICE.test(folded.replace(POLITE_FRAME, ' '));
}

/** Who a field names, said generally ("cơ quan phối hợp gồm những ai" names no task): a frame, yet words of the answer. */
const AGENCY_IN_GENERAL = ['nhung co quan', 'cac co quan', 'co quan', 'nhung don vi', 'cac don vi', 'don vi'];
/** Question frames removed to leave what the task or topic is. Longer frames first. */
const SCAFFOLD = [
  'cho toi hoi', 'cho toi biet', 'cho em hoi', 'cho em biet', 'cho minh hoi', 'cho minh biet', 'xin hoi', 'cho hoi', 'lam on', 'vui long', 'ban oi', 'ad oi',
  // The programme as the subject ("chương trình của tỉnh đặt mục tiêu gì về …"): what follows is the topic.
  // "Chương trình có nói đến … không": asks whether the text mentions what follows.
  'co noi den', 'co noi toi', 'co nhac den', 'co nhac toi', 'co de cap den', 'co de cap toi', 'co de cap',
  'chuong trinh cua tinh', 'chuong trinh nay', 'ke hoach nay', 'theo chuong trinh', 'dat muc tieu gi ve', 'co muc tieu gi ve', 'muc tieu gi ve', 'dat muc tieu',
  // "Ai lo việc X": "việc" only points at X.
  'co quan nao lo viec', 'don vi nao lo viec', 'so nao lo viec', 'ai lo viec', 'ai phu trach viec',
  'co quan nao lo', 'don vi nao lo', 'so nao lo', 'ben nao lo', 'nganh nao lo', 'ai lo',
  'co quan nao', 'don vi nao', 'so nao', 'bo nao', 'cuc nao', 'ben nao', 'nganh nao', 'giao cho ai', 'do ai', 'ai la nguoi', 'ai',
  ...AGENCY_IN_GENERAL,
  'chu tri', 'phu trach', 'chiu trach nhiem', 'phoi hop', 'cung voi', 'thuc hien',
  'cham nhat la ngay nao', 'cham nhat ngay nao', 'cham nhat la khi nao', 'cham nhat khi nao', 'cham nhat la bao gio', 'cham nhat bao gio', 'ngay nao',
  'han chot', 'han cuoi', 'thoi han', 'den han', 'het han', 'qua han', 'khi nao', 'bao gio', 'luc nao', 'nam nao', 'thang nao',
  'con may ngay nua', 'con bao nhieu ngay', 'may ngay', 'bao lau', 'lo trinh', 'tien do', 'thoi gian', 'giai doan nao',
  'lay tu dau', 'tu dau', 'o dau', 'phai hoan thanh', 'hoan thanh', 'phai xong', 'xong', 'han',
  'la gi', 'gom nhung noi dung gi', 'gom nhung gi', 'gom nhung', 'bao gom', 'noi dung', 'nhu the nao', 'the nao', 'ra sao',
  'nhung nhiem vu nao', 'nhiem vu nao', 'nhung nhiem vu', 'cac nhiem vu', 'nhiem vu gi', 'nhiem vu', 'nhung gi', 'nhung viec',
  'viec nao', 'viec gi', 'lam gi', 'co gi', 'con gi', 'trach nhiem', 'la', 'gi', 'nao',
  'phai', 'duoc giao', 'duoc', 'can', 'se', 'da', 'dang', 'co', 'khong', 'chua', 'vay', 'a', 'nhi', 'nhe', 'the', 'thi sao', 'sao',
  'con', 'cua', 'cho', 'trong', 've', 'viec', 'cai', 'lam', 'trien khai', 'xay dung', 'giao cho', 'giao', 'nua',
];
const SCAFFOLD_REGEX = new RegExp(`\\b(?:${SCAFFOLD.map((frame) => frame.replace(/ /gu, '\\s+')).join('|')})\\b`, 'gu');
/** Frames that are also the words of the answer ("chịu trách nhiệm thi hành", "theo dõi, đôn đốc thực hiện"). */
const KEPT_IN_QUERY = new Set([...AGENCY_IN_GENERAL, 'xay dung', 'trien khai', 'thuc hien', 'noi dung', 'nguon von', 'kinh phi', 'hoan thanh', 'chiu trach nhiem', 'trach nhiem', 'phoi hop']);
const QUERY_FRAMES = [...SCAFFOLD.filter((frame) => frame.includes(' ') && !KEPT_IN_QUERY.has(frame)), 'ai'];
const QUERY_FRAME_REGEX = new RegExp(`\\b(?:${QUERY_FRAMES.map((frame) => frame.replace(/ /gu, '\\s+')).join('|')})\\b`, 'gu');

/**
 * "AI" written in capitals is artificial intelligence, not the question word "ai" (who); a "%" without its number
 * ("mấy %") is the word "phần trăm", which the documents' "3%" also carries; "10 %" is "10%".
 */
export function prepareQuestion(text: string): string {
  return text.replace(/\bA\.?I\b/gu, 'trí tuệ nhân tạo').replace(/(\p{N})\s+%/gu, '$1%').replace(/(?<![\p{N}%])%+/gu, ' phần trăm ');
}

/** Chat shorthand typed on phones, on folded whole words: "nv" nhiệm vụ, "ko" không, "dc" được, "j" gì … */
const SHORTHAND: Record<string, string> = {
  nv: 'nhiem vu',
  nvu: 'nhiem vu',
  ko: 'khong',
  k: 'khong',
  hok: 'khong',
  kg: 'khong',
  dc: 'duoc',
  dk: 'duoc',
  j: 'gi',
  z: 'vay',
  bn: 'bao nhieu',
  ntn: 'nhu the nao',
  vs: 'voi',
  cq: 'co quan',
  dv: 'don vi',
  // Not "cds", "csdl", "cntt": the documents print those too, and retrieval reads them as synonyms.
  xd: 'xay dung',
  dn: 'doanh nghiep',
  hs: 'hoc sinh',
  gv: 'giao vien',
};

/** "pl1", "pl 2", "pl ii": an appendix, unless a row or a block follows after a dot ("pl1.29", "pl1.b2.15" are ids). */
const APPENDIX_SHORTHAND = /\bpl\s*(iii|ii|iv|i|v|[1-5])\b(?!\s*[.,]\s*b?\d)/gu;

const REFERRING_AFTER = new Set(POINTING_OR_ABOVE.split('|'));
const SOCIAL_BEFORE_YOU = new Set(['tks', 'thanks', 'thank', 'on', 'chao', 'hi', 'hello', 'alo', 'ok', 'oke', 'biet']);

function expandShorthand(folded: string): string {
  // Whole words only: "kh&cn" and "k&cn" stay as they are. "nv 11" stays: the references read "nv" + a number as a
  // row number, where "nhiệm vụ" needs "số" ("nhiệm vụ số 11").
  const words = folded.replace(APPENDIX_SHORTHAND, 'phu luc $1').split(' ');
  return words
    .map((word, index) => {
      if (word === 'nv' && /^\d/u.test(words[index + 1] ?? '')) return word;
      // "1 kg", "một kg": a kilogram after a quantity, "không" elsewhere.
      if (word === 'kg' && /^(?:\d+|mot|nua)$/u.test(words[index - 1] ?? '')) return word;
      // "bao giờ v": "vậy" closing a question.
      if (word === 'v' && index === words.length - 1 && index > 0) return 'vay';
      // "tks bn", "chào bn": "bn" after a social word is "bạn", not "bao nhiêu".
      if (word === 'bn' && SOCIAL_BEFORE_YOU.has(words[index - 1] ?? '')) return 'ban';
      // "Sở NV" is a department's initials (Nội vụ), not "nhiệm vụ".
      if (word === 'nv' && words[index - 1] === 'so') return word;
      // "ct này", "ct đó": the programme pointed at ("ct" alone may be a company or a directive).
      if (word === 'ct' && REFERRING_AFTER.has(words[index + 1] ?? '')) return 'chuong trinh';
      // "ct có nói …", "ct gồm …" opening the message: the programme as its subject.
      if (word === 'ct' && index === 0 && /^(?:co|noi|gom|la|ve|danh|dat)$/u.test(words[1] ?? '')) return 'chuong trinh';
      return SHORTHAND[word] ?? word;
    })
    .join(' ');
}

export function classify(text: string, vocabulary: Vocabulary, today: IsoDate): Classification {
  // Punctuation goes, except the dots, slashes and colons inside codes and dates ("CQS7.2", "12/2025", "KH&CN",
  // "101:PL2.11", "PL.VII.1").
  const folded = expandShorthand(
    fold(prepareQuestion(text))
      .replace(/[?!;"“”'()[\]{}<>*#=_~`|\\]+|[.,](?!\d|b\d|[ivxl]{1,4}\.\d)|:(?!pl|b\d)/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim(),
  );
  const named = vocabulary.namedDocuments(folded);
  // "Phụ lục I 45" (of Kế hoạch 45): the number after an appendix is the document it belongs to, not a row of it.
  const references = vocabulary.references
    .find(folded)
    .filter((reference) => reference.kind !== 'row' || !named.some((entry) => entry.byNumber && entry.start < reference.end && reference.start < entry.end && entry.start > reference.start));
  const taskReferences = references.filter((reference) => reference.kind === 'id' || reference.kind === 'row' || reference.kind === 'code');
  const codes = taskReferences.map((reference) => reference.ref);
  const groups = references.filter((reference) => reference.kind === 'group').map((reference) => reference.ref);
  const rowNumbers = references.filter((reference) => reference.kind === 'number').map((reference) => reference.ref);
  // Only agencies the loaded tasks name are what a question asks about; others are words of its topic.
  const insideNumber = (start: number) => named.some((entry) => entry.byNumber && entry.start <= start && start < entry.end);
  // In a question about central documents only, a name both levels use ("NHNN") is the central body.
  const level = named.length > 0 && named.every((entry) => vocabulary.centralDocuments.has(entry.documentId)) ? 'central' : 'local';
  // An agency something is sent or reported to ("gửi Bộ KH&CN", "báo cáo UBND tỉnh") is part of the topic too.
  const exactMentions = vocabulary.agencies.find(folded, level);
  // No agency read, yet perhaps one typed with a slip ("sở tài chín"): the closest name, if one is that close.
  const found = exactMentions.some((mention) => vocabulary.holders.has(mention.id)) ? exactMentions : [...exactMentions, ...vocabulary.agencies.findApproximate(folded)];
  const documents = [...new Set([...named.map((entry) => entry.documentId), ...references.flatMap((reference) => (reference.documentId ? [reference.documentId] : []))])];
  const kept = found.filter((mention) => vocabulary.holders.has(mention.id) && !insideNumber(mention.start) && !RECIPIENT_FRAME.test(folded.slice(Math.max(0, mention.start - 60), mention.start)));
  // "Thông báo 624 của Văn phòng Chính phủ giao EVN làm gì": the issuer only says which document; another agency
  // named beside it is the one asked about.
  const issuing = (id: string) => documents.some((documentId) => vocabulary.issuers.get(documentId)?.has(id));
  const mentions = kept.some((mention) => !issuing(mention.id)) ? kept.filter((mention) => !issuing(mention.id)) : kept;
  const isAgency = (id: string) => vocabulary.agencies.byId(id)?.kind === 'agency';
  // "A phối hợp với B": B is the agency asked about, as the lead of what A partners in.
  const ordered = [...mentions].sort((a, b) => a.start - b.start);
  const pair = ordered.findIndex((mention, i) => i > 0 && isAgency(mention.id) && PARTNERS_WITH.test(folded.slice(ordered[i - 1]!.end, mention.start)));
  const partnered = pair > 0 ? ordered[pair - 1]!.id : null;
  const agencies = pair > 0 ? [ordered[pair]!.id] : mentions.map((mention) => mention.id).filter(isAgency);
  const groupMentions = mentions
    .map((mention) => mention.id)
    .filter((id) => vocabulary.agencies.byId(id)?.kind === 'group' && id !== RELATED_AGENCIES_ID);

  const places = [...vocabulary.places.find(folded), ...vocabulary.places.findCapitalised(text), ...vocabulary.places.findUnframed(folded, vocabulary.coveredPlace)];
  const otherPlaces = [...new Set(places.filter((mention) => !vocabulary.coveredPlace(mention.place)).map((mention) => mention.place.name))];
  const coveredPlaces = [...new Set(places.filter((mention) => vocabulary.coveredPlace(mention.place)).map((mention) => mention.place.current))];
  const window = parseWindow(folded, today);
  const fields = FIELD_CUES.filter(({ cue }) => cue.test(folded)).map(({ field }) => field);
  if (WHO.test(folded) && !fields.includes('lead') && !fields.includes('partners')) fields.unshift('lead');
  // "Sở Nội vụ được giao chủ trì việc X; lộ trình thế nào": the lead is said, not asked, when another field is.
  const leadSaid = mentions.some((mention) => LEAD_SAID_AFTER.test(folded.slice(mention.end)));
  if (fields[0] === 'lead' && fields.length > 1 && leadSaid && !WHO.test(folded)) fields.shift();
  const list = LIST.test(folded);
  const count = COUNT.test(folded);
  const partnerRole = /\bphoi hop\b/u.test(folded);
  const leadRole = /\bchu tri\b/u.test(folded);
  const role: Classification['role'] = partnered !== null ? 'lead' : partnerRole && leadRole ? null : partnerRole ? 'partner' : leadRole ? 'lead' : null;
  // "Tổng đài … số mấy": the number of a line to call, not of a document.
  const metaTopics = META.filter(({ topic, cue }) => cue.test(folded) && !(NUMBERED_TOPICS.has(topic) && PHONE_LINE.test(folded))).map(({ topic }) => topic);
  // What a document is comes first when asked with other topics; otherwise META's order decides.
  const metaTopic = metaTopics.includes('identity') ? 'identity' : (metaTopics[0] ?? null);

  // What is cut out of the phrase: agency names, references, the words that named a document or a place, and the
  // named document's title repeated.
  const cutSpans = [
    ...mentions.map((mention) => ({ start: mention.start, end: mention.end })),
    ...references.map((reference) => ({ start: reference.start, end: reference.end })),
    ...named.filter((entry) => entry.byNumber).map((entry) => ({ start: entry.start, end: entry.end })),
  ];
  const titleSpans = documents.flatMap((documentId) => vocabulary.titleRuns(folded, documentId)).filter((run) => !cutSpans.some((span) => run.start < span.end && span.start < run.end));
  // "Chương trình chuyển đổi số của tỉnh có gì giúp nông dân": the programme itself, named in passing, when the
  // question has a topic of its own beside it.
  const itselfSpans = [...folded.matchAll(PROGRAMME_ITSELF)]
    .map((match) => ({ start: match.index, end: match.index + match[0].length }))
    .filter((span) => ![...cutSpans, ...titleSpans].some((other) => span.start < other.end && other.start < span.end))
    .filter((span) => `${folded.slice(0, span.start)} ${folded.slice(span.end)}`.replace(SCAFFOLD_REGEX, ' ').trim().split(/\s+/u).filter(Boolean).length >= 2);
  const spans = [...cutSpans, ...titleSpans, ...itselfSpans].sort((a, b) => b.start - a.start);
  const cut = (from: ReadonlyArray<{ start: number; end: number }>) => {
    let rest = folded;
    for (const span of from) if (span.end <= rest.length) rest = `${rest.slice(0, span.start)} ${rest.slice(span.end)}`;
    return rest;
  };
  let stripped = cut(spans);
  // Asked who does something, a group named ("doanh nghiệp", "người dân") is not who is asked about but a word of
  // the topic ("cơ sở dữ liệu doanh nghiệp … là nhiệm vụ của ai"): it stays in what is searched.
  const asksWho = fields.includes('lead') || fields.includes('partners');
  const groupSpans = asksWho ? mentions.filter((mention) => groupMentions.includes(mention.id)) : [];
  const searched = groupSpans.length > 0 ? cut(spans.filter((span) => !groupSpans.some((group) => group.start === span.start && group.end === span.end))) : stripped;
  // Years stay in what is searched ("tầm nhìn 2045" is a topic); dates and windows leave the phrase.
  const query = searched.replace(QUERY_FRAME_REGEX, ' ').replace(/\s+/gu, ' ').trim();
  stripped = stripped
    .replace(/\bquy (iv|iii|ii|i|[1-4])\b(\s*(\/|nam)?\s*20\d\d)?/gu, ' ')
    .replace(/\b(thang \d{1,2}\s*(\/|nam|-)\s*20\d\d|\d{1,2}\/20\d\d|nam 20\d\d|20\d\d)\b/gu, ' ')
    .replace(/\b(trong )?\S+ (ngay|tuan|thang|nam) (toi|nua|sap toi|tiep theo)\b/gu, ' ')
    .replace(/\b(cuoi nam nay|nam nay|thang nay|quy nay|quy sau|nam sau|thang sau|sap den han|sap het han)\b/gu, ' ')
    .replace(/\btinh (den|toi) (nay|hom nay|bay gio|hien tai|thoi diem nay|luc nay)\b/gu, ' ')
    // "Trong số đó … rồi": among what was just listed, already.
    .replace(AMONG_LISTED_OR_ALREADY, ' ');
  const phrase = stripped.replace(SCAFFOLD_REGEX, ' ').replace(/\s+/gu, ' ').trim();

  const base = { fields, agencies, codes, references: taskReferences, groups, rowNumbers, documents, otherPlaces, places: coveredPlaces, window, list, count, role, partnered, metaTopic, metaTopics, phrase, query, folded };
  const intent = decideIntent(folded, base, list);
  // "Kế hoạch số 102/KH-UBND giao Sở Nội vụ gì": a question about a document it opens with, none loaded by that number.
  if (UNLOADED_DOCUMENT_FIRST.test(folded) && !named.some((entry) => entry.byNumber) && !FIXED_REPLY_INTENTS.has(intent)) return { intent: 'other_document', ...base };
  // A list question about a non-specific assignee ("UBND các xã, phường phối hợp những nhiệm vụ nào?") is
  // answered like an agency's list; elsewhere such words are ordinary topic words ("hỗ trợ doanh nghiệp").
  const groupRole = intent === 'task_count' && /\b(chu tri|phoi hop|duoc giao)\b/u.test(folded);
  if ((intent === 'lookup' || (intent === 'task_count' && (documents.length > 0 || groupRole))) && agencies.length === 0 && groupMentions.length > 0 && (list || count)) {
    return { intent: 'agency_tasks', ...base, agencies: groupMentions };
  }
  return { intent, ...base };
}

function decideIntent(folded: string, slots: Omit<Classification, 'intent'>, list: boolean): Intent {
  if (socialKind(folded)) return 'social';
  const words = folded.split(' ').length;
  if (folded === '' || (HELP.test(folded) && words <= 6) || (ABOUT_ASSISTANT.test(folded) && words <= ABOUT_ASSISTANT_WORDS && !PROGRAMME_WORDS.test(folded))) return 'help';
  if (MUTATION.test(folded) || FORGERY.test(folded) || (ATTACK.test(folded) && !DEFENCE.test(folded))) return 'misuse';
  if (PERSONAL.test(folded)) return 'personal_data';
  if (slots.codes.length > 0) return 'code_lookup';
  // A group named alone, or asked for its tasks with its title beside it ("y tế (XHS5) gồm những gì").
  if (slots.groups.length > 0 && (slots.phrase.split(' ').filter(Boolean).length <= 3 || (list && slots.agencies.length === 0 && slots.window === null))) return 'group_lookup';
  // "Quyết định 45 của tỉnh X": a number of a loaded document, but another province's; a place in scope named too
  // (the deployment's province beside X) keeps it.
  // One who points at their own province ("quê ở …, tỉnh mình có …") names another place in passing.
  if (slots.otherPlaces.length > 0 && (slots.documents.length === 0 || slots.places.length === 0) && !OWN_PROVINCE.test(folded)) return 'other_place';
  if (asksForOwnService(folded)) return 'procedure';
  // A procedure asked of the programme ("chương trình nói gì về lệ phí") is about the programme.
  if ((PROCEDURE.test(folded) && !PROGRAMME_WORDS.test(folded)) || (OFF_TOPIC.test(folded.search(WEATHER_AS_DATA) >= 0 ? folded.replace(/\bthoi tiet\b/gu, ' ') : folded) && !ASKS_THE_PLAN.test(folded))) return 'off_topic';
  // What a document is about is asked of a document the question names ("kế hoạch 78", "văn bản này").
  const identityOf = slots.documents.length > 0 || slots.places.length > 0 || THIS_DOCUMENT.test(folded);
  // "Có mấy phụ lục, mỗi phụ lục nói về gì?" is about the tables, not the document as a whole.
  if (APPENDIX_COUNT.test(folded)) return 'task_count';
  // "… phải ban hành khi nào" asks when a task's document is due, not when a loaded one was issued.
  const obligation = slots.metaTopic === 'issued' && TASK_OBLIGATION.test(folded);
  // "624 giao NHNN mấy nhiệm vụ, nội dung là gì", "Sở X chủ trì những nội dung gì": an agency's tasks asked, not
  // what the document is.
  const agencyListed = slots.agencies.length > 0 && (slots.count || (slots.list && slots.role !== null));
  const phraseWords = slots.phrase.split(' ').filter(Boolean).length;
  // "QĐ 45: xây kho dữ liệu X do ai chủ trì, triển khai giai đoạn nào", "nhiệm vụ xây X thực hiện giai đoạn nào":
  // the time or the lead of a thing named is a task's, not the document's.
  const ofTask = PERIOD_ASKED.test(folded) && (slots.fields.some((field) => field === 'lead' || field === 'partners') || /\b(nhiem vu|nv)\b/u.test(folded) || (phraseWords >= TASK_TOPIC_WORDS && slots.documents.length > 0)) && phraseWords >= 3;
  if (!agencyListed && (slots.metaTopic === 'identity' ? identityOf && !ofTask : slots.metaTopic && !list && !obligation)) return 'document_meta';
  // A named window ("năm 2027 hết hạn những gì") is a window question; "quá hạn" without one is about today.
  const explicitWindow = slots.window !== null && !UPCOMING.test(folded);
  // A window in a long story ("năm nay lúa được giá …, tỉnh có làm gì giúp …") is when it happened, not what is due.
  const storyWindow = phraseWords > STORY_WORDS && !DUE_FRAME.test(folded);
  if (explicitWindow && (list || phraseWords <= 1) && (DUE_FRAME.test(folded) || list) && !storyWindow && !STRICT_OVERDUE.test(folded)) return 'deadline_window';
  // "Mấy việc hạn tháng 9/2026 …": the tasks of that window, counted and listed.
  if (explicitWindow && slots.count && slots.agencies.length === 0 && slots.codes.length === 0) return 'deadline_window';
  // "Cái đó hết hạn chưa?": the deadline of the one task the conversation is about, not every late task.
  if (POINTED_ONE.test(folded) && (UPCOMING.test(folded) || OVERDUE.test(folded)) && slots.agencies.length === 0 && slots.window === null) return 'follow_up';
  if (UPCOMING.test(folded) && (list || phraseWords <= 2)) return 'upcoming';
  if (OVERDUE.test(folded) && (list || phraseWords <= 2)) return 'overdue';
  if (list && FUNDING_LIST.test(folded) && slots.agencies.length === 0 && phraseWords >= 1) return 'funding_tasks';
  // An agency's roles in the part that assigns them are that part's text, unless its tasks are what is asked.
  if (slots.agencies.length > 0 && ORGANISATION_PART.test(folded) && !TASKS_LISTED.test(folded) && !slots.count) return 'lookup';
  if (slots.agencies.length > 0 && (list || slots.count || phraseWords === 0 || slots.partnered !== null)) return 'agency_tasks';
  if ((slots.count || PARTS.test(folded) || APPENDIX_COUNT.test(folded)) && slots.agencies.length === 0) return 'task_count';
  // "Kế hoạch 310 có những nhiệm vụ nào?": the tables of a document, or of an appendix, listed.
  if (list && slots.agencies.length === 0 && (slots.documents.length > 0 || /\bphu luc\b/u.test(folded)) && TASKS_LISTED.test(folded)) return 'task_count';
  return 'lookup';
}
