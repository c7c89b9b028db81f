import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { at, IMPORT, imported, ok, Q } from './support.js';

let server: TestServer;
let s: Street;
let third: string;
let secretary: { token: string };
let streetAdmin: { token: string };
let cityInspector: { token: string };
let streetInspector: { token: string };

const RANKING = `query($unitId: ID, $from: DateTime!, $to: DateTime!, $level: OrgLevel) {
  assessmentRanking(unitId: $unitId, from: $from, to: $to, level: $level) { rank indicators { unit { id code } score vetoed onTimeRate received } } }`;
const RESULT = `query($period: String!, $unitId: ID) { assessmentResult(period: $period, unitId: $unitId) {
  id period schemeVersion unit { id } publishedBy { id } ranking { rank indicators { unit { code } received score grade vetoed } } } }`;
const PUBLISH = `mutation($i: PublishAssessmentInput!) { publishAssessment(input: $i) { id period schemeVersion ranking { rank indicators { unit { code } score received } } } }`;

/** Closed on time: raises a unit's onTimeRate and closureRate. */
const good = (unitId: string, y: number, q: number, d: number) =>
  imported(unitId, { submittedAt: at(y, q, d), resolveDueAt: at(y, q, d + 2), resolvedAt: at(y, q, d + 1), closedAt: at(y, q, d + 1, 1), rating: 5 });
/** Never resolved: overdue. */
const bad = (unitId: string, y: number, q: number, d: number) => imported(unitId, { submittedAt: at(y, q, d), resolveDueAt: at(y, q, d + 1) });

beforeAll(async () => {
  server = await startTestServer();
  s = await buildStreet(server, 'RK', 35, 115);
  third = (await ok(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: s.branch, code: 'RK-01-01-03', name: '3号院' } }))
    .createOrgUnit.id;
  // 2025: courtyard all good; emptyCourtyard half good; the third with nothing due (score 100, onTimeRate null)
  const rows = [];
  for (let q = 1; q <= 4; q++) {
    rows.push(good(s.courtyard, 2025, q, 3), good(s.courtyard, 2025, q, 10), good(s.emptyCourtyard, 2025, q, 3), bad(s.emptyCourtyard, 2025, q, 10));
  }
  await ok(server, IMPORT, { i: rows });
  secretary = await createAccount(server, { username: 'rk-secretary', role: 'SECRETARY', scopeUnitId: s.courtyard });
  streetAdmin = await createAccount(server, { username: 'rk-street-admin', role: 'STREET_ADMIN', scopeUnitId: s.street });
  cityInspector = await createAccount(server, { username: 'rk-inspector', role: 'INSPECTOR' });
  streetInspector = await createAccount(server, { username: 'rk-inspector-street', role: 'INSPECTOR', scopeUnitId: s.street });
});
afterAll(async () => {
  await server?.stop();
});

describe('assessmentRanking', () => {
  it('ranks the live children by score, then onTimeRate (null last), then code', async () => {
    const { from, to } = Q(2025, 1);
    const ranking = (await ok(server, RANKING, { unitId: s.branch, from, to })).assessmentRanking;
    expect(ranking.map((r: any) => [r.rank, r.indicators.unit.code, r.indicators.score])).toEqual([
      [1, 'RK-01-01-01', 100],
      [2, 'RK-01-01-03', 100],
      // 100 × (0.4·0.5 + 0.3·0.5 + 0.1·1 + 0.2·1)
      [3, 'RK-01-01-02', 65],
    ]);
    // Same score: the one with an onTimeRate ranks before the one without.
    expect(ranking[1].indicators.onTimeRate).toBeNull();
  });

  it('ranks a vetoed unit last, whatever its score', async () => {
    await ok(server, `mutation($i: UpsertNegativeListItemInput!) { upsertNegativeListItem(input: $i) { code } }`, {
      i: { code: 'RK-VETO', description: '重大安全事故', deduction: 0, veto: true },
    });
    await ok(server, `mutation($i: RecordNegativeEntryInput!) { recordNegativeEntry(input: $i) { id } }`, {
      i: { unitId: s.courtyard, itemCode: 'RK-VETO', occurredAt: at(2025, 2, 5), note: '事故' },
    });
    const { from, to } = Q(2025, 2);
    const ranking = (await ok(server, RANKING, { unitId: s.branch, from, to })).assessmentRanking;
    expect(ranking.map((r: any) => r.indicators.unit.code)).toEqual(['RK-01-01-03', 'RK-01-01-02', 'RK-01-01-01']);
    expect(ranking[2].indicators).toMatchObject({ vetoed: true, score: 100 });
  });

  it('ranks every unit of a level in the subtree with `level`, and the streets city-wide without unitId', async () => {
    const { from, to } = Q(2025, 1);
    const courtyards = (await ok(server, RANKING, { unitId: s.street, from, to, level: 'COURTYARD_GROUP' })).assessmentRanking;
    expect(courtyards.map((r: any) => r.indicators.unit.code).sort()).toEqual(['RK-01-01-01', 'RK-01-01-02', 'RK-01-01-03']);
    const streets = (await ok(server, RANKING, { from, to })).assessmentRanking;
    expect(streets.map((r: any) => r.indicators.unit.code)).toContain('RK');
    expect(streets.find((r: any) => r.indicators.unit.code === 'RK').indicators.received).toBe(4);
  });

  it('lets a courtyard secretary read the ranking that ranks their courtyard, not the street\'s', async () => {
    const { from, to } = Q(2025, 1);
    expect((await ok(server, RANKING, { unitId: s.branch, from, to }, secretary.token)).assessmentRanking).toHaveLength(3);
    expect(errorCode(await server.gql(RANKING, { unitId: s.street, from, to }, secretary.token))).toBe('NOT_FOUND');
  });

  it('shows the city-wide ranking to CITY_ADMIN, STREET_ADMINs and city-wide INSPECTORs only', async () => {
    const { from, to } = Q(2025, 1);
    expect(errorCode(await server.gql(RANKING, { from, to }, streetAdmin.token))).toBeUndefined();
    expect(errorCode(await server.gql(RANKING, { from, to }, cityInspector.token))).toBeUndefined();
    expect(errorCode(await server.gql(RANKING, { from, to }, streetInspector.token))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(RANKING, { from, to }, secretary.token))).toBe('FORBIDDEN');
  });
});

describe('publishAssessment', () => {
  it('freezes a quarter: data added afterwards changes the live ranking, not the stored result', async () => {
    const published = (await ok(server, PUBLISH, { i: { period: '2025Q1', unitId: s.branch } })).publishAssessment;
    expect(published).toMatchObject({ period: '2025Q1', schemeVersion: 1 });
    const before = (await ok(server, RESULT, { period: '2025Q1', unitId: s.branch })).assessmentResult;
    expect(before.ranking.map((r: any) => r.indicators.unit.code)).toEqual(['RK-01-01-01', 'RK-01-01-03', 'RK-01-01-02']);

    // New history for the quarter, and a new scheme: the live figures move, the result stays.
    await ok(server, IMPORT, { i: [bad(third, 2025, 1, 20), bad(third, 2025, 1, 21), bad(s.courtyard, 2025, 1, 22)] });
    await ok(server, `mutation($i: SetAssessmentSchemeInput!) { setAssessmentScheme(input: $i) { version } }`, {
      i: { onTimeWeight: 0.25, closureWeight: 0.25, reworkWeight: 0.25, satisfactionWeight: 0.25, findingDeduction: 1, overdueFindingDeduction: 1 },
    });
    const { from, to } = Q(2025, 1);
    const live = (await ok(server, RANKING, { unitId: s.branch, from, to })).assessmentRanking;
    expect(live.map((r: any) => r.indicators.unit.code)).not.toEqual(before.ranking.map((r: any) => r.indicators.unit.code));
    const after = (await ok(server, RESULT, { period: '2025Q1', unitId: s.branch })).assessmentResult;
    expect(after).toEqual(before);
  });

  it('refuses the same period and unit again, a period not yet over, and a period that is neither quarter nor year', async () => {
    expect(errorCode(await server.gql(PUBLISH, { i: { period: '2025Q1', unitId: s.branch } }))).toBe('CONFLICT');
    const next = new Date().getUTCFullYear() + 1;
    expect(errorCode(await server.gql(PUBLISH, { i: { period: `${next}Q1`, unitId: s.branch } }))).toBe('CONFLICT');
    const bad = await server.gql(PUBLISH, { i: { period: '2025-03', unitId: s.branch } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.body.errors![0].extensions!.field).toBe('period');
  });

  it('publishes a year only once its four quarters are: each score the mean of the quarters, vetoed if vetoed in any', async () => {
    expect(errorCode(await server.gql(PUBLISH, { i: { period: '2025', unitId: s.branch } }))).toBe('CONFLICT');
    const scores = new Map<string, number[]>();
    for (const q of ['2025Q2', '2025Q3', '2025Q4']) await ok(server, PUBLISH, { i: { period: q, unitId: s.branch } });
    for (const q of ['2025Q1', '2025Q2', '2025Q3', '2025Q4']) {
      for (const r of (await ok(server, RESULT, { period: q, unitId: s.branch })).assessmentResult.ranking) {
        scores.set(r.indicators.unit.code, [...(scores.get(r.indicators.unit.code) ?? []), r.indicators.score]);
      }
    }
    const year = (await ok(server, PUBLISH, { i: { period: '2025', unitId: s.branch } })).publishAssessment;
    expect(year.schemeVersion).toBe(2);
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
    for (const r of year.ranking) expect(r.indicators.score).toBeCloseTo(mean(scores.get(r.indicators.unit.code)!), 2);
    // The courtyard was vetoed in Q2: last of the year.
    expect(year.ranking.at(-1).indicators.unit.code).toBe('RK-01-01-01');
    // Its figures are the whole year's.
    expect(year.ranking.find((r: any) => r.indicators.unit.code === 'RK-01-01-02').indicators.received).toBe(8);
  });

  it('publishes the city-wide result for CITY_ADMIN only', async () => {
    expect(errorCode(await server.gql(PUBLISH, { i: { period: '2025Q1' } }, streetAdmin.token))).toBe('FORBIDDEN');
    const city = (await ok(server, PUBLISH, { i: { period: '2025Q1' } })).publishAssessment;
    expect(city.ranking.map((r: any) => r.indicators.unit.code)).toContain('RK');
    const read = (await ok(server, RESULT, { period: '2025Q1' }, cityInspector.token)).assessmentResult;
    expect(read).toMatchObject({ period: '2025Q1', unit: null });
    expect(errorCode(await server.gql(RESULT, { period: '2025Q1' }, streetInspector.token))).toBe('FORBIDDEN');
  });
});

describe('concurrency', () => {
  it('publishes a period and unit once when two publish it at the same moment', async () => {
    const both = await Promise.all([1, 2, 3].map(() => server.gql(PUBLISH, { i: { period: '2025Q4', unitId: s.street } })));
    expect(both.map((r) => errorCode(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
  });

  it('gives concurrent scheme changes versions of their own', async () => {
    const input = { onTimeWeight: 0.25, closureWeight: 0.25, reworkWeight: 0.25, satisfactionWeight: 0.25, findingDeduction: 1, overdueFindingDeduction: 1 };
    const results = await Promise.all([1, 2, 3].map(() => ok(server, `mutation($i: SetAssessmentSchemeInput!) { setAssessmentScheme(input: $i) { version } }`, { i: input })));
    const versions = results.map((r) => r.setAssessmentScheme.version).sort();
    expect(new Set(versions).size).toBe(3);
    expect(versions[2] - versions[0]).toBe(2);
  });
});

describe('setAssessmentScheme', () => {
  it('refuses weights that do not sum to 1, and is the city admin\'s', async () => {
    const bad = await server.gql(`mutation($i: SetAssessmentSchemeInput!) { setAssessmentScheme(input: $i) { version } }`, {
      i: { onTimeWeight: 0.5, closureWeight: 0.5, reworkWeight: 0.5, satisfactionWeight: 0, findingDeduction: 2, overdueFindingDeduction: 3 },
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const refused = await server.gql(
      `mutation($i: SetAssessmentSchemeInput!) { setAssessmentScheme(input: $i) { version } }`,
      { i: { onTimeWeight: 0.4, closureWeight: 0.3, reworkWeight: 0.1, satisfactionWeight: 0.2, findingDeduction: 2, overdueFindingDeduction: 3 } },
      streetAdmin.token,
    );
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const scheme = (await ok(server, `{ assessmentScheme { version onTimeWeight } }`, {}, secretary.token)).assessmentScheme;
    const [latest] = await server.dataSource.query(`SELECT max(version) AS v FROM assessment_scheme`);
    expect(scheme).toEqual({ version: latest.v, onTimeWeight: 0.25 });
  });
});
