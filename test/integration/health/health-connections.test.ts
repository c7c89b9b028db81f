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

describe('GET /health', () => {
  it('1,000 concurrent anonymous calls: all answered 200, and no backend more than before', async () => {
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
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, () => fetch(`${server.url}/health`).then(async (r) => (await r.text(), r.status))),
    );
    sampling = false;
    await sampler;

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
