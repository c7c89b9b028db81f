import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { installTimestampParser, parseUtcTimestamp } from '../../src/database/timestamp-parser.js';

describe('parseUtcTimestamp: what PostgreSQL sends for timestamptz with timezone=UTC', () => {
  it.each([
    ['2026-11-29 11:40:36+00', '2026-11-29T11:40:36.000Z'],
    ['2026-11-29 11:40:36.1+00', '2026-11-29T11:40:36.100Z'],
    ['2026-11-29 11:40:36.12+00', '2026-11-29T11:40:36.120Z'],
    ['2026-11-29 11:40:36.029+00', '2026-11-29T11:40:36.029Z'],
    ['2026-11-29 11:40:36.123456+00', '2026-11-29T11:40:36.123Z'],
    ['2026-11-29 11:40:36.999999+00', '2026-11-29T11:40:36.999Z'],
    ['2024-02-29 00:00:00+00', '2024-02-29T00:00:00.000Z'],
    ['1999-12-31 23:59:59.5+00', '1999-12-31T23:59:59.500Z'],
  ])('reads %j', (text, iso) => {
    expect(parseUtcTimestamp(text)?.toISOString()).toBe(iso);
  });

  it.each([
    'infinity',
    '-infinity',
    '2026-11-29 11:40:36+08',
    '2026-11-29 11:40:36+05:30',
    '0099-01-01 00:00:00+00',
    '2026-11-29 11:40:36 BC',
    '2026-11-29T11:40:36+00',
    '2026-11-29 11:40:36.+00',
    '2026-11-29 11:40:36.1234567+00',
    '2026-1a-29 11:40:36+00',
    '12026-11-29 11:40:36+00',
  ])('leaves %j to pg', (text) => {
    expect(parseUtcTimestamp(text)).toBeNull();
  });

  it('gives the same instant as pg for every shape, falling back to pg for the rest', () => {
    const original = pg.types.getTypeParser(1184, 'text') as (text: string) => unknown;
    expect((original as { fast?: boolean }).fast).toBeUndefined();
    installTimestampParser();
    const installed = pg.types.getTypeParser(1184, 'text') as (text: string) => unknown;
    expect(installed).not.toBe(original);
    const instant = (v: unknown) => (v instanceof Date ? v.getTime() : v);
    for (const text of ['2026-11-29 11:40:36.5+00', '2026-11-29 11:40:36+00', '2026-11-29 11:40:36+08', 'infinity', '2026-11-29 11:40:36 BC']) {
      expect(instant(installed(text))).toBe(instant(original(text)));
    }
    installTimestampParser();
    expect(pg.types.getTypeParser(1184, 'text')).toBe(installed);
  });
});
