import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { CaseEnv, OperationEntry, Outcome, Prepared, Variant } from './cases.js';
import { freshRequest } from './requests.js';
import { asAdmin, dbIdOf, freshAccountOfRole, freshResident, uniq, type Ref, type RoleName, type Scope, type SignedInRole } from './world.js';

/**
 * The volunteer operations of the authorization matrix (merged into CASES). Targets are made
 * as the bootstrap CITY_ADMIN in `env.street`: organisations at the street's branch (the
 * SECRETARY's subtree in street A), volunteers and activities in its courtyard. Outcomes follow
 * the README's "Volunteers": organisations and PUBLISHED activities are seen by everyone
 * signed in (a refusal on them is FORBIDDEN), a volunteer only by themself, staff in scope and
 * their organisations' managers (NOT_FOUND for anyone else).
 */

type Cell = Outcome | readonly [Outcome, Outcome];
/**
 * As cases.ts's `rule` (not imported: cases.ts imports this file). The INSPECTOR, when not
 * given, fares as the RESIDENT: neither is staff of the volunteer service.
 */
function rule(cells: Omit<Record<SignedInRole, Cell>, 'INSPECTOR'> & { ANONYMOUS?: Cell; INSPECTOR?: Cell }): Variant['expect'] {
  return (role: RoleName, scope: Scope) => {
    const cell =
      role === 'ANONYMOUS' ? (cells.ANONYMOUS ?? 'UNAUTHENTICATED') : role === 'INSPECTOR' ? (cells.INSPECTOR ?? cells.RESIDENT) : cells[role];
    return typeof cell === 'string' ? cell : cell[scope === 'in' ? 0 : 1];
  };
}

const OK = 'OK' as const;
const F = 'FORBIDDEN' as const;
const NF = 'NOT_FOUND' as const;
const HID = 'HIDDEN' as const;

const SIGNED_IN = rule({ CITY_ADMIN: OK, STREET_ADMIN: OK, SECRETARY: OK, RESPONDER: OK, RESIDENT: OK });
const EVERYONE = rule({ ANONYMOUS: OK, CITY_ADMIN: OK, STREET_ADMIN: OK, SECRETARY: OK, RESPONDER: OK, RESIDENT: OK });
/** Staff in scope; out of scope NOT_FOUND; RESPONDER and RESIDENT FORBIDDEN. */
const STAFF_IN_SCOPE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], RESPONDER: F, RESIDENT: F });
/** On something everyone sees (an organisation, a published activity): organisers only, FORBIDDEN for the rest. */
const ORGANISERS_OF_VISIBLE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, F], SECRETARY: [OK, F], RESPONDER: F, RESIDENT: F });
/** On a volunteer (or their entries): staff in scope; everyone else does not see them. */
const STAFF_OVER_VOLUNTEER = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], RESPONDER: NF, RESIDENT: NF });
/** Reads of a volunteer: staff in scope see them, nobody else. */
const SEES_VOLUNTEER = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, HID], SECRETARY: [OK, HID], RESPONDER: HID, RESIDENT: HID });
const CITY_ADMIN_ONLY = rule({ CITY_ADMIN: OK, STREET_ADMIN: F, SECRETARY: F, RESPONDER: F, RESIDENT: F });

let phones = randomInt(0, 10_000_000);
const freshPhone = () => `137${String((phones += 1) % 100_000_000).padStart(8, '0')}`;

// ---- throwaway targets (as the bootstrap CITY_ADMIN) ------------------------------------------

async function freshOrg(env: CaseEnv, unitId = env.street.branch.id): Promise<Ref> {
  const data = await asAdmin(env.world.server, `mutation($i: CreateVolunteerOrganizationInput!) { createVolunteerOrganization(input: $i) { id } }`, {
    i: { name: uniq('mx-org'), kind: 'COMMUNITY', unitId },
  });
  return { id: data.createVolunteerOrganization.id, dbId: dbIdOf(data.createVolunteerOrganization.id) };
}

async function freshVolunteer(env: CaseEnv, extra: Record<string, unknown> = {}): Promise<Ref & { number: string }> {
  const data = await asAdmin(env.world.server, `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id number } }`, {
    i: { forSomeoneElse: true, name: '志愿者', phone: freshPhone(), unitId: env.street.courtyard.id, ...extra },
  });
  return { id: data.registerVolunteer.id, dbId: dbIdOf(data.registerVolunteer.id), number: data.registerVolunteer.number };
}

async function freshActivity(env: CaseEnv, org: Ref, fromNowMin = 60, minutes = 120): Promise<Ref & { version: number }> {
  const startsAt = new Date(Date.now() + fromNowMin * 60_000);
  const data = await asAdmin(env.world.server, `mutation($i: CreateVolunteerActivityInput!) { createVolunteerActivity(input: $i) { id version } }`, {
    i: {
      organizationId: org.id,
      unitId: env.street.courtyard.id,
      title: uniq('mx-act'),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
      capacity: 10,
    },
  });
  return { id: data.createVolunteerActivity.id, dbId: dbIdOf(data.createVolunteerActivity.id), version: data.createVolunteerActivity.version };
}

async function adminDo(env: CaseEnv, mutation: string, inputType: string, input: Record<string, unknown>, fields = 'id'): Promise<any> {
  return (await asAdmin(env.world.server, `mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${fields} } }`, { i: input }))[mutation];
}

/** A PENDING back-fill recorded by the street's courtyard SECRETARY (`peer`), for an organisation of that courtyard. */
async function pendingEntry(env: CaseEnv): Promise<{ entry: Ref; org: Ref; volunteer: Ref }> {
  const org = await freshOrg(env, env.street.courtyard.id);
  const volunteer = await freshVolunteer(env);
  const peerToken = await env.world.server.login(env.street.peer.username, env.street.peer.password);
  const res = await env.world.server.gql(
    `mutation($i: BackfillHoursInput!) { backfillVolunteerHours(input: $i) { id } }`,
    { i: { volunteerId: volunteer.id, organizationId: org.id, hours: 2, serviceDate: '2026-01-10', description: '补录' } },
    peerToken,
  );
  const id = res.body.data?.backfillVolunteerHours?.id;
  if (!id) throw new Error(`back-fill fixture failed: ${JSON.stringify(res.body.errors)}`);
  return { entry: { id, dbId: dbIdOf(id) }, org, volunteer };
}

async function volunteerWithHours(env: CaseEnv, tenths: number): Promise<Ref> {
  const volunteer = await freshVolunteer(env);
  const org = await freshOrg(env);
  // Approved back-fills of 24 h, written straight into the ledger (the API route is tested elsewhere).
  await env.sql(
    `INSERT INTO volunteer_hours_entry (volunteer_id, tenths, source, status, service_date, description, org_id, decided_at)
     SELECT $1, 240, 'BACKFILL', 'APPROVED', '2026-01-01', 'fixture', $2, now() FROM generate_series(1, $3)`,
    [volunteer.dbId, org.dbId, Math.ceil(tenths / 240)],
  );
  return volunteer;
}

const rowOf = async (env: CaseEnv, sql: string, params: unknown[]) => (await env.sql(sql, params))[0];

/** A variant whose call is one mutation with `input`, checked by `ok`. */
function mutationVariant(
  name: string,
  expectation: Variant['expect'],
  mutation: string,
  inputType: string,
  fields: string,
  make: (env: CaseEnv) => Promise<{ input: Record<string, unknown>; ok: (result: any) => unknown; token?: string | null }>,
): Variant {
  return {
    name,
    expect: expectation,
    prepare: async (env): Promise<Prepared> => {
      const made = await make(env);
      return { query: `mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${fields} } }`, variables: { i: made.input }, ok: made.ok, token: made.token };
    },
  };
}

// ---- the cases --------------------------------------------------------------------------------

export const VOLUNTEER_CASES: Record<string, OperationEntry> = {
  volunteer: {
    kind: 'query',
    variants: [
      {
        name: 'a staff-registered volunteer of a courtyard, by id',
        expect: SEES_VOLUNTEER,
        prepare: async (env) => {
          const v = await freshVolunteer(env);
          return {
            query: `query($id: ID) { volunteer(id: $id) { id number } }`,
            variables: { id: v.id },
            ok: (result) => expect(result).toEqual({ id: v.id, number: v.number }),
            hidden: (result) => expect(result).toBeNull(),
          };
        },
      },
    ],
  },

  myVolunteer: {
    kind: 'query',
    variants: [
      {
        name: 'their own record (a throwaway account of the role that registered itself)',
        expect: SIGNED_IN,
        prepare: async (env) => {
          const query = `{ myVolunteer { id } }`;
          if (env.role === 'ANONYMOUS') return { query };
          const account = await freshAccountOfRole(env.world, env.role, env.street);
          const res = await env.world.server.gql(
            `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id } }`,
            { i: { name: '我', phone: freshPhone(), unitId: env.street.courtyard.id } },
            account.token,
          );
          const id = res.body.data?.registerVolunteer?.id;
          if (!id) throw new Error(JSON.stringify(res.body.errors));
          return { query, token: account.token, ok: (result) => expect(result).toEqual({ id }) };
        },
      },
    ],
  },

  volunteers: {
    kind: 'query',
    variants: [
      {
        name: "the courtyard's volunteers",
        expect: SEES_VOLUNTEER,
        prepare: async (env) => {
          const v = await freshVolunteer(env);
          const ids = (list: any) => list.nodes.map((n: { id: string }) => n.id);
          return {
            query: `query($f: VolunteerFilter) { volunteers(filter: $f, first: 100) { nodes { id } totalCount } }`,
            variables: { f: { unitId: env.street.courtyard.id } },
            ok: (list) => expect(ids(list)).toContain(v.id),
            hidden: (list) => expect(ids(list)).not.toContain(v.id),
          };
        },
      },
    ],
  },

  volunteerOrganizations: {
    kind: 'query',
    variants: [
      {
        name: "the organisations of a street's branch",
        expect: SIGNED_IN,
        prepare: async (env) => {
          const org = await freshOrg(env);
          return {
            query: `query($u: ID) { volunteerOrganizations(unitId: $u, first: 100) { nodes { id } totalCount } }`,
            variables: { u: env.street.branch.id },
            ok: (list) => expect(list.nodes).toContainEqual({ id: org.id }),
          };
        },
      },
    ],
  },

  volunteerActivities: {
    kind: 'query',
    variants: [
      {
        name: 'published activities of a courtyard',
        expect: SIGNED_IN,
        prepare: async (env) => {
          const activity = await freshActivity(env, await freshOrg(env));
          return {
            query: `query($u: ID) { volunteerActivities(unitId: $u, first: 100) { nodes { id } totalCount } }`,
            variables: { u: env.street.courtyard.id },
            ok: (list) => expect(list.nodes).toContainEqual({ id: activity.id }),
          };
        },
      },
    ],
  },

  pendingVolunteerHours: {
    kind: 'query',
    variants: [
      {
        name: "a back-fill recorded by the courtyard's secretary, to be decided by someone else",
        expect: SEES_VOLUNTEER,
        prepare: async (env) => {
          const { entry } = await pendingEntry(env);
          const ids = (list: any) => list.nodes.map((n: { id: string }) => n.id);
          return {
            query: `{ pendingVolunteerHours(first: 100) { nodes { id } totalCount } }`,
            ok: (list) => expect(ids(list)).toContain(entry.id),
            hidden: (list) => expect(ids(list)).not.toContain(entry.id),
          };
        },
      },
    ],
  },

  checkVolunteerCertificate: {
    kind: 'query',
    variants: [
      {
        name: "a certificate's number and code",
        expect: EVERYONE,
        prepare: async (env) => {
          const v = await freshVolunteer(env);
          const cert = await adminDo(env, 'issueVolunteerCertificate', 'IssueCertificateInput', { volunteerId: v.id }, 'number verificationCode');
          return {
            query: `query($n: String!, $c: String!) { checkVolunteerCertificate(number: $n, verificationCode: $c) { number valid volunteerName } }`,
            variables: { n: cert.number, c: cert.verificationCode },
            ok: (check) => expect(check).toEqual({ number: cert.number, valid: true, volunteerName: '志**' }),
          };
        },
      },
    ],
  },

  createVolunteerOrganization: {
    kind: 'mutation',
    variants: [
      mutationVariant('a COMMUNITY team at the branch', STAFF_IN_SCOPE, 'createVolunteerOrganization', 'CreateVolunteerOrganizationInput', 'id kind', async (env) => {
        const name = uniq('mx-org');
        return {
          input: { name, kind: 'COMMUNITY', unitId: env.street.branch.id },
          ok: async (org) => {
            expect(org.kind).toBe('COMMUNITY');
            expect(await rowOf(env, `SELECT unit_id::text AS unit FROM volunteer_org WHERE name = $1`, [name])).toEqual({ unit: env.street.branch.dbId });
          },
        };
      }),
      mutationVariant('a PROFESSIONAL organisation at the street', CITY_ADMIN_ONLY, 'createVolunteerOrganization', 'CreateVolunteerOrganizationInput', 'id kind', async (env) => ({
        input: { name: uniq('mx-pro'), kind: 'PROFESSIONAL', unitId: env.street.street.id },
        ok: (org) => expect(org.kind).toBe('PROFESSIONAL'),
      })),
    ],
  },

  updateVolunteerOrganization: {
    kind: 'mutation',
    variants: [
      mutationVariant("the branch's organisation", ORGANISERS_OF_VISIBLE, 'updateVolunteerOrganization', 'UpdateVolunteerOrganizationInput', 'id contactName', async (env) => {
        const org = await freshOrg(env);
        return {
          input: { id: org.id, contactName: '联系人' },
          ok: async (result) => {
            expect(result).toEqual({ id: org.id, contactName: '联系人' });
            expect(await rowOf(env, `SELECT contact_name FROM volunteer_org WHERE id = $1`, [org.dbId])).toEqual({ contact_name: '联系人' });
          },
        };
      }),
    ],
  },

  addOrganizationManager: {
    kind: 'mutation',
    variants: [
      mutationVariant('a resident named manager', ORGANISERS_OF_VISIBLE, 'addOrganizationManager', 'OrganizationManagerInput', 'id', async (env) => {
        const org = await freshOrg(env);
        const user = await freshResident(env.world.server);
        return {
          input: { organizationId: org.id, userId: user.id },
          ok: async () => expect(await rowOf(env, `SELECT count(*)::int AS n FROM volunteer_org_manager WHERE org_id = $1 AND user_id = $2`, [org.dbId, user.dbId])).toEqual({ n: 1 }),
        };
      }),
    ],
  },

  removeOrganizationManager: {
    kind: 'mutation',
    variants: [
      mutationVariant('a manager taken off', ORGANISERS_OF_VISIBLE, 'removeOrganizationManager', 'OrganizationManagerInput', 'id', async (env) => {
        const org = await freshOrg(env);
        const user = await freshResident(env.world.server);
        await adminDo(env, 'addOrganizationManager', 'OrganizationManagerInput', { organizationId: org.id, userId: user.id });
        return {
          input: { organizationId: org.id, userId: user.id },
          ok: async () => expect(await rowOf(env, `SELECT count(*)::int AS n FROM volunteer_org_manager WHERE org_id = $1`, [org.dbId])).toEqual({ n: 0 }),
        };
      }),
    ],
  },

  registerVolunteer: {
    kind: 'mutation',
    variants: [
      {
        name: 'themself (a throwaway account of the role), home in the courtyard',
        expect: SIGNED_IN,
        prepare: async (env) => {
          const query = `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id user { id } } }`;
          const input = { name: '本人', phone: freshPhone(), unitId: env.street.courtyard.id };
          if (env.role === 'ANONYMOUS') return { query, variables: { i: input } };
          const account = await freshAccountOfRole(env.world, env.role, env.street);
          return { query, variables: { i: input }, token: account.token, ok: (v) => expect(v.user).toEqual({ id: account.id }) };
        },
      },
      mutationVariant('someone else, by staff', STAFF_IN_SCOPE, 'registerVolunteer', 'RegisterVolunteerInput', 'id user { id }', async (env) => {
        const phone = freshPhone();
        return {
          input: { forSomeoneElse: true, name: '代登记', phone, unitId: env.street.courtyard.id },
          ok: async (v) => {
            expect(v.user).toBeNull();
            expect(await rowOf(env, `SELECT unit_id::text AS unit, user_id FROM volunteer WHERE phone = $1`, [phone])).toEqual({ unit: env.street.courtyard.dbId, user_id: null });
          },
        };
      }),
    ],
  },

  linkVolunteerAccount: {
    kind: 'mutation',
    variants: [
      mutationVariant("a staff-registered record given a resident's account", STAFF_OVER_VOLUNTEER, 'linkVolunteerAccount', 'LinkVolunteerAccountInput', 'id', async (env) => {
        const v = await freshVolunteer(env);
        const user = await freshResident(env.world.server);
        return {
          input: { volunteerId: v.id, userId: user.id },
          ok: async () => expect(await rowOf(env, `SELECT user_id::text AS u FROM volunteer WHERE id = $1`, [v.dbId])).toEqual({ u: user.dbId }),
        };
      }),
    ],
  },

  updateVolunteer: {
    kind: 'mutation',
    variants: [
      mutationVariant("a volunteer's name", STAFF_OVER_VOLUNTEER, 'updateVolunteer', 'UpdateVolunteerInput', 'id name', async (env) => {
        const v = await freshVolunteer(env);
        return {
          input: { id: v.id, name: '改名' },
          ok: async () => expect(await rowOf(env, `SELECT name FROM volunteer WHERE id = $1`, [v.dbId])).toEqual({ name: '改名' }),
        };
      }),
    ],
  },

  joinVolunteerOrganization: {
    kind: 'mutation',
    variants: [
      mutationVariant("a volunteer added to the branch's organisation", STAFF_OVER_VOLUNTEER, 'joinVolunteerOrganization', 'VolunteerMembershipInput', 'id', async (env) => {
        const [v, org] = [await freshVolunteer(env), await freshOrg(env)];
        return {
          input: { volunteerId: v.id, organizationId: org.id },
          ok: async () => expect(await rowOf(env, `SELECT count(*)::int AS n FROM volunteer_membership WHERE volunteer_id = $1 AND org_id = $2`, [v.dbId, org.dbId])).toEqual({ n: 1 }),
        };
      }),
    ],
  },

  leaveVolunteerOrganization: {
    kind: 'mutation',
    variants: [
      mutationVariant("a volunteer taken out of the branch's organisation", STAFF_OVER_VOLUNTEER, 'leaveVolunteerOrganization', 'VolunteerMembershipInput', 'id', async (env) => {
        const [v, org] = [await freshVolunteer(env), await freshOrg(env)];
        await adminDo(env, 'joinVolunteerOrganization', 'VolunteerMembershipInput', { volunteerId: v.id, organizationId: org.id });
        return {
          input: { volunteerId: v.id, organizationId: org.id },
          ok: async () => expect(await rowOf(env, `SELECT count(*)::int AS n FROM volunteer_membership WHERE volunteer_id = $1`, [v.dbId])).toEqual({ n: 0 }),
        };
      }),
    ],
  },

  createVolunteerActivity: {
    kind: 'mutation',
    variants: [
      mutationVariant("an activity of the branch's organisation in the courtyard", ORGANISERS_OF_VISIBLE, 'createVolunteerActivity', 'CreateVolunteerActivityInput', 'id checkInCode', async (env) => {
        const org = await freshOrg(env);
        return {
          input: { organizationId: org.id, unitId: env.street.courtyard.id, title: '义务劳动', startsAt: new Date(Date.now() + 3600_000).toISOString(), endsAt: new Date(Date.now() + 7200_000).toISOString(), capacity: 5 },
          ok: async (a) => {
            expect(a.checkInCode).toMatch(/^\d{6}$/);
            expect(await rowOf(env, `SELECT org_id::text AS org FROM volunteer_activity WHERE id = $1`, [dbIdOf(a.id)])).toEqual({ org: org.dbId });
          },
        };
      }),
    ],
  },

  updateVolunteerActivity: {
    kind: 'mutation',
    variants: [
      mutationVariant('a published activity', ORGANISERS_OF_VISIBLE, 'updateVolunteerActivity', 'UpdateVolunteerActivityInput', 'id capacity version', async (env) => {
        const a = await freshActivity(env, await freshOrg(env));
        return {
          input: { id: a.id, capacity: 7, expectedVersion: a.version },
          ok: async (r) => {
            expect(r).toEqual({ id: a.id, capacity: 7, version: a.version + 1 });
            expect(await rowOf(env, `SELECT capacity FROM volunteer_activity WHERE id = $1`, [a.dbId])).toEqual({ capacity: 7 });
          },
        };
      }),
    ],
  },

  cancelVolunteerActivity: {
    kind: 'mutation',
    variants: [
      mutationVariant('a published activity', ORGANISERS_OF_VISIBLE, 'cancelVolunteerActivity', 'ActivityIdInput', 'id status', async (env) => {
        const a = await freshActivity(env, await freshOrg(env));
        return {
          input: { activityId: a.id },
          ok: async () => expect(await rowOf(env, `SELECT status::text FROM volunteer_activity WHERE id = $1`, [a.dbId])).toEqual({ status: 'CANCELLED' }),
        };
      }),
    ],
  },

  closeVolunteerActivity: {
    kind: 'mutation',
    variants: [
      mutationVariant('a published activity', ORGANISERS_OF_VISIBLE, 'closeVolunteerActivity', 'ActivityIdInput', 'id status', async (env) => {
        const a = await freshActivity(env, await freshOrg(env));
        return {
          input: { activityId: a.id },
          ok: async () => expect(await rowOf(env, `SELECT status::text FROM volunteer_activity WHERE id = $1`, [a.dbId])).toEqual({ status: 'CLOSED' }),
        };
      }),
    ],
  },

  signUpForActivity: {
    kind: 'mutation',
    variants: [
      {
        name: 'themself (a throwaway account of the role with its own volunteer record)',
        expect: SIGNED_IN,
        prepare: async (env) => {
          const a = await freshActivity(env, await freshOrg(env));
          const query = `mutation($i: SignUpInput!) { signUpForActivity(input: $i) { id status } }`;
          if (env.role === 'ANONYMOUS') return { query, variables: { i: { activityId: a.id } } };
          const account = await freshAccountOfRole(env.world, env.role, env.street);
          const res = await env.world.server.gql(
            `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id } }`,
            { i: { name: '我', phone: freshPhone(), unitId: env.street.courtyard.id } },
            account.token,
          );
          if (!res.body.data?.registerVolunteer) throw new Error(JSON.stringify(res.body.errors));
          return {
            query,
            variables: { i: { activityId: a.id } },
            token: account.token,
            ok: async (s) => {
              expect(s.status).toBe('SIGNED_UP');
              expect(await rowOf(env, `SELECT signup_count FROM volunteer_activity WHERE id = $1`, [a.dbId])).toEqual({ signup_count: 1 });
            },
          };
        },
      },
      mutationVariant('a named volunteer, by an organiser (代签)', ORGANISERS_OF_VISIBLE, 'signUpForActivity', 'SignUpInput', 'id status', async (env) => {
        const a = await freshActivity(env, await freshOrg(env));
        const v = await freshVolunteer(env);
        return {
          input: { activityId: a.id, volunteerId: v.id },
          ok: async (s) => {
            expect(s.status).toBe('SIGNED_UP');
            expect(await rowOf(env, `SELECT signup_count FROM volunteer_activity WHERE id = $1`, [a.dbId])).toEqual({ signup_count: 1 });
          },
        };
      }),
    ],
  },

  cancelSignup: {
    kind: 'mutation',
    variants: [
      mutationVariant("a named volunteer's sign-up, by an organiser", ORGANISERS_OF_VISIBLE, 'cancelSignup', 'SignUpInput', 'id status', async (env) => {
        const a = await freshActivity(env, await freshOrg(env));
        const v = await freshVolunteer(env);
        await adminDo(env, 'signUpForActivity', 'SignUpInput', { activityId: a.id, volunteerId: v.id });
        return {
          input: { activityId: a.id, volunteerId: v.id },
          ok: async () => expect(await rowOf(env, `SELECT status::text FROM volunteer_signup WHERE activity_id = $1`, [a.dbId])).toEqual({ status: 'CANCELLED' }),
        };
      }),
    ],
  },

  checkIn: {
    kind: 'mutation',
    variants: [
      mutationVariant('a named volunteer at a running activity, by an organiser without a code', ORGANISERS_OF_VISIBLE, 'checkIn', 'CheckInInput', 'id status', async (env) => {
        const a = await freshActivity(env, await freshOrg(env), -10, 120);
        const v = await freshVolunteer(env);
        await adminDo(env, 'signUpForActivity', 'SignUpInput', { activityId: a.id, volunteerId: v.id });
        return {
          input: { activityId: a.id, volunteerId: v.id },
          ok: async () => expect(await rowOf(env, `SELECT status::text FROM volunteer_signup WHERE activity_id = $1`, [a.dbId])).toEqual({ status: 'CHECKED_IN' }),
        };
      }),
    ],
  },

  checkOut: {
    kind: 'mutation',
    variants: [
      mutationVariant('a named volunteer checked in, by an organiser without a code', ORGANISERS_OF_VISIBLE, 'checkOut', 'CheckInInput', 'id status', async (env) => {
        const a = await freshActivity(env, await freshOrg(env), -10, 120);
        const v = await freshVolunteer(env);
        await adminDo(env, 'signUpForActivity', 'SignUpInput', { activityId: a.id, volunteerId: v.id });
        await adminDo(env, 'checkIn', 'CheckInInput', { activityId: a.id, volunteerId: v.id });
        return {
          input: { activityId: a.id, volunteerId: v.id },
          ok: async () => expect(await rowOf(env, `SELECT status::text FROM volunteer_signup WHERE activity_id = $1`, [a.dbId])).toEqual({ status: 'COMPLETED' }),
        };
      }),
    ],
  },

  backfillVolunteerHours: {
    kind: 'mutation',
    variants: [
      mutationVariant("hours for the branch's organisation", ORGANISERS_OF_VISIBLE, 'backfillVolunteerHours', 'BackfillHoursInput', 'id status', async (env) => {
        const [v, org] = [await freshVolunteer(env), await freshOrg(env)];
        return {
          input: { volunteerId: v.id, organizationId: org.id, hours: 1.5, serviceDate: '2026-01-10', description: '补录' },
          ok: async (e) => {
            expect(e.status).toBe('PENDING');
            expect(await rowOf(env, `SELECT tenths, status::text FROM volunteer_hours_entry WHERE volunteer_id = $1`, [v.dbId])).toEqual({ tenths: 15, status: 'PENDING' });
          },
        };
      }),
    ],
  },

  decideVolunteerHours: {
    kind: 'mutation',
    variants: [
      mutationVariant("a back-fill recorded by the courtyard's secretary", STAFF_OVER_VOLUNTEER, 'decideVolunteerHours', 'DecideHoursInput', 'id status', async (env) => {
        const { entry } = await pendingEntry(env);
        return {
          input: { entryId: entry.id, approve: true },
          ok: async () => expect(await rowOf(env, `SELECT status::text FROM volunteer_hours_entry WHERE id = $1`, [entry.dbId])).toEqual({ status: 'APPROVED' }),
        };
      }),
    ],
  },

  correctVolunteerHours: {
    kind: 'mutation',
    variants: [
      mutationVariant('an approved back-fill', STAFF_OVER_VOLUNTEER, 'correctVolunteerHours', 'CorrectHoursInput', 'id hours', async (env) => {
        const { entry, volunteer } = await pendingEntry(env);
        await adminDo(env, 'decideVolunteerHours', 'DecideHoursInput', { entryId: entry.id, approve: true });
        return {
          input: { entryId: entry.id, hours: -0.5, reason: '多记' },
          ok: async () => expect(await rowOf(env, `SELECT approved_tenths::int AS t FROM volunteer WHERE id = $1`, [volunteer.dbId])).toEqual({ t: 15 }),
        };
      }),
    ],
  },

  creditServiceRequestHours: {
    kind: 'mutation',
    variants: [
      mutationVariant("a CLOSED request of the courtyard's responder, to their volunteer record", rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], RESPONDER: [F, NF], RESIDENT: NF, INSPECTOR: [F, NF] }), 'creditServiceRequestHours', 'CreditRequestHoursInput', 'id hours', async (env) => {
        const request = await freshRequest(env.world, { street: env.street, status: 'CLOSED', reporter: 'OTHER', assignee: 'responder' });
        const v = await freshVolunteer(env, { memberId: env.street.responder.id });
        return {
          input: { requestId: request.id, volunteerId: v.id, hours: 1 },
          ok: async () => expect(await rowOf(env, `SELECT tenths, source::text FROM volunteer_hours_entry WHERE volunteer_id = $1`, [v.dbId])).toEqual({ tenths: 10, source: 'SERVICE_REQUEST' }),
        };
      }),
    ],
  },

  awardStarLevel: {
    kind: 'mutation',
    variants: [
      mutationVariant('level 1 to a volunteer with 120 approved hours', STAFF_OVER_VOLUNTEER, 'awardStarLevel', 'AwardStarInput', 'id level', async (env) => {
        const v = await volunteerWithHours(env, 1200);
        return {
          input: { volunteerId: v.id, level: 1 },
          ok: async () => expect(await rowOf(env, `SELECT level FROM volunteer_star_award WHERE volunteer_id = $1`, [v.dbId])).toEqual({ level: 1 }),
        };
      }),
    ],
  },

  revokeStarAward: {
    kind: 'mutation',
    variants: [
      mutationVariant('an award under notice', STAFF_OVER_VOLUNTEER, 'revokeStarAward', 'RevokeStarAwardInput', 'id revoked', async (env) => {
        const v = await volunteerWithHours(env, 1200);
        const award = await adminDo(env, 'awardStarLevel', 'AwardStarInput', { volunteerId: v.id, level: 1 });
        return {
          input: { awardId: award.id, reason: '撤销' },
          ok: async () => expect(await rowOf(env, `SELECT revoked_at IS NOT NULL AS revoked FROM volunteer_star_award WHERE volunteer_id = $1`, [v.dbId])).toEqual({ revoked: true }),
        };
      }),
    ],
  },

  issueVolunteerCertificate: {
    kind: 'mutation',
    variants: [
      mutationVariant("a certificate for a courtyard's volunteer", STAFF_OVER_VOLUNTEER, 'issueVolunteerCertificate', 'IssueCertificateInput', 'number verificationCode', async (env) => {
        const v = await volunteerWithHours(env, 240);
        return {
          input: { volunteerId: v.id },
          ok: async (c) => {
            expect(c.verificationCode).toMatch(/^[0-9A-Z]{16}$/);
            expect(await rowOf(env, `SELECT tenths::int AS t FROM volunteer_certificate WHERE number = $1`, [c.number])).toEqual({ t: 240 });
          },
        };
      }),
    ],
  },

  revokeVolunteerCertificate: {
    kind: 'mutation',
    variants: [
      mutationVariant("a certificate of a courtyard's volunteer", STAFF_IN_SCOPE, 'revokeVolunteerCertificate', 'RevokeCertificateInput', 'number revoked', async (env) => {
        const v = await freshVolunteer(env);
        const cert = await adminDo(env, 'issueVolunteerCertificate', 'IssueCertificateInput', { volunteerId: v.id }, 'number');
        return {
          input: { number: cert.number, reason: '错发' },
          ok: async () => expect(await rowOf(env, `SELECT revoked_at IS NOT NULL AS revoked FROM volunteer_certificate WHERE number = $1`, [cert.number])).toEqual({ revoked: true }),
        };
      }),
    ],
  },
};
