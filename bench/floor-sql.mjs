// The floor's hand-written reads: one statement each, building the response JSON in PostgreSQL.
const GID = (type, col) => `translate(rtrim(encode(convert_to('${type}:' || ${col}, 'UTF8'), 'base64'), '='), '+/', '-_')`;
// Open = not CLOSED or CANCELLED, written as the partial index's predicate so each count is an
// index-only scan (the server counts the same way).
const OPEN_AS_INDEXED = `NOT IN ('CLOSED', 'CANCELLED')`;
const unitJson = (t, extra = '') =>
  `json_build_object('id', ${GID('OrgUnit', `${t}.id`)}, 'code', ${t}.code, 'name', ${t}.name, 'level', ${t}.level,
     'secretary', CASE WHEN ${t}.sec_name IS NULL THEN NULL ELSE json_build_object('name', ${t}.sec_name) END,
     'openRequestCount', ${t}.open_n${extra})`;

export const B1_SQL = `
WITH s AS (SELECT id, path FROM org_unit WHERE code = $1),
held AS (
  SELECT h.path, o.n FROM s JOIN org_unit h ON h.path <@ s.path
   CROSS JOIN LATERAL (SELECT count(*) AS n FROM service_request r WHERE r.unit_id = h.id AND r.status ${OPEN_AS_INDEXED}) o
  WHERE o.n > 0),
rollup AS (SELECT subpath(held.path, 0, k) AS anc, sum(n)::int AS n FROM held, generate_series(1, nlevel(held.path)) k GROUP BY 1),
sub AS MATERIALIZED (
  SELECT u.id, u.parent_id, u.code, u.name, u.level, coalesce(ro.n, 0) AS open_n, m.name AS sec_name
    FROM s JOIN org_unit u ON u.path <@ s.path
    LEFT JOIN rollup ro ON ro.anc = u.path
    LEFT JOIN member m ON m.id = u.secretary_member_id
   WHERE NOT u.archived AND nlevel(u.path) <= nlevel(s.path) + 3),
c4 AS MATERIALIZED (SELECT c.parent_id, json_agg(${unitJson('c')} ORDER BY c.code) AS nodes FROM sub c WHERE c.level = 'COURTYARD_GROUP' GROUP BY c.parent_id),
c3 AS MATERIALIZED (SELECT b.parent_id, json_agg(${unitJson('b', `, 'children', json_build_object('nodes', coalesce(c4.nodes, '[]'::json))`)} ORDER BY b.code) AS nodes
         FROM sub b LEFT JOIN c4 ON c4.parent_id = b.id WHERE b.level = 'BRANCH' GROUP BY b.parent_id),
c2 AS MATERIALIZED (SELECT g.parent_id, json_agg(${unitJson('g', `, 'children', json_build_object('nodes', coalesce(c3.nodes, '[]'::json))`)} ORDER BY g.code) AS nodes
         FROM sub g LEFT JOIN c3 ON c3.parent_id = g.id WHERE g.level = 'GENERAL_BRANCH' GROUP BY g.parent_id)
SELECT json_build_object('data', json_build_object('orgUnit',
  (SELECT ${unitJson('t', `, 'children', json_build_object('nodes', coalesce(c2.nodes, '[]'::json))`)}
     FROM sub t LEFT JOIN c2 ON c2.parent_id = t.id WHERE t.id = (SELECT id FROM s))))::text AS body`;

export const B3_SQL = `
SELECT json_build_object('data', json_build_object('serviceRequests', json_build_object('nodes', coalesce(json_agg(
  json_build_object('id', ${GID('ServiceRequest', 'q.id')}, 'number', q.number, 'status', q.status, 'createdAt', q.created_at,
    'assignee', CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object('id', ${GID('Member', 'm.id')}, 'name', m.name) END,
    'courtyard', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', ${GID('OrgUnit', 'c.id')}, 'code', c.code, 'name', c.name) END)
  ORDER BY q.created_at DESC, q.id DESC), '[]'::json))))::text AS body
FROM (WITH sub AS MATERIALIZED (
        -- Materialized: the subtree first (GiST, then the open-status index per unit), so the
        -- LIMIT cannot lead the planner into walking the whole city's created_at index.
        SELECT r.id, r.number, r.status, r.created_at, r.assignee_member_id, r.courtyard_id
          FROM org_unit o JOIN org_unit h ON h.path <@ o.path JOIN service_request r ON r.unit_id = h.id
         WHERE o.id = $1 AND r.status = ANY ($2::request_status[]))
      SELECT * FROM sub ORDER BY created_at DESC, id DESC LIMIT 50) q
LEFT JOIN member m ON m.id = q.assignee_member_id
LEFT JOIN org_unit c ON c.id = q.courtyard_id`;


// ---- A1: assessment indicators and rankings -----------------------------------------------------
// README "Assessment": every figure of each target unit's subtree over [$1, $2), its score
// under the scheme in force (rates, weights re-normalised over the rates that are not null,
// deductions, two decimals, grade) and, for a ranking, the rank (not vetoed first, score
// descending, onTimeRate descending nulls last, code in byte order). A request belongs to the
// units on the path of its courtyard, else its holder. The floor authorises nothing, so
// nothing is concealed. `targets` is the set of ranked units (id, path, code), $3 a unit code.
const round2 = (x) => `floor((${x} + 2.220446049250313e-16 * greatest(1, abs(${x}))) * 100 + 0.5) / 100`;
const A1_INDICATOR_JSON = (t) => `json_build_object('unit', json_build_object('id', ${GID('OrgUnit', `${t}.id`)}, 'code', ${t}.code),
    'from', to_json($1::timestamptz), 'to', to_json($2::timestamptz),
    'received', ${t}.received, 'cancelled', ${t}.cancelled, 'due', ${t}.due, 'resolvedOnTime', ${t}.resolved_on_time, 'closed', ${t}.closed,
    'resolved', ${t}.resolved, 'reworked', ${t}.reworked, 'overdueUnresolved', ${t}.overdue_unresolved, 'escalations', ${t}.escalations,
    'rated', ${t}.rated, 'averageRating', ${t}.average_rating, 'onTimeRate', ${t}.on_time_rate, 'closureRate', ${t}.closure_rate,
    'reworkRate', ${t}.rework_rate, 'satisfactionRate', ${t}.satisfaction_rate, 'inspectionFindings', ${t}.findings,
    'findingsOverdue', ${t}.findings_overdue, 'negativeEntries', ${t}.negatives, 'vetoed', ${t}.vetoed, 'deductions', ${t}.deductions,
    'score', ${t}.score, 'grade', CASE WHEN ${t}.score >= 90 THEN 'A' WHEN ${t}.score >= 75 THEN 'B' WHEN ${t}.score >= 60 THEN 'C' WHEN ${t}.score >= 40 THEN 'D' ELSE 'E' END)`;

/** The request figures counted from the base tables. */
const A1_BASE_COUNTS = `-- Two forms of the same counts, one of them run (a one-time filter on the subtree's real
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
       WHERE coalesce(r.courtyard_id, r.unit_id) = m.unit_id AND r.created_at >= $1 AND r.created_at < $2) x
   WHERE (SELECT n FROM size) <= 20000 GROUP BY m.target_id
  UNION ALL
  SELECT m.target_id, count(*)::int, count(*) FILTER (WHERE r.status = 'CANCELLED')::int
    FROM members m JOIN service_request r ON coalesce(r.courtyard_id, r.unit_id) = m.unit_id
   WHERE (SELECT n FROM size) > 20000 AND r.created_at >= $1 AND r.created_at < $2 GROUP BY m.target_id),
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
         AND r.resolve_due_at >= $1 AND r.resolve_due_at < $2) x
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
   WHERE (SELECT n FROM size) > 20000 AND r.status <> 'CANCELLED' AND r.resolve_due_at >= $1 AND r.resolve_due_at < $2
   GROUP BY m.target_id),
due_counts AS (
  SELECT target_id, sum(due)::int AS due, sum(resolved_on_time)::int AS resolved_on_time, sum(closed)::int AS closed,
         sum(resolved)::int AS resolved, sum(reworked)::int AS reworked, sum(overdue_unresolved)::int AS overdue_unresolved
    FROM due GROUP BY target_id),
escalations AS (
  SELECT m.target_id, count(*)::int AS n
    FROM request_event e JOIN service_request r ON r.id = e.request_id JOIN members m ON m.unit_id = coalesce(r.courtyard_id, r.unit_id)
   WHERE e.type = 'ESCALATED' AND e.at >= $1 AND e.at < $2 GROUP BY m.target_id),
ratings AS (
  SELECT m.target_id, count(*)::int AS n, sum(e.rating)::int AS total, count(*) FILTER (WHERE e.rating >= 4)::int AS high
    FROM request_event e JOIN service_request r ON r.id = e.request_id JOIN members m ON m.unit_id = coalesce(r.courtyard_id, r.unit_id)
   WHERE e.type = 'CLOSED' AND e.rating IS NOT NULL AND e.at >= $1 AND e.at < $2
     AND NOT EXISTS (SELECT 1 FROM request_event l WHERE l.request_id = e.request_id AND l.type = 'CLOSED'
                       AND l.rating IS NOT NULL AND (l.at, l.id) > (e.at, e.id))
   GROUP BY m.target_id),`;

/**
 * The same figures from the roll-ups the server keeps (request_quarter_counts: per unit and
 * Asia/Shanghai quarter, kept in step by triggers): [$1, $2) is a whole number of quarters.
 * overdueUnresolved is due − resolved for a period that is over, else counted live.
 */
const A1_ROLLUP_COUNTS = `-- Two forms again (see A1_BASE_COUNTS): a primary-key probe per unit up to 20,000 units, else one hashed pass.
size AS (SELECT count(*) AS n FROM members),
unit_rows AS (
  SELECT m.target_id, x.*
    FROM members m CROSS JOIN LATERAL (
      SELECT sum(c.received) AS received, sum(c.cancelled) AS cancelled, sum(c.due) AS due, sum(c.resolved_on_time) AS resolved_on_time,
             sum(c.closed) AS closed, sum(c.resolved) AS resolved, sum(c.reworked) AS reworked, sum(c.escalations) AS escalations,
             sum(c.rated) AS rated, sum(c.rating_sum) AS rating_sum, sum(c.rated_high) AS rated_high
        FROM request_quarter_counts c
       WHERE c.unit_id = m.unit_id AND c.quarter_start >= request_quarter_of($1::timestamptz) AND c.quarter_start < request_quarter_of($2::timestamptz)) x
   WHERE (SELECT n FROM size) <= 20000
  UNION ALL
  SELECT m.target_id, c.received, c.cancelled, c.due, c.resolved_on_time, c.closed, c.resolved, c.reworked, c.escalations, c.rated,
         c.rating_sum, c.rated_high
    FROM members m JOIN request_quarter_counts c ON c.unit_id = m.unit_id
   WHERE (SELECT n FROM size) > 20000
     AND c.quarter_start >= request_quarter_of($1::timestamptz) AND c.quarter_start < request_quarter_of($2::timestamptz)),
rolled AS (
  SELECT target_id, coalesce(sum(received), 0)::int AS received, coalesce(sum(cancelled), 0)::int AS cancelled,
         coalesce(sum(due), 0)::int AS due, coalesce(sum(resolved_on_time), 0)::int AS resolved_on_time,
         coalesce(sum(closed), 0)::int AS closed, coalesce(sum(resolved), 0)::int AS resolved, coalesce(sum(reworked), 0)::int AS reworked,
         coalesce(sum(escalations), 0)::int AS escalations, coalesce(sum(rated), 0)::int AS rated,
         coalesce(sum(rating_sum), 0)::int AS rating_sum, coalesce(sum(rated_high), 0)::int AS rated_high
    FROM unit_rows GROUP BY target_id),
overdue_now AS (
  SELECT m.target_id, sum(x.n)::int AS n
    FROM members m CROSS JOIN LATERAL (
      SELECT count(*)::int AS n FROM service_request r
       WHERE coalesce(r.courtyard_id, r.unit_id) = m.unit_id AND r.status <> 'CANCELLED'
         AND r.resolve_due_at >= $1 AND r.resolve_due_at < least($2::timestamptz, now())
         AND NOT EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = r.id AND e.type = 'RESOLVED')) x
   WHERE $2::timestamptz > now() GROUP BY m.target_id),
received AS (SELECT target_id, received, cancelled FROM rolled),
due_counts AS (
  SELECT r.target_id, r.due, r.resolved_on_time, r.closed, r.resolved, r.reworked,
         CASE WHEN $2::timestamptz <= now() THEN r.due - r.resolved ELSE coalesce(o.n, 0) END AS overdue_unresolved
    FROM rolled r LEFT JOIN overdue_now o ON o.target_id = r.target_id),
escalations AS (SELECT target_id, escalations AS n FROM rolled),
ratings AS (SELECT target_id, rated AS n, rating_sum AS total, rated_high AS high FROM rolled),`;

const a1Scored = (targets, counts = A1_BASE_COUNTS) => `
WITH sc AS (SELECT * FROM assessment_scheme ORDER BY version DESC LIMIT 1),
targets AS MATERIALIZED (${targets}),
members AS MATERIALIZED (SELECT t.id AS target_id, u.id AS unit_id FROM targets t JOIN org_unit u ON u.path <@ t.path),
${counts}
findings AS (
  SELECT m.target_id, count(*)::int AS n,
         count(*) FILTER (WHERE r.resolve_due_at < now() AND NOT EXISTS (
           SELECT 1 FROM request_event e WHERE e.request_id = r.id AND e.type = 'RESOLVED' AND e.at <= r.resolve_due_at))::int AS overdue
    FROM inspection i JOIN members m ON m.unit_id = i.unit_id
    JOIN inspection_finding f ON f.inspection_id = i.id JOIN service_request r ON r.id = f.request_id
   WHERE i.conducted_at >= $1 AND i.conducted_at < $2 GROUP BY m.target_id),
negatives AS (
  SELECT m.target_id, count(*)::int AS n, sum(it.deduction)::float8 AS deductions, bool_or(it.veto) AS veto
    FROM negative_list_entry ne JOIN members m ON m.unit_id = ne.unit_id JOIN negative_list_item it ON it.code = ne.item_code
   WHERE NOT ne.revoked AND ne.occurred_at >= $1 AND ne.occurred_at < $2 GROUP BY m.target_id),
counts AS (
  SELECT t.id, t.code, coalesce(rc.received, 0) AS received, coalesce(rc.cancelled, 0) AS cancelled,
         coalesce(d.due, 0) AS due, coalesce(d.resolved_on_time, 0) AS resolved_on_time, coalesce(d.closed, 0) AS closed,
         coalesce(d.resolved, 0) AS resolved, coalesce(d.reworked, 0) AS reworked, coalesce(d.overdue_unresolved, 0) AS overdue_unresolved,
         coalesce(es.n, 0) AS escalations, coalesce(ra.n, 0) AS rated, coalesce(ra.total, 0) AS rating_sum, coalesce(ra.high, 0) AS rated_high,
         coalesce(fi.n, 0) AS findings, coalesce(fi.overdue, 0) AS findings_overdue,
         coalesce(ng.n, 0) AS negatives, coalesce(ng.deductions, 0) AS negative_deductions, coalesce(ng.veto, false) AS vetoed
    FROM targets t LEFT JOIN received rc ON rc.target_id = t.id LEFT JOIN due_counts d ON d.target_id = t.id
    LEFT JOIN escalations es ON es.target_id = t.id LEFT JOIN ratings ra ON ra.target_id = t.id
    LEFT JOIN findings fi ON fi.target_id = t.id LEFT JOIN negatives ng ON ng.target_id = t.id),
rates AS (
  SELECT c.*, CASE WHEN rated = 0 THEN NULL ELSE rating_sum::float8 / rated END AS average_rating,
         CASE WHEN due = 0 THEN NULL ELSE resolved_on_time::float8 / due END AS on_time_rate,
         CASE WHEN due = 0 THEN NULL ELSE closed::float8 / due END AS closure_rate,
         CASE WHEN resolved = 0 THEN NULL ELSE reworked::float8 / resolved END AS rework_rate,
         CASE WHEN rated = 0 THEN NULL ELSE rated_high::float8 / rated END AS satisfaction_rate,
         ${round2('(findings * sc.finding_deduction + findings_overdue * sc.overdue_finding_deduction + negative_deductions)')} AS deductions,
         sc.on_time_weight AS w1, sc.closure_weight AS w2, sc.rework_weight AS w3, sc.satisfaction_weight AS w4
    FROM counts c, sc),
weighted AS (
  SELECT r.*, 0 + CASE WHEN on_time_rate IS NULL THEN 0 ELSE w1 END + CASE WHEN closure_rate IS NULL THEN 0 ELSE w2 END
              + CASE WHEN rework_rate IS NULL THEN 0 ELSE w3 END + CASE WHEN satisfaction_rate IS NULL THEN 0 ELSE w4 END AS weights,
         0 + coalesce(w1 * on_time_rate, 0) + coalesce(w2 * closure_rate, 0) + coalesce(w3 * (1 - rework_rate), 0) + coalesce(w4 * satisfaction_rate, 0) AS wsum
    FROM rates r),
scored AS (
  SELECT w.*, ${round2('greatest(0, CASE WHEN weights > 0 THEN 100 * wsum / weights ELSE 100 END - deductions)')} AS score FROM weighted w)`;

const A1_STREET_TARGETS = `SELECT id, path, code FROM org_unit WHERE code = $3`;
const A1_INDICATORS_SELECT = `
SELECT json_build_object('data', json_build_object('orgUnit', json_build_object('indicators', (SELECT ${A1_INDICATOR_JSON('s')} FROM scored s))))::text AS body`;
/** A1a: one unit's indicators ($3: its code). */
export const A1_INDICATORS_SQL = `${a1Scored(A1_STREET_TARGETS)}${A1_INDICATORS_SELECT}`;
export const A1_INDICATORS_ROLLUPS_SQL = `${a1Scored(A1_STREET_TARGETS, A1_ROLLUP_COUNTS)}${A1_INDICATORS_SELECT}`;

const A1_RANKING_SELECT = `
SELECT json_build_object('data', json_build_object('assessmentRanking', coalesce((
  SELECT json_agg(json_build_object('rank', k.rank, 'indicators', ${A1_INDICATOR_JSON('k')}) ORDER BY k.rank)
    FROM (SELECT s.*, row_number() OVER (ORDER BY s.vetoed, s.score DESC, s.on_time_rate DESC NULLS LAST, s.code COLLATE "C") AS rank FROM scored s) k),
  '[]'::json)))::text AS body`;

const A1_CITY_TARGETS = `SELECT id, path, code FROM org_unit WHERE parent_id IS NULL AND NOT archived AND $3::text IS NULL`;
/** A1b: the live street committees (the city-wide ranking). $3 is unused (null). */
export const A1_CITY_RANKING_SQL = `${a1Scored(A1_CITY_TARGETS)}${A1_RANKING_SELECT}`;
export const A1_CITY_RANKING_ROLLUPS_SQL = `${a1Scored(A1_CITY_TARGETS, A1_ROLLUP_COUNTS)}${A1_RANKING_SELECT}`;

const A1_COURTYARD_TARGETS = `SELECT u.id, u.path, u.code FROM org_unit s JOIN org_unit u ON u.path <@ s.path AND nlevel(u.path) > nlevel(s.path)
   WHERE s.code = $3 AND u.level = 'COURTYARD_GROUP' AND NOT u.archived`;
/** A1c: every live courtyard group in the subtree of the unit coded $3. */
export const A1_COURTYARD_RANKING_SQL = `${a1Scored(A1_COURTYARD_TARGETS)}${A1_RANKING_SELECT}`;
export const A1_COURTYARD_RANKING_ROLLUPS_SQL = `${a1Scored(A1_COURTYARD_TARGETS, A1_ROLLUP_COUNTS)}${A1_RANKING_SELECT}`;

// ---- V1: volunteer figures (README "Volunteers", contract VolunteerStats) -----------------------
// Of each target unit's subtree, volunteers by their home unit: active volunteers registered
// and by star level in force (the highest award not revoked whose notice has ended), approved
// tenths whose service date (an Asia/Shanghai day) has its midnight in [$1, $2), distinct
// volunteers with such tenths, active organisations, activities not cancelled. The period as
// dates, so the ledger's (volunteer_id, service_date) index takes it as a range: day d counts
// when midnight(d) ≥ $1 and < $2, i.e. d ≥ ⌈$1⌉ and d < ⌈$2⌉ in local dates.
const CEIL_DATE = (p) => `((${p}::timestamptz AT TIME ZONE 'Asia/Shanghai') + interval '1 day' - interval '1 microsecond')::date`;
const v1Base = (targets) => `
WITH targets AS MATERIALIZED (${targets}),
units AS MATERIALIZED (SELECT t.id AS target_id, u.id AS unit_id FROM targets t JOIN org_unit u ON u.path <@ t.path),
vols AS MATERIALIZED (
  SELECT un.target_id, v.id AS volunteer_id FROM units un JOIN volunteer v ON v.unit_id = un.unit_id AND v.active),
reg AS (SELECT vo.target_id, count(*)::int AS registered FROM vols vo GROUP BY vo.target_id),
hrs AS (
  SELECT vo.target_id, sum(x.tenths)::bigint AS tenths, count(*)::int AS active_volunteers
    FROM vols vo CROSS JOIN LATERAL (
      SELECT sum(e.tenths) AS tenths FROM volunteer_hours_entry e
       WHERE e.volunteer_id = vo.volunteer_id AND e.status = 'APPROVED'
         AND e.service_date >= ${CEIL_DATE('$1')} AND e.service_date < ${CEIL_DATE('$2')}) x
   WHERE x.tenths IS NOT NULL GROUP BY vo.target_id),
starred AS (
  SELECT un.target_id,
         ARRAY[count(*) FILTER (WHERE st.level = 1), count(*) FILTER (WHERE st.level = 2), count(*) FILTER (WHERE st.level = 3),
               count(*) FILTER (WHERE st.level = 4), count(*) FILTER (WHERE st.level = 5)]::int[] AS by_level
    FROM (SELECT s.volunteer_id, max(s.level) AS level FROM volunteer_star_award s
           WHERE s.revoked_at IS NULL AND s.effective_at <= now() GROUP BY s.volunteer_id) st
    -- By its key, star volunteer by star volunteer (LIMIT keeps the LATERAL a loop): a join
      -- would be planned as a scan of every volunteer of the city.
      CROSS JOIN LATERAL (SELECT v.unit_id FROM volunteer v WHERE v.id = st.volunteer_id AND v.active LIMIT 1) v
      JOIN units un ON un.unit_id = v.unit_id
   GROUP BY un.target_id),
orgs AS (SELECT un.target_id, count(*)::int AS n FROM units un JOIN volunteer_org o ON o.unit_id = un.unit_id AND o.active GROUP BY un.target_id),
acts AS (SELECT un.target_id, count(*)::int AS n FROM units un JOIN volunteer_activity a ON a.unit_id = un.unit_id AND a.status <> 'CANCELLED' GROUP BY un.target_id),
stats AS (
  SELECT t.id, t.code, json_build_object('registered', coalesce(r.registered, 0),
           'starred', coalesce(s.by_level[1] + s.by_level[2] + s.by_level[3] + s.by_level[4] + s.by_level[5], 0),
           'byStarLevel', to_json(coalesce(s.by_level, ARRAY[0, 0, 0, 0, 0])), 'hours', coalesce(h.tenths, 0) / 10.0,
           'activeVolunteers', coalesce(h.active_volunteers, 0), 'organizations', coalesce(o.n, 0), 'activities', coalesce(a.n, 0)) AS s
    FROM targets t LEFT JOIN reg r ON r.target_id = t.id LEFT JOIN starred s ON s.target_id = t.id LEFT JOIN hrs h ON h.target_id = t.id
    LEFT JOIN orgs o ON o.target_id = t.id LEFT JOIN acts a ON a.target_id = t.id)`;
// Over the subtree roll-ups the server keeps (migration 1796090040000): each target's own row
// ($1 the calendar's months, $2 its first day); the few volunteers whose highest award is
// still under public notice taken back to the level in force.
const v1Rollups = (targets) => `
WITH targets AS MATERIALIZED (${targets}),
noticed AS (
  SELECT v.unit_id, n.awarded, n.in_force
    FROM (SELECT DISTINCT a.volunteer_id FROM volunteer_star_award a WHERE a.revoked_at IS NULL AND a.effective_at > now()) p
    JOIN volunteer v ON v.id = p.volunteer_id AND v.active
    CROSS JOIN LATERAL (SELECT max(a.level) AS awarded, coalesce(max(a.level) FILTER (WHERE a.effective_at <= now()), 0) AS in_force
                          FROM volunteer_star_award a WHERE a.volunteer_id = v.id AND a.revoked_at IS NULL) n),
noticed_in AS (
  SELECT t.id AS target_id, ARRAY[sum((n.in_force = 1)::int - (n.awarded = 1)::int), sum((n.in_force = 2)::int - (n.awarded = 2)::int), sum((n.in_force = 3)::int - (n.awarded = 3)::int), sum((n.in_force = 4)::int - (n.awarded = 4)::int), sum((n.in_force = 5)::int - (n.awarded = 5)::int)]::int[] AS d
    FROM noticed n JOIN org_unit u ON u.id = n.unit_id JOIN targets t ON u.path <@ t.path GROUP BY t.id),
figures AS (
  SELECT t.id, t.code, coalesce(s.registered, 0) AS registered,
         ARRAY[coalesce(s.awarded_1, 0) + coalesce(c.d[1], 0), coalesce(s.awarded_2, 0) + coalesce(c.d[2], 0), coalesce(s.awarded_3, 0) + coalesce(c.d[3], 0), coalesce(s.awarded_4, 0) + coalesce(c.d[4], 0), coalesce(s.awarded_5, 0) + coalesce(c.d[5], 0)]::int[] AS by_level,
         coalesce(p.tenths, 0) AS tenths, coalesce(p.active_volunteers, 0) AS active_volunteers,
         coalesce(s.organizations, 0) AS organizations, coalesce(s.activities, 0) AS activities
    FROM targets t
    LEFT JOIN volunteer_subtree_stats s ON s.unit_id = t.id
    LEFT JOIN volunteer_subtree_period_stats p ON p.unit_id = t.id AND p.period_months = $1::smallint AND p.period_start = $2::date
    LEFT JOIN noticed_in c ON c.target_id = t.id),
stats AS (
  SELECT f.id, f.code, json_build_object('registered', f.registered,
           'starred', f.by_level[1] + f.by_level[2] + f.by_level[3] + f.by_level[4] + f.by_level[5],
           'byStarLevel', to_json(f.by_level), 'hours', f.tenths / 10.0,
           'activeVolunteers', f.active_volunteers, 'organizations', f.organizations, 'activities', f.activities) AS s
    FROM figures f)`;
const v1Stats = (targets, rollups) => (rollups ? v1Rollups(targets) : v1Base(targets));
const v1Node = (t) => `json_build_object('id', ${GID('OrgUnit', `${t}.id`)}, 'code', ${t}.code, 'volunteerStats', ${t}.s)`;

/** V1a: every street committee (orgUnits(level: STREET_COMMITTEE, first: 100): not archived, by code). */
const V1_STREETS_TARGETS = `SELECT u.id, u.code, u.path FROM org_unit u WHERE u.level = 'STREET_COMMITTEE' AND NOT u.archived ORDER BY u.code LIMIT 100`;
const V1_STREET_TARGET = `SELECT u.id, u.code, u.path FROM org_unit u WHERE u.code = $3`;
const v1StreetsSql = (rollups) => `${v1Stats(V1_STREETS_TARGETS, rollups)}
SELECT json_build_object('data', json_build_object('orgUnits', json_build_object('nodes',
  coalesce((SELECT json_agg(${v1Node('st')} ORDER BY st.code) FROM stats st), '[]'::json))))::text AS body`;
const v1StreetSql = (rollups) => `${v1Stats(V1_STREET_TARGET, rollups)}
SELECT json_build_object('data', json_build_object('orgUnit', (SELECT ${v1Node('st')} FROM stats st)))::text AS body`;
/** $1, $2: the period's instants; V1b's $3: the street's code. */
export const V1_STREETS_SQL = v1StreetsSql(false);
export const V1_STREET_SQL = v1StreetSql(false);
/** Over the roll-ups: $1 the calendar's months (1, 3, 12), $2 its first day; V1b's $3: the street's code. */
export const V1_STREETS_ROLLUPS_SQL = v1StreetsSql(true);
export const V1_STREET_ROLLUPS_SQL = v1StreetSql(true);
