import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../../src/modules/calendar/index.js';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { dbIdOf } from '../../support/matrix/world.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { addManager, approvedHours, createOrg, ok, refused, registerSelf, REGISTER, freshPhone } from '../../support/volunteers.js';

/** Stars awarded in order after a public notice, revocation; certificates with unguessable codes, anonymous checks, revocation. */
let server: TestServer;
let A: Street;
let B: Street;
let orgId: string;
let streetAdmin: { token: string; id: string };
let secretaryB: { token: string; id: string };
let orgManager: { token: string; id: string };

beforeAll(async () => {
  // Thresholds of 1-5 hours keep the fixtures small.
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000', STAR_THRESHOLDS: '1,2,3,4,5' });
  A = await buildStreet(server, 'VSA', 30, 110);
  B = await buildStreet(server, 'VSB', 32, 110);
  orgId = await createOrg(server, A.branch);
  streetAdmin = await createAccount(server, { username: 'vs-street-a', role: 'STREET_ADMIN', scopeUnitId: A.street });
  secretaryB = await createAccount(server, { username: 'vs-sec-b', role: 'SECRETARY', scopeUnitId: B.branch });
  orgManager = await registerResident(server, 'vs-manager');
  await addManager(server, orgId, orgManager.id);
});
afterAll(async () => {
  await server?.stop();
});

const AWARD = `mutation($i: AwardStarInput!) { awardStarLevel(input: $i) { id level awardedAt effectiveAt revoked } }`;
const REVOKE = `mutation($i: RevokeStarAwardInput!) { revokeStarAward(input: $i) { id level revoked } }`;
const STARS = `query($id: ID) { volunteer(id: $id) { starLevel eligibleStarLevel totalHours starAwards { level revoked } } }`;
const ISSUE = `mutation($i: IssueCertificateInput!) { issueVolunteerCertificate(input: $i) { number verificationCode hours starLevel revoked issuedBy { id } volunteer { id } } }`;
const CHECK = `query($n: String!, $c: String!) { checkVolunteerCertificate(number: $n, verificationCode: $c) { number valid volunteerName hours starLevel issuedByName issuedAt revoked } }`;
const REVOKE_CERT = `mutation($i: RevokeCertificateInput!) { revokeVolunteerCertificate(input: $i) { number revoked } }`;

/** A volunteer (a resident's own record, in street A, member of the organisation) with `hours` approved. */
async function volunteerWithHours(name: string, hours: number) {
  const user = await registerResident(server, `vs-${name}`);
  const data = await ok(server, REGISTER, { i: { name: '张三丰', phone: freshPhone(), unitId: A.courtyard, organizationIds: [orgId] } }, user.token);
  const id = data.registerVolunteer.id;
  if (hours > 0) await approvedHours(server, { volunteerId: id, organizationId: orgId, hours }, streetAdmin.token);
  return { ...user, volunteerId: id };
}

/** Ends every notice of a volunteer's awards, as if the five working days had passed. */
const endNotices = (volunteerId: string) =>
  server.dataSource.query(
    `UPDATE volunteer_star_award SET awarded_at = awarded_at - interval '30 days', effective_at = effective_at - interval '30 days' WHERE volunteer_id = $1`,
    [dbIdOf(volunteerId)],
  );

describe('stars', () => {
  it('awards one level more than the highest not revoked, up to the eligible level, after a 5-working-day notice', async () => {
    const v = await volunteerWithHours('stars', 2.5);
    expect((await ok(server, STARS, { id: v.volunteerId })).volunteer).toMatchObject({ starLevel: 0, eligibleStarLevel: 2, totalHours: 2.5 });
    expect((await refused(server, AWARD, { i: { volunteerId: v.volunteerId, level: 1 } }, orgManager.token)).code).toBe('FORBIDDEN');
    expect((await refused(server, AWARD, { i: { volunteerId: v.volunteerId, level: 1 } }, secretaryB.token)).code).toBe('NOT_FOUND');
    expect((await refused(server, AWARD, { i: { volunteerId: v.volunteerId, level: 2 } }, streetAdmin.token)).code).toBe('CONFLICT');

    const first = (await ok(server, AWARD, { i: { volunteerId: v.volunteerId, level: 1, note: '公示' } }, streetAdmin.token)).awardStarLevel;
    // The 5th workday of the calendar (test/integration/calendar shows holidays and overrides count).
    const notice = await server.app.get(WorkingCalendar).addWorkdays(new Date(first.awardedAt), 5);
    expect(new Date(first.effectiveAt).toISOString()).toBe(notice.toISOString());
    // Under notice: not counted yet, and no other award meanwhile.
    expect((await ok(server, STARS, { id: v.volunteerId })).volunteer.starLevel).toBe(0);
    expect((await refused(server, AWARD, { i: { volunteerId: v.volunteerId, level: 2 } }, streetAdmin.token)).code).toBe('CONFLICT');

    await endNotices(v.volunteerId);
    expect((await ok(server, STARS, { id: v.volunteerId })).volunteer.starLevel).toBe(1);
    const second = (await ok(server, AWARD, { i: { volunteerId: v.volunteerId, level: 2 } }, streetAdmin.token)).awardStarLevel;
    await endNotices(v.volunteerId);
    expect((await ok(server, STARS, { id: v.volunteerId })).volunteer.starLevel).toBe(2);
    // Level 3 needs 3 approved hours.
    expect((await refused(server, AWARD, { i: { volunteerId: v.volunteerId, level: 3 } }, streetAdmin.token)).code).toBe('CONFLICT');

    expect((await refused(server, REVOKE, { i: { awardId: second.id, reason: '不实' } }, orgManager.token)).code).toBe('FORBIDDEN');
    expect((await ok(server, REVOKE, { i: { awardId: second.id, reason: '材料不实' } }, streetAdmin.token)).revokeStarAward.revoked).toBe(true);
    expect((await refused(server, REVOKE, { i: { awardId: second.id, reason: '再撤' } }, streetAdmin.token)).code).toBe('CONFLICT');
    expect((await ok(server, STARS, { id: v.volunteerId })).volunteer).toMatchObject({
      starLevel: 1,
      starAwards: [{ level: 1, revoked: false }, { level: 2, revoked: true }],
    });
    // After a revocation the next award is again level 2.
    expect((await ok(server, AWARD, { i: { volunteerId: v.volunteerId, level: 2 } }, streetAdmin.token)).awardStarLevel.level).toBe(2);

    const audit = await server.dataSource.query(`SELECT action FROM audit_log WHERE target_type = 'StarAward' ORDER BY id`);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['VOLUNTEER_STAR_AWARDED', 'VOLUNTEER_STAR_AWARDED', 'VOLUNTEER_STAR_REVOKED', 'VOLUNTEER_STAR_AWARDED']);
  });
});

describe('certificates', () => {
  it('freezes the approved hours under an unguessable code that anyone can check, until revoked', async () => {
    const v = await volunteerWithHours('cert', 3);
    const stranger = await registerResident(server, 'vs-stranger');
    expect((await refused(server, ISSUE, { i: { volunteerId: v.volunteerId } }, stranger.token)).code).toBe('NOT_FOUND');
    const otherOrg = await createOrg(server, A.branch);
    expect((await refused(server, ISSUE, { i: { volunteerId: v.volunteerId, organizationId: otherOrg } }, orgManager.token)).code).toBe('FORBIDDEN');
    const cert = (await ok(server, ISSUE, { i: { volunteerId: v.volunteerId, organizationId: orgId } }, orgManager.token)).issueVolunteerCertificate;
    expect(cert).toMatchObject({ hours: 3, starLevel: 0, revoked: false, issuedBy: { id: orgId }, volunteer: { id: v.volunteerId } });
    // 16 characters of base32: 80 random bits.
    expect(cert.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const own = (await ok(server, ISSUE, { i: { volunteerId: v.volunteerId } }, v.token)).issueVolunteerCertificate;
    expect(own.number).not.toBe(cert.number);

    // Frozen: later hours do not change it.
    await approvedHours(server, { volunteerId: v.volunteerId, organizationId: orgId, hours: 1 }, streetAdmin.token);
    const checked = (await ok(server, CHECK, { n: cert.number, c: cert.verificationCode }, null)).checkVolunteerCertificate;
    expect(checked).toMatchObject({ number: cert.number, valid: true, volunteerName: '张**', hours: 3, starLevel: 0, revoked: false });
    expect(checked.issuedByName).toEqual(expect.any(String));
    const wrong = (await ok(server, CHECK, { n: cert.number, c: 'AAAAAAAAAAAAAAAA' }, null)).checkVolunteerCertificate;
    expect(wrong).toEqual({ number: cert.number, valid: false, volunteerName: null, hours: null, starLevel: null, issuedByName: null, issuedAt: null, revoked: null });

    // The volunteer and staff in scope see the certificates; a manager an empty list.
    const CERTS = `query($id: ID) { volunteer(id: $id) { certificates { number } } }`;
    expect((await ok(server, CERTS, { id: v.volunteerId }, v.token)).volunteer.certificates).toHaveLength(2);
    expect((await ok(server, CERTS, { id: v.volunteerId }, orgManager.token)).volunteer.certificates).toEqual([]);

    expect((await refused(server, REVOKE_CERT, { i: { number: cert.number, reason: '错发' } }, v.token)).code).toBe('FORBIDDEN');
    expect((await refused(server, REVOKE_CERT, { i: { number: cert.number, reason: '错发' } }, secretaryB.token)).code).toBe('NOT_FOUND');
    expect((await ok(server, REVOKE_CERT, { i: { number: cert.number, reason: '错发' } }, streetAdmin.token)).revokeVolunteerCertificate.revoked).toBe(true);
    const revoked = (await ok(server, CHECK, { n: cert.number, c: cert.verificationCode }, null)).checkVolunteerCertificate;
    expect(revoked).toMatchObject({ valid: false, revoked: true, volunteerName: null, hours: null });

    const audit = await server.dataSource.query(`SELECT action FROM audit_log WHERE target_type = 'VolunteerCertificate' ORDER BY id`);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['VOLUNTEER_CERTIFICATE_ISSUED', 'VOLUNTEER_CERTIFICATE_ISSUED', 'VOLUNTEER_CERTIFICATE_REVOKED']);
  });

  it('answers 30 checks a minute per address, then RATE_LIMITED', async () => {
    // 61 checks span at most two one-minute windows, so one of them sees a 31st.
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 61; i++) {
      const res = await server.gql(CHECK, { n: 'VC0000000000', c: 'X' }, null);
      codes.push(res.body.errors?.[0]?.extensions?.code);
      if (codes.at(-1) === 'RATE_LIMITED') {
        expect(res.body.data?.checkVolunteerCertificate ?? null).toBeNull();
        break;
      }
    }
    expect(codes.at(-1)).toBe('RATE_LIMITED');
    expect(codes.slice(0, -1).every((c) => c === undefined)).toBe(true);
  });
});
