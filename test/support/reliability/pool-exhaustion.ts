import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.js';

/**
 * Ten times the pool of concurrent slow work, at the database and over HTTP: nothing
 * hangs past the statement timeout (plus its wait for a connection), nothing is left idle
 * in a transaction, and the API answers afterwards. Shared by the fast and the slow file.
 */
export function poolExhaustionSuite(poolSize: number, statementTimeoutMs: number): void {
  let server: TestServer;
  const n = 10 * poolSize;
  /** Every statement may wait for n/pool rounds of one timeout each, plus scheduling slack. */
  const bound = (n / poolSize) * statementTimeoutMs + 3_000;

  beforeAll(async () => {
    server = await startTestServer({ DB_POOL_SIZE: String(poolSize), STATEMENT_TIMEOUT_MS: String(statementTimeoutMs) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const stuckSessions = async () => {
    const client = new pg.Client({ connectionString: server.db.url, application_name: 'reliability-probe' });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT pid, state, query FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'grid-governance' AND state LIKE 'idle in transaction%'`,
      );
      return rows;
    } finally {
      await client.end();
    }
  };

  it('sets statement_timeout and idle_in_transaction_session_timeout on every session', async () => {
    const rows = await Promise.all(
      Array.from({ length: poolSize }, () =>
        server.dataSource.query(
          `SELECT (extract(epoch FROM current_setting('statement_timeout')::interval) * 1000)::int AS st,
                  (extract(epoch FROM current_setting('idle_in_transaction_session_timeout')::interval) * 1000)::int AS it,
                  current_setting('application_name') AS app`,
        ),
      ),
    );
    for (const [row] of rows) {
      expect(row).toEqual({ st: statementTimeoutMs, it: 2 * statementTimeoutMs, app: 'grid-governance' });
    }
  });

  it(`${n} concurrent pg_sleep statements through the pool each end by the statement timeout`, async () => {
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: n }, async () => {
        try {
          await server.dataSource.query(`SELECT pg_sleep(30)`);
          return { ok: true, ms: Date.now() - started };
        } catch (error) {
          const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
          return { ok: false, code, ms: Date.now() - started };
        }
      }),
    );
    for (const outcome of outcomes) {
      expect(outcome.ok).toBe(false);
      expect(outcome.code).toBe('57014'); // query_canceled: statement timeout
      expect(outcome.ms).toBeLessThan(bound);
    }
    expect(await stuckSessions()).toEqual([]);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
  });

  it(`${n} concurrent HTTP requests blocked on a lock answer (an error, no SQL) instead of hanging`, async () => {
    // Another session holds a lock that every category read needs: each request's statement blocks.
    const holder = new pg.Client({ connectionString: server.db.url, application_name: 'reliability-lock' });
    await holder.connect();
    try {
      await holder.query(`BEGIN`);
      await holder.query(`LOCK TABLE service_category IN ACCESS EXCLUSIVE MODE`);
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: n }, async () => {
          const res = await server.gql(`{ serviceCategories { code } }`);
          return { ...res, ms: Date.now() - started };
        }),
      );
      for (const answer of answers) {
        expect(answer.ms).toBeLessThan(bound);
        expect(answer.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(JSON.stringify(answer.body)).not.toMatch(/service_category|statement timeout|SELECT/i);
      }
    } finally {
      await holder.query(`ROLLBACK`).catch(() => undefined);
      await holder.end();
    }
    // The API answers at once afterwards, and no session was left in a transaction.
    const after = Date.now();
    const res = await server.gql(`{ serviceCategories { code } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.serviceCategories.length).toBeGreaterThan(0);
    expect(Date.now() - after).toBeLessThan(2_000);
    expect(await stuckSessions()).toEqual([]);
  });

  it('a transaction left idle is ended by the server, and the pool recovers', async () => {
    const runner = server.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SELECT 1`);
    expect((await stuckSessions()).length).toBe(1);
    // Past idle_in_transaction_session_timeout (twice the statement timeout), the server ends it.
    await new Promise((resolve) => setTimeout(resolve, 2 * statementTimeoutMs + 500));
    expect(await stuckSessions()).toEqual([]);
    await expect(runner.query(`SELECT 1`)).rejects.toThrow();
    await runner.release().catch(() => undefined);
    // Every pooled connection still works (the dead one was dropped).
    const rows = await Promise.all(Array.from({ length: 2 * poolSize }, () => server.dataSource.query(`SELECT 1 AS one`)));
    expect(rows.every(([r]) => r.one === 1)).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
}
