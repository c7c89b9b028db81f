import { dbIdOf, type Ref, type SignedInRole, type Street, type World } from './world.js';

/**
 * Throwaway service requests for the matrix: submitted into a street's courtyard by the
 * account named as reporter, then driven to the wanted status (assign, resolve and close as
 * the bootstrap CITY_ADMIN, accept as a RESPONDER account of the assignee).
 *
 * - PENDING_DISPATCH: an OTHER request (no responder of the courtyard has that skill): it
 *   waits at the courtyard's parent, `street.branch`.
 * - ASSIGNED to `responder`: a ROAD request, routed to `street.responder`, the only one with
 *   that skill. ASSIGNED to `responder2`: an OTHER request, assigned by hand.
 * - IN_PROGRESS: accepted by the assignee; RESOLVED: then resolved; CLOSED: then closed.
 */

export type RequestStatusName = 'PENDING_DISPATCH' | 'ASSIGNED' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED';

export interface RequestSpec {
  /** The street whose courtyard it is submitted into. */
  street: Street;
  status: RequestStatusName;
  /** Who submits it: a role's account, or OTHER (a resident who is none of the roles). */
  reporter: SignedInRole | 'OTHER';
  /** Past PENDING_DISPATCH: which responder of the courtyard has it (default `responder`). */
  assignee?: 'responder' | 'responder2';
}

export interface RequestRef extends Ref {
  number: string;
  version: number;
  spec: RequestSpec;
}

export const REQUEST_FIELDS = `id number status version escalationCount reworkCount rating unit { id } courtyard { id } assignee { id }`;

export function reporterToken(world: World, reporter: RequestSpec['reporter']): string {
  const token = reporter === 'OTHER' ? world.reporter.token : world.tokens[reporter];
  if (!token) throw new Error(`no token for ${reporter}`);
  return token;
}

export function reporterDbId(world: World, reporter: RequestSpec['reporter']): string {
  return reporter === 'OTHER' ? world.reporter.dbId : world.users[reporter].dbId;
}

async function call(world: World, token: string, mutation: string, inputType: string, input: Record<string, unknown>) {
  const res = await world.server.gql(`mutation($i: ${inputType}!) { ${mutation}(input: $i) { ${REQUEST_FIELDS} } }`, { i: input }, token);
  const value = res.body.data?.[mutation];
  if (res.body.errors?.length || !value) {
    throw new Error(`request fixture: ${mutation} failed: ${JSON.stringify(res.body.errors)}`);
  }
  return value;
}

export async function freshRequest(world: World, spec: RequestSpec): Promise<RequestRef> {
  const { street, status } = spec;
  const assignee = spec.assignee ?? 'responder';
  const admin = world.server.adminToken;
  const routed = status !== 'PENDING_DISPATCH' && assignee === 'responder';
  let r = await call(world, reporterToken(world, spec.reporter), 'submitServiceRequest', 'SubmitServiceRequestInput', {
    categoryCode: routed ? 'ROAD' : 'OTHER',
    description: `matrix request (${status})`,
    courtyardId: street.courtyard.id,
  });
  if (routed) {
    if (r.status !== 'ASSIGNED' || r.assignee?.id !== street.responder.id) {
      throw new Error(`request fixture: a ROAD request was not routed to the skilled responder: ${JSON.stringify(r)}`);
    }
  } else if (r.status !== 'PENDING_DISPATCH' || r.unit.id !== street.branch.id) {
    throw new Error(`request fixture: an OTHER request did not wait at the branch: ${JSON.stringify(r)}`);
  }
  if (status !== 'PENDING_DISPATCH' && assignee === 'responder2') {
    r = await call(world, admin, 'assignServiceRequest', 'AssignServiceRequestInput', { requestId: r.id, responderId: street.responder2.id });
  }
  if (status === 'IN_PROGRESS' || status === 'RESOLVED' || status === 'CLOSED') {
    r = await call(world, street.drivers[assignee], 'acceptServiceRequest', 'RequestActionInput', { requestId: r.id });
  }
  if (status === 'RESOLVED' || status === 'CLOSED') {
    r = await call(world, admin, 'resolveServiceRequest', 'RequestActionInput', { requestId: r.id });
  }
  if (status === 'CLOSED') {
    r = await call(world, admin, 'closeServiceRequest', 'CloseServiceRequestInput', { requestId: r.id });
  }
  const ref: RequestRef = { id: r.id, dbId: dbIdOf(r.id), number: r.number, version: r.version, spec };
  const row = await requestRow(world, ref.dbId);
  if (row.status !== status) throw new Error(`request fixture: wanted ${status}, got ${JSON.stringify(row)}`);
  return ref;
}

const standing = new WeakMap<Street, Promise<RequestRef>>();

/**
 * The request a case acts on: a fresh one as `spec` says, except for ANONYMOUS, who is
 * refused before anything is looked at: one standing request of the street serves all of
 * those cases (it keeps the matrix fast; every anonymous call must leave it untouched).
 */
export function requestFor(world: World, role: string, spec: RequestSpec): Promise<RequestRef> {
  if (role !== 'ANONYMOUS') return freshRequest(world, spec);
  if (!standing.has(spec.street)) {
    standing.set(spec.street, freshRequest(world, { street: spec.street, status: 'ASSIGNED', reporter: 'OTHER' }));
  }
  return standing.get(spec.street)!;
}

export interface RequestRowView {
  status: string;
  unit_id: string;
  courtyard_id: string | null;
  assignee_member_id: string | null;
  reporter_user_id: string;
  escalation_count: number;
  rework_count: number;
  rating: number | null;
  version: number;
  last_event: string;
}

export async function requestRow(world: World, dbId: string): Promise<RequestRowView> {
  const [row] = await world.server.dataSource.query(
    `SELECT r.status::text AS status, r.unit_id::text AS unit_id, r.courtyard_id::text AS courtyard_id,
            r.assignee_member_id::text AS assignee_member_id, r.reporter_user_id::text AS reporter_user_id,
            r.escalation_count, r.rework_count, r.rating, r.version,
            (SELECT e.type::text FROM request_event e WHERE e.request_id = r.id ORDER BY e.id DESC LIMIT 1) AS last_event
       FROM service_request r WHERE r.id = $1`,
    [dbId],
  );
  if (!row) throw new Error(`no service_request ${dbId}`);
  return row;
}
