/**
 * Two instances on one database (issue 6, "nothing lost"): two servers share a fresh copy
 * of the test database, started at the same moment (migrations and the bootstrap admin under
 * their locks). 1,000 mixed operations — submit, dispatch, assign, accept, escalate, resolve,
 * close, reopen, cancel, tree reads and a few tree moves — are spread over both, 8 at a time,
 * each request action usually with the version last seen (stale ones must be CONFLICT).
 * Then:
 * - the tree invariants and the request/event invariants hold (status = last event's
 *   toStatus, versions never go back, no ASSIGNED without an assignee, …);
 * - every passed accept deadline is escalated exactly once while both instances run the
 *   escalation scan at the same time, twice each;
 * - changes made through one instance reach the serviceRequestChanged subscribers of both
 *   (when the subscription is in the schema).
 *
 * TWO_SEED replays a run.
 */
import 'reflect-metadata';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config.js';
import { EscalationWorker } from '../../src/modules/requests/escalation.worker.js';
import { RequestChangeFeed } from '../../src/modules/requests/live/request-change.feed.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { inParallel, kindOf, login, must, post, type Outcome } from '../support/reliability/api.js';
import { buildGrid, type Grid } from '../support/reliability/grid.js';
import { requestViolations, treeViolations } from '../support/reliability/invariants.js';
import { sleep } from '../support/reliability/net.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const SEED = Number(process.env.TWO_SEED ?? 20_260_613);
const OPERATIONS = 1_000;
const WORKERS = 8;
const ADMIN_PASSWORD = 'two-instances-admin-1';
/** Outcomes an operation may have when others race it; anything else fails the test. */
const EXPECTED = new Set(['OK', 'CONFLICT', 'NOT_FOUND', 'BAD_USER_INPUT']);

let db: TestDatabase;
let instances: RunningServer[] = [];
const logs: string[] = [];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    NODE_ENV: 'test',
    JWT_SECRET: 'two-instances-secret-0123456789',
    ADMIN_PASSWORD,
    RATE_LIMIT_PER_MINUTE: '1000000',
    ESCALATION_INTERVAL_MS: '3600000',
    DB_POOL_SIZE: '8',
  });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const started = await Promise.allSettled([0, 1].map(() => startServer({ config, logStream, host: '127.0.0.1' })));
  instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.close().catch(() => undefined)));
  await db?.drop();
}, 60_000);

// ---- what the test knows about each request (from the last answer it got) ----

interface Known {
  id: string;
  status: string;
  version: number;
  unitId: string;
  unitLevel: string;
  assigneeId: string | null;
  reporterToken: string;
}

const REQUEST = `id status version unit { id level } assignee { id }`;
const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { r: submitServiceRequest(input: $i) { ${REQUEST} } }`;
const ACTIONS = {
  dispatch: `mutation($i: DispatchServiceRequestInput!) { r: dispatchServiceRequest(input: $i) { ${REQUEST} } }`,
  assign: `mutation($i: AssignServiceRequestInput!) { r: assignServiceRequest(input: $i) { ${REQUEST} } }`,
  accept: `mutation($i: RequestActionInput!) { r: acceptServiceRequest(input: $i) { ${REQUEST} } }`,
  escalate: `mutation($i: RequestActionInput!) { r: escalateServiceRequest(input: $i) { ${REQUEST} } }`,
  resolve: `mutation($i: RequestActionInput!) { r: resolveServiceRequest(input: $i) { ${REQUEST} } }`,
  close: `mutation($i: CloseServiceRequestInput!) { r: closeServiceRequest(input: $i) { ${REQUEST} } }`,
  reopen: `mutation($i: RequestActionInput!) { r: reopenServiceRequest(input: $i) { ${REQUEST} } }`,
  cancel: `mutation($i: CancelServiceRequestInput!) { r: cancelServiceRequest(input: $i) { ${REQUEST} } }`,
};
const TREE = `query($id: ID!) { orgUnit(id: $id) { code openRequestCount
  children(first: 100) { nodes { code openRequestCount
    children(first: 100) { nodes { id code openRequestCount
      children(first: 100) { totalCount nodes { id code parent { id } openRequestCount responders { id } } } } } } } } }`;
const MOVE = `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id parent { id } } }`;

describe('two instances on one database', () => {
  it(
    '1,000 mixed operations over both: invariants hold, escalation fires once per deadline, live updates cross instances',
    async () => {
      const [a, b] = instances;
      const urls = [a.url, b.url];
      const admin = await login(a.url, 'admin', ADMIN_PASSWORD);
      // One bootstrap admin, although both instances started at once.
      const pool = new pg.Pool({ connectionString: db.url, max: 2 });
      try {
        const { rows: admins } = await pool.query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'CITY_ADMIN'`);
        expect(admins[0].n).toBe(1);

        const grid: Grid = await buildGrid(b.url, admin, {
          prefix: 'TI',
          lat: 24,
          lng: 100,
          branches: 2,
          courtyardsPerBranch: 2,
          respondersPerCourtyard: 2,
          responderAccounts: true,
          residents: 8,
        });
        const responderToken = new Map(grid.courtyards.flatMap((c) => c.responders.map((r) => [r.memberId, r.token!] as const)));
        const allResponders = [...responderToken.keys()];
        const branchOf = new Map(grid.courtyards.map((c) => [c.id, c.branchId]));

        // ---- live updates: one admin subscriber on each instance ----
        const live = await openLive(urls, admin, [a, b]);
        const firstEventId = Number((await pool.query(`SELECT coalesce(max(id), 0)::int AS n FROM request_event`)).rows[0].n);

        // ---- the operations ----
        const random = mulberry32(SEED);
        const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
        const known: Known[] = [];
        const outcomes: Record<string, Record<string, number>> = {};
        const unexpected: string[] = [];
        const byInstance = [0, 0];
        let nextKey = 0;

        const record = (kind: string, instance: number, outcome: Outcome) => {
          const k = kindOf(outcome);
          outcomes[kind] ??= {};
          outcomes[kind][k] = (outcomes[kind][k] ?? 0) + 1;
          byInstance[instance]++;
          if (!EXPECTED.has(k) || outcome.status >= 500) unexpected.push(`${kind} on ${instance ? 'B' : 'A'}: HTTP ${outcome.status} ${k} ${outcome.errors?.[0]?.message ?? ''}`);
        };
        const remember = (r: Known, data: any) => {
          if (!data?.r) return;
          r.status = data.r.status;
          r.version = data.r.version;
          r.unitId = data.r.unit.id;
          r.unitLevel = data.r.unit.level;
          r.assigneeId = data.r.assignee?.id ?? null;
        };

        /** One operation, decided now from what is known; returns nothing, records the outcome. */
        const operate = async (n: number) => {
          const instance = n % 2;
          const url = urls[instance];
          const roll = random();
          if (roll < 0.2 || known.length < 10) {
            const resident = pick(grid.residents);
            const courtyard = pick(grid.courtyards);
            const outcome = await post(url, SUBMIT, {
              i: {
                categoryCode: pick(['STREET_LIGHT', 'ROAD', 'WATER_DRAIN']),
                description: `两实例 #${n}`,
                ...(random() < 0.5 ? { location: courtyard.point } : { courtyardId: courtyard.id }),
                idempotencyKey: `ti-${nextKey++}`,
              },
            }, resident.token);
            record('submit', instance, outcome);
            if (outcome.data?.r) {
              const r = { id: outcome.data.r.id, reporterToken: resident.token } as Known;
              remember(r, outcome.data);
              known.push(r);
            }
            return;
          }
          if (roll < 0.28) {
            const outcome = await post(url, TREE, { id: grid.street }, pick([admin, pick(grid.residents).token]));
            record('treeRead', instance, outcome);
            return;
          }
          if (roll < 0.3) {
            const courtyard = pick(grid.courtyards);
            const to = grid.branches.find((x) => x !== branchOf.get(courtyard.id))!;
            const outcome = await post(url, MOVE, { i: { id: courtyard.id, newParentId: to } }, admin);
            record('treeMove', instance, outcome);
            if (outcome.data?.moveOrgUnit) branchOf.set(courtyard.id, outcome.data.moveOrgUnit.parent.id);
            return;
          }
          // A request action that fits what we last saw (others may have moved it on since).
          const r = pick(known);
          const version = random() < 0.8 ? r.version : undefined;
          const base = { requestId: r.id, ...(version === undefined ? {} : { expectedVersion: version }) };
          let kind: keyof typeof ACTIONS;
          let input: Record<string, unknown> = base;
          let token = admin;
          const assigneeToken = r.assigneeId ? responderToken.get(r.assigneeId) : undefined;
          switch (r.status) {
            case 'PENDING_DISPATCH': {
              const c = random();
              if (c < 0.45) {
                kind = 'dispatch';
                const below =
                  r.unitLevel === 'BRANCH'
                    ? grid.courtyards.filter((x) => branchOf.get(x.id) === r.unitId).map((x) => x.id)
                    : r.unitLevel === 'GENERAL_BRANCH'
                      ? grid.branches
                      : r.unitLevel === 'STREET_COMMITTEE'
                        ? [grid.general]
                        : [];
                input = { ...base, toUnitId: below.length ? pick(below) : grid.courtyards[0].id };
              } else if (c < 0.8) {
                kind = 'assign';
                input = { ...base, responderId: pick(allResponders) };
              } else if (c < 0.9) {
                kind = 'escalate';
              } else {
                kind = 'cancel';
                input = { ...base, reason: '重复' };
                if (random() < 0.5) token = r.reporterToken;
              }
              break;
            }
            case 'ASSIGNED': {
              const c = random();
              if (c < 0.55 && assigneeToken) {
                kind = 'accept';
                token = assigneeToken;
              } else if (c < 0.7) {
                kind = 'assign';
                input = { ...base, responderId: pick(allResponders) };
              } else if (c < 0.9) {
                kind = 'escalate';
                if (assigneeToken && random() < 0.5) token = assigneeToken;
              } else {
                kind = 'cancel';
                input = { ...base, reason: '居民撤回' };
                token = r.reporterToken;
              }
              break;
            }
            case 'IN_PROGRESS': {
              const c = random();
              if (c < 0.7) {
                kind = 'resolve';
                if (assigneeToken && random() < 0.7) token = assigneeToken;
              } else if (c < 0.85) {
                kind = 'escalate';
              } else if (c < 0.95) {
                kind = 'assign';
                input = { ...base, responderId: pick(allResponders) };
              } else {
                kind = 'cancel';
                input = { ...base, reason: '工作人员取消' };
              }
              break;
            }
            case 'RESOLVED': {
              const c = random();
              if (c < 0.6) {
                kind = 'close';
                // The reporter alone rates; staff close without a rating.
                if (random() < 0.7) {
                  token = r.reporterToken;
                  input = { ...base, rating: 1 + Math.floor(random() * 5) };
                }
              } else if (c < 0.9) {
                kind = 'reopen';
                token = r.reporterToken;
              } else {
                kind = 'cancel';
                input = { ...base, reason: '无需处理' };
              }
              break;
            }
            case 'CLOSED':
              kind = 'reopen';
              if (random() < 0.5) token = r.reporterToken;
              break;
            default: {
              // CANCELLED: nothing more can happen to it; cancelling again must be a CONFLICT.
              kind = 'cancel';
              input = { ...base, reason: '再次取消' };
              token = r.reporterToken;
              break;
            }
          }
          const outcome = await post(url, ACTIONS[kind], { i: input }, token);
          record(kind, instance, outcome);
          remember(r, outcome.data);
          // A CONFLICT or NOT_FOUND means we are behind: read the request again (as admin).
          if (outcome.errors?.length) {
            const fresh = await post(url, `query($id: ID!) { r: serviceRequest(id: $id) { ${REQUEST} } }`, { id: r.id }, admin);
            remember(r, fresh.data);
          }
        };

        const started = Date.now();
        await inParallel(Array.from({ length: OPERATIONS }, (_, i) => i), WORKERS, (n) => operate(n));
        const opsMs = Date.now() - started;
        expect(unexpected.slice(0, 10)).toEqual([]);

        // ---- invariants after the mixed load ----
        expect(await treeViolations(pool)).toEqual([]);
        expect(await requestViolations(pool)).toEqual([]);

        // ---- escalation exactly once per deadline, both instances scanning at once ----
        // Two hotline requests held at the street committee: their deadline has nowhere to go.
        for (const instance of [0, 1]) {
          const held = await post(urls[instance], SUBMIT, { i: { categoryCode: 'ROAD', description: '热线', unitId: grid.street, idempotencyKey: `ti-street-${instance}` } }, admin);
          expect(held.errors, JSON.stringify(held.errors)).toBeUndefined();
          expect(held.data.r.unit.level).toBe('STREET_COMMITTEE');
        }
        const { rows: due } = await pool.query<{ id: string; parent: string | null }>(
          `UPDATE service_request r SET accept_due_at = now() - interval '1 minute'
             FROM org_unit u WHERE u.id = r.unit_id AND r.status IN ('ASSIGNED', 'PENDING_DISPATCH') AND NOT r.accept_due_handled
           RETURNING r.id::text AS id, u.parent_id::text AS parent`,
        );
        const escalatable = due.filter((d) => d.parent !== null);
        const mark = Number((await pool.query(`SELECT coalesce(max(id), 0)::int AS n FROM request_event`)).rows[0].n);
        const workers = [a.app.get(EscalationWorker), b.app.get(EscalationWorker)];
        const scans = await Promise.all([workers[0].runOnce(), workers[1].runOnce(), workers[0].runOnce(), workers[1].runOnce()]);
        const again = await Promise.all(workers.map((w) => w.runOnce()));
        const escalatedByScans = scans.reduce((sum, s) => sum + s.escalated, 0);
        const { rows: fired } = await pool.query<{ request_id: string; n: number }>(
          `SELECT request_id::text AS request_id, count(*)::int AS n FROM request_event
            WHERE id > $1 AND type = 'ESCALATED' AND actor_user_id IS NULL GROUP BY request_id`,
          [mark],
        );
        expect(escalatedByScans).toBe(escalatable.length);
        expect(again.map((s) => s.escalated)).toEqual([0, 0]);
        expect(fired.every((f) => f.n === 1)).toBe(true);
        expect(new Set(fired.map((f) => f.request_id))).toEqual(new Set(escalatable.map((d) => d.id)));
        const { rows: handled } = await pool.query(
          `SELECT count(*)::int AS n FROM service_request WHERE id = ANY($1::bigint[]) AND accept_due_handled`,
          [due.filter((d) => d.parent === null).map((d) => d.id)],
        );
        expect(handled[0].n).toBe(due.length - escalatable.length);
        expect(await requestViolations(pool)).toEqual([]);

        // ---- live updates across instances ----
        let liveLine = 'live updates: serviceRequestChanged is not in the schema; not checked';
        if (live) {
          // Every change announces its last event; both admin subscribers must get all of them.
          const { rows } = await pool.query<{ id: string }>(
            `SELECT max(id)::text AS id FROM request_event WHERE id > $1 GROUP BY request_id, request_version`,
            [firstEventId],
          );
          const expected = new Set(rows.map((r) => r.id));
          const missing = () => live.inboxes.map((inbox) => [...expected].filter((id) => !inbox.has(id)));
          const deadline = Date.now() + 60_000;
          while (missing().some((m) => m.length > 0) && Date.now() < deadline) await sleep(250);
          const [missingA, missingB] = missing();
          liveLine =
            `live updates: ${expected.size} changes; delivered to the subscriber on A ${expected.size - missingA.length}, ` +
            `on B ${expected.size - missingB.length} (each change was made through one instance: the other got it by LISTEN/NOTIFY)`;
          await live.close();
          expect(live.errors).toEqual([]);
          expect(missingA.slice(0, 10)).toEqual([]);
          expect(missingB.slice(0, 10)).toEqual([]);
        }

        const counts = await pool.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM service_request GROUP BY 1 ORDER BY 1`);
        const events = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM request_event`);
        console.log(
          [
            `two instances on one database (seed ${SEED}, ${WORKERS} at a time):`,
            `  ${OPERATIONS} operations in ${(opsMs / 1000).toFixed(1)} s, ${byInstance[0]} through A and ${byInstance[1]} through B;`,
            `  by kind and outcome: ${JSON.stringify(outcomes)};`,
            `  requests ${known.length} by status ${JSON.stringify(Object.fromEntries(counts.rows.map((r) => [r.status, r.n])))}; events ${events.rows[0].n};`,
            `  invariants (tree, status = last event, versions, assignees, no duplicate keys): no violations;`,
            `  escalation: ${due.length} deadlines made to pass, ${escalatable.length} escalatable; 4 concurrent scans (2 per instance) escalated ` +
              `${scans.map((s) => s.escalated).join(' + ')} = ${escalatedByScans}, each exactly once; ${due.length - escalatable.length} at a street committee marked handled; a further scan on each: ${again.map((s) => s.escalated).join(', ')};`,
            `  ${liveLine}.`,
          ].join('\n'),
        );
      } finally {
        await pool.end();
      }
    },
    300_000,
  );
});

// ---- serviceRequestChanged on both instances ----

interface Live {
  inboxes: Set<string>[];
  errors: string[];
  close(): Promise<void>;
}

async function openLive(urls: string[], token: string, servers: RunningServer[]): Promise<Live | undefined> {
  const schema = await must<{ __type: { fields: { name: string }[] } | null }>(urls[0], `{ __type(name: "Subscription") { fields { name } } }`, {}, token);
  if (!schema.__type?.fields.some((f) => f.name === 'serviceRequestChanged')) {
    console.log('two instances: serviceRequestChanged is not in the schema; skipping the live-update part');
    return undefined;
  }
  let createClient: typeof import('graphql-ws').createClient;
  let WebSocket: unknown;
  try {
    ({ createClient } = await import('graphql-ws'));
    WebSocket = (await import('ws')).default;
  } catch {
    console.log('two instances: graphql-ws or ws is not installed; skipping the live-update part');
    return undefined;
  }
  const errors: string[] = [];
  const inboxes = urls.map(() => new Set<string>());
  const clients = await Promise.all(
    urls.map(async (url, i) => {
      const feed = servers[i].app.get(RequestChangeFeed);
      const before = feed.startedSubscriptions;
      const client = createClient({
        url: `${url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      client.subscribe<{ serviceRequestChanged: { requestId: string; event: { id: string } } }>(
        { query: `subscription { serviceRequestChanged { requestId event { id type } } }` },
        {
          next: (value) => {
            if (value.errors) errors.push(JSON.stringify(value.errors));
            const id = value.data?.serviceRequestChanged.event.id;
            if (id) inboxes[i].add(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);
          },
          error: (error) => errors.push(String((error as Error)?.message ?? JSON.stringify(error))),
          complete: () => undefined,
        },
      );
      const deadline = Date.now() + 30_000;
      while (feed.startedSubscriptions === before && Date.now() < deadline) await sleep(50);
      if (feed.startedSubscriptions === before) throw new Error(`the subscription on instance ${i} did not start`);
      return client;
    }),
  );
  return {
    inboxes,
    errors,
    close: async () => {
      await Promise.all(clients.map((c) => c.dispose()));
    },
  };
}
