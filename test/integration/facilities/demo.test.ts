import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/** The demo street (SEED_DEMO): facilities of several types, some courtyards lacking lockers, two near-duplicate street-light reports. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO: 'true', ESCALATION_INTERVAL_MS: '3600000' });
});
afterAll(async () => {
  await server?.stop();
});

describe('the demo street', () => {
  it('has facilities of every shipped type, and courtyards lacking a parcel locker', async () => {
    const res = await server.gql(`{ orgUnit(code: "BL") { facilities(first: 1) { totalCount }
      facilityCoverage { type { code } courtyards courtyardsWithType lacking { code } } } }`);
    const street = res.body.data.orgUnit;
    expect(street.facilities.totalCount).toBeGreaterThan(100);
    const byType = Object.fromEntries(street.facilityCoverage.map((c: any) => [c.type.code, c]));
    for (const type of ['PARCEL_LOCKER', 'FITNESS_EQUIPMENT', 'ACCESSIBILITY_RAMP', 'GARBAGE_SORTING_POINT', 'STREET_LIGHT', 'EV_CHARGER']) {
      expect(byType[type].courtyardsWithType, type).toBeGreaterThan(0);
    }
    expect(byType.GARBAGE_SORTING_POINT.lacking).toEqual([]);
    const lockers = byType.PARCEL_LOCKER;
    expect(lockers.courtyardsWithType).toBeLessThan(lockers.courtyards);
    expect(lockers.lacking.length).toBe(lockers.courtyards - lockers.courtyardsWithType);
  });

  it('has two street-light reports that show up as each other\'s possible duplicates', async () => {
    const dup = `id description location { lat lng } possibleDuplicates { id description location { lat lng } possibleDuplicates { id } }`;
    const res = await server.gql(`{ facility(code: "BL-01-01-01-SL1") { location { lat lng } requests(first: 10) { nodes { ${dup} } } } }`);
    const light = res.body.data.facility;
    expect(light.requests.nodes.length).toBe(1);
    const [first] = light.requests.nodes;
    expect(first.location).toEqual(light.location);
    const [second] = first.possibleDuplicates;
    expect(second.description).toBe('1号院路灯坏了，走路看不清');
    expect(second.location.lat - light.location.lat).toBeCloseTo(0.00027, 6);
    expect(second.possibleDuplicates[0]).toEqual({ id: first.id });
  });
});
