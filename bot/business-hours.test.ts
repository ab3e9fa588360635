import { describe, expect, it } from 'vitest';
import { BusinessHours } from './business-hours.ts';

describe('BusinessHours', () => {
  const warsaw = BusinessHours.parse('mon-fri 09:00-17:00; sat 10:00-14:00', 'Europe/Warsaw');

  it('is always open without a spec', () => {
    const h = BusinessHours.parse('', 'UTC');
    expect(h.alwaysOpen).toBe(true);
    expect(h.status(new Date('2025-01-05T03:00:00Z'))).toEqual({ open: true });
  });

  it('knows when the team is in, in the team\'s time zone', () => {
    // 2025-03-03 is a Monday; Warsaw is UTC+1 in winter.
    expect(warsaw.status(new Date('2025-03-03T08:30:00Z'))).toEqual({ open: true, openSince: new Date('2025-03-03T08:00:00Z') });
    expect(warsaw.isOpen(new Date('2025-03-03T07:59:00Z'))).toBe(false);
    expect(warsaw.isOpen(new Date('2025-03-03T16:00:00Z'))).toBe(false);
    expect(warsaw.isOpen(new Date('2025-03-08T09:30:00Z'))).toBe(true); // Saturday 10:30
  });

  it('finds the next opening: after hours, over the weekend, and across a daylight-saving change', () => {
    expect(warsaw.status(new Date('2025-03-03T18:00:00Z'))).toEqual({ open: false, nextOpen: new Date('2025-03-04T08:00:00Z') });
    expect(warsaw.status(new Date('2025-03-08T14:00:00Z')).nextOpen).toEqual(new Date('2025-03-10T08:00:00Z'));
    // Clocks go forward on Sunday 2025-03-30: Monday 09:00 is 07:00 UTC.
    expect(warsaw.status(new Date('2025-03-29T20:00:00Z')).nextOpen).toEqual(new Date('2025-03-31T07:00:00Z'));
  });

  it('describes itself and formats times in the customer\'s language', () => {
    expect(warsaw.describe()).toBe('Mon–Fri 09:00–17:00, Sat 10:00–14:00 (Europe/Warsaw)');
    expect(warsaw.formatLocal(new Date('2025-03-04T08:00:00Z'), 'en')).toMatch(/Tuesday.*09:00/);
    expect(warsaw.formatLocal(new Date('2025-03-04T08:00:00Z'), 'pl')).toMatch(/wtorek.*09:00/);
  });

  it('counts the open time between two instants: within a day, overnight, over a weekend', () => {
    const h = (a: string, b: string) => warsaw.openMillisBetween(new Date(a), new Date(b)) / 60_000;
    expect(h('2025-03-03T08:30:00Z', '2025-03-03T09:15:00Z')).toBe(45);
    // Monday 17:30 to Tuesday 09:30 local: only Tuesday's first half hour.
    expect(h('2025-03-03T16:30:00Z', '2025-03-04T08:30:00Z')).toBe(30);
    // Friday 16:00 local to Monday 10:00 local: 1 h Friday + 4 h Saturday + 1 h Monday.
    expect(h('2025-03-07T15:00:00Z', '2025-03-10T09:00:00Z')).toBe(360);
    expect(BusinessHours.always().openMillisBetween(new Date(0), new Date(90_000))).toBe(90_000);
  });

  it('refuses what it cannot read, naming the part', () => {
    expect(() => BusinessHours.parse('weekdays 9-5')).toThrow(/weekdays 9-5/);
    expect(() => BusinessHours.parse('mon-fri 17:00-09:00')).toThrow(/after opening/);
    expect(() => BusinessHours.parse('mon-fri 09:00-17:00', 'Mars/Olympus')).toThrow(/time zone/);
  });
});
