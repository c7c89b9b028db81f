import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

let server: TestServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  // S1 → G1 → B1 → C1, C2 ; S1 → G2 → B2 ; S2 → G3
  const plan: [string, string | null, string][] = [
    ['S1', null, '灞陵街道党委'],
    ['S1-G1', 'S1', '第一网格党总支'],
    ['S1-G1-B1', 'S1-G1', '延中社区第一网格党支部'],
    ['S1-G1-B1-C1', 'S1-G1-B1', '延中小区1号院党小组'],
    ['S1-G1-B1-C2', 'S1-G1-B1', '延中小区2号院党小组'],
    ['S1-G2', 'S1', '第二网格党总支'],
    ['S1-G2-B2', 'S1-G2', '八一路社区党支部'],
    ['S2', null, '西大街道党委'],
    ['S2-G3', 'S2', '西大第一网格党总支'],
  ];
  for (const [code, parent, name] of plan) {
    const res = await server.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
      i: { code, name, parentId: parent ? ids[parent] : null },
    });
    ids[code] = res.body.data.createOrgUnit.id;
  }
});
afterAll(async () => {
  await server?.stop();
});

const MOVE = `mutation($id: ID!, $to: ID!) { moveOrgUnit(input: { id: $id, newParentId: $to }) { code parent { code } ancestors { code } } }`;
const ARCHIVE = `mutation($id: ID!) { archiveOrgUnit(input: { id: $id }) { code archived } }`;
const RESTORE = `mutation($id: ID!) { restoreOrgUnit(input: { id: $id }) { code archived } }`;

describe('moving a unit', () => {
  it('moves a branch with its courtyards to another general branch, rewriting every path', async () => {
    const res = await server.gql(MOVE, { id: ids['S1-G1-B1'], to: ids['S1-G2'] });
    expect(res.body.data.moveOrgUnit.parent.code).toBe('S1-G2');
    const c1 = await server.gql(`{ orgUnit(code: "S1-G1-B1-C1") { ancestors { code } } }`);
    expect(c1.body.data.orgUnit.ancestors.map((a: { code: string }) => a.code)).toEqual(['S1', 'S1-G2', 'S1-G1-B1']);
    const g2 = await server.gql(`{ orgUnit(code: "S1-G2") { descendants(level: COURTYARD_GROUP) { totalCount nodes { code } } } }`);
    expect(g2.body.data.orgUnit.descendants.totalCount).toBe(2);
    const stale = await server.dataSource.query(
      `SELECT c.code FROM org_unit c JOIN org_unit p ON p.id = c.parent_id WHERE c.path <> p.path || c.id::text::ltree`,
    );
    expect(stale).toEqual([]);
  });

  it('moves across streets, and back', async () => {
    const away = await server.gql(MOVE, { id: ids['S1-G1-B1'], to: ids['S2-G3'] });
    expect(away.body.data.moveOrgUnit.ancestors.map((a: { code: string }) => a.code)).toEqual(['S2', 'S2-G3']);
    const back = await server.gql(MOVE, { id: ids['S1-G1-B1'], to: ids['S1-G1'] });
    expect(back.body.data.moveOrgUnit.ancestors.map((a: { code: string }) => a.code)).toEqual(['S1', 'S1-G1']);
  });

  it('refuses a new parent of the wrong level with BAD_USER_INPUT', async () => {
    const res = await server.gql(MOVE, { id: ids['S1-G1-B1'], to: ids['S2'] });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.field).toBe('newParentId');
  });

  it('refuses to move a street committee', async () => {
    const res = await server.gql(MOVE, { id: ids['S2'], to: ids['S1'] });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for an unknown unit or parent', async () => {
    expect(errorCode(await server.gql(MOVE, { id: 'T3JnVW5pdDo5OTk5OTk', to: ids['S1-G1'] }))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(MOVE, { id: ids['S1-G1-B1'], to: 'garbage' }))).toBe('NOT_FOUND');
  });

  it('runs two opposite concurrent moves without corrupting the tree', async () => {
    await Promise.all([
      server.gql(MOVE, { id: ids['S1-G1-B1'], to: ids['S1-G2'] }),
      server.gql(MOVE, { id: ids['S1-G2-B2'], to: ids['S1-G1'] }),
      server.gql(MOVE, { id: ids['S1-G1-B1'], to: ids['S2-G3'] }),
    ]);
    const rows = await server.dataSource.query(
      `SELECT c.code FROM org_unit c JOIN org_unit p ON p.id = c.parent_id WHERE c.path <> p.path || c.id::text::ltree`,
    );
    expect(rows).toEqual([]);
  });
});

describe('archiving and restoring', () => {
  it('refuses to archive a unit with live children (CONFLICT), archives leaves first, then the parent', async () => {
    const branch = await server.gql(`{ orgUnit(code: "S1-G1-B1") { id children { nodes { id } } } }`);
    const unit = branch.body.data.orgUnit;
    expect(errorCode(await server.gql(ARCHIVE, { id: unit.id }))).toBe('CONFLICT');
    for (const child of unit.children.nodes) {
      expect((await server.gql(ARCHIVE, { id: child.id })).body.data.archiveOrgUnit.archived).toBe(true);
    }
    expect((await server.gql(ARCHIVE, { id: unit.id })).body.data.archiveOrgUnit.archived).toBe(true);
  });

  it('hides archived units from lists unless includeArchived', async () => {
    const hidden = await server.gql(`{ orgUnits(search: "延中") { totalCount } }`);
    expect(hidden.body.data.orgUnits.totalCount).toBe(0);
    const shown = await server.gql(`{ orgUnits(search: "延中", includeArchived: true) { totalCount nodes { code archived } } }`);
    expect(shown.body.data.orgUnits.totalCount).toBe(3);
    expect(shown.body.data.orgUnits.nodes.every((u: { archived: boolean }) => u.archived)).toBe(true);
  });

  it('takes no new children and no moves into an archived unit', async () => {
    const create = await server.gql(`mutation($p: ID!) { createOrgUnit(input: { parentId: $p, code: "NEW-C", name: "新院" }) { id } }`, {
      p: ids['S1-G1-B1'],
    });
    expect(errorCode(create)).toBe('CONFLICT');
    const moveInto = await server.gql(MOVE, { id: ids['S1-G1-B1-C1'], to: ids['S1-G1-B1'] });
    expect(errorCode(moveInto)).toBe('CONFLICT');
  });

  it('restores only under a live parent', async () => {
    expect(errorCode(await server.gql(RESTORE, { id: ids['S1-G1-B1-C1'] }))).toBe('CONFLICT');
    expect((await server.gql(RESTORE, { id: ids['S1-G1-B1'] })).body.data.restoreOrgUnit.archived).toBe(false);
    expect((await server.gql(RESTORE, { id: ids['S1-G1-B1-C1'] })).body.data.restoreOrgUnit.archived).toBe(false);
  });
});

describe('reading and paging', () => {
  it('finds Chinese names by substring', async () => {
    const res = await server.gql(`{ orgUnits(search: "网格党总支") { nodes { code } } }`);
    expect(res.body.data.orgUnits.nodes.map((u: { code: string }) => u.code)).toEqual(['S1-G1', 'S1-G2', 'S2-G3']);
  });

  it('pages by code with opaque cursors, 20 by default', async () => {
    const first = await server.gql(`{ orgUnits(first: 4) { edges { cursor node { code } } pageInfo { hasNextPage endCursor } totalCount } }`);
    const page1 = first.body.data.orgUnits;
    expect(page1.edges.map((e: any) => e.node.code)).toEqual(['S1', 'S1-G1', 'S1-G1-B1', 'S1-G1-B1-C1']);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await server.gql(`query($a: String) { orgUnits(first: 20, after: $a) { nodes { code } pageInfo { hasNextPage hasPreviousPage } } }`, {
      a: page1.pageInfo.endCursor,
    });
    const page2 = second.body.data.orgUnits;
    // S1-G1-B1-C2 stays archived from the tests above, so the next live code follows.
    expect(page2.nodes[0].code).toBe('S1-G2');
    expect(page2.nodes.length + 4).toBe(page1.totalCount);
    expect(page2.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses a cursor it did not make with BAD_USER_INPUT', async () => {
    const res = await server.gql(`{ orgUnits(after: "bm90IGEgY3Vyc29y") { totalCount } }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('filters by level and parent', async () => {
    const res = await server.gql(`query($p: ID) { orgUnits(parentId: $p) { nodes { code } } streets: orgUnits(level: STREET_COMMITTEE) { nodes { code } } }`, {
      p: ids['S1'],
    });
    expect(res.body.data.orgUnits.nodes.map((u: any) => u.code)).toEqual(['S1-G1', 'S1-G2']);
    expect(res.body.data.streets.nodes.map((u: any) => u.code)).toEqual(['S1', 'S2']);
  });

  it('fetches any unit back through node(id)', async () => {
    const res = await server.gql(`query($id: ID!) { node(id: $id) { __typename id ... on OrgUnit { code } } }`, { id: ids['S2-G3'] });
    expect(res.body.data.node).toEqual({ __typename: 'OrgUnit', id: ids['S2-G3'], code: 'S2-G3' });
  });

  it('renames a unit and sets its boundary, refusing a ring of two points', async () => {
    const ok = await server.gql(`mutation($id: ID!) { updateOrgUnit(input: { id: $id, name: "西大街道党工委", boundary: [{lat: 34.0, lng: 113.8}, {lat: 34.1, lng: 113.8}, {lat: 34.1, lng: 113.9}, {lat: 34.0, lng: 113.8}] }) { name boundary { lat lng } } }`, {
      id: ids['S2'],
    });
    expect(ok.body.data.updateOrgUnit.name).toBe('西大街道党工委');
    expect(ok.body.data.updateOrgUnit.boundary).toHaveLength(4);
    const bad = await server.gql(`mutation($id: ID!) { updateOrgUnit(input: { id: $id, boundary: [{lat: 34.0, lng: 113.8}, {lat: 34.1, lng: 113.8}] }) { name } }`, {
      id: ids['S2'],
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.body.errors![0].extensions!.field).toBe('boundary');
    const farOut = await server.gql(`mutation($id: ID!) { updateOrgUnit(input: { id: $id, boundary: [{lat: 91, lng: 113.8}, {lat: 34.1, lng: 113.8}, {lat: 34.1, lng: 113.9}] }) { name } }`, {
      id: ids['S2'],
    });
    expect(errorCode(farOut)).toBe('BAD_USER_INPUT');
  });
});

describe('GraphQL over HTTP', () => {
  it('serves queries over GET', async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ orgUnit(code: "S2") { code } }')}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { orgUnit: { code: string } } };
    expect(body.data.orgUnit.code).toBe('S2');
  });

  it('never runs a mutation sent with GET', async () => {
    const doc = 'mutation { createOrgUnit(input: { code: "VIA-GET", name: "x" }) { id } }';
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent(doc)}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const rows = await server.dataSource.query(`SELECT 1 FROM org_unit WHERE code = 'VIA-GET'`);
    expect(rows).toEqual([]);
  });

  it('refuses a POST that is not JSON (a cross-site form cannot forge a mutation)', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify({ query: 'mutation { createOrgUnit(input: { code: "VIA-FORM", name: "x" }) { id } }' }),
    });
    expect(res.status).toBe(415);
    const rows = await server.dataSource.query(`SELECT 1 FROM org_unit WHERE code = 'VIA-FORM'`);
    expect(rows).toEqual([]);
  });

  it('answers a malformed document with GRAPHQL_PARSE_FAILED and an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const parse = await server.gql(`{ orgUnits( }`);
    expect(parse.status).toBe(400);
    expect(errorCode(parse)).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await server.gql(`{ orgUnits { nope } }`);
    expect(errorCode(invalid)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('never shows a stack trace or SQL, even for an unexpected failure', async () => {
    // An id far beyond bigint reaches no SQL; a code of 10k characters is refused before SQL.
    const res = await server.gql(`{ orgUnit(code: "${'x'.repeat(70)}") { id } }`);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/at .*\.(js|ts):\d+|SELECT|INSERT|stack/i);
  });

  it('echoes a request id', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up' });
  });
});
