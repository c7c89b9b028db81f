import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * The README's "Duplicates": candidates of the same category, open or closed in the last 30
 * days, about the same facility (distance 0) or within the category's radius; nearest first
 * by the haversine distance, then newest, at most 5; `possibleDuplicates` for staff in scope,
 * `similarServiceRequests` for anyone (no reporter, no text, distances rounded up to 50 m,
 * rate-limited); and the per-category radius.
 */

let server: TestServer;
let s: Street;
let other: Street;
let resident: { token: string; id: string };
let secretary: { token: string; id: string };
let outsider: { token: string; id: string };
let light: { id: string; code: string };

const R = 6_371_008.8;
/** The great-circle distance the contract names (haversine on a sphere of R metres). */
function haversine(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
/** A point `meters` north of `p`. */
const north = (p: { lat: number; lng: number }, meters: number) => ({ lat: p.lat + (meters / R) * (180 / Math.PI), lng: p.lng });
const east = (p: { lat: number; lng: number }, meters: number) => ({ lat: p.lat, lng: p.lng + ((meters / R) * (180 / Math.PI)) / Math.cos((p.lat * Math.PI) / 180) });

const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id number createdAt } }`;
const DUPS = `query($id: ID!) { serviceRequest(id: $id) { possibleDuplicates { id number } } }`;
const SIMILAR = `query($c: String!, $l: GeoPointInput, $f: ID) { similarServiceRequests(categoryCode: $c, location: $l, facilityId: $f) {
  requestId number categoryCode status distanceMeters createdAt facilityCode } }`;

async function submit(input: Record<string, unknown>, token = resident.token): Promise<{ id: string; number: string; createdAt: string }> {
  const res = await server.gql(SUBMIT, { i: { description: '路灯不亮', ...input } }, token);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.submitServiceRequest;
}
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function upsertCategory(code: string, extra: Record<string, unknown> = {}) {
  const res = await server.gql(
    `mutation($i: UpsertServiceCategoryInput!) { upsertServiceCategory(input: $i) { code duplicateRadiusMeters } }`,
    { i: { code, name: code, acceptWithinMinutes: 60, resolveWithinHours: 48, ...extra } },
  );
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.upsertServiceCategory;
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000', ESCALATION_INTERVAL_MS: '3600000' });
  s = await buildStreet(server, 'DU', 36, 112);
  other = await buildStreet(server, 'DV', 37, 112);
  resident = await registerResident(server, 'dup-resident');
  secretary = await createAccount(server, { username: 'dup-secretary', role: 'SECRETARY', scopeUnitId: s.branch });
  outsider = await createAccount(server, { username: 'dup-outsider', role: 'SECRETARY', scopeUnitId: other.branch });
  const f = await server.gql(`mutation($i: CreateFacilityInput!) { createFacility(input: $i) { id code } }`, {
    i: { courtyardId: s.courtyard, typeCode: 'STREET_LIGHT', code: 'DU-SL-1', name: '1号路灯', location: s.inCourtyard },
  });
  light = f.body.data.createFacility;
});
afterAll(async () => {
  await server?.stop();
});

describe('the radius of a category', () => {
  it('is 250 for a new category, kept by an upsert that leaves it out, 0-10000', async () => {
    expect(await upsertCategory('DUP_NEW')).toEqual({ code: 'DUP_NEW', duplicateRadiusMeters: 250 });
    expect(await upsertCategory('DUP_NEW', { duplicateRadiusMeters: 40 })).toEqual({ code: 'DUP_NEW', duplicateRadiusMeters: 40 });
    expect(await upsertCategory('DUP_NEW')).toEqual({ code: 'DUP_NEW', duplicateRadiusMeters: 40 });
    const bad = await server.gql(`mutation($i: UpsertServiceCategoryInput!) { upsertServiceCategory(input: $i) { code } }`, {
      i: { code: 'DUP_NEW', name: 'x', acceptWithinMinutes: 60, resolveWithinHours: 48, duplicateRadiusMeters: -1 },
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const list = await server.gql(`{ serviceCategories { code duplicateRadiusMeters } }`, {}, resident.token);
    expect(list.body.data.serviceCategories).toContainEqual({ code: 'STREET_LIGHT', duplicateRadiusMeters: 250 });
  });
});

describe('possibleDuplicates', () => {
  it('ranks by true distance (the same facility at 0), then newest; only the category, within its radius; at most 5', async () => {
    await upsertCategory('DUP_A', { duplicateRadiusMeters: 300 });
    await upsertCategory('DUP_B', { duplicateRadiusMeters: 300 });
    const here = north(s.inCourtyard, 1000);
    const subject = await submit({ categoryCode: 'DUP_A', location: here, courtyardId: s.courtyard });
    const far = await submit({ categoryCode: 'DUP_A', location: north(here, 310), courtyardId: s.courtyard });
    const otherCategory = await submit({ categoryCode: 'DUP_B', location: north(here, 5), courtyardId: s.courtyard });
    const at200 = await submit({ categoryCode: 'DUP_A', location: east(here, 200), courtyardId: s.courtyard });
    const at100a = await submit({ categoryCode: 'DUP_A', location: north(here, 100), courtyardId: s.courtyard });
    const at100b = await submit({ categoryCode: 'DUP_A', location: east(here, 100), courtyardId: s.courtyard });
    const at50 = await submit({ categoryCode: 'DUP_A', location: north(here, 50), courtyardId: s.courtyard });
    const at290 = await submit({ categoryCode: 'DUP_A', location: north(here, 290), courtyardId: s.courtyard });
    const at295 = await submit({ categoryCode: 'DUP_A', location: east(here, 295), courtyardId: s.courtyard });
    const res = await server.gql(DUPS, { id: subject.id }, secretary.token);
    const ids = res.body.data.serviceRequest.possibleDuplicates.map((r: { id: string }) => r.id);
    // 100 m north and 100 m east tie (to the metre): the newer first.
    expect(ids).toEqual([at50.id, at100b.id, at100a.id, at200.id, at290.id]);
    expect(ids).not.toContain(far.id);
    expect(ids).not.toContain(otherCategory.id);
    expect(ids).not.toContain(at295.id); // the sixth
    expect(ids).not.toContain(subject.id);
  });

  it('counts a request about the same facility as distance 0; leaves out CANCELLED and closed over 30 days ago', async () => {
    await upsertCategory('DUP_C', { duplicateRadiusMeters: 100 });
    const subject = await submit({ categoryCode: 'DUP_C', facilityId: light.id });
    const nearby = await submit({ categoryCode: 'DUP_C', location: north(s.inCourtyard, 20), courtyardId: s.courtyard });
    // The same facility, but placed (by its reporter) 500 m off: still a candidate, first.
    const sameFacility = await submit({ categoryCode: 'DUP_C', facilityId: light.id, location: north(s.inCourtyard, 500) });
    const cancelled = await submit({ categoryCode: 'DUP_C', location: north(s.inCourtyard, 10), courtyardId: s.courtyard });
    await server.gql(`mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { status } }`, { i: { requestId: cancelled.id, reason: 'x' } }, resident.token);
    const oldClosed = await submit({ categoryCode: 'DUP_C', location: north(s.inCourtyard, 5), courtyardId: s.courtyard });
    const recentClosed = await submit({ categoryCode: 'DUP_C', location: north(s.inCourtyard, 60), courtyardId: s.courtyard });
    await server.dataSource.query(
      `UPDATE service_request SET status = 'CLOSED', assignee_member_id = NULL, accept_due_at = NULL, resolved_at = now() - interval '40 days',
              closed_at = CASE WHEN id = $1 THEN now() - interval '31 days' ELSE now() - interval '29 days' END
        WHERE id = ANY($2::bigint[])`,
      [dbId(oldClosed.id), [dbId(oldClosed.id), dbId(recentClosed.id)]],
    );
    const res = await server.gql(DUPS, { id: subject.id }, secretary.token);
    expect(res.body.data.serviceRequest.possibleDuplicates.map((r: { id: string }) => r.id)).toEqual([sameFacility.id, nearby.id, recentClosed.id]);
  });

  it('is empty for anyone but staff in scope of the request, and shows staff only candidates they may see', async () => {
    await upsertCategory('DUP_D', { duplicateRadiusMeters: 250 });
    // Two streets' edge: a candidate 100 m away but held in the other street.
    const edge = north(other.inCourtyard, 0);
    const mine = await submit({ categoryCode: 'DUP_D', location: north(edge, 5), courtyardId: s.courtyard });
    const theirs = await submit({ categoryCode: 'DUP_D', location: north(edge, 100), courtyardId: other.courtyard });
    const near = await submit({ categoryCode: 'DUP_D', location: north(edge, 150), courtyardId: s.courtyard });
    expect((await server.gql(DUPS, { id: mine.id }, resident.token)).body.data.serviceRequest.possibleDuplicates).toEqual([]);
    const staff = await server.gql(DUPS, { id: mine.id }, secretary.token);
    expect(staff.body.data.serviceRequest.possibleDuplicates.map((r: { id: string }) => r.id)).toEqual([near.id]);
    const admin = await server.gql(DUPS, { id: mine.id });
    expect(admin.body.data.serviceRequest.possibleDuplicates.map((r: { id: string }) => r.id)).toEqual([theirs.id, near.id]);
    expect((await server.gql(DUPS, { id: mine.id }, outsider.token)).body.data.serviceRequest).toBeNull();
  });

  it('suggests nothing in a category whose radius is 0', async () => {
    await upsertCategory('DUP_ZERO', { duplicateRadiusMeters: 0 });
    const a1 = await submit({ categoryCode: 'DUP_ZERO', location: s.inCourtyard, courtyardId: s.courtyard });
    await submit({ categoryCode: 'DUP_ZERO', location: s.inCourtyard, courtyardId: s.courtyard });
    expect((await server.gql(DUPS, { id: a1.id })).body.data.serviceRequest.possibleDuplicates).toEqual([]);
    expect((await server.gql(SIMILAR, { c: 'DUP_ZERO', l: s.inCourtyard }, resident.token)).body.data.similarServiceRequests).toEqual([]);
  });

  it('batches: a list asking each row for its duplicates costs one statement for all of them', async () => {
    const statements: string[] = [];
    const original = server.dataSource.query.bind(server.dataSource);
    (server.dataSource as any).query = (query: any, params?: unknown[], runner?: unknown) => {
      const text = typeof query === 'string' ? query : query.text;
      if (text.includes('request_geo_cube')) statements.push(text);
      return original(query, params as any, runner as any);
    };
    try {
      const res = await server.gql(`{ serviceRequests(first: 20, filter: { categoryCode: "DUP_A" }) { nodes { id possibleDuplicates { id } } } }`);
      expect(res.body.data.serviceRequests.nodes.length).toBeGreaterThan(5);
    } finally {
      (server.dataSource as any).query = original;
    }
    expect(statements.length).toBe(1);
  });
});

describe('similarServiceRequests', () => {
  it('shows number, category, status, distance rounded up to 50 m (0 stays 0), time and facility; nothing about the reporter or the text', async () => {
    await upsertCategory('DUP_S', { duplicateRadiusMeters: 250 });
    const here = north(s.inCourtyard, 3000);
    const onLight = await submit({ categoryCode: 'DUP_S', facilityId: light.id });
    const at101 = await submit({ categoryCode: 'DUP_S', location: north(here, 101), courtyardId: s.courtyard });
    const at50 = await submit({ categoryCode: 'DUP_S', location: east(here, 50), courtyardId: s.courtyard });
    const at0 = await submit({ categoryCode: 'DUP_S', location: here, courtyardId: s.courtyard });
    const res = await server.gql(SIMILAR, { c: 'DUP_S', l: here }, outsider.token);
    const found = res.body.data.similarServiceRequests;
    expect(found.map((r: { requestId: string }) => r.requestId)).toEqual([at0.id, at50.id, at101.id]);
    expect(found[0]).toEqual({ requestId: at0.id, number: at0.number, categoryCode: 'DUP_S', status: 'PENDING_DISPATCH', distanceMeters: 0, createdAt: at0.createdAt, facilityCode: null });
    // 50 m by the true distance is 50.000…: rounded up is 100, unless exactly 50.
    const d50 = haversine(here, east(here, 50));
    expect(found[1].distanceMeters).toBe(Math.ceil(d50 / 50) * 50);
    expect(found[2].distanceMeters).toBe(150);
    // About the facility: the same facility is 0 m, whatever the distance.
    const byFacility = await server.gql(SIMILAR, { c: 'DUP_S', f: light.id }, resident.token);
    expect(byFacility.body.data.similarServiceRequests[0]).toMatchObject({ requestId: onLight.id, distanceMeters: 0, facilityCode: 'DU-SL-1' });
    // The type has no reporter or description to ask for.
    const leak = await server.gql(`{ similarServiceRequests(categoryCode: "DUP_S", location: { lat: 36, lng: 112 }) { description } }`, {}, resident.token);
    expect(errorCode(leak)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('needs a location or a facility, a known category and facility', async () => {
    expect(errorCode(await server.gql(SIMILAR, { c: 'DUP_S' }, resident.token))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(SIMILAR, { c: 'NO_SUCH', l: s.inCourtyard }, resident.token))).toBe('BAD_USER_INPUT');
    const missing = Buffer.from('Facility:987654').toString('base64url');
    expect(errorCode(await server.gql(SIMILAR, { c: 'DUP_S', f: missing }, resident.token))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(SIMILAR, { c: 'DUP_S', l: s.inCourtyard }, null))).toBe('UNAUTHENTICATED');
  });

  it('the candidate search can use the GiST index on category, closed time and the point on the sphere', async () => {
    const plan: { 'QUERY PLAN': string }[] = await server.dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      return tx.query(
        `EXPLAIN SELECT r.id FROM service_request r
          WHERE r.location IS NOT NULL AND r.status <> 'CANCELLED' AND r.category_id = 1
            AND coalesce(r.closed_at, 'infinity'::timestamptz) >= now() - interval '30 days'
            AND request_geo_cube(r.location) <@ cube_enlarge(request_geo_cube(point(112.01, 36.01)), 250, 3)`,
      );
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('service_request_nearby');
    // ANALYZE evaluates the index expressions (on PostgreSQL 17+ with a restricted search_path).
    await server.dataSource.query('ANALYZE service_request');
  });
});

describe('similarServiceRequests and the rate limit', () => {
  it('counts each call (aliases too) against the mutation rate limit', async () => {
    const limited = await startTestServer({ RATE_LIMIT_PER_MINUTE: '6' });
    try {
      const me = await registerResident(limited, 'dup-limited');
      const counted = async () => {
        const [row] = await limited.dataSource.query(
          `SELECT coalesce(sum(count), 0)::int AS n FROM rate_limit_window WHERE key = $1 AND window_start = date_trunc('minute', now())`,
          [`user:${dbId(me.id)}`],
        );
        return row.n as number;
      };
      const one = `{ similarServiceRequests(categoryCode: "ROAD", location: { lat: 36, lng: 112 }) { number } }`;
      const two = `{ a: similarServiceRequests(categoryCode: "ROAD", location: { lat: 36, lng: 112 }) { number }
                     b: similarServiceRequests(categoryCode: "ROAD", location: { lat: 36, lng: 112 }) { number } }`;
      const before = await counted();
      expect(errorCode(await limited.gql(one, {}, me.token))).toBeUndefined();
      expect(await counted()).toBe(before + 1);
      expect(errorCode(await limited.gql(two, {}, me.token))).toBeUndefined();
      expect(await counted()).toBe(before + 3);
      // Other queries are not counted.
      expect(errorCode(await limited.gql(`{ serviceCategories { code } }`, {}, me.token))).toBeUndefined();
      expect(await counted()).toBe(before + 3);
      let refused;
      for (let i = 0; i < 6 && !refused; i++) {
        const res = await limited.gql(one, {}, me.token);
        if (errorCode(res)) refused = res;
      }
      expect(errorCode(refused!)).toBe('RATE_LIMITED');
    } finally {
      await limited.stop();
    }
  });
});
