import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a request came in through a channel such as Open311: the reporter's contact details
 * (for staff in scope only) and the intake key that makes a retried submission from the
 * same device the same request within a window. One row per request that has either;
 * owned by the requests module, like the request itself.
 */
export class RequestIntake1796090001000 implements MigrationInterface {
  name = 'RequestIntake1796090001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_request_intake (
        request_id    bigint PRIMARY KEY REFERENCES service_request (id),
        contact_name  text,
        contact_phone text,
        contact_email text,
        intake_key    text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_request_intake_name_length CHECK (contact_name IS NULL OR char_length(contact_name) BETWEEN 1 AND 100),
        CONSTRAINT service_request_intake_phone_length CHECK (contact_phone IS NULL OR char_length(contact_phone) BETWEEN 1 AND 50),
        CONSTRAINT service_request_intake_email_length CHECK (contact_email IS NULL OR char_length(contact_email) BETWEEN 3 AND 254),
        CONSTRAINT service_request_intake_key_length CHECK (intake_key IS NULL OR char_length(intake_key) BETWEEN 1 AND 200),
        CONSTRAINT service_request_intake_not_empty CHECK (
          coalesce(contact_name, contact_phone, contact_email, intake_key) IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX service_request_intake_key ON service_request_intake (intake_key, created_at DESC) WHERE intake_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE service_request_intake`);
  }
}
