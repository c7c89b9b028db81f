import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Policy, type RequestAction, type RequestFacts } from '../../common/auth/policy.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf, toGlobalId } from '../../common/graphql/global-id.js';
import { Transactions } from '../../database/transactions.js';
import { FacilitiesService, FacilityStatus, type FacilityRow } from '../facilities/index.js';
import { WorkingCalendar } from '../calendar/index.js';
import { OrgLevel, OrgService, type OrgUnitRow } from '../org/index.js';
import { MembersService } from '../people/index.js';
import type {
  AssignServiceRequestInput,
  CancelServiceRequestInput,
  CloseServiceRequestInput,
  DispatchServiceRequestInput,
  RequestActionInput,
  SubmitServiceRequestInput,
} from './dtos/request.inputs.js';
import { parsePoint, RequestEventType, RequestSource, RequestStatus, ServiceRequest, type CategoryRow, type RequestRow } from './request.model.js';
import type { SubmitOptions } from './request-intake.model.js';
import { RequestsRepository } from './requests.repository.js';
import { ESCALATABLE, escalation, requireStatus, step, unchanged, type Transition } from './transitions.js';

/** Where a new request goes: the holder, its courtyard, and the responder when one fits. */
interface Route {
  unitId: string;
  courtyardId: string | null;
  assigneeMemberId: string | null;
}

export const facts = (row: RequestRow): RequestFacts => ({
  unitPath: row.unit_path,
  reporterUserId: row.reporter_user_id,
  assigneeMemberId: row.assignee_member_id,
  source: row.source,
});

/**
 * A service request's way down the tree: intake and routing, then every action of the
 * contract's table. Each action is one transaction: lock the row, check who may act, then
 * the status and the expected version, write the new state with a version check, append
 * the events and notify the other instances, all or nothing.
 */
@Injectable()
export class RequestsService {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly policy: Policy,
    private readonly transactions: Transactions,
    private readonly facilities: FacilitiesService,
    private readonly calendar: WorkingCalendar,
  ) {}

  // ---- intake ----------------------------------------------------------------------------

  /**
   * `options` are what a channel adds (Open311): the source, contact details for staff, and
   * a key under which a retried submission within a window is the same request.
   */
  async submit(actor: Actor, input: SubmitServiceRequestInput, options: SubmitOptions = {}): Promise<ServiceRequest> {
    if (input.unitId && !this.policy.isStaff(actor)) throw forbidden('Only staff may name the unit that holds a request');
    return this.transactions.run((tx) => this.submitWithSource(actor, input, { source: RequestSource.DIRECT, ...options }, tx));
  }

  /**
   * A submission with its source, in the caller's transaction (an inspection opens one per
   * finding, all or none). `within` keeps the request inside a subtree: a courtyard or a
   * location outside it is BAD_USER_INPUT on `<field>.courtyardId` / `<field>.location`;
   * `holdAtUnitId` (checked by the caller) holds it at a unit when neither is given.
   */
  async submitWithSource(
    actor: Actor,
    input: SubmitServiceRequestInput,
    options: SubmitOptions,
    tx: EntityManager,
  ): Promise<ServiceRequest> {
    const category = await this.repo.categoryByCode(input.categoryCode, tx);
    if (!category) throw badInput(inputField(options, 'categoryCode'), 'No such service category');
    const contentHash = hashOf(input);
    const key = input.idempotencyKey ?? null;
    if (key) {
      const earlier = await this.repo.byIdempotencyKey(actor.userId, key, tx);
      if (earlier) return this.sameSubmission(earlier, contentHash);
    }
    const same = options.sameWithin;
    if (same) {
      // Concurrent retries wait here for the first; each then sees what the ones before committed.
      await this.repo.lockIntakeKey(same.key, tx);
      const earlier = await this.repo.recentByIntakeKey(actor.userId, same.key, same.withinMinutes, tx);
      if (earlier) return ServiceRequest.from(earlier);
    }
    const facility = await this.namedFacility(input, options, tx);
    const route = await this.route(actor, facility ? { ...input, courtyardId: toGlobalId('OrgUnit', facility.courtyard_id) } : input, category, tx, options);
    const status = route.assigneeMemberId ? RequestStatus.ASSIGNED : RequestStatus.PENDING_DISPATCH;
    const now = await this.repo.now(tx);
    const id = await this.repo.insert(
      {
        categoryId: category.id,
        description: input.description,
        // A request about a facility, without a place of its own, is where the facility is.
        location: input.location ?? (facility ? parsePoint(facility.location) : null),
        address: input.address ?? null,
        status,
        reporterUserId: actor.userId,
        unitId: route.unitId,
        courtyardId: route.courtyardId,
        assigneeMemberId: route.assigneeMemberId,
        acceptDueAt: await this.calendar.dueAt(now, category.accept_within_minutes, category.working_time, tx),
        resolveDueAt: await this.calendar.dueAt(now, category.resolve_within_hours * 60, category.working_time, tx),
        idempotencyKey: key,
        contentHash,
        source: options.source ?? RequestSource.DIRECT,
        facilityId: facility?.id ?? null,
      },
      tx,
    );
    if (id === null) {
      // A concurrent submission with the same key committed first: hand that one back.
      return this.sameSubmission((await this.repo.byIdempotencyKey(actor.userId, key!, tx))!, contentHash);
    }
    const contact = options.contact;
    if (same || contact?.name || contact?.phone || contact?.email) {
      await this.repo.insertIntake(
        { requestId: id, name: contact?.name ?? null, phone: contact?.phone ?? null, email: contact?.email ?? null, intakeKey: same?.key ?? null },
        tx,
      );
    }
    if (route.assigneeMemberId) await this.members.markAssigned(route.assigneeMemberId, tx);
    const eventIds = await this.repo.appendEvents(
      [
        {
          requestId: id,
          type: RequestEventType.SUBMITTED,
          actorUserId: actor.userId,
          fromStatus: null,
          toStatus: RequestStatus.PENDING_DISPATCH,
          unitId: route.courtyardId ?? route.unitId,
          assigneeMemberId: null,
          note: null,
          requestVersion: 1,
        },
        {
          requestId: id,
          type: route.assigneeMemberId ? RequestEventType.ASSIGNED : RequestEventType.ROUTED,
          actorUserId: null,
          fromStatus: RequestStatus.PENDING_DISPATCH,
          toStatus: status,
          unitId: route.unitId,
          assigneeMemberId: route.assigneeMemberId,
          note: null,
          requestVersion: 1,
        },
      ],
      tx,
    );
    const [row] = await this.repo.byIds([id], tx);
    await this.repo.notifyChange({ requestId: id, eventId: eventIds[1], fromPath: null, toPath: row.unit_path }, tx);
    return ServiceRequest.from(row);
  }

  /**
   * The facility a submission names, locked (SHARE) until the request is in: it must exist
   * (else NOT_FOUND), not be REMOVED (CONFLICT), and be in the courtyard given, if one is
   * (else BAD_USER_INPUT). The request then goes to the facility's courtyard.
   */
  private async namedFacility(input: SubmitServiceRequestInput, options: SubmitOptions, tx: EntityManager): Promise<FacilityRow | undefined> {
    if (!input.facilityId) return undefined;
    const dbId = dbIdOf(input.facilityId, 'Facility');
    const facility = dbId ? await this.facilities.lockForRequest(dbId, tx) : undefined;
    if (!facility) throw notFound('Facility');
    if (facility.status === FacilityStatus.REMOVED) throw conflict('That facility is removed and takes no requests');
    if (input.courtyardId && dbIdOf(input.courtyardId, 'OrgUnit') !== facility.courtyard_id) {
      throw badInput(inputField(options, 'courtyardId'), "courtyardId must be the facility's courtyard (or left out)");
    }
    if (input.unitId) throw badInput(inputField(options, 'unitId'), 'A request about a facility goes to its courtyard: leave unitId out');
    return facility;
  }

  /** Of the given request ids, those the caller may see (for another module naming requests in its input). */
  async visibleRequestIds(actor: Actor, ids: string[], tx: EntityManager): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.repo.byIds(ids, tx);
    return rows.filter((row) => this.policy.seesRequest(actor, facts(row))).map((row) => row.id);
  }

  /** The same key again: the first request if the content matches, CONFLICT if it does not. */
  private sameSubmission(earlier: RequestRow, contentHash: string): ServiceRequest {
    if (earlier.content_hash !== contentHash) {
      throw conflict('This idempotencyKey was already used for a different request');
    }
    return ServiceRequest.from(earlier);
  }

  /** Step 1 and 2 of the contract: find the holder, then a responder in a courtyard. */
  private async route(
    actor: Actor,
    input: SubmitServiceRequestInput,
    category: CategoryRow,
    tx: EntityManager,
    options: SubmitOptions,
  ): Promise<Route> {
    const inside = (path: string) => !options.within || path === options.within.path || path.startsWith(`${options.within.path}.`);
    let target: OrgUnitRow | undefined;
    if (input.courtyardId) {
      target = await this.lockUnit(input.courtyardId, tx);
      if (!target) throw notFound('Courtyard group');
      if (target.level !== OrgLevel.COURTYARD_GROUP) throw badInput(inputField(options, 'courtyardId'), 'courtyardId must be a courtyard group');
      if (!inside(target.path)) throw badInput(inputField(options, 'courtyardId'), 'The courtyard group lies outside the inspected unit');
    } else if (input.unitId) {
      target = await this.lockUnit(input.unitId, tx);
      if (!target || !this.policy.coversUnit(actor, target.path)) throw notFound('Org unit');
    } else if (input.location) {
      const found = await this.org.deepestLiveUnitContaining(input.location.lng, input.location.lat, tx);
      if (!found) throw badInput(inputField(options, 'location'), 'No grid of ours contains that location');
      if (!inside(found.path)) throw badInput(inputField(options, 'location'), 'The location lies outside the inspected unit');
      target = await this.org.lockRow(found.id, 'SHARE', tx);
    } else if (options.holdAtUnitId) {
      target = await this.org.lockRow(options.holdAtUnitId, 'SHARE', tx);
    } else if (this.policy.isStaff(actor) && actor.scopeUnitId) {
      // The hotline case: held at the staff member's own unit, dispatched down by hand.
      target = await this.org.lockRow(actor.scopeUnitId, 'SHARE', tx);
    } else {
      throw badInput('location', 'Give a courtyard group or a location');
    }
    if (!target) throw notFound('Org unit');
    if (target.archived) throw conflict('That unit is archived and takes no new requests');

    if (target.level !== OrgLevel.COURTYARD_GROUP) return { unitId: target.id, courtyardId: null, assigneeMemberId: null };
    const responder = await this.chooseResponder(target.id, category.code, tx);
    if (responder) return { unitId: target.id, courtyardId: target.id, assigneeMemberId: responder };
    // Nobody in the courtyard fits: it waits at the courtyard's branch.
    return { unitId: target.parent_id!, courtyardId: target.id, assigneeMemberId: null };
  }

  /**
   * The responder of a courtyard for a category: active, skilled, fewest open assignments,
   * then longest since their last assignment, then smallest id. Every candidate is locked
   * first, so concurrent submissions to one courtyard are counted one after another.
   */
  private async chooseResponder(courtyardId: string, categoryCode: string, tx: EntityManager): Promise<string | undefined> {
    // Lock first, count after, in two statements: under READ COMMITTED a statement reads with
    // the snapshot it started with, so counts taken in the statement that waited for the locks
    // would miss the assignments committed by the transactions it waited for.
    const candidates = await this.members.lockActiveResponders(courtyardId, categoryCode, tx);
    return candidates.length === 0 ? undefined : this.repo.leastBusy(candidates, tx);
  }

  private async lockUnit(globalId: string, tx: EntityManager): Promise<OrgUnitRow | undefined> {
    const dbId = dbIdOf(globalId, 'OrgUnit');
    return dbId ? this.org.lockRow(dbId, 'SHARE', tx) : undefined;
  }

  // ---- actions ---------------------------------------------------------------------------

  dispatch(actor: Actor, input: DispatchServiceRequestInput): Promise<ServiceRequest> {
    return this.act(actor, 'dispatch', input.requestId, input.expectedVersion, {}, async (row, tx) => {
      requireStatus(row, [RequestStatus.PENDING_DISPATCH], 'dispatched');
      const target = await this.lockUnit(input.toUnitId, tx);
      if (!target || !this.policy.coversUnit(actor, target.path)) throw notFound('Org unit');
      if (!target.path.startsWith(`${row.unit_path}.`)) {
        throw badInput('toUnitId', 'Dispatch sends a request to a unit below the one that holds it');
      }
      if (target.archived) throw conflict('That unit is archived and takes no new requests');
      const courtyard = target.level === OrgLevel.COURTYARD_GROUP;
      const category = courtyard ? (await this.repo.categoriesByIds([row.category_id]))[0] : undefined;
      const responder = category ? await this.chooseResponder(target.id, category.code, tx) : undefined;
      if (responder) await this.members.markAssigned(responder, tx);
      const to = responder ? RequestStatus.ASSIGNED : RequestStatus.PENDING_DISPATCH;
      const transition: Transition = {
        change: {
          ...unchanged(row),
          status: to,
          unitId: target.id,
          courtyardId: courtyard ? target.id : row.courtyard_id,
          assigneeMemberId: responder ?? null,
          lastAssigneeMemberId: responder ?? row.last_assignee_member_id,
          newHolder: true,
        },
        events: [
          {
            type: RequestEventType.DISPATCHED,
            actorUserId: actor.userId,
            fromStatus: row.status,
            toStatus: RequestStatus.PENDING_DISPATCH,
            unitId: target.id,
            assigneeMemberId: null,
            note: null,
          },
        ],
      };
      if (responder) {
        transition.events.push({
          type: RequestEventType.ASSIGNED,
          actorUserId: null,
          fromStatus: RequestStatus.PENDING_DISPATCH,
          toStatus: RequestStatus.ASSIGNED,
          unitId: target.id,
          assigneeMemberId: responder,
          note: null,
        });
      }
      return transition;
    });
  }

  assign(actor: Actor, input: AssignServiceRequestInput): Promise<ServiceRequest> {
    return this.act(actor, 'assign', input.requestId, input.expectedVersion, {}, async (row, tx) => {
      requireStatus(row, ESCALATABLE, 'assigned');
      const memberId = dbIdOf(input.responderId, 'Member');
      // Locked, so that a concurrent deactivation either sees this assignment (and hands it
      // back) or commits first (and this one sees the member inactive).
      const member = memberId ? await this.members.lockRow(memberId, tx) : undefined;
      if (!member || !this.policy.coversUnit(actor, member.unit_path)) throw notFound('Responder');
      if (!member.active || !member.responder) throw badInput('responderId', 'That member is not an active responder');
      const [unit] = await this.org.rowsByIds([member.unit_id], tx);
      await this.members.markAssigned(member.id, tx);
      return {
        change: {
          ...unchanged(row),
          status: RequestStatus.ASSIGNED,
          unitId: member.unit_id,
          courtyardId: unit.level === OrgLevel.COURTYARD_GROUP ? unit.id : row.courtyard_id,
          assigneeMemberId: member.id,
          lastAssigneeMemberId: member.id,
          newHolder: true,
        },
        events: [
          {
            type: RequestEventType.ASSIGNED,
            actorUserId: actor.userId,
            fromStatus: row.status,
            toStatus: RequestStatus.ASSIGNED,
            unitId: member.unit_id,
            assigneeMemberId: member.id,
            note: null,
          },
        ],
      };
    });
  }

  accept(actor: Actor, input: RequestActionInput): Promise<ServiceRequest> {
    return this.act(actor, 'accept', input.requestId, input.expectedVersion, {}, async (row) => {
      requireStatus(row, [RequestStatus.ASSIGNED], 'accepted');
      return step(row, RequestStatus.IN_PROGRESS, RequestEventType.ACCEPTED, actor.userId, input.note ?? null);
    });
  }

  escalate(actor: Actor, input: RequestActionInput): Promise<ServiceRequest> {
    return this.act(actor, 'escalate', input.requestId, input.expectedVersion, {}, async (row) => {
      requireStatus(row, ESCALATABLE, 'escalated');
      const transition = escalation(row, actor.userId, input.note ?? null);
      if (!transition) throw conflict('The request is held by a street committee: there is no level above to escalate to');
      return transition;
    });
  }

  resolve(actor: Actor, input: RequestActionInput): Promise<ServiceRequest> {
    return this.act(actor, 'resolve', input.requestId, input.expectedVersion, {}, async (row) => {
      requireStatus(row, [RequestStatus.IN_PROGRESS], 'resolved');
      return step(row, RequestStatus.RESOLVED, RequestEventType.RESOLVED, actor.userId, input.note ?? null, { resolvedNow: true });
    });
  }

  close(actor: Actor, input: CloseServiceRequestInput): Promise<ServiceRequest> {
    const rating = input.rating ?? null;
    return this.act(actor, 'close', input.requestId, input.expectedVersion, { rating: rating !== null }, async (row) => {
      requireStatus(row, [RequestStatus.RESOLVED], 'closed');
      return step(row, RequestStatus.CLOSED, RequestEventType.CLOSED, actor.userId, input.note ?? null, {
        closedNow: true,
        rating,
      });
    });
  }

  /** Back to the last assignee if they still respond, else to the parent of their unit. */
  reopen(actor: Actor, input: RequestActionInput): Promise<ServiceRequest> {
    return this.act(actor, 'reopen', input.requestId, input.expectedVersion, {}, async (row, tx) => {
      requireStatus(row, [RequestStatus.RESOLVED, RequestStatus.CLOSED], 'reopened');
      if (row.source === RequestSource.IMPORTED && row.status === RequestStatus.CLOSED) {
        throw conflict('An imported closed request is history: it never changes');
      }
      const lastId = row.last_assignee_member_id ?? row.assignee_member_id;
      const last = lastId ? await this.members.lockRow(lastId, tx) : undefined;
      const base = { ...unchanged(row), reworkCount: row.rework_count + 1, rating: null, newHolder: true };
      let change;
      const [unit] = last ? await this.org.rowsByIds([last.unit_id], tx) : [];
      if (last && last.active && last.responder) {
        await this.members.markAssigned(last.id, tx);
        // As assign does: the holder is the responder's unit, and the courtyard follows when it is one.
        const courtyardId = unit?.level === OrgLevel.COURTYARD_GROUP ? unit.id : row.courtyard_id;
        change = { ...base, status: RequestStatus.ASSIGNED, unitId: last.unit_id, courtyardId, assigneeMemberId: last.id, lastAssigneeMemberId: last.id };
      } else {
        const parent = unit?.parent_id ?? row.unit_parent_id ?? row.unit_id;
        change = { ...base, status: RequestStatus.PENDING_DISPATCH, unitId: parent, assigneeMemberId: null };
      }
      return {
        change,
        events: [
          {
            type: RequestEventType.REOPENED,
            actorUserId: actor.userId,
            fromStatus: row.status,
            toStatus: change.status,
            unitId: change.unitId,
            assigneeMemberId: change.assigneeMemberId,
            note: input.note ?? null,
          },
        ],
      };
    });
  }

  cancel(actor: Actor, input: CancelServiceRequestInput): Promise<ServiceRequest> {
    return this.act(actor, 'cancel', input.requestId, input.expectedVersion, {}, async (row, tx) => {
      const staff = this.policy.isStaffInScope(actor, facts(row));
      requireStatus(
        row,
        staff ? [RequestStatus.PENDING_DISPATCH, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED] : [RequestStatus.PENDING_DISPATCH, RequestStatus.ASSIGNED],
        'cancelled',
      );
      let duplicateOfId: string | null = null;
      if (input.duplicateOfId) {
        duplicateOfId = dbIdOf(input.duplicateOfId, 'ServiceRequest');
        if (duplicateOfId === row.id) throw badInput('duplicateOfId', 'A request cannot duplicate itself');
        const [original] = duplicateOfId ? await this.repo.byIds([duplicateOfId], tx) : [];
        if (!original || !this.policy.seesRequest(actor, facts(original))) throw notFound('Service request');
      }
      return step(row, RequestStatus.CANCELLED, RequestEventType.CANCELLED, actor.userId, input.reason, { duplicateOfId });
    });
  }

  // ---- following -----------------------------------------------------------------------

  /**
   * Follows a request instead of filing it again: any request `similarServiceRequests` could
   * show, else NOT_FOUND, as the contract's README says, even for one the caller sees
   * otherwise (their own request closed long ago). Twice is harmless.
   */
  follow(actor: Actor, requestGlobalId: string): Promise<ServiceRequest> {
    return this.transactions.run(async (tx) => {
      const row = await this.readForFollowing(requestGlobalId, tx);
      if (!(await this.repo.couldBeSuggested(row.id, tx))) {
        // The same refusal as for a request that does not exist: it tells nothing.
        throw notFound('Service request');
      }
      await this.repo.follow(row.id, actor.userId, tx);
      return this.asFollowerSees(actor, row);
    });
  }

  /** Stops following; the request is out of the caller's sight again (unless they see it otherwise). */
  unfollow(actor: Actor, requestGlobalId: string): Promise<ServiceRequest> {
    return this.transactions.run(async (tx) => {
      const row = await this.readForFollowing(requestGlobalId, tx);
      const known = { ...facts(row), followedByActor: (await this.repo.followedAmong(actor.userId, [row.id], tx)).has(row.id) };
      if (!this.policy.seesRequest(actor, known)) throw notFound('Service request');
      await this.repo.unfollow(row.id, actor.userId, tx);
      return this.asFollowerSees(actor, row);
    });
  }

  /** The result of a follow or unfollow: as a follower reads it, unless the caller sees it otherwise. */
  private asFollowerSees(actor: Actor, row: RequestRow): ServiceRequest {
    const request = ServiceRequest.from(row);
    request.followerView = this.policy.readsAsFollowerOnly(actor, facts(row));
    return request;
  }

  private async readForFollowing(requestGlobalId: string, tx: EntityManager): Promise<RequestRow> {
    const dbId = dbIdOf(requestGlobalId, 'ServiceRequest');
    const [row] = dbId ? await this.repo.byIds([dbId], tx) : [];
    if (!row) throw notFound('Service request');
    return row;
  }

  /**
   * The frame of every action: lock, who may act (NOT_FOUND / FORBIDDEN), expected version
   * (CONFLICT), the action's own status rule and change, then a version-checked UPDATE,
   * the events and the notification, in one transaction.
   */
  private act(
    actor: Actor,
    action: RequestAction,
    requestGlobalId: string,
    expectedVersion: number | null | undefined,
    rights: { rating?: boolean },
    decide: (row: RequestRow, tx: EntityManager) => Promise<Transition>,
  ): Promise<ServiceRequest> {
    return this.transactions.run(async (tx) => {
      const dbId = dbIdOf(requestGlobalId, 'ServiceRequest');
      const row = dbId ? await this.repo.lock(dbId, tx) : undefined;
      if (!row) throw notFound('Service request');
      const known = facts(row);
      // A follower sees the request (FORBIDDEN to act), anyone else does not (NOT_FOUND).
      if (!this.policy.seesRequest(actor, known)) known.followedByActor = (await this.repo.followedAmong(actor.userId, [row.id], tx)).has(row.id);
      this.policy.assertMayActOnRequest(actor, action, known, rights);
      if (expectedVersion != null && expectedVersion !== row.version) {
        throw conflict(`The request changed since you read it (version ${row.version}, you had ${expectedVersion})`);
      }
      const transition = await decide(row, tx);
      return ServiceRequest.from(await this.apply(row, transition, tx));
    });
  }

  /** Writes a decided transition: version-checked UPDATE, events, notification. */
  async apply(row: RequestRow, transition: Transition, tx: EntityManager): Promise<RequestRow> {
    const change = { ...transition.change };
    if (ACCEPT_DEADLINE.includes(change.status) && (change.newHolder || row.accept_due_at === null)) {
      // It reached a new holder: the accept limit counts again from now, in the category's time.
      const [category] = await this.repo.categoriesByIds([row.category_id], tx);
      change.acceptDueAt = await this.calendar.dueAt(await this.repo.now(tx), category.accept_within_minutes, category.working_time, tx);
    }
    const version = await this.repo.applyChange(row.id, row.version, change, tx);
    if (version === null) throw conflict('The request changed since you read it');
    const eventIds = await this.repo.appendEvents(
      transition.events.map((e) => ({ ...e, requestId: row.id, requestVersion: version })),
      tx,
    );
    const [updated] = await this.repo.byIds([row.id], tx);
    await this.repo.notifyChange({ requestId: row.id, eventId: eventIds.at(-1)!, fromPath: row.unit_path, toPath: updated.unit_path }, tx);
    return updated;
  }
}

/** The statuses with an accept deadline: ASSIGNED (to accept) and PENDING_DISPATCH (to dispatch or assign). */
const ACCEPT_DEADLINE: readonly RequestStatus[] = [RequestStatus.ASSIGNED, RequestStatus.PENDING_DISPATCH];

/** What makes two submissions "the same" for an idempotency key. */
function hashOf(input: SubmitServiceRequestInput): string {
  const content = [
    input.categoryCode,
    input.description,
    input.location ? `${input.location.lat},${input.location.lng}` : '',
    input.courtyardId ?? '',
    input.unitId ?? '',
    input.address ?? '',
    ...(input.facilityId ? [input.facilityId] : []),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Where a submission's error points: inside `input` (`location`), or inside the element an inspection's finding came from (`findings.1.location`). */
function inputField(options: SubmitOptions, name: string): string {
  return options.within ? `${options.within.field}.${name}` : name;
}
