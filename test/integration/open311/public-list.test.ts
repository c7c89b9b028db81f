import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { createApiKey, expectSchema, open311, postForm } from '../../support/open311.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * The public GET requests and requests/{id}: the 90-day window, the filters, the status
 * mapping, status_notes (reporter and system notes only), and the privacy rules: never a
 * reporter, contact details, staff notes, an address, a precise point, a description (by
 * default) or a request opened by an inspection.
 */

let server: TestServer;
let street: Street;
let key: Awaited<ReturnType<typeof createApiKey>>;
let resident: { token: string; id: string };

const PHONE = '13911112222';
const STAFF_NOTE_PHONE = '13833334444';
const DESCRIPTION_PHONE = '13755556666';
const EMAIL = 'wang.fang@example.cn';
const ADDRESS = '魏都区七一路88号';

async function post(fields: Record<string, string>): Promise<string> {
  const answer = await postForm(server, { api_key: key.secret, service_code: 'STREET_LIGHT', lat: '35.0123456', long: '114.0123456', ...fields });
  if (answer.status !== 200) throw new Error(answer.text);
  return answer.body[0].service_request_id;
}

async function submitAsResident(description: string): Promise<{ id: string; number: string }> {
  const res = await server.gql(
    `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id number } }`,
    { i: { categoryCode: 'SANITATION', description, courtyardId: street.courtyard } },
    resident.token,
  );
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.submitServiceRequest;
}

const list = async (query = '') => {
  const answer = await open311(server, `requests.json${query ? `?${query}` : ''}`);
  expect(answer.status, answer.text).toBe(200);
  expectSchema('requests', answer.body);
  return answer.body as any[];
};
const numbers = (rows: any[]) => rows.map((r) => r.service_request_id);

beforeAll(async () => {
  server = await startTestServer({ ESCALATION_INTERVAL_MS: '3600000', RATE_LIMIT_PER_MINUTE: '100000' });
  street = await buildStreet(server, 'PL', 35, 114);
  await createMember(server, street.courtyard, { name: '赵师傅', responder: true, skills: ['STREET_LIGHT'] });
  key = await createApiKey(server, '市长热线');
  resident = await registerResident(server, 'pl-resident');
});
afterAll(async () => {
  await server?.stop();
});

describe('what the public listing never shows', () => {
  it("a reporter's phone, email, name and address posted through Open311 appear in no GET, in either format", async () => {
    const number = await post({
      description: `小区路灯不亮，请联系${DESCRIPTION_PHONE}`,
      phone: PHONE,
      email: EMAIL,
      first_name: '芳',
      last_name: '王',
      address_string: ADDRESS,
    });
    const paths = ['requests.json', 'requests.xml', 'requests', `requests/${number}.json`, `requests/${number}.xml`, `requests/${number}`,
      `requests.json?service_request_id=${number}`, `requests.xml?service_code=STREET_LIGHT&status=open`];
    for (const path of paths) {
      const answer = await open311(server, path);
      expect(answer.status, path).toBe(200);
      expect(answer.text, path).toContain(number);
      for (const secret of [PHONE, DESCRIPTION_PHONE, EMAIL, '王芳', ADDRESS, '35.0123456', '114.0123456', key.username]) {
        expect(answer.text, `${path} shows ${secret}`).not.toContain(secret);
      }
    }
    const [row] = await list(`service_request_id=${number}`);
    expect(row).toMatchObject({ lat: 35.012, long: 114.012 });
    expect(row).not.toHaveProperty('description');
    expect(row).not.toHaveProperty('address');
  });

  it('staff see the contact (ServiceRequest.contact) in full; staff of another street and the public do not', async () => {
    const number = await post({ description: '路灯闪烁', phone: PHONE, email: EMAIL, first_name: 'Fang', last_name: 'Wang' });
    const query = `query($n: String) { serviceRequest(number: $n) { source contact { name phone email } reporter { id } } }`;
    const asAdmin = await server.gql(query, { n: number });
    expect(asAdmin.body.data.serviceRequest).toEqual({ source: 'OPEN311', contact: { name: 'Fang Wang', phone: PHONE, email: EMAIL }, reporter: { id: key.userId } });

    const other = await buildStreet(server, 'PX', 36, 115);
    const outsider = await server.gql(`mutation { createUser(input: { username: "px-secretary", password: "account-password-1", role: SECRETARY, scopeUnitId: "${other.branch}" }) { id } }`);
    expect(outsider.body.errors).toBeUndefined();
    const outsiderToken = await server.login('px-secretary', 'account-password-1');
    // Out of scope the request itself is null, and so is everything on it.
    expect((await server.gql(query, { n: number }, outsiderToken)).body.data.serviceRequest).toBeNull();
    // A list of another reporter's requests with contact asked: a SECRETARY in scope sees it, the resident does not.
    await server.gql(`mutation { createUser(input: { username: "pl-secretary", password: "account-password-1", role: SECRETARY, scopeUnitId: "${street.branch}" }) { id } }`);
    const insiderToken = await server.login('pl-secretary', 'account-password-1');
    expect((await server.gql(query, { n: number }, insiderToken)).body.data.serviceRequest.contact).toEqual({ name: 'Fang Wang', phone: PHONE, email: EMAIL });
    const own = await submitAsResident('自己提交的请求');
    const ownView = await server.gql(`query($n: String) { serviceRequest(number: $n) { source contact { phone } } }`, { n: own.number }, resident.token);
    expect(ownView.body.data.serviceRequest).toEqual({ source: 'DIRECT', contact: null });
  });

  it('a request opened by an inspection is never listed nor found', async () => {
    const number = await post({ description: '暗访发现的问题' });
    await server.dataSource.query(`UPDATE service_request SET source = 'INSPECTION' WHERE number = $1`, [number]);
    expect(numbers(await list())).not.toContain(number);
    expect(numbers(await list(`service_request_id=${number}`))).toEqual([]);
    for (const format of ['json', 'xml']) expect((await open311(server, `requests/${number}.${format}`)).status).toBe(404);
  });
});

describe('status and status_notes', () => {
  it('open unless CLOSED or CANCELLED; the reporter\'s note shows, a note staff wrote never does', async () => {
    const cancelled = await submitAsResident('垃圾桶满了');
    const cancel = await server.gql(
      `mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { status } }`,
      { i: { requestId: cancelled.id, reason: '已自行处理' } },
      resident.token,
    );
    expect(cancel.body.data.cancelServiceRequest.status).toBe('CANCELLED');

    const escalated = await submitAsResident('垃圾没人清运');
    const escalate = await server.gql(
      `mutation($i: RequestActionInput!) { escalateServiceRequest(input: $i) { status } }`,
      { i: { requestId: escalated.id, note: `请联系${STAFF_NOTE_PHONE}处理` } },
    );
    expect(escalate.body.errors).toBeUndefined();

    const rows = await list(`service_request_id=${cancelled.number},${escalated.number}`);
    const byNumber = Object.fromEntries(rows.map((r) => [r.service_request_id, r]));
    expect(byNumber[cancelled.number]).toMatchObject({ status: 'closed', status_notes: '已自行处理' });
    expect(byNumber[escalated.number].status).toBe('open');
    expect(byNumber[escalated.number]).not.toHaveProperty('status_notes');
    const xml = await open311(server, `requests/${escalated.number}.xml`);
    expect(xml.body.service_requests.request[0].status_notes).toBe('');
    expect(xml.text).not.toContain(STAFF_NOTE_PHONE);
  });

  it("a note the system wrote (no actor) shows; a later staff note does not replace it", async () => {
    const { id, number } = await submitAsResident('路面积水');
    const dbId = Buffer.from(id, 'base64url').toString().split(':')[1];
    await server.dataSource.query(
      `INSERT INTO request_event (request_id, type, actor_user_id, from_status, to_status, note, request_version)
       SELECT id, 'ESCALATED', NULL, status, status, '超时未受理，已自动上报', version FROM service_request WHERE id = $1`,
      [dbId],
    );
    expect((await list(`service_request_id=${number}`))[0].status_notes).toBe('超时未受理，已自动上报');
    const staffNote = await server.gql(`mutation($i: RequestActionInput!) { escalateServiceRequest(input: $i) { status } }`, {
      i: { requestId: id, note: '内部备注：由网格员跟进' },
    });
    expect(staffNote.body.errors).toBeUndefined();
    expect((await list(`service_request_id=${number}`))[0].status_notes).toBe('超时未受理，已自动上报');
  });
});

describe('window and filters', () => {
  it('the default window is the last 90 days; an older request needs start_date/end_date', async () => {
    const old = await post({ description: '旧请求' });
    await server.dataSource.query(`UPDATE service_request SET created_at = now() - interval '100 days' WHERE number = $1`, [old]);
    expect(numbers(await list())).not.toContain(old);
    const from = new Date(Date.now() - 110 * 86400_000).toISOString();
    const to = new Date(Date.now() - 95 * 86400_000).toISOString();
    expect(numbers(await list(`start_date=${from}&end_date=${to}`))).toEqual([old]);
    expect(numbers(await list(`start_date=${from}`))).toContain(old);
    expect(numbers(await list(`end_date=${to}`))).toEqual([old]);
  });

  it('a range over 90 days, an end before the start, or a date that is not ISO 8601 is 400', async () => {
    for (const query of [
      'start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-04-01T00:00:01%2B08:00',
      'start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z',
      'end_date=31/12/2026',
    ]) {
      for (const format of ['json', 'xml']) {
        const answer = await open311(server, `requests.${format}?${query}`);
        expect(answer.status, query).toBe(400);
      }
    }
    // Exactly 90 days is allowed.
    expect((await open311(server, 'requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-01T00:00:00Z')).status).toBe(200);
  });

  it('service_code, status and service_request_id (which overrides the others) filter', async () => {
    const light = await post({ description: '路灯A' });
    const road = (await postForm(server, { api_key: key.secret, service_code: 'ROAD', lat: '35.01', long: '114.01', description: '道路B' })).body[0].service_request_id;
    const closed = await submitAsResident('已取消C');
    await server.gql(`mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { id } }`, { i: { requestId: closed.id, reason: '重复' } }, resident.token);

    const lights = await list('service_code=STREET_LIGHT');
    expect(lights.every((r) => r.service_code === 'STREET_LIGHT')).toBe(true);
    expect(numbers(lights)).toContain(light);
    expect(numbers(lights)).not.toContain(road);
    expect(numbers(await list('service_code=STREET_LIGHT,ROAD'))).toEqual(expect.arrayContaining([light, road]));

    const open = await list('status=open');
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect(numbers(open)).not.toContain(closed.number);
    const onlyClosed = await list('status=closed');
    expect(onlyClosed.every((r) => r.status === 'closed')).toBe(true);
    expect(numbers(onlyClosed)).toContain(closed.number);
    expect(numbers(await list('status=open,closed'))).toEqual(expect.arrayContaining([light, closed.number]));

    expect(numbers(await list(`service_request_id=${light},${road}&service_code=SANITATION&status=closed`)).sort()).toEqual([light, road].sort());
    // Newest first.
    const all = await list();
    const times = all.map((r) => new Date(r.requested_datetime).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('at most 1,000 requests', async () => {
    await server.dataSource.query(
      `INSERT INTO service_request (number, category_id, description, location, status, reporter_user_id, unit_id, accept_due_at, resolve_due_at, content_hash)
       SELECT 'SR-BULK-' || lpad(g::text, 6, '0'), c.id, 'bulk', point(114.01, 35.01), 'PENDING_DISPATCH',
              (SELECT id FROM app_user WHERE username = 'admin'), u.id, now() + interval '1 hour', now() + interval '1 day', 'bulk'
         FROM generate_series(1, 1005) g, service_category c, org_unit u
        WHERE c.code = 'OTHER' AND u.code = 'PL-01-01'`,
    );
    expect(await list()).toHaveLength(1000);
    const xml = await open311(server, 'requests.xml');
    expect(xml.body.service_requests.request).toHaveLength(1000);
  });
});
