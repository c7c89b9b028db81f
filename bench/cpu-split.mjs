// Where a scenario's CPU goes: runs 16 clients against each side for a few seconds and
// reports CPU milliseconds per answer in the server process, in all PostgreSQL backends, and
// in the load generator (this process), read from /proc. On a 2-core machine that runs all
// three, throughput is bounded by their sum, so this says which side of the wire to work on.
//   node bench/cpu-split.mjs --scale 1 [--seconds 8] [--only B0,B1,B3] [--other <dist>] [--rounds N]
// B0 is `{ me { id } }`: what any authenticated request costs us before its own work.
// --other adds another build of our server (a dist/ directory) as side "other"; --rounds runs
// every side N times, interleaved, which keeps an A/B comparison fair on a noisy machine.
import { fork } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { ADMIN_PASSWORD, ADMIN_USERNAME, SECRETARY_PASSWORD, dbUrl, ourServerEnv, ourServerNodeFlags, secretaryUsername } from './data.mjs';
import { B1_OURS, B1_PEER, B3_OURS, B3_PEER, LOGIN, globalId } from './queries.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? process.argv[i + 1] : d; };
const scale = Number(arg('--scale', '1'));
const seconds = Number(arg('--seconds', '8'));
const only = arg('--only', 'B1,B3').split(',');
const otherDist = arg('--other', null);
const rounds = Number(arg('--rounds', '1'));
const url = dbUrl(scale);
const env = ourServerEnv(url);
const start = (script, argv, e) => new Promise((res, rej) => {
  const execArgv = script === 'server-child.mjs' ? ourServerNodeFlags() : [];
  const c = fork(join(here, script), argv, { env: { ...process.env, ...e }, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  c.on('message', (m) => { if (m?.port) res({ c, u: `http://127.0.0.1:${m.port}` }); });
  c.once('exit', (code) => rej(new Error(`${script} exited ${code}`)));
});
const ticks = (pid) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]); } catch { return 0; } };
// Every postgres process's own time, plus what the postmaster has collected from backends that
// have exited (cutime + cstime), so a connection closing mid-run does not take its time away.
const reapedTicks = (pid) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[13]) + Number(f[14]); } catch { return 0; } };
const postgresTicks = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).reduce((sum, pid) => {
  try {
    if (!readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres')) return sum;
    const parentIsPostgres = readFileSync(`/proc/${readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]}/comm`, 'utf8').trim().startsWith('postgres');
    return sum + ticks(pid) + (parentIsPostgres ? 0 : reapedTicks(pid));
  } catch { return sum; }
}, 0);
const TICK_MS = 10; // USER_HZ = 100
const servers = { ours: await start('server-child.mjs', [], env), floor: await start('floor-server.mjs', [url], {}), peer: await start('peer/server.cjs', [url], { NODE_ENV: 'production' }) };
const post = async (u, b, h = {}) => (await (await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(b) })).json());
if (otherDist) servers.other = await start('server-child.mjs', [], { ...env, BENCH_SERVER_DIST: otherDist });
const login = async (side, u = ADMIN_USERNAME, p = ADMIN_PASSWORD) => (await post(`${servers[side].u}/graphql`, { query: LOGIN, variables: { u, p } })).data.login.token;
const token = await login('ours');
const otherToken = otherDist ? await login('other') : null;
// B3 as the branch's SECRETARY, as the bench runs it (the scope predicate a secretary pays for runs).
const secretary = ['ours', ...(otherDist ? ['other'] : [])].reduce((o, side) => ({ ...o, [side]: login(side, secretaryUsername('S001-G1-B1'), SECRETARY_PASSWORD) }), {});
const secretaryToken = await secretary.ours;
const otherSecretaryToken = otherDist ? await secretary.other : null;
const c = new pg.Client({ connectionString: url });
await c.connect();
const ids = Object.fromEntries((await c.query(`SELECT code, id::text AS id FROM org_unit WHERE code IN ('S001', 'S001-G1-B1')`)).rows.map((r) => [r.code, r.id]));
await c.end();
const json = { 'content-type': 'application/json' };
const specs = {
  // Not a scenario of the issue: the fixed cost of one authenticated GraphQL request (token,
  // the caller's one lookup, routing, execution, reply), to set B3's figures against.
  B0: {
    ours: { url: `${servers.ours.u}/graphql`, headers: { ...json, authorization: `Bearer ${token}` }, body: { query: '{ me { id } }' } },
  },
  B1: {
    ours: { url: `${servers.ours.u}/graphql`, headers: { ...json, authorization: `Bearer ${token}` }, body: { query: B1_OURS, variables: { code: 'S001' } } },
    floor: { url: `${servers.floor.u}/b1`, headers: json, body: { code: 'S001' } },
    peer: { url: `${servers.peer.u}/graphql`, headers: json, body: { query: B1_PEER, variables: { id: ids.S001 } } },
  },
  B3: {
    ours: { url: `${servers.ours.u}/graphql`, headers: { ...json, authorization: `Bearer ${secretaryToken}` }, body: { query: B3_OURS, variables: { unit: globalId('OrgUnit', ids['S001-G1-B1']) } } },
    floor: { url: `${servers.floor.u}/b3`, headers: json, body: { unitId: ids['S001-G1-B1'] } },
    peer: { url: `${servers.peer.u}/graphql`, headers: json, body: { query: B3_PEER, variables: { unit: ids['S001-G1-B1'] } } },
  },
};
if (otherDist) {
  for (const scenario of only) {
    const o = specs[scenario].ours;
    const t = scenario === 'B3' ? otherSecretaryToken : otherToken;
    specs[scenario] = { ours: o, other: { ...o, url: `${servers.other.u}/graphql`, headers: { ...o.headers, authorization: `Bearer ${t}` } }, ...specs[scenario] };
  }
}
for (let round = 0; round < rounds; round++) for (const scenario of only) {
  for (const [side, s] of Object.entries(specs[scenario])) {
    const run = (duration) => autocannon({ url: s.url, method: 'POST', headers: s.headers, body: JSON.stringify(s.body), connections: 16, duration });
    await run(2);
    const server0 = ticks(servers[side].c.pid), pg0 = postgresTicks(), self0 = process.cpuUsage();
    const r = await run(seconds);
    const n = r.requests.total;
    const self = process.cpuUsage(self0);
    const per = (t) => ((t * TICK_MS) / n).toFixed(2);
    console.log(`${scenario} ${side.padEnd(5)} ${(n / seconds).toFixed(0).padStart(5)}/s  CPU ms per answer: server ${per(ticks(servers[side].c.pid) - server0)}, postgres ${per(postgresTicks() - pg0)}, load generator ${((self.user + self.system) / 1000 / n).toFixed(2)}${r.non2xx || r.errors ? `  (errors ${r.errors}, non-2xx ${r.non2xx})` : ''}`);
  }
}
for (const s of Object.values(servers)) s.c.kill('SIGTERM');
process.exit(0);
