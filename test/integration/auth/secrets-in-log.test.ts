import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startTestServer, type TestServer } from '../../support/test-server.js';
import { CREATE_USER, ok, UPDATE_USER } from '../../support/auth-fixtures.js';

/*
 * Runs every operation that carries a password or a token, successful and failing, then
 * searches the whole JSON log for them. At debug level every SQL statement is logged too.
 */
describe.each(['info', 'debug'])('at LOG_LEVEL=%s, passwords and tokens never reach the log', (level) => {
  let server: TestServer;
  const secrets: string[] = [];
  const PHONE = '13755554444';

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: level });
    secrets.push('admin-password-1', server.adminToken, 'test-secret-test-secret-test-secret');
    const gql = server.gql.bind(server);

    // Logins: success, wrong password, unknown user, and over GET (refused, but the URL carries the password).
    secrets.push(await server.login('admin', 'admin-password-1'));
    await gql(`mutation { login(input: { username: "admin", password: "Wrong-Admin-Pass-9" }) { token } }`, {}, null);
    secrets.push('Wrong-Admin-Pass-9');
    await gql(`mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`, { u: 'ghost', p: 'Ghost-Pass-77' }, null);
    secrets.push('Ghost-Pass-77');
    await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('mutation { login(input: { username: "admin", password: "Get-Pass-Leak-3" }) { token } }')}`,
    );
    secrets.push('Get-Pass-Leak-3');

    // createUser: valid, and refused for a short password.
    const unit = ok(await gql(`mutation { createOrgUnit(input: { code: "LOG-S", name: "街道" }) { id } }`)).createOrgUnit.id;
    const created = ok(
      await gql(CREATE_USER, { i: { username: 'logged_sec', password: 'Secretary-Pass-42', role: 'SECRETARY', scopeUnitId: unit } }),
    );
    secrets.push('Secretary-Pass-42');
    await gql(CREATE_USER, { i: { username: 'short_pw', password: 'Shrt-Pw1', role: 'RESIDENT' } });
    secrets.push('Shrt-Pw1');
    const secToken = await server.login('logged_sec', 'Secretary-Pass-42');
    secrets.push(secToken);

    // registerResident: valid (with a phone), and a duplicate (CONFLICT from the database).
    const reg = ok(
      await gql(
        `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token } }`,
        { i: { username: 'logged_res', password: 'Resident-Pass-77', name: '居民', phone: PHONE } },
        null,
      ),
    );
    secrets.push('Resident-Pass-77', reg.registerResident.token);
    await gql(
      `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token } }`,
      { i: { username: 'LOGGED_RES', password: 'Duplicate-Pass-5', name: '居民' } },
      null,
    );
    secrets.push('Duplicate-Pass-5');

    // changePassword: wrong current, then right; then the new password signs in.
    const CHANGE = `mutation($c: String!, $n: String!) { changePassword(input: { currentPassword: $c, newPassword: $n }) }`;
    await gql(CHANGE, { c: 'Not-Current-Pass-1', n: 'Never-Set-Pass-1' }, reg.registerResident.token);
    secrets.push('Not-Current-Pass-1', 'Never-Set-Pass-1');
    ok(await gql(CHANGE, { c: 'Resident-Pass-77', n: 'Changed-Pass-2024' }, reg.registerResident.token));
    secrets.push('Changed-Pass-2024');
    secrets.push(await server.login('logged_res', 'Changed-Pass-2024'));

    // updateUser signs the secretary out; their old token is then refused.
    ok(await gql(UPDATE_USER, { i: { id: created.createUser.id, active: false } }));
    await postGraphQL(server.url, `{ me { id } }`, {}, secToken);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('logged something (the search below is not vacuous)', () => {
    expect(server.logLines.length).toBeGreaterThan(10);
    if (level === 'debug') expect(server.logLines.some((l) => l.includes('"sql"') && l.includes('app_user'))).toBe(true);
  });

  it('contains none of the passwords, tokens or the JWT secret', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(17);
    for (const secret of secrets) {
      const hits = server.logLines.filter((line) => line.includes(secret));
      expect(hits, `secret ${secret.slice(0, 12)}… in the log`).toEqual([]);
    }
  });

  it('contains no token signature and no password hash', () => {
    for (const token of secrets.filter((s) => s.split('.').length === 3)) {
      const signature = token.split('.')[2];
      expect(server.logLines.filter((l) => l.includes(signature))).toEqual([]);
    }
    expect(server.logLines.filter((l) => l.includes('$argon2'))).toEqual([]);
  });

  it("contains no resident's phone number", () => {
    expect(server.logLines.filter((l) => l.includes(PHONE))).toEqual([]);
  });
});
