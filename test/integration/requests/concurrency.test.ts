import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type GqlResponse, type TestServer } from '../../support/test-server.js';

/**
 * Real concurrency against real PostgreSQL: many HTTP requests in flight at once
 * (Promise.all), each its own transaction on its own pooled connection.
 */

let server: TestServer;
let s: Street;
let r1: string;
let r2: string;
let r1User: { token: string; id: string };
let secretary: { token: string; id: string };
let resident: { token: string; id: string };

const FIELDS = `id status version assignee { id } unit { id } events { type fromStatus toStatus }`;
const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${FIELDS} } }`;
const ASSIGN = `mutation($i: AssignServiceRequestInput!) { assignServiceRequest(input: $i) { ${FIELDS} } }`;
const ACCEPT = `mutation($i: RequestActionInput!) { acceptServiceRequest(input: $i) { ${FIELDS} } }`;

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function submit(input: Record<string, unknown>, token = resident.token) {
  const res = await server.gql(SUBMIT, { i: input }, token);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.submitServiceRequest;
}

function outcomes(responses: GqlResponse<any>[]) {
  const codes = responses.map((r) => (r.body.errors ? (errorCode(r) ?? 'NO_CODE') : 'OK'));
  return codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});
}

/** Each member's open assignments, as the API reports them (Member.openAssignmentCount). */
async function openAssignments(memberIds: string[]): Promise<number[]> {
  const res = await server.gql(
    `query { ${memberIds.map((id, i) => `m${i}: node(id: "${id}") { ... on Member { openAssignmentCount } }`).join(' ')} }`,
  );
  return memberIds.map((_, i) => res.body.data[`m${i}`].openAssignmentCount);
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  s = await buildStreet(server, 'CC', 31, 111);
  r1 = await createMember(server, s.courtyard, { name: '一号师傅', responder: true, skills: ['ROAD', 'STREET_LIGHT'] });
  r2 = await createMember(server, s.courtyard, { name: '二号师傅', responder: true, skills: ['ROAD', 'STREET_LIGHT'] });
  r1User = await createAccount(server, { username: 'cc-r1', role: 'RESPONDER', memberId: r1 });
  secretary = await createAccount(server, { username: 'cc-secretary', role: 'SECRETARY', scopeUnitId: s.street });
  resident = await registerResident(server, 'cc-resident');
});
afterAll(async () => {
  await server?.stop();
});

describe('optimistic versions under contention', () => {
  it('20 concurrent assigns with one expectedVersion: exactly one wins, 19 CONFLICT, one ASSIGNED event', async () => {
    const r = await submit({ categoryCode: 'OTHER', description: '热线转派', unitId: s.branch }, secretary.token);
    expect(r.status).toBe('PENDING_DISPATCH');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.gql(ASSIGN, { i: { requestId: r.id, responderId: i % 2 ? r1 : r2, expectedVersion: r.version } }, i % 3 ? secretary.token : undefined),
      ),
    );
    expect(outcomes(responses)).toEqual({ OK: 1, CONFLICT: 19 });
    const winner = responses.find((x) => !x.body.errors)!.body.data.assignServiceRequest;
    expect(winner.version).toBe(r.version + 1);
    const events = await server.dataSource.query(`SELECT type, request_version FROM request_event WHERE request_id = $1 ORDER BY id`, [dbId(r.id)]);
    expect(events.map((e: any) => e.type)).toEqual(['SUBMITTED', 'ROUTED', 'ASSIGNED']);
    const [row] = await server.dataSource.query(`SELECT version, status, assignee_member_id::text AS a FROM service_request WHERE id = $1`, [dbId(r.id)]);
    expect(row).toEqual({ version: r.version + 1, status: 'ASSIGNED', a: dbId(winner.assignee.id) });
  });

  it('10 concurrent accepts by the assignee without expectedVersion: one wins, the rest see the new status (CONFLICT)', async () => {
    const r = await server.gql(ASSIGN, {
      i: { requestId: (await submit({ categoryCode: 'OTHER', description: '并发受理', unitId: s.branch }, secretary.token)).id, responderId: r1 },
    });
    const id = r.body.data.assignServiceRequest.id;
    const responses = await Promise.all(Array.from({ length: 10 }, () => server.gql(ACCEPT, { i: { requestId: id } }, r1User.token)));
    expect(outcomes(responses)).toEqual({ OK: 1, CONFLICT: 9 });
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM request_event WHERE request_id = $1 AND type = 'ACCEPTED'`, [dbId(id)]);
    expect(n).toBe(1);
  });
});

describe('idempotent submission under contention', () => {
  it('10 concurrent submissions with one key: one row, every answer carries its id, one pair of events', async () => {
    const before = await openAssignments([r1, r2]);
    const input = { categoryCode: 'STREET_LIGHT', description: '路灯不亮（重试）', courtyardId: s.courtyard, idempotencyKey: 'cc-key-1' };
    const responses = await Promise.all(Array.from({ length: 10 }, () => server.gql(SUBMIT, { i: input }, resident.token)));
    expect(outcomes(responses)).toEqual({ OK: 10 });
    const ids = new Set(responses.map((x) => x.body.data.submitServiceRequest.id));
    expect(ids.size).toBe(1);
    const rows = await server.dataSource.query(`SELECT id::text AS id FROM service_request WHERE idempotency_key = 'cc-key-1'`);
    expect(rows.map((x: any) => x.id)).toEqual([dbId([...ids][0])]);
    const events = await server.dataSource.query(`SELECT type FROM request_event WHERE request_id = $1 ORDER BY id`, [rows[0].id]);
    expect(events.map((e: any) => e.type)).toEqual(['SUBMITTED', 'ASSIGNED']);
    // Only the one request counts as an assignment.
    const after = await openAssignments([r1, r2]);
    expect(after[0] + after[1]).toBe(before[0] + before[1] + 1);
  });

  it('the same key with different content is a CONFLICT, also when both race', async () => {
    const first = await submit({ categoryCode: 'ROAD', description: '路面破损', courtyardId: s.courtyard, idempotencyKey: 'cc-key-2' });
    const other = await server.gql(SUBMIT, { i: { categoryCode: 'ROAD', description: '另一处破损', courtyardId: s.courtyard, idempotencyKey: 'cc-key-2' } }, resident.token);
    expect(errorCode(other)).toBe('CONFLICT');
    const again = await submit({ categoryCode: 'ROAD', description: '路面破损', courtyardId: s.courtyard, idempotencyKey: 'cc-key-2' });
    expect(again.id).toBe(first.id);

    // Two contents racing for one fresh key: one content wins, its copies get its id, the other's CONFLICT.
    const a = { categoryCode: 'ROAD', description: '版本A', courtyardId: s.courtyard, idempotencyKey: 'cc-key-3' };
    const b = { ...a, description: '版本B' };
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => server.gql(SUBMIT, { i: i % 2 ? a : b }, resident.token)));
    const rows = await server.dataSource.query(`SELECT id::text AS id, description FROM service_request WHERE idempotency_key = 'cc-key-3'`);
    expect(rows.length).toBe(1);
    const winning = rows[0].description;
    responses.forEach((res, i) => {
      const sent = i % 2 ? a : b;
      if (sent.description === winning) expect(dbId(res.body.data.submitServiceRequest.id)).toBe(rows[0].id);
      else expect(errorCode(res)).toBe('CONFLICT');
    });
    // Another submitter may use the same key for their own request.
    const other2 = await registerResident(server, 'cc-resident-2');
    const theirs = await submit(a, other2.token);
    expect(dbId(theirs.id)).not.toBe(rows[0].id);
  });
});

describe('balanced routing under contention', () => {
  it('concurrent submissions into one courtyard with two equally skilled responders balance their open assignments', async () => {
    const yard = await server.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
      i: { parentId: s.branch, code: 'CC-01-01-03', name: '3号院党小组', boundary: [
        { lat: 31.06, lng: 111.06 }, { lat: 31.08, lng: 111.06 }, { lat: 31.08, lng: 111.08 }, { lat: 31.06, lng: 111.08 },
      ] },
    });
    const courtyard = yard.body.data.createOrgUnit.id;
    const a = await createMember(server, courtyard, { name: '甲', responder: true, skills: ['SANITATION'] });
    const b = await createMember(server, courtyard, { name: '乙', responder: true, skills: ['SANITATION'] });
    const residents = await Promise.all([0, 1, 2, 3].map((i) => registerResident(server, `cc-balance-${i}`)));
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        server.gql(SUBMIT, { i: { categoryCode: 'SANITATION', description: `垃圾 ${i}`, courtyardId: courtyard } }, residents[i % 4].token),
      ),
    );
    expect(outcomes(responses)).toEqual({ OK: 24 });
    expect(responses.every((x) => x.body.data.submitServiceRequest.status === 'ASSIGNED')).toBe(true);
    const [na, nb] = await openAssignments([a, b]);
    console.log(`balanced from 0/0: ${na}/${nb}`);
    expect(na + nb).toBe(24);
    expect(Math.abs(na - nb)).toBeLessThanOrEqual(1);
  });

  it('evens out a standing imbalance too (counts are read after the candidates are locked)', async () => {
    const yard = await server.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
      i: { parentId: s.branch, code: 'CC-01-01-04', name: '4号院党小组', boundary: [
        { lat: 31.15, lng: 111.1 }, { lat: 31.17, lng: 111.1 }, { lat: 31.17, lng: 111.12 }, { lat: 31.15, lng: 111.12 },
      ] },
    });
    const courtyard = yard.body.data.createOrgUnit.id;
    const a = await createMember(server, courtyard, { name: '丙', responder: true, skills: ['SECURITY'] });
    // Six open assignments for 丙 before 丁 joins.
    for (let i = 0; i < 6; i++) await submit({ categoryCode: 'SECURITY', description: `先到 ${i}`, courtyardId: courtyard });
    const b = await createMember(server, courtyard, { name: '丁', responder: true, skills: ['SECURITY'] });
    expect(await openAssignments([a, b])).toEqual([6, 0]);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => server.gql(SUBMIT, { i: { categoryCode: 'SECURITY', description: `并发 ${i}`, courtyardId: courtyard } }, resident.token)),
    );
    expect(outcomes(responses)).toEqual({ OK: 20 });
    const [na, nb] = await openAssignments([a, b]);
    console.log(`balanced from 6/0: ${na}/${nb}`);
    expect(na + nb).toBe(26);
    expect(Math.abs(na - nb)).toBeLessThanOrEqual(1);
  });
});

describe('deactivation racing with assignments', () => {
  it('leaves no open assignment on a member deactivated while assigns to them are in flight', async () => {
    const m = await createMember(server, s.courtyard, { name: '将离任', responder: true, skills: [] });
    const requests = [];
    for (let i = 0; i < 12; i++) requests.push(await submit({ categoryCode: 'OTHER', description: `待指派 ${i}`, unitId: s.branch }, secretary.token));
    const assigns = requests.map((r) => server.gql(ASSIGN, { i: { requestId: r.id, responderId: m } }, secretary.token));
    // Sent while the assigns are in flight, so that some land before it and some after.
    await new Promise((resolve) => setTimeout(resolve, 15));
    const deactivate = server.gql(`mutation($i: UpdateMemberInput!) { updateMember(input: $i) { active } }`, { i: { id: m, active: false } });
    const [done, ...results] = await Promise.all([deactivate, ...assigns]);
    expect(done.body.data.updateMember.active).toBe(false);
    const codes = outcomes(results);
    expect((codes.OK ?? 0) + (codes.BAD_USER_INPUT ?? 0)).toBe(12);
    const [{ open }] = await server.dataSource.query(
      `SELECT count(*)::int AS open FROM service_request WHERE assignee_member_id = $1 AND status IN ('ASSIGNED', 'IN_PROGRESS')`,
      [dbId(m)],
    );
    expect(open).toBe(0);
    // Every assignment that got through before the deactivation was handed back up.
    const [{ handedBack }] = await server.dataSource.query(
      `SELECT count(*)::int AS "handedBack" FROM request_event WHERE type = 'ESCALATED' AND request_id = ANY($1::bigint[])`,
      [requests.map((r) => dbId(r.id))],
    );
    expect(handedBack).toBe(codes.OK ?? 0);
    console.log(`assigns before / after the deactivation: ${codes.OK ?? 0} / ${codes.BAD_USER_INPUT ?? 0}`);
  });
});
