import type { DataSource } from 'typeorm';
import { queryAffected } from '../../database/queries.js';

export interface RateLimitVerdict {
  limited: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/** Keep this many minutes of windows; older ones are deleted now and then. */
const KEEP_MINUTES = 5;
const PRUNE_EVERY_MS = 60_000;

/**
 * Fixed one-minute windows per key, held in PostgreSQL so that every instance counts
 * together: one upsert per call counts every key at once and returns the new counts.
 * Keys are sorted, so concurrent calls lock rows in the same order and never deadlock.
 */
export class RateLimiter {
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly perMinute: number,
    private readonly onPruneError: (error: unknown) => void = () => undefined,
  ) {}

  /** Counts `weight` (the mutation fields of one operation) against every key at once. */
  async hit(keys: string[], weight = 1): Promise<RateLimitVerdict> {
    const unique = [...new Set(keys)].sort();
    if (unique.length === 0 || weight < 1) return { limited: false, retryAfterSeconds: 0 };
    const rows: { count: number; retry_after: string | number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_window AS w (key, window_start, count)
         SELECT k, date_trunc('minute', now()), $2::int FROM unnest($1::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i
       ON CONFLICT (key, window_start) DO UPDATE SET count = w.count + $2::int
       RETURNING w.count, ceil(extract(epoch FROM w.window_start + interval '1 minute' - now())) AS retry_after`,
      [unique, weight],
    );
    this.maybePrune();
    const limited = rows.some((r) => Number(r.count) > this.perMinute);
    return { limited, retryAfterSeconds: Math.max(1, Number(rows[0]?.retry_after ?? 60)) };
  }

  /** At most once a minute per instance, in the background: drops windows long gone. */
  private maybePrune(): void {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    void this.prune().catch(this.onPruneError);
  }

  prune(): Promise<number> {
    return queryAffected(
      this.dataSource,
      `DELETE FROM rate_limit_window WHERE window_start < date_trunc('minute', now()) - make_interval(mins => $1)`,
      [KEEP_MINUTES],
    );
  }
}
