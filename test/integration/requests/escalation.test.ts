import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/app-config.js';
import { EscalationWorker } from '../../../src/modules/requests/escalation.worker.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Deadlines live in the database; time is simulated by moving `accept_due_at` and
 * `resolved_at` into the past with SQL. Every server here scans only when told
 * (runOnce) or once at start-up: ESCALATION_INTERVAL_MS is an hour.
 */

const QUIET = { ESCALATION_INTERVAL_MS: '3600000', RATE_LIMIT_PER_MINUTE: '100000' };

let server: TestServer;
let s: Street;
let responder: string;
let responderUser: { token: string; id: string };
let resident: { token: string; id: string };
const extra: RunningServer[] = [];

const FIELDS = `id status version escalationCount acceptDueAt unit { id } assignee { id }`;
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
const worker = (app: RunningServer) => app.app.get(EscalationWorker);

/** Another instance of the server on the test server's database. */
async function startInstance(): Promise<RunningServer> {
  const config = loadConfig({
    DATABASE_URL: server.db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-test-secret-test-secret',
    ADMIN_PASSWORD: 'admin-password-1',
    DB_POOL_SIZE: '6',
    ...QUIET,
  });
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const instance = await startServer({ config, logStream: sink, host: config.HOST });
  extra.push(instance);
  return instance;
}

async function gqlOk(query: string, variables: Record<string, unknown>, token?: string) {
  const res = await server.gql(query, variables, token);
  if (!res.body.data || res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data;
}

async function submit(input: Record<string, unknown>, token = resident.token) {
  return (await gqlOk(`mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${FIELDS} } }`, { i: input }, token))
    .submitServiceRequest;
}

async function read(id: string) {
  return (await gqlOk(`query($id: ID!) { serviceRequest(id: $id) { ${FIELDS} } }`, { id })).serviceRequest;
}

async function passDeadline(ids: string[]) {
  await server.dataSource.query(
    `UPDATE service_request SET accept_due_at = now() - interval '1 minute', held_since = now() - interval '1 day' WHERE id = ANY($1::bigint[])`,
    [ids.map(dbId)],
  );
}

async function escalatedEvents(id: string) {
  return server.dataSource.query(
    `SELECT actor_user_id, from_status, to_status, unit_id::text AS unit_id, note FROM request_event WHERE request_id = $1 AND type = 'ESCALATED' ORDER BY id`,
    [dbId(id)],
  );
}

beforeAll(async () => {
  server = await startTestServer(QUIET);
  s = await buildStreet(server, 'ES', 32, 112);
  responder = await createMember(server, s.courtyard, { name: '值班师傅', responder: true, skills: ['ROAD', 'STREET_LIGHT', 'SANITATION'] });
  responderUser = await createAccount(server, { username: 'es-responder', role: 'RESPONDER', memberId: responder });
  resident = await registerResident(server, 'es-resident');
});
afterAll(async () => {
  for (const instance of extra) await instance.close().catch(() => undefined);
  await server?.stop();
});

describe('a passed accept deadline', () => {
  it('escalates to the parent once, with an ESCALATED event and no actor; a deadline not yet passed waits', async () => {
    const due = await submit({ categoryCode: 'ROAD', description: '超时未受理', courtyardId: s.courtyard });
    const notDue = await submit({ categoryCode: 'ROAD', description: '还没到期', courtyardId: s.courtyard });
    expect(due.status).toBe('ASSIGNED');
    await passDeadline([due.id]);
    const first = await worker(server).runOnce();
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const after = await read(due.id);
    expect([after.status, after.unit.id, after.assignee, after.escalationCount, after.version]).toEqual(['PENDING_DISPATCH', s.branch, null, 1, due.version + 1]);
    // The new holder gets a fresh deadline, from now.
    expect(new Date(after.acceptDueAt).getTime()).toBeGreaterThan(Date.now());
    const events = await escalatedEvents(due.id);
    expect(events).toEqual([
      { actor_user_id: null, from_status: 'ASSIGNED', to_status: 'PENDING_DISPATCH', unit_id: dbId(s.branch), note: expect.stringMatching(/automatic/i) },
    ]);
    // Again: nothing more is due.
    await worker(server).runOnce();
    expect(await escalatedEvents(due.id)).toHaveLength(1);
    expect(await read(notDue.id)).toEqual(notDue);
  });

  it('at a street committee it stays, counts as overdue, and never escalates twice', async () => {
    const r = await submit({ categoryCode: 'OTHER', description: '总支待派', unitId: s.general }, server.adminToken);
    expect(r.unit.id).toBe(s.general);
    await passDeadline([r.id]);
    await worker(server).runOnce();
    const atStreet = await read(r.id);
    expect([atStreet.status, atStreet.unit.id, atStreet.escalationCount]).toEqual(['PENDING_DISPATCH', s.street, 1]);
    const overdue = `query($u: ID!, $o: Boolean!) { serviceRequests(filter: { unitId: $u, overdue: $o }, first: 100) { nodes { id } } }`;
    const listed = async (o: boolean) => (await gqlOk(overdue, { u: s.street, o })).serviceRequests.nodes.map((n: any) => n.id);
    expect(await listed(true)).not.toContain(r.id);

    // The street's own deadline passes: nowhere to go.
    await passDeadline([r.id]);
    for (let i = 0; i < 3; i++) await worker(server).runOnce();
    const stays = await read(r.id);
    expect([stays.status, stays.unit.id, stays.escalationCount]).toEqual(['PENDING_DISPATCH', s.street, 1]);
    expect(await escalatedEvents(r.id)).toHaveLength(1);
    expect(await listed(true)).toContain(r.id);
    expect(await listed(false)).not.toContain(r.id);
    // A manual escalation is refused there too.
    const refused = await server.gql(`mutation($i: RequestActionInput!) { escalateServiceRequest(input: $i) { id } }`, { i: { requestId: r.id } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // Dispatching it down starts a new deadline, which escalates again when it passes.
    await gqlOk(`mutation($i: DispatchServiceRequestInput!) { dispatchServiceRequest(input: $i) { id } }`, { i: { requestId: r.id, toUnitId: s.general } });
    await passDeadline([r.id]);
    await worker(server).runOnce();
    expect((await read(r.id)).unit.id).toBe(s.street);
    expect(await escalatedEvents(r.id)).toHaveLength(2);
  });
});

describe('several instances on one database', () => {
  it('two instances scanning concurrently, many times, escalate each passed deadline exactly once', async () => {
    const second = await startInstance();
    const ids: string[] = [];
    for (let chunk = 0; chunk < 13; chunk++) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          submit({ categoryCode: 'STREET_LIGHT', description: `批量 ${chunk}-${i}`, courtyardId: s.courtyard }),
        ),
      );
      ids.push(...batch.map((r) => r.id));
    }
    // 130 due requests: more than one batch (100) of the worker.
    await passDeadline(ids);
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => worker(i % 2 ? second : server).runOnce()),
    );
    const total = runs.reduce((sum, r) => sum + r.escalated, 0);
    const counts = await server.dataSource.query(
      `SELECT r.id::text AS id, count(e.id)::int AS n FROM service_request r
         LEFT JOIN request_event e ON e.request_id = r.id AND e.type = 'ESCALATED'
        WHERE r.id = ANY($1::bigint[]) GROUP BY r.id`,
      [ids.map(dbId)],
    );
    console.log(`escalations per scan: ${runs.map((r) => r.escalated).join(', ')} (total ${total})`);
    expect(counts).toHaveLength(130);
    expect(counts.filter((c: any) => c.n !== 1)).toEqual([]);
    expect(total).toBe(130);
    const [{ wrong }] = await server.dataSource.query(
      `SELECT count(*)::int AS wrong FROM service_request WHERE id = ANY($1::bigint[]) AND (unit_id <> $2 OR escalation_count <> 1 OR status <> 'PENDING_DISPATCH')`,
      [ids.map(dbId), dbId(s.branch)],
    );
    expect(wrong).toBe(0);
    await second.close();
  }, 300_000); // many concurrent scans by two instances: more than the default minute on a loaded machine

  it('a deadline that passes while no instance runs is escalated exactly once by the first scan at start-up', async () => {
    const before = await startInstance();
    const r = await submit({ categoryCode: 'ROAD', description: '停机期间到期', courtyardId: s.courtyard });
    await before.close(); // its worker never saw this deadline pass
    await passDeadline([r.id]);
    const after = await startInstance();
    const deadline = Date.now() + 10_000;
    let events = await escalatedEvents(r.id);
    while (events.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = await escalatedEvents(r.id);
    }
    expect(events).toHaveLength(1);
    expect(events[0].actor_user_id).toBeNull();
    // Later scans, on either instance, find nothing more to do for it.
    await Promise.all([worker(after).runOnce(), worker(server).runOnce(), worker(after).runOnce()]);
    expect(await escalatedEvents(r.id)).toHaveLength(1);
    expect((await read(r.id)).unit.id).toBe(s.branch);
    await after.close();
  });
});

describe('automatic closing', () => {
  async function resolved(description: string) {
    const r = await submit({ categoryCode: 'SANITATION', description, courtyardId: s.courtyard });
    const act = (name: string) =>
      server.gql(`mutation($i: RequestActionInput!) { ${name}(input: $i) { id status } }`, { i: { requestId: r.id } }, responderUser.token);
    await act('acceptServiceRequest');
    expect((await act('resolveServiceRequest')).body.data.resolveServiceRequest.status).toBe('RESOLVED');
    return r;
  }

  it(`closes a RESOLVED request nobody verified within AUTO_CLOSE_AFTER_HOURS, with a note; a younger one stays`, async () => {
    const old = await resolved('早已处理');
    const young = await resolved('刚处理');
    await server.dataSource.query(`UPDATE service_request SET resolved_at = now() - interval '73 hours' WHERE id = $1`, [dbId(old.id)]);
    await server.dataSource.query(`UPDATE service_request SET resolved_at = now() - interval '71 hours' WHERE id = $1`, [dbId(young.id)]);
    const done = await worker(server).runOnce();
    expect(done.closed).toBe(1);
    expect((await read(old.id)).status).toBe('CLOSED');
    expect((await read(young.id)).status).toBe('RESOLVED');
    const [event] = await server.dataSource.query(
      `SELECT actor_user_id, from_status, to_status, note FROM request_event WHERE request_id = $1 AND type = 'CLOSED'`,
      [dbId(old.id)],
    );
    expect(event).toEqual({ actor_user_id: null, from_status: 'RESOLVED', to_status: 'CLOSED', note: expect.stringContaining('72 hours') });
    const [{ closed_at }] = await server.dataSource.query(`SELECT closed_at FROM service_request WHERE id = $1`, [dbId(old.id)]);
    expect(closed_at).not.toBeNull();
    expect((await worker(server).runOnce()).closed).toBe(0);
  });
});

describe('a member who stops responding', () => {
  it.each([
    ['is deactivated', { active: false }],
    ['is no longer a responder', { responder: false }],
  ])('hands their ASSIGNED and IN_PROGRESS requests back up at once when the member %s', async (label, change) => {
    const m = await createMember(server, s.courtyard, { name: `离岗 ${label}`, responder: true, skills: [] });
    const user = await createAccount(server, { username: `es-leaver-${label.replace(/\W/g, '')}`, role: 'RESPONDER', memberId: m });
    const assign = (id: string) =>
      gqlOk(`mutation($i: AssignServiceRequestInput!) { assignServiceRequest(input: $i) { id version } }`, { i: { requestId: id, responderId: m } });
    const act = (name: string, id: string) => gqlOk(`mutation($i: RequestActionInput!) { ${name}(input: $i) { id } }`, { i: { requestId: id } }, user.token);
    const make = async (n: string) => (await submit({ categoryCode: 'OTHER', description: n, unitId: s.branch }, server.adminToken)).id;
    const assigned = [await make('已指派1'), await make('已指派2')];
    for (const id of assigned) await assign(id);
    const inProgress = await make('处理中');
    await assign(inProgress);
    await act('acceptServiceRequest', inProgress);
    const done = await make('已处理');
    await assign(done);
    await act('acceptServiceRequest', done);
    await act('resolveServiceRequest', done);
    const before = await Promise.all([...assigned, inProgress].map(read));

    await gqlOk(`mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id } }`, { i: { id: m, ...change } });

    for (const [i, id] of [...assigned, inProgress].entries()) {
      const after = await read(id);
      expect([after.status, after.unit.id, after.assignee, after.escalationCount, after.version]).toEqual([
        'PENDING_DISPATCH',
        s.branch,
        null,
        before[i].escalationCount + 1,
        before[i].version + 1,
      ]);
      const events = await escalatedEvents(id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ from_status: i < 2 ? 'ASSIGNED' : 'IN_PROGRESS', to_status: 'PENDING_DISPATCH', unit_id: dbId(s.branch) });
    }
    expect((await read(done)).status).toBe('RESOLVED');
    const count = await gqlOk(`query($id: ID!) { node(id: $id) { ... on Member { openAssignmentCount } } }`, { id: m });
    expect(count.node.openAssignmentCount).toBe(0);
  });
});
