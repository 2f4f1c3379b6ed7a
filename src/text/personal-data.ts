/**
 * Personal data in free text: phone numbers, ID numbers, email addresses and people's names. Used wherever text
 * written by a person can travel further than its writer meant: an official's note shown to citizens, a log line,
 * a request to a language model. Pure string rules, fast enough for every message.
 */

export const PERSONAL_DATA_PLACEHOLDERS = {
  phone: '[số điện thoại]',
  idNumber: '[số định danh]',
  email: '[email]',
  name: '[họ tên]',
} as const;

export type PersonalDataKind = keyof typeof PERSONAL_DATA_PLACEHOLDERS;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/gu;
/** Runs of digits that may be a phone or an ID number; classified by `classifyNumber`. */
const NUMBER_RUN = /(?<![\p{L}\p{N}/.,-])(\+?\d(?:[ .-]?\d){7,13})(?![\p{N}]|[/.,-]\d)/gu;

/** A capitalised syllable ("Tuấn", "Nguyễn"); input is NFC, so one letter is one code point. */
const CAPITALISED = '\\p{Lu}\\p{Ll}*';
/** Words that address or refer to a person and are followed by that person's name. */
const HONORIFICS = [
  'anh', 'chị', 'chi', 'ông', 'ong', 'bà', 'ba', 'cô', 'co', 'chú', 'chu', 'em', 'đồng chí', 'dong chi', 'đ/c', 'd/c', 'đc', 'mr', 'mrs', 'ms',
];
/** Each honorific as typed in lower case and at the start of a sentence (the name pattern is case-sensitive). */
const HONORIFIC_FORMS = HONORIFICS.flatMap((word) => [word, word[0]!.toUpperCase() + word.slice(1)]);
/**
 * Capitalised words after an honorific that are titles or bodies, not names ("ông Chủ tịch", "bà Giám đốc Sở"),
 * as written; and the same typed without marks, except syllables that are also common given names ("Thu").
 */
const TITLE_WORDS = new Set([
  'chủ', 'phó', 'giám', 'trưởng', 'bộ', 'sở', 'ủy', 'ubnd', 'hđnd', 'ban', 'văn', 'cục', 'vụ', 'viện', 'trung', 'tổng', 'thủ', 'thư', 'chánh',
  'cán', 'lãnh', 'đại', 'bí',
]);
const FOLDED_TITLE_WORDS = new Set([...TITLE_WORDS].map((word) => foldWord(word)).filter((word) => word !== 'thu'));

function isTitleWord(word: string): boolean {
  const lower = word.toLowerCase();
  return TITLE_WORDS.has(lower) || (lower === foldWord(lower) && FOLDED_TITLE_WORDS.has(lower));
}

/**
 * The most common Vietnamese family names, with and without diacritics: three or four capitalised syllables
 * starting with one are read as a full name ("Nguyễn Văn Tuấn", "Tran Thi Hoa") even without an honorific. Two are
 * not: "Hà Nội", "Lâm Đồng", "Cao Bằng" are places.
 */
const FAMILY_NAMES = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh',
  'Đoàn', 'Trịnh', 'Lương', 'Đào', 'Mai', 'Cao', 'Lưu', 'Tạ', 'Hà', 'Tô', 'Quách', 'Vương', 'Kiều', 'Chu', 'Thái', 'Lâm', 'Triệu',
].flatMap((name) => {
  const folded = name.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/Đ/gu, 'D');
  return folded === name ? [name] : [name, folded];
});

const HONORIFIC_NAME = new RegExp(
  `(?<![\\p{L}\\p{N}])(${HONORIFIC_FORMS.map((word) => word.replace('/', '\\/')).join('|')})(\\s*[:.]?\\s+)((?:${CAPITALISED})(?:\\s+${CAPITALISED}){0,3})(?![\\p{L}\\p{N}])`,
  'gu',
);
const FULL_NAME = new RegExp(`(?<![\\p{L}\\p{N}])(?:${FAMILY_NAMES.join('|')})(?:\\s+${CAPITALISED}){2,3}(?![\\p{L}\\p{N}])`, 'gu');

function foldWord(word: string): string {
  return word.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/[đĐ]/gu, 'd').toLowerCase();
}

/**
 * Replaces phone numbers (9 to 11 digits from a leading 0 — mobile 0[35789]x, landline 02xx —, +84/84 prefixes; spaces, dots or dashes
 * between groups), ID numbers (CCCD 12 digits, CMND 9 digits, contiguous or space-grouped), email addresses and
 * people's names (after an honorific such as "anh", "chị", "đồng chí", or a full name that starts with a common
 * family name) with placeholders. Amounts written with thousands dots (500.000.000), years (2025-2030), task ids
 * and agency names are kept.
 */
export function redactPersonalData(text: string): string {
  return redactNames(
    text.normalize('NFC').replace(EMAIL, PERSONAL_DATA_PLACEHOLDERS.email).replace(NUMBER_RUN, (run) => {
      const kind = classifyNumber(run);
      return kind ? PERSONAL_DATA_PLACEHOLDERS[kind] : run;
    }),
  );
}

/** True when `redactPersonalData` would change the text. */
export function containsPersonalData(text: string): boolean {
  return redactPersonalData(text) !== text.normalize('NFC');
}

function redactNames(text: string): string {
  return text
    .replace(HONORIFIC_NAME, (whole, honorific: string, gap: string, name: string) => {
      const words = name.split(/\s+/u);
      if (isTitleWord(words[0]!)) return whole;
      return `${honorific}${gap}${PERSONAL_DATA_PLACEHOLDERS.name}`;
    })
    .replace(FULL_NAME, PERSONAL_DATA_PLACEHOLDERS.name);
}

function classifyNumber(run: string): 'phone' | 'idNumber' | null {
  const digits = run.replace(/\D/gu, '');
  const separators = run.replace(/[+\d]/gu, '');
  const international = run.startsWith('+84') || (run.startsWith('84') && (digits.length === 11 || digits.length === 12));
  if (international) {
    const national = digits.slice(2);
    if (/^[35789]\d{8}$/u.test(national) || /^2\d{9}$/u.test(national)) return 'phone';
  }
  // Any 9- to 11-digit run that starts with 0 is dialled, not counted: mobiles, landlines, and those written a digit
  // short or long ("0243 888 999"), which are someone's number all the same.
  if (/^0\d{8,10}$/u.test(digits)) return 'phone';
  // ID numbers are written without dots; a dotted 9- or 12-digit run is an amount of money.
  if (!/[.-]/u.test(separators) && (digits.length === 12 || digits.length === 9) && !run.startsWith('+')) return 'idNumber';
  return null;
}

/**
 * Every string inside a JSON-like value redacted (objects and arrays copied, other values kept). For log records,
 * whose fields may carry a person's words.
 */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactPersonalData(value) as T;
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1)) as T;
  if (value instanceof Date || value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = redactDeep(item, depth + 1);
  return out as T;
}
