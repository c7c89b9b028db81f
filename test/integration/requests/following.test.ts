import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Following (README "Duplicates"): a signed-in user follows any request similarServiceRequests
 * could show them; they then read it as its reporter does without reporter, address, event
 * notes and actors; they may not close, reopen or cancel it; followedByMe finds it; twice is
 * harmless; after unfollowing it is out of their sight again.
 */

let server: TestServer;
let s: Street;
let reporter: { token: string; id: string };
let follower: { token: string; id: string };
let stranger: { token: string; id: string };
let secretary: { token: string; id: string };

const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id version } }`;
const FOLLOW = `mutation($i: FollowServiceRequestInput!) { followServiceRequest(input: $i) { id status followerCount } }`;
const UNFOLLOW = `mutation($i: FollowServiceRequestInput!) { unfollowServiceRequest(input: $i) { id } }`;
const READ = `query($id: ID!) { serviceRequest(id: $id) { id description address status reporter { id } followerCount
  events { type note actor { id } } } }`;
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function submit(input: Record<string, unknown>, token = reporter.token): Promise<{ id: string; version: number }> {
  const res = await server.gql(SUBMIT, { i: { categoryCode: 'STREET_LIGHT', description: '3号楼门口路灯不亮', courtyardId: s.courtyard, location: s.inCourtyard, ...input } }, token);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.submitServiceRequest;
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000', ESCALATION_INTERVAL_MS: '3600000' });
  s = await buildStreet(server, 'FO', 38, 114);
  reporter = await registerResident(server, 'fo-reporter');
  follower = await registerResident(server, 'fo-follower');
  stranger = await registerResident(server, 'fo-stranger');
  secretary = await createAccount(server, { username: 'fo-secretary', role: 'SECRETARY', scopeUnitId: s.branch });
});
afterAll(async () => {
  await server?.stop();
});

describe('following a request', () => {
  it('lets the follower read it as the reporter does, without reporter, address, event notes and actors', async () => {
    const r = await submit({ address: '3号楼东侧' });
    await server.gql(`mutation($i: RequestActionInput!) { escalateServiceRequest(input: $i) { status } }`, { i: { requestId: r.id, note: '请街道协调' } }, secretary.token);
    expect((await server.gql(READ, { id: r.id }, follower.token)).body.data.serviceRequest).toBeNull();
    const followed = await server.gql(FOLLOW, { i: { requestId: r.id } }, follower.token);
    expect(followed.body.data.followServiceRequest).toEqual({ id: r.id, status: 'PENDING_DISPATCH', followerCount: 1 });
    const seen = (await server.gql(READ, { id: r.id }, follower.token)).body.data.serviceRequest;
    expect(seen).toMatchObject({ id: r.id, description: '3号楼门口路灯不亮', address: null, reporter: null, followerCount: 1 });
    expect(seen.events.map((e: any) => e.type)).toEqual(['SUBMITTED', 'ROUTED', 'ESCALATED']);
    expect(seen.events.every((e: any) => e.note === null && e.actor === null)).toBe(true);
    // The reporter still sees it all.
    const own = (await server.gql(READ, { id: r.id }, reporter.token)).body.data.serviceRequest;
    expect(own).toMatchObject({ address: '3号楼东侧', reporter: { id: reporter.id } });
    expect(own.events[2]).toMatchObject({ type: 'ESCALATED', note: '请街道协调', actor: null });
    // By node and by number too.
    const node = await server.gql(`query($id: ID!) { node(id: $id) { ... on ServiceRequest { address } } }`, { id: r.id }, follower.token);
    expect(node.body.data.node).toEqual({ address: null });
  });

  it('gives the follower no right to close, reopen, cancel or accept (FORBIDDEN), strangers NOT_FOUND', async () => {
    const r = await submit({});
    await server.gql(FOLLOW, { i: { requestId: r.id } }, follower.token);
    const cancel = `mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { id } }`;
    expect(errorCode(await server.gql(cancel, { i: { requestId: r.id, reason: 'dup' } }, follower.token))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(cancel, { i: { requestId: r.id, reason: 'dup' } }, stranger.token))).toBe('NOT_FOUND');
    for (const action of ['reopenServiceRequest', 'acceptServiceRequest', 'resolveServiceRequest']) {
      const res = await server.gql(`mutation($i: RequestActionInput!) { ${action}(input: $i) { id } }`, { i: { requestId: r.id } }, follower.token);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    const close = await server.gql(`mutation($i: CloseServiceRequestInput!) { closeServiceRequest(input: $i) { id } }`, { i: { requestId: r.id } }, follower.token);
    expect(errorCode(close)).toBe('FORBIDDEN');
    const [row] = await server.dataSource.query(`SELECT status FROM service_request WHERE id = $1`, [dbId(r.id)]);
    expect(row.status).toBe('PENDING_DISPATCH');
  });

  it('followedByMe finds what the caller follows with their own; false leaves both out', async () => {
    const followed = await submit({});
    await server.gql(FOLLOW, { i: { requestId: followed.id } }, stranger.token);
    const mine = await submit({}, stranger.token);
    const list = `query($f: ServiceRequestFilter) { serviceRequests(filter: $f, first: 100) { totalCount nodes { id } } }`;
    const on = (await server.gql(list, { f: { followedByMe: true } }, stranger.token)).body.data.serviceRequests;
    expect(on.nodes.map((n: { id: string }) => n.id).sort()).toEqual([followed.id, mine.id].sort());
    expect(on.totalCount).toBe(2);
    const all = (await server.gql(list, {}, stranger.token)).body.data.serviceRequests.nodes.map((n: { id: string }) => n.id);
    expect(all).toEqual(expect.arrayContaining([followed.id, mine.id]));
    const staff = (await server.gql(list, { f: { followedByMe: false } }, secretary.token)).body.data.serviceRequests.nodes.map((n: { id: string }) => n.id);
    expect(staff).toContain(followed.id);
    const off = (await server.gql(list, { f: { followedByMe: false } }, stranger.token)).body.data.serviceRequests;
    expect(off.totalCount).toBe(0);
  });

  it('twice is harmless, also at once from many connections; followerCount counts each user once', async () => {
    const r = await submit({});
    const another = await registerResident(server, 'fo-another');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => server.gql(FOLLOW, { i: { requestId: r.id } }, i % 2 ? follower.token : another.token)));
    expect(results.map(errorCode)).toEqual(Array(8).fill(undefined));
    await server.gql(FOLLOW, { i: { requestId: r.id } }, follower.token);
    // The reporter following their own request is no follower "besides the reporter".
    await server.gql(FOLLOW, { i: { requestId: r.id } }, reporter.token);
    expect((await server.gql(READ, { id: r.id }, reporter.token)).body.data.serviceRequest.followerCount).toBe(2);
    const [count] = await server.dataSource.query(`SELECT count(*)::int AS n FROM request_follower WHERE request_id = $1`, [dbId(r.id)]);
    expect(count.n).toBe(3);
  });

  it('after unfollowing, the request is out of sight again (a second unfollow is NOT_FOUND)', async () => {
    const r = await submit({ address: '5号楼' });
    await server.gql(FOLLOW, { i: { requestId: r.id } }, follower.token);
    // The result is still the follower's view: no address, no notes.
    const res = await server.gql(
      `mutation($i: FollowServiceRequestInput!) { unfollowServiceRequest(input: $i) { id address events { note } } }`,
      { i: { requestId: r.id } },
      follower.token,
    );
    expect(res.body.data.unfollowServiceRequest).toEqual({ id: r.id, address: null, events: [{ note: null }, { note: null }] });
    expect((await server.gql(READ, { id: r.id }, follower.token)).body.data.serviceRequest).toBeNull();
    expect(errorCode(await server.gql(UNFOLLOW, { i: { requestId: r.id } }, follower.token))).toBe('NOT_FOUND');
    // The reporter unfollowing what they reported changes nothing for them.
    const own = await server.gql(`mutation($i: FollowServiceRequestInput!) { unfollowServiceRequest(input: $i) { id address } }`, { i: { requestId: r.id } }, reporter.token);
    expect(own.body.data.unfollowServiceRequest).toEqual({ id: r.id, address: '5号楼' });
  });

  it('only what similarServiceRequests could show: closed over 30 days ago, cancelled, or of a radius-0 category is NOT_FOUND, also for who sees it (the README says so)', async () => {
    const old = await submit({});
    await server.dataSource.query(
      `UPDATE service_request SET status = 'CLOSED', accept_due_at = NULL, resolved_at = now() - interval '40 days', closed_at = now() - interval '31 days' WHERE id = $1`,
      [dbId(old.id)],
    );
    expect(errorCode(await server.gql(FOLLOW, { i: { requestId: old.id } }, stranger.token))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(FOLLOW, { i: { requestId: old.id } }, reporter.token))).toBe('NOT_FOUND');
    const recent = await submit({});
    await server.dataSource.query(
      `UPDATE service_request SET status = 'CLOSED', accept_due_at = NULL, resolved_at = now() - interval '40 days', closed_at = now() - interval '29 days' WHERE id = $1`,
      [dbId(recent.id)],
    );
    expect(errorCode(await server.gql(FOLLOW, { i: { requestId: recent.id } }, stranger.token))).toBeUndefined();
    const cancelled = await submit({});
    await server.gql(`mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { id } }`, { i: { requestId: cancelled.id, reason: 'x' } }, reporter.token);
    expect(errorCode(await server.gql(FOLLOW, { i: { requestId: cancelled.id } }, stranger.token))).toBe('NOT_FOUND');
    await server.gql(`mutation($i: UpsertServiceCategoryInput!) { upsertServiceCategory(input: $i) { code } }`, {
      i: { code: 'FO_NEVER', name: '不提示重复', acceptWithinMinutes: 60, resolveWithinHours: 48, duplicateRadiusMeters: 0 },
    });
    const never = await submit({ categoryCode: 'FO_NEVER' });
    expect(errorCode(await server.gql(FOLLOW, { i: { requestId: never.id } }, stranger.token))).toBe('NOT_FOUND');
    const missing = Buffer.from('ServiceRequest:987654321').toString('base64url');
    expect(errorCode(await server.gql(FOLLOW, { i: { requestId: missing } }, stranger.token))).toBe('NOT_FOUND');
  });
});
