/**
 * B5's arithmetic (bench/growth.mjs): growth is the cost of one operation, scale 10 / scale 1,
 * from the medians; a scenario that answers for the whole city is judged per unit answered,
 * with its time per request kept in the table as not a target.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the bench, without types
import { growthRows } from '../../bench/growth.mjs';

interface Growth {
  scenario: string;
  metric: string;
  per: Record<string, number[]>;
  notATarget: boolean;
}
const grow = growthRows as (results: unknown[], scenarios: unknown[], sides: string[]) => Growth[];

const SIDES = ['ours', 'floor'];
const scale = (s: number, scenarios: Record<string, unknown>) => ({ scale: s, scenarios });

describe('B5 growth rows', () => {
  it('divides the cost of one request at scale 10 by that at scale 1, from the medians, per side', () => {
    const rows = grow(
      [
        scale(1, { B1: { metrics: { 'req/s @16': { ours: [100, 90, 110], floor: [200] } } } }),
        scale(10, { B1: { metrics: { 'req/s @16': { ours: [50, 40, 60], floor: [100] } } } }),
      ],
      [{ key: 'B1' }],
      SIDES,
    );
    expect(rows).toEqual([{ scenario: 'B5 growth (scale 10 / scale 1)', metric: 'B1 time per request', per: { ours: [2], floor: [2] }, notATarget: false }]);
  });

  it('takes a timed scenario in milliseconds, large over small', () => {
    const rows = grow(
      [scale(1, { B4: { metrics: { 'median ms': { ours: [10] } } } }), scale(10, { B4: { metrics: { 'median ms': { ours: [13] } } } })],
      [{ key: 'B4' }],
      SIDES,
    );
    expect(rows[0].metric).toBe('B4 median ms');
    expect(rows[0].per.ours[0]).toBeCloseTo(1.3, 10);
  });

  it('judges a city-wide answer per unit answered and keeps its time per request as not a target', () => {
    const rows = grow(
      [
        scale(1, { A1b: { answerRows: 10, metrics: { 'req/s @16': { ours: [100], floor: [10] } } } }),
        scale(10, { A1b: { answerRows: 100, metrics: { 'req/s @16': { ours: [20], floor: [1] } } } }),
      ],
      [{ key: 'A1b', answersTheCity: true }],
      SIDES,
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ metric: 'A1b time per request (answers 10 → 100 units: not a target)', notATarget: true, per: { ours: [5], floor: [10] } });
    expect(rows[1]).toMatchObject({ metric: 'A1b time per unit answered', notATarget: false });
    expect(rows[1].per.ours[0]).toBeCloseTo(0.5, 10);
    expect(rows[1].per.floor[0]).toBeCloseTo(1, 10);
  });

  it('refuses to judge a city-wide answer whose rows were not recorded', () => {
    expect(() =>
      grow(
        [scale(1, { V1a: { metrics: { 'req/s @16': { ours: [1] } } } }), scale(10, { V1a: { answerRows: 100, metrics: { 'req/s @16': { ours: [1] } } } })],
        [{ key: 'V1a', answersTheCity: true }],
        SIDES,
      ),
    ).toThrow(/V1a: answers the city/);
  });

  it('gives nothing for a single scale', () => {
    expect(grow([scale(1, { B1: { metrics: { 'req/s @16': { ours: [1] } } } })], [{ key: 'B1' }], SIDES)).toEqual([]);
  });
});
