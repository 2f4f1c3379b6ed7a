/**
 * The agency directory of one document, built from its own cells: every agency a lead, partner or follow-up cell
 * names, as the gazetteer knows it (with the forms this document prints recorded as aliases) or, when the
 * gazetteer does not know it, as a new entry named as printed. A misspelt name close to a gazetteer name (one
 * or two letters off) is that agency. Never an error: an unreadable cell keeps its text and names no agency.
 */
import { editDistance } from '../../text/spelling.ts';
import { fold, normalizeText } from '../../text/vietnamese.ts';
import type { Agency, AgencyCell } from '../types.ts';
import { toAgency, type Gazetteer } from './gazetteer.ts';
import { createAgencyMatcher, type AgencyMatcher } from './matcher.ts';
import { agencySlug, deriveAbbreviations, distributeHeads, headOf, unknownBodies } from './names.ts';

export interface DocumentDirectory {
  /** The agencies a cell names; records what it finds. */
  cell(text: string): AgencyCell;
  /** Every agency named so far, with the forms printed and the abbreviations derived. */
  agencies(): Agency[];
}

export interface DirectoryOptions {
  /** A central document's bodies are central; a province's are its own. */
  level: Agency['level'];
}

/** The gazetteer as a matcher: its aliases and patterns. */
export function gazetteerMatcher(gazetteer: Gazetteer): AgencyMatcher {
  return createAgencyMatcher(gazetteer.entries.map((entry) => ({ agency: toAgency(entry), patterns: entry.patterns })));
}

export function createDocumentDirectory(gazetteer: Gazetteer, options: DirectoryOptions, matcher = gazetteerMatcher(gazetteer)): DocumentDirectory {
  const named = new Map<string, Agency>();
  const printed = new Map<string, Set<string>>();
  const foldedNames = gazetteer.entries
    .filter((entry) => entry.kind === 'agency')
    .flatMap((entry) => [entry.name, ...entry.aliases].map((name) => ({ id: entry.id, folded: fold(name) })));

  const remember = (agency: Agency, form: string) => {
    if (!named.has(agency.id)) named.set(agency.id, agency);
    const forms = printed.get(agency.id) ?? new Set<string>();
    forms.add(form);
    printed.set(agency.id, forms);
  };

  /** A gazetteer agency one or two letters away from `piece` (misspellings printed in the source). */
  const nearest = (piece: string): Agency | null => {
    const folded = fold(piece);
    const head = headOf(piece, gazetteer.heads);
    let best: { id: string; distance: number } | null = null;
    for (const candidate of foldedNames) {
      if (Math.abs(candidate.folded.length - folded.length) > 2 || candidate.folded.length < 8) continue;
      if (head && !candidate.folded.startsWith(fold(head))) continue;
      const limit = candidate.folded.length >= 20 ? 2 : 1;
      const distance = editDistance(candidate.folded, folded, limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { id: candidate.id, distance };
    }
    return best ? (matcher.byId.get(best.id) ?? null) : null;
  };

  const unknown = (piece: string): Agency => {
    const known = nearest(piece);
    if (known) return known;
    const id = agencySlug(piece);
    const existing = named.get(id);
    if (existing) return existing;
    const kind: Agency['kind'] = /^(các|những)\s/iu.test(piece) ? 'group' : 'agency';
    return { id, name: piece, short: piece, aliases: [piece], kind, level: options.level };
  };

  return {
    cell(raw: string): AgencyCell {
      const text = normalizeText(raw);
      // A line break inside a name ("Sở Khoa học\nvà Công nghệ": a wrapped cell) joins it; any other separates bodies.
      const lines = raw.replace(/\n(?=\s*(?:\p{Ll}|và\b|&))/gu, ' ').replace(/\n/gu, '; ');
      const expanded = normalizeText(distributeHeads(lines, gazetteer.heads));
      const analysis = matcher.analyse(expanded, options.level);
      const ids: string[] = [];
      const add = (agency: Agency, form: string) => {
        remember(agency, form);
        if (!ids.includes(agency.id)) ids.push(agency.id);
      };
      const found: Array<{ start: number; agency: Agency; form: string }> = analysis.spans.map((span) => ({
        start: span.start,
        agency: matcher.byId.get(span.id)!,
        form: expanded.slice(span.start, span.end),
      }));
      for (const piece of unknownBodies(expanded, analysis.spans, gazetteer.heads)) {
        const start = expanded.indexOf(piece);
        // "Trung tâm Chuyển đổi số VHTTDL": a known name right after an unknown one is part of it, not a second body.
        const next = found.findIndex((entry) => entry.start >= start + piece.length && /^\s*$/u.test(expanded.slice(start + piece.length, entry.start)));
        if (next >= 0) {
          const whole = expanded.slice(start, found[next]!.start + found[next]!.form.length);
          found.splice(next, 1);
          found.push({ start, agency: unknown(whole), form: whole });
          continue;
        }
        found.push({ start, agency: unknown(piece), form: piece });
      }
      found.sort((a, b) => a.start - b.start);
      for (const { agency, form } of found) add(agency, form);
      return { text, ids };
    },
    agencies(): Agency[] {
      return [...named.values()].map((agency) => {
        const forms = [...(printed.get(agency.id) ?? [])];
        const aliases = new Set([...agency.aliases, ...forms, ...(agency.kind === 'agency' ? deriveAbbreviations(agency.name, gazetteer.heads) : [])]);
        return { ...agency, aliases: [...aliases] };
      });
    },
  };
}
