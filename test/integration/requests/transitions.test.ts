import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, registerResident, square, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type GqlResponse, type TestServer } from '../../support/test-server.js';

/**
 * The contract's table of actions, cell by cell: every action from every status, with the
 * caller who may act, then who may act (NOT_FOUND / FORBIDDEN before CONFLICT), reopen's and
 * cancel's own rules, duplicateOfId refusals and the append-only event trail.
 */

let server: TestServer;
let s: Street;
let other: Street;
let r1: string; // the only ROAD responder of s.courtyard: every ROAD submission reaches them
let r2: string; // a second responder, for manual assignment
let r1User: { token: string; id: string };
let r2User: { token: string; id: string };
let secretary: { token: string; id: string }; // staff, scope: the whole street
let otherSecretary: { token: string; id: string }; // staff of another street
let reporter: { token: string; id: string };
let stranger: { token: string; id: string };

const STATUSES = ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CANCELLED'] as const;
type Status = (typeof STATUSES)[number];
const ACTIONS = ['dispatch', 'assign', 'accept', 'escalate', 'resolve', 'close', 'reopen', 'cancel'] as const;
type Action = (typeof ACTIONS)[number];

/** The contract's "from" column, for the caller who may act (staff; the assignee for accept). */
const ALLOWED_FROM: Record<Action, readonly Status[]> = {
  dispatch: ['PENDING_DISPATCH'],
  assign: ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS'],
  accept: ['ASSIGNED'],
  escalate: ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS'],
  resolve: ['IN_PROGRESS'],
  close: ['RESOLVED'],
  reopen: ['RESOLVED', 'CLOSED'],
  cancel: ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED'],
};

const FIELDS = `id status version escalationCount reworkCount rating acceptDueAt
  unit { id } courtyard { id } assignee { id } duplicateOf { id }
  events { id type fromStatus toStatus actor { id } unit { id } assignee { id } note }`;

const MUTATION: Record<Action, [name: string, input: string]> = {
  dispatch: ['dispatchServiceRequest', 'DispatchServiceRequestInput'],
  assign: ['assignServiceRequest', 'AssignServiceRequestInput'],
  accept: ['acceptServiceRequest', 'RequestActionInput'],
  escalate: ['escalateServiceRequest', 'RequestActionInput'],
  resolve: ['resolveServiceRequest', 'RequestActionInput'],
  close: ['closeServiceRequest', 'CloseServiceRequestInput'],
  reopen: ['reopenServiceRequest', 'RequestActionInput'],
  cancel: ['cancelServiceRequest', 'CancelServiceRequestInput'],
};

function inputFor(action: Action, requestId: string, expectedVersion?: number): Record<string, unknown> {
  const base = { requestId, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
  switch (action) {
    case 'dispatch':
      return { ...base, toUnitId: s.courtyard };
    case 'assign':
      return { ...base, responderId: r2 };
    case 'close':
      // Staff close without a rating: the reporter alone rates.
      return base;
    case 'cancel':
      return { ...base, reason: '测试撤销' };
    default:
      return { ...base, note: `note: ${action}` };
  }
}

function call(action: Action, input: Record<string, unknown>, token: string | null): Promise<GqlResponse<any>> {
  const [name, type] = MUTATION[action];
  return server.gql(`mutation($i: ${type}!) { ${name}(input: $i) { ${FIELDS} } }`, { i: input }, token);
}

async function ok(action: Action, input: Record<string, unknown>, token: string | null): Promise<any> {
  const res = await call(action, input, token);
  if (!res.body.data?.[MUTATION[action][0]]) throw new Error(`${action}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data[MUTATION[action][0]];
}

async function read(id: string): Promise<any> {
  const res = await server.gql(`query($id: ID!) { serviceRequest(id: $id) { ${FIELDS} } }`, { id });
  return res.body.data.serviceRequest;
}

async function submit(input: Record<string, unknown>, token = reporter.token): Promise<any> {
  const res = await server.gql(`mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${FIELDS} } }`, { i: input }, token);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.submitServiceRequest;
}

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

/** Everything of the row and its trail that a refused action must leave alone. */
async function snapshot(globalId: string) {
  const [row] = await server.dataSource.query(
    `SELECT status, version, unit_id, courtyard_id, assignee_member_id, last_assignee_member_id, accept_due_at, accept_due_handled,
            escalation_count, rework_count, rating, duplicate_of_id, resolved_at, closed_at, updated_at
       FROM service_request WHERE id = $1`,
    [dbId(globalId)],
  );
  const events = await server.dataSource.query(`SELECT * FROM request_event WHERE request_id = $1 ORDER BY id`, [dbId(globalId)]);
  return { row, events };
}

/**
 * A fresh request of the reporter, driven to `status` through the public API:
 * PENDING_DISPATCH at the branch (submitted to the courtyard with nobody in it),
 * ASSIGNED to r1 in s.courtyard, and on from there as r1 and the reporter act.
 */
async function requestIn(status: Status): Promise<any> {
  if (status === 'PENDING_DISPATCH') {
    const r = await submit({ categoryCode: 'ROAD', description: '待派单', courtyardId: s.emptyCourtyard });
    expect([r.status, r.unit.id, r.assignee]).toEqual(['PENDING_DISPATCH', s.branch, null]);
    return r;
  }
  let r = await submit({ categoryCode: 'ROAD', description: `驱动到 ${status}`, courtyardId: s.courtyard });
  expect([r.status, r.assignee?.id]).toEqual(['ASSIGNED', r1]);
  if (status === 'CANCELLED') return ok('cancel', { requestId: r.id, reason: '居民撤销' }, reporter.token);
  if (status === 'ASSIGNED') return r;
  r = await ok('accept', { requestId: r.id }, r1User.token);
  if (status === 'IN_PROGRESS') return r;
  r = await ok('resolve', { requestId: r.id, note: '已处理' }, r1User.token);
  if (status === 'RESOLVED') return r;
  r = await ok('close', { requestId: r.id, rating: 2 }, reporter.token);
  expect(r.status).toBe(status);
  return r;
}

/** What the allowed cell must produce, as (status, holder, assignee, counters, new events). */
function expected(action: Action, before: any) {
  const from = before.status as Status;
  const base = { escalationCount: before.escalationCount, reworkCount: before.reworkCount, rating: before.rating };
  switch (action) {
    case 'dispatch':
      return {
        ...base,
        status: 'ASSIGNED',
        unit: s.courtyard,
        courtyard: s.courtyard,
        assignee: r1,
        events: [
          { type: 'DISPATCHED', fromStatus: from, toStatus: 'PENDING_DISPATCH', actor: secretary.id, unit: s.courtyard, assignee: null },
          { type: 'ASSIGNED', fromStatus: 'PENDING_DISPATCH', toStatus: 'ASSIGNED', actor: null, unit: s.courtyard, assignee: r1 },
        ],
      };
    case 'assign':
      return {
        ...base,
        status: 'ASSIGNED',
        unit: s.courtyard,
        courtyard: s.courtyard,
        assignee: r2,
        events: [{ type: 'ASSIGNED', fromStatus: from, toStatus: 'ASSIGNED', actor: secretary.id, unit: s.courtyard, assignee: r2 }],
      };
    case 'accept':
      return {
        ...base,
        status: 'IN_PROGRESS',
        unit: before.unit.id,
        courtyard: before.courtyard?.id ?? null,
        assignee: r1,
        events: [{ type: 'ACCEPTED', fromStatus: from, toStatus: 'IN_PROGRESS', actor: r1User.id, unit: before.unit.id, assignee: r1 }],
      };
    case 'escalate': {
      const parent = before.unit.id === s.branch ? s.general : s.branch;
      return {
        ...base,
        escalationCount: before.escalationCount + 1,
        status: 'PENDING_DISPATCH',
        unit: parent,
        courtyard: before.courtyard?.id ?? null,
        assignee: null,
        events: [{ type: 'ESCALATED', fromStatus: from, toStatus: 'PENDING_DISPATCH', actor: secretary.id, unit: parent, assignee: null }],
      };
    }
    case 'resolve':
      return {
        ...base,
        status: 'RESOLVED',
        unit: before.unit.id,
        courtyard: before.courtyard?.id ?? null,
        assignee: r1,
        events: [{ type: 'RESOLVED', fromStatus: from, toStatus: 'RESOLVED', actor: secretary.id, unit: before.unit.id, assignee: r1 }],
      };
    case 'close':
      return {
        ...base,
        rating: null,
        status: 'CLOSED',
        unit: before.unit.id,
        courtyard: before.courtyard?.id ?? null,
        assignee: r1,
        events: [{ type: 'CLOSED', fromStatus: from, toStatus: 'CLOSED', actor: secretary.id, unit: before.unit.id, assignee: r1 }],
      };
    case 'reopen':
      return {
        ...base,
        rating: null,
        reworkCount: before.reworkCount + 1,
        status: 'ASSIGNED',
        unit: s.courtyard,
        courtyard: s.courtyard,
        assignee: r1,
        events: [{ type: 'REOPENED', fromStatus: from, toStatus: 'ASSIGNED', actor: secretary.id, unit: s.courtyard, assignee: r1 }],
      };
    case 'cancel':
      return {
        ...base,
        status: 'CANCELLED',
        unit: before.unit.id,
        courtyard: before.courtyard?.id ?? null,
        assignee: before.assignee?.id ?? null,
        events: [{ type: 'CANCELLED', fromStatus: from, toStatus: 'CANCELLED', actor: secretary.id, unit: before.unit.id, assignee: before.assignee?.id ?? null }],
      };
  }
}

const eventShape = (e: any) => ({
  type: e.type,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  actor: e.actor?.id ?? null,
  unit: e.unit?.id ?? null,
  assignee: e.assignee?.id ?? null,
});

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  s = await buildStreet(server, 'TR', 30, 110);
  other = await buildStreet(server, 'TO', 40, 115);
  r1 = await createMember(server, s.courtyard, { name: '路师傅', responder: true, skills: ['ROAD'] });
  r2 = await createMember(server, s.courtyard, { name: '灯师傅', responder: true, skills: ['STREET_LIGHT'] });
  r1User = await createAccount(server, { username: 'tr-r1', role: 'RESPONDER', memberId: r1 });
  r2User = await createAccount(server, { username: 'tr-r2', role: 'RESPONDER', memberId: r2 });
  secretary = await createAccount(server, { username: 'tr-secretary', role: 'SECRETARY', scopeUnitId: s.street });
  otherSecretary = await createAccount(server, { username: 'to-secretary', role: 'SECRETARY', scopeUnitId: other.street });
  reporter = await registerResident(server, 'tr-reporter');
  stranger = await registerResident(server, 'tr-stranger');
});
afterAll(async () => {
  await server?.stop();
});

describe('every action from every status (the caller who may act)', () => {
  const cells = STATUSES.flatMap((status) => ACTIONS.map((action) => ({ status, action })));
  it.each(cells)('$action from $status', async ({ status, action }) => {
    // Read back as the city admin: who sees an event's actor depends on the caller.
    const before = await read((await requestIn(status)).id);
    const token = action === 'accept' ? r1User.token : secretary.token;
    const snap = await snapshot(before.id);
    const res = await call(action, inputFor(action, before.id, before.version), token);

    if (ALLOWED_FROM[action].includes(status)) {
      expect(res.body.errors).toBeUndefined();
      const answered = res.body.data[MUTATION[action][0]];
      const after = await read(before.id);
      // What the API answered is what the database holds.
      expect({ ...answered, events: answered.events.map((e: any) => e.id) }).toEqual({ ...after, events: after.events.map((e: any) => e.id) });
      const want = expected(action, before);
      expect({
        status: after.status,
        unit: after.unit.id,
        courtyard: after.courtyard?.id ?? null,
        assignee: after.assignee?.id ?? null,
        escalationCount: after.escalationCount,
        reworkCount: after.reworkCount,
        rating: after.rating,
      }).toEqual({
        status: want.status,
        unit: want.unit,
        courtyard: want.courtyard,
        assignee: want.assignee,
        escalationCount: want.escalationCount,
        reworkCount: want.reworkCount,
        rating: want.rating,
      });
      expect(after.version).toBe(before.version + 1);
      // The trail only grows: the earlier events are exactly as they were.
      expect(after.events.slice(0, before.events.length)).toEqual(before.events);
      expect(after.events.slice(before.events.length).map(eventShape)).toEqual(want.events);
      // acceptDueAt exists exactly while someone must accept or dispatch.
      expect(after.acceptDueAt === null).toBe(!['ASSIGNED', 'PENDING_DISPATCH'].includes(after.status));
    } else {
      // accept is the assignee's: from PENDING_DISPATCH there is none, and r1 cannot even see it.
      const code = action === 'accept' && status === 'PENDING_DISPATCH' ? 'NOT_FOUND' : 'CONFLICT';
      expect(errorCode(res)).toBe(code);
      expect(res.body.data?.[MUTATION[action][0]] ?? null).toBeNull();
      expect(await snapshot(before.id)).toEqual(snap);
    }
  });
});

describe('who may act is checked before the status', () => {
  it.each(STATUSES)('from %s: NOT_FOUND for callers who cannot see it, FORBIDDEN for roles that may not act', async (status) => {
    const r = await requestIn(status);
    const snap = await snapshot(r.id);
    const outcomes: Record<string, string | undefined> = {};
    const expectedOutcomes: Record<string, string> = {};
    for (const action of ACTIONS) {
      // A resident who did not report it, a secretary of another street and a responder it is
      // not assigned to cannot see it: NOT_FOUND whatever the status.
      for (const [who, token] of [
        ['stranger', stranger.token],
        ['otherSecretary', otherSecretary.token],
        ['r2', r2User.token],
      ] as const) {
        outcomes[`${who}:${action}`] = errorCode(await call(action, inputFor(action, r.id, r.version), token));
        expectedOutcomes[`${who}:${action}`] = 'NOT_FOUND';
      }
    }
    // The reporter sees it but may not dispatch, assign, accept, escalate or resolve: FORBIDDEN,
    // even where the status would refuse it anyway.
    for (const action of ['dispatch', 'assign', 'accept', 'escalate', 'resolve'] as const) {
      outcomes[`reporter:${action}`] = errorCode(await call(action, inputFor(action, r.id, r.version), reporter.token));
      expectedOutcomes[`reporter:${action}`] = 'FORBIDDEN';
    }
    // The assignee (when there is one) sees it but is not staff: dispatch, assign, close, reopen
    // and cancel are FORBIDDEN.
    if (status !== 'PENDING_DISPATCH') {
      for (const action of ['dispatch', 'assign', 'close', 'reopen', 'cancel'] as const) {
        outcomes[`r1:${action}`] = errorCode(await call(action, inputFor(action, r.id, r.version), r1User.token));
        expectedOutcomes[`r1:${action}`] = 'FORBIDDEN';
      }
    }
    // A stale expectedVersion from someone who may not act is still NOT_FOUND / FORBIDDEN.
    outcomes['stranger:stale'] = errorCode(await call('cancel', inputFor('cancel', r.id, r.version + 7), stranger.token));
    expectedOutcomes['stranger:stale'] = 'NOT_FOUND';
    outcomes['reporter:stale-assign'] = errorCode(await call('assign', inputFor('assign', r.id, r.version + 7), reporter.token));
    expectedOutcomes['reporter:stale-assign'] = 'FORBIDDEN';
    expect(outcomes).toEqual(expectedOutcomes);
    expect(await snapshot(r.id)).toEqual(snap);
  });

  it('answers NOT_FOUND for an id that is no request, in the same words as for a hidden one', async () => {
    const r = await requestIn('ASSIGNED');
    const hidden = await call('cancel', inputFor('cancel', r.id), stranger.token);
    const missing = await call('cancel', inputFor('cancel', Buffer.from('ServiceRequest:987654321').toString('base64url')), stranger.token);
    const garbage = await call('cancel', inputFor('cancel', 'not-an-id'), stranger.token);
    expect([errorCode(hidden), errorCode(missing), errorCode(garbage)]).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect(missing.body.errors![0].message).toBe(hidden.body.errors![0].message);
  });

  it('a secretary whose scope is the courtyard loses the request once it is escalated above them', async () => {
    const courtyardSecretary = await createAccount(server, { username: 'tr-courtyard-sec', role: 'SECRETARY', scopeUnitId: s.courtyard });
    const r = await requestIn('ASSIGNED');
    const esc = await ok('escalate', { requestId: r.id }, courtyardSecretary.token);
    expect(esc.unit.id).toBe(s.branch);
    expect(errorCode(await call('escalate', { requestId: r.id }, courtyardSecretary.token))).toBe('NOT_FOUND');
  });
});

describe('close: the reporter alone rates', () => {
  it('refuses staff and the assignee a rating (FORBIDDEN before the status and the version, nothing changed); staff close without one', async () => {
    for (const status of ['RESOLVED', 'IN_PROGRESS'] as const) {
      const r = await requestIn(status);
      const snap = await snapshot(r.id);
      // FORBIDDEN even with a stale version or a status that would refuse the close anyway.
      expect(errorCode(await call('close', { requestId: r.id, rating: 5, expectedVersion: r.version }, secretary.token))).toBe('FORBIDDEN');
      expect(errorCode(await call('close', { requestId: r.id, rating: 5, expectedVersion: r.version + 3 }, secretary.token))).toBe('FORBIDDEN');
      expect(errorCode(await call('close', { requestId: r.id, rating: 5 }, r1User.token))).toBe('FORBIDDEN');
      expect(await snapshot(r.id)).toEqual(snap);
    }
    const r = await requestIn('RESOLVED');
    const closed = await ok('close', { requestId: r.id, expectedVersion: r.version }, secretary.token);
    expect([closed.status, closed.rating]).toEqual(['CLOSED', null]);
  });

  it("keeps the reporter's rating", async () => {
    const r = await requestIn('RESOLVED');
    const closed = await ok('close', { requestId: r.id, rating: 3 }, reporter.token);
    expect([closed.status, closed.rating]).toEqual(['CLOSED', 3]);
  });
});

describe('cancel', () => {
  it.each(STATUSES)('by the reporter from %s: only PENDING_DISPATCH and ASSIGNED', async (status) => {
    const r = await requestIn(status);
    const snap = await snapshot(r.id);
    const res = await call('cancel', { requestId: r.id, reason: '不需要了', expectedVersion: r.version }, reporter.token);
    if (status === 'PENDING_DISPATCH' || status === 'ASSIGNED') {
      const after = res.body.data.cancelServiceRequest;
      expect(after.status).toBe('CANCELLED');
      expect(after.acceptDueAt).toBeNull();
      expect(eventShape(after.events.at(-1))).toEqual({
        type: 'CANCELLED',
        fromStatus: status,
        toStatus: 'CANCELLED',
        actor: reporter.id,
        unit: r.unit.id,
        assignee: r.assignee?.id ?? null,
      });
      expect(after.events.at(-1).note).toBe('不需要了');
    } else {
      expect(errorCode(res)).toBe('CONFLICT');
      expect(await snapshot(r.id)).toEqual(snap);
    }
  });

  it('refuses duplicateOfId of itself (BAD_USER_INPUT), of nothing and of a request the caller cannot see (NOT_FOUND)', async () => {
    const r = await requestIn('ASSIGNED');
    const snap = await snapshot(r.id);
    const itself = await call('cancel', { requestId: r.id, reason: '重复', duplicateOfId: r.id }, secretary.token);
    expect(errorCode(itself)).toBe('BAD_USER_INPUT');
    expect(itself.body.errors![0].extensions!.field).toBe('duplicateOfId');
    const unknown = Buffer.from('ServiceRequest:987654321').toString('base64url');
    expect(errorCode(await call('cancel', { requestId: r.id, reason: '重复', duplicateOfId: unknown }, secretary.token))).toBe('NOT_FOUND');
    const notARequest = s.courtyard; // a valid global id of another type
    expect(errorCode(await call('cancel', { requestId: r.id, reason: '重复', duplicateOfId: notARequest }, secretary.token))).toBe('NOT_FOUND');
    // The stranger's own request exists, but the reporter cannot see it.
    const strangers = await submit({ categoryCode: 'ROAD', description: '别人的', courtyardId: s.courtyard }, stranger.token);
    expect(errorCode(await call('cancel', { requestId: r.id, reason: '重复', duplicateOfId: strangers.id }, reporter.token))).toBe('NOT_FOUND');
    expect(await snapshot(r.id)).toEqual(snap);
    // And a visible other request is accepted.
    const original = await requestIn('IN_PROGRESS');
    const dup = await ok('cancel', { requestId: r.id, reason: '重复', duplicateOfId: original.id }, reporter.token);
    expect(dup.duplicateOf.id).toBe(original.id);
  });
});

describe('reopen', () => {
  async function resolvedBy(memberId: string, token: string, courtyard = s.courtyard) {
    const r = await submit({ categoryCode: 'OTHER', description: '返工测试', unitId: courtyard }, secretary.token);
    await ok('assign', { requestId: r.id, responderId: memberId }, secretary.token);
    await ok('accept', { requestId: r.id }, token);
    return ok('resolve', { requestId: r.id }, token);
  }

  it('goes back to the last assignee while they are an active responder, from RESOLVED and from CLOSED', async () => {
    const r = await resolvedBy(r2, r2User.token);
    const reopened = await ok('reopen', { requestId: r.id, note: '没修好' }, secretary.token);
    expect([reopened.status, reopened.assignee.id, reopened.unit.id, reopened.reworkCount]).toEqual(['ASSIGNED', r2, s.courtyard, 1]);
    expect(reopened.acceptDueAt).not.toBeNull();
    await ok('accept', { requestId: r.id }, r2User.token);
    await ok('resolve', { requestId: r.id }, r2User.token);
    await ok('close', { requestId: r.id }, secretary.token);
    const again = await ok('reopen', { requestId: r.id }, secretary.token);
    expect([again.status, again.assignee.id, again.reworkCount, again.rating]).toEqual(['ASSIGNED', r2, 2, null]);
  });

  it.each([
    ['deactivated', { active: false }],
    ['no longer a responder', { responder: false }],
  ])('goes to PENDING_DISPATCH at the parent of their unit when the last assignee is %s', async (label, change) => {
    const m = await createMember(server, s.courtyard, { name: `临时${label}`, responder: true, skills: [] });
    const user = await createAccount(server, { username: `tr-tmp-${label.replace(/\W/g, '')}`, role: 'RESPONDER', memberId: m });
    const r = await resolvedBy(m, user.token);
    const upd = await server.gql(`mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id } }`, { i: { id: m, ...change } });
    expect(upd.body.errors).toBeUndefined();
    // A RESOLVED request is not handed back: it waits for verification.
    expect((await read(r.id)).status).toBe('RESOLVED');
    const reopened = await ok('reopen', { requestId: r.id }, secretary.token);
    expect([reopened.status, reopened.unit.id, reopened.assignee, reopened.reworkCount]).toEqual(['PENDING_DISPATCH', s.branch, null, 1]);
    expect(eventShape(reopened.events.at(-1))).toEqual({
      type: 'REOPENED',
      fromStatus: 'RESOLVED',
      toStatus: 'PENDING_DISPATCH',
      actor: secretary.id,
      unit: s.branch,
      assignee: null,
    });
    expect(reopened.acceptDueAt).not.toBeNull();
  });

  it('follows the last assignee to their new courtyard (unit and courtyard both move)', async () => {
    const branch2 = (
      await server.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
        i: { parentId: s.general, code: 'TR-01-02', name: '第二党支部', boundary: square(30.3, 110.3, 0.1) },
      })
    ).body.data.createOrgUnit.id;
    const courtyard3 = (
      await server.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
        i: { parentId: branch2, code: 'TR-01-02-01', name: '3号院党小组', boundary: square(30.31, 110.31, 0.02) },
      })
    ).body.data.createOrgUnit.id;
    const m = await createMember(server, s.courtyard, { name: '调动师傅', responder: true, skills: [] });
    const user = await createAccount(server, { username: 'tr-mover', role: 'RESPONDER', memberId: m });
    const r = await resolvedBy(m, user.token);
    const moved = await server.gql(`mutation($i: UpdateMemberInput!) { updateMember(input: $i) { id } }`, { i: { id: m, unitId: courtyard3 } });
    expect(moved.body.errors).toBeUndefined();
    const reopened = await ok('reopen', { requestId: r.id }, secretary.token);
    expect([reopened.status, reopened.assignee.id, reopened.unit.id, reopened.courtyard?.id]).toEqual(['ASSIGNED', m, courtyard3, courtyard3]);
  });
});

describe('the event trail is append-only in the database itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on request_event', async () => {
    const r = await requestIn('IN_PROGRESS');
    const id = dbId(r.id);
    const before = await server.dataSource.query(`SELECT * FROM request_event WHERE request_id = $1 ORDER BY id`, [id]);
    expect(before.length).toBe(3);
    await expect(server.dataSource.query(`UPDATE request_event SET note = 'rewritten' WHERE request_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`UPDATE request_event SET type = 'CLOSED' WHERE id = $1`, [before[0].id])).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`DELETE FROM request_event WHERE request_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`DELETE FROM request_event`)).rejects.toThrow(/append-only/);
    await expect(server.dataSource.query(`TRUNCATE request_event CASCADE`)).rejects.toThrow(/append-only/);
    expect(await server.dataSource.query(`SELECT * FROM request_event WHERE request_id = $1 ORDER BY id`, [id])).toEqual(before);
  });
});
