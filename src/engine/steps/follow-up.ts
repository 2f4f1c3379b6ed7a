/**
 * Follow-up: a short question that leans on the previous one of the same conversation is read in its light —
 * "nguồn vốn?" after a task is that task's funding, "còn Sở Y tế thì sao?" after a list is the same list for
 * another agency, "còn quý sau?" after a window is the same question for that window.
 */
import { AMONG_LISTED, classify, EVERY_ITEM, POINTED_AGENCY, POINTED_ONE, type Classification } from '../classify.ts';
import type { AnswerContext, Step } from '../context.ts';
import type { ConversationState } from '../conversation.ts';
import { FOLLOW_FRAME, REFERRING_WORDS } from '../answers/lookup.ts';
import { dueDate } from '../../status/rules.ts';
import type { KnowledgeSnapshot } from '../../knowledge/snapshot.ts';

/**
 * Words that name a field of a task or lean on what was said ("thế", "còn … thì sao", "việc này"), not the task
 * itself: a question of only these is about the task already discussed.
 */
const FIELD_WORDS = new Set([
  'nguon', 'von', 'kinh', 'phi', 'ngan', 'sach', 'lo', 'trinh', 'han', 'thoi', 'gian', 'ket', 'qua', 'noi', 'dung', 'lay', 'tien', 'tu', 'dau',
  'san', 'pham', 'ra', 'tre', 'cham', 'muon', 'bao', 'lau', 'roi', 'the', 'con', 'thi', 'sao', 'vay', 'nao', 'lam', 'cai', 'viec', 'nay',
  'do', 'ay', 'kia', 'nhiem', 'vu', 'chua', 'xong', 'hoan', 'thanh', 'da', 'duoc', 'nua', 'du', 'kien', 'can', 'dat', 'phai', 'co', 'trien', 'khai',
  'den', 'khi', 'bao', 'gio', 'r', 'hien', 'luc', 'bay',
  // Following a task up and how far it got: "ai theo dõi, đôn đốc việc đó", "tiến độ ra sao".
  'theo', 'doi', 'don', 'doc', 'tien',
  // The asking itself: "cho em hỏi nhiệm vụ này … là khi nào ạ".
  'cho', 'em', 'e', 'hoi', 'xin', 'biet', 'a', 'anh', 'chi', 'ban', 'minh', 'toi', 'la',
  // Who a field names, said generally: "còn các đơn vị phối hợp thì sao", "cơ quan phối hợp là những ai".
  'cac', 'nhung', 'don', 'vi', 'quan', 'ben', 'nganh', 'gom', 'ai',
  // The thing discussed, pointed at: "phối hợp với họ", "mảng này", "lĩnh vực đó", "nó quá hạn chưa".
  'ho', 'mang', 'linh', 'vuc', 'no',
  // Two fields asked together: "lộ trình với nguồn vốn", "hạn và kết quả", "cả đơn vị phối hợp nữa không".
  'voi', 'va', 'cung', 'ca', 'luon', 'khong', 'ko',
  // Every item of a list: "vốn cho mấy việc đó lấy ở đâu", "từng việc".
  'may', 'o', 'tung',
  // How often and by when: "bao lâu một lần", "mấy lần một năm", "trước ngày nào".
  'mot', 'lan', 'nam', 'truoc',
  // The task pointed at by what it makes: "đề án đó", "dự án này".
  'de', 'an',
]);
/** "Kế hoạch đó", "qđ này", "văn bản trên": a document pointed at by its kind. */
const POINTED_DOCUMENT = /\b(quyet dinh|qd|ke hoach|kh|thong bao|tb|cong van|cv|chuong trinh|de an|van ban|nghi quyet) (nay|do|tren|kia|ay)\b/u;
const LIST_INTENTS = new Set(['agency_tasks', 'overdue', 'upcoming', 'deadline_window']);
/** "Cái thứ hai", "việc thứ 3", "nhiệm vụ đầu tiên", "cái cuối": an item of the list just given, by its place. */
const ORDINAL = /\b(?:cai|viec|nhiem vu|nv|muc|dong|y|phan|so)\s+(?:thu\s+(nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi|\d{1,2})|(dau tien|cuoi cung|cuoi))\b/u;
const ORDINAL_NUMBERS: Record<string, number> = { nhat: 1, hai: 2, ba: 3, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10 };

/** A year named in a question ("đến 2045"). */
const YEAR = /\b20\d\d\b/u;
/** "Việc nào có hạn sớm nhất", "cái nào phải xong muộn nhất": the item of the list due first, or last. */
const EARLIEST = /\b(han|xong|hoan thanh|ket thuc|het han|den han)\b.{0,12}\b(som nhat|gan nhat|truoc nhat)\b|\bgap nhat\b/u;
const LATEST = /\b(han|xong|hoan thanh|ket thuc|het han|den han)\b.{0,12}\b(muon nhat|tre nhat|lau nhat|xa nhat)\b/u;

/** The task of `focus` with the earliest (or latest) dated deadline a question asks for, or undefined. */
export function dueFirstOrLast(folded: string, focus: readonly string[], snapshot: KnowledgeSnapshot): string | undefined {
  const latest = LATEST.test(folded);
  if (!latest && !EARLIEST.test(folded)) return undefined;
  const dated = focus
    .map((key) => {
      const task = snapshot.task(key);
      return { key, due: task ? dueDate(task.deadline) : null };
    })
    .filter((entry): entry is { key: string; due: string } => entry.due !== null)
    .sort((a, b) => (latest ? b.due.localeCompare(a.due) : a.due.localeCompare(b.due)));
  return dated[0]?.key;
}

/** The place in a list a question points at (1-based; -1 the last), or null. */
export function ordinalPlace(folded: string): number | null {
  const match = ORDINAL.exec(folded);
  if (!match) return null;
  if (match[2]) return match[2] === 'dau tien' ? 1 : -1;
  const word = match[1]!;
  return ORDINAL_NUMBERS[word] ?? Number(word);
}

/** How many words of a phrase are neither a field's nor leaning on what was said: its own topic. */
function contentWordsOf(phrase: string): number {
  return phrase.split(' ').filter((word) => word !== '' && !FIELD_WORDS.has(word)).length;
}

/** Re-reads a short follow-up in the light of the previous question of the same conversation. */
export function resolveFollowUp(current: Classification, previous: ConversationState): Classification {
  const words = current.phrase.split(' ').filter(Boolean).length;
  const bare = current.codes.length === 0 && current.groups.length === 0;
  // "nguồn vốn?", "còn lộ trình?": only field words left once the frames are gone.
  const contentWords = contentWordsOf(current.phrase);
  // "Còn quý II/2026?" after a window's list: the same question for the window named (its tasks stay in focus,
  // so this comes before the task follow-up).
  if (current.window && bare && words <= 1 && current.agencies.length === 0 && previous.classification.intent === 'deadline_window') {
    return { ...previous.classification, window: current.window, folded: current.folded };
  }
  // "Ai phối hợp với VP UBND làm việc này": an agency named beside "việc này" is part of the task pointed at.
  const pointedOne = POINTED_ONE.test(current.folded);
  if (current.intent === 'lookup' && bare && (current.agencies.length === 0 || pointedOne) && (words <= 1 || (current.fields.length > 0 && contentWords === 0)) && previous.focus.length > 0) {
    return { ...current, intent: 'follow_up' };
  }
  // "Đã hết hạn chưa?" after one task: that task's deadline, not every late task.
  if ((current.intent === 'overdue' || current.intent === 'upcoming') && bare && !current.list && current.window === null && current.agencies.length === 0 && contentWords === 0 && previous.focus.length === 1) {
    return { ...current, intent: 'follow_up' };
  }
  // "Trong số đó cái nào quá hạn?", "còn việc nào phải xong trong năm nay không?" after an agency's list: the same
  // agency's late (or due) tasks.
  const agencyList = previous.classification.agencies.length > 0 && LIST_INTENTS.has(previous.classification.intent);
  const followFrame = FOLLOW_FRAME.test(current.folded);
  const before = previous.classification;
  // "Còn đến 2045 thì sao?" after a question about 2030: the same question for the year named.
  const year = YEAR.exec(current.folded)?.[0];
  const previousYear = YEAR.exec(previous.classification.folded)?.[0];
  if (followFrame && bare && year && previousYear && year !== previousYear && contentWords === 0 && current.agencies.length === 0 && previous.classification.intent === 'lookup') {
    const swap = (text: string) => text.replaceAll(previousYear, year);
    return { ...before, window: current.window, folded: swap(before.folded), query: swap(before.query), phrase: swap(before.phrase) };
  }
  // "Bao lâu một lần, hạn ngày nào?" after a quoted part, no task in focus: the same topic, asked this way.
  if (current.intent === 'lookup' && bare && contentWords === 0 && current.agencies.length === 0 && current.documents.length === 0 && previous.focus.length === 0 && before.intent === 'lookup' && before.query !== '') {
    return { ...current, query: `${before.query} ${current.query}`.trim(), phrase: `${before.phrase} ${current.phrase}`.trim(), folded: `${before.folded} ${current.folded}`, documents: before.documents, places: before.places };
  }
  if ((current.intent === 'overdue' || current.intent === 'upcoming' || current.intent === 'deadline_window') && current.agencies.length === 0 && agencyList && (AMONG_LISTED.test(current.folded) || EVERY_ITEM.test(current.folded) || followFrame)) {
    return { ...current, agencies: previous.classification.agencies, role: previous.classification.role };
  }
  // "Còn Sở Y tế thì sao?" after a list question asks the same question about another agency.
  if (current.agencies.length > 0 && bare && words <= 1 && LIST_INTENTS.has(previous.classification.intent) && (followFrame || current.intent !== 'agency_tasks')) {
    return { ...previous.classification, agencies: current.agencies, phrase: '', folded: current.folded };
  }
  // "Ai theo dõi việc này?" after an answer from one document: the question stays in that document.
  const pointsBack = current.phrase.split(' ').some((word) => REFERRING_WORDS.has(word)) || POINTED_DOCUMENT.test(current.folded) || followFrame || words <= 2;
  if (current.documents.length === 0 && current.places.length === 0 && pointsBack && previous.documents.length > 0) {
    return { ...current, documents: previous.documents };
  }
  return current;
}

/**
 * The one agency the last answer was about: the agency its question named, or else the one lead of the tasks it
 * cited ("Sở đó còn việc gì" after a task of Sở Y tế). Undefined when there were none or several.
 */
function agencyDiscussed(context: AnswerContext, previous: ConversationState): string | undefined {
  if (previous.classification.agencies.length > 0) return previous.classification.agencies.length === 1 ? previous.classification.agencies[0] : undefined;
  const leads = new Set(previous.focus.flatMap((key) => [...context.snapshot.agencies.namedIds(context.snapshot.task(key)?.lead ?? null)]));
  return leads.size === 1 ? [...leads][0] : undefined;
}

/** The question with the agency it points at ("sở đó") named, read again; null when it points at none or that is unknown. */
function withAgencyNamed(context: AnswerContext, previous: ConversationState): Classification | null {
  const c = context.classification!;
  if (c.agencies.length > 0) return null;
  const lower = context.text.toLowerCase();
  const match = POINTED_AGENCY.exec(lower) ?? POINTED_AGENCY.exec(c.folded);
  const agency = match ? agencyDiscussed(context, previous) : undefined;
  if (!match || !agency) return null;
  // Spliced into the question as typed (case kept: "AI" is not "ai"); lower case keeps its length for these letters.
  const source = match.input === lower && lower.length === context.text.length ? context.text : match.input;
  const text = `${source.slice(0, match.index)}${context.snapshot.agencies.displayName(agency)}${source.slice(match.index + match[0].length)}`;
  return classify(text, context.vocabulary, context.today);
}

export const followUpStep: Step = {
  name: 'follow-up',
  async run(context) {
    const previous = context.previous;
    if (!previous || !context.classification) return;
    // "Sở đó còn việc gì trong Phụ lục II?": the question about the agency discussed, as if it were named.
    const named = withAgencyNamed(context, previous);
    if (named) {
      context.classification = named;
      context.focus = previous.focus;
      return;
    }
    // "Cái thứ hai thì sao?" after a list: that item, the question's fields about it.
    const place = previous.focus.length > 1 ? ordinalPlace(context.classification.folded) : null;
    const picked = place === null ? undefined : place === -1 ? previous.focus.at(-1) : previous.focus[place - 1];
    if (picked && context.classification.codes.length === 0 && context.classification.agencies.length === 0) {
      context.focus = [picked];
      context.classification = { ...context.classification, intent: 'follow_up' };
      return;
    }
    // "Có cả Sở Nội vụ phối hợp không, còn ai nữa?" after one task that names it: that task's partners (or lead).
    const c = context.classification;
    const only = previous.focus.length === 1 ? context.snapshot.task(previous.focus[0]!) : undefined;
    const asksRole = c.fields.includes('partners') || c.fields.includes('lead');
    const holds = only && [only.lead, only.partners].some((cell) => c.agencies.some((id) => context.snapshot.agencies.namedIds(cell).has(id)));
    if (holds && asksRole && c.codes.length === 0 && contentWordsOf(c.phrase) === 0) {
      context.focus = previous.focus;
      context.classification = { ...c, intent: 'follow_up' };
      return;
    }
    // "Trong đó việc nào có hạn sớm nhất?" after a list: that item's deadline.
    const due = previous.focus.length > 1 && c.codes.length === 0 && c.agencies.length === 0 ? dueFirstOrLast(c.folded, previous.focus, context.snapshot) : undefined;
    if (due) {
      context.focus = [due];
      context.classification = { ...c, intent: 'follow_up', fields: ['deadline'] };
      return;
    }
    context.focus = previous.focus;
    context.classification = resolveFollowUp(context.classification, previous);
  },
};
