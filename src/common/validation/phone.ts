import { Transform } from 'class-transformer';
import { ValidateIf, Matches } from 'class-validator';

/**
 * Mainland numbers, stored normalised: mobiles as their 11 digits (13812345678), landlines
 * as area code and number joined by a dash (0374-2345678; 010 and 02x have three-digit
 * area codes, the rest four). +86/0086 prefixes, spaces, dashes and brackets are dropped.
 * Returns null for anything that is not such a number.
 */
export function normalizePhone(input: string): string | null {
  let digits = input.replace(/[\s\-()（）]/g, '');
  let international = false;
  if (/^\+?86/.test(digits) && digits.replace(/^\+?86/, '').length >= 10) {
    digits = digits.replace(/^\+?86/, '');
    international = true;
  } else if (/^0086/.test(digits)) {
    digits = digits.slice(4);
    international = true;
  }
  if (!/^\d+$/.test(digits)) return null;
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  // Written internationally, a landline drops its trunk 0: +86 10 6234 5678 is 010-62345678.
  if (international && /^[1-9]/.test(digits)) digits = `0${digits}`;
  if (digits.startsWith('0')) {
    const areaLength = /^0(10|2\d)/.test(digits) ? 3 : 4;
    const area = digits.slice(0, areaLength);
    const number = digits.slice(areaLength);
    if (/^[2-9]\d{6,7}$/.test(number)) return `${area}-${number}`;
  }
  return null;
}

const NORMALISED = /^(1[3-9]\d{9}|0[1-9]\d{1,2}-[2-9]\d{6,7})$/;

/** Normalises then validates an optional phone field; a value that does not normalise is refused. */
export const PhoneNumber = (): PropertyDecorator => (target, key) => {
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? (normalizePhone(value) ?? `invalid:${value}`) : value,
  )(target, key);
  ValidateIf((_o, value) => value !== null && value !== undefined)(target, key);
  Matches(NORMALISED, { message: 'phone must be a mainland mobile (13812345678) or landline (0374-2345678) number' })(
    target,
    key,
  );
};
