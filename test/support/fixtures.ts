import type { TestServer } from './test-server.js';

/** A square boundary ring around (lat, lng), `size` degrees wide. */
export function square(lat: number, lng: number, size: number) {
  return [
    { lat, lng },
    { lat: lat + size, lng },
    { lat: lat + size, lng: lng + size },
    { lat, lng: lng + size },
  ];
}

export interface Street {
  street: string;
  general: string;
  branch: string;
  courtyard: string;
  /** A second courtyard of the same branch, with no responder. */
  emptyCourtyard: string;
  /** A point inside `courtyard`. */
  inCourtyard: { lat: number; lng: number };
  /** A point inside the branch but in no courtyard. */
  inBranchOnly: { lat: number; lng: number };
}

async function must<T>(server: TestServer, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await server.gql<T>(query, variables, token);
  if (!res.body.data || res.body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const CREATE = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`;

/**
 * A street whose grids nest: street (1°) ⊃ general branch ⊃ branch ⊃ two courtyards.
 * `prefix` keeps codes apart; `lat`/`lng` place the street so streets do not overlap.
 */
export async function buildStreet(server: TestServer, prefix: string, lat: number, lng: number): Promise<Street> {
  const id = async (input: Record<string, unknown>) => (await must<{ createOrgUnit: { id: string } }>(server, CREATE, { i: input })).createOrgUnit.id;
  const street = await id({ code: prefix, name: `${prefix}街道党委`, boundary: square(lat, lng, 1) });
  const general = await id({ parentId: street, code: `${prefix}-01`, name: '第一网格党总支', boundary: square(lat, lng, 0.5) });
  const branch = await id({ parentId: general, code: `${prefix}-01-01`, name: '第一党支部', boundary: square(lat, lng, 0.2) });
  const courtyard = await id({ parentId: branch, code: `${prefix}-01-01-01`, name: '1号院党小组', boundary: square(lat, lng, 0.05) });
  const emptyCourtyard = await id({ parentId: branch, code: `${prefix}-01-01-02`, name: '2号院党小组', boundary: square(lat + 0.1, lng, 0.05) });
  return {
    street,
    general,
    branch,
    courtyard,
    emptyCourtyard,
    inCourtyard: { lat: lat + 0.01, lng: lng + 0.01 },
    inBranchOnly: { lat: lat + 0.07, lng: lng + 0.15 },
  };
}

export async function createMember(
  server: TestServer,
  unitId: string,
  input: { name: string; responder?: boolean; skills?: string[]; phone?: string },
): Promise<string> {
  const data = await must<{ createMember: { id: string } }>(
    server,
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
    { i: { unitId, ...input } },
  );
  return data.createMember.id;
}

/** Creates an account and signs it in; returns its token and id. */
export async function createAccount(
  server: TestServer,
  input: { username: string; role: string; scopeUnitId?: string; memberId?: string },
  password = 'account-password-1',
): Promise<{ token: string; id: string }> {
  const data = await must<{ createUser: { id: string } }>(
    server,
    `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
    { i: { password, ...input } },
  );
  return { id: data.createUser.id, token: await server.login(input.username, password) };
}

export async function registerResident(server: TestServer, username: string): Promise<{ token: string; id: string }> {
  const res = await server.gql<{ registerResident: { token: string; user: { id: string } } }>(
    `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id } } }`,
    { i: { username, password: 'resident-password-1', name: '居民', phone: '13812345678' } },
    null,
  );
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return { token: res.body.data.registerResident.token, id: res.body.data.registerResident.user.id };
}
