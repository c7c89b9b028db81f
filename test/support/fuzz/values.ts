import fc from 'fast-check';

/**
 * Hostile values for the fuzzers: strings with control characters, NUL, emoji, lone
 * surrogates, SQL and JSON metacharacters, 100 KB strings; numbers around and beyond the
 * GraphQL Int range and the coordinate ranges; values of the wrong JSON type.
 */

/** Literal strings that have broken servers before. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   padded   ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  '\\u0000',
  '\u0007\u001b[31mred\u001b[0m',
  '\u007f',
  '\u0085',
  '\u2028\u2029',
  '\u200b\u200d\ufeff',
  '\u202eevil',
  '\ud800',
  'a\udfffb',
  '😀',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '名'.repeat(100),
  '名'.repeat(101),
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(2000),
  'x'.repeat(2001),
  'x'.repeat(4001),
  "'; DROP TABLE org_unit;--",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  "$$; DELETE FROM app_user; $$",
  '%',
  '_',
  '\\',
  '%_\\%',
  '{"$gt":1}',
  '{"$where":"sleep(1000)"}',
  '[]',
  '{}',
  'null',
  'undefined',
  'true',
  'NaN',
  '-0',
  '1e309',
  '9223372036854775808',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'ROAD',
  '13812345678',
  '+86 138 1234 5678',
  '0374-2345678',
];

/** Strings of about 100 KB (in UTF-16 units), built once. */
export const HUGE_STRINGS: readonly string[] = [
  'x'.repeat(100_000),
  '😀'.repeat(50_000),
  `${'名'.repeat(50_000)}\u0000`,
  "'; DROP TABLE org_unit;--".repeat(4_000),
];

/** Any string, from plain to hostile; `big` allows the 100 KB ones. */
export function anyString(big = true): fc.Arbitrary<string> {
  const parts: fc.WeightedArbitrary<string>[] = [
    { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }), weight: 2 },
    { arbitrary: fc.json({ maxDepth: 2 }), weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('\u0000', '\u0001', '\n', '\u001f', '\u007f', '\u009f'))
        .map(([s, c]) => `${s}${c}${s}`),
      weight: 2,
    },
  ];
  parts.push({ arbitrary: fc.string({ maxLength: 10 }).map((s) => `${s}\u0000`), weight: 1 });
  if (big) parts.push({ arbitrary: fc.constantFrom(...HUGE_STRINGS), weight: 1 });
  return fc.oneof(...parts);
}

export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;

/** Numbers for an Int: in range (with the edges the contract names), and outside it. */
export function anyIntLike(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.integer({ min: -10, max: 10 }), weight: 12 },
    { arbitrary: fc.constantFrom(0, 1, 5, 6, 100, 101, 43_200, 43_201, 8_760, 8_761, INT_MIN, INT_MAX), weight: 12 },
    { arbitrary: fc.integer({ min: INT_MIN, max: INT_MAX }), weight: 10 },
    // Outside the GraphQL Int range, and not integers at all (GraphQL refuses these itself).
    { arbitrary: fc.constantFrom(INT_MAX + 1, INT_MIN - 1, 2 ** 53, -(2 ** 53), 1e300, -1e300, 1.5, -0.5, 1e-300), weight: 2 },
    { arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '1', '', '0x10', '1e3'), weight: 1 },
    { arbitrary: wrongType(), weight: 1 },
  );
}

/** Numbers for a Float (coordinates): in and out of the latitude and longitude ranges. */
export function anyFloatLike(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.double({ min: -90, max: 90, noNaN: true }), weight: 12 },
    { arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }), weight: 12 },
    {
      arbitrary: fc.constantFrom(90, -90, 180, -180, 90.000001, -90.000001, 180.000001, -180.000001, 0, -0, 1e308, -1e308, 5e-324),
      weight: 12,
    },
    { arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '12.5', ''), weight: 1 },
    { arbitrary: wrongType(), weight: 1 },
  );
}

/** A JSON value of a type the field does not take. */
export function wrongType(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(true, false, [], {}, [1, 2], { a: 1 }, 'str', 12, { $gt: 1 }),
    fc.json({ maxDepth: 2 }).map((j) => JSON.parse(j) as unknown),
  );
}

/** Random text that is not base64url of anything meaningful. */
export function randomBase64(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.base64String({ maxLength: 40 }),
    fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b).toString('base64url')),
    fc.string({ unit: 'binary-ascii', maxLength: 20 }).map((s) => Buffer.from(s).toString('base64url')),
  );
}

/** Global ids that decode to a type and an id, but are broken in some way (or point at no row). */
export function malformedGlobalIds(types: readonly string[]): string[] {
  const enc = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  const out: string[] = ['garbage', '', ' ', '=', '===', 'a'.repeat(129), 'AAAA', '-_-_', enc(':1'), enc('Nope:1')];
  for (const t of types) {
    out.push(
      enc(`${t}:0`),
      enc(`${t}:-1`),
      enc(`${t}:1.5`),
      enc(`${t}:1e3`),
      enc(`${t}: 1`),
      enc(`${t}:01`),
      enc(`${t}:1:2`),
      enc(`${t}:99999999999999999999`),
      enc(`${t}:9223372036854775808`),
      // Well-formed, but no such row.
      enc(`${t}:9223372036854775807`),
      enc(`${t}:987654321`),
      // Standard base64 (with padding) instead of base64url.
      Buffer.from(`${t}:1`).toString('base64'),
      enc(`${t.toLowerCase()}:1`),
    );
  }
  return out;
}
