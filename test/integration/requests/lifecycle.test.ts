import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

let server: TestServer;
let a: Street;
let responderA: string;
let responderB: string;
let resident: { token: string; id: string };
let responderToken: string;
let secretaryToken: string;

const FIELDS = `id number status version escalationCount reworkCount rating acceptDueAt resolveDueAt
  unit { code } courtyard { code } assignee { id name } reporter { id }
  events { type fromStatus toStatus unit { code } assignee { name } note }`;
const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${FIELDS} } }`;
const act = (name: string, inputType: string) =>
  `mutation($i: ${inputType}!) { ${name}(input: $i) { ${FIELDS} } }`;

beforeAll(async () => {
  server = await startTestServer();
  a = await buildStreet(server, 'LA', 34, 113);
  responderA = await createMember(server, a.courtyard, { name: '张师傅', responder: true, skills: ['STREET_LIGHT', 'ROAD'] });
  responderB = await createMember(server, a.courtyard, { name: '李师傅', responder: true, skills: ['STREET_LIGHT'] });
  await createMember(server, a.courtyard, { name: '王大妈', responder: false });
  resident = await registerResident(server, 'resident-la');
  responderToken = (await createAccount(server, { username: 'responder-zhang', role: 'RESPONDER', memberId: responderA })).token;
  secretaryToken = (await createAccount(server, { username: 'secretary-la', role: 'SECRETARY', scopeUnitId: a.branch })).token;
});
afterAll(async () => {
  await server?.stop();
});

async function submit(input: Record<string, unknown>, token = resident.token) {
  const res = await server.gql(SUBMIT, { i: input }, token);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.submitServiceRequest;
}

describe('intake and routing', () => {
  it('routes a location inside a courtyard to the skilled responder with the fewest open assignments', async () => {
    const first = await submit({ categoryCode: 'STREET_LIGHT', description: '3号楼门口路灯不亮', location: a.inCourtyard });
    expect(first.status).toBe('ASSIGNED');
    expect(first.courtyard.code).toBe('LA-01-01-01');
    expect(first.number).toMatch(/^SR-\d{8}-\d{6}$/);
    expect(first.events.map((e: any) => e.type)).toEqual(['SUBMITTED', 'ASSIGNED']);
    // Both have no open assignment: the one never assigned before with the smaller id first.
    expect(first.assignee.id).toBe(responderA);
    const second = await submit({ categoryCode: 'STREET_LIGHT', description: '5号楼路灯闪烁', location: a.inCourtyard });
    expect(second.assignee.id).toBe(responderB);
    // Only 张师傅 has the ROAD skill.
    const road = await submit({ categoryCode: 'ROAD', description: '路面塌陷', courtyardId: a.courtyard });
    expect(road.assignee.id).toBe(responderA);
    expect(road.acceptDueAt).not.toBeNull();
  });

  it('waits at the branch when nobody in the courtyard fits', async () => {
    const r = await submit({ categoryCode: 'WATER_DRAIN', description: '下水道堵塞', location: a.inCourtyard });
    expect(r.status).toBe('PENDING_DISPATCH');
    expect(r.unit.code).toBe('LA-01-01');
    expect(r.courtyard.code).toBe('LA-01-01-01');
    expect(r.assignee).toBeNull();
    expect(r.events.map((e: any) => e.type)).toEqual(['SUBMITTED', 'ROUTED']);
  });

  it('holds a location in no courtyard at the deepest unit that contains it', async () => {
    const r = await submit({ categoryCode: 'OTHER', description: '无人管的空地', location: a.inBranchOnly });
    expect(r.status).toBe('PENDING_DISPATCH');
    expect(r.unit.code).toBe('LA-01-01');
    expect(r.courtyard).toBeNull();
  });

  it('refuses a location that no unit contains, and a resident with neither courtyard nor location', async () => {
    const outside = await server.gql(SUBMIT, { i: { categoryCode: 'OTHER', description: 'x', location: { lat: -10, lng: 10 } } }, resident.token);
    expect(errorCode(outside)).toBe('BAD_USER_INPUT');
    expect(outside.body.errors![0].extensions!.field).toBe('location');
    const nothing = await server.gql(SUBMIT, { i: { categoryCode: 'OTHER', description: 'x' } }, resident.token);
    expect(errorCode(nothing)).toBe('BAD_USER_INPUT');
  });

  it('lets staff hold a hotline call at their own unit, and refuses unitId from a resident', async () => {
    const r = await submit({ categoryCode: 'OTHER', description: '热线来电' }, secretaryToken);
    expect(r.status).toBe('PENDING_DISPATCH');
    expect(r.unit.code).toBe('LA-01-01');
    const refused = await server.gql(SUBMIT, { i: { categoryCode: 'OTHER', description: 'x', unitId: a.branch } }, resident.token);
    expect(errorCode(refused)).toBe('FORBIDDEN');
  });

  it('gives the first request back for the same idempotency key, CONFLICT for other content', async () => {
    const input = { categoryCode: 'SANITATION', description: '垃圾未清运', courtyardId: a.courtyard, idempotencyKey: 'k-1' };
    const first = await submit(input);
    const again = await submit(input);
    expect(again.id).toBe(first.id);
    const other = await server.gql(SUBMIT, { i: { ...input, description: '另一件事' } }, resident.token);
    expect(errorCode(other)).toBe('CONFLICT');
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM service_request WHERE idempotency_key = 'k-1'`);
    expect(n).toBe(1);
  });
});

describe('the lifecycle', () => {
  it('goes submit → accept → resolve → close with a rating, each with its event and a new version', async () => {
    const r = await submit({ categoryCode: 'ROAD', description: '井盖缺失', courtyardId: a.courtyard });
    expect(r.assignee.id).toBe(responderA);
    const accepted = (await server.gql(act('acceptServiceRequest', 'RequestActionInput'), { i: { requestId: r.id, expectedVersion: r.version } }, responderToken)).body.data.acceptServiceRequest;
    expect(accepted.status).toBe('IN_PROGRESS');
    expect(accepted.acceptDueAt).toBeNull();
    expect(accepted.version).toBe(r.version + 1);
    const resolved = (await server.gql(act('resolveServiceRequest', 'RequestActionInput'), { i: { requestId: r.id, note: '已修复' } }, responderToken)).body.data.resolveServiceRequest;
    expect(resolved.status).toBe('RESOLVED');
    const closed = (await server.gql(act('closeServiceRequest', 'CloseServiceRequestInput'), { i: { requestId: r.id, rating: 5 } }, resident.token)).body.data.closeServiceRequest;
    expect(closed.status).toBe('CLOSED');
    expect(closed.rating).toBe(5);
    expect(closed.events.map((e: any) => e.type)).toEqual(['SUBMITTED', 'ASSIGNED', 'ACCEPTED', 'RESOLVED', 'CLOSED']);
    const reopened = (await server.gql(act('reopenServiceRequest', 'RequestActionInput'), { i: { requestId: r.id, note: '又坏了' } }, resident.token)).body.data.reopenServiceRequest;
    expect(reopened.status).toBe('ASSIGNED');
    expect(reopened.assignee.id).toBe(responderA);
    expect(reopened.reworkCount).toBe(1);
    expect(reopened.rating).toBeNull();
  });

  it('escalates to the parent of the holder, clearing the assignee; CONFLICT at a street committee', async () => {
    const r = await submit({ categoryCode: 'ROAD', description: '路面积水', courtyardId: a.courtyard });
    const esc = (await server.gql(act('escalateServiceRequest', 'RequestActionInput'), { i: { requestId: r.id } }, responderToken)).body.data.escalateServiceRequest;
    expect(esc.status).toBe('PENDING_DISPATCH');
    expect(esc.unit.code).toBe('LA-01-01');
    expect(esc.assignee).toBeNull();
    expect(esc.escalationCount).toBe(1);
    let current = esc;
    for (const expected of ['LA-01', 'LA']) {
      current = (await server.gql(act('escalateServiceRequest', 'RequestActionInput'), { i: { requestId: r.id } })).body.data.escalateServiceRequest;
      expect(current.unit.code).toBe(expected);
    }
    const atTop = await server.gql(act('escalateServiceRequest', 'RequestActionInput'), { i: { requestId: r.id } });
    expect(errorCode(atTop)).toBe('CONFLICT');
  });

  it('dispatches down to a courtyard, assigning a fitting responder', async () => {
    const r = await submit({ categoryCode: 'STREET_LIGHT', description: '热线：路灯' }, secretaryToken);
    const d = (await server.gql(act('dispatchServiceRequest', 'DispatchServiceRequestInput'), { i: { requestId: r.id, toUnitId: a.courtyard } }, secretaryToken)).body.data.dispatchServiceRequest;
    expect(d.status).toBe('ASSIGNED');
    expect(d.courtyard.code).toBe('LA-01-01-01');
    expect(d.events.slice(-2).map((e: any) => e.type)).toEqual(['DISPATCHED', 'ASSIGNED']);
    const notBelow = await server.gql(act('dispatchServiceRequest', 'DispatchServiceRequestInput'), { i: { requestId: r.id, toUnitId: a.courtyard } }, secretaryToken);
    expect(errorCode(notBelow)).toBe('CONFLICT');
  });

  it('checks who may act before the status: a resident may not accept (FORBIDDEN), a stranger sees NOT_FOUND', async () => {
    const r = await submit({ categoryCode: 'ROAD', description: '台阶破损', courtyardId: a.courtyard });
    expect(errorCode(await server.gql(act('acceptServiceRequest', 'RequestActionInput'), { i: { requestId: r.id } }, resident.token))).toBe('FORBIDDEN');
    const stranger = await registerResident(server, 'stranger-la');
    const res = await server.gql(act('cancelServiceRequest', 'CancelServiceRequestInput'), { i: { requestId: r.id, reason: 'x' } }, stranger.token);
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect((await server.gql(`query($id: ID!) { serviceRequest(id: $id) { id } }`, { id: r.id }, stranger.token)).body.data.serviceRequest).toBeNull();
  });

  it('refuses a stale expectedVersion with CONFLICT and changes nothing', async () => {
    const r = await submit({ categoryCode: 'ROAD', description: '护栏松动', courtyardId: a.courtyard });
    const stale = await server.gql(act('acceptServiceRequest', 'RequestActionInput'), { i: { requestId: r.id, expectedVersion: r.version + 5 } }, responderToken);
    expect(errorCode(stale)).toBe('CONFLICT');
    const [{ version, status }] = await server.dataSource.query(`SELECT version, status FROM service_request WHERE number = $1`, [r.number]);
    expect([version, status]).toEqual([r.version, 'ASSIGNED']);
  });

  it('lets the reporter cancel only while waiting; staff may cancel any open request, as a duplicate', async () => {
    const original = await submit({ categoryCode: 'ROAD', description: '坑洼', courtyardId: a.courtyard });
    const dup = await submit({ categoryCode: 'ROAD', description: '同一个坑洼', courtyardId: a.courtyard });
    await server.gql(act('acceptServiceRequest', 'RequestActionInput'), { i: { requestId: dup.id } }, responderToken);
    const byReporter = await server.gql(act('cancelServiceRequest', 'CancelServiceRequestInput'), { i: { requestId: dup.id, reason: '不需要了' } }, resident.token);
    expect(errorCode(byReporter)).toBe('CONFLICT');
    const byStaff = await server.gql(
      `mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { status duplicateOf { id } events { type note } } }`,
      { i: { requestId: dup.id, reason: '重复上报', duplicateOfId: original.id } },
      secretaryToken,
    );
    expect(byStaff.body.data.cancelServiceRequest.status).toBe('CANCELLED');
    expect(byStaff.body.data.cancelServiceRequest.duplicateOf.id).toBe(original.id);
  });

  it('counts open requests per subtree and open assignments per member, batched', async () => {
    const res = await server.gql(
      `query($id: ID!) { orgUnit(code: "LA") { openRequestCount } node(id: $id) { ... on Member { openAssignmentCount } } }`,
      { id: responderA },
    );
    const [{ open }] = await server.dataSource.query(`SELECT count(*)::int AS open FROM service_request WHERE status NOT IN ('CLOSED', 'CANCELLED')`);
    const [{ mine }] = await server.dataSource.query(
      `SELECT count(*)::int AS mine FROM service_request r JOIN member m ON m.id = r.assignee_member_id WHERE m.name = '张师傅' AND r.status IN ('ASSIGNED', 'IN_PROGRESS')`,
    );
    expect(res.body.data.orgUnit.openRequestCount).toBe(open);
    expect(res.body.data.node.openAssignmentCount).toBe(mine);
    expect(open).toBeGreaterThan(0);
  });

  it('lists a resident only their own requests, newest first, with stable cursors', async () => {
    const page1 = await server.gql(`{ serviceRequests(first: 3) { totalCount nodes { number reporter { id } } pageInfo { endCursor hasNextPage } } }`, {}, resident.token);
    const list = page1.body.data.serviceRequests;
    expect(list.nodes.every((n: any) => n.reporter.id === resident.id)).toBe(true);
    const [{ mine }] = await server.dataSource.query(
      `SELECT count(*)::int AS mine FROM service_request r JOIN app_user u ON u.id = r.reporter_user_id WHERE u.username = 'resident-la'`,
    );
    expect(list.totalCount).toBe(mine);
    const page2 = await server.gql(`query($a: String) { serviceRequests(first: 100, after: $a) { nodes { number } } }`, { a: list.pageInfo.endCursor }, resident.token);
    const numbers = [...list.nodes, ...page2.body.data.serviceRequests.nodes].map((n: any) => n.number);
    expect(new Set(numbers).size).toBe(mine);
    expect([...numbers].sort().reverse()).toEqual(numbers);
  });
});
