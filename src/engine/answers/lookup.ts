/**
 * Free-text questions: hybrid retrieval over every task, section and document in scope, a decision whether the
 * question is about the documents at all (scope gates calibrated on the evaluation sets), then an answer from the
 * best task (its fields) or section (its best clauses, whole).
 */
import type { DocumentKnowledge, Section, SectionKind, Task } from '../../documents/types.ts';
import { itemKey } from '../../knowledge/snapshot.ts';
import { documentShortName } from '../../knowledge/labels.ts';
import { splitQualifiedId } from '../../documents/interpret/ids.ts';
import { romanToNumber } from '../../text/roman.ts';
import { accentClashes, markedSyllables } from '../../text/accents.ts';
import { foldKeepCase, initialisms, isStopwordCompound, tokenize } from '../../text/tokenize.ts';
import { clip, fold } from '../../text/vietnamese.ts';
import type { AnswerContext } from '../context.ts';
import { OWN_PROVINCE, POINTING, RECIPIENT_FRAME, type Classification, type Field } from '../classify.ts';
import type { DateWindow } from '../windows.ts';
import { taskAnswer, taskLine, taskList } from '../compose.ts';
import { ANSWER_MESSAGES as M } from '../messages.ts';
import { makeReply } from '../outcomes.ts';
import { bestPassagesWithSource, clipAround, headingKey, passages as sectionPassages } from '../passages.ts';
import type { Reply } from '../types.ts';
import { metadataAnswer } from './document.ts';
import { answered, bySupport, comparedDocuments, withoutComparing, documentPrior, documentsInScope, documentsOfNamedPlaces, namesAgency, questionNamesScope, taskCitations, topSectionOfKind } from './shared.ts';

/** Calibrated on the evaluation sets (README: Answering → Scope). */
export const SCOPE = {
  /** Below this share of known syllable pairs and this BM25, a question is not about the documents. */
  minBigramCoverage: 0.3,
  minBm25: 6,
  /** A question whose content syllables are nearly all in the documents is in scope even with few pairs. */
  minUnigramCoverage: 0.8,
  /** Idf-weighted share of the question's content the chosen task or section must contain. */
  minSupport: 0.2,
  /** Share of `minSupport` a compared document's row needs ("… còn ở cấp trung ương thì ai chủ trì"). */
  comparedSupportShare: 0.75,
  /** Off-topic cues ("giá vàng", "thời tiết") need this much of the question in the match to be answered anyway. */
  offTopicSupport: 0.5,
  /** Rare words of the question a match that holds them may answer with less support (a long story around a name). */
  minAnchors: 2,
  /** Share of `minSupport` a part of the kind the question's frame asks for needs ("báo cáo … trước ngày nào"). */
  framedSupportShare: 0.5,
  /** Matches scored at least this share of the best may stand in for it when it does not speak to the question. */
  closeToBest: 0.85,
  /** Among those, the one that best balances its score and its support wins: score × (supportBase + support). */
  supportBase: 0.5,
  /** Supports this close are the same: the higher scored match is taken. */
  supportTie: 0.02,
  /** A task row scored at least this share of a section answers a who/when/result question in its place. */
  rowForSection: 0.7,
  /** A row in place of a section that answers it itself: this share of the section's support, at least. */
  rowForSectionSupport: 0.75,
  /** A match printing a web address answers "trên trang web nào" in the best's place when it scores this share of it. */
  nameNear: 0.5,
  /**
   * A row shown under a quoted section as the task that carries it out: its share of the section's score, its
   * support; or, scored at least `nearScore` of the section, with `nearSupport`.
   */
  rowBesideSection: { score: 0.7, support: 0.25, nearScore: 0.8, nearSupport: 0.1 },
};
/** Wording a section gives a deadline with (not the dates of the documents it cites, "Nghị định … ngày 26/8/2021"). */
const DATE_LIKE = /(hằng năm|hàng năm|thường xuyên|định kỳ|trước ngày|chậm nhất|quý [IV]+|năm 20\d\d|giai đoạn 20\d\d|tháng \d{1,2}\/20\d\d|ngày \d{1,2} (hằng|hàng) (tháng|quý|năm))/iu;

/** "Còn … thì sao?", "thế còn …": a question that leans on what was said before. */
export const FOLLOW_FRAME = /^(con|vay con|the con)\b|\bthi sao\b|\bthi the nao\b/u;

/**
 * Questions about how the programme itself runs — when and to whom agencies report, who follows it up, where its
 * money comes from — are answered by the document's own sections on that, not by a task that shares the words.
 * `ofWhole`: about the document as a whole, answered by its own section whatever task matches; `answersWho`: so
 * even when asked "who" (which otherwise asks a task's lead); `rolesOf`: with an agency named, the clauses of those
 * sections that give it a role.
 */
const FACT_FRAMES: Array<{ cue: RegExp; kinds: SectionKind[]; ofWhole?: boolean; answersWho?: boolean; rolesOf?: boolean }> = [
  { cue: /\bbao cao\b.{0,50}\b(khi nao|dinh ky|han|gui (ai|ve dau|cho ai|ve)|ve dau|thoi gian|ngay nao|luc nao|bao lau)\b|\b(che do|chu ky|ky|lich) bao cao\b/u, kinds: ['reporting', 'organisation'] },
  { cue: /\b(ai|co quan nao|don vi nao)\b.{0,20}\b(theo doi|don doc|giam sat|kiem tra)\b|\b(theo doi|don doc)\b.{0,30}\b(ai|co quan nao|don vi nao)\b/u, kinds: ['organisation'] },
  // "Sở Tài chính có trách nhiệm gì trong tổ chức thực hiện", "… trách nhiệm gì về kinh phí": the part that assigns the agencies' roles.
  { cue: /\bto chuc thuc hien\b|\btrach nhiem (gi|nhu the nao|ra sao)\b/u, kinds: ['organisation'], rolesOf: true },
  // "Kế hoạch do cơ quan nào làm đầu mối": the one the part on organising the work puts in charge of the whole.
  { cue: /\b(co quan|don vi|so|ai)( nao)? (lam |la )?(dau moi|thuong truc)\b|\b(co quan|don vi) (dau moi|thuong truc)\b.{0,20}\b(la )?(ai|nao|gi)\b/u, kinds: ['organisation'], ofWhole: true, answersWho: true },
  // "Đặt mục tiêu … là bao nhiêu": a figure the objectives set, which a task about the same indicator does not hold.
  { cue: /\b(muc tieu|chi tieu|phan dau)\b.{0,80}\b(bao nhieu|may phan tram)\b|\b(bao nhieu phan tram|bao nhieu %)\b.{0,30}\b(muc tieu|chi tieu)\b/u, kinds: ['objectives', 'general_objective', 'specific_objectives', 'targets'] },
  // "Tiền đâu ra để thực hiện chương trình này": the money of the document as a whole (`ofWhole`), which its own
  // section on funding answers, however well a task about investment matches the words.
  // "Tiền mặt" is cash, "tiền điện/nước" a bill: "học phí không dùng tiền mặt, chương trình có nói không" asks about
  // payments, not funding; nor is money a person moves ("suýt chuyển tiền cho kẻ lừa đảo. Chương trình …").
  { cue: /\b(kinh phi|nguon kinh phi|(?<!(?:chuyen|mat|lua|rut|tra|gui|nap|vay) )tien(?! mat| dien| nuoc)|von)\b.{0,30}\b(cua |thuc hien |trien khai )?(chuong trinh|ke hoach)( nay)?\b|\b(chuong trinh|ke hoach)( nay)? (co )?(lay|dung) (tien(?! mat| dien| nuoc)|kinh phi|von)\b|\b(chuong trinh|ke hoach)( nay)? (het|ton|can|mat|tieu) (bao nhieu )?(tien|kinh phi|von)\b/u, kinds: ['funding'], ofWhole: true },
];
const FACT_WEIGHT = { section: 1.4, task: 0.85 };
/** An agency's roles in the part on organising the work: at most this many of its clauses' sections quoted. */
const DUTY_SECTIONS = 2;
const DUTY_QUOTE = 600;
/** "Những hệ thống số nào", "được hỗ trợ gì": a list of things asked, not of tasks by name. */
const LIST_OF_THINGS = /\bnhung (?:\S+ ){1,4}nao\b|\b(?:duoc|se duoc) ho tro (?:nhung )?gi\b/u;
/** Rows shown beside the best: those scored at least `share` of it, at most `count` (more when a list is asked). */
const RELATED = { one: { share: 0.97, count: 1 }, list: { share: 0.75, count: 5 } };
/**
 * When two rows tie (see `tiedTasks`): score and support shares within a document; across documents a stronger
 * match and rows that share most of their text; at most this many offered.
 */
const TIE = { score: 0.95, support: 0.9, crossScore: 0.97, crossSupport: 0.6, sameThing: 0.5, choices: 3 };
/** How people abbreviate a document's kind ("kh 78", "qđ 1234"). */
const KIND_ABBREVIATIONS = ['kh', 'qd', 'tb', 'cv', 'nq', 'ct'];
const TASK_FIELDS: Field[] = ['lead', 'partners', 'deadline', 'funding', 'result'];
/** Questions about an amount or a share ("dành bao nhiêu tiền cho …") are answered by the targets, not by a task row. */
const AMOUNT_CUE = /\b(bao nhieu phan tram|ty le|phan tram|chi tieu)\b|\bbao nhieu %|\b(danh|chi|bo ra|dau tu|cap) bao nhieu (tien|kinh phi|ngan sach|von)\b/u;
const PERCENT = /\d\s*%/u;
/** "Mấy sao", "bao nhiêu trạm": the unit a number is asked in. */
const COUNT_UNIT = /\b(?:may|bao nhieu) (\p{L}+)\b/u;
/** Words after "mấy"/"bao nhiêu" that are no unit a text counts in (times, "phần trăm", tasks, money). */
const NOT_A_UNIT = new Set(['nam', 'thang', 'ngay', 'tuan', 'gio', 'lan', 'phan', 'nhiem', 'viec', 'tien', 'dong', 'cai', 'con', 'nguoi', 'van', 'loai', 'muc', 'giai', 'phu', 'ty']);
/** How much more a text weighs that counts in the unit asked ("4 đến 5 sao" for "mấy sao"). */
const COUNTED_WEIGHT = 1.3;
/** "Phường nào", "xã nào": a place or a thing asked by its name, which a clause gives after the same word. */
const WHICH_NAMED = /\b(phuong|xa|huyen|thon|lang|khu|cum|truong|benh vien|den|chua|di tich|lang nghe) nao\b/u;
/** "Trên trang web nào", "hệ thống gì", "tên là gì": the name of a system asked, which a row naming its address holds. */
const NAME_CUE = /\b(?:trang web|website|web|trang|dia chi|ten)\b(?: \S+){0,2} (?:nao|gi|la gi)\b|\b(?:he thong|nen tang|ung dung|app|phan mem)(?: \S+){0,3} (?:nao|gi)\b/u;
const WEB_ADDRESS = /\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:vn|com|net|org)\b/u;
/** A day asked, not a month or a year: "chậm nhất ngày nào", "hạn ngày mấy". */
const DAY_ASKED = /\bngay (nao|may|bao nhieu)\b/u;
/** Questions whose answer is a date: "vào những mốc nào", "ngày nào". */
const WHEN_CUE = /\b(moc nao|nhung moc|ngay nao|thoi diem nao|khi nao|bao gio)\b/u;
/** Questions whose answer is a number: "mấy sao", "bao nhiêu", "tỷ lệ". */
const QUANTITY_CUE = /\b(may|bao nhieu|ty le|phan tram|muc)\b/u;
/** Words that point back to something said before ("nhiệm vụ đó", "việc này"). */
const POINTER_WORDS = new Set(['do', 'nay', 'ay', 'no', 'tren', 'kia', 'vua', 'roi', 'ad', 'admin', 'oi', 'nha', 'nhe', 'ha', 'vay', 'a', 'the', 'voi', 'cung', 'ban', 'bn']);
/** A figure of a target asked ("mục tiêu … bao nhiêu %", "chỉ tiêu đạt bao nhiêu"). */
const TARGET_ASKED = /\b(muc tieu|chi tieu)\b.{0,40}\b(bao nhieu|may phan tram)\b/u;
/** The words of such a question that say nothing of what the target is about. */
const TARGET_WORDS = new Set(['muc', 'tieu', 'chi', 'den', 'toi', 'het', 'vao', 'dat', 'bao', 'nhieu', 'phan', 'tram', '%', 'ty', 'le', 'nam', 'duoc', 'dau', 'chuong', 'trinh', 'se', 'thi', 'may', 'la', 'vay', 'a', 'nhi']);
/** Words that refer to something named before: "đề án đó", "việc này", "cái kế hoạch kia". */
export const REFERRING_WORDS = new Set(POINTING.split('|'));
/** "Sở mình", "đơn vị tôi": the asker's own agency, which a citizen's question does not name. */
const SELF_AGENCY = /\b(so|don vi|co quan|ben|nganh) (minh|toi|chung toi|em)\b/u;
/** "Danh sách việc của sở", "sở phải làm gì": an agency by its kind alone, none named. */
const BARE_AGENCY = /\b(?:cua|thuoc) (?:so|don vi|co quan|nganh)$|^(?:so|don vi|co quan) (?:phai|can|duoc giao)\b/u;
/** A heading of at most this many characters that names agencies opens their part… */
const OWNER_HEADING = 100;
/** …and its names are at least this share of it. */
const OWNER_SHARE = 0.6;
/** An outline number before a heading: "1. ", "a) ", "IV. ". */
const OUTLINE_NUMBER = /^\s*(?:[IVXLC]+|\d+|[a-zđ])[.)]\s*/u;
/** Sections up to this many characters are quoted whole. */
const SHORT_SECTION = 520;
/** "Mục tiêu … là gì", "đạt bao nhiêu phần trăm": answered by a section of targets, quoted as its list. */
const OBJECTIVE_CUE = /\b(muc tieu|chi tieu|phan dau|dat duoc|dat bao nhieu|bao nhieu phan tram|ty le)\b/u;
const OBJECTIVE_KINDS: ReadonlySet<string> = new Set(['objectives', 'general_objective', 'specific_objectives', 'targets']);
/** A year's targets quoted whole up to this; the same target's other years, one clause each. */
const OBJECTIVE_QUOTE = 700;
const YEARS_SHOWN = 5;
const TEXT_CUE =
  /\b(bao nhieu phan tram|ty le|bao nhieu %|muc tieu|chi tieu|phuong cham|quan diem|dinh huong|tam nhin|la gi|nhu the nao|the nao|gom nhung|bao nhieu)\b/u;

/** Weight of a task outside the appendix a question names. */
const OTHER_APPENDIX_WEIGHT = 0.3;

/** The appendix a question names ("phụ lục II", "pl 2"), or null; "mấy phụ lục" names none. */
const APPENDIX_MENTION = /\b(?:o |tai |trong |thuoc )?(?:phu luc|pl)\s+(i{1,3}|iv|v|[1-5])\b(?!\s*\.)/gu;

/** The one appendix a question names ("ở Phụ lục II"); null for none, or for several ("cả phụ lục 1 lẫn phụ lục 2"). */
export function namedAppendix(folded: string): number | null {
  const named = new Set([...folded.matchAll(APPENDIX_MENTION)].map((match) => romanToNumber(match[1]!)).filter((value) => Number.isFinite(value)));
  return named.size === 1 ? [...named][0]! : null;
}

export async function lookupAnswer(context: AnswerContext, c: Classification): Promise<Reply> {
  const reply = await lookupIn(context, c);
  // "Con cái đi làm ở Hà Nội cả … tỉnh mình có làm không": a place named in passing by one who points at their own
  // province, whose documents do not speak to the question, is not where the answer is.
  if (reply.outcome !== 'out_of_scope' || c.documents.length > 0 || documentsOfNamedPlaces(context) === null || !OWN_PROVINCE.test(c.folded)) return reply;
  const home = context.snapshot.homePlace;
  const unplaced: Classification = { ...c, places: c.places.filter((place) => place === home) };
  context.classification = unplaced;
  return lookupIn(context, unplaced);
}

async function lookupIn(context: AnswerContext, c: Classification): Promise<Reply> {
  const { snapshot } = context;
  const index = snapshot.index;
  const phraseWords = c.phrase.split(' ').filter(Boolean).length;
  const taskish = c.fields.some((field) => TASK_FIELDS.includes(field)) || c.agencies.length > 0;
  // "Ai phụ trách?", "Nhiệm vụ đó giao cho sở nào?" with nothing before it: ask which task instead of guessing.
  const onlyPointers = c.phrase.split(' ').filter((word) => word !== '' && !POINTER_WORDS.has(word)).length === 0;
  if (c.agencies.length === 0 && ((c.list && SELF_AGENCY.test(c.folded)) || BARE_AGENCY.test(c.folded))) return makeReply('clarification', 'which_agency', M.clarifyAgency);
  // "Thế còn số kia thì sao?" with nothing before it: there is nothing to lean on.
  const pointsBack = c.phrase.split(' ').some((word) => REFERRING_WORDS.has(word));
  // With a follow-up frame ("… thì sao"), the words around the pointer may be only the asker's ("ở xã em").
  const followFrame = FOLLOW_FRAME.test(c.folded);
  const leaning = followFrame ? Math.min(phraseWords, tokenize(c.phrase, { bigrams: false, synonyms: false }).unigrams.length) : phraseWords;
  if ((followFrame || pointsBack) && context.focus.length === 0 && leaning <= 3 && c.agencies.length === 0) {
    return makeReply('clarification', 'which_task', M.clarifyTask);
  }
  // "Phiên họp lần thứ năm của Ban Chỉ đạo (TB 624) ai chủ trì": the words of the named document's title are all it
  // asks about, so they are its topic, which the document's own text answers.
  const titleOnly = onlyPointers && c.documents.some((documentId) => context.vocabulary.titleRuns(c.folded, documentId).length > 0);
  if (onlyPointers && !titleOnly && c.agencies.length === 0 && (taskish || phraseWords === 0)) return makeReply('clarification', 'which_task', M.clarifyTask);
  // "Mục tiêu đến năm 2030 là bao nhiêu phần trăm?" with nothing before it: a target of what is not said.
  const targetOfNothing = TARGET_ASKED.test(c.folded) && c.phrase.split(' ').every((word) => word === '' || TARGET_WORDS.has(word));
  if (targetOfNothing && context.focus.length === 0 && c.documents.length === 0 && c.agencies.length === 0 && c.places.length === 0) {
    return makeReply('clarification', 'which_target', M.clarifyTarget);
  }

  const query = !titleOnly && c.query.split(' ').filter(Boolean).length >= 2 ? c.query : context.text;
  const compared = comparedDocuments(context);
  const scoped = compared !== null || questionNamesScope(context);
  const inScope = new Set((compared ?? (scoped ? documentsInScope(context) : snapshot.documents)).map((document) => document.id));
  const result = await index.retriever.searchDetailed(query, { limit: 60, kinds: ['task', 'section'] });
  const found = result.hits.filter((hit) => inScope.has(splitQualifiedId(hit.id).documentId ?? ''));
  // Measured on the question as read (shorthand expanded: "đc", "ko"), without the words that only said which
  // document it is ("tb 624"): they are not what is asked.
  // An agency typed short ("sở GD") is known by its name spelled out.
  const coverage = index.coverage(namesSpelledOut(context, scoped ? withoutNamingWords(context, c.folded) : c.folded, c.agencies));
  context.retrieval = { bestBm25: result.bestBm25, exactMatch: result.exactMatch, coverage };
  const offTopic = c.intent === 'off_topic';
  const refusal = () => makeReply('out_of_scope', offTopic ? 'off_topic' : 'look_alike', M.outOfScope(context.deps.deployment));
  const fact = FACT_FRAMES.find((frame) => frame.cue.test(c.folded));
  // A question about the document as a whole ("tiền đâu ra để làm chương trình này") is about it by its frame.
  const inScopeQuestion =
    result.exactMatch ||
    (fact?.ofWhole === true && c.agencies.length === 0) ||
    (result.bestBm25 >= SCOPE.minBm25 * (offTopic ? 2 : 1) && (coverage.bigrams >= SCOPE.minBigramCoverage || coverage.unigrams >= SCOPE.minUnigramCoverage)) ||
    (!offTopic && found.length > 0 && index.anchors(query, found[0]!.id) >= SCOPE.minAnchors);
  if (!inScopeQuestion || found.length === 0) return refusal();

  // Who/when/funding questions lean to tasks; "what/how much" questions lean to the documents' text.
  const textCue = TEXT_CUE.test(c.folded) || !taskish;
  const who = c.fields[0] === 'lead' || c.fields[0] === 'partners';
  const textOf = (id: string, kind: string): string => (kind === 'task' ? (snapshot.task(id)?.content ?? '') : (snapshot.section(id)?.text ?? ''));
  const prior = scoped ? () => 1 : documentPrior(context);
  const appendix = namedAppendix(c.folded);
  const amountAsked = AMOUNT_CUE.test(c.folded);
  // "OCOP đạt mấy sao", "bao nhiêu trạm": a text that counts in that unit ("4 đến 5 sao", "22 trạm") holds the answer.
  const unit = COUNT_UNIT.exec(c.folded)?.[1];
  const countedIn = unit && !NOT_A_UNIT.has(unit) ? new RegExp(`\\d+(?:\\s+\\S+){0,2}\\s+${unit}\\b`, 'u') : null;
  const nameAsked = NAME_CUE.test(c.folded);
  /** A row led by an agency the question names: it weighs more, picks among rows, and is not tied with others'. */
  const ledByAsked = (task: Task) => c.agencies.some((agency) => snapshot.agencies.namedIds(task.lead).has(agency));
  const weigh = (id: string, kind: string, score: number): number => {
    score *= prior(splitQualifiedId(id).documentId ?? '');
    // "… ở Phụ lục II thì ai chủ trì": rows of another appendix are kept but weigh little.
    if (appendix !== null && kind === 'task' && snapshot.task(id)?.appendix !== appendix) score *= OTHER_APPENDIX_WEIGHT;
    if (fact) {
      const sectionKind = kind === 'section' ? kindWithin(context, id) : undefined;
      score *= sectionKind && fact.kinds.includes(sectionKind) ? FACT_WEIGHT.section : kind === 'task' ? FACT_WEIGHT.task : 1;
    }
    if (amountAsked) score *= PERCENT.test(textOf(id, kind)) ? 1.3 : 0.8;
    if (countedIn && countedIn.test(fold(textOf(id, kind)))) score *= COUNTED_WEIGHT;
    if (kind === 'section' || kind === 'document') return score * (textCue ? 1.2 : 1);
    let weight = taskish && !textCue ? (who ? 1.2 : 1.1) : 1;
    const task = snapshot.task(id);
    if (task && ledByAsked(task)) weight *= 1.2;
    else if (task && c.agencies.some((agency) => snapshot.agencies.namedIds(task.partners).has(agency))) weight *= 1.1;
    return score * weight;
  };
  const ranked = found.map((hit) => ({ ...hit, score: weigh(hit.id, hit.kind, hit.score) })).sort((a, b) => b.score - a.score);
  const hits = ranked.slice(0, 15);
  // The match must speak to the question, not just share a name with it ("lương cán bộ Sở KH&CN"): the best one
  // that does, among those scored close to the best. Off-topic cues ("thời tiết") need it to speak to most of it.
  const minSupport = offTopic ? SCOPE.offTopicSupport : SCOPE.minSupport;
  // What the match must speak to: the question without the words that only said which document it is about.
  const named = scoped ? withoutNamingWords(context, query) : query;
  // In "… ở Phụ lục II thì ai chủ trì" the appendix says where to look, not what the task is about; in "dữ liệu
  // trong phụ lục 1 tính đến ngày nào" it is what the answer is about.
  const asked = withoutPointers(appendix === null || !who ? named : fold(named).replace(APPENDIX_MENTION, ' ').replace(/\s+/gu, ' ').trim());
  // A document named by its title's words ("theo kết luận phiên họp thứ năm của Ban Chỉ đạo, thông báo 624 …"): a
  // match may speak to the question without them. Only when this question names it; a follow-up's title words
  // carried from before are its topic ("việc hỗ trợ doanh nghiệp nhỏ và vừa đó").
  const untitled = scoped && context.vocabulary.namedDocuments(c.folded).length > 0 ? withoutPointers(withoutNamingWords(context, query, true)) : null;
  // The deployment's own province named ("ở tỉnh X", its initials) says nothing a match must speak to; one that names it anyway
  // is measured with it.
  const withoutHome = scoped ? asked : withoutHomePlace(context, asked);
  const homeless = withoutHome !== asked ? withoutHome : null;
  const ofFramedKind = (hit: { id: string; kind: string }) => {
    const kind = fact && scoped && !offTopic && hit.kind === 'section' ? kindWithin(context, hit.id) : undefined;
    return kind !== undefined && fact!.kinds.includes(kind);
  };
  const close = hits
    .map((hit) => ({ hit, anchored: !offTopic && index.anchors(asked, hit.id) >= SCOPE.minAnchors }))
    .filter(({ hit, anchored }) => hit.score >= hits[0]!.score * SCOPE.closeToBest || anchored)
    .map(({ hit, anchored }) => ({ hit, anchored, support: Math.max(...[hit.id, ...headingChildren(context, hit)].map((id) => Math.max(index.support(asked, id), untitled ? index.support(untitled, id) : 0, homeless ? index.support(homeless, id) : 0))) }))
    // Said in other words ("nộp ở đâu cũng được" for "không phụ thuộc địa giới hành chính"), a match still speaks to it.
    // In a document the question names, a part of the kind its frame asks for ("theo KH 12, báo cáo … trước ngày
    // nào" and the part on reporting): the frame speaks to it, so its own words need to match less of the question.
    // Not without the document named: "báo cáo thuế quý 3 nộp trước ngày nào" is someone's own report.
    .filter((entry) => entry.support >= (ofFramedKind(entry.hit) ? minSupport * SCOPE.framedSupportShare : minSupport) || entry.anchored || index.support(withoutHome, entry.hit.id, { synonyms: true }) >= minSupport)
    .sort((a, b) => b.hit.score * (SCOPE.supportBase + b.support) - a.hit.score * (SCOPE.supportBase + a.support));
  // "Tỉnh X giao ai chủ trì, còn tỉnh Y giao ai": each compared document's row, said which is which.
  if (compared && taskish) {
    // A question that carries two documents' words and the frame of a comparison speaks less to each one's row.
    const each = eachDocumentsRow(context, compared.map((document) => document.id), ranked, withoutComparing(asked), minSupport * SCOPE.comparedSupportShare);
    if (each) return each;
  }
  // "Chế độ báo cáo của QĐ 45 và KH 78 khác nhau thế nào": each compared document's clause on it, said which is which.
  if (compared && fact && c.agencies.length === 0) {
    const each = eachDocumentsClause(context, compared, fact.kinds, asked);
    if (each) return each;
  }
  // "Sở Tài chính có trách nhiệm gì trong tổ chức thực hiện": the clauses of that part that give the agency asked a role.
  const duties = fact?.rolesOf && c.agencies.length > 0 && !result.exactMatch ? sectionsNamingAgency(context, scoped, c.agencies) : [];
  // "Cơ quan nào lo bố trí kinh phí cho chương trình": who arranges the money, which the part on funding does not say.
  const framed = duties[0] ?? (fact?.ofWhole && c.agencies.length === 0 && (!who || fact.answersWho) && !result.exactMatch ? sectionOfFrame(context, fact.kinds, scoped) : undefined);
  let chosen = framed ?? (result.exactMatch ? hits[0]! : close[0]?.hit);
  if (!chosen) return refusal();
  // "… trên trang web nào": the match that prints a web address answers it, when it scores near and speaks to it.
  if (nameAsked && !framed && !result.exactMatch && !WEB_ADDRESS.test(textOf(chosen.id, chosen.kind))) {
    const best = chosen;
    const addressed = hits.find((hit) => hit.score >= best.score * SCOPE.nameNear && WEB_ADDRESS.test(textOf(hit.id, hit.kind)) && index.support(asked, hit.id) >= minSupport);
    if (addressed) chosen = addressed;
  }
  // One answer quotes one document: the chosen match's.
  const chosenDocument = splitQualifiedId(chosen.id).documentId;
  const sameDocument = hits.filter((hit) => splitQualifiedId(hit.id).documentId === chosenDocument);
  const namesHolder = (text: string) => snapshot.agencies.find(text).some((mention) => context.vocabulary.holders.has(mention.id));
  // Names one who acts, not only one something is sent to ("… gửi Bộ Khoa học và Công nghệ").
  const namesActor = (text: string) => {
    const folded = fold(text);
    return snapshot.agencies.find(text).some((mention) => context.vocabulary.holders.has(mention.id) && !RECIPIENT_FRAME.test(folded.slice(Math.max(0, mention.start - 60), mention.start)));
  };
  // A section that says what a task row says ("Thiết lập cơ chế kiểm tra …") cannot tell who leads it or by when:
  // the row can, when it scores close (above it, when the section prints a date or an agency).
  const field = c.fields[0];
  if (chosen.kind === 'section' && field && TASK_FIELDS.includes(field) && field !== 'funding') {
    const text = snapshot.section(chosen.id)?.text ?? '';
    const sectionAnswers = field === 'lead' || field === 'partners' ? namesHolder(text) : field === 'deadline' ? DATE_LIKE.test(text) : false;
    // A section that has a date or an agency of its own still yields to a row that scores above it; one that names
    // who does what, only to a row that also speaks to the question nearly as well.
    const rowShare = sectionAnswers ? 1 : SCOPE.rowForSection;
    const rowSupport = sectionAnswers && field !== 'deadline' ? Math.max(minSupport, index.support(asked, chosen.id) * SCOPE.rowForSectionSupport) : minSupport;
    const rows = sameDocument.filter((hit) => hit.kind === 'task' && hit.score >= chosen!.score * rowShare && index.support(asked, hit.id) >= rowSupport);
    // The agency the question names as lead picks among them.
    const row = rows.find((hit) => ledByAsked(snapshot.task(hit.id)!)) ?? rows[0];
    if (row) chosen = row;
  }

  if (chosen.kind === 'task') {
    let task = snapshot.task(chosen.id)!;
    const fields = c.fields.length > 0 ? c.fields : (['lead', 'deadline'] as Field[]);
    // "… có ở cả QĐ 45 và TB 56; hạn ở mỗi văn bản": each named document's row, said which is which.
    if (c.documents.length >= 2) {
      const each = eachDocumentsRow(context, [task.documentId, ...c.documents.filter((documentId) => documentId !== task.documentId)], [chosen, ...hits], asked, minSupport);
      if (each) return each;
    }
    // A row that prints the web address asked for is not tied with one that does not.
    const addressed = nameAsked && WEB_ADDRESS.test(task.content);
    // A row led by the agency the question names is not tied with one led by another.
    let rivals = result.exactMatch
      ? []
      : tiedTasks(context, task, chosen.score, hits, found, fields[0]!, asked, scoped).filter((rival) => (!addressed || WEB_ADDRESS.test(rival.content)) && (!ledByAsked(task) || ledByAsked(rival)));
    // "Chậm nhất ngày nào": of rows that tie, the one whose deadline is a day answers it.
    const dated = fields[0] === 'deadline' && DAY_ASKED.test(c.folded) ? [task, ...rivals].filter((row) => row.deadline.kind === 'date' && row.deadline.precision === 'day') : [];
    if (rivals.length > 0 && dated.length === 1) {
      task = dated[0]!;
      rivals = [];
    }
    if (rivals.length > 0) {
      const choices = [task, ...rivals];
      const crossDocument = choices.some((other) => other.documentId !== task.documentId);
      return makeReply('clarification', crossDocument ? 'which_document' : 'which_item', [M.clarifyChoices, ...taskList(context.compose, choices, {}, choices.length)].join('\n'), {
        citations: taskCitations(context, choices),
        buttons: choices.map((other) => ({ text: snapshot.cite(other), data: `${snapshot.cite(other)} ${context.text}` })),
      });
    }
    // "Những hệ thống nào …", "được hỗ trợ gì": a list asked is answered with the rows close to the best, not one.
    const asksList = c.list || LIST_OF_THINGS.test(c.folded);
    const widen = asksList ? RELATED.list : RELATED.one;
    const marked = markedSyllables(context.text);
    const best = hits.find((hit) => hit.id === itemKey(task)) ?? chosen;
    const related = sameDocument
      .filter((hit) => hit.kind === 'task' && hit.id !== best.id && hit.score >= best.score * widen.share && (!asksList || index.support(asked, hit.id) >= minSupport))
      .map((hit) => snapshot.task(hit.id)!)
      // A list gathers rows on the topic, each with words of its own; one row shown beside the best must mean the same.
      .filter((other) => asksList || !meantOtherwise(marked, other, task))
      .slice(0, widen.count);
    const lines = [taskAnswer(context.compose, task, fields, context.text)];
    if (related.length > 0) lines.push(`${M.relatedTasks}:`, ...related.map((other) => taskLine(context.compose, other)));
    return answered('task', lines.join('\n'), taskCitations(context, [task, ...related]));
  }
  if (chosen.kind === 'document') return metadataAnswer(context, { ...c, metaTopic: 'number' });

  // An agency's roles are each quoted whole: a role's clauses run on ("theo dõi, đôn đốc …; Tổng hợp nhu cầu kinh phí …").
  if (duties.length > 0) {
    const quoted = duties.map((hit) => snapshot.section(hit.id)!);
    const body = quoted.map((section) => `"${clip(withChildren(context, section).text.replace(/\n+/gu, ' '), DUTY_QUOTE)}"`);
    return answered('programme_text', [M.sectionIntro(where(context, quoted)), ...body].join('\n'), quoted.map((section) => ({ id: snapshot.cite(section), kind: 'section' as const })));
  }
  // The answer may sit in a sub-section ranked a little lower than its heading: read the passages of the best few.
  const namesAsked = (text: string) => namesAgency(context, text, c.agencies);
  const top = sameDocument.filter((hit) => hit.kind === 'section' && hit.score >= chosen.score * 0.6).slice(0, 4);
  // With an agency asked about, the sections close by that name it are read too ("3. Giao Sở Tài chính …").
  const naming = c.agencies.length > 0
    ? sameDocument.filter((hit) => hit.kind === 'section' && hit.score >= chosen.score * 0.4 && !top.includes(hit) && namesAsked(snapshot.section(hit.id)?.text ?? '')).slice(0, 2)
    : [];
  const sections = framed ? [framed] : [...top, ...naming];
  const chosenSections = sections.map((hit) => snapshot.section(hit.id)!);
  const candidates = chosenSections.map((section) => (chosenSections.some((other) => other.id.startsWith(`${section.id}.`)) ? section : withChildren(context, section)));
  const headings = headingsOf(context, chosenDocument ?? '');
  const which = WHICH_NAMED.exec(c.folded)?.[1];
  const nameAfter = which ? new RegExp(`\\b${which} \\p{Lu}`, 'u') : null;
  const namesOne = nameAfter ? (text: string) => nameAfter.test(foldKeepCase(text)) : null;
  const passages = bestPassagesWithSource(context.text, candidates, 2, index.idf, {
    wantsNumber: QUANTITY_CUE.test(c.folded),
    wantsDate: c.fields.includes('deadline') || WHEN_CUE.test(c.folded),
    headings,
    // The clause that names the agency asked about, or that holds a share when one is asked ("bao nhiêu %").
    // "Phường nào …": the clause that names one ("phường Phố Hiến"); "mấy sao": the one that counts in stars.
    ...(c.agencies.length > 0 || amountAsked || namesOne || countedIn
      ? { favoured: (text: string) => (c.agencies.length > 0 && namesAsked(text)) || (amountAsked && PERCENT.test(text)) || (namesOne?.(text) ?? false) || (countedIn?.test(fold(text)) ?? false) }
      : {}),
  });
  // A short section (an article, a one-paragraph item) is quoted whole: its clauses often form one list.
  const first = passages[0]?.section;
  if (first && first.text.length <= SHORT_SECTION) passages[0] = { text: first.text.replace(/\n/gu, ' '), section: first };
  if (passages.length === 0) {
    const only = candidates[0]!;
    return answered('programme_text', [M.sectionIntro(where(context, [only])), clip(only.text, 420)].join('\n'), [{ id: snapshot.cite(only), kind: 'section' }]);
  }
  // A "who" question quoted from a clause that does not name the agency ("…; Tổng hợp nhu cầu kinh phí …") gets
  // the section's clause that does ("Giao Sở Khoa học và Công nghệ chủ trì, …") in front of it.
  if (who && passages[0] && !namesActor(passages[0].text)) {
    const section = passages[0].section;
    const naming = sectionPassages(section.text).find(namesActor);
    if (naming && naming !== passages[0].text) passages.unshift({ text: naming, section });
  }
  // A clause that continues a sentence ("phổ cập, nâng cao kiến thức …") is shown with the clause before it, which
  // often holds the answer ("phát động … phong trào "học tập số"").
  else if (passages[0] && /^\p{Ll}/u.test(passages[0].text)) {
    const clauses = sectionPassages(passages[0].section.text);
    const at = clauses.indexOf(passages[0].text);
    if (at > 0 && !passages.some((passage) => passage.text === clauses[at - 1])) {
      passages[0] = { ...passages[0], text: `${clip(clauses[at - 1]!, 260)}; ${passages[0].text}` };
    }
  }
  // The heading of an agency's part ("1. Sở Khoa học và Công nghệ", "5. Các sở ngành liên quan, Viện …"): its
  // agencies' names are most of it, not a topic that names one ("Hỗ trợ chuyển đổi số doanh nghiệp").
  const namesOnlyAgencies = (heading: string) => {
    const mentions = snapshot.agencies.find(heading).filter((mention) => context.vocabulary.holders.has(mention.id));
    const named = mentions.reduce((sum, mention) => sum + mention.end - mention.start, 0);
    return heading.length <= OWNER_HEADING && named >= fold(heading).length * OWNER_SHARE;
  };
  // A clause under a heading that only names an agency ("1. Sở Khoa học và Công nghệ" › "a) Là cơ quan đầu mối …")
  // is that agency's, which the clause alone does not say: the agency is quoted with it.
  for (const [at, passage] of passages.entries()) {
    const owner = passage.section.path.slice(0, -1).reverse().map((heading) => heading.replace(OUTLINE_NUMBER, '')).find(namesOnlyAgencies);
    if (owner && !fold(passage.text).includes(fold(owner))) passages[at] = { ...passage, text: `${owner}: ${passage.text}` };
  }
  const targetSection = OBJECTIVE_CUE.test(c.folded) ? passages.find((passage) => OBJECTIVE_KINDS.has(passage.section.kind ?? ''))?.section : undefined;
  const targets = targetSection ? objectivesQuote(context, targetSection, c) : null;
  if (targets) {
    return answered('programme_text', [M.sectionIntro(where(context, targets.sections)), ...targets.body].join('\n'), targets.sections.map((section) => ({ id: snapshot.cite(section), kind: 'section' as const })));
  }
  const cited = [...new Set(passages.map((passage) => passage.section))];
  const body = passages.slice(0, 3).map((passage) => `"${clipAround(passage.text, context.text, 520)}"`);
  const due = c.window ? dueInQuarter(passages.map((passage) => passage.text), c.window) : null;
  if (due) body.push(M.dueInWindow(c.window!.label, due));
  // The row that carries out what the quoted text plans ("nền tảng đào tạo trực tuyến mở" → the row of the
  // courses), when one scores close and speaks to the question: who does it and by when, one line.
  // A row scored nearly as the section is shown with less support: a long story speaks less to the row's few words.
  const { score: rowShare, support: rowSupport, nearScore, nearSupport } = SCOPE.rowBesideSection;
  const beside = framed ? [] : sameDocument.filter((hit) => hit.kind === 'task' && hit.score >= chosen!.score * rowShare);
  // Measured with and without the home province named, as close matches are.
  const spoken = (hit: { id: string }, options?: { synonyms: boolean }) => Math.max(index.support(asked, hit.id, options), homeless ? index.support(homeless, hit.id, options) : 0);
  const speaks = (hit: { id: string }) => spoken(hit, { synonyms: true });
  // Of the rows that qualify, the one that speaks most to the question ("gắn mã QR" at relics, not a relics tour).
  // Support by the words themselves: synonyms say whether a row speaks, not how well.
  const carrying =
    mostSpoken(beside.filter((hit) => speaks(hit) >= Math.max(minSupport, rowSupport)), (hit) => spoken(hit)) ??
    beside.find((hit) => hit.score >= chosen!.score * nearScore && speaks(hit) >= nearSupport);
  // A reporting rule asked that a row prints as its deadline ("Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài
  // chính"): that row, when it speaks to the question, carries the rule.
  const reportingRow = fact?.kinds.includes('reporting') && !carrying ? rowPrintingReportRule(context, chosenDocument ?? '', asked) : undefined;
  const carryingTask = carrying ? snapshot.task(carrying.id) : reportingRow;
  if (carryingTask) body.push(`${M.relatedTasks}:`, taskLine(context.compose, carryingTask));
  const citations = [...cited.map((section) => ({ id: snapshot.cite(section), kind: 'section' as const })), ...(carryingTask ? taskCitations(context, [carryingTask]) : [])];
  return answered('programme_text', [M.sectionIntro(where(context, cited)), ...body].join('\n'), citations);
}

/** `folded` with each mention of `agencies` replaced by the agency's full name, folded. */
function namesSpelledOut(context: AnswerContext, folded: string, agencies: readonly string[]): string {
  if (agencies.length === 0) return folded;
  const { agencies: directory } = context.snapshot;
  let text = folded;
  for (const mention of directory.find(folded).filter((found) => agencies.includes(found.id)).sort((a, b) => b.start - a.start)) {
    const name = directory.byId(mention.id)?.name;
    if (name) text = `${text.slice(0, mention.start)}${fold(name)}${text.slice(mention.end)}`;
  }
  return text;
}

/** Of `rows` in score order, the one with the most support; of those within `SCOPE.supportTie` of it, the first. */
export function mostSpoken<T>(rows: readonly T[], support: (row: T) => number): T | undefined {
  const most = Math.max(...rows.map(support));
  return rows.find((row) => support(row) >= most - SCOPE.supportTie);
}

/** A deadline cell that states when to report: "định kỳ hằng quý báo cáo về Sở Tài chính". */
const REPORT_RULE = /\bbao cao\b/u;
/** Support a row printing a reporting rule needs to be shown beside the quoted rule. */
const REPORT_ROW_SUPPORT = 0.1;

/** The row of `documentId` whose deadline cell states a reporting rule and that speaks most to `asked`, if any does. */
function rowPrintingReportRule(context: AnswerContext, documentId: string, asked: string): Task | undefined {
  const rows = (context.snapshot.documentById.get(documentId)?.tasks ?? []).filter((task) => REPORT_RULE.test(fold(task.deadline.text)));
  const [best] = bySupport(context, asked, rows);
  return best && best.support >= REPORT_ROW_SUPPORT ? best.task : undefined;
}

/** A rule that sets a day of each quarter ("trước ngày 10 tháng cuối Quý"), as the text prints it. */
const DUE_IN_QUARTER = /trước ngày (\d{1,2}) (?:của )?tháng cuối (?:của )?quý/iu;

/**
 * "Hạn gửi báo cáo quý này là ngày nào": the day a quoted rule sets, in the quarter the question names (a window of
 * exactly one quarter), as a date ("10/12/2026"); null when no quoted passage sets one.
 */
function dueInQuarter(texts: readonly string[], window: DateWindow): string | null {
  const day = texts.map((text) => DUE_IN_QUARTER.exec(text)?.[1]).find(Boolean);
  const [fromYear, fromMonth] = window.from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = window.to.split('-').map(Number) as [number, number];
  const oneQuarter = fromYear === toYear && fromMonth % 3 === 1 && toMonth === fromMonth + 2;
  if (!day || !oneQuarter) return null;
  return `${day.padStart(2, '0')}/${String(toMonth).padStart(2, '0')}/${toYear}`;
}

/**
 * A question about targets answered from a section of targets: with a year named, that year's section whole (its
 * list of targets); with several, each of theirs; without one, the same target in every year the sections give
 * ("a) Đến hết năm 2025: ≥ 30% …",
 * "b) Đến hết năm 2030: ≥ 60% …"), one clause each in the document's order. Null when the section is no target.
 */
function objectivesQuote(context: AnswerContext, section: Section, c: Classification): { sections: Section[]; body: string[] } | null {
  const { snapshot } = context;
  if (!OBJECTIVE_KINDS.has(section.kind ?? '')) return null;
  const document = snapshot.documentById.get(section.documentId);
  if (!document) return null;
  const parentId = section.id.includes('.') ? section.id.slice(0, section.id.lastIndexOf('.')) : null;
  const siblings = parentId ? document.sections.filter((other) => other.id.startsWith(`${parentId}.`) && !other.id.slice(parentId.length + 1).includes('.')) : [];
  // "Đến 2025 và 2030": each year's section that its heading names, whole.
  const years = new Set(c.folded.match(/\b(?:19|20)\d\d\b/gu) ?? []);
  const ofYears = years.size >= 2 ? siblings.filter((sibling) => [...years].some((year) => sibling.heading.includes(year))) : [];
  if (ofYears.length >= 2) {
    return { sections: ofYears, body: ofYears.map((sibling) => `"${clip(withChildren(context, sibling).text.replace(/\n+/gu, ' '), OBJECTIVE_QUOTE / 2)}"`) };
  }
  const yearNamed = years.size > 0;
  if (yearNamed || siblings.length < 2) {
    const whole = withChildren(context, section);
    return { sections: [section], body: [`"${clip(whole.text.replace(/\n+/gu, ' '), OBJECTIVE_QUOTE)}"`] };
  }
  const byYear = siblings
    .map((sibling) => ({ sibling, best: bestPassagesWithSource(context.text, [withChildren(context, sibling)], 1, snapshot.index.idf, { wantsNumber: true })[0] }))
    .filter((entry): entry is { sibling: Section; best: NonNullable<typeof entry.best> } => entry.best !== undefined && /\d/u.test(entry.best.text))
    .slice(0, YEARS_SHOWN);
  if (byYear.length < 2) return null;
  return {
    sections: byYear.map((entry) => entry.sibling),
    body: byYear.map((entry) => {
      const heading = entry.sibling.heading.trim();
      const text = entry.best.text.startsWith(heading) ? entry.best.text : `${heading}: ${entry.best.text}`;
      return `"${clip(text.replace(/\n+/gu, ' '), 300)}"`;
    }),
  };
}

/** Built once per loaded document (a snapshot's documents do not change). */
const HEADINGS = new WeakMap<DocumentKnowledge, ReadonlySet<string>>();
const NO_HEADINGS: ReadonlySet<string> = new Set();

/**
 * The headings of a document that announce something (a section with sections under it, or with text of its own
 * after the heading): quoted alone, they answer nothing. A one-line item's heading is its content.
 */
function headingsOf(context: AnswerContext, documentId: string): ReadonlySet<string> {
  const document = context.snapshot.documentById.get(documentId);
  if (!document) return NO_HEADINGS;
  let headings = HEADINGS.get(document);
  if (!headings) {
    const parents = new Set(document.sections.map((section) => (section.id.includes('.') ? section.id.slice(0, section.id.lastIndexOf('.')) : '')));
    headings = new Set(document.sections.filter((section) => parents.has(section.id) || section.text.trim() !== section.heading.trim()).map((section) => headingKey(section.heading)));
    HEADINGS.set(document, headings);
  }
  return headings;
}

/** A section's kind, or the nearest enclosing section's ("IV.3" is in "IV. Tổ chức thực hiện"). */
function kindWithin(context: AnswerContext, key: string): SectionKind | undefined {
  const { documentId, localId } = splitQualifiedId(key);
  for (let at = localId; at !== ''; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : '') {
    const kind = context.snapshot.section(documentId ? `${documentId}:${at}` : at)?.kind;
    if (kind) return kind;
  }
  return undefined;
}

/**
 * The document's own part of one of `kinds` ("III. Kinh phí thực hiện"), as a match: in the documents the question
 * names, else in the deployment's own (the primary document first); the top-most such part.
 */
function sectionOfFrame(context: AnswerContext, kinds: readonly SectionKind[], scoped: boolean): { id: string; kind: 'section'; score: number } | undefined {
  const { snapshot } = context;
  const inScope = documentsInScope(context);
  const documents = scoped ? inScope : [...inScope].sort((a, b) => Number(b.id === snapshot.profile.primaryDocument) - Number(a.id === snapshot.profile.primaryDocument));
  for (const kind of kinds) {
    for (const document of documents) {
      const part = topSectionOfKind(document, kind);
      if (part) return { id: itemKey(part), kind: 'section', score: 1 };
    }
  }
  return undefined;
}

/**
 * The sections of a document's part on organising the work whose own text gives one of `agencies` a role (not only
 * something sent to it), in document order: in the documents the question names, else the deployment's own.
 */
function sectionsNamingAgency(context: AnswerContext, scoped: boolean, agencies: readonly string[]): Array<{ id: string; kind: 'section'; score: number }> {
  const { snapshot } = context;
  const givesRole = (text: string) => {
    const folded = fold(text);
    return snapshot.agencies.find(text).some((mention) => agencies.includes(mention.id) && !RECIPIENT_FRAME.test(folded.slice(Math.max(0, mention.start - 60), mention.start)));
  };
  const inScope = documentsInScope(context);
  const documents = scoped ? inScope : [...inScope].sort((a, b) => Number(b.id === snapshot.profile.primaryDocument) - Number(a.id === snapshot.profile.primaryDocument));
  for (const document of documents) {
    const naming = document.sections.filter((section) => section.kind === 'organisation' && givesRole(section.text));
    if (naming.length > 0) return naming.slice(0, DUTY_SECTIONS).map((section) => ({ id: itemKey(section), kind: 'section' as const, score: 1 }));
  }
  return [];
}

/**
 * The best row of each of `documentIds` in `ranked` that speaks to the question, each under its document's name;
 * null unless two documents have one.
 */
function eachDocumentsRow(
  context: AnswerContext,
  documentIds: readonly string[],
  ranked: ReadonlyArray<{ id: string; kind: string; score: number }>,
  asked: string,
  minSupport: number,
): Reply | null {
  const { snapshot } = context;
  const c = context.classification!;
  const fields = c.fields.length > 0 ? c.fields : (['lead', 'deadline'] as Field[]);
  const each = documentIds
    .map((documentId) => ranked.find((hit) => hit.kind === 'task' && splitQualifiedId(hit.id).documentId === documentId && snapshot.index.support(asked, hit.id) >= minSupport))
    .filter((hit): hit is { id: string; kind: string; score: number } => hit !== undefined)
    .map((hit) => snapshot.task(hit.id)!);
  if (each.length < 2) return null;
  const lines = each.flatMap((one) => [M.inDocument(documentShortName(snapshot.documentById.get(one.documentId)!.document)), taskAnswer(context.compose, one, fields, context.text)]);
  return answered('task', lines.join('\n'), taskCitations(context, each));
}

/**
 * The clause of each of `documents` that best answers the question among its sections of `kinds` (and theirs),
 * each quoted under its section; null unless two documents have one.
 */
function eachDocumentsClause(context: AnswerContext, documents: readonly DocumentKnowledge[], kinds: readonly SectionKind[], asked: string): Reply | null {
  const { snapshot } = context;
  const c = context.classification!;
  // What the clause must speak to: not the places and numbers that said which documents ("tỉnh X", "78").
  const naming = new Set([...c.places.flatMap((place) => fold(place).split(' ')), ...documents.map((document) => document.id)]);
  const question = withoutComparing(fold(asked)).split(' ').filter((word) => !naming.has(word)).join(' ');
  const quoted = documents
    .map((document) => {
      const sections = document.sections.filter((section) => kinds.includes(kindWithin(context, itemKey(section)) as SectionKind));
      return bestPassagesWithSource(question, sections, 1, snapshot.index.idf, {
        wantsDate: kinds.includes('reporting') || c.fields.includes('deadline') || WHEN_CUE.test(c.folded),
        headings: headingsOf(context, document.id),
      })[0];
    })
    .filter((passage) => passage !== undefined);
  if (quoted.length < 2) return null;
  const lines = quoted.flatMap((passage) => [M.sectionIntro(where(context, [passage.section])), `"${clipAround(passage.text, context.text, 520)}"`]);
  return answered('programme_text', lines.join('\n'), quoted.map((passage) => ({ id: snapshot.cite(passage.section), kind: 'section' as const })));
}

/** "mục II.A.3 của QĐ 101/QĐ-UBND". */
function where(context: AnswerContext, sections: readonly Section[]): string {
  const document = context.snapshot.documentById.get(sections[0]!.documentId);
  return M.sectionOf(sections.map((section) => section.id).join(', '), document ? documentShortName(document.document) : null);
}


/** The question without the deployment's own province, named in full or by an unframed name of the knowledge. */
function withoutHomePlace(context: AnswerContext, query: string): string {
  const { homePlace } = context.snapshot;
  const places = context.vocabulary.places;
  const folded = fold(query);
  const mentions = [...places.find(folded), ...places.findUnframed(folded, (place) => place.current === homePlace)].filter((mention) => mention.place.current === homePlace);
  const home = new Set(mentions.flatMap((mention) => folded.slice(mention.start, mention.end).split(/\s+/u)).filter(Boolean));
  const rest = query.split(' ').filter((word) => word !== '' && !home.has(fold(word)));
  return rest.length > 0 ? rest.join(' ') : query;
}

/**
 * `query` without the words that named its documents ("kh", "hà nội", "cchc"; with `titles`, also their titles'
 * words: "kết luận phiên họp thứ năm của Ban Chỉ đạo"), unless nothing else is left.
 */
function withoutNamingWords(context: AnswerContext, query: string, titles = false): string {
  const naming = new Set([...context.vocabulary.deploymentWords, ...KIND_ABBREVIATIONS]);
  for (const document of documentsInScope(context)) {
    for (const initialism of initialisms(document.document.title)) naming.add(initialism);
    if (titles) for (const word of tokenize(document.document.title, { stopwords: 'all' }).unigrams) naming.add(word);
  }
  const rest = query.split(' ').filter((word) => word !== '' && !naming.has(word));
  return rest.length > 0 ? rest.join(' ') : query;
}

/** The sub-sections of a section that is only a heading ("6. Đẩy mạnh chuyển đổi số …"): what it says is theirs. */
function childrenOfHeading(context: AnswerContext, section: Section): Section[] {
  if (section.text.trim() !== section.heading.trim()) return [];
  const prefix = `${section.id}.`;
  return context.snapshot.documentById.get(section.documentId)?.sections.filter((other) => other.id.startsWith(prefix)) ?? [];
}

/**
 * A section that is only its heading ("1. Mục tiêu đến hết năm 2026") read with the sections under it, which say
 * what it announces; any other section as it is.
 */
function withChildren(context: AnswerContext, section: Section): Section {
  const children = childrenOfHeading(context, section);
  return children.length === 0 ? section : { ...section, text: [section.text, ...children.map((child) => child.text)].join('\n') };
}

/** The cited ids of a matched heading's sub-sections, which speak for it (none for a task or a section with text). */
function headingChildren(context: AnswerContext, hit: { id: string; kind: string }): string[] {
  const section = hit.kind === 'section' ? context.snapshot.section(hit.id) : undefined;
  return section ? childrenOfHeading(context, section).map((child) => itemKey(child)) : [];
}

/**
 * Tasks that fit the question as well as `task` yet answer it differently (another lead for "ai chủ trì", another
 * deadline for "khi nào"): two rows about the same thing in one document, or one in each of two documents when
 * the question names neither. Then the person is asked which one, instead of being told one of them in silence.
 */
function tiedTasks(
  context: AnswerContext,
  task: Task,
  score: number,
  hits: ReadonlyArray<{ id: string; kind: string; score: number }>,
  unweighted: ReadonlyArray<{ id: string; kind: string; score: number }>,
  field: Field,
  asked: string,
  scoped: boolean,
): Task[] {
  const { snapshot, snapshot: { index } } = context;
  const support = index.support(asked, itemKey(task));
  const strong = (other: Task) => index.support(asked, itemKey(other)) >= Math.max(SCOPE.minSupport, support * TIE.support);
  const marked = markedSyllables(context.text);
  const differs = (other: Task) => answerOf(other, field) !== answerOf(task, field) && !meantOtherwise(marked, other, task);
  const out: Task[] = [];
  for (const hit of hits) {
    if (hit.kind !== 'task' || hit.id === itemKey(task) || hit.score < score * TIE.score) continue;
    const other = snapshot.task(hit.id);
    if (other && other.documentId === task.documentId && differs(other) && strong(other)) out.push(other);
  }
  // Across documents the priors are set aside: a row of another document that matches as well on its own.
  if (!scoped && support >= TIE.crossSupport) {
    const raw = new Map(unweighted.map((hit) => [hit.id, hit.score]));
    const own = raw.get(itemKey(task)) ?? 0;
    for (const hit of unweighted) {
      if (hit.kind !== 'task' || hit.score < own * TIE.crossScore) continue;
      const other = snapshot.task(hit.id);
      if (!other || other.documentId === task.documentId || out.some((known) => known.documentId === other.documentId)) continue;
      // The same thing in both documents: each row's text is mostly the other's, not just the question's words.
      const same = Math.min(index.support(task.content, hit.id), index.support(other.content, itemKey(task))) >= TIE.sameThing;
      if (same && differs(other) && index.support(asked, hit.id) >= TIE.crossSupport) out.push(other);
    }
  }
  return out.slice(0, TIE.choices - 1);
}

/**
 * Typed with its marks, a question tells "lập quỹ" from "lập quy hoạch": a row it matches only once folded more
 * often than the best is not the best's equal, nor related to it.
 */
function meantOtherwise(marked: ReadonlySet<string> | null, other: Task, best: Task): boolean {
  return marked !== null && accentClashes(marked, other.content) > accentClashes(marked, best.content);
}

/** What a task answers for a field, compared between rows (case and spacing aside). */
function answerOf(task: Task, field: Field): string {
  const value = field === 'lead' ? task.lead?.text : field === 'partners' ? task.partners?.text : field === 'deadline' ? task.deadline.text : field === 'funding' ? task.funding : field === 'result' ? task.result : task.content;
  return fold(value ?? '').replace(/\s+/gu, ' ').trim();
}

/** What is asked of a thing pointed back at ("cái đó thì sao"), after a pointer that also begins a compound word. */
const ASKED_OF_POINTED = /^(?:(?:sao|the nao|ra sao|nhu the nao)\b|$)/u;

/** `query` without the words that point back ("việc này", "nhiệm vụ đó"): they name what was said, not a topic. */
function withoutPointers(query: string): string {
  const rest = query
    .replace(/\b(viec|nhiem vu|cai|van de|chuyen|noi dung) (nay|do|ay|kia|tren)\b/gu, ' ')
    .split(' ')
    // Folded, "đô thị …" is "đó thì …": the pointer stays a word of the compound unless the rest asks of it.
    .filter((word, index, words) => word !== '' && (!REFERRING_WORDS.has(word) || (isStopwordCompound(word, words[index + 1]) && !ASKED_OF_POINTED.test(words.slice(index + 2).join(' ')))));
  return rest.length > 0 ? rest.join(' ') : query;
}
