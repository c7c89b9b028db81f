import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, registerResident, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * A mutation's result is the caller's view of the request as the mutation left it, field by
 * field by the same rules as `node`: when the action took the request out of the caller's
 * scope (a courtyard secretary escalating it to the branch, a responder giving it back), the
 * answer carries what a caller without staff rights over it would see: no reporter, no
 * account behind the events but the caller's own, members' phones masked unless the
 * caller's scope covers their unit; and `node` itself is null for them from then on.
 */

let server: TestServer;
let s: Street;
let courtyardSecretary: { token: string; id: string };
let branchSecretary: { token: string; id: string };
let reporter: { token: string; id: string };
let responderUser: { token: string; id: string };
let responder: string;
const MEMBER_PHONE = '13911112222';

const FIELDS = `id status unit { id } reporter { id name phone } assignee { id phone }
  events { type actor { id username phone } assignee { id phone } }`;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  s = await buildStreet(server, 'MV', 30, 110);
  responder = await createMember(server, s.courtyard, { name: '路师傅', responder: true, skills: ['ROAD'], phone: MEMBER_PHONE });
  responderUser = await createAccount(server, { username: 'mv-responder', role: 'RESPONDER', memberId: responder });
  courtyardSecretary = await createAccount(server, { username: 'mv-courtyard-sec', role: 'SECRETARY', scopeUnitId: s.courtyard });
  branchSecretary = await createAccount(server, { username: 'mv-branch-sec', role: 'SECRETARY', scopeUnitId: s.branch });
  reporter = await registerResident(server, 'mv-reporter');
});
afterAll(async () => {
  await server?.stop();
});

async function acceptedRequest(): Promise<string> {
  const sub = await server.gql(
    `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id } }`,
    { i: { categoryCode: 'ROAD', description: '路面坑洼', courtyardId: s.courtyard } },
    reporter.token,
  );
  const id = (sub.body.data as any).submitServiceRequest.id;
  const accepted = await server.gql(`mutation($i: RequestActionInput!) { acceptServiceRequest(input: $i) { id } }`, { i: { requestId: id } }, responderUser.token);
  expect(accepted.body.errors).toBeUndefined();
  return id;
}

const escalate = (id: string, token: string) =>
  server.gql(`mutation($i: RequestActionInput!) { escalateServiceRequest(input: $i) { ${FIELDS} } }`, { i: { requestId: id } }, token);
const node = (id: string, token: string) => server.gql(`query($id: ID!) { node(id: $id) { ... on ServiceRequest { ${FIELDS} } } }`, { id }, token);

describe('a mutation result is the caller\'s view', () => {
  it('a courtyard secretary escalating out of their scope gets the request without reporter or other accounts', async () => {
    const id = await acceptedRequest();
    // In scope before: the reporter is shown to staff in scope.
    expect(((await node(id, courtyardSecretary.token)).body.data as any).node.reporter.id).toBe(reporter.id);

    const res = await escalate(id, courtyardSecretary.token);
    expect(res.body.errors).toBeUndefined();
    const result = (res.body.data as any).escalateServiceRequest;
    expect([result.status, result.unit.id, result.reporter, result.assignee]).toEqual(['PENDING_DISPATCH', s.branch, null, null]);
    const actors = result.events.map((e: any) => [e.type, e.actor?.id ?? null]);
    expect(actors).toEqual([
      ['SUBMITTED', null],
      ['ASSIGNED', null],
      ['ACCEPTED', null],
      ['ESCALATED', courtyardSecretary.id],
    ]);
    // The member is in the courtyard, which their scope still covers: the phone in full, as anywhere else.
    expect(result.events[1].assignee).toEqual({ id: responder, phone: MEMBER_PHONE });
    expect((await node(id, courtyardSecretary.token)).body.data).toEqual({ node: null });
    // The branch secretary, who now holds it, sees the reporter.
    expect(((await node(id, branchSecretary.token)).body.data as any).node.reporter.id).toBe(reporter.id);
  });

  it('a responder giving a request back gets it as a non-staff caller who no longer sees it', async () => {
    const id = await acceptedRequest();
    const res = await escalate(id, responderUser.token);
    expect(res.body.errors).toBeUndefined();
    const result = (res.body.data as any).escalateServiceRequest;
    expect([result.status, result.reporter, result.assignee]).toEqual(['PENDING_DISPATCH', null, null]);
    expect(result.events.map((e: any) => e.actor?.id ?? null)).toEqual([null, null, responderUser.id, responderUser.id]);
    // Their own member record: the phone in full (it is theirs).
    expect(result.events[1].assignee).toEqual({ id: responder, phone: MEMBER_PHONE });
    expect((await node(id, responderUser.token)).body.data).toEqual({ node: null });
  });

  it("a member's phone follows the member's unit, not the request: masked for the reporter", async () => {
    const id = await acceptedRequest();
    const mine = (await node(id, reporter.token)).body.data as any;
    expect(mine.node.reporter.id).toBe(reporter.id);
    expect(mine.node.assignee).toEqual({ id: responder, phone: '139****2222' });
  });
});
