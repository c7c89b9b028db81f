import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, codes, ok, UPDATE_USER, type Fixture } from '../../support/auth-fixtures.js';
import { createAccount } from '../../support/fixtures.js';
import { recordSql } from '../../support/sql-recorder.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/*
 * A query made only of serviceRequests skips the guard's lookup once the account has been
 * read: the page's statement confirms the caller as last read (AuthGuard, ActorConfirmation).
 * These tests show the saving and that nothing of the per-request check is lost: a
 * deactivated caller is refused, a moved scope is answered as it is now.
 */
let server: TestServer;
let fx: Fixture;
let sql: string[] = [];

const QUEUE = `query($u: ID!) { serviceRequests(filter: { unitId: $u, status: [PENDING_DISPATCH, ASSIGNED] }, first: 50) {
  nodes { number status assignee { name } courtyard { code } } } }`;
/** The guard's lookup (AccountsService.accessOf), not the check inside a page's statement. */
const isGuardLookup = (query: string) => /SELECT u\.id::text AS id, u\.role, u\.active/.test(query);

async function run(query: string, variables: Record<string, unknown>, token: string) {
  const from = sql.length;
  const res = await server.gql(query, variables, token);
  const issued = sql.slice(from);
  return { res, issued, lookups: issued.filter(isGuardLookup).length };
}

const submit = async (courtyardId: string) =>
  ok(await server.gql(`mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { number } }`, {
    i: { categoryCode: 'ROAD', description: '路面破损', courtyardId },
  })).submitServiceRequest.number as string;

beforeAll(async () => {
  server = await startTestServer();
  fx = await buildFixture(server);
  for (let i = 0; i < 3; i++) await submit(fx.units['S1-G1-B1-C1']);
  sql = recordSql(server).texts;
});
afterAll(async () => {
  await server?.stop();
});

describe('a secretary queue confirms its caller in its own statement', () => {
  it('is one statement once the account was read, with the same answer', async () => {
    const vars = { u: fx.units['S1-G1-B1'] };
    const first = await run(QUEUE, vars, fx.tokens.sec_b1);
    const second = await run(QUEUE, vars, fx.tokens.sec_b1);
    expect(ok(second.res).serviceRequests.nodes).toHaveLength(3);
    expect(ok(second.res)).toEqual(ok(first.res));
    expect(second.lookups).toBe(0);
    expect(second.issued).toHaveLength(1);
    expect(second.issued[0]).toMatch(/account_is_as_read\(/);
  });

  it('reads the caller first when another root field is asked too', async () => {
    const vars = { u: fx.units['S1-G1-B1'] };
    await run(QUEUE, vars, fx.tokens.sec_b1);
    const both = await run(`query($u: ID!) { me { username } serviceRequests(filter: { unitId: $u }) { nodes { number } } }`, vars, fx.tokens.sec_b1);
    expect(ok(both.res).me.username).toBe('sec_b1');
    expect(both.lookups).toBe(1);
    expect(both.issued.some((q) => /account_is_as_read\(/.test(q))).toBe(false);
  });

  it('refuses a caller deactivated since their account was read, whatever the filter', async () => {
    const account = await createAccount(server, { username: 'sec_gone', role: 'SECRETARY', scopeUnitId: fx.units['S1-G1-B1'] });
    const vars = { u: fx.units['S1-G1-B1'] };
    expect(ok((await run(QUEUE, vars, account.token)).res).serviceRequests.nodes).toHaveLength(3);
    ok(await server.gql(UPDATE_USER, { i: { id: account.id, active: false } }));
    // First an empty page on the one-statement path: the check runs before any row.
    const empty = await run(`query($u: ID!) { serviceRequests(filter: { unitId: $u, status: [CLOSED] }) { nodes { number } } }`, vars, account.token);
    expect(codes(empty.res)).toEqual(['UNAUTHENTICATED']);
    expect(empty.issued.some((q) => /account_is_as_read\(/.test(q))).toBe(true);
    // Then whatever the filter (the account is no longer taken as read).
    for (const unit of [fx.units['S1-G1-B1'], fx.units['S1-G1'], 'bm90LWEtdW5pdA']) {
      const { res } = await run(QUEUE, { u: unit }, account.token);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.body.data?.serviceRequests ?? null).toBeNull();
    }
    // Arguments refused before any statement: still UNAUTHENTICATED, as with a lookup first.
    for (const args of ['first: 5000', 'filter: { createdAfter: "2026-02-01T00:00:00Z", createdBefore: "2026-01-01T00:00:00Z" }']) {
      const { res } = await run(`{ serviceRequests(${args}) { nodes { number } } }`, {}, account.token);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('answers a caller whose scope moved since it was read as the tree is now', async () => {
    const account = await createAccount(server, { username: 'sec_moved', role: 'SECRETARY', scopeUnitId: fx.units['S1-G1-B1'] });
    const vars = { u: fx.units['S1-G1-B1'] };
    const before = ok((await run(QUEUE, vars, account.token)).res).serviceRequests.nodes;
    expect(before).toHaveLength(3);
    // The branch moves to another general branch: its path changes, the account's token does not.
    ok(await server.gql(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: fx.units['S1-G1-B1'], newParentId: fx.units['S1-G2'] } }));
    try {
      const after = await run(QUEUE, vars, account.token);
      // The page's check found the account's scope path changed, so the caller was read afresh
      // and the page asked under the new path: the same requests, not an empty page.
      expect(after.issued.some((q) => /account_is_as_read\(/.test(q))).toBe(true);
      expect(after.lookups).toBe(1);
      expect(ok(after.res).serviceRequests.nodes).toEqual(before);
      // And the next one is a single statement again.
      const next = await run(QUEUE, vars, account.token);
      expect([next.issued.length, next.lookups]).toEqual([1, 0]);
      expect(ok(next.res).serviceRequests.nodes).toEqual(before);
    } finally {
      ok(await server.gql(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: fx.units['S1-G1-B1'], newParentId: fx.units['S1-G1'] } }));
    }
  });

  it('keeps the caller out of other subtrees on the one-statement path', async () => {
    const all = `{ serviceRequests(first: 50) { nodes { number } } }`;
    await run(all, {}, fx.tokens.sec_g2);
    const again = await run(all, {}, fx.tokens.sec_g2);
    expect([again.issued.length, again.lookups]).toEqual([1, 0]);
    expect(ok(again.res).serviceRequests.nodes).toEqual([]);
    const mine = await run(all, {}, fx.tokens.sec_b1);
    expect(ok(mine.res).serviceRequests.nodes).toHaveLength(3);
  });
});
