/** The status rules every view shares (src/status/rules.ts), over the officials' fixture. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deadline, Task } from '../../src/documents/types.ts';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import {
  deadlineStatus,
  dueDate,
  effectiveStatus,
  isFinished,
  isOverdue,
  isUpcoming,
  sortByDue,
  UPCOMING_DAYS,
  type LatestStatus,
  type StatusCode,
} from '../../src/status/rules.ts';
import { officialsSnapshot } from '../fixtures/officials-knowledge.ts';

let knowledge: KnowledgeSnapshot;
beforeAll(async () => {
  knowledge = await officialsSnapshot();
});

const task = (id: string): Task => knowledge.task(`719:${id}`)!;

let updateId = 0;
function status(agencyId: string, code: StatusCode, taskKey = '719:PL1.29'): LatestStatus {
  updateId += 1;
  return {
    updateId,
    taskKey,
    agencyId,
    status: code,
    percent: null,
    note: '',
    publicNote: '',
    evidenceUrl: null,
    officialName: 'Cán bộ',
    updatedAt: new Date('2026-05-20T03:00:00Z'),
  };
}

const withDeadline = (deadline: Deadline): Task => ({ ...task('PL1.29'), deadline });

describe('dueDate', () => {
  it('is the due day of a dated deadline and the end of a period; other kinds have none', () => {
    expect(dueDate(task('PL1.29').deadline)).toBe('2026-06-30');
    expect(dueDate(task('PL2.10').deadline)).toBe('2030-12-31');
    for (const deadline of [
      { kind: 'ongoing', text: 'Thường xuyên' },
      { kind: 'yearly', text: 'Hàng năm' },
      { kind: 'recurring', text: 'Hằng quý' },
      { kind: 'conditional', text: 'Khi Trung ương có quy định' },
      { kind: 'unknown', text: 'Theo tiến độ' },
      { kind: 'none', text: '' },
    ] as Deadline[]) {
      expect(dueDate(deadline), deadline.kind).toBeNull();
    }
  });
});

describe('overdue and upcoming', () => {
  it('computes overdue against the finished flag: due before today and not finished', () => {
    const pl129 = task('PL1.29'); // due 2026-06-30
    expect(isOverdue(pl129, '2026-07-01', false)).toBe(true);
    expect(isOverdue(pl129, '2026-07-01', true)).toBe(false);
    expect(isOverdue(pl129, '2026-06-30', false)).toBe(false);
    expect(isOverdue(task('PL1.6'), '2030-01-01', false)).toBe(false); // "Thường xuyên" is never overdue
    expect(isOverdue(task('PL2.10'), '2031-01-01', false)).toBe(true); // a period is due at its end
  });

  it('computes upcoming as due today or within the window, not finished', () => {
    const pl129 = task('PL1.29');
    expect(UPCOMING_DAYS).toBe(30);
    expect(isUpcoming(pl129, '2026-06-01', false)).toBe(true);
    expect(isUpcoming(pl129, '2026-05-31', false)).toBe(true); // exactly 30 days ahead
    expect(isUpcoming(pl129, '2026-05-30', false)).toBe(false);
    expect(isUpcoming(pl129, '2026-06-30', false)).toBe(true); // due today
    expect(isUpcoming(pl129, '2026-07-01', false)).toBe(false); // past: overdue, not upcoming
    expect(isUpcoming(pl129, '2026-06-01', true)).toBe(false);
    expect(isUpcoming(pl129, '2026-06-20', false, 7)).toBe(false);
    expect(isUpcoming(pl129, '2026-06-25', false, 7)).toBe(true);
    expect(isUpcoming(task('PL2.115'), '2026-06-01', false)).toBe(false); // no deadline printed
  });
});

describe('isFinished', () => {
  it('a task with a named lead is finished when every lead that reported says so', () => {
    const pl129 = task('PL1.29'); // led by Sở Y tế, Sở KH&CN partner
    expect(isFinished(pl129, undefined, knowledge.agencies)).toBe(false);
    expect(isFinished(pl129, [], knowledge.agencies)).toBe(false);
    expect(isFinished(pl129, [status('so-yt', 'hoan_thanh')], knowledge.agencies)).toBe(true);
    expect(isFinished(pl129, [status('so-yt', 'dang_trien_khai')], knowledge.agencies)).toBe(false);
    // A partner's report is not the lead's.
    expect(isFinished(pl129, [status('so-khcn', 'hoan_thanh')], knowledge.agencies)).toBe(false);
  });

  it('counts the successor of a former lead agency as the lead', () => {
    const pl220 = task('PL2.20'); // printed lead: Sở Thông tin và Truyền thông, now Sở KH&CN
    expect(isFinished(pl220, [status('so-khcn', 'hoan_thanh', '719:PL2.20')], knowledge.agencies)).toBe(true);
  });

  it('a task given to all agencies is never finished as a whole, only an agency’s own part', () => {
    const pl12 = task('PL1.2');
    const reports = [status('so-yt', 'dang_trien_khai', '719:PL1.2'), status('so-tc', 'hoan_thanh', '719:PL1.2')];
    expect(isFinished(pl12, reports, knowledge.agencies)).toBe(false);
    expect(isFinished(pl12, [status('so-tc', 'hoan_thanh', '719:PL1.2')], knowledge.agencies)).toBe(false);
    expect(isFinished(pl12, reports, knowledge.agencies, 'so-tc')).toBe(true);
    expect(isFinished(pl12, reports, knowledge.agencies, 'so-yt')).toBe(false);
    expect(isFinished(pl12, reports, knowledge.agencies, 'vp-ubnd')).toBe(false);
  });
});

describe('deadlineStatus', () => {
  it('says where a deadline stands today', () => {
    const pl129 = task('PL1.29').deadline; // a month, due 2026-06-30
    expect(deadlineStatus(pl129, '2026-07-05')).toEqual({ kind: 'overdue', days: 5, due: '2026-06-30' });
    expect(deadlineStatus(pl129, '2026-06-30')).toEqual({ kind: 'due_today', due: '2026-06-30' });
    expect(deadlineStatus(pl129, '2026-06-16')).toEqual({ kind: 'remaining', days: 14, due: '2026-06-30' });
    expect(deadlineStatus(task('PL2.10').deadline, '2030-12-01')).toEqual({ kind: 'running', days: 30, due: '2030-12-31' });
    expect(deadlineStatus(task('PL2.10').deadline, '2031-01-02')).toEqual({ kind: 'overdue', days: 2, due: '2030-12-31' });
    expect(deadlineStatus(task('PL1.6').deadline, '2026-01-01')).toEqual({ kind: 'no_date' });
    expect(deadlineStatus({ kind: 'none', text: '' }, '2026-01-01')).toEqual({ kind: 'no_date' });
  });
});

describe('sortByDue', () => {
  it('orders by due date, undated last, and keeps the order of equal ones', () => {
    const sorted = sortByDue([task('PL1.6'), task('PL1.29'), task('PL2.36'), task('PL1.20'), task('PL2.115'), task('PL1.2')]);
    expect(sorted.map((t) => t.id)).toEqual(['PL1.20', 'PL1.2', 'PL1.29', 'PL2.36', 'PL1.6', 'PL2.115']);
    const a = withDeadline({ kind: 'date', text: 'A', due: '2026-01-31', precision: 'month' });
    const b = { ...a, id: 'B' };
    expect(sortByDue([b, a]).map((t) => t.id)).toEqual(['B', a.id]);
  });
});

describe('effectiveStatus', () => {
  it('takes the stated status, else what the percentage implies', () => {
    expect(effectiveStatus({ status: null, percent: 100 })).toBe('hoan_thanh');
    expect(effectiveStatus({ status: 'dang_trien_khai', percent: 100 })).toBe('hoan_thanh');
    expect(effectiveStatus({ status: 'vuong_mac', percent: 100 })).toBe('vuong_mac');
    // "hoàn thành 60%" is progress, not completion.
    expect(effectiveStatus({ status: 'hoan_thanh', percent: 60 })).toBe('dang_trien_khai');
    expect(effectiveStatus({ status: 'hoan_thanh', percent: null })).toBe('hoan_thanh');
    expect(effectiveStatus({ status: 'chua_trien_khai', percent: null })).toBe('chua_trien_khai');
    expect(effectiveStatus({ status: null, percent: 0 })).toBe('chua_trien_khai');
    expect(effectiveStatus({ status: null, percent: 40 })).toBe('dang_trien_khai');
    expect(effectiveStatus({ status: null, percent: null })).toBe('dang_trien_khai');
  });
});
