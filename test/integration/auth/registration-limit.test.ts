import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/*
 * registerResident is limited per address (REGISTER_LIMIT_PER_HOUR, 3 here; IPv6 by /64),
 * every alias counted, refused attempts too. Requests come from distinct loopback addresses
 * (127.0.0.x); behind a trusted proxy (TRUST_PROXY) the address is the X-Forwarded-For one.
 */
const LIMIT = 3;
let direct: TestServer;
let proxied: TestServer;

beforeAll(async () => {
  direct = await startTestServer({ REGISTER_LIMIT_PER_HOUR: String(LIMIT) });
  proxied = await startTestServer({ REGISTER_LIMIT_PER_HOUR: String(LIMIT), TRUST_PROXY: '127.0.0.1' });
});
afterAll(async () => {
  await direct?.stop();
  await proxied?.stop();
});
beforeEach(async () => {
  for (const server of [direct, proxied]) {
    await server.dataSource.query(`DELETE FROM registration_attempt`);
    await server.dataSource.query(`DELETE FROM rate_limit_window`);
  }
});

interface Answer {
  status: number;
  body: { data?: any; errors?: { message: string; path?: string[]; extensions?: { code?: string } }[] };
}

function post(server: TestServer, query: string, options: { from?: string; forwardedFor?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/graphql`,
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
    req.end(JSON.stringify({ query }));
  });
}

let seq = 0;
const register = (alias?: string) =>
  `${alias ? `${alias}: ` : ''}registerResident(input: { username: "reg_${++seq}", password: "resident-pass-1", name: "居民" }) { user { username } }`;
const one = () => `mutation { ${register()} }`;
const code = (a: Answer) => a.body.errors?.[0]?.extensions?.code ?? 'OK';
const accounts = async (server: TestServer) =>
  (await server.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE role = 'RESIDENT'`))[0].n as number;

describe('registerResident per address', () => {
  it('creates at most the limit from one POST of 30 aliases, and counts all 30 against the mutation limit', async () => {
    const before = await accounts(direct);
    const doc = `mutation { ${Array.from({ length: 30 }, (_, i) => register(`r${i}`)).join('\n')} }`;
    const res = await post(direct, doc, { from: '127.0.0.2' });
    expect(res.status).toBe(200);
    // Mutation fields run one after another; the first refused one (a non-null payload)
    // nulls `data` and ends the operation.
    expect(res.body.data).toBeNull();
    expect(res.body.errors!.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(await accounts(direct)).toBe(before + LIMIT);
    const [{ n }] = await direct.dataSource.query(`SELECT count(*)::int AS n FROM registration_attempt WHERE address = '127.0.0.2'`);
    expect(n).toBe(LIMIT + 1);
    const [row] = await direct.dataSource.query(`SELECT count FROM rate_limit_window WHERE key = 'addr:127.0.0.2'`);
    expect(row.count).toBe(30);
  });

  it('counts refused attempts too, and leaves other addresses alone', async () => {
    for (let i = 0; i < LIMIT; i++) expect(code(await post(direct, one(), { from: '127.0.0.3' }))).toBe('OK');
    for (let i = 0; i < 2; i++) expect(code(await post(direct, one(), { from: '127.0.0.3' }))).toBe('RATE_LIMITED');
    const [{ n }] = await direct.dataSource.query(`SELECT count(*)::int AS n FROM registration_attempt WHERE address = '127.0.0.3'`);
    expect(n).toBe(LIMIT + 2);
    // An hour after the first attempts, the refused ones still hold the address back.
    await direct.dataSource.query(
      `UPDATE registration_attempt SET at = at - interval '61 minutes' WHERE ctid IN (SELECT ctid FROM registration_attempt ORDER BY at LIMIT ${LIMIT})`,
    );
    expect(code(await post(direct, one(), { from: '127.0.0.3' }))).toBe('OK');
    expect(code(await post(direct, one(), { from: '127.0.0.3' }))).toBe('RATE_LIMITED');
    expect(code(await post(direct, one(), { from: '127.0.0.4' }))).toBe('OK');
  });

  it('holds under concurrent attempts from one address', async () => {
    const before = await accounts(direct);
    const results = await Promise.all(Array.from({ length: 12 }, () => post(direct, one(), { from: '127.0.0.5' })));
    const ok = results.filter((r) => code(r) === 'OK').length;
    expect(ok).toBeLessThanOrEqual(LIMIT);
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => code(r) === 'RATE_LIMITED')).toHaveLength(12 - ok);
    expect(await accounts(direct)).toBe(before + ok);
  });
});

describe('TRUST_PROXY', () => {
  it('off (the default): X-Forwarded-For is ignored, every attempt counts against the peer', async () => {
    for (let i = 0; i < LIMIT; i++) expect(code(await post(direct, one(), { from: '127.0.0.6', forwardedFor: `10.0.0.${i}` }))).toBe('OK');
    expect(code(await post(direct, one(), { from: '127.0.0.6', forwardedFor: '10.0.0.99' }))).toBe('RATE_LIMITED');
    const keys = await direct.dataSource.query(`SELECT DISTINCT address FROM registration_attempt`);
    expect(keys).toEqual([{ address: '127.0.0.6' }]);
  });

  it('on for 127.0.0.1: the forwarded client address is counted, IPv6 by /64', async () => {
    for (let i = 0; i < LIMIT; i++) expect(code(await post(proxied, one(), { forwardedFor: '10.0.0.1' }))).toBe('OK');
    expect(code(await post(proxied, one(), { forwardedFor: '10.0.0.1' }))).toBe('RATE_LIMITED');
    expect(code(await post(proxied, one(), { forwardedFor: '10.0.0.2' }))).toBe('OK');
    // One /64: its addresses share the limit.
    for (let i = 1; i <= LIMIT; i++) expect(code(await post(proxied, one(), { forwardedFor: `2001:db8:7:1::${i}` }))).toBe('OK');
    expect(code(await post(proxied, one(), { forwardedFor: '2001:db8:7:1:ffff:1:2:3' }))).toBe('RATE_LIMITED');
    expect(code(await post(proxied, one(), { forwardedFor: '2001:db8:7:2::1' }))).toBe('OK');
    const keys = (await proxied.dataSource.query(`SELECT DISTINCT address FROM registration_attempt ORDER BY address`)).map((r: any) => r.address);
    expect(keys).toEqual(['10.0.0.1', '10.0.0.2', '2001:db8:7:1::/64', '2001:db8:7:2::/64']);
  });

  it('on for 127.0.0.1: a peer that is not the proxy cannot choose its address', async () => {
    for (let i = 0; i < LIMIT; i++) expect(code(await post(proxied, one(), { from: '127.0.0.7', forwardedFor: `10.1.0.${i}` }))).toBe('OK');
    expect(code(await post(proxied, one(), { from: '127.0.0.7', forwardedFor: '10.1.0.99' }))).toBe('RATE_LIMITED');
  });
});
