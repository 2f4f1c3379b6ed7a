import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, todayInVietnam, weekdayOf } from '../../src/engine/dates.ts';
import { hourInVietnam, isOverdue, isUpcoming } from '../../src/officials/dates.ts';
import { createAgencyLookup } from '../../src/officials/directory.ts';
import { UnknownAgencyError } from '../../src/officials/errors.ts';
import { inQuietHours, reminderKindFor } from '../../src/officials/scheduler.ts';
import { officialsKnowledge } from '../fixtures/officials-knowledge.ts';

describe('dates', () => {
  it('uses Asia/Ho_Chi_Minh for today and the hour', () => {
    expect(todayInVietnam(new Date('2026-11-27T17:30:00Z'))).toBe('2026-11-28');
    expect(hourInVietnam(new Date('2026-11-27T17:30:00Z'))).toBe(0);
    expect(weekdayOf('2026-11-30')).toBe(1);
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(daysBetween('2026-11-28', '2026-12-12')).toBe(14);
  });

  it('computes overdue and upcoming against the finished flag', () => {
    const task = officialsKnowledge().tasks.find((t) => t.id === 'PL1.29')!; // due 2026-06-30
    expect(isOverdue(task, '2026-07-01', false)).toBe(true);
    expect(isOverdue(task, '2026-07-01', true)).toBe(false);
    expect(isOverdue(task, '2026-06-30', false)).toBe(false);
    expect(isUpcoming(task, '2026-06-01', false)).toBe(true);
    expect(isUpcoming(task, '2026-05-30', false)).toBe(false);
  });
});

describe('agency directory', () => {
  const directory = createAgencyLookup(officialsKnowledge());

  it('resolves any alias, with or without diacritics', () => {
    expect(directory.resolve('Sở Y tế').id).toBe('so-y-te');
    expect(directory.resolve('so y te').id).toBe('so-y-te');
    expect(directory.resolve('SỞ KH&CN').id).toBe('so-khcn');
    expect(directory.resolve('Van phong Uy ban nhan dan tinh').id).toBe('vp-ubnd');
    expect(directory.resolve('Sở Thông tin và Truyền thông').id).toBe('so-khcn');
  });

  it('rejects unknown agencies and collectives with close matches', () => {
    expect(() => directory.resolve('Các sở, ban, ngành, đơn vị, địa phương')).toThrow(UnknownAgencyError);
    try {
      directory.resolve('Sở Y khoa');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownAgencyError);
      expect((error as UnknownAgencyError).closeMatches[0]).toBe('Sở Y tế');
      expect((error as Error).message).toContain('Sở Y khoa');
    }
  });
});

describe('scheduler rules', () => {
  it('quiet hours wrap midnight', () => {
    expect(inQuietHours({ from: 21, to: 7 }, 22)).toBe(true);
    expect(inQuietHours({ from: 21, to: 7 }, 6)).toBe(true);
    expect(inQuietHours({ from: 21, to: 7 }, 7)).toBe(false);
    expect(inQuietHours({ from: 12, to: 13 }, 12)).toBe(true);
    expect(inQuietHours(null, 3)).toBe(false);
  });

  it('picks the tightest lead time a task is within', () => {
    expect(reminderKindFor(20, [14, 3])).toBeNull();
    expect(reminderKindFor(14, [14, 3])).toBe('before_14');
    expect(reminderKindFor(5, [3, 14])).toBe('before_14');
    expect(reminderKindFor(2, [14, 3])).toBe('before_3');
    expect(reminderKindFor(0, [14, 3])).toBe('before_3');
    expect(reminderKindFor(-1, [14, 3])).toBe('overdue');
  });
});

describe('agency lookup over the real knowledge', () => {
  it('resolves names written the way people write them, through the question matcher', async () => {
    const { knowledge } = await import('../engine/support.ts');
    const lookup = createAgencyLookup(knowledge());
    expect(lookup.resolve('Sở Khoa học & Công nghệ tỉnh Hưng Yên').id).toBe('so-khcn');
    expect(lookup.resolve('BQL KKT và các KCN').id).toBe('bql-kkt-kcn');
    expect(lookup.resolve('Sở Thông tin và Truyền thông').id).toBe('so-khcn');
    expect(() => lookup.resolve('Sở Ngoại vụ Sao Hỏa')).toThrow(UnknownAgencyError);
  });
});
