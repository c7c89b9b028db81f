import { expect } from 'vitest';
import type { OperationEntry, Outcome, Variant } from './cases.js';
import { asAdmin, dbIdOf, uniq, type RoleName, type Scope, type Street, type World } from './world.js';

/**
 * The case table's entries for the assessment part (assessment.graphql): readers are
 * CITY_ADMIN, STREET_ADMIN and SECRETARY in scope and the INSPECTOR (of street A); RESPONDER
 * and RESIDENT see none of it (FORBIDDEN). Targets live under `env.street` as in cases.ts.
 */
type Cell = Outcome | readonly [Outcome, Outcome];
type Cells = Record<Exclude<RoleName, 'ANONYMOUS'>, Cell>;

function rule(cells: Cells): Variant['expect'] {
  return (role: RoleName, scope: Scope) => {
    if (role === 'ANONYMOUS') return 'UNAUTHENTICATED';
    const cell = cells[role];
    return typeof cell === 'string' ? cell : cell[scope === 'in' ? 0 : 1];
  };
}

const OK = 'OK' as const;
const F = 'FORBIDDEN' as const;
const NF = 'NOT_FOUND' as const;

/** Reads in scope: CITY_ADMIN anywhere; STREET_ADMIN, SECRETARY (of A's branch) and INSPECTOR (of A) in street A. */
const READERS_IN_SCOPE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], INSPECTOR: [OK, NF], RESPONDER: F, RESIDENT: F });
/** Reads without a target. */
const READERS = rule({ CITY_ADMIN: OK, STREET_ADMIN: OK, SECRETARY: OK, INSPECTOR: OK, RESPONDER: F, RESIDENT: F });
/** Recording supervision: CITY_ADMIN; STREET_ADMIN and INSPECTOR in street A; a SECRETARY only reads. */
const SUPERVISORS_IN_SCOPE = rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: F, INSPECTOR: [OK, NF], RESPONDER: F, RESIDENT: F });
const CITY_ADMIN_ONLY = rule({ CITY_ADMIN: OK, STREET_ADMIN: F, SECRETARY: F, INSPECTOR: F, RESPONDER: F, RESIDENT: F });

/** A fresh past year per published result, so that each case publishes something new. */
let year = 1990;
const freshYear = () => ++year;

async function publishAsAdmin(world: World, period: string, unitId?: string) {
  return asAdmin(world.server, `mutation($i: PublishAssessmentInput!) { publishAssessment(input: $i) { id } }`, { i: { period, unitId } });
}

async function inspectionAsAdmin(world: World, street: Street) {
  const data = await asAdmin(world.server, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, {
    i: { unitId: street.courtyard.id, covert: false, conductedAt: new Date().toISOString(), findings: [] },
  });
  return data.recordInspection.id as string;
}

async function noticeAsAdmin(world: World, street: Street, respond = false) {
  const data = await asAdmin(world.server, `mutation($i: IssueProblemNoticeInput!) { issueProblemNotice(input: $i) { id } }`, {
    i: { title: uniq('mx-notice'), body: '整改', unitIds: [street.courtyard.id], rectifyBy: new Date(Date.now() + 86_400_000).toISOString() },
  });
  const id = data.issueProblemNotice.id as string;
  if (respond) {
    await asAdmin(world.server, `mutation($i: RespondToNoticeInput!) { respondToProblemNotice(input: $i) { id } }`, {
      i: { noticeId: id, unitId: street.courtyard.id, report: '已整改' },
    });
  }
  return id;
}

async function itemAsAdmin(world: World) {
  const code = uniq('MX-ITEM');
  await asAdmin(world.server, `mutation($i: UpsertNegativeListItemInput!) { upsertNegativeListItem(input: $i) { code } }`, {
    i: { code, description: '负面', deduction: 1, veto: false },
  });
  return code;
}

async function entryAsAdmin(world: World, street: Street) {
  const itemCode = await itemAsAdmin(world);
  const data = await asAdmin(world.server, `mutation($i: RecordNegativeEntryInput!) { recordNegativeEntry(input: $i) { id } }`, {
    i: { unitId: street.courtyard.id, itemCode, occurredAt: new Date().toISOString(), note: '记录' },
  });
  return data.recordNegativeEntry.id as string;
}

const quarter = { from: '2025-01-01T00:00:00+08:00', to: '2025-04-01T00:00:00+08:00' };

export const ASSESSMENT_CASES: Record<string, OperationEntry> = {
  assessmentRanking: {
    kind: 'query',
    variants: [
      {
        name: "of a branch's courtyards",
        expect: READERS_IN_SCOPE,
        prepare: ({ street }) => ({
          query: `query($u: ID, $from: DateTime!, $to: DateTime!) { assessmentRanking(unitId: $u, from: $from, to: $to) { rank indicators { unit { id } } } }`,
          variables: { u: street.branch.id, ...quarter },
          ok: (ranking) => expect(ranking.map((r: any) => r.indicators.unit.id)).toContain(street.courtyard.id),
        }),
      },
      {
        name: 'city-wide (no unitId; both scopes make the same call)',
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: OK, SECRETARY: F, INSPECTOR: F, RESPONDER: F, RESIDENT: F }),
        prepare: ({ world }) => ({
          query: `query($from: DateTime!, $to: DateTime!) { assessmentRanking(from: $from, to: $to) { rank indicators { unit { id } } } }`,
          variables: quarter,
          ok: (ranking) => expect(ranking.map((r: any) => r.indicators.unit.id)).toEqual(expect.arrayContaining([world.A.street.id, world.B.street.id])),
        }),
      },
    ],
  },

  assessmentResult: {
    kind: 'query',
    variants: [
      {
        name: "a published result of a branch's courtyards",
        expect: READERS_IN_SCOPE,
        prepare: async ({ world, street }) => {
          const period = `${freshYear()}Q1`;
          const published = await publishAsAdmin(world, period, street.branch.id);
          return {
            query: `query($p: String!, $u: ID) { assessmentResult(period: $p, unitId: $u) { id period unit { id } ranking { rank } } }`,
            variables: { p: period, u: street.branch.id },
            ok: (result) => expect(result).toMatchObject({ id: published.publishAssessment.id, period, unit: { id: street.branch.id } }),
          };
        },
      },
    ],
  },

  assessmentScheme: {
    kind: 'query',
    variants: [
      {
        name: 'the scheme in force (no target: both scopes make the same call)',
        expect: READERS,
        prepare: () => ({
          query: `{ assessmentScheme { version onTimeWeight } }`,
          ok: (scheme) => expect(scheme.version).toBeGreaterThanOrEqual(1),
        }),
      },
    ],
  },

  inspections: {
    kind: 'query',
    variants: [
      {
        name: "inspections of a street's courtyard, by its branch",
        expect: READERS_IN_SCOPE,
        prepare: async ({ world, street }) => {
          const id = await inspectionAsAdmin(world, street);
          return {
            query: `query($u: ID) { inspections(unitId: $u, first: 100) { nodes { id } totalCount } }`,
            variables: { u: street.branch.id },
            ok: (conn) => expect(conn.nodes).toContainEqual({ id }),
          };
        },
      },
    ],
  },

  problemNotices: {
    kind: 'query',
    variants: [
      {
        name: "notices to a street's courtyard, by its branch",
        expect: READERS_IN_SCOPE,
        prepare: async ({ world, street }) => {
          const id = await noticeAsAdmin(world, street);
          return {
            query: `query($u: ID) { problemNotices(unitId: $u, first: 100) { nodes { id } totalCount } }`,
            variables: { u: street.branch.id },
            ok: (conn) => expect(conn.nodes).toContainEqual({ id }),
          };
        },
      },
    ],
  },

  negativeListItems: {
    kind: 'query',
    variants: [
      {
        name: 'the items (no target: both scopes make the same call)',
        expect: READERS,
        prepare: async ({ world }) => {
          const code = await itemAsAdmin(world);
          return { query: `{ negativeListItems { code } }`, ok: (items) => expect(items).toContainEqual({ code }) };
        },
      },
    ],
  },

  negativeListEntries: {
    kind: 'query',
    variants: [
      {
        name: "entries of a street's courtyard, by its branch",
        expect: READERS_IN_SCOPE,
        prepare: async ({ world, street }) => {
          const id = await entryAsAdmin(world, street);
          return {
            query: `query($u: ID) { negativeListEntries(unitId: $u, first: 100) { nodes { id } } }`,
            variables: { u: street.branch.id },
            ok: (conn) => expect(conn.nodes).toContainEqual({ id }),
          };
        },
      },
    ],
  },

  importServiceRequests: {
    kind: 'mutation',
    variants: [
      {
        name: "a closed case of a street's courtyard",
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const externalNumber = uniq('MX-IMP');
          return {
            query: `mutation($i: [ImportedServiceRequestInput!]!) { importServiceRequests(input: $i) { imported skipped } }`,
            variables: {
              i: [
                {
                  externalNumber,
                  categoryCode: 'ROAD',
                  description: '历史',
                  unitId: env.street.courtyard.id,
                  submittedAt: '2025-01-02T00:00:00Z',
                  resolveDueAt: '2025-01-04T00:00:00Z',
                  resolvedAt: '2025-01-03T00:00:00Z',
                  closedAt: '2025-01-03T01:00:00Z',
                  rating: 4,
                },
              ],
            },
            ok: async (payload) => {
              expect(payload).toEqual({ imported: 1, skipped: 0 });
              const [row] = await env.sql(`SELECT status, source, courtyard_id::text AS courtyard FROM service_request WHERE external_number = $1`, [externalNumber]);
              expect(row).toEqual({ status: 'CLOSED', source: 'IMPORTED', courtyard: env.street.courtyard.dbId });
            },
          };
        },
      },
    ],
  },

  setAssessmentScheme: {
    kind: 'mutation',
    variants: [
      {
        name: 'a new version with the default weights (no target: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => ({
          query: `mutation($i: SetAssessmentSchemeInput!) { setAssessmentScheme(input: $i) { version } }`,
          variables: { i: { onTimeWeight: 0.4, closureWeight: 0.3, reworkWeight: 0.1, satisfactionWeight: 0.2, findingDeduction: 2, overdueFindingDeduction: 3 } },
          ok: async (scheme) => {
            const [row] = await env.sql(`SELECT max(version) AS v FROM assessment_scheme`);
            expect(scheme.version).toBe(row.v);
          },
        }),
      },
    ],
  },

  publishAssessment: {
    kind: 'mutation',
    variants: [
      {
        name: "a past quarter of a street's branch",
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: F, INSPECTOR: F, RESPONDER: F, RESIDENT: F }),
        prepare: (env) => {
          const period = `${freshYear()}Q2`;
          return {
            query: `mutation($i: PublishAssessmentInput!) { publishAssessment(input: $i) { id period unit { id } } }`,
            variables: { i: { period, unitId: env.street.branch.id } },
            ok: async (result) => {
              expect(result).toMatchObject({ period, unit: { id: env.street.branch.id } });
              const rows = await env.sql(`SELECT 1 FROM assessment_result WHERE id = $1`, [dbIdOf(result.id)]);
              expect(rows).toHaveLength(1);
            },
          };
        },
      },
      {
        name: 'a past quarter city-wide (no unitId; both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: () => {
          const period = `${freshYear()}Q3`;
          return {
            query: `mutation($i: PublishAssessmentInput!) { publishAssessment(input: $i) { id period unit { id } } }`,
            variables: { i: { period } },
            ok: (result) => expect(result).toMatchObject({ period, unit: null }),
          };
        },
      },
    ],
  },

  recordInspection: {
    kind: 'mutation',
    variants: [
      {
        name: "an inspection of a street's branch with one finding",
        expect: SUPERVISORS_IN_SCOPE,
        prepare: (env) => ({
          query: `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id unit { id } findings { request { id } } } }`,
          variables: {
            i: {
              unitId: env.street.branch.id,
              covert: false,
              conductedAt: new Date().toISOString(),
              findings: [{ description: uniq('mx-finding'), categoryCode: 'OTHER', severity: 'MINOR' }],
            },
          },
          ok: async (inspection) => {
            expect(inspection.unit).toEqual({ id: env.street.branch.id });
            const [row] = await env.sql(
              `SELECT r.source FROM inspection_finding f JOIN service_request r ON r.id = f.request_id WHERE f.inspection_id = $1`,
              [dbIdOf(inspection.id)],
            );
            expect(row).toEqual({ source: 'INSPECTION' });
          },
        }),
      },
    ],
  },

  issueProblemNotice: {
    kind: 'mutation',
    variants: [
      {
        name: "a notice to a street's courtyard",
        expect: SUPERVISORS_IN_SCOPE,
        prepare: (env) => ({
          query: `mutation($i: IssueProblemNoticeInput!) { issueProblemNotice(input: $i) { id number status units { id } } }`,
          variables: { i: { title: uniq('mx-notice'), body: '问题', unitIds: [env.street.courtyard.id], rectifyBy: new Date(Date.now() + 86_400_000).toISOString() } },
          ok: async (notice) => {
            expect(notice).toMatchObject({ status: 'OPEN', units: [{ id: env.street.courtyard.id }] });
            expect(notice.number).toMatch(/^TB-\d{4}-\d{4}$/);
            expect(await env.sql(`SELECT 1 FROM problem_notice WHERE id = $1`, [dbIdOf(notice.id)])).toHaveLength(1);
          },
        }),
      },
    ],
  },

  respondToProblemNotice: {
    kind: 'mutation',
    variants: [
      {
        name: "for a street's courtyard notified",
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: [OK, NF], SECRETARY: [OK, NF], INSPECTOR: F, RESPONDER: F, RESIDENT: F }),
        prepare: async (env) => {
          const id = await noticeAsAdmin(env.world, env.street);
          return {
            query: `mutation($i: RespondToNoticeInput!) { respondToProblemNotice(input: $i) { id status responses { unit { id } } } }`,
            variables: { i: { noticeId: id, unitId: env.street.courtyard.id, report: '已整改' } },
            ok: (notice) => expect(notice).toMatchObject({ id, status: 'RESPONDED', responses: [{ unit: { id: env.street.courtyard.id } }] }),
          };
        },
      },
    ],
  },

  closeProblemNotice: {
    kind: 'mutation',
    variants: [
      {
        name: "a RESPONDED notice the CITY_ADMIN issued to a street's courtyard (its issuer or a CITY_ADMIN close it)",
        expect: rule({ CITY_ADMIN: OK, STREET_ADMIN: [F, NF], SECRETARY: [F, NF], INSPECTOR: [F, NF], RESPONDER: F, RESIDENT: F }),
        prepare: async (env) => {
          const id = await noticeAsAdmin(env.world, env.street, true);
          return {
            query: `mutation($i: NoticeIdInput!) { closeProblemNotice(input: $i) { id status } }`,
            variables: { i: { noticeId: id } },
            ok: (notice) => expect(notice).toEqual({ id, status: 'CLOSED' }),
          };
        },
      },
    ],
  },

  upsertNegativeListItem: {
    kind: 'mutation',
    variants: [
      {
        name: 'a new item (no target: both scopes make the same call)',
        expect: CITY_ADMIN_ONLY,
        prepare: (env) => {
          const code = uniq('MX-NEW');
          return {
            query: `mutation($i: UpsertNegativeListItemInput!) { upsertNegativeListItem(input: $i) { code veto } }`,
            variables: { i: { code, description: '新项', deduction: 2, veto: false } },
            ok: async (item) => {
              expect(item).toEqual({ code, veto: false });
              expect(await env.sql(`SELECT 1 FROM negative_list_item WHERE code = $1`, [code])).toHaveLength(1);
            },
          };
        },
      },
    ],
  },

  recordNegativeEntry: {
    kind: 'mutation',
    variants: [
      {
        name: "an entry for a street's courtyard",
        expect: SUPERVISORS_IN_SCOPE,
        prepare: async (env) => {
          const itemCode = await itemAsAdmin(env.world);
          return {
            query: `mutation($i: RecordNegativeEntryInput!) { recordNegativeEntry(input: $i) { id unit { id } item { code } revoked } }`,
            variables: { i: { unitId: env.street.courtyard.id, itemCode, occurredAt: new Date().toISOString(), note: '记录' } },
            ok: async (entry) => {
              expect(entry).toMatchObject({ unit: { id: env.street.courtyard.id }, item: { code: itemCode }, revoked: false });
              expect(await env.sql(`SELECT 1 FROM negative_list_entry WHERE id = $1`, [dbIdOf(entry.id)])).toHaveLength(1);
            },
          };
        },
      },
    ],
  },

  revokeNegativeEntry: {
    kind: 'mutation',
    variants: [
      {
        name: "an entry of a street's courtyard",
        expect: SUPERVISORS_IN_SCOPE,
        prepare: async (env) => {
          const id = await entryAsAdmin(env.world, env.street);
          return {
            query: `mutation($i: RevokeNegativeEntryInput!) { revokeNegativeEntry(input: $i) { id revoked revokedReason } }`,
            variables: { i: { entryId: id, reason: '撤销' } },
            ok: async (entry) => {
              expect(entry).toEqual({ id, revoked: true, revokedReason: '撤销' });
              const [row] = await env.sql(`SELECT revoked FROM negative_list_entry WHERE id = $1`, [dbIdOf(id)]);
              expect(row.revoked).toBe(true);
            },
          };
        },
      },
    ],
  },
};
