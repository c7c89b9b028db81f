import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { at, ok, Q } from './support.js';

let server: TestServer;
let s: Street;
let inspector: { token: string; id: string };
let secretary: { token: string };
let otherSecretary: { token: string };

const ISSUE = `mutation($i: IssueProblemNoticeInput!) { issueProblemNotice(input: $i) { id number status units { id } issuedBy { id } responses { late } } }`;
const RESPOND = `mutation($i: RespondToNoticeInput!) { respondToProblemNotice(input: $i) { id status responses { unit { id } report late respondedBy { id } } } }`;
const CLOSE = `mutation($i: NoticeIdInput!) { closeProblemNotice(input: $i) { id status } }`;

beforeAll(async () => {
  server = await startTestServer();
  s = await buildStreet(server, 'NT', 38, 118);
  inspector = await createAccount(server, { username: 'nt-inspector', role: 'INSPECTOR', scopeUnitId: s.street });
  secretary = await createAccount(server, { username: 'nt-secretary', role: 'SECRETARY', scopeUnitId: s.branch });
  otherSecretary = await createAccount(server, { username: 'nt-secretary-2', role: 'SECRETARY', scopeUnitId: s.emptyCourtyard });
});
afterAll(async () => {
  await server?.stop();
});

describe('problem notices', () => {
  it('numbers notices TB-YYYY-NNNN, unique under concurrent issues', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const issued = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        server.gql(ISSUE, { i: { title: `通报 ${n}`, body: '问题', unitIds: [s.courtyard], rectifyBy: new Date(Date.now() + 86_400_000).toISOString() } }, inspector.token),
      ),
    );
    const numbers = issued.map((r) => r.body.data!.issueProblemNotice.number);
    expect(new Set(numbers).size).toBe(8);
    for (const number of numbers) expect(number).toMatch(new RegExp(`^TB-${year}-\\d{4}$`));
    expect(numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('is OPEN until every notified unit responded, RESPONDED then, and closed by its issuer', async () => {
    const notice = (
      await ok(server, ISSUE, { i: { title: '整改', body: '垃圾', unitIds: [s.courtyard, s.emptyCourtyard], rectifyBy: '2020-01-01T00:00:00Z' } }, inspector.token)
    ).issueProblemNotice;
    expect(notice).toMatchObject({ status: 'OPEN', issuedBy: { id: inspector.id } });
    expect(errorCode(await server.gql(CLOSE, { i: { noticeId: notice.id } }, inspector.token))).toBe('CONFLICT');
    // A secretary responds for a unit in scope, late (after rectifyBy), once.
    const first = (await ok(server, RESPOND, { i: { noticeId: notice.id, unitId: s.courtyard, report: '已清理' } }, secretary.token)).respondToProblemNotice;
    expect(first.status).toBe('OPEN');
    expect(first.responses).toEqual([expect.objectContaining({ unit: { id: s.courtyard }, report: '已清理', late: true })]);
    expect(errorCode(await server.gql(RESPOND, { i: { noticeId: notice.id, unitId: s.courtyard, report: '又' } }, secretary.token))).toBe('CONFLICT');
    // The other courtyard's secretary does not answer for the first one.
    expect(errorCode(await server.gql(RESPOND, { i: { noticeId: notice.id, unitId: s.courtyard, report: 'x' } }, otherSecretary.token))).toBe('NOT_FOUND');
    // An inspector records notices but responds to none.
    expect(errorCode(await server.gql(RESPOND, { i: { noticeId: notice.id, unitId: s.emptyCourtyard, report: 'x' } }, inspector.token))).toBe('FORBIDDEN');
    const second = (await ok(server, RESPOND, { i: { noticeId: notice.id, unitId: s.emptyCourtyard, report: '已整改' } }, otherSecretary.token)).respondToProblemNotice;
    expect(second.status).toBe('RESPONDED');
    expect(errorCode(await server.gql(CLOSE, { i: { noticeId: notice.id } }, secretary.token))).toBe('FORBIDDEN');
    expect((await ok(server, CLOSE, { i: { noticeId: notice.id } }, inspector.token)).closeProblemNotice.status).toBe('CLOSED');
    const listed = (await ok(server, `query($s: [NoticeStatus!]) { problemNotices(status: $s, first: 100) { totalCount nodes { id } } }`, { s: ['CLOSED'] }, secretary.token))
      .problemNotices;
    expect(listed.nodes).toEqual([{ id: notice.id }]);
  });

  it('marks a response in time as not late', async () => {
    const notice = (
      await ok(server, ISSUE, { i: { title: '及时', body: 'x', unitIds: [s.branch], rectifyBy: new Date(Date.now() + 86_400_000).toISOString() } })
    ).issueProblemNotice;
    const res = (await ok(server, RESPOND, { i: { noticeId: notice.id, unitId: s.branch, report: '好' } }, secretary.token)).respondToProblemNotice;
    expect(res.responses[0].late).toBe(false);
  });
});

describe('the negative list', () => {
  const quarter = Q(2025, 2);
  const FIGURES = `query($id: ID!) { orgUnit(id: $id) { indicators(from: "${quarter.from}", to: "${quarter.to}") { negativeEntries deductions vetoed score } } }`;

  it('keeps items for the CITY_ADMIN alone', async () => {
    const input = { code: 'NT-LITTER', description: '乱扔垃圾', deduction: 1.5, veto: false };
    expect(errorCode(await server.gql(`mutation($i: UpsertNegativeListItemInput!) { upsertNegativeListItem(input: $i) { code } }`, { i: input }, inspector.token))).toBe(
      'FORBIDDEN',
    );
    const item = (await ok(server, `mutation($i: UpsertNegativeListItemInput!) { upsertNegativeListItem(input: $i) { code deduction veto } }`, { i: input }))
      .upsertNegativeListItem;
    expect(item).toEqual({ code: 'NT-LITTER', deduction: 1.5, veto: false });
    expect((await ok(server, `{ negativeListItems { code } }`, {}, secretary.token)).negativeListItems).toContainEqual({ code: 'NT-LITTER' });
  });

  it('takes an entry\'s points off, and a revoked entry out of the figures without deleting it', async () => {
    const entry = (
      await ok(
        server,
        `mutation($i: RecordNegativeEntryInput!) { recordNegativeEntry(input: $i) { id revoked item { code } recordedBy { id } unit { id } } }`,
        { i: { unitId: s.courtyard, itemCode: 'NT-LITTER', occurredAt: at(2025, 2, 3), note: '楼道堆物' } },
        inspector.token,
      )
    ).recordNegativeEntry;
    expect(entry).toMatchObject({ revoked: false, item: { code: 'NT-LITTER' }, recordedBy: { id: inspector.id }, unit: { id: s.courtyard } });
    expect((await ok(server, FIGURES, { id: s.branch })).orgUnit.indicators).toEqual({ negativeEntries: 1, deductions: 1.5, vetoed: false, score: 98.5 });

    const revoked = (
      await ok(server, `mutation($i: RevokeNegativeEntryInput!) { revokeNegativeEntry(input: $i) { id revoked revokedReason } }`, { i: { entryId: entry.id, reason: '误报' } }, inspector.token)
    ).revokeNegativeEntry;
    expect(revoked).toEqual({ id: entry.id, revoked: true, revokedReason: '误报' });
    expect((await ok(server, FIGURES, { id: s.branch })).orgUnit.indicators).toEqual({ negativeEntries: 0, deductions: 0, vetoed: false, score: 100 });
    expect(errorCode(await server.gql(`mutation($i: RevokeNegativeEntryInput!) { revokeNegativeEntry(input: $i) { id } }`, { i: { entryId: entry.id, reason: '再' } }))).toBe(
      'CONFLICT',
    );
    const all = (await ok(server, `{ negativeListEntries(includeRevoked: true, first: 100) { nodes { id revoked } } }`, {}, secretary.token)).negativeListEntries.nodes;
    expect(all).toContainEqual({ id: entry.id, revoked: true });
    const live = (await ok(server, `{ negativeListEntries(first: 100) { nodes { id } } }`, {}, secretary.token)).negativeListEntries.nodes;
    expect(live).not.toContainEqual({ id: entry.id });
  });

  it('refuses to delete an entry or to change it other than by its revocation, in the database itself', async () => {
    const [row] = await server.dataSource.query(`SELECT id FROM negative_list_entry LIMIT 1`);
    await expect(server.dataSource.query(`DELETE FROM negative_list_entry WHERE id = $1`, [row.id])).rejects.toThrow(/never deleted/);
    await expect(server.dataSource.query(`UPDATE negative_list_entry SET note = 'x' WHERE id = $1`, [row.id])).rejects.toThrow(/revocation/);
  });
});
