/**
 * JWT_SECRET: required (32 bytes or more) with NODE_ENV=production; elsewhere, when unset,
 * the key is generated once and kept in the database, so that several instances and
 * restarts accept each other's tokens. Real processes of the built server.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { adminToken, cleanupAll, graphql, runToExit, startServerProcess } from '../support/process.js';

afterAll(cleanupAll, 120_000);

describe('in production', () => {
  const refused: [string, string | undefined][] = [
    ['unset', undefined],
    ['31 bytes', 'x'.repeat(31)],
    ['20 characters (20 bytes)', 'x'.repeat(20)],
  ];

  it.each(refused)('JWT_SECRET %s: exit 1 with one line naming it, before anything starts', async (_label, secret) => {
    const result = await runToExit({ NODE_ENV: 'production', JWT_SECRET: secret, DATABASE_URL: undefined, DATA_DIR: '/nonexistent/never-created' }, 80_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(/^Invalid configuration: JWT_SECRET: .*NODE_ENV=production.*32 bytes/);
    expect(result.stdout).toEqual([]);
  }, 90_000);

  it('accepts 32 bytes or more, counted in UTF-8 (16 characters of 2 bytes will do)', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toHaveLength(32);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'é'.repeat(16) }).production).toBe(true);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'e'.repeat(31) })).toThrow(/^Invalid configuration: JWT_SECRET: /);
  });
});

describe.sequential('outside production, without JWT_SECRET', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await cleanupAll();
    await db?.drop();
  }, 120_000);

  const env = () => ({ DATABASE_URL: db.url, JWT_SECRET: undefined, NODE_ENV: 'development', SEED_DEMO: 'false' });
  const me = async (baseUrl: string, token: string) => (await graphql<{ me: { username: string } }>(baseUrl, '{ me { username } }', {}, token)).data?.me;

  it('two instances starting at once share one generated key; a restart keeps it', async () => {
    const [a, b] = await Promise.all([startServerProcess(env(), 90_000), startServerProcess(env(), 90_000)]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT octet_length(key) AS bytes FROM auth_signing_key`);
      expect(rows).toEqual([{ bytes: 32 }]);
    } finally {
      await client.end();
    }

    const fromA = await adminToken(a.baseUrl);
    const fromB = await adminToken(b.baseUrl);
    expect(await me(b.baseUrl, fromA)).toEqual({ username: 'admin' });
    expect(await me(a.baseUrl, fromB)).toEqual({ username: 'admin' });

    // A restart of A: the tokens signed before still work, on both.
    expect((await a.stop(30_000)).code).toBe(0);
    const again = await startServerProcess(env(), 90_000);
    expect(await me(again.baseUrl, fromA)).toEqual({ username: 'admin' });
    expect(await me(again.baseUrl, fromB)).toEqual({ username: 'admin' });
    expect(await me(b.baseUrl, await adminToken(again.baseUrl))).toEqual({ username: 'admin' });

    // A token signed with another key is refused.
    const forged = fromA.slice(0, fromA.lastIndexOf('.') + 1) + 'A'.repeat(43);
    const refusedForged = await graphql(again.baseUrl, '{ me { username } }', {}, forged);
    expect((refusedForged.errors?.[0] as { extensions?: { code?: string } })?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 300_000);
});
