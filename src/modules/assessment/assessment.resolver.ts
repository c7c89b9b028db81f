import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import type { Connection } from '../../common/paging/paging.js';
import {
  AssessmentResult,
  AssessmentScheme,
  Inspection,
  InspectionConnection,
  InspectionFinding,
  NegativeListEntry,
  NegativeListEntryConnection,
  NegativeListItem,
  NoticeResponse,
  ProblemNotice,
  ProblemNoticeConnection,
  RankedUnit,
  UnitIndicators,
} from './assessment.model.js';
import { AssessmentService } from './assessment.service.js';
import { OrgService, OrgUnit, RequestDisclosure, RequestQueries, ServiceRequest, User, UsersService } from './deps.js';
import {
  IndicatorsArgs,
  InspectionsArgs,
  IssueProblemNoticeInput,
  NegativeListEntriesArgs,
  NoticeIdInput,
  ProblemNoticesArgs,
  PublishAssessmentInput,
  RankingArgs,
  RecordInspectionInput,
  RecordNegativeEntryInput,
  RespondToNoticeInput,
  ResultArgs,
  RevokeNegativeEntryInput,
  SetAssessmentSchemeInput,
  UpsertNegativeListItemInput,
} from './dtos/assessment.inputs.js';
import { SupervisionService } from './supervision.service.js';

/** The contract part's root fields: thin, rules in AssessmentService and SupervisionService. */
@Resolver()
export class AssessmentResolver implements OnModuleInit {
  constructor(
    private readonly assessment: AssessmentService,
    private readonly supervision: SupervisionService,
    private readonly nodes: NodeRegistry,
    private readonly disclosure: RequestDisclosure,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Inspection', (ctx, dbId) => (ctx.actor ? this.supervision.visibleInspection(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
    this.nodes.register('ProblemNotice', (ctx, dbId) => (ctx.actor ? this.supervision.visibleNotice(ctx.actor, dbId) : Promise.resolve(null)));
    this.nodes.register('NegativeListEntry', (ctx, dbId) => (ctx.actor ? this.supervision.visibleEntry(ctx.actor, dbId) : Promise.resolve(null)));
    this.nodes.register('AssessmentResult', (ctx, dbId) => (ctx.actor ? this.assessment.resultByDbId(ctx.actor, dbId) : Promise.resolve(null)));
    // Requests opened by a covert inspection read as DIRECT, without reporter or actors, for those it is hidden from.
    this.disclosure.register((loaders, actor, row) => row.source === 'INSPECTION' && this.supervision.concealsRequest(loaders, actor, row.id));
  }

  @Query(() => [RankedUnit], {
    description:
      'Live ranking of the children of unitId over [from, to) (or, with level, of every unit of that level in its subtree); without unitId, of the street committees.',
  })
  assessmentRanking(@Args() args: RankingArgs, @CurrentActor() actor: Actor): Promise<RankedUnit[]> {
    return this.assessment.ranking(actor, args);
  }

  @Query(() => AssessmentResult, { nullable: true, description: 'Without unitId, the city-wide result (streets ranked).' })
  assessmentResult(@Args() args: ResultArgs, @CurrentActor() actor: Actor): Promise<AssessmentResult | null> {
    return this.assessment.result(actor, args.period, args.unitId);
  }

  @Query(() => AssessmentScheme)
  assessmentScheme(@CurrentActor() actor: Actor): Promise<AssessmentScheme> {
    return this.assessment.scheme(actor);
  }

  @Query(() => InspectionConnection)
  inspections(@Args() args: InspectionsArgs, @CurrentActor() actor: Actor): Promise<Connection<Inspection>> {
    return this.supervision.inspections(actor, args);
  }

  @Query(() => ProblemNoticeConnection)
  problemNotices(@Args() args: ProblemNoticesArgs, @CurrentActor() actor: Actor): Promise<Connection<ProblemNotice>> {
    return this.supervision.notices(actor, args);
  }

  @Query(() => [NegativeListItem])
  negativeListItems(@CurrentActor() actor: Actor): Promise<NegativeListItem[]> {
    return this.supervision.items(actor);
  }

  @Query(() => NegativeListEntryConnection)
  negativeListEntries(@Args() args: NegativeListEntriesArgs, @CurrentActor() actor: Actor): Promise<Connection<NegativeListEntry>> {
    return this.supervision.entries(actor, args);
  }

  @Mutation(() => AssessmentScheme)
  setAssessmentScheme(@Args('input') input: SetAssessmentSchemeInput, @CurrentActor() actor: Actor): Promise<AssessmentScheme> {
    return this.assessment.setScheme(actor, input);
  }

  @Mutation(() => AssessmentResult)
  publishAssessment(@Args('input') input: PublishAssessmentInput, @CurrentActor() actor: Actor): Promise<AssessmentResult> {
    return this.assessment.publish(actor, input);
  }

  @Mutation(() => Inspection)
  recordInspection(@Args('input') input: RecordInspectionInput, @CurrentActor() actor: Actor): Promise<Inspection> {
    return this.supervision.recordInspection(actor, input);
  }

  @Mutation(() => ProblemNotice)
  issueProblemNotice(@Args('input') input: IssueProblemNoticeInput, @CurrentActor() actor: Actor): Promise<ProblemNotice> {
    return this.supervision.issueNotice(actor, input);
  }

  @Mutation(() => ProblemNotice)
  respondToProblemNotice(@Args('input') input: RespondToNoticeInput, @CurrentActor() actor: Actor): Promise<ProblemNotice> {
    return this.supervision.respond(actor, input);
  }

  @Mutation(() => ProblemNotice)
  closeProblemNotice(@Args('input') input: NoticeIdInput, @CurrentActor() actor: Actor): Promise<ProblemNotice> {
    return this.supervision.close(actor, input);
  }

  @Mutation(() => NegativeListItem)
  upsertNegativeListItem(@Args('input') input: UpsertNegativeListItemInput, @CurrentActor() actor: Actor): Promise<NegativeListItem> {
    return this.supervision.upsertItem(actor, input);
  }

  @Mutation(() => NegativeListEntry)
  recordNegativeEntry(@Args('input') input: RecordNegativeEntryInput, @CurrentActor() actor: Actor): Promise<NegativeListEntry> {
    return this.supervision.recordEntry(actor, input);
  }

  @Mutation(() => NegativeListEntry)
  revokeNegativeEntry(@Args('input') input: RevokeNegativeEntryInput, @CurrentActor() actor: Actor): Promise<NegativeListEntry> {
    return this.supervision.revokeEntry(actor, input);
  }
}

/** OrgUnit.indicators: declared here, by the module that adds it. */
@Resolver(() => OrgUnit)
export class OrgUnitIndicatorsResolver {
  constructor(private readonly assessment: AssessmentService) {}

  @ResolveField(() => UnitIndicators, { nullable: true, description: "This unit's figures over [from, to); null when the unit is outside the caller's scope." })
  indicators(@Parent() unit: OrgUnit, @Args() args: IndicatorsArgs, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<UnitIndicators | null> {
    return this.assessment.indicatorsOf(ctx.loaders, actor, unit, args.from, args.to);
  }
}

@Resolver(() => UnitIndicators)
export class UnitIndicatorsResolver {
  constructor(private readonly org: OrgService) {}

  /** Declares the field; AssessmentFieldMaps answers it (a hot field), with the same read. */
  @ResolveField(() => OrgUnit)
  async unit(@Parent() i: UnitIndicators, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, i.data.unitId))!;
  }
}

@Resolver(() => AssessmentResult)
export class AssessmentResultResolver {
  constructor(
    private readonly org: OrgService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => OrgUnit, { nullable: true, description: 'The unit whose children are ranked; null for the city-wide ranking of streets.' })
  unit(@Parent() r: AssessmentResult, @Context() ctx: GqlContext): Promise<OrgUnit | null> {
    return r.row.unit_id ? this.org.byDbId(ctx.loaders, r.row.unit_id) : Promise.resolve(null);
  }

  @ResolveField(() => User, { nullable: true })
  publishedBy(@Parent() r: AssessmentResult, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<User | null> {
    return r.row.published_by ? this.users.visible(ctx.loaders, actor, r.row.published_by) : Promise.resolve(null);
  }
}

@Resolver(() => Inspection)
export class InspectionResolver {
  constructor(
    private readonly org: OrgService,
    private readonly users: UsersService,
    private readonly supervision: SupervisionService,
  ) {}

  @ResolveField(() => OrgUnit)
  async unit(@Parent() i: Inspection, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, i.row.unit_id))!;
  }

  @ResolveField(() => User, { nullable: true })
  inspector(@Parent() i: Inspection, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<User | null> {
    return i.row.inspector_user_id ? this.users.visible(ctx.loaders, actor, i.row.inspector_user_id) : Promise.resolve(null);
  }

  @ResolveField(() => [InspectionFinding])
  findings(@Parent() i: Inspection, @Context() ctx: GqlContext): Promise<InspectionFinding[]> {
    return this.supervision.findings(ctx.loaders, i);
  }
}

@Resolver(() => InspectionFinding)
export class InspectionFindingResolver {
  constructor(private readonly requests: RequestQueries) {}

  @ResolveField(() => ServiceRequest, {
    nullable: true,
    description: 'The case opened for it (source INSPECTION), routed like any request; null when the caller may not see that request.',
  })
  request(@Parent() f: InspectionFinding, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<ServiceRequest | null> {
    return this.requests.visible(ctx.loaders, actor, f.row.request_id);
  }
}

@Resolver(() => ProblemNotice)
export class ProblemNoticeResolver {
  constructor(
    private readonly org: OrgService,
    private readonly users: UsersService,
    private readonly requestQueries: RequestQueries,
  ) {}

  @ResolveField(() => User, { nullable: true })
  issuedBy(@Parent() n: ProblemNotice, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<User | null> {
    return n.row.issued_by ? this.users.visible(ctx.loaders, actor, n.row.issued_by) : Promise.resolve(null);
  }

  @ResolveField(() => [OrgUnit])
  async units(@Parent() n: ProblemNotice, @Context() ctx: GqlContext): Promise<OrgUnit[]> {
    const units = await Promise.all(n.row.unit_ids.map((id) => this.org.byDbId(ctx.loaders, id)));
    return units.filter((u): u is OrgUnit => u !== null);
  }

  @ResolveField(() => [ServiceRequest], { description: 'The requests it names (visible to the caller).' })
  async requests(@Parent() n: ProblemNotice, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<ServiceRequest[]> {
    const requests = await Promise.all(n.row.request_ids.map((id) => this.requestQueries.visible(ctx.loaders, actor, id)));
    return requests.filter((r): r is ServiceRequest => r !== null);
  }
}

@Resolver(() => NoticeResponse)
export class NoticeResponseResolver {
  constructor(
    private readonly org: OrgService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => OrgUnit)
  async unit(@Parent() r: NoticeResponse, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, r.unitId))!;
  }

  @ResolveField(() => User, { nullable: true })
  respondedBy(@Parent() r: NoticeResponse, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<User | null> {
    return r.respondedBy ? this.users.visible(ctx.loaders, actor, r.respondedBy) : Promise.resolve(null);
  }
}

@Resolver(() => NegativeListEntry)
export class NegativeListEntryResolver {
  constructor(
    private readonly org: OrgService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => OrgUnit)
  async unit(@Parent() e: NegativeListEntry, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, e.row.unit_id))!;
  }

  @ResolveField(() => User, { nullable: true })
  recordedBy(@Parent() e: NegativeListEntry, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<User | null> {
    return e.row.recorded_by ? this.users.visible(ctx.loaders, actor, e.row.recorded_by) : Promise.resolve(null);
  }
}
