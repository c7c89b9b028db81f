// The benchmark: `npm run bench` (scales 1 and 10) or `npm run bench -- --quick` (scale 0.2,
// short runs, under 3 minutes). Options: --scales 1,10  --duration 10  --warmup 5
// --profile (our server runs with --cpu-prof; profiles in bench/results/profiles/)
// --no-peer  --seed N  --out bench/results/latest.json
import { execFileSync, fork } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { ADMIN_PASSWORD, ADMIN_USERNAME, DEFAULT_SEED, generate, layout, ourServerEnv, peerFunctions, pointIn } from './data.mjs';
import { B1_OURS, B1_PEER, B2_OURS, B3_OURS, B3_PEER, B4_OURS, LOGIN, globalId } from './queries.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

function parseArgs(argv) {
  const a = { quick: false, scales: null, duration: null, warmup: null, profile: false, peer: true, seed: DEFAULT_SEED, out: join(here, 'results/latest.json') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--quick') a.quick = true;
    else if (k === '--scales') a.scales = argv[++i].split(',').map(Number);
    else if (k === '--duration') a.duration = Number(argv[++i]);
    else if (k === '--warmup') a.warmup = Number(argv[++i]);
    else if (k === '--profile') a.profile = true;
    else if (k === '--no-peer') a.peer = false;
    else if (k === '--seed') a.seed = Number(argv[++i]);
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--server-dist') a.serverDist = argv[++i];
    else if (k === '--node-options') a.nodeOptions = argv[++i].split(' ').filter(Boolean);
    else if (k === '--only') a.only = new Set(argv[++i].split(','));
    else throw new Error(`unknown option ${k}`);
  }
  a.scales ??= a.quick ? [0.2] : [1, 10];
  a.duration ??= a.quick ? 4 : 10;
  a.warmup ??= a.quick ? 2 : 5;
  a.moves = a.quick ? 4 : 10;
  return a;
}

const args = parseArgs(process.argv.slice(2));
const log = (...m) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);

// ---- child processes ------------------------------------------------------------------------

function startChild(script, argv, env, execArgv = [], logFile = null) {
  return new Promise((resolve, reject) => {
    const fd = logFile ? openSync(logFile, 'a') : 'inherit';
    const child = fork(script, argv, { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', fd, fd, 'ipc'] });
    if (logFile) closeSync(fd);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within 120 s`));
    }, 120_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      if (m?.ready) resolve({ child, url: `http://127.0.0.1:${m.port}` });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited early (${code})`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Peak and current resident set of a process, in MB (VmHWM / VmRSS). */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return { peakMb: NaN, rssMb: NaN };
  }
}

function ensurePeer() {
  const dir = join(here, 'peer');
  if (existsSync(join(dir, 'node_modules/postgraphile'))) return;
  log('installing the peer (PostGraphile 4.14) in bench/peer with npm ci');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
}

// ---- HTTP helpers -----------------------------------------------------------------------------

async function post(url, body, headers = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  if (res.status !== 200 || json.errors) throw new Error(`${url}: HTTP ${res.status}: ${text.slice(0, 500)}`);
  return json;
}

async function cannon({ url, path = '', connections, body, headers, setupBody, duration }) {
  const opts = {
    url: url + path,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', ...headers },
  };
  if (setupBody) opts.requests = [{ method: 'POST', setupRequest: (req) => ({ ...req, body: setupBody() }) }];
  else opts.body = body;
  const result = await autocannon(opts);
  const total = result.requests.total || 1;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    errorRate: (result.errors + result.timeouts + result.non2xx) / total,
  };
}

/** Asks a child (our server) for something over IPC and waits for the answer. */
function ask(child, message, answerKey) {
  return new Promise((resolve) => {
    const on = (m) => {
      if (m && (answerKey in m || 'profileError' in m)) {
        child.off('message', on);
        resolve(m);
      }
    };
    child.on('message', on);
    child.send(message);
  });
}

async function measure(label, spec, profileAs = null) {
  if (args.warmup > 0) await cannon({ ...spec, duration: args.warmup });
  const load0 = os.loadavg()[0];
  if (profileAs) await ask(profileAs.child, { profile: 'start' }, 'profiling');
  const r = await cannon({ ...spec, duration: args.duration });
  if (profileAs) {
    const a = await ask(profileAs.child, { profile: 'stop', file: profileAs.file }, 'profiled');
    if (a.profileError) log(`profile failed: ${a.profileError}`);
  }
  r.loadavg = [round(load0), round(os.loadavg()[0])];
  log(`${label}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.errors ? `, ${r.errors} errors (${(100 * r.errorRate).toFixed(1)} %)` : ''}`);
  return r;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---- one scale ------------------------------------------------------------------------------

async function runScale(scale) {
  const db = await generate({ scale, seed: args.seed, log });
  const L = layout(scale);
  // Quiet the escalation scan: deadlines of requests earlier runs submitted have passed by now.
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query(`UPDATE service_request SET accept_due_handled = true WHERE accept_due_at IS NOT NULL AND NOT accept_due_handled`);
  await peerFunctions(c);
  // Numbers of requests submitted by earlier runs follow the sequence; generated history uses
  // 'SR-<day>-H…', so the two never meet.
  await c.query(`SELECT setval('service_request_number_seq', (SELECT count(*) + 1 FROM service_request WHERE number NOT LIKE 'SR-%-H%'))`);
  await c.query(`ALTER DATABASE ${db.name} SET jit = off`);
  // Requests B2 added in earlier runs leave pages that are not all-visible, which turns every
  // side's index-only counts into heap visits: vacuum first, so each run starts from the same state.
  await c.query(`VACUUM (ANALYZE) service_request, org_unit, member`);
  const ids = Object.fromEntries(
    (await c.query(`SELECT code, id::text AS id FROM org_unit WHERE code IN ('S001', 'S002', 'S001-G1', 'S001-G1-B1')`)).rows.map((r) => [r.code, r.id]),
  );
  // Put the moved general branch back under S001 if a run was interrupted between moves.
  const parentOfG1 = (await c.query(`SELECT parent_id::text AS p FROM org_unit WHERE code = 'S001-G1'`)).rows[0].p;
  await c.end();

  const env = ourServerEnv(db.url, { LOG_LEVEL: 'warn', ...(args.serverDist ? { BENCH_SERVER_DIST: args.serverDist } : {}) });
  const profDir = join(here, 'results/profiles');
  if (args.profile) mkdirSync(profDir, { recursive: true });
  const execArgv = args.nodeOptions ?? [];
  mkdirSync(join(here, 'results/logs'), { recursive: true });
  const logOf = (who) => join(here, `results/logs/${who}-s${scale}.log`);
  const ours = await startChild(join(here, 'server-child.mjs'), [], env, execArgv, logOf('ours'));
  const floor = await startChild(join(here, 'floor-server.mjs'), [db.url], {}, [], logOf('floor'));
  const peer = args.peer ? await startChild(join(here, 'peer/server.cjs'), [db.url], { NODE_ENV: 'production' }, [], logOf('peer')) : null;
  log(`scale ${scale}: ours ${ours.url} (pid ${ours.child.pid}), floor ${floor.url}, peer ${peer?.url ?? 'off'}; start RSS ${memoryOf(ours.child.pid).rssMb.toFixed(0)} MB`);

  const out = { scale, db: db.name, loadMs: db.loadMs ?? null };
  try {
    const token = (await post(`${ours.url}/graphql`, { query: LOGIN, variables: { u: ADMIN_USERNAME, p: ADMIN_PASSWORD } })).data.login.token;
    const auth = { authorization: `Bearer ${token}` };
    const gql = (query, variables) => JSON.stringify({ query, variables });
    const prof = (scenario) => (args.profile ? { child: ours.child, file: join(profDir, `ours-${scenario}-s${scale}.cpuprofile`) } : null);

    if (parentOfG1 !== ids.S001) {
      await post(`${ours.url}/graphql`, { query: B4_OURS, variables: { id: globalId('OrgUnit', ids['S001-G1']), to: globalId('OrgUnit', ids.S001) } }, auth);
    }

    const want = (k) => !args.only || args.only.has(k);
    // B1 ----------------------------------------------------------------------------------
    if (want('B1')) {
    const b1 = { ours: gql(B1_OURS, { code: 'S001' }), floor: JSON.stringify({ code: 'S001' }), peer: gql(B1_PEER, { id: ids.S001 }) };
    const b1o = await post(`${ours.url}/graphql`, JSON.parse(b1.ours), auth);
    const b1f = await post(`${floor.url}/b1`, { code: 'S001' });
    const count = (u) => 1 + (u.children?.nodes ?? []).reduce((n, c) => n + count(c), 0);
    const sumOpen = (u) => u.openRequestCount;
    if (count(b1o.data.orgUnit) !== count(b1f.data.orgUnit) || sumOpen(b1o.data.orgUnit) !== sumOpen(b1f.data.orgUnit)) {
      throw new Error(`B1: ours and the floor disagree (${count(b1o.data.orgUnit)} vs ${count(b1f.data.orgUnit)} units)`);
    }
    if (JSON.stringify(b1o) !== JSON.stringify(b1f)) log('B1: note: ours and the floor differ in some field (same unit count and open count)');
    if (peer) {
      const p = await post(`${peer.url}/graphql`, JSON.parse(b1.peer));
      if (p.data.orgUnitById.openRequestCount !== b1o.data.orgUnit.openRequestCount) throw new Error('B1: the peer disagrees on openRequestCount');
    }
    log(`B1: ${count(b1o.data.orgUnit)} units, ${Buffer.byteLength(JSON.stringify(b1o))} bytes`);
    out.B1 = {
      ours: await measure('B1 ours ', { url: ours.url, path: '/graphql', connections: 16, body: b1.ours, headers: auth }, prof('B1')),
      floor: await measure('B1 floor', { url: floor.url, path: '/b1', connections: 16, body: b1.floor }),
      peer: peer ? await measure('B1 peer ', { url: peer.url, path: '/graphql', connections: 16, body: b1.peer }) : null,
    };

    }
    // B3 ----------------------------------------------------------------------------------
    if (want('B3')) {
    const branch = ids['S001-G1-B1'];
    const b3 = { ours: gql(B3_OURS, { unit: globalId('OrgUnit', branch) }), floor: JSON.stringify({ unitId: branch }), peer: gql(B3_PEER, { unit: branch }) };
    const b3o = await post(`${ours.url}/graphql`, JSON.parse(b3.ours), auth);
    const b3f = await post(`${floor.url}/b3`, { unitId: branch });
    const n3 = b3o.data.serviceRequests.nodes.length;
    if (n3 !== b3f.data.serviceRequests.nodes.length || b3o.data.serviceRequests.nodes[0]?.id !== b3f.data.serviceRequests.nodes[0]?.id) {
      throw new Error('B3: ours and the floor disagree');
    }
    if (peer) {
      const p = await post(`${peer.url}/graphql`, JSON.parse(b3.peer));
      if (p.data.secretaryQueue.nodes.length !== n3) throw new Error('B3: the peer disagrees');
    }
    log(`B3: ${n3} requests in the queue page`);
    out.B3 = {
      ours: await measure('B3 ours ', { url: ours.url, path: '/graphql', connections: 16, body: b3.ours, headers: auth }, prof('B3')),
      floor: await measure('B3 floor', { url: floor.url, path: '/b3', connections: 16, body: b3.floor }),
      peer: peer ? await measure('B3 peer ', { url: peer.url, path: '/graphql', connections: 16, body: b3.peer }) : null,
    };

    }
    // B2 ----------------------------------------------------------------------------------
    if (want('B2')) {
    const CATS = ['ROAD', 'STREET_LIGHT', 'WATER_DRAIN', 'SANITATION', 'SECURITY', 'FACILITY', 'GREENERY', 'NEIGHBOUR_DISPUTE', 'ELDERLY_CARE', 'OTHER'];
    let seq = 0;
    let x = 12345;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296);
    const next = () => {
      const cy = L.courtyards[Math.floor(rnd() * L.courtyards.length)];
      return { p: pointIn(cy, rnd), cat: CATS[seq++ % 10] };
    };
    const b2ours = () => {
      const { p, cat } = next();
      return gql(B2_OURS, { input: { categoryCode: cat, description: `bench intake ${seq}`, location: { lat: p.lat, lng: p.lng } } });
    };
    const b2floor = () => {
      const { p, cat } = next();
      return JSON.stringify({ categoryCode: cat, description: `bench intake ${seq}`, lat: p.lat, lng: p.lng, reporterUserId: '1', contentHash: `floor-${seq}` });
    };
    const b2o = await post(`${ours.url}/graphql`, JSON.parse(b2ours()), auth);
    if (!['ASSIGNED', 'PENDING_DISPATCH'].includes(b2o.data.submitServiceRequest.status)) throw new Error('B2: unexpected status');
    const b2f = await post(`${floor.url}/b2`, JSON.parse(b2floor()));
    if (b2f.data.submitServiceRequest.status !== 'ASSIGNED') throw new Error('B2 floor: not assigned');
    out.B2 = {
      ours: await measure('B2 ours ', { url: ours.url, path: '/graphql', connections: 32, setupBody: b2ours, headers: auth }, prof('B2')),
      floor: await measure('B2 floor', { url: floor.url, path: '/b2', connections: 32, setupBody: b2floor }),
      peer: null,
    };

    }
    // B4 ----------------------------------------------------------------------------------
    if (want('B4')) {
    const g1 = globalId('OrgUnit', ids['S001-G1']);
    const ms = [];
    for (let i = 0; i < args.moves; i++) {
      const to = globalId('OrgUnit', i % 2 === 0 ? ids.S002 : ids.S001);
      const t0 = performance.now();
      const r = await post(`${ours.url}/graphql`, { query: B4_OURS, variables: { id: g1, to } }, auth);
      ms.push(performance.now() - t0);
      if (r.data.moveOrgUnit.ancestors[0].code !== (i % 2 === 0 ? 'S002' : 'S001')) throw new Error('B4: the move did not land');
    }
    const fms = [];
    for (let i = 0; i < args.moves; i++) {
      const t0 = performance.now();
      await post(`${floor.url}/b4`, { id: ids['S001-G1'], to: i % 2 === 0 ? ids.S002 : ids.S001 });
      fms.push(performance.now() - t0);
    }
    out.B4 = { ours: { median: median(ms), max: Math.max(...ms) }, floor: { median: median(fms), max: Math.max(...fms) } };
    log(`B4: moveOrgUnit of a general branch (${1 + 8 + 80} units): median ${out.B4.ours.median.toFixed(1)} ms, max ${out.B4.ours.max.toFixed(1)} ms; floor median ${out.B4.floor.median.toFixed(1)} ms`);

    }
    out.memory = memoryOf(ours.child.pid);
    log(`B6: our server's peak RSS ${out.memory.peakMb.toFixed(0)} MB (now ${out.memory.rssMb.toFixed(0)} MB)`);
  } finally {
    await Promise.all([stopChild(ours.child), stopChild(floor.child), peer ? stopChild(peer.child) : undefined]);
  }
  return out;
}

// ---- report ---------------------------------------------------------------------------------

const scaleName = (s) => `scale ${s}`;
const round = (v, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d);

function rows(results) {
  const out = [];
  const add = (scenario, metric, ours, floor, peer, higherIsBetter) => {
    const ratio = (a, b) => (a == null || b == null || b === 0 ? null : round(a / b, 3));
    out.push({ scenario, metric, ours: round(ours), floor: round(floor), peer: round(peer), ratioToFloor: ratio(ours, floor), ratioToPeer: ratio(ours, peer), higherIsBetter });
  };
  for (const r of results) {
    const s = scaleName(r.scale);
    for (const [key, title, conns] of [
      ['B1', 'B1 hierarchy pull', 16],
      ['B3', 'B3 secretary queue', 16],
      ['B2', 'B2 routed intake', 32],
    ]) {
      const b = r[key];
      if (!b) continue;
      add(`${title} (${s})`, `req/s @${conns}`, b.ours.rps, b.floor.rps, b.peer?.rps, true);
      add(`${title} (${s})`, 'p50 ms', b.ours.p50, b.floor.p50, b.peer?.p50, false);
      add(`${title} (${s})`, 'p99 ms', b.ours.p99, b.floor.p99, b.peer?.p99, false);
      if (b.ours.errors) add(`${title} (${s})`, 'errors', b.ours.errors, b.floor.errors, b.peer?.errors, false);
    }
    if (r.B4) {
      add(`B4 re-gridding (${s})`, 'median ms', r.B4.ours.median, r.B4.floor.median, null, false);
      add(`B4 re-gridding (${s})`, 'max ms', r.B4.ours.max, r.B4.floor.max, null, false);
    }
    add(`B6 memory (${s})`, 'peak RSS MB', r.memory.peakMb, null, null, false);
    if (r.loadMs != null) add(`data load (${s})`, 'seconds', r.loadMs / 1000, null, null, false);
  }
  // B5: growth from the smallest to the largest scale; the cost per operation (1 / throughput,
  // or milliseconds for B4), large / small. ≤ 1.5 means bounded by the subtree, not the city.
  if (results.length >= 2 && !args.only) {
    const a = results[0];
    const b = results[results.length - 1];
    const label = `B5 growth (scale ${b.scale} / scale ${a.scale})`;
    const g = (x, y) => (x == null || y == null ? null : x / y);
    for (const [key, title] of [
      ['B1', 'B1'],
      ['B3', 'B3'],
      ['B2', 'B2'],
    ]) {
      add(label, `${title} time per request`, g(a[key].ours.rps, b[key].ours.rps), g(a[key].floor.rps, b[key].floor.rps), a[key].peer ? g(a[key].peer.rps, b[key].peer.rps) : null, false);
    }
    add(label, 'B4 median ms', g(b.B4.ours.median, a.B4.ours.median), g(b.B4.floor.median, a.B4.floor.median), null, false);
  }
  const peak = Math.max(...results.map((r) => r.memory.peakMb));
  add('B6 memory (all runs)', 'peak RSS MB', peak, null, null, false);
  return out;
}

function targets(results, table) {
  const find = (scenario, metric) => table.find((r) => r.scenario.startsWith(scenario) && r.metric.startsWith(metric));
  const verdicts = [];
  const check = (name, ok, detail) => verdicts.push({ target: name, met: ok, detail });
  for (const r of results) {
    const s = scaleName(r.scale);
    if (args.only) continue;
    const b1 = find(`B1 hierarchy pull (${s})`, 'req/s');
    check(`B1 ≥ 0.5 × floor (${s})`, b1.ratioToFloor >= 0.5, `${b1.ratioToFloor}`);
    if (b1.ratioToPeer != null) check(`B1 ≥ 1.0 × peer (${s})`, b1.ratioToPeer >= 1, `${b1.ratioToPeer}`);
    const b2 = find(`B2 routed intake (${s})`, 'req/s');
    check(`B2 ≥ 0.5 × floor (${s})`, b2.ratioToFloor >= 0.5, `${b2.ratioToFloor}`);
    const b3 = find(`B3 secretary queue (${s})`, 'req/s');
    if (b3.ratioToPeer != null) check(`B3 ≥ 1.0 × peer (${s})`, b3.ratioToPeer >= 1, `${b3.ratioToPeer}`);
    const b4 = find(`B4 re-gridding (${s})`, 'median');
    if (r.scale >= 10 || args.quick) check(`B4 < 500 ms (${s})`, b4.ours < 500, `${b4.ours} ms median`);
  }
  for (const r of table.filter((x) => x.scenario.startsWith('B5'))) check(`B5 ${r.metric} ≤ 1.5`, r.ours <= 1.5, `${r.ours}`);
  const mem = find('B6 memory (all runs)', 'peak');
  check('B6 peak RSS < 400 MB', mem.ours < 400, `${mem.ours} MB`);
  return verdicts;
}

function printTable(table) {
  const cols = ['scenario', 'metric', 'ours', 'floor', 'peer', 'ratioToFloor', 'ratioToPeer'];
  const cells = [cols, ...table.map((r) => cols.map((c) => (r[c] == null ? '–' : String(r[c]))))];
  const widths = cols.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(cells[0]));
  console.log(`|${widths.map((w, i) => (i < 2 ? ':' : '-') + '-'.repeat(w) + (i < 2 ? '-' : ':')).join('|')}|`);
  for (const row of cells.slice(1)) console.log(line(row));
}

async function main() {
  const started = performance.now();
  if (args.peer) ensurePeer();
  const results = [];
  for (const scale of args.scales) results.push(await runScale(scale));
  const table = rows(results);
  const verdicts = targets(results, table);
  console.log('');
  printTable(table);
  console.log('');
  for (const v of verdicts) console.log(`${v.met ? 'MET   ' : 'MISSED'} ${v.target}: ${v.detail}`);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: await (async () => {
      const c = new pg.Client({ connectionString: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
      await c.connect();
      const v = (await c.query('SHOW server_version')).rows[0].server_version;
      await c.end();
      return v;
    })(),
  };
  const json = table.map(({ scenario, metric, ours, floor, peer, ratioToFloor, ratioToPeer }) => ({ scenario, metric, ours, floor, peer, ratioToFloor, ratioToPeer }));
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(json, null, 2)}\n`);
  const detail = { when: new Date().toISOString(), quick: args.quick, args, machine, results, targets: verdicts, rows: json };
  writeFileSync(args.out.replace(/\.json$/, '') + '-detail.json', `${JSON.stringify(detail, null, 2)}\n`);
  log(`wrote ${args.out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
