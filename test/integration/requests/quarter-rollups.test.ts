import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentRepository } from '../../../src/modules/assessment/assessment.repository.js';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * The per-unit, per-quarter roll-ups (request_quarter_counts) are kept in step by triggers in
 * the writing transaction: after live lifecycles written concurrently in one courtyard,
 * escalations that change the unit a request belongs to, moves and an import, the table
 * equals a recount from the base tables (request_quarter_recount), and the indicators read
 * from it equal the same figures counted from the base tables, unit by unit.
 */
let server: TestServer;
let s: Street;
let responder: string;
let responderToken: string;
let secretaryToken: string;
let resident: { token: string; id: string };

const HOUR = 3_600_000;
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function act(name: string, type: string, input: Record<string, unknown>, token?: string): Promise<{ id: string; status: string }> {
  const fields = name.endsWith('OrgUnit') ? 'id' : 'id status';
  const res = await server.gql(`mutation($i: ${type}!) { ${name}(input: $i) { ${fields} } }`, { i: input }, token);
  if (!res.body.data) throw new Error(`${name}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data[name];
}

/** Rows of the table that the recount lacks or has otherwise, both ways (all-zero rows of the table are no difference). */
async function driftFromRecount(): Promise<unknown[]> {
  return server.dataSource.query(`
    (SELECT 'table' AS side, * FROM request_quarter_counts
      WHERE (received, cancelled, due, resolved_on_time, closed, resolved, reworked, escalations, rated, rating_sum, rated_high)
            <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
     EXCEPT SELECT 'table', * FROM request_quarter_recount)
    UNION ALL
    (SELECT 'recount', * FROM request_quarter_recount EXCEPT SELECT 'recount', * FROM request_quarter_counts)`);
}

/** The quarter (Asia/Shanghai) around `at`, and the next one, as [from, to). */
function quarterAround(at: number, quarters = 1): { from: Date; to: Date } {
  const local = new Date(at + 8 * HOUR);
  const start = Date.UTC(local.getUTCFullYear(), Math.floor(local.getUTCMonth() / 3) * 3, 1) - 8 * HOUR;
  const endLocal = new Date(start + 8 * HOUR);
  return { from: new Date(start), to: new Date(Date.UTC(endLocal.getUTCFullYear(), endLocal.getUTCMonth() + 3 * quarters, 1) - 8 * HOUR) };
}

/** Every unit of the street: the figures from the roll-ups equal the figures from the base tables. */
async function expectRollupsEqualBase(from: Date, to: Date): Promise<void> {
  const repo = server.app.get(AssessmentRepository);
  const units: { id: string }[] = await server.dataSource.query(
    `SELECT u.id::text AS id FROM org_unit u JOIN org_unit s ON u.path <@ s.path WHERE s.id = $1 ORDER BY u.id`,
    [dbId(s.street)],
  );
  const ids = units.map((u) => u.id);
  const sorted = (rows: { unitId: string }[]) => [...rows].sort((a, b) => a.unitId.localeCompare(b.unitId));
  const rolled = sorted(await repo['quarterCounts'](ids, from, to, null, server.dataSource));
  const base = sorted(await repo['baseCounts'](ids, from, to, null, server.dataSource));
  expect(rolled).toEqual(base);
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  s = await buildStreet(server, 'QR', 34, 114);
  responder = await createMember(server, s.courtyard, { name: '师傅', responder: true, skills: ['ROAD', 'STREET_LIGHT'] });
  responderToken = (await createAccount(server, { username: 'qr-responder', role: 'RESPONDER', memberId: responder })).token;
  secretaryToken = (await createAccount(server, { username: 'qr-secretary', role: 'SECRETARY', scopeUnitId: s.street })).token;
  resident = await registerResident(server, 'qr-resident');
});
afterAll(async () => {
  await server?.stop();
});

describe('request_quarter_counts', () => {
  it('equals a recount after concurrent submissions, escalations, resolutions, closings with ratings, reopenings and cancellations in one courtyard', async () => {
    // 40 submissions at once: 30 into the courtyard by a resident, 10 held at the branch by staff.
    const submitted = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i < 30
          ? act('submitServiceRequest', 'SubmitServiceRequestInput', { categoryCode: i % 2 ? 'ROAD' : 'STREET_LIGHT', description: `院内第${i}号问题`, courtyardId: s.courtyard }, resident.token)
          : act('submitServiceRequest', 'SubmitServiceRequestInput', { categoryCode: 'OTHER', description: `支部第${i}号问题`, unitId: s.branch }, secretaryToken),
      ),
    );
    // Then every request's life at once (about 200 more writes in flight together).
    await Promise.all(
      submitted.map(async (r, i) => {
        const byReporter = i < 30 ? resident.token : undefined;
        if (i % 5 === 0) {
          await act('cancelServiceRequest', 'CancelServiceRequestInput', { requestId: r.id, reason: '重复' });
          return;
        }
        // A branch-held request escalated changes the unit it belongs to (its holder).
        if (i % 3 === 0) await act('escalateServiceRequest', 'RequestActionInput', { requestId: r.id });
        const current = (await server.gql(`query($id: ID!) { node(id: $id) { ... on ServiceRequest { status } } }`, { id: r.id })).body.data.node.status;
        if (current === 'PENDING_DISPATCH') await act('assignServiceRequest', 'AssignServiceRequestInput', { requestId: r.id, responderId: responder });
        await act('acceptServiceRequest', 'RequestActionInput', { requestId: r.id }, responderToken);
        await act('resolveServiceRequest', 'RequestActionInput', { requestId: r.id }, responderToken);
        if (i % 7 === 1) return; // left RESOLVED
        await act('closeServiceRequest', 'CloseServiceRequestInput', { requestId: r.id, ...(byReporter ? { rating: 1 + (i % 5) } : {}) }, byReporter);
        if (i % 4 === 1) {
          await act('reopenServiceRequest', 'RequestActionInput', { requestId: r.id });
          const again = (await server.gql(`query($id: ID!) { node(id: $id) { ... on ServiceRequest { status } } }`, { id: r.id })).body.data.node.status;
          if (again === 'PENDING_DISPATCH') await act('assignServiceRequest', 'AssignServiceRequestInput', { requestId: r.id, responderId: responder });
          await act('acceptServiceRequest', 'RequestActionInput', { requestId: r.id }, responderToken);
          await act('resolveServiceRequest', 'RequestActionInput', { requestId: r.id }, responderToken);
          await act('closeServiceRequest', 'CloseServiceRequestInput', { requestId: r.id, ...(byReporter ? { rating: 5 - (i % 5) } : {}) }, byReporter);
        }
      }),
    );
    const [counted] = await server.dataSource.query(
      `SELECT count(*) FILTER (WHERE type = 'ESCALATED')::int AS escalated, count(*) FILTER (WHERE type = 'CLOSED' AND rating IS NOT NULL)::int AS rated,
              count(*) FILTER (WHERE type = 'REOPENED')::int AS reopened, count(*) FILTER (WHERE type = 'CANCELLED')::int AS cancelled
         FROM request_event`,
    );
    // The history really holds what the roll-ups must follow.
    expect(counted.escalated).toBeGreaterThan(5);
    expect(counted.rated).toBeGreaterThan(10);
    expect(counted.reopened).toBeGreaterThan(3);
    expect(counted.cancelled).toBe(8);
    expect(await driftFromRecount()).toEqual([]);
    const [sum] = await server.dataSource.query(`SELECT sum(received)::int AS received, sum(rated)::int AS rated FROM request_quarter_counts`);
    expect(sum).toEqual({ received: 40, rated: expect.any(Number) });
    expect(sum.rated).toBeGreaterThan(10);
    // The current quarter and the next one (requests due next quarter count there), unit by unit.
    const now = Date.now();
    await expectRollupsEqualBase(quarterAround(now).from, quarterAround(now).to);
    await expectRollupsEqualBase(quarterAround(now).from, quarterAround(now, 2).to);
  });

  it('follows a moved courtyard at once, and equals a recount and the base figures after an import of past quarters', async () => {
    const branch2 = (await act('createOrgUnit', 'CreateOrgUnitInput', { parentId: s.general, code: 'QR-01-02', name: '第二党支部' })).id;
    const rows = Array.from({ length: 60 }, (_, n) => {
      const submitted = Date.UTC(2025, 0, 1) - 8 * HOUR + n * 131 * HOUR;
      const resolved = n % 3 === 0 ? null : submitted + (n % 11) * 24 * HOUR;
      const closed = resolved !== null && n % 2 === 0 ? resolved + 5 * HOUR : null;
      const cancelled = resolved === null && n % 6 === 0 ? submitted + 30 * HOUR : null;
      return {
        externalNumber: `QR-${n}`,
        categoryCode: 'OTHER',
        description: `历史 ${n}`,
        unitId: [s.courtyard, s.emptyCourtyard, s.branch, branch2][n % 4],
        submittedAt: new Date(submitted).toISOString(),
        resolveDueAt: new Date(submitted + (n % 9) * 24 * HOUR).toISOString(),
        resolvedAt: resolved === null ? null : new Date(resolved).toISOString(),
        closedAt: closed === null ? null : new Date(closed).toISOString(),
        cancelledAt: cancelled === null ? null : new Date(cancelled).toISOString(),
        reworkCount: n % 4 === 3 ? 1 : 0,
        rating: closed !== null && n % 4 === 0 ? 1 + (n % 5) : null,
      };
    });
    const res = await server.gql(`mutation($i: [ImportedServiceRequestInput!]!) { importServiceRequests(input: $i) { imported skipped } }`, { i: rows });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.importServiceRequests).toEqual({ imported: 60, skipped: 0 });
    expect(await driftFromRecount()).toEqual([]);
    const year2025 = { from: new Date(Date.UTC(2025, 0, 1) - 8 * HOUR), to: new Date(Date.UTC(2026, 0, 1) - 8 * HOUR) };
    await expectRollupsEqualBase(year2025.from, year2025.to);
    await expectRollupsEqualBase(new Date(Date.UTC(2025, 3, 1) - 8 * HOUR), new Date(Date.UTC(2025, 6, 1) - 8 * HOUR));

    // A courtyard moved to the other branch counts there at once (the read joins paths).
    const before = await indicatorsOf(branch2, year2025);
    await act('moveOrgUnit', 'MoveOrgUnitInput', { id: s.courtyard, newParentId: branch2 });
    const after = await indicatorsOf(branch2, year2025);
    const courtyard = await indicatorsOf(s.courtyard, year2025);
    expect(courtyard.received).toBeGreaterThan(0);
    expect(after.received).toBe(before.received + courtyard.received);
    expect(after.due).toBe(before.due + courtyard.due);
    await expectRollupsEqualBase(year2025.from, year2025.to);
    expect(await driftFromRecount()).toEqual([]);
    await act('moveOrgUnit', 'MoveOrgUnitInput', { id: s.courtyard, newParentId: s.branch });
  });
});

async function indicatorsOf(unitId: string, period: { from: Date; to: Date }) {
  const res = await server.gql(
    `query($id: ID!, $from: DateTime!, $to: DateTime!) { orgUnit(id: $id) { indicators(from: $from, to: $to) { received due resolved closed rated } } }`,
    { id: unitId, from: period.from.toISOString(), to: period.to.toISOString() },
  );
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.orgUnit.indicators as { received: number; due: number; resolved: number; closed: number; rated: number };
}
