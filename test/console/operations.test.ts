import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Every GraphQL operation the console sends is valid against the schema the server serves
 * now, so a server change that breaks the console fails here (regenerate the console's
 * types with `npm run console:codegen` after changing either).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'gql' ? [] : sources(join(dir, e.name))) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe("the console's operations", () => {
  it('all validate against the served schema', () => {
    const documents = sources('console/src').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]),
    );
    expect(documents.length).toBeGreaterThan(30);
    const schema = server.app.get(GraphQLSchemaHost).schema;
    const errors = validate(schema, parse(documents.join('\n'))).map((e) => e.message);
    expect(errors).toEqual([]);
  });
});
