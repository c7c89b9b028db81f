import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../../src/database/data-source.js';
import { revertLastMigration, runMigrationsLocked } from '../../../src/database/migration-runner.js';
import { MIGRATIONS } from '../../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import type { DataSource } from 'typeorm';

/** Every migration's `down` really undoes its `up`: all the way down, and up again. */
let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = createDataSource({ url: db.url, poolSize: 2 });
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

const tables = async () =>
  (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map(
    (r: { tablename: string }) => r.tablename,
  );

describe('migrations', () => {
  it('revert one by one to an empty schema, then apply again to the same tables', async () => {
    const before = await tables();
    expect(before).toEqual(expect.arrayContaining(['org_unit', 'member', 'app_user', 'service_request', 'request_event']));
    for (let i = 0; i < MIGRATIONS.length; i++) await revertLastMigration(dataSource);
    expect(await tables()).toEqual(['schema_migrations']);
    const types = await dataSource.query(`SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE nspname = 'public' AND typtype = 'e'`);
    expect(types).toEqual([]);
    const applied = await runMigrationsLocked(dataSource);
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual(before);
  });

  it('apply nothing twice when run again', async () => {
    expect(await runMigrationsLocked(dataSource)).toEqual([]);
  });
});
