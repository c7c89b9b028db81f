/**
 * The embedded PostgreSQL's superuser has a random password kept in DATA_DIR (mode 0600),
 * not `postgres`; a data directory made before keeps working and gets one on its first start.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD_FILE, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { cleanupAll, makeDataDir } from '../support/process.js';

afterAll(cleanupAll, 120_000);

const running: EmbeddedDatabase[] = [];
afterAll(async () => {
  for (const db of running) await db.stop().catch(() => undefined);
}, 120_000);

async function start(dataDir: string, log: string[] = []): Promise<EmbeddedDatabase> {
  const db = await startEmbeddedPostgres(dataDir, (m) => log.push(m));
  running.push(db);
  return db;
}

/** Whether the superuser signs in with `password` on the cluster behind `url`. */
async function signsIn(url: string, password: string): Promise<boolean> {
  const u = new URL(url);
  const client = new pg.Client({ host: u.hostname, port: Number(u.port), user: 'postgres', password, database: 'postgres' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    expect(String((error as Error).message)).toMatch(/password authentication failed/);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe.sequential('the embedded superuser password', () => {
  const dataDir = makeDataDir('pgpass');
  const file = join(dataDir, PASSWORD_FILE);

  it('a fresh DATA_DIR: a random password, in a file only the server user can read; `postgres` is refused', async () => {
    const db = await start(dataDir);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(decodeURIComponent(new URL(db.url).password)).toBe(password);
    expect(await signsIn(db.url, password)).toBe(true);
    expect(await signsIn(db.url, 'postgres')).toBe(false);
    await db.stop();
  }, 120_000);

  it('a restart reads it back', async () => {
    const before = readFileSync(file, 'utf8');
    const db = await start(dataDir);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await signsIn(db.url, before.trim())).toBe(true);
    // Put the directory back as older servers left it: password `postgres`, no file.
    const client = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, '/postgres') });
    await client.connect();
    await client.query(`CREATE TABLE kept_across (x int); INSERT INTO kept_across VALUES (42)`);
    await client.query(`ALTER ROLE postgres PASSWORD 'postgres'`);
    await client.end();
    rmSync(file);
    await db.stop();
  }, 120_000);

  it('a DATA_DIR from before: the first start moves it to a random password and writes the file; the data is intact', async () => {
    const log: string[] = [];
    const db = await start(dataDir, log);
    expect(log.some((line) => line.includes('password is now random'))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(await signsIn(db.url, 'postgres')).toBe(false);
    expect(await signsIn(db.url, password)).toBe(true);
    const client = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, '/postgres') });
    await client.connect();
    expect((await client.query(`SELECT x FROM kept_across`)).rows).toEqual([{ x: 42 }]);
    await client.end();
    await db.stop();
  }, 120_000);

  it('a start that crashed between ALTER ROLE and writing the file: the pending password is found and kept', async () => {
    const db = await start(dataDir);
    const pending = 'ab'.repeat(24);
    const client = new pg.Client({ connectionString: db.url.replace(/\/[^/]*$/, '/postgres') });
    await client.connect();
    await client.query(`ALTER ROLE postgres PASSWORD '${pending}'`);
    await client.end();
    writeFileSync(join(dataDir, 'pg-password.pending'), `${pending}\n`, { mode: 0o600 });
    rmSync(file);
    await db.stop();

    const again = await start(dataDir);
    expect(readFileSync(file, 'utf8').trim()).toBe(pending);
    expect(existsSync(join(dataDir, 'pg-password.pending'))).toBe(false);
    expect(await signsIn(again.url, pending)).toBe(true);
    await again.stop();
  }, 120_000);
});
