/**
 * Agency names by rule: the abbreviations people type ("Sở Khoa học và Công nghệ" → "Sở KH&CN", "Sở KHCN",
 * "SKHCN"), the segments of a table cell that name bodies ("Bộ Xây dựng, các địa phương"; "Các Cục: Di sản văn
 * hóa, Bản quyền tác giả"), and stable slugs for agencies the gazetteer does not know.
 */
import { fold, normalizeText } from '../../text/vietnamese.ts';

/** Words left out of an abbreviation, compared with their diacritics: "tại" is one, "Tài" (Tài chính) is not. */
const FUNCTION_WORDS = new Set(['các', 'của', 'thuộc', 'tại', 'trên']);

function initials(words: string[]): string {
  return words.map((word) => word.charAt(0).toLocaleUpperCase('vi')).join('');
}

/**
 * The head word an agency name starts with, longest first ("Bộ Chỉ huy" before "Bộ"); null when none. Compared
 * with diacritics (case aside): folded, "Quy hoạch" would start with "Quỹ".
 */
export function headOf(name: string, heads: readonly string[]): string | null {
  const lower = name.normalize('NFC').toLocaleLowerCase('vi');
  let best: string | null = null;
  for (const head of heads) {
    const lowerHead = head.toLocaleLowerCase('vi');
    if ((lower === lowerHead || lower.startsWith(`${lowerHead} `)) && (best === null || head.length > best.length)) best = head;
  }
  return best;
}

/**
 * Abbreviations people type for a canonical name: the head kept and the rest by syllable initials, with "&" for
 * "và" and "," for a comma ("Sở VH,TT&DL"), without separators ("Sở VHTTDL"), and all initials ("SVHTTDL").
 * Names whose rest is a single word or a single syllable pair get only the all-initials form.
 */
export function deriveAbbreviations(name: string, heads: readonly string[]): string[] {
  const head = headOf(name, heads);
  if (!head) return [];
  const rest = normalizeText(name.slice(head.length)).replace(/(?<![\p{L}\p{N}])(trên )?địa bàn(?![\p{L}\p{N}])/giu, ' ').replace(/(?<![\p{L}\p{N}])(tỉnh|thành phố)$/iu, '').replace(/\s+/gu, ' ').trim();
  if (rest === '' || /\d/u.test(rest)) return [];
  const parts: Array<{ words: string[]; separator: string }> = [];
  for (const piece of rest.split(/(,|(?<![\p{L}\p{N}])và(?![\p{L}\p{N}])|&|-)/u)) {
    const trimmed = piece.trim();
    if (trimmed === ',' || trimmed === 'và' || trimmed === '&' || trimmed === '-') {
      if (parts.length > 0) parts[parts.length - 1]!.separator = trimmed === ',' ? ',' : trimmed === '-' ? '-' : '&';
      continue;
    }
    const words = trimmed.split(/\s+/u).filter((word) => word !== '' && !FUNCTION_WORDS.has(word.toLocaleLowerCase('vi')));
    if (words.length > 0) parts.push({ words, separator: '' });
  }
  const syllables = parts.reduce((total, part) => total + part.words.length, 0);
  if (syllables < 2) return [];
  const withSeparators = parts.map((part) => initials(part.words) + part.separator).join('');
  const plain = parts.map((part) => initials(part.words)).join('');
  const headInitials = initials(head.split(/\s+/u));
  const out = new Set<string>([`${head} ${plain}`, `${headInitials}${plain}`]);
  if (withSeparators !== plain) out.add(`${head} ${withSeparators}`);
  return [...out];
}

/** A stable id for a name the gazetteer does not know: its folded words joined with "-", at most 60 characters. */
export function agencySlug(name: string): string {
  return fold(name)
    .replace(/&/gu, ' va ')
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 60)
    .replace(/-+$/u, '');
}

/**
 * "Các Cục: Di sản văn hóa, Bản quyền tác giả" → "Cục Di sản văn hóa; Cục Bản quyền tác giả": a plural head
 * distributed over a list, as tables write it to save room.
 */
/** Heads that begin a body's name and are never a word of one ("Báo chí", "Đài" may be; "Sở", "Văn phòng" are not). */
const BODY_HEADS = new Set(['Sở', 'Bộ', 'Cục', 'Vụ', 'Viện', 'Ban', 'UBND', 'HĐND', 'Tổng cục', 'Chi cục']);

/** An item of a ";" list that names a body of its own ("Văn phòng Bộ" after "các Vụ: …"). */
function startsAnotherBody(item: string, heads: readonly string[]): boolean {
  return heads.some((candidate) => item.startsWith(`${candidate} `) && (candidate.includes(' ') || BODY_HEADS.has(candidate)));
}

export function distributeHeads(text: string, heads: readonly string[]): string {
  return text.replace(/(?:^|(?<=[;\n]))\s*(?:các|Các)\s+([^:;\n]{2,30}?)\s*:\s*([^\n]+)/gu, (whole, head: string, tail: string) => {
    const known = heads.some((candidate) => fold(candidate) === fold(head));
    if (!known) return whole;
    // A list separated by ";" keeps the commas of its names ("Xuất bản, In và Phát hành") and runs to the end of
    // its sentence; a list of short names is separated by "," and "và" and ends at ";". What follows is kept.
    const semicolons = /^[^.\n]*;/u.test(tail);
    const end = semicolons ? tail.search(/\.(\s|$)/u) : tail.search(/;/u);
    const list = end >= 0 ? tail.slice(0, end) : tail;
    const after = end >= 0 ? tail.slice(end) : '';
    const items = semicolons ? list.split(';') : list.split(/,|(?<![\p{L}\p{N}])và(?![\p{L}\p{N}])/u);
    const distributed = items
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => (semicolons && startsAnotherBody(item, heads) ? item : `${head} ${item}`))
      .join('; ');
    return `${distributed}${after.startsWith('.') ? `;${after.slice(1)}` : after}`;
  });
}

/**
 * The pieces of a cell's text not covered by known agencies, split where a new body starts: at ";" and line
 * breaks, and at ",", "và" or a plain space before a head word ("Sở Khoa học và Công nghệ Sở Công Thương"). Filler
 * words ("chủ trì", "phối hợp") and punctuation are trimmed; pieces that do not start with a head word are dropped.
 */
export function unknownBodies(text: string, covered: ReadonlyArray<{ start: number; end: number }>, heads: readonly string[]): string[] {
  let masked = '';
  let cursor = 0;
  for (const span of [...covered].sort((a, b) => a.start - b.start)) {
    masked += text.slice(cursor, span.start) + ';'.padEnd(Math.max(1, span.end - span.start), ' ');
    cursor = span.end;
  }
  masked += text.slice(cursor);
  const headPattern = heads
    .map((head) => head.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
    .sort((a, b) => b.length - a.length)
    .join('|');
  const startsWithHead = new RegExp(`^(?:các\\s+|những\\s+)?(?:${headPattern})(?![\\p{L}])`, 'iu');
  const splitBeforeHead = new RegExp(`(?:,|\\s+và|\\s)\\s*(?=(?:${headPattern})(?![\\p{L}])\\s+\\p{Lu})`, 'gu');
  return masked
    .split(/[;\n]/u)
    .flatMap((piece) => piece.split(splitBeforeHead))
    .map((piece) =>
      piece
        .replace(/\((?:chủ trì|phối hợp|thực hiện)\)/giu, ' ')
        .replace(/^[\s,.:&+/-]+|[\s,.:&+/-]+$/gu, '')
        .replace(/\s+(?:chủ trì|phối hợp|thực hiện|tổ chức thực hiện)$/iu, '')
        .replace(/^(?:và|với)\s+/iu, '')
        .trim(),
    )
    // A body is named by its head word ("Tập đoàn …", "Sở …") or, alone in its piece, by its initialism ("EVN").
    .filter((piece) => piece.length >= 3 && (startsWithHead.test(piece) || INITIALISM.test(piece)));
}

const INITIALISM = /^\p{Lu}[\p{Lu}\d&-]{1,7}$/u;
