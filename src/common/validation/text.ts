import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** Trims surrounding whitespace before validation. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Refuses control characters (including NUL, which PostgreSQL text cannot hold). */
export const NoControlChars = (field: string) =>
  Matches(/^[^\p{Cc}]*$/u, { message: `${field} must not contain control characters` });
