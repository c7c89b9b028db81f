import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../src/common/graphql/global-id.js';
import { CASES } from '../../support/matrix/cases.js';
import { freshRequest } from '../../support/matrix/requests.js';
import { coverageProblems, formatTable, runVariant, servedOperations, type CaseResult } from '../../support/matrix/runner.js';
import { buildWorld, domainChecksum, freshUnit, PASSWORD, ROLES, SCOPES, uniq, type World } from '../../support/matrix/world.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * The authorization matrix: every query and mutation of the served schema × every role ×
 * in scope (street A) and out of scope (street B), each asserting success (with a real
 * result) or the exact error code with the domain tables unchanged. The expected outcomes
 * and the calls live in test/support/matrix/cases.ts; a served operation without an entry
 * there fails the first test below.
 */

let server: TestServer;
let world: World;
let schema: GraphQLSchema;
const results: CaseResult[] = [];

beforeAll(async () => {
  // The matrix makes a few hundred mutations a minute from one address.
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  schema = server.app.get(GraphQLSchemaHost).schema;
  world = await buildWorld(server);
});

afterAll(async () => {
  if (results.length > 0 && schema) {
    const served = servedOperations(schema);
    const servedNames = [...served.query, ...served.mutation];
    const covered = servedNames.filter((name) => CASES[name]);
    const uncovered = servedNames.filter((name) => !CASES[name]);
    const failed = results.filter((r) => r.failure).length;
    console.log(
      [
        `authorization matrix: ${covered.length} operations (${served.query.filter((n) => CASES[n]).length} queries, ` +
          `${served.mutation.filter((n) => CASES[n]).length} mutations) × ${ROLES.length} roles × ${SCOPES.length} scopes` +
          ` = ${covered.length * ROLES.length * SCOPES.length} cells; ${results.length} cases executed over` +
          ` ${new Set(results.map((r) => `${r.operation}/${r.variant}`)).size} variants; ${failed} not as expected` +
          (uncovered.length ? `\nserved but NOT in the case table (${uncovered.length}): ${uncovered.join(', ')}` : ''),
        formatTable(results),
      ].join('\n'),
    );
  }
  await server?.stop();
});

describe('authorization matrix', () => {
  it('has a case-table entry for every operation the schema serves, and none for an operation it does not serve', () => {
    expect(coverageProblems(schema, CASES)).toEqual([]);
  });

  for (const [operation, entry] of Object.entries(CASES)) {
    describe(`${entry.kind} ${operation}`, () => {
      for (const variant of entry.variants) {
        it(variant.name, async () => {
          const served = servedOperations(schema);
          expect(served[entry.kind], `the schema does not serve ${entry.kind} ${operation}`).toContain(operation);
          const outcome = await runVariant(world, operation, variant);
          results.push(...outcome);
          expect(outcome.filter((r) => r.failure).map((r) => r.failure)).toEqual([]);
        });
      }
    });
  }
});

describe('out of scope is indistinguishable from nonexistent', () => {
  const missing = {
    unit: toGlobalId('OrgUnit', '987654321'),
    member: toGlobalId('Member', '987654321'),
    user: toGlobalId('User', '987654321'),
    request: toGlobalId('ServiceRequest', '987654321'),
  };

  /** Runs the same document with an out-of-scope target and a nonexistent one: same code, same message, nothing changed. */
  async function expectSameRefusal(
    token: string | null,
    query: string,
    outOfScope: Record<string, unknown>,
    nonexistent: Record<string, unknown>,
  ) {
    const before = await domainChecksum(server);
    const hidden = await server.gql(query, outOfScope, token);
    const absent = await server.gql(query, nonexistent, token);
    expect(await domainChecksum(server)).toEqual(before);
    const summary = (res: typeof hidden) => ({
      code: res.body.errors?.[0]?.extensions?.code,
      message: res.body.errors?.[0]?.message,
      data: res.body.data ?? null,
    });
    expect(summary(hidden)).toMatchObject({ code: 'NOT_FOUND', data: null });
    expect(summary(hidden)).toEqual(summary(absent));
  }

  it('updateOrgUnit (a tree change) as a STREET_ADMIN', async () => {
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      `mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { id } }`,
      { i: { id: world.B.courtyard.id, name: 'nope' } },
      { i: { id: missing.unit, name: 'nope' } },
    );
  });

  it("createOrgUnit's parent as a STREET_ADMIN", async () => {
    const code = uniq('mx-nf');
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`,
      { i: { parentId: world.B.branch.id, code, name: code } },
      { i: { parentId: missing.unit, code, name: code } },
    );
  });

  it("moveOrgUnit's new parent as a STREET_ADMIN", async () => {
    const unit = await freshUnit(server, world.A.branch.id);
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      `mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`,
      { i: { id: unit.id, newParentId: world.B.branch.id } },
      { i: { id: unit.id, newParentId: missing.unit } },
    );
  });

  it('updateMember (a member change) as a SECRETARY', async () => {
    await expectSameRefusal(
      world.tokens.SECRETARY,
      `mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id } }`,
      { i: { id: world.B.member.id, name: 'nope' } },
      { i: { id: missing.member, name: 'nope' } },
    );
  });

  it("createMember's unit as a SECRETARY", async () => {
    await expectSameRefusal(
      world.tokens.SECRETARY,
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
      { i: { unitId: world.B.courtyard.id, name: 'nope' } },
      { i: { unitId: missing.unit, name: 'nope' } },
    );
  });

  it('setSecretary as a STREET_ADMIN', async () => {
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      `mutation($i: SetSecretaryInput!) { setSecretary(input: $i) { id } }`,
      { i: { unitId: world.B.courtyard.id, memberId: world.B.member.id } },
      { i: { unitId: missing.unit, memberId: world.B.member.id } },
    );
  });

  it('updateUser (an account change) as a STREET_ADMIN', async () => {
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      `mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }`,
      { i: { id: world.B.peer.id, active: false } },
      { i: { id: missing.user, active: false } },
    );
  });

  it("createUser's scope unit and member as a STREET_ADMIN", async () => {
    const query = `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`;
    const username = uniq('mx-nf');
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      query,
      { i: { username, password: PASSWORD, role: 'SECRETARY', scopeUnitId: world.B.branch.id } },
      { i: { username, password: PASSWORD, role: 'SECRETARY', scopeUnitId: missing.unit } },
    );
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      query,
      { i: { username, password: PASSWORD, role: 'RESPONDER', memberId: world.B.responder.id } },
      { i: { username, password: PASSWORD, role: 'RESPONDER', memberId: missing.member } },
    );
  });

  it('resolveServiceRequest on a request of the other street as a SECRETARY', async () => {
    const hidden = await freshRequest(world, { street: world.B, status: 'IN_PROGRESS', reporter: 'OTHER' });
    await expectSameRefusal(
      world.tokens.SECRETARY,
      `mutation($i: RequestActionInput!) { resolveServiceRequest(input: $i) { id } }`,
      { i: { requestId: hidden.id } },
      { i: { requestId: missing.request } },
    );
  });

  it("cancelServiceRequest on another reporter's request of the same street as a RESIDENT", async () => {
    const hidden = await freshRequest(world, { street: world.A, status: 'ASSIGNED', reporter: 'OTHER' });
    await expectSameRefusal(
      world.tokens.RESIDENT,
      `mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { id } }`,
      { i: { requestId: hidden.id, reason: 'nope' } },
      { i: { requestId: missing.request, reason: 'nope' } },
    );
  });

  it("acceptServiceRequest on another responder's request as a RESPONDER", async () => {
    const hidden = await freshRequest(world, { street: world.A, status: 'ASSIGNED', reporter: 'OTHER', assignee: 'responder2' });
    await expectSameRefusal(
      world.tokens.RESPONDER,
      `mutation($i: RequestActionInput!) { acceptServiceRequest(input: $i) { id } }`,
      { i: { requestId: hidden.id } },
      { i: { requestId: missing.request } },
    );
  });

  it("cancelServiceRequest's duplicateOfId (another reporter's request) as the reporting RESIDENT", async () => {
    const own = await freshRequest(world, { street: world.A, status: 'PENDING_DISPATCH', reporter: 'RESIDENT' });
    const hidden = await freshRequest(world, { street: world.A, status: 'ASSIGNED', reporter: 'OTHER' });
    await expectSameRefusal(
      world.tokens.RESIDENT,
      `mutation($i: CancelServiceRequestInput!) { cancelServiceRequest(input: $i) { id } }`,
      { i: { requestId: own.id, reason: 'dup', duplicateOfId: hidden.id } },
      { i: { requestId: own.id, reason: 'dup', duplicateOfId: missing.request } },
    );
  });

  it("submitServiceRequest's unitId as a STREET_ADMIN", async () => {
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id } }`,
      { i: { categoryCode: 'OTHER', description: 'nope', unitId: world.B.branch.id } },
      { i: { categoryCode: 'OTHER', description: 'nope', unitId: missing.unit } },
    );
  });

  it("dispatchServiceRequest's target unit as a SECRETARY", async () => {
    const req = await freshRequest(world, { street: world.A, status: 'PENDING_DISPATCH', reporter: 'OTHER' });
    await expectSameRefusal(
      world.tokens.SECRETARY,
      `mutation($i: DispatchServiceRequestInput!) { dispatchServiceRequest(input: $i) { id } }`,
      { i: { requestId: req.id, toUnitId: world.B.courtyard.id } },
      { i: { requestId: req.id, toUnitId: missing.unit } },
    );
  });

  it("createFacility's courtyard as a SECRETARY", async () => {
    const code = uniq('MX-NF-FAC');
    await expectSameRefusal(
      world.tokens.SECRETARY,
      `mutation($i: CreateFacilityInput!) { createFacility(input: $i) { id } }`,
      { i: { courtyardId: world.B.courtyard.id, typeCode: 'PARCEL_LOCKER', code, name: code } },
      { i: { courtyardId: missing.unit, typeCode: 'PARCEL_LOCKER', code, name: code } },
    );
  });

  it('followServiceRequest on a request similarServiceRequests could not show (no place, no facility) as a RESIDENT', async () => {
    const hidden = await freshRequest(world, { street: world.B, status: 'ASSIGNED', reporter: 'OTHER' });
    await expectSameRefusal(
      world.tokens.RESIDENT,
      `mutation($i: FollowServiceRequestInput!) { followServiceRequest(input: $i) { id } }`,
      { i: { requestId: hidden.id } },
      { i: { requestId: missing.request } },
    );
  });

  it("assignServiceRequest's responder as a STREET_ADMIN", async () => {
    const req = await freshRequest(world, { street: world.A, status: 'PENDING_DISPATCH', reporter: 'OTHER' });
    await expectSameRefusal(
      world.tokens.STREET_ADMIN,
      `mutation($i: AssignServiceRequestInput!) { assignServiceRequest(input: $i) { id } }`,
      { i: { requestId: req.id, responderId: world.B.responder.id } },
      { i: { requestId: req.id, responderId: missing.member } },
    );
  });
});
