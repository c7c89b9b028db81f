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

