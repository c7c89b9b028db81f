import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthGuard } from '../../../src/modules/auth/auth.guard.js';
import { AccountsService } from '../../../src/modules/people/index.js';
import { TokenService } from '../../../src/modules/auth/token.service.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { recordSql } from '../../support/sql-recorder.js';
import { ok } from '../../support/auth-fixtures.js';

/*
 * The per-request cost of the auth check. Statements: counted by the server's own SQL
 * logger, and the guard's lookup recognised by its SQL. Time: printed, never asserted.
 */
let server: TestServer;
let adminDbId: string;
let sql: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  ok(await server.gql(`mutation { createOrgUnit(input: { code: "COST-S", name: "街道" }) { id } }`));
  ok(await server.gql(`mutation { createOrgUnit(input: { code: "COST-T", name: "街道" }) { id } }`));
  [{ id: adminDbId }] = await server.dataSource.query(`SELECT id::text AS id FROM app_user WHERE username = 'admin'`);
  sql = recordSql(server).texts;
});
afterAll(async () => {
  await server?.stop();
});

/** The guard's one statement: the user joined with their scope and member unit. */
const isAuthLookup = (query: string) => /FROM app_user u\s+LEFT JOIN org_unit s/.test(query);

async function statementsOf(query: string, token?: string | null, variables: Record<string, unknown> = {}) {
  const before = server.sqlLogger.statementCount;
  const from = sql.length;
  const res = await server.gql(query, variables, token);
  const issued = sql.slice(from);
  return { res, total: server.sqlLogger.statementCount - before, auth: issued.filter(isAuthLookup).length, issued };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

describe('statements per request', () => {
  it('anonymous { __typename } runs no statement at all', async () => {
    const { res, total } = await statementsOf(`{ __typename }`, null);
    expect(res.body.data).toEqual({ __typename: 'Query' });
    expect(total).toBe(0);
  });

  it('authenticated { __typename } runs none either: no resolver, so no guard', async () => {
    const { total } = await statementsOf(`{ __typename }`);
    expect(total).toBe(0);
  });

  it('authenticated { me { id } } runs exactly one auth lookup plus the one read of the user', async () => {
    const { res, total, auth, issued } = await statementsOf(`{ me { id } }`);
    ok(res);
    console.log(`{ me { id } }: ${total} statements:\n  ${issued.map((q) => q.replace(/\s+/g, ' ').slice(0, 110)).join('\n  ')}`);
    expect(auth).toBe(1);
    expect(total).toBe(2);
  });

  it('authenticated { orgUnit(code) { id } } runs exactly one auth lookup plus the one read of the unit', async () => {
    const { res, total, auth } = await statementsOf(`{ orgUnit(code: "COST-S") { id } }`);
    expect(ok(res).orgUnit.id).toEqual(expect.any(String));
    expect(auth).toBe(1);
    expect(total).toBe(2);
  });

  it('looks the caller up once per request, not once per root field', async () => {
    const { res, total, auth } = await statementsOf(
      `{ a: orgUnit(code: "COST-S") { id } b: orgUnit(code: "COST-T") { id } me { id } orgUnits(first: 1) { nodes { code } } }`,
    );
    ok(res);
    expect(auth).toBe(1);
    console.log(`four root fields: ${total} statements, ${auth} of them the auth lookup`);
  });

  it('looks the caller up once for several mutations in one document, too', async () => {
    const { res, auth } = await statementsOf(
      `mutation($s: ID!) { a: updateOrgUnit(input: { id: $s, name: "一" }) { name } b: updateOrgUnit(input: { id: $s, name: "二" }) { name } }`,
      undefined,
      { s: ok(await server.gql(`{ orgUnit(code: "COST-S") { id } }`)).orgUnit.id },
    );
    expect(ok(res).b.name).toBe('二');
    expect(auth).toBe(1);
  });

  it('runs the auth lookup and nothing more for a refused token', async () => {
    const { res, total, auth } = await statementsOf(`{ me { id } }`, `${server.adminToken.slice(0, -4)}AAAA`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A bad signature is refused before the database is asked.
    expect([total, auth]).toEqual([0, 0]);
  });
});

describe('time per request (printed, not asserted)', () => {
  it('measures the auth check in process and over HTTP', async () => {
    const N = 200;
    const token = server.adminToken;
    const guard = server.app.get(AuthGuard);
    const tokens = server.app.get(TokenService);
    const accounts = server.app.get(AccountsService);
    const fakeCtx = { req: { headers: { authorization: `Bearer ${token}` }, ip: '127.0.0.1' } } as never;

    const time = async (fn: () => Promise<unknown>) => {
      for (let i = 0; i < 20; i++) await fn(); // warm-up
      const out: number[] = [];
      for (let i = 0; i < N; i++) {
        const t0 = performance.now();
        await fn();
        out.push(performance.now() - t0);
      }
      return median(out);
    };

    // In process: exactly what the guard does per request, and its two parts.
    const verifyOnly = await time(() => tokens.verify(token));
    const lookupOnly = await time(() => accounts.accessOf(adminDbId));
    const wholeGuard = await time(async () => expect(await guard.resolveActor(fakeCtx)).toBeDefined());

    // Over HTTP, interleaved so that drift hits all three alike.
    const samples: Record<'anon' | 'authTypename' | 'authOrgUnit', number[]> = { anon: [], authTypename: [], authOrgUnit: [] };
    const send = (query: string, t: string | null) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) },
        body: JSON.stringify({ query }),
      }).then((r) => r.text());
    const kinds: [keyof typeof samples, string, string | null][] = [
      ['anon', '{ __typename }', null],
      ['authTypename', '{ __typename }', token],
      ['authOrgUnit', '{ orgUnit(code: "COST-S") { id } }', token],
    ];
    for (let i = 0; i < 20; i++) for (const [, q, t] of kinds) await send(q, t);
    for (let i = 0; i < N; i++) {
      for (const [kind, q, t] of kinds) {
        const t0 = performance.now();
        await send(q, t);
        samples[kind].push(performance.now() - t0);
      }
    }
    const http = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)])) as Record<keyof typeof samples, number>;

    console.log(
      [
        `auth check, median of ${N} sequential runs each:`,
        `  in process: jose HS256 verify ${fmt(verifyOnly)}; the one SQL lookup ${fmt(lookupOnly)}; whole guard lookup ${fmt(wholeGuard)}`,
        `  over HTTP: anonymous { __typename } ${fmt(http.anon)}; authenticated { __typename } (no guard) ${fmt(http.authTypename)};`,
        `             authenticated { orgUnit(code) { id } } (guard + 1 loader statement) ${fmt(http.authOrgUnit)}`,
      ].join('\n'),
    );
    expect(Object.values(http).every((v) => v > 0)).toBe(true);
  });
});
