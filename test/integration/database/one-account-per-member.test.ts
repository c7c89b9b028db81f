import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { OneActiveAccountPerMember1796061000000 } from '../../../migrations/1796061000000-one-active-account-per-member.js';
import { createDataSource } from '../../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

/**
 * `app_user.member_id` is unique among active accounts. The migration is run on data that
 * breaks the rule (its index dropped first, then duplicate accounts written): it keeps the
 * oldest active account of each member, deactivates and signs out the others with an audit
 * entry each, and leaves inactive accounts and other members alone.
 */
let db: TestDatabase;
let ds: DataSource;
const migration = new OneActiveAccountPerMember1796061000000();

beforeAll(async () => {
  db = await createTestDatabase();
  ds = createDataSource({ url: db.url, poolSize: 2 });
  await ds.initialize();
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

async function migrate(step: 'up' | 'down'): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await runner.startTransaction();
    await migration[step](runner);
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}

async function account(username: string, memberId: string, created: string, active = true, role = 'RESPONDER'): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO app_user (username, password_hash, role, member_id, active, created_at) VALUES ($1, 'x', $2, $3, $4, $5) RETURNING id::text AS id`,
    [username, role, memberId, active, created],
  );
  return row.id;
}

describe('one active account per member', () => {
  it('the migration keeps the oldest active account, deactivates the others with an audit entry each', async () => {
    await migrate('down');
    const [street] = await ds.query(`INSERT INTO org_unit (code, name, level) VALUES ('DUP', '街道', 'STREET_COMMITTEE') RETURNING id::text AS id, path::text AS path`);
    const [m1, m2, m3] = await Promise.all(
      ['甲', '乙', '丙'].map(async (name) => (await ds.query(`INSERT INTO member (unit_id, name) VALUES ($1, $2) RETURNING id::text AS id`, [street.id, name]))[0].id as string),
    );
    // m1: three active accounts and an older inactive one; the oldest active is `m1_b` (created second, id larger than m1_c's).
    const m1Old = await account('m1_inactive', m1, '2026-01-01T00:00:00Z', false);
    const m1c = await account('m1_c', m1, '2026-03-01T00:00:00Z');
    const m1b = await account('m1_b', m1, '2026-02-01T00:00:00Z');
    const m1d = await account('m1_d', m1, '2026-03-01T00:00:00Z');
    // m2: two active accounts created at the same instant: the smaller id stays.
    const m2a = await account('m2_a', m2, '2026-02-01T00:00:00Z');
    const m2b = await account('m2_b', m2, '2026-02-01T00:00:00Z');
    // m3: one account, nothing to do.
    const m3a = await account('m3_a', m3, '2026-02-01T00:00:00Z');
    const versions = Object.fromEntries(
      (await ds.query(`SELECT id::text AS id, token_version FROM app_user`)).map((r: { id: string; token_version: number }) => [r.id, r.token_version]),
    );

    await migrate('up');

    const rows: { id: string; active: boolean; token_version: number }[] = await ds.query(
      `SELECT id::text AS id, active, token_version FROM app_user WHERE id = ANY($1::bigint[]) ORDER BY id`,
      [[m1Old, m1b, m1c, m1d, m2a, m2b, m3a]],
    );
    const state = Object.fromEntries(rows.map((r) => [r.id, r.active]));
    expect(state).toEqual({ [m1Old]: false, [m1b]: true, [m1c]: false, [m1d]: false, [m2a]: true, [m2b]: false, [m3a]: true });
    // The deactivated are signed out; the others keep their tokens.
    for (const r of rows) expect(r.token_version - versions[r.id]).toBe([m1c, m1d, m2b].includes(r.id) ? 1 : 0);

    const audit: { target_id: string; action: string; unit_path: string; summary: Record<string, string> }[] = await ds.query(
      `SELECT target_id, action, unit_path::text AS unit_path, summary FROM audit_log WHERE action = 'USER_DEACTIVATED_DUPLICATE' ORDER BY target_id::bigint`,
    );
    expect(audit.map((a) => [a.target_id, a.summary.keptUserId, a.summary.memberId])).toEqual(
      [
        [m1c, m1b, m1],
        [m1d, m1b, m1],
        [m2b, m2a, m2],
      ].sort((x, y) => Number(x[0]) - Number(y[0])),
    );
    for (const a of audit) expect(a.unit_path).toBe(street.path);

    // From now on the database refuses a second active account, also by reactivation; inactive ones are fine.
    await expect(account('m3_b', m3, '2026-04-01T00:00:00Z')).rejects.toThrow(/app_user_member_active_key/);
    await expect(ds.query(`UPDATE app_user SET active = true WHERE id = $1`, [m1c])).rejects.toThrow(/app_user_member_active_key/);
    await account('m3_inactive', m3, '2026-04-01T00:00:00Z', false);
  });
});
