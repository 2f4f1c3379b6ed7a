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
  /** A coordinator's view of the current reporting period: who has reported, late, not yet. */
  | { kind: 'period' }
  /** A coordinator's "đôn đốc": a message to every agency that has not reported in the current period (or `period`, a key typed after /donduc). */
  | { kind: 'chase'; period?: string }
  /**
   * A coordinator opens an ad-hoc period ("mở kỳ báo cáo đột xuất hạn 20/12: …", `/kydotxuat 20/12 …`): its due
   * date as written (null when none was found) and its title (what is asked for; '' when none).
   */
  | { kind: 'openPeriod'; due: DateInText | null; title: string }
  /**
   * "không thay đổi" / "như kỳ trước": the agency reports the named tasks (`refs`), or every task it has not yet
   * reported in the period (`refs` empty), with their previous status carried over.
   */
  | { kind: 'unchanged'; refs: Array<{ ref: string; documentId: string | null }> }
  | { kind: 'undo' }
  /** `ref` is the task id or code as typed (normalised), null when none was given; `documentId` what it names. */
  | { kind: 'update'; ref: string | null; documentId: string | null; body: string; implicit?: boolean }
  | { kind: 'history'; ref: string | null; documentId: string | null }
  | { kind: 'register'; code: string | null }
  | { kind: 'reminders'; enabled: boolean }
  /** A staff member's one-time sign-in code for the web console (`/admin`) or the desk (`/desk`). */
  | { kind: 'signIn' }
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
  kybaocao: () => ({ kind: 'period' }),
  donduc: (rest) => (rest.trim() === '' ? { kind: 'chase' } : { kind: 'chase', period: rest.trim().split(/\s+/u)[0]! }),
  kydotxuat: (rest) => openPeriodCommand(rest),
  dotxuat: (rest) => openPeriodCommand(rest),
  huy: () => ({ kind: 'undo' }),
  capnhat: (rest, parser) => updateCommand(rest, parser),
  lichsu: (rest, parser) => {
    const found = findTaskRef(rest, parser);
    return { kind: 'history', ref: found?.ref ?? null, documentId: found?.documentId ?? null };
  },
  dangky: (rest) => ({ kind: 'register', code: rest.trim() === '' ? null : rest.trim().split(/\s+/u)[0]! }),
  tatnhacnho: () => ({ kind: 'reminders', enabled: false }),
  batnhacnho: () => ({ kind: 'reminders', enabled: true }),
  dangnhap: () => ({ kind: 'signIn' }),
};

/** First-person markers that make a natural phrase an official's own request rather than a citizen's question. */
const FIRST_PERSON =
  /\b(cua toi|chung toi|cua minh|ben toi|ben minh|ben em|ben e|cua em|cua e|(?:don vi|co quan|so|ban|chi nhanh|trung tam|phong|bao|dai|vien) (?:toi|minh|em|e|chung em))\b/u;

/** Words that make a message a report of progress ("báo cáo", "bc", "cập nhật", a partner's "phối hợp … :"). */
const REPORT_VERB = /\b(bao cao|bc|cap nhat|bao lai|bc lai)\b(?! tong hop)|\bphoi hop (?:nv|nhiem vu)\b|\bphan (?:phoi hop|viec)\b/u;

/** A partner's remark on a task ("góp ý", "có ý kiến về nhiệm vụ …:"): a comment, from a registered official only. */
const COMMENT_VERB = /\b(gop y|co y kien|y kien)\b/u;

/** Progress content: a percentage (in digits or words) or a status word. */
const PROGRESS =
  /\d\s*(%|phan tram)|phan tram\b|\b(hoan thanh|xong|vuong|vuong mac|kho khan|chua trien khai|dang trien khai|da trien khai|da trinh|da to chuc|da ban hanh|chua lam (?:duoc|dc)|chua thuc hien (?:duoc|dc))\b/u;

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
  // "PL1.29 không thay đổi", "cập nhật: như kỳ trước": before any other reading of a task and a report verb.
  const unchanged = unchangedIn(normal, folded, parser);
  if (unchanged) return unchanged;

  const update = /^cap nhat\s+(?:tien do\s+|trang thai\s+)?/u.exec(folded);
  if (update) {
    const rest = normal.replace(/^\s*\S+\s+\S+\s*/u, '').replace(/^(?:tiến độ|tien do|trạng thái|trang thai)\s+/iu, '');
    const found = findTaskRef(rest, parser);
    // "Cập nhật PL1.29?" is a citizen asking for news; an official's update carries content after the task.
    if (found && found.index === 0 && !/\?\s*$/u.test(normal)) return { kind: 'update', ref: found.ref, documentId: found.documentId, body: found.rest };
    // "Cập nhật nhiệm vụ CQS3.4: …" is read as any other report below; "cập nhật PL1.29?" stays a question.
  }
  // "lịch sử cập nhật PL1.29", "ls cap nhat …", "lịch sử PL1.29" (a message that opens with it; "di tích lịch sử" is a topic).
  if (/\b(lich su|ls|cac lan) cap nhat\b|\blich su\b.*\b(nv|nhiem vu)\b|^(?:xem |cho (?:em|e|toi|minh) xem )?lich su\b/u.test(folded) && !REPORT_BODY.test(folded)) {
    const found = findTaskRef(normal, parser);
    if (found) return { kind: 'history', ref: found.ref, documentId: found.documentId };
  }
  // "đăng ký mã ABCD-2345", anywhere in a short message; an invite-shaped word needs a digit, so "đăng ký gì" is a question.
  // "xin đăng ký tài khoản với mã ABCD-2345": a few words may stand between, then "mã" names the code.
  const register =
    /(?:^|\s)(?:đăng ký|đăng kí|dang ky|dang ki)\s+(?:mã\s+|ma\s+)?([A-Za-z0-9]{2,8}(?:-[A-Za-z0-9]{2,8})?)(?=[\s.,!]|$)/iu.exec(normal) ??
    /(?:^|\s)(?:đăng ký|đăng kí|dang ky|dang ki)(?:\s+\S+){1,6}?\s+(?:mã|ma)\s+([A-Za-z0-9]{2,8}(?:-[A-Za-z0-9]{2,8})?)(?=[\s.,!]|$)/iu.exec(normal);
  if (register && (/\d/u.test(register[1]!) || /^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/u.test(register[1]!)) && normal.length <= 160) return { kind: 'register', code: register[1]! };
  if (isUndo(folded)) return { kind: 'undo' };
  if (isSignInRequest(normal, folded)) return { kind: 'signIn' };
  const opening = openPeriodIn(normal, folded);
  if (opening) return opening;
  const report = reportIntent(normal, folded, parser);
  if (report) return report;

  // "đơn vị nào chưa báo cáo", "quý này những dv nào bc rồi": the period board either way.
  if (/\bky bao cao\b|\b(?:(?:don vi|dv|co quan|so|nganh) nao|ai) (?:da |van |con )?(?:chua )?(?:gui |nop |co )?(?:bao cao|bc)\b/u.test(folded)) return { kind: 'period' };
  // "đôn đốc các đơn vị chưa báo cáo", "nhờ trợ lý đôn đốc giúp các đơn vị đó" (those just listed).
  if (/\bdon doc\b.*\b(don vi|co quan|so)\b.*\b(chua|do|nay|con lai|tren)\b/u.test(folded) && !isQuestion(normal)) return { kind: 'chase' };
  if (/\bbao cao tong hop\b/u.test(folded)) return { kind: 'report' };
  // "những nhiệm vụ nào đang quá hạn" asks for a list as "việc nào quá hạn của đơn vị mình" does.
  const asksList = /\b(nhung|cac) (nv|nhiem vu|viec) nao\b/u.test(folded);
  if (!FIRST_PERSON.test(folded) && !(asksList && /\bqua han\b/u.test(folded))) return null;
  if (/\bqua han\b/u.test(folded)) return { kind: 'overdue' };
  if (/\b(sap den han|sap het han|sap toi han|sap den|den han)\b/u.test(folded)) return { kind: 'upcoming' };
  if (/\bbao cao\b/u.test(folded)) return { kind: 'report' };
  if (/\b(nhiem vu|nv|viec|cong viec)\b/u.test(folded)) return { kind: 'tasks' };
  return null;
}

/** "mở / tạo / lập (một) kỳ (báo cáo) đột xuất", "yêu cầu báo cáo đột xuất": a coordinator opening an ad-hoc period. */
const OPEN_PERIOD = /^(?:(?:de nghi|nho|giup|cho|xin|em|e|toi|minh|anh|chi|tro ly|ban|hay|vui long)\s+)*(?:mo|tao|lap|bat dau|phat dong|yeu cau|giao)\s+(?:(?:them|mot|1|cac|giup|gium|cho|em|e|toi)\s+)*(?:(?:ky|dot)\s+)?(?:bao cao|bc)?\s*dot xuat\b/u;

function openPeriodIn(normal: string, folded: string): OfficialsCommand | null {
  if (!OPEN_PERIOD.test(folded) || isQuestion(normal)) return null;
  // The words after "đột xuất" hold the due date and the title.
  const words = normal.trim().split(/\s+/u);
  const at = words.findIndex((word, index) => index > 0 && fold(word).replace(/[^a-z]/gu, '') === 'xuat' && fold(words[index - 1]!) === 'dot');
  return openPeriodCommand(at < 0 ? '' : words.slice(at + 1).join(' '));
}

/** The due date ("hạn 20/12", "trước ngày 20/12/2026", a bare "20/12") and the title of an ad-hoc period. */
function openPeriodCommand(rest: string): OfficialsCommand {
  const text = normalizeText(rest).trim();
  const date = /(?:(?:hạn chót|han chot|hạn|han|thời hạn|thoi han|trước ngày|truoc ngay|trước|truoc|đến ngày|den ngay|ngày|ngay)\s*:?\s*)*(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}))?(?!\d)/iu.exec(text);
  let due: DateInText | null = null;
  let title = text;
  if (date) {
    const day = Number(date[1]);
    const month = Number(date[2]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) {
      due = { text: `${date[1]}/${date[2]}${date[3] ? `/${date[3]}` : ''}`, day, month, year: date[3] ? Number(date[3]) : null };
      title = `${text.slice(0, date.index)} ${text.slice(date.index + date[0].length)}`;
    }
  }
  title = title
    .replace(/\s+/gu, ' ')
    .replace(/^[\s,.;:\-–—]+/u, '')
    .replace(/^(?:(?:với|voi)\s+)?(?:nội dung|noi dung|về việc|ve viec|v\/v|về|ve)\s*:?\s*/iu, '')
    .replace(/(?:\s+(?:ạ|nhé|nhe|nha|giúp em|giup em|giúp e|giup e|giúp tôi|giup toi|nhé em))+\s*[.!]?\s*$/iu, '')
    .replace(/^[\s,.;:\-–—"“]+|[\s,.;:\-–—"”]+$/gu, '')
    .trim();
  return { kind: 'openPeriod', due, title: title.slice(0, 200).trim() };
}

/** "không (có gì) thay đổi", "như kỳ trước", "giữ nguyên", "vẫn như cũ": nothing changed since the last report. */
const UNCHANGED =
  /\b(?:khong|ko|k|kh|kg|chua)\s+(?:co\s+)?(?:gi\s+)?(?:thay doi|doi khac|khac)\b|\b(?:van\s+)?(?:nhu|giong)\s+(?:ky|lan|dot)\s+(?:bao cao\s+|bc\s+)?truoc\b|\bgiu nguyen\b|\bvan nhu cu\b/u;

/**
 * An official's "không thay đổi" for every remaining task or for the tasks it names: a short statement with no
 * progress of its own (a percentage or a status word makes it an update) and no amendment of a draft.
 */
function unchangedIn(normal: string, folded: string, parser: ReferenceParser): OfficialsCommand | null {
  // "không có gì thay đổi" states: its "gì" is not a question word.
  const asked = isQuestion(normal.replace(/(?<!\p{L})(không|khong|ko|chưa|chua)\s+(?:có|co)\s+(?:gì|gi)(?!\p{L})/giu, '$1'));
  if (normal.length > 200 || !UNCHANGED.test(folded) || asked || PROGRESS.test(folded) || percentInWords(folded) !== null || amendmentOf(normal)) return null;
  // "khác" alone is too common ("không khác gì") unless it follows "không có gì … khác" with a task or the period.
  if (!/\b(thay doi|doi khac|truoc|giu nguyen|nhu cu)\b/u.test(folded)) return null;
  const masked = normal.normalize('NFC').replace(URL_PATTERN, (url) => ' '.repeat(url.length));
  const refs = parser
    .find(masked)
    .filter((reference) => reference.kind === 'id' || reference.kind === 'row' || reference.kind === 'code')
    .map((reference) => ({ ref: reference.ref, documentId: reference.documentId }));
  return { kind: 'unchanged', refs };
}

/** Words after which a "lịch sử cập nhật" is content of a report rather than a request for the history. */
const REPORT_BODY = /\d\s*(%|phan tram)/u;

/** "rút lại / gỡ / hủy (giúp em) cái cập nhật vừa gửi": withdraw the last update. */
function isUndo(folded: string): boolean {
  const withdraws =
    /\b(rut lai|rut|go|xoa|huy)\b(?:\s+\S+){0,4}?\s+(?:ban |cai )?(cap nhat|bao cao|bc)\b/u.test(folded) ||
    // "rút lại cái vừa rồi", "rút lại cái vừa gửi": the last one, named by when.
    /\b(rut lai|go lai|xoa)\s+(?:cai\s+|ban\s+)?vua\s+(roi|gui|nay)\b/u.test(folded);
  return withdraws && !REPORT_BODY.test(folded) && !/\bpl\d/u.test(folded);
}

/**
 * "đăng nhập trang quản trị", "cho e mã đăng nhập", "xin link đăng nhập": a short request for a sign-in code. A
 * question ("đăng nhập cổng dịch vụ công thế nào?") is not one.
 */
function isSignInRequest(normal: string, folded: string): boolean {
  if (normal.length > 80 || isQuestion(normal) || !/\bdang nhap\b/u.test(folded)) return false;
  return /^(?:(?:cho|xin|gui|lay|can)\s+(?:\S+\s+){0,2})?(?:ma|link|duong dan)?\s*dang nhap(?:\s+(?:trang|vao|he thong|bang dieu khien|quan tri|admin|console|desk))*(?:\s+(?:a|voi|nhe|nha|giup|em|e|minh|toi|di|cho|vs))*$/u.test(folded) ||
    /\b(?:ma|link|duong dan) dang nhap\b|\bdang nhap (?:vao )?(?:trang )?(?:quan tri|admin|bang dieu khien)\b/u.test(folded);
}

/** A question rather than a statement: a question mark, or a Vietnamese question word. */
export function isQuestion(text: string): boolean {
  if (/\?\s*$/u.test(text)) return true;
  const folded = fold(text).replace(/[.!,;]+/gu, ' ').replace(/\s+/gu, ' ').trim();
  // "sao" asks only as "tại sao", "vì sao", "sao lại …": "sao lưu" (backup) states. "nào" asks ("nv nào phải xong"),
  // except in "nào đó" (some). "Báo cáo qua đâu", "gửi về đâu" ask where.
  return /\b(khi nao|bao gio|bao nhieu|the nao|nhu the nao|den dau|toi dau|o dau|qua dau|ve dau|len dau|ai|gi|nao(?! do\b)|(?:tai|vi) sao|sao (?:lai|vay|the|chua|khong|ko))\b|\b(khong|ko|chua|nhi|vay|the)( (a|e|em|nhi))?$/u.test(folded);
}

/**
 * An official's report in natural words: a report verb ("báo cáo", "bc", "cập nhật") or a sentence starting with
 * the task ("Nhiệm vụ … đang vướng …"), with a task reference or progress content, and not a question. The task is
 * the first id or code anywhere in the message; without one the service looks for it by description (`ref` null).
 */
function reportIntent(normal: string, folded: string, parser: ReferenceParser): OfficialsCommand | null {
  if (isQuestion(normal)) return null;
  const found = findTaskRef(normal, parser);
  const verb = REPORT_VERB.test(folded);
  const progress = PROGRESS.test(folded) || percentInWords(folded) !== null;
  const leadsWithTask = /^(nhiem vu|nv)\b/u.test(folded);
  if (!(verb && (found || progress)) && !(leadsWithTask && progress)) {
    // "PL2.105 đạt 75%", "… nhiệm vụ PL2.142 … đạt 70% ạ": a task and its progress, with no reporting verb, is a
    // report only from a registered official (`implicit`); from anyone else it stays a question for the engine.
    if (found && (progress || COMMENT_VERB.test(folded))) return { kind: 'update', ref: found.ref, documentId: found.documentId, body: found.rest, implicit: true };
    return null;
  }
  if (found) return { kind: 'update', ref: found.ref, documentId: found.documentId, body: found.rest };
  return { kind: 'update', ref: null, documentId: null, body: normal };
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

/** Politeness words that may follow an answer: "có ạ", "ok e", "đúng rồi, lưu giúp tôi". */
const TRAILING = /(?:\s+(?:a|e|em|r|nhe|nha|anh|chi|ban|roi|luon|giup|gium|ho|toi|minh|di|nhe em|voi|lai))+$/u;

/**
 * "có" / "không" to a pending draft; null for anything else. A cancellation may carry its reason ("thôi, để em
 * hỏi lại", "không, để xem lại số liệu"); a confirmation is a short answer, perhaps with "lưu giúp tôi".
 */
export function parseAnswer(text: string): 'yes' | 'no' | null {
  const folded = fold(text).replace(/[.!,;]+/gu, ' ').replace(/\s+/gu, ' ').trim();
  const core = folded.replace(TRAILING, '').replace(/^(?:vang|da|uh|u|um)\s+(?=\S)/u, '').replace(TRAILING, '');
  // "đồng ý lưu báo cáo", "ok gửi": the answer may say what to do with the draft.
  if (/^(co|ok|okay|oke|okie|dong y|xac nhan|yes|y|u|uh|vang|chinh xac|dung|dung roi|dung vay|chuan|chuan roi|dc|duoc|dc roi|duoc roi|luu|co luu|ok luu)(?: a)?(?: (?:luu|ok|dong y|xac nhan|dung|dung roi|chuan|chuan roi))*(?: (?:luu|gui|ghi nhan|nop)(?: (?:bao cao|cap nhat|ban nhap|nay|di|luon))*)?$/u.test(core)) return 'yes';
  if (/^(khong|ko|k|no|huy|huy bo|thoi|bo|khong luu|sai|de sau)$/u.test(core)) return 'no';
  // A cancellation with its reason: "thôi, tuần sau gửi lại", "ko, để kiểm tra đã".
  // Not "thời hạn …", "thời gian …": "thôi" and "thời" fold alike.
  if (
    /^(thoi|huy|khong|ko|de sau|tam dung)\b(?:\s+\S+){0,12}$/u.test(core) &&
    /^(thoi(?! (han|gian|diem|ky|tiet|luong)\b)|huy|de sau|tam dung)\b|^(khong|ko) (de|chua|can)\b/u.test(core) &&
    !PROGRESS_WORDS.test(core) &&
    !isQuestion(text)
  )
    return 'no';
  return null;
}

/** Progress in an answer makes it an amendment, not a cancellation ("thôi, sửa thành 50%"). */
const PROGRESS_WORDS = /\d\s*%|phan tram/u;

/** True when a message states progress: a percentage (digits or words), a status word or an evidence link. */
export function carriesProgress(text: string): boolean {
  const folded = fold(text);
  return PROGRESS.test(folded) || percentInWords(folded) !== null || new RegExp(URL_PATTERN.source, 'iu').test(text);
}

/** An explicit amendment of a pending draft: "sửa lại là 70%", "bổ sung: …", "điều chỉnh …". */
export function amendmentOf(text: string): { kind: 'replace' | 'add'; body: string } | null {
  // An optional lead-in: "à em nhầm, sửa lại là …", "xin lỗi, bổ sung: …".
  const match = /^\s*(?:(?:à|a|ạ|dạ|da|ôi|oi|em|e|xin lỗi|xin loi|xl|gõ nhầm|go nham|nhầm|nham)[\s,.!]+)*(sửa lại|sua lai|sửa thành|sua thanh|sửa|sua|điều chỉnh|dieu chinh|chỉnh lại|chinh lai|cập nhật lại|cap nhat lai|bổ sung|bo sung|thêm|them)\s*(?:là|la|thành|thanh)?\s*:?\s*/iu.exec(text.normalize('NFC'));
  if (!match) return null;
  const kind = /^(bổ sung|bo sung|thêm|them)$/iu.test(match[1]!) ? 'add' : 'replace';
  return { kind, body: text.normalize('NFC').slice(match[0].length) };
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

const PERCENT = /(?:(?:đạt|dat|hoàn thành|hoan thanh|được|duoc|khoảng|khoang|tiến độ|tien do|tỷ lệ|ty le|tỉ lệ|ti le)\s*:?\s*)?(\d{1,4}(?:[.,]\d+)?)\s*(?:%|phần trăm|phan tram)/giu;

/** Words before a percentage that make it the task's overall figure rather than a count inside the note. */
const OVERALL = /(tổng thể|tong the|tiến độ chung|tien do chung|tính chung|tinh chung|nhìn chung|nhin chung|chung|nhiệm vụ|nhiem vu|nv|ước đạt|uoc dat|ước|uoc)(?:\s+\S+){0,3}\s*$/iu;
/** A word right after a percentage that makes it a share of something ("100% bệnh viện"), unless it ends the clause. */
const SHARE_OF = /^\s*[\p{L}]/u;
const POLITE_END = /^\s*(?:ạ|a|nhé|nhe|nha|em|e|rồi|roi|khối lượng|khoi luong|kế hoạch|ke hoach|công việc|cong viec)?\s*(?:[,.;:!)]|$)/iu;

const DIGIT_WORDS: Record<string, number> = { mot: 1, mốt: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5, lam: 5, nham: 5, sau: 6, bay: 7, tam: 8, chin: 9 };
const NUMBER_WORD = '(?:một|mot|mốt|hai|ba|bốn|bon|tư|tu|năm|nam|lăm|lam|nhăm|nham|sáu|sau|bảy|bay|tám|tam|chín|chin|mười|muoi|mươi|trăm|tram|linh|lẻ|le)';
const PERCENT_IN_WORDS = new RegExp(`(?<![\\p{L}\\d])(${NUMBER_WORD}(?:\\s+${NUMBER_WORD}){0,3})\\s+(?=phần trăm|phan tram)`, 'giu');

/** The value of Vietnamese number words up to 100 ("bốn mươi" 40, "mười lăm" 15, "bảy mươi mốt" 71); null otherwise. */
export function numberFromWords(words: string): number | null {
  const tokens = fold(words).split(/\s+/u).filter((token) => token !== 'linh' && token !== 'le');
  if (tokens.length === 0) return null;
  if (tokens.includes('tram')) return tokens.length <= 2 && (tokens.length === 1 || tokens[0] === 'mot') && tokens.at(-1) === 'tram' ? 100 : null;
  let value: number;
  let rest: string[];
  if (tokens[0] === 'muoi') {
    value = 10;
    rest = tokens.slice(1);
  } else {
    const digit = DIGIT_WORDS[tokens[0]!];
    if (digit === undefined) return null;
    if (tokens[1] !== 'muoi') return tokens.length === 1 ? digit : null;
    value = digit * 10;
    rest = tokens.slice(2);
  }
  if (rest.length === 0) return value;
  const unit = DIGIT_WORDS[rest[0]!];
  return rest.length === 1 && unit !== undefined ? value + unit : null;
}

/** Percentages written in words become digits: "đạt bốn mươi phần trăm" → "đạt 40 phần trăm". */
export function percentWordsToDigits(text: string): string {
  return text.replace(PERCENT_IN_WORDS, (whole, words: string) => {
    // Only the trailing run of number words counts ("năm nay đạt năm mươi" keeps "năm nay").
    const tokens = words.split(/\s+/u);
    for (let start = 0; start < tokens.length; start += 1) {
      const value = numberFromWords(tokens.slice(start).join(' '));
      if (value !== null) return `${tokens.slice(0, start).join(' ')}${start > 0 ? ' ' : ''}${value} `;
    }
    return whole;
  });
}

/** The percentage written in words in a text, if any. */
export function percentInWords(text: string): number | null {
  const match = /(\d{1,3}) (?:phần trăm|phan tram)/u.exec(percentWordsToDigits(text));
  return match && !/\d\s*(?:phần trăm|phan tram)/u.test(text) ? Number(match[1]) : null;
}

/**
 * The task's overall percentage among those of a text: one after "tổng thể / tiến độ chung / nhiệm vụ đạt" first,
 * then one that ends its clause ("đạt 60%."), last of all one that is a share of something ("100% bệnh viện").
 * Among equals the last one written wins: officials give the details first and the total at the end.
 */
function overallPercent(text: string): RegExpExecArray | null {
  let best: { match: RegExpExecArray; score: number } | null = null;
  PERCENT.lastIndex = 0;
  for (let match = PERCENT.exec(text); match; match = PERCENT.exec(text)) {
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    const after = text.slice(match.index + match[0].length);
    let score = OVERALL.test(before) ? 3 : POLITE_END.test(after) ? 2 : SHARE_OF.test(after) ? 0 : 1;
    if (score < 3 && /^(?:đạt|dat|hoàn thành|hoan thanh|khoảng|khoang|tiến độ|tien do)/iu.test(match[0]) && score > 0) score += 0.5;
    if (!best || score >= best.score) best = { match, score };
  }
  PERCENT.lastIndex = 0;
  return best?.match ?? null;
}

/** Words before "hoàn thành"/"xong" that make it a plan rather than a fact. */
const NOT_YET = /(chua|du kien|se|phan dau|truoc khi|de|can|nham|muc tieu|ke hoach)\s+(?:\S+\s+)?$/u;
/** Words after "hoàn thành"/"xong" that make it a part of the task ("xong phần khảo sát", "hoàn thành 5/9 phân hệ"). */
const PART_OF = /^\s*(?:\d|phan\b|giai doan|buoc|dot|lan\b|ban (?:do|thao)|du thao|khao sat|thiet bi|viec lap)/u;

/** Reads the status, percentage, evidence link and note of an update body. */
export function parseUpdateBody(body: string): UpdateBody {
  let text = percentWordsToDigits(normalizeText(body));
  let evidenceUrl: string | null = null;
  text = text.replace(URL_PATTERN, (url) => {
    const clean = url.replace(/[.,;:)\]!?]+$/u, '');
    evidenceUrl = clean;
    return url.slice(clean.length);
  });
  const withoutLink = cleanNote(text);
  let percent: number | null = null;
  const percentMatch = overallPercent(text);
  if (percentMatch) {
    const value = Math.round(Number(percentMatch[1]!.replace(',', '.')));
    if (value > 100) return { ok: false, problem: 'percent_over_100', percent: value };
    percent = value;
    text = `${text.slice(0, percentMatch.index)} ${text.slice(percentMatch.index + percentMatch[0].length)}`;
  }
  const status = detectStatus(fold(text));
  // "Xong", "hoàn thành" with no figure is the whole task done: 100%.
  if (status === 'hoan_thanh' && percent === null) percent = 100;
  const note = cleanNote(text);
  return { ok: true, text: withoutLink, status, percent, note: isBareStatus(note) ? '' : note, evidenceUrl };
}

function detectStatus(folded: string): UpdateStatus | null {
  if (/\b(vuong mac|vuong|kho khan|tac nghen|chua the trien khai)\b/u.test(folded)) return 'vuong_mac';
  // "chưa tổ chức được … vì …": held up, with a reason.
  if (/\bchua (?:\S+ ){1,3}(?:duoc|dc)\b.*\b(vi|do)\b/u.test(folded)) return 'vuong_mac';
  if (/\bchua (trien khai|thuc hien|bat dau|lam|khoi dong)\b/u.test(folded)) return 'chua_trien_khai';
  const done = /\b(hoan thanh|xong|ket thuc)\b/gu;
  for (let match = done.exec(folded); match; match = done.exec(folded)) {
    if (!NOT_YET.test(folded.slice(0, match.index)) && !PART_OF.test(folded.slice(match.index + match[0].length))) return 'hoan_thanh';
  }
  if (/\b(dang|tiep tuc|da trien khai|da bat dau|bat dau)\b/u.test(folded)) return 'dang_trien_khai';
  return null;
}

function cleanNote(text: string): string {
  return text
    .replace(/(?:\s+(?:ạ|nhé|nhe|nha|giúp em|giup em|giúp e|giup e|e nhé|e nhe|em nhé))+\s*[.!]?\s*$/iu, '')
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

/** Lead-in and closing words around a name given in chat ("dạ em là …", "tên em là …", "… ạ"), folded. */
const NAME_LEAD_WORDS = new Set(['da', 'vang', 'em', 'e', 'toi', 'minh', 'ten', 'la', 'cua', 'ho', 'va', 'chao', 'ban', 'xin', 'gui']);
const NAME_CLOSING_WORDS = new Set(['a', 'nhe', 'nha', 'em', 'e', 'minh', 'day']);
/**
 * Words and phrases a name does not hold (folded): a message with one is a question or a report. Syllables that
 * are also names ("Vũ", "Cao", "Bảo", "Phong", "Hân") are only refused inside a phrase ("nhiệm vụ", "báo cáo").
 */
const NOT_NAME_WORDS = new Set(['nv', 'bc', 'gi', 'nao', 'sao', 'khong', 'ko', 'xem', 'hoi', 'ubnd', 'xong', 'dat', 'roi', 'chua', 'duoc', 'lam', 'the', 'cho', 'voi', 'nhe']);
const NOT_NAME_PHRASES = /\b(nhiem vu|bao cao|cap nhat|dang ky|don vi|phong ban|so nganh|tien do|thoi han)\b/u;

/**
 * A person's full name given in reply to the assistant's question: two to five words of letters after an optional
 * lead-in, title-cased ("vu duc long a" → "Vu Duc Long"); null when the message reads as anything else.
 */
export function parseName(text: string): string | null {
  // "Dạ, tôi là Đỗ Minh Khoa, chuyên viên phòng Kế hoạch": the name is the first clause that is one.
  for (const clause of normalizeText(text).split(/[,;(\n]|\.\s/u)) {
    const name = nameIn(clause);
    if (name) return name;
  }
  return null;
}

function nameIn(clause: string): string | null {
  const words = clause.replace(/[.!:]+/gu, ' ').trim().split(/\s+/u).filter(Boolean);
  while (words.length > 0 && NAME_LEAD_WORDS.has(fold(words[0]!))) words.shift();
  while (words.length > 0 && NAME_CLOSING_WORDS.has(fold(words[words.length - 1]!))) words.pop();
  if (words.length < 2 || words.length > 5) return null;
  if (!words.every((word) => /^\p{L}+$/u.test(word) && !NOT_NAME_WORDS.has(fold(word)))) return null;
  if (NOT_NAME_PHRASES.test(fold(words.join(' ')))) return null;
  if (parseAnswer(words.join(' ')) !== null) return null;
  return words.map((word) => word.charAt(0).toLocaleUpperCase('vi') + word.slice(1).toLocaleLowerCase('vi')).join(' ');
}

export interface DateInText {
  /** As written, without "ngày": "15/12", "15/12/2026". */
  text: string;
  day: number;
  month: number;
  year: number | null;
}

/**
 * Calendar dates a report names: "ngày 15/12", "ngay 5-4", or any full "15/12/2026". A bare "5/9" is not one
 * ("hoàn thành 5/9 hạng mục" is a count).
 */
export function datesIn(text: string): DateInText[] {
  const found: DateInText[] = [];
  const pattern = /(?:\bngay\s+)(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}))?\b|\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/gu;
  // Digits and separators are the same folded: the date is taken from the folded text as written.
  for (const match of fold(normalizeText(text)).matchAll(pattern)) {
    const day = Number(match[1] ?? match[4]);
    const month = Number(match[2] ?? match[5]);
    const year = match[3] ?? match[6];
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    found.push({ text: match[0].replace(/^ngay\s+/u, ''), day, month, year: year ? Number(year) : null });
  }
  return found;
}
