/**
 * The places gazetteer (`knowledge/places.json`): Việt Nam's provinces and cities, with the ones merged on
 * 1/7/2025 and their successors. A place is recognised in a question only inside a place frame ("tỉnh Nam Định",
 * "ở Hải Phòng", "của Đồng Nai", "TP.HCM"), so the syllables of ordinary words ("báo cáo năm định kỳ", "hai phòng
 * thí nghiệm") never read as one.
 */
import { z } from 'zod';
import { fold } from '../text/vietnamese.ts';

const PlacesFile = z.object({
  description: z.string().optional(),
  places: z.array(
    z.object({
      name: z.string().min(2),
      kind: z.enum(['tỉnh', 'thành phố']),
      aliases: z.array(z.string()),
      mergedInto: z.string().optional(),
      since: z.string().optional(),
    }),
  ),
});

export interface Place {
  name: string;
  kind: 'tỉnh' | 'thành phố';
  /** The province it is part of since a merger; the place itself otherwise. */
  current: string;
}

export interface PlaceMention {
  place: Place;
  start: number;
  end: number;
}

export interface Places {
  readonly all: readonly Place[];
  /** Places named in a place frame in the (folded) text, in order. */
  find(folded: string): PlaceMention[];
  /** The place named exactly (any alias, with or without diacritics), or null. */
  byName(name: string): Place | null;
}

/** Words that make what follows a place: "tỉnh", "thành phố", "ở", "tại", "của", "về" … (folded). */
const FRAME = '(?:tinh|thanh pho|tp\\.?|o|tai|cua|ve|cho|voi|dia ban|nguoi|dan)';

export function parsePlaces(json: unknown): Places {
  const parsed = PlacesFile.parse(json);
  const all: Place[] = parsed.places.map((entry) => ({ name: entry.name, kind: entry.kind, current: entry.mergedInto ?? entry.name }));
  const names = new Map<string, Place>();
  parsed.places.forEach((entry, index) => {
    for (const name of [entry.name, ...entry.aliases]) names.set(fold(name).replace(/[.\-]/gu, ' ').replace(/\s+/gu, ' ').trim(), all[index]!);
  });
  const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map((name) => name.replace(/ /gu, '\\s+'));
  // "tp.hcm", "tphcm" need no frame: they are names of a city and nothing else.
  const framed = new RegExp(`(?<![\\p{L}\\p{N}])${FRAME}\\s+(${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  const bare = /(?<![\p{L}\p{N}])(tp\s*hcm|tphcm|sai gon)(?![\p{L}\p{N}])/gu;
  return {
    all,
    byName: (name) => names.get(fold(name).replace(/[.\-]/gu, ' ').replace(/\s+/gu, ' ').trim()) ?? null,
    find(folded) {
      const text = folded.replace(/\./gu, ' ').replace(/\s+/gu, ' ');
      const out: PlaceMention[] = [];
      for (const match of text.matchAll(framed)) {
        const place = names.get(match[1]!.replace(/\s+/gu, ' '));
        if (place) out.push({ place, start: match.index + match[0].length - match[1]!.length, end: match.index + match[0].length });
      }
      for (const match of text.matchAll(bare)) out.push({ place: names.get('ho chi minh')!, start: match.index, end: match.index + match[0].length });
      return out.sort((a, b) => a.start - b.start);
    },
  };
}
