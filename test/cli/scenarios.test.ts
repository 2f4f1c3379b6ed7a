/**
 * The scenario runner over the real engine, the real officials' service and an in-memory store, on a small file
 * of its own: checks that hold pass, deliberately wrong expectations fail, invites are issued and substituted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios, runScenariosCli, settableClock, summarise, type ScenarioResult, type ScenariosCliDeps } from '../../src/cli/scenarios.ts';
import { clearOfficialsData } from '../../src/officials/repository.ts';
import { createOfficialsService } from '../../src/officials/service.ts';
import { createStatusMemory } from '../../src/status/memory.ts';
import type { Database } from '../../src/store/database.ts';
import { openMemoryDatabase } from '../../src/store/open.ts';
import { officialsConfig } from '../officials/support.ts';
import { deployment, engineOver, realSnapshot, ROOT } from '../support/knowledge.ts';

const FILE = path.join(ROOT, 'test', 'fixtures', 'officials-scenarios-small.jsonl');

describe('scenarios runner', () => {
  let db: Database;
  let deps: ScenariosCliDeps;
  let results: ScenarioResult[];
  const printed: string[] = [];

  beforeAll(async () => {
    db = await openMemoryDatabase();
    const snapshot = await realSnapshot();
    const clock = settableClock();
    const config = officialsConfig();
    const statusMemory = await createStatusMemory(db);
    const officials = createOfficialsService({ db, knowledge: () => snapshot, deployment: deployment(), config, clock });
    deps = {
      engine: engineOver(snapshot, { officials, statuses: async () => statusMemory.current(), clock: () => clock.now() }),
      db,
      knowledge: snapshot,
      config,
      clock,
      reset: async () => {
        await clearOfficialsData(db);
        await statusMemory.refresh();
      },
      readFile: (file) => readFileSync(file, 'utf8'),
      out: (text) => printed.push(text),
      err: (text) => printed.push(text),
    };
    results = await runScenarios(FILE, deps);
  });
  afterAll(() => db?.close());

  it('passes a scenario whose expectations hold', () => {
    const ok = results.find((result) => result.id === 'own-ok')!;
    expect(ok.turns.flatMap((turn) => turn.checks.filter((check) => !check.passed))).toEqual([]);
    expect(ok.passed).toBe(true);
  });

  it('fails each deliberately wrong expectation, and only those', () => {
    const wrong = results.find((result) => result.id === 'own-wrong')!;
    expect(wrong.passed).toBe(false);
    const failed = wrong.turns.flatMap((turn) => turn.checks.filter((check) => !check.passed).map((check) => `${turn.index}:${check.check}`));
    expect(failed).toEqual(['0:text', '0:not_text', '1:last.percent']);
    expect(wrong.turns[0]!.checks.find((check) => check.check === 'outcome')!.passed).toBe(true);
  });

  it('starts each scenario from an empty store and issues the invites it names', () => {
    const invite = results.find((result) => result.id === 'own-invite')!;
    expect(invite.passed).toBe(true);
    expect(summarise(results)).toEqual({ scenarios: { passed: 2, total: 3 }, turns: { passed: 3, total: 5 }, checks: { passed: 17, total: 20 } });
  });

  it('prints the failures and the totals, and exits 2 without a file', async () => {
    printed.length = 0;
    expect(await runScenariosCli([FILE], deps)).toBe(0);
    const text = printed.join('\n');
    expect(text).toContain('own-wrong #1');
    expect(text).toContain('scenarios passed: 2/3');
    expect(await runScenariosCli([], deps)).toBe(2);
    expect(await runScenariosCli(['/no/such/file.jsonl'], deps)).toBe(2);
  });
});
