/**
 * What the question reader knows of the loaded knowledge, built once per snapshot: the agency directory, the task
 * references of the loaded id and code schemes, the places, and the ways a person names a loaded document — by
 * kind and number ("kế hoạch 45", "QĐ 1234"), by number alone ("101 do ai ký"), by kind and issuer ("thông báo của
 * Văn phòng Chính phủ"), by kind and place ("kế hoạch của tỉnh Bắc Trung"), or by kind and title words ("kế hoạch 5G").
 */
import { codePrefixesOf, createReferenceParser, type ReferenceParser } from '../documents/references.ts';
import type { AgencyDirectory } from '../knowledge/agencies.ts';
import type { Place, Places } from '../knowledge/places.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { initialisms, tokenize } from '../text/tokenize.ts';
import { fold } from '../text/vietnamese.ts';

export interface DocumentMention {
  documentId: string;
  start: number;
  end: number;
  /** Named by its number ("kế hoạch 45", "101"): the words that named it are not part of the question's topic. */
  byNumber: boolean;
}

export interface Vocabulary {
  agencies: AgencyDirectory;
  references: ReferenceParser;
  places: Places;
  /** Loaded documents a (folded) question names, in order. */
  namedDocuments(folded: string): DocumentMention[];
  /**
   * Where a (folded) question repeats a run of at least TITLE_RUN words of the document's title ("đề án chuyển đổi
   * số trong hoạt động xây dựng, quản lý …"): words that say which document, not what is asked of it.
   */
  titleRuns(folded: string, documentId: string): Array<{ start: number; end: number }>;
  /** True when a loaded document is about this place (or it is the deployment's own). */
  coveredPlace(place: Place): boolean;
  /** Words that name the deployment or its documents and so never narrow a question to a topic ("hưng yên", "101"). */
  readonly deploymentWords: ReadonlySet<string>;
  /**
   * Agencies a task of a loaded document names (lead, partner, follow-up), with their former names: only these are
   * what a question is about; any other agency a question names ("gửi Bộ KH&CN") is part of its topic.
   */
  readonly holders: ReadonlySet<string>;
  /** Per loaded document, the agencies its issuer line names ("Văn phòng Chính phủ" of a TB …/TB-VPCP). */
  readonly issuers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Loaded documents of no place (a ministry's, the Government's): "NHNN" in them is the State Bank, not a branch. */
  readonly centralDocuments: ReadonlySet<string>;
}

/**
 * Words nearly every programme document's title has ("phát triển", "chuyển đổi số", "giai đoạn"): a title is
 * recognised by the words that set it apart, never by these.
 */
const TITLE_GENERIC = new Set([
  'chuyen', 'doi', 'so', 'phat', 'trien', 'khoa', 'hoc', 'cong', 'nghe', 'ke', 'hoach', 'chuong', 'trinh', 'tinh', 'thanh', 'pho', 'nam',
  'giai', 'doan', 'tam', 'nhin', 'den', 'quyet', 'dinh', 'ban', 'hanh', 've', 'cua', 'va', 'cac', 'trong', 'thuc', 'hien', 'trien', 'khai',
  'sang', 'tao', 'nhiem', 'vu', 'de', 'an', 'thong', 'bao', 'nay', 'tren', 'dia', 'giong', 'nhu', 'theo',
]);

/** Consecutive words of a title a question must repeat for them to name the document rather than a topic. */
const TITLE_RUN = 6;

const FULL_NUMBER = /(?<![\p{L}\p{N}])\d{1,6}\/[\p{L}\p{N}&-]+(?:\/[\p{L}\p{N}&-]+)*/gu;
/** Kind words that may stand for a document of any kind ("văn bản", "chương trình" of a decision or a plan). */
const ANY_KIND: ReadonlySet<string> = new Set(['van ban', 'chuong trinh']);
/** Kind abbreviations people type, in full as documents print them. */
const KIND_IN_FULL: Record<string, string> = { qd: 'quyet dinh', kh: 'ke hoach', tb: 'thong bao', cv: 'cong van', nq: 'nghi quyet' };
const KIND_WORDS = '(?:quyet dinh|qd|ke hoach|kh|thong bao|tb|cong van|cv|nghi quyet|nq|chi thi|de an|van ban|chuong trinh)';

/** "Quyết định 2820 phê duyệt …": a kind word with its number names that document (by number), not one by its words. */
const NUMBER_FOLLOWS = /^\s*(?:so\s*)?\d+(?![\d\p{L}])/u;
/** "Chương trình được xây dựng căn cứ …": what is said of the document, not words of its title. */
const PASSIVE_FOLLOWS = /^\s*(?:da |se )?duoc\b/u;
/** "Đề án đó", "kế hoạch này": a document pointed at, whatever words follow; which one is the conversation's. */
const POINTER_FOLLOWS = /^\s*(?:do|nay|ay|kia|tren)\b/u;
/** "Xây dựng kế hoạch đào tạo …" is a plan a task will write, not a loaded one named by its words. */
const WRITING_VERB_BEFORE = /\b(?:xay dung|ban hanh|lap|soan thao|du thao)\s*$/u;

export function buildVocabulary(snapshot: KnowledgeSnapshot): Vocabulary {
  const references = createReferenceParser({
    codePrefixes: codePrefixesOf(snapshot.tasks.map((task) => task.code)),
    documentIds: snapshot.documents.map((document) => document.id),
  });
  const covered = new Set([snapshot.homePlace, ...snapshot.documents.map((document) => snapshot.placeOf(document.id))].filter((name): name is string => Boolean(name)));
  const byNumber = new Map<string, string[]>();
  for (const document of snapshot.documents) {
    const digits = document.document.number ? /^(\d+)/u.exec(document.document.number)?.[1] : undefined;
    for (const key of new Set([digits ? String(Number(digits)) : undefined, document.id].filter((key): key is string => Boolean(key)))) {
      byNumber.set(key, [...(byNumber.get(key) ?? []), document.id]);
    }
  }
  const fullNumbers = new Map<string, string[]>();
  for (const document of snapshot.documents) {
    if (!document.document.number) continue;
    const key = fold(document.document.number);
    fullNumbers.set(key, [...(fullNumbers.get(key) ?? []), document.id]);
  }
  const numbered = new RegExp(`(?<![\\p{L}\\p{N}])${KIND_WORDS}\\s*(?:so\\s*)?(\\d{2,6})(?![\\p{N}/])`, 'gu');
  const bareNumber = /(?<![\p{L}\p{N}/.,:%])(\d{3,6})(?![\p{N}/%:]|[.,]\d|\s*%)/gu;
  const kindBefore = new RegExp(`(?<![\\p{L}\\p{N}])${KIND_WORDS}\\s*(?:so\\s*)?$`, 'u');
  const kindThen = new RegExp(`(?<![\\p{L}\\p{N}])${KIND_WORDS}\\b`, 'gu');
  const titleWords = snapshot.documents.map((document) => ({
    id: document.id,
    words: new Set(tokenize(document.document.title, { stopwords: 'all' }).unigrams),
    initialisms: new Set(initialisms(document.document.title)),
    // What the document is, and what its title says it is or approves ("… phê duyệt Đề án …").
    kinds: fold(`${document.document.type} ${document.document.title}`),
  }));
  const issuers = snapshot.documents.map((document) => ({ id: document.id, agencies: new Set(snapshot.agencies.find(document.document.issuer, 'central').map((mention) => mention.id)) }));
  const deploymentWords = new Set<string>([
    ...fold(snapshot.profile.province).split(' '),
    ...snapshot.documents.map((document) => document.id),
    ...snapshot.documents.flatMap((document) => (document.document.place ? fold(document.document.place).split(' ') : [])),
  ]);

  let foldedTexts: Map<string, string> | null = null;
  /** True when a document other than `documentId` has `phrase` in its tasks or sections. */
  function mentionedElsewhere(phrase: string, documentId: string): boolean {
    foldedTexts ??= new Map(
      // Punctuation as the question's words are read (without it): "kế hoạch đào tạo, phát triển" is the phrase typed.
      snapshot.documents.map((document) => [
        document.id,
        fold([...document.tasks.map((task) => task.content), ...document.sections.map((section) => section.text)].join('\n')).replace(/[^\p{L}\p{N}\n]+/gu, ' '),
      ]),
    );
    return [...foldedTexts].some(([id, text]) => id !== documentId && text.includes(phrase));
  }

  function namedDocuments(folded: string): DocumentMention[] {
    const found: DocumentMention[] = [];
    const add = (ids: readonly string[], start: number, end: number, numbered = false) => {
      for (const documentId of ids) if (!found.some((other) => other.documentId === documentId)) found.push({ documentId, start, end, byNumber: numbered });
    };
    // "56/TB-VPCP" written out: the whole number, so its letters never read as an agency ("VPCP").
    // "TB 624/TB-VPCP": the kind word before it names the document too.
    for (const match of folded.matchAll(FULL_NUMBER)) {
      const ids = fullNumbers.get(match[0]);
      const kind = kindBefore.exec(folded.slice(Math.max(0, match.index - 24), match.index));
      if (ids) add(ids, match.index - (kind?.[0].length ?? 0), match.index + match[0].length, true);
    }
    for (const match of folded.matchAll(numbered)) add(byNumber.get(String(Number(match[1]))) ?? [], match.index, match.index + match[0].length, true);
    for (const match of folded.matchAll(bareNumber)) {
      const ids = byNumber.get(String(Number(match[1])));
      if (ids && !/^20\d\d$/u.test(match[1]!)) add(ids, match.index, match.index + match[0].length, true);
    }
    // A kind word followed by what identifies one document: its place, its issuer, or words of its title.
    for (const match of folded.matchAll(kindThen)) {
      const after = folded.slice(match.index + match[0].length, match.index + match[0].length + 80);
      if (NUMBER_FOLLOWS.test(after) || PASSIVE_FOLLOWS.test(after) || POINTER_FOLLOWS.test(after) || WRITING_VERB_BEFORE.test(folded.slice(Math.max(0, match.index - 24), match.index))) continue;
      const place = snapshot.places.find(`cua ${after}`).concat(snapshot.places.find(after))[0];
      if (place) {
        const ids = snapshot.documents.filter((document) => snapshot.placeOf(document.id) === place.place.current).map((document) => document.id);
        // A place named with the kind settles which documents it can be: none of another place's.
        if (ids.length > 0) add(ids, match.index, match.index + match[0].length);
        continue;
      }
      const issuer = snapshot.agencies.find(after.split(' ').slice(0, 8).join(' '), 'central')[0];
      if (issuer) {
        const ids = issuers.filter((entry) => entry.agencies.has(issuer.id)).map((entry) => entry.id);
        if (ids.length === 1) {
          add(ids, match.index, match.index + match[0].length);
          continue;
        }
      }
      const words = tokenize(after.split(' ').slice(0, 7).join(' '), { stopwords: 'all' }).unigrams.filter((word) => !TITLE_GENERIC.has(word) && !deploymentWords.has(word));
      const kind = KIND_IN_FULL[match[0]] ?? match[0];
      const scored = titleWords
        .map((entry) => ({
          id: entry.id,
          hits: words.filter((word) => entry.words.has(word) || entry.initialisms.has(word)),
          // A number or an initialism of the title's words ("5g", "cchc") says more than a common word.
          rare: words.filter((word) => (entry.words.has(word) && /\d/u.test(word)) || entry.initialisms.has(word)).length,
        }))
        .filter((entry) => entry.hits.length >= 2 || entry.rare > 0)
        .sort((a, b) => b.hits.length + b.rare - (a.hits.length + a.rare));
      const best = scored[0];
      if (!best || (scored.length > 1 && best.hits.length + best.rare <= scored[1]!.hits.length + scored[1]!.rare)) continue;
      // "Chương trình có nói sẽ phủ 5G …" says what the programme does; a title names it from its first word on.
      if (!best.hits.includes(words[0]!)) continue;
      // "Đề án … khu công nghệ cao" is not the plan about high-tech parks: the kind typed must be the document's.
      const entry = titleWords.find((candidate) => candidate.id === best.id)!;
      if (!ANY_KIND.has(kind) && !new RegExp(`\\b${kind}\\b`, 'u').test(entry.kinds)) continue;
      // "Kế hoạch phát triển khu công nghiệp" may be a task of another document (a plan to be written), not a
      // loaded plan named by its title words.
      const afterWords = after.trim().split(' ').slice(0, 7);
      const lastHit = afterWords.reduce((last, word, at) => (best.hits.includes(word) ? at : last), 0);
      const phrase = `${kind} ${afterWords.slice(0, lastHit + 1).join(' ')}`;
      if (mentionedElsewhere(phrase, best.id)) continue;
      add([best.id], match.index, match.index + match[0].length);
    }
    return found.sort((a, b) => a.start - b.start);
  }

  const holders = new Set<string>();
  for (const task of snapshot.tasks) {
    for (const cell of [task.lead, task.partners, task.followUp]) for (const id of snapshot.agencies.namedIds(cell)) holders.add(id);
  }
  for (const agency of snapshot.agencies.agencies) if (agency.successor && holders.has(agency.successor.id)) holders.add(agency.id);

  const titleSequences = new Map(snapshot.documents.map((document) => [document.id, ` ${fold(document.document.title).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `]));
  function titleRuns(folded: string, documentId: string): Array<{ start: number; end: number }> {
    const title = titleSequences.get(documentId);
    if (!title) return [];
    const words = [...folded.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => ({ text: match[0], start: match.index, end: match.index + match[0].length }));
    const runs: Array<{ start: number; end: number }> = [];
    for (let at = 0; at < words.length; ) {
      let end = at;
      while (end < words.length && title.includes(` ${words.slice(at, end + 1).map((word) => word.text).join(' ')} `)) end += 1;
      if (end - at >= TITLE_RUN) runs.push({ start: words[at]!.start, end: words[end - 1]!.end });
      at = Math.max(end, at + 1);
    }
    return runs;
  }

  return {
    holders,
    titleRuns,
    centralDocuments: new Set(snapshot.documents.filter((document) => !document.document.place).map((document) => document.id)),
    issuers: new Map(issuers.map((entry) => [entry.id, entry.agencies])),
    agencies: snapshot.agencies,
    references,
    places: snapshot.places,
    namedDocuments,
    coveredPlace: (place) => covered.has(place.current),
    deploymentWords,
  };
}
