import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromGlobalId } from '../../../src/common/graphql/global-id.js';
import { buildStreet, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { freshPhone } from '../../support/volunteers.js';

/*
 * Self-registration as a volunteer and registerResident share one per-address count
 * (REGISTER_LIMIT_PER_HOUR, 3 here), refused attempts included; staff registering someone
 * else are not counted. Requests come from distinct loopback addresses (127.0.0.x).
 */
const LIMIT = 3;
let server: TestServer;
let A: Street;

beforeAll(async () => {
  server = await startTestServer({ REGISTER_LIMIT_PER_HOUR: String(LIMIT), RATE_LIMIT_PER_MINUTE: '100000' });
  A = await buildStreet(server, 'VRL', 34, 110);
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  await server.dataSource.query(`DELETE FROM registration_attempt`);
});

interface Answer {
  data?: any;
  errors?: { extensions?: { code?: string } }[];
}

function post(from: string, query: string, variables: Record<string, unknown>, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/graphql`,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query, variables }));
  });
}

const RESIDENT = `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id } } }`;
const VOLUNTEER = `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id } }`;
const code = (a: Answer) => a.errors?.[0]?.extensions?.code ?? 'OK';
let seq = 0;
const resident = (from: string) => post(from, RESIDENT, { i: { username: `vrl_${++seq}`, password: 'resident-pass-1', name: '居民' } });
const volunteer = (from: string, token: string, extra: Record<string, unknown> = {}) =>
  post(from, VOLUNTEER, { i: { name: '志愿者', phone: freshPhone(), unitId: A.courtyard, ...extra } }, token);
const attempts = async (address: string) =>
  (await server.dataSource.query(`SELECT count(*)::int AS n FROM registration_attempt WHERE address = $1`, [address]))[0].n as number;
const volunteersOf = async (userIds: string[]) =>
  (await server.dataSource.query(`SELECT count(*)::int AS n FROM volunteer WHERE user_id = ANY($1::bigint[])`, [userIds]))[0].n as number;

describe('registerVolunteer for oneself and registerResident', () => {
  it('share one count per address: two residents and one volunteer fill a limit of three, then both are refused', async () => {
    const first = await resident('127.0.0.31');
    const second = await resident('127.0.0.31');
    expect([code(first), code(second)]).toEqual(['OK', 'OK']);
    expect(code(await volunteer('127.0.0.31', first.data.registerResident.token))).toBe('OK');
    expect(code(await volunteer('127.0.0.31', second.data.registerResident.token))).toBe('RATE_LIMITED');
    expect(code(await resident('127.0.0.31'))).toBe('RATE_LIMITED');
    expect(await volunteersOf([first.data.registerResident.user.id, second.data.registerResident.user.id].map((id) => fromGlobalId(id)!.dbId))).toBe(1);
    expect(await attempts('127.0.0.31')).toBe(5);
    // Another address is not affected.
    expect(code(await volunteer('127.0.0.32', second.data.registerResident.token))).toBe('OK');
  });

  it('counts refused volunteer registrations too (a second one is CONFLICT, and still counted)', async () => {
    const someone = await resident('127.0.0.33');
    const token = someone.data.registerResident.token;
    expect(code(await volunteer('127.0.0.34', token))).toBe('OK');
    expect(code(await volunteer('127.0.0.34', token))).toBe('CONFLICT');
    expect(code(await volunteer('127.0.0.34', token))).toBe('CONFLICT');
    expect(code(await resident('127.0.0.34'))).toBe('RATE_LIMITED');
    expect(await attempts('127.0.0.34')).toBe(4);
  });

  it('does not count staff registering someone else', async () => {
    for (let i = 0; i < LIMIT; i++) expect(code(await resident('127.0.0.35'))).toBe('OK');
    expect(code(await volunteer('127.0.0.35', server.adminToken, { forSomeoneElse: true }))).toBe('OK');
    expect(await attempts('127.0.0.35')).toBe(LIMIT);
  });
});
