/**
 * Ad-hoc reporting periods in the store (migration 027, `reporting_periods`) and the periods current on a day.
 * Opening is idempotent on (title, due date): the same period opened twice — a redelivered message, a second click,
 * a second instance — is one row, and the caller is told it existed. Parameterised queries only.
 */
import type { Queryable } from '../store/database.ts';
import { addDays, type IsoDate } from '../text/dates.ts';
import { adhocPeriod, ADHOC_LATE_DAYS, parsePeriodKey, PeriodFormatError, periodOf, type ReportingPeriod } from './periods.ts';

interface PeriodRow {
  id: number;
  title: string;
  opened_on: string | Date;
  due: string | Date;
}

/** A `date` column as `YYYY-MM-DD` whichever way the driver hands it (text, or a Date at local midnight). */
function isoOf(value: string | Date): IsoDate {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

function toPeriod(row: PeriodRow): ReportingPeriod {
  return adhocPeriod({ id: Number(row.id), title: row.title, openedOn: isoOf(row.opened_on), due: isoOf(row.due) });
}

const COLUMNS = 'id, title, opened_on::text AS opened_on, due::text AS due';

/**
 * Opens an ad-hoc period from `openedOn` to `due` (`due` ≥ `openedOn`, checked by the caller and the table);
 * `created: false` when a period with the same title (case aside) and due date existed, which is returned instead.
 */
export async function openAdhocPeriod(
  db: Queryable,
  request: { title: string; openedOn: IsoDate; due: IsoDate; openedBy: number | null; now: Date },
): Promise<{ period: ReportingPeriod; created: boolean }> {
  const inserted = await db.query<PeriodRow>(
    `INSERT INTO reporting_periods (title, opened_on, due, opened_by, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [request.title, request.openedOn, request.due, request.openedBy, request.now],
  );
  if (inserted.rows[0]) return { period: toPeriod(inserted.rows[0]), created: true };
  const { rows } = await db.query<PeriodRow>(`SELECT ${COLUMNS} FROM reporting_periods WHERE lower(title) = lower($1) AND due = $2`, [request.title, request.due]);
  return { period: toPeriod(rows[0]!), created: false };
}

/** The ad-hoc period with this id, or null. */
export async function findAdhocPeriod(db: Queryable, id: number): Promise<ReportingPeriod | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const { rows } = await db.query<PeriodRow>(`SELECT ${COLUMNS} FROM reporting_periods WHERE id = $1`, [id]);
  return rows[0] ? toPeriod(rows[0]) : null;
}

/** Ad-hoc periods that still take reports on `today` (opened, and not more than ADHOC_LATE_DAYS past due), oldest first. */
export async function currentAdhocPeriods(db: Queryable, today: IsoDate): Promise<ReportingPeriod[]> {
  const { rows } = await db.query<PeriodRow>(`SELECT ${COLUMNS} FROM reporting_periods WHERE opened_on <= $1 AND due >= $2 ORDER BY id`, [today, addDays(today, -ADHOC_LATE_DAYS)]);
  return rows.map(toPeriod);
}

/** The most recent ad-hoc periods, newest first (the console's report downloads). */
export async function recentAdhocPeriods(db: Queryable, limit: number): Promise<ReportingPeriod[]> {
  const { rows } = await db.query<PeriodRow>(`SELECT ${COLUMNS} FROM reporting_periods ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map(toPeriod);
}

/** The periods current on `today`: the quarter first, then the ad-hoc periods that still take reports. */
export async function currentPeriods(db: Queryable, today: IsoDate, dueDay: number): Promise<ReportingPeriod[]> {
  return [periodOf(today, dueDay), ...(await currentAdhocPeriods(db, today))];
}

/** A period key as typed (`2026-Q4`, `DX3`); throws PeriodFormatError for a malformed key or an unknown ad-hoc id. */
export async function resolvePeriod(db: Queryable, typed: string, dueDay: number): Promise<ReportingPeriod> {
  const parsed = parsePeriodKey(typed, dueDay);
  if ('quarter' in parsed) return parsed.quarter;
  const period = await findAdhocPeriod(db, parsed.adhocId);
  if (!period) throw new PeriodFormatError(typed);
  return period;
}
