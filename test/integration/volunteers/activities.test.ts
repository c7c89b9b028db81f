import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoCheckoutWorker } from '../../../src/modules/volunteers/index.js';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { dbIdOf } from '../../support/matrix/world.js';
import {
  addManager,
  BACKFILL,
  CHECK_IN,
  CHECK_OUT,
  CREATE_ACTIVITY,
  createActivity,
  createOrg,
  ok,
  refused,
  registerOther,
  registerSelf,
  SIGN_UP,
} from '../../support/volunteers.js';

/** Activities: capacity under concurrency, sign-up and cancel, check-in windows, codes and their try limit, 代签, automatic check-out. */
let server: TestServer;
let A: Street;
let orgId: string;
let organiser: { token: string; id: string };

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  A = await buildStreet(server, 'VAA', 30, 110);
  orgId = await createOrg(server, A.branch);
  organiser = await registerResident(server, 'va-organiser');
  await addManager(server, orgId, organiser.id);
});
afterAll(async () => {
  await server?.stop();
});

const ACTIVITY = `query($id: ID!) { node(id: $id) { ... on VolunteerActivity { id signupCount checkInCode signups(first: 100) { totalCount nodes { status volunteer { id } } } } } }`;
const CANCEL = `mutation($i: SignUpInput!) { cancelSignup(input: $i) { id status } }`;
const ledger = (volunteerId: string) =>
  server.dataSource.query(`SELECT tenths, source, status FROM volunteer_hours_entry WHERE volunteer_id = $1 ORDER BY id`, [dbIdOf(volunteerId)]);

async function participant(name: string) {
  const user = await registerResident(server, name);
  const v = await registerSelf(server, user.token, A.courtyard);
  return { ...user, volunteerId: v.id };
}

describe('creating activities', () => {
  it("refuses a unit outside the organisation's unit's subtree, and a non-organiser", async () => {
    const input = { organizationId: orgId, unitId: A.general, title: '义诊', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), capacity: 3 };
    expect(await refused(server, CREATE_ACTIVITY, { i: input }, organiser.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'unitId' });
    const stranger = await registerResident(server, 'va-stranger');
    expect((await refused(server, CREATE_ACTIVITY, { i: { ...input, unitId: A.courtyard } }, stranger.token)).code).toBe('FORBIDDEN');
    const created = await ok(server, CREATE_ACTIVITY, { i: { ...input, unitId: A.courtyard } }, organiser.token);
    expect(created.createVolunteerActivity.checkInCode).toMatch(/^\d{6}$/);
    // Published: everyone sees it, only organisers see the code.
    const seen = await ok(server, ACTIVITY, { id: created.createVolunteerActivity.id }, stranger.token);
    expect(seen.node).toMatchObject({ id: created.createVolunteerActivity.id, checkInCode: null });
  });
});

describe('changing activities', () => {
  it('refuses a stale expectedVersion and a capacity below the sign-ups', async () => {
    const UPDATE = `mutation($i: UpdateVolunteerActivityInput!) { updateVolunteerActivity(input: $i) { id version capacity } }`;
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: 60, minutes: 60, capacity: 3 }, organiser.token);
    const changed = await ok(server, UPDATE, { i: { id: activity.id, capacity: 4, expectedVersion: activity.version } }, organiser.token);
    expect(changed.updateVolunteerActivity).toMatchObject({ version: activity.version + 1, capacity: 4 });
    expect((await refused(server, UPDATE, { i: { id: activity.id, capacity: 5, expectedVersion: activity.version } }, organiser.token)).code).toBe('CONFLICT');
    const p = await participant('va-capacity');
    await ok(server, SIGN_UP, { i: { activityId: activity.id } }, p.token);
    const q = await participant('va-capacity-2');
    await ok(server, SIGN_UP, { i: { activityId: activity.id } }, q.token);
    expect(await refused(server, UPDATE, { i: { id: activity.id, capacity: 1 } }, organiser.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'capacity' });
  });
});

describe('sign-up', () => {
  it('never exceeds capacity: 20 volunteers signing up at once for 5 places give exactly 5 sign-ups', async () => {
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: 60, minutes: 60, capacity: 5 }, organiser.token);
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => participant(`va-race-${i}`)));
    const results = await Promise.all(people.map((p) => server.gql(SIGN_UP, { i: { activityId: activity.id } }, p.token)));
    const accepted = results.filter((r) => r.body.data?.signUpForActivity);
    const codes = results.filter((r) => r.body.errors).map((r) => r.body.errors![0].extensions?.code);
    expect(accepted).toHaveLength(5);
    expect(codes).toEqual(Array(15).fill('CONFLICT'));
    const [row] = await server.dataSource.query(
      `SELECT a.signup_count, (SELECT count(*)::int FROM volunteer_signup s WHERE s.activity_id = a.id AND s.status <> 'CANCELLED') AS live
         FROM volunteer_activity a WHERE a.id = $1`,
      [dbIdOf(activity.id)],
    );
    expect(row).toEqual({ signup_count: 5, live: 5 });
  }, 300_000);

  it('refuses signing up twice, lets a cancelled sign-up come back, and cancels only before the start', async () => {
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: 60, minutes: 60, capacity: 1 }, organiser.token);
    const p = await participant('va-twice');
    await ok(server, SIGN_UP, { i: { activityId: activity.id } }, p.token);
    expect((await refused(server, SIGN_UP, { i: { activityId: activity.id } }, p.token)).code).toBe('CONFLICT');
    expect((await ok(server, CANCEL, { i: { activityId: activity.id } }, p.token)).cancelSignup.status).toBe('CANCELLED');
    expect((await ok(server, SIGN_UP, { i: { activityId: activity.id } }, p.token)).signUpForActivity.status).toBe('SIGNED_UP');
    // Full now.
    const q = await participant('va-full');
    expect((await refused(server, SIGN_UP, { i: { activityId: activity.id } }, q.token)).code).toBe('CONFLICT');

    const started = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: -10, minutes: 60 }, organiser.token);
    await ok(server, SIGN_UP, { i: { activityId: started.id } }, p.token);
    expect((await refused(server, CANCEL, { i: { activityId: started.id } }, p.token)).code).toBe('CONFLICT');
    const ended = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: -120, minutes: 60 }, organiser.token);
    expect((await refused(server, SIGN_UP, { i: { activityId: ended.id } }, p.token)).code).toBe('CONFLICT');
  });

  it('shows a participant only their own sign-up; the organiser sees all', async () => {
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: 60, minutes: 60 }, organiser.token);
    const p = await participant('va-own-1');
    const q = await participant('va-own-2');
    await ok(server, SIGN_UP, { i: { activityId: activity.id } }, p.token);
    await ok(server, SIGN_UP, { i: { activityId: activity.id } }, q.token);
    const asP = await ok(server, ACTIVITY, { id: activity.id }, p.token);
    expect(asP.node.signups.nodes).toEqual([{ status: 'SIGNED_UP', volunteer: { id: p.volunteerId } }]);
    expect((await ok(server, ACTIVITY, { id: activity.id }, organiser.token)).node.signups.totalCount).toBe(2);
  });
});

describe('check-in and check-out', () => {
  it('opens check-in 30 minutes before the start and closes it at the end (CONFLICT outside)', async () => {
    const p = await participant('va-window');
    const early = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: 40, minutes: 60 }, organiser.token);
    await ok(server, SIGN_UP, { i: { activityId: early.id } }, p.token);
    expect((await refused(server, CHECK_IN, { i: { activityId: early.id, code: early.checkInCode } }, p.token)).code).toBe('CONFLICT');
    const soon = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: 20, minutes: 60 }, organiser.token);
    await ok(server, SIGN_UP, { i: { activityId: soon.id } }, p.token);
    expect((await ok(server, CHECK_IN, { i: { activityId: soon.id, code: soon.checkInCode } }, p.token)).checkIn.status).toBe('CHECKED_IN');
    expect((await refused(server, CHECK_IN, { i: { activityId: soon.id, code: soon.checkInCode } }, p.token)).code).toBe('CONFLICT');
  });

  it('refuses a wrong code as BAD_USER_INPUT on code, and after 5 wrong codes any try is RATE_LIMITED', async () => {
    const p = await participant('va-codes');
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: -5, minutes: 60 }, organiser.token);
    await ok(server, SIGN_UP, { i: { activityId: activity.id } }, p.token);
    const wrong = activity.checkInCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect(await refused(server, CHECK_IN, { i: { activityId: activity.id, code: wrong } }, p.token)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    }
    expect((await refused(server, CHECK_IN, { i: { activityId: activity.id, code: activity.checkInCode } }, p.token)).code).toBe('RATE_LIMITED');
    // Ten minutes later (the failures aged in the database) the right code works.
    await server.dataSource.query(`UPDATE volunteer_code_failure SET at = at - interval '11 minutes'`);
    expect((await ok(server, CHECK_IN, { i: { activityId: activity.id, code: activity.checkInCode } }, p.token)).checkIn.status).toBe('CHECKED_IN');
  });

  it('lets an organiser sign up, check in and out a named volunteer without a code (代签), and others not', async () => {
    const v = await registerOther(server, A.courtyard);
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: -60, minutes: 120 }, organiser.token);
    const other = await participant('va-not-organiser');
    expect((await refused(server, SIGN_UP, { i: { activityId: activity.id, volunteerId: v.id } }, other.token)).code).toBe('FORBIDDEN');
    await ok(server, SIGN_UP, { i: { activityId: activity.id, volunteerId: v.id } }, organiser.token);
    await ok(server, CHECK_IN, { i: { activityId: activity.id, volunteerId: v.id } }, organiser.token);
    // Checked in an hour and a half ago (the clock moved by hand).
    await server.dataSource.query(`UPDATE volunteer_signup SET checked_in_at = now() - interval '90 minutes' WHERE volunteer_id = $1`, [dbIdOf(v.id)]);
    const out = await ok(server, CHECK_OUT, { i: { activityId: activity.id, volunteerId: v.id } }, organiser.token);
    expect(out.checkOut.status).toBe('COMPLETED');
    // The overlap with the activity: from its start (an hour ago) to now, rounded down to a tenth.
    expect(await ledger(v.id)).toEqual([{ tenths: 10, source: 'CHECK_IN', status: 'APPROVED' }]);
    expect((await ok(server, `query($id: ID) { volunteer(id: $id) { totalHours } }`, { id: v.id })).volunteer.totalHours).toBe(1);
  });

  it("records at check-out at most what is left of the activity's length after other hours for it", async () => {
    const v = await registerOther(server, A.courtyard);
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: -110, minutes: 120 }, organiser.token);
    await ok(server, BACKFILL, { i: { volunteerId: v.id, organizationId: orgId, activityId: activity.id, hours: 1.5, serviceDate: '2026-01-01', description: '前半场' } });
    await ok(server, SIGN_UP, { i: { activityId: activity.id, volunteerId: v.id } }, organiser.token);
    await ok(server, CHECK_IN, { i: { activityId: activity.id, volunteerId: v.id } }, organiser.token);
    await server.dataSource.query(`UPDATE volunteer_signup SET checked_in_at = now() - interval '100 minutes' WHERE volunteer_id = $1`, [dbIdOf(v.id)]);
    await ok(server, CHECK_OUT, { i: { activityId: activity.id, volunteerId: v.id } }, organiser.token);
    expect(await ledger(v.id)).toEqual([
      { tenths: 15, source: 'BACKFILL', status: 'PENDING' },
      { tenths: 5, source: 'CHECK_IN', status: 'APPROVED' },
    ]);
    // Nothing is left: a further back-fill for it is refused.
    const more = await refused(server, BACKFILL, { i: { volunteerId: v.id, organizationId: orgId, activityId: activity.id, hours: 0.1, serviceDate: '2026-01-01', description: '再补' } });
    expect(more).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hours' });
  });

  it('checks out automatically, at the end, a sign-up still checked in 2 hours after it, once', async () => {
    const p = await participant('va-auto');
    const activity = await createActivity(server, { organizationId: orgId, unitId: A.courtyard, fromNowMin: -10, minutes: 60 }, organiser.token);
    await ok(server, SIGN_UP, { i: { activityId: activity.id } }, p.token);
    await ok(server, CHECK_IN, { i: { activityId: activity.id, code: activity.checkInCode } }, p.token);
    // Move the whole activity 3 hours back: it ended an hour before the check-out window closed.
    await server.dataSource.query(
      `UPDATE volunteer_activity SET starts_at = starts_at - interval '3 hours', ends_at = ends_at - interval '3 hours' WHERE id = $1`,
      [dbIdOf(activity.id)],
    );
    await server.dataSource.query(`UPDATE volunteer_signup SET checked_in_at = checked_in_at - interval '3 hours' WHERE activity_id = $1`, [dbIdOf(activity.id)]);
    expect((await refused(server, CHECK_OUT, { i: { activityId: activity.id, code: activity.checkInCode } }, p.token)).code).toBe('CONFLICT');
    const worker = server.app.get(AutoCheckoutWorker);
    await Promise.all([worker.runOnce(), worker.runOnce()]);
    const [signup] = await server.dataSource.query(
      `SELECT s.status, s.checked_out_at = a.ends_at AS at_end FROM volunteer_signup s JOIN volunteer_activity a ON a.id = s.activity_id WHERE s.activity_id = $1`,
      [dbIdOf(activity.id)],
    );
    expect(signup).toEqual({ status: 'COMPLETED', at_end: true });
    const entries = await ledger(p.volunteerId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: 'CHECK_IN', status: 'APPROVED' });
    expect(entries[0].tenths).toBeGreaterThanOrEqual(8);
    expect(entries[0].tenths).toBeLessThanOrEqual(10);
  });
});
