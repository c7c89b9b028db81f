import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { ok } from './support.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'true' });
});
afterAll(async () => {
  await server?.stop();
});

describe('the demo street', () => {
  it('comes with a history over the last four quarters, an inspection with findings, a notice and a negative-list entry', async () => {
    const year = await server.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT date_trunc('quarter', created_at AT TIME ZONE 'Asia/Shanghai'))::int AS quarters
         FROM service_request WHERE source = 'IMPORTED'`,
    );
    expect(year[0].n).toBeGreaterThanOrEqual(300);
    expect(year[0].quarters).toBe(4);

    const street = (await ok(server, `{ orgUnit(code: "BL") { id } }`)).orgUnit.id;
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 400 * 86_400_000).toISOString();
    const ranking = (
      await ok(server, `query($u: ID, $from: DateTime!, $to: DateTime!) { assessmentRanking(unitId: $u, from: $from, to: $to, level: COURTYARD_GROUP) { rank indicators { received score } } }`, {
        u: street,
        from,
        to,
      })
    ).assessmentRanking;
    expect(ranking.length).toBeGreaterThan(10);
    expect(ranking.some((r: any) => r.indicators.received > 0)).toBe(true);
    expect(new Set(ranking.map((r: any) => r.indicators.score)).size).toBeGreaterThan(1);

    const inspections = (await ok(server, `{ inspections(first: 10) { nodes { covert findings { request { source } } } } }`)).inspections.nodes;
    expect(inspections).toHaveLength(1);
    expect(inspections[0].findings.length).toBe(2);
    expect((await ok(server, `{ problemNotices(first: 10) { totalCount } }`)).problemNotices.totalCount).toBe(1);
    expect((await ok(server, `{ negativeListEntries(first: 10) { nodes { item { code } } } }`)).negativeListEntries.nodes).toEqual([{ item: { code: 'FIRE-LANE' } }]);
  });
});
