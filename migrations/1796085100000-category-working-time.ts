import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A category whose accept and resolve limits count working time (office hours of workdays). */
export class CategoryWorkingTime1796085100000 implements MigrationInterface {
  name = 'CategoryWorkingTime1796085100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_category ADD COLUMN working_time boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_category DROP COLUMN working_time`);
  }
}
