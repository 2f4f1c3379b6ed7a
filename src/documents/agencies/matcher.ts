/**
 * Finds agencies in a table cell or a question: every alias (folded) and every pattern of each agency, longest
 * match first, overlapping shorter ones dropped. Works on folded text, so a question typed without diacritics
 * reads the same. When two agencies match the same words, the one of the preferred level wins: "Ngân hàng Nhà
 * nước" in a province's plan is its branch, in a ministry's the State Bank.
 */
import { TextMemo } from '../../text/memo.ts';
import { SYNONYMS } from '../../text/synonyms.ts';
import { fold } from '../../text/vietnamese.ts';
import type { Agency } from '../types.ts';

export interface AgencyMention {
  id: string;
  /** Offsets in the folded text. */
  start: number;
  end: number;
}

export interface AgencyDefinition {
  agency: Agency;
  /** Regular-expression sources matched on folded text, in addition to the folded aliases. */
  patterns: readonly string[];
}

export interface AgencyAnalysis {
  mentions: AgencyMention[];
  /** The folded text not covered by any mention or filler word; '' when the cell names only agencies. */
  leftover: string;
  /** Every span covered by a mention, in order (repeats of one agency included). */
  spans: AgencyMention[];
}

export interface AgencyMatcher {
  readonly agencies: readonly Agency[];
  readonly byId: ReadonlyMap<string, Agency>;
  /** Agencies mentioned in `text`, in order of appearance, each once. */
  find(text: string, prefer?: Agency['level']): AgencyMention[];
  analyse(text: string, prefer?: Agency['level']): AgencyAnalysis;
}

/** How many texts' readings a matcher keeps before it starts again. */
const REMEMBERED_TEXTS = 20_000;

/** Words that may surround agency names in a cell without naming one ("Sở Tài chính chủ trì …"). */
const FILLER =
  /^(?:[\s,;:/.&()+-]|\bva\b|\bcac\b|\bchu tri\b|\bphoi hop\b|\bto chuc thuc hien\b|\btheo doi\b|\bdon doc\b|\bviec thuc hien\b|\bthuc hien\b|\btren dia ban\b|\bcap\b|\blien quan\b|\bdoi voi\b)+$/u;

/**
 * Word edges in folded text, where every Vietnamese letter is ASCII: a name must not start or end inside a word.
 * ASCII classes rather than `\p{L}\p{N}`: a Unicode property class costs about half a millisecond to compile in
 * each of the several hundred alias patterns, which made the first answer of every process wait 0.4 s.
 */
const NOT_AFTER_WORD = '(?<![a-z0-9])';
const NOT_BEFORE_WORD = '(?![a-z0-9])';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/**
 * An alias's source that also matches the abbreviations people type for its words ("ban ql các khu cnc và kcn"):
 * each synonym phrase in it becomes an alternation with its forms.
 */
function withAbbreviations(source: string): string {
  let out = source;
  for (const entry of SYNONYMS) {
    if (entry.caseSensitive || entry.forms.length === 0) continue;
    for (const phrase of entry.phrases) {
      if (!out.includes(phrase)) continue;
      out = out.replace(new RegExp(`${NOT_AFTER_WORD}${escapeRegex(phrase)}${NOT_BEFORE_WORD}`, 'gu'), `(?:${[phrase, ...entry.forms].map(escapeRegex).join('|')})`);
      break;
    }
  }
  return out;
}

interface Compiled {
  id: string;
  level: Agency['level'];
  order: number;
  regex: RegExp;
}

export function createAgencyMatcher(definitions: readonly AgencyDefinition[]): AgencyMatcher {
  const compiled: Compiled[] = [];
  definitions.forEach(({ agency, patterns }, order) => {
    // A question read for its words has lost its commas ("UBND các tỉnh thành phố"): an alias's commas are optional.
    const sources = new Set([...patterns, ...agency.aliases.map((alias) => withAbbreviations(escapeRegex(fold(alias))).replace(/,/gu, ',?')).filter((source) => source.length >= 2)]);
    for (const source of sources) {
      compiled.push({ id: agency.id, level: agency.level, order, regex: new RegExp(`${NOT_AFTER_WORD}(?:${source})${NOT_BEFORE_WORD}`, 'gu') });
    }
  });
  const agencies = definitions.map((definition) => definition.agency);
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));

  // The same texts are read again and again (a question by several steps, a task's cells by every answer that
  // lists it): each reading is kept, up to a bound, and handed out as it was made.
  const remembered = new TextMemo<AgencyAnalysis>(REMEMBERED_TEXTS);
  function analyse(text: string, prefer: Agency['level'] = 'local'): AgencyAnalysis {
    return remembered.get(`${prefer}\u0000${text}`, () => analyseAnew(text, prefer));
  }

  function analyseAnew(text: string, prefer: Agency['level']): AgencyAnalysis {
    const folded = fold(text);
    const candidates: Array<AgencyMention & { rank: number }> = [];
    for (const pattern of compiled) {
      pattern.regex.lastIndex = 0;
      for (const match of folded.matchAll(pattern.regex)) {
        if (match[0].trim() === '') continue;
        candidates.push({ id: pattern.id, start: match.index, end: match.index + match[0].length, rank: (pattern.level === prefer ? 0 : 1) * 10_000 + pattern.order });
      }
    }
    // Longest match wins; on equal spans the preferred level, then the earlier definition.
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.rank - b.rank);
    const taken: AgencyMention[] = [];
    for (const candidate of candidates) {
      if (taken.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
      taken.push({ id: candidate.id, start: candidate.start, end: candidate.end });
    }
    taken.sort((a, b) => a.start - b.start);
    const mentions: AgencyMention[] = [];
    for (const mention of taken) {
      if (!mentions.some((other) => other.id === mention.id)) mentions.push(mention);
    }
    let leftover = '';
    let cursor = 0;
    for (const mention of taken) {
      leftover += `${folded.slice(cursor, mention.start)} `;
      cursor = mention.end;
    }
    leftover += folded.slice(cursor);
    const trimmed = FILLER.test(leftover) ? '' : leftover.replace(/\s+/gu, ' ').trim();
    return { mentions, leftover: trimmed, spans: taken };
  }

  // Copies: a caller may sort or extend what it is given; the kept reading stays as it was.
  return {
    agencies,
    byId,
    analyse: (text, prefer) => {
      const analysis = analyse(text, prefer);
      return { mentions: [...analysis.mentions], leftover: analysis.leftover, spans: [...analysis.spans] };
    },
    find: (text, prefer) => [...analyse(text, prefer).mentions],
  };
}
