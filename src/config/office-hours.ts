/** The default OFFICE_HOURS: morning and afternoon, with the lunch break between. */
export const DEFAULT_OFFICE_HOURS = '08:30-12:00,14:30-17:30';

/** One stretch of office time in a day, in minutes since midnight: [start, end). */
export interface OfficeSpan {
  start: number;
  end: number;
}

const SPAN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;

/**
 * Parses OFFICE_HOURS: comma-separated `HH:MM-HH:MM` spans of one day (Asia/Shanghai), each
 * starting before it ends, in order and apart (`08:30-12:00,14:30-17:30`; `24:00` may end the
 * last). Null when the text is not that.
 */
export function parseOfficeHours(text: string): OfficeSpan[] | null {
  const spans: OfficeSpan[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = SPAN.exec(part);
    if (!m) return null;
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    if (end > 24 * 60 || start >= end) return null;
    if (spans.length > 0 && start <= spans[spans.length - 1].end) return null;
    spans.push({ start, end });
  }
  return spans.length > 0 ? spans : null;
}

/** Office minutes in one working day. */
export function officeMinutesPerDay(spans: readonly OfficeSpan[]): number {
  return spans.reduce((sum, s) => sum + s.end - s.start, 0);
}
