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
  const template = `gg_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await dropLeftovers(admin);
  await admin.query(`CREATE DATABASE ${template}`);

  const dataSource = createDataSource({ url: databaseUrl(adminUrl, template), poolSize: 2 });
  await dataSource.initialize();
  await runMigrationsLocked(dataSource);
  await dataSource.destroy();

  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    await dropLeftovers(admin);
    await admin.end();
    await embedded?.stop();
  };
}

/** Test databases of this or an earlier run that nobody is connected to any more. */
async function dropLeftovers(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database d
      WHERE (datname LIKE 'gg\\_t\\_%' OR datname LIKE 'gg\\_template\\_%')
        AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}"`);
}
