import pg from 'pg';
const db = process.argv[2];
const c = new pg.Client({connectionString: 'postgres://postgres@127.0.0.1:5432/' + db}); await c.connect();
for (const level of ['STREET_COMMITTEE','GENERAL_BRANCH','BRANCH','COURTYARD_GROUP']) {
  const ids = (await c.query(`SELECT array_agg(id) AS a FROM org_unit WHERE path <@ (SELECT path FROM org_unit WHERE code='S001') AND level=$1`, [level])).rows[0].a;
  const sql = `SELECT a.id::text AS id, count(r.id)::int AS n
         FROM org_unit a
         JOIN org_unit u ON u.path <@ a.path
         JOIN service_request r ON r.unit_id = u.id AND r.status IN ('PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED')
        WHERE a.id = ANY($1::bigint[])
        GROUP BY a.id`;
  const t = performance.now(); await c.query(sql, [ids]); const ms = performance.now() - t;
  const r = await c.query('EXPLAIN (ANALYZE) ' + sql, [ids]);
  console.log(level, ids.length, ms.toFixed(1), 'ms');
  if (process.argv[3]) console.log(r.rows.map(x=>x['QUERY PLAN']).join('\n'));
}
await c.end();
