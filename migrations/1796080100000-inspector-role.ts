import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The INSPECTOR role. Its own migration (its own transaction): PostgreSQL cannot use an enum
 * value in the transaction that added it, and the next migration's CHECK names it.
 */
export class InspectorRole1796080100000 implements MigrationInterface {
  name = 'InspectorRole1796080100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TYPE user_role ADD VALUE IF NOT EXISTS 'INSPECTOR'`);
  }

  /** PostgreSQL cannot drop an enum value: the type is rebuilt without it (refused while an INSPECTOR exists). */
  async down(q: QueryRunner): Promise<void> {
    const labels: { label: string }[] = await q.query(
      `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
        WHERE t.typname = 'user_role' AND e.enumlabel <> 'INSPECTOR' ORDER BY e.enumsortorder`,
    );
    await q.query(`ALTER TYPE user_role RENAME TO user_role_with_inspector`);
    await q.query(`CREATE TYPE user_role AS ENUM (${labels.map((l) => `'${l.label.replace(/'/g, "''")}'`).join(', ')})`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_scope`);
    await q.query(`ALTER TABLE app_user ALTER COLUMN role TYPE user_role USING role::text::user_role`);
    await q.query(`
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_scope CHECK (
        CASE role
          WHEN 'CITY_ADMIN' THEN scope_unit_id IS NULL
          WHEN 'RESIDENT' THEN scope_unit_id IS NULL AND member_id IS NULL
          WHEN 'STREET_ADMIN' THEN scope_unit_id IS NOT NULL
          WHEN 'SECRETARY' THEN scope_unit_id IS NOT NULL
          WHEN 'RESPONDER' THEN scope_unit_id IS NULL AND member_id IS NOT NULL
        END)`);
    // The audit log keeps who acted; an inspector's entries keep their id, without the role.
    await q.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await q.query(
      `ALTER TABLE audit_log ALTER COLUMN actor_role TYPE user_role USING (CASE WHEN actor_role::text = 'INSPECTOR' THEN NULL ELSE actor_role::text END)::user_role`,
    );
    await q.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
    await q.query(`DROP TYPE user_role_with_inspector`);
  }
}
