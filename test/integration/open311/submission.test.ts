import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createMember, type Street } from '../../support/fixtures.js';
import { createApiKey, expectSchema, open311, postForm, SPEC_EXAMPLES, shapeOf } from '../../support/open311.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * POST requests: the form the specification posts (attribute[code] fields included), what a
 * submission becomes (source OPEN311, the key's account as reporter, routed like any other),
 * idempotency by device and content, the 400/403/404 refusals, Chinese text both ways (with
 * OPEN311_PUBLIC_DESCRIPTIONS=true), and the API keys behind it: hashed, shown once, audited,
 * revocable, their accounts unable to sign in.
 */

let server: TestServer;
let street: Street;
let responderId: string;
let key: Awaited<ReturnType<typeof createApiKey>>;

const IN = { lat: '36.0100001', long: '116.0100001' };

function fields(extra: Record<string, string> = {}): Record<string, string> {
  return { api_key: key.secret, service_code: 'WATER_DRAIN', ...IN, description: '下水道堵塞', ...extra };
}

async function requestRow(number: string) {
  const [row] = await server.dataSource.query(
    `SELECT r.id::text AS id, r.source, r.status, r.reporter_user_id::text AS reporter, r.address, r.description,
            r.assignee_member_id::text AS assignee, (SELECT count(*)::int FROM request_event e WHERE e.request_id = r.id) AS events
       FROM service_request r WHERE r.number = $1`,
    [number],
  );
  return row;
}

const dbIdOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];
const countRequests = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM service_request`))[0].n as number;

beforeAll(async () => {
  server = await startTestServer({ OPEN311_PUBLIC_DESCRIPTIONS: 'true', ESCALATION_INTERVAL_MS: '3600000', RATE_LIMIT_PER_MINUTE: '100000' });
  street = await buildStreet(server, 'SB', 36, 116);
  responderId = await createMember(server, street.courtyard, { name: '孙师傅', responder: true, skills: ['WATER_DRAIN'] });
  key = await createApiKey(server, 'FixMyStreet 许昌');
});
afterAll(async () => {
  await server?.stop();
});

describe('a submission through Open311', () => {
  it('is submitServiceRequest as the key account, source OPEN311, routed to the courtyard responder; attribute[code] fields are ignored', async () => {
    const answer = await postForm(server, fields({ 'attribute[WHISHETN]': '123', 'attribute[colour][]': 'red', address_string: '东门外', media_url: 'https://example.cn/p.jpg' }));
    expect(answer.status, answer.text).toBe(200);
    const number = answer.body[0].service_request_id;
    expect(await requestRow(number)).toEqual({
      id: expect.any(String),
      source: 'OPEN311',
      status: 'ASSIGNED',
      reporter: dbIdOf(key.userId),
      address: '东门外',
      description: '下水道堵塞',
      assignee: dbIdOf(responderId),
      events: 2,
    });
    const view = await server.gql(`query($n: String) { serviceRequest(number: $n) { source reporter { username role name } courtyard { id } } }`, { n: number });
    expect(view.body.data.serviceRequest).toEqual({ source: 'OPEN311', reporter: { username: key.username, role: 'RESIDENT', name: 'FixMyStreet 许昌' }, courtyard: { id: street.courtyard } });
  });

  it('takes a JSON body too, and names the service when the description is left out', async () => {
    const answer = await open311(server, 'requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: key.secret, service_code: 'WATER_DRAIN', lat: 36.02, long: 116.02 }),
    });
    expect(answer.status, answer.text).toBe(200);
    expect((await requestRow(answer.body[0].service_request_id)).description).toBe('供水排水（水不畅）');
  });

  it('keeps Chinese text intact both ways, in both formats', async () => {
    const description = '小区东门“路灯”不亮 & 井盖松动 <危险>，影响夜间出行 🚧';
    for (const format of ['json', 'xml'] as const) {
      const answer = await postForm(server, fields({ description: `${description}（${format}）` }), format);
      expect(answer.status, answer.text).toBe(200);
      const number = format === 'json' ? answer.body[0].service_request_id : answer.body.service_requests.request[0].service_request_id;
      const json = await open311(server, `requests/${number}.json`);
      expect(json.body[0].description).toBe(`${description}（${format}）`);
      expect(json.body[0].service_name).toBe('供水排水（水不畅）');
      const xml = await open311(server, `requests/${number}.xml`);
      expect(xml.text).toContain('&amp; 井盖松动 &lt;危险&gt;');
      // The parser decodes the entities: the text read back is the text sent.
      expect(xml.body.service_requests.request[0].description).toBe(`${description}（${format}）`);
    }
  });
});

describe('idempotency by device and content', () => {
  it('the same key, device_id, description and location (to 6 decimals) within 10 minutes is the same request', async () => {
    const first = await postForm(server, fields({ device_id: 'phone-1', description: '同一设备重复提交' }));
    const again = await postForm(server, fields({ device_id: 'phone-1', description: '同一设备重复提交', lat: '36.0100004', long: '116.0100002' }));
    expect(again.body).toEqual(first.body);
    const otherText = await postForm(server, fields({ device_id: 'phone-1', description: '同一设备，另一件事' }));
    const otherPlace = await postForm(server, fields({ device_id: 'phone-1', description: '同一设备重复提交', lat: '36.010002' }));
    const otherDevice = await postForm(server, fields({ device_id: 'phone-2', description: '同一设备重复提交' }));
    const ids = [first, otherText, otherPlace, otherDevice].map((a) => a.body[0].service_request_id);
    expect(new Set(ids).size).toBe(4);

    // Eleven minutes later the same content is a new request.
    await server.dataSource.query(
      `UPDATE service_request_intake SET created_at = created_at - interval '11 minutes'
        WHERE request_id = (SELECT id FROM service_request WHERE number = $1)`,
      [first.body[0].service_request_id],
    );
    const later = await postForm(server, fields({ device_id: 'phone-1', description: '同一设备重复提交' }));
    expect(later.body[0].service_request_id).not.toBe(first.body[0].service_request_id);
  });

  it('without a device_id every POST is a new request', async () => {
    const a = await postForm(server, fields({ description: '没有设备号' }));
    const b = await postForm(server, fields({ description: '没有设备号' }));
    expect(a.body[0].service_request_id).not.toBe(b.body[0].service_request_id);
  });

  it('another key with the same device and content is another request', async () => {
    const other = await createApiKey(server, '另一个应用');
    const a = await postForm(server, fields({ device_id: 'shared-device', description: '两个应用' }));
    const b = await postForm(server, { ...fields({ device_id: 'shared-device', description: '两个应用' }), api_key: other.secret });
    expect(a.body[0].service_request_id).not.toBe(b.body[0].service_request_id);
  });

  it('concurrent retries from one device make one request', async () => {
    const before = await countRequests();
    const answers = await Promise.all(Array.from({ length: 8 }, () => postForm(server, fields({ device_id: 'flaky-network', description: '并发重试' }))));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.body[0].service_request_id)).size).toBe(1);
    expect(await countRequests()).toBe(before + 1);
  });
});

describe('refusals', () => {
  const refused = async (body: Record<string, string>, status: number, description: RegExp) => {
    const before = await countRequests();
    for (const format of ['json', 'xml'] as const) {
      const answer = await postForm(server, body, format);
      expect(answer.status, answer.text).toBe(status);
      if (format === 'json') {
        expectSchema('errors', answer.body);
        expect(answer.body[0].code).toBe(status);
        expect(answer.body[0].description).toMatch(description);
      } else {
        expect(shapeOf(answer.text)).toEqual(shapeOf(SPEC_EXAMPLES.errors));
        expect(answer.body.errors.error[0].code).toBe(String(status));
      }
    }
    expect(await countRequests()).toBe(before);
  };

  it('403 without a valid, unrevoked api_key, or when its account is deactivated', async () => {
    const { api_key: _omitted, ...withoutKey } = fields();
    await refused(withoutKey, 403, /api_key is required/);
    await refused(fields({ api_key: 'not-a-key' }), 403, /Invalid api_key/);
    await refused(fields({ api_key: `${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}` }), 403, /Invalid api_key/);

    const revokedKey = await createApiKey(server, '将被吊销');
    expect((await postForm(server, fields({ api_key: revokedKey.secret }))).status).toBe(200);
    const revoked = await server.gql(`mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { revoked } }`, { i: { id: revokedKey.id } });
    expect(revoked.body.data.revokeApiKey.revoked).toBe(true);
    await refused(fields({ api_key: revokedKey.secret }), 403, /Invalid api_key/);

    const deactivatedKey = await createApiKey(server, '账号停用');
    const deactivate = await server.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { active } }`, { i: { id: deactivatedKey.userId, active: false } });
    expect(deactivate.body.data.updateUser.active).toBe(false);
    await refused(fields({ api_key: deactivatedKey.secret }), 403, /deactivated/);
  });

  it('400 for an address without a point, a missing service_code, bad coordinates, a point in no grid, bad contact fields', async () => {
    const { lat: _lat, long: _long, ...noPoint } = fields();
    await refused({ ...noPoint, address_string: '魏都区七一路88号' }, 400, /address alone/);
    await refused(noPoint, 400, /lat and long are required/);
    const { service_code: _code, ...noCode } = fields();
    await refused(noCode, 400, /service_code is required/);
    await refused(fields({ lat: 'north' }), 400, /must be numbers/);
    await refused(fields({ lat: '91' }), 400, /between -90 and 90/);
    await refused(fields({ long: '-181' }), 400, /between -180 and 180/);
    await refused(fields({ lat: '10', long: '10' }), 400, /No grid of ours contains that location/);
    await refused(fields({ email: 'not an email' }), 400, /email/);
    await refused(fields({ phone: '138\u0000' }), 400, /phone/);
    await refused(fields({ description: 'x'.repeat(4001) }), 400, /description must be 1-4000 characters/);
  });

  it('404 for an unknown service_code or another jurisdiction', async () => {
    await refused(fields({ service_code: 'PARKING' }), 404, /No service with service_code PARKING/);
    await refused(fields({ jurisdiction_id: 'zhengzhou' }), 404, /jurisdiction/);
    expect((await postForm(server, fields({ jurisdiction_id: 'xuchang' }))).status).toBe(200);
  });

  it('a body that is neither a form nor JSON is 400 in the specification\'s format, not a stack trace', async () => {
    const answer = await open311(server, 'requests.json', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<request/>' });
    expect(answer.status).toBe(400);
    expectSchema('errors', answer.body);
  });

  it('GraphQL still refuses a form POST with 415', async () => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', body: new URLSearchParams({ query: 'mutation { __typename }' }) });
    expect(response.status).toBe(415);
  });
});

describe('API keys', () => {
  it('are stored as a SHA-256 hash, shown once, prefix = the first 8 characters; lastUsedAt follows use', async () => {
    const created = await server.gql(`mutation { createApiKey(input: { name: "  社区App  " }) { secret apiKey { id name prefix revoked lastUsedAt createdAt } } }`);
    const { secret, apiKey } = created.body.data.createApiKey;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: '社区App', prefix: secret.slice(0, 8), revoked: false, lastUsedAt: null });
    const [row] = await server.dataSource.query(`SELECT t::text AS whole, secret_hash FROM api_key t WHERE id = $1`, [dbIdOf(apiKey.id)]);
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(row.whole).not.toContain(secret);
    const audit = await server.dataSource.query(`SELECT summary::text AS summary FROM audit_log WHERE target_type = 'ApiKey' AND target_id = $1`, [dbIdOf(apiKey.id)]);
    expect(audit.map((a: any) => a.summary).join()).not.toContain(secret);

    const list = await server.gql(`{ apiKeys { id prefix lastUsedAt } }`);
    expect(list.body.data.apiKeys).toContainEqual({ id: apiKey.id, prefix: apiKey.prefix, lastUsedAt: null });
    expect(errorCode(await server.gql(`{ apiKeys { secret } }`))).toBe('GRAPHQL_VALIDATION_FAILED');

    expect((await postForm(server, fields({ api_key: secret }))).status).toBe(200);
    const [used] = (await server.gql(`{ apiKeys { id lastUsedAt } }`)).body.data.apiKeys.filter((k: any) => k.id === apiKey.id);
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("a key's account cannot sign in: it fails exactly like a wrong password", async () => {
    const login = (username: string, password: string) =>
      server.gql(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { username, password } }, null);
    const asKey = await login(key.username, key.secret);
    const wrong = await login('admin', 'not-the-admin-password');
    expect(asKey.body.errors?.[0]).toMatchObject({ message: 'Wrong username or password', extensions: { code: 'UNAUTHENTICATED' } });
    expect(asKey.body.errors?.[0].message).toBe(wrong.body.errors?.[0].message);
    expect(asKey.body.data).toBeNull();
  });

  it('creation and revocation are audited; revoking twice is CONFLICT, an unknown key NOT_FOUND', async () => {
    const created = await createApiKey(server, '审计');
    const revoke = `mutation($i: RevokeApiKeyInput!) { revokeApiKey(input: $i) { id revoked } }`;
    expect((await server.gql(revoke, { i: { id: created.id } })).body.data.revokeApiKey).toEqual({ id: created.id, revoked: true });
    expect(errorCode(await server.gql(revoke, { i: { id: created.id } }))).toBe('CONFLICT');
    expect(errorCode(await server.gql(revoke, { i: { id: Buffer.from('ApiKey:999999').toString('base64url') } }))).toBe('NOT_FOUND');

    const entries = await server.gql(`{ auditLog(first: 100) { nodes { action targetType targetId summary } } }`);
    const mine = entries.body.data.auditLog.nodes.filter((e: any) => e.targetType === 'ApiKey' && e.targetId === dbIdOf(created.id));
    expect(mine.map((e: any) => e.action).sort()).toEqual(['API_KEY_CREATED', 'API_KEY_REVOKED']);
  });

  it('node(id) shows a key to a CITY_ADMIN only', async () => {
    const created = await createApiKey(server, '节点');
    const query = `query($id: ID!) { node(id: $id) { __typename ... on ApiKey { name user { id } } } }`;
    expect((await server.gql(query, { id: created.id })).body.data.node).toEqual({ __typename: 'ApiKey', name: '节点', user: { id: created.userId } });
    await server.gql(`mutation { registerResident(input: { username: "sb-resident", password: "resident-password-1", name: "居民" }) { token } }`, {}, null);
    const residentToken = await server.login('sb-resident', 'resident-password-1');
    expect((await server.gql(query, { id: created.id }, residentToken)).body.data.node).toBeNull();
  });
});
