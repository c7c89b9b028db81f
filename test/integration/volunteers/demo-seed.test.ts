import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source.js';
import { seedDemoIfEmpty } from '../../../src/demo-seed.js';
import { eligibleLevel, parseStarThresholds, seedVolunteerDemo } from '../../../src/modules/volunteers/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

/** The demo street's volunteer service: one organisation of each kind, activities, hours across the stars. */
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

describe('the volunteer demo', () => {
  it('loads nothing without the demo street', async () => {
    expect(await seedVolunteerDemo(dataSource)).toBe(0);
  });

  it('loads once, after the demo tree, what a street office would show', async () => {
    await seedDemoIfEmpty(dataSource);
    expect(await seedVolunteerDemo(dataSource)).toBeGreaterThan(0);
    expect(await seedVolunteerDemo(dataSource)).toBe(0);
    const kinds = await dataSource.query(`SELECT kind::text AS kind FROM volunteer_org ORDER BY kind`);
    expect(kinds.map((k: { kind: string }) => k.kind).sort()).toEqual(['COMMUNITY', 'GRASSROOTS', 'LEI_FENG_TEAM', 'PROFESSIONAL']);
    const activities = await dataSource.query(`SELECT status::text AS status, starts_at > now() AS upcoming FROM volunteer_activity ORDER BY starts_at`);
    expect(activities).toEqual([{ status: 'CLOSED', upcoming: false }, { status: 'PUBLISHED', upcoming: true }]);
    const totals: { t: number; ledger: number }[] = await dataSource.query(
      `SELECT approved_tenths::int AS t, (SELECT coalesce(sum(tenths), 0)::int FROM volunteer_hours_entry e WHERE e.volunteer_id = v.id AND e.status = 'APPROVED') AS ledger FROM volunteer v`,
    );
    expect(totals.every((r) => r.t === r.ledger)).toBe(true);
    const levels = new Set(totals.map((r) => eligibleLevel(r.t, parseStarThresholds('100,300,600,1000,1500')!)));
    expect([...levels].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const [signups] = await dataSource.query(`SELECT signup_count FROM volunteer_activity WHERE status = 'CLOSED'`);
    expect(signups.signup_count).toBe(3);
  });
});
