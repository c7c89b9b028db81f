// Sequential latency probe: one request at a time against ours and the floor (debugging aid).
//   node bench/probe.mjs <scale> [n]
import { fork } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_PASSWORD, ADMIN_USERNAME, dbUrl } from './data.mjs';
import { B1_OURS, B3_OURS, LOGIN, globalId } from './queries.mjs';
import pg from 'pg';
const here = dirname(fileURLToPath(import.meta.url));
const scale = Number(process.argv[2] ?? 0.2);
const n = Number(process.argv[3] ?? 20);
const url = dbUrl(scale);
const env = { DATABASE_URL: url, PORT: '0', ADMIN_PASSWORD, LOG_LEVEL: 'warn', NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '100000000', ESCALATION_INTERVAL_MS: '86400000', AUTO_CLOSE_AFTER_HOURS: '1000000' };
const start = (script, argv, e) => new Promise((res) => { const c = fork(join(here, script), argv, { env: { ...process.env, ...e }, execArgv: process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=' + join(here, 'results/profiles')] : [] }); c.once('message', (m) => res({ c, u: `http://127.0.0.1:${m.port}` })); });
const ours = await start('server-child.mjs', [], env);
const floor = await start('floor-server.mjs', [url], {});
const post = async (u, b, h = {}) => { const r = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(b) }); return r.json(); };
const token = (await post(`${ours.u}/graphql`, { query: LOGIN, variables: { u: ADMIN_USERNAME, p: ADMIN_PASSWORD } })).data.login.token;
const auth = { authorization: `Bearer ${token}` };
const c = new pg.Client({ connectionString: url }); await c.connect();
const br = (await c.query(`SELECT id FROM org_unit WHERE code = 'S001-G1-B1'`)).rows[0].id; await c.end();
const time = async (label, f) => { const ts = []; for (let i = 0; i < n; i++) { const t = performance.now(); await f(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); console.log(label, 'median', ts[n >> 1].toFixed(1), 'min', ts[0].toFixed(1), 'ms'); };
await time('B1 ours ', () => post(`${ours.u}/graphql`, { query: B1_OURS, variables: { code: 'S001' } }, auth));
await time('B1 floor', () => post(`${floor.u}/b1`, { code: 'S001' }));
await time('B3 ours ', () => post(`${ours.u}/graphql`, { query: B3_OURS, variables: { unit: globalId('OrgUnit', br) } }, auth));
await time('B3 floor', () => post(`${floor.u}/b3`, { unitId: br }));
console.log('rss', (await import('node:fs')).readFileSync(`/proc/${ours.c.pid}/status`, 'utf8').match(/VmHWM.*|VmRSS.*/g));
ours.c.kill('SIGTERM'); floor.c.kill('SIGTERM');
