import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../../database/queries.js';

/** The sign-in throttle's SQL: auth owns login_failure. */
@Injectable()
export class AuthRepository {
  constructor(private readonly db: DataSource) {}

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
