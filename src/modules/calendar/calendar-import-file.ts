import { CsvSyntaxError, parseCsv } from '../../common/csv.js';
import { isCivilDate } from './civil-date.js';

export interface CalendarCsvDay {
  date: string;
  workday: boolean;
  note: string | null;
}

const WORK = new Set(['true', '1', 'yes', 'work', '班']);
const OFF = new Set(['false', '0', 'no', 'off', '休']);

/**
 * A year's notice as CSV, the rows `setCalendarDays` takes: a header `date,workday,note`,
 * then one day per line (`2027-10-01,false,国庆节`; workday true/false, 1/0, yes/no, work/off,
 * 班/休; note optional, at most 200 characters). Every problem is reported with its line;
 * with any problem nothing is imported.
 */
export function parseCalendarCsv(text: string): { days: CalendarCsvDay[]; lines: number[]; problems: string[] } {
  const days: CalendarCsvDay[] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { days, lines, problems: [`line ${error.line}: ${error.message}`] };
    throw error;
  }
  const [header, ...rows] = records;
  const names = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  const col = { date: names.indexOf('date'), workday: names.indexOf('workday'), note: names.indexOf('note') };
  if (col.date < 0 || col.workday < 0) return { days, lines, problems: ['line 1: the header must name the columns date and workday (and optionally note)'] };
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const date = (fields[col.date] ?? '').trim();
    const workday = (fields[col.workday] ?? '').trim().toLowerCase();
    const note = col.note >= 0 ? (fields[col.note] ?? '').trim() : '';
    if (!isCivilDate(date)) problems.push(`line ${line}: date: "${date}" is not a day written YYYY-MM-DD`);
    else if (seen.has(date)) problems.push(`line ${line}: date: ${date} is given twice (also on line ${seen.get(date)})`);
    if (!WORK.has(workday) && !OFF.has(workday)) problems.push(`line ${line}: workday: "${workday}" is not true or false`);
    if (note.length > 200) problems.push(`line ${line}: note: at most 200 characters`);
    if (/[\p{Cc}\p{Cs}]/u.test(note)) problems.push(`line ${line}: note: control characters or broken Unicode`);
    seen.set(date, seen.get(date) ?? line);
    days.push({ date, workday: WORK.has(workday), note: note === '' ? null : note });
    lines.push(line);
  }
  if (rows.length === 0) problems.push('the file has no days');
  return { days, lines, problems };
}
