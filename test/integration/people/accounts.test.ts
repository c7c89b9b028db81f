import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PasswordService } from '../../../src/modules/people/index.js';
import { PAIR_FREE_FAILURES } from '../../../src/modules/auth/login-throttle.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { buildFixture, CREATE_USER, ok, PASSWORD, RESIDENT_PHONE, UPDATE_USER, type Fixture } from '../../support/auth-fixtures.js';

let server: TestServer;
let fx: Fixture;

beforeAll(async () => {
  server = await startTestServer();
  fx = await buildFixture(server);
});
afterAll(async () => {
  await server?.stop();
});

const createUser = (input: Record<string, unknown>, token?: string | null) =>
  server.gql(CREATE_USER, { i: { password: PASSWORD, ...input } }, token);

const badField = (res: Awaited<ReturnType<typeof createUser>>) => {
  expect(errorCode(res)).toBe('BAD_USER_INPUT');
  expect(res.body.data).toBeNull();
  return res.body.errors![0].extensions!.field;
};

describe('createUser: each role and its scope', () => {
  it('creates a CITY_ADMIN with no scope', async () => {
    const data = ok(await createUser({ username: 'city2', role: 'CITY_ADMIN' }));
    expect(data.createUser).toMatchObject({ username: 'city2', role: 'CITY_ADMIN', active: true, scope: null, member: null });
    await expect(server.login('city2', PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('creates a STREET_ADMIN over a street committee', async () => {
    const data = ok(await createUser({ username: 'street_x', role: 'STREET_ADMIN', scopeUnitId: fx.units.S2 }));
    expect(data.createUser).toMatchObject({ role: 'STREET_ADMIN', scope: { code: 'S2' } });
  });

  it('refuses a STREET_ADMIN whose scope is not a street committee, naming scopeUnitId', async () => {
    const res = await createUser({ username: 'street_y', role: 'STREET_ADMIN', scopeUnitId: fx.units['S1-G1'] });
    expect(badField(res)).toBe('scopeUnitId');
  });

  it('refuses a STREET_ADMIN or SECRETARY without a scope unit', async () => {
    expect(badField(await createUser({ username: 'street_z', role: 'STREET_ADMIN' }))).toBe('scopeUnitId');
    expect(badField(await createUser({ username: 'sec_z', role: 'SECRETARY' }))).toBe('scopeUnitId');
  });

  it('creates a SECRETARY over any unit, down to a courtyard group', async () => {
    const data = ok(await createUser({ username: 'sec_c1', role: 'SECRETARY', scopeUnitId: fx.units['S1-G1-B1-C1'] }));
    expect(data.createUser).toMatchObject({ role: 'SECRETARY', scope: { code: 'S1-G1-B1-C1' } });
  });

  it('creates a RESPONDER for a member record, and refuses one without', async () => {
    const data = ok(await createUser({ username: 'resp2', role: 'RESPONDER', memberId: fx.members.m2 }));
    expect(data.createUser).toMatchObject({ role: 'RESPONDER', scope: null, member: { name: 'm2' } });
    expect(badField(await createUser({ username: 'resp3', role: 'RESPONDER' }))).toBe('memberId');
  });

  it('refuses a scope unit for roles that have none, and a member for a RESIDENT', async () => {
    expect(badField(await createUser({ username: 'city3', role: 'CITY_ADMIN', scopeUnitId: fx.units.S1 }))).toBe('scopeUnitId');
    expect(badField(await createUser({ username: 'resp4', role: 'RESPONDER', memberId: fx.members.m1, scopeUnitId: fx.units.S1 }))).toBe(
      'scopeUnitId',
    );
    expect(badField(await createUser({ username: 'res4', role: 'RESIDENT', memberId: fx.members.m1 }))).toBe('memberId');
  });

  it('creates a RESIDENT account with neither scope nor member', async () => {
    const data = ok(await createUser({ username: 'res5', role: 'RESIDENT' }));
    expect(data.createUser).toMatchObject({ role: 'RESIDENT', scope: null, member: null });
  });

  it('answers NOT_FOUND for a scope unit or member id of nothing', async () => {
    expect(errorCode(await createUser({ username: 'sec_nf', role: 'SECRETARY', scopeUnitId: 'T3JnVW5pdDo5OTk5OTk' }))).toBe('NOT_FOUND');
    expect(errorCode(await createUser({ username: 'resp_nf', role: 'RESPONDER', memberId: 'garbage' }))).toBe('NOT_FOUND');
  });

  it('lets a STREET_ADMIN create SECRETARY and RESPONDER accounts in their street only', async () => {
    const token = fx.tokens.s1admin;
    ok(await createUser({ username: 'sec_by_s1', role: 'SECRETARY', scopeUnitId: fx.units['S1-G2'] }, token));
    // A member of their street without an account (m1 has resp1, and a member has one active account).
    const member = ok(
      await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, { i: { unitId: fx.units['S1-G1-B1-C1'], name: 'm1b' } }, token),
    ).createMember.id;
    ok(await createUser({ username: 'resp_by_s1', role: 'RESPONDER', memberId: member }, token));
    expect(errorCode(await createUser({ username: 'sec_s2_by_s1', role: 'SECRETARY', scopeUnitId: fx.units['S2-G1'] }, token))).toBe('NOT_FOUND');
    expect(errorCode(await createUser({ username: 'resp_s2_by_s1', role: 'RESPONDER', memberId: fx.members.m2 }, token))).toBe('NOT_FOUND');
    for (const role of ['CITY_ADMIN', 'STREET_ADMIN', 'RESIDENT']) {
      expect(errorCode(await createUser({ username: `x_${role.toLowerCase()}`, role, scopeUnitId: fx.units.S1 }, token))).toBe('FORBIDDEN');
    }
  });

  it('refuses createUser to a SECRETARY, a RESPONDER and a RESIDENT with FORBIDDEN', async () => {
    for (const who of ['sec_b1', 'resp1', 'resident1']) {
      const res = await createUser({ username: `made_by_${who}`, role: 'RESIDENT' }, fx.tokens[who]);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE username LIKE 'made_by_%'`);
    expect(n).toBe(0);
  });
});

describe('one active account per member', () => {
  it('refuses a second active account for a member (CONFLICT), also by reactivation, and allows one once the first is inactive', async () => {
    const member = ok(
      await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, { i: { unitId: fx.units['S1-G1-B1-C1'], name: '一人一号' } }),
    ).createMember.id;
    const first = ok(await createUser({ username: 'one_acct_a', role: 'RESPONDER', memberId: member })).createUser.id;
    const second = await createUser({ username: 'one_acct_b', role: 'SECRETARY', scopeUnitId: fx.units['S1-G1'], memberId: member });
    expect(errorCode(second)).toBe('CONFLICT');
    expect(second.body.errors![0].message).toBe('That member already has an active account');
    ok(await server.gql(UPDATE_USER, { i: { id: first, active: false } }));
    const third = ok(await createUser({ username: 'one_acct_c', role: 'RESPONDER', memberId: member })).createUser.id;
    expect(errorCode(await server.gql(UPDATE_USER, { i: { id: first, active: true } }))).toBe('CONFLICT');
    expect(third).not.toBe(first);
  });
});

describe('usernames and passwords', () => {
  it('refuses a username taken in another case with CONFLICT, for createUser and registerResident', async () => {
    const res = await createUser({ username: 'S1ADMIN', role: 'RESIDENT' });
    expect(errorCode(res)).toBe('CONFLICT');
    const reg = await server.gql(
      `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token } }`,
      { i: { username: 'Resident1', password: PASSWORD, name: '李四' } },
      null,
    );
    expect(errorCode(reg)).toBe('CONFLICT');
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE lower(username) IN ('s1admin', 'resident1')`);
    expect(n).toBe(2);
  });

  it('signs in without regard to the case of the username', async () => {
    await expect(server.login('S1Admin', PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('refuses usernames that are too short, too long or hold other characters', async () => {
    for (const username of ['ab', 'x'.repeat(65), 'has space', '名字abc']) {
      expect(badField(await createUser({ username, role: 'RESIDENT' }))).toBe('username');
    }
  });

  it('accepts passwords of 10 and 128 characters and refuses 9 and 129, naming password', async () => {
    ok(await createUser({ username: 'pw10', role: 'RESIDENT', password: 'a'.repeat(10) }));
    ok(await createUser({ username: 'pw128', role: 'RESIDENT', password: 'b'.repeat(128) }));
    expect(badField(await createUser({ username: 'pw9', role: 'RESIDENT', password: 'a'.repeat(9) }))).toBe('password');
    expect(badField(await createUser({ username: 'pw129', role: 'RESIDENT', password: 'a'.repeat(129) }))).toBe('password');
    await expect(server.login('pw128', 'b'.repeat(128))).resolves.toEqual(expect.any(String));
  });
});

describe('me', () => {
  it('returns the caller with role, scope and member', async () => {
    const s1 = ok(await server.gql(`{ me { id username role scope { code } member { name } } }`, {}, fx.tokens.s1admin));
    expect(s1.me).toEqual({ id: fx.users.s1admin, username: 's1admin', role: 'STREET_ADMIN', scope: { code: 'S1' }, member: null });
    const resp = ok(await server.gql(`{ me { role scope { code } member { name } } }`, {}, fx.tokens.resp1));
    expect(resp.me).toEqual({ role: 'RESPONDER', scope: null, member: { name: 'm1' } });
    const admin = ok(await server.gql(`{ me { username role scope { code } } }`));
    expect(admin.me).toEqual({ username: 'admin', role: 'CITY_ADMIN', scope: null });
  });
});

describe('users: paging and search', () => {
  const USERS = `query($s: String, $f: Int, $a: String) { users(search: $s, first: $f, after: $a) {
    totalCount nodes { username } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;

  it('pages a CITY_ADMIN through every account without repeats', async () => {
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM app_user`);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const data: any = ok(await server.gql(USERS, { f: 3, a: after }));
      expect(data.users.totalCount).toBe(n);
      seen.push(...data.users.nodes.map((u: { username: string }) => u.username));
      expect(data.users.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!data.users.pageInfo.hasNextPage) break;
      after = data.users.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });

  it("shows a STREET_ADMIN only the accounts of their street, counted in SQL", async () => {
    const data = ok(await server.gql(USERS, { f: 100 }, fx.tokens.s1admin));
    const names: string[] = data.users.nodes.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['s1admin', 'sec_b1', 'sec_g1', 'sec_g2', 'resp1']));
    for (const outside of ['admin', 's2admin', 'resident1', 'resp2', 'street_x', 'city2']) expect(names).not.toContain(outside);
    expect(data.users.totalCount).toBe(names.length);
    // A small page still counts the whole street, not the page and not the whole city.
    const small = ok(await server.gql(USERS, { f: 1 }, fx.tokens.s1admin));
    expect(small.users.nodes).toHaveLength(1);
    expect(small.users.totalCount).toBe(names.length);
    expect(small.users.pageInfo.hasNextPage).toBe(true);
  });

  it('searches usernames and names, case-insensitively, within the scope', async () => {
    const admin = ok(await server.gql(USERS, { s: 'SEC_' }));
    expect(admin.users.nodes.map((u: { username: string }) => u.username).sort()).toEqual(
      expect.arrayContaining(['sec_b1', 'sec_g1', 'sec_g2', 'sec_c1']),
    );
    const byName = ok(await server.gql(USERS, { s: '张' }));
    expect(byName.users.nodes.map((u: { username: string }) => u.username)).toEqual(['resident1']);
    const s2 = ok(await server.gql(USERS, { s: 'sec_' }, fx.tokens.s2admin));
    expect(s2.users.totalCount).toBe(0);
    const wildcard = ok(await server.gql(USERS, { s: '%' }));
    expect(wildcard.users.totalCount).toBe(0);
  });

  it('refuses first outside 1-100 and a foreign cursor with BAD_USER_INPUT', async () => {
    expect(errorCode(await server.gql(USERS, { f: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(USERS, { f: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(USERS, { a: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
  });

  it('refuses the list to a SECRETARY, a RESPONDER and a RESIDENT with FORBIDDEN', async () => {
    for (const who of ['sec_b1', 'resp1', 'resident1']) expect(errorCode(await server.gql(USERS, {}, fx.tokens[who]))).toBe('FORBIDDEN');
  });
});

describe('registerResident', () => {
  const REGISTER = `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id username name phone role scope { code } } } }`;

  it('creates a RESIDENT with name and normalised phone, and returns a working token', async () => {
    const res = await server.gql(REGISTER, { i: { username: 'wang5', password: PASSWORD, name: '  王五 ', phone: '+86 137-0000-2222' } }, null);
    const data = ok(res);
    expect(data.registerResident.user).toMatchObject({ username: 'wang5', name: '王五', phone: '13700002222', role: 'RESIDENT', scope: null });
    const me = ok(await server.gql(`{ me { id username name phone role } }`, {}, data.registerResident.token));
    expect(me.me).toEqual({ id: data.registerResident.user.id, username: 'wang5', name: '王五', phone: '13700002222', role: 'RESIDENT' });
    await expect(server.login('wang5', PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('refuses a phone that is not a mainland number, a short password and an empty name, naming the field', async () => {
    const field = async (input: Record<string, unknown>) => {
      const res = await server.gql(REGISTER, { i: { username: 'zhao6', password: PASSWORD, name: '赵六', ...input } }, null);
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      return res.body.errors![0].extensions!.field;
    };
    expect(await field({ phone: '12345' })).toBe('phone');
    expect(await field({ password: 'short' })).toBe('password');
    expect(await field({ name: '   ' })).toBe('name');
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'zhao6'`);
    expect(n).toBe(0);
  });

  it('never lets a resident choose another role', async () => {
    const res = await server.gql(
      `mutation { registerResident(input: { username: "sneaky", password: "${PASSWORD}", name: "x", role: CITY_ADMIN }) { token } }`,
      {},
      null,
    );
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('stores the resident phone on the account', async () => {
    const [row] = await server.dataSource.query(`SELECT name, phone, role FROM app_user WHERE username = 'resident1'`);
    expect(row).toEqual({ name: '张三', phone: RESIDENT_PHONE, role: 'RESIDENT' });
  });
});

describe('changePassword', () => {
  const CHANGE = `mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) }`;

  it('refuses a wrong current password with BAD_USER_INPUT on currentPassword, and keeps the old one', async () => {
    const token = await server.login('sec_g2', PASSWORD);
    const res = await server.gql(CHANGE, { c: 'not-my-password', n: 'brand-new-pass-1' }, token);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.field).toBe('currentPassword');
    ok(await server.gql(`{ me { id } }`, {}, token));
    await expect(server.login('sec_g2', PASSWORD)).resolves.toEqual(expect.any(String));
  });

  it('refuses a new password outside 10-128 characters, naming newPassword', async () => {
    const token = await server.login('sec_g2', PASSWORD);
    const res = await server.gql(CHANGE, { c: PASSWORD, n: 'short' }, token);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.field).toBe('newPassword');
  });

  it('signs out every old token; the new password signs in, the old one does not', async () => {
    const first = await server.login('sec_g1', PASSWORD);
    const second = await server.login('sec_g1', PASSWORD);
    const res = ok(await server.gql(CHANGE, { c: PASSWORD, n: 'brand-new-pass-1' }, first));
    expect(res.changePassword).toBe(true);
    for (const token of [first, second]) {
      const me = await server.gql(`{ me { id } }`, {}, token);
      expect(errorCode(me)).toBe('UNAUTHENTICATED');
      expect(me.body.data?.me ?? null).toBeNull();
    }
    const old = await server.gql(`mutation { login(input: { username: "sec_g1", password: "${PASSWORD}" }) { token } }`, {}, null);
    expect(errorCode(old)).toBe('UNAUTHENTICATED');
    const fresh = await server.login('sec_g1', 'brand-new-pass-1');
    expect(ok(await server.gql(`{ me { username } }`, {}, fresh)).me.username).toBe('sec_g1');
  });

  it('is refused to anonymous callers', async () => {
    expect(errorCode(await server.gql(CHANGE, { c: PASSWORD, n: 'brand-new-pass-2' }, null))).toBe('UNAUTHENTICATED');
  });

  it('checks the current password before hashing the new one: a wrong one costs no hash', async () => {
    ok(await server.gql(CREATE_USER, { i: { username: 'pw_order', password: PASSWORD, role: 'RESIDENT' } }));
    const token = await server.login('pw_order', PASSWORD);
    const hash = vi.spyOn(server.app.get(PasswordService), 'hash');
    try {
      expect(errorCode(await server.gql(CHANGE, { c: 'not-my-password', n: 'brand-new-pass-3' }, token))).toBe('BAD_USER_INPUT');
      expect(hash).not.toHaveBeenCalled();
      ok(await server.gql(CHANGE, { c: PASSWORD, n: 'brand-new-pass-3' }, token));
      expect(hash).toHaveBeenCalledTimes(1);
    } finally {
      hash.mockRestore();
    }
  });

  it('is throttled as login is: wrong current passwords count, for changePassword and for login alike', async () => {
    ok(await server.gql(CREATE_USER, { i: { username: 'pw_guess', password: PASSWORD, role: 'RESIDENT' } }));
    const token = await server.login('pw_guess', PASSWORD);
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) {
      expect(errorCode(await server.gql(CHANGE, { c: `guess-number-${i}`, n: 'brand-new-pass-4' }, token)), `guess ${i}`).toBe('BAD_USER_INPUT');
    }
    // The next try waits, the right password too; so does login from this address.
    expect(errorCode(await server.gql(CHANGE, { c: PASSWORD, n: 'brand-new-pass-4' }, token))).toBe('RATE_LIMITED');
    const login = await server.gql(`mutation { login(input: { username: "pw_guess", password: "${PASSWORD}" }) { token } }`, {}, null);
    expect(errorCode(login)).toBe('RATE_LIMITED');
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM login_failure WHERE key = 'pair:pw_guess|127.0.0.1'`);
    expect(n).toBe(PAIR_FREE_FAILURES);
    // Once the wait is over, the right current password changes it.
    await server.dataSource.query(`UPDATE login_failure SET at = at - interval '2 seconds'`);
    expect(ok(await server.gql(CHANGE, { c: PASSWORD, n: 'brand-new-pass-4' }, token)).changePassword).toBe(true);
  });
});
