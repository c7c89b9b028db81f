import { expect } from 'vitest';
import type { TestServer } from '../../support/test-server.js';

/** Runs a document and returns its data; fails the test on any error. */
export async function ok<T = any>(server: TestServer, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
  const res = await server.gql<T>(query, variables, token);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data as T;
}

export const IMPORT = `mutation($i: [ImportedServiceRequestInput!]!) { importServiceRequests(input: $i) { imported skipped } }`;

let counter = 0;
/** One imported case; times are ISO strings. */
export function imported(unitId: string, times: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  counter += 1;
  return {
    externalNumber: `T-${process.pid}-${counter}`,
    categoryCode: 'ROAD',
    description: `case ${counter}`,
    unitId,
    ...times,
    ...extra,
  };
}

export const INDICATOR_FIELDS = `received cancelled due resolvedOnTime closed resolved reworked overdueUnresolved escalations rated
  averageRating onTimeRate closureRate reworkRate satisfactionRate inspectionFindings findingsOverdue negativeEntries vetoed deductions score grade`;

export const INDICATORS = `query($id: ID!, $from: DateTime!, $to: DateTime!) { orgUnit(id: $id) { indicators(from: $from, to: $to) { unit { id } ${INDICATOR_FIELDS} } } }`;

export async function indicators(server: TestServer, unitId: string, from: string, to: string, token?: string) {
  return (await ok(server, INDICATORS, { id: unitId, from, to }, token)).orgUnit.indicators;
}

/** Quarters in Asia/Shanghai as the README defines them. */
export const Q = (year: number, q: number) => ({
  from: new Date(Date.UTC(year, (q - 1) * 3, 1) - 8 * 3600_000).toISOString(),
  to: new Date(Date.UTC(year, q * 3, 1) - 8 * 3600_000).toISOString(),
});

/** An instant `days` days (and `hours` hours) after the start of a quarter. */
export const at = (year: number, q: number, days: number, hours = 0) =>
  new Date(new Date(Q(year, q).from).getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
