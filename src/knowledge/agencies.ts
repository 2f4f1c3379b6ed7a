/**
 * The one agency directory of the loaded knowledge, for questions, officials and administrators alike: the
 * gazetteer's agencies and every agency the loaded documents name, merged by id (a document's printed forms and
 * derived abbreviations become aliases). It finds agencies in text, resolves a name to one agency (exactly, or
 * by edit distance for a misspelling, refusing when two fit), and tells which agencies a task cell designates.
 */
import { gazetteerMatcher } from '../documents/agencies/directory.ts';
import type { Gazetteer } from '../documents/agencies/gazetteer.ts';
import { createAgencyMatcher, type AgencyAnalysis, type AgencyMention } from '../documents/agencies/matcher.ts';
import type { Agency, AgencyCell, DocumentKnowledge } from '../documents/types.ts';
import { editDistance } from '../text/spelling.ts';
import { fold } from '../text/vietnamese.ts';

export type { AgencyMention } from '../documents/agencies/matcher.ts';

/** The collective assignee "Các sở, ban, ngành, đơn vị, địa phương": every agency. */
export const ALL_AGENCIES_ID = 'tat-ca';
/** "Các cơ quan, đơn vị liên quan": the related agencies, not named. */
export const RELATED_AGENCIES_ID = 'lien-quan';

/** Why a name could not be resolved to one agency, with the candidates to offer. */
export class UnknownAgencyError extends Error {
  constructor(
    readonly given: string,
    /** Canonical names of the closest agencies, best first (may be empty). */
    readonly closeMatches: string[],
    /** `holds_no_task`: the directory knows the agency, but no loaded task names it. */
    readonly reason: 'unknown' | 'ambiguous' | 'holds_no_task' = 'unknown',
  ) {
    super(
      reason === 'ambiguous'
        ? `Tên cơ quan "${given}" khớp với nhiều cơ quan (ambiguous agency "${given}"): ${closeMatches.join('; ')}.`
        : reason === 'holds_no_task'
          ? `Cơ quan "${given}" không được giao nhiệm vụ nào trong các văn bản đã nạp (agency holds no task)` +
            (closeMatches.length > 0 ? `. Có phải: ${closeMatches.join('; ')}?` : '.')
          : `Không tìm thấy cơ quan "${given}" trong danh mục (unknown agency "${given}")` +
            (closeMatches.length > 0 ? `. Có phải: ${closeMatches.join('; ')}?` : '. Dùng tên đầy đủ, ví dụ "Sở Y tế".'),
    );
    this.name = 'UnknownAgencyError';
  }
}

export interface AgencyDirectory {
  readonly agencies: readonly Agency[];
  byId(id: string): Agency | undefined;
  /** Agencies mentioned in `text` (any alias, with or without diacritics), in order of appearance, each once. */
  find(text: string, prefer?: Agency['level']): AgencyMention[];
  analyse(text: string, prefer?: Agency['level']): AgencyAnalysis;
  /**
   * The one agency (kind 'agency', its successor for a former one) a name designates: an exact alias, the only
   * agency the matcher finds in it, or the only one within a small edit distance ("sở tài chín"). Throws
   * UnknownAgencyError naming the candidates when none or several fit.
   */
  resolve(name: string): Agency;
  /** Like `resolve`, null instead of an error. */
  tryResolve(name: string): Agency | null;
  /**
   * Agencies (kind 'agency') named in a folded text with a typing slip ("so tai chin"): a run of its words that
   * starts with a name's first word and is within one edit (two for long names) of the name. For questions that
   * `find` read no agency in.
   */
  findApproximate(folded: string): AgencyMention[];
  /** True when the cell names every agency. */
  isCollective(cell: AgencyCell | null): boolean;
  /** The agency ids a cell names, each former agency also standing for its successor. */
  namedIds(cell: AgencyCell | null): Set<string>;
  /** Canonical name for display; the id itself when the knowledge no longer knows it. */
  displayName(id: string): string;
}

function key(text: string): string {
  return fold(text).replace(/[.,;:()"“”]/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/** Words that say what kind of body a name is, not which one ("sở", "ban"): they do not make two names close. */
const GENERIC_WORDS = new Set(['so', 'ban', 'va', 'tinh', 'thanh', 'pho', 'bo', 'cac', 'uy', 'nhan', 'dan', 'co', 'quan']);

/** An all-capitals run that abbreviates words ("VHTTDL", "KH&CN", "TT&TT"). */
const INITIALISM = /^[\p{Lu}][\p{Lu}&,-]{2,}$/u;

/**
 * Agencies printed with an initialism ("Trung tâm Chuyển đổi số VHTTDL") also answer to its words ("… Văn hóa,
 * Thể thao và Du lịch"), learned from the agencies known both ways ("Sở VHTTDL" is "Sở Văn hóa, Thể thao và Du
 * lịch"): a question writes the name out in full where the table abbreviated it.
 */
function withExpandedInitialisms(agencies: Agency[]): Agency[] {
  const expansions = new Map<string, string>();
  const compact = (initialism: string) => initialism.replace(/[&,-]/gu, '');
  for (const agency of agencies) {
    for (const alias of agency.aliases) {
      const cut = alias.lastIndexOf(' ');
      const last = alias.slice(cut + 1);
      const prefix = alias.slice(0, cut + 1);
      if (cut <= 0 || !INITIALISM.test(last) || !agency.name.startsWith(prefix)) continue;
      const words = agency.name.slice(prefix.length).trim();
      if (words.split(/\s+/u).length >= 2 && !expansions.has(compact(last))) expansions.set(compact(last), words);
    }
  }
  if (expansions.size === 0) return agencies;
  return agencies.map((agency) => {
    const added = [agency.name, ...agency.aliases].flatMap((name) => {
      const words = name.split(' ');
      const at = words.findIndex((word, index) => index > 0 && INITIALISM.test(word) && expansions.has(compact(word)));
      if (at < 0) return [];
      const expanded = [...words.slice(0, at), expansions.get(compact(words[at]!))!, ...words.slice(at + 1)].join(' ');
      // Also without its commas, as a question read for its words has them.
      return [expanded, expanded.replace(/,/gu, '')];
    });
    const fresh = added.filter((name) => name !== agency.name && !agency.aliases.includes(name));
    return fresh.length === 0 ? agency : { ...agency, aliases: [...agency.aliases, ...new Set(fresh)] };
  });
}

export function createAgencyDirectory(gazetteer: Gazetteer, documents: readonly DocumentKnowledge[]): AgencyDirectory {
  const patterns = new Map(gazetteer.entries.map((entry) => [entry.id, entry.patterns]));
  const merged = new Map<string, Agency>();
  for (const agency of gazetteerMatcher(gazetteer).agencies) merged.set(agency.id, agency);
  for (const document of documents) {
    for (const agency of document.agencies) {
      const known = merged.get(agency.id);
      merged.set(agency.id, known ? { ...known, aliases: [...new Set([...known.aliases, ...agency.aliases])] } : agency);
    }
  }
  const agencies = withExpandedInitialisms([...merged.values()]);
  const matcher = createAgencyMatcher(agencies.map((agency) => ({ agency, patterns: patterns.get(agency.id) ?? [] })));
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));
  const byKey = new Map<string, Agency>();
  const names: Array<{ agency: Agency; key: string }> = [];
  for (const agency of agencies) {
    if (agency.kind !== 'agency') continue;
    for (const name of [agency.name, agency.short, ...agency.aliases]) {
      const k = key(name);
      if (k === '') continue;
      if (!byKey.has(k)) byKey.set(k, agency);
      names.push({ agency, key: k });
    }
  }
  const collectiveIds = new Set(agencies.filter((agency) => agency.kind === 'collective').map((agency) => agency.id));

  // A collective phrase that also spells out a body ("Sở, ban ngành, UBND các xã, phường") gives the task to that
  // body too: the matcher's longest match took the whole phrase, so the body is read again without the collectives.
  // Only a body some cell names on its own counts: words of the phrase ("cơ quan Trung ương và địa phương") that
  // merely spell a group nobody is given a task as are not a new assignee.
  const assignees = new Set(documents.flatMap((document) => document.tasks.flatMap((task) => [task.lead, task.partners, task.followUp].flatMap((cell) => cell?.ids ?? []))));
  // Built on the first collective cell read; the matcher keeps each reading, so a cell is read once.
  let withoutCollectives: ReturnType<typeof createAgencyMatcher> | null = null;
  const namedInsideCollective = (text: string): string[] => {
    withoutCollectives ??= createAgencyMatcher(agencies.filter((agency) => !collectiveIds.has(agency.id)).map((agency) => ({ agency, patterns: patterns.get(agency.id) ?? [] })));
    return withoutCollectives
      .find(text)
      .map((mention) => mention.id)
      .filter((id) => assignees.has(id));
  };

  const current = (agency: Agency): Agency => {
    const successor = agency.successor ? byId.get(agency.successor.id) : undefined;
    return successor?.kind === 'agency' ? successor : agency;
  };

  function closeMatches(given: string): string[] {
    const words = new Set(key(given).split(' ').filter((word) => word.length > 0 && !GENERIC_WORDS.has(word)));
    const scored = new Map<string, number>();
    for (const { agency, key: name } of names) {
      const nameWords = name.split(' ');
      const shared = nameWords.filter((word) => words.has(word)).length;
      const score = shared / Math.max(nameWords.length, words.size, 1);
      if (score > (scored.get(agency.id) ?? 0)) scored.set(agency.id, score);
    }
    return [...scored]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([id]) => byId.get(id)!.name);
  }

  /** Agencies within a small edit distance of the whole name: "so tai chin" → Sở Tài chính. */
  function nearest(given: string): Agency[] {
    const k = key(given);
    if (k.length < 6) return [];
    const limit = k.length >= 14 ? 2 : 1;
    const found = new Map<string, number>();
    for (const { agency, key: name } of names) {
      if (Math.abs(name.length - k.length) > limit) continue;
      const distance = editDistance(name, k, limit);
      if (distance <= limit) found.set(agency.id, Math.min(found.get(agency.id) ?? limit + 1, distance));
    }
    const best = Math.min(...found.values());
    return [...found].filter(([, distance]) => distance === best).map(([id]) => byId.get(id)!);
  }

  function tryResolveAll(name: string): Agency[] {
    const exact = byKey.get(key(name));
    if (exact) return [current(exact)];
    const mentioned = matcher
      .find(name)
      .map((mention) => byId.get(mention.id))
      .filter((agency): agency is Agency => agency?.kind === 'agency');
    if (mentioned.length > 0) return [...new Map(mentioned.map((agency) => [current(agency).id, current(agency)])).values()];
    return [...new Map(nearest(name).map((agency) => [current(agency).id, current(agency)])).values()];
  }

  // Names long enough to be told by edit distance, by their head word and by its first letter ("s tài chính").
  const approximable = names
    .filter(({ key: name }) => name.length >= 8 && name.includes(' '))
    .map(({ agency, key: name }) => ({ agency, name, nameWords: name.split(' '), limit: name.length >= 18 ? 2 : 1 }));
  const byHead = new Map<string, typeof approximable>();
  for (const entry of approximable) {
    for (const head of new Set([entry.nameWords[0]!, ...(entry.nameWords[0]!.length > 1 ? [entry.nameWords[0]![0]!] : [])])) {
      const list = byHead.get(head);
      if (list) list.push(entry);
      else byHead.set(head, [entry]);
    }
  }

  function findApproximate(folded: string): AgencyMention[] {
    const words = [...folded.matchAll(/\S+/gu)].map((match) => ({ text: match[0], start: match.index }));
    const found: Array<AgencyMention & { distance: number }> = [];
    for (let at = 0; at < words.length; at += 1) {
      const head = words[at]!.text;
      for (const { agency, name, nameWords, limit } of byHead.get(head) ?? []) {
        if (at + nameWords.length > words.length) continue;
        // The head word as typed, or its first letter ("s tài chính" for "sở tài chính").
        const abbreviated = head !== nameWords[0];
        const window = words.slice(at, at + nameWords.length);
        const typed = (abbreviated ? [nameWords[0]!, ...window.slice(1).map((word) => word.text)] : window.map((word) => word.text)).join(' ');
        const distance = abbreviated && typed === name ? 1 : editDistance(typed, name, limit);
        if (distance > 0 && distance <= limit) {
          const last = window.at(-1)!;
          found.push({ id: current(agency).id, start: window[0]!.start, end: last.start + last.text.length, distance });
        }
      }
    }
    found.sort((a, b) => a.distance - b.distance || b.end - b.start - (a.end - a.start));
    const taken: AgencyMention[] = [];
    for (const mention of found) {
      if (taken.some((other) => mention.start < other.end && other.start < mention.end)) continue;
      taken.push({ id: mention.id, start: mention.start, end: mention.end });
    }
    return taken.sort((a, b) => a.start - b.start);
  }

  return {
    agencies,
    findApproximate,
    byId: (id) => byId.get(id),
    find: (text, prefer) => matcher.find(text, prefer),
    analyse: (text, prefer) => matcher.analyse(text, prefer),
    resolve(name) {
      const found = tryResolveAll(name);
      if (found.length === 1) return found[0]!;
      if (found.length > 1) throw new UnknownAgencyError(name, found.map((agency) => agency.name), 'ambiguous');
      throw new UnknownAgencyError(name, closeMatches(name));
    },
    tryResolve(name) {
      const found = tryResolveAll(name);
      return found.length === 1 ? found[0]! : null;
    },
    isCollective: (cell) => cell !== null && cell.ids.some((id) => collectiveIds.has(id)),
    namedIds(cell) {
      const ids = new Set<string>();
      const named = cell !== null && cell.ids.some((id) => collectiveIds.has(id)) ? [...cell.ids, ...namedInsideCollective(cell.text)] : (cell?.ids ?? []);
      for (const id of named) {
        ids.add(id);
        const successor = byId.get(id)?.successor;
        if (successor) ids.add(successor.id);
      }
      return ids;
    },
    displayName: (id) => byId.get(id)?.name ?? id,
  };
}
