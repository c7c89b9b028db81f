import type { DataSource } from 'typeorm';
import { demoTreeRows, importTreeInTransaction } from './modules/org/index.js';
import { seedDemoResponders } from './modules/people/index.js';
import { seedFacilityDemo } from './modules/facilities/index.js';
import { seedVolunteerDemo } from './modules/volunteers/index.js';

/** Any fixed 64-bit key: "grid-governance demo seed". */
const DEMO_SEED_LOCK_KEY = '7318293043';

/**
 * Loads the demo street when the tree is empty (the tree from org, two responders per
 * courtyard from people, facilities of several types from facilities); returns how many units it loaded.
 * Instances starting together queue on a transaction-level advisory lock and re-check
 * emptiness once they hold it, so the demo is loaded exactly once.
 */
export async function seedDemoIfEmpty(dataSource: DataSource): Promise<number> {
  return dataSource.transaction('READ COMMITTED', async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK_KEY]);
    const [{ empty }]: { empty: boolean }[] = await tx.query('SELECT NOT EXISTS (SELECT 1 FROM org_unit) AS empty');
    if (!empty) return 0;
    const summary = await importTreeInTransaction(tx, { rows: demoTreeRows(), problems: [] });
    await seedDemoResponders(tx);
    await seedFacilityDemo(tx);
    return summary.total;
  });
}

/**
 * The whole demo: the street (above), then its volunteer service, which needs the street
 * and is loaded once under its own lock; returns how many units and volunteers were loaded.
 */
export async function seedDemo(dataSource: DataSource): Promise<{ units: number; volunteers: number }> {
  const units = await seedDemoIfEmpty(dataSource);
  const volunteers = await seedVolunteerDemo(dataSource);
  return { units, volunteers };
}
