import pg from 'pg';
const c = new pg.Client({connectionString: 'postgres://postgres@127.0.0.1:5432/gg_bench_s10'}); await c.connect();
const OPEN = `('PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED')`;
const ids = (await c.query(`SELECT array_agg(id) AS a FROM org_unit WHERE path <@ (SELECT path FROM org_unit WHERE code='S001') AND level='COURTYARD_GROUP'`)).rows[0].a;
const sql = `SELECT a.id::text AS id, o.n FROM org_unit a CROSS JOIN LATERAL (
    SELECT count(*)::int AS n FROM org_unit u JOIN service_request r ON r.unit_id = u.id AND r.status IN ${OPEN}
     WHERE u.path <@ a.path) o WHERE a.id = ANY($1::bigint[])`;
console.log((await c.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, [ids])).rows.map(x=>x['QUERY PLAN']).join('\n'));
await c.end();
