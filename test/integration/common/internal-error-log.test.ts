import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * An internal error is logged so that someone can find its cause, but its log line never
 * holds the failing statement's parameters, its SQL, the driver's copy of both or the
 * values PostgreSQL quotes in its message. The failing statement here is a real INSERT
 * carrying a phone number, made to fail by a trigger that reads the phone as a date.
 */

const PHONE = '13812349876';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.dataSource.query(`
    CREATE FUNCTION test_phone_as_date() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM NEW.phone::date; RETURN NEW; END $$;
    CREATE TRIGGER test_phone_as_date BEFORE INSERT ON member FOR EACH ROW EXECUTE FUNCTION test_phone_as_date();`);
});
afterAll(async () => {
  await server?.stop();
});

describe('the log line of an internal error', () => {
  it('names the error and its SQLSTATE, and holds no parameter, SQL or quoted value', async () => {
    const unit = (await server.gql(`mutation { createOrgUnit(input: { code: "LOG-S", name: "日志街道" }) { id } }`)).body.data as any;
    const res = await server.gql(`mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`, {
      i: { unitId: unit.createOrgUnit.id, name: '王五', phone: PHONE },
    });
    expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(res.body)).not.toContain(PHONE);

    const lines = server.logLines.filter((line) => line.includes('unexpected error'));
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    // What helps: the kind of error and PostgreSQL's code (22007/22008: invalid date).
    expect(record.err.type).toBe('QueryFailedError');
    expect(record.err.code).toMatch(/^2200[78]$/);
    expect(record.err.message).toMatch(/^date\/time field value out of range|^invalid input syntax for type date/);
    // What must not be there.
    expect(record.err.parameters).toBe('[redacted]');
    expect(record.err.query).toBe('[redacted]');
    expect(record.err.driverError).toBe('[redacted]');
    for (const line of server.logLines) {
      expect(line).not.toContain(PHONE);
      expect(line).not.toMatch(/INSERT INTO/i);
    }
  });
});
