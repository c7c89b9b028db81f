import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createMember, type Street } from '../../support/fixtures.js';
import { recordSql } from '../../support/sql-recorder.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * A page of children reads each child's secretary in its own statement: the name alone when
 * the client asks nothing else of the secretary (a tree pull), the member's row otherwise; two
 * selections in one document each get their own read.
 */
let server: TestServer;
let S: Street;
const secretaries: Record<string, { id: string; name: string; phone: string }> = {};

beforeAll(async () => {
  server = await startTestServer();
  S = await buildStreet(server, 'SRA', 36, 114);
  const units = { 'SRA-01': S.general, 'SRA-01-01': S.branch, 'SRA-01-01-01': S.courtyard } as const;
  let n = 0;
  for (const [code, unitId] of Object.entries(units)) {
    n += 1;
    const name = `书记${n}号`;
    const phone = `1390000000${n}`;
    const id = await createMember(server, unitId, { name, phone });
    const set = await server.gql(`mutation($i: SetSecretaryInput!) { setSecretary(input: $i) { id } }`, { i: { unitId, memberId: id } });
    expect(set.body.errors).toBeUndefined();
    secretaries[code] = { id, name, phone };
  }
});
afterAll(async () => {
  await server?.stop();
});

/** Every unit under the street (its children aliased `key`) with its secretary as asked, by code. */
function flatten(street: any, key = 'children'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (units: any[]) => {
    for (const u of units) {
      out[u.code] = u.secretary;
      if (u.children) walk(u.children.nodes);
    }
  };
  walk(street[key].nodes);
  return out;
}

const tree = (secretary: string, key = 'children') =>
  `${key}: children(first: 10) { nodes { code secretary { ${secretary} } children(first: 10) { nodes { code secretary { ${secretary} }
     children(first: 10) { nodes { code secretary { ${secretary} } } } } } } }`;

/** The children pages' statements of one query, and its answer. */
async function pull(query: string): Promise<{ pages: string[]; data: any }> {
  const recorder = recordSql(server);
  try {
    const res = await server.gql(query, { id: S.street });
    expect(res.body.errors).toBeUndefined();
    return { pages: recorder.texts.filter((t) => t.includes('AS along_')), data: res.body.data };
  } finally {
    recorder.stop();
  }
}

describe("a page of children's secretaries", () => {
  it('reads only the name when only id and name are asked, and answers them', async () => {
    const { pages, data } = await pull(`query($id: ID) { orgUnit(id: $id) { ${tree('__typename id name')} } }`);
    expect(pages.length).toBe(3);
    for (const text of pages) {
      expect(text).toContain('SELECT m.name FROM member m');
      expect(text).not.toContain('to_json(x)');
    }
    const got = flatten(data.orgUnit);
    for (const [code, s] of Object.entries(secretaries)) expect(got[code]).toEqual({ __typename: 'Member', id: s.id, name: s.name });
    expect(got['SRA-01-01-02']).toBeNull();
  });

  it("reads the member's row when more is asked, and answers it", async () => {
    const { pages, data } = await pull(`query($id: ID) { orgUnit(id: $id) { ${tree('id name phone')} } }`);
    expect(pages.length).toBe(3);
    for (const text of pages) expect(text).toContain('to_json(x)');
    const got = flatten(data.orgUnit);
    for (const [code, s] of Object.entries(secretaries)) expect(got[code]).toEqual({ id: s.id, name: s.name, phone: s.phone });
  });

  it('gives two selections in one document each their own read', async () => {
    const { data } = await pull(`query($id: ID) { orgUnit(id: $id) { ${tree('name', 'brief')} ${tree('name phone', 'full')} } }`);
    const brief = flatten(data.orgUnit, 'brief');
    const full = flatten(data.orgUnit, 'full');
    for (const [code, s] of Object.entries(secretaries)) {
      expect(brief[code]).toEqual({ name: s.name });
      expect(full[code]).toEqual({ name: s.name, phone: s.phone });
    }
  });
});
