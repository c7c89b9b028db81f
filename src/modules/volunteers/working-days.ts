/**
 * Days and clock times of the public notice, in Asia/Shanghai (UTC+8 all year, no daylight
 * saving): an instant is shifted by eight hours and read as UTC.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/**
 * Whether a calendar day (as a UTC date at midnight) is a working day. Monday to Friday until
 * the working-day calendar exists; this one function is what it will replace.
 */
export function isWorkingDay(day: Date): boolean {
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The end of a public notice: the same Asia/Shanghai clock time as `from`, on the n-th
 * working day after the day of `from`.
 */
export function addWorkingDays(from: Date, n: number, workingDay: (day: Date) => boolean = isWorkingDay): Date {
  const local = from.getTime() + SHANGHAI_OFFSET_MS;
  const timeOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  let day = local - timeOfDay;
  let counted = 0;
  while (counted < n) {
    day += DAY_MS;
    if (workingDay(new Date(day))) counted += 1;
  }
  return new Date(day + timeOfDay - SHANGHAI_OFFSET_MS);
}

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
