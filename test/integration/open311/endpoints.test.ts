import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createMember, registerResident, type Street } from '../../support/fixtures.js';
import {
  createApiKey,
  expectSchema,
  itemElementNames,
  normalised,
  open311,
  postForm,
  shapeOf,
  SPEC_EXAMPLES,
  type Open311Answer,
} from '../../support/open311.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Every GeoReport v2 endpoint in both formats, over real HTTP: JSON against JSON Schemas,
 * XML parsed and compared element by element with the specification's examples, and a
 * golden body for each (request numbers and times normalised). The public listing's rules:
 * window, filters, status mapping, status notes, and what it never shows.
 */

let server: TestServer;
let street: Street;
let key: Awaited<ReturnType<typeof createApiKey>>;
/** The request posted through Open311 in beforeAll, with personal details in every field that takes them. */
let posted: string;

const PHONE = '13912345678';
const HIDDEN_PHONE_IN_DESCRIPTION = '13987654321';
const ADDRESS = '魏都区文峰路12号院3单元';

beforeAll(async () => {
  server = await startTestServer({ PUBLIC_URL: 'https://open311.xuchang.example/', ESCALATION_INTERVAL_MS: '3600000', RATE_LIMIT_PER_MINUTE: '100000' });
  street = await buildStreet(server, 'OP', 34, 113.8);
  await createMember(server, street.courtyard, { name: '王师傅', responder: true, skills: ['ROAD'] });
  key = await createApiKey(server, '许昌市民热线');
  const answer = await postForm(server, {
    api_key: key.secret,
    service_code: 'ROAD',
    lat: '34.012345678',
    long: '113.812345678',
    address_string: ADDRESS,
    description: `文峰路路面塌陷，联系电话${HIDDEN_PHONE_IN_DESCRIPTION}`,
    first_name: '小明',
    last_name: '李',
    phone: PHONE,
    email: 'liming@example.cn',
    device_id: 'hotline-desk-7',
  });
  expect(answer.status).toBe(200);
  posted = answer.body[0].service_request_id;
});
afterAll(async () => {
  await server?.stop();
});

const getBoth = async (path: string): Promise<{ json: Open311Answer; xml: Open311Answer; bare: Open311Answer }> => ({
  json: await open311(server, `${path}.json`),
  xml: await open311(server, `${path}.xml`),
  bare: await open311(server, path),
});

describe('discovery', () => {
  it('names the endpoint by PUBLIC_URL, in both formats, shaped as the specification shows', async () => {
    const { json, xml, bare } = await getBoth('discovery');
    expect([json.status, xml.status, bare.status]).toEqual([200, 200, 200]);
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    expect(bare.text).toBe(xml.text);
    expectSchema('discovery', json.body);
    expect(json.body.endpoints[0].url).toBe('https://open311.xuchang.example/open311/v2');
    expect(shapeOf(xml.text)).toEqual(shapeOf(SPEC_EXAMPLES.discovery));
    expect(xml.body.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(normalised(json.text)).toMatchInlineSnapshot(`"{"changeset":"<time>","key_service":"Ask the city administrator for a key: a CITY_ADMIN creates one per application (createApiKey).","endpoints":[{"specification":"http://wiki.open311.org/GeoReport_v2","url":"https://open311.xuchang.example/open311/v2","changeset":"<time>","type":"production","formats":["text/xml","application/json"]}]}"`);
    expect(normalised(xml.text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <discovery><changeset><time></changeset><contact/><key_service>Ask the city administrator for a key: a CITY_ADMIN creates one per application (createApiKey).</key_service><endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification><url>https://open311.xuchang.example/open311/v2</url><changeset><time></changeset><type>production</type><formats><format>text/xml</format><format>application/json</format></formats></endpoint></endpoints></discovery>"
    `);
  });
});

describe('services', () => {
  it('lists the categories: code, name, metadata false, type realtime', async () => {
    const { json, xml, bare } = await getBoth('services');
    expect([json.status, xml.status, bare.status]).toEqual([200, 200, 200]);
    expect(bare.text).toBe(xml.text);
    expectSchema('services', json.body);
    expect(json.body).toContainEqual({ service_code: 'ROAD', service_name: '道路破损（路不平）', metadata: false, type: 'realtime' });
    expect(itemElementNames(xml.text)).toEqual(itemElementNames(SPEC_EXAMPLES.services));
    expect(shapeOf(xml.text).name).toBe('services');
    expect(xml.body.services.service.map((s: any) => s.service_code)).toEqual(json.body.map((s: any) => s.service_code));
    expect(normalised(json.text)).toMatchInlineSnapshot(`"[{"service_code":"ELDERLY_CARE","service_name":"为老服务","metadata":false,"type":"realtime"},{"service_code":"FACILITY","service_name":"公共设施（健身器材、快递柜、无障碍）（设施缺）","metadata":false,"type":"realtime"},{"service_code":"GREENERY","service_name":"绿化养护","metadata":false,"type":"realtime"},{"service_code":"NEIGHBOUR_DISPUTE","service_name":"邻里纠纷","metadata":false,"type":"realtime"},{"service_code":"OTHER","service_name":"其他（无人管）","metadata":false,"type":"realtime"},{"service_code":"ROAD","service_name":"道路破损（路不平）","metadata":false,"type":"realtime"},{"service_code":"SANITATION","service_name":"环境卫生与垃圾分类","metadata":false,"type":"realtime"},{"service_code":"SECURITY","service_name":"治安隐患（治安差）","metadata":false,"type":"realtime"},{"service_code":"STREET_LIGHT","service_name":"路灯照明（灯不亮）","metadata":false,"type":"realtime"},{"service_code":"WATER_DRAIN","service_name":"供水排水（水不畅）","metadata":false,"type":"realtime"}]"`);
    expect(normalised(xml.text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <services><service><service_code>ELDERLY_CARE</service_code><service_name>为老服务</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>FACILITY</service_code><service_name>公共设施（健身器材、快递柜、无障碍）（设施缺）</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>GREENERY</service_code><service_name>绿化养护</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>NEIGHBOUR_DISPUTE</service_code><service_name>邻里纠纷</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>OTHER</service_code><service_name>其他（无人管）</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>ROAD</service_code><service_name>道路破损（路不平）</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>SANITATION</service_code><service_name>环境卫生与垃圾分类</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>SECURITY</service_code><service_name>治安隐患（治安差）</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>STREET_LIGHT</service_code><service_name>路灯照明（灯不亮）</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service><service><service_code>WATER_DRAIN</service_code><service_name>供水排水（水不畅）</service_name><description/><metadata>false</metadata><type>realtime</type><keywords/><group/></service></services>"
    `);
  });

  it('services/{service_code}: the definition, with no attributes; an unknown code is 404', async () => {
    const { json, xml, bare } = await getBoth('services/ROAD');
    expect([json.status, xml.status, bare.status]).toEqual([200, 200, 200]);
    expectSchema('serviceDefinition', json.body);
    expect(shapeOf(xml.text).name).toBe('service_definition');
    expect(shapeOf(xml.text).children.map((c) => c.name)).toEqual(shapeOf(SPEC_EXAMPLES.serviceDefinition).children.map((c) => c.name));
    expect(normalised(json.text)).toMatchInlineSnapshot(`"{"service_code":"ROAD","attributes":[]}"`);
    expect(normalised(xml.text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <service_definition><service_code>ROAD</service_code><attributes></attributes></service_definition>"
    `);

    const missing = await getBoth('services/NO_SUCH');
    expect([missing.json.status, missing.xml.status, missing.bare.status]).toEqual([404, 404, 404]);
    expectSchema('errors', missing.json.body);
    expect(missing.json.body).toEqual([{ code: 404, description: 'No service with service_code NO_SUCH' }]);
    expect(shapeOf(missing.xml.text)).toEqual(shapeOf(SPEC_EXAMPLES.errors));
  });
});

describe('POST requests', () => {
  it('answers the service_request_id at once, in XML without a suffix, shaped as the specification shows', async () => {
    const fields = { api_key: key.secret, service_code: 'ROAD', lat: '34.02', long: '113.81', description: '井盖缺失' };
    const xml = await postForm(server, fields, '');
    expect(xml.status).toBe(200);
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    expect(itemElementNames(xml.text)).toEqual(itemElementNames(SPEC_EXAMPLES.postResponse));
    expect(xml.body.service_requests.request[0].service_request_id).toMatch(/^SR-\d{8}-\d{6}$/);
    expect(normalised(xml.text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <service_requests><request><service_request_id>SR-<n></service_request_id><service_notice/><account_id/></request></service_requests>"
    `);

    const json = await postForm(server, { ...fields, description: '井盖缺失（第二处）' }, 'json');
    expect(json.status).toBe(200);
    expectSchema('postResponse', json.body);
    expect(json.body[0].service_request_id).not.toBe(xml.body.service_requests.request[0].service_request_id);
    expect(normalised(json.text)).toMatchInlineSnapshot(`"[{"service_request_id":"SR-<n>"}]"`);
  });
});

describe('GET requests and requests/{service_request_id}', () => {
  it('shows the posted request: open, the holder as agency, times in +08:00, coordinates to 3 decimals', async () => {
    const { json, xml, bare } = await getBoth(`requests/${posted}`);
    expect([json.status, xml.status, bare.status]).toEqual([200, 200, 200]);
    expectSchema('requests', json.body);
    expect(json.body).toHaveLength(1);
    const [row] = await server.dataSource.query(`SELECT created_at, updated_at, resolve_due_at FROM service_request WHERE number = $1`, [posted]);
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    expect(json.body[0]).toMatchObject({
      service_request_id: posted,
      status: 'open',
      service_name: '道路破损（路不平）',
      service_code: 'ROAD',
      agency_responsible: '1号院党小组',
      lat: 34.012,
      long: 113.812,
    });
    expect(seconds(new Date(json.body[0].requested_datetime))).toBe(seconds(row.created_at));
    expect(seconds(new Date(json.body[0].updated_datetime))).toBe(seconds(row.updated_at));
    expect(seconds(new Date(json.body[0].expected_datetime))).toBe(seconds(row.resolve_due_at));

    expect(itemElementNames(xml.text)).toEqual(itemElementNames(SPEC_EXAMPLES.requests));
    const element = xml.body.service_requests.request[0];
    expect(element).toMatchObject({ service_request_id: posted, status: 'open', lat: '34.012', long: '113.812', address: '', description: '' });
    expect(normalised(json.text)).toMatchInlineSnapshot(`"[{"service_request_id":"SR-<n>","status":"open","service_name":"道路破损（路不平）","service_code":"ROAD","agency_responsible":"1号院党小组","requested_datetime":"<time>","updated_datetime":"<time>","expected_datetime":"<time>","lat":34.012,"long":113.812}]"`);
    expect(normalised(xml.text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <service_requests><request><service_request_id>SR-<n></service_request_id><status>open</status><status_notes/><service_name>道路破损（路不平）</service_name><service_code>ROAD</service_code><description/><agency_responsible>1号院党小组</agency_responsible><service_notice/><requested_datetime><time></requested_datetime><updated_datetime><time></updated_datetime><expected_datetime><time></expected_datetime><address/><address_id/><zipcode/><lat>34.012</lat><long>113.812</long><media_url/></request></service_requests>"
    `);
  });

  it('the list holds it too, in both formats, shaped as the specification shows', async () => {
    const { json, xml, bare } = await getBoth('requests');
    expect([json.status, xml.status, bare.status]).toEqual([200, 200, 200]);
    expectSchema('requests', json.body);
    expect(json.body.map((r: any) => r.service_request_id)).toContain(posted);
    expect(xml.body.service_requests.request.map((r: any) => r.service_request_id)).toEqual(json.body.map((r: any) => r.service_request_id));
    expect(itemElementNames(xml.text)).toEqual(itemElementNames(SPEC_EXAMPLES.requests));
    expect(bare.text).toBe(xml.text);
  });

  it('requests/{id} of an unknown number is 404 in both formats', async () => {
    const { json, xml } = await getBoth('requests/SR-19990101-000001');
    expect([json.status, xml.status]).toEqual([404, 404]);
    expectSchema('errors', json.body);
    expect(shapeOf(xml.text)).toEqual(shapeOf(SPEC_EXAMPLES.errors));
    expect(xml.body.errors.error[0]).toEqual({ code: '404', description: 'No service request SR-19990101-000001' });
  });
});

describe('tokens/{token_id}', () => {
  it('is always 404: requests are answered with their id at once', async () => {
    for (const token of ['1', posted, 'abc']) {
      const { json, xml, bare } = await getBoth(`tokens/${token}`);
      expect([json.status, xml.status, bare.status]).toEqual([404, 404, 404]);
      expectSchema('errors', json.body);
      expect(shapeOf(xml.text)).toEqual(shapeOf(SPEC_EXAMPLES.errors));
    }
    expect(normalised((await open311(server, 'tokens/123.json')).text)).toMatchInlineSnapshot(`"[{"code":404,"description":"No token 123: service requests are created at once and answered with their service_request_id"}]"`);
    expect(normalised((await open311(server, 'tokens/123.xml')).text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <errors><error><code>404</code><description>No token 123: service requests are created at once and answered with their service_request_id</description></error></errors>"
    `);
  });
});

describe('errors', () => {
  it('400, 403 and 404 as the specification\'s list of {code, description}; the code is the HTTP status as a number', async () => {
    const cases: [string, () => Promise<Open311Answer>, number][] = [
      ['400 range over 90 days', () => open311(server, 'requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400],
      ['400 bad date', () => open311(server, 'requests.json?start_date=yesterday'), 400],
      ['400 bad status', () => open311(server, 'requests.json?status=pending'), 400],
      ['403 no api_key', () => postForm(server, { service_code: 'ROAD', lat: '34.01', long: '113.81' }), 403],
      ['403 unknown api_key', () => postForm(server, { api_key: 'x'.repeat(43), service_code: 'ROAD', lat: '34.01', long: '113.81' }), 403],
      ['404 other jurisdiction', () => open311(server, 'services.json?jurisdiction_id=zhengzhou'), 404],
      ['404 no such path', () => open311(server, 'reports.json'), 404],
    ];
    for (const [name, call, status] of cases) {
      const json = await call();
      expect(json.status, name).toBe(status);
      expect(json.contentType, name).toBe('application/json; charset=utf-8');
      expectSchema('errors', json.body);
      expect(json.body[0].code, name).toBe(status);
      expect(json.text, name).not.toMatch(/at \w+ \(|\.ts:\d+|node_modules|SELECT|stack/i);
    }
    const xml = await open311(server, 'requests.xml?status=pending');
    expect(xml.status).toBe(400);
    expect(shapeOf(xml.text)).toEqual(shapeOf(SPEC_EXAMPLES.errors));
    expect(normalised(xml.text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <errors><error><code>400</code><description>status must be open or closed</description></error></errors>"
    `);
    const forbidden = await postForm(server, { service_code: 'ROAD', lat: '34.01', long: '113.81' }, 'xml');
    expect(normalised(forbidden.text)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <errors><error><code>403</code><description>api_key is required to submit a service request</description></error></errors>"
    `);
    expect(normalised((await open311(server, 'services.json?jurisdiction_id=zhengzhou')).text)).toMatchInlineSnapshot(`"[{"code":404,"description":"Unknown jurisdiction_id: this server serves xuchang"}]"`);
  });

  it('naming our own jurisdiction is fine', async () => {
    expect((await open311(server, 'services.json?jurisdiction_id=xuchang')).status).toBe(200);
    expect((await open311(server, `requests/${posted}.json?jurisdiction_id=xuchang`)).status).toBe(200);
  });
});
