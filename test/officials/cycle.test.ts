/**
 * The reporting cycle: quarterly and ad-hoc ("đột xuất") periods, who has reported (also by "không thay đổi"), the
 * period's requests and the coordinator's chase, sent once even when repeated or run by two instances, and the
 * consolidated report built from the store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { chaseAgencies } from '../../src/officials/chase.ts';
import { buildConsolidatedReport } from '../../src/officials/consolidated.ts';
import { periodBoard, periodReports, renderPeriodBoard } from '../../src/officials/cycle.ts';
import { adhocPeriod, answeringPeriod, parsePeriod, parsePeriodKey, periodOf, PeriodFormatError, quarterPeriod, requestLeadTime } from '../../src/officials/periods.ts';
import { openAdhocPeriod, resolvePeriod } from '../../src/officials/adhoc.ts';
import { requestPeriod } from '../../src/officials/requests.ts';
import { allUpdates } from '../../src/officials/repository.ts';
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
    expect(quarterPeriod(2026, 4, 10)).toEqual({ key: '2026-Q4', label: 'Quý IV/2026', start: '2026-10-01', end: '2026-12-31', due: '2026-12-10', kind: 'quarter', title: null });
    expect(periodOf('2027-02-14', 10)).toMatchObject({ key: '2027-Q1', start: '2027-01-01', due: '2027-03-10' });
    // A due day past the month's end falls on its last day.
    expect(quarterPeriod(2026, 2, 31).due).toBe('2026-06-30');
    expect(parsePeriod('2026-q3', 10).key).toBe('2026-Q3');
    expect(() => parsePeriod('Q3/2026', 10)).toThrow(PeriodFormatError);
  });

  it('builds an ad-hoc period from its row, reads its key, and knows which period agencies are answering', () => {
    const adhoc = adhocPeriod({ id: 3, title: 'báo cáo tiến độ chuyển đổi số', openedOn: '2026-12-01', due: '2026-12-20' });
    expect(adhoc).toMatchObject({ key: 'DX3', kind: 'adhoc', start: '2026-12-01', due: '2026-12-20', end: '2027-01-19' });
    expect(adhoc.label).toContain('đột xuất');
    expect(adhoc.label).toContain('báo cáo tiến độ chuyển đổi số');
    expect(parsePeriodKey('dx3', 10)).toEqual({ adhocId: 3 });
    expect(parsePeriodKey('2026-Q4', 10)).toMatchObject({ quarter: { key: '2026-Q4' } });
    expect(() => parsePeriodKey('DX', 10)).toThrow(PeriodFormatError);
    const quarter = quarterPeriod(2026, 4, 10);
    // Both open: the later-started one; after the quarter's due date, the ad-hoc one; after both, the quarter.
    expect(answeringPeriod([quarter, adhoc], '2026-12-05').key).toBe('DX3');
    expect(answeringPeriod([quarter], '2026-12-05').key).toBe('2026-Q4');
    expect(answeringPeriod([quarter, adhoc], '2026-12-15').key).toBe('DX3');
    expect(answeringPeriod([quarter, adhoc], '2026-12-25').key).toBe('2026-Q4');
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

    it('opens an ad-hoc period from chat, sends its request once, and marks reports after its due date late', async () => {
      clock.set('2026-12-01T03:00:00Z');
      const day = (today: string) => ({ today });
      expect(await service.handle(message('1001', 'mở kỳ báo cáo đột xuất hạn 20/12: báo cáo tiến độ chuyển đổi số', day('2026-12-01')))).toMatchObject({ outcome: 'refused' });
      expect((await service.handle(message('2002', 'mở kỳ báo cáo đột xuất', day('2026-12-01'))))!.outcome).toBe('clarification');
      expect((await service.handle(message('2002', '/kydotxuat 20/11/2026 quá hạn rồi', day('2026-12-01'))))!.outcome).toBe('clarification');
      const opened = await service.handle(message('2002', 'mở kỳ báo cáo đột xuất hạn 20/12: báo cáo tiến độ chuyển đổi số', day('2026-12-01')));
      expect(opened!.text).toContain('Đã mở');
      expect(opened!.text).toContain('20/12/2026');
      expect(sent.map((entry) => entry.userId).sort()).toEqual(['1001', '2002', '3003', '5005']);
      const request = sent.find((entry) => entry.userId === '3003')!.text;
      expect(request).toContain('báo cáo tiến độ chuyển đổi số');
      expect(request).toContain('20/12/2026');
      expect(request).toContain('không thay đổi');
      // The same words again, the slash form, the scheduler: the period exists once and nobody is asked twice.
      expect((await service.handle(message('2002', '/kydotxuat 20/12 báo cáo tiến độ chuyển đổi số', day('2026-12-01'))))!.text).toContain('đã được mở trước đó');
      const run = await runReminders({ db, knowledge, config, today: '2026-12-01', now: clock.now(), send });
      expect(run.sent.filter((entry) => entry.kind.startsWith('request_') && entry.text.includes('đột xuất'))).toEqual([]);
      expect(sent).toHaveLength(4 + run.sent.length);
      expect((await db.query('SELECT 1 FROM reporting_periods')).rows).toHaveLength(1);

      await report('1001', '/capnhat PL1.29 đạt 70%', '2026-12-05T03:00:00Z');
      await report('3003', '/capnhat PL1.20 đạt 40%', '2026-12-22T03:00:00Z');
      const period = await resolvePeriod(db, 'DX1', 10);
      expect(period.kind).toBe('adhoc');
      const board = periodBoard(knowledge, await latestStatuses(db), await periodReports(db, period), period);
      expect(board.rows.find((row) => row.agencyId === 'so-yt')).toMatchObject({ reportedOn: '2026-12-05', late: false });
      expect(board.rows.find((row) => row.agencyId === 'so-tc')).toMatchObject({ reportedOn: '2026-12-22', late: true });
      expect(board.rows.find((row) => row.agencyId === 'so-gddt')).toMatchObject({ reportedOn: null });
      // The coordinator's board shows the quarter and the ad-hoc period.
      clock.set('2026-12-22T04:00:00Z');
      const text = (await service.handle(message('2002', '/kybaocao', day('2026-12-22'))))!.text;
      expect(text).toContain('Quý IV/2026');
      expect(text).toContain('Kỳ báo cáo đột xuất "báo cáo tiến độ chuyển đổi số" — hạn báo cáo 20/12/2026.');
      expect(text).toContain('Báo cáo muộn (1): Sở Tài chính (22/12/2026)');
      // A chase names the period; after its due date it says so.
      const chased = await service.handle(message('2002', '/donduc DX1', day('2026-12-22')));
      expect(chased!.text).toContain('đột xuất');
      expect(sent.filter((entry) => entry.text.startsWith('Đôn đốc')).map((entry) => entry.userId).sort()).toEqual(['2002', '5005']);
      const model = buildConsolidatedReport({ knowledge, statuses: await latestStatuses(db), reports: await periodReports(db, period), period, today: '2026-12-22', agencyId: null });
      expect(model.periodLabel).toBe(period.label);
      expect(model.subtitle).toContain('kỳ báo cáo đột xuất');
      expect(model.totals.agenciesLate).toBeGreaterThanOrEqual(1);
    });

    it('records "không thay đổi" for the remaining tasks, once confirmed, as reported with the status carried over', async () => {
      await report('1001', '/capnhat PL1.29 đạt 60%', '2026-11-25T03:00:00Z');
      clock.set('2026-11-27T03:00:00Z');
      const day = { today: '2026-11-27' };
      const shown = await service.handle(message('1001', 'dạ bên em không thay đổi ạ', day));
      expect(shown).toMatchObject({ outcome: 'confirm' });
      expect(shown!.text).toContain('Quý IV/2026');
      expect(shown!.text).toContain('Có / Không');
      // PL1.29 was reported this quarter: not in the list.
      expect(shown!.text).not.toContain('PL1.29');
      expect((await allUpdates(db)).filter((row) => row.kind === 'unchanged')).toEqual([]);
      const stored = await service.handle(message('1001', 'có', day));
      expect(stored!.text).toContain('không thay đổi');
      const unchanged = (await allUpdates(db)).filter((row) => row.kind === 'unchanged');
      expect(unchanged.length).toBeGreaterThan(0);
      expect(unchanged.every((row) => row.agencyId === 'so-yt' && row.status === null)).toBe(true);
      // Nothing left to say "không thay đổi" for; the latest status is still the one reported.
      expect((await service.handle(message('1001', 'ko thay doi', day)))!.text).toContain('đã báo cáo mọi nhiệm vụ');
      expect((await latestStatuses(db)).get('719:PL1.29')![0]!.percent).toBe(60);
      // Withdrawn whole by /huy.
      expect((await service.handle(message('1001', '/huy', day)))!.text).toContain(`${unchanged.length} nhiệm vụ`);
      expect((await allUpdates(db)).filter((row) => row.kind === 'withdrawal')).toHaveLength(unchanged.length);
    });

    it('records "không thay đổi" for one named task with its previous status, and counts the agency as reported', async () => {
      await report('3003', '/capnhat PL1.20 đạt 40%', '2026-09-20T03:00:00Z');
      clock.set('2026-11-27T03:00:00Z');
      const day = { today: '2026-11-27' };
      expect((await service.handle(message('1001', 'PL1.20 không thay đổi', day)))!.outcome).toBe('refused');
      const shown = await service.handle(message('3003', 'PL1.20 không thay đổi', day));
      expect(shown).toMatchObject({ outcome: 'confirm' });
      expect(shown!.text).toContain('PL1.20');
      expect(shown!.text).toContain('40%');
      expect((await service.handle(message('3003', 'có ạ', day)))!.outcome).toBe('answered');
      const rows = (await allUpdates(db)).filter((row) => row.kind === 'unchanged');
      const carried = (await allUpdates(db)).find((row) => row.kind === 'status' && row.taskId === '719:PL1.20')!;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.carriesId).toBe(carried.id);
      const period = quarterPeriod(2026, 4, 10);
      const board = periodBoard(knowledge, await latestStatuses(db), await periodReports(db, period), period);
      expect(board.rows.find((row) => row.agencyId === 'so-tc')).toMatchObject({ reportedOn: '2026-11-27', late: false });
      const history = await service.handle(message('3003', '/lichsu PL1.20', day));
      expect(history!.text).toContain('không thay đổi (giữ nguyên');
      // "không" drops such a draft; nothing is stored.
      await service.handle(message('5005', 'như kỳ trước ạ', day));
      expect((await service.handle(message('5005', 'không', day)))!.text).toContain('không có gì được lưu');
      expect((await allUpdates(db)).filter((row) => row.kind === 'unchanged')).toHaveLength(1);
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
      // An ad-hoc period opened on one instance: its request goes out once between both instances and their schedulers.
      const { period } = await openAdhocPeriod(one, { title: 'báo cáo nhanh', openedOn: '2026-12-05', due: '2026-12-15', openedBy: null, now });
      sent.length = 0;
      const both = await Promise.all([requestPeriod({ db: one, knowledge, period, now, send }), requestPeriod({ db: two, knowledge, period, now, send })]);
      const scheduled = await Promise.all([runReminders(options(one)), runReminders(options(two))]);
      const adhoc = scheduled.flatMap((run) => run.sent).filter((entry) => entry.kind === 'request_open').map((entry) => entry.official.userId);
      expect([...sent].sort()).toEqual(['1001', '3003', '5005']);
      expect(both.reduce((sum, run) => sum + run.sent, 0) + adhoc.length).toBe(3);
    } finally {
      await one.close();
      await two.close();
      await drop();
    }
  });
});
