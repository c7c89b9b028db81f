import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { dbIdOf } from '../../support/matrix/world.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { approvedHours, BACKFILL, CORRECT, createActivity, createOrg, DECIDE, ok, refused, registerOther } from '../../support/volunteers.js';

/** volunteerStats: the README's definitions, scope, and agreement with a full recount under concurrent writes and moves. */
let server: TestServer;
let S: Street;
let T: Street;
let orgId: string;
let streetAdminS: { token: string; id: string };
let streetAdminT: { token: string; id: string };
let cityAdmin: { token: string; id: string };

const STATS = `query($id: ID, $from: DateTime, $to: DateTime) { orgUnit(id: $id) { volunteerStats(from: $from, to: $to) {
  registered starred byStarLevel hours activeVolunteers organizations activities } } }`;
const stats = async (unitId: string, token?: string, from?: string, to?: string) =>
  (await ok(server, STATS, { id: unitId, from, to }, token)).orgUnit.volunteerStats;

/**
 * The roll-ups' rows that differ from a recount of the base tables: per home unit (volunteers,
 * organisations, activities, volunteers by highest award not revoked), per home unit and
 * period, and both summed over each unit's subtree. None when in step.
 */
async function rollupDrift(): Promise<unknown[]> {
  const awarded = [1, 2, 3, 4, 5].map((l) => `coalesce((a.level = ${l})::int, 0)`).join(', ');
  const sums = (n: number, alias: string) => Array.from({ length: n }, (_, i) => `sum(${alias}.v[${i + 1}])`).join(', ');
  return server.dataSource.query(`
    WITH unit_counted AS (
      SELECT c.unit_id, ARRAY[${sums(8, 'c')}]::bigint[] AS v
        FROM (SELECT v.unit_id, ARRAY[1, 0, 0, ${awarded}] AS v FROM volunteer v
                LEFT JOIN (SELECT volunteer_id, max(level) AS level FROM volunteer_star_award WHERE revoked_at IS NULL GROUP BY 1) a ON a.volunteer_id = v.id
               WHERE v.active
              UNION ALL SELECT o.unit_id, ARRAY[0, 1, 0, 0, 0, 0, 0, 0] FROM volunteer_org o WHERE o.active
              UNION ALL SELECT t.unit_id, ARRAY[0, 0, 1, 0, 0, 0, 0, 0] FROM volunteer_activity t WHERE t.status <> 'CANCELLED') c
       GROUP BY 1),
    period_counted AS (
      SELECT k.m AS months, date_trunc(CASE k.m WHEN 1 THEN 'month' WHEN 3 THEN 'quarter' ELSE 'year' END, e.service_date::timestamp)::date AS start,
             v.unit_id, ARRAY[sum(e.tenths), count(DISTINCT v.id)]::bigint[] AS v
        FROM volunteer_hours_entry e JOIN volunteer v ON v.id = e.volunteer_id AND v.active
       CROSS JOIN (VALUES (1), (3), (12)) k(m) WHERE e.status = 'APPROVED' GROUP BY 1, 2, 3),
    counted AS (
      SELECT 'unit' AS kind, 0 AS months, NULL::date AS start, unit_id, v FROM unit_counted
      UNION ALL SELECT 'period', months, start, unit_id, v FROM period_counted
      UNION ALL
      SELECT 'subtree', 0, NULL, label::bigint, ARRAY[${sums(8, 'c')}]::bigint[]
        FROM unit_counted c JOIN org_unit u ON u.id = c.unit_id CROSS JOIN LATERAL unnest(string_to_array(ltree2text(u.path), '.')) label GROUP BY 4
      UNION ALL
      SELECT 'subtree period', c.months, c.start, label::bigint, ARRAY[${sums(2, 'c')}]::bigint[]
        FROM period_counted c JOIN org_unit u ON u.id = c.unit_id CROSS JOIN LATERAL unnest(string_to_array(ltree2text(u.path), '.')) label GROUP BY 2, 3, 4),
    kept AS (
      SELECT 'unit' AS kind, 0 AS months, NULL::date AS start, unit_id,
             ARRAY[registered, organizations, activities, awarded_1, awarded_2, awarded_3, awarded_4, awarded_5]::bigint[] AS v FROM volunteer_unit_stats
      UNION ALL SELECT 'period', period_months, period_start, unit_id, ARRAY[tenths, active_volunteers]::bigint[] FROM volunteer_period_stats
      UNION ALL
      SELECT 'subtree', 0, NULL, unit_id,
             ARRAY[registered, organizations, activities, awarded_1, awarded_2, awarded_3, awarded_4, awarded_5]::bigint[] FROM volunteer_subtree_stats
      UNION ALL SELECT 'subtree period', period_months, period_start, unit_id, ARRAY[tenths, active_volunteers]::bigint[] FROM volunteer_subtree_period_stats),
    kept_not_zero AS (SELECT * FROM kept WHERE 0 <> ANY(v)),
    counted_not_zero AS (SELECT * FROM counted WHERE 0 <> ANY(v))
    (SELECT 'kept', * FROM (SELECT * FROM kept_not_zero EXCEPT SELECT * FROM counted_not_zero) x)
    UNION ALL (SELECT 'counted', * FROM (SELECT * FROM counted_not_zero EXCEPT SELECT * FROM kept_not_zero) y)`);
}

/** Q2 2026 in Asia/Shanghai: a calendar quarter, read from the roll-ups. */
const Q2 = ['2026-03-31T16:00:00Z', '2026-06-30T16:00:00Z'] as const;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000', STAR_THRESHOLDS: '1,2,3,4,5', DB_POOL_SIZE: '12' });
  S = await buildStreet(server, 'VTS', 30, 110);
  T = await buildStreet(server, 'VTT', 32, 110);
  orgId = await createOrg(server, S.branch);
  streetAdminS = await createAccount(server, { username: 'vt-street-s', role: 'STREET_ADMIN', scopeUnitId: S.street });
  streetAdminT = await createAccount(server, { username: 'vt-street-t', role: 'STREET_ADMIN', scopeUnitId: T.street });
  cityAdmin = await createAccount(server, { username: 'vt-city', role: 'CITY_ADMIN' });
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

  it('answers several units and periods in one request each by its own period, and refuses a period out of range', async () => {
    // The field validates a period once per request and remembers it by its instants: two
    // periods in one document must not share a verdict or a figure.
    const FIGURES = 'registered hours activeVolunteers';
    const both = await ok(
      server,
      `query($s: ID, $c: ID, $from: DateTime, $to: DateTime) {
        s: orgUnit(id: $s) { all: volunteerStats { ${FIGURES} } period: volunteerStats(from: $from, to: $to) { ${FIGURES} } }
        c: orgUnit(id: $c) { all: volunteerStats { ${FIGURES} } period: volunteerStats(from: $from, to: $to) { ${FIGURES} } } }`,
      { s: S.street, c: S.courtyard, from: Q2[0], to: Q2[1] },
      cityAdmin.token,
    );
    const pick = (v: Record<string, unknown>) => ({ registered: v.registered, hours: v.hours, activeVolunteers: v.activeVolunteers });
    for (const [alias, unit] of [['s', S.street], ['c', S.courtyard]] as const) {
      expect(both[alias].all).toEqual(pick(await stats(unit, cityAdmin.token)));
      expect(both[alias].period).toEqual(pick(await stats(unit, cityAdmin.token, Q2[0], Q2[1])));
    }
    expect(both.s.all.hours).not.toBe(both.s.period.hours);

    const early = await refused(server, STATS, { id: S.street, from: '1900-01-01T00:00:00Z' }, cityAdmin.token);
    expect(early).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    // The same period again in a valid request is answered: the refusal was for that value only.
    expect(await stats(S.street, cityAdmin.token, Q2[0], Q2[1])).toMatchObject({ registered: expect.any(Number) });
  });

  it("counts a moved courtyard's volunteers for the new street at once", async () => {
    const courtyard = (await ok(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: S.branch, code: 'VTS-MOVE', name: '搬迁院' } })).createOrgUnit.id;
    const moved = await registerOther(server, courtyard);
    await approvedHours(server, { volunteerId: moved.id, organizationId: orgId, hours: 5 }, streetAdminS.token);
    // Q1 2026 (the entry's service date, 2026-01-15): a calendar quarter, read from the roll-ups.
    const q1 = ['2025-12-31T16:00:00Z', '2026-03-31T16:00:00Z'] as const;
    const beforeS = await stats(S.street);
    const beforeT = await stats(T.street);
    const beforeQS = await stats(S.street, undefined, ...q1);
    const beforeQT = await stats(T.street, undefined, ...q1);
    await ok(server, `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: courtyard, newParentId: T.branch } });
    const afterS = await stats(S.street);
    const afterT = await stats(T.street);
    expect(afterS.registered).toBe(beforeS.registered - 1);
    expect(afterS.hours).toBe(beforeS.hours - 5);
    expect(afterT.registered).toBe(beforeT.registered + 1);
    expect(afterT.hours).toBe(beforeT.hours + 5);
    const afterQS = await stats(S.street, undefined, ...q1);
    const afterQT = await stats(T.street, undefined, ...q1);
    expect([afterQS.registered, afterQS.hours, afterQS.activeVolunteers]).toEqual([beforeQS.registered - 1, beforeQS.hours - 5, beforeQS.activeVolunteers - 1]);
    expect([afterQT.registered, afterQT.hours, afterQT.activeVolunteers]).toEqual([beforeQT.registered + 1, beforeQT.hours + 5, beforeQT.activeVolunteers + 1]);

    // A volunteer's own new home unit, and leaving (inactive), move their roll-up rows too.
    await ok(server, `mutation($i: UpdateVolunteerInput!) { updateVolunteer(input: $i) { id } }`, { i: { id: moved.id, unitId: S.courtyard } });
    expect((await stats(S.street, undefined, ...q1)).activeVolunteers).toBe(beforeQS.activeVolunteers);
    expect((await stats(T.street, undefined, ...q1)).hours).toBe(beforeQT.hours);
    await ok(server, `mutation($i: UpdateVolunteerInput!) { updateVolunteer(input: $i) { id } }`, { i: { id: moved.id, active: false } });
    expect((await stats(S.street, undefined, ...q1)).hours).toBe(beforeQS.hours - 5);
    expect(await rollupDrift()).toEqual([]);
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
    // The quarter of the writes (2026-05-01), from the roll-ups, agrees with the ledger's
    // answer for the same period a day off a calendar (read from the base tables), and the
    // roll-ups row by row with a recount.
    const quarter = await stats(S.street, undefined, ...Q2);
    const byLedger = await stats(S.street, undefined, Q2[0], '2026-07-01T16:00:00Z');
    expect(quarter).toEqual(byLedger);
    expect(quarter.activeVolunteers).toBeGreaterThanOrEqual(10);
    expect(await rollupDrift()).toEqual([]);
    // Each volunteer's total is their ledger's sum.
    const drift = await server.dataSource.query(
      `SELECT v.id FROM volunteer v WHERE v.approved_tenths <> (SELECT coalesce(sum(tenths), 0) FROM volunteer_hours_entry e WHERE e.volunteer_id = v.id AND e.status = 'APPROVED')`,
    );
    expect(drift).toEqual([]);
  }, 300_000);

  it("counts each volunteer once per period when several of their entries are approved at once", async () => {
    // 10 volunteers × 5 pending back-fills in one quarter (three in one month), 50 decisions at once.
    const volunteers = await Promise.all(Array.from({ length: 10 }, () => registerOther(server, S.emptyCourtyard)));
    const pending: string[] = [];
    for (const v of volunteers) {
      for (const day of ['2026-05-02', '2026-05-03', '2026-05-20', '2026-06-11', '2026-04-30']) {
        const e = await ok(server, BACKFILL, { i: { volunteerId: v.id, organizationId: orgId, hours: 1.5, serviceDate: day, description: '补录' } });
        pending.push(e.backfillVolunteerHours.id);
      }
    }
    const before = await stats(S.emptyCourtyard, undefined, ...Q2);
    const results = await Promise.all(pending.map((entryId) => server.gql(DECIDE, { i: { entryId, approve: true } }, streetAdminS.token)));
    expect(results.filter((r) => r.body.errors)).toEqual([]);
    const after = await stats(S.emptyCourtyard, undefined, ...Q2);
    expect(after.activeVolunteers - before.activeVolunteers).toBe(10);
    expect(after.hours - before.hours).toBe(75);
    // May alone: each volunteer once.
    const may = await stats(S.emptyCourtyard, undefined, '2026-04-30T16:00:00Z', '2026-05-31T16:00:00Z');
    expect(may.activeVolunteers).toBeGreaterThanOrEqual(10);
    expect(await rollupDrift()).toEqual([]);
  }, 300_000);
  it('counts a star under public notice at the level in force, from the subtree roll-ups as from the ledger', async () => {
    const courtyard = (await ok(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: S.branch, code: 'VTS-STAR', name: '星级院' } })).createOrgUnit.id;
    const a = await registerOther(server, courtyard);
    const b = await registerOther(server, courtyard);
    await approvedHours(server, { volunteerId: a.id, organizationId: orgId, hours: 3, serviceDate: '2026-05-02' }, streetAdminS.token);
    await approvedHours(server, { volunteerId: b.id, organizationId: orgId, hours: 2, serviceDate: '2026-05-03' }, streetAdminS.token);
    const AWARD = `mutation($i: AwardStarInput!) { awardStarLevel(input: $i) { id } }`;
    const endNotices = () =>
      server.dataSource.query(
        `UPDATE volunteer_star_award SET awarded_at = awarded_at - interval '30 days', effective_at = effective_at - interval '30 days'
          WHERE volunteer_id = ANY($1::bigint[]) AND effective_at > now()`,
        [[dbIdOf(a.id), dbIdOf(b.id)]],
      );
    await ok(server, AWARD, { i: { volunteerId: a.id, level: 1 } });
    await endNotices();
    // a: 一星 in force, 二星 under notice; b: 一星 under notice.
    const second = (await ok(server, AWARD, { i: { volunteerId: a.id, level: 2 } })).awardStarLevel.id;
    await ok(server, AWARD, { i: { volunteerId: b.id, level: 1 } });
    const byRollups = () => stats(courtyard, undefined, ...Q2);
    const byLedger = () => stats(courtyard, undefined, Q2[0], '2026-07-01T16:00:00Z');
    expect(await byRollups()).toEqual({ registered: 2, starred: 1, byStarLevel: [1, 0, 0, 0, 0], hours: 5, activeVolunteers: 2, organizations: 0, activities: 0 });
    expect(await byRollups()).toEqual(await byLedger());
    expect((await stats(S.street, undefined, ...Q2)).byStarLevel).toEqual((await stats(S.street, undefined, Q2[0], '2026-07-01T16:00:00Z')).byStarLevel);

    await endNotices();
    expect(await byRollups()).toMatchObject({ starred: 2, byStarLevel: [1, 1, 0, 0, 0] });
    await ok(server, `mutation($i: RevokeStarAwardInput!) { revokeStarAward(input: $i) { id } }`, { i: { awardId: second, reason: '核查有误' } });
    expect(await byRollups()).toMatchObject({ starred: 2, byStarLevel: [2, 0, 0, 0, 0] });
    expect(await byRollups()).toEqual(await byLedger());
    expect(await rollupDrift()).toEqual([]);
  });

  it('keeps the subtree roll-ups in step when a courtyard moves back and forth while its hours are approved', async () => {
    const courtyard = (await ok(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: S.branch, code: 'VTS-RACE', name: '往返院' } })).createOrgUnit.id;
    const volunteers = await Promise.all(Array.from({ length: 5 }, () => registerOther(server, courtyard)));
    const pending: string[] = [];
    for (const v of volunteers) {
      for (const day of ['2026-05-04', '2026-05-21', '2026-06-12', '2026-04-29']) {
        pending.push((await ok(server, BACKFILL, { i: { volunteerId: v.id, organizationId: orgId, hours: 1, serviceDate: day, description: '补录' } })).backfillVolunteerHours.id);
      }
    }
    const MOVE = `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`;
    const moves = (async () => {
      const errors: unknown[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await server.gql(MOVE, { i: { id: courtyard, newParentId: i % 2 ? S.branch : T.branch } });
        if (res.body.errors) errors.push(res.body.errors);
      }
      return errors;
    })();
    const decisions = await Promise.all(pending.map((entryId) => server.gql(DECIDE, { i: { entryId, approve: true } }, cityAdmin.token)));
    expect(await moves).toEqual([]);
    expect(decisions.filter((r) => r.body.errors)).toEqual([]);
    // Eight moves: back under S.
    const quarter = await stats(S.street, undefined, ...Q2);
    expect(quarter).toEqual(await stats(S.street, undefined, Q2[0], '2026-07-01T16:00:00Z'));
    expect(await stats(courtyard, undefined, ...Q2)).toMatchObject({ registered: 5, hours: 20, activeVolunteers: 5 });
    expect(await rollupDrift()).toEqual([]);
  }, 300_000);
});
