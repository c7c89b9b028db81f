import 'reflect-metadata';
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config/app-config.js';
import { createDataSource } from '../../../src/database/data-source.js';
import { bootstrapAdmin } from '../../../src/modules/people/bootstrap-admin.js';
import { startServer, type RunningServer } from '../../../src/server.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import { postGraphQL, startTestServer } from '../../support/test-server.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function freshDatabase(): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  const dataSource = createDataSource({ url: db.url, poolSize: 4 });
  await dataSource.initialize();
  cleanups.push(() => dataSource.destroy());
  return { db, dataSource };
}

const configFor = (db: TestDatabase, env: Record<string, string> = {}) =>
  loadConfig({ DATABASE_URL: db.url, SEED_DEMO: 'false', JWT_SECRET: 'test-secret-test-secret-test-secret', ...env });

/** A server on an existing database, collecting its JSON log. */
async function serverOn(db: TestDatabase, env: Record<string, string> = {}): Promise<RunningServer & { logLines: string[] }> {
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk, _e, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startServer({ config: configFor(db, { PORT: '0', HOST: '127.0.0.1', ...env }), logStream, host: '127.0.0.1' });
  cleanups.push(() => server.close());
  return Object.assign(server, { logLines });
}

async function loginCode(url: string, username: string, password: string): Promise<string> {
  const res = await postGraphQL<any>(url, `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { user { role } } }`, {
    u: username,
    p: password,
  });
  return res.body.data?.login?.user?.role ?? res.body.errors?.[0]?.extensions?.code;
}

const admins = async (dataSource: DataSource) =>
  (await dataSource.query(`SELECT username, role FROM app_user ORDER BY id`)) as { username: string; role: string }[];

describe('bootstrap admin with ADMIN_PASSWORD', () => {
  it('creates the CITY_ADMIN, who signs in with that password', async () => {
    const server = await startTestServer({ ADMIN_PASSWORD: 'my-chosen-admin-pw' });
    cleanups.push(() => server.stop());
    expect(await loginCode(server.url, 'admin', 'my-chosen-admin-pw')).toBe('CITY_ADMIN');
    expect(await admins(server.dataSource)).toEqual([{ username: 'admin', role: 'CITY_ADMIN' }]);
  });

  it('uses ADMIN_USERNAME when given', async () => {
    const { dataSource } = await freshDatabase();
    const config = loadConfig({ ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'chief-password-1' });
    expect(await bootstrapAdmin(dataSource, config, () => undefined)).toBe('created');
    expect(await admins(dataSource)).toEqual([{ username: 'chief', role: 'CITY_ADMIN' }]);
  });

  it('creates no second admin when the server starts again on the same database, and keeps the first password', async () => {
    const { db, dataSource } = await freshDatabase();
    const first = await serverOn(db, { ADMIN_PASSWORD: 'first-admin-password' });
    await first.close();
    const second = await serverOn(db, { ADMIN_PASSWORD: 'second-admin-password' });
    expect(await admins(dataSource)).toEqual([{ username: 'admin', role: 'CITY_ADMIN' }]);
    expect(await loginCode(second.url, 'admin', 'first-admin-password')).toBe('CITY_ADMIN');
    expect(await loginCode(second.url, 'admin', 'second-admin-password')).toBe('UNAUTHENTICATED');
  });

  it('creates exactly one admin when several instances bootstrap at once', async () => {
    const { dataSource } = await freshDatabase();
    const config = loadConfig({ ADMIN_PASSWORD: 'parallel-admin-pw' });
    const results = await Promise.all(Array.from({ length: 4 }, () => bootstrapAdmin(dataSource, config, () => undefined)));
    expect(results.filter((r) => r === 'created')).toHaveLength(1);
    expect(results.filter((r) => r === 'exists')).toHaveLength(3);
    expect(await admins(dataSource)).toHaveLength(1);
  });

  it('creates nothing when any user exists already, even if it is not an admin', async () => {
    const { dataSource } = await freshDatabase();
    await dataSource.query(`INSERT INTO app_user (username, password_hash, role) VALUES ('someone', 'x', 'RESIDENT')`);
    const shown: string[] = [];
    expect(await bootstrapAdmin(dataSource, loadConfig({}), (line) => shown.push(line))).toBe('exists');
    expect(shown).toEqual([]);
    expect(await admins(dataSource)).toEqual([{ username: 'someone', role: 'RESIDENT' }]);
  });

  it('records the creation in the audit log without the password', async () => {
    const { dataSource } = await freshDatabase();
    await bootstrapAdmin(dataSource, loadConfig({ ADMIN_PASSWORD: 'audited-admin-pw' }), () => undefined);
    const rows = await dataSource.query(`SELECT action, target_type, summary FROM audit_log`);
    expect(rows).toEqual([
      { action: 'BOOTSTRAP_ADMIN_CREATED', target_type: 'User', summary: { username: 'admin', passwordFrom: 'ADMIN_PASSWORD' } },
    ]);
    expect(JSON.stringify(rows)).not.toContain('audited-admin-pw');
    const [{ password_hash }] = await dataSource.query(`SELECT password_hash FROM app_user`);
    expect(password_hash).toMatch(/^\$argon2id\$/);
    expect(password_hash).not.toContain('audited-admin-pw');
  });
});

describe('bootstrap admin without ADMIN_PASSWORD', () => {
  it('shows a random password once through the given function, and that password signs in', async () => {
    const { db, dataSource } = await freshDatabase();
    const shown: string[] = [];
    expect(await bootstrapAdmin(dataSource, configFor(db), (line) => shown.push(line))).toBe('created');
    expect(shown).toHaveLength(1);
    const password = /password: (\S+)/.exec(shown[0])?.[1];
    expect(password).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(16);
    // Shown once: a second run (a restart) shows nothing.
    expect(await bootstrapAdmin(dataSource, configFor(db), (line) => shown.push(line))).toBe('exists');
    expect(shown).toHaveLength(1);
    const server = await serverOn(db);
    expect(await loginCode(server.url, 'admin', password!)).toBe('CITY_ADMIN');
    expect(server.logLines.join('\n')).not.toContain(password!);
    const [{ summary }] = await dataSource.query(`SELECT summary FROM audit_log WHERE action = 'BOOTSTRAP_ADMIN_CREATED'`);
    expect(summary).toEqual({ username: 'admin', passwordFrom: 'generated' });
  });

  it('makes a different password on each fresh database', async () => {
    const a = await freshDatabase();
    const b = await freshDatabase();
    const shown: string[] = [];
    await bootstrapAdmin(a.dataSource, loadConfig({}), (line) => shown.push(line));
    await bootstrapAdmin(b.dataSource, loadConfig({}), (line) => shown.push(line));
    const [pa, pb] = shown.map((line) => /password: (\S+)/.exec(line)![1]);
    expect(pa).not.toBe(pb);
  });

  it('prints it to stdout when the server starts, never into the JSON log', async () => {
    const { db } = await freshDatabase();
    const written: string[] = [];
    const real = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (real as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write);
    const server = await serverOn(db);
    vi.restoreAllMocks();
    const lines = written.filter((w) => w.includes('with password: '));
    expect(lines).toHaveLength(1);
    const password = /password: (\S+)/.exec(lines[0])![1];
    expect(() => JSON.parse(lines[0])).toThrow(); // a plain line, not a JSON log record
    expect(server.logLines.some((l) => l.includes(password))).toBe(false);
    expect(await loginCode(server.url, 'admin', password)).toBe('CITY_ADMIN');
  });
});
