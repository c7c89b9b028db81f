// The floor: the same answers from the best SQL we can write, sent with `pg` behind a minimal
// HTTP server (no framework, no GraphQL, no auth). Run as a child process by run.mjs:
//   node bench/floor-server.mjs <database url>   → {"ready", "port"} on IPC when listening
// It serves every scenario's `floor` entry in scenarios.mjs (POST <path> with a JSON body).
// Every statement is a named prepared statement ({name, text, values}): parsed once per
// connection, as our server and PostGraphile do. Writes run the server's own statements
// through its compiled repositories (db.server()), sent the same prepared way.
//
// BENCH_PLANT=<scenario key>[:after=N] makes that scenario's answers wrong after the first N
// (default 0): the harness must then fail the run (test/bench/bench-smoke.test.ts).
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { SCENARIOS } from './scenarios.mjs';

const url = process.argv[2];
// Statements may take seconds under load: V1's base-table floor reads the city's whole quarter
// (about 3 s alone at scale 10), so 16 of them at once take longer than the 15 s this had.
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.FLOOR_POOL ?? 10), options: '-c timezone=UTC -c statement_timeout=120000' });

// Cancels statements whose client has gone (a load generator stopping at the end of its run
// with answers outstanding): left running, seconds-long floor statements (V1 at scale 10) would
// take the cores and the pool from the next run. Its own connection: the pool may be full.
const canceller = new pg.Client({ connectionString: url });
await canceller.connect();

const names = new Map();
/** A named prepared statement for a text (the name is a hash of the text, as the server names its own). */
function prepared(text, values) {
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `floor_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`));
  return { name, text, values };
}

/** What the server's repositories call (TypeORM's raw query: rows, or [rows, count] for UPDATE/DELETE), prepared. */
function queryable(client) {
  return {
    async query(statement, values = []) {
      const result = await client.query(prepared(typeof statement === 'string' ? statement : statement.text, values));
      return result.command === 'UPDATE' || result.command === 'DELETE' ? [result.rows, result.rowCount] : result.rows;
    },
  };
}

let serverRepositories;
/** The server's compiled repositories, found by file name under dist/src (wherever a module keeps them). */
async function server() {
  if (serverRepositories) return serverRepositories;
  const dist = process.env.BENCH_SERVER_DIST ?? new URL('../dist', import.meta.url).pathname;
  const find = (dir, file) => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (entry === file) return p;
      if (statSync(p).isDirectory()) {
        const hit = find(p, file);
        if (hit) return hit;
      }
    }
    return null;
  };
  const load = async (file, exported) => {
    const path = find(join(dist, 'src'), file);
    if (!path) throw new Error(`the floor runs the server's statements: ${file} not found under ${dist}/src (npm run build)`);
    const Repository = (await import(path))[exported];
    if (!Repository) throw new Error(`${path} does not export ${exported}`);
    return new Repository(null);
  };
  serverRepositories = {
    requests: await load('requests.repository.js', 'RequestsRepository'),
    org: await load('org.repository.js', 'OrgRepository'),
    people: await load('people.repository.js', 'PeopleRepository'),
  };
  return serverRepositories;
}

const db = {
  q: queryable(pool),
  async rows(text, values = []) {
    return (await pool.query(prepared(text, values))).rows;
  },
  /**
   * Sent unnamed, so PostgreSQL plans it for these values every time, as the server sends its
   * subtree statements (`PLAN_EACH_TIME`): A1's generic plan, chosen after five runs of a named
   * statement, does not know the subtree and took over 10 s at scale 10 (bench/README.md, A1).
   */
  async rowsPlannedEachTime(text, values = [], request = null) {
    if (!request) return (await pool.query({ text, values })).rows;
    const client = await pool.connect();
    let cancelling = null;
    try {
      if (request.gone) throw new Error('the client has gone');
      request.cancel = () => (cancelling = canceller.query('SELECT pg_cancel_backend($1)', [client.processID]).catch(() => undefined));
      return (await client.query({ text, values })).rows;
    } finally {
      request.cancel = null;
      // A cancel may land after the statement ended: that connection is never given to
      // another answer (its cancel would hit that answer's statement).
      if (cancelling) await cancelling;
      client.release(cancelling !== null);
    }
  },
  /** One transaction on one connection; `work` gets a queryable for the server's repositories. */
  async transaction(work) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await work(queryable(client));
      await client.query('COMMIT');
      return out;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  },
  server,
};

const [plantKey, plantAfter] = (() => {
  const m = /^([A-Za-z0-9_]+)(?::after=(\d+))?$/.exec(process.env.BENCH_PLANT ?? '');
  return m ? [m[1], Number(m[2] ?? 0)] : [null, 0];
})();

/** A wrong answer: the first name changed (or, with no name, the first status). */
function planted(body) {
  const name = /("name"\s*:\s*")([^"]*)"/;
  if (name.test(body)) return body.replace(name, '$1$2 (planted)"');
  return body.replace(/("status"\s*:\s*")[A-Z_]*"/, '$1PLANTED"');
}

const routes = {};
for (const scenario of SCENARIOS) {
  if (!scenario.floor) continue;
  let answered = 0;
  const handle = scenario.floor.handle;
  routes[scenario.floor.path] =
    scenario.key === plantKey
      ? async (input, request) => (++answered > plantAfter ? planted(await handle(db, input, request)) : handle(db, input, request))
      : (input, request) => handle(db, input, request);
  // A second floor over the roll-up tables the server keeps (V1), served beside the first.
  if (scenario.rollups) routes[scenario.rollups.path] = (input, request) => scenario.rollups.handle(db, input, request);
}

const server_ = http.createServer((req, res) => {
  const handler = routes[req.url];
  if (!handler || req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  // The answer's request: `gone` once the client closes before the answer (see canceller).
  const request = { gone: false, cancel: null };
  res.on('close', () => {
    if (res.writableEnded) return;
    request.gone = true;
    request.cancel?.();
  });
  req.on('end', () => {
    Promise.resolve()
      .then(() => handler(JSON.parse(body), request))
      .then((out) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out))
      .catch((error) => {
        const out = JSON.stringify({ errors: [{ message: String(error.message) }] });
        res.writeHead(500, { 'content-type': 'application/json' }).end(out);
      });
  });
});
server_.keepAliveTimeout = 60_000;
server_.listen(0, '127.0.0.1', () => process.send?.({ ready: true, port: server_.address().port }));
process.on('SIGTERM', () => server_.close(() => Promise.all([pool.end(), canceller.end()]).then(() => process.exit(0))));
