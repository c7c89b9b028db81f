// V1 statements one at a time: EXPLAIN (ANALYZE, BUFFERS), or 5 timed runs with `time`.
//   node bench/v1-explain.mjs <database url> a|b|ar|br [time]   (a: every street, b: S001; r: over the roll-ups)
import pg from 'pg';
import * as F from './floor-sql.mjs';
const c = new pg.Client({ connectionString: process.argv[2] });
await c.connect();
await c.query('SET jit = off');
const from = '2026-06-30T16:00:00.000Z', to = '2026-09-30T16:00:00.000Z';
const [sql, params] = {
  a: [F.V1_STREETS_SQL, [from, to]], b: [F.V1_STREET_SQL, [from, to, 'S001']],
  ar: [F.V1_STREETS_ROLLUPS_SQL, [3, '2026-07-01']], br: [F.V1_STREET_ROLLUPS_SQL, [3, '2026-07-01', 'S001']],
}[process.argv[3]];
if (process.argv[4] === 'time') {
  for (let i = 0; i < 5; i++) { const t = performance.now(); await c.query(sql, params); console.log(Math.round(performance.now() - t), 'ms'); }
} else {
  const r = await c.query('EXPLAIN (ANALYZE, BUFFERS) ' + sql, params);
  console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
}
await c.end();
