import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { IMPORT, INDICATOR_FIELDS, ok } from './support.js';

/**
 * The indicators, by construction: random histories (imported cases, negative-list entries,
 * inspections) are written through GraphQL, every figure and the score are computed here in
 * plain TypeScript from the generated data alone (README "Indicators" and "Score", default
 * scheme), and compared with the server's answer for a courtyard, a branch and a street, over
 * a quarter and a half-year (read from the per-quarter roll-ups) and over a period that is no
 * whole quarter (read from the base tables); the roll-ups equal a recount after every run.
 */
let server: TestServer;
let run = 0;

const HOUR = 3_600_000;
/** Histories span 2024-01-01 .. late September 2024 (Asia/Shanghai); the period is 2024Q2. */
const ORIGIN = Date.UTC(2024, 0, 1) - 8 * HOUR;
const FROM = Date.UTC(2024, 3, 1) - 8 * HOUR;
const TO = Date.UTC(2024, 6, 1) - 8 * HOUR;
const iso = (hours: number) => new Date(ORIGIN + hours * HOUR).toISOString();
/** 2024Q2 and 2024H1 (whole quarters: the roll-ups), and a period that is not (the base tables). */
const PERIODS = [
  { name: '2024Q2', from: FROM, to: TO },
  { name: '2024H1', from: ORIGIN, to: TO },
  { name: 'off-quarter', from: FROM + 13 * HOUR, to: TO + 9 * 24 * HOUR },
];

const ITEMS = [
  { code: 'PT-MINOR', deduction: 1.5, veto: false },
  { code: 'PT-MAJOR', deduction: 3, veto: false },
  { code: 'PT-VETO', deduction: 0.5, veto: true },
];

/** Where things happen: index into the units of a run (see `units` below). */
const UNIT_COUNT = 7;

const caseArb = fc.record({
  unit: fc.integer({ min: 0, max: UNIT_COUNT - 1 }),
  submitted: fc.integer({ min: 0, max: 265 * 24 }),
  dueAfter: fc.integer({ min: 0, max: 30 * 24 }),
  resolvedAfter: fc.option(fc.integer({ min: 0, max: 40 * 24 }), { nil: null }),
  closedAfter: fc.option(fc.integer({ min: 0, max: 10 * 24 }), { nil: null }),
  cancelledAfter: fc.option(fc.integer({ min: 0, max: 10 * 24 }), { nil: null }),
  rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  rework: fc.integer({ min: 0, max: 2 }),
});
const entryArb = fc.record({
  unit: fc.integer({ min: 0, max: UNIT_COUNT - 1 }),
  item: fc.integer({ min: 0, max: ITEMS.length - 1 }),
  occurred: fc.integer({ min: 0, max: 265 * 24 }),
  revoked: fc.boolean(),
});
const inspectionArb = fc.record({
  unit: fc.integer({ min: 0, max: UNIT_COUNT - 1 }),
  conducted: fc.integer({ min: 0, max: 265 * 24 }),
  findings: fc.integer({ min: 0, max: 2 }),
});
const historyArb = fc.record({
  cases: fc.array(caseArb, { minLength: 0, maxLength: 40 }),
  entries: fc.array(entryArb, { maxLength: 4 }),
  inspections: fc.array(inspectionArb, { maxLength: 3 }),
});

/** A generated case made consistent: resolved ≥ submitted, closed only after a resolution, cancelled or closed. */
type GeneratedCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function normalise(c: GeneratedCase) {
  const resolved = c.resolvedAfter === null ? null : c.submitted + c.resolvedAfter;
  const closed = resolved !== null && c.closedAfter !== null ? resolved + c.closedAfter : null;
  const cancelled = closed === null && c.cancelledAfter !== null ? (resolved ?? c.submitted) + c.cancelledAfter : null;
  return { unit: c.unit, submitted: c.submitted, due: c.submitted + c.dueAfter, resolved, closed, cancelled, rating: closed !== null ? c.rating : null, rework: c.rework };
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  for (const item of ITEMS) {
    await ok(server, `mutation($i: UpsertNegativeListItemInput!) { upsertNegativeListItem(input: $i) { code } }`, {
      i: { ...item, description: item.code },
    });
  }
});
afterAll(async () => {
  await server?.stop();
});

describe('indicators (property)', () => {
  it('equal a plain TypeScript model of the README for a courtyard, a branch and a street', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        run += 1;
        const prefix = `PT${run}`;
        const s = await buildStreet(server, prefix, 10 + run, 100 + run);
        const createUnit = async (parentId: string, code: string) =>
          (await ok(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId, code, name: code } })).createOrgUnit.id;
        const branchB = await createUnit(s.general, `${prefix}-01-02`);
        const courtyardB = await createUnit(branchB, `${prefix}-01-02-01`);
        // Each unit with the units it lies under (itself included).
        const units = [
          { id: s.courtyard, within: ['courtyard', 'branch', 'street'] },
          { id: s.emptyCourtyard, within: ['branch', 'street'] },
          { id: s.branch, within: ['branch', 'street'] },
          { id: s.general, within: ['street'] },
          { id: s.street, within: ['street'] },
          { id: courtyardB, within: ['street'] },
          { id: branchB, within: ['street'] },
        ];

        const cases = history.cases.map(normalise);
        if (cases.length > 0) {
          await ok(server, IMPORT, {
            i: cases.map((c, n) => ({
              externalNumber: `${prefix}-${n}`,
              categoryCode: 'OTHER',
              description: `case ${n}`,
              unitId: units[c.unit].id,
              submittedAt: iso(c.submitted),
              resolveDueAt: iso(c.due),
              resolvedAt: c.resolved === null ? null : iso(c.resolved),
              closedAt: c.closed === null ? null : iso(c.closed),
              cancelledAt: c.cancelled === null ? null : iso(c.cancelled),
              reworkCount: c.rework,
              rating: c.rating,
            })),
          });
        }
        for (const e of history.entries) {
          const entry = (
            await ok(server, `mutation($i: RecordNegativeEntryInput!) { recordNegativeEntry(input: $i) { id } }`, {
              i: { unitId: units[e.unit].id, itemCode: ITEMS[e.item].code, occurredAt: iso(e.occurred), note: 'generated' },
            })
          ).recordNegativeEntry;
          if (e.revoked) await ok(server, `mutation($i: RevokeNegativeEntryInput!) { revokeNegativeEntry(input: $i) { id } }`, { i: { entryId: entry.id, reason: 'generated' } });
        }
        for (const i of history.inspections) {
          await ok(server, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, {
            i: {
              unitId: units[i.unit].id,
              covert: false,
              conductedAt: iso(i.conducted),
              findings: Array.from({ length: i.findings }, (_, n) => ({ description: `finding ${n}`, categoryCode: 'OTHER', severity: 'MINOR' })),
            },
          });
        }

        const now = Date.now();
        for (const period of PERIODS) {
          for (const [target, id] of [
            ['courtyard', s.courtyard],
            ['branch', s.branch],
            ['street', s.street],
          ] as const) {
            const inPeriod = (hours: number | null) => hours !== null && ORIGIN + hours * HOUR >= period.from && ORIGIN + hours * HOUR < period.to;
            const mine = cases.filter((c) => units[c.unit].within.includes(target));
            const received = mine.filter((c) => inPeriod(c.submitted));
            const due = mine.filter((c) => c.cancelled === null && inPeriod(c.due));
            const rated = mine.filter((c) => c.rating !== null && inPeriod(c.closed));
            const findings = history.inspections.filter((i) => units[i.unit].within.includes(target) && inPeriod(i.conducted)).reduce((n, i) => n + i.findings, 0);
            const entries = history.entries.filter((e) => !e.revoked && units[e.unit].within.includes(target) && inPeriod(e.occurred));
            const resolvedOnTime = due.filter((c) => c.resolved !== null && c.resolved <= c.due).length;
            const resolved = due.filter((c) => c.resolved !== null).length;
            const closed = due.filter((c) => c.closed !== null).length;
            const reworked = due.filter((c) => c.rework > 0).length;
            const high = rated.filter((c) => c.rating! >= 4).length;
            const rate = (a: number, b: number) => (b === 0 ? null : a / b);
            const rates = {
              onTimeRate: rate(resolvedOnTime, due.length),
              closureRate: rate(closed, due.length),
              reworkRate: rate(reworked, resolved),
              satisfactionRate: rate(high, rated.length),
            };
            // Findings of these inspections opened requests now: not due yet, so none is overdue.
            const deductions = findings * 2 + entries.reduce((sum, e) => sum + ITEMS[e.item].deduction, 0);
            const weighted: [number | null, number][] = [
              [rates.onTimeRate, 0.4],
              [rates.closureRate, 0.3],
              [rates.reworkRate === null ? null : 1 - rates.reworkRate, 0.1],
              [rates.satisfactionRate, 0.2],
            ];
            const present = weighted.filter(([value]) => value !== null) as [number, number][];
            const weights = present.reduce((sum, [, w]) => sum + w, 0);
            const base = weights > 0 ? (100 * present.reduce((sum, [v, w]) => sum + v * w, 0)) / weights : 100;
            const score = Math.round(Math.max(0, base - deductions) * 100) / 100;
            const grade = score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : score >= 40 ? 'D' : 'E';

            const got = (
              await ok(server, `query($id: ID!, $from: DateTime!, $to: DateTime!) { orgUnit(id: $id) { indicators(from: $from, to: $to) { ${INDICATOR_FIELDS} } } }`, {
                id,
                from: new Date(period.from).toISOString(),
                to: new Date(period.to).toISOString(),
              })
            ).orgUnit.indicators;
            const where = `${target} over ${period.name} of run ${run}`;
            expect(got, where).toMatchObject({
              received: received.length,
              cancelled: received.filter((c) => c.cancelled !== null).length,
              due: due.length,
              resolvedOnTime,
              closed,
              resolved,
              reworked,
              overdueUnresolved: due.filter((c) => c.resolved === null && ORIGIN + c.due * HOUR < now).length,
              escalations: 0,
              rated: rated.length,
              inspectionFindings: findings,
              findingsOverdue: 0,
              negativeEntries: entries.length,
              vetoed: entries.some((e) => ITEMS[e.item].veto),
            });
            for (const [field, value] of Object.entries(rates)) {
              if (value === null) expect(got[field], `${field} of ${where}`).toBeNull();
              else expect(got[field], `${field} of ${where}`).toBeCloseTo(value, 10);
            }
            if (rated.length === 0) expect(got.averageRating).toBeNull();
            else expect(got.averageRating).toBeCloseTo(rated.reduce((sum, c) => sum + c.rating!, 0) / rated.length, 10);
            expect(got.deductions, `deductions of ${where}`).toBeCloseTo(deductions, 10);
            // Two decimals; half-cent float ties may round either way.
            expect(Math.abs(got.score - score), `score of ${where}: ${got.score} vs ${score}`).toBeLessThanOrEqual(0.0100001);
            if (Math.abs(got.score - score) < 0.001) expect(got.grade).toBe(grade);
          }
        }
        // The roll-ups the triggers kept equal a recount from the base tables.
        const drift = await server.dataSource.query(`
          (SELECT * FROM request_quarter_counts
            WHERE (received, cancelled, due, resolved_on_time, closed, resolved, reworked, escalations, rated, rating_sum, rated_high)
                  <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
           EXCEPT SELECT * FROM request_quarter_recount)
          UNION ALL
          (SELECT * FROM request_quarter_recount EXCEPT SELECT * FROM request_quarter_counts)`);
        expect(drift, `roll-ups against a recount, run ${run}`).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 600_000);
});
