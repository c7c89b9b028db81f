import pg from 'pg';
const c = new pg.Client({ connectionString: process.argv[2] });
await c.connect();
await c.query('SET jit = off');
const code = process.argv[3];
const targets = code ? `SELECT u.id, u.code, u.path FROM org_unit u WHERE u.code = '${code}'` : `SELECT u.id, u.code, u.path FROM org_unit u WHERE u.level = 'STREET_COMMITTEE' AND NOT u.archived ORDER BY u.code LIMIT 100`;
const sql = `
WITH targets AS MATERIALIZED (${targets}),
units AS MATERIALIZED (SELECT t.id AS target_id, u.id AS unit_id FROM targets t JOIN org_unit u ON u.path <@ t.path),
stars AS (SELECT s.volunteer_id, max(s.level) AS level FROM volunteer_star_award s WHERE s.revoked_at IS NULL AND s.effective_at <= now() GROUP BY s.volunteer_id),
per_unit AS (
  SELECT c.unit_id, c.registered AS registered, 0::bigint AS tenths, 0 AS active, 0 AS orgs, 0 AS acts, 0 AS level FROM volunteer_unit_stats c
  UNION ALL SELECT p.unit_id, 0, p.tenths, p.active_volunteers, 0, 0, 0 FROM volunteer_period_stats p WHERE p.period_months = 3 AND p.period_start = '2026-07-01'
  UNION ALL SELECT o.unit_id, 0, 0, 0, 1, 0, 0 FROM volunteer_org o WHERE o.active
  UNION ALL SELECT a.unit_id, 0, 0, 0, 0, 1, 0 FROM volunteer_activity a WHERE a.status <> 'CANCELLED'
  UNION ALL SELECT v.unit_id, 0, 0, 0, 0, 0, st.level FROM stars st CROSS JOIN LATERAL (SELECT v.unit_id FROM volunteer v WHERE v.id = st.volunteer_id AND v.active) v)
SELECT un.target_id, sum(p.registered), sum(p.tenths), sum(p.active), sum(p.orgs), sum(p.acts),
  count(*) FILTER (WHERE p.level = 1), count(*) FILTER (WHERE p.level = 2), count(*) FILTER (WHERE p.level = 3), count(*) FILTER (WHERE p.level = 4), count(*) FILTER (WHERE p.level = 5)
  FROM units un JOIN per_unit p ON p.unit_id = un.unit_id GROUP BY un.target_id`;
for (let i = 0; i < 4; i++) { const t = performance.now(); await c.query(sql); console.log(Math.round(performance.now() - t), 'ms'); }
if (process.argv[4]) { const r = await c.query('EXPLAIN (ANALYZE) ' + sql); console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n')); }
await c.end();
