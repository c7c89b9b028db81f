import { existsSync, readFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, findBreakingChanges, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/common/errors/domain-error.js';
import { CONTRACT_CODES } from '../support/contract-codes.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The served schema must contain the public contract (test/contract/schema.graphql, a copy
 * of ../shared/contract/schema.graphql) and each contract part the server has built
 * (test/contract/<part>.graphql, copies of ../shared/contract/<part>.graphql, which extend
 * it): no type, field, argument or enum value of them missing, renamed or tightened.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const read = (file: string) => readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
const shared = (file: string) => new URL(`../../../shared/contract/${file}`, import.meta.url);
const contractText = read('schema.graphql');

/** A contract part extends schema.graphql; it is checked together with it. */
const PARTS = ['volunteers', 'assessment', 'service', 'open311'];
const partText = (part: string) => readFileSync(new URL(`./${part}.graphql`, import.meta.url), 'utf8');

describe('the public contract', () => {
  it("has the server's error codes, and the tests check answers against the same list", () => {
    expect(new Set(Object.values(ErrorCode))).toEqual(CONTRACT_CODES);
  });

  it('is contained in full in the served schema, with nothing renamed or tightened', () => {
    const served = buildSchema(printSchema(server.app.get(GraphQLSchemaHost).schema));
    const breaks = findBreakingChanges(buildSchema(contractText), served);
    expect(breaks.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
  });

  for (const part of PARTS) {
    it(`contains the ${part} part in full, with nothing renamed or tightened`, () => {
      const served = buildSchema(printSchema(server.app.get(GraphQLSchemaHost).schema));
      const breaks = findBreakingChanges(buildSchema(`${contractText}\n${partText(part)}`), served);
      expect(breaks.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
    });

    const sharedPart = new URL(`../../../shared/contract/${part}.graphql`, import.meta.url);
    it.skipIf(!existsSync(sharedPart))(`has ${part}.graphql the same as ../shared/contract/${part}.graphql`, () => {
      expect(partText(part)).toBe(readFileSync(sharedPart, 'utf8'));
    });
  }

  // A clone without ../shared beside it tests the copy alone.
  it.skipIf(!existsSync(shared('schema.graphql')))('is the same file as ../shared/contract/schema.graphql', () => {
    expect(contractText).toBe(readFileSync(shared('schema.graphql'), 'utf8'));
  });
});
