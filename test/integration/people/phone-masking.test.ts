import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { buildFixture, M1_PHONE, ok, RESIDENT_PHONE, type Fixture } from '../../support/auth-fixtures.js';

let server: TestServer;
let fx: Fixture;
let neighbourId: string;
const NEIGHBOUR_PHONE = '0374-2345678';

beforeAll(async () => {
  server = await startTestServer();
  fx = await buildFixture(server);
  // A second member in m1's courtyard, with a landline.
  const data = ok(
    await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, {
      i: { unitId: fx.units['S1-G1-B1-C1'], name: 'neighbour', phone: NEIGHBOUR_PHONE },
    }),
  );
  neighbourId = data.createMember.id;
});
afterAll(async () => {
  await server?.stop();
});

const MASKED_M1 = '138****5678';

async function memberPhone(token: string, id = fx.members.m1): Promise<string | null> {
  return ok(await server.gql(`query($id: ID!) { member(id: $id) { phone } }`, { id }, token)).member.phone;
}

describe('Member.phone', () => {
  it.each([
    ['admin', 'CITY_ADMIN'],
    ['s1admin', 'STREET_ADMIN of the street'],
    ['sec_g1', 'SECRETARY of the general branch above'],
    ['sec_b1', 'SECRETARY of the branch above'],
    ['resp1', "the member's own RESPONDER account"],
  ])('is shown in full to %s (%s)', async (who) => {
    expect(await memberPhone(fx.tokens[who])).toBe(M1_PHONE);
  });

  it.each([
    ['s2admin', "another street's STREET_ADMIN"],
    ['sec_g2', 'a SECRETARY of a sibling subtree of the same street'],
    ['resident1', 'a RESIDENT'],
  ])('is masked as 138****5678 to %s (%s)', async (who) => {
    expect(await memberPhone(fx.tokens[who])).toBe(MASKED_M1);
  });

  it('is masked to a RESPONDER for another member of the same courtyard', async () => {
    expect(await memberPhone(fx.tokens.resp1, neighbourId)).toBe('037****5678');
    expect(await memberPhone(fx.tokens.s1admin, neighbourId)).toBe(NEIGHBOUR_PHONE);
  });

  it('follows the same rule in lists, through node(id) and through a unit secretary', async () => {
    ok(
      await server.gql(`mutation($u: ID!, $m: ID!) { setSecretary(input: { unitId: $u, memberId: $m }) { id } }`, {
        u: fx.units['S1-G1-B1-C1'],
        m: fx.members.m1,
      }),
    );
    const LIST = `{ orgUnit(code: "S1-G1-B1-C1") { secretary { phone } members { nodes { name phone } } responders { name phone } } }`;
    const NODE = `query($id: ID!) { node(id: $id) { ... on Member { phone } } }`;
    for (const [who, m1, neighbour] of [
      ['s1admin', M1_PHONE, NEIGHBOUR_PHONE],
      ['s2admin', MASKED_M1, '037****5678'],
      ['resident1', MASKED_M1, '037****5678'],
    ]) {
      const unit = ok(await server.gql(LIST, {}, fx.tokens[who])).orgUnit;
      expect(unit.secretary.phone, who).toBe(m1);
      expect(unit.members.nodes, who).toEqual(
        expect.arrayContaining([
          { name: 'm1', phone: m1 },
          { name: 'neighbour', phone: neighbour },
        ]),
      );
      expect(unit.responders, who).toEqual([{ name: 'm1', phone: m1 }]);
      expect(ok(await server.gql(NODE, { id: fx.members.m1 }, fx.tokens[who])).node.phone, who).toBe(m1);
    }
  });

  it("shows the RESPONDER their own phone through me { member }", async () => {
    expect(ok(await server.gql(`{ me { member { phone } } }`, {}, fx.tokens.resp1)).me.member.phone).toBe(M1_PHONE);
  });

  it('never sends the full number in a response that masks it', async () => {
    const res = await server.gql(
      `{ orgUnit(code: "S1-G1-B1-C1") { members { nodes { name phone } } } }`,
      {},
      fx.tokens.s2admin,
    );
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(M1_PHONE);
    expect(text).not.toContain('2345678"');
  });

  it('is null, not masked, when no phone is stored', async () => {
    const data = ok(
      await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id phone } }`, {
        i: { unitId: fx.units['S2-G1'], name: 'no phone' },
      }),
    );
    expect(data.createMember.phone).toBeNull();
    expect(await memberPhone(fx.tokens.resident1, data.createMember.id)).toBeNull();
  });

  it('is stored normalised from what staff typed, and masked from that', async () => {
    const data = ok(
      await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id phone } }`, {
        i: { unitId: fx.units['S1-G2'], name: 'typed', phone: '+86 139-0000-1234' },
      }),
    );
    expect(data.createMember.phone).toBe('13900001234');
    expect(await memberPhone(fx.tokens.s2admin, data.createMember.id)).toBe('139****1234');
  });
});

describe('User.phone', () => {
  it("shows a resident their own phone in full through me and the register/login payload", async () => {
    expect(ok(await server.gql(`{ me { phone } }`, {}, fx.tokens.resident1)).me.phone).toBe(RESIDENT_PHONE);
    const login = ok(
      await server.gql(`mutation { login(input: { username: "resident1", password: "correct-horse-1" }) { user { phone } } }`, {}, null),
    );
    expect(login.login.user.phone).toBe(RESIDENT_PHONE);
  });

  it("shows a resident's phone in full to a CITY_ADMIN", async () => {
    const data = ok(await server.gql(`query($id: ID!) { node(id: $id) { ... on User { username phone } } }`, { id: fx.users.resident1 }));
    expect(data.node).toEqual({ username: 'resident1', phone: RESIDENT_PHONE });
    const list = ok(await server.gql(`{ users(search: "resident1") { nodes { phone } } }`));
    expect(list.users.nodes).toEqual([{ phone: RESIDENT_PHONE }]);
  });

  it('does not show a resident account to a STREET_ADMIN at all (the account sits in no street)', async () => {
    const data = ok(
      await server.gql(`query($id: ID!) { node(id: $id) { ... on User { phone } } }`, { id: fx.users.resident1 }, fx.tokens.s1admin),
    );
    expect(data.node).toBeNull();
    const list = ok(await server.gql(`{ users(search: "resident1") { totalCount nodes { phone } } }`, {}, fx.tokens.s1admin));
    expect(list.users).toEqual({ totalCount: 0, nodes: [] });
  });

  it("shows a resident's phone, as reporter of a request, masked to the STREET_ADMIN and in full to themself and a CITY_ADMIN", async () => {
    ok(
      await server.gql(`mutation { upsertServiceCategory(input: { code: "LAMP", name: "路灯", acceptWithinMinutes: 30, resolveWithinHours: 24 }) { id } }`),
    );
    const submitted = ok(
      await server.gql(
        `mutation($c: ID!) { submitServiceRequest(input: { categoryCode: "LAMP", description: "路灯坏了", courtyardId: $c }) { id } }`,
        { c: fx.units['S1-G1-B1-C1'] },
        fx.tokens.resident1,
      ),
    );
    const READ = `query($id: ID!) { serviceRequest(id: $id) { reporter { username phone } } }`;
    const as = async (who: string) =>
      ok(await server.gql(READ, { id: submitted.submitServiceRequest.id }, fx.tokens[who])).serviceRequest?.reporter ?? null;
    expect(await as('s1admin')).toEqual({ username: 'resident1', phone: '137****1111' });
    expect(await as('resident1')).toEqual({ username: 'resident1', phone: RESIDENT_PHONE });
    expect(await as('admin')).toEqual({ username: 'resident1', phone: RESIDENT_PHONE });
  });

  it('does not show one resident another resident account', async () => {
    const data = ok(
      await server.gql(
        `mutation { registerResident(input: { username: "resident2", password: "correct-horse-1", name: "r2", phone: "13700003333" }) { token } }`,
        {},
        null,
      ),
    );
    const node = ok(
      await server.gql(`query($id: ID!) { node(id: $id) { ... on User { phone } } }`, { id: fx.users.resident1 }, data.registerResident.token),
    );
    expect(node.node).toBeNull();
  });
});
