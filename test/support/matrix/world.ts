import { randomBytes } from 'node:crypto';
import { fromGlobalId } from '../../../src/common/graphql/global-id.js';
import type { TestServer } from '../test-server.js';

/**
 * The authorization matrix's fixture: two streets, each street committee → general branch →
 * branch → courtyard group (plus a second branch and a second courtyard), members in both
 * courtyards, and one signed-in account per role. Built once per file, as the bootstrap
 * CITY_ADMIN over GraphQL.
 *
 * "In scope" targets live in street A (under the SECRETARY's branch where it matters);
 * "out of scope" targets live in street B.
 */

export const ROLES = ['ANONYMOUS', 'CITY_ADMIN', 'STREET_ADMIN', 'SECRETARY', 'RESPONDER', 'RESIDENT', 'INSPECTOR'] as const;
export type RoleName = (typeof ROLES)[number];
export type SignedInRole = Exclude<RoleName, 'ANONYMOUS'>;

export const SCOPES = ['in', 'out'] as const;
export type Scope = (typeof SCOPES)[number];

/** The domain tables whose content a refused operation must leave untouched (not audit_log, login_failure). */
export const DOMAIN_TABLES = ['org_unit', 'member', 'app_user'];
/** Domain tables checked too once a migration has made them (service requests). */
export const LATER_DOMAIN_TABLES = [
  'service_category',
  'service_request',
  'request_event',
  'volunteer_org',
  'volunteer_org_manager',
  'volunteer',
  'volunteer_membership',
  'volunteer_activity',
  'volunteer_signup',
  'volunteer_hours_entry',
  'volunteer_star_award',
  'volunteer_certificate',
  'assessment_scheme',
  'inspection',
  'inspection_finding',
  'problem_notice',
  'problem_notice_unit',
  'problem_notice_request',
  'problem_notice_response',
  'negative_list_item',
  'negative_list_entry',
  'assessment_result',
  'service_request_intake',
  'api_key',
  'facility_type',
  'facility',
  'request_follower',
  'calendar_override',
];

export interface Ref {
  /** The global id. */
  id: string;
  /** The database id behind it. */
  dbId: string;
}
export interface UnitRef extends Ref {
  code: string;
}
export interface UserRef extends Ref {
  username: string;
  password: string;
}

export interface Street {
  street: UnitRef;
  general: UnitRef;
  /** The branch the SECRETARY of street A governs. */
  branch: UnitRef;
  /** A second branch under the same general branch (a destination for moves). */
  branch2: UnitRef;
  courtyard: UnitRef;
  /** A second courtyard under `branch` (a destination for member moves). */
  courtyard2: UnitRef;
  /** A plain member of `courtyard`. */
  member: Ref;
  /**
   * A responder of `courtyard`, with a phone and the skills ROAD and STREET_LIGHT: the only
   * one there with them, so a ROAD request submitted into `courtyard` is assigned to them.
   * Street A's is the RESPONDER account's member.
   */
  responder: Ref;
  /** A second responder of `courtyard`, without skills (only ever assigned by hand). */
  responder2: Ref;
  /** Tokens of RESPONDER accounts acting as `responder` and `responder2`: to drive requests (accept). */
  drivers: { responder: string; responder2: string };
  /** The account behind `drivers.responder` (a member has one active account): street A's RESPONDER. */
  responderUser: UserRef;
  /** A SECRETARY account scoped to `courtyard`: a user "of the street" that is nobody's self. */
  peer: UserRef;
}

export interface World {
  server: TestServer;
  A: Street;
  B: Street;
  /** The account each role acts as (ANONYMOUS: none). */
  users: Record<SignedInRole, UserRef>;
  tokens: Record<RoleName, string | null>;
  /** Another RESIDENT: the reporter of requests that are not the caller's. */
  reporter: UserRef & { token: string };
}

export const PASSWORD = 'matrix-password-1';

let counter = 0;
/** A fresh, unique code, username or name (letters, digits and dashes; well under 64 characters). */
export function uniq(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}

export const dbIdOf = (globalId: string): string => {
  const parsed = fromGlobalId(globalId);
  if (!parsed) throw new Error(`not a global id: ${globalId}`);
  return parsed.dbId;
};

/** Runs a document as the bootstrap CITY_ADMIN and returns its data; throws on any error. */
export async function asAdmin<T = any>(server: TestServer, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await server.gql<T>(query, variables);
  if (res.body.errors?.length || !res.body.data) {
    throw new Error(`fixture call failed: ${JSON.stringify(res.body.errors)}\n${query}`);
  }
  return res.body.data;
}

/** md5 over the whole content of every domain table, in a stable order (one round trip). */
export async function domainChecksum(server: TestServer): Promise<Record<string, string>> {
  const later: { table: string }[] = await server.dataSource.query(
    `SELECT t AS table FROM unnest($1::text[]) t WHERE to_regclass('public.' || t) IS NOT NULL`,
    [LATER_DOMAIN_TABLES],
  );
  const tables = [...DOMAIN_TABLES, ...later.map((r) => r.table)];
  const [row] = await server.dataSource.query(
    `SELECT ${tables
      .map((table) => `(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text COLLATE "C"), '')) FROM ${table} t) AS ${table}`)
      .join(', ')}`,
  );
  return Object.fromEntries(tables.map((table) => [table, row[table]]));
}

// ---- throwaway targets (made as the bootstrap CITY_ADMIN) ----------------------------------

export async function freshUnit(server: TestServer, parentId: string, prefix = 'mx-u'): Promise<UnitRef> {
  const code = uniq(prefix);
  const data = await asAdmin(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id code } }`, {
    i: { parentId, code, name: code },
  });
  return { id: data.createOrgUnit.id, dbId: dbIdOf(data.createOrgUnit.id), code };
}

export async function freshArchivedUnit(server: TestServer, parentId: string): Promise<UnitRef> {
  const unit = await freshUnit(server, parentId, 'mx-arch');
  await asAdmin(server, `mutation($i: ArchiveOrgUnitInput!) { archiveOrgUnit(input: $i) { id } }`, { i: { id: unit.id } });
  return unit;
}

export async function freshMember(
  server: TestServer,
  unitId: string,
  extra: { responder?: boolean; phone?: string; skills?: string[] } = {},
): Promise<Ref> {
  const data = await asAdmin(server, `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, {
    i: { unitId, name: uniq('mx-member'), ...extra },
  });
  return { id: data.createMember.id, dbId: dbIdOf(data.createMember.id) };
}

export async function freshUser(
  server: TestServer,
  input: { role: Exclude<SignedInRole, 'RESIDENT'>; scopeUnitId?: string; memberId?: string },
): Promise<UserRef> {
  const username = uniq('mx-user');
  const data = await asAdmin(server, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, {
    i: { username, password: PASSWORD, ...input },
  });
  return { id: data.createUser.id, dbId: dbIdOf(data.createUser.id), username, password: PASSWORD };
}

export async function freshResident(server: TestServer): Promise<UserRef & { token: string }> {
  const username = uniq('mx-res');
  const res = await server.gql(
    `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id } } }`,
    { i: { username, password: PASSWORD, name: username } },
    null,
  );
  const payload = res.body.data?.registerResident;
  if (!payload) throw new Error(`registerResident failed: ${JSON.stringify(res.body.errors)}`);
  return { id: payload.user.id, dbId: dbIdOf(payload.user.id), username, password: PASSWORD, token: payload.token };
}

/**
 * A throwaway account of `role` (and its token), anchored in `street` where the role has an
 * anchor: for the changePassword cases, which sign the account out everywhere.
 */
export async function freshAccountOfRole(world: World, role: SignedInRole, street: Street): Promise<UserRef & { token: string }> {
  const { server } = world;
  if (role === 'RESIDENT') return freshResident(server);
  const input =
    role === 'CITY_ADMIN'
      ? { role }
      : role === 'STREET_ADMIN' || role === 'INSPECTOR'
        ? { role, scopeUnitId: street.street.id }
        : role === 'SECRETARY'
          ? { role, scopeUnitId: street.branch.id }
          : { role, memberId: (await freshMember(server, street.courtyard.id, { responder: true })).id };
  const user = await freshUser(server, input);
  return { ...user, token: await server.login(user.username, user.password) };
}

// ---- the fixture -----------------------------------------------------------------------------

async function buildStreet(server: TestServer, letter: 'A' | 'B'): Promise<Street> {
  const tag = `mx-${letter}-${randomBytes(2).toString('hex')}`;
  const street = await asAdmin(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
    i: { code: `${tag}-street`, name: `Street ${letter}` },
  });
  const unit = async (parentId: string, suffix: string): Promise<UnitRef> => {
    const code = `${tag}-${suffix}`;
    const data = await asAdmin(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
      i: { parentId, code, name: code },
    });
    return { id: data.createOrgUnit.id, dbId: dbIdOf(data.createOrgUnit.id), code };
  };
  const streetRef: UnitRef = { id: street.createOrgUnit.id, dbId: dbIdOf(street.createOrgUnit.id), code: `${tag}-street` };
  const general = await unit(streetRef.id, 'general');
  const branch = await unit(general.id, 'branch');
  const branch2 = await unit(general.id, 'branch2');
  const courtyard = await unit(branch.id, 'courtyard');
  const courtyard2 = await unit(branch.id, 'courtyard2');
  const member = await freshMember(server, courtyard.id);
  const responder = await freshMember(server, courtyard.id, {
    responder: true,
    phone: letter === 'A' ? '13800000001' : '13900000002',
    skills: ['ROAD', 'STREET_LIGHT'],
  });
  const responder2 = await freshMember(server, courtyard.id, { responder: true });
  const peer = await freshUser(server, { role: 'SECRETARY', scopeUnitId: courtyard.id });
  const driver = async (member: Ref) => {
    const user = await freshUser(server, { role: 'RESPONDER', memberId: member.id });
    return { user, token: await server.login(user.username, user.password) };
  };
  const first = await driver(responder);
  const second = await driver(responder2);
  const drivers = { responder: first.token, responder2: second.token };
  return { street: streetRef, general, branch, branch2, courtyard, courtyard2, member, responder, responder2, drivers, responderUser: first.user, peer };
}

export async function buildWorld(server: TestServer): Promise<World> {
  const A = await buildStreet(server, 'A');
  const B = await buildStreet(server, 'B');
  const me = await asAdmin(server, `{ me { id username } }`);
  const streetAdmin = await freshUser(server, { role: 'STREET_ADMIN', scopeUnitId: A.street.id });
  const secretary = await freshUser(server, { role: 'SECRETARY', scopeUnitId: A.branch.id });
  // The account of A's responder member (one active account per member): the driver's.
  const responder = A.responderUser;
  const resident = await freshResident(server);
  const reporter = await freshResident(server);
  // An inspector of street A (a STREET_ADMIN may make one within their street).
  const inspector = await freshUser(server, { role: 'INSPECTOR', scopeUnitId: A.street.id });
  const users: Record<SignedInRole, UserRef> = {
    CITY_ADMIN: { id: me.me.id, dbId: dbIdOf(me.me.id), username: me.me.username, password: 'admin-password-1' },
    STREET_ADMIN: streetAdmin,
    SECRETARY: secretary,
    RESPONDER: responder,
    RESIDENT: resident,
    INSPECTOR: inspector,
  };
  const tokens: Record<RoleName, string | null> = {
    ANONYMOUS: null,
    CITY_ADMIN: server.adminToken,
    STREET_ADMIN: await server.login(streetAdmin.username, streetAdmin.password),
    SECRETARY: await server.login(secretary.username, secretary.password),
    RESPONDER: await server.login(responder.username, responder.password),
    RESIDENT: resident.token,
    INSPECTOR: await server.login(inspector.username, inspector.password),
  };
  return { server, A, B, users, tokens, reporter };
}
