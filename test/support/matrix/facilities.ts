import { expect } from 'vitest';
import type { CaseEnv, OperationEntry, Outcome, Variant } from './cases.js';
import { asAdmin, dbIdOf, uniq, type Ref, type RoleName, type Scope, type SignedInRole } from './world.js';

/**
 * The facility and following operations of the authorization matrix (merged into CASES).
 * Targets are made as the bootstrap CITY_ADMIN in `env.street`'s courtyard. Outcomes follow
 * the README's "Facilities" and "Duplicates": every signed-in user reads facilities and may
 * look for similar requests and follow one; staff in scope of the courtyard create and change
 * facilities (a facility is seen by all, so out of scope it is FORBIDDEN; a courtyard named in
 * the input out of scope NOT_FOUND); the catalogue is the CITY_ADMIN's.
 */

type Cell = Outcome | readonly [Outcome, Outcome];
/** As cases.ts's `rule` (not imported: cases.ts imports this file); the INSPECTOR fares as the RESIDENT. */
function rule(cells: Omit<Record<SignedInRole, Cell>, 'INSPECTOR'> & { ANONYMOUS?: Cell; INSPECTOR?: Cell }): Variant['expect'] {
  return (role: RoleName, scope: Scope) => {
    const cell =
      role === 'ANONYMOUS' ? (cells.ANONYMOUS ?? 'UNAUTHENTICATED') : role === 'INSPECTOR' ? (cells.INSPECTOR ?? cells.RESIDENT) : cells[role];
    return typeof cell === 'string' ? cell : cell[scope === 'in' ? 0 : 1];
  };
}

const OK = 'OK' as const;
const F = 'FORBIDDEN' as const;
const NF = 'NOT_FOUND' as const;

const SIGNED_IN = rule({ CITY_ADMIN: OK, STREET_ADMIN: OK, SECRETARY: OK, RESPONDER: OK, RESIDENT: OK });
const CITY_ADMIN_ONLY = rule({ CITY_ADMIN: OK, STREET_ADMIN: F, SECRETARY: F, RESPONDER: F, RESIDENT: F });
/** Creating in a courtyard named by the input: staff in scope, NOT_FOUND outside; the rest FORBIDDEN. */
const STAFF_IN_SCOPE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], RESPONDER: F, RESIDENT: F });
/** Changing a facility (seen by everyone): staff in scope, FORBIDDEN for everyone else. */
const STAFF_OVER_VISIBLE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, F], SECRETARY: [OK, F], RESPONDER: F, RESIDENT: F });

async function freshFacility(env: CaseEnv, typeCode = 'STREET_LIGHT'): Promise<Ref & { code: string }> {
  const code = uniq('MX-FAC');
  const data = await asAdmin(env.world.server, `mutation($i: CreateFacilityInput!) { createFacility(input: $i) { id } }`, {
    i: { courtyardId: env.street.courtyard.id, typeCode, code, name: code, location: { lat: 30.001, lng: 120.001 } },
  });
  return { id: data.createFacility.id, dbId: dbIdOf(data.createFacility.id), code };
}

/** A request of the street's courtyard by another resident, with a place: one similarServiceRequests could show. */
async function followableRequest(env: CaseEnv, facilityId?: string): Promise<Ref> {
  const res = await env.world.server.gql(
    `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id } }`,
    {
      i: {
        categoryCode: 'STREET_LIGHT',
        description: 'matrix: 路灯不亮',
        ...(facilityId ? { facilityId } : { courtyardId: env.street.courtyard.id, location: { lat: 30.002, lng: 120.002 } }),
      },
    },
    env.world.reporter.token,
  );
  const id = res.body.data?.submitServiceRequest?.id;
  if (!id) throw new Error(`followable request fixture failed: ${JSON.stringify(res.body.errors)}`);
  return { id, dbId: dbIdOf(id) };
}

const followers = async (env: CaseEnv, request: Ref) =>
  (await env.sql(`SELECT user_id::text AS id FROM request_follower WHERE request_id = $1`, [request.dbId])).map((r: { id: string }) => r.id);

export const FACILITY_CASES: Record<string, OperationEntry> = {
  facilityTypes: {
    kind: 'query',
    variants: [
      {
        name: 'the catalogue (no target: both scopes make the same call)',
        expect: SIGNED_IN,
        prepare: () => ({
          query: `{ facilityTypes { code name } }`,
          ok: (types) => expect(types.map((t: { code: string }) => t.code)).toEqual(expect.arrayContaining(['PARCEL_LOCKER', 'STREET_LIGHT', 'EV_CHARGER'])),
        }),
      },
    ],
  },

  facility: {
    kind: 'query',
    variants: [
      {
        name: "a facility of the street's courtyard, by id",
        expect: SIGNED_IN,
        prepare: async (env) => {
          const f = await freshFacility(env);
          return {
            query: `query($id: ID) { facility(id: $id) { id code courtyard { id } } }`,
            variables: { id: f.id },
            ok: (result) => expect(result).toEqual({ id: f.id, code: f.code, courtyard: { id: env.street.courtyard.id } }),
          };
        },
      },
    ],
  },

  similarServiceRequests: {
    kind: 'query',
    variants: [
      {
        name: "about a facility of the street's courtyard with a report on it (anyone about to submit)",
        expect: SIGNED_IN,
        prepare: async (env) => {
          const f = await freshFacility(env);
          const r = await followableRequest(env, f.id);
          return {
            query: `query($f: ID) { similarServiceRequests(categoryCode: "STREET_LIGHT", facilityId: $f) { requestId distanceMeters facilityCode } }`,
            variables: { f: f.id },
            // Other cases' reports stand near it too: the one about this facility comes first (0 m, newest).
            ok: (result) => expect(result[0]).toEqual({ requestId: r.id, distanceMeters: 0, facilityCode: f.code }),
          };
        },
      },
    ],
  },

  upsertFacilityType: {
    kind: 'mutation',
    variants: [
      {
        name: 'a new type (no target: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const code = uniq('MX_FT');
          return {
            query: `mutation($i: UpsertFacilityTypeInput!) { upsertFacilityType(input: $i) { code name defaultCategoryCode } }`,
            variables: { i: { code, name: code, defaultCategoryCode: 'FACILITY' } },
            ok: async (type) => {
              expect(type).toEqual({ code, name: code, defaultCategoryCode: 'FACILITY' });
              expect(await env.sql(`SELECT default_category_code FROM facility_type WHERE code = $1`, [code])).toEqual([{ default_category_code: 'FACILITY' }]);
            },
          };
        },
      },
    ],
  },

  createFacility: {
    kind: 'mutation',
    variants: [
      {
        name: "in the street's courtyard",
        expect: STAFF_IN_SCOPE,
        prepare: (env) => {
          const code = uniq('MX-NEWFAC');
          return {
            query: `mutation($i: CreateFacilityInput!) { createFacility(input: $i) { id code status courtyard { id } } }`,
            variables: { i: { courtyardId: env.street.courtyard.id, typeCode: 'PARCEL_LOCKER', code, name: code } },
            ok: async (f) => {
              expect(f).toMatchObject({ code, status: 'IN_SERVICE', courtyard: { id: env.street.courtyard.id } });
              expect(await env.sql(`SELECT courtyard_id::text AS c FROM facility WHERE code = $1`, [code])).toEqual([{ c: env.street.courtyard.dbId }]);
            },
          };
        },
      },
    ],
  },

  updateFacility: {
    kind: 'mutation',
    variants: [
      {
        name: "a facility of the street's courtyard: out of service",
        expect: STAFF_OVER_VISIBLE,
        prepare: async (env) => {
          const f = await freshFacility(env);
          return {
            query: `mutation($i: UpdateFacilityInput!) { updateFacility(input: $i) { id status } }`,
            variables: { i: { id: f.id, status: 'OUT_OF_SERVICE' } },
            ok: async (result) => {
              expect(result).toEqual({ id: f.id, status: 'OUT_OF_SERVICE' });
              expect(await env.sql(`SELECT status::text AS s FROM facility WHERE id = $1`, [f.dbId])).toEqual([{ s: 'OUT_OF_SERVICE' }]);
            },
          };
        },
      },
      {
        name: 'moved to the other courtyard of the street',
        expect: STAFF_OVER_VISIBLE,
        prepare: async (env) => {
          const f = await freshFacility(env);
          return {
            query: `mutation($i: UpdateFacilityInput!) { updateFacility(input: $i) { id courtyard { id } } }`,
            variables: { i: { id: f.id, courtyardId: env.street.courtyard2.id } },
            ok: (result) => expect(result).toEqual({ id: f.id, courtyard: { id: env.street.courtyard2.id } }),
          };
        },
      },
    ],
  },

  followServiceRequest: {
    kind: 'mutation',
    variants: [
      {
        name: "another resident's report with a place (anyone may follow it)",
        expect: SIGNED_IN,
        prepare: async (env) => {
          const r = await followableRequest(env);
          return {
            query: `mutation($i: FollowServiceRequestInput!) { followServiceRequest(input: $i) { id followerCount } }`,
            variables: { i: { requestId: r.id } },
            ok: async (result) => {
              expect(result).toEqual({ id: r.id, followerCount: 1 });
              expect(await followers(env, r)).toEqual([env.self!.dbId]);
            },
          };
        },
      },
    ],
  },

  unfollowServiceRequest: {
    kind: 'mutation',
    variants: [
      {
        name: 'a report the caller follows',
        expect: SIGNED_IN,
        prepare: async (env) => {
          const r = await followableRequest(env);
          if (env.role !== 'ANONYMOUS') {
            const res = await env.gql(`mutation($i: FollowServiceRequestInput!) { followServiceRequest(input: $i) { id } }`, { i: { requestId: r.id } });
            if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
          }
          return {
            query: `mutation($i: FollowServiceRequestInput!) { unfollowServiceRequest(input: $i) { id } }`,
            variables: { i: { requestId: r.id } },
            ok: async (result) => {
              expect(result).toEqual({ id: r.id });
              expect(await followers(env, r)).toEqual([]);
            },
          };
        },
      },
    ],
  },
};
