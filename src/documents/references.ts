/**
 * The one parser of task references, for questions, officials' commands and the ingest alike: ids as the
 * interpreter makes them (`PL2.11`, `pl 2.11`, `PL.II.3`, `PL1.B2.15`, `101:PL2.11`), rows named in words
 * ("phụ lục II dòng 145", "nhiệm vụ số 31 phụ lục I", "nhiệm vụ số 7"), and task codes of the schemes the loaded
 * documents use ("CQS2.1", group "CQS2"). Works on any text: it folds what it reads, and offsets refer to the
 * folded text (same length as NFC input).
 */
import { romanToNumber } from '../text/roman.ts';
import { fold } from '../text/vietnamese.ts';

export type ReferenceKind =
  /** An id of the id scheme, perhaps qualified by a document. */
  | 'id'
  /** A row of a numbered appendix named in words: resolved to an id. */
  | 'row'
  /** A row number with no appendix ("nhiệm vụ số 7"): several appendices may have it. */
  | 'number'
  /** A task code of a code scheme ("CQS2.1"). */
  | 'code'
  /** A code group ("CQS2"), or a numbered group of an appendix ("phụ lục I phần IV" → `PL1.IV`). */
  | 'group';

export interface TaskReference {
  kind: ReferenceKind;
  /** Normalised: `PL2.11`, `PL.II.3`, `CQS2.1`, `CQS2`, `PL1.IV`, or the bare row number `7`. */
  ref: string;
  /** The document the reference names (`101` of `101:PL2.11`), null when it names none. */
  documentId: string | null;
  start: number;
  end: number;
}

export interface ReferenceParser {
  find(text: string): TaskReference[];
}

function appendixNumber(token: string): string {
  const number = romanToNumber(token);
  return Number.isNaN(number) ? token : String(number);
}

/** A local id as the interpreter writes it, from its folded form: `pl.ii.3` → `PL.II.3`, `pl1.b2.15a` → `PL1.B2.15a`. */
function normaliseId(folded: string): string {
  const compact = folded.replace(/\s+/gu, '').replace(/,/gu, '.');
  const parts = compact.split('.');
  return parts
    .map((part, index) => {
      if (index === 0) return part.toUpperCase();
      if (/^[ivxl]+$/u.test(part) || /^b\d+$/u.test(part)) return part.toUpperCase();
      return part;
    })
    .join('.');
}

/**
 * A parser for the code schemes `codePrefixes` (folded, e.g. ["cqs", "kts", "xhs"]: the letters before the
 * numbers of the loaded documents' task codes) and the ids of loaded documents `documentIds`.
 */
export function createReferenceParser(options: { codePrefixes: readonly string[]; documentIds: readonly string[] }): ReferenceParser {
  const documents = [...options.documentIds].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  const documentPart = documents.length > 0 ? `(?:(${documents.join('|')})\\s*:\\s*)?` : '()?';
  const LOCAL = 'pl\\s*(?:\\d{1,2})?\\s*[.,]\\s*(?:b\\d{1,2}\\s*\\.\\s*)?(?:[ivxl]{1,4}\\s*\\.\\s*)?\\d{1,3}(?:\\.\\d{1,3}){0,3}[a-z]?(?:-\\d)?|b\\d{1,2}\\s*\\.\\s*\\d{1,3}(?:\\.\\d{1,3}){0,3}[a-z]?';
  const id = new RegExp(`(?<![\\p{L}\\p{N}])${documentPart}(${LOCAL})(?![\\p{L}\\p{N}])`, 'gu');
  const rowAfter = /(?<![\p{L}\p{N}])phu luc (iv|iii|ii|i|[1-9])\b\s*(?:,\s*)?(?:so thu tu|stt|so|dong|muc|hang|nhiem vu so|nhiem vu|nv)?\s*(\d{1,3}[a-z]?)(?![\p{L}\p{N}])/gu;
  const rowBefore = /(?<![\p{L}\p{N}])(?:nhiem vu|nv|dong|muc|hang|stt)\s*(?:so|thu)?\s*(\d{1,3}[a-z]?)\s*(?:cua|tai|thuoc|o|trong)?\s*phu luc (iv|iii|ii|i|[1-9])(?![\p{L}\p{N}])/gu;
  // "nhiệm vụ số 7", "việc thứ 3", and the abbreviation "nv 5" (its number needs no "số").
  // "Dòng 12", "stt 12" name a row by themselves ("20 tỷ đồng" is money); "việc 12" needs "số" or "thứ"; "nhiệm vụ
  // 12" does not, unless a unit follows ("nhiệm vụ 5 năm", "nhiệm vụ 57-NQ/TW").
  const bareNumber = /(?<![\p{L}\p{N}])(?:(?:nhiem vu|viec)\s*(?:so|thu)|nhiem vu(?=\s*\d{1,3}(?![\p{L}\p{N}/.,%-]|\s*(?:nam|thang|ngay|tuan|gio|ty|trieu|nghin|ngan|phan tram|nhiem vu)\b))|(?:(?<!(?:ty|trieu|nghin|ngan|\d)\s*)dong|stt|nv)\s*(?:so|thu)?)\s*(\d{1,3})(?![\p{L}\p{N}/.,]|\s*(?:phu luc|cua phu luc))/gu;
  // A row of a group numbered on its own, in a single unnumbered appendix: "nhiệm vụ II.3", "dòng 09 mục VII".
  const groupRow = /(?<![\p{L}\p{N}])(?:nhiem vu|nv|dong|stt|muc)\s*(?:so\s*)?(iv|iii|ii|i|v|vi|vii|viii|ix|x)\s*\.\s*(\d{1,3}[a-z]?)(?![\p{L}\p{N}]|\.\d)/gu;
  const rowInGroup = /(?<![\p{L}\p{N}])(?:nhiem vu|nv|dong|stt)\s*(?:so\s*)?(\d{1,3}[a-z]?)\s*(?:cua |thuoc |o |trong |tai )?(?:muc|nhom|phan)\s*(viii|vii|vi|iv|v|ix|x|iii|ii|i)(?![\p{L}\p{N}])/gu;
  // A group of an appendix by its numeral: "phụ lục I phần IV", "phụ lục 1, mục II" (not "mục II.3", a row).
  const appendixGroup = /(?<![\p{L}\p{N}])phu luc (iv|iii|ii|i|[1-9])\s*[,:–-]?\s*(?:phan|muc|nhom)\s*(viii|vii|vi|iv|v|ix|x|iii|ii|i)(?![\p{L}\p{N}]|\s*\.\s*\d)/gu;
  // … or the group first and its appendix after its title: "nhóm IV 'Đẩy mạnh hợp tác …' ở phụ lục I".
  const groupOfAppendix = /(?<![\p{L}\p{N}])(?:phan|muc|nhom)\s*(viii|vii|vi|iv|v|ix|x|iii|ii|i)(?![\p{L}\p{N}]|\s*\.\s*\d)[^.?!;]{0,90}?(?<![\p{L}\p{N}])phu luc (iv|iii|ii|i|[1-9])(?![\p{L}\p{N}])/gu;
  const prefixes = [...options.codePrefixes].filter((prefix) => /^[a-z]{2,6}$/u.test(prefix)).sort((a, b) => b.length - a.length);
  const code = prefixes.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(${prefixes.join('|')})\\s*(\\d{1,2})\\s*\\.\\s*(\\d{1,2})(?![\\p{L}\\p{N}]|\\.\\d)`, 'gu') : null;
  const group = prefixes.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(${prefixes.join('|')})\\s*(\\d{1,2})(?![\\p{L}\\p{N}]|\\s*\\.\\s*\\d)`, 'gu') : null;

  return {
    find(text) {
      const folded = fold(text);
      const found: TaskReference[] = [];
      const taken = (start: number, end: number) => found.some((other) => start < other.end && other.start < end);
      const push = (reference: TaskReference) => {
        if (!taken(reference.start, reference.end)) found.push(reference);
      };
      for (const match of folded.matchAll(id)) {
        push({ kind: 'id', ref: normaliseId(match[2]!), documentId: match[1] ?? null, start: match.index, end: match.index + match[0].length });
      }
      for (const match of folded.matchAll(rowAfter)) {
        push({ kind: 'row', ref: `PL${appendixNumber(match[1]!)}.${match[2]}`, documentId: null, start: match.index, end: match.index + match[0].length });
      }
      for (const match of folded.matchAll(rowBefore)) {
        push({ kind: 'row', ref: `PL${appendixNumber(match[2]!)}.${match[1]}`, documentId: null, start: match.index, end: match.index + match[0].length });
      }
      for (const match of folded.matchAll(groupRow)) {
        push({ kind: 'row', ref: `PL.${match[1]!.toUpperCase()}.${match[2]!.replace(/^0+(?=\d)/u, '')}`, documentId: null, start: match.index, end: match.index + match[0].length });
      }
      for (const match of folded.matchAll(rowInGroup)) {
        push({ kind: 'row', ref: `PL.${match[2]!.toUpperCase()}.${match[1]!.replace(/^0+(?=\d)/u, '')}`, documentId: null, start: match.index, end: match.index + match[0].length });
      }
      for (const match of folded.matchAll(appendixGroup)) {
        push({ kind: 'group', ref: `PL${appendixNumber(match[1]!)}.${match[2]!.toUpperCase()}`, documentId: null, start: match.index, end: match.index + match[0].length });
      }
      for (const match of folded.matchAll(groupOfAppendix)) {
        push({ kind: 'group', ref: `PL${appendixNumber(match[2]!)}.${match[1]!.toUpperCase()}`, documentId: null, start: match.index, end: match.index + match[0].length });
      }
      if (code) {
        for (const match of folded.matchAll(code)) {
          push({ kind: 'code', ref: `${match[1]!.toUpperCase()}${match[2]}.${match[3]}`, documentId: null, start: match.index, end: match.index + match[0].length });
        }
      }
      if (group) {
        for (const match of folded.matchAll(group)) {
          push({ kind: 'group', ref: `${match[1]!.toUpperCase()}${match[2]}`, documentId: null, start: match.index, end: match.index + match[0].length });
        }
      }
      for (const match of folded.matchAll(bareNumber)) {
        push({ kind: 'number', ref: match[1]!, documentId: null, start: match.index, end: match.index + match[0].length });
      }
      return found.sort((a, b) => a.start - b.start);
    },
  };
}

/** The code schemes of a set of task codes: their letters before the numbers, folded ("CQS2.1" → "cqs"). */
export function codePrefixesOf(codes: Iterable<string | null>): string[] {
  const prefixes = new Set<string>();
  for (const code of codes) {
    const match = code ? /^([A-Za-zĐđ]{2,6})-?\d/u.exec(code) : null;
    if (match) prefixes.add(fold(match[1]!));
  }
  return [...prefixes];
}
