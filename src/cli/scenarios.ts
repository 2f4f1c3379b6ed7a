/**
 * `scenarios FILE [--json]`: plays officials' conversation scenarios (one JSON object per line; the format is the
 * blind scenarios' OFFICIALS-FORMAT.md) through the engine a channel message reaches, and checks each turn.
 *
 * Each scenario starts from empty officials' tables (`reset`); its officials are added and its invites issued
 * through the officials CLI (the same agency resolution and invite function an administrator uses); each turn is
 * built by the chat CLI's message builder with the turn's time as the clock. Exit code 0 whatever the results;
 * 2 on a usage error (missing or unreadable file, a line that is not a scenario).
 */
import type { Config } from '../config.ts';
import { OFFICIAL_CHANNELS, type ChannelName, type Engine, type Reply } from '../engine/types.ts';
import type { KnowledgeSnapshot } from '../knowledge/snapshot.ts';
import { allUpdates, getDraft, type StatusUpdateRow } from '../officials/repository.ts';
import { effectiveStatus } from '../status/rules.ts';
import type { Database } from '../store/database.ts';
import { todayInVietnam } from '../text/dates.ts';
import { fold } from '../text/vietnamese.ts';
import { parseArgs, UsageError } from './args.ts';
import { chatMessage } from './chat.ts';
import { runOfficialsCli } from './officials.ts';

/** A clock the runner moves to each turn's time; the officials' service and the engine read it. */
export interface SettableClock {
  now(): Date;
  set(at: Date): void;
}

export function settableClock(start = new Date()): SettableClock {
  let current = start;
  return { now: () => new Date(current), set: (at) => (current = new Date(at)) };
}

export interface ScenariosCliDeps {
  engine: Engine;
  db: Database;
  knowledge: Pick<KnowledgeSnapshot, 'tasks' | 'agencies'>;
  config: Config['officials'];
  clock: SettableClock;
  /** Empties the officials' tables and brings whatever caches them up to date: a scenario starts from nothing. */
  reset: () => Promise<void>;
  readFile: (file: string) => string;
  out: (text: string) => void;
  err?: (text: string) => void;
}

// Scenario format -------------------------------------------------------------------------------------------------

interface Person {
  agency?: string;
  channel?: string;
  name?: string;
  coordinator?: boolean;
  citizen?: boolean;
  registered?: boolean;
}

interface Expect {
  outcome?: string;
  text?: string[];
  not_text?: string[];
  stored?: number;
  last?: { task?: string; status?: string; percent?: number | null; note_has?: string[]; note_lacks?: string[] };
  draft?: boolean;
  withdrawn?: number;
}

interface Turn {
  who: string;
  say: string;
  today?: string;
  at?: string;
  expect?: Expect;
}

interface Scenario {
  id: string;
  today: string;
  people: Record<string, Person>;
  invites?: Record<string, { agency: string; coordinator?: boolean }>;
  turns: Turn[];
}

function parseScenarios(text: string, file: string): Scenario[] {
  const scenarios: Scenario[] = [];
  text.split(/\r?\n/u).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${index + 1}: not JSON.`);
    }
    const scenario = value as Partial<Scenario>;
    if (typeof scenario.id !== 'string' || typeof scenario.today !== 'string' || !scenario.people || !Array.isArray(scenario.turns)) {
      throw new UsageError(`${file}:${index + 1}: a scenario needs id, today, people and turns.`);
    }
    for (const turn of scenario.turns) {
      if (!turn || typeof turn.say !== 'string' || !(turn.who in scenario.people)) throw new UsageError(`${file}:${index + 1}: a turn needs say and a known who.`);
    }
    scenarios.push(scenario as Scenario);
  });
  return scenarios;
}

// Results ---------------------------------------------------------------------------------------------------------

export interface CheckResult {
  check: string;
  expected: unknown;
  got: unknown;
  passed: boolean;
}

export interface TurnResult {
  index: number;
  who: string;
  say: string;
  at: string;
  reply: string;
  outcome: string | null;
  checks: CheckResult[];
  passed: boolean;
}

export interface ScenarioResult {
  id: string;
  /** A problem setting the scenario up (an agency the officials CLI refused); its turns are not played. */
  setupError: string | null;
  turns: TurnResult[];
  passed: boolean;
}

export interface ScenariosSummary {
  scenarios: { passed: number; total: number };
  turns: { passed: number; total: number };
  checks: { passed: number; total: number };
}

/** The scenario format's status names for the store's status codes. */
const STATUS_NAMES: Record<string, string> = {
  chua_trien_khai: 'not_started',
  dang_trien_khai: 'in_progress',
  hoan_thanh: 'done',
  vuong_mac: 'blocked',
};

/**
 * Confirmations as the format lists them (folded, a trailing politeness word allowed). The runner's own list, not
 * the product's: a store after anything else counts as unconfirmed unless the turn's `stored` expected it.
 */
const CONFIRMATION = /^(co|ok|oke|okay|dong y|xac nhan|chuan|chuan roi|dung|dung roi|dung vay|vang|yes|luu|luu di)( (a|nhe|nha|em|e|anh|chi|nhe em|roi|a nhe))*$/u;

function folded(text: string): string {
  return fold(text).replace(/\s+/gu, ' ').trim();
}

function contains(reply: string, expected: string): boolean {
  const haystack = folded(reply);
  return expected.split('|').some((alternative) => alternative.trim() !== '' && haystack.includes(folded(alternative)));
}

function statusName(row: StatusUpdateRow): string {
  if (row.kind !== 'status') return row.kind;
  return STATUS_NAMES[effectiveStatus({ status: row.status, percent: row.percent })] ?? String(row.status);
}

function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The turn's time: its `at`, else 09:00 of a newly given date, else a minute after the previous turn. */
function turnTime(turn: Turn, previous: Date | null, date: string): Date {
  if (turn.at) return new Date(turn.at);
  if (!previous || todayInVietnam(previous) !== date) return new Date(`${date}T09:00:00+07:00`);
  return new Date(previous.getTime() + 60_000);
}

async function playScenario(scenario: Scenario, deps: ScenariosCliDeps): Promise<ScenarioResult> {
  await deps.reset();
  const start = new Date(`${scenario.today}T08:00:00+07:00`);
  deps.clock.set(start);
  const userIds = new Map<string, string>();
  const channels = new Map<string, ChannelName>();
  for (const [key, person] of Object.entries(scenario.people)) {
    userIds.set(key, `${scenario.id}-${key}`);
    channels.set(key, (person.channel ?? 'telegram') as ChannelName);
  }
  const notes: string[] = [];
  const admin = async (args: string[]): Promise<string | null> => {
    const output: string[] = [];
    const code = await runOfficialsCli(args, { db: deps.db, knowledge: deps.knowledge, config: deps.config, clock: deps.clock, out: (text) => output.push(text), err: (text) => notes.push(text) });
    return code === 0 ? (output[0] ?? '') : null;
  };
  const codes = new Map<string, string>();
  let setupError: string | null = null;
  for (const [key, invite] of Object.entries(scenario.invites ?? {})) {
    const code = await admin(['invite', '--agency', invite.agency, ...(invite.coordinator ? ['--coordinator'] : [])]);
    if (code === null) setupError ??= `invite ${key} (${invite.agency}): ${notes.at(-1) ?? ''}`;
    else codes.set(key, code.trim());
  }
  for (const [key, person] of Object.entries(scenario.people)) {
    if (person.citizen || person.registered === false || !person.agency) continue;
    const channel = channels.get(key)!;
    if (!OFFICIAL_CHANNELS.includes(channel)) {
      setupError ??= `${key}: channel ${channel} cannot hold an official`;
      continue;
    }
    const added = await admin(['add', '--channel', channel, '--user', userIds.get(key)!, '--agency', person.agency, '--name', person.name ?? key, ...(person.coordinator ? ['--coordinator'] : [])]);
    if (added === null) setupError ??= `${key} (${person.agency}): ${notes.at(-1) ?? ''}`;
  }
  if (setupError) return { id: scenario.id, setupError, turns: [], passed: false };

  const turns: TurnResult[] = [];
  let date = scenario.today;
  let previous: Date | null = null;
  let storedBefore = 0;
  for (const [index, turn] of scenario.turns.entries()) {
    if (turn.at) date = todayInVietnam(new Date(turn.at));
    else if (turn.today) date = turn.today;
    const at = turnTime(turn, previous, date);
    previous = at;
    deps.clock.set(at);
    const person = scenario.people[turn.who]!;
    const channel = channels.get(turn.who)!;
    const userId = userIds.get(turn.who)!;
    let say = turn.say;
    for (const [key, code] of codes) say = say.replace(new RegExp(`\\b${key}\\b`, 'gu'), code);
    const draftBefore = await getDraft(deps.db, channel, userId);
    const { message } = chatMessage(
      ['--channel', channel, '--user', userId, '--today', todayInVietnam(at), '--message-id', `${scenario.id}-${index}`, ...(person.name ? ['--name', person.name] : []), '--', say],
      at,
    );
    let reply: Reply | null = null;
    let failure: string | null = null;
    try {
      reply = await deps.engine.handle(message);
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    const rows = await allUpdates(deps.db);
    const kept = rows.filter((row) => row.kind !== 'withdrawal');
    const last = kept.at(-1);
    const draftAfter = await getDraft(deps.db, channel, userId);
    const text = reply?.text ?? `(error: ${failure})`;
    const expect = turn.expect ?? {};
    const checks: CheckResult[] = [];
    const check = (name: string, expected: unknown, got: unknown, passed: boolean) => checks.push({ check: name, expected, got, passed });
    if (expect.outcome !== undefined) check('outcome', expect.outcome, reply?.outcome ?? null, reply?.outcome === expect.outcome);
    for (const wanted of expect.text ?? []) check('text', wanted, null, contains(text, wanted));
    for (const unwanted of expect.not_text ?? []) check('not_text', unwanted, null, !contains(text, unwanted));
    if (expect.stored !== undefined) check('stored', expect.stored, kept.length, kept.length === expect.stored);
    if (expect.withdrawn !== undefined) {
      const withdrawn = rows.length - kept.length;
      check('withdrawn', expect.withdrawn, withdrawn, withdrawn === expect.withdrawn);
    }
    if (expect.draft !== undefined) check('draft', expect.draft, draftAfter !== null, (draftAfter !== null) === expect.draft);
    if (expect.last) {
      const wanted = expect.last;
      if (wanted.task !== undefined) check('last.task', wanted.task, last?.taskId ?? null, last?.taskId === wanted.task);
      if (wanted.status !== undefined) {
        const got = last ? statusName(last) : null;
        check('last.status', wanted.status, got, got === wanted.status);
      }
      if (wanted.percent !== undefined) check('last.percent', wanted.percent, last ? last.percent : null, last !== undefined && last.percent === wanted.percent);
      for (const part of wanted.note_has ?? []) check('last.note_has', part, last?.note ?? null, last !== undefined && contains(last.note, part));
      for (const part of wanted.note_lacks ?? []) check('last.note_lacks', part, last?.note ?? null, last !== undefined && !contains(last.note, part));
    }
    // Anything stored on this turn must follow a shown draft and an answer that confirms it (or one the scenario
    // expected to store).
    if (kept.length > storedBefore) {
      const confirmed = draftBefore !== null && (CONFIRMATION.test(folded(say).replace(/[.!,;]+/gu, '').trim()) || expect.stored === kept.length);
      check('confirmed_only', 'nothing stored that was not confirmed', `${kept.length - storedBefore} stored`, confirmed);
    }
    storedBefore = kept.length;
    if (failure) check('error', 'a reply', failure, false);
    turns.push({ index, who: turn.who, say: turn.say, at: at.toISOString(), reply: text, outcome: reply?.outcome ?? null, checks, passed: checks.every((entry) => entry.passed) });
  }
  return { id: scenario.id, setupError: null, turns, passed: turns.every((turn) => turn.passed) };
}

export function summarise(results: readonly ScenarioResult[]): ScenariosSummary {
  const turns = results.flatMap((result) => result.turns);
  const checks = turns.flatMap((turn) => turn.checks);
  return {
    scenarios: { passed: results.filter((result) => result.passed).length, total: results.length },
    turns: { passed: turns.filter((turn) => turn.passed).length, total: turns.length },
    checks: { passed: checks.filter((entry) => entry.passed).length, total: checks.length },
  };
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

export function formatResults(results: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    if (result.setupError) lines.push(`✗ ${result.id}: setup failed — ${result.setupError}`);
    for (const turn of result.turns) {
      for (const entry of turn.checks.filter((candidate) => !candidate.passed)) {
        const got = entry.got === null || entry.check === 'text' || entry.check === 'not_text' ? '' : `, got ${show(entry.got)}`;
        lines.push(`✗ ${result.id} #${turn.index} [${turn.who}] "${clip(turn.say, 120)}"`);
        lines.push(`    ${entry.check}: expected ${show(entry.expected)}${got}`);
        lines.push(`    reply (${turn.outcome ?? 'none'}): ${clip(turn.reply)}`);
      }
    }
  }
  const summary = summarise(results);
  lines.push(
    '',
    `scenarios passed: ${summary.scenarios.passed}/${summary.scenarios.total}`,
    `turns passed: ${summary.turns.passed}/${summary.turns.total}`,
    `checks passed: ${summary.checks.passed}/${summary.checks.total}`,
  );
  return lines.join('\n');
}

/** Plays every scenario of a file, in order; each starts from empty officials' tables. */
export async function runScenarios(file: string, deps: ScenariosCliDeps): Promise<ScenarioResult[]> {
  let text: string;
  try {
    text = deps.readFile(file);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const results: ScenarioResult[] = [];
  for (const scenario of parseScenarios(text, file)) results.push(await playScenario(scenario, deps));
  return results;
}

export async function runScenariosCli(args: string[], deps: ScenariosCliDeps): Promise<number> {
  const err = deps.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  const parsed = parseArgs(args, ['json']);
  const [file, ...extra] = parsed.positional;
  try {
    if (!file || extra.length > 0) throw new UsageError('Usage: scenarios FILE.jsonl [--json]');
    const results = await runScenarios(file, deps);
    deps.out(parsed.flags.has('json') ? JSON.stringify({ summary: summarise(results), scenarios: results }) : formatResults(results));
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(error.message);
    return 2;
  }
}
