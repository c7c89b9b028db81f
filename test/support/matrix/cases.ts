import { expect } from 'vitest';
import { ASSESSMENT_CASES } from './assessment-cases.js';
import { CALENDAR_CASES } from './calendar.js';
import { toGlobalId } from '../../../src/common/graphql/global-id.js';
import type { GqlResponse } from '../test-server.js';
import { VOLUNTEER_CASES } from './volunteers.js';
import { FACILITY_CASES } from './facilities.js';
import { REQUEST_FIELDS, requestFor, requestRow, type RequestRef, type RequestRowView, type RequestSpec, type RequestStatusName } from './requests.js';
import {
  dbIdOf,
  freshAccountOfRole,
  freshArchivedUnit,
  freshMember,
  freshResident,
  freshUnit,
  freshUser,
  PASSWORD,
  uniq,
  type Ref,
  type RoleName,
  type Scope,
  type SignedInRole,
  type Street,
  type World,
} from './world.js';

/**
 * THE CASE TABLE of the authorization matrix: one entry per root field (query or mutation)
 * of the served schema. The matrix test fails when the schema serves an operation that has
 * no entry here, and when an entry names an operation the schema does not serve.
 *
 * To add an operation: add `CASES.<fieldName> = { kind, variants: [...] }`. Each variant
 * says, for every role and scope, what must happen (`expect`, usually built with `rule`),
 * and how to make one call (`prepare`): build throwaway targets as the admin first (in
 * `env.street`: street A for "in", street B for "out"), then return the document, its
 * variables and, for successes, a check that the result is real (`ok`) or, for HIDDEN, that
 * the target did not show (`hidden`). Refusals are checked by the runner: the exact error
 * code, a null result, and unchanged domain tables.
 */

/**
 * What a call must end in. HIDDEN: it succeeds but the target does not show (null, absent from
 * a list). CONFLICT and BAD_USER_INPUT: for the cases that show who-may-act is checked first
 * (those who may act get past it to the status or input check; the others do not).
 */
export type Outcome = 'OK' | 'HIDDEN' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT';

export interface CaseEnv {
  world: World;
  role: RoleName;
  scope: Scope;
  /** Where this scope's targets live: street A for "in", street B for "out". */
  street: Street;
  /** The other street. */
  other: Street;
  /** The account the role acts as (undefined for ANONYMOUS). */
  self: World['users'][SignedInRole] | undefined;
  /** Runs a document with the role's token. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
}

export interface Prepared {
  query: string;
  variables?: Record<string, unknown>;
  /** Act with this token instead of the role's (a throwaway account's, for changePassword). */
  token?: string | null;
  /** For OK: asserts the result (`data[operation]`) is real: returned data, or the row changed. */
  ok?: (result: any) => unknown;
  /** For HIDDEN: asserts the target did not show. */
  hidden?: (result: any) => unknown;
}

export interface Variant {
  name: string;
  /** The scopes this variant runs in (default both). */
  scopes?: readonly Scope[];
  expect: (role: RoleName, scope: Scope) => Outcome;
  prepare: (env: CaseEnv) => Promise<Prepared> | Prepared;
}

export interface OperationEntry {
  kind: 'query' | 'mutation';
  variants: Variant[];
}

// ---- expected outcomes ---------------------------------------------------------------------

/** One outcome for both scopes, or [in scope, out of scope]. */
type Cell = Outcome | readonly [Outcome, Outcome];

/**
 * Builds `expect` from one cell per role; ANONYMOUS is UNAUTHENTICATED unless said otherwise.
 * INSPECTOR (an inspector of street A), when not given, fares as the RESIDENT: neither is
 * staff; where reading street A's requests sets them apart, the cell is given.
 */
export function rule(cells: Omit<Record<SignedInRole, Cell>, 'INSPECTOR'> & { ANONYMOUS?: Cell; INSPECTOR?: Cell }): Variant['expect'] {
  return (role, scope) => {
    const cell =
      role === 'ANONYMOUS' ? (cells.ANONYMOUS ?? 'UNAUTHENTICATED') : role === 'INSPECTOR' ? (cells.INSPECTOR ?? cells.RESIDENT) : cells[role];
    return typeof cell === 'string' ? cell : cell[scope === 'in' ? 0 : 1];
  };
}

const OK = 'OK' as const;
const F = 'FORBIDDEN' as const;
const NF = 'NOT_FOUND' as const;
const HID = 'HIDDEN' as const;

/** Every signed-in role succeeds. */
const SIGNED_IN = rule({ CITY_ADMIN: OK, STREET_ADMIN: OK, SECRETARY: OK, RESPONDER: OK, RESIDENT: OK });
/** Everyone, anonymous included. */
const EVERYONE = rule({ ANONYMOUS: OK, CITY_ADMIN: OK, STREET_ADMIN: OK, SECRETARY: OK, RESPONDER: OK, RESIDENT: OK });
/** CITY_ADMIN anywhere, STREET_ADMIN in their street (NOT_FOUND outside), the rest FORBIDDEN. */
const ADMINS_IN_SCOPE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: F, RESPONDER: F, RESIDENT: F });
/** Also the SECRETARY in their subtree. */
const STAFF_IN_SCOPE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], RESPONDER: F, RESIDENT: F });
const CITY_ADMIN_ONLY = rule({ CITY_ADMIN: OK, STREET_ADMIN: F, SECRETARY: F, RESPONDER: F, RESIDENT: F });
/** Reads restricted to admins: everything for the CITY_ADMIN, their street for a STREET_ADMIN. */
const ADMIN_READ = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, HID], SECRETARY: F, RESPONDER: F, RESIDENT: F });

// ---- documents and checks ------------------------------------------------------------------

const UNIT_ROW = `SELECT id::text AS id, code, name, level::text AS level, parent_id::text AS parent_id, archived,
                         secretary_member_id::text AS secretary_member_id FROM org_unit`;

async function unitRow(env: CaseEnv, dbId: string) {
  const [row] = await env.sql(`${UNIT_ROW} WHERE id = $1`, [dbId]);
  return row;
}

async function userRowByUsername(env: CaseEnv, username: string) {
  const [row] = await env.sql(
    `SELECT id::text AS id, role::text AS role, scope_unit_id::text AS scope_unit_id, member_id::text AS member_id, active
       FROM app_user WHERE username = $1`,
    [username],
  );
  return row;
}

/** Every node of a connection, following `after` with the role's token. */
async function allPages(env: CaseEnv, first: any, fetchPage: (after: string) => Promise<any>): Promise<any[]> {
  const nodes = [...first.nodes];
  let page = first;
  for (let i = 0; page.pageInfo.hasNextPage && i < 50; i += 1) {
    page = await fetchPage(page.pageInfo.endCursor);
    nodes.push(...page.nodes);
  }
  return nodes;
}

const AUDIT = `query($after: String) { auditLog(action: "ORG_UNIT_CREATED", first: 100, after: $after) {
  nodes { action targetType targetId } pageInfo { hasNextPage endCursor } totalCount } }`;

const auditTargets = async (env: CaseEnv, first: any): Promise<string[]> =>
  (
    await allPages(env, first, async (after) => {
      const res = await env.gql(AUDIT, { after });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.auditLog;
    })
  )
    .filter((e) => e.targetType === 'OrgUnit')
    .map((e) => e.targetId);

/** An audit entry names its target unit by global id. */
const auditIdsOf = (dbId: string) => [toGlobalId('OrgUnit', dbId)];

const USERS = `query($search: String, $after: String) { users(search: $search, first: 100, after: $after) {
  nodes { id username } pageInfo { hasNextPage endCursor } totalCount } }`;

// ---- service requests ------------------------------------------------------------------------

/**
 * "The scope's request" of each role, in `env.street`, in the wanted status. In scope: held
 * in street A under the SECRETARY's branch (the courtyard or the branch); the RESIDENT's is
 * one they reported; the RESPONDER's is assigned to their member (A's `responder`), or, for
 * a PENDING_DISPATCH request (nobody assigned yet), one they reported. Out of scope: held in
 * street B, reported by another resident, assigned (past PENDING_DISPATCH) to B's responder.
 */
function scopesRequest(env: CaseEnv, status: RequestStatusName): RequestSpec {
  if (env.scope === 'in' && env.role === 'RESIDENT') return { street: env.street, status, reporter: 'RESIDENT' };
  if (env.scope === 'in' && env.role === 'RESPONDER' && status === 'PENDING_DISPATCH') {
    return { street: env.street, status, reporter: 'RESPONDER' };
  }
  return { street: env.street, status, reporter: 'OTHER' };
}

/** Another reporter's request in `env.street`, assigned (past PENDING_DISPATCH) to `responder2`: nobody's but staff's. */
function notTheirs(env: CaseEnv, status: RequestStatusName): RequestSpec {
  return { street: env.street, status, reporter: 'OTHER', assignee: 'responder2' };
}

/** A request in `env.street` that the caller reported themself, assigned (if at all) to `responder2`. */
function ownReport(env: CaseEnv, status: RequestStatusName): RequestSpec {
  return { street: env.street, status, reporter: env.role === 'ANONYMOUS' ? 'OTHER' : env.role, assignee: 'responder2' };
}

const CF = 'CONFLICT' as const;

/**
 * Staff in scope may (CITY_ADMIN anywhere; STREET_ADMIN and SECRETARY in street A); RESPONDER
 * and RESIDENT as given; the INSPECTOR sees street A's requests but acts on none (FORBIDDEN),
 * and does not see street B's (NOT_FOUND).
 */
const staffAnd = (responder: Cell, resident: Cell, inspector: Cell = [F, NF]) =>
  rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], RESPONDER: responder, RESIDENT: resident, INSPECTOR: inspector });

/** A request visible as described in "Who may do what": CITY_ADMIN all, everyone else only the scope's request. */
const SEES_SCOPES_REQUEST = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, HID], SECRETARY: [OK, HID], RESPONDER: [OK, HID], RESIDENT: [OK, HID] });

interface After {
  status: string;
  /** The unit that must hold it afterwards (default: unchanged). */
  unit?: (env: CaseEnv, req: RequestRef) => Ref;
  /** The member it must be assigned to afterwards: a Ref, null for nobody, undefined for unchanged. */
  assignee?: (env: CaseEnv, req: RequestRef) => Ref | null;
  event: string;
  row?: Partial<RequestRowView>;
}

/**
 * A variant acting on a fresh request: `subject` says which request (per role and scope),
 * `input` the rest of the mutation's input, `after` what an accepted call must leave behind.
 */
function requestAction(o: {
  name: string;
  mutation: string;
  inputType: string;
  status: RequestStatusName;
  subject?: (env: CaseEnv, status: RequestStatusName) => RequestSpec;
  scopes?: readonly Scope[];
  expect: Variant['expect'];
  input?: (env: CaseEnv, req: RequestRef) => Record<string, unknown>;
  after: After;
}): Variant {
  return {
    name: o.name,
    scopes: o.scopes,
    expect: o.expect,
    prepare: async (env) => {
      const req = await requestFor(env.world, env.role, (o.subject ?? scopesRequest)(env, o.status));
      const before = await requestRow(env.world, req.dbId);
      return {
        query: `mutation($i: ${o.inputType}!) { ${o.mutation}(input: $i) { ${REQUEST_FIELDS} } }`,
        variables: { i: { requestId: req.id, ...o.input?.(env, req) } },
        ok: async (result) => {
          const unit = o.after.unit?.(env, req);
          const assignee = o.after.assignee?.(env, req);
          expect(result).toMatchObject({ id: req.id, status: o.after.status, version: before.version + 1 });
          if (unit) expect(result.unit).toEqual({ id: unit.id });
          if (assignee !== undefined) expect(result.assignee).toEqual(assignee ? { id: assignee.id } : null);
          expect(await requestRow(env.world, req.dbId)).toMatchObject({
            status: o.after.status,
            version: before.version + 1,
            last_event: o.after.event,
            unit_id: unit ? unit.dbId : before.unit_id,
            assignee_member_id: assignee === undefined ? before.assignee_member_id : (assignee?.dbId ?? null),
            ...o.after.row,
          });
        },
      };
    },
  };
}

const SERVICE_REQUEST = `query($id: ID, $number: String) { serviceRequest(id: $id, number: $number) { id number status } }`;

const SERVICE_REQUESTS = `query($filter: ServiceRequestFilter, $after: String) {
  serviceRequests(filter: $filter, first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } totalCount } }`;

/** The ids of every page of serviceRequests(filter) as the role. */
async function listedRequestIds(env: CaseEnv, filter: Record<string, unknown> | null, first?: any): Promise<string[]> {
  const fetchPage = async (after?: string) => {
    const res = await env.gql(SERVICE_REQUESTS, { filter, after });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.serviceRequests;
  };
  return (await allPages(env, first ?? (await fetchPage()), fetchPage)).map((n) => n.id);
}

// ---- the table -----------------------------------------------------------------------------

export const CASES: Record<string, OperationEntry> = {
  // The assessment part (assessment.graphql) has its own file.
  ...ASSESSMENT_CASES,

  // ======== queries ========
  node: {
    kind: 'query',
    variants: [
      {
        name: 'on an OrgUnit',
        expect: SIGNED_IN,
        prepare: ({ street }) => ({
          query: `query($id: ID!) { node(id: $id) { __typename id ... on OrgUnit { code } } }`,
          variables: { id: street.courtyard.id },
          ok: (node) => expect(node).toEqual({ __typename: 'OrgUnit', id: street.courtyard.id, code: street.courtyard.code }),
        }),
      },
      {
        name: 'on a Member',
        expect: SIGNED_IN,
        prepare: ({ street }) => ({
          query: `query($id: ID!) { node(id: $id) { __typename id ... on Member { unit { id } } } }`,
          variables: { id: street.member.id },
          ok: (node) => expect(node).toEqual({ __typename: 'Member', id: street.member.id, unit: { id: street.courtyard.id } }),
        }),
      },
      {
        name: "on another user's account",
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, HID], SECRETARY: HID, RESPONDER: HID, RESIDENT: HID }),
        prepare: ({ street }) => ({
          query: `query($id: ID!) { node(id: $id) { __typename id ... on User { username } } }`,
          variables: { id: street.peer.id },
          ok: (node) => expect(node).toEqual({ __typename: 'User', id: street.peer.id, username: street.peer.username }),
          hidden: (node) => expect(node).toBeNull(),
        }),
      },
      {
        name: 'on their own account',
        scopes: ['in'],
        expect: SIGNED_IN,
        prepare: ({ self, world }) => {
          const target = self ?? world.A.peer;
          return {
            query: `query($id: ID!) { node(id: $id) { __typename id ... on User { username } } }`,
            variables: { id: target.id },
            ok: (node) => expect(node).toEqual({ __typename: 'User', id: target.id, username: target.username }),
          };
        },
      },
      {
        name: "on the scope's ServiceRequest (an ASSIGNED one)",
        expect: SEES_SCOPES_REQUEST,
        prepare: async (env) => {
          const req = await requestFor(env.world, env.role, scopesRequest(env, 'ASSIGNED'));
          return {
            query: `query($id: ID!) { node(id: $id) { __typename id ... on ServiceRequest { number } } }`,
            variables: { id: req.id },
            ok: (node) => expect(node).toEqual({ __typename: 'ServiceRequest', id: req.id, number: req.number }),
            hidden: (node) => expect(node).toBeNull(),
          };
        },
      },
    ],
  },

  me: {
    kind: 'query',
    variants: [
      {
        name: 'their own account (no target: both scopes make the same call)',
        expect: SIGNED_IN,
        prepare: ({ self }) => ({
          query: `{ me { id username } }`,
          ok: (me) => expect(me).toEqual({ id: self!.id, username: self!.username }),
        }),
      },
    ],
  },

  orgUnit: {
    kind: 'query',
    variants: [
      {
        name: 'by id',
        expect: SIGNED_IN,
        prepare: ({ street }) => ({
          query: `query($id: ID) { orgUnit(id: $id) { id code } }`,
          variables: { id: street.courtyard.id },
          ok: (unit) => expect(unit).toEqual({ id: street.courtyard.id, code: street.courtyard.code }),
        }),
      },
      {
        name: 'by code',
        expect: SIGNED_IN,
        prepare: ({ street }) => ({
          query: `query($code: String) { orgUnit(code: $code) { id code } }`,
          variables: { code: street.branch.code },
          ok: (unit) => expect(unit).toEqual({ id: street.branch.id, code: street.branch.code }),
        }),
      },
    ],
  },

  orgUnits: {
    kind: 'query',
    variants: [
      {
        name: 'children of a branch',
        expect: SIGNED_IN,
        prepare: ({ street }) => ({
          query: `query($parentId: ID) { orgUnits(parentId: $parentId, first: 100) { nodes { id code } totalCount } }`,
          variables: { parentId: street.branch.id },
          ok: (conn) => expect(conn.nodes).toContainEqual({ id: street.courtyard.id, code: street.courtyard.code }),
        }),
      },
    ],
  },

  member: {
    kind: 'query',
    variants: [
      {
        name: 'a member of a courtyard',
        expect: SIGNED_IN,
        prepare: ({ street }) => ({
          query: `query($id: ID!) { member(id: $id) { id unit { id } } }`,
          variables: { id: street.responder.id },
          ok: (member) => expect(member).toEqual({ id: street.responder.id, unit: { id: street.courtyard.id } }),
        }),
      },
    ],
  },

  users: {
    kind: 'query',
    variants: [
      {
        name: "searching for a street's account",
        expect: ADMIN_READ,
        prepare: (env) => {
          const { street } = env;
          return {
            query: USERS,
            variables: { search: street.peer.username },
            ok: (conn) => {
              expect(conn.nodes).toEqual([{ id: street.peer.id, username: street.peer.username }]);
              expect(conn.totalCount).toBe(1);
            },
            hidden: async (conn) => {
              expect(conn.nodes).toEqual([]);
              expect(conn.totalCount).toBe(0);
              // Nor does any account of that street appear in the whole, unfiltered list.
              const res = await env.gql(USERS, {});
              expect(res.body.errors).toBeUndefined();
              const listed = (
                await allPages(env, res.body.data.users, async (after) => (await env.gql(USERS, { after })).body.data.users)
              ).map((u) => dbIdOf(u.id));
              const ofStreet: { id: string }[] = await env.sql(
                `SELECT a.id::text AS id FROM app_user a
                   LEFT JOIN org_unit s ON s.id = a.scope_unit_id
                   LEFT JOIN member m ON m.id = a.member_id LEFT JOIN org_unit mu ON mu.id = m.unit_id
                  WHERE s.path <@ (SELECT path FROM org_unit WHERE id = $1) OR mu.path <@ (SELECT path FROM org_unit WHERE id = $1)`,
                [street.street.dbId],
              );
              expect(ofStreet.length).toBeGreaterThan(0);
              expect(listed.filter((id) => ofStreet.some((u) => u.id === id))).toEqual([]);
            },
          };
        },
      },
    ],
  },

  auditLog: {
    kind: 'query',
    variants: [
      {
        name: "entries about a street's unit",
        expect: ADMIN_READ,
        prepare: (env) => ({
          query: AUDIT,
          variables: {},
          ok: async (conn) => {
            const ids = await auditTargets(env, conn);
            expect(ids.some((id) => auditIdsOf(env.street.courtyard.dbId).includes(id))).toBe(true);
          },
          hidden: async (conn) => {
            const ids = await auditTargets(env, conn);
            const street = [env.street.street, env.street.general, env.street.branch, env.street.courtyard];
            expect(ids.filter((id) => street.some((u) => auditIdsOf(u.dbId).includes(id)))).toEqual([]);
            // and their own street's entries do show
            expect(ids.some((id) => auditIdsOf(env.other.courtyard.dbId).includes(id))).toBe(true);
          },
        }),
      },
    ],
  },

  // ======== mutations ========
  login: {
    kind: 'mutation',
    variants: [
      {
        name: "signing in to a street's account (with the role's token sent)",
        expect: EVERYONE,
        prepare: ({ street }) => ({
          query: `mutation($i: LoginInput!) { login(input: $i) { token user { id username } } }`,
          variables: { i: { username: street.peer.username, password: street.peer.password } },
          ok: (payload) => {
            expect(payload.token).toMatch(/\S{20,}/);
            expect(payload.user).toEqual({ id: street.peer.id, username: street.peer.username });
          },
        }),
      },
    ],
  },

  registerResident: {
    kind: 'mutation',
    variants: [
      {
        name: 'a fresh username (no target: both scopes make the same call)',
        expect: EVERYONE,
        prepare: (env) => {
          const username = uniq('mx-reg');
          return {
            query: `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id username role } } }`,
            variables: { i: { username, password: PASSWORD, name: username } },
            ok: async (payload) => {
              expect(payload.token).toMatch(/\S{20,}/);
              expect(payload.user).toMatchObject({ username, role: 'RESIDENT' });
              expect(await userRowByUsername(env, username)).toMatchObject({ role: 'RESIDENT', active: true });
            },
          };
        },
      },
    ],
  },

  changePassword: {
    kind: 'mutation',
    variants: [
      {
        name: "their own password (a throwaway account of the role, anchored in the scope's street)",
        expect: SIGNED_IN,
        prepare: async (env) => {
          const query = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
          const newPassword = `${uniq('new')}-pw`;
          if (env.role === 'ANONYMOUS') {
            return { query, variables: { i: { currentPassword: PASSWORD, newPassword } } };
          }
          const account = await freshAccountOfRole(env.world, env.role, env.street);
          return {
            query,
            variables: { i: { currentPassword: account.password, newPassword } },
            token: account.token,
            ok: async (result) => {
              expect(result).toBe(true);
              await env.world.server.login(account.username, newPassword);
              // signed out everywhere: the old token no longer works
              const stale = await env.world.server.gql(`{ me { id } }`, {}, account.token);
              expect(stale.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
            },
          };
        },
      },
    ],
  },

  createOrgUnit: {
    kind: 'mutation',
    variants: [
      {
        name: 'a courtyard group under a branch',
        expect: ADMINS_IN_SCOPE,
        prepare: (env) => {
          const code = uniq('mx-new');
          return {
            query: `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id code level parent { id } } }`,
            variables: { i: { parentId: env.street.branch.id, code, name: code } },
            ok: async (unit) => {
              expect(unit).toMatchObject({ code, level: 'COURTYARD_GROUP', parent: { id: env.street.branch.id } });
              expect(await unitRow(env, dbIdOf(unit.id))).toMatchObject({ code, parent_id: env.street.branch.dbId });
            },
          };
        },
      },
      {
        name: 'a street committee (no parent; no target: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const code = uniq('mx-street');
          return {
            query: `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id code level } }`,
            variables: { i: { code, name: code } },
            ok: async (unit) => {
              expect(unit).toMatchObject({ code, level: 'STREET_COMMITTEE' });
              expect(await unitRow(env, dbIdOf(unit.id))).toMatchObject({ code, level: 'STREET_COMMITTEE', parent_id: null });
            },
          };
        },
      },
    ],
  },

  updateOrgUnit: {
    kind: 'mutation',
    variants: [
      {
        name: "renaming a street's courtyard",
        expect: ADMINS_IN_SCOPE,
        prepare: (env) => {
          const name = uniq('mx-renamed');
          return {
            query: `mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { id name } }`,
            variables: { i: { id: env.street.courtyard.id, name } },
            ok: async (unit) => {
              expect(unit).toEqual({ id: env.street.courtyard.id, name });
              expect((await unitRow(env, env.street.courtyard.dbId)).name).toBe(name);
            },
          };
        },
      },
    ],
  },

  moveOrgUnit: {
    kind: 'mutation',
    variants: [
      {
        name: 'a fresh courtyard to another branch of the same street',
        expect: ADMINS_IN_SCOPE,
        prepare: async (env) => {
          const unit = await freshUnit(env.world.server, env.street.branch.id);
          return {
            query: `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id parent { id } } }`,
            variables: { i: { id: unit.id, newParentId: env.street.branch2.id } },
            ok: async (moved) => {
              expect(moved).toEqual({ id: unit.id, parent: { id: env.street.branch2.id } });
              expect((await unitRow(env, unit.dbId)).parent_id).toBe(env.street.branch2.dbId);
            },
          };
        },
      },
      {
        name: "a fresh courtyard of the scope's street to a branch of the other street",
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: NF, SECRETARY: F, RESPONDER: F, RESIDENT: F }),
        prepare: async (env) => {
          const unit = await freshUnit(env.world.server, env.street.branch.id);
          return {
            query: `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id parent { id } } }`,
            variables: { i: { id: unit.id, newParentId: env.other.branch.id } },
            ok: async (moved) => {
              expect(moved).toEqual({ id: unit.id, parent: { id: env.other.branch.id } });
              expect((await unitRow(env, unit.dbId)).parent_id).toBe(env.other.branch.dbId);
            },
          };
        },
      },
    ],
  },

  archiveOrgUnit: {
    kind: 'mutation',
    variants: [
      {
        name: 'a fresh leaf',
        expect: ADMINS_IN_SCOPE,
        prepare: async (env) => {
          const unit = await freshUnit(env.world.server, env.street.branch.id);
          return {
            query: `mutation($i: ArchiveOrgUnitInput!) { archiveOrgUnit(input: $i) { id archived } }`,
            variables: { i: { id: unit.id } },
            ok: async (result) => {
              expect(result).toEqual({ id: unit.id, archived: true });
              expect((await unitRow(env, unit.dbId)).archived).toBe(true);
            },
          };
        },
      },
    ],
  },

  restoreOrgUnit: {
    kind: 'mutation',
    variants: [
      {
        name: 'a fresh archived leaf',
        expect: ADMINS_IN_SCOPE,
        prepare: async (env) => {
          const unit = await freshArchivedUnit(env.world.server, env.street.branch.id);
          return {
            query: `mutation($i: RestoreOrgUnitInput!) { restoreOrgUnit(input: $i) { id archived } }`,
            variables: { i: { id: unit.id } },
            ok: async (result) => {
              expect(result).toEqual({ id: unit.id, archived: false });
              expect((await unitRow(env, unit.dbId)).archived).toBe(false);
            },
          };
        },
      },
    ],
  },

  importOrgUnits: {
    kind: 'mutation',
    variants: [
      {
        name: 'a CSV courtyard group under a branch',
        expect: ADMINS_IN_SCOPE,
        prepare: (env) => {
          const code = uniq('mx-imported');
          return {
            query: `mutation($i: ImportOrgUnitsInput!) { importOrgUnits(input: $i) { imported total problems { text } } }`,
            variables: { i: { format: 'CSV', text: `code,parent_code,level,name\n${code},${env.street.branch.code},COURTYARD_GROUP,${code}\n` } },
            ok: async (report) => {
              expect(report).toEqual({ imported: true, total: 1, problems: [] });
              const [row] = await env.sql(`${UNIT_ROW} WHERE code = $1`, [code]);
              expect(row).toMatchObject({ code, level: 'COURTYARD_GROUP', parent_id: env.street.branch.dbId });
            },
          };
        },
      },
      {
        name: 'a street committee (no parent; both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const code = uniq('mx-imported-street');
          return {
            query: `mutation($i: ImportOrgUnitsInput!) { importOrgUnits(input: $i) { imported total } }`,
            variables: { i: { format: 'CSV', text: `code,parent_code,level,name\n${code},,STREET_COMMITTEE,${code}\n` } },
            ok: async (report) => {
              expect(report).toEqual({ imported: true, total: 1 });
              const [row] = await env.sql(`${UNIT_ROW} WHERE code = $1`, [code]);
              expect(row).toMatchObject({ code, level: 'STREET_COMMITTEE', parent_id: null });
            },
          };
        },
      },
    ],
  },

  createMember: {
    kind: 'mutation',
    variants: [
      {
        name: 'in a courtyard under the branch',
        expect: STAFF_IN_SCOPE,
        prepare: (env) => {
          const name = uniq('mx-newmember');
          return {
            query: `mutation($i: CreateMemberInput!) { createMember(input: $i) { id name unit { id } } }`,
            variables: { i: { unitId: env.street.courtyard.id, name, phone: '13700000003' } },
            ok: async (member) => {
              expect(member).toMatchObject({ name, unit: { id: env.street.courtyard.id } });
              const [row] = await env.sql(`SELECT unit_id::text AS unit_id, name FROM member WHERE id = $1`, [dbIdOf(member.id)]);
              expect(row).toEqual({ unit_id: env.street.courtyard.dbId, name });
            },
          };
        },
      },
    ],
  },

  updateMember: {
    kind: 'mutation',
    variants: [
      {
        name: "renaming a courtyard's member",
        expect: STAFF_IN_SCOPE,
        prepare: (env) => {
          const name = uniq('mx-renamed');
          return {
            query: `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id name } }`,
            variables: { i: { id: env.street.member.id, name } },
            ok: async (member) => {
              expect(member).toEqual({ id: env.street.member.id, name });
              const [row] = await env.sql(`SELECT name FROM member WHERE id = $1`, [env.street.member.dbId]);
              expect(row.name).toBe(name);
            },
          };
        },
      },
      {
        name: "moving a fresh member of street A's courtyard to a courtyard of the scope's street",
        expect: STAFF_IN_SCOPE,
        prepare: async (env) => {
          const member = await freshMember(env.world.server, env.world.A.courtyard.id);
          const to = env.scope === 'in' ? env.world.A.courtyard2 : env.world.B.courtyard;
          return {
            query: `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id unit { id } } }`,
            variables: { i: { id: member.id, unitId: to.id } },
            ok: async (result) => {
              expect(result).toEqual({ id: member.id, unit: { id: to.id } });
              const [row] = await env.sql(`SELECT unit_id::text AS unit_id FROM member WHERE id = $1`, [member.dbId]);
              expect(row.unit_id).toBe(to.dbId);
            },
          };
        },
      },
    ],
  },

  setSecretary: {
    kind: 'mutation',
    variants: [
      {
        name: 'a fresh member as secretary of their courtyard',
        expect: ADMINS_IN_SCOPE,
        prepare: async (env) => {
          const member = await freshMember(env.world.server, env.street.courtyard.id);
          return {
            query: `mutation($i: SetSecretaryInput!) { setSecretary(input: $i) { id secretary { id } } }`,
            variables: { i: { unitId: env.street.courtyard.id, memberId: member.id } },
            ok: async (unit) => {
              expect(unit).toEqual({ id: env.street.courtyard.id, secretary: { id: member.id } });
              expect((await unitRow(env, env.street.courtyard.dbId)).secretary_member_id).toBe(member.dbId);
            },
          };
        },
      },
    ],
  },

  createUser: {
    kind: 'mutation',
    variants: [
      createUserVariant('a SECRETARY account scoped to a branch', ADMINS_IN_SCOPE, (s) => ({ role: 'SECRETARY', scopeUnitId: s.branch })),
      createUserVariant('a RESPONDER account linked to a responder', ADMINS_IN_SCOPE, (s) => ({ role: 'RESPONDER', memberId: s.responder }), {
        // A member has one active account: each case links a fresh responder of the courtyard.
        freshResponder: true,
      }),
      createUserVariant('an INSPECTOR account scoped to a branch', ADMINS_IN_SCOPE, (s) => ({ role: 'INSPECTOR', scopeUnitId: s.branch })),
      createUserVariant('a city-wide INSPECTOR account (no scope; no target: both scopes make the same call)', CITY_ADMIN_ONLY, () => ({
        role: 'INSPECTOR',
      })),
      createUserVariant('a STREET_ADMIN account of a street', CITY_ADMIN_ONLY, (s) => ({ role: 'STREET_ADMIN', scopeUnitId: s.street })),
      createUserVariant('a CITY_ADMIN account (no target: both scopes make the same call)', CITY_ADMIN_ONLY, () => ({ role: 'CITY_ADMIN' })),
      createUserVariant('a RESIDENT account (no target: both scopes make the same call)', CITY_ADMIN_ONLY, () => ({ role: 'RESIDENT' })),
    ],
  },

  updateUser: {
    kind: 'mutation',
    variants: [
      updateUserVariant(
        'deactivating a fresh SECRETARY account of the street',
        ADMINS_IN_SCOPE,
        (env) => freshUser(env.world.server, { role: 'SECRETARY', scopeUnitId: env.street.branch.id }),
        () => ({ active: false }),
        { active: false },
      ),
      updateUserVariant(
        'deactivating a fresh RESPONDER account of the street',
        ADMINS_IN_SCOPE,
        // A member has one active account: a fresh responder of the courtyard for each case.
        async (env) =>
          freshUser(env.world.server, { role: 'RESPONDER', memberId: (await freshMember(env.world.server, env.street.courtyard.id, { responder: true })).id }),
        () => ({ active: false }),
        { active: false },
      ),
      updateUserVariant(
        'deactivating a fresh STREET_ADMIN account of the street',
        rule({ CITY_ADMIN: OK, STREET_ADMIN: [F, NF], SECRETARY: F, RESPONDER: F, RESIDENT: F }),
        (env) => freshUser(env.world.server, { role: 'STREET_ADMIN', scopeUnitId: env.street.street.id }),
        () => ({ active: false }),
        { active: false },
      ),
      updateUserVariant(
        'promoting a fresh SECRETARY account of the street to STREET_ADMIN of it',
        rule({ CITY_ADMIN: OK, STREET_ADMIN: [F, NF], SECRETARY: F, RESPONDER: F, RESIDENT: F }),
        (env) => freshUser(env.world.server, { role: 'SECRETARY', scopeUnitId: env.street.branch.id }),
        (env) => ({ role: 'STREET_ADMIN', scopeUnitId: env.street.street.id }),
        (env) => ({ role: 'STREET_ADMIN', scope_unit_id: env.street.street.dbId }),
      ),
      updateUserVariant(
        "re-scoping a fresh SECRETARY account of street A to a unit of the scope's street",
        ADMINS_IN_SCOPE,
        (env) => freshUser(env.world.server, { role: 'SECRETARY', scopeUnitId: env.world.A.branch.id }),
        (env) => ({ scopeUnitId: env.street.general.id }),
        (env) => ({ scope_unit_id: env.street.general.dbId }),
      ),
      updateUserVariant(
        "deactivating a fresh RESIDENT account (no street: a STREET_ADMIN cannot see it; both scopes make the same call)",
        rule({ CITY_ADMIN: OK, STREET_ADMIN: NF, SECRETARY: F, RESPONDER: F, RESIDENT: F }),
        (env) => freshResident(env.world.server),
        () => ({ active: false }),
        { active: false },
      ),
    ],
  },

  // ======== service requests ========
  serviceCategories: {
    kind: 'query',
    variants: [
      {
        name: 'the catalogue (no target: both scopes make the same call)',
        expect: SIGNED_IN,
        prepare: () => ({
          query: `{ serviceCategories { id code acceptWithinMinutes resolveWithinHours } }`,
          ok: (categories) => {
            const codes = categories.map((c: any) => c.code);
            expect(codes).toEqual(expect.arrayContaining(['ROAD', 'STREET_LIGHT', 'OTHER']));
          },
        }),
      },
    ],
  },

  serviceRequest: {
    kind: 'query',
    variants: [
      {
        name: "the scope's request (an ASSIGNED one), by id",
        expect: SEES_SCOPES_REQUEST,
        prepare: async (env) => {
          const req = await requestFor(env.world, env.role, scopesRequest(env, 'ASSIGNED'));
          return {
            query: SERVICE_REQUEST,
            variables: { id: req.id },
            ok: (r) => expect(r).toEqual({ id: req.id, number: req.number, status: 'ASSIGNED' }),
            hidden: (r) => expect(r).toBeNull(),
          };
        },
      },
      {
        name: "the scope's request (an IN_PROGRESS one), by number",
        expect: SEES_SCOPES_REQUEST,
        prepare: async (env) => {
          const req = await requestFor(env.world, env.role, scopesRequest(env, 'IN_PROGRESS'));
          return {
            query: SERVICE_REQUEST,
            variables: { number: req.number },
            ok: (r) => expect(r).toEqual({ id: req.id, number: req.number, status: 'IN_PROGRESS' }),
            hidden: (r) => expect(r).toBeNull(),
          };
        },
      },
      {
        name: "another reporter's request assigned to another responder of the street",
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, HID], SECRETARY: [OK, HID], RESPONDER: HID, RESIDENT: HID, INSPECTOR: [OK, HID] }),
        prepare: async (env) => {
          const req = await requestFor(env.world, env.role, notTheirs(env, 'ASSIGNED'));
          return {
            query: SERVICE_REQUEST,
            variables: { id: req.id },
            ok: (r) => expect(r).toEqual({ id: req.id, number: req.number, status: 'ASSIGNED' }),
            hidden: (r) => expect(r).toBeNull(),
          };
        },
      },
      {
        name: 'a request the caller reported themself (seen wherever it is held)',
        expect: SIGNED_IN,
        prepare: async (env) => {
          const req = await requestFor(env.world, env.role, ownReport(env, 'PENDING_DISPATCH'));
          return {
            query: SERVICE_REQUEST,
            variables: { id: req.id },
            ok: (r) => expect(r).toEqual({ id: req.id, number: req.number, status: 'PENDING_DISPATCH' }),
          };
        },
      },
    ],
  },

  serviceRequests: {
    kind: 'query',
    variants: [
      {
        name: "the scope's request is listed; out of scope, the other street's is not (and the in-scope one is)",
        expect: SEES_SCOPES_REQUEST,
        prepare: async (env) => {
          const req = await requestFor(env.world, env.role, scopesRequest(env, 'ASSIGNED'));
          const inScope =
            env.scope === 'out' ? await requestFor(env.world, env.role, scopesRequest({ ...env, scope: 'in', street: env.world.A }, 'ASSIGNED')) : req;
          return {
            query: SERVICE_REQUESTS,
            variables: { filter: null },
            ok: async (conn) => {
              // Newest first: the fresh request is on the first page, and under its street.
              expect(conn.nodes.map((n: any) => n.id)).toContain(req.id);
              expect(await listedRequestIds(env, { unitId: env.street.street.id })).toContain(req.id);
            },
            hidden: async (conn) => {
              const firstPage = conn.nodes.map((n: any) => n.id);
              expect(firstPage).not.toContain(req.id);
              expect(firstPage).toContain(inScope.id);
              // Nothing held in the other street shows, but what the caller reported or is assigned.
              const listed = await listedRequestIds(env, { unitId: env.street.street.id });
              expect(listed).not.toContain(req.id);
              const rows: { id: string; reporter: string; assignee: string | null }[] = await env.sql(
                `SELECT id::text AS id, reporter_user_id::text AS reporter, assignee_member_id::text AS assignee
                   FROM service_request WHERE id = ANY ($1::bigint[])`,
                [listed.map(dbIdOf)],
              );
              const selfMember = env.role === 'RESPONDER' ? env.world.A.responder.dbId : null;
              expect(rows.filter((r) => r.reporter !== env.self!.dbId && (selfMember === null || r.assignee !== selfMember))).toEqual([]);
            },
          };
        },
      },
    ],
  },

  upsertServiceCategory: {
    kind: 'mutation',
    variants: [
      {
        name: 'a new category (no target: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const code = uniq('MX_CAT');
          return {
            query: `mutation($i: UpsertServiceCategoryInput!) { upsertServiceCategory(input: $i) { id code acceptWithinMinutes resolveWithinHours workingTime } }`,
            variables: { i: { code, name: code, acceptWithinMinutes: 45, resolveWithinHours: 36, workingTime: true } },
            ok: async (category) => {
              expect(category).toMatchObject({ code, acceptWithinMinutes: 45, resolveWithinHours: 36, workingTime: true });
              const [row] = await env.sql(
                `SELECT id::text AS id, accept_within_minutes, resolve_within_hours FROM service_category WHERE code = $1`,
                [code],
              );
              expect(row).toEqual({ id: dbIdOf(category.id), accept_within_minutes: 45, resolve_within_hours: 36 });
            },
          };
        },
      },
    ],
  },

  // ======== Open311 API keys ========
  apiKeys: {
    kind: 'query',
    variants: [
      {
        name: 'every key, with its account (no target: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: async (env) => {
          const key = await freshApiKey(env);
          return {
            query: `{ apiKeys { id name prefix revoked user { id role } } }`,
            ok: (keys) => expect(keys).toContainEqual({ ...key.apiKey, revoked: false }),
          };
        },
      },
    ],
  },

  createApiKey: {
    kind: 'mutation',
    variants: [
      {
        name: 'a key for an application (no target: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const name = uniq('mx-key');
          return {
            query: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id name prefix revoked user { id role name } } } }`,
            variables: { i: { name } },
            ok: async (created) => {
              expect(created.apiKey).toMatchObject({ name, revoked: false, user: { role: 'RESIDENT', name } });
              expect(created.apiKey.prefix).toBe(created.secret.slice(0, 8));
              const [row] = await env.sql(`SELECT user_id::text AS user_id, revoked_at FROM api_key WHERE id = $1`, [dbIdOf(created.apiKey.id)]);
              expect(row).toEqual({ user_id: dbIdOf(created.apiKey.user.id), revoked_at: null });
            },
          };
        },
      },
    ],
  },

  revokeApiKey: {
    kind: 'mutation',
    variants: [
      {
        name: 'a live key (no target in a street: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: async (env) => {
          const key = await freshApiKey(env);
          return {
            query: `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { id revoked } }`,
            variables: { i: { id: key.apiKey.id } },
            ok: async (revoked) => {
              expect(revoked).toEqual({ id: key.apiKey.id, revoked: true });
              const [row] = await env.sql(`SELECT revoked_at IS NOT NULL AS revoked FROM api_key WHERE id = $1`, [dbIdOf(key.apiKey.id)]);
              expect(row).toEqual({ revoked: true });
            },
          };
        },
      },
    ],
  },

  submitServiceRequest: {
    kind: 'mutation',
    variants: [
      {
        name: "into the street's courtyard (courtyardId; anyone may submit anywhere)",
        expect: SIGNED_IN,
        prepare: (env) => {
          const description = uniq('mx-submit');
          return {
            query: `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${REQUEST_FIELDS} } }`,
            variables: { i: { categoryCode: 'STREET_LIGHT', description, courtyardId: env.street.courtyard.id } },
            ok: async (r) => {
              expect(r).toMatchObject({
                status: 'ASSIGNED',
                courtyard: { id: env.street.courtyard.id },
                unit: { id: env.street.courtyard.id },
                assignee: { id: env.street.responder.id },
              });
              expect(await requestRow(env.world, dbIdOf(r.id))).toMatchObject({
                status: 'ASSIGNED',
                reporter_user_id: env.self!.dbId,
                courtyard_id: env.street.courtyard.dbId,
                last_event: 'ASSIGNED',
              });
            },
          };
        },
      },
      {
        name: "held at the street's branch by hand (unitId: staff only, in their scope)",
        expect: staffAnd(F, F, F),
        prepare: (env) => {
          const description = uniq('mx-hotline');
          return {
            query: `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${REQUEST_FIELDS} } }`,
            variables: { i: { categoryCode: 'OTHER', description, unitId: env.street.branch.id } },
            ok: async (r) => {
              expect(r).toMatchObject({ status: 'PENDING_DISPATCH', unit: { id: env.street.branch.id }, courtyard: null, assignee: null });
              expect(await requestRow(env.world, dbIdOf(r.id))).toMatchObject({
                status: 'PENDING_DISPATCH',
                reporter_user_id: env.self!.dbId,
                unit_id: env.street.branch.dbId,
                last_event: 'ROUTED',
              });
            },
          };
        },
      },
    ],
  },

  dispatchServiceRequest: {
    kind: 'mutation',
    variants: [
      requestAction({
        name: "the scope's PENDING_DISPATCH request, down to the branch's other courtyard",
        mutation: 'dispatchServiceRequest',
        inputType: 'DispatchServiceRequestInput',
        status: 'PENDING_DISPATCH',
        expect: staffAnd([F, NF], [F, NF]),
        input: (env) => ({ toUnitId: env.street.courtyard2.id }),
        after: { status: 'PENDING_DISPATCH', unit: (env) => env.street.courtyard2, assignee: () => null, event: 'DISPATCHED' },
      }),
      requestAction({
        name: "another reporter's PENDING_DISPATCH request, down to the branch's other courtyard",
        mutation: 'dispatchServiceRequest',
        inputType: 'DispatchServiceRequestInput',
        status: 'PENDING_DISPATCH',
        subject: notTheirs,
        expect: staffAnd(NF, NF),
        input: (env) => ({ toUnitId: env.street.courtyard2.id }),
        after: { status: 'PENDING_DISPATCH', unit: (env) => env.street.courtyard2, assignee: () => null, event: 'DISPATCHED' },
      }),
      requestAction({
        name: 'a PENDING_DISPATCH request the caller reported (seen, but not theirs to dispatch out of scope)',
        mutation: 'dispatchServiceRequest',
        inputType: 'DispatchServiceRequestInput',
        status: 'PENDING_DISPATCH',
        subject: ownReport,
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, F], SECRETARY: [OK, F], RESPONDER: F, RESIDENT: F }),
        input: (env) => ({ toUnitId: env.street.courtyard2.id }),
        after: { status: 'PENDING_DISPATCH', unit: (env) => env.street.courtyard2, assignee: () => null, event: 'DISPATCHED' },
      }),
      requestAction({
        name: "the scope's PENDING_DISPATCH request, to a courtyard of the other street (target out of scope)",
        mutation: 'dispatchServiceRequest',
        inputType: 'DispatchServiceRequestInput',
        status: 'PENDING_DISPATCH',
        scopes: ['in'],
        // The CITY_ADMIN may aim anywhere, but not outside the holder's subtree.
        expect: rule({ CITY_ADMIN: 'BAD_USER_INPUT', STREET_ADMIN: NF, SECRETARY: NF, RESPONDER: F, RESIDENT: F }),
        input: (env) => ({ toUnitId: env.other.courtyard.id }),
        after: { status: 'PENDING_DISPATCH', event: 'DISPATCHED' },
      }),
    ],
  },

  assignServiceRequest: {
    kind: 'mutation',
    variants: [
      requestAction({
        name: "the scope's ASSIGNED request, to the courtyard's other responder",
        mutation: 'assignServiceRequest',
        inputType: 'AssignServiceRequestInput',
        status: 'ASSIGNED',
        expect: staffAnd([F, NF], [F, NF]),
        input: (env) => ({ responderId: env.street.responder2.id }),
        after: { status: 'ASSIGNED', unit: (env) => env.street.courtyard, assignee: (env) => env.street.responder2, event: 'ASSIGNED' },
      }),
      requestAction({
        name: "the scope's PENDING_DISPATCH request, to the courtyard's responder",
        mutation: 'assignServiceRequest',
        inputType: 'AssignServiceRequestInput',
        status: 'PENDING_DISPATCH',
        expect: staffAnd([F, NF], [F, NF]),
        input: (env) => ({ responderId: env.street.responder.id }),
        after: { status: 'ASSIGNED', unit: (env) => env.street.courtyard, assignee: (env) => env.street.responder, event: 'ASSIGNED' },
      }),
      requestAction({
        name: "another reporter's request ASSIGNED to another responder, to the courtyard's responder",
        mutation: 'assignServiceRequest',
        inputType: 'AssignServiceRequestInput',
        status: 'ASSIGNED',
        subject: notTheirs,
        expect: staffAnd(NF, NF),
        input: (env) => ({ responderId: env.street.responder.id }),
        after: { status: 'ASSIGNED', unit: (env) => env.street.courtyard, assignee: (env) => env.street.responder, event: 'ASSIGNED' },
      }),
      requestAction({
        name: "the scope's ASSIGNED request, to a responder of the other street (responder out of scope)",
        mutation: 'assignServiceRequest',
        inputType: 'AssignServiceRequestInput',
        status: 'ASSIGNED',
        scopes: ['in'],
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: NF, SECRETARY: NF, RESPONDER: F, RESIDENT: F }),
        input: (env) => ({ responderId: env.other.responder2.id }),
        after: { status: 'ASSIGNED', unit: (env) => env.other.courtyard, assignee: (env) => env.other.responder2, event: 'ASSIGNED' },
      }),
      requestAction({
        name: "the scope's CLOSED request (who may act is checked before the status)",
        mutation: 'assignServiceRequest',
        inputType: 'AssignServiceRequestInput',
        status: 'CLOSED',
        expect: rule({ CITY_ADMIN: CF, STREET_ADMIN: [CF, NF], SECRETARY: [CF, NF], RESPONDER: [F, NF], RESIDENT: [F, NF] }),
        input: (env) => ({ responderId: env.street.responder2.id }),
        after: { status: 'ASSIGNED', event: 'ASSIGNED' },
      }),
    ],
  },

  acceptServiceRequest: {
    kind: 'mutation',
    variants: [
      requestAction({
        name: "the scope's ASSIGNED request (only the assignee accepts)",
        mutation: 'acceptServiceRequest',
        inputType: 'RequestActionInput',
        status: 'ASSIGNED',
        expect: rule({ CITY_ADMIN: F, STREET_ADMIN: [F, NF], SECRETARY: [F, NF], RESPONDER: [OK, NF], RESIDENT: [F, NF] }),
        after: { status: 'IN_PROGRESS', event: 'ACCEPTED' },
      }),
      requestAction({
        name: "another reporter's request ASSIGNED to another responder",
        mutation: 'acceptServiceRequest',
        inputType: 'RequestActionInput',
        status: 'ASSIGNED',
        subject: notTheirs,
        expect: rule({ CITY_ADMIN: F, STREET_ADMIN: [F, NF], SECRETARY: [F, NF], RESPONDER: NF, RESIDENT: NF, INSPECTOR: [F, NF] }),
        after: { status: 'IN_PROGRESS', event: 'ACCEPTED' },
      }),
      requestAction({
        name: "the scope's RESOLVED request (who may act is checked before the status)",
        mutation: 'acceptServiceRequest',
        inputType: 'RequestActionInput',
        status: 'RESOLVED',
        expect: rule({ CITY_ADMIN: F, STREET_ADMIN: [F, NF], SECRETARY: [F, NF], RESPONDER: [CF, NF], RESIDENT: [F, NF] }),
        after: { status: 'IN_PROGRESS', event: 'ACCEPTED' },
      }),
    ],
  },

  escalateServiceRequest: {
    kind: 'mutation',
    variants: [
      ...(['ASSIGNED', 'IN_PROGRESS'] as const).map((status) =>
        requestAction({
          name: `the scope's ${status} request, up to the branch`,
          mutation: 'escalateServiceRequest',
          inputType: 'RequestActionInput',
          status,
          expect: staffAnd([OK, NF], [F, NF]),
          after: {
            status: 'PENDING_DISPATCH',
            unit: (env) => env.street.branch,
            assignee: () => null,
            event: 'ESCALATED',
            row: { escalation_count: 1 },
          },
        }),
      ),
      requestAction({
        name: "another reporter's request ASSIGNED to another responder, up to the branch",
        mutation: 'escalateServiceRequest',
        inputType: 'RequestActionInput',
        status: 'ASSIGNED',
        subject: notTheirs,
        expect: staffAnd(NF, NF),
        after: { status: 'PENDING_DISPATCH', unit: (env) => env.street.branch, assignee: () => null, event: 'ESCALATED', row: { escalation_count: 1 } },
      }),
    ],
  },

  resolveServiceRequest: {
    kind: 'mutation',
    variants: [
      requestAction({
        name: "the scope's IN_PROGRESS request",
        mutation: 'resolveServiceRequest',
        inputType: 'RequestActionInput',
        status: 'IN_PROGRESS',
        expect: staffAnd([OK, NF], [F, NF]),
        after: { status: 'RESOLVED', event: 'RESOLVED' },
      }),
      requestAction({
        name: "another reporter's request IN_PROGRESS with another responder",
        mutation: 'resolveServiceRequest',
        inputType: 'RequestActionInput',
        status: 'IN_PROGRESS',
        subject: notTheirs,
        expect: staffAnd(NF, NF),
        after: { status: 'RESOLVED', event: 'RESOLVED' },
      }),
    ],
  },

  closeServiceRequest: {
    kind: 'mutation',
    variants: [
      requestAction({
        name: "the scope's RESOLVED request, without a rating",
        mutation: 'closeServiceRequest',
        inputType: 'CloseServiceRequestInput',
        status: 'RESOLVED',
        expect: staffAnd([F, NF], [OK, NF]),
        after: { status: 'CLOSED', event: 'CLOSED', row: { rating: null } },
      }),
      requestAction({
        // The reporter alone rates: staff who may close it get FORBIDDEN when they give a rating.
        name: "the scope's RESOLVED request, with a rating",
        mutation: 'closeServiceRequest',
        inputType: 'CloseServiceRequestInput',
        status: 'RESOLVED',
        // The INSPECTOR sees street A's requests but reports none of these.
        expect: rule({ CITY_ADMIN: F, STREET_ADMIN: [F, NF], SECRETARY: [F, NF], RESPONDER: [F, NF], RESIDENT: [OK, NF], INSPECTOR: [F, NF] }),
        input: () => ({ rating: 4 }),
        after: { status: 'CLOSED', event: 'CLOSED', row: { rating: 4 } },
      }),
      requestAction({
        name: "another reporter's RESOLVED request (another responder's)",
        mutation: 'closeServiceRequest',
        inputType: 'CloseServiceRequestInput',
        status: 'RESOLVED',
        subject: notTheirs,
        expect: staffAnd(NF, NF),
        after: { status: 'CLOSED', event: 'CLOSED' },
      }),
    ],
  },

  reopenServiceRequest: {
    kind: 'mutation',
    variants: [
      ...(['RESOLVED', 'CLOSED'] as const).map((status) =>
        requestAction({
          name: `the scope's ${status} request, back to its responder`,
          mutation: 'reopenServiceRequest',
          inputType: 'RequestActionInput',
          status,
          expect: staffAnd([F, NF], [OK, NF]),
          after: {
            status: 'ASSIGNED',
            unit: (env) => env.street.courtyard,
            assignee: (env) => env.street.responder,
            event: 'REOPENED',
            row: { rework_count: 1 },
          },
        }),
      ),
      requestAction({
        name: "another reporter's RESOLVED request (another responder's)",
        mutation: 'reopenServiceRequest',
        inputType: 'RequestActionInput',
        status: 'RESOLVED',
        subject: notTheirs,
        expect: staffAnd(NF, NF),
        after: { status: 'ASSIGNED', assignee: (env) => env.street.responder2, event: 'REOPENED', row: { rework_count: 1 } },
      }),
    ],
  },

  cancelServiceRequest: {
    kind: 'mutation',
    variants: [
      requestAction({
        name: "the scope's ASSIGNED request",
        mutation: 'cancelServiceRequest',
        inputType: 'CancelServiceRequestInput',
        status: 'ASSIGNED',
        expect: staffAnd([F, NF], [OK, NF]),
        input: () => ({ reason: 'matrix' }),
        after: { status: 'CANCELLED', event: 'CANCELLED' },
      }),
      requestAction({
        name: "the scope's PENDING_DISPATCH request (the RESPONDER's: one they reported)",
        mutation: 'cancelServiceRequest',
        inputType: 'CancelServiceRequestInput',
        status: 'PENDING_DISPATCH',
        expect: staffAnd([OK, NF], [OK, NF]),
        input: () => ({ reason: 'matrix' }),
        after: { status: 'CANCELLED', event: 'CANCELLED' },
      }),
      requestAction({
        name: "the scope's IN_PROGRESS request (staff may; the reporter only before it is accepted)",
        mutation: 'cancelServiceRequest',
        inputType: 'CancelServiceRequestInput',
        status: 'IN_PROGRESS',
        expect: staffAnd([F, NF], [CF, NF]),
        input: () => ({ reason: 'matrix' }),
        after: { status: 'CANCELLED', event: 'CANCELLED' },
      }),
      requestAction({
        name: "another reporter's request ASSIGNED to another responder",
        mutation: 'cancelServiceRequest',
        inputType: 'CancelServiceRequestInput',
        status: 'ASSIGNED',
        subject: notTheirs,
        expect: staffAnd(NF, NF),
        input: () => ({ reason: 'matrix' }),
        after: { status: 'CANCELLED', event: 'CANCELLED' },
      }),
      requestAction({
        name: 'an ASSIGNED request the caller reported (the reporter may cancel, in scope or not)',
        mutation: 'cancelServiceRequest',
        inputType: 'CancelServiceRequestInput',
        status: 'ASSIGNED',
        subject: ownReport,
        expect: SIGNED_IN,
        input: () => ({ reason: 'matrix' }),
        after: { status: 'CANCELLED', event: 'CANCELLED' },
      }),
    ],
  },

  // ======== volunteers (test/support/matrix/volunteers.ts) ========
  ...VOLUNTEER_CASES,
  ...FACILITY_CASES,

  // ======== working time (test/support/matrix/calendar.ts) ========
  ...CALENDAR_CASES,
};

/** A throwaway Open311 key, made as the bootstrap CITY_ADMIN. */
async function freshApiKey(env: CaseEnv): Promise<{ secret: string; apiKey: { id: string; name: string; prefix: string; user: { id: string; role: string } } }> {
  const res = await env.world.server.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id name prefix user { id role } } } }`, {
    i: { name: uniq('mx-key') },
  });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.createApiKey;
}

function createUserVariant(
  name: string,
  expectation: Variant['expect'],
  access: (street: Street) => { role: SignedInRole; scopeUnitId?: { id: string; dbId: string }; memberId?: { id: string; dbId: string } },
  options: { freshResponder?: boolean } = {},
): Variant {
  return {
    name,
    expect: expectation,
    prepare: async (env) => {
      const username = uniq('mx-new');
      const given = access(env.street);
      const { role, scopeUnitId } = given;
      const memberId = options.freshResponder ? await freshMember(env.world.server, env.street.courtyard.id, { responder: true }) : given.memberId;
      return {
        query: `mutation($i: CreateUserInput!) { createUser(input: $i) { id username role scope { id } member { id } } }`,
        variables: { i: { username, password: PASSWORD, role, scopeUnitId: scopeUnitId?.id, memberId: memberId?.id } },
        ok: async (user) => {
          expect(user).toMatchObject({
            username,
            role,
            scope: scopeUnitId ? { id: scopeUnitId.id } : null,
            member: memberId ? { id: memberId.id } : null,
          });
          expect(await userRowByUsername(env, username)).toEqual({
            id: dbIdOf(user.id),
            role,
            scope_unit_id: scopeUnitId?.dbId ?? null,
            member_id: memberId?.dbId ?? null,
            active: true,
          });
        },
      };
    },
  };
}

function updateUserVariant(
  name: string,
  expectation: Variant['expect'],
  target: (env: CaseEnv) => Promise<{ id: string; dbId: string; username: string }>,
  change: (env: CaseEnv) => Record<string, unknown>,
  stored: Record<string, unknown> | ((env: CaseEnv) => Record<string, unknown>),
): Variant {
  return {
    name,
    expect: expectation,
    prepare: async (env) => {
      const user = await target(env);
      return {
        query: `mutation($i: UpdateUserInput!) { updateUser(input: $i) { id active scope { id } } }`,
        variables: { i: { id: user.id, ...change(env) } },
        ok: async (result) => {
          expect(result.id).toBe(user.id);
          const row = await userRowByUsername(env, user.username);
          expect(row).toMatchObject(typeof stored === 'function' ? stored(env) : stored);
        },
      };
    },
  };
}
