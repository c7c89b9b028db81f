import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One active account per member: `app_user.member_id` is unique among active users (a
 * partial unique index). Where a member already has several active accounts, the oldest
 * one (by creation, then id) is kept and the others are deactivated and signed out, each
 * with an audit entry naming the account it gave way to.
 */
export class OneActiveAccountPerMember1796061000000 implements MigrationInterface {
  name = 'OneActiveAccountPerMember1796061000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      WITH ranked AS (
        SELECT a.id, a.member_id, a.role,
               first_value(a.id) OVER (PARTITION BY a.member_id ORDER BY a.created_at, a.id) AS kept_id,
               row_number() OVER (PARTITION BY a.member_id ORDER BY a.created_at, a.id) AS n
          FROM app_user a
         WHERE a.active AND a.member_id IS NOT NULL
      ),
      deactivated AS (
        UPDATE app_user a SET active = false, token_version = a.token_version + 1
          FROM ranked r
         WHERE a.id = r.id AND r.n > 1
        RETURNING a.id, r.member_id, r.kept_id, r.role
      )
      INSERT INTO audit_log (action, target_type, target_id, unit_path, summary)
      SELECT 'USER_DEACTIVATED_DUPLICATE', 'User', d.id::text, coalesce(s.path, mu.path),
             jsonb_build_object('active', false, 'memberId', d.member_id::text, 'keptUserId', d.kept_id::text,
                                'reason', 'the member has an older active account')
        FROM deactivated d
        JOIN app_user a ON a.id = d.id
        LEFT JOIN org_unit s ON s.id = a.scope_unit_id
        LEFT JOIN member m ON m.id = d.member_id
        LEFT JOIN org_unit mu ON mu.id = m.unit_id
       ORDER BY d.id`);
    await q.query(`CREATE UNIQUE INDEX app_user_member_active_key ON app_user (member_id) WHERE active AND member_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The deactivated accounts stay deactivated: which of them to wake is a decision for an admin.
    await q.query(`DROP INDEX app_user_member_active_key`);
  }
}
