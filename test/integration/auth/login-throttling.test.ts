import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADDRESS_MAX_FAILURES_PER_MINUTE,
  PAIR_FREE_FAILURES,
  USERNAME_CEILING_DELAY_MS,
  USERNAME_CEILING_PER_MINUTE,
} from '../../../src/modules/auth/login-throttle.js';
import { postGraphQL, startTestServer, type GqlResponse, type TestServer } from '../../support/test-server.js';
import { CREATE_USER, ok, PASSWORD, UPDATE_USER } from '../../support/auth-fixtures.js';

/*
 * Sign-in throttling: per (username, address) with a doubling wait after five failures, per
 * address over all usernames, and a per-username ceiling that slows but never locks out a
 * right password from an address that has not failed. Requests come from distinct loopback
 * addresses (127.0.0.x); `proxied` trusts 127.0.0.1 as a proxy (TRUST_PROXY).
 */
let server: TestServer;
let proxied: TestServer;
let inactiveId: string;

beforeAll(async () => {
  server = await startTestServer();
  proxied = await startTestServer({ TRUST_PROXY: '127.0.0.1' });
  for (const username of ['victim', 'bystander', 'inactive']) {
    const data = ok(await server.gql(CREATE_USER, { i: { username, password: PASSWORD, role: 'RESIDENT' } }));
    if (username === 'inactive') inactiveId = data.createUser.id;
  }
  ok(await server.gql(UPDATE_USER, { i: { id: inactiveId, active: false } }));
  ok(await proxied.gql(CREATE_USER, { i: { username: 'victim', password: PASSWORD, role: 'RESIDENT' } }));
});
afterAll(async () => {
  await server?.stop();
  await proxied?.stop();
});
beforeEach(async () => {
  await server.dataSource.query(`DELETE FROM login_failure`);
  await proxied.dataSource.query(`DELETE FROM login_failure`);
});

const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`;

/** login from a loopback address (127.0.0.1 unless given), optionally through a proxy header. */
function login(u: string, p: string, options: { from?: string; forwardedFor?: string; to?: TestServer } = {}): Promise<GqlResponse<any>> {
  const target = options.to ?? server;
  return new Promise((resolve, reject) => {
    const req = request(
      `${target.url}/graphql`,
      {
        method: 'POST',
        localAddress: options.from ?? '127.0.0.1',
        headers: { 'content-type': 'application/json', ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query: LOGIN, variables: { u, p } }));
  });
}
const code = (res: GqlResponse<any>) => res.body.errors?.[0]?.extensions?.code ?? 'OK';

/** Moves every recorded failure back by `seconds`, as if that much time had passed. */
const timePasses = (seconds: number, on: TestServer = server) =>
  on.dataSource.query(`UPDATE login_failure SET at = at - make_interval(secs => $1)`, [seconds]);

/** `n` wrong passwords for `u` from `from`, each checked (time is moved on past each wait). */
async function fail(u: string, n: number, from = '127.0.0.1'): Promise<void> {
  for (let i = 1; i <= n; i++) {
    if (i > PAIR_FREE_FAILURES) await timePasses(2 ** (i - 1 - PAIR_FREE_FAILURES));
    expect(code(await login(u, `wrong-password-${i}`, { from })), `failure ${i}`).toBe('UNAUTHENTICATED');
  }
}

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

describe('per (username, address): a doubling wait', () => {
  it('checks five failures at once, then makes the pair wait 1 s, 2 s, 4 s … from its latest failure, even for the right password', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) expect(code(await login('victim', `wrong-password-${i}`)), `attempt ${i}`).toBe('UNAUTHENTICATED');
    const held = await login('victim', PASSWORD);
    expect(code(held)).toBe('RATE_LIMITED');
    expect(held.body.data).toBeNull();
    await timePasses(1);
    expect(code(await login('victim', 'wrong-password-6'))).toBe('UNAUTHENTICATED');
    // Six failures: two seconds now.
    await timePasses(1);
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
    await timePasses(1);
    expect(code(await login('victim', 'wrong-password-7'))).toBe('UNAUTHENTICATED');
    await timePasses(3);
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
    await timePasses(1);
    expect(code(await login('victim', PASSWORD))).toBe('OK');
  });

  it('does not hold back the same username from another address: strangers cannot lock an account', async () => {
    await fail('victim', 12, '127.0.0.2');
    expect(code(await login('victim', 'wrong-again-1', { from: '127.0.0.2' }))).toBe('RATE_LIMITED');
    const res = await login('victim', PASSWORD, { from: '127.0.0.3' });
    expect(code(res)).toBe('OK');
    expect(res.body.data.login.token).toEqual(expect.any(String));
  });

  it('counts the username without regard to case', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) await login(i % 2 ? 'VICTIM' : 'Victim', `wrong-password-${i}`);
    expect(code(await login('victim', PASSWORD))).toBe('RATE_LIMITED');
  });

  it('does not count a throttled attempt as a failure of its own (the wait does not extend itself)', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) await login('victim', `wrong-password-${i}`);
    for (let i = 0; i < 5; i++) expect(code(await login('victim', 'still-wrong-1'))).toBe('RATE_LIMITED');
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM login_failure WHERE key = 'pair:victim|127.0.0.1'`);
    expect(n).toBe(PAIR_FREE_FAILURES);
    await timePasses(1);
    expect(code(await login('victim', PASSWORD))).toBe('OK');
  });

  it('forgets the failures of the pair after a right password', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES - 1; i++) await login('victim', `wrong-password-${i}`);
    expect(code(await login('victim', PASSWORD))).toBe('OK');
    for (let i = 1; i <= PAIR_FREE_FAILURES - 1; i++) expect(code(await login('victim', `wrong-password-${i}`))).toBe('UNAUTHENTICATED');
  });
});

describe('per username: a ceiling that slows, never locks out', () => {
  it(`past ${USERNAME_CEILING_PER_MINUTE} failures a minute, failing addresses wait out the minute; a new address is slowed but gets in`, async () => {
    // One failure from each of many addresses (no pair is held back by its own wait).
    const addresses = Array.from({ length: USERNAME_CEILING_PER_MINUTE + 1 }, (_, i) => `127.0.1.${i + 1}`);
    for (let i = 0; i < addresses.length; i += 8) {
      const batch = addresses.slice(i, i + 8);
      const results = await Promise.all(batch.map((from) => login('victim', 'stranger-guess-1', { from })));
      expect(results.map(code)).toEqual(batch.map(() => 'UNAUTHENTICATED'));
    }
    // An address that failed this minute: refused unchecked, whatever the password.
    expect(code(await login('victim', PASSWORD, { from: addresses[0] }))).toBe('RATE_LIMITED');
    // A new address: the right password gets in, after a delay.
    const started = performance.now();
    const res = await login('victim', PASSWORD, { from: '127.0.2.1' });
    expect(code(res)).toBe('OK');
    expect(performance.now() - started).toBeGreaterThanOrEqual(USERNAME_CEILING_DELAY_MS - 50);
    // A wrong password from a new address is checked (and then that address waits too).
    expect(code(await login('victim', 'stranger-guess-2', { from: '127.0.2.2' }))).toBe('UNAUTHENTICATED');
    expect(code(await login('victim', PASSWORD, { from: '127.0.2.2' }))).toBe('RATE_LIMITED');
    // Other usernames are not touched.
    expect(code(await login('bystander', PASSWORD, { from: addresses[1] }))).toBe('OK');
    // At most a minute: then the failing address's right password gets in.
    await timePasses(61);
    expect(code(await login('victim', PASSWORD, { from: addresses[0] }))).toBe('OK');
  });
});

describe('per address over all usernames', () => {
  it(`refuses every username from an address after ${ADDRESS_MAX_FAILURES_PER_MINUTE} failures there in a minute`, async () => {
    for (let i = 1; i <= ADDRESS_MAX_FAILURES_PER_MINUTE; i++) {
      expect(code(await login(`nobody${i}`, 'wrong-password-1', { from: '127.0.0.4' }))).toBe('UNAUTHENTICATED');
    }
    expect(code(await login('bystander', PASSWORD, { from: '127.0.0.4' }))).toBe('RATE_LIMITED');
    expect(code(await login('bystander', PASSWORD, { from: '127.0.0.5' }))).toBe('OK');
    await timePasses(61);
    expect(code(await login('bystander', PASSWORD, { from: '127.0.0.4' }))).toBe('OK');
  });
});

describe('throttling under concurrent attempts', () => {
  it('checks only a few passwords of one (username, address) when 40 attempts arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login('victim', `parallel-wrong-${i}`)));
    const checked = results.filter((r) => code(r) === 'UNAUTHENTICATED').length;
    const limited = results.filter((r) => code(r) === 'RATE_LIMITED').length;
    console.log(`40 concurrent wrong logins: ${checked} checked, ${limited} rate-limited`);
    expect(checked + limited).toBe(40);
    expect(checked).toBeGreaterThanOrEqual(1);
    // Five free, then a wait that doubles: a burst that took less than half a minute checks
    // at most five more.
    expect(checked).toBeLessThanOrEqual(2 * PAIR_FREE_FAILURES);
    // Refused attempts left nothing behind; every checked one is a recorded failure.
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM login_failure WHERE key = 'pair:victim|127.0.0.1'`);
    expect(n).toBe(checked);
  });

  it('still lets concurrent right passwords of several users in', async () => {
    const results = await Promise.all([login('victim', PASSWORD), login('bystander', PASSWORD), login('admin', 'admin-password-1')]);
    expect(results.map(code)).toEqual(['OK', 'OK', 'OK']);
    const [{ n }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM login_failure`);
    expect(n).toBe(0);
  });
});

describe('the client address', () => {
  it('without TRUST_PROXY, X-Forwarded-For is ignored: it cannot dodge the wait', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) {
      await login('victim', 'wrong-password-1', { forwardedFor: `10.0.0.${i}` });
    }
    expect(code(await login('victim', PASSWORD, { forwardedFor: '10.9.9.9' }))).toBe('RATE_LIMITED');
  });

  it('with TRUST_PROXY=127.0.0.1, the forwarded address is the client: another client behind the proxy signs in', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) {
      expect(code(await login('victim', 'wrong-password-1', { to: proxied, forwardedFor: '10.0.0.1' }))).toBe('UNAUTHENTICATED');
    }
    expect(code(await login('victim', PASSWORD, { to: proxied, forwardedFor: '10.0.0.1' }))).toBe('RATE_LIMITED');
    expect(code(await login('victim', PASSWORD, { to: proxied, forwardedFor: '10.0.0.2' }))).toBe('OK');
    const keys = await proxied.dataSource.query(`SELECT DISTINCT key FROM login_failure WHERE key LIKE 'addr:%'`);
    expect(keys).toEqual([{ key: 'addr:10.0.0.1' }]);
  });

  it('records throttled attempts in the audit log with the address', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) await login('victim', `wrong-password-${i}`, { from: '127.0.0.6' });
    await login('victim', PASSWORD, { from: '127.0.0.6' });
    const rows = await server.dataSource.query(
      `SELECT address, summary FROM audit_log WHERE action = 'LOGIN_THROTTLED' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows).toEqual([{ address: '127.0.0.6', summary: { username: 'victim' } }]);
  });
});

describe('a throttled server still serves signed-in callers', () => {
  it('keeps existing tokens working while sign-in is held back', async () => {
    for (let i = 1; i <= PAIR_FREE_FAILURES; i++) await login('admin', 'wrong-password-1');
    expect(code(await login('admin', 'admin-password-1'))).toBe('RATE_LIMITED');
    const res = await postGraphQL<any>(server.url, `{ me { username } }`, {}, server.adminToken);
    expect(res.body.data.me.username).toBe('admin');
  });
});
