import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ActorConfirmation } from '../../common/auth/actor.js';
import { isWithin, type RequestVisibility } from '../../common/auth/policy.js';
import { pgErrorCode } from '../../common/errors/pg-errors.js';
import { PLAN_EACH_TIME, queryJsonRows, queryRows, type Queryable } from '../../database/queries.js';
import { orgUnitSql as unit, type OrgUnitRow } from '../org/index.js';
import { ACCOUNT_NOT_AS_READ, accountIsAsReadSql, memberSql as member, type MemberRow } from '../people/index.js';
import { facilitySql as facility } from '../facilities/index.js';
import type { CategoryRow, EventRow, RequestEventType, RequestRow, RequestSource, RequestStatus } from './request.model.js';
import { ServiceRequestOrder } from './request.model.js';
import type { IntakeRow, PublicRequestFilter, PublicRequestRow } from './request-intake.model.js';

const CATEGORY_COLUMNS = `id::text AS id, code, name, accept_within_minutes, resolve_within_hours, duplicate_radius_meters, working_time`;

/** What every read of a request needs: its state, where it is, who holds it (rules and cursors read these). */
const REQUEST_STATE_COLUMNS = `r.id::text AS id, r.number, r.category_id::text AS category_id,
  r.status, r.reporter_user_id::text AS reporter_user_id, r.source, r.external_number,
  r.unit_id::text AS unit_id, ${unit.path('h')}::text AS unit_path, ${unit.level('h')}::text AS unit_level,
  ${unit.parentId('h')}::text AS unit_parent_id,
  r.courtyard_id::text AS courtyard_id, r.assignee_member_id::text AS assignee_member_id,
  r.last_assignee_member_id::text AS last_assignee_member_id, r.accept_due_at, r.accept_due_handled, r.resolve_due_at,
  r.escalation_count, r.rework_count, r.rating, r.duplicate_of_id::text AS duplicate_of_id,
  r.facility_id::text AS facility_id, r.version, r.created_at, r.updated_at`;
/** What the resident wrote and where: the long columns, which a list reads only when asked. */
const REQUEST_CONTENT_COLUMNS = `r.description, r.location::text AS location, r.address, r.idempotency_key, r.content_hash`;
const REQUEST_COLUMNS = `${REQUEST_STATE_COLUMNS}, ${REQUEST_CONTENT_COLUMNS}`;
const REQUEST_FROM = `service_request r JOIN ${unit.table('h')} ON ${unit.id('h')} = r.unit_id`;

const EVENT_COLUMNS = `e.id::text AS id, e.request_id::text AS request_id, e.type, e.at, e.actor_user_id::text AS actor_user_id,
  e.from_status, e.to_status, e.unit_id::text AS unit_id, e.assignee_member_id::text AS assignee_member_id, e.note, e.rating`;

/**
 * Open (PENDING_DISPATCH, ASSIGNED, IN_PROGRESS, RESOLVED), written as the predicate of the
 * partial index service_request_unit_open so that a count per unit is an index-only scan (an
 * IN list of the four open statuses means the same but makes PostgreSQL visit every row to
 * check it).
 */
const OPEN_AS_INDEXED = `NOT IN ('CLOSED', 'CANCELLED')`;

export interface NewRequest {
  categoryId: string;
  description: string;
  location: { lat: number; lng: number } | null;
  address: string | null;
  status: RequestStatus;
  reporterUserId: string;
  unitId: string;
  courtyardId: string | null;
  assigneeMemberId: string | null;
  /** Computed by the calendar (WorkingCalendar.dueAt) from the transaction's now(). */
  acceptDueAt: Date;
  resolveDueAt: Date;
  idempotencyKey: string | null;
  contentHash: string;
  source: RequestSource;
  facilityId: string | null;
}

/** The state a transition moves a request to; every column is written, from the current row. */
export interface RequestChange {
  status: RequestStatus;
  unitId: string;
  courtyardId: string | null;
  assigneeMemberId: string | null;
  lastAssigneeMemberId: string | null;
  /** The request reached a new holder (or a new assignee): its accept deadline starts again. */
  newHolder: boolean;
  /**
   * The accept deadline from now (WorkingCalendar.dueAt), set by RequestsService.apply when
   * the new status has one and it starts again; otherwise the stored one stays.
   */
  acceptDueAt?: Date | null;
  /** At a street committee an automatic escalation has nowhere to go: the deadline is spent. */
  acceptDueHandled: boolean;
  escalationCount: number;
  reworkCount: number;
  rating: number | null;
  duplicateOfId: string | null;
  resolvedNow: boolean;
  closedNow: boolean;
}

export interface NewEvent {
  requestId: string;
  type: RequestEventType;
  actorUserId: string | null;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  unitId: string | null;
  assigneeMemberId: string | null;
  note: string | null;
  requestVersion: number;
  /** The rating given with a CLOSED event. */
  rating?: number | null;
}

/**
 * What a list reads beyond each request's state, from what the client asks: the content
 * (description, location, address), and the assignee, courtyard and holding unit in the
 * page's own statement (units with their boundary only when that is asked of them).
 */
export interface RequestListIncludes {
  content?: boolean;
  assignee?: boolean;
  courtyard?: false | { boundary: boolean };
  unit?: false | { boundary: boolean };
}

export type ListedRequestRow = RequestRow & {
  k1: string;
  k2: string;
  assignee_row?: MemberRow | null;
  courtyard_row?: OrgUnitRow | null;
  unit_row?: OrgUnitRow | null;
};

export interface RequestFilterSql {
  /**
   * Requests held anywhere in the subtree at this path. A literal path, not a subselect: the
   * planner then sees how small the subtree is (a subselect made it walk every request of
   * the city by date).
   */
  unitPath: string | null;
  /** The same unit's database id, with the path (a branch's queue walks its subtree by id). */
  unitId?: string | null;
  statuses: RequestStatus[] | null;
  assigneeId: string | null;
  categoryCode: string | null;
  overdue: boolean | null;
  createdAfter: Date | null;
  createdBefore: Date | null;
  facilityId: string | null;
  /** true: the caller's own and followed requests only; false: none of those. */
  followedBy: { userId: string; only: boolean } | null;
}

/** Where to look for duplicates: around a point and/or about a facility, in a category. */
export interface SimilarSearch {
  location: { lat: number; lng: number } | null;
  facilityId: string | null;
  categoryId: string;
  radiusMeters: number;
}

export interface SimilarRow {
  id: string;
  number: string;
  status: RequestStatus;
  created_at: Date;
  facility_code: string | null;
  /** Metres; 0 for the same facility; null when found by facility alone with no point to measure from. */
  distance: number | null;
}

/**
 * The candidates of a duplicate search, as a SQL fragment over `src` (a row with `location`,
 * `facility_id`, `category_id`, and the radius `radius`): requests of the category, not
 * CANCELLED, open or closed in the last 30 days, that name the same facility (distance 0) or
 * lie within the radius (haversine). The second arm is answered by the GiST index
 * service_request_nearby (category, closed_at, the point on the sphere) with a bounding box
 * around the point; nothing walks the open requests. Each candidate once, at its least distance.
 */
function candidatesSql(src: { location: string; facilityId: string; categoryId: string; radius: string }): string {
  const recent = `coalesce(r.closed_at, 'infinity'::timestamptz) >= now() - interval '30 days'`;
  return `SELECT c.id, min(c.d) AS d FROM (
      SELECT r.id, 0::float8 AS d FROM service_request r
       WHERE ${src.facilityId} IS NOT NULL AND r.facility_id = ${src.facilityId} AND r.category_id = ${src.categoryId}
         AND r.status <> 'CANCELLED' AND ${recent}
      UNION ALL
      SELECT r.id, request_distance_m(r.location, ${src.location}) AS d FROM service_request r
       WHERE ${src.location} IS NOT NULL AND r.location IS NOT NULL AND r.status <> 'CANCELLED' AND r.category_id = ${src.categoryId}
         AND ${recent}
         AND request_geo_cube(r.location) <@ cube_enlarge(request_geo_cube(${src.location}), ${src.radius}, 3)
         AND request_distance_m(r.location, ${src.location}) <= ${src.radius}
    ) c GROUP BY c.id`;
}

/** The cursor of a list: the sort key of the last row seen (timestamps as PostgreSQL text). */
export type RequestCursor = [string, string, string];

/** All SQL about service requests, their categories and events. */
@Injectable()
export class RequestsRepository {
  constructor(private readonly db: DataSource) {}

  // ---- categories ----------------------------------------------------------------------

  categories(): Promise<CategoryRow[]> {
    return queryRows(this.db, `SELECT ${CATEGORY_COLUMNS} FROM service_category ORDER BY code`);
  }

  categoriesByIds(ids: readonly string[], q: Queryable = this.db): Promise<CategoryRow[]> {
    return queryRows(
      q,
      `SELECT ${CATEGORY_COLUMNS} FROM service_category WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }

  async categoryByCode(code: string, q: Queryable = this.db): Promise<CategoryRow | undefined> {
    const rows = await queryRows<CategoryRow>(
      q,
      `SELECT ${CATEGORY_COLUMNS} FROM service_category WHERE code = $1`,
      [code],
    );
    return rows[0];
  }

  /** Adds or changes a category; a radius or `workingTime` not given keeps the category's (new ones: 250 and false). */
  async upsertCategory(
    c: { code: string; name: string; acceptWithinMinutes: number; resolveWithinHours: number; duplicateRadiusMeters?: number | null; workingTime?: boolean | null },
    q: Queryable,
  ): Promise<CategoryRow> {
    const rows = await queryRows<CategoryRow>(
      q,
      `INSERT INTO service_category AS sc (code, name, accept_within_minutes, resolve_within_hours, duplicate_radius_meters, working_time)
       VALUES ($1, $2, $3, $4, coalesce($5::int, 250), coalesce($6::boolean, false))
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, accept_within_minutes = EXCLUDED.accept_within_minutes,
         resolve_within_hours = EXCLUDED.resolve_within_hours,
         duplicate_radius_meters = coalesce($5::int, sc.duplicate_radius_meters),
         working_time = coalesce($6::boolean, sc.working_time)
       RETURNING ${CATEGORY_COLUMNS}`,
      [c.code, c.name, c.acceptWithinMinutes, c.resolveWithinHours, c.duplicateRadiusMeters ?? null, c.workingTime ?? null],
    );
    return rows[0];
  }

  /** The transaction's now(): every due instant of a change counts from it. */
  async now(q: Queryable): Promise<Date> {
    const [row] = await queryRows<{ now: Date }>(q, `SELECT now() AS now`);
    return row.now;
  }

  // ---- routing -------------------------------------------------------------------------

  /**
   * Of a courtyard's candidate responders (locked by the caller), the one with the fewest open
   * assignments, then the longest since their last assignment, then the smallest id.
   */
  async leastBusy(candidateIds: readonly string[], q: Queryable): Promise<string | undefined> {
    const rows = await queryRows<{ id: string }>(
      q,
      `SELECT ${member.id('m')}::text AS id FROM ${member.table('m')}
        WHERE ${member.id('m')} = ANY($1::bigint[])
        ORDER BY (SELECT count(*) FROM service_request r
                   WHERE r.assignee_member_id = ${member.id('m')} AND r.status IN ('ASSIGNED', 'IN_PROGRESS')),
                 ${member.lastAssignedAt('m')} NULLS FIRST, ${member.id('m')}
        LIMIT 1`,
      [candidateIds],
    );
    return rows[0]?.id;
  }

  // ---- writes --------------------------------------------------------------------------

  /** Inserts unless (reporter, idempotency key) exists; returns the new id, or null on that conflict. */
  async insert(r: NewRequest, q: Queryable): Promise<string | null> {
    const rows = await queryRows<{ id: string }>(
      q,
      `INSERT INTO service_request (number, category_id, description, location, address, status, reporter_user_id,
          unit_id, courtyard_id, assignee_member_id, last_assignee_member_id, held_since, accept_due_at, resolve_due_at,
          idempotency_key, content_hash, source, facility_id)
       VALUES ('SR-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' ||
                 (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('service_request_number_seq') AS n),
               $1, $2, CASE WHEN $3::float8 IS NULL THEN NULL ELSE point($3::float8, $4::float8) END, $5, $6, $7,
               $8, $9, $10, $10, now(), $11, $12, $13, $14, $15, $16)
       ON CONFLICT (reporter_user_id, idempotency_key) DO NOTHING
       RETURNING id::text AS id`,
      [
        r.categoryId,
        r.description,
        r.location?.lng ?? null,
        r.location?.lat ?? null,
        r.address,
        r.status,
        r.reporterUserId,
        r.unitId,
        r.courtyardId,
        r.assigneeMemberId,
        r.acceptDueAt,
        r.resolveDueAt,
        r.idempotencyKey,
        r.contentHash,
        r.source,
        r.facilityId,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async byIdempotencyKey(reporterUserId: string, key: string, q: Queryable): Promise<RequestRow | undefined> {
    const rows = await queryRows<RequestRow>(
      q,
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.reporter_user_id = $1 AND r.idempotency_key = $2`,
      [reporterUserId, key],
    );
    return rows[0];
  }

  /**
   * Applies a transition only if nobody changed the request since it was read
   * (`version` check in the WHERE clause); returns the new version, or null when stale.
   */
  async applyChange(id: string, expectedVersion: number, c: RequestChange, q: Queryable): Promise<number | null> {
    const rows = await queryRows<{ version: number }>(
      q,
      `UPDATE service_request r SET
         status = $3::request_status,
         unit_id = $4, courtyard_id = $5, assignee_member_id = $6, last_assignee_member_id = $7,
         held_since = CASE WHEN $8 THEN now() ELSE r.held_since END,
         accept_due_at = CASE WHEN $3::request_status IN ('ASSIGNED', 'PENDING_DISPATCH')
                              THEN coalesce($16::timestamptz, r.accept_due_at)
                         END,
         accept_due_handled = CASE WHEN $8 THEN false ELSE $9 END,
         escalation_count = $10, rework_count = $11, rating = $12, duplicate_of_id = $13,
         resolved_at = CASE WHEN $14 THEN now() WHEN $3::request_status = 'RESOLVED' THEN r.resolved_at END,
         closed_at = CASE WHEN $15 THEN now() WHEN $3::request_status = 'CLOSED' THEN r.closed_at END,
         version = r.version + 1,
         updated_at = now()
       WHERE r.id = $1 AND r.version = $2
       RETURNING r.version`,
      [
        id,
        expectedVersion,
        c.status,
        c.unitId,
        c.courtyardId,
        c.assigneeMemberId,
        c.lastAssigneeMemberId,
        c.newHolder,
        c.acceptDueHandled,
        c.escalationCount,
        c.reworkCount,
        c.rating,
        c.duplicateOfId,
        c.resolvedNow,
        c.closedNow,
        c.acceptDueAt ?? null,
      ],
    );
    return rows[0]?.version ?? null;
  }

  /** Appends events in one statement; returns their ids in order. */
  async appendEvents(events: NewEvent[], q: Queryable): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      q,
      `INSERT INTO request_event (request_id, type, actor_user_id, from_status, to_status, unit_id, assignee_member_id, note, request_version, rating)
       SELECT * FROM unnest($1::bigint[], $2::request_event_type[], $3::bigint[], $4::request_status[], $5::request_status[],
                            $6::bigint[], $7::bigint[], $8::text[], $9::int[], $10::smallint[])
       RETURNING id::text AS id`,
      [
        events.map((e) => e.requestId),
        events.map((e) => e.type),
        events.map((e) => e.actorUserId),
        events.map((e) => e.fromStatus),
        events.map((e) => e.toStatus),
        events.map((e) => e.unitId),
        events.map((e) => e.assigneeMemberId),
        events.map((e) => e.note),
        events.map((e) => e.requestVersion),
        events.map((e) => e.rating ?? null),
      ],
    );
    return rows.map((r) => r.id);
  }

  /** Tells every instance (LISTEN request_changed) at commit; ids only, never rows. */
  async notifyChange(change: { requestId: string; eventId: string; fromPath: string | null; toPath: string }, q: Queryable): Promise<void> {
    await q.query(`SELECT pg_notify('request_changed', $1)`, [
      JSON.stringify({ r: change.requestId, e: change.eventId, from: change.fromPath, to: change.toPath }),
    ]);
  }

  // ---- reads ---------------------------------------------------------------------------

  byIds(ids: readonly string[], q: Queryable = this.db): Promise<RequestRow[]> {
    return queryRows(q, `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.id = ANY($1::bigint[])`, [ids]);
  }

  async byNumber(number: string): Promise<RequestRow | undefined> {
    const rows = await queryRows<RequestRow>(this.db, `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE r.number = $1`, [number]);
    return rows[0];
  }

  /**
   * Locks the request, then reads it with its holder in a second statement. One statement
   * (FOR UPDATE OF r over the join) would, after waiting for a transaction that moved the
   * request to another unit, re-check the join against the old holder and return nothing:
   * NOT_FOUND for a request that exists.
   */
  async lock(id: string, q: Queryable): Promise<RequestRow | undefined> {
    const locked = await queryRows<{ id: string }>(q, `SELECT id::text AS id FROM service_request WHERE id = $1 FOR UPDATE`, [id]);
    if (locked.length === 0) return undefined;
    return (await this.byIds([id], q))[0];
  }

  eventsOf(requestIds: readonly string[]): Promise<EventRow[]> {
    return queryRows(this.db, `SELECT ${EVENT_COLUMNS} FROM request_event e WHERE e.request_id = ANY($1::bigint[]) ORDER BY e.request_id, e.id`, [
      requestIds,
    ]);
  }

  async eventById(id: string): Promise<EventRow | undefined> {
    const rows = await queryRows<EventRow>(this.db, `SELECT ${EVENT_COLUMNS} FROM request_event e WHERE e.id = $1`, [id]);
    return rows[0];
  }

  /** A page of requests; without `include.content` the rows carry no description, location or address. */
  async list(
    visibility: RequestVisibility,
    filter: RequestFilterSql,
    order: ServiceRequestOrder,
    after: RequestCursor | null,
    limit: number,
    include: RequestListIncludes = {},
  ): Promise<ListedRequestRow[]> {
    const [text, params, prepared] = listSql(visibility, filter, order, after, limit, include);
    return queryRows(this.db, text, params, prepared ? {} : PLAN_EACH_TIME);
  }

  /**
   * The same page in a statement that also confirms its caller (ActorConfirmation): null when
   * the account is no longer as read, else the page, read in the same snapshot as the check
   * (a one-time filter: it runs before any row, empty page or not).
   */
  async listConfirmingCaller(
    confirmation: ActorConfirmation,
    visibility: RequestVisibility,
    filter: RequestFilterSql,
    order: ServiceRequestOrder,
    after: RequestCursor | null,
    limit: number,
    include: RequestListIncludes = {},
  ): Promise<ListedRequestRow[] | null> {
    const [text, params, prepared] = listSql(visibility, filter, order, after, limit, include, (param) => accountIsAsReadSql(confirmation, param));
    try {
      return await queryRows<ListedRequestRow>(this.db, text, params, prepared ? {} : PLAN_EACH_TIME);
    } catch (error) {
      if (pgErrorCode(error) === ACCOUNT_NOT_AS_READ) return null;
      throw error;
    }
  }

  async count(visibility: RequestVisibility, filter: RequestFilterSql): Promise<number> {
    const [where, params] = listWhere(visibility, filter);
    const rows = await queryRows<{ n: number }>(this.db, `SELECT count(*)::int AS n FROM ${REQUEST_FROM} WHERE ${where}`, params, PLAN_EACH_TIME);
    return rows[0].n;
  }

  /**
   * Every unit in the given units' subtrees (each once) with the open requests it holds
   * itself. The count is an index-only lookup per unit on the partial index of open
   * requests; a join of all subtrees with all requests let the planner hash-join every
   * open request of the city instead, which grows with the city, not with the batch.
   */
  directOpenCountsInSubtrees(unitIds: readonly string[]): Promise<{ path: string; n: number }[]> {
    return queryJsonRows(
      this.db,
      `SELECT u.path::text AS path,
              (SELECT count(*)::int FROM service_request r WHERE r.unit_id = u.id AND r.status ${OPEN_AS_INDEXED}) AS n
         FROM (${unit.subtreeUnits('$1')}) u`,
      [unitIds],
    );
  }

  // ---- followers and duplicates ----------------------------------------------------------

  /** Follows (idempotent). */
  async follow(requestId: string, userId: string, q: Queryable): Promise<void> {
    await q.query(`INSERT INTO request_follower (request_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [requestId, userId]);
  }

  async unfollow(requestId: string, userId: string, q: Queryable): Promise<void> {
    await q.query(`DELETE FROM request_follower WHERE request_id = $1 AND user_id = $2`, [requestId, userId]);
  }

  /** Of the given requests, those the user follows. */
  async followedAmong(userId: string, requestIds: readonly string[], q: Queryable = this.db): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      q,
      `SELECT request_id::text AS id FROM request_follower WHERE user_id = $1 AND request_id = ANY($2::bigint[])`,
      [userId, requestIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Users following each request besides its reporter. */
  async followerCounts(requestIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(
      this.db,
      `SELECT f.request_id::text AS id, count(*)::int AS n FROM request_follower f JOIN service_request r ON r.id = f.request_id
        WHERE f.request_id = ANY($1::bigint[]) AND f.user_id IS DISTINCT FROM r.reporter_user_id GROUP BY f.request_id`,
      [requestIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Who follows a request (for live updates: once per change). */
  async followersOf(requestId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(this.db, `SELECT user_id::text AS id FROM request_follower WHERE request_id = $1`, [requestId]);
    return rows.map((r) => r.id);
  }

  /**
   * Whether `similarServiceRequests` could ever show this request: of a category that suggests
   * duplicates, not CANCELLED, open or closed in the last 30 days, with a place or a facility.
   */
  async couldBeSuggested(requestId: string, q: Queryable): Promise<boolean> {
    const rows = await queryRows(
      q,
      `SELECT 1 FROM service_request r JOIN service_category c ON c.id = r.category_id
        WHERE r.id = $1 AND c.duplicate_radius_meters > 0 AND r.status <> 'CANCELLED'
          AND coalesce(r.closed_at, 'infinity'::timestamptz) >= now() - interval '30 days'
          AND (r.location IS NOT NULL OR r.facility_id IS NOT NULL)`,
      [requestId],
    );
    return rows.length > 0;
  }

  /** Up to `limit` candidates around a point and/or about a facility: nearest first, then newest. */
  similar(search: SimilarSearch, limit = 5): Promise<SimilarRow[]> {
    const point = `CASE WHEN $1::float8 IS NULL THEN NULL ELSE point($1::float8, $2::float8) END`;
    return queryRows(
      this.db,
      `SELECT r.id::text AS id, r.number, r.status, r.created_at, ${facility.code('fa')} AS facility_code,
              CASE WHEN x.d = 0 OR $1::float8 IS NOT NULL THEN x.d END AS distance
         FROM (${candidatesSql({ location: point, facilityId: '$3::bigint', categoryId: '$4::bigint', radius: '$5::float8' })}) x
         JOIN service_request r ON r.id = x.id
         LEFT JOIN ${facility.table('fa')} ON ${facility.id('fa')} = r.facility_id
        ORDER BY x.d, r.created_at DESC, r.id DESC LIMIT $6`,
      [search.location?.lng ?? null, search.location?.lat ?? null, search.facilityId, search.categoryId, search.radiusMeters, limit],
      PLAN_EACH_TIME,
    );
  }

  /**
   * For each request, up to 5 others that may report the same problem and that the caller
   * may see, ranked as `similar` ranks them; with `for_id`, the request they are candidates for.
   */
  duplicatesOf(requestIds: readonly string[], visibility: RequestVisibility): Promise<(RequestRow & { for_id: string })[]> {
    const params: unknown[] = [requestIds];
    const visible = visibleClause(visibility, (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    return queryRows(
      this.db,
      `SELECT d.* FROM service_request q JOIN service_category cat ON cat.id = q.category_id AND cat.duplicate_radius_meters > 0
        CROSS JOIN LATERAL (
          SELECT q.id::text AS for_id, ${REQUEST_COLUMNS}
            FROM (${candidatesSql({ location: 'q.location', facilityId: 'q.facility_id', categoryId: 'q.category_id', radius: 'cat.duplicate_radius_meters::float8' })}) x
            JOIN ${REQUEST_FROM} ON r.id = x.id
           WHERE x.id <> q.id AND ${visible}
           ORDER BY x.d, r.created_at DESC, r.id DESC LIMIT 5
        ) d
        WHERE q.id = ANY($1::bigint[])`,
      params,
      PLAN_EACH_TIME,
    );
  }

  /** Open requests naming each facility. */
  async openCountsByFacility(facilityIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(
      this.db,
      `SELECT facility_id::text AS id, count(*)::int AS n FROM service_request
        WHERE facility_id = ANY($1::bigint[]) AND status ${OPEN_AS_INDEXED} GROUP BY facility_id`,
      [facilityIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async anyOpenInSubtree(path: string, q: Queryable): Promise<boolean> {
    const rows = await queryRows(
      q,
      `SELECT 1 FROM ${unit.table('u')} JOIN service_request r ON r.unit_id = ${unit.id('u')} AND r.status ${OPEN_AS_INDEXED}
        WHERE ${unit.path('u')} <@ $1::ltree LIMIT 1`,
      [path],
      PLAN_EACH_TIME,
    );
    return rows.length > 0;
  }

  async openAssignmentCounts(memberIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(
      this.db,
      `SELECT assignee_member_id::text AS id, count(*)::int AS n FROM service_request
        WHERE assignee_member_id = ANY($1::bigint[]) AND status IN ('ASSIGNED', 'IN_PROGRESS')
        GROUP BY assignee_member_id`,
      [memberIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** The member's ASSIGNED and IN_PROGRESS requests, locked, to hand back up. */
  async lockOpenAssignmentsOf(memberId: string, q: Queryable): Promise<RequestRow[]> {
    return queryRows(
      q,
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM}
        WHERE r.assignee_member_id = $1 AND r.status IN ('ASSIGNED', 'IN_PROGRESS') ORDER BY r.id FOR UPDATE OF r`,
      [memberId],
    );
  }

  /** Requests whose accept deadline passed, locked; rows another instance holds are skipped. */
  async lockDueForEscalation(limit: number, q: Queryable): Promise<RequestRow[]> {
    return queryRows(
      q,
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM}
        WHERE r.accept_due_at <= now() AND NOT r.accept_due_handled AND r.status IN ('ASSIGNED', 'PENDING_DISPATCH')
        ORDER BY r.accept_due_at, r.id LIMIT $1 FOR UPDATE OF r SKIP LOCKED`,
      [limit],
    );
  }

  /** At a street committee a passed deadline has nowhere to escalate to: remember it fired. */
  async markAcceptDueHandled(id: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE service_request SET accept_due_handled = true WHERE id = $1`, [id]);
  }

  /** RESOLVED requests nobody verified within the window, locked; held rows are skipped. */
  async lockDueForAutoClose(afterHours: number, limit: number, q: Queryable): Promise<RequestRow[]> {
    return queryRows(
      q,
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM}
        WHERE r.status = 'RESOLVED' AND r.resolved_at <= now() - make_interval(hours => $1) AND r.source <> 'IMPORTED'
        ORDER BY r.resolved_at, r.id LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
      [afterHours, limit],
    );
  }

  // ---- intake (contact details, retried submissions) -------------------------------------

  async insertIntake(
    row: { requestId: string; name: string | null; phone: string | null; email: string | null; intakeKey: string | null },
    q: Queryable,
  ): Promise<void> {
    await q.query(
      `INSERT INTO service_request_intake (request_id, contact_name, contact_phone, contact_email, intake_key) VALUES ($1, $2, $3, $4, $5)`,
      [row.requestId, row.name, row.phone, row.email, row.intakeKey],
    );
  }

  /** Serialises submissions with one intake key until the end of the transaction. */
  async lockIntakeKey(key: string, q: Queryable): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtextextended('intake:' || $1, 0))`, [key]);
  }

  /** The latest request of this reporter with this intake key, submitted within the last `minutes`. */
  async recentByIntakeKey(reporterUserId: string, key: string, minutes: number, q: Queryable): Promise<RequestRow | undefined> {
    const rows = await queryRows<RequestRow>(
      q,
      `SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} JOIN service_request_intake i ON i.request_id = r.id
        WHERE i.intake_key = $2 AND r.reporter_user_id = $1 AND i.created_at > now() - make_interval(mins => $3)
        ORDER BY i.created_at DESC, r.id DESC LIMIT 1`,
      [reporterUserId, key, minutes],
    );
    return rows[0];
  }

  intakesOf(requestIds: readonly string[]): Promise<IntakeRow[]> {
    return queryRows(
      this.db,
      `SELECT request_id::text AS request_id, contact_name, contact_phone, contact_email
         FROM service_request_intake WHERE request_id = ANY($1::bigint[])`,
      [requestIds],
    );
  }

  // ---- the public listing (Open311) ------------------------------------------------------

  /**
   * Requests as anyone may see them (PublicRequestView), newest first. Requests opened by an
   * inspection are never listed. The status note is the latest note written by the reporter
   * or by the system (no actor), never one written by staff.
   */
  publicList(f: PublicRequestFilter): Promise<PublicRequestRow[]> {
    const params: unknown[] = [f.withDescriptions];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const clauses = [`r.source <> 'INSPECTION'`];
    if (f.numbers) {
      clauses.push(`r.number = ANY(${p(f.numbers)}::text[])`);
    } else {
      if (f.categoryCodes) clauses.push(`c.code = ANY(${p(f.categoryCodes)}::text[])`);
      if (f.open === true) clauses.push(`r.status NOT IN ('CLOSED', 'CANCELLED')`);
      if (f.open === false) clauses.push(`r.status IN ('CLOSED', 'CANCELLED')`);
      if (f.createdFrom) clauses.push(`r.created_at >= ${p(f.createdFrom)}`);
      if (f.createdTo) clauses.push(`r.created_at <= ${p(f.createdTo)}`);
    }
    return queryRows(
      this.db,
      `SELECT r.number, r.status, c.code AS category_code, c.name AS category_name,
              CASE WHEN $1::boolean THEN r.description END AS description,
              round(r.location[1]::numeric, 3)::float8 AS lat, round(r.location[0]::numeric, 3)::float8 AS lng,
              ${unit.name('h')} AS holder_name,
              (SELECT e.note FROM request_event e
                WHERE e.request_id = r.id AND e.note IS NOT NULL
                  AND (e.actor_user_id IS NULL OR e.actor_user_id = r.reporter_user_id)
                ORDER BY e.id DESC LIMIT 1) AS status_note,
              r.created_at, r.updated_at, r.resolve_due_at
         FROM ${REQUEST_FROM} JOIN service_category c ON c.id = r.category_id
        WHERE ${clauses.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC
        LIMIT ${p(f.limit)}`,
      params,
      PLAN_EACH_TIME,
    );
  }
}

const ORDERS: Record<ServiceRequestOrder, { key1: string; key2: string; direction: 'ASC' | 'DESC' }> = {
  [ServiceRequestOrder.NEWEST]: { key1: 'r.created_at', key2: 'r.created_at', direction: 'DESC' },
  [ServiceRequestOrder.OLDEST]: { key1: 'r.created_at', key2: 'r.created_at', direction: 'ASC' },
  [ServiceRequestOrder.DUE_SOONEST]: {
    key1: `coalesce(r.accept_due_at, 'infinity'::timestamptz)`,
    key2: 'r.resolve_due_at',
    direction: 'ASC',
  },
};

/**
 * A page of requests (RequestsRepository.list): the statement, its parameters and whether it
 * may be prepared.
 *
 * A queue of a branch or a courtyard (path of three labels or more) in open statuses reads the
 * subtree's matching requests first (the subtree walked down parent ids, then the partial index
 * of open requests per unit, in a materialised CTE; then the page of them), a plan that is
 * right for any such unit whatever the values, so the statement is prepared and PostgreSQL
 * keeps its generic plan: planning on every run was over half of a secretary's queue's
 * PostgreSQL time. (By path, with the path opaque, the generic plan scanned all of org_unit at
 * scale 10.) Any other list is planned with its values on each run (PLAN_EACH_TIME, see
 * queries.ts): for a street or the whole city, walking requests by date until the page is
 * full beats reading every open request of the subtree first.
 */
function listSql(
  visibility: RequestVisibility,
  filter: RequestFilterSql,
  order: ServiceRequestOrder,
  after: RequestCursor | null,
  limit: number,
  include: RequestListIncludes,
  /** A condition on the caller, not on rows (listConfirmingCaller), given a way to add parameters. */
  callerCondition?: (param: (value: unknown) => string) => string,
): [text: string, params: unknown[], prepared: boolean] {
  const statuses = filter.statuses ?? [];
  const subtreeFirst =
    !!filter.unitId &&
    filter.unitPath !== null &&
    filter.unitPath.split('.').length >= 3 &&
    statuses.length > 0 &&
    statuses.every((status) => status !== 'CLOSED' && status !== 'CANCELLED' && /^[A-Z_]+$/.test(status)) &&
    Number.isSafeInteger(limit);
  const [rowsWhere, params] = listWhere(visibility, subtreeFirst ? { ...filter, statuses: null } : filter, subtreeFirst);
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const caller = callerCondition ? callerCondition(param) : null;
  const subtreeRoot = subtreeFirst ? param(filter.unitId) : null;
  const { key1, key2, direction } = ORDERS[order];
  const [a1, a2, a3] = [param(after?.[0] ?? null), param(after?.[1] ?? null), param(after?.[2] ?? null)];
  const compare = direction === 'DESC' ? '<' : '>';
  const afterCursor = (k1: string, k2: string, id: string) =>
    `(${a1}::timestamptz IS NULL OR (${k1}, ${k2}, ${id}) ${compare} (${a1}::timestamptz, ${a2}::timestamptz, ${a3}::bigint))`;
  const related = [
    include.content ? `, ${REQUEST_CONTENT_COLUMNS}` : '',
    include.assignee ? `, ${member.rowJson('r.assignee_member_id')} AS assignee_row` : '',
    include.courtyard ? `, ${unit.rowJson('r.courtyard_id', include.courtyard.boundary)} AS courtyard_row` : '',
    include.unit ? `, ${unit.rowJson('r.unit_id', include.unit.boundary)} AS unit_row` : '',
  ].join('');
  const columns = `${REQUEST_STATE_COLUMNS}, (${key1})::text AS k1, (${key2})::text AS k2${related}`;
  if (subtreeFirst) {
    // The statuses and the page size go in as text (enum names, a number): with them as
    // values, custom plans cost less than the generic one and PostgreSQL never keeps it.
    return [
      `WITH RECURSIVE subtree AS (
          SELECT ${unit.id('u')} AS id FROM ${unit.table('u')} WHERE ${unit.id('u')} = ${subtreeRoot}::bigint
          UNION ALL SELECT ${unit.id('c')} FROM ${unit.table('c')} JOIN subtree s ON ${unit.parentId('c')} = s.id),
        matching AS MATERIALIZED (
          SELECT r.id, ${key1} AS k1, ${key2} AS k2 FROM ${REQUEST_FROM}
           WHERE ${rowsWhere} AND r.status = ANY('{${statuses.join(',')}}'::request_status[]) AND r.status ${OPEN_AS_INDEXED}),
        page AS (
          SELECT id, k1, k2 FROM matching WHERE ${afterCursor('k1', 'k2', 'id')}
           ORDER BY k1 ${direction}, k2 ${direction}, id ${direction} LIMIT ${limit + 1})
        SELECT ${columns} FROM page p JOIN service_request r ON r.id = p.id JOIN ${unit.table('h')} ON ${unit.id('h')} = r.unit_id
         ${caller ? `WHERE ${caller}` : ''}
         ORDER BY p.k1 ${direction}, p.k2 ${direction}, p.id ${direction}`,
      params,
      true,
    ];
  }
  return [
    `SELECT ${columns} FROM ${REQUEST_FROM}
        WHERE ${caller ? `${caller} AND ` : ''}${rowsWhere} AND ${afterCursor(key1, key2, 'r.id')}
        ORDER BY ${key1} ${direction}, ${key2} ${direction}, r.id ${direction}
        LIMIT ${param(limit + 1)}`,
    params,
    false,
  ];
}

function listWhere(v: RequestVisibility, f: RequestFilterSql, unitBySubtreeCte = false): [string, unknown[]] {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const clauses: string[] = [];
  // Within the caller's scope every row is visible: the OR of the visibility rule would only
  // hide the subtree filter from the planner.
  if (!v.all && !(f.unitPath && v.scopePath && isWithin(f.unitPath, v.scopePath))) clauses.push(visibleClause(v, p));
  if (unitBySubtreeCte) clauses.push(`${unit.id('h')} IN (SELECT id FROM subtree)`);
  else if (f.unitPath) clauses.push(`${unit.path('h')} <@ ${p(f.unitPath)}::ltree`);
  if (f.statuses?.length) clauses.push(`r.status = ANY(${p(f.statuses)}::request_status[])`);
  if (f.assigneeId) clauses.push(`r.assignee_member_id = ${p(f.assigneeId)}`);
  if (f.categoryCode) clauses.push(`r.category_id = (SELECT id FROM service_category WHERE code = ${p(f.categoryCode)})`);
  if (f.overdue === true) {
    clauses.push(`r.status IN ('PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS') AND (r.accept_due_at < now() OR r.resolve_due_at < now())`);
  } else if (f.overdue === false) {
    clauses.push(`NOT (r.status IN ('PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS') AND (r.accept_due_at < now() OR r.resolve_due_at < now()))`);
  }
  if (f.createdAfter) clauses.push(`r.created_at >= ${p(f.createdAfter)}`);
  if (f.createdBefore) clauses.push(`r.created_at < ${p(f.createdBefore)}`);
  if (f.facilityId) clauses.push(`r.facility_id = ${p(f.facilityId)}`);
  if (f.followedBy) {
    const user = p(f.followedBy.userId);
    const mine = `(r.reporter_user_id = ${user} OR r.id = ANY(ARRAY(SELECT fw.request_id FROM request_follower fw WHERE fw.user_id = ${user})))`;
    clauses.push(f.followedBy.only ? mine : `NOT coalesce(${mine}, false)`);
  }
  return [clauses.length ? clauses.join(' AND ') : 'true', params];
}

/**
 * `Policy.seesRequest` in SQL, for the rows `r` with holder `h`: reported by the caller, held in
 * their scope, assigned to them, or followed by them (an InitPlan reads their follows once).
 */
function visibleClause(v: RequestVisibility, p: (value: unknown) => string): string {
  if (v.all) return 'true';
  const user = p(v.userId);
  const visible = [`r.reporter_user_id = ${user}`];
  if (v.scopePath) visible.push(`${unit.path('h')} <@ ${p(v.scopePath)}::ltree`);
  if (v.memberId) visible.push(`r.assignee_member_id = ${p(v.memberId)}`);
  visible.push(`r.id = ANY(ARRAY(SELECT fw.request_id FROM request_follower fw WHERE fw.user_id = ${user}))`);
  return `(${visible.join(' OR ')})`;
}

/** One imported case, checked and resolved (ids are database ids), ready to write. */
export interface ImportRow {
  externalNumber: string;
  categoryId: string;
  description: string;
  location: { lat: number; lng: number } | null;
  address: string | null;
  unitId: string;
  courtyardId: string | null;
  status: RequestStatus;
  submittedAt: Date;
  resolveDueAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  cancelledAt: Date | null;
  reworkCount: number;
  escalationCount: number;
  rating: number | null;
  /** For a PENDING_DISPATCH case: now plus the category's accept limit (WorkingCalendar.dueAt). */
  acceptDueAt: Date | null;
  contentHash: string;
}

/** An event of an imported case, at its own time. */
export interface ImportedEvent extends NewEvent {
  at: Date;
}

/**
 * Writes a batch of imported cases in one statement; an externalNumber already imported
 * (now or by a concurrent import, which this waits for) is skipped. Returns the new ids.
 */
export async function insertImported(q: Queryable, rows: ImportRow[]): Promise<{ id: string; external_number: string }[]> {
  if (rows.length === 0) return [];
  const col = <T>(f: (r: ImportRow) => T) => rows.map(f);
  return queryRows(
    q,
    `INSERT INTO service_request (number, category_id, description, location, address, status, reporter_user_id, unit_id, courtyard_id,
        held_since, accept_due_at, resolve_due_at, resolved_at, closed_at, escalation_count, rework_count, rating, content_hash,
        source, external_number, created_at)
     SELECT 'SR-' || to_char(t.submitted AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(x.n::text, greatest(6, length(x.n::text)), '0'),
            t.category_id, t.description, CASE WHEN t.lng IS NULL THEN NULL ELSE point(t.lng, t.lat) END, t.address, t.status,
            NULL, t.unit_id, t.courtyard_id, now(),
            CASE WHEN t.status = 'PENDING_DISPATCH' THEN t.accept_due END,
            t.due, CASE WHEN t.status = 'RESOLVED' THEN t.resolved END, CASE WHEN t.status = 'CLOSED' THEN t.closed END,
            t.escalations, t.reworks, t.rating, t.content_hash, 'IMPORTED', t.ext, t.submitted
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::request_status[], $8::bigint[],
                   $9::bigint[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[], $14::int[], $15::int[],
                   $16::smallint[], $17::text[], $18::timestamptz[])
            WITH ORDINALITY AS t(ext, category_id, description, lng, lat, address, status, unit_id, courtyard_id, submitted, due,
                                 resolved, closed, escalations, reworks, rating, content_hash, accept_due, ord)
            -- Lateral, so that each row draws its own number (a plain subselect is drawn once).
            CROSS JOIN LATERAL (SELECT nextval('service_request_number_seq') AS n, t.ord) x
      ORDER BY t.ord
     ON CONFLICT (external_number) WHERE external_number IS NOT NULL DO NOTHING
     RETURNING id::text AS id, external_number`,
    [
      col((r) => r.externalNumber),
      col((r) => r.categoryId),
      col((r) => r.description),
      col((r) => r.location?.lng ?? null),
      col((r) => r.location?.lat ?? null),
      col((r) => r.address),
      col((r) => r.status),
      col((r) => r.unitId),
      col((r) => r.courtyardId),
      col((r) => r.submittedAt),
      col((r) => r.resolveDueAt),
      col((r) => r.resolvedAt),
      col((r) => r.closedAt),
      col((r) => r.escalationCount),
      col((r) => r.reworkCount),
      col((r) => r.rating),
      col((r) => r.contentHash),
      col((r) => r.acceptDueAt),
    ],
  );
}

export async function insertImportedEvents(q: Queryable, events: ImportedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await q.query(
    `INSERT INTO request_event (request_id, type, at, actor_user_id, from_status, to_status, unit_id, assignee_member_id, note, request_version, rating)
     SELECT * FROM unnest($1::bigint[], $2::request_event_type[], $3::timestamptz[], $4::bigint[], $5::request_status[], $6::request_status[],
                          $7::bigint[], $8::bigint[], $9::text[], $10::int[], $11::smallint[])`,
    [
      events.map((e) => e.requestId),
      events.map((e) => e.type),
      events.map((e) => e.at),
      events.map((e) => e.actorUserId),
      events.map((e) => e.fromStatus),
      events.map((e) => e.toStatus),
      events.map((e) => e.unitId),
      events.map((e) => e.assigneeMemberId),
      events.map((e) => e.note),
      events.map((e) => e.requestVersion),
      events.map((e) => e.rating ?? null),
    ],
  );
}

/** Units by database id or by code, for an import: id, level, archived. */
export function unitsForImport(q: Queryable, ids: string[], codes: string[]): Promise<{ id: string; code: string; level: string; path: string }[]> {
  return queryRows(
    q,
    `SELECT ${unit.id()}::text AS id, ${unit.code()}, ${unit.level()}::text AS level, ${unit.path()}::text AS path FROM ${unit.table()} WHERE ${unit.id()} = ANY($1::bigint[]) OR ${unit.code()} = ANY($2::text[])`,
    [ids, codes],
  );
}

export function categoriesForImport(q: Queryable, codes: string[]): Promise<CategoryRow[]> {
  return queryRows(
    q,
    `SELECT ${CATEGORY_COLUMNS} FROM service_category WHERE code = ANY($1::text[])`,
    [codes],
  );
}
