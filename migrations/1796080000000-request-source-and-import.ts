import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a request came from, and what an import needs (requests module):
 * - `source` (DIRECT, INSPECTION, IMPORTED, OPEN311), DIRECT for every existing request;
 * - `external_number`, the number it had in the system it was imported from, unique when present;
 * - imported requests have no reporter: the reporter may be null for them, and only for them;
 * - a CLOSED event keeps the rating given with it, so that "the latest rating" of a period
 *   is read from the trail (the request's own rating is cleared by a reopen);
 * - indexes for the quarter's figures: requests by the unit they belong to (courtyard, else
 *   holder) with their submission and resolve-by times, and events by request and type.
 */
export class RequestSourceAndImport1796080000000 implements MigrationInterface {
  name = 'RequestSourceAndImport1796080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE request_source AS ENUM ('DIRECT', 'INSPECTION', 'IMPORTED', 'OPEN311')`);
    await q.query(`ALTER TABLE service_request ADD COLUMN source request_source NOT NULL DEFAULT 'DIRECT'`);
    await q.query(`ALTER TABLE service_request ADD COLUMN external_number text`);
    await q.query(`
      ALTER TABLE service_request ADD CONSTRAINT service_request_external_number_length
        CHECK (external_number IS NULL OR char_length(external_number) BETWEEN 1 AND 64)`);
    await q.query(`CREATE UNIQUE INDEX service_request_external_number_key ON service_request (external_number) WHERE external_number IS NOT NULL`);
    await q.query(`ALTER TABLE service_request ALTER COLUMN reporter_user_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE service_request ADD CONSTRAINT service_request_reporter_present
        CHECK (reporter_user_id IS NOT NULL OR source = 'IMPORTED')`);
    await q.query(`ALTER TABLE request_event ADD COLUMN rating smallint`);
    await q.query(`
      ALTER TABLE request_event ADD CONSTRAINT request_event_rating_fits
        CHECK (rating IS NULL OR (rating BETWEEN 1 AND 5 AND type = 'CLOSED'))`);
    await q.query(`CREATE INDEX service_request_belongs_created ON service_request ((coalesce(courtyard_id, unit_id)), created_at)`);
    await q.query(`CREATE INDEX service_request_belongs_due ON service_request ((coalesce(courtyard_id, unit_id)), resolve_due_at)`);
    await q.query(`CREATE INDEX request_event_request_type ON request_event (request_id, type, at)`);
    await q.query(`CREATE INDEX request_event_rated ON request_event (at) WHERE type = 'CLOSED' AND rating IS NOT NULL`);
    await q.query(`CREATE INDEX request_event_escalated ON request_event (at) WHERE type = 'ESCALATED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX request_event_escalated`);
    await q.query(`DROP INDEX request_event_rated`);
    await q.query(`DROP INDEX request_event_request_type`);
    await q.query(`DROP INDEX service_request_belongs_due`);
    await q.query(`DROP INDEX service_request_belongs_created`);
    await q.query(`ALTER TABLE request_event DROP CONSTRAINT request_event_rating_fits`);
    await q.query(`ALTER TABLE request_event DROP COLUMN rating`);
    await q.query(`ALTER TABLE service_request DROP CONSTRAINT service_request_reporter_present`);
    // Imported requests have no reporter; the column cannot be NOT NULL again while they exist.
    await q.query(`ALTER TABLE service_request ALTER COLUMN reporter_user_id SET NOT NULL`);
    await q.query(`DROP INDEX service_request_external_number_key`);
    await q.query(`ALTER TABLE service_request DROP CONSTRAINT service_request_external_number_length`);
    await q.query(`ALTER TABLE service_request DROP COLUMN external_number`);
    await q.query(`ALTER TABLE service_request DROP COLUMN source`);
    await q.query(`DROP TYPE request_source`);
  }
}
