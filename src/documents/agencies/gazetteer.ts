/**
 * The shared gazetteer (`knowledge/gazetteer.json`): central bodies, the standard departments of a province with
 * their 2025 merger successors, collective phrases, and the head words agency names start with. Validated once
 * when loaded; the interpreter and the engine receive it, nobody reads the file but the composition root.
 */
import { z } from 'zod';
import type { Agency } from '../types.ts';

const AgencyEntry = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/u),
  name: z.string().min(2),
  short: z.string().min(1),
  kind: z.enum(['agency', 'collective', 'group']),
  level: z.enum(['central', 'local']),
  aliases: z.array(z.string()),
  /** Regular expressions on folded text, in addition to the folded aliases. */
  patterns: z.array(z.string()),
  successor: z.object({ id: z.string(), since: z.string(), note: z.string() }).optional(),
});

const GazetteerFile = z.object({
  description: z.string().optional(),
  /** Words an agency name starts with ("Sở", "Bộ", "Ủy ban" …): a cell segment starting with one names a body. */
  heads: z.array(z.string()).min(1),
  /** Titles of people ("Giám đốc", "Thủ trưởng" …): a segment starting with one names a person's office. */
  personTitles: z.array(z.string()),
  agencies: z.array(AgencyEntry).min(1),
});

export type GazetteerEntry = z.infer<typeof AgencyEntry>;

export interface Gazetteer {
  entries: GazetteerEntry[];
  heads: string[];
  personTitles: string[];
}

export class GazetteerError extends Error {
  constructor(readonly problems: string[]) {
    super(`Danh bạ cơ quan (gazetteer) không hợp lệ: ${problems.join('; ')}`);
    this.name = 'GazetteerError';
  }
}

/** Validates the parsed JSON of the gazetteer file: shape, unique ids, successors that exist, patterns that compile. */
export function parseGazetteer(json: unknown): Gazetteer {
  const parsed = GazetteerFile.safeParse(json);
  if (!parsed.success) throw new GazetteerError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const entry of parsed.data.agencies) {
    if (ids.has(entry.id)) problems.push(`id ${entry.id} lặp lại`);
    ids.add(entry.id);
    for (const pattern of entry.patterns) {
      try {
        new RegExp(pattern, 'u');
      } catch (error) {
        problems.push(`${entry.id}: mẫu "${pattern}" không hợp lệ (${(error as Error).message})`);
      }
    }
  }
  for (const entry of parsed.data.agencies) {
    if (entry.successor && !ids.has(entry.successor.id)) problems.push(`${entry.id}: cơ quan kế thừa ${entry.successor.id} không có trong danh bạ`);
  }
  if (problems.length > 0) throw new GazetteerError(problems);
  return { entries: parsed.data.agencies, heads: parsed.data.heads, personTitles: parsed.data.personTitles };
}

/** An entry as the knowledge's `Agency` (patterns are the gazetteer's business). */
export function toAgency(entry: GazetteerEntry): Agency {
  const { patterns: _patterns, ...agency } = entry;
  return agency;
}
