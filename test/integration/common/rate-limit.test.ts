import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/app-config.js';
import { RateLimiter } from '../../../src/common/rate-limit/rate-limiter.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/*
 * Mutations are limited per user and per address (RATE_LIMIT_PER_MINUTE, 5 here), in
 * fixed one-minute windows held in PostgreSQL, once per root mutation field, before any resolver.
 * Requests come from distinct loopback addresses (127.0.0.x) to tell the keys apart.
 */
const LIMIT = 5;
let server: TestServer;
let second: RunningServer;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** POST /graphql from a given local address (127.0.0.x). */
function post(url: string, from: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
const code = (a: Answer) => a.body.errors?.[0]?.extensions?.code ?? 'OK';

const LOGIN = `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`;
const CATEGORY = `mutation($c: String!) { upsertServiceCategory(input: { code: $c, name: "限流", acceptWithinMinutes: 30, resolveWithinHours: 24 }) { id } }`;
const CREATE_USER = `mutation($u: String!) { createUser(input: { username: $u, password: "resident-pass-1", role: CITY_ADMIN }) { id } }`;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  // A second instance on the same database: the limits are shared.
  const config = loadConfig({
    DATABASE_URL: server.db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-test-secret-test-secret',
    ADMIN_PASSWORD: 'admin-password-1',
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
  });
  second = await startServer({ config, host: '127.0.0.1' });
  for (const u of ['alice', 'bob', 'carol']) {
    await post(server.url, '127.0.0.1', CREATE_USER, { u }, server.adminToken);
  }
});
afterAll(async () => {
  await second?.close();
  await server?.stop();
});
beforeEach(async () => {
  await server.dataSource.query(`DELETE FROM rate_limit_window`);
});

const loginAs = async (u: string, from: string) => {
  const res = await post(server.url, from, LOGIN, { u, p: u === 'admin' ? 'admin-password-1' : 'resident-pass-1' });
  expect(code(res), JSON.stringify(res.body)).toBe('OK');
  return res.body.data.login.token as string;
};

describe('per address', () => {
  it('counts anonymous logins per address; the next one is RATE_LIMITED with 429 and Retry-After', async () => {
    for (let i = 0; i < LIMIT; i++) await loginAs('alice', '127.0.0.2');
    const refused = await post(server.url, '127.0.0.2', LOGIN, { u: 'alice', p: 'resident-pass-1' });
    expect(refused.status).toBe(429);
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(refused.body.data).toBeNull();
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // registerResident counts the same way, and is refused without creating anyone.
    const reg = await post(server.url, '127.0.0.2', `mutation { registerResident(input: { username: "limited_res", password: "resident-pass-1", name: "x" }) { token } }`);
    expect(code(reg)).toBe('RATE_LIMITED');
    expect(await server.dataSource.query(`SELECT 1 FROM app_user WHERE username = 'limited_res'`)).toHaveLength(0);
    // Another address is not affected.
    await loginAs('alice', '127.0.0.3');
  });

  it('limits every signed-in user behind one address together', async () => {
    const tokens = [await loginAs('alice', '127.0.0.9'), await loginAs('bob', '127.0.0.9')];
    for (let i = 0; i < LIMIT - 2; i++) expect(code(await post(server.url, '127.0.0.4', CATEGORY, { c: `A${i}` }, tokens[i % 2]))).toBe('OK');
    expect(code(await post(server.url, '127.0.0.4', CATEGORY, { c: 'A9' }, tokens[0]))).toBe('OK');
    expect(code(await post(server.url, '127.0.0.4', CATEGORY, { c: 'A10' }, tokens[1]))).toBe('OK');
    // bob has used 2 of his own 5 (logins are anonymous), but the address has used 5.
    expect(code(await post(server.url, '127.0.0.4', CATEGORY, { c: 'A11' }, tokens[1]))).toBe('RATE_LIMITED');
  });
});

describe('per user', () => {
  it('counts a user across addresses; another user is not affected', async () => {
    const alice = await loginAs('alice', '127.0.0.10');
    for (let i = 0; i < LIMIT; i++) expect(code(await post(server.url, `127.0.0.${11 + i}`, CATEGORY, { c: `U${i}` }, alice))).toBe('OK');
    const refused = await post(server.url, '127.0.0.20', CATEGORY, { c: 'U-NOT' }, alice);
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(refused.status).toBe(429);
    // Refused before the resolver: no category was written.
    expect(await server.dataSource.query(`SELECT 1 FROM service_category WHERE code = 'U-NOT'`)).toHaveLength(0);
    const bob = await loginAs('bob', '127.0.0.21');
    expect(code(await post(server.url, '127.0.0.21', CATEGORY, { c: 'U-BOB' }, bob))).toBe('OK');
  });

  it('does not limit queries', async () => {
    const carol = await loginAs('carol', '127.0.0.30');
    for (let i = 0; i < LIMIT; i++) await post(server.url, '127.0.0.30', CATEGORY, { c: `Q${i}` }, carol);
    expect(code(await post(server.url, '127.0.0.30', CATEGORY, { c: 'Q9' }, carol))).toBe('RATE_LIMITED');
    for (let i = 0; i < 3 * LIMIT; i++) {
      const res = await post(server.url, '127.0.0.30', `{ me { username } serviceCategories { code } }`, {}, carol);
      expect(code(res)).toBe('OK');
    }
  });

  it('counts every root mutation field, aliases and fragments too, not the operation', async () => {
    const alice = await loginAs('alice', '127.0.0.40');
    const triple = `mutation { a: upsertServiceCategory(input: { code: "T1", name: "x", acceptWithinMinutes: 30, resolveWithinHours: 24 }) { id }
      b: upsertServiceCategory(input: { code: "T2", name: "x", acceptWithinMinutes: 30, resolveWithinHours: 24 }) { id }
      ... on Mutation { c: upsertServiceCategory(input: { code: "T3", name: "x", acceptWithinMinutes: 30, resolveWithinHours: 24 }) { id } } }`;
    // 3 of the 5: allowed; 6 of 5: refused as a whole, before any resolver.
    expect(code(await post(server.url, '127.0.0.40', triple, {}, alice))).toBe('OK');
    expect(code(await post(server.url, '127.0.0.40', triple.replace(/"T(\d)"/g, '"TT$1"'), {}, alice))).toBe('RATE_LIMITED');
    expect(await server.dataSource.query(`SELECT 1 FROM service_category WHERE code LIKE 'TT%'`)).toHaveLength(0);
    const [row] = await server.dataSource.query(`SELECT count FROM rate_limit_window WHERE key = 'addr:127.0.0.40'`);
    expect(row.count).toBe(1 + 3 + 3);
  });

  it('picks the operation by operationName: a query next to a mutation is not counted', async () => {
    const alice = await loginAs('alice', '127.0.0.50');
    const doc = `query Q { me { id } } mutation M { upsertServiceCategory(input: { code: "ON", name: "x", acceptWithinMinutes: 30, resolveWithinHours: 24 }) { id } }`;
    const send = (operationName: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}` },
        body: JSON.stringify({ query: doc, operationName }),
      });
    for (let i = 0; i < 10; i++) expect((await send('Q')).status).toBe(200);
    const userCounts = () => server.dataSource.query(`SELECT count FROM rate_limit_window WHERE key LIKE 'user:%'`);
    expect(await userCounts()).toEqual([]);
    expect((await send('M')).status).toBe(200);
    expect(await userCounts()).toEqual([{ count: 1 }]);
  });
});

describe('windows', () => {
  it('a new minute starts a new count', async () => {
    for (let i = 0; i < LIMIT; i++) await loginAs('bob', '127.0.0.60');
    expect(code(await post(server.url, '127.0.0.60', LOGIN, { u: 'bob', p: 'resident-pass-1' }))).toBe('RATE_LIMITED');
    await server.dataSource.query(`UPDATE rate_limit_window SET window_start = window_start - interval '1 minute'`);
    await loginAs('bob', '127.0.0.60');
  });

  it('are shared by every instance on the database', async () => {
    for (let i = 0; i < 3; i++) await loginAs('carol', '127.0.0.70');
    for (let i = 0; i < 2; i++) expect(code(await post(second.url, '127.0.0.70', LOGIN, { u: 'carol', p: 'resident-pass-1' }))).toBe('OK');
    expect(code(await post(second.url, '127.0.0.70', LOGIN, { u: 'carol', p: 'resident-pass-1' }))).toBe('RATE_LIMITED');
    expect(code(await post(server.url, '127.0.0.70', LOGIN, { u: 'carol', p: 'resident-pass-1' }))).toBe('RATE_LIMITED');
  });

  it('concurrent mutations are counted exactly (no lost update, no deadlock)', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 * LIMIT }, (_, i) => post(i % 2 ? second.url : server.url, '127.0.0.80', LOGIN, { u: 'alice', p: 'resident-pass-1' })),
    );
    expect(results.filter((r) => code(r) === 'OK')).toHaveLength(LIMIT);
    expect(results.filter((r) => code(r) === 'RATE_LIMITED')).toHaveLength(3 * LIMIT);
    const [row] = await server.dataSource.query(`SELECT count FROM rate_limit_window WHERE key = 'addr:127.0.0.80'`);
    expect(row.count).toBe(4 * LIMIT);
  });

  it('old windows are pruned', async () => {
    await server.dataSource.query(
      `INSERT INTO rate_limit_window (key, window_start, count) VALUES ('addr:old', date_trunc('minute', now()) - interval '10 minutes', 3),
        ('addr:recent', date_trunc('minute', now()) - interval '2 minutes', 3)`,
    );
    const limiter = new RateLimiter(server.dataSource, LIMIT);
    await limiter.hit(['addr:fresh']); // the first hit of an instance prunes (in the background)
    await expect.poll(async () => (await server.dataSource.query(`SELECT key FROM rate_limit_window ORDER BY key`)).map((r: any) => r.key)).toEqual([
      'addr:fresh',
      'addr:recent',
    ]);
  });
});
