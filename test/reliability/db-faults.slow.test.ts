/**
 * Database faults (issue 6, "nothing lost"): PostgreSQL restarts under load. The test runs
 * its own embedded PostgreSQL (a temp dir, a fixed port; never the machine's shared service)
 * and the built server as a child process pointed at it (DATABASE_URL). In the middle of a
 * burst of submissions (idempotency keys, retries) the postmaster gets a fast shutdown and,
 * a few seconds later, is started again on the same data dir and port. Meanwhile:
 * - /health answers 503 while the database is down and 200 once it is back;
 * - the server process is neither restarted nor crashed: it reconnects by itself;
 * - mutations in flight or arriving during the outage fail with a contract error code;
 * - afterwards every acknowledged submission exists exactly once, under the id the client
 *   saw, and every request has its whole event trail (nothing half-written).
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dbIdOf } from '../../src/common/graphql/global-id.js';
import { cleanupAll, makeDataDir, PROCESS_ADMIN_PASSWORD, pollUntil, startServerProcess } from '../support/process.js';
import { health, kindOf, login, post } from '../support/reliability/api.js';
import { runBurst, SUBMIT, type Submission } from '../support/reliability/burst.js';
import { FixedPortPostgres } from '../support/reliability/embedded-pg.js';
import { buildGrid } from '../support/reliability/grid.js';
import { requestViolations } from '../support/reliability/invariants.js';
import { subscribeChanges } from '../support/reliability/live.js';
import { sleep } from '../support/reliability/net.js';
import { CONTRACT_CODES } from '../support/contract-codes.js';

const SUBMISSIONS = 300;
const CLIENTS = 16;
const STOP_AFTER_ACKS = 80;
/** How long PostgreSQL stays down once /health has reported it. */
const OUTAGE_MS = 3_000;

let database: FixedPortPostgres | undefined;
afterAll(async () => {
  await cleanupAll(); // servers first, then the postmaster of every temp data dir
  await database?.stop().catch(() => undefined);
}, 120_000);

describe('database faults: PostgreSQL restarts under load', () => {
  it(
    '503 while down, 200 after; the server reconnects by itself; retried submissions land exactly once',
    async () => {
      database = new FixedPortPostgres(makeDataDir('dbfault'));
      await database.start();
      const server = await startServerProcess(
        { DATABASE_URL: database.url, SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '1000000', DB_POOL_SIZE: '10' },
        150_000,
      );
      const baseUrl = server.baseUrl;
      const admin = await login(baseUrl, 'admin', PROCESS_ADMIN_PASSWORD);
      const grid = await buildGrid(baseUrl, admin, {
        prefix: 'DF',
        lat: 22,
        lng: 100,
        branches: 1,
        courtyardsPerBranch: 2,
        respondersPerCourtyard: 2,
        residents: CLIENTS,
      });
      expect(await health(baseUrl)).toBe(200);

      // /health, polled all along: the timeline of what it answered.
      const timeline: { at: number; asked: number; status: number; ms: number }[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          const asked = Date.now();
          const status = await health(baseUrl, 5_000);
          timeline.push({ at: Date.now(), asked, status, ms: Date.now() - asked });
          await sleep(200);
        }
      })();

      const submissions: Submission[] = Array.from({ length: SUBMISSIONS }, (_, index) => {
        const courtyard = grid.courtyards[index % grid.courtyards.length];
        return {
          index,
          key: `df-${index}`,
          reporter: grid.residents[index % grid.residents.length],
          input: { categoryCode: 'WATER_DRAIN', description: `数据库故障测试 #${index}`, courtyardId: courtyard.id },
        };
      });
      let acks = 0;
      const burst = runBurst({ target: () => baseUrl, submissions, clients: CLIENTS, deadline: Date.now() + 150_000, onAck: (n) => (acks = n) });

      // ---- the fault ----
      await pollUntil(() => acks >= STOP_AFTER_ACKS, 120_000, 10);
      const stoppedAt = Date.now();
      await database.stop();
      const downAt = Date.now();
      await pollUntil(() => timeline.some((t) => t.at >= downAt && t.status === 503), 30_000, 50);
      const first503 = timeline.find((t) => t.at >= downAt && t.status === 503)!.at;

      // One more mutation while it is down, to see exactly what a client gets.
      const during = await post(baseUrl, SUBMIT, {
        i: { categoryCode: 'WATER_DRAIN', description: '停机期间', courtyardId: grid.courtyards[0].id, idempotencyKey: 'df-during' },
      }, grid.residents[0].token);
      await sleep(OUTAGE_MS);

      const restartAt = Date.now();
      await database.start();
      const upAt = Date.now();
      await pollUntil(() => timeline.some((t) => t.at >= upAt && t.status === 200), 60_000, 50);
      const first200 = timeline.find((t) => t.at >= upAt && t.status === 200)!.at;
      const result = await burst;
      polling = false;
      await poller;

      // ---- the server stayed up and came back by itself ----
      expect(server.alive, server.output()).toBe(true);
      expect(server.exit).toBeUndefined();
      // While the database was up /health answered every time; on a saturated 2-core machine its
      // 2 s probe can wait out a full pool (16 clients, 10 connections), so a rare 503 is counted, not failed.
      const whileUp = timeline.filter((t) => t.at < stoppedAt);
      expect(whileUp.filter((t) => t.status !== 200 && t.status !== 503), 'health while the database was up').toEqual([]);
      const spurious503 = whileUp.filter((t) => t.status === 503);
      expect(spurious503.length).toBeLessThanOrEqual(Math.max(2, whileUp.length / 10));
      expect(timeline.filter((t) => t.at > first200).every((t) => t.status === 200), JSON.stringify(timeline.slice(-10))).toBe(true);

      // Asked and answered while the database was down: 503, every time.
      const surelyDown = timeline.filter((t) => t.asked >= downAt && t.at < restartAt);
      expect(surelyDown.length).toBeGreaterThan(0);
      expect(surelyDown.filter((t) => t.status !== 503)).toEqual([]);

      // ---- failures were clean ----
      const codes = [...Object.keys(result.failures), kindOf(during)].filter((k) => !/^(E[A-Z]+|TIMEOUT|HTTP-\d+)$/.test(k));
      for (const code of codes) expect(CONTRACT_CODES.has(code), `error code ${code}`).toBe(true);
      expect(during.data ?? null).toBeNull();
      expect(during.errors?.[0]?.extensions?.code).toBeDefined();
      expect(result.rejected, JSON.stringify(result.rejected.slice(0, 5))).toEqual([]);
      expect(result.gaveUp).toEqual([]);
      expect(result.acknowledged).toHaveLength(SUBMISSIONS);

      // ---- nothing lost, nothing twice, nothing half-written ----
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      let report;
      try {
        const { rows } = await client.query<{ id: string; reporter: string; key: string }>(
          `SELECT id::text AS id, reporter_user_id::text AS reporter, idempotency_key AS key FROM service_request WHERE idempotency_key LIKE 'df-%'`,
        );
        const byKey = new Map(rows.map((r) => [`${r.reporter}/${r.key}`, r]));
        const problems: string[] = [];
        for (const ack of result.acknowledged) {
          const row = byKey.get(`${dbIdOf(ack.reporterId, 'User')}/${ack.key}`);
          if (!row || row.id !== dbIdOf(ack.id, 'ServiceRequest')) problems.push(`${ack.key}: acknowledged ${ack.id}, stored ${row?.id}`);
        }
        const duringStored = rows.filter((r) => r.key === 'df-during').length;
        report = { rows: rows.length - duringStored, duringStored, problems, violations: await requestViolations(client) };
      } finally {
        await client.end();
      }
      expect(report.problems.slice(0, 10)).toEqual([]);
      expect(report.rows).toBe(SUBMISSIONS);
      expect(report.duringStored).toBe(0); // refused while down: nothing written
      expect(report.violations).toEqual([]);

      // Still serving as before: a fresh submission goes through at once.
      const after = await post(baseUrl, SUBMIT, {
        i: { categoryCode: 'WATER_DRAIN', description: '恢复之后', courtyardId: grid.courtyards[1].id, idempotencyKey: 'after-restart' },
      }, grid.residents[1].token);
      expect(after.errors).toBeUndefined();
      expect(after.data?.submitServiceRequest.status).toBe('ASSIGNED');

      // The LISTEN connection (live updates between instances) comes back by itself too, with
      // its backoff; then a change made now reaches a subscriber of this server.
      const relisten = Date.now();
      await server.waitForLog((r) => String(r.msg).includes('listening on request_changed again'), 45_000);
      const relistenWaitMs = Date.now() - relisten;
      const inbox = subscribeChanges(baseUrl, admin);
      let liveId: string | undefined;
      try {
        await pollUntil(async () => {
          const made = await post(baseUrl, SUBMIT, {
            i: { categoryCode: 'WATER_DRAIN', description: '实时推送', courtyardId: grid.courtyards[0].id, idempotencyKey: `live-${Date.now()}` },
          }, grid.residents[2].token);
          liveId = made.data?.submitServiceRequest.id;
          await sleep(500);
          return liveId !== undefined && inbox.requestIds.includes(liveId);
        }, 20_000, 0);
      } finally {
        await inbox.close();
      }
      expect(inbox.errors).toEqual([]);
      const downHealth = timeline.filter((t) => t.asked >= downAt && t.asked < upAt); // asked while the database was down
      console.log(
        [
          `database faults (fast shutdown and restart of PostgreSQL under load, ${CLIENTS} clients, server not restarted):`,
          `  requests sent ${SUBMISSIONS}; acknowledged ${result.acknowledged.length}; found after the restart ${report.rows}, exactly once each; duplicates 0;`,
          `  retries ${result.retries}; failed attempts by kind ${JSON.stringify(result.failures)}; HTTP statuses of error answers ${JSON.stringify(result.errorStatuses)};`,
          `  a submission during the outage: HTTP ${during.status} ${kindOf(during)} "${during.errors?.[0]?.message ?? ''}" (nothing stored);`,
          `  /health: 503 ${((first503 - downAt) / 1000).toFixed(1)} s after the postmaster stopped; database down ${((upAt - stoppedAt) / 1000).toFixed(1)} s` +
            ` (restart took ${((upAt - restartAt) / 1000).toFixed(1)} s); 200 again ${((first200 - upAt) / 1000).toFixed(1)} s after it was back;` +
            ` answers while down ${JSON.stringify(countBy(downHealth.map((t) => t.status)))};` +
            ` 503 while the database was up (probe waited out a busy pool): ${spurious503.length} of ${whileUp.length};`,
          `  LISTEN connection re-established by itself (${(relistenWaitMs / 1000).toFixed(1)} s after the checks above), live updates flow again; burst took ${(result.elapsedMs / 1000).toFixed(1)} s.`,
        ].join('\n'),
      );
      await server.stop(30_000);
    },
    300_000,
  );
});

function countBy(values: (string | number)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
  return counts;
}
