import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { dbIdOf } from '../../support/matrix/world.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { addManager, BACKFILL, CORRECT, createActivity, createOrg, DECIDE, ok, refused, registerOther, VOLUNTEER } from '../../support/volunteers.js';

/** The hours ledger: back-fill with four eyes, one decision, corrections as entries, hours for a closed request, append-only in the database. */
let server: TestServer;
let A: Street;
let B: Street;
let orgId: string;
let recorder: { token: string; id: string };
let approver: { token: string; id: string };
let secretaryB: { token: string; id: string };

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  A = await buildStreet(server, 'VLA', 30, 110);
  B = await buildStreet(server, 'VLB', 32, 110);
  orgId = await createOrg(server, A.branch);
  recorder = await registerResident(server, 'vl-recorder');
  approver = await createAccount(server, { username: 'vl-approver', role: 'SECRETARY', scopeUnitId: A.branch });
  secretaryB = await createAccount(server, { username: 'vl-sec-b', role: 'SECRETARY', scopeUnitId: B.branch });
  await addManager(server, orgId, recorder.id);
});
afterAll(async () => {
  await server?.stop();
});

const backfill = (volunteerId: string, hours: number, extra: Record<string, unknown> = {}) => ({
  i: { volunteerId, organizationId: orgId, hours, serviceDate: '2026-03-01', description: '社区清洁', ...extra },
});
const PENDING = `{ pendingVolunteerHours(first: 100) { nodes { id } totalCount } }`;
const total = async (volunteerId: string) => (await ok(server, VOLUNTEER, { id: volunteerId })).volunteer.totalHours;

describe('back-fill and its decision', () => {
  it('is PENDING until someone else with the right decides it; the recorder may not and does not see it pending', async () => {
    const v = await registerOther(server, A.courtyard);
    const entry = (await ok(server, BACKFILL, backfill(v.id, 2.5), recorder.token)).backfillVolunteerHours;
    expect(entry).toMatchObject({ hours: 2.5, status: 'PENDING', source: 'BACKFILL' });
    expect(await total(v.id)).toBe(0);
    expect((await ok(server, PENDING, {}, recorder.token)).pendingVolunteerHours.nodes).not.toContainEqual({ id: entry.id });
    expect((await ok(server, PENDING, {}, approver.token)).pendingVolunteerHours.nodes).toContainEqual({ id: entry.id });
    expect((await refused(server, DECIDE, { i: { entryId: entry.id, approve: true } }, recorder.token)).code).toBe('FORBIDDEN');
    expect((await refused(server, DECIDE, { i: { entryId: entry.id, approve: true } }, secretaryB.token)).code).toBe('NOT_FOUND');
    const decided = await ok(server, DECIDE, { i: { entryId: entry.id, approve: true, note: '核实' } }, approver.token);
    expect(decided.decideVolunteerHours).toMatchObject({ status: 'APPROVED', decidedBy: { id: approver.id } });
    expect(await total(v.id)).toBe(2.5);
    expect((await refused(server, DECIDE, { i: { entryId: entry.id, approve: false } })).code).toBe('CONFLICT');
    const audit = await server.dataSource.query(`SELECT action, summary FROM audit_log WHERE target_type = 'VolunteerHoursEntry' AND target_id = $1`, [dbIdOf(entry.id)]);
    expect(audit).toEqual([{ action: 'VOLUNTEER_HOURS_DECIDED', summary: expect.objectContaining({ status: 'APPROVED', tenths: 25 }) }]);
  });

  it('checks hours: tenths only, 0.1-24, and with an activity at most its length', async () => {
    const v = await registerOther(server, A.courtyard);
    expect(await refused(server, BACKFILL, backfill(v.id, 1.25), recorder.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    expect(await refused(server, BACKFILL, backfill(v.id, 24.1), recorder.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    expect(await refused(server, BACKFILL, backfill(v.id, 0), recorder.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: -300, minutes: 90 }, recorder.token);
    expect(await refused(server, BACKFILL, backfill(v.id, 1.6, { activityId: activity.id }), recorder.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    await ok(server, BACKFILL, backfill(v.id, 1.0, { activityId: activity.id }), recorder.token);
    // PENDING counts against the activity too.
    expect(await refused(server, BACKFILL, backfill(v.id, 0.6, { activityId: activity.id }), recorder.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    expect((await ok(server, BACKFILL, backfill(v.id, 0.5, { activityId: activity.id }), recorder.token)).backfillVolunteerHours.hours).toBe(0.5);
    const stranger = await registerResident(server, 'vl-stranger');
    expect((await refused(server, BACKFILL, backfill(v.id, 1), stranger.token)).code).toBe('FORBIDDEN');
  });

  it('keeps rejected hours out of the total', async () => {
    const v = await registerOther(server, A.courtyard);
    const entry = (await ok(server, BACKFILL, backfill(v.id, 3), recorder.token)).backfillVolunteerHours;
    expect((await ok(server, DECIDE, { i: { entryId: entry.id, approve: false } }, approver.token)).decideVolunteerHours.status).toBe('REJECTED');
    expect(await total(v.id)).toBe(0);
  });
});

describe('corrections', () => {
  it('adjusts an APPROVED entry by a new entry, never below zero, with a reason, audited', async () => {
    const v = await registerOther(server, A.courtyard);
    const entry = (await ok(server, BACKFILL, backfill(v.id, 2), recorder.token)).backfillVolunteerHours;
    expect((await refused(server, CORRECT, { i: { entryId: entry.id, hours: -1, reason: '多记' } }, recorder.token)).code).toBe('CONFLICT');
    await ok(server, DECIDE, { i: { entryId: entry.id, approve: true } }, approver.token);
    const fix = await ok(server, CORRECT, { i: { entryId: entry.id, hours: -1.5, reason: '多记了' } }, recorder.token);
    expect(fix.correctVolunteerHours).toMatchObject({ hours: -1.5, status: 'APPROVED', source: 'CORRECTION', corrects: { id: entry.id } });
    expect(await total(v.id)).toBe(0.5);
    expect(await refused(server, CORRECT, { i: { entryId: entry.id, hours: -0.6, reason: '再减' } }, recorder.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    expect((await refused(server, CORRECT, { i: { entryId: entry.id, hours: -0.1, reason: '再减' } }, secretaryB.token)).code).toBe('NOT_FOUND');
    await ok(server, CORRECT, { i: { entryId: entry.id, hours: -0.5, reason: '全部撤销' } }, recorder.token);
    expect(await total(v.id)).toBe(0);
    const audit = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'VOLUNTEER_HOURS_CORRECTED' AND summary->>'corrects' = $1`, [dbIdOf(entry.id)]);
    expect(audit[0].n).toBe(2);
  });
});

describe('the ledger in the database', () => {
  it('refuses DELETE, a change of hours, and a second decision, whatever the code does', async () => {
    const v = await registerOther(server, A.courtyard);
    const entry = (await ok(server, BACKFILL, backfill(v.id, 1), recorder.token)).backfillVolunteerHours;
    const id = dbIdOf(entry.id);
    await expect(server.dataSource.query(`UPDATE volunteer_hours_entry SET tenths = 99 WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`DELETE FROM volunteer_hours_entry WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await server.dataSource.query(`UPDATE volunteer_hours_entry SET status = 'APPROVED', decided_at = now() WHERE id = $1`, [id]);
    await expect(server.dataSource.query(`UPDATE volunteer_hours_entry SET status = 'REJECTED' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`TRUNCATE volunteer_hours_entry CASCADE`)).rejects.toThrow(/append-only/);
    const [row] = await server.dataSource.query(`SELECT approved_tenths::int AS t FROM volunteer WHERE id = $1`, [dbIdOf(v.id)]);
    expect(row.t).toBe(10);
  });

  it('refuses an activity sign-up beyond capacity and a volunteer number change', async () => {
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: 60, minutes: 60, capacity: 1 }, recorder.token);
    const [v1, v2] = [await registerOther(server, A.courtyard), await registerOther(server, A.courtyard)];
    await server.dataSource.query(`INSERT INTO volunteer_signup (activity_id, volunteer_id) VALUES ($1, $2)`, [dbIdOf(activity.id), dbIdOf(v1.id)]);
    await expect(
      server.dataSource.query(`INSERT INTO volunteer_signup (activity_id, volunteer_id) VALUES ($1, $2)`, [dbIdOf(activity.id), dbIdOf(v2.id)]),
    ).rejects.toThrow(/volunteer_activity_not_overfull/);
    await expect(server.dataSource.query(`UPDATE volunteer SET number = 'V000000001' WHERE id = $1`, [dbIdOf(v2.id)])).rejects.toThrow(/never changes/);
  });
});

describe('hours for a closed service request', () => {
  it("credits a volunteer linked to the last assignee's member record, once, by staff in scope, and shows it on the request", async () => {
    const responder = await createMember(server, A.courtyard, { name: '张师傅', responder: true, skills: ['STREET_LIGHT'] });
    const responderToken = (await createAccount(server, { username: 'vl-responder', role: 'RESPONDER', memberId: responder })).token;
    const resident = await registerResident(server, 'vl-reporter');
    const submitted = await ok(
      server,
      `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id status assignee { id } } }`,
      { i: { categoryCode: 'STREET_LIGHT', description: '路灯不亮', courtyardId: A.courtyard } },
      resident.token,
    );
    const requestId = submitted.submitServiceRequest.id;
    expect(submitted.submitServiceRequest.assignee).toEqual({ id: responder });
    const linked = await registerOther(server, A.courtyard, { memberId: responder });
    const unlinked = await registerOther(server, A.courtyard);
    const CREDIT = `mutation($i: CreditRequestHoursInput!) { creditServiceRequestHours(input: $i) { id hours status source serviceRequest { id } } }`;
    expect((await refused(server, CREDIT, { i: { requestId, volunteerId: linked.id, hours: 2 } }, approver.token)).code).toBe('CONFLICT');
    await ok(server, `mutation($i: RequestActionInput!) { acceptServiceRequest(input: $i) { status } }`, { i: { requestId } }, responderToken);
    await ok(server, `mutation($i: RequestActionInput!) { resolveServiceRequest(input: $i) { status } }`, { i: { requestId } }, responderToken);
    await ok(server, `mutation($i: CloseServiceRequestInput!) { closeServiceRequest(input: $i) { status } }`, { i: { requestId } }, resident.token);
    expect((await refused(server, CREDIT, { i: { requestId, volunteerId: linked.id, hours: 2 } }, secretaryB.token)).code).toBe('NOT_FOUND');
    expect((await refused(server, CREDIT, { i: { requestId, volunteerId: linked.id, hours: 2 } }, responderToken)).code).toBe('FORBIDDEN');
    expect(await refused(server, CREDIT, { i: { requestId, volunteerId: unlinked.id, hours: 2 } }, approver.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'volunteerId' });
    expect(await refused(server, CREDIT, { i: { requestId, volunteerId: linked.id, hours: 8.5 } }, approver.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
    const credited = await ok(server, CREDIT, { i: { requestId, volunteerId: linked.id, hours: 2 } }, approver.token);
    expect(credited.creditServiceRequestHours).toMatchObject({ hours: 2, status: 'APPROVED', source: 'SERVICE_REQUEST', serviceRequest: { id: requestId } });
    expect((await refused(server, CREDIT, { i: { requestId, volunteerId: linked.id, hours: 1 } }, approver.token)).code).toBe('CONFLICT');
    expect(await total(linked.id)).toBe(2);
    const onRequest = `query($id: ID) { serviceRequest(id: $id) { volunteerHours { id hours } } }`;
    expect((await ok(server, onRequest, { id: requestId }, approver.token)).serviceRequest.volunteerHours).toEqual([{ id: credited.creditServiceRequestHours.id, hours: 2 }]);
    // The reporter sees the request but not the volunteer: no entries.
    expect((await ok(server, onRequest, { id: requestId }, resident.token)).serviceRequest.volunteerHours).toEqual([]);
  });
});
