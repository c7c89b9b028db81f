import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../src/common/graphql/global-id.js';
import { loadConfig } from '../../../src/config/app-config.js';
import { RequestChangeFeed } from '../../../src/modules/requests/live/request-change.feed.js';
import { RequestChangeListener } from '../../../src/modules/requests/live/request-change.listener.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { postGraphQL, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * serviceRequestChanged over WebSocket (graphql-ws): authentication by connection_init,
 * the LISTEN/NOTIFY fan-out between instances, and who gets which change.
 */

let server: TestServer;
let a: Street;
let b: Street;
let responderMember: string;
let responder: { token: string; id: string };
let adminA: { token: string; id: string };
let adminB: { token: string; id: string };
let courtyardSecretary: { token: string; id: string };
let reporter: { token: string; id: string };
let stranger: { token: string; id: string };

const REQUEST = `id number status unit { code } assignee { id name } reporter { id } events { type }`;
const CHANGES = `subscription($unitId: ID) {
  serviceRequestChanged(unitId: $unitId) {
    requestId
    event { id type fromStatus toStatus unit { code } assignee { name } actor { username } }
    request { ${REQUEST} }
  }
}`;
const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${REQUEST} } }`;
const act = (name: string) => `mutation($i: RequestActionInput!) { ${name}(input: $i) { ${REQUEST} } }`;

beforeAll(async () => {
  server = await startTestServer();
  a = await buildStreet(server, 'WA', 30, 110);
  b = await buildStreet(server, 'WB', 32, 110);
  responderMember = await createMember(server, a.courtyard, { name: '赵师傅', responder: true, skills: ['STREET_LIGHT'] });
  responder = await createAccount(server, { username: 'live-responder', role: 'RESPONDER', memberId: responderMember });
  adminA = await createAccount(server, { username: 'live-admin-a', role: 'STREET_ADMIN', scopeUnitId: a.street });
  adminB = await createAccount(server, { username: 'live-admin-b', role: 'STREET_ADMIN', scopeUnitId: b.street });
  courtyardSecretary = await createAccount(server, { username: 'live-secretary', role: 'SECRETARY', scopeUnitId: a.courtyard });
  reporter = await registerResident(server, 'live-reporter');
  stranger = await registerResident(server, 'live-stranger');
});

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  // Closing the sockets ends every subscription on the server: nothing is left behind.
  await until(() => feedOf(server).activeSubscriptions === 0, 'the subscriptions to end');
});
afterAll(async () => {
  await server?.stop();
});

// ---- helpers ---------------------------------------------------------------------------

function connect(baseUrl: string, token: string | null, extraParams: Record<string, unknown> = {}): Client {
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}`, ...extraParams } : extraParams,
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(client);
  return client;
}

/** Everything one subscription receives, with a wait-for-the-next-one. */
class Inbox {
  readonly received: any[] = [];
  error: unknown;
  completed = false;
  private taken = 0;
  private wake?: () => void;

  push(value: any) {
    this.received.push(value);
    this.wake?.();
  }

  fail(error: unknown) {
    this.error = error;
    this.wake?.();
  }

  /** The next message not taken yet; fails after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    while (this.taken >= this.received.length) {
      if (this.error) throw new Error(`subscription failed: ${JSON.stringify(this.error)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms (${this.received.length} received)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.received[this.taken++];
  }

  /** Waits for the subscription to fail; returns the error. */
  async failure(timeoutMs = 5000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (this.error === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the subscription did not fail within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.error;
  }
}

function feedOf(running: RunningServer): RequestChangeFeed {
  return running.app.get(RequestChangeFeed);
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Subscribes and waits until the server has registered the subscription (the protocol has
 * no "subscribed" acknowledgement), so that no change made afterwards can be missed.
 */
async function subscribe(client: Client, variables: Record<string, unknown> = {}, running: RunningServer = server): Promise<Inbox> {
  const inbox = new Inbox();
  const before = feedOf(running).startedSubscriptions;
  client.subscribe(
    { query: CHANGES, variables },
    {
      next: (value) => (value.errors ? inbox.fail(value.errors) : inbox.push(value.data!.serviceRequestChanged)),
      error: (error) => inbox.fail(error),
      complete: () => (inbox.completed = true),
    },
  );
  await until(() => feedOf(running).startedSubscriptions > before || inbox.error !== undefined, 'the subscription to start');
  if (inbox.error !== undefined) throw new Error(`subscription refused: ${JSON.stringify(inbox.error)}`);
  return inbox;
}

async function must(query: string, variables: Record<string, unknown>, token: string, baseUrl = server.url): Promise<any> {
  const res = await postGraphQL<any>(baseUrl, query, variables, token);
  if (!res.body.data || res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  return Object.values(res.body.data)[0];
}

const submitToCourtyard = (token: string, description: string, baseUrl = server.url) =>
  must(SUBMIT, { i: { categoryCode: 'STREET_LIGHT', description, courtyardId: a.courtyard } }, token, baseUrl);

/** Nothing more arrives for `inboxes` within a bounded time after `control` got its message. */
async function expectQuiet(inboxes: Inbox[], counts: number[], ms = 1000): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  expect(inboxes.map((i) => i.received.length)).toEqual(counts);
  for (const inbox of inboxes) expect(inbox.error).toBeUndefined();
}

// ---- the tests -------------------------------------------------------------------------

describe('serviceRequestChanged', () => {
  it('pushes a submission in the subtree (assigned) and the next change, with the request and its event', async () => {
    const inbox = await subscribe(connect(server.url, adminA.token), { unitId: a.branch });
    const submitted = await submitToCourtyard(reporter.token, '路灯不亮');
    expect(submitted.status).toBe('ASSIGNED');

    const first = await inbox.next();
    expect(first.requestId).toBe(submitted.id);
    expect(first.event).toMatchObject({
      type: 'ASSIGNED',
      fromStatus: 'PENDING_DISPATCH',
      toStatus: 'ASSIGNED',
      unit: { code: 'WA-01-01-01' },
      assignee: { name: '赵师傅' },
    });
    expect(first.request).toMatchObject({
      id: submitted.id,
      number: submitted.number,
      status: 'ASSIGNED',
      unit: { code: 'WA-01-01-01' },
      assignee: { id: responderMember },
      reporter: { id: reporter.id },
      events: [{ type: 'SUBMITTED' }, { type: 'ASSIGNED' }],
    });

    await must(act('acceptServiceRequest'), { i: { requestId: submitted.id } }, responder.token);
    const second = await inbox.next();
    expect(second.requestId).toBe(submitted.id);
    expect(second.event).toMatchObject({ type: 'ACCEPTED', fromStatus: 'ASSIGNED', toStatus: 'IN_PROGRESS', actor: { username: 'live-responder' } });
    expect(second.request.status).toBe('IN_PROGRESS');
    expect(second.request.events.map((e: any) => e.type)).toEqual(['SUBMITTED', 'ASSIGNED', 'ACCEPTED']);
    expect(second.event.id).not.toBe(first.event.id);
  });

  it('delivers a change made through another instance on the same database', async () => {
    const logStream = new Writable({ write: (_chunk, _encoding, done) => done() });
    const config = loadConfig({
      DATABASE_URL: server.db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-test-secret-test-secret',
      ADMIN_PASSWORD: 'admin-password-1',
    });
    const other = await startServer({ config, logStream, host: config.HOST });
    try {
      expect(other.app.get(RequestChangeListener).listening).toBe(true);
      const inbox = await subscribe(connect(server.url, server.adminToken));
      const made = await submitToCourtyard(reporter.token, '经由另一实例提交', other.url);
      const change = await inbox.next();
      expect(change.requestId).toBe(made.id);
      expect(change.request.number).toBe(made.number);

      // And the other way round: a subscriber on the second instance, a change on the first.
      const there = await subscribe(connect(other.url, server.adminToken), {}, other);
      await must(act('acceptServiceRequest'), { i: { requestId: made.id } }, responder.token);
      expect((await there.next()).event.type).toBe('ACCEPTED');
      expect((await inbox.next()).event.type).toBe('ACCEPTED');
    } finally {
      await other.close();
    }
  });

  it("keeps changes from another street's admin and an unrelated resident, with or without unitId", async () => {
    const control = await subscribe(connect(server.url, adminA.token));
    const otherAdmin = await subscribe(connect(server.url, adminB.token));
    const otherAdminOnA = await subscribe(connect(server.url, adminB.token), { unitId: a.street });
    const otherResident = await subscribe(connect(server.url, stranger.token));
    const otherSubtree = await subscribe(connect(server.url, server.adminToken), { unitId: b.street });

    const r = await submitToCourtyard(reporter.token, '隔离测试');
    expect((await control.next()).requestId).toBe(r.id);
    await must(act('acceptServiceRequest'), { i: { requestId: r.id } }, responder.token);
    expect((await control.next()).event.type).toBe('ACCEPTED');

    await expectQuiet([otherAdmin, otherAdminOnA, otherResident, otherSubtree], [0, 0, 0, 0]);
  });

  it("shows a resident their own request's changes", async () => {
    const inbox = await subscribe(connect(server.url, reporter.token));
    const r = await submitToCourtyard(reporter.token, '我的报修');
    const first = await inbox.next();
    expect(first.requestId).toBe(r.id);
    expect(first.request.reporter.id).toBe(reporter.id);
    await must(act('acceptServiceRequest'), { i: { requestId: r.id } }, responder.token);
    const second = await inbox.next();
    expect(second.event.type).toBe('ACCEPTED');
    expect(second.request.status).toBe('IN_PROGRESS');
  });

  it("reaches a follower's subscription too, as a follower reads it (no actor, no reporter), until they unfollow", async () => {
    // With a place: similarServiceRequests could show it, so it may be followed.
    const r = await must(SUBMIT, { i: { categoryCode: 'STREET_LIGHT', description: '路灯闪烁', courtyardId: a.courtyard, location: a.inCourtyard } }, reporter.token);
    const follow = `mutation($i: FollowServiceRequestInput!) { followServiceRequest(input: $i) { id } }`;
    await must(follow, { i: { requestId: r.id } }, stranger.token);
    const inbox = await subscribe(connect(server.url, stranger.token));
    const control = await subscribe(connect(server.url, server.adminToken));
    await must(act('acceptServiceRequest'), { i: { requestId: r.id, note: '马上到' } }, responder.token);
    const pushed = await inbox.next();
    expect(pushed.requestId).toBe(r.id);
    expect(pushed.event).toMatchObject({ type: 'ACCEPTED', actor: null });
    expect(pushed.request).toMatchObject({ id: r.id, status: 'IN_PROGRESS', reporter: null });
    await control.next();
    await must(`mutation($i: FollowServiceRequestInput!) { unfollowServiceRequest(input: $i) { id } }`, { i: { requestId: r.id } }, stranger.token);
    await must(act('resolveServiceRequest'), { i: { requestId: r.id } }, responder.token);
    expect((await control.next()).event.type).toBe('RESOLVED');
    await expectQuiet([inbox], [1]);
  });

  it('tells a secretary once, with request null, that an escalation took a request out of their subtree', async () => {
    const control = await subscribe(connect(server.url, server.adminToken));
    const secretary = await subscribe(connect(server.url, courtyardSecretary.token));
    const secretaryOnCourtyard = await subscribe(connect(server.url, courtyardSecretary.token), { unitId: a.courtyard });
    const formerAssignee = await subscribe(connect(server.url, responder.token));

    const r = await submitToCourtyard(server.adminToken, '需要上报的问题');
    for (const inbox of [control, secretary, secretaryOnCourtyard, formerAssignee]) {
      const change = await inbox.next();
      expect(change.requestId).toBe(r.id);
      expect(change.request.status).toBe('ASSIGNED');
    }

    await must(act('escalateServiceRequest'), { i: { requestId: r.id, note: '超出能力' } }, responder.token);
    expect((await control.next()).request.unit.code).toBe('WA-01-01');
    for (const inbox of [secretary, secretaryOnCourtyard, formerAssignee]) {
      const change = await inbox.next();
      expect(change.requestId).toBe(r.id);
      expect(change.event).toMatchObject({ type: 'ESCALATED', fromStatus: 'ASSIGNED', toStatus: 'PENDING_DISPATCH', unit: { code: 'WA-01-01' } });
      expect(change.request).toBeNull();
    }

    // Escalated further up: none of them could see it before, so none hears of it.
    await must(act('escalateServiceRequest'), { i: { requestId: r.id } }, server.adminToken);
    expect((await control.next()).request.unit.code).toBe('WA-01');
    await expectQuiet([secretary, secretaryOnCourtyard, formerAssignee], [2, 2, 2]);
  });

  it('refuses a connection_init without a valid token', async () => {
    for (const client of [connect(server.url, null), connect(server.url, 'not-a-token'), connect(server.url, null, { authorization: 'Basic abc' })]) {
      let connected = false;
      client.on('connected', () => (connected = true));
      const inbox = new Inbox();
      client.subscribe({ query: CHANGES }, { next: (v) => inbox.push(v), error: (e) => inbox.fail(e), complete: () => undefined });
      await inbox.failure();
      expect(connected).toBe(false);
      expect(inbox.received).toEqual([]);
    }
  });

  it('answers an unauthenticated connection_init with an error and closes, never with connection_ack', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer forged.token.here' } }));
    await closed;
    expect(messages.map((m) => m.type)).not.toContain('connection_ack');
    expect(messages).toEqual([{ type: 'connection_error', payload: { message: 'Forbidden' } }]);
  });

  it('listens again after the database drops its connection, and keeps delivering', async () => {
    const listener = server.app.get(RequestChangeListener);
    const listenPids = async (): Promise<number[]> =>
      (
        await server.dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'grid-governance-listen'`,
        )
      ).map((r: { pid: number }) => r.pid);
    const before = await listenPids();
    expect(before).toHaveLength(1);
    await server.dataSource.query(`SELECT pg_terminate_backend($1)`, [before[0]]);
    await until(() => !listener.listening, 'the listener to notice the drop');
    await until(() => listener.listening, 'the listener to reconnect', 10_000);
    const now = await listenPids();
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(before[0]);

    const inbox = await subscribe(connect(server.url, adminA.token));
    const r = await submitToCourtyard(reporter.token, '重连之后');
    expect((await inbox.next()).requestId).toBe(r.id);
  });

  it('validates subscription documents like HTTP ones: unknown fields and the depth limit', async () => {
    const client = connect(server.url, adminA.token);
    let deep = 'id';
    for (let i = 0; i < 14; i++) deep = `duplicateOf { ${deep} }`;
    for (const query of [
      `subscription { serviceRequestChanged { requestId noSuchField } }`,
      `subscription { serviceRequestChanged { request { ${deep} } } }`,
    ]) {
      const inbox = new Inbox();
      client.subscribe({ query }, { next: (v) => inbox.push(v), error: (e) => inbox.fail(e), complete: () => undefined });
      const error = (await inbox.failure()) as { extensions?: { code?: string } }[];
      expect(error[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect(feedOf(server).activeSubscriptions).toBe(0);
  });

  it('answers NOT_FOUND for a unitId that names no unit', async () => {
    const client = connect(server.url, adminA.token);
    for (const unitId of [toGlobalId('OrgUnit', '987654321'), toGlobalId('Member', '1'), 'garbage']) {
      const inbox = new Inbox();
      client.subscribe({ query: CHANGES, variables: { unitId } }, { next: (v) => inbox.push(v), error: (e) => inbox.fail(e), complete: () => undefined });
      const error = (await inbox.failure()) as { extensions?: { code?: string } }[];
      expect(Array.isArray(error)).toBe(true);
      expect(error[0].extensions?.code).toBe('NOT_FOUND');
    }
  });
});
