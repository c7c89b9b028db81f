import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createMember, type Street } from '../../support/fixtures.js';
import { recordSql } from '../../support/sql-recorder.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * serviceRequests: every order pages through the whole list with stable cursors (ties
 * included), and every filter of the contract narrows it in SQL.
 */
let server: TestServer;
let a: Street;
let b: Street;
let responder: string;
const numbers: string[] = [];

beforeAll(async () => {
  // No escalation scan during the file: a test below makes a deadline pass on purpose, and a
  // scan between a list and the lookups that compare with it would move that request.
  server = await startTestServer({ ESCALATION_INTERVAL_MS: '3600000' });
  a = await buildStreet(server, 'LS', 34, 113);
  b = await buildStreet(server, 'LT', 36, 113);
  responder = await createMember(server, a.courtyard, { name: '赵师傅', responder: true, skills: ['ROAD'] });
  const submit = async (categoryCode: string, courtyardId: string) => {
    const res = await server.gql(`mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { number } }`, {
      i: { categoryCode, description: `${categoryCode} 事项`, courtyardId },
    });
    numbers.push(res.body.data.submitServiceRequest.number);
  };
  for (let i = 0; i < 4; i++) await submit('ROAD', a.courtyard); // assigned to 赵师傅
  for (let i = 0; i < 3; i++) await submit('WATER_DRAIN', a.courtyard); // nobody fits: held at the branch
  for (let i = 0; i < 3; i++) await submit('ROAD', b.courtyard); // street B
  // Spread creation times over ten days, with one tie, and deadlines in a known order, in the
  // future whatever the date (a passed accept deadline would be escalated during the test).
  await server.dataSource.query(
    `UPDATE service_request r SET
        created_at = timestamptz '2026-11-01 00:00+00' + make_interval(days => CASE WHEN x.n = 5 THEN 4 ELSE x.n END),
        accept_due_at = CASE WHEN r.accept_due_at IS NULL THEN NULL ELSE date_trunc('day', now()) + interval '30 days' - make_interval(hours => x.n) END,
        resolve_due_at = date_trunc('day', now()) + interval '40 days' + make_interval(hours => x.n)
       FROM (SELECT id, row_number() OVER (ORDER BY id)::int AS n FROM service_request) x
      WHERE x.id = r.id`,
  );
});
afterAll(async () => {
  await server?.stop();
});

interface Row {
  number: string;
  createdAt: string;
  acceptDueAt: string | null;
  resolveDueAt: string;
}

async function all(orderBy: string, filter: Record<string, unknown> = {}, pageSize = 2): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const res: { body: { data?: any; errors?: unknown } } = await server.gql(
      `query($o: ServiceRequestOrder, $f: ServiceRequestFilter, $n: Int, $a: String) {
        serviceRequests(orderBy: $o, filter: $f, first: $n, after: $a) {
          totalCount nodes { number createdAt acceptDueAt resolveDueAt } pageInfo { hasNextPage endCursor } } }`,
      { o: orderBy, f: filter, n: pageSize, a: after },
    );
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    const page: { nodes: Row[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.body.data.serviceRequests;
    rows.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return rows;
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const sortedBy = (rows: Row[], key: (r: Row) => string) => rows.map(key).every((k, i, ks) => i === 0 || ks[i - 1] <= k);

describe('ordering and paging', () => {
  it('NEWEST pages newest first through every request, once each, ties broken by id', async () => {
    const rows = await all('NEWEST');
    expect(rows.map((r) => r.number).sort()).toEqual([...numbers].sort());
    expect(sortedBy([...rows].reverse(), (r) => r.createdAt)).toBe(true);
  });

  it('OLDEST is the exact reverse of NEWEST', async () => {
    const newest = await all('NEWEST', {}, 3);
    const oldest = await all('OLDEST', {}, 4);
    expect(oldest.map((r) => r.number)).toEqual(newest.map((r) => r.number).reverse());
  });

  it('DUE_SOONEST puts the earliest acceptDueAt first, those without one last, then by resolveDueAt', async () => {
    const rows = await all('DUE_SOONEST');
    expect(rows).toHaveLength(numbers.length);
    const withDue = rows.filter((r) => r.acceptDueAt !== null);
    const withoutDue = rows.filter((r) => r.acceptDueAt === null);
    expect(rows.slice(0, withDue.length)).toEqual(withDue);
    expect(sortedBy(withDue, (r) => r.acceptDueAt!)).toBe(true);
    expect(sortedBy(withoutDue, (r) => r.resolveDueAt)).toBe(true);
  });
});

describe('a branch queue, read subtree-first', () => {
  it('pages in every order exactly as the whole list does, restricted to the branch', async () => {
    const open = ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED'];
    const inStreetA = new Set(numbers.slice(0, 7));
    const recorded = recordSql(server);
    try {
      for (const order of ['NEWEST', 'OLDEST', 'DUE_SOONEST']) {
        const whole = (await all(order, { status: open }, 3)).filter((r) => inStreetA.has(r.number));
        const branch = await all(order, { unitId: a.branch, status: open }, 2);
        expect(branch.map((r) => r.number)).toEqual(whole.map((r) => r.number));
        expect(branch).toHaveLength(7);
      }
    } finally {
      recorded.stop();
    }
    // The branch's pages were the prepared subtree-first statement.
    expect(recorded.texts.some((q) => q.includes('matching AS MATERIALIZED'))).toBe(true);
  });
});

describe('open request roll-ups', () => {
  it('count open requests in every subtree of a pulled tree, level by level, as SQL counts them', async () => {
    const res = await server.gql(`{ orgUnits(level: STREET_COMMITTEE) { nodes { code openRequestCount
      children { nodes { code openRequestCount children { nodes { code openRequestCount children { nodes { code openRequestCount } } } } } } } } }`);
    const seen = new Map<string, number>();
    const walk = (units: any[]) => units.forEach((u) => (seen.set(u.code, u.openRequestCount), u.children && walk(u.children.nodes)));
    walk(res.body.data.orgUnits.nodes);
    const truth: { code: string; n: number }[] = await server.dataSource.query(
      `SELECT a.code, count(r.id)::int AS n FROM org_unit a
         JOIN org_unit u ON u.path <@ a.path
         LEFT JOIN service_request r ON r.unit_id = u.id AND r.status NOT IN ('CLOSED', 'CANCELLED')
        GROUP BY a.code`,
    );
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(truth.map((t) => [t.code, t.n])));
    expect(seen.get('LS')).toBe(7);
    expect(seen.get('LS-01-01')).toBe(7);
    expect(seen.get('LS-01-01-02')).toBe(0);
  });
});

describe('filters', () => {
  it('narrows by creation dates (after inclusive, before exclusive)', async () => {
    const rows = await all('OLDEST', { createdAfter: '2026-11-04T00:00:00Z', createdBefore: '2026-11-07T00:00:00Z' });
    // Created on Nov 2, 3, 4, 5, 5 (the tie), 7, 8, …: the window holds Nov 4 and the two of Nov 5.
    expect(rows.map((r) => r.createdAt.slice(0, 10))).toEqual(['2026-11-04', '2026-11-05', '2026-11-05']);
    const bad = await server.gql(`{ serviceRequests(filter: { createdAfter: "2026-11-09T00:00:00Z", createdBefore: "2026-11-01T00:00:00Z" }) { totalCount } }`);
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('narrows by subtree, status, category and assignee, and counts what it lists', async () => {
    const inA = await server.gql(`query($u: ID) { serviceRequests(filter: { unitId: $u }) { totalCount } }`, { u: a.street });
    expect(inA.body.data.serviceRequests.totalCount).toBe(7);
    const waiting = await server.gql(
      `query($u: ID) { serviceRequests(filter: { unitId: $u, status: [PENDING_DISPATCH] }, first: 50) { totalCount nodes { status unit { code } } } }`,
      { u: a.branch },
    );
    expect(waiting.body.data.serviceRequests.totalCount).toBe(3);
    expect(waiting.body.data.serviceRequests.nodes.every((n: any) => n.status === 'PENDING_DISPATCH' && n.unit.code === 'LS-01-01')).toBe(true);
    const road = await server.gql(`{ serviceRequests(filter: { categoryCode: "ROAD" }) { totalCount } }`);
    expect(road.body.data.serviceRequests.totalCount).toBe(7);
    const mine = await server.gql(`query($m: ID) { serviceRequests(filter: { assigneeId: $m }) { totalCount nodes { assignee { id } } } }`, { m: responder });
    expect(mine.body.data.serviceRequests.totalCount).toBe(4);
    expect(mine.body.data.serviceRequests.nodes.every((n: any) => n.assignee.id === responder)).toBe(true);
  });

  it('finds the overdue: past a due time and not yet resolved', async () => {
    // Pin the deadlines against the real clock: one request past its accept deadline, the rest ahead.
    await server.dataSource.query(
      `UPDATE service_request SET accept_due_at = now() - interval '1 minute' WHERE number = $1`,
      [numbers[0]],
    );
    await server.dataSource.query(
      `UPDATE service_request SET accept_due_at = CASE WHEN accept_due_at IS NULL THEN NULL ELSE now() + interval '1 day' END,
              resolve_due_at = now() + interval '2 days' WHERE number <> $1`,
      [numbers[0]],
    );
    const overdue = await server.gql(`{ serviceRequests(filter: { overdue: true }) { totalCount nodes { number } } }`);
    expect(overdue.body.data.serviceRequests.nodes.map((n: any) => n.number)).toEqual([numbers[0]]);
    const onTime = await server.gql(`{ serviceRequests(filter: { overdue: false }) { totalCount } }`);
    expect(onTime.body.data.serviceRequests.totalCount).toBe(numbers.length - 1);
  });

  it('refuses a cursor of another order with BAD_USER_INPUT', async () => {
    const res = await server.gql(`{ serviceRequests(first: 1, after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});

describe('what a page reads is what the client asks', () => {
  const FULL = `id number description address location { lat lng } status
    assignee { id name } courtyard { id code boundary { lat lng } } unit { id code level boundary { lat } } category { code }`;

  it('answers every field of every row exactly as a lookup of that request does', async () => {
    await server.gql(`mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id } }`, {
      i: { categoryCode: 'ROAD', description: '井盖松动', address: '延中小区3号楼', location: a.inCourtyard },
    });
    const page = await server.gql(`{ serviceRequests(first: 100) { nodes { ${FULL} } edges { node { description courtyard { boundary { lng } } } } } }`);
    expect(page.body.errors).toBeUndefined();
    const nodes = page.body.data.serviceRequests.nodes;
    expect(nodes.length).toBeGreaterThan(10);
    expect(nodes.some((n: any) => n.location && n.address && n.courtyard?.boundary)).toBe(true);
    expect(nodes.some((n: any) => n.assignee)).toBe(true);
    for (const node of nodes) {
      const one = await server.gql(`query($id: ID!) { serviceRequest(id: $id) { ${FULL} } }`, { id: node.id });
      expect(node).toEqual(one.body.data.serviceRequest);
    }
    const edges = page.body.data.serviceRequests.edges;
    expect(edges.map((e: any) => e.node.description)).toEqual(nodes.map((n: any) => n.description));
  });

  it('reads fields asked only through a fragment', async () => {
    const res = await server.gql(
      `{ serviceRequests(first: 3) { nodes { ...Shown } } } fragment Shown on ServiceRequest { description courtyard { code boundary { lat } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    for (const node of res.body.data.serviceRequests.nodes) {
      expect(typeof node.description).toBe('string');
      if (node.courtyard) expect(Array.isArray(node.courtyard.boundary)).toBe(true);
    }
  });
});

describe('a queue by unit after the unit has moved', () => {
  it('still lists what the unit holds when its remembered path went stale, and counts it', async () => {
    const queue = async () => {
      const res = await server.gql(`query($u: ID!) { serviceRequests(filter: { unitId: $u }) { totalCount nodes { number } } }`, { u: b.branch });
      expect(res.body.errors).toBeUndefined();
      return res.body.data.serviceRequests;
    };
    const before = await queue(); // remembers the branch's path
    expect(before.totalCount).toBe(3);
    const move = (id: string, to: string) =>
      server.gql(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id, newParentId: to } });
    // Re-grid: street LT's general branch, with the branch under it, goes to street LS.
    expect((await move(b.general, a.street)).body.errors).toBeUndefined();
    try {
      const after = await queue();
      expect(after.totalCount).toBe(3);
      expect(after.nodes.map((n: { number: string }) => n.number).sort()).toEqual(before.nodes.map((n: { number: string }) => n.number).sort());
    } finally {
      expect((await move(b.general, b.street)).body.errors).toBeUndefined();
    }
    expect((await queue()).totalCount).toBe(3);
  });
});
