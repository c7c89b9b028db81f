// A/B latency probe, one request at a time, interleaved (robust to a machine that is busy
// with other work): the built server (dist/) against another build (e.g. one with a
// proposed fix), and the floor.
//   node bench/probe.mjs --scale 1 [--n 20] [--other /path/to/dist] [--peer]
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ADMIN_PASSWORD, ADMIN_USERNAME, dbUrl, ourServerEnv } from './data.mjs';
import { B1_OURS, B1_PEER, B3_OURS, B3_PEER, LOGIN, globalId } from './queries.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (k, d) => {
  const i = process.argv.indexOf(k);
  return i > 0 ? process.argv[i + 1] : d;
};
const scale = Number(arg('--scale', '1'));
const n = Number(arg('--n', '20'));
const other = arg('--other', null);
const url = dbUrl(scale);
const env = ourServerEnv(url);
const start = (script, argv, e) =>
  new Promise((res, rej) => {
    const c = fork(join(here, script), argv, { env: { ...process.env, ...e }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    c.once('message', (m) => res({ c, u: `http://127.0.0.1:${m.port}` }));
    c.once('exit', (code) => rej(new Error(`${script} exited ${code}`)));
  });
const post = async (u, b, h = {}) => {
  const r = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify(b) });
  const j = await r.json();
  if (j.errors) throw new Error(JSON.stringify(j.errors).slice(0, 300));
  return j;
};
const servers = { ours: await start('server-child.mjs', [], env) };
if (other) servers.other = await start('server-child.mjs', [], { ...env, BENCH_SERVER_DIST: other });
servers.floor = await start('floor-server.mjs', [url], {});
if (process.argv.includes('--peer')) servers.peer = await start('peer/server.cjs', [url], {});
const tokens = {};
for (const k of ['ours', 'other']) if (servers[k]) tokens[k] = { authorization: `Bearer ${(await post(`${servers[k].u}/graphql`, { query: LOGIN, variables: { u: ADMIN_USERNAME, p: ADMIN_PASSWORD } })).data.login.token}` };
const c = new pg.Client({ connectionString: url });
await c.connect();
const ids = Object.fromEntries((await c.query(`SELECT code, id::text AS id FROM org_unit WHERE code IN ('S001', 'S001-G1-B1')`)).rows.map((r) => [r.code, r.id]));
await c.end();
const calls = {
  B1: {
    ours: (k) => post(`${servers[k].u}/graphql`, { query: B1_OURS, variables: { code: 'S001' } }, tokens[k]),
    floor: () => post(`${servers.floor.u}/b1`, { code: 'S001' }),
    peer: () => post(`${servers.peer.u}/graphql`, { query: B1_PEER, variables: { id: ids.S001 } }),
  },
  B3: {
    ours: (k) => post(`${servers[k].u}/graphql`, { query: B3_OURS, variables: { unit: globalId('OrgUnit', ids['S001-G1-B1']) } }, tokens[k]),
    floor: () => post(`${servers.floor.u}/b3`, { unitId: ids['S001-G1-B1'] }),
    peer: () => post(`${servers.peer.u}/graphql`, { query: B3_PEER, variables: { unit: ids['S001-G1-B1'] } }),
  },
};
const sides = Object.keys(servers);
for (const [scenario, f] of Object.entries(calls)) {
  const times = Object.fromEntries(sides.map((s) => [s, []]));
  for (let i = 0; i < n + 2; i++) {
    for (const s of sides) {
      const t = performance.now();
      await (s === 'ours' || s === 'other' ? f.ours(s) : f[s]());
      if (i >= 2) times[s].push(performance.now() - t); // two warm-up rounds
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`${scenario} scale ${scale} median ms: ` + sides.map((s) => `${s} ${med(times[s]).toFixed(1)}`).join(', '));
}
for (const k of ['ours', 'other']) {
  if (!servers[k]) continue;
  const st = readFileSync(`/proc/${servers[k].c.pid}/status`, 'utf8');
  console.log(`${k} VmHWM ${/VmHWM:\s+(\d+)/.exec(st)[1] / 1024 | 0} MB`);
}
for (const s of Object.values(servers)) s.c.kill('SIGTERM');
console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
