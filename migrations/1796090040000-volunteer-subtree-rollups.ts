import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROLLUPS_REBUILD_FUNCTION, ROLLUP_VOLUNTEER_FUNCTION } from './1796090013000-volunteer-stats-rollups.js';

/**
 * volunteerStats of many units without reading their subtrees (issue 18, V1a: the city's 100
 * streets in one answer touched 250,000 roll-up rows; bench/README.md, finding 16).
 *
 * - volunteer_unit_stats (per home unit) also counts active organisations, activities not
 *   cancelled, and active volunteers by their highest award not revoked (awarded_1..5: in
 *   force or still under public notice; a read takes the few under notice back to the level
 *   in force, since an award comes into force without a write).
 * - volunteer_subtree_stats and volunteer_subtree_period_stats: the same figures summed over
 *   each unit's subtree (the unit itself and every unit below it). A statement that changes a
 *   per-unit row adds its difference to the rows of every unit on the home unit's path, in the
 *   same statement (trigger volunteer_subtree_follow_*), reading that path FOR SHARE: a move
 *   of the home unit still running is waited for, and the new path read.
 * - A move of a unit (OrgService.move, through org's UnitMoves port) calls
 *   volunteer_subtree_moved: it locks the moved unit's subtree rows (so a change below it
 *   that has counted along the old path commits first and is carried along) and moves them
 *   from the old parents' rows to the new parents'.
 * Every writer adds its rows in key order, so two statements lock shared rows (a street's)
 * in the same order.
 */
export class VolunteerSubtreeRollups1796090040000 implements MigrationInterface {
  name = 'VolunteerSubtreeRollups1796090040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE volunteer_unit_stats
        ALTER COLUMN registered SET DEFAULT 0,
        ADD COLUMN organizations integer NOT NULL DEFAULT 0,
        ADD COLUMN activities integer NOT NULL DEFAULT 0,
        ADD COLUMN awarded_1 integer NOT NULL DEFAULT 0,
        ADD COLUMN awarded_2 integer NOT NULL DEFAULT 0,
        ADD COLUMN awarded_3 integer NOT NULL DEFAULT 0,
        ADD COLUMN awarded_4 integer NOT NULL DEFAULT 0,
        ADD COLUMN awarded_5 integer NOT NULL DEFAULT 0,
        ADD CONSTRAINT volunteer_unit_stats_counts CHECK (LEAST(organizations, activities, awarded_1, awarded_2, awarded_3, awarded_4, awarded_5) >= 0)`);
    await q.query(`
      CREATE TABLE volunteer_subtree_stats (
        unit_id       bigint PRIMARY KEY REFERENCES org_unit (id),
        registered    integer NOT NULL DEFAULT 0,
        organizations integer NOT NULL DEFAULT 0,
        activities    integer NOT NULL DEFAULT 0,
        awarded_1     integer NOT NULL DEFAULT 0,
        awarded_2     integer NOT NULL DEFAULT 0,
        awarded_3     integer NOT NULL DEFAULT 0,
        awarded_4     integer NOT NULL DEFAULT 0,
        awarded_5     integer NOT NULL DEFAULT 0,
        CONSTRAINT volunteer_subtree_stats_counts
          CHECK (LEAST(registered, organizations, activities, awarded_1, awarded_2, awarded_3, awarded_4, awarded_5) >= 0)
      ) WITH (fillfactor = 80)`);
    await q.query(`
      CREATE TABLE volunteer_subtree_period_stats (
        period_months     smallint NOT NULL,
        period_start      date NOT NULL,
        unit_id           bigint NOT NULL REFERENCES org_unit (id),
        tenths            bigint NOT NULL,
        active_volunteers integer NOT NULL,
        PRIMARY KEY (period_months, period_start, unit_id),
        CONSTRAINT volunteer_subtree_period_stats_calendar CHECK (period_months IN (1, 3, 12)),
        CONSTRAINT volunteer_subtree_period_stats_active CHECK (active_volunteers >= 0)
      ) WITH (fillfactor = 80)`);
    // A move reads and locks the moved unit's rows of every period (without this, a scan of
    // all of them: 0.4 s at the seed city's size).
    await q.query(`CREATE INDEX volunteer_subtree_period_stats_unit ON volunteer_subtree_period_stats (unit_id)`);
    // A read corrects the volunteers with an award under notice: found by this index.
    await q.query(`CREATE INDEX volunteer_star_award_notice ON volunteer_star_award (effective_at) WHERE revoked_at IS NULL`);

    // The units whose subtree holds a unit: the labels of its path (ids), root first. FOR
    // SHARE: a move of the unit still running is waited for and its new path read.
    await q.query(`
      CREATE FUNCTION volunteer_unit_ancestors(unit bigint) RETURNS SETOF bigint LANGUAGE plpgsql AS $$
      DECLARE
        unit_path ltree;
      BEGIN
        SELECT u.path INTO unit_path FROM org_unit u WHERE u.id = unit FOR SHARE;
        RETURN QUERY SELECT label::bigint FROM unnest(string_to_array(ltree2text(unit_path), '.')) label;
      END $$`);

    // One change of a home unit's counts (a volunteer's highest award: level, +1 or -1). An
    // UPDATE first: an INSERT … ON CONFLICT checks its proposed row, negative for a decrease.
    await q.query(`
      CREATE FUNCTION volunteer_unit_add(unit bigint, d_registered integer, d_organizations integer, d_activities integer,
                                         award_level integer DEFAULT NULL, award_delta integer DEFAULT 0) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        d1 integer := CASE award_level WHEN 1 THEN award_delta ELSE 0 END;
        d2 integer := CASE award_level WHEN 2 THEN award_delta ELSE 0 END;
        d3 integer := CASE award_level WHEN 3 THEN award_delta ELSE 0 END;
        d4 integer := CASE award_level WHEN 4 THEN award_delta ELSE 0 END;
        d5 integer := CASE award_level WHEN 5 THEN award_delta ELSE 0 END;
      BEGIN
        UPDATE volunteer_unit_stats s SET
            registered = s.registered + d_registered, organizations = s.organizations + d_organizations,
            activities = s.activities + d_activities, awarded_1 = s.awarded_1 + d1, awarded_2 = s.awarded_2 + d2,
            awarded_3 = s.awarded_3 + d3, awarded_4 = s.awarded_4 + d4, awarded_5 = s.awarded_5 + d5
         WHERE s.unit_id = unit;
        IF NOT FOUND THEN
          INSERT INTO volunteer_unit_stats AS s (unit_id, registered, organizations, activities, awarded_1, awarded_2, awarded_3, awarded_4, awarded_5)
          VALUES (unit, d_registered, d_organizations, d_activities, d1, d2, d3, d4, d5)
          ON CONFLICT (unit_id) DO UPDATE SET
            registered = s.registered + d_registered, organizations = s.organizations + d_organizations,
            activities = s.activities + d_activities, awarded_1 = s.awarded_1 + d1, awarded_2 = s.awarded_2 + d2,
            awarded_3 = s.awarded_3 + d3, awarded_4 = s.awarded_4 + d4, awarded_5 = s.awarded_5 + d5;
        END IF;
      END $$`);

    // A volunteer's highest award not revoked (0: none).
    await q.query(`
      CREATE FUNCTION volunteer_award_level(vid bigint) RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT coalesce(max(a.level), 0)::integer FROM volunteer_star_award a WHERE a.volunteer_id = vid AND a.revoked_at IS NULL
      $$`);

    // Registered, moved to another home unit, deactivated or reactivated: the volunteer's whole
    // contribution (count, highest award, hours per period) leaves the old unit and joins the new.
    await q.query(`
      CREATE OR REPLACE FUNCTION volunteer_rollup_volunteer() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        award integer := volunteer_award_level(NEW.id);
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.active THEN
          PERFORM volunteer_unit_add(OLD.unit_id, -1, 0, 0, award, -1);
          UPDATE volunteer_period_stats p SET tenths = p.tenths - c.tenths, active_volunteers = p.active_volunteers - 1
            FROM volunteer_periods_of(OLD.id) c
           WHERE p.period_months = c.period_months AND p.period_start = c.period_start AND p.unit_id = OLD.unit_id;
        END IF;
        IF NEW.active THEN
          PERFORM volunteer_unit_add(NEW.unit_id, 1, 0, 0, award, 1);
          INSERT INTO volunteer_period_stats AS p (period_months, period_start, unit_id, tenths, active_volunteers)
          SELECT c.period_months, c.period_start, NEW.unit_id, c.tenths, 1 FROM volunteer_periods_of(NEW.id) c
          ON CONFLICT (period_months, period_start, unit_id) DO UPDATE
            SET tenths = p.tenths + EXCLUDED.tenths, active_volunteers = p.active_volunteers + 1;
        END IF;
        RETURN NULL;
      END $$`);

    // Awards given, revoked (or changed) by one statement: each volunteer's highest award moves
    // from one level to another. Once per statement, since a row trigger would see the
    // statement's other rows already there. The volunteers' row locks order this after any
    // other writer of their awards or home; the statements after them see those committed.
    await q.query(`
      CREATE FUNCTION volunteer_rollup_awards() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        fresh volunteer_star_award[];
        gone volunteer_star_award[];
        v record;
      BEGIN
        IF TG_OP <> 'DELETE' THEN SELECT array_agg(n) INTO fresh FROM new_rows n; END IF;
        IF TG_OP <> 'INSERT' THEN SELECT array_agg(o) INTO gone FROM old_rows o; END IF;
        PERFORM 1 FROM volunteer w
          WHERE w.id IN (SELECT f.volunteer_id FROM unnest(fresh) f UNION SELECT g.volunteer_id FROM unnest(gone) g)
          ORDER BY w.id FOR UPDATE;
        FOR v IN
          SELECT w.id, w.unit_id, volunteer_award_level(w.id) AS after,
                 (SELECT coalesce(max(x.level), 0)::integer FROM (
                    SELECT a.level FROM volunteer_star_award a
                     WHERE a.volunteer_id = w.id AND a.revoked_at IS NULL AND a.id NOT IN (SELECT f.id FROM unnest(fresh) f)
                    UNION ALL
                    SELECT g.level FROM unnest(gone) g WHERE g.volunteer_id = w.id AND g.revoked_at IS NULL) x) AS before
            FROM volunteer w
           WHERE w.active AND w.id IN (SELECT f.volunteer_id FROM unnest(fresh) f UNION SELECT g.volunteer_id FROM unnest(gone) g)
           ORDER BY w.id
        LOOP
          IF v.before <> v.after THEN
            PERFORM volunteer_unit_add(v.unit_id, 0, 0, 0, v.before, -1);
            PERFORM volunteer_unit_add(v.unit_id, 0, 0, 0, v.after, 1);
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_awards_insert AFTER INSERT ON volunteer_star_award
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollup_awards()`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_awards_update AFTER UPDATE ON volunteer_star_award
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollup_awards()`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_awards_delete AFTER DELETE ON volunteer_star_award
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION volunteer_rollup_awards()`);

    // Organisations counted while active, activities unless cancelled, each at its unit.
    await q.query(`
      CREATE FUNCTION volunteer_rollup_org() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.active THEN
          PERFORM volunteer_unit_add(OLD.unit_id, 0, -1, 0);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.active THEN
          PERFORM volunteer_unit_add(NEW.unit_id, 0, 1, 0);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_org AFTER INSERT OR DELETE OR UPDATE OF unit_id, active ON volunteer_org
      FOR EACH ROW EXECUTE FUNCTION volunteer_rollup_org()`);
    await q.query(`
      CREATE FUNCTION volunteer_rollup_activity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.status <> 'CANCELLED' THEN
          PERFORM volunteer_unit_add(OLD.unit_id, 0, 0, -1);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status <> 'CANCELLED' THEN
          PERFORM volunteer_unit_add(NEW.unit_id, 0, 0, 1);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER volunteer_rollup_activity AFTER INSERT OR DELETE OR UPDATE OF unit_id, status ON volunteer_activity
      FOR EACH ROW EXECUTE FUNCTION volunteer_rollup_activity()`);

    // Differences added to subtree rows, in key order (so statements that share rows, a
    // street's, lock them in the same order): rows created at zero, locked, then updated; an
    // INSERT … ON CONFLICT would check its proposed row, negative for a decrease.
    await q.query(`
      CREATE FUNCTION volunteer_subtree_add(deltas volunteer_subtree_stats[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO volunteer_subtree_stats (unit_id) SELECT d.unit_id FROM unnest(deltas) d ORDER BY 1 ON CONFLICT DO NOTHING;
        PERFORM 1 FROM volunteer_subtree_stats s WHERE s.unit_id IN (SELECT d.unit_id FROM unnest(deltas) d) ORDER BY s.unit_id FOR UPDATE;
        UPDATE volunteer_subtree_stats s SET registered = s.registered + d.registered, organizations = s.organizations + d.organizations, activities = s.activities + d.activities, awarded_1 = s.awarded_1 + d.awarded_1, awarded_2 = s.awarded_2 + d.awarded_2, awarded_3 = s.awarded_3 + d.awarded_3, awarded_4 = s.awarded_4 + d.awarded_4, awarded_5 = s.awarded_5 + d.awarded_5
          FROM unnest(deltas) d WHERE s.unit_id = d.unit_id;
      END $$`);
    await q.query(`
      CREATE FUNCTION volunteer_subtree_period_add(deltas volunteer_subtree_period_stats[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO volunteer_subtree_period_stats (period_months, period_start, unit_id, tenths, active_volunteers)
        SELECT d.period_months, d.period_start, d.unit_id, 0, 0 FROM unnest(deltas) d ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
        PERFORM 1 FROM volunteer_subtree_period_stats s
          WHERE (s.period_months, s.period_start, s.unit_id) IN (SELECT d.period_months, d.period_start, d.unit_id FROM unnest(deltas) d)
          ORDER BY s.period_months, s.period_start, s.unit_id FOR UPDATE;
        UPDATE volunteer_subtree_period_stats s SET tenths = s.tenths + d.tenths, active_volunteers = s.active_volunteers + d.active_volunteers
          FROM unnest(deltas) d WHERE (s.period_months, s.period_start, s.unit_id) = (d.period_months, d.period_start, d.unit_id);
      END $$`);

    // Per-unit differences carried to every unit on the home unit's path. Skipped while
    // volunteer_rollups_rebuild recounts everything at once.
    await q.query(`
      CREATE FUNCTION volunteer_subtree_follow_units() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        plus volunteer_unit_stats[];
        minus volunteer_unit_stats[];
        deltas volunteer_subtree_stats[];
      BEGIN
        IF current_setting('volunteer.rollups_rebuilding', true) = 'on' THEN
          RETURN NULL;
        END IF;
        IF TG_OP <> 'DELETE' THEN SELECT array_agg(n) INTO plus FROM new_rows n; END IF;
        IF TG_OP <> 'INSERT' THEN SELECT array_agg(o) INTO minus FROM old_rows o; END IF;
        SELECT array_agg(ROW(g.unit_id, g.registered, g.organizations, g.activities, g.awarded_1, g.awarded_2, g.awarded_3, g.awarded_4, g.awarded_5)::volunteer_subtree_stats ORDER BY g.unit_id) INTO deltas
          FROM (SELECT a.id AS unit_id, sum(d.registered) AS registered, sum(d.organizations) AS organizations, sum(d.activities) AS activities, sum(d.awarded_1) AS awarded_1, sum(d.awarded_2) AS awarded_2, sum(d.awarded_3) AS awarded_3, sum(d.awarded_4) AS awarded_4, sum(d.awarded_5) AS awarded_5
          FROM (SELECT d.unit_id, sum(d.registered) AS registered, sum(d.organizations) AS organizations, sum(d.activities) AS activities, sum(d.awarded_1) AS awarded_1, sum(d.awarded_2) AS awarded_2, sum(d.awarded_3) AS awarded_3, sum(d.awarded_4) AS awarded_4, sum(d.awarded_5) AS awarded_5
                  FROM (SELECT p.unit_id, p.registered, p.organizations, p.activities, p.awarded_1, p.awarded_2, p.awarded_3, p.awarded_4, p.awarded_5 FROM unnest(plus) p
                        UNION ALL
                        SELECT m.unit_id, -m.registered, -m.organizations, -m.activities, -m.awarded_1, -m.awarded_2, -m.awarded_3, -m.awarded_4, -m.awarded_5 FROM unnest(minus) m) d
                 GROUP BY d.unit_id
                HAVING (sum(d.registered), sum(d.organizations), sum(d.activities), sum(d.awarded_1), sum(d.awarded_2), sum(d.awarded_3), sum(d.awarded_4), sum(d.awarded_5)) <> (0, 0, 0, 0, 0, 0, 0, 0)) d
         CROSS JOIN LATERAL volunteer_unit_ancestors(d.unit_id) a(id)
         GROUP BY a.id) g;
        IF deltas IS NOT NULL THEN
          PERFORM volunteer_subtree_add(deltas);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION volunteer_subtree_follow_periods() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        plus volunteer_period_stats[];
        minus volunteer_period_stats[];
        deltas volunteer_subtree_period_stats[];
      BEGIN
        IF current_setting('volunteer.rollups_rebuilding', true) = 'on' THEN
          RETURN NULL;
        END IF;
        IF TG_OP <> 'DELETE' THEN SELECT array_agg(n) INTO plus FROM new_rows n; END IF;
        IF TG_OP <> 'INSERT' THEN SELECT array_agg(o) INTO minus FROM old_rows o; END IF;
        SELECT array_agg(ROW(g.period_months, g.period_start, g.unit_id, g.tenths, g.active_volunteers)::volunteer_subtree_period_stats
                         ORDER BY g.period_months, g.period_start, g.unit_id) INTO deltas
          FROM (SELECT d.period_months, d.period_start, a.id AS unit_id, sum(d.tenths) AS tenths, sum(d.active_volunteers) AS active_volunteers
                  FROM (SELECT d.period_months, d.period_start, d.unit_id, sum(d.tenths) AS tenths, sum(d.active_volunteers) AS active_volunteers
                          FROM (SELECT p.period_months, p.period_start, p.unit_id, p.tenths, p.active_volunteers FROM unnest(plus) p
                                UNION ALL
                                SELECT m.period_months, m.period_start, m.unit_id, -m.tenths, -m.active_volunteers FROM unnest(minus) m) d
                         GROUP BY 1, 2, 3
                        HAVING (sum(d.tenths), sum(d.active_volunteers)) <> (0, 0)) d
                 CROSS JOIN LATERAL volunteer_unit_ancestors(d.unit_id) a(id)
                 GROUP BY 1, 2, 3) g;
        IF deltas IS NOT NULL THEN
          PERFORM volunteer_subtree_period_add(deltas);
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, fn] of [
      ['volunteer_unit_stats', 'volunteer_subtree_follow_units'],
      ['volunteer_period_stats', 'volunteer_subtree_follow_periods'],
    ]) {
      await q.query(`CREATE TRIGGER ${fn}_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      await q.query(
        `CREATE TRIGGER ${fn}_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(`CREATE TRIGGER ${fn}_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    }

    // -1 for each unit on the old path, +1 on the new: the shared parents keep their figures.
    await q.query(`
      CREATE FUNCTION volunteer_path_signs(from_path ltree, to_path ltree) RETURNS TABLE (unit_id bigint, sign integer)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT label::bigint, sum(m.sign)::integer
          FROM (VALUES (from_path, -1), (to_path, 1)) m(path, sign)
         CROSS JOIN LATERAL unnest(string_to_array(ltree2text(m.path), '.')) label
         GROUP BY 1 HAVING sum(m.sign) <> 0
      $$`);
    // A unit moved from under from_parent to under to_parent (paths as they were and are).
    await q.query(`
      CREATE FUNCTION volunteer_subtree_moved(unit bigint, from_parent ltree, to_parent ltree) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM volunteer_subtree_stats s WHERE s.unit_id = unit FOR UPDATE;
        PERFORM 1 FROM volunteer_subtree_period_stats s WHERE s.unit_id = unit ORDER BY s.period_months, s.period_start FOR UPDATE;
        PERFORM volunteer_subtree_add(ARRAY(
          SELECT ROW(a.unit_id, a.sign * r.registered, a.sign * r.organizations, a.sign * r.activities, a.sign * r.awarded_1, a.sign * r.awarded_2, a.sign * r.awarded_3, a.sign * r.awarded_4, a.sign * r.awarded_5)::volunteer_subtree_stats
            FROM volunteer_path_signs(from_parent, to_parent) a CROSS JOIN volunteer_subtree_stats r WHERE r.unit_id = unit ORDER BY a.unit_id));
        PERFORM volunteer_subtree_period_add(ARRAY(
          SELECT ROW(r.period_months, r.period_start, a.unit_id, a.sign * r.tenths, a.sign * r.active_volunteers)::volunteer_subtree_period_stats
            FROM volunteer_path_signs(from_parent, to_parent) a CROSS JOIN volunteer_subtree_period_stats r WHERE r.unit_id = unit ORDER BY 1));
      END $$`);

    await q.query(`
      CREATE OR REPLACE FUNCTION volunteer_rollups_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('volunteer.rollups_rebuilding', 'on', true);
        DELETE FROM volunteer_subtree_period_stats;
        DELETE FROM volunteer_subtree_stats;
        DELETE FROM volunteer_unit_stats;
        DELETE FROM volunteer_period_stats;
        INSERT INTO volunteer_unit_stats (unit_id, registered, organizations, activities, awarded_1, awarded_2, awarded_3, awarded_4, awarded_5)
        SELECT c.unit_id, sum(c.registered), sum(c.organizations), sum(c.activities),
               sum(c.awarded_1), sum(c.awarded_2), sum(c.awarded_3), sum(c.awarded_4), sum(c.awarded_5)
          FROM (SELECT v.unit_id, 1 AS registered, 0 AS organizations, 0 AS activities,
                       coalesce((a.level = 1)::int, 0) AS awarded_1, coalesce((a.level = 2)::int, 0) AS awarded_2, coalesce((a.level = 3)::int, 0) AS awarded_3,
                       coalesce((a.level = 4)::int, 0) AS awarded_4, coalesce((a.level = 5)::int, 0) AS awarded_5
                  FROM volunteer v
                  LEFT JOIN (SELECT w.volunteer_id, max(w.level) AS level FROM volunteer_star_award w WHERE w.revoked_at IS NULL GROUP BY 1) a
                    ON a.volunteer_id = v.id
                 WHERE v.active
                UNION ALL
                SELECT o.unit_id, 0, 1, 0, 0, 0, 0, 0, 0 FROM volunteer_org o WHERE o.active
                UNION ALL
                SELECT t.unit_id, 0, 0, 1, 0, 0, 0, 0, 0 FROM volunteer_activity t WHERE t.status <> 'CANCELLED') c
         GROUP BY c.unit_id;
        INSERT INTO volunteer_period_stats (period_months, period_start, unit_id, tenths, active_volunteers)
        SELECT k.m, date_trunc(CASE k.m WHEN 1 THEN 'month' WHEN 3 THEN 'quarter' ELSE 'year' END, e.service_date::timestamp)::date, v.unit_id,
               sum(e.tenths), count(DISTINCT v.id)
          FROM volunteer_hours_entry e JOIN volunteer v ON v.id = e.volunteer_id AND v.active
         CROSS JOIN (VALUES (1::smallint), (3::smallint), (12::smallint)) k(m)
         WHERE e.status = 'APPROVED'
         GROUP BY 1, 2, 3;
        INSERT INTO volunteer_subtree_stats (unit_id, registered, organizations, activities, awarded_1, awarded_2, awarded_3, awarded_4, awarded_5)
        SELECT label::bigint, sum(c.registered), sum(c.organizations), sum(c.activities),
               sum(c.awarded_1), sum(c.awarded_2), sum(c.awarded_3), sum(c.awarded_4), sum(c.awarded_5)
          FROM volunteer_unit_stats c JOIN org_unit u ON u.id = c.unit_id
         CROSS JOIN LATERAL unnest(string_to_array(ltree2text(u.path), '.')) label
         GROUP BY 1;
        INSERT INTO volunteer_subtree_period_stats (period_months, period_start, unit_id, tenths, active_volunteers)
        SELECT p.period_months, p.period_start, label::bigint, sum(p.tenths), sum(p.active_volunteers)
          FROM volunteer_period_stats p JOIN org_unit u ON u.id = p.unit_id
         CROSS JOIN LATERAL unnest(string_to_array(ltree2text(u.path), '.')) label
         GROUP BY 1, 2, 3;
        PERFORM set_config('volunteer.rollups_rebuilding', 'off', true);
      END $$`);
    // One pass over the ledger and the tree (minutes at the seed city's size): not bounded by
    // the pool's statement timeout. The planner then needs the new tables' statistics.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`SELECT volunteer_rollups_rebuild()`);
    await q.query(`ANALYZE volunteer_unit_stats, volunteer_subtree_stats, volunteer_subtree_period_stats`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION volunteer_subtree_moved(bigint, ltree, ltree)`);
    await q.query(`DROP FUNCTION volunteer_path_signs(ltree, ltree)`);
    await q.query(`DROP FUNCTION volunteer_subtree_period_add(volunteer_subtree_period_stats[])`);
    await q.query(`DROP FUNCTION volunteer_subtree_add(volunteer_subtree_stats[])`);
    for (const [table, fn] of [
      ['volunteer_unit_stats', 'volunteer_subtree_follow_units'],
      ['volunteer_period_stats', 'volunteer_subtree_follow_periods'],
    ]) {
      for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER ${fn}_${op} ON ${table}`);
      await q.query(`DROP FUNCTION ${fn}()`);
    }
    await q.query(`DROP TRIGGER volunteer_rollup_activity ON volunteer_activity`);
    await q.query(`DROP FUNCTION volunteer_rollup_activity()`);
    await q.query(`DROP TRIGGER volunteer_rollup_org ON volunteer_org`);
    await q.query(`DROP FUNCTION volunteer_rollup_org()`);
    for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER volunteer_rollup_awards_${op} ON volunteer_star_award`);
    await q.query(`DROP FUNCTION volunteer_rollup_awards()`);
    // As migration 1796090013000 left them.
    await q.query(`CREATE OR REPLACE ${ROLLUP_VOLUNTEER_FUNCTION}`);
    await q.query(`DROP FUNCTION volunteer_rollups_rebuild()`);
    await q.query(`CREATE ${ROLLUPS_REBUILD_FUNCTION}`);
    await q.query(`DROP FUNCTION volunteer_award_level(bigint)`);
    await q.query(`DROP FUNCTION volunteer_unit_add(bigint, integer, integer, integer, integer, integer)`);
    await q.query(`DROP FUNCTION volunteer_unit_ancestors(bigint)`);
    await q.query(`DROP INDEX volunteer_star_award_notice`);
    await q.query(`DROP TABLE volunteer_subtree_period_stats`);
    await q.query(`DROP TABLE volunteer_subtree_stats`);
    await q.query(`
      ALTER TABLE volunteer_unit_stats
        DROP CONSTRAINT volunteer_unit_stats_counts,
        DROP COLUMN organizations, DROP COLUMN activities,
        DROP COLUMN awarded_1, DROP COLUMN awarded_2, DROP COLUMN awarded_3, DROP COLUMN awarded_4, DROP COLUMN awarded_5,
        ALTER COLUMN registered DROP DEFAULT`);
  }
}
