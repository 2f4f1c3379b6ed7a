/**
 * The officials' pure rules: what an agency may do on a task, which agency an official may be bound to, the
 * coordinator agencies of the configuration, and when reminders go out (on the Việt Nam clock).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeSnapshot } from '../../src/knowledge/snapshot.ts';
import { UnknownAgencyError } from '../../src/knowledge/agencies.ts';
import { bindableAgency, reportsStatus, taskRole } from '../../src/officials/roles.ts';
import { inQuietHours, reminderKindFor } from '../../src/officials/scheduler.ts';
import { isCoordinator, resolveCoordinatorAgencies } from '../../src/officials/service.ts';
import type { Official } from '../../src/officials/repository.ts';
import { addDays, daysBetween, hourInVietnam, todayInVietnam, weekdayOf } from '../../src/text/dates.ts';
import { officialsSnapshot } from '../fixtures/officials-knowledge.ts';
import { realSnapshot } from '../support/knowledge.ts';

let knowledge: KnowledgeSnapshot;
beforeAll(async () => {
  knowledge = await officialsSnapshot();
});
const task = (id: string) => knowledge.task(`719:${id}`)!;

describe('roles', () => {
  it('the lead changes the status, each agency its part of a task given to all, a partner comments', () => {
    expect(taskRole(task('PL1.29'), 'so-yt', knowledge.agencies)).toBe('lead');
    expect(taskRole(task('PL1.29'), 'so-khcn', knowledge.agencies)).toBe('partner');
    expect(taskRole(task('PL1.29'), 'so-tc', knowledge.agencies)).toBeNull();
    expect(taskRole(task('PL1.2'), 'so-tc', knowledge.agencies)).toBe('collective');
    // Named as lead beats the collective: Sở Giáo dục leads PL1.19, every other agency is a partner.
    expect(taskRole(task('PL1.19'), 'so-gddt', knowledge.agencies)).toBe('lead');
    expect(taskRole(task('PL1.19'), 'so-yt', knowledge.agencies)).toBe('partner');
    // The successor leads what its former agency led.
    expect(taskRole(task('PL2.20'), 'so-khcn', knowledge.agencies)).toBe('lead');
    expect(taskRole(task('PL2.115'), 'so-yt', knowledge.agencies)).toBeNull();
    expect([reportsStatus('lead'), reportsStatus('collective'), reportsStatus('partner'), reportsStatus(null)]).toEqual([true, true, false, false]);
  });

  it('binds an official only to an agency that holds a task of a loaded document', () => {
    expect(bindableAgency('so y te', knowledge).id).toBe('so-yt');
    expect(bindableAgency('Sở Thông tin và Truyền thông', knowledge).id).toBe('so-khcn');
    // Known to the gazetteer, but no task of the fixture names it.
    expect(() => bindableAgency('Sở Nội vụ', knowledge)).toThrow(UnknownAgencyError);
    expect(() => bindableAgency('Sở Y khoa', knowledge)).toThrow(UnknownAgencyError);
  });

  it('offers the agency that holds the tasks when the name is one the documents do not use', async () => {
    const real = await realSnapshot();
    expect(bindableAgency('Sở Văn hóa, Thể thao và Du lịch', real).id).toBe('so-vhttdl');
    try {
      bindableAgency('Sở Du lịch', real);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownAgencyError);
      expect((error as UnknownAgencyError).closeMatches).toEqual(['Sở Văn hóa, Thể thao và Du lịch']);
    }
  });

  it('resolves the configured coordinator agencies, skipping and logging unknown names', () => {
    const warnings: object[] = [];
    const logger = { info() {}, warn: (object: object) => warnings.push(object), error() {} };
    const ids = resolveCoordinatorAgencies(knowledge.agencies, ['Sở Khoa học và Công nghệ', 'Văn phòng UBND tỉnh', 'Sở Y khoa'], logger);
    expect([...ids]).toEqual(['so-khcn', 'vp-ubnd']);
    expect(warnings).toEqual([expect.objectContaining({ agency: 'Sở Y khoa' })]);
    const official = (agencyId: string, role: Official['role']) => ({ agencyId, role }) as Official;
    expect(isCoordinator(official('vp-ubnd', 'official'), ids)).toBe(true);
    expect(isCoordinator(official('so-yt', 'coordinator'), ids)).toBe(true);
    expect(isCoordinator(official('so-yt', 'official'), ids)).toBe(false);
  });
});

describe('the Việt Nam clock the reminders read', () => {
  it('uses UTC+7 for today and the hour', () => {
    expect(todayInVietnam(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(todayInVietnam(new Date('2026-11-27T16:59:00Z'))).toBe('2026-11-27');
    expect(hourInVietnam(new Date('2026-11-27T17:30:00Z'))).toBe(0);
    expect(hourInVietnam(new Date('2026-06-20T16:00:00Z'))).toBe(23);
    expect(weekdayOf('2026-11-30')).toBe(1);
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(daysBetween('2026-11-28', '2026-12-12')).toBe(14);
    expect(daysBetween('2026-07-01', '2026-06-30')).toBe(-1);
  });
});

describe('scheduler rules', () => {
  it('quiet hours wrap midnight', () => {
    expect(inQuietHours({ from: 21, to: 7 }, 22)).toBe(true);
    expect(inQuietHours({ from: 21, to: 7 }, 6)).toBe(true);
    expect(inQuietHours({ from: 21, to: 7 }, 7)).toBe(false);
    expect(inQuietHours({ from: 21, to: 7 }, 20)).toBe(false);
    expect(inQuietHours({ from: 12, to: 13 }, 12)).toBe(true);
    expect(inQuietHours({ from: 12, to: 13 }, 13)).toBe(false);
    expect(inQuietHours({ from: 5, to: 5 }, 5)).toBe(false);
    expect(inQuietHours(null, 3)).toBe(false);
  });

  it('picks the tightest lead time a task is within', () => {
    expect(reminderKindFor(20, [14, 3])).toBeNull();
    expect(reminderKindFor(14, [14, 3])).toBe('before_14');
    expect(reminderKindFor(5, [3, 14])).toBe('before_14');
    expect(reminderKindFor(2, [14, 3])).toBe('before_3');
    expect(reminderKindFor(0, [14, 3])).toBe('before_3');
    expect(reminderKindFor(-1, [14, 3])).toBe('overdue');
    expect(reminderKindFor(-1, [])).toBe('overdue');
    expect(reminderKindFor(1, [])).toBeNull();
  });
});
