import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ConfirmsCallerInItsStatement, CurrentActor, type Actor } from '../../common/auth/actor.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { connectionNodeSelection } from '../../common/graphql/lookahead.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { PageArgs, type Connection } from '../../common/paging/paging.js';
import { Facility, FacilitiesService } from '../facilities/index.js';
import { OrgService, OrgUnit } from '../org/index.js';
import { Member, MembersService, User, UsersService } from '../people/index.js';
import {
  AssignServiceRequestInput,
  CancelServiceRequestInput,
  CloseServiceRequestInput,
  DispatchServiceRequestInput,
  FollowServiceRequestInput,
  RequestActionInput,
  ServiceRequestLookupArgs,
  ServiceRequestsArgs,
  SimilarServiceRequestsArgs,
  SubmitServiceRequestInput,
} from './dtos/request.inputs.js';
import { Policy } from '../../common/auth/policy.js';
import { ImportedServiceRequestInput, ImportServiceRequestsPayload } from './dtos/import.inputs.js';
import { RequestDisclosure } from './request-disclosure.js';
import { RequestImporter } from './request-import.js';
import { RequestContact } from './request-intake.model.js';
import { RequestQueries } from './request-queries.service.js';
import { RequestEvent, RequestSource, ServiceCategory, ServiceRequest, ServiceRequestConnection, SimilarRequest } from './request.model.js';
import { RequestsFieldMaps } from './requests.fields.js';
import { ServiceRequestLoaders } from './requests.loaders.js';
import { facts, RequestsService } from './requests.service.js';

@Resolver(() => ServiceRequest)
export class RequestsResolver implements OnModuleInit {
  constructor(
    private readonly requests: RequestsService,
    private readonly queries: RequestQueries,
    private readonly users: UsersService,
    private readonly nodes: NodeRegistry,
    private readonly hot: RequestsFieldMaps,
    private readonly importer: RequestImporter,
    private readonly disclosure: RequestDisclosure,
    private readonly loaders: ServiceRequestLoaders,
    private readonly facilities: FacilitiesService,
    private readonly policy: Policy,
  ) {}

  onModuleInit(): void {
    this.nodes.register('ServiceRequest', (ctx, dbId) => (ctx.actor ? this.queries.visible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  // Asked of every row of a queue: hot fields (RequestsFieldMaps).

  @ResolveField(() => ServiceCategory)
  category(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<ServiceCategory> {
    return this.hot.category(request, ctx);
  }

  @ResolveField(() => OrgUnit, { description: 'The unit that holds the request now.' })
  unit(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return Promise.resolve(this.hot.unit(request, ctx));
  }

  @ResolveField(() => OrgUnit, { nullable: true, description: 'The courtyard group it belongs to, once known.' })
  courtyard(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<OrgUnit | null> {
    return Promise.resolve(this.hot.courtyard(request, ctx));
  }

  @ResolveField(() => Member, { nullable: true })
  assignee(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<Member | null> {
    return Promise.resolve(this.hot.assignee(request, ctx));
  }

  @Query(() => ServiceRequest, { nullable: true })
  serviceRequest(@Args() args: ServiceRequestLookupArgs, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<ServiceRequest | null> {
    return this.queries.byLookup(ctx.loaders, actor, args.id, args.number);
  }

  @Query(() => ServiceRequestConnection)
  @ConfirmsCallerInItsStatement()
  serviceRequests(
    @Args() args: ServiceRequestsArgs,
    @CurrentActor() actor: Actor,
    @Info() info: GraphQLResolveInfo,
    @Context() ctx: GqlContext,
  ): Promise<Connection<ServiceRequest>> {
    // Read in the page's own statement exactly what the client asks of its rows.
    const selection = connectionNodeSelection(info);
    const asked = selection.fields;
    const unitRead = (field: string) => asked.has(field) && { boundary: selection.under(field).has('boundary') };
    return this.queries.list(actor, args, {
      content: asked.has('description') || asked.has('location') || asked.has('address'),
      assignee: asked.has('assignee'),
      courtyard: unitRead('courtyard'),
      unit: unitRead('unit'),
    }, null, ctx.actorToConfirm);
  }

  @ResolveField(() => User, { nullable: true, description: 'Who submitted it.' })
  async reporter(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<User | null> {
    const reporterId = request.row.reporter_user_id;
    if (!ctx.actor || !reporterId || !this.queries.mayShowReporter(ctx.actor, request)) return null;
    if (await this.disclosure.conceals(ctx.loaders, ctx.actor, request.row)) return null;
    return this.users.visibleAsReporter(ctx.loaders, reporterId);
  }

  /** Asked of every row of a queue: a hot field (RequestsFieldMaps); null for a follower. */
  @ResolveField(() => String, { nullable: true })
  address(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<string | null> {
    return Promise.resolve(this.hot.address(request, ctx));
  }

  @ResolveField(() => Facility, { nullable: true })
  facility(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<Facility | null> {
    return request.row.facility_id ? this.facilities.byDbId(ctx.loaders, request.row.facility_id) : Promise.resolve(null);
  }

  @ResolveField(() => [ServiceRequest], { description: 'Staff in scope only (else empty): up to 5 other requests that may report the same problem.' })
  async possibleDuplicates(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<ServiceRequest[]> {
    if (!ctx.actor || !this.policy.isStaffInScope(ctx.actor, facts(request.row))) return [];
    const rows = await this.loaders.duplicates(ctx.loaders, this.policy.requestVisibility(ctx.actor)).load(request.dbId);
    return rows.map((row) => ServiceRequest.from(row));
  }

  @ResolveField(() => Int, { description: 'Users following this request besides its reporter.' })
  followerCount(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<number> {
    return this.loaders.followerCount(ctx.loaders).load(request.dbId);
  }

  @Query(() => [SimilarRequest], {
    description:
      'For a resident about to submit: up to 5 open (or closed in the last 30 days) requests of\nthe category near the location or about the facility, nearest first.',
  })
  similarServiceRequests(@Args() args: SimilarServiceRequestsArgs, @CurrentActor() _actor: Actor, @Context() ctx: GqlContext): Promise<SimilarRequest[]> {
    return this.queries.similar(ctx.loaders, args);
  }

  @Mutation(() => ServiceRequest, { description: 'Follow an existing request instead of filing the same problem again.' })
  followServiceRequest(@Args('input') input: FollowServiceRequestInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.follow(actor, input.requestId);
  }

  @Mutation(() => ServiceRequest)
  unfollowServiceRequest(@Args('input') input: FollowServiceRequestInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.unfollow(actor, input.requestId);
  }

  @ResolveField(() => RequestSource)
  async source(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<RequestSource> {
    if (ctx.actor && (await this.disclosure.conceals(ctx.loaders, ctx.actor, request.row))) return RequestSource.DIRECT;
    return request.row.source;
  }

  @Mutation(() => ImportServiceRequestsPayload, { description: 'CITY_ADMIN: load closed or open cases from another system, with their timestamps.' })
  importServiceRequests(
    @Args('input', { type: () => [ImportedServiceRequestInput] }) input: ImportedServiceRequestInput[],
    @CurrentActor() actor: Actor,
  ): Promise<ImportServiceRequestsPayload> {
    return this.importer.importForActor(actor, input);
  }

  @ResolveField(() => RequestContact, {
    nullable: true,
    description: 'Contact details given with an Open311 submission; null for everyone but staff in scope.',
  })
  contact(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<RequestContact | null> {
    return ctx.actor ? this.queries.contactFor(ctx.loaders, ctx.actor, request) : Promise.resolve(null);
  }

  @ResolveField(() => ServiceRequest, { nullable: true })
  duplicateOf(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<ServiceRequest | null> {
    if (!request.row.duplicate_of_id || !ctx.actor) return Promise.resolve(null);
    return this.queries.visible(ctx.loaders, ctx.actor, request.row.duplicate_of_id);
  }

  @ResolveField(() => [RequestEvent], { description: 'The audit trail, oldest first.' })
  events(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<RequestEvent[]> {
    return this.queries.events(ctx.loaders, ctx.actor, request);
  }

  @Mutation(() => ServiceRequest)
  submitServiceRequest(@Args('input') input: SubmitServiceRequestInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.submit(actor, input);
  }

  @Mutation(() => ServiceRequest)
  dispatchServiceRequest(@Args('input') input: DispatchServiceRequestInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.dispatch(actor, input);
  }

  @Mutation(() => ServiceRequest)
  assignServiceRequest(@Args('input') input: AssignServiceRequestInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.assign(actor, input);
  }

  @Mutation(() => ServiceRequest)
  acceptServiceRequest(@Args('input') input: RequestActionInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.accept(actor, input);
  }

  @Mutation(() => ServiceRequest, { description: 'Give it back up: to the parent unit, waiting for dispatch there.' })
  escalateServiceRequest(@Args('input') input: RequestActionInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.escalate(actor, input);
  }

  @Mutation(() => ServiceRequest)
  resolveServiceRequest(@Args('input') input: RequestActionInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.resolve(actor, input);
  }

  @Mutation(() => ServiceRequest)
  closeServiceRequest(@Args('input') input: CloseServiceRequestInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.close(actor, input);
  }

  @Mutation(() => ServiceRequest)
  reopenServiceRequest(@Args('input') input: RequestActionInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.reopen(actor, input);
  }

  @Mutation(() => ServiceRequest)
  cancelServiceRequest(@Args('input') input: CancelServiceRequestInput, @CurrentActor() actor: Actor): Promise<ServiceRequest> {
    return this.requests.cancel(actor, input);
  }
}

/** The field requests add to OrgUnit. */
@Resolver(() => OrgUnit)
export class OrgUnitRequestsResolver {
  constructor(private readonly hot: RequestsFieldMaps) {}

  /** Asked of every unit of a tree pull: a hot field (RequestsFieldMaps). */
  @ResolveField(() => Int, { description: "Open service requests anywhere in this unit's subtree." })
  openRequestCount(@Parent() unit: OrgUnit, @Context() ctx: GqlContext): Promise<number> {
    return Promise.resolve(this.hot.openRequestCount(unit, ctx));
  }
}

/** The field requests add to Member. */
@Resolver(() => Member)
export class MemberRequestsResolver {
  constructor(private readonly loaders: ServiceRequestLoaders) {}

  @ResolveField(() => Int, { description: 'Requests assigned to this member that are not yet resolved.' })
  openAssignmentCount(@Parent() member: Member, @Context() ctx: GqlContext): Promise<number> {
    return this.loaders.openAssignments(ctx.loaders).load(member.dbId);
  }
}

@Resolver(() => RequestEvent)
export class RequestEventResolver {
  constructor(
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly users: UsersService,
    private readonly loaders: ServiceRequestLoaders,
    private readonly disclosure: RequestDisclosure,
    private readonly queries: RequestQueries,
  ) {}

  @ResolveField(() => User, { nullable: true })
  async actor(@Parent() event: RequestEvent, @Context() ctx: GqlContext): Promise<User | null> {
    if (!event.row.actor_user_id || !ctx.actor) return null;
    const request = await this.loaders.byId(ctx.loaders).load(event.row.request_id);
    if (!request || (await this.queries.readsAsFollower(ctx.loaders, ctx.actor, request))) return null;
    if (await this.disclosure.conceals(ctx.loaders, ctx.actor, request)) return null;
    return this.users.visible(ctx.loaders, ctx.actor, event.row.actor_user_id);
  }

  @ResolveField(() => OrgUnit, { nullable: true })
  unit(@Parent() event: RequestEvent, @Context() ctx: GqlContext): Promise<OrgUnit | null> {
    return event.row.unit_id ? this.org.byDbId(ctx.loaders, event.row.unit_id) : Promise.resolve(null);
  }

  @ResolveField(() => Member, { nullable: true })
  assignee(@Parent() event: RequestEvent, @Context() ctx: GqlContext): Promise<Member | null> {
    return event.row.assignee_member_id ? this.members.byDbId(ctx.loaders, event.row.assignee_member_id) : Promise.resolve(null);
  }
}

/** The fields requests add to Facility (facilities cannot read requests: it is below them). */
@Resolver(() => Facility)
export class FacilityRequestsResolver {
  constructor(
    private readonly loaders: ServiceRequestLoaders,
    private readonly queries: RequestQueries,
  ) {}

  @ResolveField(() => Int, { description: 'Open requests that name this facility.' })
  openRequestCount(@Parent() facility: Facility, @Context() ctx: GqlContext): Promise<number> {
    return this.loaders.openByFacility(ctx.loaders).load(facility.dbId);
  }

  @ResolveField(() => ServiceRequestConnection, { description: 'The requests naming this facility that the caller may see, newest first.' })
  requests(@Parent() facility: Facility, @Args() args: PageArgs, @CurrentActor() actor: Actor): Promise<Connection<ServiceRequest>> {
    return this.queries.list(actor, args, { content: true }, facility.dbId);
  }
}
