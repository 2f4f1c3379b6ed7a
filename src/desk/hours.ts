/**
 * The desk's working hours (DESK_HOURS), in Việt Nam time (UTC+7 all year, no daylight saving):
 * `T2-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30`: groups separated by `;`, each a day or a range of days (`T2`…`T7`,
 * `CN`) and one or more `HH:MM-HH:MM` spans. Outside them a citizen who is handed to the desk is told when someone
 * will reply (the next opening) and the hotline. `off` means the desk is always open (an around-the-clock line).
 */

const DAY_NAMES = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'] as const;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface WorkingSpan {
  /** Minutes after midnight, Việt Nam time. */
  from: number;
  to: number;
}

export interface WorkingHours {
  /** As configured, for the desk page and the messages ("T2-T6 07:30-11:30, 13:30-17:00"). */
  readonly label: string;
  /** Spans by weekday (0 = Sunday); always open when null. */
  readonly week: ReadonlyArray<readonly WorkingSpan[]> | null;
  isOpen(now: Date): boolean;
  /** The next instant the desk opens after `now` (now itself when open); null when always open or never. */
  nextOpening(now: Date): Date | null;
}

export class WorkingHoursError extends Error {
  constructor(detail: string) {
    super(`DESK_HOURS: ${detail} (dạng "T2-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30" hoặc "off")`);
    this.name = 'WorkingHoursError';
  }
}

function dayIndex(name: string): number {
  const index = DAY_NAMES.indexOf(name.toUpperCase() as (typeof DAY_NAMES)[number]);
  if (index < 0) throw new WorkingHoursError(`ngày "${name}" không hợp lệ`);
  return index;
}

function minutes(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/u.exec(text);
  const hours = Number(match?.[1]);
  const mins = Number(match?.[2]);
  if (!match || hours > 24 || mins > 59 || (hours === 24 && mins > 0)) throw new WorkingHoursError(`giờ "${text}" không hợp lệ`);
  return hours * 60 + mins;
}

/** Parses DESK_HOURS; throws WorkingHoursError with the part that is wrong. */
export function parseWorkingHours(spec: string): WorkingHours {
  const trimmed = spec.trim();
  if (/^off$/iu.test(trimmed)) return workingHours('24/7', null);
  const week: WorkingSpan[][] = DAY_NAMES.map(() => []);
  for (const group of trimmed.split(';').map((part) => part.trim()).filter(Boolean)) {
    const match = /^(\S+)\s+(.+)$/u.exec(group);
    if (!match) throw new WorkingHoursError(`"${group}"`);
    const [first, last] = match[1]!.split('-');
    const start = dayIndex(first!);
    const end = last === undefined ? start : dayIndex(last);
    const days: number[] = [];
    // T2-CN wraps to Sunday; T2-T6 is Monday to Friday.
    for (let day = start; ; day = (day + 1) % 7) {
      days.push(day);
      if (day === end || days.length > 7) break;
    }
    const spans = match[2]!.split(',').map((span) => {
      const [from, to] = span.trim().split('-');
      if (from === undefined || to === undefined) throw new WorkingHoursError(`"${span.trim()}"`);
      const parsed = { from: minutes(from), to: minutes(to) };
      if (parsed.from >= parsed.to) throw new WorkingHoursError(`"${span.trim()}" kết thúc trước khi bắt đầu`);
      return parsed;
    });
    for (const day of days) week[day]!.push(...spans);
  }
  if (week.every((spans) => spans.length === 0)) throw new WorkingHoursError('không có giờ làm việc nào');
  for (const spans of week) spans.sort((a, b) => a.from - b.from);
  return workingHours(trimmed.replace(/\s*;\s*/gu, '; ').replace(/,\s*/gu, ', '), week);
}

function workingHours(label: string, week: WorkingSpan[][] | null): WorkingHours {
  const local = (now: Date) => {
    const shifted = new Date(now.getTime() + VIETNAM_OFFSET_MS);
    return { day: shifted.getUTCDay(), minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(), midnight: Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()) - VIETNAM_OFFSET_MS };
  };
  return {
    label,
    week,
    isOpen(now) {
      if (!week) return true;
      const { day, minute } = local(now);
      return week[day]!.some((span) => minute >= span.from && minute < span.to);
    },
    nextOpening(now) {
      if (!week) return null;
      if (this.isOpen(now)) return now;
      const { day, minute, midnight } = local(now);
      for (let offset = 0; offset <= 7; offset += 1) {
        const spans = week[(day + offset) % 7]!;
        const span = spans.find((candidate) => offset > 0 || candidate.from > minute);
        if (span) return new Date(midnight + offset * DAY_MS + span.from * 60_000);
      }
      return null;
    },
  };
}
