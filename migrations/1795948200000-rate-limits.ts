import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mutation rate limits, shared by every instance: one row per key (`user:<id>`,
 * `addr:<ip>`) and fixed one-minute window, counted up by one upsert per mutation.
 * UNLOGGED: the counts only matter for a minute, so they are not worth WAL, and a crash
 * of PostgreSQL merely forgets them. Old windows are pruned by the server now and then.
 */
export class RateLimits1795948200000 implements MigrationInterface {
  name = 'RateLimits1795948200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_window (
        key          text NOT NULL,
        window_start timestamptz NOT NULL,
        count        integer NOT NULL DEFAULT 1,
        PRIMARY KEY (key, window_start)
      )`);
    await q.query(`CREATE INDEX rate_limit_window_start ON rate_limit_window (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_window`);
  }
}
