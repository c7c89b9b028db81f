/**
 * Crash safety (issue 6, "nothing lost"): the built server, on its embedded PostgreSQL in a
 * temp DATA_DIR, is SIGKILLed in the middle of a burst of 500 submitServiceRequest calls
 * from 32 concurrent clients. Each client uses one idempotency key per submission and
 * retries (same key) after connection errors until acknowledged. While the server is down,
 * a few acknowledged requests get their accept deadline moved into the past (SQL on the
 * orphaned postmaster); then the server is started again on the same DATA_DIR and port and
 * the clients finish against the new process.
 *
 * Then: every acknowledged submission exists exactly once, under the id the client saw; no
 * duplicates; every request's event trail is whole; and each deadline that fell due during
 * the outage is escalated exactly once after the restart.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dbIdOf } from '../../src/common/graphql/global-id.js';
import { cleanupAll, makeDataDir, PROCESS_ADMIN_PASSWORD, pollUntil, startServerProcess, type ServerProcess } from '../support/process.js';
import { login } from '../support/reliability/api.js';
import { runBurst, type Submission } from '../support/reliability/burst.js';
import { buildGrid } from '../support/reliability/grid.js';
import { requestViolations } from '../support/reliability/invariants.js';
import { embeddedDatabaseUrl, freePort, sleep } from '../support/reliability/net.js';

afterAll(cleanupAll, 120_000);

const SUBMISSIONS = 500;
const CLIENTS = 32;
/** SIGKILL once this many submissions were acknowledged. */
const KILL_AFTER_ACKS = 150;
/** Deadlines moved into the past while the server is down. */
const DUE = 6;
/** How long the server stays down (clients keep retrying meanwhile). */
const OUTAGE_MS = 1_500;

async function withDb<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('crash safety: SIGKILL during a burst of submissions', () => {
  it(
    'every acknowledged submission exists exactly once after the restart; overdue deadlines escalate once',
    async () => {
      const dataDir = makeDataDir('crashsafe');
      const port = await freePort();
      const env = {
        DATABASE_URL: undefined,
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        PORT: String(port),
        RATE_LIMIT_PER_MINUTE: '1000000',
        ESCALATION_INTERVAL_MS: '1000',
      };
      const baseUrl = `http://127.0.0.1:${port}`;
      const t0 = Date.now();
      const first: ServerProcess = await startServerProcess(env, 150_000);
      const firstReadyMs = Date.now() - t0;
      const admin = await login(baseUrl, 'admin', PROCESS_ADMIN_PASSWORD);
      const grid = await buildGrid(baseUrl, admin, {
        prefix: 'CS',
        lat: 20,
        lng: 100,
        branches: 2,
        courtyardsPerBranch: 2,
        respondersPerCourtyard: 2,
        residents: CLIENTS,
      });

      const setupMs = Date.now() - t0;
      const submissions: Submission[] = Array.from({ length: SUBMISSIONS }, (_, index) => {
        const courtyard = grid.courtyards[index % grid.courtyards.length];
        return {
          index,
          key: `cs-${index}`,
          reporter: grid.residents[index % grid.residents.length],
          input: {
            categoryCode: index % 2 ? 'ROAD' : 'STREET_LIGHT',
            description: `崩溃测试 #${index}`,
            ...(index % 3 ? { location: courtyard.point } : { courtyardId: courtyard.id }),
          },
        };
      });

      let acks = 0;
      const burst = runBurst({
        target: () => baseUrl,
        submissions,
        clients: CLIENTS,
        deadline: Date.now() + 150_000,
        onAck: (n) => (acks = n),
      });

      // ---- the crash ----
      await pollUntil(() => acks >= KILL_AFTER_ACKS, 120_000, 10);
      first.signal('SIGKILL');
      const killedAt = Date.now();
      expect(await first.waitForExit(15_000)).toEqual({ code: null, signal: 'SIGKILL' });
      const acksBeforeKill = acks;

      // While it is down: the orphaned postmaster still holds the data. What was committed
      // before the kill, and a few acknowledged ASSIGNED requests whose deadline now passes.
      const dbAtKill = embeddedDatabaseUrl(dataDir);
      const { committedAtKill, due } = await withDb(dbAtKill, async (c) => {
        const committed = await c.query<{ id: string }>(`SELECT id::text AS id FROM service_request WHERE idempotency_key LIKE 'cs-%'`);
        const overdue = await c.query<{ id: string; unit_id: string; parent_id: string }>(
          `UPDATE service_request r SET accept_due_at = now() - interval '1 minute'
            FROM org_unit u
            WHERE r.id IN (SELECT id FROM service_request WHERE idempotency_key LIKE 'cs-%' AND status = 'ASSIGNED' ORDER BY id LIMIT $1)
              AND u.id = r.unit_id
            RETURNING r.id::text AS id, r.unit_id::text AS unit_id, u.parent_id::text AS parent_id`,
          [DUE],
        );
        return { committedAtKill: new Set(committed.rows.map((r) => r.id)), due: overdue.rows };
      });
      expect(due).toHaveLength(DUE);
      await sleep(OUTAGE_MS);

      // ---- the restart: same DATA_DIR, same port; the clients are still retrying ----
      const second = await startServerProcess(env, 150_000);
      const downMs = Date.now() - killedAt;
      const result = await burst;

      // ---- what the clients saw ----
      expect(result.rejected, JSON.stringify(result.rejected.slice(0, 5))).toEqual([]);
      expect(result.gaveUp).toEqual([]);
      expect(result.acknowledged).toHaveLength(SUBMISSIONS);

      const url = embeddedDatabaseUrl(dataDir);
      const report = await withDb(url, async (c) => {
        const { rows } = await c.query<{ id: string; reporter: string; key: string; status: string }>(
          `SELECT id::text AS id, reporter_user_id::text AS reporter, idempotency_key AS key, status FROM service_request
            WHERE idempotency_key LIKE 'cs-%'`,
        );
        const byKey = new Map<string, typeof rows>();
        for (const row of rows) byKey.set(`${row.reporter}/${row.key}`, [...(byKey.get(`${row.reporter}/${row.key}`) ?? []), row]);
        const byId = new Map(rows.map((r) => [r.id, r]));

        // Every acknowledgement: exactly one row for (reporter, key), and it is the id the client saw.
        const problems: string[] = [];
        for (const ack of result.acknowledged) {
          const reporter = dbIdOf(ack.reporterId, 'User')!;
          const id = dbIdOf(ack.id, 'ServiceRequest')!;
          const found = byKey.get(`${reporter}/${ack.key}`) ?? [];
          if (found.length !== 1) problems.push(`${ack.key}: ${found.length} rows`);
          else if (found[0].id !== id) problems.push(`${ack.key}: acknowledged as ${id}, stored as ${found[0].id}`);
          const row = byId.get(id);
          if (!row || row.reporter !== reporter || row.key !== ack.key) problems.push(`${ack.key}: id ${id} is ${JSON.stringify(row)}`);
        }
        const distinctAcked = new Set(result.acknowledged.map((a) => a.id)).size;
        return { rows: rows.length, problems, distinctAcked, violations: await requestViolations(c) };
      });
      expect(report.problems.slice(0, 10)).toEqual([]);
      expect(report.distinctAcked).toBe(SUBMISSIONS);
      expect(report.rows).toBe(SUBMISSIONS); // no duplicates, nothing extra
      expect(report.violations).toEqual([]);

      // ---- deadlines that fell due during the outage: escalated once, by the new process ----
      const escalations = async () =>
        withDb(url, async (c) => {
          const { rows } = await c.query<{ id: string; n: number; status: string; unit_id: string; escalation_count: number }>(
            `SELECT r.id::text AS id, r.status, r.unit_id::text AS unit_id, r.escalation_count,
                    (SELECT count(*)::int FROM request_event e WHERE e.request_id = r.id AND e.type = 'ESCALATED') AS n
               FROM service_request r WHERE r.id = ANY($1::bigint[]) ORDER BY r.id`,
            [due.map((d) => d.id)],
          );
          return rows;
        });
      await pollUntil(async () => (await escalations()).every((r) => r.n >= 1), 30_000, 250);
      await sleep(2_500); // a few more worker intervals: nothing fires twice
      const escalated = await escalations();
      for (const row of escalated) {
        const before = due.find((d) => d.id === row.id)!;
        expect(row, `request ${row.id}`).toMatchObject({ n: 1, status: 'PENDING_DISPATCH', unit_id: before.parent_id, escalation_count: 1 });
      }
      expect(second.logs().some((r) => String(r.msg).includes('escalated'))).toBe(true);

      // ---- figures ----
      const afterKill = result.acknowledged.filter((a) => a.at > killedAt);
      const recoveredByKey = afterKill.filter((a) => committedAtKill.has(dbIdOf(a.id, 'ServiceRequest')!));
      console.log(
        [
          `crash safety (SIGKILL of the server, embedded PostgreSQL, ${CLIENTS} clients):`,
          `  requests sent ${SUBMISSIONS}; acknowledged ${result.acknowledged.length} (${acksBeforeKill} before the kill, ${afterKill.length} after the restart);`,
          `  found after restart ${report.rows} (exactly once each, under the id the client saw); duplicates 0;`,
          `  committed before the kill but acknowledged only after it (same key → the first request): ${recoveredByKey.length};`,
          `  retries ${result.retries}; failed attempts by kind ${JSON.stringify(result.failures)};`,
          `  first start (initdb included) ${(firstReadyMs / 1000).toFixed(1)} s; setup with the grid and ${CLIENTS} residents ${(setupMs / 1000).toFixed(1)} s;`,
          `  server down ${(downMs / 1000).toFixed(1)} s (kill → second "server ready"); burst took ${(result.elapsedMs / 1000).toFixed(1)} s;`,
          `  deadlines passed during the outage ${DUE}; escalated after restart ${escalated.filter((r) => r.n === 1).length}, each exactly once.`,
        ].join('\n'),
      );

      await second.stop(30_000);
    },
    300_000,
  );
});
