import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import type { Role } from '../../common/auth/role.js';
import { queryRows, type Queryable } from '../../database/queries.js';

export interface ActorRow {
  id: string;
  role: Role;
  active: boolean;
  token_version: number;
  scope_unit_id: string | null;
  scope_path: string | null;
  member_id: string | null;
  member_unit_path: string | null;
}

export function toActor(row: ActorRow, address: string | null): Actor {
  return {
    userId: row.id,
    role: row.role,
    scopeUnitId: row.scope_unit_id,
    scopePath: row.scope_path,
    memberId: row.member_id,
    memberUnitPath: row.member_unit_path,
    address,
  };
}

export interface CredentialRow {
  id: string;
  password_hash: string;
  active: boolean;
  token_version: number;
}

@Injectable()
export class AuthRepository {
  constructor(private readonly db: DataSource) {}

  /** The one statement the auth guard runs per request: the user, their scope path and their member's unit path. */
  async findActor(userId: string): Promise<ActorRow | undefined> {
    const rows = await queryRows<ActorRow>(
      this.db,
      `SELECT u.id::text AS id, u.role, u.active, u.token_version, u.scope_unit_id::text AS scope_unit_id,
              s.path::text AS scope_path, u.member_id::text AS member_id, mu.path::text AS member_unit_path
         FROM app_user u
         LEFT JOIN org_unit s ON s.id = u.scope_unit_id
         LEFT JOIN member m ON m.id = u.member_id
         LEFT JOIN org_unit mu ON mu.id = m.unit_id
        WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }

  async findCredentials(username: string, q: Queryable = this.db): Promise<CredentialRow | undefined> {
    const rows = await queryRows<CredentialRow>(
      q,
      `SELECT id::text AS id, password_hash, active, token_version FROM app_user WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows[0];
  }

  async findCredentialsById(userId: string, q: Queryable): Promise<CredentialRow | undefined> {
    const rows = await queryRows<CredentialRow>(
      q,
      `SELECT id::text AS id, password_hash, active, token_version FROM app_user WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    return rows[0];
  }

  async setPassword(userId: string, passwordHash: string, q: Queryable): Promise<number> {
    const rows = await queryRows<{ token_version: number }>(
      q,
      `UPDATE app_user SET password_hash = $2, token_version = token_version + 1 WHERE id = $1 RETURNING token_version`,
      [userId, passwordHash],
    );
    return rows[0].token_version;
  }

  async markLogin(userId: string): Promise<void> {
    await this.db.query(`UPDATE app_user SET last_login_at = now() WHERE id = $1`, [userId]);
  }

  /** Failures in the last minute for each key (a username and an address). */
  async recentFailures(keys: string[], windowSeconds: number): Promise<number> {
    const rows = await queryRows<{ n: number }>(
      this.db,
      `SELECT coalesce(max(n), 0)::int AS n FROM (
         SELECT count(*) AS n FROM login_failure
          WHERE key = ANY($1::text[]) AND at > now() - make_interval(secs => $2)
          GROUP BY key) per_key`,
      [keys, windowSeconds],
    );
    return rows[0].n;
  }

  /**
   * Charges one attempt to each key before the password is checked and returns the rows
   * (to refund when the attempt turns out not to be a failure) with the highest count per
   * key in the window, this attempt included. Two statements, each committed before the
   * next: of any two concurrent attempts, at least one counts the other, so a burst cannot
   * slip more than the limit of password checks under the check.
   */
  async chargeAttempt(keys: string[], windowSeconds: number): Promise<{ refs: string[]; count: number }> {
    const rows = await queryRows<{ ref: string }>(
      this.db,
      `INSERT INTO login_failure (key) SELECT unnest($1::text[]) RETURNING ctid::text AS ref`,
      [keys],
    );
    return { refs: rows.map((r) => r.ref), count: await this.recentFailures(keys, windowSeconds) };
  }

  /** Takes back a charged attempt: it was refused unchecked, or it succeeded. */
  async refund(refs: string[]): Promise<void> {
    if (refs.length > 0) await this.db.query(`DELETE FROM login_failure WHERE ctid = ANY($1::tid[])`, [refs]);
  }

  /** Now and then prunes what no window can reach any more. */
  async pruneFailures(): Promise<void> {
    if (Math.random() < 0.02) await this.db.query(`DELETE FROM login_failure WHERE at < now() - interval '1 hour'`);
  }
}
