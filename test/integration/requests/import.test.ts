import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

const run = promisify(execFile);
let server: TestServer;
let s: Street;

const IMPORT = `mutation($i: [ImportedServiceRequestInput!]!) { importServiceRequests(input: $i) { imported skipped } }`;

beforeAll(async () => {
  server = await startTestServer();
  s = await buildStreet(server, 'IM', 30, 110);
});
afterAll(async () => {
  await server?.stop();
});

const element = (n: string, extra: Record<string, unknown> = {}) => ({
  externalNumber: n,
  categoryCode: 'ROAD',
  description: `导入 ${n}`,
  unitId: s.courtyard,
  submittedAt: '2026-01-05T01:00:00Z',
  resolveDueAt: '2026-01-08T01:00:00Z',
  ...extra,
});

async function byExternal(n: string) {
  const [row] = await server.dataSource.query(
    `SELECT r.id, r.status, r.source, r.reporter_user_id, r.created_at, r.rating, r.rework_count, r.escalation_count,
            r.courtyard_id::text AS courtyard_id, r.accept_due_at
       FROM service_request r WHERE r.external_number = $1`,
    [n],
  );
  const events = row
    ? await server.dataSource.query(`SELECT type, at, note, rating, actor_user_id::text AS actor FROM request_event WHERE request_id = $1 ORDER BY id`, [row.id])
    : [];
  return { row, events };
}

describe('importServiceRequests', () => {
  it('writes each case with its own times, matching events, source IMPORTED and no reporter', async () => {
    const res = await server.gql(IMPORT, {
      i: [
        element('IM-1', { resolvedAt: '2026-01-06T01:00:00Z', closedAt: '2026-01-07T01:00:00Z', rating: 4, reworkCount: 1, escalationCount: 2 }),
        element('IM-2', { cancelledAt: '2026-01-05T02:00:00Z' }),
        element('IM-3', { resolvedAt: '2026-01-06T01:00:00Z' }),
        element('IM-4', { unitId: s.branch }),
      ],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.importServiceRequests).toEqual({ imported: 4, skipped: 0 });

    const closed = await byExternal('IM-1');
    expect(closed.row).toMatchObject({ status: 'CLOSED', source: 'IMPORTED', reporter_user_id: null, rating: 4, rework_count: 1, escalation_count: 2 });
    expect(new Date(closed.row.created_at).toISOString()).toBe('2026-01-05T01:00:00.000Z');
    expect(closed.events.map((e: any) => [e.type, new Date(e.at).toISOString(), e.rating])).toEqual([
      ['SUBMITTED', '2026-01-05T01:00:00.000Z', null],
      ['RESOLVED', '2026-01-06T01:00:00.000Z', null],
      ['CLOSED', '2026-01-07T01:00:00.000Z', 4],
    ]);
    expect(closed.events.every((e: any) => /imported/i.test(e.note) && e.actor !== null)).toBe(true);
    expect((await byExternal('IM-2')).row.status).toBe('CANCELLED');
    expect((await byExternal('IM-3')).row.status).toBe('RESOLVED');
    const pending = await byExternal('IM-4');
    expect(pending.row.status).toBe('PENDING_DISPATCH');
    expect(pending.row.courtyard_id).toBeNull();
    expect(pending.row.accept_due_at).not.toBeNull();
    expect((await byExternal('IM-1')).row.courtyard_id).not.toBeNull();
  });

  it('skips an externalNumber imported before', async () => {
    const res = await server.gql(IMPORT, { i: [element('IM-1'), element('IM-5')] });
    expect(res.body.data.importServiceRequests).toEqual({ imported: 1, skipped: 1 });
  });

  it.each([
    ['resolved before submitted', { resolvedAt: '2026-01-04T00:00:00Z' }, 'resolvedAt'],
    ['closed without resolvedAt', { closedAt: '2026-01-07T00:00:00Z' }, 'closedAt'],
    ['closed before resolvedAt', { resolvedAt: '2026-01-07T00:00:00Z', closedAt: '2026-01-06T00:00:00Z' }, 'closedAt'],
    ['a rating without closedAt', { rating: 5 }, 'rating'],
    ['a rating out of range', { resolvedAt: '2026-01-06T00:00:00Z', closedAt: '2026-01-07T00:00:00Z', rating: 6 }, 'rating'],
  ])('refuses a batch with an element %s, naming input.<i>.<field>, and writes nothing', async (_name, extra, field) => {
    const before = await server.dataSource.query(`SELECT count(*)::int AS n FROM service_request`);
    const res = await server.gql(IMPORT, { i: [element('IM-ok-1'), element('IM-bad', extra)] });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0].extensions!.field).toBe(`input.1.${field}`);
    const after = await server.dataSource.query(`SELECT count(*)::int AS n FROM service_request`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('refuses more than 1,000 elements', async () => {
    const res = await server.gql(IMPORT, { i: Array.from({ length: 1001 }, (_, i) => element(`IM-many-${i}`)) });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('is the city admin\'s alone', async () => {
    const admin = await createAccount(server, { username: 'im-street-admin', role: 'STREET_ADMIN', scopeUnitId: s.street });
    const res = await server.gql(IMPORT, { i: [element('IM-forbidden')] }, admin.token);
    expect(errorCode(res)).toBe('FORBIDDEN');
  });

  it('keeps an imported closed request as it is: reopening it is a CONFLICT', async () => {
    const { row } = await byExternal('IM-1');
    const id = Buffer.from(`ServiceRequest:${row.id}`).toString('base64url');
    const res = await server.gql(`mutation($i: RequestActionInput!) { reopenServiceRequest(input: $i) { id } }`, { i: { requestId: id } });
    expect(errorCode(res)).toBe('CONFLICT');
    const read = await server.gql(`query($id: ID!) { serviceRequest(id: $id) { source externalNumber reporter { id } } }`, { id });
    expect(read.body.data.serviceRequest).toEqual({ source: 'IMPORTED', externalNumber: 'IM-1', reporter: null });
  });
});

describe('npm run cli -- import-requests', () => {
  const cli = (file: string) =>
    run('node', ['dist/src/cli.js', 'import-requests', file], {
      env: { ...process.env, DATABASE_URL: server.db.url, LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }),
    );
  const [courtyardCode, branchCode] = ['IM-01-01-01', 'IM-01-01'];
  const header = 'external_number,category_code,description,unit_code,submitted_at,resolve_due_at,resolved_at,closed_at,rating';

  it('imports the same rows from a CSV file, and skips them the second time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-requests-'));
    const file = join(dir, 'good.csv');
    writeFileSync(
      file,
      `${header}\nCSV-1,ROAD,路面,${courtyardCode},2026-02-01T08:00:00+08:00,2026-02-03T08:00:00+08:00,2026-02-02T08:00:00+08:00,2026-02-02T09:00:00+08:00,5\n` +
        `CSV-2,OTHER,"其他, 事项",${branchCode},2026-02-01T08:00:00+08:00,2026-02-03T08:00:00+08:00,,,\n`,
    );
    const first = await cli(file);
    expect(first.err).toBe('');
    expect(first.out).toMatch(/imported 2 requests, skipped 0/);
    expect((await byExternal('CSV-1')).row).toMatchObject({ status: 'CLOSED', rating: 5, source: 'IMPORTED' });
    const again = await cli(file);
    expect(again.out).toMatch(/imported 0 requests, skipped 2/);
  });

  it('refuses a file with an inconsistent row, naming its line, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-requests-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      `${header}\nCSV-3,ROAD,路面,${courtyardCode},2026-02-01T08:00:00+08:00,2026-02-03T08:00:00+08:00,,,\n` +
        `CSV-4,ROAD,路面,${courtyardCode},2026-02-01T08:00:00+08:00,2026-02-03T08:00:00+08:00,,2026-02-02T09:00:00+08:00,\n`,
    );
    const result = await cli(file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/line 3: closedAt/);
    expect((await byExternal('CSV-3')).row).toBeUndefined();
  });
});
