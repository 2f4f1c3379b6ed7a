/**
 * The places gazetteer (`knowledge/places.json`): Việt Nam's provinces and cities, with the ones merged on
 * 1/7/2025 and their successors. A place is recognised in a question only inside a place frame ("tỉnh Bắc Trung",
 * "ở Bắc Trung", "của Bắc Trung", or a name of its own such as a city's abbreviation), so the syllables of ordinary words ("báo cáo năm định kỳ", "hai phòng
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
      /** Names that are a place's and nothing else, so they need no frame (a city's abbreviation). */
      unframed: z.array(z.string()).optional(),
      /** The name's syllables are everyday words too ("hai phòng"): never recognised without a frame. */
      ordinaryWords: z.boolean().optional(),
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
  /**
   * Places written with capitals in the original text ("Cho hỏi Bắc Trung có …", "ở Bac Trung"), which is a name
   * whatever precedes it. Offsets refer to the text as given (NFC).
   */
  findCapitalised(text: string): PlaceMention[];
  /** The place named exactly (any alias, with or without diacritics), or null. */
  byName(name: string): Place | null;
  /**
   * Places `among` accepts named anywhere in the (folded) text, frame or not, except names whose syllables are
   * everyday words: the places of the loaded documents, which a question names bare ("kế hoạch CCHC Tây Nguyên").
   */
  findUnframed(folded: string, among: (place: Place) => boolean): PlaceMention[];
}

/** Words that make what follows a place: "tỉnh", "thành phố", "ở", "tại", "của", "về" … (folded). */
const FRAME = '(?:tinh|thanh pho|tp\\.?|o|tai|cua|ve|cho|voi|dia ban|nguoi|dan)';
/** A place that opens the question as the one who plans ("Thanh Hóa đặt mục tiêu …", "Nam Định có kế hoạch …"). */
const SUBJECT_VERB = '(?:dat|co|se|da|dang|giao|trien khai|phan dau|ban hanh|len ke hoach)';

export function parsePlaces(json: unknown): Places {
  const parsed = PlacesFile.parse(json);
  const all: Place[] = parsed.places.map((entry) => ({ name: entry.name, kind: entry.kind, current: entry.mergedInto ?? entry.name }));
  const names = new Map<string, Place>();
  const key = (name: string) => fold(name).replace(/[.\-]/gu, ' ').replace(/\s+/gu, ' ').trim();
  const unframedNames = new Map<string, Place>();
  const plainNames = new Map<string, Place>();
  parsed.places.forEach((entry, index) => {
    for (const name of [entry.name, ...entry.aliases, ...(entry.unframed ?? [])]) names.set(key(name), all[index]!);
    for (const name of entry.unframed ?? []) unframedNames.set(key(name), all[index]!);
    if (!entry.ordinaryWords) for (const name of [entry.name, ...entry.aliases]) plainNames.set(key(name), all[index]!);
  });
  const alternation = (keys: Iterable<string>) => [...keys].sort((a, b) => b.length - a.length).map((name) => name.replace(/ /gu, '\\s*'));
  const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map((name) => name.replace(/ /gu, '\\s+'));
  const framed = new RegExp(`(?<![\\p{L}\\p{N}])${FRAME}\\s+(${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  const subject = new RegExp(`^(${alternatives.join('|')})\\s+${SUBJECT_VERB}(?![\\p{L}\\p{N}])`, 'u');
  const bare = new RegExp(`(?<![\\p{L}\\p{N}])(${alternation(unframedNames.keys()).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  const plain = new RegExp(`(?<![\\p{L}\\p{N}])(${alternation(plainNames.keys()).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  const compactKey = (text: string) => text.replace(/\s+/gu, ' ').trim();
  const lookUp = (map: Map<string, Place>, text: string) => map.get(compactKey(text)) ?? [...map].find(([name]) => name.replace(/ /gu, '') === text.replace(/\s+/gu, ''))?.[1];
  return {
    all,
    findCapitalised(text) {
      const out: PlaceMention[] = [];
      const normal = text.normalize('NFC');
      for (const match of normal.matchAll(/(?<![\p{L}\p{N}])\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,3}(?![\p{L}\p{N}])/gu)) {
        const words = match[0].split(/\s+/u);
        // The longest run of capitalised words that is a place's name.
        for (let length = words.length; length >= 2; length -= 1) {
          for (let start = 0; start + length <= words.length; start += 1) {
            const place = names.get(fold(words.slice(start, start + length).join(' ')));
            if (place) {
              const offset = match.index + words.slice(0, start).join(' ').length + (start > 0 ? 1 : 0);
              out.push({ place, start: offset, end: offset + words.slice(start, start + length).join(' ').length });
              length = 0;
              break;
            }
          }
        }
      }
      return out;
    },
    byName: (name) => names.get(fold(name).replace(/[.\-]/gu, ' ').replace(/\s+/gu, ' ').trim()) ?? null,
    find(folded) {
      const text = folded.replace(/\./gu, ' ').replace(/\s+/gu, ' ');
      const out: PlaceMention[] = [];
      for (const match of text.matchAll(framed)) {
        const place = names.get(match[1]!.replace(/\s+/gu, ' '));
        if (place) out.push({ place, start: match.index + match[0].length - match[1]!.length, end: match.index + match[0].length });
      }
      const opening = subject.exec(text);
      const opener = opening ? names.get(opening[1]!.replace(/\s+/gu, ' ')) : undefined;
      if (opener && !out.some((mention) => mention.start === 0)) out.push({ place: opener, start: 0, end: opening![1]!.length });
      if (unframedNames.size > 0) {
        for (const match of text.matchAll(bare)) {
          const place = lookUp(unframedNames, match[1]!);
          if (place) out.push({ place, start: match.index, end: match.index + match[0].length });
        }
      }
      return out.sort((a, b) => a.start - b.start);
    },
    findUnframed(folded, among) {
      const text = folded.replace(/\./gu, ' ').replace(/\s+/gu, ' ');
      const out: PlaceMention[] = [];
      for (const match of text.matchAll(plain)) {
        const place = lookUp(plainNames, match[1]!);
        if (place && among(place)) out.push({ place, start: match.index, end: match.index + match[0].length });
      }
      return out;
    },
  };
}
