import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../src/common/graphql/global-id.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { buildFixture, CREATE_USER, ok, PASSWORD, type Fixture } from '../../support/auth-fixtures.js';

/**
 * The `users` list and `node(id:)` follow one rule (Policy.seesUser and its SQL form): for
 * every caller who may list users, the list holds exactly the accounts whose node is not null.
 * An account is anchored at its scope unit, else at its member's unit; an admin of another
 * street whose member record lies in this street is anchored in the other street.
 */

let server: TestServer;
let fx: Fixture;

beforeAll(async () => {
  server = await startTestServer();
  fx = await buildFixture(server);
  // Scoped to street S2, but their member records lie in street S1.
  for (const [username, role, scope] of [
    ['s2admin_m1', 'STREET_ADMIN', fx.units.S2],
    ['s2sec_m1', 'SECRETARY', fx.units['S2-G1']],
  ] as const) {
    const member = ok(
      await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, { i: { unitId: fx.units['S1-G1-B1-C1'], name: username } }),
    );
    const data = ok(await server.gql(CREATE_USER, { i: { username, password: PASSWORD, role, scopeUnitId: scope, memberId: member.createMember.id } }));
    fx.users[username] = data.createUser.id;
  }
  fx.tokens.s2admin_m1 = await server.login('s2admin_m1', PASSWORD);
});
afterAll(async () => {
  await server?.stop();
});

async function listed(token: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = ok(
      await server.gql(`query($a: String) { users(first: 3, after: $a) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`, { a: after }, token),
    );
    ids.push(...data.users.nodes.map((n: { id: string }) => n.id));
    if (!data.users.pageInfo.hasNextPage) {
      expect(data.users.totalCount).toBe(ids.length);
      return ids.sort();
    }
    after = data.users.pageInfo.endCursor;
  }
}

async function seenByNode(token: string): Promise<string[]> {
  const rows: { id: string }[] = await server.dataSource.query(`SELECT id::text AS id FROM app_user`);
  const seen: string[] = [];
  for (const { id } of rows) {
    const globalId = toGlobalId('User', id);
    const data: any = ok(await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: globalId }, token));
    if (data.node) seen.push(globalId);
  }
  return seen.sort();
}

describe('users and node(id:) show the same accounts', () => {
  it.each(['admin', 's1admin', 's2admin', 's2admin_m1'])('for %s', async (caller) => {
    const token = fx.tokens[caller];
    const list = await listed(token);
    expect(list).toEqual(await seenByNode(token));
    // Everyone sees themself (the bootstrap admin's id is not in the fixture; a CITY_ADMIN sees all).
    if (caller !== 'admin') expect(list).toContain(fx.users[caller]);
  });

  it("does not list another street's admin to a street admin because of where their member record lies", async () => {
    const s1 = await listed(fx.tokens.s1admin);
    expect(s1).not.toContain(fx.users.s2admin_m1);
    expect(s1).not.toContain(fx.users.s2sec_m1);
    expect(s1).toContain(fx.users.resp1);
    const s2 = await listed(fx.tokens.s2admin);
    expect(s2).toEqual(expect.arrayContaining([fx.users.s2admin_m1, fx.users.s2sec_m1]));
  });
});
