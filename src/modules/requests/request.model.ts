import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GeoPoint } from '../../common/graphql/geo.js';
import type { OrgUnitRow } from '../org/index.js';
import type { MemberRow } from '../people/index.js';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { ConnectionType } from '../../common/paging/paging.js';

export enum RequestStatus {
  PENDING_DISPATCH = 'PENDING_DISPATCH',
  ASSIGNED = 'ASSIGNED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RequestStatus, {
  name: 'RequestStatus',
  valuesMap: {
    PENDING_DISPATCH: { description: 'Waiting at an org unit for its secretary to dispatch it down or assign it.' },
    ASSIGNED: { description: 'Assigned to a responder, waiting for them to accept.' },
    IN_PROGRESS: { description: 'Accepted by the responder and being handled.' },
    RESOLVED: { description: 'The responder reports it handled; waiting for verification.' },
    CLOSED: { description: 'Verified and closed.' },
    CANCELLED: { description: 'Invalid, withdrawn or a duplicate.' },
  },
});

export enum RequestSource {
  DIRECT = 'DIRECT',
  INSPECTION = 'INSPECTION',
  IMPORTED = 'IMPORTED',
  OPEN311 = 'OPEN311',
}
registerEnumType(RequestSource, {
  name: 'RequestSource',
  valuesMap: {
    DIRECT: { description: 'Submitted through the API or the console.' },
    INSPECTION: { description: 'Opened by an inspection finding.' },
    IMPORTED: { description: "Loaded from another system's history." },
    OPEN311: { description: 'Came in through the Open311 interface.' },
  },
});

export const OPEN_STATUSES = [
  RequestStatus.PENDING_DISPATCH,
  RequestStatus.ASSIGNED,
  RequestStatus.IN_PROGRESS,
  RequestStatus.RESOLVED,
] as const;

export enum RequestEventType {
  SUBMITTED = 'SUBMITTED',
  ROUTED = 'ROUTED',
  DISPATCHED = 'DISPATCHED',
  ASSIGNED = 'ASSIGNED',
  ACCEPTED = 'ACCEPTED',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  REOPENED = 'REOPENED',
  ESCALATED = 'ESCALATED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RequestEventType, { name: 'RequestEventType' });

export enum ServiceRequestOrder {
  NEWEST = 'NEWEST',
  OLDEST = 'OLDEST',
  DUE_SOONEST = 'DUE_SOONEST',
}
registerEnumType(ServiceRequestOrder, {
  name: 'ServiceRequestOrder',
  valuesMap: { DUE_SOONEST: { description: 'Earliest acceptDueAt first, then earliest resolveDueAt.' } },
});

export interface CategoryRow {
  id: string;
  code: string;
  name: string;
  accept_within_minutes: number;
  resolve_within_hours: number;
  duplicate_radius_meters: number;
  /** The limits count office minutes of workdays (the calendar module's working time). */
  working_time: boolean;
}

@ObjectType('ServiceCategory', { implements: () => [Node], description: 'A kind of request, with its time limits.' })
export class ServiceCategory implements TypedNode {
  readonly __typename = 'ServiceCategory' as const;
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => Int, { description: 'A responder must accept within this many minutes of assignment, or it escalates.' })
  acceptWithinMinutes: number;
  @Field(() => Int, { description: 'It must be resolved within this many hours of submission.' })
  resolveWithinHours: number;
  @Field(() => Int, { description: 'Reports of this category within this many metres are suggested as duplicates (0: never).' })
  duplicateRadiusMeters: number;
  @Field({
    description:
      'When true, acceptWithinMinutes and resolveWithinHours count working time only (working days of the calendar, within the configured office hours).',
  })
  workingTime: boolean;
  dbId: string;

  static from(row: CategoryRow): ServiceCategory {
    const c = new ServiceCategory();
    c.dbId = row.id;
    c.id = toGlobalId('ServiceCategory', row.id);
    c.code = row.code;
    c.name = row.name;
    c.acceptWithinMinutes = row.accept_within_minutes;
    c.resolveWithinHours = row.resolve_within_hours;
    c.duplicateRadiusMeters = row.duplicate_radius_meters;
    c.workingTime = row.working_time;
    return c;
  }
}

/** A row of service_request with what the rules need: the holder's path and level. */
export interface RequestRow {
  id: string;
  number: string;
  category_id: string;
  description: string;
  location: string | null;
  address: string | null;
  status: RequestStatus;
  /** Null only for imported requests. */
  reporter_user_id: string | null;
  source: RequestSource;
  external_number: string | null;
  unit_id: string;
  unit_path: string;
  unit_level: string;
  unit_parent_id: string | null;
  courtyard_id: string | null;
  assignee_member_id: string | null;
  last_assignee_member_id: string | null;
  accept_due_at: Date | null;
  accept_due_handled: boolean;
  resolve_due_at: Date;
  escalation_count: number;
  rework_count: number;
  rating: number | null;
  duplicate_of_id: string | null;
  /** The facility it is about. */
  facility_id: string | null;
  idempotency_key: string | null;
  content_hash: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

@ObjectType('ServiceRequest', { implements: () => [Node] })
export class ServiceRequest implements TypedNode {
  readonly __typename = 'ServiceRequest' as const;
  @Field(() => ID) id: string;
  @Field({ description: 'Human tracking number, unique.' }) number: string;
  @Field() description: string;
  @Field(() => GeoPoint, { nullable: true }) location: GeoPoint | null;
  /** Declared by RequestsResolver: a follower reads it as null. */
  address: string | null;
  @Field(() => RequestStatus) status: RequestStatus;
  @Field(() => RequestSource) source: RequestSource;
  @Field(() => Date, { nullable: true, description: 'When the holder must act: accept (ASSIGNED) or dispatch/assign (PENDING_DISPATCH).' })
  acceptDueAt: Date | null;
  @Field() resolveDueAt: Date;
  @Field(() => Int) escalationCount: number;
  @Field(() => Int) reworkCount: number;
  @Field(() => Int, { nullable: true, description: "Resident's satisfaction, 1 to 5, given at closing." }) rating: number | null;
  @Field(() => Int, { description: 'Bumped by every change; pass it back as expectedVersion.' }) version: number;
  @Field(() => String, { nullable: true, description: 'The number it had in the system it was imported from.' }) externalNumber: string | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;

  dbId: string;
  row: RequestRow;
  /**
   * Rows a list read along with this request because the client asked for them (undefined:
   * not read). Units read this way may lack their boundary (when it was not asked), so they
   * are handed to this request's fields only, never to the loaders.
   */
  related: { assignee?: MemberRow | null; courtyard?: OrgUnitRow | null; unit?: OrgUnitRow | null } = {};
  /** A follow or unfollow's result for a caller who sees it only as a follower: shown as a follower reads it. */
  followerView?: boolean;

  static from(row: RequestRow & { assignee_row?: MemberRow | null; courtyard_row?: OrgUnitRow | null; unit_row?: OrgUnitRow | null }): ServiceRequest {
    const r = new ServiceRequest();
    r.row = row;
    r.related = { assignee: row.assignee_row, courtyard: row.courtyard_row, unit: row.unit_row };
    r.dbId = row.id;
    r.id = toGlobalId('ServiceRequest', row.id);
    r.number = row.number;
    r.description = row.description;
    r.location = parsePoint(row.location);
    r.address = row.address;
    r.status = row.status;
    r.source = row.source;
    r.acceptDueAt = row.accept_due_at;
    r.resolveDueAt = row.resolve_due_at;
    r.escalationCount = row.escalation_count;
    r.reworkCount = row.rework_count;
    r.rating = row.rating;
    r.version = row.version;
    r.externalNumber = row.external_number;
    r.createdAt = row.created_at;
    r.updatedAt = row.updated_at;
    return r;
  }
}

export const ServiceRequestConnection = ConnectionType(ServiceRequest, 'ServiceRequest');

export interface EventRow {
  id: string;
  request_id: string;
  type: RequestEventType;
  at: Date;
  actor_user_id: string | null;
  from_status: RequestStatus | null;
  to_status: RequestStatus;
  unit_id: string | null;
  assignee_member_id: string | null;
  note: string | null;
  rating?: number | null;
}

@ObjectType('RequestEvent', { description: "One entry of a request's audit trail. Entries are never changed or removed." })
export class RequestEvent {
  @Field(() => ID) id: string;
  @Field(() => RequestEventType) type: RequestEventType;
  @Field() at: Date;
  @Field(() => RequestStatus, { nullable: true }) fromStatus: RequestStatus | null;
  @Field(() => RequestStatus) toStatus: RequestStatus;
  @Field(() => String, { nullable: true }) note: string | null;
  row: EventRow;

  static from(row: EventRow): RequestEvent {
    const e = new RequestEvent();
    e.row = row;
    e.id = toGlobalId('RequestEvent', row.id);
    e.type = row.type;
    e.at = row.at;
    e.fromStatus = row.from_status;
    e.toStatus = row.to_status;
    e.note = row.note;
    return e;
  }
}

@ObjectType({ description: 'One change pushed to a subscriber.' })
export class ServiceRequestChange {
  @Field(() => ID) requestId: string;
  @Field(() => RequestEvent, { description: 'What happened; the newest event of the request.' }) event: RequestEvent;
  @Field(() => ServiceRequest, { nullable: true, description: 'The request as it is now, or null when it has just left the subscriber\'s scope.' })
  request: ServiceRequest | null;
}

@ObjectType('SimilarRequest', { description: 'A request that may report the same problem, as a resident sees it before submitting:\nno reporter, no description.' })
export class SimilarRequest {
  @Field(() => ID) requestId: string;
  @Field() number: string;
  @Field() categoryCode: string;
  @Field(() => RequestStatus) status: RequestStatus;
  @Field(() => Float, { nullable: true, description: 'Rounded up to a multiple of 50 m (0 stays 0: the same facility).' })
  distanceMeters: number | null;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true }) facilityCode: string | null;

  static from(
    row: { id: string; number: string; status: RequestStatus; created_at: Date; facility_code: string | null; distance: number | null },
    categoryCode: string,
  ): SimilarRequest {
    const s = new SimilarRequest();
    s.requestId = toGlobalId('ServiceRequest', row.id);
    s.number = row.number;
    s.categoryCode = categoryCode;
    s.status = row.status;
    s.distanceMeters = row.distance === null ? null : roundUpTo50(row.distance);
    s.createdAt = row.created_at;
    s.facilityCode = row.facility_code;
    return s;
  }
}

/** Up to the next multiple of 50 metres; 0 stays 0. */
export function roundUpTo50(meters: number): number {
  return meters <= 0 ? 0 : Math.ceil(meters / 50) * 50;
}

/** PostgreSQL's point text `(x,y)` = (lng, lat). */
export function parsePoint(text: string | null): GeoPoint | null {
  if (!text) return null;
  const m = /^\(([^,]+),([^)]+)\)$/.exec(text);
  return m ? { lng: Number(m[1]), lat: Number(m[2]) } : null;
}
