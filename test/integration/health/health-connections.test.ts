import { Agent, request } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/*
 * GET /health must not open a database connection per call: a flood of anonymous calls
 * would otherwise exhaust PostgreSQL's connections for everyone.
 */
let server: TestServer;
let monitor: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  monitor = new pg.Client({ connectionString: server.db.url });
  await monitor.connect();
});
afterAll(async () => {
  await monitor?.end();
  await server?.stop();
});

/** Backends on the test database (this monitor's own included, the same in every count). */
async function backends(): Promise<{ total: number; health: number }> {
  const { rows } = await monitor.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE application_name = 'grid-governance-health')::int AS health
       FROM pg_stat_activity WHERE datname = current_database()`,
  );
  return rows[0];
}

/**
 * A thousand calls are made at once; they travel over at most 100 sockets, so that the
 * loaded test machine's accept queue does not time connections out (the old per-call probe
 * would still have opened up to a hundred database connections at once).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 100 });
afterAll(() => agent.destroy());

function healthStatus(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/health`, { agent, timeout: 60_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('GET /health timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('GET /health', () => {
  it('1,000 concurrent anonymous calls (over 100 sockets): all answered 200, and no backend more than before', async () => {
    // The probe's one connection is opened by the first call.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    const before = await backends();
    expect(before.health).toBe(1);

    let sampling = true;
    const samples: { total: number; health: number }[] = [];
    const sampler = (async () => {
      while (sampling) {
        samples.push(await backends());
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    let statuses: number[];
    try {
      statuses = await Promise.all(Array.from({ length: 1000 }, () => healthStatus()));
    } finally {
      sampling = false;
      await sampler;
    }

    expect(statuses.filter((s) => s === 200)).toHaveLength(1000);
    // The pool may close an idle connection meanwhile (idle timeout), never open one for /health.
    const after = await backends();
    expect(after.health).toBe(1);
    expect(after.total).toBeLessThanOrEqual(before.total);
    expect(samples.length).toBeGreaterThan(0);
    expect(Math.max(...samples.map((s) => s.health))).toBe(1);
    expect(Math.max(...samples.map((s) => s.total))).toBeLessThanOrEqual(before.total);
  }, 120_000);

  it('reopens its connection when the database ended it, still answering 200', async () => {
    const [{ pid }] = (await monitor.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'grid-governance-health'`)).rows;
    await monitor.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await expect
      .poll(
        async () => {
          const status = (await fetch(`${server.url}/health`)).status;
          const { rows } = await monitor.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'grid-governance-health'`);
          return { status, reopened: rows.length === 1 && rows[0].pid !== pid };
        },
        { timeout: 15_000, interval: 300 },
      )
      .toEqual({ status: 200, reopened: true });
  });
});
