import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { PageArgs, type Connection } from '../../common/paging/paging.js';
import { OrgService, OrgUnit } from '../org/index.js';
import { CreateMemberInput, CreateUserInput, MemberArgs, SetSecretaryInput, UpdateMemberInput, UpdateUserInput, UsersArgs } from './dtos/people.inputs.js';
import { Member, MemberConnection } from './member.model.js';
import { MembersService } from './members.service.js';
import { PeopleFieldMaps } from './people.fields.js';
import { User, UserConnection } from './user.model.js';
import { UsersService } from './users.service.js';

@Resolver(() => Member)
export class MemberResolver implements OnModuleInit {
  constructor(
    private readonly members: MembersService,
    private readonly org: OrgService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Member', (ctx, dbId) => (ctx.actor ? this.members.byDbId(ctx.loaders, dbId) : Promise.resolve(null)));
  }

  @Query(() => Member, { nullable: true })
  member(@Args() args: MemberArgs, @Context() ctx: GqlContext): Promise<Member | null> {
    return this.members.byGlobalId(ctx.loaders, args.id);
  }

  @ResolveField(() => String, { nullable: true, description: 'Masked (for example 138****5678) unless the caller may see it in full.' })
  phone(@Parent() member: Member, @Context() ctx: GqlContext): string | null {
    return ctx.actor ? this.members.phoneFor(ctx.actor, member) : null;
  }

  @ResolveField(() => OrgUnit)
  async unit(@Parent() member: Member, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, member.unitDbId))!;
  }

  @Mutation(() => Member)
  createMember(@Args('input') input: CreateMemberInput, @CurrentActor() actor: Actor): Promise<Member> {
    return this.members.create(actor, input);
  }

  @Mutation(() => Member)
  updateMember(@Args('input') input: UpdateMemberInput, @CurrentActor() actor: Actor): Promise<Member> {
    return this.members.update(actor, input);
  }

  @Mutation(() => OrgUnit)
  async setSecretary(@Args('input') input: SetSecretaryInput, @CurrentActor() actor: Actor): Promise<OrgUnit> {
    return OrgUnit.from(await this.members.setSecretary(actor, input));
  }
}

/** The people of a unit: its secretary, members and responders (fields people adds to OrgUnit). */
@Resolver(() => OrgUnit)
export class OrgUnitPeopleResolver {
  constructor(
    private readonly memberService: MembersService,
    private readonly hot: PeopleFieldMaps,
  ) {}

  /** Asked of every unit of a tree pull: a hot field (PeopleFieldMaps). */
  @ResolveField(() => Member, { nullable: true })
  secretary(@Parent() unit: OrgUnit, @Context() ctx: GqlContext): Promise<Member | null> {
    return Promise.resolve(this.hot.secretary(unit, ctx));
  }

  @ResolveField(() => MemberConnection)
  members(@Parent() unit: OrgUnit, @Args() args: PageArgs, @Context() ctx: GqlContext): Promise<Connection<Member>> {
    return this.memberService.membersOf(ctx.loaders, unit.dbId, args);
  }

  @ResolveField(() => [Member], { description: 'Members who answer service requests here (courtyard groups).' })
  responders(@Parent() unit: OrgUnit, @Context() ctx: GqlContext): Promise<Member[]> {
    return this.memberService.respondersOf(ctx.loaders, unit.dbId);
  }
}

@Resolver(() => User)
export class UserResolver implements OnModuleInit {
  constructor(
    private readonly userService: UsersService,
    private readonly members: MembersService,
    private readonly org: OrgService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('User', (ctx, dbId) => (ctx.actor ? this.userService.visible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  @Query(() => User, { nullable: true })
  me(@CurrentActor() actor: Actor, @Context() ctx: GqlContext): Promise<User | null> {
    return this.userService.me(ctx.loaders, actor);
  }

  @Query(() => UserConnection)
  users(@Args() args: UsersArgs, @CurrentActor() actor: Actor): Promise<Connection<User>> {
    return this.userService.list(actor, args);
  }

  @ResolveField(() => String, { nullable: true, description: 'Masked unless the caller may see it in full (same rule as Member.phone).' })
  phone(@Parent() user: User, @Context() ctx: GqlContext): string | null {
    return ctx.actor ? this.userService.phoneFor(ctx.actor, user) : null;
  }

  @ResolveField(() => OrgUnit, { nullable: true, description: "The subtree this user's role applies to; null for CITY_ADMIN and RESIDENT." })
  scope(@Parent() user: User, @Context() ctx: GqlContext): Promise<OrgUnit | null> {
    return user.scopeUnitDbId ? this.org.byDbId(ctx.loaders, user.scopeUnitDbId) : Promise.resolve(null);
  }

  @ResolveField(() => Member, { nullable: true })
  member(@Parent() user: User, @Context() ctx: GqlContext): Promise<Member | null> {
    return user.memberDbId ? this.members.byDbId(ctx.loaders, user.memberDbId) : Promise.resolve(null);
  }

  @Mutation(() => User)
  createUser(@Args('input') input: CreateUserInput, @CurrentActor() actor: Actor): Promise<User> {
    return this.userService.create(actor, input);
  }

  @Mutation(() => User)
  updateUser(@Args('input') input: UpdateUserInput, @CurrentActor() actor: Actor): Promise<User> {
    return this.userService.update(actor, input);
  }
}
