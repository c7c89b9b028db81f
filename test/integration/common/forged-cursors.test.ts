import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type Fixture } from '../../support/auth-fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Cursors are opaque but not trusted: whatever a client puts in `after`, every connection
 * answers BAD_USER_INPUT (field `after`) or a page, never INTERNAL_SERVER_ERROR. The forged
 * keys are ones that decode and look like a key but that PostgreSQL would refuse.
 */

let server: TestServer;
let fx: Fixture;

beforeAll(async () => {
  server = await startTestServer();
  fx = await buildFixture(server);
  await server.gql(`mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id } }`, {
    i: { categoryCode: 'ROAD', description: '路面坑洼', unitId: fx.units.S1 },
  });
});
afterAll(async () => {
  await server?.stop();
});

const cursor = (key: unknown) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
const TIME = '2026-11-30 08:00:00.123456+00';

const FORGED: [name: string, after: string][] = [
  ['not base64 JSON', '%%%'],
  ['a NUL byte', cursor('S1\u0000')],
  ['a bigint out of range', cursor('9999999999999999999')],
  ['an object', cursor({ id: 1 })],
  ['a request key that is no time', cursor(['yesterday', 'today', '1'])],
  ['a request key with month 13', cursor(['2026-13-01 00:00:00+00', TIME, '1'])],
  ['a request key with 30 February', cursor(['2026-02-30 00:00:00+00', TIME, '1'])],
  ['a request key with hour 24', cursor([TIME, '2026-11-30 24:00:00+00', '1'])],
  ['a request key with an id out of range', cursor([TIME, TIME, '9223372036854775808'])],
  ['a request key with a NUL byte', cursor([TIME, `${TIME}\u0000`, '1'])],
];

const CONNECTIONS: [name: string, query: string][] = [
  ['orgUnits', `query($a: String) { orgUnits(after: $a) { nodes { id } } }`],
  ['OrgUnit.children', `query($a: String) { orgUnit(code: "S1") { children(after: $a) { nodes { id } } } }`],
  ['OrgUnit.descendants', `query($a: String) { orgUnit(code: "S1") { descendants(after: $a) { nodes { id } } } }`],
  ['OrgUnit.members', `query($a: String) { orgUnit(code: "S1-G1-B1-C1") { members(after: $a) { nodes { id } } } }`],
  ['users', `query($a: String) { users(after: $a) { nodes { id } } }`],
  ['auditLog', `query($a: String) { auditLog(after: $a) { nodes { id } } }`],
  ['serviceRequests NEWEST', `query($a: String) { serviceRequests(after: $a) { nodes { id } } }`],
  ['serviceRequests DUE_SOONEST', `query($a: String) { serviceRequests(orderBy: DUE_SOONEST, after: $a) { nodes { id } } }`],
];

describe('a forged cursor is BAD_USER_INPUT on every connection', () => {
  it.each(CONNECTIONS)('%s', async (_name, query) => {
    const outcomes: Record<string, unknown> = {};
    for (const [name, after] of FORGED) {
      const res = await server.gql(query, { a: after });
      const error = res.body.errors?.[0];
      outcomes[name] = error ? [error.extensions?.code, error.extensions?.field] : 'page';
    }
    // A key that PostgreSQL would accept may give a page; nothing may fail inside.
    for (const outcome of Object.values(outcomes)) {
      expect(outcome === 'page' || (Array.isArray(outcome) && outcome[0] === 'BAD_USER_INPUT' && outcome[1] === 'after')).toBe(true);
    }
    expect(Object.values(outcomes).filter((o) => o !== 'page').length).toBeGreaterThan(0);
    expect(server.logLines.filter((line) => line.includes('unexpected error'))).toEqual([]);
  });

  it('still pages with the cursors the server hands out', async () => {
    const first = await server.gql(`{ serviceRequests(first: 1) { pageInfo { endCursor } } orgUnits(first: 2) { pageInfo { endCursor } } }`);
    const { serviceRequests, orgUnits } = first.body.data as any;
    const next = await server.gql(`query($r: String, $u: String) { serviceRequests(after: $r) { nodes { id } } orgUnits(after: $u) { nodes { code } } }`, {
      r: serviceRequests.pageInfo.endCursor,
      u: orgUnits.pageInfo.endCursor,
    });
    expect(next.body.errors).toBeUndefined();
    expect((next.body.data as any).orgUnits.nodes.length).toBeGreaterThan(0);
  });
});
