import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * Requests about a facility (README "Facilities"): routed to the facility's courtyard, placed
 * at the facility when they have no place of their own; a REMOVED facility takes none
 * (CONFLICT); a courtyardId other than the facility's is BAD_USER_INPUT; the facility counts
 * and lists the requests naming it.
 */

let server: TestServer;
let s: Street;
let resident: { token: string; id: string };
let secretary: { token: string; id: string };
let locker: { id: string };

const FIELDS = `id status location { lat lng } courtyard { id } unit { id } assignee { id } facility { id code }`;
const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($i: UpdateFacilityInput!) { updateFacility(input: $i) { id status } }`;

async function facility(input: Record<string, unknown>) {
  const res = await server.gql(`mutation($i: CreateFacilityInput!) { createFacility(input: $i) { id } }`, {
    i: { typeCode: 'PARCEL_LOCKER', name: '快递柜', ...input },
  });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.createFacility as { id: string };
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000', ESCALATION_INTERVAL_MS: '3600000' });
  s = await buildStreet(server, 'FR', 40, 116);
  await createMember(server, s.courtyard, { name: '钱师傅', responder: true, skills: ['FACILITY'] });
  resident = await registerResident(server, 'fr-resident');
  secretary = await createAccount(server, { username: 'fr-secretary', role: 'SECRETARY', scopeUnitId: s.branch });
  locker = await facility({ courtyardId: s.courtyard, code: 'FR-PL-1', location: { lat: 40.02, lng: 116.02 } });
});
afterAll(async () => {
  await server?.stop();
});

describe('a request naming a facility', () => {
  it("goes to the facility's courtyard (and its responder), at the facility's location when it has none", async () => {
    const res = await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: '快递柜打不开', facilityId: locker.id } }, resident.token);
    expect(res.body.data.submitServiceRequest).toMatchObject({
      status: 'ASSIGNED',
      courtyard: { id: s.courtyard },
      unit: { id: s.courtyard },
      location: { lat: 40.02, lng: 116.02 },
      facility: { id: locker.id, code: 'FR-PL-1' },
    });
    // Its own location is kept; the facility still decides the courtyard (this point is in the other courtyard).
    const placed = await server.gql(
      SUBMIT,
      { i: { categoryCode: 'FACILITY', description: '柜门坏了', facilityId: locker.id, location: { lat: 40.11, lng: 116.01 }, courtyardId: s.courtyard } },
      resident.token,
    );
    expect(placed.body.data.submitServiceRequest).toMatchObject({ courtyard: { id: s.courtyard }, location: { lat: 40.11, lng: 116.01 } });
  });

  it('a courtyardId other than the facility\'s is BAD_USER_INPUT; so is a unitId; a facility that does not exist NOT_FOUND', async () => {
    const wrong = await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: 'x', facilityId: locker.id, courtyardId: s.emptyCourtyard } }, resident.token);
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.body.errors?.[0].extensions?.field).toBe('courtyardId');
    const unit = await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: 'x', facilityId: locker.id, unitId: s.branch } }, secretary.token);
    expect(errorCode(unit)).toBe('BAD_USER_INPUT');
    const missing = Buffer.from('Facility:987654').toString('base64url');
    expect(errorCode(await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: 'x', facilityId: missing } }, resident.token))).toBe('NOT_FOUND');
  });

  it('a REMOVED facility takes no requests (CONFLICT); OUT_OF_SERVICE ones do', async () => {
    const old = await facility({ courtyardId: s.courtyard, code: 'FR-PL-OLD' });
    await server.gql(UPDATE, { i: { id: old.id, status: 'OUT_OF_SERVICE' } });
    expect(errorCode(await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: 'x', facilityId: old.id } }, resident.token))).toBeUndefined();
    await server.gql(UPDATE, { i: { id: old.id, status: 'REMOVED' } });
    const before = await server.dataSource.query(`SELECT count(*)::int AS n FROM service_request`);
    expect(errorCode(await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: 'x', facilityId: old.id } }, resident.token))).toBe('CONFLICT');
    expect(await server.dataSource.query(`SELECT count(*)::int AS n FROM service_request`)).toEqual(before);
  });

  it('removing a facility and reporting on it at once: the request either gets in first or is refused', async () => {
    for (let round = 0; round < 5; round++) {
      const f = await facility({ courtyardId: s.courtyard, code: `FR-RACE-${round}` });
      const [removed, submitted] = await Promise.all([
        server.gql(UPDATE, { i: { id: f.id, status: 'REMOVED' } }),
        server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: 'x', facilityId: f.id } }, resident.token),
      ]);
      expect(errorCode(removed)).toBeUndefined();
      const rows = await server.dataSource.query(
        `SELECT r.status FROM service_request r JOIN facility f ON f.id = r.facility_id WHERE f.code = $1`,
        [`FR-RACE-${round}`],
      );
      // Never a half: a refused one left nothing, an accepted one is there once.
      expect(rows.length).toBe(errorCode(submitted) ? 0 : 1);
      if (errorCode(submitted)) expect(errorCode(submitted)).toBe('CONFLICT');
    }
  });

  it('the facility counts its open requests and lists those the caller may see; the filter facilityId too', async () => {
    const f = await facility({ courtyardId: s.courtyard, code: 'FR-PL-2' });
    const mine = (await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: '一', facilityId: f.id } }, resident.token)).body.data.submitServiceRequest;
    const theirs = (await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: '二', facilityId: f.id } }, secretary.token)).body.data.submitServiceRequest;
    const closed = (await server.gql(SUBMIT, { i: { categoryCode: 'FACILITY', description: '三', facilityId: f.id } }, resident.token)).body.data.submitServiceRequest;
    await server.gql(`mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { id } }`, { i: { requestId: closed.id, reason: 'x' } }, resident.token);
    const read = `query($id: ID!) { facility(id: $id) { openRequestCount requests(first: 10) { totalCount nodes { id } } } }`;
    const asResident = (await server.gql(read, { id: f.id }, resident.token)).body.data.facility;
    expect(asResident.openRequestCount).toBe(2);
    expect(asResident.requests.nodes.map((n: { id: string }) => n.id)).toEqual([closed.id, mine.id]);
    const asStaff = (await server.gql(read, { id: f.id }, secretary.token)).body.data.facility;
    expect(asStaff.requests.nodes.map((n: { id: string }) => n.id)).toEqual([closed.id, theirs.id, mine.id]);
    const filtered = await server.gql(`query($f: ID) { serviceRequests(filter: { facilityId: $f }, first: 10) { totalCount } }`, { f: f.id }, secretary.token);
    expect(filtered.body.data.serviceRequests.totalCount).toBe(3);
  });
});
