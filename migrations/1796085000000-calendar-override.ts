import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The calendar module's table: days set by a CITY_ADMIN over the shipped holiday data (a late
 * State Council notice, a local day). One row per day; who set it is in the audit log.
 */
export class CalendarOverride1796085000000 implements MigrationInterface {
  name = 'CalendarOverride1796085000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_override (
        day      date PRIMARY KEY,
        workday  boolean NOT NULL,
        note     text CHECK (note IS NULL OR char_length(note) <= 200),
        set_at   timestamptz NOT NULL DEFAULT now()
      )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_override`);
  }
}
