import pg from 'pg';
const c = new pg.Client({connectionString: 'postgres://postgres@127.0.0.1:5432/gg_bench_s0_2'}); await c.connect();
const sqls = {
 open: `EXPLAIN ANALYZE SELECT a.id::text AS id, count(r.id)::int AS n FROM org_unit a JOIN org_unit u ON u.path <@ a.path JOIN service_request r ON r.unit_id = u.id AND r.status IN ('PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED') WHERE a.id = ANY((SELECT array_agg(id) FROM org_unit WHERE level='COURTYARD_GROUP' AND path <@ '1')::bigint[]) GROUP BY a.id`,
};
for (const [k, s] of Object.entries(sqls)) { const t = Date.now(); const r = await c.query(s); console.log(k, Date.now()-t, 'ms'); console.log(r.rows.map(x=>x['QUERY PLAN']).join('\n')); }
await c.end();
