/**
 * The quarterly reporting cycle: periods, who has reported, the period's requests and the coordinator's chase,
 * sent once even when repeated or run by two instances, and the consolidated report built from the store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { chaseAgencies } from '../../src/officials/chase.ts';
import { buildConsolidatedReport } from '../../src/officials/consolidated.ts';
import { periodBoard, periodReports, renderPeriodBoard } from '../../src/officials/cycle.ts';
import { parsePeriod, periodOf, PeriodFormatError, quarterPeriod, requestLeadTime } from '../../src/officials/periods.ts';
import { addOfficial, type Official } from '../../src/officials/repository.ts';
import { runReminders } from '../../src/officials/scheduler.ts';
import { createOfficialsService, type OfficialsService } from '../../src/officials/service.ts';
import { latestStatuses } from '../../src/status/view.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { officialsSnapshot } from '../fixtures/officials-knowledge.ts';
import { adminUrl, engines, freshPostgresDatabase, type StoreHandle } from '../support/databases.ts';
import { deployment } from '../support/knowledge.ts';
import { message, officialsConfig, resetOfficials, TestClock } from './support.ts';

describe('reporting periods', () => {
  it('is a quarter due on the configured day of its last month', () => {
    expect(quarterPeriod(2026, 4, 10)).toEqual({ key: '2026-Q4', label: 'Quý IV/2026', start: '2026-10-01', end: '2026-12-31', due: '2026-12-10' });
    expect(periodOf('2027-02-14', 10)).toMatchObject({ key: '2027-Q1', start: '2027-01-01', due: '2027-03-10' });
    // A due day past the month's end falls on its last day.
    expect(quarterPeriod(2026, 2, 31).due).toBe('2026-06-30');
    expect(parsePeriod('2026-q3', 10).key).toBe('2026-Q3');
    expect(() => parsePeriod('Q3/2026', 10)).toThrow(PeriodFormatError);
  });

  it('asks at the tightest lead time today is within, never after the due date', () => {
    const period = quarterPeriod(2026, 4, 10);
    expect(requestLeadTime(period, '2026-11-20', [14, 3])).toBeNull();
    expect(requestLeadTime(period, '2026-11-26', [14, 3])).toBe(14);
    expect(requestLeadTime(period, '2026-12-08', [14, 3])).toBe(3);
    expect(requestLeadTime(period, '2026-12-11', [14, 3])).toBeNull();
  });
});

for (const engine of engines('cycle')) {
  describe(`reporting cycle: ${engine.label}`, () => {
    let handle: StoreHandle;
    let db: Database;
    let knowledge: KnowledgeSnapshot;
    let clock: TestClock;
    let service: OfficialsService;
    let sent: Array<{ userId: string; text: string }>;
    const send = async (official: Official, text: string) => {
      sent.push({ userId: official.userId, text });
    };
    const config = officialsConfig({ reportingRequestDays: [14, 3], reminderDays: [], digestWeekday: 7 as number });

    beforeAll(async () => {
      [handle, knowledge] = await Promise.all([engine.open(), officialsSnapshot()]);
      db = handle.db;
    });
    afterAll(async () => {
      await handle?.dispose();
    });
    beforeEach(async () => {
      await resetOfficials(db);
      sent = [];
      clock = new TestClock(new Date('2026-11-20T03:00:00Z'));
      service = createOfficialsService({ db, knowledge: () => knowledge, deployment: deployment(), config, clock, notify: () => send });
      for (const [userId, agencyId, role] of [
        ['1001', 'so-yt', 'official'],
        ['3003', 'so-tc', 'official'],
        ['5005', 'so-gddt', 'official'],
        ['2002', 'so-khcn', 'coordinator'],
      ] as const) {
        await addOfficial(db, { channel: 'telegram', userId, agencyId, name: `Cán bộ ${userId}`, role, now: clock.now() });
      }
    });

    async function report(userId: string, text: string, at: string) {
      clock.set(at);
      const today = at.slice(0, 10);
      expect(await service.handle(message(userId, text, { today }))).toMatchObject({ outcome: 'confirm' });
      expect(await service.handle(message(userId, 'có', { today }))).toMatchObject({ outcome: 'answered' });
    }

    it('knows who reported in the period, and who reported late', async () => {
      await report('1001', '/capnhat PL1.29 đạt 60%', '2026-11-25T03:00:00Z');
      await report('3003', '/capnhat PL1.20 xong', '2026-12-12T03:00:00Z');
      // An update of the previous quarter does not count for this one.
      await report('5005', '/capnhat PL1.19 đạt 30%', '2026-09-28T03:00:00Z');
      const period = quarterPeriod(2026, 4, 10);
      const board = periodBoard(knowledge, await latestStatuses(db), await periodReports(db, period), period);
      const row = (agencyId: string) => board.rows.find((entry) => entry.agencyId === agencyId)!;
      expect(row('so-yt')).toMatchObject({ reportedOn: '2026-11-25', late: false });
      expect(row('so-tc')).toMatchObject({ reportedOn: '2026-12-12', late: true });
      expect(row('so-gddt')).toMatchObject({ reportedOn: null, late: false });
      // Not reported first, then late, then on time.
      expect(board.rows[0]!.reportedOn).toBeNull();
      expect(board.rows.findIndex((entry) => entry.agencyId === 'so-tc')).toBeLessThan(board.rows.findIndex((entry) => entry.agencyId === 'so-yt'));
      expect(renderPeriodBoard(board)).toContain('Báo cáo muộn (1): Sở Tài chính (12/12/2026)');
    });

    it('sends the period request once per lead time to agencies that have not reported', async () => {
      await report('1001', '/capnhat PL1.29 đạt 60%', '2026-11-25T03:00:00Z');
      const at = (iso: string) => ({ db, knowledge, config, today: iso.slice(0, 10), now: new Date(iso), send });
      const first = await runReminders(at('2026-11-27T03:00:00Z'));
      const requested = first.sent.filter((entry) => entry.kind === 'request_14').map((entry) => entry.official.userId).sort();
      // Sở Y tế has reported this quarter: no request.
      expect(requested).toEqual(['2002', '3003', '5005']);
      const toFinance = first.sent.find((entry) => entry.kind === 'request_14' && entry.official.userId === '3003')!.text;
      expect(toFinance).toContain('Quý IV/2026');
      expect(toFinance).toContain('10/12/2026');
      expect(toFinance).toContain('PL1.20');
      expect((await runReminders(at('2026-11-28T03:00:00Z'))).sent.filter((entry) => entry.kind.startsWith('request_'))).toEqual([]);
      // The next lead time asks again.
      expect((await runReminders(at('2026-12-08T03:00:00Z'))).sent.filter((entry) => entry.kind === 'request_3')).toHaveLength(3);
    });

    it('lets a coordinator see the period and chase, once a day; others may not', async () => {
      await report('1001', '/capnhat PL1.29 đạt 60%', '2026-11-25T03:00:00Z');
      clock.set('2026-12-05T03:00:00Z');
      const day = { today: '2026-12-05' };
      expect(await service.handle(message('1001', '/donduc', day))).toMatchObject({ outcome: 'refused' });
      expect(sent).toEqual([]);
      const board = await service.handle(message('2002', '/kybaocao', day));
      expect(board!.text).toContain('Chưa báo cáo');
      expect(board!.text).toContain('Sở Tài chính');
      const chased = await service.handle(message('2002', '/donduc', day));
      expect(chased!.text).toContain('Sở Tài chính');
      expect(chased!.text).not.toContain('Sở Y tế');
      expect(sent.map((entry) => entry.userId).sort()).toEqual(['2002', '3003', '5005']);
      expect(sent.find((entry) => entry.userId === '3003')!.text).toContain('Đôn đốc');
      await service.handle(message('2002', '/donduc', day));
      expect(sent).toHaveLength(3);
    });

    it('builds the consolidated report from the store', async () => {
      await report('1001', '/capnhat PL1.29 đạt 60%', '2026-11-25T03:00:00Z');
      await report('3003', '/capnhat PL1.20 xong', '2026-12-12T03:00:00Z');
      const period = quarterPeriod(2026, 4, 10);
      const model = buildConsolidatedReport({
        knowledge, statuses: await latestStatuses(db), reports: await periodReports(db, period), period, today: '2026-12-15', agencyId: null,
      });
      expect(model.periodLabel).toBe('Quý IV/2026');
      expect(model.periodDue).toBe('10/12/2026');
      expect(model.subtitle).toContain('quý IV/2026');
      const sections = model.blocks.flatMap((block) => block.agencies);
      const health = sections.find((section) => section.agencyName === 'Sở Y tế' && section.tasks.some((task) => task.taskId === 'PL1.29'))!;
      expect(health.reportedOn).toBe('25/11/2026');
      // Reported, but past its due date (30/6/2026) and not finished: late, with what was said.
      expect(health.tasks.find((task) => task.taskId === 'PL1.29')).toMatchObject({ status: 'late', overdue: true, progress: expect.stringContaining('60%') });
      const finance = sections.find((section) => section.agencyName === 'Sở Tài chính' && section.tasks.some((task) => task.taskId === 'PL1.20'))!;
      expect(finance.lateReport).toBe(true);
      expect(finance.tasks.find((task) => task.taskId === 'PL1.20')!.status).toBe('done');
      expect(model.totals.agenciesLate).toBeGreaterThanOrEqual(1);
      expect(model.totals.total).toBe(sections.reduce((sum, section) => sum + section.tasks.length, 0));
    });

  });
}

describe.runIf(adminUrl)('reporting cycle: two instances on one PostgreSQL', () => {
  it('chases and requests once when both instances run at the same moment', async () => {
    const { url, drop } = await freshPostgresDatabase('cycle_two');
    const [one, two] = [await openPostgres(url), await openPostgres(url)];
    try {
      await migrate(one);
      const knowledge = await officialsSnapshot();
      const now = new Date('2026-12-05T03:00:00Z');
      for (const [userId, agencyId] of [['1001', 'so-yt'], ['3003', 'so-tc'], ['5005', 'so-gddt']] as const) {
        await addOfficial(one, { channel: 'telegram', userId, agencyId, name: `Cán bộ ${userId}`, role: 'official', now });
      }
      const sent: string[] = [];
      const send = async (official: Official) => {
        sent.push(official.userId);
      };
      const config = officialsConfig({ reportingRequestDays: [14], reminderDays: [], digestWeekday: 7 as number });
      const options = (db: Database) => ({ db, knowledge, config, today: '2026-12-05', now, send });
      await Promise.all([chaseAgencies(options(one)), chaseAgencies(options(two))]);
      expect(sent.sort()).toEqual(['1001', '3003', '5005']);
      const runs = await Promise.all([runReminders(options(one)), runReminders(options(two))]);
      const requests = runs.flatMap((run) => run.sent).filter((entry) => entry.kind.startsWith('request_'));
      expect(requests.map((entry) => entry.official.userId).sort()).toEqual(['1001', '3003', '5005']);
    } finally {
      await one.close();
      await two.close();
      await drop();
    }
  });
});
