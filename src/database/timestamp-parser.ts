import pg from 'pg';

const TIMESTAMPTZ_OID = 1184;

/**
 * pg's parser for timestamptz (postgres-date) runs three regular expressions per value; a
 * page of requests carries four timestamps per row, and parsing them was a visible share of a
 * queue read's CPU. Our sessions run with timezone=UTC, so PostgreSQL always sends
 * `YYYY-MM-DD HH:MM:SS[.ffffff]+00`: that shape is read digit by digit here, anything else
 * (infinity, BC, another offset) goes to pg's own parser. Milliseconds are the first three
 * fraction digits (postgres-date multiplies a float and is sometimes one below).
 */
export function installTimestampParser(): void {
  const fallback = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;
  if ((fallback as { fast?: boolean }).fast) return;
  const parse = (text: string): unknown => parseUtcTimestamp(text) ?? fallback(text);
  (parse as { fast?: boolean }).fast = true;
  pg.types.setTypeParser(TIMESTAMPTZ_OID, 'text', parse);
}

/** `YYYY-MM-DD HH:MM:SS[.f…]+00` as a Date; null for any other text. */
export function parseUtcTimestamp(text: string): Date | null {
  const n = text.length;
  if (n < 22 || n > 29) return null;
  if (text.charCodeAt(n - 3) !== 43 || text.charCodeAt(n - 2) !== 48 || text.charCodeAt(n - 1) !== 48) return null; // "+00"
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return null; // "-", "-", " "
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null; // ":", ":"
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (year < 1000 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) return null;
  let ms = 0;
  if (n > 22) {
    if (text.charCodeAt(19) !== 46) return null; // "."
    const end = n - 3;
    const places = end - 20;
    if (places < 1 || places > 6) return null;
    const fraction = digits(text, 20, end);
    if (fraction < 0) return null;
    // Integer arithmetic only: ".12" is 120 ms, ".123456" is 123 ms.
    ms = places <= 3 ? fraction * 10 ** (3 - places) : Math.floor(fraction / 10 ** (places - 3));
  } else if (n !== 22) {
    return null;
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
}

/** The decimal number in text[from, to), or -1 if any character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
