import type { DataSource, EntityManager } from 'typeorm';
import { demoTreeRows } from './demo-tree.js';
import { importTreeInTransaction } from './tree-import.js';

/** Any fixed 64-bit key: "grid-governance demo seed". */
const DEMO_SEED_LOCK_KEY = '7318293043';

/**
 * Loads the demo street when the tree is empty; returns how many units it loaded.
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
    return summary.total;
  });
}

/**
 * Two responders in every demo courtyard, between them covering every default category,
 * so a submitted request reaches someone at once. Names and phones are made up.
 */
async function seedDemoResponders(tx: EntityManager): Promise<void> {
  await tx.query(
    `INSERT INTO member (unit_id, name, phone, party_member, responder, skills)
     SELECT u.id,
            (ARRAY['张','王','李','赵','刘','陈','杨','黄','周','吴','徐','孙'])[1 + (u.id * 2 + r.n) % 12] || r.title,
            '139037' || lpad(((u.id * 2 + r.n) % 100000)::text, 5, '0'),
            r.party, true, r.skills
       FROM org_unit u
      CROSS JOIN (VALUES
        (0, '师傅', false, ARRAY['ROAD','STREET_LIGHT','WATER_DRAIN','FACILITY','GREENERY']),
        (1, '网格员', true, ARRAY['SANITATION','SECURITY','NEIGHBOUR_DISPUTE','ELDERLY_CARE','OTHER','STREET_LIGHT'])
      ) AS r(n, title, party, skills)
      WHERE u.level = 'COURTYARD_GROUP'
      ORDER BY u.id, r.n`,
  );
}
