import { existsSync, readFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, findBreakingChanges, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/common/errors/domain-error.js';
import { CONTRACT_CODES } from '../support/contract-codes.js';
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

const contractText = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');
const sharedContract = new URL('../../../shared/contract/schema.graphql', import.meta.url);

describe('the public contract', () => {
  it("has the server's error codes, and the tests check answers against the same list", () => {
    expect(new Set(Object.values(ErrorCode))).toEqual(CONTRACT_CODES);
  });

  it('is contained in full in the served schema, with nothing renamed or tightened', () => {
    const served = buildSchema(printSchema(server.app.get(GraphQLSchemaHost).schema));
    const breaks = findBreakingChanges(buildSchema(contractText), served);
    expect(breaks.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
  });

  // A clone without ../shared beside it tests the copy alone.
  it.skipIf(!existsSync(sharedContract))('is the same file as ../shared/contract/schema.graphql', () => {
    expect(contractText).toBe(readFileSync(sharedContract, 'utf8'));
  });
});

/** The parts that have landed, each checked as schema.graphql plus the part (test/contract/<part>.graphql, a copy). */
const LANDED_PARTS = ['open311'];

describe.each(LANDED_PARTS)('the contract part %s', (part) => {
  const partText = readFileSync(new URL(`./${part}.graphql`, import.meta.url), 'utf8');
  const sharedPart = new URL(`../../../shared/contract/${part}.graphql`, import.meta.url);

  it('is contained in full in the served schema, with nothing renamed or tightened', () => {
    const served = buildSchema(printSchema(server.app.get(GraphQLSchemaHost).schema));
    const breaks = findBreakingChanges(buildSchema(`${contractText}\n${partText}`), served);
    expect(breaks.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
  });

  it.skipIf(!existsSync(sharedPart))(`is the same file as ../shared/contract/${part}.graphql`, () => {
    expect(partText).toBe(readFileSync(sharedPart, 'utf8'));
  });
});
