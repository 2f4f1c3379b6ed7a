/**
 * A simulated quarter over the real engine, officials' service, scheduler and store: five agencies asked once
 * each, three on time, one chased and then on time, one late, and the consolidated .xlsx and .docx say exactly that.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoQuarter, type DemoQuarterResult } from '../../src/cli/demo-quarter.ts';
import { settableClock } from '../../src/cli/scenarios.ts';
import type { OfficialNotifier } from '../../src/officials/service.ts';
import { createOfficialsService } from '../../src/officials/service.ts';
import { createStatusMemory } from '../../src/status/memory.ts';
import type { Database } from '../../src/store/database.ts';
import { openMemoryDatabase } from '../../src/store/open.ts';
import { officialsConfig } from '../officials/support.ts';
import { deployment, engineOver, realSnapshot } from '../support/knowledge.ts';

describe('demo:quarter', () => {
  let db: Database;
  let dir: string;
  let result: DemoQuarterResult;
  const printed: string[] = [];

  beforeAll(async () => {
    db = await openMemoryDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-quarter-'));
    const snapshot = await realSnapshot();
    const clock = settableClock();
    const config = officialsConfig({ reportingRequestDays: [14, 3] });
    const statusMemory = await createStatusMemory(db);
    let notifier: OfficialNotifier | null = null;
    const officials = createOfficialsService({ db, knowledge: () => snapshot, deployment: deployment(), config, clock, notify: () => notifier });
    const engine = engineOver(snapshot, { officials, statuses: async () => statusMemory.current(), clock: () => clock.now() });
    result = await runDemoQuarter(['--out', dir, '--period', '2026-Q4'], {
      db,
      engine,
      knowledge: () => snapshot,
      config,
      setNow: (instant) => clock.set(instant),
      bindNotifier: (notify) => {
        notifier = notify;
      },
      out: (text) => printed.push(text),
      today: '2026-11-01',
    });
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks five agencies once each and chases the two that had not answered', () => {
    expect([...result.requests.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(result.chased).toHaveLength(2);
    for (const agency of result.chased) expect(result.requests.has(agency)).toBe(true);
  });

  it('writes a workbook and a Word report that show three on time, one chased on time, one late', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(result.files.find((file) => file.endsWith('.xlsx'))!);
    const summary = workbook.worksheets[0]!;
    const rows: unknown[][] = [];
    summary.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.findIndex((row) => row.includes('Báo cáo muộn'));
    expect(header).toBeGreaterThanOrEqual(0);
    const lateColumn = rows[header]!.indexOf('Báo cáo muộn');
    const reportedColumn = rows[header]!.indexOf('Ngày báo cáo');
    const asked = rows.slice(header + 1).filter((row) => result.requests.has(String(row[0])));
    const byAgency = new Map(asked.map((row) => [String(row[0]), row]));
    expect(byAgency.size).toBe(5);
    const late = [...byAgency].filter(([, row]) => row[lateColumn] === 'Có' || row[lateColumn] === true).map(([agency]) => agency);
    expect(late).toHaveLength(1);
    expect(result.chased).toContain(late[0]);
    for (const row of byAgency.values()) expect(row[reportedColumn]).toBeTruthy();

    const body = strFromU8(unzipSync(new Uint8Array(fs.readFileSync(result.files.find((file) => file.endsWith('.docx'))!)))['word/document.xml']!);
    expect(body).toContain('Quý IV/2026');
    expect(body).toContain('báo cáo muộn');
    for (const agency of result.requests.keys()) expect(body).toContain(agency.replace(/&/g, '&amp;'));
  });
});
