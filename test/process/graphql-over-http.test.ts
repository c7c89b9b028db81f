/**
 * GraphQL over HTTP against the built server as `npm start` runs it: the graphql-http
 * project's own audit (`auditServer`) passes every MUST and every SHOULD, and the
 * project's rules that go beyond the specification hold with both response media types
 * (GET never mutates: 405; a POST that is not JSON: 415).
 */
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, startServerProcess, type ServerProcess } from '../support/process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
let db: TestDatabase;
let server: ServerProcess;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: db.url, SEED_DEMO: 'false' });
  url = `${server.baseUrl}/graphql`;
}, 120_000);
afterAll(async () => {
  await cleanupAll();
  await db?.drop();
}, 120_000);

const post = (accept: string | null, body: unknown, contentType = 'application/json') =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(accept ? { accept } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the graphql-http audit', () => {
  it('passes every MUST and every SHOULD', async () => {
    const results: AuditResult[] = await auditServer({ url });
    const failed = (level: string) =>
      results.filter((r) => r.name.startsWith(level) && r.status !== 'ok').map((r) => `${r.id} ${r.name}: ${r.status === 'ok' ? '' : r.reason}`);
    expect(results.filter((r) => r.name.startsWith('MUST'))).toHaveLength(13);
    expect(results.filter((r) => r.name.startsWith('SHOULD')).length).toBeGreaterThan(0);
    expect(failed('MUST')).toEqual([]);
    expect(failed('SHOULD')).toEqual([]);
  });
});

describe('response media types', () => {
  it('answers application/graphql-response+json when asked, application/json otherwise', async () => {
    for (const [accept, type] of [
      [GRAPHQL_RESPONSE, GRAPHQL_RESPONSE],
      [`${GRAPHQL_RESPONSE}, application/json;q=0.9`, GRAPHQL_RESPONSE],
      [`application/json, ${GRAPHQL_RESPONSE};q=0.5`, 'application/json'],
      ['application/json', 'application/json'],
      [null, 'application/json'],
    ] as const) {
      const res = await post(accept, { query: '{ __typename }' });
      expect([accept, res.status, res.headers.get('content-type')?.split(';')[0]]).toEqual([accept, 200, type]);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it('a request error (parse, validation, variable coercion) is 400 with no data for graphql-response+json, 200 for application/json', async () => {
    const cases = [
      [{ query: '{ __typename' }, 'GRAPHQL_PARSE_FAILED'],
      [{ query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
      [{ query: 'query($n: Int) { orgUnits(first: $n) { totalCount } }', variables: { n: 'many' } }, 'GRAPHQL_VALIDATION_FAILED'],
    ] as const;
    for (const [body, code] of cases) {
      for (const [accept, status] of [
        [GRAPHQL_RESPONSE, 400],
        ['application/json', 200],
      ] as const) {
        const res = await post(accept, body);
        const json = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
        expect([body.query, accept, res.status, 'data' in json]).toEqual([body.query, accept, status, false]);
        expect(json.errors[0].extensions.code).toBe(code);
      }
    }
  });

  it('takes "extensions": null as no extensions', async () => {
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const res = await post(accept, { query: '{ __typename }', extensions: null });
      expect(res.status).toBe(200);
    }
  });

  it('keeps 405 for a mutation over GET and 415 for a POST that is not JSON, with either media type', async () => {
    const mutation = 'mutation { login(input: { username: "nobody", password: "nobody-password" }) { token } }';
    for (const accept of [GRAPHQL_RESPONSE, 'application/json']) {
      const get = await fetch(`${url}?query=${encodeURIComponent(mutation)}`, { headers: { accept } });
      expect([accept, get.status]).toEqual([accept, 405]);
      const form = await post(accept, `query=${encodeURIComponent(mutation)}`, 'application/x-www-form-urlencoded');
      expect([accept, form.status]).toEqual([accept, 415]);
    }
  });

  it('refuses request parameters of the wrong JSON type with 400 before the schema coerces them', async () => {
    for (const body of [{ query: 1 }, { query: ['{ __typename }'] }, { query: '{ __typename }', variables: 'x' }, { query: '{ __typename }', operationName: false }]) {
      const res = await post('application/json', body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
  });
});
