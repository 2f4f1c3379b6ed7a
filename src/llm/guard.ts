/**
 * Input guardrails, independent of any model: pure string checks, fast enough for every message. The engine uses
 * `inspectInput` with or without an LLM to refuse injection attempts; the LLM path also sends only
 * `redactPersonalData(cleaned)` (src/text/personal-data.ts) to the endpoint.
 */
import { fold } from '../text/vietnamese.ts';

export type InjectionReason =
  /** "bỏ qua hướng dẫn…", "ignore previous instructions". */
  | 'ignore_instructions'
  /** "hãy đóng vai…", "từ giờ bạn là…", "act as", "developer mode". */
  | 'role_play'
  /** Asks for the system prompt or the assistant's hidden instructions. */
  | 'prompt_request'
  /** Chat-template markers ("<|im_start|>", "[INST]", "### system:") pretending to start a new turn. */
  | 'role_markers'
  /** Unicode tag characters (U+E0000–U+E007F) or variation-selector supplements that hide text from the reader. */
  | 'invisible_characters';

export interface InputInspection {
  /** The text with invisible characters and chat-template markers removed; otherwise unchanged. */
  cleaned: string;
  /** True when the text tries to change the assistant's instructions; the caller refuses. */
  injection: boolean;
  /** Why `injection` is true; empty when it is false. */
  reasons: InjectionReason[];
}

/** Characters that carry hidden text: tag block and variation selectors supplement. Their presence is an attack. */
const HIDDEN_CARRIERS = /[\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
/** Zero-width and bidi-control characters: stripped silently, often pasted innocently from documents. */
const ZERO_WIDTH = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/gu;
const ROLE_MARKERS =
  /<\|[a-z_]{2,20}\|>|\[\/?(?:INST|SYS)\]|<<\/?SYS>>|<\/?s>|^\s*#{2,}\s*(?:system|instruction|assistant)\b[^\n]*$|^\s*(?:system|assistant)\s*:/gimu;

/** Checked on the folded text (lower case, no diacritics, đ → d). */
const PATTERNS: Array<{ reason: InjectionReason; pattern: RegExp }> = [
  {
    reason: 'ignore_instructions',
    pattern:
      /\b(?:bo qua|phot lo|lo di|quen(?: het| di)?|xoa bo|huy bo|khong (?:can )?tuan (?:theo|thu))\b.{0,40}\b(?:huong dan|chi dan|chi thi|quy tac|nguyen tac|rang buoc|yeu cau (?:truoc|tren|ban dau)|lenh (?:truoc|tren|ban dau|he thong)|prompt)\b/u,
  },
  {
    reason: 'ignore_instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|rules|guidelines|directions|system message)\b/u,
  },
  {
    reason: 'role_play',
    pattern:
      /\bdong vai\b(?! tro)|\bgia vo (?:la|lam|nhu|ban)\b|\bgia su ban la\b|\bhay tuong tuong ban la\b|\bhay (?:xem|coi) (?:nhu )?ban la\b|\b(?:tu (?:gio|nay|bay gio)|bay gio|ke tu (?:gio|bay gio))(?: tro di)?,? ban (?:la|se la|hay la|phai la|chinh la)\b|\bban (?:khong con|khong phai) la (?:tro ly|chatbot|bot)\b|\bche do (?:dan|developer|nha phat trien|jailbreak|khong gioi han|god)\b/u,
  },
  {
    reason: 'role_play',
    pattern:
      /\b(?:act as|acting as|pretend(?: to be| you are)?|role ?play|you are now|from now on,? you|jailbreak|developer mode|do anything now)\b/u,
  },
  {
    reason: 'prompt_request',
    pattern:
      /\b(?:system prompt|prompt he thong|loi nhac he thong|thong diep he thong|prompt (?:cua ban|goc|ban dau|an|bi mat))\b/u,
  },
  {
    reason: 'prompt_request',
    pattern:
      /\b(?:in ra|hien thi|hien ra|cho (?:toi|minh|tao|em|chung toi) (?:xem|biet)|tiet lo|nhac lai|lap lai|doc lai|xuat ra|viet lai|liet ke|chia se|gui)\b.{0,30}\b(?:huong dan|chi dan|cau lenh|chi thi|quy tac|lenh) (?:cua ban|ban dau|goc|an|bi mat|he thong|duoc giao|danh cho ban|da duoc cai dat)\b/u,
  },
  {
    reason: 'prompt_request',
    pattern:
      /\b(?:reveal|show|print|repeat|output|tell me|what (?:is|are)|give me)\b.{0,30}\b(?:system prompt|your (?:instructions|prompt|rules|guidelines)|initial (?:instructions|prompt)|hidden (?:instructions|prompt))\b/u,
  },
];

export function inspectInput(text: string): InputInspection {
  const reasons = new Set<InjectionReason>();
  let cleaned = text.normalize('NFC');
  if (cleaned.match(HIDDEN_CARRIERS)) reasons.add('invisible_characters');
  cleaned = cleaned.replace(HIDDEN_CARRIERS, '').replace(ZERO_WIDTH, '');
  if (cleaned.match(ROLE_MARKERS)) reasons.add('role_markers');
  cleaned = cleaned.replace(ROLE_MARKERS, ' ').replace(/[ \t]{2,}/gu, ' ').trim();
  const folded = fold(cleaned);
  for (const { reason, pattern } of PATTERNS) {
    if (pattern.test(folded)) reasons.add(reason);
  }
  return { cleaned, injection: reasons.size > 0, reasons: [...reasons] };
}
