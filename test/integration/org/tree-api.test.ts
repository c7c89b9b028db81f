import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const CREATE = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code name level archived parent { code } boundary { lat lng } } }`;

async function create(input: Record<string, unknown>) {
  const res = await server.gql(CREATE, { input });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.createOrgUnit;
}

describe('the 3+1 tree over GraphQL', () => {
  it('creates a street, a general branch, a branch and a courtyard group, each a level below its parent', async () => {
    const street = await create({ code: 'T-S1', name: '灞陵街道党委' });
    const general = await create({ parentId: street.id, code: 'T-G1', name: '第一网格党总支' });
    const branch = await create({ parentId: general.id, code: 'T-B1', name: '延中小区党支部', level: 'BRANCH' });
    const courtyard = await create({
      parentId: branch.id,
      code: 'T-C1',
      name: '延中小区1号院党小组',
      boundary: [
        { lat: 34.03, lng: 113.85 },
        { lat: 34.031, lng: 113.85 },
        { lat: 34.031, lng: 113.851 },
      ],
    });
    expect([street.level, general.level, branch.level, courtyard.level]).toEqual([
      'STREET_COMMITTEE',
      'GENERAL_BRANCH',
      'BRANCH',
      'COURTYARD_GROUP',
    ]);
    expect(courtyard.parent.code).toBe('T-B1');
    expect(courtyard.boundary).toHaveLength(4);
    expect(courtyard.boundary[0]).toEqual(courtyard.boundary[3]);

    const res = await server.gql(`{ orgUnit(code: "T-C1") { ancestors { code } openRequestCount } }`);
    expect(res.body.data.orgUnit.ancestors.map((a: { code: string }) => a.code)).toEqual(['T-S1', 'T-G1', 'T-B1']);
    expect(res.body.data.orgUnit.openRequestCount).toBe(0);
  });

  it('refuses a level that is not the one below the parent with BAD_USER_INPUT naming level', async () => {
    const street = await create({ code: 'T-S2', name: '街道二' });
    const res = await server.gql(CREATE, { input: { parentId: street.id, code: 'T-X', name: 'x', level: 'BRANCH' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.field).toBe('level');
  });

  it('refuses a duplicate code with CONFLICT', async () => {
    await create({ code: 'T-DUP', name: '街道' });
    const res = await server.gql(CREATE, { input: { code: 'T-DUP', name: '另一个' } });
    expect(errorCode(res)).toBe('CONFLICT');
  });

  it('refuses first over 100 with BAD_USER_INPUT', async () => {
    const res = await server.gql(`{ orgUnits(first: 101) { totalCount } }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.field).toBe('first');
  });

  it("validates the arguments of children, which skip NestJS's pipes (a hot field)", async () => {
    await create({ code: 'T-KIDS', name: '街道' });
    for (const [args, message] of [
      ['first: 101', /between 1 and 100/],
      ['first: 0', /between 1 and 100/],
      [`after: "${'x'.repeat(600)}"`, /after/],
    ] as const) {
      const res = await server.gql(`{ orgUnit(code: "T-KIDS") { children(${args}) { nodes { id } } } }`);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.body.errors![0].message).toMatch(message);
      expect(res.body.errors![0].extensions!.field).toBe(args.split(':')[0]);
    }
    const ok = await server.gql(`{ orgUnit(code: "T-KIDS") { children(first: 100) { nodes { id } pageInfo { hasNextPage } } } }`);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data).toEqual({ orgUnit: { children: { nodes: [], pageInfo: { hasNextPage: false } } } });
  });

  it('reads the boundaries of children exactly when asked, also through fragments', async () => {
    const street = await create({ code: 'T-BS', name: '街道' });
    const ring = [
      { lat: 34.1, lng: 113.8 },
      { lat: 34.2, lng: 113.8 },
      { lat: 34.2, lng: 113.9 },
    ];
    await create({ parentId: street.id, code: 'T-BS-G1', name: '总支', boundary: ring });
    const direct = await server.gql(`{ orgUnit(code: "T-BS") { children { nodes { code boundary { lat lng } } } } }`);
    expect(direct.body.errors).toBeUndefined();
    expect(direct.body.data.orgUnit.children.nodes).toEqual([{ code: 'T-BS-G1', boundary: [...ring, ring[0]] }]);
    const viaFragment = await server.gql(
      `{ orgUnit(code: "T-BS") { children { edges { node { ...Shape } } } } } fragment Shape on OrgUnit { code boundary { lat } }`,
    );
    expect(viaFragment.body.errors).toBeUndefined();
    expect(viaFragment.body.data.orgUnit.children.edges[0].node.boundary).toHaveLength(4);
    const without = await server.gql(`{ orgUnit(code: "T-BS") { children { nodes { code } } } }`);
    expect(without.body.data.orgUnit.children.nodes).toEqual([{ code: 'T-BS-G1' }]);
  });

  it('answers a malformed id with null, never an error', async () => {
    const res = await server.gql(`{ orgUnit(id: "not-an-id") { id } node(id: "%%%") { id } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ orgUnit: null, node: null });
  });
});
