import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import type { Queryable } from '../../database/queries.js';
import { CalendarSource, type CalendarDayValue } from './calendar.models.js';
import { CalendarRepository, type OverrideRow } from './calendar.repository.js';
import { addDays, daysBetween, isCivilDate, shanghaiDate, weekdayOf, yearOf } from './civil-date.js';
import { holidayDataCovers, holidayDataDay } from './holiday-data.js';
import { parseOfficeHours, type OfficeSpan } from '../../config/office-hours.js';
import { addOfficeMinutes, addWorkdays, BeyondLoadedDays, daysToLoad, MAX_SEARCH_DAYS, type WorkdayLookup } from './working-time.js';

const MINUTE_MS = 60_000;
export const MAX_CALENDAR_DAYS = 366;

/** A day without an override: the holiday data where it covers the year, else Monday-Friday. */
function shippedDay(date: string): CalendarDayValue {
  const data = holidayDataDay(date);
  if (data) return { date, workday: data.workday, note: data.note, source: CalendarSource.HOLIDAY_DATA };
  const weekday = weekdayOf(date);
  return { date, workday: weekday !== 0 && weekday !== 6, note: null, source: CalendarSource.WEEKDAY_RULE };
}

function dayWith(date: string, override: OverrideRow | undefined): CalendarDayValue {
  return override ? { date, workday: override.workday, note: override.note, source: CalendarSource.OVERRIDE } : shippedDay(date);
}

/** The years from `now`'s (Asia/Shanghai) to the next that the shipped holiday data does not cover. */
export function uncoveredYears(now: Date = new Date()): number[] {
  const year = yearOf(shanghaiDate(now));
  return [year, year + 1].filter((y) => !holidayDataCovers(y));
}

/**
 * The working-day calendar and working time: each day is an override (calendar_override),
 * else the shipped holiday data, else the weekday rule; office time is OFFICE_HOURS on
 * workdays. Overrides are read from the database in the caller's transaction for each
 * computation (one indexed range read), so a change counts for every deadline computed after
 * it commits, on every instance, with no cache to go stale.
 */
@Injectable()
export class WorkingCalendar {
  readonly officeHours: readonly OfficeSpan[];

  constructor(
    private readonly repo: CalendarRepository,
    config: AppConfig,
    private readonly db: DataSource,
  ) {
    // AppConfig validated OFFICE_HOURS at boot.
    this.officeHours = parseOfficeHours(config.OFFICE_HOURS)!;
  }

  /** For the CLI, which has no Nest application. */
  static standalone(db: DataSource, config: AppConfig): WorkingCalendar {
    return new WorkingCalendar(new CalendarRepository(), config, db);
  }

  /** Days from `from` to `to` inclusive (at most 366), as the calendar has them. */
  async days(from: string, to: string, q: Queryable = this.db): Promise<CalendarDayValue[]> {
    if (!isCivilDate(from)) throw badInput('from', 'from must be a real day written YYYY-MM-DD');
    if (!isCivilDate(to)) throw badInput('to', 'to must be a real day written YYYY-MM-DD');
    const n = daysBetween(from, to) + 1;
    if (n < 1) throw badInput('to', 'to must not be before from');
    if (n > MAX_CALENDAR_DAYS) throw badInput('to', `At most ${MAX_CALENDAR_DAYS} days at once`);
    const overrides = new Map((await this.repo.overridesBetween(from, to, q)).map((o) => [o.day, o]));
    return Array.from({ length: n }, (_, i) => {
      const date = addDays(from, i);
      return dayWith(date, overrides.get(date));
    });
  }

  async day(date: string, q: Queryable = this.db): Promise<CalendarDayValue> {
    return (await this.days(date, date, q))[0];
  }

  /**
   * When something that started at `from` falls due: `minutes` later, or with `workingTime`
   * `minutes` of office time later (the earliest t ≥ from with that many office minutes in
   * [from, t]). Every due instant of the server is computed here.
   */
  async dueAt(from: Date, minutes: number, workingTime: boolean, q: Queryable = this.db): Promise<Date> {
    if (!workingTime) return new Date(from.getTime() + minutes * MINUTE_MS);
    return this.withLookup(from, daysToLoad(minutes, this.officeHours), q, (lookup) => addOfficeMinutes(from, minutes, this.officeHours, lookup));
  }

  /** The same Asia/Shanghai clock time as `from` on the n-th workday after its day. */
  addWorkdays(from: Date, n: number, q: Queryable = this.db): Promise<Date> {
    return this.withLookup(from, n * 2 + 30, q, (lookup) => addWorkdays(from, n, lookup));
  }

  /**
   * Runs a computation over days loaded from `from`'s day on: `span` days first, twice as
   * many whenever it walks past them (a long holiday, a year of overrides without workdays).
   */
  private async withLookup<T>(from: Date, span: number, q: Queryable, compute: (lookup: WorkdayLookup) => T): Promise<T> {
    const start = shanghaiDate(from);
    for (let days = Math.min(span, MAX_SEARCH_DAYS + 1); ; days = Math.min(days * 2, MAX_SEARCH_DAYS + 1)) {
      const end = addDays(start, days);
      const overrides = new Map((await this.repo.overridesBetween(start, end, q)).map((o) => [o.day, o]));
      const lookup: WorkdayLookup = (date) => (date < start || date > end ? undefined : dayWith(date, overrides.get(date)).workday);
      try {
        return compute(lookup);
      } catch (error) {
        if (!(error instanceof BeyondLoadedDays) || days > MAX_SEARCH_DAYS) throw error;
      }
    }
  }
}
