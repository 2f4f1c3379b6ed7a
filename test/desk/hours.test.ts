/** DESK_HOURS: parsing, open or not, the next opening (src/desk/hours.ts), in Việt Nam time. */
import { describe, expect, it } from 'vitest';
import { parseWorkingHours, WorkingHoursError } from '../../src/desk/hours.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';

/** An instant given in Việt Nam time. */
const vn = (local: string) => new Date(`${local}+07:00`);

describe('working hours', () => {
  const hours = parseWorkingHours('T2-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30');

  it('is open inside a span and closed outside (2026-12-02 is a Wednesday)', () => {
    expect(hours.isOpen(vn('2026-12-02T08:00:00'))).toBe(true);
    expect(hours.isOpen(vn('2026-12-02T12:00:00'))).toBe(false);
    expect(hours.isOpen(vn('2026-12-02T17:00:00'))).toBe(false);
    expect(hours.isOpen(vn('2026-12-05T10:00:00'))).toBe(true);
    expect(hours.isOpen(vn('2026-12-05T14:00:00'))).toBe(false);
    expect(hours.isOpen(vn('2026-12-06T09:00:00'))).toBe(false);
  });

  it('says when it opens next', () => {
    expect(hours.nextOpening(vn('2026-12-02T12:00:00'))).toEqual(vn('2026-12-02T13:30:00'));
    expect(hours.nextOpening(vn('2026-12-02T19:00:00'))).toEqual(vn('2026-12-03T07:30:00'));
    expect(hours.nextOpening(vn('2026-12-05T12:00:00'))).toEqual(vn('2026-12-07T07:30:00'));
    expect(hours.nextOpening(vn('2026-12-02T08:00:00'))).toEqual(vn('2026-12-02T08:00:00'));
  });

  it('reads "off" as always open and refuses what it cannot read', () => {
    const always = parseWorkingHours('off');
    expect(always.isOpen(vn('2026-12-06T03:00:00'))).toBe(true);
    expect(always.nextOpening(vn('2026-12-06T03:00:00'))).toBeNull();
    for (const bad of ['T2-T6', 'T9 07:00-08:00', 'T2 17:00-08:00', 'T2 25:00-26:00', '']) expect(() => parseWorkingHours(bad), bad).toThrow(WorkingHoursError);
  });

  it('comes from DESK_HOURS, with a default and a clear error', () => {
    expect(loadConfig({}).desk.hours.label).toBe('T2-T6 07:30-11:30, 13:30-17:00');
    expect(loadConfig({}).desk.retentionDays).toBe(30);
    expect(() => loadConfig({ DESK_HOURS: 'T2-T6 9h-17h' })).toThrow(ConfigError);
  });
});
