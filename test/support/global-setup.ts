import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDataSource } from '../../src/database/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { runMigrationsLocked } from '../../src/database/migration-runner.js';
import { databaseUrl } from './db-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database the tests may connect to for CREATE/DROP DATABASE. */
    adminDatabaseUrl: string;
    /** A database with every migration applied, copied per test file. */
    templateDatabase: string;
  }
}

/**
 * Runs the real migrations once into a template database; each test file then gets its
 * own copy (CREATE DATABASE … TEMPLATE), so files run in parallel without sharing rows.
 * Uses DATABASE_URL when set (CI), otherwise an embedded PostgreSQL in .test-data/.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres('.test-data', () => undefined, 'postgres');
    adminUrl = embedded.url;
  }
  // Names carry this run's pid, so cleanup never touches the databases of a run still going.
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const template = `gg_template_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await dropLeftovers(admin, (pid) => !isAlive(pid));
  await admin.query(`CREATE DATABASE ${template}`);

  const dataSource = createDataSource({ url: databaseUrl(adminUrl, template), poolSize: 2 });
  await dataSource.initialize();
  await runMigrationsLocked(dataSource);
  await dataSource.destroy();

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await dropLeftovers(admin, (pid) => pid === process.pid);
    await admin.end();
    await embedded?.stop();
  };
}

/** Test databases (gg_t_<pid>_…, gg_template_<pid>_…) of the runs `ofRun` picks by pid. */
async function dropLeftovers(admin: pg.Client, ofRun: (pid: number) => boolean): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname ~ '^gg_(t|template)_[0-9]+_'`,
  );
  for (const { datname } of rows) {
    const pid = Number(/^gg_(?:t|template)_(\d+)_/.exec(datname)![1]);
    if (ofRun(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
