import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For a statement that confirms its caller itself (AuthGuard, ActorConfirmation; owned by
 * the people module): true while the account is still as the server last read it (active,
 * the same token version, role, scope and member, and the current paths of the scope unit
 * and of the member's unit); otherwise it raises SQLSTATE GGA01, so that the statement
 * answers nothing and the server reads the caller afresh.
 *
 * A function rather than the same test written into each statement: the statements that
 * call it are planned on every run (a subtree's size decides their plan), and an inlined
 * four-table test cost a secretary's queue a third more planning than its own page;
 * PL/pgSQL plans its own query once per connection. STABLE, with only parameters for
 * arguments, so a statement evaluates it once, before any row (a one-time filter), in the
 * statement's own snapshot.
 */
export class AccountAsReadCheck1796090030000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION account_is_as_read(
        p_user bigint, p_token_version int, p_role text,
        p_scope_unit bigint, p_scope_path text, p_member bigint, p_member_unit_path text
      ) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM app_user u
            LEFT JOIN org_unit s ON s.id = u.scope_unit_id
            LEFT JOIN member m ON m.id = u.member_id
            LEFT JOIN org_unit mu ON mu.id = m.unit_id
           WHERE u.id = p_user AND u.active AND u.token_version = p_token_version AND u.role::text = p_role
             AND u.scope_unit_id IS NOT DISTINCT FROM p_scope_unit AND s.path::text IS NOT DISTINCT FROM p_scope_path
             AND u.member_id IS NOT DISTINCT FROM p_member AND mu.path::text IS NOT DISTINCT FROM p_member_unit_path
        ) THEN
          RETURN true;
        END IF;
        RAISE EXCEPTION 'the account is no longer as it was read' USING ERRCODE = 'GGA01';
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION account_is_as_read(bigint, int, text, bigint, text, bigint, text)`);
  }
}
