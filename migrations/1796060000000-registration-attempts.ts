import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-registrations per address (registerResident, a volunteer signing up), one row per
 * attempt, refused ones included, counted over the last hour by every instance alike.
 * UNLOGGED like the other rate-limit records: a crash of PostgreSQL merely forgets them.
 */
export class RegistrationAttempts1796060000000 implements MigrationInterface {
  name = 'RegistrationAttempts1796060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE registration_attempt (
        address text NOT NULL,
        at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX registration_attempt_address_at ON registration_attempt (address, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registration_attempt`);
  }
}
