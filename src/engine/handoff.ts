/**
 * Handoff to the 1022 desk ("chuyển tổng đài viên"): what the engine recognises (a request for a person, yes/no to
 * the offer, "I'm done"), what it remembers of a conversation to hand over (the last attempts, consecutive failures),
 * and the port through which it reaches the desk (src/desk implements it over the store).
 *
 * Recognition is vocabulary data matched on folded text (no diacritics, `đ` → `d`), never keyed to whole sentences:
 * a request is a contact verb followed within a few words by a person ("cho tôi nói chuyện với người", "muốn gặp
 * tổng đài viên", "ket noi nhan vien ho tro giup toi"), or a person word that only ever means a human helper standing
 * alone ("tổng đài viên?", "người thật"). A negation before the verb ("không cần gặp người") is no request.
 */
import { fold } from '../text/vietnamese.ts';
import type { ChannelName, Reply } from './types.ts';

/** The vocabulary of a request for a person, folded. */
export const HANDOFF_VOCABULARY = {
  /** Verbs of contact: "gặp", "nói chuyện (với)", "kết nối (với)", "chuyển (cho|sang)", "liên hệ (với)", "cần", "muốn gặp". */
  contact: ['gap', 'noi chuyen', 'tro chuyen', 'trao doi', 'ket noi', 'chuyen', 'chuyen may', 'lien he', 'lien lac', 'goi', 'can', 'xin', 'muon', 'nhan tin', 'hoi', 'talk to', 'speak to', 'connect'],
  /** People who are only ever a human helper: enough after any contact verb, and alone. */
  helpers: [
    'tong dai vien', 'dien thoai vien', 'nguoi that', 'nhan vien ho tro', 'nhan vien tu van', 'nhan vien truc', 'tu van vien',
    'nguoi tu van', 'nguoi ho tro', 'nguoi truc', 'can bo truc', 'can bo ho tro', 'can bo tu van', 'ho tro vien', 'operator',
    'human', 'agent', 'real person', 'tong dai 1022 truc tiep', 'nguoi tra loi',
  ],
  /** Weaker people words: only directly after a close contact verb ("gặp người", "nói chuyện với ai đó"). */
  people: ['nguoi', 'con nguoi', 'ai do', 'nhan vien', 'can bo', 'tong dai', 'ban tu van', 'admin', 'quan tri vien'],
  /** The contact verbs the weaker people words need: "cần người" is often "cần bao nhiêu người". */
  closeContact: ['gap', 'noi chuyen', 'noi chuyen voi', 'tro chuyen voi', 'trao doi voi', 'ket noi voi', 'ket noi', 'chuyen cho', 'chuyen sang', 'chuyen qua', 'lien he voi', 'lien he', 'gap truc tiep'],
  /** Words that may sit between the verb and the person: "gặp trực tiếp một", "nói chuyện với một". */
  fillers: ['voi', 'mot', 'truc tiep', 'cho', 'toi', 'em', 'minh', 'duoc', 'ngay', 'sang', 'qua', 'den', 'that', 'ben'],
  /** A negation before the request: "không cần gặp người", "chưa muốn". */
  negations: ['khong', 'ko', 'k', 'chua', 'dung', 'khoi'],
} as const;

/** Answers to "chuyển cho tổng đài viên không?", folded; politeness around them is allowed. */
export const OFFER_ANSWERS = {
  yes: ['co', 'co chuyen', 'chuyen', 'chuyen di', 'ok', 'oke', 'okay', 'dong y', 'vang', 'u', 'uh', 'yes', 'duoc', 'dc', 'muon', 'co muon', 'can', 'co can', 'nho ban', 'chuyen giup', 'ket noi', 'ket noi di'],
  no: ['khong', 'ko', 'k', 'no', 'thoi', 'khong can', 'khong muon', 'khoi', 'de sau', 'ko can', 'k can', 'thoi khoi', 'khong chuyen'],
} as const;

/** A citizen ending a desk conversation, folded: a command or a short closing phrase. */
export const DONE_PHRASES = ['/ketthuc', '/xong', 'xong', 'ket thuc', 'ket thuc tro chuyen', 'ket thuc cuoc tro chuyen', 'xong roi', 'toi xong roi', 'het cau hoi', 'toi het cau hoi', 'khong con cau hoi', 'tam biet', 'khong can nua', 'thoi khong can nua', 'da hieu cam on', 'ro roi cam on', 'cam on toi hieu roi', 'cam on xong roi'];

/** Politeness and address words that may come before or after an answer ("dạ có ạ", "ok bạn nhé", "cảm ơn, xong rồi"). */
const POLITE = new Set(['a', 'da', 'nhe', 'nha', 'nhe', 'ban', 'ad', 'em', 'anh', 'chi', 'oi', 'voi', 'giup', 'gium', 'minh', 'toi', 'roi', 'luon', 'di', 'cam', 'on', 'nhieu', 'vang', 'thi', 'la']);

function normalise(text: string): string {
  return fold(text).replace(/[^a-z0-9/\s]+/gu, ' ').replace(/\s+/gu, ' ').trim();
}

const alternatives = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).map((word) => word.replace(/\s+/gu, '\\s+')).join('|');
const FILLERS = `(?:\\s+(?:${alternatives(HANDOFF_VOCABULARY.fillers)})){0,3}`;
const STRONG_REQUEST = new RegExp(`(?:^|\\s)(?:${alternatives(HANDOFF_VOCABULARY.contact)})(?:\\s+\\S+){0,3}?\\s+(?:${alternatives(HANDOFF_VOCABULARY.helpers)})(?=\\s|$)`, 'u');
const CLOSE_REQUEST = new RegExp(`(?:^|\\s)(?:${alternatives(HANDOFF_VOCABULARY.closeContact)})${FILLERS}\\s+(?:${alternatives(HANDOFF_VOCABULARY.people)})(?=\\s|$)`, 'u');
const HELPER_ALONE = new RegExp(`^(?:(?:${alternatives([...POLITE])})\\s+)*(?:${alternatives(HANDOFF_VOCABULARY.helpers)})(?:\\s+(?:${alternatives([...POLITE])}))*$`, 'u');
const NEGATED = new RegExp(`(?:^|\\s)(?:${alternatives(HANDOFF_VOCABULARY.negations)})\\s+(?:can\\s+|muon\\s+|phai\\s+)?(?:${alternatives(HANDOFF_VOCABULARY.contact)})(?=\\s|$)`, 'u');

/** True when the message asks to be put through to a person. */
export function asksForPerson(text: string): boolean {
  const folded = normalise(text);
  if (folded === '' || folded.split(' ').length > 30) return false;
  if (HELPER_ALONE.test(folded)) return true;
  if (!STRONG_REQUEST.test(folded) && !CLOSE_REQUEST.test(folded)) return false;
  return !NEGATED.test(folded);
}

/** The core of a short answer, politeness words taken off both ends. */
function core(text: string): string {
  const words = normalise(text).split(' ').filter(Boolean);
  while (words.length > 1 && POLITE.has(words[0]!)) words.shift();
  while (words.length > 1 && POLITE.has(words.at(-1)!)) words.pop();
  return words.join(' ');
}

/** "có" / "không" to a handoff offer; null for anything else (then the offer is dropped and the message answered). */
export function answerToOffer(text: string): 'yes' | 'no' | null {
  const answer = core(text);
  if ((OFFER_ANSWERS.yes as readonly string[]).includes(answer)) return 'yes';
  if ((OFFER_ANSWERS.no as readonly string[]).includes(answer)) return 'no';
  return null;
}

/** True when a citizen in a desk conversation says they are done. */
export function endsDeskConversation(text: string): boolean {
  const folded = normalise(text);
  if ((DONE_PHRASES as readonly string[]).includes(folded)) return true;
  return (DONE_PHRASES as readonly string[]).includes(core(text));
}

/** One earlier exchange of the conversation, copied into the desk so the operator sees what the assistant said. */
export interface Attempt {
  question: string;
  answer: string;
  at: Date;
}

/** A chat account's place at the desk. */
export interface DeskState {
  id: number;
  status: 'offered' | 'queued' | 'open';
}

/** When the desk answers: now, or from `nextOpening` (the working hours, DESK_HOURS). */
export interface DeskAvailability {
  open: boolean;
  nextOpening: Date | null;
  /** The configured hours as people read them ("T2-T6 07:30-11:30, 13:30-17:00"). */
  hours: string;
}

/**
 * The desk as the engine sees it. Every call is keyed by the chat account (channel and platform user id): the desk
 * replies through that account. Implementations keep the state in the store, so several instances agree.
 */
export interface HandoffDesk {
  stateOf(channel: ChannelName, userId: string, now: Date): Promise<DeskState | null>;
  /** Records an offer with the conversation's attempts; false when the account already has a desk conversation. */
  offer(channel: ChannelName, userId: string, attempts: readonly Attempt[], now: Date): Promise<boolean>;
  /** Accepted: the offer joins the queue. Returns how many wait ahead of it (0: first), null when the offer is gone. */
  accept(id: number, now: Date): Promise<{ ahead: number } | null>;
  decline(id: number): Promise<void>;
  /** Stores a citizen's message into an open or queued conversation; `first` when they were not told yet. */
  forward(id: number, text: string, now: Date): Promise<{ first: boolean }>;
  /** The citizen ended it. */
  end(id: number, now: Date): Promise<void>;
  availability(now: Date): DeskAvailability;
}

/** Outcomes that count as "the assistant could not answer" for the two-in-a-row rule. */
export function isFailure(reply: Pick<Reply, 'outcome' | 'reason' | 'refused'>): boolean {
  if (reply.outcome === 'no_information') return true;
  if (!reply.refused) return false;
  // Misuse and injection attempts, and a message too long, are no reason to call a person.
  return reply.reason !== 'misuse' && reply.reason !== 'injection' && reply.reason !== 'too_long';
}

/** Exchanges kept per conversation for the operator; texts clipped. */
export const KEPT_ATTEMPTS = 6;
const ATTEMPT_CHARS = 1_500;

interface Track {
  attempts: Attempt[];
  failures: number;
  at: number;
}

/**
 * Per chat account, in memory and bounded: the last exchanges (for the operator, copied into the desk only when a
 * handoff is offered) and how many answers in a row failed. Expires like the conversation memory (30 minutes).
 */
export class HandoffMemory {
  private readonly tracks = new Map<string, Track>();

  constructor(
    private readonly maxAccounts = 10_000,
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  attempts(key: string): Attempt[] {
    return this.read(key)?.attempts ?? [];
  }

  /** Records one exchange; returns the number of failures in a row including this one (0 after a success). */
  record(key: string, question: string, answer: string, failed: boolean, at: Date): number {
    const track = this.read(key) ?? { attempts: [], failures: 0, at: this.now() };
    track.attempts = [...track.attempts, { question: question.slice(0, ATTEMPT_CHARS), answer: answer.slice(0, ATTEMPT_CHARS), at }].slice(-KEPT_ATTEMPTS);
    track.failures = failed ? track.failures + 1 : 0;
    this.write(key, track);
    return track.failures;
  }

  /** After an offer (taken or not) the count starts again. */
  resetFailures(key: string): void {
    const track = this.read(key);
    if (track) this.write(key, { ...track, failures: 0 });
  }

  /** Once handed over, the attempts live in the desk (and its retention), not here. */
  forget(key: string): void {
    this.tracks.delete(key);
  }

  private read(key: string): Track | null {
    const track = this.tracks.get(key);
    if (!track) return null;
    if (this.now() - track.at > this.ttlMs) {
      this.tracks.delete(key);
      return null;
    }
    return track;
  }

  private write(key: string, track: Track): void {
    this.tracks.delete(key);
    this.tracks.set(key, { ...track, at: this.now() });
    if (this.tracks.size > this.maxAccounts) {
      const oldest = this.tracks.keys().next().value;
      if (oldest !== undefined) this.tracks.delete(oldest);
    }
  }
}
