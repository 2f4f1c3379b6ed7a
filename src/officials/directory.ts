/**
 * Agency lookup for officials and administrators, over the knowledge's agencies: resolves a name written in any
 * accepted alias (with or without diacritics) to the canonical agency — exact aliases first, then the same matcher
 * the engine uses for questions (src/catalogue/agencies.ts) — and answers which agencies a task cell designates.
 */
import type { Agency, AgencyCell, Knowledge } from '../catalogue/types.ts';
import { createAgencyDirectory } from '../catalogue/agencies.ts';
import { fold } from '../text/vietnamese.ts';
import { UnknownAgencyError } from './errors.ts';

export interface AgencyLookup {
  readonly agencies: readonly Agency[];
  byId(id: string): Agency | undefined;
  /** A canonical single agency (kind 'agency', its successor for a former one) for a name in any alias; throws UnknownAgencyError. */
  resolve(name: string): Agency;
  /** The ids of collective assignees ("Các sở, ban, ngành, đơn vị, địa phương"): every agency. */
  readonly collectiveIds: ReadonlySet<string>;
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

export function createAgencyLookup(knowledge: Pick<Knowledge, 'agencies'>): AgencyLookup {
  const agencies = knowledge.agencies;
  const byId = new Map(agencies.map((agency) => [agency.id, agency]));
  const byKey = new Map<string, Agency>();
  for (const agency of agencies) {
    if (agency.kind !== 'agency') continue;
    for (const name of [agency.name, agency.short, ...agency.aliases]) {
      const k = key(name);
      if (k !== '' && !byKey.has(k)) byKey.set(k, agency);
    }
  }
  const matcher = createAgencyDirectory();
  const collectiveIds = new Set(agencies.filter((agency) => agency.kind === 'collective').map((agency) => agency.id));

  function closeMatches(given: string): string[] {
    const words = new Set(key(given).split(' ').filter((word) => word.length > 0));
    const scored: Array<{ agency: Agency; score: number }> = [];
    for (const agency of agencies) {
      if (agency.kind !== 'agency') continue;
      let best = 0;
      for (const name of [agency.name, agency.short, ...agency.aliases]) {
        const nameWords = key(name).split(' ');
        const shared = nameWords.filter((word) => words.has(word) && !['so', 'ban', 'va', 'tinh'].includes(word)).length;
        const score = shared / Math.max(nameWords.length, words.size);
        if (score > best) best = score;
      }
      if (best > 0) scored.push({ agency, score: best });
    }
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, 3)
      .map(({ agency }) => agency.name);
  }

  return {
    agencies,
    byId: (id) => byId.get(id),
    resolve(name) {
      // Exact alias, else the one agency the question matcher finds in the name ("Sở Khoa học & Công nghệ").
      const mentioned = matcher.find(name).map((mention) => byId.get(mention.id)).filter((agency) => agency?.kind === 'agency');
      const found = byKey.get(key(name)) ?? (mentioned.length === 1 ? mentioned[0] : undefined);
      // A former agency's tasks and officials now belong to its successor.
      const successor = found?.successor ? byId.get(found.successor.id) : undefined;
      if (successor?.kind === 'agency') return successor;
      if (found) return found;
      throw new UnknownAgencyError(name, closeMatches(name));
    },
    collectiveIds,
    isCollective: (cell) => cell !== null && cell.ids.some((id) => collectiveIds.has(id)),
    namedIds(cell) {
      const ids = new Set<string>();
      for (const id of cell?.ids ?? []) {
        ids.add(id);
        const successor = byId.get(id)?.successor;
        if (successor) ids.add(successor.id);
      }
      return ids;
    },
    displayName: (id) => byId.get(id)?.name ?? id,
  };
}
