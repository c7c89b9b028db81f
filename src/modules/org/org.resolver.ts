import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, Info, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { PageArgs, type Connection } from '../../common/paging/paging.js';
import {
  ArchiveOrgUnitInput,
  CreateOrgUnitInput,
  DescendantsArgs,
  MoveOrgUnitInput,
  OrgUnitLookupArgs,
  OrgUnitsArgs,
  RestoreOrgUnitInput,
  UpdateOrgUnitInput,
} from './dtos/org-unit.inputs.js';
import { OrgUnit, OrgUnitConnection } from './org-unit.model.js';
import { OrgFieldMaps } from './org.fields.js';
import { OrgService } from './org.service.js';

@Resolver(() => OrgUnit)
export class OrgResolver implements OnModuleInit {
  constructor(
    private readonly org: OrgService,
    private readonly nodes: NodeRegistry,
    private readonly hot: OrgFieldMaps,
  ) {}

  onModuleInit(): void {
    this.nodes.register('OrgUnit', (ctx, dbId) => this.org.byDbId(ctx.loaders, dbId));
  }

  @Query(() => OrgUnit, { nullable: true })
  async orgUnit(@Args() args: OrgUnitLookupArgs, @Context() ctx: GqlContext): Promise<OrgUnit | null> {
    if (args.id) return this.org.byGlobalId(ctx.loaders, args.id);
    if (args.code) return this.org.byCode(ctx.loaders, args.code);
    return null;
  }

  @Query(() => OrgUnitConnection)
  orgUnits(@Args() args: OrgUnitsArgs): Promise<Connection<OrgUnit>> {
    return this.org.list(args);
  }

  @ResolveField(() => OrgUnit, { nullable: true })
  parent(@Parent() unit: OrgUnit, @Context() ctx: GqlContext): Promise<OrgUnit | null> {
    return this.org.parent(ctx.loaders, unit);
  }

  @ResolveField(() => [OrgUnit], { description: 'From the root down to the parent; empty for a street committee.' })
  ancestors(@Parent() unit: OrgUnit, @Context() ctx: GqlContext): Promise<OrgUnit[]> {
    return this.org.ancestors(ctx.loaders, unit);
  }

  /**
   * Declares `children` and its arguments; a hot field (OrgFieldMaps), since a tree pull
   * pages dozens of units' children and NestJS's pipeline per call was a tenth of its CPU.
   */
  @ResolveField(() => OrgUnitConnection)
  children(
    @Parent() unit: OrgUnit,
    @Args() args: PageArgs,
    @Context() ctx: GqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<OrgUnit>> {
    return this.hot.children(unit, { ...args }, ctx, info);
  }

  @ResolveField(() => OrgUnitConnection, {
    description: 'Every unit below this one, optionally only those of one level.',
  })
  descendants(
    @Parent() unit: OrgUnit,
    @Args() args: DescendantsArgs,
    @Context() ctx: GqlContext,
  ): Promise<Connection<OrgUnit>> {
    return this.org.descendants(ctx.loaders, unit, args.level, args);
  }

  @Mutation(() => OrgUnit)
  createOrgUnit(@Args('input') input: CreateOrgUnitInput, @CurrentActor() actor: Actor): Promise<OrgUnit> {
    return this.org.create(actor, input);
  }

  @Mutation(() => OrgUnit)
  updateOrgUnit(@Args('input') input: UpdateOrgUnitInput, @CurrentActor() actor: Actor): Promise<OrgUnit> {
    return this.org.update(actor, input);
  }

  @Mutation(() => OrgUnit)
  moveOrgUnit(@Args('input') input: MoveOrgUnitInput, @CurrentActor() actor: Actor): Promise<OrgUnit> {
    return this.org.move(actor, input);
  }

  @Mutation(() => OrgUnit)
  archiveOrgUnit(@Args('input') input: ArchiveOrgUnitInput, @CurrentActor() actor: Actor): Promise<OrgUnit> {
    return this.org.archive(actor, input.id);
  }

  @Mutation(() => OrgUnit)
  restoreOrgUnit(@Args('input') input: RestoreOrgUnitInput, @CurrentActor() actor: Actor): Promise<OrgUnit> {
    return this.org.restore(actor, input.id);
  }
}
