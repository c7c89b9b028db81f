import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { queryRows } from '../../database/queries.js';
import { limitAddress } from './client-address.js';
import { RateLimitedError } from './mutation-rate-limit.hook.js';

const PRUNE_EVERY_MS = 60_000;

/**
 * Self-registration per address: REGISTER_LIMIT_PER_HOUR accounts an hour from one address
 * (IPv6 by /64), over every instance. `registerResident` and volunteer self-registration
 * both call `chargeRegistration` before any work (no Argon2 hash for a refused attempt).
 * Every attempt is counted, refused ones too, so retrying does not make the wait shorter.
 */
@Injectable()
export class RegistrationLimiter {
  private lastPrune = 0;

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts one registration attempt from `address` and throws RATE_LIMITED when it is over
   * the hour's limit. The attempt is written (and committed) before the count is read: of
   * two concurrent attempts at least one sees the other, so a burst cannot pass the limit.
   */
  async chargeRegistration(address: string | null): Promise<void> {
    const key = limitAddress(address);
    if (!key) return;
    await this.db.query(`INSERT INTO registration_attempt (address) VALUES ($1)`, [key]);
    const [row] = await queryRows<{ n: number; retry_after: number }>(
      this.db,
      `SELECT count(*)::int AS n,
              coalesce(ceil(extract(epoch FROM min(at) + interval '1 hour' - now())), 3600)::int AS retry_after
         FROM registration_attempt WHERE address = $1 AND at > now() - interval '1 hour'`,
      [key],
    );
    this.maybePrune();
    if (row.n > this.config.REGISTER_LIMIT_PER_HOUR) {
      throw new RateLimitedError(Math.max(1, row.retry_after), 'Too many registrations from this address; try again later');
    }
  }

  private maybePrune(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    void this.db.query(`DELETE FROM registration_attempt WHERE at < now() - interval '1 hour'`).catch(() => undefined);
  }
}
