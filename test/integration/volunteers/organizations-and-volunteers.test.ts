import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { addManager, CREATE_ORG, createOrg, freshPhone, ok, refused, REGISTER, registerOther, registerSelf } from '../../support/volunteers.js';

/** Who manages an organisation, registration (self, by staff, linking later), rights over a volunteer and who sees them. */
let server: TestServer;
let A: Street;
let B: Street;
let streetAdmin: { token: string; id: string };
let secretaryB: { token: string; id: string };
let manager: { token: string; id: string };
let stranger: { token: string; id: string };

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  A = await buildStreet(server, 'VOA', 30, 110);
  B = await buildStreet(server, 'VOB', 32, 110);
  streetAdmin = await createAccount(server, { username: 'vo-street-a', role: 'STREET_ADMIN', scopeUnitId: A.street });
  secretaryB = await createAccount(server, { username: 'vo-sec-b', role: 'SECRETARY', scopeUnitId: B.branch });
  manager = await registerResident(server, 'vo-manager');
  stranger = await registerResident(server, 'vo-stranger');
});
afterAll(async () => {
  await server?.stop();
});

const ORG = `query($id: ID!) { node(id: $id) { ... on VolunteerOrganization { id contactPhone managers { id } volunteerCount } } }`;
const UPDATE_ORG = `mutation($i: UpdateVolunteerOrganizationInput!) { updateVolunteerOrganization(input: $i) { id name contactName } }`;
const MANAGER = (op: string) => `mutation($i: OrganizationManagerInput!) { ${op}(input: $i) { id managers { id } } }`;
const UPDATE = `mutation($i: UpdateVolunteerInput!) { updateVolunteer(input: $i) { id name phone active skills unit { id } } }`;
const LINK = `mutation($i: LinkVolunteerAccountInput!) { linkVolunteerAccount(input: $i) { id user { id } } }`;
const JOIN = `mutation($i: VolunteerMembershipInput!) { joinVolunteerOrganization(input: $i) { id organizations { id } } }`;
const LEAVE = `mutation($i: VolunteerMembershipInput!) { leaveVolunteerOrganization(input: $i) { id organizations { id } } }`;
const LOOKUP = `query($id: ID, $number: String) { volunteer(id: $id, number: $number) { id number phone } }`;

describe('who manages an organisation', () => {
  it('lets only a CITY_ADMIN create a PROFESSIONAL organisation, and staff in scope the other kinds', async () => {
    const professional = { name: '红十字会', kind: 'PROFESSIONAL', unitId: A.street };
    expect((await refused(server, CREATE_ORG, { i: professional }, streetAdmin.token)).code).toBe('FORBIDDEN');
    expect((await ok(server, CREATE_ORG, { i: professional })).createVolunteerOrganization.kind).toBe('PROFESSIONAL');
    const team = { name: '学雷锋服务队', kind: 'LEI_FENG_TEAM', unitId: A.branch };
    expect((await ok(server, CREATE_ORG, { i: team }, streetAdmin.token)).createVolunteerOrganization.kind).toBe('LEI_FENG_TEAM');
    expect((await refused(server, CREATE_ORG, { i: { ...team, unitId: B.branch } }, streetAdmin.token)).code).toBe('NOT_FOUND');
    expect((await refused(server, CREATE_ORG, { i: team }, stranger.token)).code).toBe('FORBIDDEN');
  });

  it('has managers named by staff in scope; a manager changes the organisation but may not name managers', async () => {
    const orgId = await createOrg(server, A.branch, { contactPhone: '13700001111' }, streetAdmin.token);
    const added = await ok(server, MANAGER('addOrganizationManager'), { i: { organizationId: orgId, userId: manager.id } }, streetAdmin.token);
    // `managers` lists only users the caller may see: a resident's account is not the street admin's to see.
    expect(added.addOrganizationManager.managers).toEqual([]);
    expect((await ok(server, ORG, { id: orgId })).node.managers).toEqual([{ id: manager.id }]);
    expect((await ok(server, ORG, { id: orgId }, manager.token)).node.managers).toEqual([{ id: manager.id }]);
    expect((await refused(server, MANAGER('addOrganizationManager'), { i: { organizationId: orgId, userId: stranger.id } }, manager.token)).code).toBe('FORBIDDEN');
    expect((await refused(server, MANAGER('addOrganizationManager'), { i: { organizationId: orgId, userId: stranger.id } }, secretaryB.token)).code).toBe('FORBIDDEN');

    const updated = await ok(server, UPDATE_ORG, { i: { id: orgId, contactName: '王主任' } }, manager.token);
    expect(updated.updateVolunteerOrganization.contactName).toBe('王主任');
    expect((await refused(server, UPDATE_ORG, { i: { id: orgId, name: 'x' } }, stranger.token)).code).toBe('FORBIDDEN');

    // Everyone reads it; the contact phone in full only for those who manage it.
    expect((await ok(server, ORG, { id: orgId }, manager.token)).node.contactPhone).toBe('13700001111');
    expect((await ok(server, ORG, { id: orgId }, stranger.token)).node.contactPhone).toBe('137****1111');

    await ok(server, MANAGER('removeOrganizationManager'), { i: { organizationId: orgId, userId: manager.id } }, streetAdmin.token);
    expect((await ok(server, ORG, { id: orgId })).node.managers).toEqual([]);
    expect((await refused(server, UPDATE_ORG, { i: { id: orgId, name: 'x' } }, manager.token)).code).toBe('FORBIDDEN');

    const audit = await server.dataSource.query(`SELECT action FROM audit_log WHERE target_type = 'VolunteerOrganization' ORDER BY id`);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['VOLUNTEER_ORG_MANAGER_ADDED', 'VOLUNTEER_ORG_MANAGER_REMOVED']);
  });
});

describe('registration', () => {
  it('registers a user once (CONFLICT the second time), with a number that is unique and never reused', async () => {
    const user = await registerResident(server, 'vo-self');
    const first = await ok(server, REGISTER, { i: { name: '李四', phone: freshPhone(), unitId: B.courtyard } }, user.token);
    expect(first.registerVolunteer.user).toEqual({ id: user.id });
    expect(first.registerVolunteer.number).toMatch(/^V\d{9}$/);
    expect((await refused(server, REGISTER, { i: { name: '李四', phone: freshPhone(), unitId: B.courtyard } }, user.token)).code).toBe('CONFLICT');
    const mine = await ok(server, `{ myVolunteer { id number } }`, {}, user.token);
    expect(mine.myVolunteer).toEqual({ id: first.registerVolunteer.id, number: first.registerVolunteer.number });
    const numbers = await server.dataSource.query(`SELECT count(DISTINCT number)::int AS d, count(*)::int AS n FROM volunteer`);
    expect(numbers[0].d).toBe(numbers[0].n);
  });

  it('lets staff register someone else in their scope, without an account; others may not', async () => {
    const other = await ok(server, REGISTER, { i: { forSomeoneElse: true, name: '王五', phone: freshPhone(), unitId: A.courtyard } }, streetAdmin.token);
    expect(other.registerVolunteer.user).toBeNull();
    expect((await refused(server, REGISTER, { i: { forSomeoneElse: true, name: '王五', phone: freshPhone(), unitId: B.courtyard } }, streetAdmin.token)).code).toBe('NOT_FOUND');
    expect((await refused(server, REGISTER, { i: { forSomeoneElse: true, name: '王五', phone: freshPhone(), unitId: A.courtyard } }, stranger.token)).code).toBe('FORBIDDEN');
    const bad = await refused(server, REGISTER, { i: { forSomeoneElse: true, name: '王五', phone: '0374-2345678', unitId: A.courtyard } }, streetAdmin.token);
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'phone' });
  });

  it('keeps a phone unique among active volunteers only', async () => {
    const phone = freshPhone();
    const first = await registerOther(server, A.courtyard, { phone });
    expect((await refused(server, REGISTER, { i: { forSomeoneElse: true, name: '重复', phone, unitId: A.courtyard } })).code).toBe('CONFLICT');
    await ok(server, UPDATE, { i: { id: first.id, active: false } });
    const second = await registerOther(server, A.courtyard, { phone });
    expect(second.number).not.toBe(first.number);
  });

  it('links a staff-registered record to the account of the same person, once', async () => {
    const person = await registerResident(server, 'vo-linked');
    const record = await registerOther(server, A.courtyard, {}, streetAdmin.token);
    expect((await refused(server, LINK, { i: { volunteerId: record.id, userId: person.id } }, stranger.token)).code).toBe('NOT_FOUND');
    await ok(server, LINK, { i: { volunteerId: record.id, userId: person.id } }, streetAdmin.token);
    expect((await ok(server, LINK, { i: { volunteerId: record.id, userId: person.id } })).linkVolunteerAccount.user).toEqual({ id: person.id });
    expect((await ok(server, `{ myVolunteer { id } }`, {}, person.token)).myVolunteer).toEqual({ id: record.id });
    // The account has a record now: another record cannot take it.
    const another = await registerOther(server, A.courtyard, {}, streetAdmin.token);
    expect((await refused(server, LINK, { i: { volunteerId: another.id, userId: person.id } }, streetAdmin.token)).code).toBe('CONFLICT');
  });
});

describe('rights over a volunteer, visibility and masking', () => {
  it('lets the volunteer change name and skills, staff in scope everything, and hides them from others', async () => {
    const user = await registerResident(server, 'vo-rights');
    const v = await registerSelf(server, user.token, A.courtyard);
    const renamed = await ok(server, UPDATE, { i: { id: v.id, name: '新名字', skills: ['CLEANING'] } }, user.token);
    expect(renamed.updateVolunteer).toMatchObject({ name: '新名字', skills: ['CLEANING'] });
    expect((await refused(server, UPDATE, { i: { id: v.id, phone: freshPhone() } }, user.token)).code).toBe('FORBIDDEN');
    const phone = freshPhone();
    const byStaff = await ok(server, UPDATE, { i: { id: v.id, phone, unitId: A.emptyCourtyard } }, streetAdmin.token);
    expect(byStaff.updateVolunteer).toMatchObject({ phone, unit: { id: A.emptyCourtyard } });
    expect((await refused(server, UPDATE, { i: { id: v.id, name: 'x' } }, stranger.token)).code).toBe('NOT_FOUND');
    expect((await refused(server, UPDATE, { i: { id: v.id, name: 'x' } }, secretaryB.token)).code).toBe('NOT_FOUND');
    expect((await ok(server, LOOKUP, { id: v.id }, stranger.token)).volunteer).toBeNull();
    expect((await ok(server, LOOKUP, { number: v.number }, secretaryB.token)).volunteer).toBeNull();
    expect((await ok(server, LOOKUP, { number: v.number }, streetAdmin.token)).volunteer).toEqual({ id: v.id, number: v.number, phone });
  });

  it("shows a volunteer to the managers of their organisations, who may add and remove them but not change them", async () => {
    const orgId = await createOrg(server, A.branch);
    const orgManager = await registerResident(server, 'vo-org-manager');
    await addManager(server, orgId, orgManager.id);
    const user = await registerResident(server, 'vo-member');
    const v = await registerSelf(server, user.token, A.courtyard);
    expect((await ok(server, LOOKUP, { id: v.id }, orgManager.token)).volunteer).toBeNull();
    const joined = await ok(server, JOIN, { i: { volunteerId: v.id, organizationId: orgId } }, orgManager.token);
    expect(joined.joinVolunteerOrganization.organizations).toEqual([{ id: orgId }]);
    const seen = await ok(server, LOOKUP, { id: v.id }, orgManager.token);
    expect(seen.volunteer.phone).toMatch(/^139\d{8}$/);
    expect((await refused(server, UPDATE, { i: { id: v.id, name: 'x' } }, orgManager.token)).code).toBe('FORBIDDEN');
    expect((await ok(server, ORG, { id: orgId }, orgManager.token)).node.volunteerCount).toBe(1);
    // The volunteer leaves by themself; a stranger may not touch the memberships.
    expect((await refused(server, JOIN, { i: { volunteerId: v.id, organizationId: orgId } }, stranger.token)).code).toBe('NOT_FOUND');
    const left = await ok(server, LEAVE, { i: { volunteerId: v.id, organizationId: orgId } }, user.token);
    expect(left.leaveVolunteerOrganization.organizations).toEqual([]);
    expect((await ok(server, LOOKUP, { id: v.id }, orgManager.token)).volunteer).toBeNull();
  });

  it('lists only the volunteers the caller may see', async () => {
    const inB = await registerOther(server, B.courtyard, {}, secretaryB.token);
    const LIST = `query($f: VolunteerFilter) { volunteers(filter: $f, first: 100) { nodes { id } totalCount } }`;
    const asB = await ok(server, LIST, { f: {} }, secretaryB.token);
    expect(asB.volunteers.nodes.map((n: { id: string }) => n.id)).toContain(inB.id);
    const asA = await ok(server, LIST, { f: {} }, streetAdmin.token);
    expect(asA.volunteers.nodes.map((n: { id: string }) => n.id)).not.toContain(inB.id);
    expect(asA.volunteers.totalCount).toBe(asA.volunteers.nodes.length);
    const asStranger = await ok(server, LIST, { f: {} }, stranger.token);
    expect(asStranger.volunteers.totalCount).toBe(0);
  });
});
