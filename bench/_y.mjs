import pg from 'pg';
const db = process.argv[2];
const c = new pg.Client({connectionString: 'postgres://postgres@127.0.0.1:5432/' + db}); await c.connect(); if (process.env.JIT_OFF) await c.query('SET jit = off');
const OPEN = `('PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED')`;
const variants = {
 current: `SELECT a.id::text AS id, count(r.id)::int AS n FROM org_unit a JOIN org_unit u ON u.path <@ a.path
   JOIN service_request r ON r.unit_id = u.id AND r.status IN ${OPEN} WHERE a.id = ANY($1::bigint[]) GROUP BY a.id`,
 rollup: `WITH a AS MATERIALIZED (SELECT id, path FROM org_unit WHERE id = ANY($1::bigint[])),
  held AS MATERIALIZED (
    SELECT u.path, count(*) AS n FROM org_unit u
      JOIN service_request r ON r.unit_id = u.id AND r.status IN ${OPEN}
     WHERE u.path <@ (SELECT array_agg(path) FROM a)
     GROUP BY u.path),
  up AS (SELECT subpath(held.path, 0, k) AS path, sum(held.n) AS n FROM held, generate_series(1, nlevel(held.path)) AS k GROUP BY 1)
  SELECT a.id::text AS id, coalesce(up.n, 0)::int AS n FROM a LEFT JOIN up ON up.path = a.path`,
 lateral: `SELECT a.id::text AS id, o.n FROM org_unit a CROSS JOIN LATERAL (
    SELECT count(*)::int AS n FROM org_unit u JOIN service_request r ON r.unit_id = u.id AND r.status IN ${OPEN}
     WHERE u.path <@ a.path) o WHERE a.id = ANY($1::bigint[])`,
};
for (const level of ['STREET_COMMITTEE','GENERAL_BRANCH','BRANCH','COURTYARD_GROUP']) {
  const ids = (await c.query(`SELECT array_agg(id) AS a FROM org_unit WHERE path <@ (SELECT path FROM org_unit WHERE code='S001') AND level=$1`, [level])).rows[0].a;
  const line = [level.padEnd(17), String(ids.length).padStart(4)];
  let ref;
  for (const [k, sql] of Object.entries(variants)) {
    await c.query(sql, [ids]);
    const t = performance.now(); const r = await c.query(sql, [ids]); const ms = performance.now() - t;
    const sum = r.rows.reduce((s, x) => s + x.n, 0); ref ??= sum;
    line.push(`${k} ${ms.toFixed(1)} ms${sum !== ref ? ' MISMATCH ' + sum + '/' + ref : ''}`);
  }
  console.log(line.join(' | '));
}
await c.end();
