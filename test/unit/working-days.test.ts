import { describe, expect, it } from 'vitest';
import { shanghaiDate, weekdayOf } from '../../src/modules/calendar/civil-date.js';
import { addWorkdays } from '../../src/modules/calendar/working-time.js';

/** Monday to Friday (the calendar's own tests, in working-time.test.ts, add holidays and overrides). */
const weekdays = (date: string) => weekdayOf(date) !== 0 && weekdayOf(date) !== 6;
const addWorkingDays = (from: Date, n: number, lookup: (date: string) => boolean = weekdays) => addWorkdays(from, n, lookup);
import { eligibleLevel, parseStarThresholds } from '../../src/modules/volunteers/star-thresholds.js';
import { toTenths } from '../../src/modules/volunteers/tenths.js';

describe('the public notice ends on the 5th working day after the award day, same Shanghai clock time', () => {
  it('counts Monday to Friday from the day after', () => {
    // Friday 27 Nov 2026, 15:00 in Shanghai → Friday 4 Dec, 15:00.
    expect(addWorkingDays(new Date('2026-11-27T07:00:00Z'), 5).toISOString()).toBe('2026-12-04T07:00:00.000Z');
    // Saturday 28 Nov, 10:00 → Friday 4 Dec, 10:00 (the weekend does not count).
    expect(addWorkingDays(new Date('2026-11-28T02:00:00Z'), 5).toISOString()).toBe('2026-12-04T02:00:00.000Z');
    // Monday 30 Nov, 23:30 → Monday 7 Dec, 23:30.
    expect(addWorkingDays(new Date('2026-11-30T15:30:00Z'), 5).toISOString()).toBe('2026-12-07T15:30:00.000Z');
  });

  it('takes the day in Shanghai, not in UTC', () => {
    // Sunday 29 Nov 20:00 UTC is Monday 30 Nov 04:00 in Shanghai → Monday 7 Dec 04:00 there.
    expect(addWorkingDays(new Date('2026-11-29T20:00:00Z'), 5).toISOString()).toBe('2026-12-06T20:00:00.000Z');
    expect(shanghaiDate(new Date('2026-11-29T20:00:00Z'))).toBe('2026-11-30');
  });

  it('asks one function which days (YYYY-MM-DD) are working days: the calendar', () => {
    const everyDay = () => true;
    expect(addWorkingDays(new Date('2026-11-27T07:00:00Z'), 5, everyDay).toISOString()).toBe('2026-12-02T07:00:00.000Z');
  });
});

describe('star thresholds and tenths', () => {
  it('parses five increasing figures and refuses anything else', () => {
    expect(parseStarThresholds('100,300,600,1000,1500')).toEqual([1000, 3000, 6000, 10000, 15000]);
    expect(parseStarThresholds('1,2.5,3,4,5')).toEqual([10, 25, 30, 40, 50]);
    for (const bad of ['100,300,600,1000', '100,300,300,1000,1500', '0,1,2,3,4', '1,2,3,4,5.55', 'a,b,c,d,e', '']) {
      expect(parseStarThresholds(bad)).toBeNull();
    }
  });

  it('reaches a level at its threshold exactly', () => {
    const t = [1000, 3000, 6000, 10000, 15000];
    expect([0, 999, 1000, 2999, 3000, 15000, 99999].map((x) => eligibleLevel(x, t))).toEqual([0, 0, 1, 1, 2, 5, 5]);
  });

  it('takes whole tenths only', () => {
    expect(toTenths(1.5)).toBe(15);
    expect(toTenths(0.1 + 0.2)).toBe(3);
    expect(toTenths(-2.3)).toBe(-23);
    expect(toTenths(1.25)).toBeNull();
    expect(toTenths(Number.NaN)).toBeNull();
  });
});
