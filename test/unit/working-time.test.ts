import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, parseOfficeHours } from '../../src/config/office-hours.js';
import { addDays, isCivilDate, shanghaiDate, weekdayOf } from '../../src/modules/calendar/civil-date.js';
import { holidayDataCovers, holidayDataDay } from '../../src/modules/calendar/holiday-data.js';
import { uncoveredYears } from '../../src/modules/calendar/working-calendar.service.js';
import { addOfficeMinutes, BeyondLoadedDays, type WorkdayLookup } from '../../src/modules/calendar/working-time.js';

const HOURS = parseOfficeHours(DEFAULT_OFFICE_HOURS)!;
/** The shipped data, else Monday-Friday: what the calendar answers with no override. */
const shipped: WorkdayLookup = (date) => holidayDataDay(date)?.workday ?? (weekdayOf(date) !== 0 && weekdayOf(date) !== 6);
/** Shanghai wall-clock time → instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const due = (from: string, minutes: number, lookup: WorkdayLookup = shipped) => addOfficeMinutes(sh(from), minutes, HOURS, lookup).toISOString();

describe('the shipped holiday data (chinese-days behind holiday-data.ts)', () => {
  it('has the 2026 National Day holiday (Oct 1-7) with the Mid-autumn days before it', () => {
    for (let d = 1; d <= 7; d++) expect(holidayDataDay(`2026-10-0${d}`)?.workday).toBe(false);
    expect(holidayDataDay('2026-10-01')?.note).toContain('国庆节');
    expect(holidayDataDay('2026-10-07')?.note).toContain('调休');
    expect(holidayDataDay('2026-10-08')).toEqual({ workday: true, note: null });
  });

  it('has the 2026 make-up working days (调休上班) on weekends: Sunday 20 Sep and Saturday 10 Oct', () => {
    expect(weekdayOf('2026-09-20')).toBe(0);
    expect(weekdayOf('2026-10-10')).toBe(6);
    for (const date of ['2026-09-20', '2026-10-10']) {
      const day = holidayDataDay(date)!;
      expect(day.workday).toBe(true);
      expect(day.note).toContain('调休上班');
    }
    expect(holidayDataDay('2026-10-11')).toEqual({ workday: false, note: null }); // an ordinary Sunday
  });

  it('covers 2026 and not 2027 (no notice shipped yet): that year has no data, and /health names it', () => {
    expect(holidayDataCovers(2026)).toBe(true);
    expect(holidayDataCovers(2027)).toBe(false);
    expect(holidayDataDay('2027-10-01')).toBeUndefined();
    expect(uncoveredYears(sh('2026-11-30T10:00:00'))).toEqual([2027]);
    expect(uncoveredYears(sh('2025-06-01T10:00:00'))).toEqual([]);
    expect(uncoveredYears(sh('2027-12-31T23:59:00'))).toEqual([2027, 2028]);
  });

  describe('whatever the server time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      process.env.TZ = saved;
    });
    it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('answers for the day asked under TZ=%s', (tz) => {
      process.env.TZ = tz;
      expect(holidayDataDay('2026-10-08')).toEqual({ workday: true, note: null });
      expect(holidayDataDay('2026-09-20')?.workday).toBe(true);
      expect(holidayDataDay('2026-10-01')?.workday).toBe(false);
      expect(due('2026-09-30T17:00:00', 60)).toBe(sh('2026-10-08T09:00:00').toISOString());
    });
  });
});

describe('working time: the earliest t ≥ from whose office minutes in [from, t] equal the limit', () => {
  it('a request submitted on 2026-09-30 is due after the National Day holiday', () => {
    // Wednesday 30 Sep, 16:00: 90 minutes that day, then nothing until Thursday 8 Oct.
    expect(due('2026-09-30T16:00:00', 90)).toBe(sh('2026-09-30T17:30:00').toISOString());
    expect(due('2026-09-30T16:00:00', 91)).toBe(sh('2026-10-08T08:31:00').toISOString());
    // 20 office hours: 1.5 h on 30 Sep, Thursday 8 Oct, Friday 9 Oct, then the make-up Saturday 10 Oct until 16:30.
    expect(due('2026-09-30T16:00:00', 20 * 60)).toBe(sh('2026-10-10T16:30:00').toISOString());
  });

  it('counts the make-up working days: Sunday 20 Sep 2026 is a workday', () => {
    expect(due('2026-09-18T17:00:00', 60)).toBe(sh('2026-09-20T09:00:00').toISOString()); // Fri 17:00 → Sun 09:00
    expect(due('2026-09-19T10:00:00', 30)).toBe(sh('2026-09-20T09:00:00').toISOString()); // Saturday is off
  });

  it('skips the lunch break, and a limit that ends at its start ends there', () => {
    expect(due('2026-11-30T11:30:00', 60)).toBe(sh('2026-11-30T15:00:00').toISOString());
    expect(due('2026-11-30T11:30:00', 30)).toBe(sh('2026-11-30T12:00:00').toISOString());
    expect(due('2026-11-30T12:30:00', 1)).toBe(sh('2026-11-30T14:31:00').toISOString());
  });

  it('a start outside office hours counts from the next office minute', () => {
    expect(due('2026-11-30T06:00:00', 30)).toBe(sh('2026-11-30T09:00:00').toISOString()); // before opening
    expect(due('2026-11-30T20:00:00', 30)).toBe(sh('2026-12-01T09:00:00').toISOString()); // after closing
    expect(due('2026-11-28T10:00:00', 30)).toBe(sh('2026-11-30T09:00:00').toISOString()); // Saturday
    expect(due('2026-11-30T20:00:00', 0)).toBe(sh('2026-11-30T20:00:00').toISOString()); // 0 minutes: from itself
  });

  it('keeps seconds and milliseconds of the start inside office hours', () => {
    expect(addOfficeMinutes(new Date('2026-11-30T02:00:12.345Z'), 10, HOURS, shipped).toISOString()).toBe('2026-11-30T02:10:12.345Z');
  });

  it('is plain instant arithmetic, free of any daylight saving of the server zone', () => {
    const saved = process.env.TZ;
    try {
      // Across the US and EU daylight-saving changes of 2026 (8 Mar, 29 Mar, 25 Oct, 1 Nov).
      for (const tz of ['America/New_York', 'Europe/Berlin']) {
        process.env.TZ = tz;
        // Friday 17:00 + 60: half an hour on Friday, half an hour on Monday.
        expect(due('2026-03-06T17:00:00', 60)).toBe(sh('2026-03-09T09:00:00').toISOString());
        expect(due('2026-03-27T17:00:00', 60)).toBe(sh('2026-03-30T09:00:00').toISOString());
        expect(due('2026-10-23T17:00:00', 60)).toBe(sh('2026-10-26T09:00:00').toISOString());
        expect(due('2026-10-30T17:00:00', 390 * 2)).toBe(sh('2026-11-03T17:00:00').toISOString());
      }
    } finally {
      process.env.TZ = saved;
    }
    // An office day is 6.5 h on every workday: 3 days of office time is 3 × 390 minutes exactly.
    expect(due('2026-11-30T08:30:00', 3 * 390)).toBe(sh('2026-12-02T17:30:00').toISOString());
  });

  it('a year with no data follows Monday-Friday (2027: New Year and National Day are workdays until a notice is loaded)', () => {
    expect(due('2026-12-31T17:00:00', 60)).toBe(sh('2027-01-01T09:00:00').toISOString()); // Friday 1 Jan 2027
    expect(due('2027-09-30T17:00:00', 60)).toBe(sh('2027-10-01T09:00:00').toISOString());
    expect(due('2027-10-02T10:00:00', 60)).toBe(sh('2027-10-04T09:30:00').toISOString()); // Saturday → Monday
  });

  it('asks for more days when it walks past the ones loaded', () => {
    const loaded: WorkdayLookup = (date) => (date <= '2026-10-05' ? shipped(date) : undefined);
    expect(() => due('2026-09-30T17:00:00', 60, loaded)).toThrow(BeyondLoadedDays);
  });
});

describe('days of Asia/Shanghai and OFFICE_HOURS', () => {
  it('takes the day in Shanghai, not in UTC', () => {
    expect(shanghaiDate(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(shanghaiDate(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('knows a real day from text that only looks like one', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31'].every(isCivilDate)).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-00-10', '26-01-01', '2026-1-1', '2026-01-32', ''].some(isCivilDate)).toBe(false);
  });

  it('parses OFFICE_HOURS spans in order and refuses anything else', () => {
    expect(parseOfficeHours('08:30-12:00,14:30-17:30')).toEqual([
      { start: 510, end: 720 },
      { start: 870, end: 1050 },
    ]);
    expect(parseOfficeHours('00:00-24:00')).toEqual([{ start: 0, end: 1440 }]);
    for (const bad of ['', '8:30-12:00', '12:00-08:30', '08:30-12:00,11:00-17:30', '14:30-17:30,08:30-12:00', '08:30-12:00;14:30-17:30', '09:00-09:00', '24:00-24:30', 'all day']) {
      expect(parseOfficeHours(bad), bad).toBeNull();
    }
  });
});

describe('a calendar without workdays', () => {
  it('is a CONFLICT after ten years of searching, not a crash', () => {
    expect(() => addOfficeMinutes(new Date('2026-11-30T00:00:00Z'), 60, HOURS, () => false)).toThrow(/no office time within 3660 days/);
  });
});
