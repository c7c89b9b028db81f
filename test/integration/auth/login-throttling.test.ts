import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postGraphQL, startTestServer, type GqlResponse, type TestServer } from '../../support/test-server.js';
import { CREATE_USER, ok, PASSWORD, UPDATE_USER } from '../../support/auth-fixtures.js';

let server: TestServer;
let inactiveId: string;

beforeAll(async () => {
  server = await startTestServer();
  for (const username of ['victim', 'bystander', 'inactive']) {
    const data = ok(await server.gql(CREATE_USER, { i: { username, password: PASSWORD, role: 'RESIDENT' } }));
    if (username === 'inactive') inactiveId = data.createUser.id;
  }
  ok(await server.gql(UPDATE_USER, { i: { id: inactiveId, active: false } }));
});
afterAll(async () => {
  await server?.stop();
});
// Every request of this file comes from 127.0.0.1: each test starts with a clean record.
beforeEach(async () => {
  await server.dataSource.query(`DELETE FROM login_failure`);
});

const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`;
const login = (u: string, p: string, headers: Record<string, string> = {}): Promise<GqlResponse<any>> =>
  Object.keys(headers).length === 0
    ? server.gql(LOGIN, { u, p }, null)
    : fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: LOGIN, variables: { u, p } }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
const code = (res: GqlResponse<any>) => res.body.errors?.[0]?.extensions?.code ?? 'OK';

/** Moves every recorded failure back by `seconds`, as if that much time had passed. */
const timePasses = (seconds: number) =>
  server.dataSource.query(`UPDATE login_failure SET at = at - make_interval(secs => $1)`, [seconds]);

describe('wrong credentials', () => {
  it('answer a wrong username, a wrong password and a deactivated account alike: same code, same message, no data', async () => {
    const wrongUser = await login('nobody-here', PASSWORD);
    const wrongPassword = await login('victim', 'wrong-password-1');
    const inactive = await login('inactive', PASSWORD);
    for (const res of [wrongUser, wrongPassword, inactive]) {
      expect(res.body.data).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
    }
    expect(wrongPassword.body.errors![0].message).toBe(wrongUser.body.errors![0].message);
    expect(inactive.body.errors![0].message).toBe(wrongUser.body.errors![0].message);
  });
});

describe('throttling per username', () => {
  it('refuses the 11th attempt within a minute with RATE_LIMITED, even with the right password', async () => {
    for (let i = 1; i <= 10; i++) expect(code(await login('victim', `wrong-password-${i}`)), `attempt ${i}`).toBe('UNAUTHENTICATED');
    const eleventh = await login('victim', PASSWORD);
    expect(code(eleventh)).toBe('RATE_LIMITED');
    expect(eleventh.body.data).toBeNull();
  });

  it('lets the right password in after 9 failures (the limit is 10)', async () => {
    for (let i = 1; i <= 9; i++) await login('victim', `wrong-password-${i}`);
    expect(code(await login('victim', PASSWORD))).toBe('OK');
  });

  it('counts the username without regard to case', async () => {
    for (let i = 1; i <= 10; i++) await login(i % 2 ? 'VICTIM' : 'Victim', `wrong-password-${i}`);
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
  });

  it('blocks the username itself, not just the address: with the address record gone it stays blocked, others sign in', async () => {
    for (let i = 1; i <= 10; i++) await login('victim', `wrong-password-${i}`);
    await server.dataSource.query(`DELETE FROM login_failure WHERE key LIKE 'addr:%'`);
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
    expect(code(await login('bystander', PASSWORD))).toBe('OK');
  });

  it('lifts the block once the minute has passed, and the real user signs in', async () => {
    for (let i = 1; i <= 10; i++) await login('victim', `wrong-password-${i}`);
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
    await timePasses(30);
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
    await timePasses(31);
    const res = await login('victim', PASSWORD);
    expect(code(res)).toBe('OK');
    expect(res.body.data.login.token).toEqual(expect.any(String));
  });

  it('does not count a throttled attempt as a failure of its own (the block does not extend itself)', async () => {
    for (let i = 1; i <= 10; i++) await login('victim', `wrong-password-${i}`);
    for (let i = 0; i < 5; i++) expect(code(await login('victim', 'still-wrong-1'))).toBe('RATE_LIMITED');
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM login_failure WHERE key = 'user:victim'`);
    expect(n).toBe(10);
  });
});

describe('throttling under concurrent attempts', () => {
  it('checks at most 10 passwords of one username per minute even when 40 attempts arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login('victim', `parallel-wrong-${i}`)));
    const checked = results.filter((r) => code(r) === 'UNAUTHENTICATED').length;
    const limited = results.filter((r) => code(r) === 'RATE_LIMITED').length;
    console.log(`40 concurrent wrong logins: ${checked} checked, ${limited} rate-limited`);
    expect(checked + limited).toBe(40);
    expect(checked).toBeLessThanOrEqual(10);
    // Attempts that saw each other's charges may all have been refused unchecked, leaving part
    // of the budget: what is left of it is checked one by one, then the door is shut.
    for (let i = checked; i < 10; i++) expect(code(await login('victim', `after-burst-wrong-${i}`))).toBe('UNAUTHENTICATED');
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
  });

  it('still lets concurrent right passwords of several users in', async () => {
    const results = await Promise.all([login('victim', PASSWORD), login('bystander', PASSWORD), login('admin', 'admin-password-1')]);
    expect(results.map(code)).toEqual(['OK', 'OK', 'OK']);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM login_failure`);
    expect(n).toBe(0);
  });
});

describe('throttling per address', () => {
  it('refuses every username from an address after 10 failures there, each with another username', async () => {
    for (let i = 1; i <= 10; i++) expect(code(await login(`nobody${i}`, 'wrong-password-1'))).toBe('UNAUTHENTICATED');
    expect(code(await login('bystander', PASSWORD))).toBe('RATE_LIMITED');
    expect(code(await login('admin', 'admin-password-1'))).toBe('RATE_LIMITED');
    await timePasses(61);
    expect(code(await login('bystander', PASSWORD))).toBe('OK');
  });

  it('cannot be dodged with an X-Forwarded-For header', async () => {
    for (let i = 1; i <= 10; i++) {
      await login(`nobody${i}`, 'wrong-password-1', { 'x-forwarded-for': `10.0.0.${i}` });
    }
    expect(code(await login('bystander', PASSWORD, { 'x-forwarded-for': '10.9.9.9' }))).toBe('RATE_LIMITED');
  });

  it('records the throttled attempts in the audit log with the address', async () => {
    for (let i = 1; i <= 10; i++) await login('victim', `wrong-password-${i}`);
    await login('victim', PASSWORD);
    const rows = await server.dataSource.query(
      `SELECT address, summary FROM audit_log WHERE action = 'LOGIN_THROTTLED' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows).toEqual([{ address: '127.0.0.1', summary: { username: 'victim' } }]);
  });
});

describe('a throttled server still serves signed-in callers', () => {
  it('keeps existing tokens working while sign-in is blocked', async () => {
    for (let i = 1; i <= 10; i++) await login(`nobody${i}`, 'wrong-password-1');
    expect(code(await login('admin', 'admin-password-1'))).toBe('RATE_LIMITED');
    const res = await postGraphQL<any>(server.url, `{ me { username } }`, {}, server.adminToken);
    expect(res.body.data.me.username).toBe('admin');
  });
});
