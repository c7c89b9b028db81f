import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet } from '../../support/fixtures.js';
import { createApiKey, expectSchema, open311, postForm } from '../../support/open311.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Open311 calls count against RATE_LIMIT_PER_MINUTE like mutations: a POST per key and per
 * address, a public GET per address. The counters are filled to the limit in the database
 * first (for this minute and the next, so a minute turning over mid-test changes nothing),
 * and the next call must be refused with 429 in the specification's error format.
 */

// Room for the setup's own mutations from this address.
const LIMIT = 30;
let server: TestServer;
let first: Awaited<ReturnType<typeof createApiKey>>;
let second: Awaited<ReturnType<typeof createApiKey>>;

const keyDbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

async function fillCounter(key: string): Promise<void> {
  await server.dataSource.query(
    `INSERT INTO rate_limit_window (key, window_start, count)
     SELECT $1, date_trunc('minute', now()) + make_interval(mins => m), $2 FROM generate_series(0, 1) m
     ON CONFLICT (key, window_start) DO UPDATE SET count = EXCLUDED.count`,
    [key, LIMIT],
  );
}

const post = (secret: string) => postForm(server, { api_key: secret, service_code: 'OTHER', lat: '37.01', long: '117.01', description: '限流' });

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: String(LIMIT), ESCALATION_INTERVAL_MS: '3600000' });
  await buildStreet(server, 'RL', 37, 117);
  first = await createApiKey(server, '限流一');
  second = await createApiKey(server, '限流二');
});
afterAll(async () => {
  await server?.stop();
});

describe('Open311 rate limits', () => {
  it('a key over the limit gets 429 with Retry-After; another key from the same address does not', async () => {
    expect((await post(first.secret)).status).toBe(200);
    await fillCounter(`apikey:${keyDbId(first.id)}`);
    const refused = await post(first.secret);
    expect(refused.status).toBe(429);
    expectSchema('errors', refused.body);
    expect(refused.body[0].code).toBe(429);
    const again = await fetch(`${server.url}/open311/v2/requests.xml`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: first.secret, service_code: 'OTHER', lat: '37.01', long: '117.01' }),
    });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await again.text()).toContain('<errors><error><code>429</code>');
    expect((await post(second.secret)).status).toBe(200);
  });

  it('public GETs count per address', async () => {
    expect((await open311(server, 'requests.json')).status).toBe(200);
    await fillCounter('open311-read:127.0.0.1');
    const refused = await open311(server, 'requests.json');
    expect(refused.status).toBe(429);
    expect(refused.body[0].code).toBe(429);
    expect((await open311(server, 'services/OTHER.xml')).status).toBe(429);
  });

  it('a POST counts per address too, whichever key it carries, and before the key is checked', async () => {
    await fillCounter('addr:127.0.0.1');
    expect((await post(second.secret)).status).toBe(429);
    expect((await post('not-a-key-at-all-not-a-key-at-all-0123456')).status).toBe(429);
  });
});
