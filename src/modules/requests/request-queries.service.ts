import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { badInput } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isIdKey, isTimestampKey, pageRequest, toConnection, type Connection } from '../../common/paging/paging.js';
import type { ServiceRequestsArgs } from './dtos/request.inputs.js';
import { RequestEvent, ServiceCategory, ServiceRequest, ServiceRequestOrder, type RequestRow } from './request.model.js';
import { RequestContact, type PublicRequestFilter, type PublicRequestView } from './request-intake.model.js';
import { OrgService } from '../org/index.js';
import { ServiceRequestLoaders } from './requests.loaders.js';
import { RequestsRepository, type RequestCursor, type RequestFilterSql, type RequestListIncludes } from './requests.repository.js';
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
  ) {}

  /** A request as the caller may see it; null when it does not exist or is out of scope. */
  async visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<ServiceRequest | null> {
    const row = await this.loaders.byId(loaders).load(dbId);
    return row && this.policy.seesRequest(actor, facts(row)) ? ServiceRequest.from(row) : null;
  }

  async byLookup(loaders: RequestLoaders, actor: Actor, id?: string | null, number?: string | null): Promise<ServiceRequest | null> {
    if (id) {
      const dbId = dbIdOf(id, 'ServiceRequest');
      return dbId ? this.visible(loaders, actor, dbId) : null;
    }
    if (number) {
      const row = await this.repo.byNumber(number);
      return row && this.policy.seesRequest(actor, facts(row)) ? ServiceRequest.from(row) : null;
    }
    return null;
  }

  /**
   * A page of the requests the caller may see. `include` says what the client asked of them
   * (content, assignee, courtyard, holding unit): it comes in the page's own statement, so a
   * secretary's queue is one statement however many fields it shows, and nothing unasked is read.
   */
  async list(actor: Actor, args: ServiceRequestsArgs, include: RequestListIncludes = { content: true }): Promise<Connection<ServiceRequest>> {
    const page = pageRequest(args, isCursor);
    const order = args.orderBy ?? ServiceRequestOrder.NEWEST;
    const f = args.filter ?? {};
    let unitPath: string | null = null;
    if (f.unitId) {
      const unitId = dbIdOf(f.unitId, 'OrgUnit');
      unitPath = unitId ? ((await this.org.pathOf(unitId)) ?? null) : null;
      if (!unitPath) return toConnection([], page, 0, () => [], ServiceRequest.from);
    }
    let assigneeId: string | null = null;
    if (f.assigneeId) {
      assigneeId = dbIdOf(f.assigneeId, 'Member');
      if (!assigneeId) return toConnection([], page, 0, () => [], ServiceRequest.from);
    }
    if (f.createdAfter && f.createdBefore && f.createdAfter > f.createdBefore) {
      throw badInput('filter.createdAfter', 'createdAfter must not be later than createdBefore');
    }
    const filter: RequestFilterSql = {
      unitPath,
      statuses: f.status ?? null,
      assigneeId,
      categoryCode: f.categoryCode ?? null,
      overdue: f.overdue ?? null,
      createdAfter: f.createdAfter ?? null,
      createdBefore: f.createdBefore ?? null,
    };
    const visibility = this.policy.requestVisibility(actor);
    const rows = await this.repo.list(visibility, filter, order, page.after, page.limit, include);
    return toConnection(
      rows,
      page,
      () => this.repo.count(visibility, filter),
      (r) => [r.k1, r.k2, r.id],
      (r: RequestRow) => ServiceRequest.from(r),
    );
  }

  async events(loaders: RequestLoaders, request: ServiceRequest): Promise<RequestEvent[]> {
    return (await this.loaders.events(loaders).load(request.dbId)).map(RequestEvent.from);
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
