import { conflict } from '../../common/errors/domain-error.js';
import { addDays, shanghaiDate, shanghaiMidnightMs, shanghaiTimeOfDayMs } from './civil-date.js';
import type { OfficeSpan } from '../../config/office-hours.js';

const MINUTE_MS = 60_000;

/** Whether a day (YYYY-MM-DD) is a workday; undefined when the caller has not loaded it. */
export type WorkdayLookup = (date: string) => boolean | undefined;

/** Thrown when a computation needs a day the lookup has not loaded: load further and retry. */
export class BeyondLoadedDays extends Error {
  constructor(readonly date: string) {
    super(`the calendar is not loaded as far as ${date}`);
  }
}

function workday(lookup: WorkdayLookup, date: string): boolean {
  const answer = lookup(date);
  if (answer === undefined) throw new BeyondLoadedDays(date);
  return answer;
}

/** Never walk further than this looking for office time (a calendar with no workday at all). */
export const MAX_SEARCH_DAYS = 3660;

/**
 * The earliest instant t ≥ from whose office minutes in [from, t] equal `minutes`: office
 * minutes are those inside the office spans of workdays, in Asia/Shanghai. Pure instant
 * arithmetic (Shanghai has no daylight saving): 0 minutes is `from` itself; a limit that ends
 * exactly at the end of a span ends there (12:00), not when the next one starts.
 */
export function addOfficeMinutes(from: Date, minutes: number, spans: readonly OfficeSpan[], lookup: WorkdayLookup): Date {
  let remaining = minutes * MINUTE_MS;
  if (remaining <= 0) return new Date(from.getTime());
  let date = shanghaiDate(from);
  let clock = shanghaiTimeOfDayMs(from);
  for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
    if (workday(lookup, date)) {
      const midnight = shanghaiMidnightMs(date);
      for (const span of spans) {
        const start = Math.max(span.start * MINUTE_MS, clock);
        const end = span.end * MINUTE_MS;
        if (start >= end) continue;
        if (remaining <= end - start) return new Date(midnight + start + remaining);
        remaining -= end - start;
      }
    }
    date = addDays(date, 1);
    clock = 0;
  }
  throw conflict(`The calendar has no office time within ${MAX_SEARCH_DAYS} days of ${from.toISOString()}`);
}

/**
 * The same Asia/Shanghai clock time as `from` on the n-th workday after the day of `from`
 * (the end of a public notice).
 */
export function addWorkdays(from: Date, n: number, lookup: WorkdayLookup): Date {
  const clock = shanghaiTimeOfDayMs(from);
  let date = shanghaiDate(from);
  let counted = 0;
  for (let i = 0; counted < n; i++) {
    if (i >= MAX_SEARCH_DAYS) throw conflict(`The calendar has no ${n} workdays within ${MAX_SEARCH_DAYS} days of ${from.toISOString()}`);
    date = addDays(date, 1);
    if (workday(lookup, date)) counted += 1;
  }
  return new Date(shanghaiMidnightMs(date) + clock);
}

/** How many days past `from`'s Shanghai day a computation may need, as a first guess to load. */
export function daysToLoad(minutes: number, spans: readonly OfficeSpan[]): number {
  const perDay = spans.reduce((sum, s) => sum + s.end - s.start, 0);
  return Math.ceil((minutes / perDay) * 1.6) + 45;
}

