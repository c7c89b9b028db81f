import { Injectable } from '@nestjs/common';
import type { Actor, ActorConfirmation } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { badInput, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isIdKey, isTimestampKey, pageRequest, toConnection, type Connection } from '../../common/paging/paging.js';
import type { ServiceRequestsArgs, SimilarServiceRequestsArgs } from './dtos/request.inputs.js';
import { parsePoint, RequestEvent, ServiceCategory, ServiceRequest, ServiceRequestOrder, SimilarRequest, type RequestRow } from './request.model.js';
import { RequestContact, type PublicRequestFilter, type PublicRequestView } from './request-intake.model.js';
import { FacilitiesService } from '../facilities/index.js';
import { OrgService } from '../org/index.js';
import { ServiceRequestLoaders } from './requests.loaders.js';
import { RequestsRepository, type RequestCursor, type RequestFilterSql, type ListedRequestRow, type RequestListIncludes } from './requests.repository.js';
import { facts } from './requests.service.js';

const isCursor = (key: unknown): key is RequestCursor =>
  Array.isArray(key) && key.length === 3 && isTimestampKey(key[0]) && isTimestampKey(key[1]) && isIdKey(key[2]);

/** Reads of requests, always filtered by what the caller may see (in SQL for lists). */
@Injectable()
export class RequestQueries {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly loaders: ServiceRequestLoaders,
    private readonly policy: Policy,
    private readonly org: OrgService,
    private readonly facilities: FacilitiesService,
  ) {}

  /** A request as the caller may see it; null when it does not exist or is out of scope. */
  async visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<ServiceRequest | null> {
    const row = await this.loaders.byId(loaders).load(dbId);
    return row && (await this.sees(loaders, actor, row)) ? ServiceRequest.from(row) : null;
  }

  /** The policy's rule, with the caller's follows (read, batched, only when the rule alone says no). */
  async sees(loaders: RequestLoaders, actor: Actor, row: RequestRow): Promise<boolean> {
    if (this.policy.seesRequest(actor, facts(row))) return true;
    return this.loaders.followedBy(loaders, actor.userId).load(row.id);
  }

  /**
   * Whether the caller reads the request only as its follower (reporter, address, event notes
   * and actors hidden): they follow it and the rules alone would not show it to them. (A
   * mutation's result for a caller who sees it no longer is their view otherwise.)
   */
  readsAsFollower(loaders: RequestLoaders, actor: Actor, request: ServiceRequest | RequestRow): boolean | Promise<boolean> {
    const row = request instanceof ServiceRequest ? request.row : request;
    if (request instanceof ServiceRequest && request.followerView) return true;
    if (!this.policy.readsAsFollowerOnly(actor, facts(row))) return false;
    return this.loaders.followedBy(loaders, actor.userId).load(row.id);
  }

  async byLookup(loaders: RequestLoaders, actor: Actor, id?: string | null, number?: string | null): Promise<ServiceRequest | null> {
    if (id) {
      const dbId = dbIdOf(id, 'ServiceRequest');
      return dbId ? this.visible(loaders, actor, dbId) : null;
    }
    if (number) {
      const row = await this.repo.byNumber(number);
      return row && (await this.sees(loaders, actor, row)) ? ServiceRequest.from(row) : null;
    }
    return null;
  }

  /**
   * A page of the requests the caller may see. `include` says what the client asked of them
   * (content, assignee, courtyard, holding unit): it comes in the page's own statement, so a
   * secretary's queue is one statement however many fields it shows, and nothing unasked is read.
   */
  async list(
    actor: Actor,
    args: ServiceRequestsArgs,
    include: RequestListIncludes = { content: true },
    /** The requests naming this facility (database id): Facility.requests. */
    ofFacility: string | null = null,
    /** The caller as last read, to confirm in the page's statement (ActorConfirmation). */
    confirmation?: ActorConfirmation,
  ): Promise<Connection<ServiceRequest>> {
    // Any answer other than the page's own statement first reads the caller afresh (an
    // error does so in RethrowToGraphQLFilter).
    const confirmFirst = async () => {
      if (confirmation) actor = await confirmation.reread();
      confirmation = undefined;
    };
    const page = pageRequest(args, isCursor);
    const order = args.orderBy ?? ServiceRequestOrder.NEWEST;
    const f = args.filter ?? {};
    const none = async () => {
      await confirmFirst();
      return toConnection([], page, 0, () => [], ServiceRequest.from);
    };
    let unitPath: string | null = null;
    let unitId: string | null = null;
    if (f.unitId) {
      unitId = dbIdOf(f.unitId, 'OrgUnit');
      if (unitId && unitId !== actor.scopeUnitId) await confirmFirst();
      // A secretary's queue is usually their own unit's: its path came with the caller.
      unitPath = !unitId ? null : unitId === actor.scopeUnitId ? actor.scopePath : ((await this.org.pathOf(unitId)) ?? null);
      if (!unitPath) return none();
    }
    let assigneeId: string | null = null;
    if (f.assigneeId) {
      assigneeId = dbIdOf(f.assigneeId, 'Member');
      if (!assigneeId) return none();
    }
    if (f.createdAfter && f.createdBefore && f.createdAfter > f.createdBefore) {
      throw badInput('filter.createdAfter', 'createdAfter must not be later than createdBefore');
    }
    let facilityId = ofFacility;
    if (f.facilityId) {
      facilityId = dbIdOf(f.facilityId, 'Facility');
      if (!facilityId || (ofFacility && facilityId !== ofFacility)) return none();
    }
    const filter: RequestFilterSql = {
      unitPath,
      unitId,
      statuses: f.status ?? null,
      assigneeId,
      categoryCode: f.categoryCode ?? null,
      overdue: f.overdue ?? null,
      createdAfter: f.createdAfter ?? null,
      createdBefore: f.createdBefore ?? null,
      facilityId,
      followedBy: f.followedByMe == null ? null : { userId: actor.userId, only: f.followedByMe },
    };
    const visibility = this.policy.requestVisibility(actor);
    let rows: ListedRequestRow[];
    if (confirmation) {
      const confirmed = await this.repo.listConfirmingCaller(confirmation, visibility, filter, order, page.after, page.limit, include);
      // The account changed since it was read: answer as the caller is now (or UNAUTHENTICATED).
      if (!confirmed) return this.list(await confirmation.reread(), args, include, ofFacility);
      confirmation.confirmed();
      rows = confirmed;
    } else {
      rows = await this.repo.list(visibility, filter, order, page.after, page.limit, include);
    }
    return toConnection(
      rows,
      page,
      () => this.repo.count(visibility, filter),
      (r) => [r.k1, r.k2, r.id],
      (r: RequestRow) => ServiceRequest.from(r),
    );
  }

  /** The trail; a follower reads it without notes (and without actors: RequestEventResolver). */
  async events(loaders: RequestLoaders, actor: Actor | undefined, request: ServiceRequest): Promise<RequestEvent[]> {
    const events = (await this.loaders.events(loaders).load(request.dbId)).map(RequestEvent.from);
    if (!actor || (await this.readsAsFollower(loaders, actor, request))) for (const event of events) event.note = null;
    return events;
  }

  /**
   * For someone about to submit: up to 5 requests of the category that may report the same
   * problem, nearest first, then newest; no reporter, no text; distances rounded up to 50 m.
   * A facility without a location of the search gives its own location.
   */
  async similar(loaders: RequestLoaders, args: SimilarServiceRequestsArgs): Promise<SimilarRequest[]> {
    const category = await this.repo.categoryByCode(args.categoryCode);
    if (!category) throw badInput('categoryCode', 'No such service category');
    if (!args.location && !args.facilityId) throw badInput('location', 'Give a location or a facility');
    let location = args.location ?? null;
    let facilityId: string | null = null;
    if (args.facilityId) {
      const dbId = dbIdOf(args.facilityId, 'Facility');
      const [facility] = dbId ? await this.facilities.rowsByIds(loaders, [dbId]) : [];
      if (!facility) throw notFound('Facility');
      facilityId = facility.id;
      location ??= parsePoint(facility.location);
    }
    if (category.duplicate_radius_meters === 0) return [];
    const rows = await this.repo.similar({ location, facilityId, categoryId: category.id, radiusMeters: category.duplicate_radius_meters });
    return rows.map((row) => SimilarRequest.from(row, category.code));
  }

  /** Contact details given with a submission: for staff in scope of the request only. */
  async contactFor(loaders: RequestLoaders, actor: Actor, request: ServiceRequest): Promise<RequestContact | null> {
    if (!this.policy.isStaffInScope(actor, facts(request.row))) return null;
    const row = await this.loaders.intake(loaders).load(request.dbId);
    if (!row) return null;
    return Object.assign(new RequestContact(), { name: row.contact_name, phone: row.contact_phone, email: row.contact_email });
  }

  /** The catalogue, by code. */
  async categories(): Promise<ServiceCategory[]> {
    return (await this.repo.categories()).map(ServiceCategory.from);
  }

  async categoryByCode(code: string): Promise<ServiceCategory | null> {
    const row = await this.repo.categoryByCode(code);
    return row ? ServiceCategory.from(row) : null;
  }

  /** The public listing (PublicRequestView): anyone's, shown without anything personal. */
  async publicList(filter: PublicRequestFilter): Promise<PublicRequestView[]> {
    return (await this.repo.publicList(filter)).map((r) => ({
      number: r.number,
      status: r.status,
      categoryCode: r.category_code,
      categoryName: r.category_name,
      description: r.description,
      lat: r.lat,
      lng: r.lng,
      holderName: r.holder_name,
      statusNote: r.status_note,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      resolveDueAt: r.resolve_due_at,
    }));
  }

  /** One request of the public listing by its number; null when there is none to show. */
  async publicByNumber(number: string, withDescriptions: boolean): Promise<PublicRequestView | null> {
    const [view] = await this.publicList({ numbers: [number], limit: 1, withDescriptions });
    return view ?? null;
  }

  /** The reporter is shown to themself and to staff in scope; to anyone else it is null. */
  mayShowReporter(actor: Actor, request: ServiceRequest): boolean {
    return request.row.reporter_user_id === actor.userId || this.policy.isStaffInScope(actor, facts(request.row));
  }
}
