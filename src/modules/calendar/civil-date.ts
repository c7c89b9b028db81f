/**
 * Days and clock times of Asia/Shanghai, where the calendar and office hours live. China has
 * kept UTC+8 all year since 1991 (no daylight saving), so a day there is exactly 24 hours and
 * an instant's Shanghai day and clock time are its UTC ones shifted by eight hours. Days cross
 * every boundary as `YYYY-MM-DD` text; only the two conversions below touch instants.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 24 * 3600_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day written YYYY-MM-DD (years 1900-9999). */
export function isCivilDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a YYYY-MM-DD day (checked by the caller). */
function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The day `n` days after `date` (before, for negative n). */
export function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The Asia/Shanghai day of an instant. */
export function shanghaiDate(at: Date): string {
  return fromDayNumber(Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** Milliseconds since Shanghai midnight of an instant. */
export function shanghaiTimeOfDayMs(at: Date): number {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The instant of Shanghai midnight starting `date`, in epoch milliseconds. */
export function shanghaiMidnightMs(date: string): number {
  return dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}
