import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indicators at city size (issue 14, benchmark A1; bench/README.md, "A1"): the two indexes by
 * the unit a request belongs to (its courtyard, else its holder) carry what the indicators
 * read, so a subtree's received and due requests are index-only scans instead of a heap visit
 * per request of the unit's whole history: `status` for received/cancelled; `status`,
 * `rework_count` and `id` (for the first RESOLVED event) for due. The first RESOLVED event of
 * each due request is read from a partial index of RESOLVED events only (a seventh the size of
 * `request_event_request_type`, so it stays in memory at city size).
 */
export class AssessmentCoveringIndexes1796090003000 implements MigrationInterface {
  name = 'AssessmentCoveringIndexes1796090003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_request_belongs_created`);
    await q.query(`DROP INDEX service_request_belongs_due`);
    await q.query(`CREATE INDEX service_request_belongs_created ON service_request ((coalesce(courtyard_id, unit_id)), created_at) INCLUDE (status, courtyard_id, unit_id)`);
    await q.query(`CREATE INDEX service_request_belongs_due ON service_request ((coalesce(courtyard_id, unit_id)), resolve_due_at) INCLUDE (status, rework_count, id, courtyard_id, unit_id)`);
    await q.query(`CREATE INDEX request_event_first_resolved ON request_event (request_id, at) WHERE type = 'RESOLVED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX request_event_first_resolved`);
    await q.query(`DROP INDEX service_request_belongs_created`);
    await q.query(`DROP INDEX service_request_belongs_due`);
    await q.query(`CREATE INDEX service_request_belongs_created ON service_request ((coalesce(courtyard_id, unit_id)), created_at)`);
    await q.query(`CREATE INDEX service_request_belongs_due ON service_request ((coalesce(courtyard_id, unit_id)), resolve_due_at)`);
  }
}
