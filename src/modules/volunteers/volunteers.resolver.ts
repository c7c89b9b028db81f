import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ClientAddress, CurrentActor, Public, type Actor } from '../../common/auth/actor.js';
import { unauthenticated } from '../../common/errors/domain-error.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { PageArgs, type Connection } from '../../common/paging/paging.js';
import { OrgService, OrgUnit } from '../org/index.js';
import { Member, MembersService, User, UsersService } from '../people/index.js';
import { RequestFactsService, ServiceRequest } from '../requests/index.js';
import { ActivitiesService } from './activities.service.js';
import {
  ActivityIdInput,
  AwardStarInput,
  BackfillHoursInput,
  CertificateCheckArgs,
  CheckInInput,
  CorrectHoursInput,
  CreateVolunteerActivityInput,
  CreateVolunteerOrganizationInput,
  CreditRequestHoursInput,
  DecideHoursInput,
  IssueCertificateInput,
  LinkVolunteerAccountInput,
  OrganizationManagerInput,
  PendingHoursArgs,
  RegisterVolunteerInput,
  RevokeCertificateInput,
  RevokeStarAwardInput,
  SignUpInput,
  StatsPeriodArgs,
  UpdateVolunteerActivityInput,
  UpdateVolunteerInput,
  UpdateVolunteerOrganizationInput,
  VolunteerActivitiesArgs,
  VolunteerLookupArgs,
  VolunteerMembershipInput,
  VolunteerOrganizationsArgs,
  VolunteersArgs,
} from './dtos/volunteer.inputs.js';
import { HoursService } from './hours.service.js';
import { RecognitionService } from './recognition.service.js';
import {
  ActivityStatus,
  CertificateCheck,
  StarAward,
  Volunteer,
  VolunteerActivity,
  VolunteerActivityConnection,
  VolunteerCertificate,
  VolunteerConnection,
  VolunteerHoursConnection,
  VolunteerHoursEntry,
  VolunteerOrganization,
  VolunteerOrganizationConnection,
  VolunteerSignup,
  VolunteerSignupConnection,
  VolunteerStats,
} from './volunteer.models.js';
import { VolunteersLoaders } from './volunteers.loaders.js';
import { VolunteersService } from './volunteers.service.js';

const actorOf = (ctx: GqlContext): Actor => {
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
};

/** Rows another read of this module already holds become models without a statement. */
async function volunteerOf(loaders: VolunteersLoaders, ctx: GqlContext, dbId: string): Promise<Volunteer> {
  return Volunteer.from((await loaders.volunteer(ctx.loaders).load(dbId))!);
}

@Resolver(() => VolunteerOrganization)
export class VolunteerOrganizationResolver implements OnModuleInit {
  constructor(
    private readonly volunteers: VolunteersService,
    private readonly org: OrgService,
    private readonly users: UsersService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('VolunteerOrganization', (ctx, dbId) => (ctx.actor ? this.volunteers.org(ctx.loaders, dbId) : Promise.resolve(null)));
  }

  @Query(() => VolunteerOrganizationConnection)
  volunteerOrganizations(@Args() args: VolunteerOrganizationsArgs, @CurrentActor() _actor: Actor): Promise<Connection<VolunteerOrganization>> {
    return this.volunteers.listOrgs(args);
  }

  @ResolveField(() => OrgUnit, { description: 'The unit whose party organisation leads it; its staff manage it.' })
  async unit(@Parent() org: VolunteerOrganization, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, org.row.unit_id))!;
  }

  @ResolveField(() => [User], { description: 'Users who manage this organisation besides the staff in scope of its unit.' })
  async managers(@Parent() org: VolunteerOrganization, @Context() ctx: GqlContext): Promise<User[]> {
    const actor = actorOf(ctx);
    const users = await Promise.all(org.row.manager_ids.map((id) => this.users.visible(ctx.loaders, actor, id)));
    return users.filter((u): u is User => u !== null);
  }

  @ResolveField(() => String, { nullable: true, description: 'Masked like Member.phone unless the caller manages this organisation.' })
  contactPhone(@Parent() org: VolunteerOrganization, @Context() ctx: GqlContext): string | null {
    return this.volunteers.contactPhoneFor(actorOf(ctx), org);
  }

  @ResolveField(() => Int, { description: 'Active volunteers who belong to it.' })
  volunteerCount(@Parent() org: VolunteerOrganization, @Context() ctx: GqlContext): Promise<number> {
    return this.volunteers.volunteerCount(ctx.loaders, org);
  }

  @Mutation(() => VolunteerOrganization)
  createVolunteerOrganization(@Args('input') input: CreateVolunteerOrganizationInput, @CurrentActor() actor: Actor): Promise<VolunteerOrganization> {
    return this.volunteers.createOrg(actor, input);
  }

  @Mutation(() => VolunteerOrganization)
  updateVolunteerOrganization(@Args('input') input: UpdateVolunteerOrganizationInput, @CurrentActor() actor: Actor): Promise<VolunteerOrganization> {
    return this.volunteers.updateOrg(actor, input);
  }

  @Mutation(() => VolunteerOrganization)
  addOrganizationManager(@Args('input') input: OrganizationManagerInput, @CurrentActor() actor: Actor): Promise<VolunteerOrganization> {
    return this.volunteers.setManager(actor, input, true);
  }

  @Mutation(() => VolunteerOrganization)
  removeOrganizationManager(@Args('input') input: OrganizationManagerInput, @CurrentActor() actor: Actor): Promise<VolunteerOrganization> {
    return this.volunteers.setManager(actor, input, false);
  }
}

@Resolver(() => Volunteer)
export class VolunteerResolver implements OnModuleInit {
  constructor(
    private readonly volunteerService: VolunteersService,
    private readonly hoursService: HoursService,
    private readonly recognition: RecognitionService,
    private readonly loaders: VolunteersLoaders,
    private readonly org: OrgService,
    private readonly users: UsersService,
    private readonly members: MembersService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Volunteer', (ctx, dbId) => (ctx.actor ? this.volunteerService.visible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  @Query(() => Volunteer, { nullable: true })
  volunteer(@Args() args: VolunteerLookupArgs, @CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<Volunteer | null> {
    return this.volunteerService.byLookup(ctx.loaders, actor, args.id, args.number);
  }

  @Query(() => Volunteer, { nullable: true, description: "The caller's own volunteer record." })
  myVolunteer(@CurrentActor() actor: Actor): Promise<Volunteer | null> {
    return this.volunteerService.mine(actor);
  }

  @Query(() => VolunteerConnection)
  volunteers(@Args() args: VolunteersArgs, @CurrentActor() actor: Actor): Promise<Connection<Volunteer>> {
    return this.volunteerService.list(actor, args);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Masked like Member.phone unless the caller may see it (the volunteer, staff in scope of their unit, managers of their organisations).',
  })
  phone(@Parent() v: Volunteer, @Context() ctx: GqlContext): string {
    return this.volunteerService.phoneFor(actorOf(ctx), v);
  }

  @ResolveField(() => OrgUnit, { description: 'Home unit, usually a courtyard group.' })
  async unit(@Parent() v: Volunteer, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, v.row.unit_id))!;
  }

  @ResolveField(() => User, { nullable: true, description: 'The account of a volunteer who registered themself; null for one registered by staff.' })
  user(@Parent() v: Volunteer, @Context() ctx: GqlContext): Promise<User | null> {
    return v.row.user_id ? this.users.visible(ctx.loaders, actorOf(ctx), v.row.user_id) : Promise.resolve(null);
  }

  @ResolveField(() => Member, { nullable: true, description: 'The grid member record of the same person, when linked.' })
  member(@Parent() v: Volunteer, @Context() ctx: GqlContext): Promise<Member | null> {
    return v.row.member_id ? this.members.byDbId(ctx.loaders, v.row.member_id) : Promise.resolve(null);
  }

  @ResolveField(() => [VolunteerOrganization])
  async organizations(@Parent() v: Volunteer, @Context() ctx: GqlContext): Promise<VolunteerOrganization[]> {
    const orgs = await Promise.all(v.row.org_ids.map((id) => this.volunteerService.org(ctx.loaders, id)));
    return orgs.filter((o): o is VolunteerOrganization => o !== null);
  }

  @ResolveField(() => Int, { description: 'Highest star level in force (0-5): awarded, and past its public notice.' })
  starLevel(@Parent() v: Volunteer, @Context() ctx: GqlContext): Promise<number> {
    return this.recognition.starLevel(ctx.loaders, v);
  }

  @ResolveField(() => Int, { description: 'The highest level the approved hours reach (thresholds in README), whether awarded or not.' })
  eligibleStarLevel(@Parent() v: Volunteer): number {
    return this.recognition.eligibleStarLevel(v);
  }

  @ResolveField(() => VolunteerHoursConnection, { description: 'The hours ledger, newest first.' })
  hours(@Parent() v: Volunteer, @Args() args: PageArgs, @Context() ctx: GqlContext): Promise<Connection<VolunteerHoursEntry>> {
    return this.hoursService.ofVolunteer(ctx.loaders, v.row.id, args);
  }

  @ResolveField(() => [StarAward])
  starAwards(@Parent() v: Volunteer, @Context() ctx: GqlContext): Promise<StarAward[]> {
    return this.recognition.awardsOf(ctx.loaders, v);
  }

  @ResolveField(() => [VolunteerCertificate])
  certificates(@Parent() v: Volunteer, @Context() ctx: GqlContext): Promise<VolunteerCertificate[]> {
    return this.recognition.certificatesOf(ctx.loaders, actorOf(ctx), v);
  }

  @Mutation(() => Volunteer)
  registerVolunteer(
    @Args('input') input: RegisterVolunteerInput,
    @CurrentActor() actor: Actor,
    @ClientAddress() address: string | null,
  ): Promise<Volunteer> {
    return this.volunteerService.register(actor, input, address);
  }

  @Mutation(() => Volunteer, { description: 'Staff in scope: give a volunteer registered by staff the account of the same person.' })
  linkVolunteerAccount(@Args('input') input: LinkVolunteerAccountInput, @CurrentActor() actor: Actor): Promise<Volunteer> {
    return this.volunteerService.linkAccount(actor, input);
  }

  @Mutation(() => Volunteer)
  updateVolunteer(@Args('input') input: UpdateVolunteerInput, @CurrentActor() actor: Actor): Promise<Volunteer> {
    return this.volunteerService.update(actor, input);
  }

  @Mutation(() => Volunteer)
  joinVolunteerOrganization(@Args('input') input: VolunteerMembershipInput, @CurrentActor() actor: Actor): Promise<Volunteer> {
    return this.volunteerService.setMembership(actor, input, true);
  }

  @Mutation(() => Volunteer)
  leaveVolunteerOrganization(@Args('input') input: VolunteerMembershipInput, @CurrentActor() actor: Actor): Promise<Volunteer> {
    return this.volunteerService.setMembership(actor, input, false);
  }
}

@Resolver(() => VolunteerActivity)
export class VolunteerActivityResolver implements OnModuleInit {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly volunteers: VolunteersService,
    private readonly org: OrgService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('VolunteerActivity', (ctx, dbId) => (ctx.actor ? this.activities.visible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  @Query(() => VolunteerActivityConnection, { description: "Activities held in the unit's subtree (default: everywhere the caller can see), soonest first." })
  volunteerActivities(@Args() args: VolunteerActivitiesArgs, @CurrentActor() actor: Actor): Promise<Connection<VolunteerActivity>> {
    return this.activities.list(actor, args);
  }

  @ResolveField(() => VolunteerOrganization)
  async organization(@Parent() a: VolunteerActivity, @Context() ctx: GqlContext): Promise<VolunteerOrganization> {
    return (await this.volunteers.org(ctx.loaders, a.row.org_id))!;
  }

  @ResolveField(() => OrgUnit, { description: "Where it is held; its subtree's staff see it in their scope." })
  async unit(@Parent() a: VolunteerActivity, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, a.row.unit_id))!;
  }

  @ResolveField(() => String, { nullable: true, description: 'The code participants enter to check in and out; null unless the caller organises it.' })
  checkInCode(@Parent() a: VolunteerActivity, @Context() ctx: GqlContext): string | null {
    return this.activities.checkInCodeFor(actorOf(ctx), a);
  }

  @ResolveField(() => VolunteerSignupConnection)
  signups(@Parent() a: VolunteerActivity, @Args() args: PageArgs, @Context() ctx: GqlContext): Promise<Connection<VolunteerSignup>> {
    return this.activities.signups(ctx.loaders, actorOf(ctx), a, args);
  }

  @Mutation(() => VolunteerActivity)
  createVolunteerActivity(@Args('input') input: CreateVolunteerActivityInput, @CurrentActor() actor: Actor): Promise<VolunteerActivity> {
    return this.activities.create(actor, input);
  }

  @Mutation(() => VolunteerActivity)
  updateVolunteerActivity(@Args('input') input: UpdateVolunteerActivityInput, @CurrentActor() actor: Actor): Promise<VolunteerActivity> {
    return this.activities.update(actor, input);
  }

  @Mutation(() => VolunteerActivity)
  cancelVolunteerActivity(@Args('input') input: ActivityIdInput, @CurrentActor() actor: Actor): Promise<VolunteerActivity> {
    return this.activities.setStatus(actor, input.activityId, ActivityStatus.CANCELLED);
  }

  @Mutation(() => VolunteerActivity)
  closeVolunteerActivity(@Args('input') input: ActivityIdInput, @CurrentActor() actor: Actor): Promise<VolunteerActivity> {
    return this.activities.setStatus(actor, input.activityId, ActivityStatus.CLOSED);
  }

  @Mutation(() => VolunteerSignup)
  signUpForActivity(@Args('input') input: SignUpInput, @CurrentActor() actor: Actor): Promise<VolunteerSignup> {
    return this.activities.signUp(actor, input);
  }

  @Mutation(() => VolunteerSignup)
  cancelSignup(@Args('input') input: SignUpInput, @CurrentActor() actor: Actor): Promise<VolunteerSignup> {
    return this.activities.cancelSignup(actor, input);
  }

  @Mutation(() => VolunteerSignup)
  checkIn(@Args('input') input: CheckInInput, @CurrentActor() actor: Actor): Promise<VolunteerSignup> {
    return this.activities.checkIn(actor, input);
  }

  @Mutation(() => VolunteerSignup)
  checkOut(@Args('input') input: CheckInInput, @CurrentActor() actor: Actor): Promise<VolunteerSignup> {
    return this.activities.checkOut(actor, input);
  }
}

@Resolver(() => VolunteerSignup)
export class VolunteerSignupResolver implements OnModuleInit {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly loaders: VolunteersLoaders,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('VolunteerSignup', (ctx, dbId) => (ctx.actor ? this.activities.signupVisible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  @ResolveField(() => VolunteerActivity)
  async activity(@Parent() s: VolunteerSignup, @Context() ctx: GqlContext): Promise<VolunteerActivity> {
    return VolunteerActivity.from((await this.loaders.activity(ctx.loaders).load(s.row.activity_id))!);
  }

  @ResolveField(() => Volunteer)
  volunteer(@Parent() s: VolunteerSignup, @Context() ctx: GqlContext): Promise<Volunteer> {
    return volunteerOf(this.loaders, ctx, s.row.volunteer_id);
  }
}

@Resolver(() => VolunteerHoursEntry)
export class VolunteerHoursResolver implements OnModuleInit {
  constructor(
    private readonly hours: HoursService,
    private readonly volunteers: VolunteersService,
    private readonly activities: ActivitiesService,
    private readonly loaders: VolunteersLoaders,
    private readonly users: UsersService,
    private readonly requests: RequestFactsService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('VolunteerHoursEntry', (ctx, dbId) => (ctx.actor ? this.hours.visible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  @Query(() => VolunteerHoursConnection, { description: 'PENDING entries the caller may decide, oldest first.' })
  pendingVolunteerHours(@Args() args: PendingHoursArgs, @CurrentActor() actor: Actor): Promise<Connection<VolunteerHoursEntry>> {
    return this.hours.pending(actor, args);
  }

  @ResolveField(() => Volunteer)
  volunteer(@Parent() e: VolunteerHoursEntry, @Context() ctx: GqlContext): Promise<Volunteer> {
    return volunteerOf(this.loaders, ctx, e.row.volunteer_id);
  }

  @ResolveField(() => VolunteerOrganization, { nullable: true, description: 'The organisation that records it (谁组织谁记录).' })
  organization(@Parent() e: VolunteerHoursEntry, @Context() ctx: GqlContext): Promise<VolunteerOrganization | null> {
    return e.row.org_id ? this.volunteers.org(ctx.loaders, e.row.org_id) : Promise.resolve(null);
  }

  @ResolveField(() => VolunteerActivity, { nullable: true })
  activity(@Parent() e: VolunteerHoursEntry, @Context() ctx: GqlContext): Promise<VolunteerActivity | null> {
    return e.row.activity_id ? this.activities.visible(ctx.loaders, actorOf(ctx), e.row.activity_id) : Promise.resolve(null);
  }

  @ResolveField(() => ServiceRequest, { nullable: true })
  serviceRequest(@Parent() e: VolunteerHoursEntry, @Context() ctx: GqlContext): Promise<ServiceRequest | null> {
    return e.row.service_request_id ? this.requests.visible(ctx.loaders, actorOf(ctx), e.row.service_request_id) : Promise.resolve(null);
  }

  @ResolveField(() => VolunteerHoursEntry, { nullable: true, description: 'For a CORRECTION: the entry it corrects.' })
  async corrects(@Parent() e: VolunteerHoursEntry, @Context() ctx: GqlContext): Promise<VolunteerHoursEntry | null> {
    const row = e.row.corrects_id ? await this.loaders.entry(ctx.loaders).load(e.row.corrects_id) : undefined;
    return row ? VolunteerHoursEntry.from(row) : null;
  }

  @ResolveField(() => User, { nullable: true })
  recordedBy(@Parent() e: VolunteerHoursEntry, @Context() ctx: GqlContext): Promise<User | null> {
    return e.row.recorded_by_user_id ? this.users.visible(ctx.loaders, actorOf(ctx), e.row.recorded_by_user_id) : Promise.resolve(null);
  }

  @ResolveField(() => User, { nullable: true })
  decidedBy(@Parent() e: VolunteerHoursEntry, @Context() ctx: GqlContext): Promise<User | null> {
    return e.row.decided_by_user_id ? this.users.visible(ctx.loaders, actorOf(ctx), e.row.decided_by_user_id) : Promise.resolve(null);
  }

  @Mutation(() => VolunteerHoursEntry)
  backfillVolunteerHours(@Args('input') input: BackfillHoursInput, @CurrentActor() actor: Actor): Promise<VolunteerHoursEntry> {
    return this.hours.backfill(actor, input);
  }

  @Mutation(() => VolunteerHoursEntry)
  decideVolunteerHours(@Args('input') input: DecideHoursInput, @CurrentActor() actor: Actor): Promise<VolunteerHoursEntry> {
    return this.hours.decide(actor, input);
  }

  @Mutation(() => VolunteerHoursEntry)
  correctVolunteerHours(@Args('input') input: CorrectHoursInput, @CurrentActor() actor: Actor): Promise<VolunteerHoursEntry> {
    return this.hours.correct(actor, input);
  }

  @Mutation(() => VolunteerHoursEntry)
  creditServiceRequestHours(@Args('input') input: CreditRequestHoursInput, @CurrentActor() actor: Actor): Promise<VolunteerHoursEntry> {
    return this.hours.creditRequest(actor, input);
  }
}

@Resolver(() => StarAward)
export class StarAwardResolver implements OnModuleInit {
  constructor(
    private readonly recognition: RecognitionService,
    private readonly loaders: VolunteersLoaders,
    private readonly users: UsersService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('StarAward', (ctx, dbId) => (ctx.actor ? this.recognition.awardVisible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  @ResolveField(() => Volunteer)
  volunteer(@Parent() a: StarAward, @Context() ctx: GqlContext): Promise<Volunteer> {
    return volunteerOf(this.loaders, ctx, a.row.volunteer_id);
  }

  @ResolveField(() => User, { nullable: true })
  awardedBy(@Parent() a: StarAward, @Context() ctx: GqlContext): Promise<User | null> {
    return a.row.awarded_by_user_id ? this.users.visible(ctx.loaders, actorOf(ctx), a.row.awarded_by_user_id) : Promise.resolve(null);
  }

  @Mutation(() => StarAward)
  awardStarLevel(@Args('input') input: AwardStarInput, @CurrentActor() actor: Actor): Promise<StarAward> {
    return this.recognition.award(actor, input);
  }

  @Mutation(() => StarAward)
  revokeStarAward(@Args('input') input: RevokeStarAwardInput, @CurrentActor() actor: Actor): Promise<StarAward> {
    return this.recognition.revokeAward(actor, input);
  }
}

@Resolver(() => VolunteerCertificate)
export class VolunteerCertificateResolver {
  constructor(
    private readonly recognition: RecognitionService,
    private readonly loaders: VolunteersLoaders,
  ) {}

  @Public()
  @Query(() => CertificateCheck, { description: 'Anonymous callers may use this one.' })
  checkVolunteerCertificate(@Args() args: CertificateCheckArgs, @ClientAddress() address: string | null): Promise<CertificateCheck> {
    return this.recognition.check(args.number, args.verificationCode, address);
  }

  @ResolveField(() => Volunteer)
  volunteer(@Parent() c: VolunteerCertificate, @Context() ctx: GqlContext): Promise<Volunteer> {
    return volunteerOf(this.loaders, ctx, c.row.volunteer_id);
  }

  @ResolveField(() => VolunteerOrganization, { nullable: true })
  issuedBy(@Parent() c: VolunteerCertificate, @Context() ctx: GqlContext): Promise<VolunteerOrganization | null> {
    return this.recognition.issuer(ctx.loaders, c);
  }

  @Mutation(() => VolunteerCertificate)
  issueVolunteerCertificate(@Args('input') input: IssueCertificateInput, @CurrentActor() actor: Actor): Promise<VolunteerCertificate> {
    return this.recognition.issue(actor, input);
  }

  @Mutation(() => VolunteerCertificate)
  revokeVolunteerCertificate(@Args('input') input: RevokeCertificateInput, @CurrentActor() actor: Actor): Promise<VolunteerCertificate> {
    return this.recognition.revokeCertificate(actor, input);
  }
}

/** OrgUnit.volunteerStats, declared here: the volunteer module adds it to the tree's type. */
@Resolver(() => OrgUnit)
export class OrgUnitVolunteerStatsResolver {
  constructor(private readonly recognition: RecognitionService) {}

  /** Declares the field; VolunteersFieldMaps answers it (a hot field) through the same service call. */
  @ResolveField(() => VolunteerStats, { nullable: true, description: "Null when the unit is outside the caller's scope." })
  volunteerStats(@Parent() unit: OrgUnit, @Args() args: StatsPeriodArgs, @Context() ctx: GqlContext): Promise<VolunteerStats | null> {
    return this.recognition.stats(ctx.loaders, actorOf(ctx), unit, args.from ?? null, args.to ?? null);
  }
}

/** ServiceRequest.volunteerHours, declared here: the volunteer module adds it to the request's type. */
@Resolver(() => ServiceRequest)
export class ServiceRequestVolunteerHoursResolver {
  constructor(private readonly hours: HoursService) {}

  @ResolveField(() => [VolunteerHoursEntry], { description: 'Hours credited for this request, when any.' })
  volunteerHours(@Parent() request: ServiceRequest, @Context() ctx: GqlContext): Promise<VolunteerHoursEntry[]> {
    return this.hours.ofRequest(ctx.loaders, actorOf(ctx), request.dbId);
  }
}

export const VOLUNTEER_RESOLVERS = [
  VolunteerOrganizationResolver,
  VolunteerResolver,
  VolunteerActivityResolver,
  VolunteerSignupResolver,
  VolunteerHoursResolver,
  StarAwardResolver,
  VolunteerCertificateResolver,
  OrgUnitVolunteerStatsResolver,
  ServiceRequestVolunteerHoursResolver,
];
