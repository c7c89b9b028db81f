import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { dbIdOf } from '../../support/matrix/world.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { approvedHours, CORRECT, createActivity, createOrg, ok, refused, registerOther } from '../../support/volunteers.js';

/** volunteerStats: the README's definitions, scope, and agreement with a full recount under concurrent writes and moves. */
let server: TestServer;
let S: Street;
let T: Street;
let orgId: string;
let streetAdminS: { token: string; id: string };
let streetAdminT: { token: string; id: string };

const STATS = `query($id: ID, $from: DateTime, $to: DateTime) { orgUnit(id: $id) { volunteerStats(from: $from, to: $to) {
  registered starred byStarLevel hours activeVolunteers organizations activities } } }`;
const stats = async (unitId: string, token?: string, from?: string, to?: string) =>
  (await ok(server, STATS, { id: unitId, from, to }, token)).orgUnit.volunteerStats;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000', STAR_THRESHOLDS: '1,2,3,4,5', DB_POOL_SIZE: '12' });
  S = await buildStreet(server, 'VTS', 30, 110);
  T = await buildStreet(server, 'VTT', 32, 110);
  orgId = await createOrg(server, S.branch);
  streetAdminS = await createAccount(server, { username: 'vt-street-s', role: 'STREET_ADMIN', scopeUnitId: S.street });
  streetAdminT = await createAccount(server, { username: 'vt-street-t', role: 'STREET_ADMIN', scopeUnitId: T.street });
});
afterAll(async () => {
  await server?.stop();
});

describe('volunteerStats', () => {
  it("counts by the README's definitions, with days in Asia/Shanghai", async () => {
    const inactiveOrg = await createOrg(server, S.courtyard);
    await ok(server, `mutation($i: UpdateVolunteerOrganizationInput!) { updateVolunteerOrganization(input: $i) { id } }`, { i: { id: inactiveOrg, active: false } });
    const cancelled = await createActivity(server, { organizationId: orgId, unitId: S.courtyard, fromNowMin: 60, minutes: 60 });
    await ok(server, `mutation($i: ActivityIdInput!) { cancelVolunteerActivity(input: $i) { id } }`, { i: { activityId: cancelled.id } });
    const closed = await createActivity(server, { organizationId: orgId, unitId: S.courtyard, fromNowMin: -600, minutes: 60 });
    await ok(server, `mutation($i: ActivityIdInput!) { closeVolunteerActivity(input: $i) { id } }`, { i: { activityId: closed.id } });
    await createActivity(server, { organizationId: orgId, unitId: S.emptyCourtyard, fromNowMin: 600, minutes: 60 });

    const v1 = await registerOther(server, S.courtyard);
    const v2 = await registerOther(server, S.courtyard);
    const v3 = await registerOther(server, S.emptyCourtyard);
    const gone = await registerOther(server, S.courtyard);
    await ok(server, `mutation($i: UpdateVolunteerInput!) { updateVolunteer(input: $i) { id } }`, { i: { id: gone.id, active: false } });
    await approvedHours(server, { volunteerId: v1.id, organizationId: orgId, hours: 2, serviceDate: '2026-03-01' }, streetAdminS.token);
    await approvedHours(server, { volunteerId: v2.id, organizationId: orgId, hours: 1, serviceDate: '2026-03-31' }, streetAdminS.token);
    await approvedHours(server, { volunteerId: v1.id, organizationId: orgId, hours: 4, serviceDate: '2026-04-01' }, streetAdminS.token);
    await approvedHours(server, { volunteerId: gone.id, organizationId: orgId, hours: 9, serviceDate: '2026-03-02' }, streetAdminS.token);
    await ok(server, `mutation($i: AwardStarInput!) { awardStarLevel(input: $i) { id } }`, { i: { volunteerId: v1.id, level: 1 } });
    await server.dataSource.query(
      `UPDATE volunteer_star_award SET awarded_at = awarded_at - interval '30 days', effective_at = effective_at - interval '30 days' WHERE volunteer_id = $1`,
      [dbIdOf(v1.id)],
    );

    expect(await stats(S.street)).toEqual({
      registered: 3,
      starred: 1,
      byStarLevel: [1, 0, 0, 0, 0],
      hours: 7,
      activeVolunteers: 2,
      organizations: 1,
      activities: 2,
    });
    // March in Shanghai: from 1 March 00:00 (+08:00) up to 1 April 00:00 (+08:00).
    const march = await stats(S.street, undefined, '2026-02-28T16:00:00Z', '2026-03-31T16:00:00Z');
    expect(march).toMatchObject({ hours: 3, activeVolunteers: 2, registered: 3 });
    // From 1 March 08:00 Shanghai: 1 March's service began before it.
    expect(await stats(S.street, undefined, '2026-03-01T00:00:00Z', '2026-03-31T16:00:00Z')).toMatchObject({ hours: 1, activeVolunteers: 1 });
    expect(await stats(S.emptyCourtyard)).toMatchObject({ registered: 1, hours: 0, activeVolunteers: 0, organizations: 0, activities: 1 });
    expect(v3.id).toBeTruthy();
  });

  it('is null outside the caller scope and FORBIDDEN to RESPONDER and RESIDENT', async () => {
    expect(await stats(S.street, streetAdminT.token)).toBeNull();
    expect(await stats(S.courtyard, streetAdminS.token)).toMatchObject({ registered: expect.any(Number) });
    const resident = await registerResident(server, 'vt-resident');
    const res = await refused(server, STATS, { id: S.street }, resident.token);
    expect(res.code).toBe('FORBIDDEN');
  });

  it("counts a moved courtyard's volunteers for the new street at once", async () => {
    const courtyard = (await ok(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: S.branch, code: 'VTS-MOVE', name: '搬迁院' } })).createOrgUnit.id;
    const moved = await registerOther(server, courtyard);
    await approvedHours(server, { volunteerId: moved.id, organizationId: orgId, hours: 5 }, streetAdminS.token);
    const beforeS = await stats(S.street);
    const beforeT = await stats(T.street);
    await ok(server, `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: courtyard, newParentId: T.branch } });
    const afterS = await stats(S.street);
    const afterT = await stats(T.street);
    expect(afterS.registered).toBe(beforeS.registered - 1);
    expect(afterS.hours).toBe(beforeS.hours - 5);
    expect(afterT.registered).toBe(beforeT.registered + 1);
    expect(afterT.hours).toBe(beforeT.hours + 5);
  });

  it('agrees with a full recount after 200 concurrent ledger writes', async () => {
    const volunteers = await Promise.all(Array.from({ length: 10 }, () => registerOther(server, S.courtyard)));
    const entries: string[] = [];
    for (const v of volunteers) entries.push(await approvedHours(server, { volunteerId: v.id, organizationId: orgId, hours: 24, serviceDate: '2026-05-01' }, streetAdminS.token));
    const writes = Array.from({ length: 200 }, (_, i) =>
      server.gql(CORRECT, { i: { entryId: entries[i % entries.length], hours: i % 3 === 0 ? -0.1 : ((i % 7) + 1) / 10, reason: `调整 ${i}` } }),
    );
    const results = await Promise.all(writes);
    expect(results.filter((r) => r.body.errors)).toEqual([]);

    const [recount] = await server.dataSource.query(
      `SELECT count(DISTINCT v.id)::int AS registered, coalesce(sum(e.tenths), 0)::int AS tenths,
              count(DISTINCT e.volunteer_id)::int AS active
         FROM volunteer v JOIN org_unit u ON u.id = v.unit_id
         LEFT JOIN volunteer_hours_entry e ON e.volunteer_id = v.id AND e.status = 'APPROVED'
        WHERE v.active AND u.path <@ (SELECT path FROM org_unit WHERE id = $1)`,
      [dbIdOf(S.street)],
    );
    const figures = await stats(S.street);
    expect({ registered: figures.registered, hours: figures.hours, active: figures.activeVolunteers }).toEqual({
      registered: recount.registered,
      hours: recount.tenths / 10,
      active: recount.active,
    });
    // Each volunteer's total is their ledger's sum.
    const drift = await server.dataSource.query(
      `SELECT v.id FROM volunteer v WHERE v.approved_tenths <> (SELECT coalesce(sum(tenths), 0) FROM volunteer_hours_entry e WHERE e.volunteer_id = v.id AND e.status = 'APPROVED')`,
    );
    expect(drift).toEqual([]);
  }, 300_000);
});
