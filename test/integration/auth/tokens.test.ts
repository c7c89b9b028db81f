import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { buildFixture, CREATE_USER, ok, PASSWORD, UPDATE_USER, type Fixture } from '../../support/auth-fixtures.js';

const SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret');

let server: TestServer;
let fx: Fixture;
let adminDbId: string;

beforeAll(async () => {
  server = await startTestServer();
  fx = await buildFixture(server);
  [{ id: adminDbId }] = await server.dataSource.query(`SELECT id::text AS id FROM app_user WHERE username = 'admin'`);
});
afterAll(async () => {
  await server?.stop();
});

const ME = `{ me { id username } }`;

/** The caller is refused as signed out, and no data leaks. */
async function expectSignedOut(token: string | null, authorization?: string) {
  const res = authorization
    ? await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: ME }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))
    : await server.gql(ME, {}, token);
  expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.body.data?.me ?? null).toBeNull();
}

const sign = (claims: Record<string, unknown>, key: Uint8Array = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' });

describe('token checks', () => {
  it('accepts a token the test signs like the server does (the control for the cases below)', async () => {
    const token = await sign({ ver: 1 }).setSubject(adminDbId).setIssuedAt().setExpirationTime('5m').sign(SECRET);
    expect(ok(await server.gql(ME, {}, token)).me.username).toBe('admin');
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign({ ver: 1 }).setSubject(adminDbId).setIssuedAt(now - 7200).setExpirationTime(now - 60).sign(SECRET);
    await expectSignedOut(token);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await sign({ ver: 1 })
      .setSubject(adminDbId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('another-secret-another-secret-xx'));
    await expectSignedOut(token);
  });

  it('refuses a valid token whose signature was tampered with', async () => {
    const [h, p, s] = server.adminToken.split('.');
    const flipped = `${s.slice(0, -2)}${s.at(-2) === 'A' ? 'B' : 'A'}${s.at(-1)}`;
    await expectSignedOut(`${h}.${p}.${flipped}`);
  });

  it('refuses a valid signature over a changed payload (another user id)', async () => {
    const [h, , s] = server.adminToken.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: String(Number(adminDbId) + 1), ver: 1, exp: 9999999999 })).toString('base64url');
    await expectSignedOut(`${h}.${payload}.${s}`);
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const token = new UnsecuredJWT({ ver: 1 }).setSubject(adminDbId).setIssuedAt().setExpirationTime('5m').encode();
    expect(token.endsWith('.')).toBe(true);
    await expectSignedOut(token);
    const [, payload] = server.adminToken.split('.');
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    await expectSignedOut(`${noneHeader}.${payload}.`);
  });

  it('refuses a token of another algorithm family in the header (HS512 with the same secret)', async () => {
    const token = await new SignJWT({ ver: 1 })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(adminDbId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(SECRET);
    await expectSignedOut(token);
  });

  it('refuses tokens with missing or malformed claims', async () => {
    const base = () => sign({}).setIssuedAt().setExpirationTime('5m');
    await expectSignedOut(await base().sign(SECRET)); // no sub, no ver
    await expectSignedOut(await sign({ ver: 1 }).setIssuedAt().setExpirationTime('5m').sign(SECRET)); // no sub
    await expectSignedOut(await base().setSubject(adminDbId).sign(SECRET)); // no ver
    await expectSignedOut(await sign({ ver: '1' }).setSubject(adminDbId).setIssuedAt().setExpirationTime('5m').sign(SECRET));
    await expectSignedOut(await sign({ ver: 1 }).setSubject(`${adminDbId} OR 1=1`).setIssuedAt().setExpirationTime('5m').sign(SECRET));
    await expectSignedOut(await sign({ ver: 1 }).setSubject('999999').setIssuedAt().setExpirationTime('5m').sign(SECRET)); // no such user
    await expectSignedOut(await sign({ ver: 2 }).setSubject(adminDbId).setIssuedAt().setExpirationTime('5m').sign(SECRET)); // wrong version
  });

  it('refuses malformed Authorization headers and garbage tokens', async () => {
    for (const header of [
      'Bearer',
      'Bearer ',
      'Bearer not-a-jwt',
      'Bearer a.b.c',
      'Bearer ...',
      `Basic ${Buffer.from('admin:admin-password-1').toString('base64')}`,
      server.adminToken, // no scheme
      `Bearer ${server.adminToken} extra`,
      `Token ${server.adminToken}`,
      `Bearer ${'x'.repeat(10_000)}`,
    ]) {
      await expectSignedOut(null, header);
    }
  });
});

describe('account changes end existing tokens at once', () => {
  it('a deactivated user is UNAUTHENTICATED on the very next request, and cannot sign in', async () => {
    ok(await server.gql(CREATE_USER, { i: { username: 'deact', password: PASSWORD, role: 'SECRETARY', scopeUnitId: fx.units.S1 } }));
    const token = await server.login('deact', PASSWORD);
    const id = ok(await server.gql(ME, {}, token)).me.id;
    const upd = ok(await server.gql(UPDATE_USER, { i: { id, active: false } }));
    expect(upd.updateUser.active).toBe(false);
    await expectSignedOut(token);
    const login = await server.gql(`mutation { login(input: { username: "deact", password: "${PASSWORD}" }) { token } }`, {}, null);
    expect(errorCode(login)).toBe('UNAUTHENTICATED');
    expect(login.body.data).toBeNull();
  });

  it('reactivating does not revive old tokens: a new sign-in is needed', async () => {
    const token = await server.login('s2admin', PASSWORD);
    const id = fx.users.s2admin;
    ok(await server.gql(UPDATE_USER, { i: { id, active: false } }));
    ok(await server.gql(UPDATE_USER, { i: { id, active: true } }));
    await expectSignedOut(token);
    await expectSignedOut(fx.tokens.s2admin);
    const fresh = await server.login('s2admin', PASSWORD);
    expect(ok(await server.gql(ME, {}, fresh)).me.username).toBe('s2admin');
  });

  it('a role change signs the user out', async () => {
    const token = await server.login('sec_g2', PASSWORD);
    const upd = ok(await server.gql(UPDATE_USER, { i: { id: fx.users.sec_g2, role: 'STREET_ADMIN', scopeUnitId: fx.units.S1 } }));
    expect(upd.updateUser).toMatchObject({ role: 'STREET_ADMIN', scope: { code: 'S1' } });
    await expectSignedOut(token);
    const fresh = await server.login('sec_g2', PASSWORD);
    expect(ok(await server.gql(`{ me { role } }`, {}, fresh)).me.role).toBe('STREET_ADMIN');
  });

  it('a scope change signs the user out, and the new token acts in the new scope', async () => {
    const token = await server.login('sec_b1', PASSWORD);
    ok(await server.gql(UPDATE_USER, { i: { id: fx.users.sec_b1, scopeUnitId: fx.units['S2-G1'] } }));
    await expectSignedOut(token);
    const fresh = await server.login('sec_b1', PASSWORD);
    expect(ok(await server.gql(`{ me { scope { code } } }`, {}, fresh)).me.scope.code).toBe('S2-G1');
  });

  it('a member change of a RESPONDER signs them out', async () => {
    const token = await server.login('resp1', PASSWORD);
    ok(await server.gql(UPDATE_USER, { i: { id: fx.users.resp1, memberId: fx.members.m2 } }));
    await expectSignedOut(token);
  });

  it('an update that changes nothing keeps tokens working', async () => {
    const token = await server.login('s1admin', PASSWORD);
    ok(await server.gql(UPDATE_USER, { i: { id: fx.users.s1admin, active: true } }));
    expect(ok(await server.gql(ME, {}, token)).me.username).toBe('s1admin');
  });

  it("the bootstrap admin's token keeps working through all of this (only the changed accounts are signed out)", async () => {
    expect(ok(await server.gql(ME)).me.username).toBe('admin');
  });
});
