import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PLAN_EACH_TIME, queryRows, type Queryable } from '../../database/queries.js';
import { isWholeQuarters, orgUnitSql as unit, requestQuarterCountsSql } from './deps.js';
import type { EntryRow, FindingRow, IndicatorCounts, InspectionRow, ItemRow, NoticeRow, ResultRow, SchemeRow } from './assessment.model.js';

/**
 * A covert inspection (alias `i`, its unit `iu`) is revealed once a result of the quarter of
 * its conductedAt is published for a unit whose children include the inspected unit or one of
 * its ancestors (a strict ancestor of it), or city-wide.
 */
const REVEALED_SQL = `EXISTS (SELECT 1 FROM assessment_result ar LEFT JOIN ${unit.table('ru')} ON ${unit.id('ru')} = ar.unit_id
   WHERE ar.period = to_char(i.conducted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY"Q"Q')
     AND (ar.unit_id IS NULL OR (${unit.path('ru')} @> ${unit.path('iu')} AND ${unit.id('ru')} <> ${unit.id('iu')})))`;

/**
 * Hidden from a viewer whose scope is at `scopeParam` (an ltree parameter; null: hidden from
 * nobody): covert, not revealed, and inspecting the scope unit, a unit inside it or above it.
 */
export const concealedSql = (scopeParam: string) =>
  `(${scopeParam}::ltree IS NOT NULL AND i.covert AND (${unit.path('iu')} <@ ${scopeParam}::ltree OR ${unit.path('iu')} @> ${scopeParam}::ltree) AND NOT ${REVEALED_SQL})`;

const INSPECTION_COLUMNS = `i.id::text AS id, i.unit_id::text AS unit_id, ${unit.path('iu')}::text AS unit_path, i.inspector_user_id::text AS inspector_user_id,
  i.covert, i.conducted_at, i.note`;

const NOTICE_SELECT = `SELECT n.id::text AS id, n.number, n.title, n.body, n.issued_by::text AS issued_by, n.issued_at, n.rectify_by, n.closed_at,
    CASE WHEN n.closed_at IS NOT NULL THEN 'CLOSED'
         WHEN NOT EXISTS (SELECT 1 FROM problem_notice_unit pu LEFT JOIN problem_notice_response pr USING (notice_id, unit_id)
                           WHERE pu.notice_id = n.id AND pr.notice_id IS NULL) THEN 'RESPONDED'
         ELSE 'OPEN' END AS status,
    ARRAY(SELECT pu.unit_id::text FROM problem_notice_unit pu JOIN ${unit.table('u')} ON ${unit.id('u')} = pu.unit_id WHERE pu.notice_id = n.id ORDER BY ${unit.code('u')}) AS unit_ids,
    ARRAY(SELECT ${unit.path('u')}::text FROM problem_notice_unit pu JOIN ${unit.table('u')} ON ${unit.id('u')} = pu.unit_id WHERE pu.notice_id = n.id ORDER BY ${unit.code('u')}) AS unit_paths,
    ARRAY(SELECT pq.request_id::text FROM problem_notice_request pq WHERE pq.notice_id = n.id ORDER BY pq.request_id) AS request_ids,
    coalesce((SELECT json_agg(json_build_object('unit_id', pr.unit_id::text, 'report', pr.report, 'responded_by', pr.responded_by::text,
                                                'responded_at', pr.responded_at, 'late', pr.late) ORDER BY pr.responded_at, pr.unit_id)
                FROM problem_notice_response pr WHERE pr.notice_id = n.id), '[]'::json) AS responses
  FROM problem_notice n`;

const ENTRY_SELECT = `SELECT e.id::text AS id, e.unit_id::text AS unit_id, ${unit.path('u')}::text AS unit_path, e.item_code,
    it.description AS item_description, it.deduction AS item_deduction, it.veto AS item_veto, e.occurred_at, e.note,
    e.recorded_by::text AS recorded_by, e.revoked, e.revoked_reason
  FROM negative_list_entry e JOIN ${unit.table('u')} ON ${unit.id('u')} = e.unit_id JOIN negative_list_item it ON it.code = e.item_code`;

/** A UnitRef's columns, read from the tree unaliased (unitsByIds, rankedUnits). */
const UNIT_REF_COLUMNS = `${unit.id()}::text AS id, ${unit.code()}, ${unit.path()}::text AS path, ${unit.level()}::text AS level, ${unit.archived()}, ${unit.parentId()}::text AS parent_id`;

const SCHEME_COLUMNS = `version, on_time_weight, closure_weight, rework_weight, satisfaction_weight, finding_deduction, overdue_finding_deduction, created_at`;

/** The subtree's members of each target unit (targets: $1). */
const MEMBERS_CTE = `targets AS (SELECT ${unit.id()}, ${unit.path()} FROM ${unit.table()} WHERE ${unit.id()} = ANY($1::bigint[])),
       members AS (SELECT t.id AS target_id, ${unit.id('u')} AS unit_id FROM targets t JOIN ${unit.table('u')} ON ${unit.path('u')} <@ t.path)`;

/** Findings and negative-list entries over [$2, $3), always counted live (few rows; judged now, hidden per viewer $4). */
const LIVE_COUNTS = `findings AS (
         SELECT m.target_id, count(*)::int AS n,
                count(*) FILTER (WHERE r.resolve_due_at < now() AND NOT EXISTS (
                  SELECT 1 FROM request_event e WHERE e.request_id = r.id AND e.type = 'RESOLVED' AND e.at <= r.resolve_due_at))::int AS overdue
           FROM inspection i JOIN ${unit.table('iu')} ON ${unit.id('iu')} = i.unit_id JOIN members m ON m.unit_id = i.unit_id
           JOIN inspection_finding f ON f.inspection_id = i.id JOIN service_request r ON r.id = f.request_id
          WHERE i.conducted_at >= $2 AND i.conducted_at < $3 AND NOT ${concealedSql('$4')}
          GROUP BY m.target_id),
       negatives AS (
         SELECT m.target_id, count(*)::int AS n, sum(it.deduction)::float8 AS deductions, bool_or(it.veto) AS veto
           FROM negative_list_entry ne JOIN members m ON m.unit_id = ne.unit_id JOIN negative_list_item it ON it.code = ne.item_code
          WHERE NOT ne.revoked AND ne.occurred_at >= $2 AND ne.occurred_at < $3 GROUP BY m.target_id)`;

/** The indicators' columns from CTEs received (rc), due_counts (d), escalations (es), ratings (ra) and LIVE_COUNTS. */
const INDICATOR_SELECT = `SELECT t.id::text AS "unitId",
              coalesce(rc.received, 0) AS received, coalesce(rc.cancelled, 0) AS cancelled,
              coalesce(d.due, 0) AS due, coalesce(d.resolved_on_time, 0) AS "resolvedOnTime", coalesce(d.closed, 0) AS closed,
              coalesce(d.resolved, 0) AS resolved, coalesce(d.reworked, 0) AS reworked,
              coalesce(d.overdue_unresolved, 0) AS "overdueUnresolved", coalesce(es.n, 0) AS escalations,
              coalesce(ra.n, 0) AS rated, coalesce(ra.total, 0) AS "ratingSum", coalesce(ra.high, 0) AS "ratedHigh",
              coalesce(fi.n, 0) AS "inspectionFindings", coalesce(fi.overdue, 0) AS "findingsOverdue",
              coalesce(ng.n, 0) AS "negativeEntries", coalesce(ng.deductions, 0) AS "negativeDeductions", coalesce(ng.veto, false) AS vetoed
         FROM targets t
         LEFT JOIN received rc ON rc.target_id = t.id
         LEFT JOIN due_counts d ON d.target_id = t.id
         LEFT JOIN escalations es ON es.target_id = t.id
         LEFT JOIN ratings ra ON ra.target_id = t.id
         LEFT JOIN findings fi ON fi.target_id = t.id
         LEFT JOIN negatives ng ON ng.target_id = t.id`;

export interface UnitRef {
  id: string;
  code: string;
  path: string;
  level: string;
  archived: boolean;
  parent_id: string | null;
}

/** All SQL of the assessment module: its own tables, and reads (never writes) of the tree, requests and events. */
@Injectable()
export class AssessmentRepository {
  constructor(private readonly db: DataSource) {}

  // ---- indicators ------------------------------------------------------------------------

  /**
   * The counts of README "Indicators" for each target unit's subtree over [from, to), in one
   * set-based statement. A request belongs to the units on the path of its courtyard (else
   * its holder): the subtree's units are joined by path at query time, so a moved unit counts
   * for its new ancestors at once. `concealFrom` is the viewer's scope path when covert
   * inspections not yet revealed must not count for them (else null).
   */
  indicatorCounts(targetIds: readonly string[], from: Date, to: Date, concealFrom: string | null, q: Queryable = this.db): Promise<IndicatorCounts[]> {
    return isWholeQuarters(from, to) ? this.quarterCounts(targetIds, from, to, concealFrom, q) : this.baseCounts(targetIds, from, to, concealFrom, q);
  }

  /**
   * Whole quarters: the request figures are sums of the requests module's per-unit quarter
   * roll-ups over the subtree's units (bench/README.md, A1: a city's quarter is ~64,000 rows,
   * not ~500,000 requests). overdueUnresolved is judged now: for a period over, every due
   * request is past its resolveDueAt, so it is due − resolved; else it is counted live.
   */
  private quarterCounts(targetIds: readonly string[], from: Date, to: Date, concealFrom: string | null, q: Queryable): Promise<IndicatorCounts[]> {
    return queryRows<IndicatorCounts>(
      q,
      `WITH ${MEMBERS_CTE},
       -- As in baseCounts, two forms: up to 20,000 units a primary-key probe per unit (an
       -- aggregate in the LATERAL keeps it a nested loop), beyond one hashed pass over the
       -- period's rows (the planner, guessing every subtree at 713 units, hashed the city's
       -- quarter for a street's 640 courtyards).
       size AS (SELECT count(*) AS n FROM members),
       unit_rows AS (
         SELECT m.target_id, x.*
           FROM members m CROSS JOIN LATERAL (
             SELECT sum(c.received) AS received, sum(c.cancelled) AS cancelled, sum(c.due) AS due,
                    sum(c.resolved_on_time) AS resolved_on_time, sum(c.closed) AS closed, sum(c.resolved) AS resolved,
                    sum(c.reworked) AS reworked, sum(c.escalations) AS escalations, sum(c.rated) AS rated,
                    sum(c.rating_sum) AS rating_sum, sum(c.rated_high) AS rated_high
               FROM ${requestQuarterCountsSql('$2', '$3')} c WHERE c.unit_id = m.unit_id) x
          WHERE (SELECT n FROM size) <= 20000
         UNION ALL
         SELECT m.target_id, c.received, c.cancelled, c.due, c.resolved_on_time, c.closed, c.resolved, c.reworked,
                c.escalations, c.rated, c.rating_sum, c.rated_high
           FROM members m JOIN ${requestQuarterCountsSql('$2', '$3')} c ON c.unit_id = m.unit_id
          WHERE (SELECT n FROM size) > 20000),
       rolled AS (
         SELECT target_id, coalesce(sum(received), 0)::int AS received, coalesce(sum(cancelled), 0)::int AS cancelled,
                coalesce(sum(due), 0)::int AS due, coalesce(sum(resolved_on_time), 0)::int AS resolved_on_time,
                coalesce(sum(closed), 0)::int AS closed, coalesce(sum(resolved), 0)::int AS resolved,
                coalesce(sum(reworked), 0)::int AS reworked, coalesce(sum(escalations), 0)::int AS escalations,
                coalesce(sum(rated), 0)::int AS rated, coalesce(sum(rating_sum), 0)::int AS rating_sum,
                coalesce(sum(rated_high), 0)::int AS rated_high
           FROM unit_rows GROUP BY target_id),
       overdue_now AS (
         SELECT m.target_id, sum(x.n)::int AS n
           FROM members m CROSS JOIN LATERAL (
             SELECT count(*)::int AS n FROM service_request r
              WHERE coalesce(r.courtyard_id, r.unit_id) = m.unit_id AND r.status <> 'CANCELLED'
                AND r.resolve_due_at >= $2 AND r.resolve_due_at < least($3::timestamptz, now())
                AND NOT EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = r.id AND e.type = 'RESOLVED')) x
          WHERE $3::timestamptz > now() GROUP BY m.target_id),
       received AS (SELECT target_id, received, cancelled FROM rolled),
       due_counts AS (
         SELECT r.target_id, r.due, r.resolved_on_time, r.closed, r.resolved, r.reworked,
                CASE WHEN $3::timestamptz <= now() THEN r.due - r.resolved ELSE coalesce(o.n, 0) END AS overdue_unresolved
           FROM rolled r LEFT JOIN overdue_now o ON o.target_id = r.target_id),
       escalations AS (SELECT target_id, escalations AS n FROM rolled),
       ratings AS (SELECT target_id, rated AS n, rating_sum AS total, rated_high AS high FROM rolled),
       ${LIVE_COUNTS}
       ${INDICATOR_SELECT}`,
      [targetIds, from, to, concealFrom],
      PLAN_EACH_TIME,
    );
  }

  /** Any other period: counted from the base tables. */
  private baseCounts(targetIds: readonly string[], from: Date, to: Date, concealFrom: string | null, q: Queryable): Promise<IndicatorCounts[]> {
    return queryRows<IndicatorCounts>(
      q,
      `WITH ${MEMBERS_CTE},
       -- Two forms of the same counts, one of them run (a one-time filter on the subtree's real
       -- size): up to 20,000 units, each unit's requests by an index-only range scan through a
       -- LATERAL aggregate; beyond, one pass over the period's requests hashed on the units. The
       -- planner guesses a subtree's size from the path index (713 units at scale 10, even for a
       -- courtyard): alone it hashed the city's quarter for a street's 640 courtyards (bench/README.md, A1).
       size AS (SELECT count(*) AS n FROM members),
       received AS (
         SELECT m.target_id, sum(x.received)::int AS received, sum(x.cancelled)::int AS cancelled
           FROM members m CROSS JOIN LATERAL (
             SELECT count(*) AS received, count(*) FILTER (WHERE r.status = 'CANCELLED') AS cancelled
               FROM service_request r
              WHERE coalesce(r.courtyard_id, r.unit_id) = m.unit_id AND r.created_at >= $2 AND r.created_at < $3) x
          WHERE (SELECT n FROM size) <= 20000 GROUP BY m.target_id
         UNION ALL
         SELECT m.target_id, count(*)::int, count(*) FILTER (WHERE r.status = 'CANCELLED')::int
           FROM members m JOIN service_request r ON coalesce(r.courtyard_id, r.unit_id) = m.unit_id
          WHERE (SELECT n FROM size) > 20000 AND r.created_at >= $2 AND r.created_at < $3 GROUP BY m.target_id),
       due AS (
         SELECT m.target_id, x.*
           FROM members m CROSS JOIN LATERAL (
             SELECT count(*) AS due,
                    count(*) FILTER (WHERE fr.at <= r.resolve_due_at) AS resolved_on_time,
                    count(*) FILTER (WHERE r.status = 'CLOSED') AS closed,
                    count(*) FILTER (WHERE fr.at IS NOT NULL) AS resolved,
                    count(*) FILTER (WHERE r.rework_count > 0) AS reworked,
                    count(*) FILTER (WHERE fr.at IS NULL AND r.resolve_due_at < now()) AS overdue_unresolved
               FROM service_request r
               LEFT JOIN LATERAL (SELECT min(e.at) AS at FROM request_event e WHERE e.request_id = r.id AND e.type = 'RESOLVED') fr ON true
              WHERE coalesce(r.courtyard_id, r.unit_id) = m.unit_id AND r.status <> 'CANCELLED'
                AND r.resolve_due_at >= $2 AND r.resolve_due_at < $3) x
          WHERE (SELECT n FROM size) <= 20000
         UNION ALL
         SELECT m.target_id, count(*),
                count(*) FILTER (WHERE fr.at <= r.resolve_due_at),
                count(*) FILTER (WHERE r.status = 'CLOSED'),
                count(*) FILTER (WHERE fr.at IS NOT NULL),
                count(*) FILTER (WHERE r.rework_count > 0),
                count(*) FILTER (WHERE fr.at IS NULL AND r.resolve_due_at < now())
           FROM members m JOIN service_request r ON coalesce(r.courtyard_id, r.unit_id) = m.unit_id
           LEFT JOIN LATERAL (SELECT min(e.at) AS at FROM request_event e WHERE e.request_id = r.id AND e.type = 'RESOLVED') fr ON true
          WHERE (SELECT n FROM size) > 20000 AND r.status <> 'CANCELLED' AND r.resolve_due_at >= $2 AND r.resolve_due_at < $3
          GROUP BY m.target_id),
       due_counts AS (
         SELECT target_id, sum(due)::int AS due, sum(resolved_on_time)::int AS resolved_on_time, sum(closed)::int AS closed,
                sum(resolved)::int AS resolved, sum(reworked)::int AS reworked, sum(overdue_unresolved)::int AS overdue_unresolved
           FROM due GROUP BY target_id),
       escalations AS (
         SELECT m.target_id, count(*)::int AS n
           FROM request_event e JOIN service_request r ON r.id = e.request_id
           JOIN members m ON m.unit_id = coalesce(r.courtyard_id, r.unit_id)
          WHERE e.type = 'ESCALATED' AND e.at >= $2 AND e.at < $3 GROUP BY m.target_id),
       ratings AS (
         SELECT m.target_id, count(*)::int AS n, sum(e.rating)::int AS total, count(*) FILTER (WHERE e.rating >= 4)::int AS high
           FROM request_event e JOIN service_request r ON r.id = e.request_id
           JOIN members m ON m.unit_id = coalesce(r.courtyard_id, r.unit_id)
          WHERE e.type = 'CLOSED' AND e.rating IS NOT NULL AND e.at >= $2 AND e.at < $3
            AND NOT EXISTS (SELECT 1 FROM request_event l WHERE l.request_id = e.request_id AND l.type = 'CLOSED'
                              AND l.rating IS NOT NULL AND (l.at, l.id) > (e.at, e.id))
          GROUP BY m.target_id),
       ${LIVE_COUNTS}
       ${INDICATOR_SELECT}`,
      [targetIds, from, to, concealFrom],
      PLAN_EACH_TIME,
    );
  }

  // ---- units -----------------------------------------------------------------------------

  async unitsByIds(ids: readonly string[], q: Queryable = this.db): Promise<UnitRef[]> {
    return queryRows(
      q,
      `SELECT ${UNIT_REF_COLUMNS} FROM ${unit.table()} WHERE ${unit.id()} = ANY($1::bigint[])`,
      [ids],
    );
  }

  /** The live units a ranking ranks: children of a unit, every unit of a level below it, or the street committees. */
  rankedUnits(parentPath: string | null, level: string | null, parentId: string | null): Promise<UnitRef[]> {
    const clauses = [`NOT ${unit.archived()}`];
    const params: unknown[] = [];
    if (level) {
      params.push(level);
      clauses.push(`${unit.level()} = $${params.length}::org_level`);
      if (parentPath) {
        params.push(parentPath);
        clauses.push(`${unit.path()} <@ $${params.length}::ltree AND nlevel(${unit.path()}) > nlevel($${params.length}::ltree)`);
      }
    } else if (parentId) {
      params.push(parentId);
      clauses.push(`${unit.parentId()} = $${params.length}`);
    } else {
      clauses.push(`${unit.parentId()} IS NULL`);
    }
    return queryRows(
      this.db,
      `SELECT ${UNIT_REF_COLUMNS}
         FROM ${unit.table()} WHERE ${clauses.join(' AND ')} ORDER BY ${unit.code()}`,
      params,
      PLAN_EACH_TIME,
    );
  }

  // ---- scheme ----------------------------------------------------------------------------

  async currentScheme(q: Queryable = this.db): Promise<SchemeRow> {
    const [row] = await queryRows<SchemeRow>(q, `SELECT ${SCHEME_COLUMNS} FROM assessment_scheme ORDER BY version DESC LIMIT 1`);
    return row;
  }

  async schemeByVersion(version: number, q: Queryable = this.db): Promise<SchemeRow | undefined> {
    const [row] = await queryRows<SchemeRow>(q, `SELECT ${SCHEME_COLUMNS} FROM assessment_scheme WHERE version = $1`, [version]);
    return row;
  }

  /** A new version after the latest; concurrent calls queue on a transaction lock and each gets its own number. */
  async insertScheme(s: Omit<SchemeRow, 'version' | 'created_at'>, by: string, q: Queryable): Promise<SchemeRow> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('assessment_scheme'))`);
    const [row] = await queryRows<SchemeRow>(
      q,
      `INSERT INTO assessment_scheme (version, on_time_weight, closure_weight, rework_weight, satisfaction_weight, finding_deduction,
          overdue_finding_deduction, created_by)
       SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5, $6, $7 FROM assessment_scheme
       RETURNING ${SCHEME_COLUMNS}`,
      [s.on_time_weight, s.closure_weight, s.rework_weight, s.satisfaction_weight, s.finding_deduction, s.overdue_finding_deduction, by],
    );
    return row;
  }

  // ---- results ---------------------------------------------------------------------------

  async result(period: string, unitId: string | null, q: Queryable = this.db): Promise<ResultRow | undefined> {
    const [row] = await queryRows<ResultRow>(
      q,
      `SELECT id::text AS id, period, unit_id::text AS unit_id, scheme_version, published_at, published_by::text AS published_by, ranking
         FROM assessment_result WHERE period = $1 AND coalesce(unit_id, 0) = coalesce($2::bigint, 0)`,
      [period, unitId],
    );
    return row;
  }

  async resultById(id: string): Promise<ResultRow | undefined> {
    const [row] = await queryRows<ResultRow>(
      this.db,
      `SELECT id::text AS id, period, unit_id::text AS unit_id, scheme_version, published_at, published_by::text AS published_by, ranking
         FROM assessment_result WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Publications of one period and unit queue here until the first commits. */
  async lockPublication(period: string, unitId: string | null, q: Queryable): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`assessment:${period}:${unitId ?? 'city'}`]);
  }

  /** Null when the period and unit were published already (by this call's rival, too). */
  async insertResult(
    r: { period: string; from: Date; to: Date; unitId: string | null; schemeVersion: number; by: string; ranking: unknown },
    q: Queryable,
  ): Promise<string | null> {
    const rows = await queryRows<{ id: string }>(
      q,
      `INSERT INTO assessment_result (period, period_from, period_to, unit_id, scheme_version, published_by, ranking)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (period, coalesce(unit_id, 0)) DO NOTHING RETURNING id::text AS id`,
      [r.period, r.from, r.to, r.unitId, r.schemeVersion, r.by, JSON.stringify(r.ranking)],
    );
    return rows[0]?.id ?? null;
  }

  // ---- inspections -----------------------------------------------------------------------

  async insertInspection(i: { unitId: string; inspector: string; covert: boolean; conductedAt: Date; note: string | null }, q: Queryable): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO inspection (unit_id, inspector_user_id, covert, conducted_at, note) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [i.unitId, i.inspector, i.covert, i.conductedAt, i.note],
    );
    return row.id;
  }

  async insertFinding(
    f: { inspectionId: string; position: number; description: string; severity: string; location: { lat: number; lng: number } | null; requestId: string },
    q: Queryable,
  ): Promise<void> {
    await q.query(
      `INSERT INTO inspection_finding (inspection_id, position, description, severity, location, request_id)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::float8 IS NULL THEN NULL ELSE point($5::float8, $6::float8) END, $7)`,
      [f.inspectionId, f.position, f.description, f.severity, f.location?.lng ?? null, f.location?.lat ?? null, f.requestId],
    );
  }

  inspectionsByIds(ids: readonly string[], q: Queryable = this.db): Promise<InspectionRow[]> {
    return queryRows(q, `SELECT ${INSPECTION_COLUMNS} FROM inspection i JOIN ${unit.table('iu')} ON ${unit.id('iu')} = i.unit_id WHERE i.id = ANY($1::bigint[])`, [ids]);
  }

  /** Whether each inspection is hidden from a viewer scoped at `scopePath`. */
  async concealedInspections(ids: readonly string[], scopePath: string): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      this.db,
      `SELECT i.id::text AS id FROM inspection i JOIN ${unit.table('iu')} ON ${unit.id('iu')} = i.unit_id WHERE i.id = ANY($1::bigint[]) AND ${concealedSql('$2')}`,
      [ids, scopePath],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** For requests opened by findings: the inspection behind each (request id → inspection id). */
  async inspectionsOfRequests(requestIds: readonly string[]): Promise<{ request_id: string; inspection_id: string }[]> {
    return queryRows(
      this.db,
      `SELECT request_id::text AS request_id, inspection_id::text AS inspection_id FROM inspection_finding WHERE request_id = ANY($1::bigint[])`,
      [requestIds],
    );
  }

  findingsOf(inspectionIds: readonly string[]): Promise<FindingRow[]> {
    return queryRows(
      this.db,
      `SELECT id::text AS id, inspection_id::text AS inspection_id, description, severity, location::text AS location, request_id::text AS request_id
         FROM inspection_finding WHERE inspection_id = ANY($1::bigint[]) ORDER BY inspection_id, position`,
      [inspectionIds],
    );
  }

  /** A page of inspections under `scopePath` ('' = all), newest first. */
  listInspections(
    f: { scopePath: string; unitPath: string | null; from: Date | null; to: Date | null; concealFrom: string | null },
    after: [string, string] | null,
    limit: number,
  ): Promise<(InspectionRow & { k: string })[]> {
    const [where, params] = inspectionWhere(f);
    params.push(after?.[0] ?? null, after?.[1] ?? null, limit + 1);
    const n = params.length;
    return queryRows(
      this.db,
      `SELECT ${INSPECTION_COLUMNS}, i.conducted_at::text AS k FROM inspection i JOIN ${unit.table('iu')} ON ${unit.id('iu')} = i.unit_id
        WHERE ${where} AND ($${n - 2}::timestamptz IS NULL OR (i.conducted_at, i.id) < ($${n - 2}::timestamptz, $${n - 1}::bigint))
        ORDER BY i.conducted_at DESC, i.id DESC LIMIT $${n}`,
      params,
      PLAN_EACH_TIME,
    );
  }

  async countInspections(f: { scopePath: string; unitPath: string | null; from: Date | null; to: Date | null; concealFrom: string | null }): Promise<number> {
    const [where, params] = inspectionWhere(f);
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM inspection i JOIN ${unit.table('iu')} ON ${unit.id('iu')} = i.unit_id WHERE ${where}`,
      params,
      PLAN_EACH_TIME,
    );
    return row.n;
  }

  // ---- notices ---------------------------------------------------------------------------

  /** The next number of the year: the counter row's lock orders concurrent issues. */
  async nextNoticeNumber(year: number, q: Queryable): Promise<string> {
    const [row] = await queryRows<{ last: number }>(
      q,
      `INSERT INTO problem_notice_counter (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = problem_notice_counter.last + 1 RETURNING last`,
      [year],
    );
    return `TB-${year}-${String(row.last).padStart(4, '0')}`;
  }

  async insertNotice(
    n: { number: string; title: string; body: string; by: string; rectifyBy: Date; unitIds: string[]; requestIds: string[] },
    q: Queryable,
  ): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO problem_notice (number, title, body, issued_by, rectify_by) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [n.number, n.title, n.body, n.by, n.rectifyBy],
    );
    await q.query(`INSERT INTO problem_notice_unit (notice_id, unit_id) SELECT $1, unnest($2::bigint[])`, [row.id, n.unitIds]);
    await q.query(`INSERT INTO problem_notice_request (notice_id, request_id) SELECT $1, unnest($2::bigint[])`, [row.id, n.requestIds]);
    return row.id;
  }

  async noticesByIds(ids: readonly string[], q: Queryable = this.db): Promise<NoticeRow[]> {
    return queryRows(q, `${NOTICE_SELECT} WHERE n.id = ANY($1::bigint[])`, [ids]);
  }

  async lockNotice(id: string, q: Queryable): Promise<NoticeRow | undefined> {
    const locked = await queryRows(q, `SELECT id FROM problem_notice WHERE id = $1 FOR UPDATE`, [id]);
    if (locked.length === 0) return undefined;
    return (await this.noticesByIds([id], q))[0];
  }

  /** False when the unit had responded already. */
  async insertResponse(r: { noticeId: string; unitId: string; report: string; by: string }, q: Queryable): Promise<boolean> {
    const rows = await queryRows(
      q,
      `INSERT INTO problem_notice_response (notice_id, unit_id, report, responded_by, late)
       SELECT $1, $2, $3, $4, now() > n.rectify_by FROM problem_notice n WHERE n.id = $1
       ON CONFLICT (notice_id, unit_id) DO NOTHING RETURNING notice_id`,
      [r.noticeId, r.unitId, r.report, r.by],
    );
    return rows.length > 0;
  }

  async closeNotice(id: string, by: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE problem_notice SET closed_at = now(), closed_by = $2 WHERE id = $1`, [id, by]);
  }

  listNotices(
    f: { scopePath: string; userId: string; unitPath: string | null; statuses: string[] | null },
    after: [string, string] | null,
    limit: number,
  ): Promise<(NoticeRow & { k: string })[]> {
    const [where, params] = noticeWhere(f);
    params.push(after?.[0] ?? null, after?.[1] ?? null, limit + 1);
    const n = params.length;
    return queryRows(
      this.db,
      `SELECT n.*, n.issued_at::text AS k FROM (${NOTICE_SELECT}) n
        WHERE ${where} AND ($${n - 2}::timestamptz IS NULL OR (n.issued_at, n.id::bigint) < ($${n - 2}::timestamptz, $${n - 1}::bigint))
        ORDER BY n.issued_at DESC, n.id::bigint DESC LIMIT $${n}`,
      params,
      PLAN_EACH_TIME,
    );
  }

  async countNotices(f: { scopePath: string; userId: string; unitPath: string | null; statuses: string[] | null }): Promise<number> {
    const [where, params] = noticeWhere(f);
    const [row] = await queryRows<{ n: number }>(this.db, `SELECT count(*)::int AS n FROM (${NOTICE_SELECT}) n WHERE ${where}`, params, PLAN_EACH_TIME);
    return row.n;
  }

  // ---- negative list ---------------------------------------------------------------------

  items(): Promise<ItemRow[]> {
    return queryRows(this.db, `SELECT code, description, deduction, veto FROM negative_list_item ORDER BY code`);
  }

  async upsertItem(i: ItemRow, q: Queryable): Promise<ItemRow> {
    const [row] = await queryRows<ItemRow>(
      q,
      `INSERT INTO negative_list_item (code, description, deduction, veto) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET description = EXCLUDED.description, deduction = EXCLUDED.deduction, veto = EXCLUDED.veto, updated_at = now()
       RETURNING code, description, deduction, veto`,
      [i.code, i.description, i.deduction, i.veto],
    );
    return row;
  }

  async itemByCode(code: string, q: Queryable): Promise<ItemRow | undefined> {
    const [row] = await queryRows<ItemRow>(q, `SELECT code, description, deduction, veto FROM negative_list_item WHERE code = $1 FOR SHARE`, [code]);
    return row;
  }

  async insertEntry(e: { unitId: string; itemCode: string; occurredAt: Date; note: string; by: string }, q: Queryable): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO negative_list_entry (unit_id, item_code, occurred_at, note, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [e.unitId, e.itemCode, e.occurredAt, e.note, e.by],
    );
    return row.id;
  }

  async entriesByIds(ids: readonly string[], q: Queryable = this.db): Promise<EntryRow[]> {
    return queryRows(q, `${ENTRY_SELECT} WHERE e.id = ANY($1::bigint[])`, [ids]);
  }

  async lockEntry(id: string, q: Queryable): Promise<EntryRow | undefined> {
    const locked = await queryRows(q, `SELECT id FROM negative_list_entry WHERE id = $1 FOR UPDATE`, [id]);
    if (locked.length === 0) return undefined;
    return (await this.entriesByIds([id], q))[0];
  }

  async revokeEntry(id: string, reason: string, by: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE negative_list_entry SET revoked = true, revoked_reason = $2, revoked_by = $3, revoked_at = now() WHERE id = $1`, [id, reason, by]);
  }

  listEntries(
    f: { scopePath: string; unitPath: string | null; from: Date | null; to: Date | null; includeRevoked: boolean },
    after: [string, string] | null,
    limit: number,
  ): Promise<(EntryRow & { k: string })[]> {
    const [where, params] = entryWhere(f);
    params.push(after?.[0] ?? null, after?.[1] ?? null, limit + 1);
    const n = params.length;
    return queryRows(
      this.db,
      `${ENTRY_SELECT.replace('SELECT ', 'SELECT e.occurred_at::text AS k, ')}
        WHERE ${where} AND ($${n - 2}::timestamptz IS NULL OR (e.occurred_at, e.id) < ($${n - 2}::timestamptz, $${n - 1}::bigint))
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT $${n}`,
      params,
      PLAN_EACH_TIME,
    );
  }

  async countEntries(f: { scopePath: string; unitPath: string | null; from: Date | null; to: Date | null; includeRevoked: boolean }): Promise<number> {
    const [where, params] = entryWhere(f);
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM negative_list_entry e JOIN ${unit.table('u')} ON ${unit.id('u')} = e.unit_id WHERE ${where}`,
      params,
      PLAN_EACH_TIME,
    );
    return row.n;
  }
}

function params() {
  const list: unknown[] = [];
  return { list, p: (v: unknown) => (list.push(v), `$${list.length}`) };
}

function inspectionWhere(f: { scopePath: string; unitPath: string | null; from: Date | null; to: Date | null; concealFrom: string | null }): [string, unknown[]] {
  const { list, p } = params();
  const c = ['true'];
  if (f.scopePath) c.push(`${unit.path('iu')} <@ ${p(f.scopePath)}::ltree`);
  if (f.unitPath) c.push(`${unit.path('iu')} <@ ${p(f.unitPath)}::ltree`);
  if (f.from) c.push(`i.conducted_at >= ${p(f.from)}`);
  if (f.to) c.push(`i.conducted_at < ${p(f.to)}`);
  if (f.concealFrom) c.push(`NOT ${concealedSql(p(f.concealFrom))}`);
  return [c.join(' AND '), list];
}

/** A notice shows to whoever reads one of its units, and to its issuer. */
function noticeWhere(f: { scopePath: string; userId: string; unitPath: string | null; statuses: string[] | null }): [string, unknown[]] {
  const { list, p } = params();
  const c = ['true'];
  if (f.scopePath) c.push(`(n.issued_by = ${p(f.userId)} OR EXISTS (SELECT 1 FROM unnest(n.unit_paths) up WHERE up::ltree <@ ${p(f.scopePath)}::ltree))`);
  if (f.unitPath) c.push(`EXISTS (SELECT 1 FROM unnest(n.unit_paths) up WHERE up::ltree <@ ${p(f.unitPath)}::ltree)`);
  if (f.statuses?.length) c.push(`n.status = ANY(${p(f.statuses)}::text[])`);
  return [c.join(' AND '), list];
}

function entryWhere(f: { scopePath: string; unitPath: string | null; from: Date | null; to: Date | null; includeRevoked: boolean }): [string, unknown[]] {
  const { list, p } = params();
  const c = ['true'];
  if (f.scopePath) c.push(`${unit.path('u')} <@ ${p(f.scopePath)}::ltree`);
  if (f.unitPath) c.push(`${unit.path('u')} <@ ${p(f.unitPath)}::ltree`);
  if (f.from) c.push(`e.occurred_at >= ${p(f.from)}`);
  if (f.to) c.push(`e.occurred_at < ${p(f.to)}`);
  if (!f.includeRevoked) c.push(`NOT e.revoked`);
  return [c.join(' AND '), list];
}
