/**
 * Reads officials' chat input: slash commands (`/capnhat PL1.29 …`, also `/capnhat@BotName`) and the natural
 * phrasings officials use ("nhiệm vụ của tôi", "cập nhật PL1.29: …"), with or without diacritics.
 * Pure functions; what a command may do is decided by the service.
 */
import { fold, normalizeText } from '../text/vietnamese.ts';

import type { ReferenceParser } from '../documents/references.ts';
import type { StatusCode as UpdateStatus } from '../status/rules.ts';

export type { StatusCode as UpdateStatus } from '../status/rules.ts';


export type OfficialsCommand =
  | { kind: 'help' }
  | { kind: 'tasks' }
  | { kind: 'overdue' }
  | { kind: 'upcoming' }
  | { kind: 'report' }
  | { kind: 'undo' }
  /** `ref` is the task id or code as typed (normalised), null when none was given; `documentId` what it names. */
  | { kind: 'update'; ref: string | null; documentId: string | null; body: string }
  | { kind: 'history'; ref: string | null; documentId: string | null }
  | { kind: 'register'; code: string | null }
  | { kind: 'reminders'; enabled: boolean }
  /** A slash word this module does not know. */
  | { kind: 'unknown'; word: string };

export interface ParsedCommand {
  command: OfficialsCommand;
  /** True for a slash command; false for a natural phrasing (which a citizen might also type). */
  slash: boolean;
}

const SLASH_WORDS: Record<string, (rest: string, parser: ReferenceParser) => OfficialsCommand> = {
  start: () => ({ kind: 'help' }),
  help: () => ({ kind: 'help' }),
  trogiup: () => ({ kind: 'help' }),
  nhiemvu: () => ({ kind: 'tasks' }),
  quahan: () => ({ kind: 'overdue' }),
  sapden: () => ({ kind: 'upcoming' }),
  baocao: () => ({ kind: 'report' }),
  huy: () => ({ kind: 'undo' }),
  capnhat: (rest, parser) => updateCommand(rest, parser),
  lichsu: (rest, parser) => {
    const found = findTaskRef(rest, parser);
    return { kind: 'history', ref: found?.ref ?? null, documentId: found?.documentId ?? null };
  },
  dangky: (rest) => ({ kind: 'register', code: rest.trim() === '' ? null : rest.trim().split(/\s+/u)[0]! }),
  tatnhacnho: () => ({ kind: 'reminders', enabled: false }),
  batnhacnho: () => ({ kind: 'reminders', enabled: true }),
};

/** First-person markers that make a natural phrase an official's own request rather than a citizen's question. */
const FIRST_PERSON = /\b(cua toi|don vi toi|co quan toi|so toi|chung toi|cua minh|don vi minh|co quan minh|ben toi|ben minh)\b/u;

/** The command in a message, or null when the message is not an officials' command. */
export function parseCommand(text: string, parser: ReferenceParser): ParsedCommand | null {
  const normal = normalizeText(text);
  const slash = /^\/([^\s@]+)(?:@\S+)?\s*([\s\S]*)$/u.exec(normal);
  if (slash) {
    const word = fold(slash[1]!).replace(/[_\-\s]/gu, '');
    const build = SLASH_WORDS[word];
    return { command: build ? build(slash[2] ?? '', parser) : { kind: 'unknown', word: slash[1]! }, slash: true };
  }
  const natural = parseNatural(normal, parser);
  return natural ? { command: natural, slash: false } : null;
}

function parseNatural(normal: string, parser: ReferenceParser): OfficialsCommand | null {
  const folded = fold(normal).replace(/[?!.,;:]+/gu, ' ').replace(/\s+/gu, ' ').trim();

  const update = /^cap nhat\s+(?:tien do\s+|trang thai\s+)?/u.exec(folded);
  if (update) {
    const rest = normal.replace(/^\s*\S+\s+\S+\s*/u, '').replace(/^(?:tiến độ|tien do|trạng thái|trang thai)\s+/iu, '');
    const found = findTaskRef(rest, parser);
    // "Cập nhật PL1.29?" is a citizen asking for news; an official's update carries content after the task.
    if (found && found.index === 0 && !/\?\s*$/u.test(normal)) return { kind: 'update', ref: found.ref, documentId: found.documentId, body: found.rest };
    return null;
  }
  const history = /^(?:xem\s+)?lich su(?:\s+cap nhat)?\s+/u.exec(folded);
  if (history) {
    const found = findTaskRef(normal, parser);
    if (found) return { kind: 'history', ref: found.ref, documentId: found.documentId };
  }
  // Only an invite-shaped code ("ABCD-2345") makes "đăng ký …" a registration rather than a question.
  const register = /^(?:đăng ký|đăng kí|dang ky|dang ki)\s+([A-Za-z0-9]{4}-[A-Za-z0-9]{4})$/iu.exec(normal);
  if (register) return { kind: 'register', code: register[1]! };
  if (/^(?:rut lai|huy) (?:ban )?cap nhat(?: vua roi| gan nhat| cuoi)?$/u.test(folded)) return { kind: 'undo' };

  if (!FIRST_PERSON.test(folded)) return null;
  if (/\bqua han\b/u.test(folded)) return { kind: 'overdue' };
  if (/\b(sap den han|sap het han|sap toi han|sap den|den han)\b/u.test(folded)) return { kind: 'upcoming' };
  if (/\bbao cao\b/u.test(folded)) return { kind: 'report' };
  if (/^(?:xem\s+)?(?:danh sach\s+)?(?:cac\s+)?(?:nhiem vu|viec|cong viec)\b/u.test(folded)) return { kind: 'tasks' };
  return null;
}

function updateCommand(rest: string, parser: ReferenceParser): OfficialsCommand {
  const found = findTaskRef(rest, parser);
  if (!found) return { kind: 'update', ref: null, documentId: null, body: rest.trim() };
  // The task should come first; one written further on is still accepted and cut out of the note.
  const body = found.index === 0 ? found.rest : `${rest.slice(0, found.index)} ${found.rest}`;
  return { kind: 'update', ref: found.ref, documentId: found.documentId, body: body.trim() };
}

export interface TaskRef {
  /** `PL1.29`, `PL2.3a`, or a task code `CQS2.1`, normalised. */
  ref: string;
  /** The document the reference names (`101:PL1.29`), null when it names none. */
  documentId: string | null;
  /** 'id' for an id or a row named in words, 'code' for a task code. */
  type: 'id' | 'code';
  /** Where the reference starts in the searched text (0 when it comes first). */
  index: number;
  /** The text after the reference, leading separators removed. */
  rest: string;
}

/** The first task id (preferred) or task code in the text, outside any URL. */
export function findTaskRef(text: string, parser: ReferenceParser): TaskRef | null {
  const masked = text.normalize('NFC').replace(URL_PATTERN, (url) => ' '.repeat(url.length));
  const found = parser.find(masked).filter((reference) => reference.kind === 'id' || reference.kind === 'row' || reference.kind === 'code');
  const match = found.find((reference) => reference.kind !== 'code') ?? found[0];
  if (!match) return null;
  const leading = masked.slice(0, match.start).trim();
  return {
    ref: match.ref,
    documentId: match.documentId,
    type: match.kind === 'code' ? 'code' : 'id',
    index: leading === '' ? 0 : match.start,
    rest: text.normalize('NFC').slice(match.end).replace(/^[\s:;,.\-–—]+/u, ''),
  };
}

/** "có" / "không" to a pending draft; null for anything else. */
export function parseAnswer(text: string): 'yes' | 'no' | null {
  const folded = fold(text).replace(/[.!,;]+$/u, '').trim();
  if (/^(co|ok|okay|oke|dong y|xac nhan|yes|y|u|uh|vang|chinh xac|dung|luu|co luu)$/u.test(folded)) return 'yes';
  if (/^(khong|ko|k|no|huy|huy bo|thoi|bo|khong luu|sai)$/u.test(folded)) return 'no';
  return null;
}

export const URL_PATTERN = /https?:\/\/[^\s<>"“”]+/giu;

export type UpdateBody =
  | {
      ok: true;
      /** The body without the evidence link: what a partner's comment records. */
      text: string;
      status: UpdateStatus | null;
      percent: number | null;
      note: string;
      evidenceUrl: string | null;
    }
  | { ok: false; problem: 'percent_over_100'; percent: number };

const PERCENT = /(?:(?:đạt|dat|hoàn thành|hoan thanh|được|duoc|khoảng|khoang|tiến độ|tien do|tỷ lệ|ty le|tỉ lệ|ti le)\s*:?\s*)?(\d{1,4}(?:[.,]\d+)?)\s*(?:%|phần trăm|phan tram)/iu;

/** Words before "hoàn thành"/"xong" that make it a plan rather than a fact. */
const NOT_YET = /(chua|du kien|se|phan dau|truoc khi|de|can|nham|muc tieu|ke hoach)\s+(?:\S+\s+)?$/u;

/** Reads the status, percentage, evidence link and note of an update body. */
export function parseUpdateBody(body: string): UpdateBody {
  let text = normalizeText(body);
  let evidenceUrl: string | null = null;
  text = text.replace(URL_PATTERN, (url) => {
    const clean = url.replace(/[.,;:)\]!?]+$/u, '');
    evidenceUrl = clean;
    return url.slice(clean.length);
  });
  const withoutLink = cleanNote(text);
  let percent: number | null = null;
  const percentMatch = PERCENT.exec(text);
  if (percentMatch) {
    const value = Math.round(Number(percentMatch[1]!.replace(',', '.')));
    if (value > 100) return { ok: false, problem: 'percent_over_100', percent: value };
    percent = value;
    text = `${text.slice(0, percentMatch.index)} ${text.slice(percentMatch.index + percentMatch[0].length)}`;
  }
  const status = detectStatus(fold(text));
  const note = cleanNote(text);
  return { ok: true, text: withoutLink, status, percent, note: isBareStatus(note) ? '' : note, evidenceUrl };
}

function detectStatus(folded: string): UpdateStatus | null {
  if (/\b(vuong mac|vuong|kho khan|tac nghen|chua the trien khai)\b/u.test(folded)) return 'vuong_mac';
  if (/\bchua (trien khai|thuc hien|bat dau|lam|khoi dong)\b/u.test(folded)) return 'chua_trien_khai';
  const done = /\b(hoan thanh|xong|ket thuc)\b/gu;
  for (let match = done.exec(folded); match; match = done.exec(folded)) {
    if (!NOT_YET.test(folded.slice(0, match.index))) return 'hoan_thanh';
  }
  if (/\b(dang|tiep tuc|da trien khai|da bat dau|bat dau)\b/u.test(folded)) return 'dang_trien_khai';
  return null;
}

function cleanNote(text: string): string {
  return text
    .replace(/(?:minh chứng|minh chung|bằng chứng|bang chung|link|đường dẫn|duong dan)\s*:?\s*$/iu, '')
    .replace(/\s+([,.;:])/gu, '$1')
    .replace(/([,;:.])(?:\s*[,;:.])+/gu, '$1')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s,.;:\-–—]+|[\s,.;:\-–—]+$/gu, '')
    .trim();
}

function isBareStatus(note: string): boolean {
  return /^(da |dang |gap |co )?(hoan thanh|xong|trien khai|chua trien khai|vuong mac|kho khan)$/u.test(fold(note).replace(/[.!]+$/u, ''));
}
