/**
 * Checks a composed answer against the evidence it was composed from. Every agency, date, percentage, task code,
 * task id and section id the answer states must be found in the records (or in the extractive answer, which the
 * engine built from the same records). Comparison folds diacritics and case on both sides.
 * Anything not found makes the answer unusable: the caller sends the extractive answer instead.
 */
import type { Agency } from '../documents/types.ts';
import { fold } from '../text/vietnamese.ts';
import type { EvidenceRecord, LlmLogger } from './types.ts';

export type FactKind = 'agency' | 'date' | 'percentage' | 'code' | 'task_id' | 'section_id';

export interface VerificationFailure {
  kind: FactKind;
  /** The fact as found in the answer, diacritics folded (`thang 7/2031`, `Bo Quoc phong`, `35%`). */
  value: string;
}

export type VerificationResult = { ok: true } | { ok: false; failures: VerificationFailure[] };

export type AgencyNames = Pick<Agency, 'id' | 'name' | 'short' | 'aliases'>;

export interface VerifyOptions {
  /** The catalogue's agencies: their names, short forms and aliases are how mentions are recognised. */
  agencies: readonly AgencyNames[];
  /** Texts whose facts count as grounded besides the records, e.g. the extractive answer. */
  groundedTexts?: readonly string[];
  logger?: LlmLogger;
}

export function verifyAnswer(answer: string, records: readonly EvidenceRecord[], options: VerifyOptions): VerificationResult {
  const evidence = [
    ...records.flatMap((record) => [record.ref, ...Object.values(record.fields)]),
    ...(options.groundedTexts ?? []),
  ].join('\n');
  const matcher = matcherFor(options.agencies);
  const grounded = extractFacts(evidence, matcher);
  const stated = extractFacts(answer, matcher);
  const refs = new Set(records.map((record) => fold(record.ref)));
  const foldedEvidence = fold(evidence);

  const failures: VerificationFailure[] = [];
  for (const fact of stated.facts) {
    if (grounded.keys.has(`${fact.kind}:${fact.key}`)) continue;
    if ((fact.kind === 'task_id' || fact.kind === 'section_id') && refs.has(fact.key)) continue;
    // An agency the alias list does not know is grounded when the evidence contains the same words.
    // The phrase may have taken the word after the name ("cuc dlqgvn chu"): its first two words are enough.
    if (fact.kind === 'agency' && fact.key.startsWith(PHRASE) && groundedPhrase(fact.key.slice(PHRASE.length), foldedEvidence)) continue;
    if (!failures.some((failure) => failure.kind === fact.kind && failure.value === fact.value)) {
      failures.push({ kind: fact.kind, value: fact.value });
    }
  }
  if (failures.length === 0) return { ok: true };
  options.logger?.warn({ failures }, 'verifier: câu trả lời của mô hình có dữ kiện không có trong bản ghi');
  return { ok: false, failures };
}

interface Fact {
  kind: FactKind;
  /** Canonical form compared between answer and evidence. */
  key: string;
  value: string;
}

/**
 * Diacritics removed, đ → d, case kept. On NFC input every character maps to exactly one, so offsets in the
 * result are offsets in the input.
 */
function foldKeepCase(text: string): string {
  return [...text.normalize('NFC')]
    .map((char) => {
      if (char === 'đ') return 'd';
      if (char === 'Đ') return 'D';
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/gu, '');
      return base.length === 1 ? base : char;
    })
    .join('');
}

const PHRASE = 'phrase:';
const BOUNDARY_BEFORE = '(?<![\\p{L}\\p{N}])';
const BOUNDARY_AFTER = '(?![\\p{L}\\p{N}])';

function escapeForRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

const matchers = new WeakMap<readonly AgencyNames[], AgencyMatcher>();

function matcherFor(agencies: readonly AgencyNames[]): AgencyMatcher {
  let matcher = matchers.get(agencies);
  if (!matcher) {
    matcher = new AgencyMatcher(agencies);
    matchers.set(agencies, matcher);
  }
  return matcher;
}

/** Finds agency mentions, longest alias first, and masks them so a shorter alias inside cannot match again. */
class AgencyMatcher {
  private readonly patterns: Array<{ id: string; pattern: RegExp }>;

  constructor(agencies: readonly AgencyNames[]) {
    const entries: Array<{ id: string; alias: string }> = [];
    for (const agency of agencies) {
      for (const alias of new Set([agency.name, agency.short, ...agency.aliases])) {
        const folded = fold(alias);
        if (folded.replace(/[^\p{L}\p{N}]/gu, '').length >= 3) entries.push({ id: agency.id, alias: folded });
      }
    }
    entries.sort((a, b) => b.alias.length - a.alias.length);
    this.patterns = entries.map(({ id, alias }) => ({
      id,
      pattern: new RegExp(`${BOUNDARY_BEFORE}${alias.split(' ').map(escapeForRegex).join('\\s+')}${BOUNDARY_AFTER}`, 'giu'),
    }));
  }

  /** Returns the mentions and the text with every mention blanked out (same length). */
  match(text: string): { mentions: Array<{ id: string; value: string }>; masked: string } {
    let masked = text;
    const mentions: Array<{ id: string; value: string }> = [];
    for (const { id, pattern } of this.patterns) {
      masked = masked.replace(pattern, (found) => {
        mentions.push({ id, value: found });
        return ' '.repeat(found.length);
      });
    }
    return { mentions, masked };
  }
}

/**
 * Agency-like phrases the alias list does not know: a capitalised head noun followed by a capitalised word
 * ("Sở Giáo dục", "Bộ Công an"). Compared by their first words against the evidence text.
 */
const UNKNOWN_AGENCY =
  /(?<![\p{L}\p{N}])(?:So|Bo|Uy ban nhan dan|Uy ban|UBND|Van phong|Cong an|Trung tam|Cuc|Chi cuc|Vien|Ban|Hoi|Kho bac|Dai|Bao)\s+(?:tinh\s+)?\p{Lu}[\p{L}&]*(?:\s+[\p{L}&]+)?/gu;

/** True when the evidence holds the phrase, or its first words (a head and one name word at least). */
function groundedPhrase(phrase: string, evidence: string): boolean {
  const words = phrase.split(' ').filter(Boolean);
  for (let length = words.length; length >= 2; length -= 1) if (evidence.includes(words.slice(0, length).join(' '))) return true;
  return false;
}

function extractFacts(text: string, matcher: AgencyMatcher): { facts: Fact[]; keys: Set<string> } {
  const facts: Fact[] = [];
  const keys = new Set<string>();
  const add = (kind: FactKind, key: string, value: string) => {
    facts.push({ kind, key, value: value.trim() });
    keys.add(`${kind}:${key}`);
  };
  const caseKept = foldKeepCase(text);

  // Agencies: known aliases first (masked), then unknown agency-like phrases in what is left.
  const { mentions, masked } = matcher.match(caseKept);
  for (const mention of mentions) add('agency', mention.id, mention.value);
  for (const match of masked.matchAll(UNKNOWN_AGENCY)) {
    add('agency', `${PHRASE}${fold(match[0])}`, match[0]);
  }

  // Ids, codes and percentages, on folded text without agency spans.
  let rest = fold(masked);
  rest = consume(rest, /(?<![\p{L}\p{N}.])pl[12]\.\d{1,3}[a-z]?(?![\p{L}\p{N}]|\.\d)/gu, (found) => {
    add('task_id', found, found.toUpperCase());
  });
  rest = consume(rest, /(?<![\p{L}\p{N}.])(?!v\.v(?![\p{L}\p{N}]))(?:dieu|[ivx]{1,4})(?:\.[a-z0-9]{1,3}){1,4}(?![\p{L}\p{N}]|\.[a-z0-9])/gu, (found) => {
    add('section_id', found, found);
  });
  rest = consume(rest, /(?<![\p{L}\p{N}.])[a-z]{2,5}\d{1,2}(?:\.\d{1,3}){0,2}[a-z]?(?![\p{L}\p{N}]|\.\d)/gu, (found) => {
    add('code', found, found.toUpperCase());
  });
  rest = consume(rest, /(?<![\p{N}.,])(\d{1,3}(?:[.,]\d+)?)\s*(?:%|phan tram)/gu, (found, number) => {
    add('percentage', String(Number((number ?? '').replace(',', '.'))), found);
  });

  // Dates, most specific forms first; each consumed form is blanked so its parts are not read again.
  const addDay = (value: string, day: string, month: string, year: string) => {
    const d = Number(day);
    const m = Number(month);
    if (d < 1 || d > 31 || m < 1 || m > 12) return;
    add('date', `${year}-${pad(m)}-${pad(d)}`, value);
  };
  const addMonth = (value: string, month: string, year: string) => {
    const m = Number(month);
    if (m < 1 || m > 12) return;
    add('date', `${year}-${pad(m)}`, value);
  };
  rest = consume(rest, /(?<![\p{N}])((?:19|20)\d{2})-(\d{2})-(\d{2})(?![\p{N}])/gu, (found, y, m, d) => addDay(found, d!, m!, y!));
  rest = consume(rest, /ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d{2})/gu, (found, d, m, y) => addDay(found, d!, m!, y!));
  rest = consume(rest, /(?<![\p{N}/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?![\p{N}])/gu, (found, d, m, y) =>
    addDay(found, d!, m!, y!),
  );
  rest = consume(rest, /thang\s+(\d{1,2})\s*(?:[/-]|nam)\s*((?:19|20)\d{2})(?![\p{N}])/gu, (found, m, y) => addMonth(found, m!, y!));
  rest = consume(rest, /(?<![\p{N}/.-])(\d{1,2})\s*[/-]\s*((?:19|20)\d{2})(?![\p{N}])/gu, (found, m, y) => addMonth(found, m!, y!));
  rest = consume(
    rest,
    /(?<![\p{N}/.])((?:19|20)\d{2})\s*(?:[-–—]|den(?: nam)?)\s*((?:19|20)\d{2})(?![\p{N}])/gu,
    (found, from, to) => add('date', `${from}..${to}`, found),
  );
  consume(rest, /(?<![\p{N}/.,])((?:19|20)\d{2})(?![\p{N}]|[.,]\d|\s*%)/gu, (found, year) => add('date', year!, found));

  // What grounds a fact also grounds its coarser forms: a day its month and year, a period its end years.
  for (const fact of [...facts]) {
    if (fact.kind !== 'date') continue;
    const day = /^(\d{4})-(\d{2})-\d{2}$/u.exec(fact.key);
    const month = /^(\d{4})-(\d{2})$/u.exec(fact.key);
    const period = /^(\d{4})\.\.(\d{4})$/u.exec(fact.key);
    if (day) keys.add(`date:${day[1]}-${day[2]}`).add(`date:${day[1]}`);
    if (month) keys.add(`date:${month[1]}`);
    if (period) keys.add(`date:${period[1]}`).add(`date:${period[2]}`);
  }
  return { facts, keys };
}

function consume(text: string, pattern: RegExp, onMatch: (found: string, ...groups: Array<string | undefined>) => void): string {
  return text.replace(pattern, (found: string, ...rest: unknown[]) => {
    const groups = rest.filter((item) => typeof item === 'string' || item === undefined).slice(0, -1) as Array<string | undefined>;
    onMatch(found, ...groups);
    return ' '.repeat(found.length);
  });
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
