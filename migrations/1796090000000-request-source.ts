import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a request came from (RequestSource): DIRECT (the API or the console), INSPECTION,
 * IMPORTED or OPEN311. Text with a CHECK rather than an enum type, so that a new source is
 * one constraint swap; existing requests are DIRECT.
 */
export class RequestSource1796090000000 implements MigrationInterface {
  name = 'RequestSource1796090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE service_request ADD COLUMN source text NOT NULL DEFAULT 'DIRECT'
        CONSTRAINT service_request_source_known CHECK (source IN ('DIRECT', 'INSPECTION', 'IMPORTED', 'OPEN311'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_request DROP COLUMN source`);
  }
}
