/**
 * Rule-based understanding of a question: its intent and slots (agencies, codes, date window, the field asked).
 * Works on folded text, so questions typed without diacritics read the same. Cues are grammatical frames of
 * questions ("ai chủ trì", "những nhiệm vụ nào", "quá hạn"), not answers: the slots they leave are checked
 * against the catalogue and the retrieval scores before anything is answered.
 */
import type { IsoDate } from '../catalogue/types.ts';
import { RELATED_AGENCIES_ID } from '../catalogue/agencies.ts';
import { fold } from '../text/vietnamese.ts';
import type { Catalogue } from './catalogue-query.ts';
import { type DateWindow, parseWindow } from './dates.ts';

export type Intent =
  | 'help'
  | 'misuse'
  | 'personal_data'
  | 'off_topic'
  /** About another province's programme. */
  | 'other_province'
  | 'code_lookup'
  | 'group_lookup'
  | 'agency_tasks'
  | 'deadline_window'
  | 'overdue'
  | 'upcoming'
  | 'funding_tasks'
  | 'document_meta'
  /** A follow-up about the tasks the conversation was already about ("Thời hạn thế nào?"). */
  | 'follow_up'
  | 'lookup';

export type Field = 'lead' | 'partners' | 'deadline' | 'funding' | 'content';
export type MetaTopic = 'signer' | 'effective' | 'number' | 'issued' | 'legal_basis';

export interface Classification {
  intent: Intent;
  /** Fields the question asks about, in the order they matter. */
  fields: Field[];
  /** Canonical agency ids named in the question (successors not yet applied), in order of appearance. */
  agencies: string[];
  /** Task ids (`PL2.11`) and task codes (`CQS2.1`) named, as typed (upper-cased). */
  codes: string[];
  /** Group codes (`CQS2`) named without a task number. */
  groups: string[];
  window: DateWindow | null;
  /** Asks for a list ("những nhiệm vụ nào", "phải làm gì"). */
  list: boolean;
  /** Asks for a count ("bao nhiêu nhiệm vụ"). */
  count: boolean;
  /** For agency lists: "chủ trì" or "phối hợp" named explicitly. */
  role: 'lead' | 'partner' | null;
  metaTopic: MetaTopic | null;
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

const WHO = /\b(ai|co quan nao|don vi nao|so nao|ben nao|noi nao|nganh nao|do ai|giao cho ai)\b/u;
const FIELD_CUES: Array<{ field: Field; cue: RegExp }> = [
  { field: 'partners', cue: /\bphoi hop\b|\bcung (voi|lam)\b/u },
  { field: 'lead', cue: /\bchu tri\b|\bphu trach\b|\bchiu trach nhiem\b|\bai lam\b|\bgiao cho\b|\bdo ai\b/u },
  {
    field: 'deadline',
    cue: /\b(thoi )?han( chot)?\b|\bkhi nao\b|\bbao gio\b|\bnam nao\b|\bthang nao\b|\blo trinh\b|\btien do\b|\bthoi gian\b|\bgiai doan nao\b|\bmay ngay\b|\bbao lau\b|\bxong\b|\bdeadline\b/u,
  },
  { field: 'funding', cue: /\bnguon von\b|\bkinh phi\b|\bvon\b|\bngan sach\b|\blay tu dau\b|\btien\b.{0,20}\b(o dau|tu dau|nguon nao|ai chi|ai tra)\b|\bnguon nao\b/u },
  { field: 'content', cue: /\bgom\b|\bnoi dung\b|\bla gi\b|\bbao gom\b|\blam gi\b|\bcu the\b|\bnhu the nao\b/u },
];

const LIST =
  /\bnhung (nhiem vu|viec|cong viec|dau viec)\b|\b(nhiem vu|viec|cong viec) (nao|gi)\b|\bnhung gi\b|\bbao nhieu (nhiem vu|viec)\b|\bmay nhiem vu\b|\b(phai|can|duoc giao|co|con) (lam )?(nhung )?(gi|viec gi)\b|\blam gi\b|\bdanh sach\b|\bliet ke\b|\bchiu trach nhiem (gi|nhung gi|ve)\b|\bco gi\b|\bcon gi\b|\bnhiem vu cua\b/u;
const COUNT = /\bbao nhieu (nhiem vu|viec|dau viec)\b|\bmay (nhiem vu|viec)\b|\bso luong nhiem vu\b|\bbao nhieu\b.{0,30}\bnhiem vu\b/u;
const OVERDUE = /\bqua han\b|\btre han\b|\bcham (tien do|han)\b|\bda het han\b|(?<!\bsap )\bhet han\b|\bbi tre\b/u;
const STRICT_OVERDUE = /\bqua han\b|\btre han\b|\bcham (tien do|han)\b/u;
const UPCOMING = /\bsap (den|het|toi) han\b|\bgan (den|toi) han\b|\bsap phai (xong|hoan thanh)\b/u;
const DUE_FRAME = /\b(den han|het han|co han|han|phai (xong|hoan thanh)|hoan thanh|xong|thoi han)\b/u;
const FUNDING_LIST = /\b(nguon von|kinh phi|von|ngan sach)\b/u;

const META: Array<{ topic: MetaTopic; cue: RegExp }> = [
  {
    topic: 'legal_basis',
    cue: /\bcan cu\b|\bto trinh\b|\btheo de nghi\b|\bdua tren (nghi quyet|van ban|ke hoach)\b|\b(ke hoach|nghi quyet|nghi dinh|thong tu|chi thi)\b.{0,80}\b(so may|so bao nhieu|so hieu|ky hieu)\b/u,
  },
  { topic: 'signer', cue: /\b(ai|nguoi nao|ong nao|ba nao|lanh dao nao) ky\b|\bnguoi ky\b|\bky (quyet dinh|van ban|ban hanh)\b|\bchu ky\b|\bduoc ky boi\b/u },
  { topic: 'effective', cue: /\bhieu luc\b/u },
  { topic: 'number', cue: /\bquyet dinh so (may|bao nhieu|nao)\b|\bso hieu\b|\bso (may|bao nhieu)\b|\bso quyet dinh\b|\bkem theo quyet dinh\b|\bquyet dinh nao\b/u },
  { topic: 'issued', cue: /\bban hanh (ngay|khi nao|luc nao|nam nao|thang nao)\b|\bngay ban hanh\b|\b(ai|co quan nao) ban hanh\b/u },
];

const HELP = /^(xin chao|chao ban|chao|hello|hi|alo|help|tro giup|huong dan|ban la ai|ban lam duoc gi|ban giup duoc gi|\/start|\/help)\b/u;
const PERSONAL = /\b(so dien thoai|sdt|so dt|dia chi nha|dia chi email|email|zalo ca nhan|facebook)\b/u;
/** Requests to change the catalogue or the statuses (only registered officials update, with /capnhat). */
const MUTATION = new RegExp(
  [
    '\\b(cap nhat|danh dau|chuyen|doi|sua|dat) (trang thai|tien do)\\b',
    '\\b(danh dau|(chuyen|doi|sua) (trang thai|thanh|sang))\\b.{0,40}\\b(hoan thanh|da xong|xong)\\b',
    '\\b(danh dau|sua|cap nhat|xoa|set|mark)\\b.{0,30}\\b(tat ca|toan bo|het cac|moi nhiem vu|all|everything)\\b',
    '\\b(sua|doi|thay doi|lui|keo dai) (han|thoi han|lo trinh|deadline)\\b',
    '\\bxoa (nhiem vu|cong|he thong|du lieu|co so du lieu|bang|bo)\\b',
    '\\bdrop table\\b|\\bdelete from\\b|\\btruncate\\b',
  ].join('|'),
  'u',
);
const OFF_TOPIC =
  /\b(ty so|tran dau|toi qua|hom qua|muc luong|tien luong|luong (can bo|cong chuc|vien chuc|co ban|thang)|ma so thue|lai suat|tuyen dung|thi tuyen|gia dat|co mua|troi mua|mua to|mua rao|nhiet do|nang nong|gio mua|thoi tiet|gia vang|ty gia|xo so|bong da|chung khoan|gia xang|tin tuc|bai tho|bai hat|ke chuyen|cong thuc nau|nau an|tu vi|boi toan)\b|\bngay mai\b|\bhom nay\b.*\b(gia|thoi tiet|bao nhieu do)\b/u;
/**
 * Other provinces and cities (names before and after the 2025 mergers; Thái Bình is now part of Hưng Yên): a
 * question about another province's programme is not about this decision.
 */
const OTHER_PROVINCE =
  /\b(?:(?:tinh|thanh pho|tp) )?(ha noi|bac ninh|bac giang|hai duong|hai phong|nam dinh|ha nam|ninh binh|vinh phuc|phu tho|thai nguyen|quang ninh|lang son|cao bang|ha giang|tuyen quang|lao cai|yen bai|lai chau|dien bien|son la|hoa binh|thanh hoa|nghe an|ha tinh|quang binh|quang tri|hue|thua thien hue|da nang|quang nam|quang ngai|binh dinh|phu yen|khanh hoa|ninh thuan|binh thuan|kon tum|gia lai|dak lak|dak nong|lam dong|binh phuoc|tay ninh|binh duong|dong nai|ba ria vung tau|ho chi minh|long an|tien giang|ben tre|tra vinh|vinh long|dong thap|an giang|kien giang|can tho|hau giang|soc trang|bac lieu|ca mau)\b/u;
const PROCEDURE =
  /\b(cap|lam|xin|dang ky|doi|sang ten)( lai| moi)? (so do|so hong|giay chung nhan quyen su dung dat|giay phep xay dung|giay phep kinh doanh|ho chieu|visa|bang lai|giay phep lai xe|can cuoc|cccd|cmnd|khai sinh|ho khau)\b|\bthu tuc\b.{0,40}\b(the nao|nhu the nao|ra sao|gi|o dau|bao lau|can gi|mat bao lau)\b|\b(cap lai|cap moi|lam lai|lam moi|dang ky|gia han) (can cuoc|cccd|cmnd|ho chieu|giay phep lai xe|bang lai|khai sinh|ho khau|tam tru|thuong tru|ket hon)\b|\ble phi\b|\bho so gom\b/u;

/** Question frames removed to leave what the task or topic is. Longer frames first. */
const SCAFFOLD = [
  'cho toi hoi', 'cho toi biet', 'xin hoi', 'cho hoi', 'lam on', 'vui long', 'ban oi', 'ad oi',
  'co quan nao', 'don vi nao', 'so nao', 'ben nao', 'nganh nao', 'giao cho ai', 'do ai', 'ai la nguoi', 'ai',
  'chu tri', 'phu trach', 'chiu trach nhiem', 'phoi hop', 'cung voi', 'thuc hien',
  'han chot', 'thoi han', 'den han', 'het han', 'qua han', 'khi nao', 'bao gio', 'luc nao', 'nam nao', 'thang nao',
  'con may ngay nua', 'con bao nhieu ngay', 'may ngay', 'bao lau', 'lo trinh', 'tien do', 'thoi gian', 'giai doan nao',
  'lay tu dau', 'tu dau', 'o dau', 'phai hoan thanh', 'hoan thanh', 'phai xong', 'xong', 'han',
  'la gi', 'gom nhung noi dung gi', 'gom nhung gi', 'gom nhung', 'bao gom', 'noi dung', 'nhu the nao', 'the nao', 'ra sao',
  'nhung nhiem vu nao', 'nhiem vu nao', 'nhung nhiem vu', 'cac nhiem vu', 'nhiem vu gi', 'nhiem vu', 'nhung gi', 'nhung viec',
  'viec nao', 'viec gi', 'lam gi', 'co gi', 'con gi', 'la', 'gi', 'nao',
  'phai', 'duoc giao', 'duoc', 'can', 'se', 'da', 'dang', 'co', 'khong', 'chua', 'vay', 'a', 'nhi', 'nhe', 'the', 'thi sao', 'sao',
  'con', 'cua', 'cho', 'trong', 've', 'viec', 'cai', 'lam', 'trien khai', 'xay dung', 'giao cho', 'giao', 'nua',
];
const SCAFFOLD_REGEX = new RegExp(`\\b(?:${SCAFFOLD.map((frame) => frame.replace(/ /gu, '\\s+')).join('|')})\\b`, 'gu');
/** Frames that are also the words of the answer ("chịu trách nhiệm thi hành", "theo dõi, đôn đốc thực hiện"). */
const KEPT_IN_QUERY = new Set(['xay dung', 'trien khai', 'thuc hien', 'noi dung', 'nguon von', 'kinh phi', 'hoan thanh', 'chiu trach nhiem', 'phoi hop']);
const QUERY_FRAMES = [...SCAFFOLD.filter((frame) => frame.includes(' ') && !KEPT_IN_QUERY.has(frame)), 'ai'];
const QUERY_FRAME_REGEX = new RegExp(`\\b(?:${QUERY_FRAMES.map((frame) => frame.replace(/ /gu, '\\s+')).join('|')})\\b`, 'gu');

const TASK_ID = /\bpl\s*([12])\s*[.,]\s*(\d{1,3}[a-z]?)\b/gu;
/** "Phụ lục II dòng 145", "nhiệm vụ số 31 phụ lục I": a row of an appendix named in words. */
const ROW_AFTER = /\bphu luc (ii|i|2|1)\b\s*(?:,\s*)?(?:so thu tu|stt|so|dong|muc|hang|nhiem vu|nhiem vu so)?\s*(\d{1,3}[a-z]?)\b/gu;
const ROW_BEFORE = /\b(?:nhiem vu|dong|muc|hang|stt)\s*(?:so|thu)?\s*(\d{1,3}[a-z]?)\s*(?:cua|tai|thuoc|o|trong)?\s*phu luc (ii|i|2|1)\b/gu;
const APPENDIX_NUMBER: Record<string, string> = { i: '1', '1': '1', ii: '2', '2': '2' };
const TASK_CODE = /\b(cqs|kts|xhs)\s*(\d{1,2})\s*\.\s*(\d{1,2})\b/gu;
const GROUP_CODE = /\b(cqs|kts|xhs)\s*(\d{1,2})\b(?!\s*\.\s*\d)/gu;

/** "AI" written in capitals is artificial intelligence, not the question word "ai" (who). */
export function prepareQuestion(text: string): string {
  return text.replace(/\bA\.?I\b/gu, 'trí tuệ nhân tạo');
}

/** Chat shorthand typed on phones, on folded whole words: "nv" nhiệm vụ, "ko" không, "dc" được, "j" gì … */
const SHORTHAND: Record<string, string> = {
  nv: 'nhiem vu',
  ko: 'khong',
  k: 'khong',
  hok: 'khong',
  kg: 'khong',
  dc: 'duoc',
  dk: 'duoc',
  j: 'gi',
  bn: 'bao nhieu',
  ntn: 'nhu the nao',
  vs: 'voi',
  cq: 'co quan',
  dv: 'don vi',
};

function expandShorthand(folded: string): string {
  // Whole words only: "kh&cn" and "k&cn" stay as they are.
  return folded
    .split(' ')
    .map((word) => SHORTHAND[word] ?? word)
    .join(' ');
}

export function classify(text: string, catalogue: Catalogue, today: IsoDate): Classification {
  // Punctuation goes, except the dots and slashes inside codes and dates ("CQS7.2", "12/2025", "KH&CN").
  const folded = expandShorthand(
    fold(prepareQuestion(text))
      .replace(/[?!;:"“”'()[\]{}<>*#=_~`|\\]+|[.,](?!\d)/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim(),
  );
  const codes = [
    ...[...folded.matchAll(TASK_ID)].map((match) => `PL${match[1]}.${match[2]}`),
    ...[...folded.matchAll(ROW_AFTER)].map((match) => `PL${APPENDIX_NUMBER[match[1]!]}.${match[2]}`),
    ...[...folded.matchAll(ROW_BEFORE)].map((match) => `PL${APPENDIX_NUMBER[match[2]!]}.${match[1]}`),
    ...[...folded.matchAll(TASK_CODE)].map((match) => `${match[1]!.toUpperCase()}${match[2]}.${match[3]}`),
  ];
  const groups = [...folded.matchAll(GROUP_CODE)].map((match) => `${match[1]!.toUpperCase()}${match[2]}`);
  const mentions = catalogue.directory.find(folded);
  const agencies = mentions.map((mention) => mention.id).filter((id) => catalogue.agencyById.get(id)?.kind === 'agency');
  const groupMentions = mentions.map((mention) => mention.id).filter((id) => catalogue.agencyById.get(id)?.kind === 'group' && id !== RELATED_AGENCIES_ID);
  const window = parseWindow(folded, today);
  const fields = FIELD_CUES.filter(({ cue }) => cue.test(folded)).map(({ field }) => field);
  if (WHO.test(folded) && !fields.includes('lead') && !fields.includes('partners')) fields.unshift('lead');
  const list = LIST.test(folded);
  const count = COUNT.test(folded);
  const partnerRole = /\bphoi hop\b/u.test(folded);
  const leadRole = /\bchu tri\b/u.test(folded);
  const role: Classification['role'] = partnerRole && leadRole ? null : partnerRole ? 'partner' : leadRole ? 'lead' : null;
  const metaTopic = META.find(({ cue }) => cue.test(folded))?.topic ?? null;

  let stripped = folded;
  for (const mention of [...mentions].sort((a, b) => b.start - a.start)) {
    stripped = `${stripped.slice(0, mention.start)} ${stripped.slice(mention.end)}`;
  }
  stripped = stripped.replace(TASK_ID, ' ').replace(ROW_AFTER, ' ').replace(ROW_BEFORE, ' ').replace(TASK_CODE, ' ');
  // Years stay in what is searched ("tầm nhìn 2045" is a topic); dates and windows leave the phrase.
  const query = stripped.replace(QUERY_FRAME_REGEX, ' ').replace(/\s+/gu, ' ').trim();
  stripped = stripped
    .replace(/\bquy (iv|iii|ii|i|[1-4])\b(\s*(\/|nam)?\s*20\d\d)?/gu, ' ')
    .replace(/\b(thang \d{1,2}\s*(\/|nam|-)\s*20\d\d|\d{1,2}\/20\d\d|nam 20\d\d|20\d\d)\b/gu, ' ')
    .replace(/\b(trong )?\S+ (ngay|tuan|thang|nam) (toi|nua|sap toi|tiep theo)\b/gu, ' ')
    .replace(/\b(cuoi nam nay|nam nay|thang nay|quy nay|nam sau|thang sau|sap den han|sap het han)\b/gu, ' ');
  const phrase = stripped.replace(SCAFFOLD_REGEX, ' ').replace(/\s+/gu, ' ').trim();

  const base = { fields, agencies, codes, groups, window, list, count, role, metaTopic, phrase, query, folded };
  const intent = decideIntent(folded, base, list);
  // A list question about a non-specific assignee ("UBND các xã, phường phối hợp những nhiệm vụ nào?") is
  // answered like an agency's list; elsewhere such words are ordinary topic words ("hỗ trợ doanh nghiệp").
  if (intent === 'lookup' && agencies.length === 0 && groupMentions.length > 0 && (list || count)) {
    return { intent: 'agency_tasks', ...base, agencies: groupMentions };
  }
  return { intent, ...base };
}

function decideIntent(folded: string, slots: Omit<Classification, 'intent'>, list: boolean): Intent {
  if (folded === '' || (HELP.test(folded) && folded.split(' ').length <= 6)) return 'help';
  if (MUTATION.test(folded)) return 'misuse';
  if (PERSONAL.test(folded)) return 'personal_data';
  if (slots.codes.length > 0) return 'code_lookup';
  if (slots.groups.length > 0 && slots.phrase.split(' ').filter(Boolean).length <= 3) return 'group_lookup';
  if (OTHER_PROVINCE.test(folded)) return 'other_province';
  if (PROCEDURE.test(folded) || OFF_TOPIC.test(folded)) return 'off_topic';
  if (slots.metaTopic && !list) return 'document_meta';
  const phraseWords = slots.phrase.split(' ').filter(Boolean).length;
  // A named window ("năm 2027 hết hạn những gì") is a window question; "quá hạn" without one is about today.
  const explicitWindow = slots.window !== null && !UPCOMING.test(folded);
  if (explicitWindow && (list || phraseWords <= 1) && (DUE_FRAME.test(folded) || list) && !STRICT_OVERDUE.test(folded)) return 'deadline_window';
  if (UPCOMING.test(folded) && (list || phraseWords <= 2)) return 'upcoming';
  if (OVERDUE.test(folded) && (list || phraseWords <= 2)) return 'overdue';
  if (list && FUNDING_LIST.test(folded) && slots.agencies.length === 0 && phraseWords >= 1) return 'funding_tasks';
  if (slots.agencies.length > 0 && (list || slots.count || phraseWords === 0)) return 'agency_tasks';
  return 'lookup';
}
