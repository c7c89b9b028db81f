// The benchmark: `npm run bench` (scales 1 and 10) or `npm run bench -- --quick` (scale 0.2,
// short runs, under 3 minutes). Runs every scenario of scenarios.mjs on every side it names,
// `--reps` times (at least 3) with the order of the sides rotated each time, from a city
// restored to its generated state and verified by checksum; every answer is compared, and a
// wrong answer, a GraphQL error or a non-2xx status fails the run naming the side.
// Options: --scales 1,10  --duration 10  --warmup 3  --reps 3  --only B1,B3  --no-peer
// --profile  --seed N  --out bench/results/latest.json  --server-dist <dir>
// --node-options "<flags>"  --pin / --no-pin  --plant floor:B3[:after=N] (see floor-server.mjs)
import { execFileSync, fork } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { ADMIN_PASSWORD, ADMIN_USERNAME, DEFAULT_SEED, SECRETARY_PASSWORD, describeDifference, freshCity, layout, ourServerEnv, ourServerNodeFlags, restoreCity, secretaryUsername } from './data.mjs';
import { LOGIN } from './queries.mjs';
import { consolePageUnavailable, runConsolePage } from './console-page.mjs';
import { SCENARIOS } from './scenarios.mjs';
import { growthRows, median } from './growth.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// 'rollups': a second floor (the floor server's `rollups` entry of a scenario: the same
// hand-written SQL over the roll-up tables the server keeps, V1), reported alongside.
const SIDES = ['ours', 'floor', 'rollups', 'peer'];

const startFlagsGiven = ourServerNodeFlags();

function parseArgs(argv) {
  const a = { quick: false, scales: null, duration: null, warmup: null, reps: 3, profile: false, peer: true, seed: DEFAULT_SEED, pin: null, out: join(here, 'results/latest.json') };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--quick') a.quick = true;
    else if (k === '--scales') a.scales = argv[++i].split(',').map(Number);
    else if (k === '--duration') a.duration = Number(argv[++i]);
    else if (k === '--warmup') a.warmup = Number(argv[++i]);
    else if (k === '--reps') a.reps = Number(argv[++i]);
    else if (k === '--profile') a.profile = true;
    else if (k === '--no-peer') a.peer = false;
    else if (k === '--seed') a.seed = Number(argv[++i]);
    else if (k === '--out') a.out = argv[++i];
    else if (k === '--server-dist') a.serverDist = argv[++i];
    else if (k === '--node-options') a.nodeOptions = argv[++i].split(' ').filter(Boolean);
    else if (k === '--only') a.only = new Set(argv[++i].split(','));
    else if (k === '--pin') a.pin = true;
    else if (k === '--no-pin') a.pin = false;
    else if (k === '--plant') a.plant = argv[++i];
    else throw new Error(`unknown option ${k}`);
  }
  // Our server runs with the V8 flags `npm start` gives it (package.json), unless told otherwise.
  a.nodeOptions ??= startFlagsGiven;
  a.scales ??= a.quick ? [0.2] : [1, 10];
  a.duration ??= a.quick ? 3 : 10;
  a.warmup ??= a.quick ? 1 : 3;
  a.moves = a.quick ? 4 : 10;
  if (!(a.reps >= 1)) throw new Error('--reps must be at least 1');
  if (a.plant && !/^floor:[A-Za-z0-9_]+(:after=\d+)?$/.test(a.plant)) throw new Error('--plant takes floor:<scenario>[:after=N] (only the floor can be planted)');
  return a;
}

const args = parseArgs(process.argv.slice(2));
const log = (...m) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...m);
const scenarios = SCENARIOS.filter((s) => !args.only || args.only.has(s.key));
/** C1, the console's tree page in the browser: not a scenario of the bench city (its own server and demo street). */
const consolePageWanted = !args.only || args.only.has('C1');
const sidesOf = (s) => s.sides.filter((side) => side !== 'peer' || args.peer);

/** A wrong answer, an error or a non-2xx status: the run fails, naming the side and the first error. */
class BenchFailure extends Error {}

// ---- pinning ----------------------------------------------------------------------------------

/**
 * With more than two cores the load generator (this process) gets the last core to itself and
 * the servers share the others (PostgreSQL, a system service, is not pinned). With two, one
 * core for the load generator would leave the servers and PostgreSQL one: nothing is pinned.
 */
function pinning() {
  const cpus = os.cpus().length;
  let hasTaskset = false;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    hasTaskset = true;
  } catch {}
  const wanted = args.pin ?? cpus > 2;
  if (!wanted) return { pinned: false, cpus, reason: args.pin === false ? '--no-pin' : `${cpus} cores: the load generator, the servers and PostgreSQL share them` };
  if (!hasTaskset) return { pinned: false, cpus, reason: 'taskset not found' };
  const loadGenerator = String(cpus - 1);
  const servers = cpus - 2 > 0 ? `0-${cpus - 2}` : '0';
  execFileSync('taskset', ['-a', '-cp', loadGenerator, String(process.pid)], { stdio: 'ignore' });
  return { pinned: true, cpus, loadGeneratorCores: loadGenerator, serverCores: servers, reason: 'taskset; PostgreSQL not pinned' };
}

// ---- child processes ------------------------------------------------------------------------

function startChild(pin, script, argv, env, execArgv = [], logFile = null) {
  return new Promise((resolve, reject) => {
    const fd = logFile ? openSync(logFile, 'a') : 'inherit';
    const through = pin.pinned ? { execPath: 'taskset', execArgv: ['-c', pin.serverCores, process.execPath, ...execArgv] } : { execArgv };
    const child = fork(script, argv, { env: { ...process.env, ...env }, ...through, stdio: ['ignore', fd, fd, 'ipc'] });
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
      reject(new Error(`${script} exited early (${code})${logFile ? `; see ${logFile}` : ''}`));
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

// ---- answers ----------------------------------------------------------------------------------

/** The first GraphQL error of a body, or null. */
function graphqlError(json) {
  const e = Array.isArray(json?.errors) ? json.errors[0] : null;
  return e ? `GraphQL error: ${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}` : null;
}

/** Where two answers first differ, as a path and the two values. */
function firstDifference(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      // Rows that carry a code or an id name themselves: [3 S001-G1].openRequestCount.
      const tag = a[i]?.code ?? a[i]?.number ?? a[i]?.id;
      const d = firstDifference(a[i], b[i], `${path}[${i}${tag !== undefined ? ` ${tag}` : ''}]`);
      if (d) return d;
    }
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
  }
  return `${path || '(the answer)'}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
}

/**
 * autocannon decodes an answer chunk by chunk (`body += buffer`), so a character whose bytes
 * fall in two TCP chunks arrives as U+FFFD. Such an answer is the agreed one when it equals
 * it with every non-ASCII character left out and is no more than a few characters longer
 * (each split character becomes two or three U+FFFD).
 */
function sameBarSplitCharacters(body, agreed) {
  const ascii = (s) => s.replace(/[^\x00-\x7f]/g, '');
  return body.length >= agreed.length && body.length <= agreed.length + 16 && ascii(body) === ascii(agreed);
}

/**
 * One answer of a side, judged: status 2xx, JSON, no GraphQL error, and then either the
 * agreed answer (same-body scenarios: the exact bytes of the pre-check answer, or failing
 * that the same answer once put in shared form) or the scenario's check (varying bodies).
 */
function judge(scenario, side, status, body, expected, ctx) {
  if (status < 200 || status > 299) return `HTTP ${status}: ${String(body).slice(0, 300)}`;
  if (expected.raw !== undefined && body === expected.raw) return null;
  if (expected.raw !== undefined && body.includes('\uFFFD') && sameBarSplitCharacters(body, expected.raw)) return null;
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return `not JSON: ${String(body).slice(0, 300)}`;
  }
  const error = graphqlError(json);
  if (error) return error;
  try {
    if (expected.answer !== undefined) {
      const d = firstDifference(scenario.answer(json, side), expected.answer);
      return d ? `differs from the agreed answer at ${d}` : null;
    }
    return scenario.check(json, expected.expect, side, ctx);
  } catch (e) {
    return `unreadable answer (${e.message}): ${String(body).slice(0, 300)}`;
  }
}

// ---- measuring --------------------------------------------------------------------------------

/** One autocannon run of one side; every answer judged; stops at the first wrong one. */
async function cannon(scenario, side, spec, expected, ctx, duration) {
  let answered = 0;
  let failure = null;
  const fail = (message) => {
    if (!failure) failure = `answer ${answered} of the load: ${message}`;
    instance?.stop();
  };
  const request = spec.next
    ? {
        method: 'POST',
        path: spec.path,
        setupRequest(req, context) {
          const { body, expect } = spec.next();
          context.expect = expect;
          return { ...req, body };
        },
        onResponse(status, body, context) {
          answered++;
          const wrong = judge(scenario, side, status, body, { expect: context.expect }, ctx);
          if (wrong) fail(wrong);
        },
      }
    : {
        method: 'POST',
        path: spec.path,
        body: spec.body,
        onResponse(status, body) {
          answered++;
          const wrong = judge(scenario, side, status, body, expected, ctx);
          if (wrong) fail(wrong);
        },
      };
  const instance = autocannon({
    url: ctx.urls[side],
    connections: scenario.connections,
    duration,
    // autocannon's default is 10 s; a scenario whose answers take longer at 16 connections says so (A1).
    ...(scenario.timeoutSeconds ? { timeout: scenario.timeoutSeconds } : {}),
    headers: { 'content-type': 'application/json', ...(spec.headers ?? {}) },
    requests: [request],
  });
  const result = await instance;
  if (!failure && result.non2xx) failure = `${result.non2xx} non-2xx answers`;
  if (!failure && result.errors + result.timeouts) failure = `${result.errors} connection errors, ${result.timeouts} timeouts`;
  if (failure) throw new BenchFailure(`${scenario.key} ${side}: ${failure}`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, answers: answered, total: result.requests.total };
}

/**
 * Waits (up to 2 minutes) until no statement of the previous run is still executing on the
 * bench database: answers a load generator stopped waiting for keep running in the server
 * that got them, and seconds-long ones (V1 at scale 10) would take the cores from this run.
 */
async function settle(ctx, label) {
  const started = Date.now();
  for (;;) {
    const [{ n }] = await ctx.sql(`SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state = 'active'`);
    if (n === 0) break;
    if (Date.now() - started > 120_000) {
      log(`${label}: ${n} statements of an earlier run still running after 2 minutes; measuring anyway`);
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const waited = Date.now() - started;
  if (waited > 1000) log(`${label}: waited ${(waited / 1000).toFixed(1)} s for the earlier run's statements to finish`);
}

async function measureLoad(scenario, side, spec, expected, ctx, label) {
  await settle(ctx, `${scenario.key} ${label} ${side}`);
  if (args.warmup > 0) await cannon(scenario, side, spec, expected, ctx, args.warmup);
  const load0 = os.loadavg()[0];
  const profiling = args.profile && side === 'ours';
  const file = join(here, `results/profiles/ours-${scenario.key}-s${ctx.scale}-${label.replace(/\W+/g, '-')}.cpuprofile`);
  if (profiling) await ask(ctx.children.ours, { profile: 'start' }, 'profiling');
  const r = await cannon(scenario, side, spec, expected, ctx, args.duration);
  if (profiling) {
    const a = await ask(ctx.children.ours, { profile: 'stop', file }, 'profiled');
    if (a.profileError) log(`profile failed: ${a.profileError}`);
  }
  r.loadavg = [round(load0), round(os.loadavg()[0])];
  log(`${scenario.key} ${label} ${side.padEnd(5)}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.answers} answers checked`);
  // p50 in the table only where a target names it (A1); elsewhere it restates throughput.
  // A run that completed no answer has no latency (autocannon says 0): none is recorded.
  const latency = (ms) => (r.answers > 0 ? ms : null);
  return { metrics: { [`req/s @${scenario.connections}`]: r.rps, ...(scenario.p50 ? { 'p50 ms': latency(r.p50) } : {}), 'p99 ms': latency(r.p99) }, raw: r };
}

async function measureTimed(scenario, side, state, ctx, label) {
  const ms = await scenario.run(ctx, side, state);
  const r = { median: median(ms), max: Math.max(...ms), samples: ms.map((x) => round(x, 3)) };
  log(`${scenario.key} ${label} ${side.padEnd(5)}: median ${r.median.toFixed(2)} ms, max ${r.max.toFixed(2)} ms (${ms.length} operations, every answer checked)`);
  return { metrics: { 'median ms': r.median, 'max ms': r.max }, raw: r };
}

/** Before the load: every side's answer, compared in full with the others. */
async function precheck(scenario, specs, ctx) {
  const expected = {};
  if (scenario.kind !== 'load') return expected;
  const sides = sidesOf(scenario);
  if (specs[sides[0]].next) {
    // Varying requests (writes): a few of each side, each checked.
    for (const side of sides) {
      for (let i = 0; i < 3; i++) {
        const { body, expect } = specs[side].next();
        const { status, text } = await ctx.send(side, specs[side].path, body, specs[side].headers);
        const wrong = judge(scenario, side, status, text, { expect }, ctx);
        if (wrong) throw new BenchFailure(`${scenario.key} ${side}: before the load: ${wrong}`);
      }
      expected[side] = {};
    }
    log(`${scenario.key}: ${sides.join(', ')}: 3 answers each checked before the load`);
    return expected;
  }
  let agreed = null;
  for (const side of sides) {
    const { status, text } = await ctx.send(side, specs[side].path, specs[side].body, specs[side].headers);
    if (status < 200 || status > 299) throw new BenchFailure(`${scenario.key} ${side}: before the load: HTTP ${status}: ${text.slice(0, 300)}`);
    const json = JSON.parse(text);
    const error = graphqlError(json);
    if (error) throw new BenchFailure(`${scenario.key} ${side}: before the load: ${error}`);
    const answer = scenario.answer(json, side);
    if (agreed === null) {
      const insane = scenario.sanity?.(answer, ctx);
      if (insane) throw new BenchFailure(`${scenario.key} ${side}: before the load: ${insane}`);
      agreed = { side, answer };
    } else {
      const d = firstDifference(answer, agreed.answer);
      if (d) throw new BenchFailure(`${scenario.key} ${side}: before the load: the answer differs from the answer of ${agreed.side} at ${d}`);
    }
    expected[side] = { raw: text, answer };
  }
  log(`${scenario.key}: ${sides.join(', ')} give the same answer (${Array.isArray(agreed.answer) ? `${agreed.answer.length} rows, ` : ''}${Buffer.byteLength(expected[sides[0]].raw)} bytes from ${sides[0]}), compared in full`);
  return expected;
}

const round = (v, d = 2) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 10 ** d) / 10 ** d);
const rotate = (xs, k) => xs.map((_, i) => xs[(i + k) % xs.length]);

// ---- one scale ------------------------------------------------------------------------------

async function runScale(scale, pin) {
  const city = await freshCity({ scale, seed: args.seed, log });
  const t = city.checksum.tables;
  log(
    `${city.name}: started from the generated state: checksum ${city.checksum.md5} matches the one recorded by bench:data ` +
      `(${t.org_unit.rows} units, ${t.member.rows} members, ${t.app_user.rows} accounts, ${t.service_request.rows} requests, ${t.request_event.rows} events)`,
  );
  const c = new pg.Client({ connectionString: city.url });
  // A connection lost while idle (the database dropped under the run): said here, and the next query fails the run.
  c.on('error', (error) => log(`bench database connection lost: ${error.message}`));
  await c.connect();
  for (const s of scenarios) for (const statement of s.peerSql ?? []) await c.query(statement);
  const ids = Object.fromEntries((await c.query(`SELECT code, id::text AS id FROM org_unit WHERE code IN ('S001', 'S002', 'S001-G1', 'S001-G1-B1')`)).rows.map((r) => [r.code, r.id]));
  const postgres = await postgresSettings(c);

  const env = ourServerEnv(city.url, { LOG_LEVEL: 'warn', ...(args.serverDist ? { BENCH_SERVER_DIST: args.serverDist } : {}) });
  if (args.profile) mkdirSync(join(here, 'results/profiles'), { recursive: true });
  mkdirSync(join(here, 'results/logs'), { recursive: true });
  const logOf = (who) => join(here, `results/logs/${who}-s${scale}.log`);
  const children = {};
  const urls = {};
  const out = { scale, db: city.name, checksum: city.checksum.md5, postgres, scenarios: {} };
  try {
    for (const [side, script, argv, sideEnv, execArgv] of [
      ['ours', join(here, 'server-child.mjs'), [], env, args.nodeOptions ?? []],
      ['floor', join(here, 'floor-server.mjs'), [city.url], { ...(args.plant ? { BENCH_PLANT: args.plant.slice('floor:'.length) } : {}), ...(args.serverDist ? { BENCH_SERVER_DIST: args.serverDist } : {}) }, []],
      ...(args.peer ? [['peer', join(here, 'peer/server.cjs'), [city.url], { NODE_ENV: 'production' }, []]] : []),
    ]) {
      const started = await startChild(pin, script, argv, sideEnv, execArgv, logOf(side));
      children[side] = started.child;
      urls[side] = started.url;
    }
    urls.rollups = urls.floor;
    log(`scale ${scale}: ours ${urls.ours} (pid ${children.ours.pid}), floor ${urls.floor}, peer ${urls.peer ?? 'off'}; our start RSS ${memoryOf(children.ours.pid).rssMb.toFixed(0)} MB`);

    const send = async (side, path, body, headers = {}) => {
      const res = await fetch(urls[side] + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: res.status, text: await res.text() };
    };
    const ctx = {
      scale,
      moves: args.moves,
      layout: layout(scale),
      ids,
      urls,
      children,
      state: {},
      send,
      sql: async (text, values) => (await c.query(text, values)).rows,
      failure: (side, message) => new BenchFailure(`${side}: ${message}`),
      /** POST that fails the run on a non-2xx status or a GraphQL error. */
      async post(side, path, body, headers) {
        const { status, text } = await send(side, path, body, headers);
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {}
        if (status < 200 || status > 299 || !json || graphqlError(json)) throw new BenchFailure(`${side}: ${graphqlError(json) ?? `HTTP ${status}: ${text.slice(0, 300)}`}`);
        return { status, json };
      },
    };
    const login = async (username, password) => {
      const { json } = await ctx.post('ours', '/graphql', JSON.stringify({ query: LOGIN, variables: { u: username, p: password } }));
      return { authorization: `Bearer ${json.data.login.token}` };
    };
    ctx.auth = { admin: await login(ADMIN_USERNAME, ADMIN_PASSWORD), branchSecretary: await login(secretaryUsername('S001-G1-B1'), SECRETARY_PASSWORD) };

    for (const scenario of scenarios) {
      const sides = sidesOf(scenario);
      const specs = await scenario.prepare(ctx);
      const expected = await precheck(scenario, specs, ctx);
      const record = { sides, metrics: {}, runs: [] };
      for (let rep = 0; rep < args.reps; rep++) {
        const order = rotate(sides, rep);
        for (const side of order) {
          const label = `rep ${rep + 1}/${args.reps}`;
          const m =
            scenario.kind === 'load' ? await measureLoad(scenario, side, specs[side], expected[side], ctx, label) : await measureTimed(scenario, side, specs, ctx, label);
          for (const [metric, value] of Object.entries(m.metrics)) {
            record.metrics[metric] ??= Object.fromEntries(sides.map((s) => [s, []]));
            record.metrics[metric][side].push(value);
          }
          record.runs.push({ rep: rep + 1, order: order.join('/'), side, ...m.raw });
        }
      }
      // How many units the agreed answer holds: B5 of a scenario that answers for the whole city is per unit.
      if (Array.isArray(expected.ours?.answer)) record.answerRows = expected.ours.answer.length;
      // The high-water mark is the whole process's so far: where it rises names the scenario that raised it.
      record.peakRssMbAfter = round(memoryOf(children.ours.pid).peakMb, 1);
      log(`${scenario.key}: our server's peak RSS so far ${record.peakRssMbAfter} MB`);
      out.scenarios[scenario.key] = record;
      if (scenario.writes) {
        let state = await restoreCity(city.url);
        if (!state.ok) {
          // A write the load generator stopped waiting for may have committed after the restore.
          await new Promise((r) => setTimeout(r, 2000));
          state = await restoreCity(city.url);
        }
        if (!state.ok) throw new BenchFailure(`${scenario.key} left the city changed beyond what restoring undoes: ${describeDifference(state.recorded, state.checksum)}`);
        log(`${scenario.key} wrote: city restored to its generated state (checksum verified)`);
      }
    }
    out.memory = memoryOf(children.ours.pid);
    log(`B6: our server's peak RSS ${out.memory.peakMb.toFixed(0)} MB (now ${out.memory.rssMb.toFixed(0)} MB)`);
  } finally {
    await c.end();
    await Promise.all(Object.values(children).map(stopChild));
  }
  return out;
}

async function postgresSettings(c) {
  const show = async (name) => (await c.query(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
  const out = {};
  for (const name of ['server_version', 'shared_buffers', 'work_mem', 'jit', 'effective_cache_size', 'max_connections', 'synchronous_commit', 'random_page_cost']) out[name] = await show(name);
  return out;
}

// ---- report ---------------------------------------------------------------------------------

function rows(results, consolePage) {
  const out = [];
  const add = (scenario, metric, higherIsBetter, recorded) => {
    const reps = Object.fromEntries(Object.entries(recorded).map(([side, values]) => [side, values?.filter((v) => v !== null)]));
    const med = Object.fromEntries(SIDES.map((s) => [s, reps[s]?.length ? median(reps[s]) : null]));
    const ratio = (a, b) => (a == null || b == null || b === 0 ? null : round(a / b, 3));
    out.push({
      scenario,
      metric,
      higherIsBetter,
      ours: round(med.ours),
      floor: round(med.floor),
      peer: round(med.peer),
      rollups: round(med.rollups),
      ratioToFloor: ratio(med.ours, med.floor),
      ratioToRollups: ratio(med.ours, med.rollups),
      ratioToPeer: ratio(med.ours, med.peer),
      spread: Object.fromEntries(SIDES.map((s) => [s, reps[s]?.length ? [round(Math.min(...reps[s])), round(Math.max(...reps[s]))] : null])),
      repetitions: Object.fromEntries(SIDES.map((s) => [s, reps[s]?.length ? reps[s].map((v) => round(v)) : null])),
    });
  };
  for (const r of results) {
    for (const scenario of scenarios) {
      const rec = r.scenarios[scenario.key];
      if (!rec) continue;
      for (const [metric, reps] of Object.entries(rec.metrics)) add(`${scenario.title} (scale ${r.scale})`, metric, metric.startsWith('req/s'), reps);
    }
    add(`B6 memory (scale ${r.scale})`, 'peak RSS MB', false, { ours: [r.memory.peakMb] });
  }
  // B5 (growth.mjs): per scenario, scale 10 / scale 1; per unit answered for a city-wide answer.
  for (const g of growthRows(results, scenarios, SIDES)) {
    add(g.scenario, g.metric, false, g.per);
    if (g.notATarget) out[out.length - 1].notATarget = true;
  }
  if (results.length) add('B6 memory (all runs)', 'peak RSS MB', false, { ours: [Math.max(...results.map((r) => r.memory.peakMb))] });
  if (consolePage) {
    add(C1_TITLE, 'median ms', false, { ours: consolePage.perRep.map((r) => r.median) });
    add(C1_TITLE, 'script kB transferred', false, { ours: [consolePage.scriptBytes / 1024] });
  }
  return out;
}

const C1_TITLE = 'C1 console tree page, demo street, cold browser';

function targets(results, table) {
  const verdicts = [];
  for (const r of results) {
    for (const scenario of scenarios) {
      for (const t of scenario.targets ?? []) {
        const row = table.find((x) => x.scenario === `${scenario.title} (scale ${r.scale})` && x.metric.startsWith(t.metric));
        if (!row || (t.fromScale && r.scale < t.fromScale && !args.quick)) continue;
        if (t.ratioTo) {
          const v = row[t.ratioTo === 'floor' ? 'ratioToFloor' : 'ratioToPeer'];
          if (v != null) verdicts.push({ target: `${scenario.key} ≥ ${t.atLeast} × ${t.ratioTo} (scale ${r.scale})`, met: v >= t.atLeast, detail: String(v) });
        } else {
          verdicts.push({ target: `${scenario.key} ${t.metric} < ${t.below} (scale ${r.scale})`, met: row[t.side] < t.below, detail: String(row[t.side]) });
        }
      }
    }
  }
  for (const row of table.filter((x) => x.scenario.startsWith('B5') && !x.notATarget)) verdicts.push({ target: `B5 ${row.metric} ≤ 1.5`, met: row.ours <= 1.5, detail: String(row.ours) });
  const mem = table.find((x) => x.scenario === 'B6 memory (all runs)');
  if (mem) verdicts.push({ target: 'B6 peak RSS < 400 MB', met: mem.ours < 400, detail: `${mem.ours} MB` });
  const page = table.find((x) => x.scenario === C1_TITLE && x.metric === 'median ms');
  if (page) verdicts.push({ target: 'C1 tree page interactive < 2000 ms', met: page.ours < 2000, detail: `${page.ours} ms` });
  return verdicts;
}

const fmt = (v) => (v == null ? '–' : Math.abs(v) >= 100 ? String(Math.round(v)) : String(round(v, Math.abs(v) >= 10 ? 1 : 2)));

function printTable(table) {
  // The roll-up floor's columns only when a scenario of the run has one (V1).
  const withRollups = table.some((r) => r.rollups != null);
  const cols = ['scenario', 'metric', 'better', 'ours', 'floor', ...(withRollups ? ['roll-ups floor'] : []), 'peer', 'ours/floor', ...(withRollups ? ['ours/roll-ups'] : []), 'ours/peer'];
  const cell = (r, side) => (r[side] == null ? '–' : r.repetitions[side].length > 1 ? `${fmt(r[side])} (${fmt(r.spread[side][0])}-${fmt(r.spread[side][1])})` : fmt(r[side]));
  const ratioCell = (v) => (v == null ? '–' : String(v));
  const cells = [
    cols,
    ...table.map((r) => [
      r.scenario, r.metric, r.higherIsBetter ? 'higher' : 'lower', cell(r, 'ours'), cell(r, 'floor'), ...(withRollups ? [cell(r, 'rollups')] : []), cell(r, 'peer'),
      ratioCell(r.ratioToFloor), ...(withRollups ? [ratioCell(r.ratioToRollups)] : []), ratioCell(r.ratioToPeer),
    ]),
  ];
  const widths = cols.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(cells[0]));
  console.log(`|${widths.map((w, i) => (i < 3 ? ':' : '-') + '-'.repeat(w) + (i < 3 ? '-' : ':')).join('|')}|`);
  for (const row of cells.slice(1)) console.log(line(row));
}

async function main() {
  const started = performance.now();
  const when = new Date().toISOString();
  const pin = pinning();
  const environment = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    pinning: pin,
    ourNodeFlags: args.nodeOptions,
    loadavgAtStart: os.loadavg().map((x) => round(x)),
  };
  log(`node ${environment.node}, ${environment.cpus} cores (${environment.cpuModel}), load average ${environment.loadavgAtStart.join(' ')}; pinning: ${pin.pinned ? `load generator on core ${pin.loadGeneratorCores}, servers on ${pin.serverCores}` : `none (${pin.reason})`}`);
  log(`our server's node flags: ${args.nodeOptions.join(' ') || 'none'} (${args.nodeOptions === startFlagsGiven ? 'as npm start' : '--node-options'})`);
  log(`${args.reps} repetitions per scenario and side, sides rotated; ${args.duration} s measured after ${args.warmup} s warm-up each; scales ${args.scales.join(', ')}`);
  if (args.reps < 3) log(`fewer than 3 repetitions: no spread worth the name; not a run to record`);
  if (args.peer && scenarios.length) ensurePeer();
  const results = [];
  if (scenarios.length) for (const scale of args.scales) results.push(await runScale(scale, pin));
  let consolePage = null;
  if (consolePageWanted) {
    const unavailable = consolePageUnavailable();
    if (unavailable) log(`C1 skipped: ${unavailable}`);
    else consolePage = await runConsolePage({ reps: args.reps, loads: args.quick ? 2 : 5, log });
  }
  environment.postgres = results[0]?.postgres;
  environment.loadavgAtEnd = os.loadavg().map((x) => round(x));
  if (environment.postgres) log(`PostgreSQL ${environment.postgres.server_version}: shared_buffers ${environment.postgres.shared_buffers}, work_mem ${environment.postgres.work_mem}, jit ${environment.postgres.jit} (bench databases)`);
  const table = rows(results, consolePage);
  const verdicts = targets(results, table);
  console.log('');
  printTable(table);
  console.log('');
  console.log('Medians of the repetitions, (min-max) over them; ratios from the medians.');
  for (const v of verdicts) console.log(`${v.met ? 'MET   ' : 'MISSED'} ${v.target}: ${v.detail}`);
  const json = {
    when,
    seconds: Math.round((performance.now() - started) / 1000),
    quick: args.quick,
    settings: { scales: args.scales, reps: args.reps, durationSeconds: args.duration, warmupSeconds: args.warmup, moves: args.moves, peer: args.peer },
    environment,
    cities: results.map((r) => ({ scale: r.scale, db: r.db, checksum: r.checksum })),
    rows: table,
    targets: verdicts,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(json, null, 2)}\n`);
  const detail = { ...json, args, results };
  writeFileSync(args.out.replace(/\.json$/, '') + '-detail.json', `${JSON.stringify(detail, null, 2)}\n`);
  log(`wrote ${args.out} in ${json.seconds} s`);
}

main().catch((error) => {
  if (error instanceof BenchFailure) console.error(`\nBENCH FAILED: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
