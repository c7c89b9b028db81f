import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { at, ok, Q } from './support.js';

let server: TestServer;
let s: Street;
let other: Street;
let inspector: { token: string; id: string };
let streetAdmin: { token: string };
let branchSecretary: { token: string };
let courtyardSecretary: { token: string };
let otherSecretary: { token: string };

const RECORD = `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) {
  id covert unit { id } inspector { id } findings { description severity request { id source status unit { id } courtyard { id } reporter { id } } } } }`;
const LIST = `query($unitId: ID) { inspections(unitId: $unitId, first: 50) { totalCount nodes { id covert } } }`;
const REQUEST = `query($id: ID!) { serviceRequest(id: $id) { id source reporter { id } events { type actor { id } } } }`;

beforeAll(async () => {
  server = await startTestServer();
  s = await buildStreet(server, 'IS', 36, 116);
  other = await buildStreet(server, 'IT', 37, 117);
  inspector = await createAccount(server, { username: 'is-inspector', role: 'INSPECTOR', scopeUnitId: s.street });
  streetAdmin = await createAccount(server, { username: 'is-admin', role: 'STREET_ADMIN', scopeUnitId: s.street });
  branchSecretary = await createAccount(server, { username: 'is-branch-sec', role: 'SECRETARY', scopeUnitId: s.branch });
  courtyardSecretary = await createAccount(server, { username: 'is-court-sec', role: 'SECRETARY', scopeUnitId: s.courtyard });
  otherSecretary = await createAccount(server, { username: 'is-other-sec', role: 'SECRETARY', scopeUnitId: s.emptyCourtyard });
});
afterAll(async () => {
  await server?.stop();
});

describe('recordInspection', () => {
  it('opens one INSPECTION request per finding, routed by courtyard, by location, else held at the inspected unit', async () => {
    const res = (
      await ok(
        server,
        RECORD,
        {
          i: {
            unitId: s.branch,
            covert: false,
            conductedAt: new Date().toISOString(),
            findings: [
              { description: '垃圾堆放', categoryCode: 'SANITATION', severity: 'MINOR', courtyardId: s.courtyard },
              { description: '路灯不亮', categoryCode: 'STREET_LIGHT', severity: 'MAJOR', location: s.inBranchOnly },
              { description: '消防通道堵塞', categoryCode: 'SECURITY', severity: 'MAJOR' },
            ],
          },
        },
        inspector.token,
      )
    ).recordInspection;
    expect(res.inspector).toEqual({ id: inspector.id });
    const [byCourtyard, byLocation, held] = res.findings.map((f: any) => f.request);
    expect(byCourtyard).toMatchObject({ source: 'INSPECTION', courtyard: { id: s.courtyard }, reporter: { id: inspector.id } });
    expect(byLocation).toMatchObject({ source: 'INSPECTION', unit: { id: s.branch }, courtyard: null });
    expect(held).toMatchObject({ source: 'INSPECTION', status: 'PENDING_DISPATCH', unit: { id: s.branch } });
  });

  it('refuses a finding outside the inspected subtree, naming the finding, and writes nothing', async () => {
    const count = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM service_request`))[0].n;
    const before = await count();
    const res = await server.gql(
      RECORD,
      {
        i: {
          unitId: s.branch,
          covert: false,
          conductedAt: new Date().toISOString(),
          findings: [
            { description: 'ok', categoryCode: 'OTHER', severity: 'MINOR' },
            { description: '外街', categoryCode: 'OTHER', severity: 'MINOR', courtyardId: other.courtyard },
          ],
        },
      },
      inspector.token,
    );
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.field).toBe('findings.1.courtyardId');
    const byLocation = await server.gql(
      RECORD,
      { i: { unitId: s.courtyard, covert: false, conductedAt: new Date().toISOString(), findings: [{ description: 'x', categoryCode: 'OTHER', severity: 'MINOR', location: s.inBranchOnly }] } },
      inspector.token,
    );
    expect(byLocation.body.errors![0].extensions!.field).toBe('findings.0.location');
    expect(await count()).toBe(before);
  });

  it('gives the inspector no reporter rights over what its findings open: staff handle them', async () => {
    const rec = (
      await ok(server, RECORD, { i: { unitId: s.courtyard, covert: false, conductedAt: new Date().toISOString(), findings: [{ description: 'y', categoryCode: 'OTHER', severity: 'MINOR' }] } }, inspector.token)
    ).recordInspection;
    const id = rec.findings[0].request.id;
    const cancel = await server.gql(`mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { id } }`, { i: { requestId: id, reason: 'no' } }, inspector.token);
    expect(errorCode(cancel)).toBe('FORBIDDEN');
    const byStaff = await server.gql(`mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { status } }`, { i: { requestId: id, reason: '重复' } }, streetAdmin.token);
    expect(byStaff.body.data?.cancelServiceRequest.status).toBe('CANCELLED');
  });

  it('is refused outside the inspector\'s scope (NOT_FOUND) and to a secretary (FORBIDDEN)', async () => {
    const input = { unitId: other.branch, covert: false, conductedAt: new Date().toISOString(), findings: [] };
    expect(errorCode(await server.gql(RECORD, { i: input }, inspector.token))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(RECORD, { i: { ...input, unitId: s.courtyard } }, courtyardSecretary.token))).toBe('FORBIDDEN');
  });
});

describe('a covert inspection', () => {
  const quarter = Q(2025, 3);
  let inspection: string;
  let requestId: string;

  beforeAll(async () => {
    const rec = (
      await ok(
        server,
        RECORD,
        { i: { unitId: s.branch, covert: true, conductedAt: at(2025, 3, 10), findings: [{ description: '暗访发现', categoryCode: 'OTHER', severity: 'MAJOR', courtyardId: s.courtyard }] } },
        inspector.token,
      )
    ).recordInspection;
    inspection = rec.id;
    requestId = rec.findings[0].request.id;
  });

  const figures = async (token: string, unitId: string) =>
    (await ok(server, `query($id: ID!) { orgUnit(id: $id) { indicators(from: "${quarter.from}", to: "${quarter.to}") { inspectionFindings findingsOverdue deductions } } }`, { id: unitId }, token))
      .orgUnit.indicators;

  it('is hidden from the inspected unit\'s staff, below it and above it, until revealed', async () => {
    for (const token of [streetAdmin.token, branchSecretary.token, courtyardSecretary.token]) {
      const listed = (await ok(server, LIST, {}, token)).inspections.nodes.map((n: any) => n.id);
      expect(listed).not.toContain(inspection);
      expect((await ok(server, `query($id: ID!) { node(id: $id) { id } }`, { id: inspection }, token)).node).toBeNull();
    }
    // Its request reads as a plain one: source DIRECT, no reporter, no actors.
    const read = (await ok(server, REQUEST, { id: requestId }, branchSecretary.token)).serviceRequest;
    expect(read.source).toBe('DIRECT');
    expect(read.reporter).toBeNull();
    expect(read.events.every((e: any) => e.actor === null)).toBe(true);
    // Figures without it.
    expect(await figures(streetAdmin.token, s.branch)).toEqual({ inspectionFindings: 0, findingsOverdue: 0, deductions: 0 });
  });

  it('is seen in full by the CITY_ADMIN, the inspector and staff of units beside it', async () => {
    expect((await figures(server.adminToken, s.branch)).inspectionFindings).toBe(1);
    expect((await ok(server, LIST, {}, inspector.token)).inspections.nodes.map((n: any) => n.id)).toContain(inspection);
    expect((await ok(server, REQUEST, { id: requestId }, server.adminToken)).serviceRequest.source).toBe('INSPECTION');
    // The neighbouring courtyard's secretary is neither inside, nor above: but sees nothing of the branch either.
    expect((await ok(server, LIST, {}, otherSecretary.token)).inspections.nodes.map((n: any) => n.id)).not.toContain(inspection);
  });

  it('is revealed once the quarter\'s result is published for a unit above the inspected one', async () => {
    await ok(server, `mutation($i: PublishAssessmentInput!) { publishAssessment(input: $i) { id } }`, { i: { period: '2025Q3', unitId: s.general } });
    expect((await ok(server, LIST, {}, branchSecretary.token)).inspections.nodes.map((n: any) => n.id)).toContain(inspection);
    expect((await ok(server, REQUEST, { id: requestId }, branchSecretary.token)).serviceRequest.source).toBe('INSPECTION');
    const f = await figures(streetAdmin.token, s.branch);
    expect(f.inspectionFindings).toBe(1);
    // Its request was opened now: its resolveDueAt is still ahead, so it is not overdue yet (2 points, not 2 + 3).
    expect(f).toMatchObject({ findingsOverdue: 0, deductions: 2 });
  });
});

describe('findings overdue', () => {
  it('counts a finding whose request passed its resolveDueAt unresolved, and deducts for it on top of the finding', async () => {
    const o = await buildStreet(server, 'IO', 38, 118);
    const now = new Date();
    const shanghai = new Date(now.getTime() + 8 * 3_600_000);
    const quarter = Q(shanghai.getUTCFullYear(), Math.floor(shanghai.getUTCMonth() / 3) + 1);
    const rec = (
      await ok(
        server,
        RECORD,
        {
          i: {
            unitId: o.branch,
            covert: false,
            conductedAt: new Date(now.getTime() - 60_000).toISOString(),
            findings: [
              { description: '逾期未改', categoryCode: 'OTHER', severity: 'MAJOR', courtyardId: o.courtyard },
              { description: '尚在期内', categoryCode: 'OTHER', severity: 'MINOR', courtyardId: o.courtyard },
            ],
          },
        },
        server.adminToken,
      )
    ).recordInspection;
    const figures = async () =>
      (await ok(server, `query($id: ID!) { orgUnit(id: $id) { indicators(from: "${quarter.from}", to: "${quarter.to}") { inspectionFindings findingsOverdue deductions } } }`, { id: o.branch }))
        .orgUnit.indicators;
    const scheme = (await ok(server, `{ assessmentScheme { findingDeduction overdueFindingDeduction } }`, {})).assessmentScheme;
    expect(await figures()).toEqual({ inspectionFindings: 2, findingsOverdue: 0, deductions: 2 * scheme.findingDeduction });

    // The first finding's deadline passes (as if the days had gone by) with the request still open.
    const [overdueId] = await server.dataSource.query(`SELECT f.request_id::text AS id FROM inspection_finding f JOIN service_request r ON r.id = f.request_id WHERE r.description = '逾期未改'`);
    await server.dataSource.query(`UPDATE service_request SET resolve_due_at = now() - interval '1 hour' WHERE id = $1`, [overdueId.id]);
    expect(await figures()).toEqual({
      inspectionFindings: 2,
      findingsOverdue: 1,
      deductions: 2 * scheme.findingDeduction + scheme.overdueFindingDeduction,
    });
    expect(rec.findings).toHaveLength(2);
  });
});
