import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet } from '../../support/fixtures.js';
import { errorCode, startTestServer, type GqlResponse, type TestServer } from '../../support/test-server.js';

/*
 * GraphQL limits (depth, aliases, cost, bytes, tokens): refused before execution with
 * GRAPHQL_VALIDATION_FAILED and HTTP 400; the introspection query never counts.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await buildStreet(server, 'LIM', 30, 110);
});
afterAll(async () => {
  await server?.stop();
});

const refused = (res: GqlResponse<unknown>, pattern: RegExp) => {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.data ?? null).toBeNull();
  expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.body.errors![0].message).toMatch(pattern);
};
const passes = (res: GqlResponse<unknown>) => {
  expect(res.status, JSON.stringify(res.body.errors)).toBe(200);
  expect(res.body.errors).toBeUndefined();
};

/** `orgUnit(code) { parent { parent { … id } } }`: `depth` levels of fields. */
const nested = (depth: number) => `{ orgUnit(code: "LIM-01-01-01") ${'{ parent '.repeat(depth - 2)}{ id }${' }'.repeat(depth - 2)} }`;

const README_TREE = `{
  orgUnit(code: "LIM") {
    name level openRequestCount
    children(first: 100) {
      nodes {
        code name secretary { name phone } openRequestCount
        children(first: 100) {
          nodes {
            code name
            children(first: 100) { nodes { code name boundary { lat lng } responders { name skills } } }
          }
        }
      }
    }
  }
}`;

describe('introspection', () => {
  it('the standard introspection query (15 levels deep) passes every limit outside production', async () => {
    for (const options of [{}, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }]) {
      const res = await server.gql(getIntrospectionQuery(options), {}, null);
      passes(res);
      expect(res.body.data.__schema.queryType.name).toBe('Query');
    }
  });
});

describe('depth (at most 12)', () => {
  it('passes 12 levels and refuses 13', async () => {
    passes(await server.gql(nested(12)));
    refused(await server.gql(nested(13)), /13 levels deep; at most 12/);
  });

  it('counts through fragments and inline fragments', async () => {
    const doc = `query { orgUnit(code: "LIM") { ...A } }
      fragment A on OrgUnit { parent { ... on OrgUnit { parent { ...B } } } }
      fragment B on OrgUnit { ${'parent { '.repeat(9)}id${' }'.repeat(9)} }`;
    refused(await server.gql(doc), /levels deep/);
  });

  it('does not count __schema / __type, even deep inside a query', async () => {
    passes(await server.gql(`{ __type(name: "OrgUnit") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } }`));
  });
});

describe('aliases (at most 30)', () => {
  const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
  it('passes 30 and refuses 31', async () => {
    passes(await server.gql(aliased(30)));
    refused(await server.gql(aliased(31)), /more than 30 aliases/);
  });
  it('counts aliases inside fragments', async () => {
    const doc = `{ ...F } fragment F on Query { ${Array.from({ length: 31 }, (_, i) => `u${i}: orgUnit(code: "LIM") { id }`).join(' ')} }`;
    refused(await server.gql(doc), /aliases/);
  });
});

describe('cost: Σ first × the firsts around it (limit 2,000,000)', () => {
  it("passes the README's whole-street pull (100 + 100² + 100³ = 1,010,100) and returns the tree", async () => {
    const res = await server.gql(README_TREE);
    passes(res);
    expect(res.body.data.orgUnit.children.nodes[0].children.nodes[0].children.nodes).toHaveLength(2);
  });

  it('refuses a fourth nested list of 100 (100⁴ ≈ 101 million)', async () => {
    const doc = `{ orgUnit(code: "LIM") { children(first: 100) { nodes { children(first: 100) { nodes {
      children(first: 100) { nodes { members(first: 100) { nodes { name } } } } } } } } } }`;
    refused(await server.gql(doc), /may pull 101,010,100 objects/);
  });

  it('refuses the 100×100×100 pull under a list, counting an omitted first as 20', async () => {
    const doc = `{ orgUnits { nodes { children(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { code } } } } } } } } }`;
    refused(await server.gql(doc), /may pull 20,202,020 objects/);
  });

  it('refuses two README pulls in one document (aliases add up)', async () => {
    const body = README_TREE.trim().slice(1, -1);
    refused(await server.gql(`{ a: ${body.trim()} b: ${body.trim()} }`), /may pull 2,020,200 objects/);
  });

  it('counts `first: $var` as 100 unless the variable has a literal default, and follows fragments', async () => {
    const doc = `query($n: Int) { orgUnit(code: "LIM") { ...Kids } }
      fragment Kids on OrgUnit { children(first: $n) { nodes { children(first: $n) { nodes { children(first: $n) { nodes { children(first: 2) { nodes { id } } } } } } } } }`;
    refused(await server.gql(doc, { n: 1 }), /may pull 3,010,100 objects/);
    passes(await server.gql(doc.replace('$n: Int', '$n: Int = 10'), { n: 10 }));
  });
});

describe('document size', () => {
  it('refuses a document over 65,536 bytes (counted in UTF-8) before parsing it', async () => {
    const comment = `# ${'注'.repeat(22_000)}\n`; // 66,000 bytes, 22,000 characters
    refused(await server.gql(`${comment}{ __typename }`), /bytes; at most 65,536/);
    passes(await server.gql(`# ${'注'.repeat(21_000)}\n{ __typename }`));
  });

  it('refuses a document over 5,000 tokens', async () => {
    refused(await server.gql(`{ ${'__typename '.repeat(5_001)}}`), /more than 5,000 tokens/);
    // 4,990 tokens of a list argument: long, but within the limit.
    passes(await server.gql(`{ serviceRequests(filter: { status: [${'ASSIGNED '.repeat(4_974)}] }) { totalCount } }`));
  });

  it('refuses a document of nothing but punctuators (no parse happens)', async () => {
    refused(await server.gql('{'.repeat(6_000)), /tokens/);
  });
});

describe('batched requests', () => {
  it('an array POST gets a clean 400 with a contract code', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.js/);
  });
});

describe('HTTP rules against cross-site requests', () => {
  const post = (contentType: string, body: string) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const count = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM org_unit`))[0].n as number;

  it('GET serves queries', async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('GET never runs a mutation: 405 and nothing changes', async () => {
    const before = await count();
    const mutation = `mutation { createOrgUnit(input: { code: "CSRF-GET", name: "x" }) { id } }`;
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent(mutation)}`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(405);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await count()).toBe(before);
  });

  it('POST without a JSON content type is refused with 415 (form, text/plain, multipart, none)', async () => {
    const before = await count();
    const mutation = `mutation { createOrgUnit(input: { code: "CSRF-POST", name: "x" }) { id } }`;
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', '']) {
      const body = type.startsWith('application/x-www') ? `query=${encodeURIComponent(mutation)}` : JSON.stringify({ query: mutation });
      const res = await post(type, body);
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as any).errors[0].extensions.code).toBeTruthy();
    }
    expect(await count()).toBe(before);
  });
});

describe('limits come from the environment; production hides the schema', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ NODE_ENV: 'production', GRAPHQL_MAX_DEPTH: '5', GRAPHQL_MAX_ALIASES: '2', GRAPHQL_MAX_COST: '150', GRAPHQL_MAX_BYTES: '1000', GRAPHQL_MAX_TOKENS: '200' });
  });
  afterAll(async () => {
    await prod?.stop();
  });

  it('applies the configured limits', async () => {
    passes(await prod.gql(nested(5)));
    refused(await prod.gql(nested(6)), /at most 5/);
    refused(await prod.gql(`{ a: __typename b: __typename c: __typename }`), /more than 2 aliases/);
    passes(await prod.gql(`{ orgUnits(first: 10) { nodes { children(first: 10) { nodes { id } } } } }`));
    refused(await prod.gql(`{ orgUnits(first: 10) { nodes { children(first: 20) { nodes { id } } } } }`), /at most 150/);
    refused(await prod.gql(`# ${'x'.repeat(1000)}\n{ __typename }`), /at most 1,000/);
    refused(await prod.gql('{'.repeat(300)), /more than 200 tokens/);
  });

  it('refuses introspection, with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await prod.gql(getIntrospectionQuery(), {}, null);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('serves no GraphiQL', async () => {
    expect((await fetch(`${prod.url}/graphiql`)).status).toBe(404);
    const res = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).not.toBe(302);
  });

  it('strips field suggestions ("Did you mean")', async () => {
    for (const doc of [`{ me { usernam } }`, `{ orgUnitz(code: "x") { id } }`, `{ orgUnits(levl: BRANCH) { totalCount } }`, `{ orgUnits(level: BRANCHH) { totalCount } }`]) {
      const res = await prod.gql(doc);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(res.body), doc).not.toMatch(/did you mean/i);
    }
    // Variables are checked before execution too: a misspelt input field or enum value.
    const login = await prod.gql(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { usernme: 'a', password: 'b' } }, null);
    const level = await prod.gql(`query($l: OrgLevel) { orgUnits(level: $l) { totalCount } }`, { l: 'BRANCHH' });
    for (const res of [login, level]) {
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(res.body)).not.toMatch(/did you mean/i);
    }
    // Outside production the hint stays (the test above is not vacuous).
    expect(JSON.stringify((await server.gql(`{ me { usernam } }`)).body)).toMatch(/Did you mean/);
  });
});
