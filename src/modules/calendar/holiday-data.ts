import { createRequire } from 'node:module';
import { weekdayOf, yearOf } from './civil-date.js';

/**
 * The one place that knows the `chinese-days` package (the State Council's holiday notices
 * with their make-up working days, 调休). Days go in and out as `YYYY-MM-DD` text of
 * Asia/Shanghai; no Date crosses this boundary.
 *
 * We read the package's published data (`dist/chinese-days.json`: holidays, make-up working
 * days and days off in lieu, keyed by `YYYY-MM-DD`) rather than call its functions: those turn
 * a `YYYY-MM-DD` text into a Date at UTC midnight and read it back with local-time getters, so
 * on a server whose time zone is west of UTC they answer for the day before (1.5.7 says
 * 2026-10-08 is "2026-10-07, Wednesday" under TZ=America/Los_Angeles).
 */
interface HolidayFile {
  /** Days off: "English name,中文名,days". */
  holidays: Record<string, string>;
  /** Make-up working days (调休上班) on a weekend. */
  workdays: Record<string, string>;
  /** Days off in lieu (调休), also listed in `holidays`. */
  inLieuDays: Record<string, string>;
}

const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as HolidayFile;

/** Years the package has a notice for: the years with at least one holiday listed. */
const COVERED = new Set(Object.keys(data.holidays).map(yearOf));

export function holidayDataCovers(year: number): boolean {
  return COVERED.has(year);
}

export function holidayDataYears(): number[] {
  return [...COVERED].sort((a, b) => a - b);
}

/** "National Day,国庆节,3" → "国庆节 National Day". */
function name(entry: string): string {
  const [en, cn] = entry.split(',');
  return cn ? `${cn} ${en}` : en;
}

/**
 * A day as the shipped data has it: a holiday with its name, a make-up working day with a
 * note, or an ordinary day (Monday-Friday work, no note). Undefined when the data does not
 * cover the day's year.
 */
export function holidayDataDay(date: string): { workday: boolean; note: string | null } | undefined {
  if (!COVERED.has(yearOf(date))) return undefined;
  const makeUp = data.workdays[date];
  if (makeUp) return { workday: true, note: `${name(makeUp)} 调休上班 (make-up working day)` };
  const holiday = data.holidays[date];
  if (holiday) return { workday: false, note: data.inLieuDays[date] ? `${name(holiday)} 调休 (day off in lieu)` : name(holiday) };
  const weekday = weekdayOf(date);
  return { workday: weekday !== 0 && weekday !== 6, note: null };
}
