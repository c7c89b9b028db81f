// Apollo (express) vs Mercurius (fastify) NestJS GraphQL driver benchmark.
// Usage: npm run bench   (or: node run.mjs after `npm run build`)
// Env: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3), BENCH_RUNS (default 2), BENCH_CONNECTIONS (default 16)
import { fork, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DRIVERS = [
  { name: 'apollo', label: 'Apollo (express)', port: 4311 },
  { name: 'mercurius', label: 'Mercurius (fastify)', port: 4312 },
];
const QUERIES = {
  nested: `{ orgUnit(code:"S1"){ code name level children { code name level children { code name level children { code name level } } } } }`,
  flat: `{ orgUnit(code:"S1"){ name } }`,
};

if (!existsSync(join(here, 'dist/server.js'))) {
  execFileSync(process.execPath, [join(here, 'node_modules/typescript/bin/tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
}

function startServer(d) {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'dist/server.js'), [d.name, String(d.port)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } });
    const t = setTimeout(() => { child.kill(); reject(new Error(`${d.name} did not start in 30s`)); }, 30000);
    child.once('message', (m) => { if (m?.ready) { clearTimeout(t); resolve(child); } });
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`${d.name} exited early (${code})`)); });
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.removeAllListeners('exit');
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}

const body = (q) => JSON.stringify({ query: q });

async function check(d, q) {
  const r = await fetch(`http://127.0.0.1:${d.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(q) });
  const json = await r.json();
  if (r.status !== 200 || json.errors || !json.data?.orgUnit) throw new Error(`${d.name}: bad response ${r.status} ${JSON.stringify(json).slice(0, 300)}`);
  // Normalised size so we know both drivers return the same payload.
  return JSON.stringify(json).length;
}

function cannon(d, q, duration) {
  return new Promise((resolve, reject) => {
    autocannon({
      url: `http://127.0.0.1:${d.port}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body(q),
      connections: CONNECTIONS,
      duration,
    }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

const results = [];
const sizes = {};
for (let run = 1; run <= RUNS; run++) {
  for (const d of DRIVERS) {
    const child = await startServer(d);
    try {
      for (const [qname, q] of Object.entries(QUERIES)) {
        const size = await check(d, q);
        (sizes[qname] ??= {})[d.name] = size;
        await cannon(d, q, WARMUP);
        const r = await cannon(d, q, DURATION);
        const row = {
          run, driver: d.name, query: qname,
          reqPerSec: Math.round(r.requests.average),
          p50ms: r.latency.p50, p99ms: r.latency.p99,
          requests: r.requests.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
          responseBytes: size,
        };
        results.push(row);
        console.error(`run ${run} ${d.name.padEnd(9)} ${qname.padEnd(6)} ${row.reqPerSec} req/s  p50 ${row.p50ms} ms  p99 ${row.p99ms} ms  non2xx ${row.non2xx} errors ${row.errors}`);
      }
    } finally {
      await stopServer(child);
    }
  }
}

for (const [qname, s] of Object.entries(sizes)) {
  if (new Set(Object.values(s)).size !== 1) console.error(`WARNING: ${qname} payload sizes differ between drivers: ${JSON.stringify(s)}`);
}

const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const ver = (n) => JSON.parse(readFileSync(join(here, 'node_modules', n, 'package.json'), 'utf8')).version;
const versions = Object.fromEntries([...Object.keys(pkg.dependencies), 'express', 'typescript'].map((n) => [n, ver(n)]));
const meta = {
  date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model,
  connections: CONNECTIONS, durationSec: DURATION, warmupSec: WARMUP, queries: QUERIES, versions,
};

const lines = [
  `| query | driver | run | req/s | p50 ms | p99 ms | non-2xx/errors |`,
  `| --- | --- | --- | ---: | ---: | ---: | ---: |`,
];
for (const qname of Object.keys(QUERIES)) {
  for (const d of DRIVERS) {
    for (const r of results.filter((x) => x.query === qname && x.driver === d.name)) {
      lines.push(`| ${qname} | ${d.label} | ${r.run} | ${r.reqPerSec} | ${r.p50ms} | ${r.p99ms} | ${r.non2xx + r.errors} |`);
    }
  }
}
const table = lines.join('\n');
console.log(`\nNode ${meta.node}, ${meta.cpus} CPUs, ${CONNECTIONS} connections, ${DURATION}s after ${WARMUP}s warm-up; nested = 713 OrgUnits (${sizes.nested?.apollo} bytes)\n`);
console.log(table);
writeFileSync(join(here, 'results.json'), JSON.stringify({ meta, results, table }, null, 2) + '\n');
console.log('\nwrote results.json');
