import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { approvedHours, createActivity, createOrg, ok, registerOther, SIGN_UP } from '../../support/volunteers.js';

/** Lists of volunteers and activities with their nested fields: as many statements for 3 as for 12. */
let server: TestServer;
let S: Street;
let orgId: string;
let approver: string;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  S = await buildStreet(server, 'VBS', 30, 110);
  orgId = await createOrg(server, S.branch);
  approver = (await createAccount(server, { username: 'vb-approver', role: 'STREET_ADMIN', scopeUnitId: S.street })).token;
});
afterAll(async () => {
  await server?.stop();
});

const VOLUNTEERS = `query($n: Int) { volunteers(first: $n) { nodes { id number phone starLevel eligibleStarLevel unit { id }
  organizations { id name volunteerCount } hours(first: 5) { totalCount nodes { id hours organization { id } } }
  starAwards { id } certificates { number } } } }`;
const ACTIVITIES = `query($n: Int) { volunteerActivities(first: $n) { nodes { id checkInCode organization { id name } unit { id }
  signups(first: 5) { totalCount nodes { id status volunteer { id name } } } } } }`;

async function statementsFor(query: string, n: number): Promise<number> {
  const before = server.sqlLogger.statementCount;
  const data = await ok(server, query, { n });
  const list = data.volunteers ?? data.volunteerActivities;
  expect(list.nodes).toHaveLength(n);
  return server.sqlLogger.statementCount - before;
}

describe('nested fields are batched', () => {
  it('reads 12 volunteers with their ledgers in as many statements as 3', async () => {
    for (let i = 0; i < 12; i++) {
      const v = await registerOther(server, S.courtyard, { organizationIds: [orgId] });
      await approvedHours(server, { volunteerId: v.id, organizationId: orgId, hours: 1 + i }, approver);
    }
    const few = await statementsFor(VOLUNTEERS, 3);
    const many = await statementsFor(VOLUNTEERS, 12);
    expect(many).toBe(few);
  });

  it('reads 12 activities with their sign-ups in as many statements as 3', async () => {
    const v = await registerOther(server, S.courtyard);
    for (let i = 0; i < 12; i++) {
      const a = await createActivity(server, { organizationId: orgId, unitId: S.courtyard, fromNowMin: 60 + i, minutes: 60 });
      await ok(server, SIGN_UP, { i: { activityId: a.id, volunteerId: v.id } });
    }
    const few = await statementsFor(ACTIVITIES, 3);
    const many = await statementsFor(ACTIVITIES, 12);
    expect(many).toBe(few);
  });
});
