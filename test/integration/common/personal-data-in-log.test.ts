import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/*
 * At LOG_LEVEL=debug (every SQL statement logged), drives the operations that carry
 * personal data — sign-ins, registerResident and createMember/updateMember with phones,
 * submitServiceRequest with a description, an address and a location — successful and
 * refused, then searches the whole log for any of it.
 */
let server: TestServer;
let street: Street;
const secrets: string[] = [];
const PHONES = ['13911112222', '13733334444', '13655556666', '13577778888', '13488889999'];
const DESCRIPTIONS = ['楼道里的路灯坏了三天-秘密描述甲', 'Pipe burst behind unit 7, secret-desc-B', '超长描述'.repeat(1_001)];
const ADDRESSES = ['幸福路88号3单元-私密地址', '12 Secret Lane, Flat 4'];
const LOCATION = { lat: 30.0123457, lng: 110.0112358 };

const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id number description address location { lat lng } } }`;
const REGISTER = `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id phone } } }`;
const CREATE_MEMBER = `mutation($i: CreateMemberInput!) { createMember(input: $i) { id phone } }`;

beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'debug' });
  secrets.push('admin-password-1', server.adminToken);
  street = await buildStreet(server, 'PII', 30, 110);

  // Sign-ins: right and wrong.
  secrets.push(await server.login('admin', 'admin-password-1'));
  await server.gql(`mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`, { u: 'admin', p: 'Wrong-Pass-PII-1' }, null);
  secrets.push('Wrong-Pass-PII-1');

  // registerResident with a phone; then a duplicate and an invalid phone (refused).
  const reg = await server.gql(REGISTER, { i: { username: 'pii_res', password: 'Resident-PII-Pass-1', name: '居民甲', phone: PHONES[0] } }, null);
  expect(reg.body.errors).toBeUndefined();
  const resident = reg.body.data.registerResident.token as string;
  secrets.push('Resident-PII-Pass-1', resident);
  await server.gql(REGISTER, { i: { username: 'PII_RES', password: 'Resident-PII-Pass-2', name: '居民乙', phone: PHONES[1] } }, null);
  await server.gql(REGISTER, { i: { username: 'pii_bad', password: 'Resident-PII-Pass-3', name: '居民丙', phone: `${PHONES[2]}99` } }, null);
  secrets.push('Resident-PII-Pass-2', 'Resident-PII-Pass-3');
  secrets.push(await server.login('pii_res', 'Resident-PII-Pass-1'));

  // createMember with a phone, a refused one, then updateMember to a new phone.
  const member = await server.gql(CREATE_MEMBER, { i: { unitId: street.courtyard, name: '网格员', phone: PHONES[3], responder: true, skills: ['STREET_LIGHT'] } });
  expect(member.body.errors).toBeUndefined();
  await server.gql(CREATE_MEMBER, { i: { unitId: street.courtyard, name: '', phone: PHONES[3] } });
  await server.gql(`mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id phone } }`, {
    i: { id: member.body.data.createMember.id, phone: PHONES[4] },
  });

  // submitServiceRequest: routed by location, with an address; by a resident and by the admin; one refused (too long).
  const first = await server.gql(
    SUBMIT,
    { i: { categoryCode: 'STREET_LIGHT', description: DESCRIPTIONS[0], address: ADDRESSES[0], location: LOCATION, idempotencyKey: 'pii-key-1' } },
    resident,
  );
  expect(first.body.errors).toBeUndefined();
  await server.gql(SUBMIT, { i: { categoryCode: 'STREET_LIGHT', description: DESCRIPTIONS[0], address: ADDRESSES[0], location: LOCATION, idempotencyKey: 'pii-key-1' } }, resident);
  const second = await server.gql(SUBMIT, { i: { categoryCode: 'WATER_DRAIN', description: DESCRIPTIONS[1], address: ADDRESSES[1], unitId: street.branch } });
  expect(second.body.errors).toBeUndefined();
  const refused = await server.gql(SUBMIT, { i: { categoryCode: 'OTHER', description: DESCRIPTIONS[2], location: LOCATION } }, resident);
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

  // Reading it all back (responses are not logged either), and a GET carrying a phone in its URL.
  await server.gql(`{ serviceRequests(first: 10) { nodes { description address location { lat lng } reporter { phone } } } }`);
  await server.gql(`{ me { phone } }`, {}, resident);
  await fetch(`${server.url}/graphql?query=${encodeURIComponent(`{ users(search: "${PHONES[0]}") { totalCount } }`)}`, {
    headers: { authorization: `Bearer ${server.adminToken}` },
  });
  // Inline literals (not variables) in a document that fails validation.
  await server.gql(`mutation { createMember(input: { unitId: "${street.courtyard}", name: "x", phone: "${PHONES[3]}", bogus: 1 }) { id } }`);
});
afterAll(async () => {
  await server?.stop();
});

describe('at LOG_LEVEL=debug, personal data never reaches the log', () => {
  it('logged plenty, including SQL statements (the search is not vacuous)', () => {
    expect(server.logLines.length).toBeGreaterThan(50);
    const sql = server.logLines.filter((l) => l.includes('"msg":"sql"'));
    expect(sql.some((l) => l.includes('INSERT INTO') && l.includes('service_request'))).toBe(true);
    expect(sql.some((l) => l.includes('member'))).toBe(true);
  });

  it('logs SQL statements without their parameters', () => {
    for (const line of server.logLines.filter((l) => l.includes('"msg":"sql'))) {
      const entry = JSON.parse(line);
      expect(Object.keys(entry)).not.toContain('parameters');
      expect(Object.keys(entry)).not.toContain('params');
    }
  });

  it('contains no password or token (nor a token signature)', () => {
    for (const secret of secrets) {
      expect(server.logLines.filter((l) => l.includes(secret)), secret.slice(0, 16)).toEqual([]);
      if (secret.split('.').length === 3) expect(server.logLines.filter((l) => l.includes(secret.split('.')[2]))).toEqual([]);
    }
  });

  it('contains no phone number, in full or in part', () => {
    for (const phone of PHONES) {
      expect(server.logLines.filter((l) => l.includes(phone) || l.includes(phone.slice(3))), phone).toEqual([]);
    }
  });

  it("contains no request's description, address or location", () => {
    for (const text of [...DESCRIPTIONS.map((d) => d.slice(0, 12)), ...ADDRESSES, String(LOCATION.lat), String(LOCATION.lng)]) {
      expect(server.logLines.filter((l) => l.includes(text)), text).toEqual([]);
    }
  });
});
