import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { dbIdOf } from '../../support/matrix/world.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { BACKFILL, CORRECT, createOrg, DECIDE, registerOther } from '../../support/volunteers.js';

/**
 * The ledger against an in-memory model: random sequences of back-fills, decisions and
 * corrections through GraphQL, each answered as the model says (accepted, or refused with the
 * model's code), and after every step `totalHours` equals both the model's approved sum and
 * the ledger's own sum.
 */
let server: TestServer;
let S: Street;
let orgId: string;
let decider: string;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  S = await buildStreet(server, 'VMS', 30, 110);
  orgId = await createOrg(server, S.branch);
  decider = (await createAccount(server, { username: 'vm-decider', role: 'STREET_ADMIN', scopeUnitId: S.street })).token;
});
afterAll(async () => {
  await server?.stop();
});

type Status = 'PENDING' | 'APPROVED' | 'REJECTED';
interface ModelEntry {
  id: string;
  tenths: number;
  status: Status;
  correction: boolean;
  /** For an original entry: the sum of its corrections. */
  corrected: number;
}

type Command =
  | { kind: 'backfill'; tenths: number }
  | { kind: 'decide'; pick: number; approve: boolean }
  | { kind: 'correct'; pick: number; tenths: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('backfill' as const), tenths: fc.integer({ min: 1, max: 240 }) }),
  fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), approve: fc.boolean() }),
  fc.record({
    kind: fc.constant('correct' as const),
    pick: fc.nat(),
    tenths: fc.integer({ min: -240, max: 240 }).filter((t) => t !== 0),
  }),
);

async function run(commands: Command[]): Promise<void> {
  const v = await registerOther(server, S.courtyard);
  const model: ModelEntry[] = [];
  const approvedSum = () => model.filter((e) => e.status === 'APPROVED').reduce((sum, e) => sum + e.tenths, 0);
  for (const c of commands) {
    if (c.kind === 'backfill') {
      const res = await server.gql(BACKFILL, { i: { volunteerId: v.id, organizationId: orgId, hours: c.tenths / 10, serviceDate: '2026-02-01', description: 'x' } });
      expect(res.body.errors).toBeUndefined();
      model.push({ id: res.body.data.backfillVolunteerHours.id, tenths: c.tenths, status: 'PENDING', correction: false, corrected: 0 });
    } else if (model.length > 0) {
      const entry = model[c.pick % model.length];
      if (c.kind === 'decide') {
        const res = await server.gql(DECIDE, { i: { entryId: entry.id, approve: c.approve } }, decider);
        if (entry.status === 'PENDING') {
          expect(res.body.errors).toBeUndefined();
          entry.status = c.approve ? 'APPROVED' : 'REJECTED';
        } else {
          expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
        }
      } else {
        const res = await server.gql(CORRECT, { i: { entryId: entry.id, hours: c.tenths / 10, reason: 'model' } });
        const code = res.body.errors?.[0]?.extensions?.code;
        if (entry.status !== 'APPROVED' || entry.correction) {
          expect(code).toBe('CONFLICT');
        } else if (entry.tenths + entry.corrected + c.tenths < 0) {
          expect(code).toBe('BAD_USER_INPUT');
        } else {
          expect(res.body.errors).toBeUndefined();
          entry.corrected += c.tenths;
          model.push({ id: res.body.data.correctVolunteerHours.id, tenths: c.tenths, status: 'APPROVED', correction: true, corrected: 0 });
        }
      }
    }
    const total = (await server.gql(`query($id: ID) { volunteer(id: $id) { totalHours } }`, { id: v.id })).body.data.volunteer.totalHours;
    const [ledger] = await server.dataSource.query(
      `SELECT coalesce(sum(tenths), 0)::int AS tenths, count(*)::int AS n FROM volunteer_hours_entry WHERE volunteer_id = $1 AND status = 'APPROVED'`,
      [dbIdOf(v.id)],
    );
    expect(Math.round(total * 10)).toBe(approvedSum());
    expect(ledger.tenths).toBe(approvedSum());
    expect(ledger.n).toBe(model.filter((e) => e.status === 'APPROVED').length);
  }
}

describe('the hours ledger against a model', () => {
  it('never lets totalHours disagree with the ledger', async () => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), run), { numRuns: 25 });
  }, 240_000);
});
