import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

/**
 * The database refuses a bad tree by itself: these rows are written with raw SQL, past
 * every check of the application.
 */
let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`
    INSERT INTO org_unit (id, parent_id, level, code, name) VALUES
      (1, NULL, 'STREET_COMMITTEE', 'S', '街道'),
      (2, 1, 'GENERAL_BRANCH', 'S-G', '总支'),
      (3, 2, 'BRANCH', 'S-G-B', '支部'),
      (4, 3, 'COURTYARD_GROUP', 'S-G-B-C', '小组'),
      (5, NULL, 'STREET_COMMITTEE', 'T', '另一街道');
    SELECT setval(pg_get_serial_sequence('org_unit', 'id'), 100);`);
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function refused(sql: string, params: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, params);
  } catch (error) {
    return (error as { constraint?: string; code?: string }).constraint ?? (error as { code: string }).code;
  }
  throw new Error(`the database accepted: ${sql}`);
}

describe('tree invariants enforced by PostgreSQL', () => {
  it('computes paths from the parent', async () => {
    const { rows } = await client.query(`SELECT code, path::text FROM org_unit ORDER BY id`);
    expect(rows.map((r) => r.path)).toEqual(['1', '1.2', '1.2.3', '1.2.3.4', '5']);
  });

  it('refuses a root that is not a street committee', async () => {
    // Both the root rule and the depth rule catch it; PostgreSQL reports whichever it checks first.
    expect(await refused(`INSERT INTO org_unit (level, code, name) VALUES ('BRANCH', 'X1', 'x')`)).toMatch(
      /^org_unit_(root_is_street|depth_matches_level)$/,
    );
  });

  it('refuses a street committee with a parent', async () => {
    expect(
      await refused(`INSERT INTO org_unit (parent_id, level, code, name) VALUES (1, 'STREET_COMMITTEE', 'X2', 'x')`),
    ).toMatch(/^org_unit_(root_is_street|depth_matches_level)$/);
  });

  it('refuses a parent of the wrong level', async () => {
    // A branch directly under a street: the depth of its path (2) does not fit a BRANCH.
    expect(await refused(`INSERT INTO org_unit (parent_id, level, code, name) VALUES (1, 'BRANCH', 'X3', 'x')`)).toBe(
      'org_unit_depth_matches_level',
    );
    // A courtyard group under a general branch, with a path forged to the right depth.
    expect(
      await refused(
        `INSERT INTO org_unit (id, parent_id, level, code, name, path) VALUES (200, 2, 'COURTYARD_GROUP', 'X4', 'x', '1.2.9.200')`,
      ),
    ).toBe('org_unit_parent_level');
  });

  it('refuses a duplicate code', async () => {
    expect(await refused(`INSERT INTO org_unit (parent_id, level, code, name) VALUES (1, 'GENERAL_BRANCH', 'S-G', 'x')`)).toBe(
      'org_unit_code_key',
    );
  });

  it('refuses an inconsistent path: not the parent path plus the id', async () => {
    expect(
      await refused(`INSERT INTO org_unit (id, parent_id, level, code, name, path) VALUES (201, 1, 'GENERAL_BRANCH', 'X5', 'x', '5.201')`),
    ).toBe('org_unit_path_consistent');
    expect(
      await refused(`INSERT INTO org_unit (id, parent_id, level, code, name, path) VALUES (202, 1, 'GENERAL_BRANCH', 'X6', 'x', '1.999')`),
    ).toBe('org_unit_path_ends_in_id');
  });

  it('refuses a re-parenting that leaves the subtree paths behind', async () => {
    // Moving the general branch under street T without rewriting its own and its children's paths.
    expect(await refused(`UPDATE org_unit SET parent_id = 5 WHERE id = 2`)).toBe('org_unit_path_consistent');
    // Rewriting only the moved row: its children now point at a stale path.
    expect(await refused(`UPDATE org_unit SET parent_id = 5, path = '5.2' WHERE id = 2`)).toBe('org_unit_path_consistent');
  });

  it('accepts a whole-subtree move done in one statement', async () => {
    await client.query(`
      UPDATE org_unit u SET parent_id = CASE WHEN u.id = 2 THEN 5 ELSE u.parent_id END,
                            path = '5'::ltree || subpath(u.path, 1)
       WHERE u.path <@ '1.2'`);
    const { rows } = await client.query(`SELECT path::text FROM org_unit WHERE id IN (2, 3, 4) ORDER BY id`);
    expect(rows.map((r) => r.path)).toEqual(['5.2', '5.2.3', '5.2.3.4']);
  });

  it('refuses a live unit under an archived one, and archiving a unit with live children', async () => {
    expect(await refused(`UPDATE org_unit SET archived = true, archived_at = now() WHERE id = 3`)).toBe('org_unit_live_parent');
    await client.query(`UPDATE org_unit SET archived = true, archived_at = now() WHERE id = 4`);
    await client.query(`UPDATE org_unit SET archived = true, archived_at = now() WHERE id = 3`);
    expect(await refused(`INSERT INTO org_unit (parent_id, level, code, name) VALUES (3, 'COURTYARD_GROUP', 'X7', 'x')`)).toBe(
      'org_unit_live_parent',
    );
  });

  it('refuses codes and names outside their length limits', async () => {
    expect(await refused(`INSERT INTO org_unit (level, code, name) VALUES ('STREET_COMMITTEE', '', 'x')`)).toBe(
      'org_unit_code_length',
    );
    expect(
      await refused(`INSERT INTO org_unit (level, code, name) VALUES ('STREET_COMMITTEE', 'X8', $1)`, ['名'.repeat(101)]),
    ).toBe('org_unit_name_length');
  });

  it('serves subtree reads from the GiST index on the path', async () => {
    await client.query('BEGIN');
    try {
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query(`EXPLAIN SELECT id FROM org_unit WHERE path <@ '5.2'::ltree`);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/org_unit_path_gist/);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
