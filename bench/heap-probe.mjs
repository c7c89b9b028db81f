// Allocation probe: where does a scenario's garbage come from? Starts the server in-process,
// samples allocations (HeapProfiler sampling, with objects already collected) while 16
// clients send one scenario, and prints the bytes allocated per function and per package.
//   node bench/heap-probe.mjs --scale 1 --scenario B1|B3|A1b|A1c|V1a [--seconds 8]
import { Session } from 'node:inspector/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { ADMIN_PASSWORD, ADMIN_USERNAME, dbUrl, ourServerEnv } from './data.mjs';
import { A1_RANKING_OURS, B1_OURS, B3_OURS, LOGIN, V1_STREETS_OURS, globalId } from './queries.mjs';

const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d; };
const scale = Number(arg('--scale', '1'));
const scenario = arg('--scenario', 'B1');
const seconds = Number(arg('--seconds', '8'));
Object.assign(process.env, ourServerEnv(dbUrl(scale)));
const dist = new URL('../dist', import.meta.url).pathname;
const { loadConfig } = await import(`${dist}/src/config/app-config.js`);
const { startServer } = await import(`${dist}/src/server.js`);
const server = await startServer({ config: loadConfig(process.env), host: '127.0.0.1' });
const url = `http://127.0.0.1:${server.port}/graphql`;
const post = async (b, h = {}) => (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(b) })).json());
const token = (await post({ query: LOGIN, variables: { u: ADMIN_USERNAME, p: ADMIN_PASSWORD } })).data.login.token;
const db = new pg.Client({ connectionString: dbUrl(scale) });
await db.connect();
const idOf = async (code) => (await db.query(`SELECT id::text FROM org_unit WHERE code = $1`, [code])).rows[0].id;
// The quarter of A1 and V1 (scenarios.mjs).
const quarter = { from: '2026-06-30T16:00:00.000Z', to: '2026-09-30T16:00:00.000Z' };
const bodies = {
  B1: async () => ({ query: B1_OURS, variables: { code: 'S001' } }),
  B3: async () => ({ query: B3_OURS, variables: { unit: globalId('OrgUnit', await idOf('S001-G1-B1')) } }),
  A1b: async () => ({ query: A1_RANKING_OURS, variables: quarter }),
  A1c: async () => ({ query: A1_RANKING_OURS, variables: { ...quarter, unit: globalId('OrgUnit', await idOf('S001')), level: 'COURTYARD_GROUP' } }),
  V1a: async () => ({ query: V1_STREETS_OURS, variables: quarter }),
};
if (!bodies[scenario]) throw new Error(`--scenario: one of ${Object.keys(bodies).join(', ')}`);
const body = await bodies[scenario]();
await db.end();
const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const check = await post(body, { authorization: headers.authorization });
if (check.errors) throw new Error(JSON.stringify(check.errors));
const load = (duration) => autocannon({ url, method: 'POST', headers, body: JSON.stringify(body), connections: 16, duration });
await load(2);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const cpu0 = process.cpuUsage();
const r = await load(seconds);
const cpu = process.cpuUsage(cpu0);
const { profile } = await session.post('HeapProfiler.stopSampling');
const total = r.requests.total;
const byFn = new Map();
const byPkg = new Map();
let sum = 0;
(function walk(n) {
  const self = n.selfSize;
  sum += self;
  const f = n.callFrame;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  const pkg = m ? m[1] : f.url.includes('/dist/src/') ? f.url.replace(/.*\/dist\/src\/([^/]+\/[^/]+).*/, '$1') : f.url.includes('autocannon') ? 'autocannon' : f.url || '(native)';
  const fn = `${f.functionName || '(anon)'} ${pkg}:${f.lineNumber}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + self);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + self);
  for (const c of n.children) walk(c);
})(profile.head);
const kb = (b) => (b / total / 1024).toFixed(1);
console.log(`${scenario} scale ${scale}: ${total} answers in ${seconds} s (${(total / seconds).toFixed(1)}/s, load generator in-process); CPU ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms per answer; sampled allocation ${kb(sum)} KB per answer`);
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${kb(v).padStart(8)} KB  ${k}`).join('\n');
console.log('-- by package --\n' + top(byPkg, 20));
console.log('-- by function --\n' + top(byFn, 40));
await server.close();
process.exit(0);
