import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The functions as this migration creates them (the next roll-up migration's `down` restores them). */
export const ROLLUP_VOLUNTEER_FUNCTION = `FUNCTION volunteer_rollup_volunteer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.active THEN
          UPDATE volunteer_unit_stats SET registered = registered - 1 WHERE unit_id = OLD.unit_id;
          UPDATE volunteer_period_stats p SET tenths = p.tenths - c.tenths, active_volunteers = p.active_volunteers - 1
            FROM volunteer_periods_of(OLD.id) c
           WHERE p.period_months = c.period_months AND p.period_start = c.period_start AND p.unit_id = OLD.unit_id;
        END IF;
        IF NEW.active THEN
          INSERT INTO volunteer_unit_stats AS s (unit_id, registered) VALUES (NEW.unit_id, 1)
          ON CONFLICT (unit_id) DO UPDATE SET registered = s.registered + 1;
          INSERT INTO volunteer_period_stats AS p (period_months, period_start, unit_id, tenths, active_volunteers)
          SELECT c.period_months, c.period_start, NEW.unit_id, c.tenths, 1 FROM volunteer_periods_of(NEW.id) c
          ON CONFLICT (period_months, period_start, unit_id) DO UPDATE
            SET tenths = p.tenths + EXCLUDED.tenths, active_volunteers = p.active_volunteers + 1;
        END IF;
        RETURN NULL;
      END $$`;
export const ROLLUPS_REBUILD_FUNCTION = `FUNCTION volunteer_rollups_rebuild() RETURNS void LANGUAGE sql AS $$
        DELETE FROM volunteer_unit_stats;
        DELETE FROM volunteer_period_stats;
        INSERT INTO volunteer_unit_stats (unit_id, registered) SELECT unit_id, count(*) FROM volunteer WHERE active GROUP BY unit_id;
        INSERT INTO volunteer_period_stats (period_months, period_start, unit_id, tenths, active_volunteers)
        SELECT k.m, date_trunc(CASE k.m WHEN 1 THEN 'month' WHEN 3 THEN 'quarter' ELSE 'year' END, e.service_date::timestamp)::date, v.unit_id,
               sum(e.tenths), count(DISTINCT v.id)
          FROM volunteer_hours_entry e JOIN volunteer v ON v.id = e.volunteer_id AND v.active
         CROSS JOIN (VALUES (1::smallint), (3::smallint), (12::smallint)) k(m)
         WHERE e.status = 'APPROVED'
         GROUP BY 1, 2, 3;
      $$`;

/**
 * volunteerStats at city size (issue 13, benchmark V1; bench/README.md, "V1"): roll-ups kept
 * in step with the ledger by triggers, in the same transaction as each change.
 * - volunteer_unit_stats: active volunteers per home unit (registered).
 * - volunteer_period_stats: per home unit and calendar month, quarter or year (Asia/Shanghai
 *   dates: period_start is its first day), the approved tenths of its active volunteers and how
 *   many of them have approved hours in it. Distinct volunteers are not additive over time (a
 *   quarter is not the sum of its months), so each of the three calendars is kept on its own;
 *   they are additive over units, since each volunteer has one home unit. Keyed by the home
 *   unit, never by a path: a moved unit's rows count for its new parents at once.
 * A ledger statement locks its volunteers before counting a first approved entry in a period,
 * which orders it after any other transaction writing to the same volunteer (every ledger
 * write and every change of a volunteer's home or active flag takes that row lock), so the
 * check sees their entries committed. Star levels are not rolled up: an award comes into force
 * when its notice ends, without a write; they are read from the few awards.
 */
export class VolunteerStatsRollups1796090013000 implements MigrationInterface {
  name = 'VolunteerStatsRollups1796090013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE volunteer_unit_stats (
        unit_id    bigint PRIMARY KEY REFERENCES org_unit (id),
        registered integer NOT NULL,
        CONSTRAINT volunteer_unit_stats_registered CHECK (registered >= 0)
      )`);
    await q.query(`
      CREATE TABLE volunteer_period_stats (
        period_months     smallint NOT NULL,
        period_start      date NOT NULL,
        unit_id           bigint NOT NULL REFERENCES org_unit (id),
        tenths            bigint NOT NULL,
        active_volunteers integer NOT NULL,
        PRIMARY KEY (period_months, period_start, unit_id),
        CONSTRAINT volunteer_period_stats_calendar CHECK (period_months IN (1, 3, 12)),
        CONSTRAINT volunteer_period_stats_active CHECK (active_volunteers >= 0)
      ) WITH (fillfactor = 90)`);

    // One volunteer's approved tenths per calendar period (each row: they were active in it).
    await q.query(`
      CREATE FUNCTION volunteer_periods_of(vid bigint) RETURNS TABLE (period_months smallint, period_start date, tenths bigint)
      LANGUAGE sql STABLE AS $$
        SELECT k.m, date_trunc(CASE k.m WHEN 1 THEN 'month' WHEN 3 THEN 'quarter' ELSE 'year' END, e.service_date::timestamp)::date, sum(e.tenths)
          FROM volunteer_hours_entry e CROSS JOIN (VALUES (1::smallint), (3::smallint), (12::smallint)) k(m)
         WHERE e.volunteer_id = vid AND e.status = 'APPROVED'
         GROUP BY 1, 2
      $$`);

    // Entries newly APPROVED by one statement (inserted so, or decided from PENDING).
    await q.query(`
      CREATE FUNCTION volunteer_rollup_entries() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        fresh_ids bigint[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(n.id) INTO fresh_ids FROM new_rows n WHERE n.status = 'APPROVED';
        ELSE
          SELECT array_agg(n.id) INTO fresh_ids FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status = 'APPROVED' AND o.status <> 'APPROVED';
        END IF;
        IF fresh_ids IS NULL THEN
          RETURN NULL;
        END IF;
        -- Orders this after every other writer of these volunteers; the statements below then
        -- see their entries committed (READ COMMITTED: a fresh snapshot per statement).
        PERFORM 1 FROM volunteer v WHERE v.id IN (SELECT e.volunteer_id FROM volunteer_hours_entry e WHERE e.id = ANY (fresh_ids))
          ORDER BY v.id FOR UPDATE;
        INSERT INTO volunteer_period_stats AS p (period_months, period_start, unit_id, tenths, active_volunteers)
        SELECT g.m, g.start, v.unit_id, sum(g.tenths),
               count(*) FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM volunteer_hours_entry o
                  WHERE o.volunteer_id = g.volunteer_id AND o.status = 'APPROVED' AND o.service_date >= g.start
                    AND o.service_date < (g.start + make_interval(months => g.m))::date AND o.id <> ALL (fresh_ids)))
          FROM (SELECT e.volunteer_id, k.m,
                       date_trunc(CASE k.m WHEN 1 THEN 'month' WHEN 3 THEN 'quarter' ELSE 'year' END, e.service_date::timestamp)::date AS start,
                       sum(e.tenths) AS tenths
                  FROM volunteer_hours_entry e CROSS JOIN (VALUES (1::smallint), (3::smallint), (12::smallint)) k(m)
                 WHERE e.id = ANY (fresh_ids) GROUP BY 1, 2, 3) g
          JOIN volunteer v ON v.id = g.volunteer_id AND v.active
         GROUP BY 1, 2, 3
        ON CONFLICT (period_months, period_start, unit_id) DO UPDATE
          SET tenths = p.tenths + EXCLUDED.tenths, active_volunteers = p.active_volunteers + EXCLUDED.active_volunteers;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_entries_insert AFTER INSERT ON volunteer_hours_entry
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollup_entries()`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_entries_update AFTER UPDATE ON volunteer_hours_entry
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollup_entries()`);

    // A volunteer registered, moved to another home unit, deactivated or reactivated: their
    // whole contribution leaves the old unit and joins the new one (inactive: counted nowhere).
    await q.query(`
      CREATE ${ROLLUP_VOLUNTEER_FUNCTION}`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_volunteer_insert AFTER INSERT ON volunteer
      FOR EACH ROW EXECUTE FUNCTION volunteer_rollup_volunteer()`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_volunteer_update AFTER UPDATE OF unit_id, active ON volunteer
      FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.active IS DISTINCT FROM NEW.active)
      EXECUTE FUNCTION volunteer_rollup_volunteer()`);

    // The roll-ups recounted from the base tables: fills them here, after a bulk load that
    // skipped the triggers (bench/data.mjs), and is what tests compare them with.
    await q.query(`
      CREATE ${ROLLUPS_REBUILD_FUNCTION}`);
    // One pass over the whole ledger (seconds at the seed city's 3 million entries): longer
    // than the pool's statement timeout allows a request, so not bounded here.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`SELECT volunteer_rollups_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION volunteer_rollups_rebuild()`);
    await q.query(`DROP TRIGGER volunteer_rollup_volunteer_update ON volunteer`);
    await q.query(`DROP TRIGGER volunteer_rollup_volunteer_insert ON volunteer`);
    await q.query(`DROP FUNCTION volunteer_rollup_volunteer()`);
    await q.query(`DROP TRIGGER volunteer_rollup_entries_update ON volunteer_hours_entry`);
    await q.query(`DROP TRIGGER volunteer_rollup_entries_insert ON volunteer_hours_entry`);
    await q.query(`DROP FUNCTION volunteer_rollup_entries()`);
    await q.query(`DROP FUNCTION volunteer_periods_of(bigint)`);
    await q.query(`DROP TABLE volunteer_period_stats`);
    await q.query(`DROP TABLE volunteer_unit_stats`);
  }
}
