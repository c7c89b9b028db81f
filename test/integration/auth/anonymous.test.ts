import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { ok, PASSWORD } from '../../support/auth-fixtures.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface FullType {
  kind: string;
  name: string;
  fields: { name: string; args: InputValue[]; type: TypeRef }[] | null;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
}

const TYPE_REF = `kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;
const SCHEMA = `{ __schema { queryType { name } mutationType { name } types {
  kind name
  fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } }
  inputFields { name type { ${TYPE_REF} } }
  enumValues { name } } } }`;

/** `[ID!]!` and the like, for a variable definition. */
function typeString(t: TypeRef): string {
  if (t.kind === 'NON_NULL') return `${typeString(t.ofType!)}!`;
  if (t.kind === 'LIST') return `[${typeString(t.ofType!)}]`;
  return t.name!;
}

function named(t: TypeRef): TypeRef {
  return t.ofType ? named(t.ofType) : t;
}

/** A value of the type that passes GraphQL validation (every required input field filled). */
function sample(t: TypeRef, types: Map<string, FullType>): unknown {
  if (t.kind === 'NON_NULL') return sample(t.ofType!, types);
  if (t.kind === 'LIST') return [sample(t.ofType!, types)];
  const type = types.get(t.name!)!;
  switch (type.kind) {
    case 'ENUM':
      return type.enumValues![0].name;
    case 'INPUT_OBJECT':
      return Object.fromEntries(
        type.inputFields!.filter((f) => f.type.kind === 'NON_NULL').map((f) => [f.name, sample(f.type, types)]),
      );
    default:
      return (
        { ID: 'T3JnVW5pdDox', String: 'probe-value-1', Int: 1, Float: 1.5, Boolean: true, DateTime: '2030-01-01T00:00:00.000Z' } as Record<
          string,
          unknown
        >
      )[type.name] ?? 'x';
  }
}

/** One operation calling one root field with every argument given, selecting __typename. */
function operationFor(kind: 'query' | 'mutation', field: NonNullable<FullType['fields']>[number], types: Map<string, FullType>) {
  const variables: Record<string, unknown> = {};
  const defs = field.args.map((a) => {
    variables[a.name] = sample(a.type, types);
    return `$${a.name}: ${typeString(a.type)}`;
  });
  const args = field.args.map((a) => `${a.name}: $${a.name}`);
  const leafKinds = new Set(['SCALAR', 'ENUM']);
  const selection = leafKinds.has(types.get(named(field.type).name!)!.kind) ? '' : ' { __typename }';
  const query = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
  return { query, variables };
}

describe('anonymous callers', () => {
  it('may ask for __typename', async () => {
    const res = await server.gql(`{ __typename }`, {}, null);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('may introspect the schema outside production', async () => {
    const data = ok(await server.gql(SCHEMA, {}, null));
    expect(data.__schema.queryType.name).toBe('Query');
    expect(data.__schema.types.length).toBeGreaterThan(20);
  });

  it('may sign in and register as a resident', async () => {
    const reg = ok(
      await server.gql(
        `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { username role } } }`,
        { i: { username: 'anon_reg', password: PASSWORD, name: '居民' } },
        null,
      ),
    );
    expect(reg.registerResident.user).toEqual({ username: 'anon_reg', role: 'RESIDENT' });
    const login = ok(
      await server.gql(
        `mutation { login(input: { username: "anon_reg", password: "${PASSWORD}" }) { token user { username role } } }`,
        {},
        null,
      ),
    );
    expect(login.login.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(login.login.user).toEqual({ username: 'anon_reg', role: 'RESIDENT' });
  });

  it('gets UNAUTHENTICATED and no data from every other query and mutation of the served schema', async () => {
    const schema = ok(await server.gql(SCHEMA, {}, null)).__schema;
    const types = new Map<string, FullType>(schema.types.map((t: FullType) => [t.name, t]));
    const roots: ['query' | 'mutation', string][] = [
      ['query', schema.queryType.name],
      ['mutation', schema.mutationType.name],
    ];
    const checked: string[] = [];
    const [{ n: usersBefore }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM app_user`);
    const [{ n: unitsBefore }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM org_unit`);
    for (const [kind, rootName] of roots) {
      for (const field of types.get(rootName)!.fields!) {
        if (field.name === 'login' || field.name === 'registerResident') continue;
        const { query, variables } = operationFor(kind, field, types);
        const res = await server.gql(query, variables, null);
        const label = `${kind} ${field.name}: ${query} → ${JSON.stringify(res.body)}`;
        expect(res.body.errors?.map((e) => e.extensions?.code), label).toEqual(['UNAUTHENTICATED']);
        const data = res.body.data as Record<string, unknown> | null | undefined;
        expect(data == null || Object.values(data).every((v) => v === null), label).toBe(true);
        checked.push(field.name);
      }
    }
    // The contract's operations are all among those checked (the served schema may add more).
    expect(checked).toEqual(
      expect.arrayContaining([
        'node', 'me', 'orgUnit', 'orgUnits', 'member', 'users',
        'createUser', 'updateUser', 'changePassword', 'createOrgUnit', 'updateOrgUnit', 'moveOrgUnit',
        'archiveOrgUnit', 'restoreOrgUnit', 'createMember', 'updateMember', 'setSecretary', 'auditLog',
        'serviceCategories', 'serviceRequest', 'serviceRequests', 'upsertServiceCategory', 'submitServiceRequest',
        'dispatchServiceRequest', 'assignServiceRequest', 'acceptServiceRequest', 'escalateServiceRequest',
        'resolveServiceRequest', 'closeServiceRequest', 'reopenServiceRequest', 'cancelServiceRequest',
      ]),
    );
    const [{ n: usersAfter }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM app_user`);
    const [{ n: unitsAfter }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM org_unit`);
    expect([usersAfter, unitsAfter]).toEqual([usersBefore, unitsBefore]);
    console.log(`anonymous: ${checked.length} root fields refused: ${checked.join(', ')}`);
  });

  it('gets UNAUTHENTICATED for a protected field next to __typename, and for a query sent with GET', async () => {
    const res = await server.gql(`{ __typename me { id } }`, {}, null);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.body.data).toEqual({ __typename: 'Query', me: null });
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ orgUnits { totalCount } }')}`);
    const body = (await get.json()) as any;
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeNull();
  });

  it('cannot reach a protected field through the payload of login', async () => {
    // The payload's user is the one signing in, read as they see themself: nothing else.
    const res = await server.gql(
      `mutation { login(input: { username: "anon_reg", password: "${PASSWORD}" }) { user { username scope { code } member { name } } } }`,
      {},
      null,
    );
    expect(ok(res).login.user).toEqual({ username: 'anon_reg', scope: null, member: null });
  });
});

describe('in production', () => {
  it('refuses introspection but still answers __typename and login', async () => {
    const prod = await startTestServer({ NODE_ENV: 'production' });
    try {
      const intro = await prod.gql(`{ __schema { queryType { name } } }`, {}, null);
      expect(errorCode(intro)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(intro.body.data ?? null).toBeNull();
      expect((await prod.gql(`{ __typename }`, {}, null)).body).toEqual({ data: { __typename: 'Query' } });
      expect(prod.adminToken).toEqual(expect.any(String));
      expect(errorCode(await prod.gql(`{ me { id } }`, {}, null))).toBe('UNAUTHENTICATED');
    } finally {
      await prod.stop();
    }
  });
});
