import { expect } from 'vitest';
import type { GqlResponse, TestServer } from './test-server.js';

/*
 * A small tree and one account of each role, made through the API as the bootstrap admin.
 *   S1 → S1-G1 → S1-G1-B1 → S1-G1-B1-C1 (member "m1", phone 13812345678)
 *        S1-G2 (secretary "sec_g2")
 *   S2 → S2-G1 (member "m2")
 */
export const TREE: [code: string, parent: string | null][] = [
  ['S1', null],
  ['S1-G1', 'S1'],
  ['S1-G1-B1', 'S1-G1'],
  ['S1-G1-B1-C1', 'S1-G1-B1'],
  ['S1-G2', 'S1'],
  ['S2', null],
  ['S2-G1', 'S2'],
];

export const PASSWORD = 'correct-horse-1';
export const M1_PHONE = '13812345678';
export const M2_PHONE = '13987654321';
export const RESIDENT_PHONE = '13700001111';

export interface Fixture {
  units: Record<string, string>;
  members: Record<string, string>;
  /** User global ids by username. */
  users: Record<string, string>;
  /** Tokens by username (the bootstrap admin is "admin"). */
  tokens: Record<string, string>;
}

/** Asserts there are no errors and returns the data. */
export function ok<T = any>(res: GqlResponse<T>): T {
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

export const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id username role active scope { code } member { name } } }`;
export const UPDATE_USER = `mutation($i: UpdateUserInput!) { updateUser(input: $i) { id role active scope { code } } }`;

export async function buildFixture(server: TestServer): Promise<Fixture> {
  const units: Record<string, string> = {};
  for (const [code, parent] of TREE) {
    const data = ok(
      await server.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
        i: { code, name: `${code} 党组织`, parentId: parent ? units[parent] : null },
      }),
    );
    units[code] = data.createOrgUnit.id;
  }
  const members: Record<string, string> = {};
  for (const [name, unit, phone] of [
    ['m1', 'S1-G1-B1-C1', M1_PHONE],
    ['m2', 'S2-G1', M2_PHONE],
  ] as const) {
    const data = ok(
      await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, {
        i: { unitId: units[unit], name, phone, responder: true },
      }),
    );
    members[name] = data.createMember.id;
  }
  const users: Record<string, string> = {};
  const plan: [string, string, Record<string, string>][] = [
    ['s1admin', 'STREET_ADMIN', { scopeUnitId: units.S1 }],
    ['s2admin', 'STREET_ADMIN', { scopeUnitId: units.S2 }],
    ['sec_b1', 'SECRETARY', { scopeUnitId: units['S1-G1-B1'] }],
    ['sec_g1', 'SECRETARY', { scopeUnitId: units['S1-G1'] }],
    ['sec_g2', 'SECRETARY', { scopeUnitId: units['S1-G2'] }],
    ['resp1', 'RESPONDER', { memberId: members.m1 }],
  ];
  for (const [username, role, extra] of plan) {
    const data = ok(await server.gql(CREATE_USER, { i: { username, password: PASSWORD, role, ...extra } }));
    users[username] = data.createUser.id;
  }
  const reg = ok(
    await server.gql(
      `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id } } }`,
      { i: { username: 'resident1', password: PASSWORD, name: '张三', phone: RESIDENT_PHONE } },
      null,
    ),
  );
  users.resident1 = reg.registerResident.user.id;
  const tokens: Record<string, string> = { admin: server.adminToken, resident1: reg.registerResident.token };
  for (const username of plan.map((p) => p[0])) tokens[username] = await server.login(username, PASSWORD);
  return { units, members, users, tokens };
}

/** Every error code of a response. */
export const codes = (res: GqlResponse<unknown>) => (res.body.errors ?? []).map((e) => e.extensions?.code);
