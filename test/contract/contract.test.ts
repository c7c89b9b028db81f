import { readFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, findBreakingChanges, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The served schema must contain the public contract (test/contract/schema.graphql, a copy
 * of ../shared/contract/schema.graphql): no type, field, argument or enum value of it
 * missing, renamed or tightened.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const contract = buildSchema(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

/** Parts of the contract that later issues deliver: people and accounts, then requests. */
const NOT_YET_SERVED = [
  /^(Member|MemberEdge|MemberConnection|Role|User|UserEdge|UserConnection|AuthPayload)\b/,
  /^(DateTime|ServiceCategory|RequestStatus|RequestEventType|RequestEvent|ServiceRequest\w*|Subscription)\b/,
  /^(LoginInput|RegisterResidentInput|CreateMemberInput|UpdateMemberInput|SetSecretaryInput|CreateUserInput|UpdateUserInput|ChangePasswordInput)\b/,
  /^(UpsertServiceCategoryInput|SubmitServiceRequestInput|DispatchServiceRequestInput|AssignServiceRequestInput|RequestActionInput|CloseServiceRequestInput|CancelServiceRequestInput)\b/,
  /^OrgUnit\.(secretary|members|responders)\b/,
  /^Query\.(me|member|users|serviceCategories|serviceRequest|serviceRequests)\b/,
  /^Mutation\.(login|registerResident|createUser|updateUser|changePassword|createMember|updateMember|setSecretary|upsertServiceCategory|\w+ServiceRequest)\b/,
];

describe('the public contract', () => {
  it('is contained in the served schema for the tree part, with nothing renamed or tightened', () => {
    const served = server.app.get(GraphQLSchemaHost).schema;
    const breaks = findBreakingChanges(contract, buildSchema(printSchema(served)));
    const treeBreaks = breaks.filter((b) => !NOT_YET_SERVED.some((pattern) => pattern.test(b.description)));
    expect(treeBreaks.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
    // The exemptions must all still be needed: each names something really missing.
    expect(breaks.length).toBeGreaterThan(0);
  });

  it.todo('is contained in full: people and accounts (issue 3), service requests (issue 4)');
});
