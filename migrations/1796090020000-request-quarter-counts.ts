import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-unit, per-quarter roll-ups of the request figures the assessment indicators count
 * (issue 14, benchmark A1; bench/README.md "A1"): a city's quarter is 100 streets × ~640
 * courtyards of rows instead of ~500,000 requests. Owned by the requests module, kept in step
 * by triggers in the writing transaction (never by the application), keyed by the unit a
 * request belongs to (its courtyard, else its holder): the read joins org_unit paths, so a
 * moved unit counts for its new ancestors at once.
 *
 * A request contributes (request_rollup_contribution): received/cancelled at its submission's
 * quarter; due, resolved_on_time (first RESOLVED event at or before resolveDueAt), closed
 * (CLOSED now), resolved, reworked (reworkCount > 0) at its resolveDueAt's quarter unless
 * CANCELLED; one escalation per ESCALATED event at the event's quarter; rated/rating_sum/
 * rated_high at the quarter of its latest CLOSED event with a rating. Quarters are those of
 * Asia/Shanghai. A change applies contribution(after) − contribution(before); when a
 * transaction updates a request and inserts its event, each trigger sees the state left by
 * the other (whichever ran first), so the sum telescopes to after − before either way.
 *
 * Contention: the row triggers only stage each change's delta in a session temp table
 * (request_rollup_pending); a deferred constraint trigger adds the transaction's staged
 * deltas to the shared rows at COMMIT, in one statement in key order. So a writer locks
 * roll-up rows last, after every other lock of its transaction, and always in the same
 * order: applied at once, a closing (holding its unit's row) deadlocked with an assignment
 * (holding the responder's member row, then wanting the unit's row) — 100 concurrent writes
 * in one courtyard found it. A transaction does not see its own staged deltas before it
 * commits. Loads with session_replication_role = replica skip the triggers and must recount
 * (request_quarter_recount, as `up` does).
 */
export class RequestQuarterCounts1796090020000 implements MigrationInterface {
  name = 'RequestQuarterCounts1796090020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION request_quarter_of(t timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_trunc('quarter', t AT TIME ZONE 'Asia/Shanghai')::date $$`);
    // A unit can only go once no request belongs to it: its rows (all zeros by then) go with it.
    await q.query(`
      CREATE TABLE request_quarter_counts (
        unit_id          bigint NOT NULL REFERENCES org_unit (id) ON DELETE CASCADE,
        quarter_start    date NOT NULL,
        received         integer NOT NULL DEFAULT 0,
        cancelled        integer NOT NULL DEFAULT 0,
        due              integer NOT NULL DEFAULT 0,
        resolved_on_time integer NOT NULL DEFAULT 0,
        closed           integer NOT NULL DEFAULT 0,
        resolved         integer NOT NULL DEFAULT 0,
        reworked         integer NOT NULL DEFAULT 0,
        escalations      integer NOT NULL DEFAULT 0,
        rated            integer NOT NULL DEFAULT 0,
        rating_sum       integer NOT NULL DEFAULT 0,
        rated_high       integer NOT NULL DEFAULT 0,
        PRIMARY KEY (unit_id, quarter_start)
      )`);

    // One request's contribution, its events without `skip_event` (the one being inserted, to
    // get the contribution before it). A null request contributes nothing.
    await q.query(`
      CREATE FUNCTION request_rollup_contribution(r service_request, skip_event bigint)
      RETURNS TABLE (unit_id bigint, quarter_start date, received int, cancelled int, due int, resolved_on_time int, closed int,
                     resolved int, reworked int, escalations int, rated int, rating_sum int, rated_high int)
      LANGUAGE sql STABLE AS $$
        WITH ev AS (
          SELECT e.id, e.type, e.at, e.rating FROM request_event e
           WHERE e.request_id = r.id AND e.id IS DISTINCT FROM skip_event AND e.type IN ('RESOLVED', 'ESCALATED', 'CLOSED')),
        first_resolved AS (SELECT min(at) AS at FROM ev WHERE type = 'RESOLVED'),
        last_rating AS (SELECT at, rating FROM ev WHERE type = 'CLOSED' AND rating IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1)
        SELECT coalesce(r.courtyard_id, r.unit_id), request_quarter_of(r.created_at), 1, (r.status = 'CANCELLED')::int, 0, 0, 0, 0, 0, 0, 0, 0, 0
         WHERE r.id IS NOT NULL
        UNION ALL
        SELECT coalesce(r.courtyard_id, r.unit_id), request_quarter_of(r.resolve_due_at), 0, 0, 1,
               coalesce(fr.at <= r.resolve_due_at, false)::int, (r.status = 'CLOSED')::int, (fr.at IS NOT NULL)::int,
               (r.rework_count > 0)::int, 0, 0, 0, 0
          FROM first_resolved fr WHERE r.id IS NOT NULL AND r.status <> 'CANCELLED'
        UNION ALL
        SELECT coalesce(r.courtyard_id, r.unit_id), request_quarter_of(ev.at), 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0
          FROM ev WHERE ev.type = 'ESCALATED'
        UNION ALL
        SELECT coalesce(r.courtyard_id, r.unit_id), request_quarter_of(lr.at), 0, 0, 0, 0, 0, 0, 0, 0, 1, lr.rating, (lr.rating >= 4)::int
          FROM last_rating lr
      $$`);

    // Stages contribution(plus) − contribution(minus) in this session's pending deltas.
    await q.query(`
      CREATE FUNCTION request_rollup_stage(plus service_request, plus_skip bigint, minus service_request, minus_skip bigint)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF to_regclass('pg_temp.request_rollup_pending') IS NULL THEN
          CREATE TEMP TABLE request_rollup_pending (LIKE request_quarter_counts);
        END IF;
        INSERT INTO pg_temp.request_rollup_pending
        SELECT * FROM request_rollup_contribution(plus, plus_skip)
        UNION ALL
        SELECT m.unit_id, m.quarter_start, -m.received, -m.cancelled, -m.due, -m.resolved_on_time, -m.closed, -m.resolved,
               -m.reworked, -m.escalations, -m.rated, -m.rating_sum, -m.rated_high
          FROM request_rollup_contribution(minus, minus_skip) m;
      END $$`);

    // At COMMIT: the transaction's staged deltas, summed per (unit, quarter), zero sums left
    // out, added in key order (every flushing transaction locks rows in the same order).
    await q.query(`
      CREATE FUNCTION request_rollup_flush() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF to_regclass('pg_temp.request_rollup_pending') IS NULL THEN
          RETURN NULL;
        END IF;
        WITH taken AS (DELETE FROM pg_temp.request_rollup_pending RETURNING *),
        summed AS (
          SELECT unit_id, quarter_start, sum(received)::int AS received, sum(cancelled)::int AS cancelled, sum(due)::int AS due,
                 sum(resolved_on_time)::int AS resolved_on_time, sum(closed)::int AS closed, sum(resolved)::int AS resolved,
                 sum(reworked)::int AS reworked, sum(escalations)::int AS escalations, sum(rated)::int AS rated,
                 sum(rating_sum)::int AS rating_sum, sum(rated_high)::int AS rated_high
            FROM taken GROUP BY unit_id, quarter_start)
        INSERT INTO request_quarter_counts AS t
        SELECT * FROM summed
         WHERE (received, cancelled, due, resolved_on_time, closed, resolved, reworked, escalations, rated, rating_sum, rated_high)
               <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
         ORDER BY unit_id, quarter_start
        ON CONFLICT (unit_id, quarter_start) DO UPDATE SET
          received = t.received + EXCLUDED.received, cancelled = t.cancelled + EXCLUDED.cancelled, due = t.due + EXCLUDED.due,
          resolved_on_time = t.resolved_on_time + EXCLUDED.resolved_on_time, closed = t.closed + EXCLUDED.closed,
          resolved = t.resolved + EXCLUDED.resolved, reworked = t.reworked + EXCLUDED.reworked,
          escalations = t.escalations + EXCLUDED.escalations, rated = t.rated + EXCLUDED.rated,
          rating_sum = t.rating_sum + EXCLUDED.rating_sum, rated_high = t.rated_high + EXCLUDED.rated_high;
        RETURN NULL;
      END $$`);

    await q.query(`
      CREATE FUNCTION request_rollup_on_request() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM request_rollup_stage(NEW, NULL, NULL, NULL);
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM request_rollup_stage(NEW, NULL, OLD, NULL);
        ELSE
          PERFORM request_rollup_stage(NULL, NULL, OLD, NULL);
          RETURN OLD;
        END IF;
        RETURN NULL;
      END $$`);
    // Only what a contribution reads; a status change matters only into or out of CLOSED or CANCELLED.
    const requestChanged = `OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.courtyard_id IS DISTINCT FROM NEW.courtyard_id
         OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.resolve_due_at IS DISTINCT FROM NEW.resolve_due_at
         OR OLD.rework_count IS DISTINCT FROM NEW.rework_count
         OR (OLD.status IS DISTINCT FROM NEW.status AND (OLD.status IN ('CLOSED', 'CANCELLED') OR NEW.status IN ('CLOSED', 'CANCELLED')))`;
    await q.query(`CREATE TRIGGER request_rollup_insert AFTER INSERT ON service_request FOR EACH ROW EXECUTE FUNCTION request_rollup_on_request()`);
    await q.query(`CREATE TRIGGER request_rollup_update AFTER UPDATE ON service_request FOR EACH ROW WHEN (${requestChanged}) EXECUTE FUNCTION request_rollup_on_request()`);
    // BEFORE: the request's events are still there (a cascade would remove them first).
    await q.query(`CREATE TRIGGER request_rollup_delete BEFORE DELETE ON service_request FOR EACH ROW EXECUTE FUNCTION request_rollup_on_request()`);

    // Events are append-only (request_event_append_only): only inserts change a contribution.
    await q.query(`
      CREATE FUNCTION request_rollup_on_event() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r service_request;
      BEGIN
        SELECT * INTO r FROM service_request WHERE id = NEW.request_id;
        IF FOUND THEN
          PERFORM request_rollup_stage(r, NULL, r, NEW.id);
        END IF;
        RETURN NULL;
      END $$`);
    const eventCounts = `NEW.type IN ('RESOLVED', 'ESCALATED') OR (NEW.type = 'CLOSED' AND NEW.rating IS NOT NULL)`;
    await q.query(`CREATE TRIGGER request_rollup_event AFTER INSERT ON request_event FOR EACH ROW WHEN (${eventCounts}) EXECUTE FUNCTION request_rollup_on_event()`);

    // The flush, deferred to COMMIT (after every staging trigger of the transaction; the first one empties the stage).
    await q.query(`
      CREATE CONSTRAINT TRIGGER request_rollup_flush_insert AFTER INSERT OR DELETE ON service_request
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION request_rollup_flush()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER request_rollup_flush_update AFTER UPDATE ON service_request
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (${requestChanged}) EXECUTE FUNCTION request_rollup_flush()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER request_rollup_flush_event AFTER INSERT ON request_event
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (${eventCounts}) EXECUTE FUNCTION request_rollup_flush()`);

    // The same figures counted from the base tables in one pass: fills the table after a load
    // that skipped the triggers, and is what tests compare the table with.
    await q.query(`
      CREATE VIEW request_quarter_recount AS
      SELECT unit_id, quarter_start, sum(received)::int AS received, sum(cancelled)::int AS cancelled, sum(due)::int AS due,
             sum(resolved_on_time)::int AS resolved_on_time, sum(closed)::int AS closed, sum(resolved)::int AS resolved,
             sum(reworked)::int AS reworked, sum(escalations)::int AS escalations, sum(rated)::int AS rated,
             sum(rating_sum)::int AS rating_sum, sum(rated_high)::int AS rated_high
        FROM (
          SELECT coalesce(r.courtyard_id, r.unit_id) AS unit_id, request_quarter_of(r.created_at) AS quarter_start, 1 AS received,
                 (r.status = 'CANCELLED')::int AS cancelled, 0 AS due, 0 AS resolved_on_time, 0 AS closed, 0 AS resolved,
                 0 AS reworked, 0 AS escalations, 0 AS rated, 0 AS rating_sum, 0 AS rated_high
            FROM service_request r
          UNION ALL
          SELECT coalesce(r.courtyard_id, r.unit_id), request_quarter_of(r.resolve_due_at), 0, 0, 1,
                 coalesce(fr.at <= r.resolve_due_at, false)::int, (r.status = 'CLOSED')::int, (fr.at IS NOT NULL)::int,
                 (r.rework_count > 0)::int, 0, 0, 0, 0
            FROM service_request r
            LEFT JOIN (SELECT request_id, min(at) AS at FROM request_event WHERE type = 'RESOLVED' GROUP BY request_id) fr ON fr.request_id = r.id
           WHERE r.status <> 'CANCELLED'
          UNION ALL
          SELECT coalesce(r.courtyard_id, r.unit_id), request_quarter_of(e.at), 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0
            FROM request_event e JOIN service_request r ON r.id = e.request_id WHERE e.type = 'ESCALATED'
          UNION ALL
          SELECT coalesce(r.courtyard_id, r.unit_id), request_quarter_of(l.at), 0, 0, 0, 0, 0, 0, 0, 0, 1, l.rating, (l.rating >= 4)::int
            FROM (SELECT DISTINCT ON (request_id) request_id, at, rating FROM request_event
                   WHERE type = 'CLOSED' AND rating IS NOT NULL ORDER BY request_id, at DESC, id DESC) l
            JOIN service_request r ON r.id = l.request_id
        ) x
       GROUP BY unit_id, quarter_start`);
    // One pass over every request and event: at city size (2 million requests) longer than the pool's statement timeout.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`INSERT INTO request_quarter_counts SELECT * FROM request_quarter_recount`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW request_quarter_recount`);
    await q.query(`DROP TRIGGER request_rollup_flush_event ON request_event`);
    await q.query(`DROP TRIGGER request_rollup_flush_update ON service_request`);
    await q.query(`DROP TRIGGER request_rollup_flush_insert ON service_request`);
    await q.query(`DROP TRIGGER request_rollup_event ON request_event`);
    await q.query(`DROP TRIGGER request_rollup_delete ON service_request`);
    await q.query(`DROP TRIGGER request_rollup_update ON service_request`);
    await q.query(`DROP TRIGGER request_rollup_insert ON service_request`);
    await q.query(`DROP FUNCTION request_rollup_on_event()`);
    await q.query(`DROP FUNCTION request_rollup_on_request()`);
    await q.query(`DROP FUNCTION request_rollup_flush()`);
    await q.query(`DROP FUNCTION request_rollup_stage(service_request, bigint, service_request, bigint)`);
    await q.query(`DROP FUNCTION request_rollup_contribution(service_request, bigint)`);
    await q.query(`DROP TABLE request_quarter_counts`);
    await q.query(`DROP FUNCTION request_quarter_of(timestamptz)`);
  }
}
