import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { buildFixture, ok, PASSWORD, UPDATE_USER, type Fixture } from '../../support/auth-fixtures.js';

let server: TestServer;
let fx: Fixture;
let adminId: string;
let archivedUnitId: string;

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  address: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string;
}

const ENTRY = `id at actorId actorRole address action targetType targetId summary`;
const PAGE = `query($f: Int, $a: String, $action: String) { auditLog(first: $f, after: $a, action: $action) {
  totalCount nodes { ${ENTRY} } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;

/** Every entry the caller may read, newest first, following the cursors. */
async function allEntries(token?: string, action?: string, pageSize = 100): Promise<Entry[]> {
  const out: Entry[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const data: any = ok(await server.gql(PAGE, { f: pageSize, a: after, action }, token));
    out.push(...data.auditLog.nodes);
    if (!data.auditLog.pageInfo.hasNextPage) break;
    after = data.auditLog.pageInfo.endCursor;
  }
  return out;
}

const find = (entries: Entry[], action: string, targetId?: string) =>
  entries.filter((e) => e.action === action && (targetId === undefined || e.targetId === targetId));

beforeAll(async () => {
  server = await startTestServer();
  fx = await buildFixture(server);
  adminId = ok(await server.gql(`{ me { id } }`)).me.id;
  // A failed login, role/scope/active changes, tree and member changes: all by the CITY_ADMIN.
  await server.gql(`mutation { login(input: { username: "s1admin", password: "wrong-password-1" }) { token } }`, {}, null);
  await server.gql(`mutation { login(input: { username: "nobody", password: "wrong-password-1" }) { token } }`, {}, null);
  // A member of their own (m1 has resp1, and a member has one active account).
  const m1b = ok(
    await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, { i: { unitId: fx.units['S1-G1-B1-C1'], name: 'm1b', responder: true } }),
  ).createMember.id;
  ok(await server.gql(UPDATE_USER, { i: { id: fx.users.sec_g2, role: 'RESPONDER', memberId: m1b } }));
  ok(await server.gql(UPDATE_USER, { i: { id: fx.users.sec_b1, scopeUnitId: fx.units['S1-G1'] } }));
  ok(await server.gql(UPDATE_USER, { i: { id: fx.users.s2admin, active: false } }));
  ok(
    await server.gql(`mutation($id: ID!, $to: ID!) { moveOrgUnit(input: { id: $id, newParentId: $to }) { id } }`, {
      id: fx.units['S1-G1-B1'],
      to: fx.units['S1-G2'],
    }),
  );
  archivedUnitId = ok(
    await server.gql(`mutation($p: ID!) { createOrgUnit(input: { parentId: $p, code: "S1-G2-B9", name: "待撤销" }) { id } }`, {
      p: fx.units['S1-G2'],
    }),
  ).createOrgUnit.id;
  ok(await server.gql(`mutation($id: ID!) { archiveOrgUnit(input: { id: $id }) { id } }`, { id: archivedUnitId }));
  ok(await server.gql(`mutation($id: ID!) { updateMember(input: { id: $id, name: "m1 renamed", phone: "13912340000" }) { id } }`, { id: fx.members.m1 }));
  // The street admin of S1 changes something of their own, too.
  ok(await server.gql(`mutation($id: ID!) { updateMember(input: { id: $id, responder: false }) { id } }`, { id: fx.members.m1 }, fx.tokens.s1admin));
});
afterAll(async () => {
  await server?.stop();
});

describe('what is recorded', () => {
  let all: Entry[];
  beforeAll(async () => {
    all = await allEntries();
  });

  it('records every entry with a time and a JSON summary, newest first', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const e of all) {
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      expect(() => JSON.parse(e.summary)).not.toThrow();
    }
    const ids = all.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(ids);
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('records successful logins with the address and the user as target', () => {
    const logins = find(all, 'LOGIN_SUCCEEDED', fx.users.s1admin);
    expect(logins.length).toBeGreaterThanOrEqual(1);
    expect(logins[0]).toMatchObject({ address: '127.0.0.1', targetType: 'User' });
  });

  it('records failed logins with the address, the username tried and the reason, never the password', () => {
    const failed = find(all, 'LOGIN_FAILED');
    const wrongPassword = failed.find((e) => e.targetId === fx.users.s1admin)!;
    expect(wrongPassword).toMatchObject({ address: '127.0.0.1', actorId: null, targetType: 'User' });
    expect(JSON.parse(wrongPassword.summary)).toEqual({ username: 's1admin', reason: 'wrong password' });
    const unknown = failed.find((e) => JSON.parse(e.summary).username === 'nobody')!;
    expect(unknown).toMatchObject({ address: '127.0.0.1', targetId: null });
    expect(JSON.stringify(failed)).not.toContain('wrong-password-1');
  });

  it('records user creation with the actor, their role, the target and the granted role', () => {
    const created = find(all, 'USER_CREATED', fx.users.s1admin)[0];
    expect(created).toMatchObject({ actorId: adminId, actorRole: 'CITY_ADMIN', address: '127.0.0.1', targetType: 'User' });
    expect(JSON.parse(created.summary)).toMatchObject({ username: 's1admin', role: 'STREET_ADMIN' });
    expect(created.summary).not.toContain(PASSWORD);
    expect(find(all, 'RESIDENT_REGISTERED', fx.users.resident1)).toHaveLength(1);
  });

  it('records role, scope and active changes with before and after', () => {
    const role = JSON.parse(find(all, 'USER_UPDATED', fx.users.sec_g2)[0].summary);
    expect(role.role).toEqual(['SECRETARY', 'RESPONDER']);
    const scope = JSON.parse(find(all, 'USER_UPDATED', fx.users.sec_b1)[0].summary);
    expect(scope.scopeUnitId).toHaveLength(2);
    expect(scope.scopeUnitId[0]).not.toBe(scope.scopeUnitId[1]);
    const active = find(all, 'USER_UPDATED', fx.users.s2admin)[0];
    expect(JSON.parse(active.summary)).toEqual({ active: false });
    expect(active).toMatchObject({ actorId: adminId, actorRole: 'CITY_ADMIN', address: '127.0.0.1' });
  });

  it('records tree changes: create, move and archive', () => {
    const create = find(all, 'ORG_UNIT_CREATED', fx.units['S1-G1-B1'])[0];
    expect(JSON.parse(create.summary)).toMatchObject({ code: 'S1-G1-B1', level: 'BRANCH', parent: 'S1-G1' });
    const move = find(all, 'ORG_UNIT_MOVED', fx.units['S1-G1-B1'])[0];
    expect(move).toMatchObject({ actorId: adminId, targetType: 'OrgUnit', address: '127.0.0.1' });
    expect(JSON.parse(move.summary)).toMatchObject({ to: 'S1-G2', unitsMoved: 2 });
    expect(find(all, 'ORG_UNIT_ARCHIVED', archivedUnitId)).toHaveLength(1);
  });

  it('records member changes, noting a phone change without copying the number', () => {
    expect(find(all, 'MEMBER_CREATED', fx.members.m1)).toHaveLength(1);
    const updates = find(all, 'MEMBER_UPDATED', fx.members.m1);
    expect(updates).toHaveLength(2);
    const [byStreetAdmin, byCityAdmin] = updates;
    expect(byStreetAdmin).toMatchObject({ actorId: fx.users.s1admin, actorRole: 'STREET_ADMIN' });
    expect(JSON.parse(byStreetAdmin.summary)).toEqual({ responder: false });
    expect(JSON.parse(byCityAdmin.summary)).toEqual({ name: true, phone: true });
    expect(JSON.stringify(all)).not.toContain('13912340000');
  });

  it('names targets by the same global ids the API uses', () => {
    expect(find(all, 'MEMBER_CREATED').map((e) => e.targetId)).toEqual(expect.arrayContaining([fx.members.m1, fx.members.m2]));
    expect(find(all, 'ORG_UNIT_CREATED').map((e) => e.targetId)).toEqual(expect.arrayContaining(Object.values(fx.units)));
  });
});

describe('who may read it', () => {
  it('pages a CITY_ADMIN through every entry without gaps or repeats', async () => {
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    const paged = await allEntries(undefined, undefined, 7);
    expect(paged).toHaveLength(n);
    expect(new Set(paged.map((e) => e.id)).size).toBe(n);
    const first = ok(await server.gql(PAGE, { f: 7 }));
    expect(first.auditLog.totalCount).toBe(n);
    expect(first.auditLog.pageInfo.hasPreviousPage).toBe(false);
  });

  it('filters by action', async () => {
    const failed = await allEntries(undefined, 'LOGIN_FAILED');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(new Set(failed.map((e) => e.action))).toEqual(new Set(['LOGIN_FAILED']));
    expect(errorCode(await server.gql(PAGE, { action: 'drop table' }))).toBe('BAD_USER_INPUT');
  });

  it('shows a STREET_ADMIN only the entries about their street', async () => {
    const mine = await allEntries(fx.tokens.s1admin);
    const [{ path }] = await server.dataSource.query(`SELECT path::text AS path FROM org_unit WHERE code = 'S1'`);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE unit_path <@ $1::ltree`, [path]);
    expect(mine).toHaveLength(n);
    const ok1 = ok(await server.gql(PAGE, { f: 1 }, fx.tokens.s1admin));
    expect(ok1.auditLog.totalCount).toBe(n);
    const actions = new Set(mine.map((e) => e.action));
    expect(actions.has('LOGIN_FAILED')).toBe(false);
    expect(actions.has('LOGIN_SUCCEEDED')).toBe(false);
    expect(actions.has('RESIDENT_REGISTERED')).toBe(false);
    const targets = mine.map((e) => e.targetId);
    // Their street: its units, members and accounts.
    expect(targets).toEqual(expect.arrayContaining([fx.units.S1, fx.units['S1-G1-B1'], fx.members.m1, fx.users.sec_g1]));
    // Not the other street's.
    for (const other of [fx.units.S2, fx.units['S2-G1'], fx.members.m2, fx.users.s2admin]) expect(targets).not.toContain(other);
  });

  it('refuses a SECRETARY, a RESPONDER and a RESIDENT with FORBIDDEN and no data', async () => {
    const tokens = {
      sec_g1: fx.tokens.sec_g1,
      resp1: fx.tokens.resp1,
      resident1: fx.tokens.resident1,
    };
    for (const [who, token] of Object.entries(tokens)) {
      const res = await server.gql(PAGE, { f: 5 }, token);
      expect(errorCode(res), who).toBe('FORBIDDEN');
      expect(res.body.data, who).toBeNull();
    }
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    expect(errorCode(await server.gql(PAGE, {}, null))).toBe('UNAUTHENTICATED');
  });
});

describe('the database keeps it append-only', () => {
  it.each([
    ['UPDATE', `UPDATE audit_log SET summary = '{}'::jsonb`],
    ['UPDATE of one row', `UPDATE audit_log SET address = '10.0.0.1' WHERE id = (SELECT min(id) FROM audit_log)`],
    ['DELETE', `DELETE FROM audit_log`],
    ['DELETE of one row', `DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`],
    ['TRUNCATE', `TRUNCATE audit_log`],
  ])('refuses %s', async (_name, sql) => {
    const before = await server.dataSource.query(`SELECT id, address, summary FROM audit_log ORDER BY id`);
    await expect(server.dataSource.query(sql)).rejects.toThrow(/append-only/);
    const after = await server.dataSource.query(`SELECT id, address, summary FROM audit_log ORDER BY id`);
    expect(after).toEqual(before);
  });

  it('still takes new entries', async () => {
    const [{ n: before }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    await server.login('s1admin', PASSWORD);
    const [{ n: after }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(after).toBe(before + 1);
  });

  it('keeps a failed mutation from leaving its audit entry behind (written in the same transaction)', async () => {
    const [{ n: before }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'ORG_UNIT_CREATED'`);
    const res = await server.gql(`mutation($p: ID!) { createOrgUnit(input: { parentId: $p, code: "S1", name: "dup" }) { id } }`, {
      p: fx.units.S1,
    });
    expect(errorCode(res)).toBe('CONFLICT');
    const [{ n: after }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'ORG_UNIT_CREATED'`);
    expect(after).toBe(before);
  });
});
