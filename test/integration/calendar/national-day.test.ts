import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { ok } from '../../support/volunteers.js';

/**
 * The "done when": a request submitted on 2026-09-30 in a working-time category is
 * due after the National Day holiday. The database's clock is set for the test: a `now()` in
 * schema public, found before pg_catalog's by the database's search_path, reads the time
 * from test_clock (column defaults keep the real now(), bound when the table was made).
 */
let server: TestServer;
let s: Street;
let secretaryToken: string;

const SUBMIT = `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id number status acceptDueAt resolveDueAt } }`;
const OVERDUE = `query($u: ID!) { serviceRequests(filter: { unitId: $u, overdue: true }) { nodes { id } } }`;
const ONE = `query($id: ID!) { serviceRequest(id: $id) { status escalationCount acceptDueAt unit { id } } }`;
const sh = (local: string) => new Date(`${local}+08:00`).toISOString();
const setClock = (local: string) => server.dataSource.query(`UPDATE test_clock SET at = $1`, [sh(local)]);

beforeAll(async () => {
  server = await startTestServer(
    { RATE_LIMIT_PER_MINUTE: '100000', ESCALATION_INTERVAL_MS: '100' },
    {
      beforeStart: async (db) => {
        const pg = await import('pg');
        const client = new pg.default.Client({ connectionString: db.url });
        await client.connect();
        try {
          await client.query(`CREATE TABLE public.test_clock (at timestamptz)`);
          await client.query(`INSERT INTO public.test_clock VALUES (NULL)`);
          await client.query(
            `CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql STABLE AS $$ SELECT coalesce((SELECT at FROM public.test_clock), pg_catalog.now()) $$`,
          );
          await client.query(`ALTER DATABASE ${db.name} SET search_path = public, pg_catalog`);
        } finally {
          await client.end();
        }
      },
    },
  );
  s = await buildStreet(server, 'ND', 38, 115);
  await createMember(server, s.courtyard, { name: '钱师傅', responder: true, skills: ['ND_LIGHT'] });
  secretaryToken = (await createAccount(server, { username: 'nd-secretary', role: 'SECRETARY', scopeUnitId: s.branch })).token;
  await ok(server, `mutation($i: UpsertServiceCategoryInput!) { upsertServiceCategory(input: $i) { code } }`, {
    i: { code: 'ND_LIGHT', name: '路灯(工作时间)', acceptWithinMinutes: 120, resolveWithinHours: 20, workingTime: true },
  });
});
afterAll(async () => {
  await server?.stop();
});

describe('a request submitted on 2026-09-30 in a working-time category', () => {
  let id: string;

  it('is due after the National Day holiday (1-7 Oct 2026)', async () => {
    await setClock('2026-09-30T16:00:00');
    const r = (await ok(server, SUBMIT, { i: { categoryCode: 'ND_LIGHT', description: '路灯不亮', courtyardId: s.courtyard } })).submitServiceRequest;
    id = r.id;
    expect(r.number).toMatch(/^SR-20260930-/);
    expect(r.status).toBe('ASSIGNED');
    // 90 office minutes left on 30 Sep; the other 30 on Thursday 8 Oct.
    expect(r.acceptDueAt).toBe(sh('2026-10-08T09:00:00'));
    // 20 office hours: 30 Sep 1.5 h, 8 Oct 6.5 h, 9 Oct 6.5 h, the make-up Saturday 10 Oct until 16:30.
    expect(r.resolveDueAt).toBe(sh('2026-10-10T16:30:00'));
  });

  it('is not overdue and not escalated during the holiday; it is on 8 Oct after 09:00', async () => {
    await setClock('2026-10-07T23:59:00');
    await new Promise((resolve) => setTimeout(resolve, 400)); // a few escalation scans
    expect((await ok(server, OVERDUE, { u: s.street }, secretaryToken)).serviceRequests.nodes).toEqual([]);
    expect((await ok(server, ONE, { id })).serviceRequest).toMatchObject({ status: 'ASSIGNED', escalationCount: 0 });

    await setClock('2026-10-08T09:00:01');
    let escalated: any;
    for (let i = 0; i < 100; i++) {
      escalated = (await ok(server, ONE, { id })).serviceRequest;
      if (escalated.escalationCount > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Escalated to the branch; the new accept limit counts from now in working time again.
    expect(escalated).toMatchObject({ status: 'PENDING_DISPATCH', escalationCount: 1, unit: { id: s.branch } });
    expect(escalated.acceptDueAt).toBe(sh('2026-10-08T11:00:01'));
  });
});
