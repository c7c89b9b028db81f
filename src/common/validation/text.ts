import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** Trims surrounding whitespace before validation. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * Refuses control characters (including NUL, which PostgreSQL text cannot hold) and
 * unpaired surrogates (not text at all: they would be stored as U+FFFD without a word).
 */
export const NoControlChars = (field: string) =>
  Matches(/^[^\p{Cc}\p{Cs}]*$/u, { message: `${field} must not contain control characters or broken Unicode` });
