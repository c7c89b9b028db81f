import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { at, IMPORT, imported, ok } from './support.js';

let server: TestServer;
let s: Street;
let inspector: { token: string; id: string };

beforeAll(async () => {
  server = await startTestServer();
  s = await buildStreet(server, 'AU', 39, 119);
  inspector = await createAccount(server, { username: 'au-inspector', role: 'INSPECTOR', scopeUnitId: s.street });
});
afterAll(async () => {
  await server?.stop();
});

const entries = async (action: string) =>
  (await ok(server, `query($a: String) { auditLog(action: $a, first: 100) { nodes { action actorId targetType targetId } } }`, { a: action })).auditLog.nodes;

describe('the audit log of assessment and supervision', () => {
  it('records the import, the scheme, publishing, inspections, notices, and negative-list items, entries and revocations', async () => {
    await ok(server, IMPORT, { i: [imported(s.courtyard, { submittedAt: at(2025, 1, 1), resolveDueAt: at(2025, 1, 2) })] });
    await ok(server, `mutation($i: SetAssessmentSchemeInput!) { setAssessmentScheme(input: $i) { version } }`, {
      i: { onTimeWeight: 0.4, closureWeight: 0.3, reworkWeight: 0.1, satisfactionWeight: 0.2, findingDeduction: 2, overdueFindingDeduction: 3 },
    });
    await ok(server, `mutation($i: PublishAssessmentInput!) { publishAssessment(input: $i) { id } }`, { i: { period: '2025Q1', unitId: s.branch } });
    const inspection = (
      await ok(server, `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { id } }`, { i: { unitId: s.branch, covert: true, conductedAt: new Date().toISOString(), findings: [] } }, inspector.token)
    ).recordInspection;
    const notice = (
      await ok(server, `mutation($i: IssueProblemNoticeInput!) { issueProblemNotice(input: $i) { id } }`, { i: { title: 't', body: 'b', unitIds: [s.courtyard], rectifyBy: new Date().toISOString() } }, inspector.token)
    ).issueProblemNotice;
    await ok(server, `mutation($i: RespondToNoticeInput!) { respondToProblemNotice(input: $i) { id } }`, { i: { noticeId: notice.id, unitId: s.courtyard, report: 'r' } });
    await ok(server, `mutation($i: NoticeIdInput!) { closeProblemNotice(input: $i) { id } }`, { i: { noticeId: notice.id } });
    await ok(server, `mutation($i: UpsertNegativeListItemInput!) { upsertNegativeListItem(input: $i) { code } }`, { i: { code: 'AU-1', description: 'd', deduction: 1, veto: false } });
    const entry = (
      await ok(server, `mutation($i: RecordNegativeEntryInput!) { recordNegativeEntry(input: $i) { id } }`, { i: { unitId: s.courtyard, itemCode: 'AU-1', occurredAt: new Date().toISOString(), note: 'n' } }, inspector.token)
    ).recordNegativeEntry;
    await ok(server, `mutation($i: RevokeNegativeEntryInput!) { revokeNegativeEntry(input: $i) { id } }`, { i: { entryId: entry.id, reason: 'r' } }, inspector.token);

    const expected: [string, string | null][] = [
      ['REQUESTS_IMPORTED', null],
      ['ASSESSMENT_SCHEME_SET', null],
      ['ASSESSMENT_PUBLISHED', null],
      ['INSPECTION_RECORDED', inspector.id],
      ['NOTICE_ISSUED', inspector.id],
      ['NOTICE_RESPONDED', null],
      ['NOTICE_CLOSED', null],
      ['NEGATIVE_ITEM_UPSERTED', null],
      ['NEGATIVE_ENTRY_RECORDED', inspector.id],
      ['NEGATIVE_ENTRY_REVOKED', inspector.id],
    ];
    for (const [action, actorId] of expected) {
      const found = await entries(action);
      expect(found, action).toHaveLength(1);
      if (actorId) expect(found[0].actorId, action).toBe(actorId);
      else expect(found[0].actorId, action).not.toBeNull();
    }
    expect((await entries('INSPECTION_RECORDED'))[0].targetId).toBe(inspection.id);
  });
});
