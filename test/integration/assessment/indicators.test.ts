import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { at, IMPORT, imported, indicators, ok, Q } from './support.js';

let server: TestServer;
let s: Street;
const q1 = Q(2025, 1);

beforeAll(async () => {
  server = await startTestServer();
  s = await buildStreet(server, 'IN', 31, 111);
  // Q1 2025 history of the street, every field of the README exercised:
  await ok(server, IMPORT, {
    i: [
      // courtyard: resolved on time and closed with a 5; resolved late, reworked, closed with a 3
      imported(s.courtyard, { submittedAt: at(2025, 1, 1), resolveDueAt: at(2025, 1, 3), resolvedAt: at(2025, 1, 2), closedAt: at(2025, 1, 2, 5), rating: 5 }),
      imported(s.courtyard, { submittedAt: at(2025, 1, 5), resolveDueAt: at(2025, 1, 6), resolvedAt: at(2025, 1, 8), closedAt: at(2025, 1, 9), rating: 3, reworkCount: 1, escalationCount: 2 }),
      // courtyard: cancelled (received, cancelled, not due)
      imported(s.courtyard, { submittedAt: at(2025, 1, 10), resolveDueAt: at(2025, 1, 11), cancelledAt: at(2025, 1, 10, 2) }),
      // courtyard: never resolved, due in the quarter: overdue now
      imported(s.courtyard, { submittedAt: at(2025, 1, 20), resolveDueAt: at(2025, 1, 21) }),
      // submitted in the previous quarter, due in this one, resolved on time, still RESOLVED
      imported(s.courtyard, { submittedAt: at(2024, 4, 89), resolveDueAt: at(2025, 1, 1), resolvedAt: at(2024, 4, 90) }),
      // submitted in this quarter, due in the next: received only
      imported(s.courtyard, { submittedAt: at(2025, 1, 89), resolveDueAt: at(2025, 2, 2), resolvedAt: at(2025, 1, 89, 3), closedAt: at(2025, 1, 89, 4), rating: 4 }),
      // the other courtyard and the branch itself (no courtyard): belong to the branch, not to the courtyard
      imported(s.emptyCourtyard, { submittedAt: at(2025, 1, 2), resolveDueAt: at(2025, 1, 4), resolvedAt: at(2025, 1, 3), closedAt: at(2025, 1, 3, 1), rating: 2 }),
      imported(s.branch, { submittedAt: at(2025, 1, 2), resolveDueAt: at(2025, 1, 4), resolvedAt: at(2025, 1, 3) }),
      // the street itself: counts for the street only
      imported(s.street, { submittedAt: at(2025, 1, 2), resolveDueAt: at(2025, 1, 4) }),
    ],
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('OrgUnit.indicators', () => {
  it("counts a courtyard's requests exactly as the README defines each figure", async () => {
    const i = await indicators(server, s.courtyard, q1.from, q1.to);
    expect(i).toMatchObject({
      received: 5,
      cancelled: 1,
      due: 4,
      resolvedOnTime: 2,
      closed: 2,
      resolved: 3,
      reworked: 1,
      overdueUnresolved: 1,
      // imported escalation counts have no ESCALATED events
      escalations: 0,
      // ratings given in the quarter: 5, 3 and 4 (the last closed in the quarter, due in the next)
      rated: 3,
      inspectionFindings: 0,
      negativeEntries: 0,
      vetoed: false,
      deductions: 0,
    });
    expect(i.onTimeRate).toBeCloseTo(2 / 4, 10);
    expect(i.closureRate).toBeCloseTo(2 / 4, 10);
    expect(i.reworkRate).toBeCloseTo(1 / 3, 10);
    expect(i.satisfactionRate).toBeCloseTo(2 / 3, 10);
    expect(i.averageRating).toBeCloseTo(4, 10);
    // 100 × (0.4·0.5 + 0.3·0.5 + 0.1·(2/3) + 0.2·(2/3)) = 55.00
    expect(i.score).toBe(55);
    expect(i.grade).toBe('D');
  });

  it('rolls up the subtree: the branch adds its other courtyard and what it holds itself, the street adds its own', async () => {
    const branch = await indicators(server, s.branch, q1.from, q1.to);
    expect(branch).toMatchObject({ received: 7, due: 6, resolved: 5, closed: 3, rated: 4 });
    const street = await indicators(server, s.street, q1.from, q1.to);
    expect(street).toMatchObject({ received: 8, due: 7, overdueUnresolved: 2 });
  });

  it('reads null rates and a score of 100 where nothing fell due', async () => {
    const i = await indicators(server, s.courtyard, Q(2023, 1).from, Q(2023, 1).to);
    expect(i).toMatchObject({ received: 0, due: 0, onTimeRate: null, closureRate: null, reworkRate: null, satisfactionRate: null, averageRating: null, score: 100, grade: 'A' });
  });

  it('counts a moved courtyard for its new ancestors at once', async () => {
    const branch2 = (await ok(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { parentId: s.general, code: 'IN-01-02', name: '第二党支部' } }))
      .createOrgUnit.id;
    await ok(server, `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: s.courtyard, newParentId: branch2 } });
    expect((await indicators(server, branch2, q1.from, q1.to)).received).toBe(5);
    expect((await indicators(server, s.branch, q1.from, q1.to)).received).toBe(2);
    expect((await indicators(server, s.street, q1.from, q1.to)).received).toBe(8);
    await ok(server, `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: s.courtyard, newParentId: s.branch } });
  });

  it('counts live escalations and the latest rating of a reopened request by their events', async () => {
    const now = new Date();
    const from = new Date(now.getTime() - 3600_000).toISOString();
    const to = new Date(now.getTime() + 3600_000).toISOString();
    const street = await buildStreet(server, 'IL', 32, 112);
    const responder = await createMember(server, street.courtyard, { name: '师傅', responder: true, skills: ['ROAD'] });
    const responderToken = (await createAccount(server, { username: 'il-responder', role: 'RESPONDER', memberId: responder })).token;
    const resident = await registerResident(server, 'il-resident');
    const act = (name: string, type: string, input: Record<string, unknown>, token?: string) =>
      ok(server, `mutation($i: ${type}!) { ${name}(input: $i) { id status } }`, { i: input }, token);
    const r = (await ok(server, `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id } }`, {
      i: { categoryCode: 'ROAD', description: '坑', courtyardId: street.courtyard },
    }, resident.token)).submitServiceRequest.id;
    await act('escalateServiceRequest', 'RequestActionInput', { requestId: r });
    await act('assignServiceRequest', 'AssignServiceRequestInput', { requestId: r, responderId: responder });
    await act('acceptServiceRequest', 'RequestActionInput', { requestId: r }, responderToken);
    await act('resolveServiceRequest', 'RequestActionInput', { requestId: r }, responderToken);
    await act('closeServiceRequest', 'CloseServiceRequestInput', { requestId: r, rating: 1 }, resident.token);
    await act('reopenServiceRequest', 'RequestActionInput', { requestId: r }, resident.token);
    await act('acceptServiceRequest', 'RequestActionInput', { requestId: r }, responderToken);
    await act('resolveServiceRequest', 'RequestActionInput', { requestId: r }, responderToken);
    await act('closeServiceRequest', 'CloseServiceRequestInput', { requestId: r, rating: 5 }, resident.token);
    const i = await indicators(server, street.courtyard, from, to);
    expect(i).toMatchObject({ received: 1, escalations: 1, rated: 1, averageRating: 5, satisfactionRate: 1 });
    // Due in 72 hours: outside this window.
    expect(i.due).toBe(0);
    const due = await indicators(server, street.street, from, new Date(now.getTime() + 100 * 3600_000).toISOString());
    expect(due).toMatchObject({ due: 1, resolved: 1, resolvedOnTime: 1, reworked: 1, closed: 1, reworkRate: 1 });
  });

  it('is null outside the caller\'s scope, and FORBIDDEN for a resident', async () => {
    const other = await buildStreet(server, 'IO', 33, 113);
    const admin = await createAccount(server, { username: 'in-admin', role: 'STREET_ADMIN', scopeUnitId: s.street });
    const res = await server.gql(`query($id: ID!) { orgUnit(id: $id) { indicators(from: "${q1.from}", to: "${q1.to}") { received } } }`, { id: other.street }, admin.token);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.orgUnit.indicators).toBeNull();
    const resident = await registerResident(server, 'in-resident');
    const refused = await server.gql(`query($id: ID!) { orgUnit(id: $id) { indicators(from: "${q1.from}", to: "${q1.to}") { received } } }`, { id: s.street }, resident.token);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
