import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../../database/queries.js';

export interface ThrottleState {
  pairFailures: number;
  pairIdleSeconds: number;
  pairRecentFailures: number;
  userFailures: number;
  addressFailures: number;
  addressRetrySeconds: number;
}

/** The sign-in throttle's SQL and the kept signing key: auth owns login_failure and auth_signing_key. */
@Injectable()
export class AuthRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Charges one attempt to each key (written and committed before anything is read, so of
   * two concurrent attempts at least one counts the other) and returns the rows, to refund
   * when the attempt turns out not to be a failure.
   */
  async chargeAttempt(keys: string[]): Promise<string[]> {
    const rows = await queryRows<{ ref: string }>(
      this.db,
      `INSERT INTO login_failure (key) SELECT unnest($1::text[]) RETURNING ctid::text AS ref`,
      [keys],
    );
    return rows.map((r) => r.ref);
  }

  /**
   * What the throttle decides on, counted after this attempt's charge (`own`): the pair's
   * earlier failures within `pairMemorySeconds` and how long ago its latest was, how many of
   * them fell in the last minute; the username's and the address's failures in the last
   * minute, this attempt included, and when the address's oldest of those leaves the minute.
   */
  async throttleState(keys: { user: string; pair: string; address: string | null }, own: string[], pairMemorySeconds: number): Promise<ThrottleState> {
    const rows = await queryRows<ThrottleState>(
      this.db,
      `SELECT count(*) FILTER (WHERE key = $2 AND NOT own)::int AS "pairFailures",
              coalesce(extract(epoch FROM now() - max(at) FILTER (WHERE key = $2 AND NOT own)), 1e9)::float8 AS "pairIdleSeconds",
              count(*) FILTER (WHERE key = $2 AND NOT own AND at > now() - interval '1 minute')::int AS "pairRecentFailures",
              count(*) FILTER (WHERE key = $1 AND at > now() - interval '1 minute')::int AS "userFailures",
              count(*) FILTER (WHERE key = $3 AND at > now() - interval '1 minute')::int AS "addressFailures",
              coalesce(ceil(extract(epoch FROM min(at) FILTER (WHERE key = $3 AND at > now() - interval '1 minute')
                                               + interval '1 minute' - now())), 60)::int AS "addressRetrySeconds"
         FROM (SELECT key, at, ctid = ANY($4::tid[]) AS own FROM login_failure
                WHERE key = ANY(ARRAY[$1, $2, $3]::text[]) AND at > now() - make_interval(secs => $5)) recent`,
      [keys.user, keys.pair, keys.address, own, pairMemorySeconds],
    );
    return rows[0];
  }

  /** Takes back a charged attempt: it was refused unchecked, or it succeeded. */
  async refund(refs: string[]): Promise<void> {
    if (refs.length > 0) await this.db.query(`DELETE FROM login_failure WHERE ctid = ANY($1::tid[])`, [refs]);
  }

  /** A right password from this (username, address): its earlier failures no longer hold it back. */
  async forgetFailures(key: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failure WHERE key = $1`, [key]);
  }

  /**
   * The token signing key kept in the database (used when JWT_SECRET is unset): `candidate`
   * is stored unless a key is there already, and the stored one is returned, so instances
   * starting at once agree (the losing insert waits for the winner, then reads its key).
   */
  async signingKey(candidate: Buffer): Promise<Uint8Array> {
    await this.db.query(`INSERT INTO auth_signing_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [candidate]);
    const rows = await queryRows<{ key: Buffer }>(this.db, `SELECT key FROM auth_signing_key WHERE id = 1`);
    return new Uint8Array(rows[0].key);
  }

  /** Now and then prunes what no window can reach any more. */
  async pruneFailures(): Promise<void> {
    if (Math.random() < 0.02) await this.db.query(`DELETE FROM login_failure WHERE at < now() - interval '1 hour'`);
  }
}
