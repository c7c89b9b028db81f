import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import type { Connection } from '../../common/paging/paging.js';
import { OrgService, OrgUnit } from '../org/index.js';
import { CreateFacilityInput, FacilityLookupArgs, UnitFacilitiesArgs, UpdateFacilityInput, UpsertFacilityTypeInput } from './dtos/facility.inputs.js';
import { Facility, FacilityConnection, FacilityCoverage, FacilityType } from './facility.model.js';
import { FacilitiesService } from './facilities.service.js';

@Resolver(() => Facility)
export class FacilitiesResolver implements OnModuleInit {
  constructor(
    private readonly facilities: FacilitiesService,
    private readonly org: OrgService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    // Every signed-in user reads facilities.
    this.nodes.register('Facility', (ctx, dbId) => (ctx.actor ? this.facilities.byDbId(ctx.loaders, dbId) : Promise.resolve(null)));
  }

  @Query(() => [FacilityType])
  facilityTypes(@CurrentActor() _actor: Actor): Promise<FacilityType[]> {
    return this.facilities.types();
  }

  @Query(() => Facility, { nullable: true })
  facility(@Args() args: FacilityLookupArgs, @CurrentActor() _actor: Actor, @Context() ctx: GqlContext): Promise<Facility | null> {
    return this.facilities.lookup(ctx.loaders, args.id, args.code);
  }

  @ResolveField(() => FacilityType)
  type(@Parent() facility: Facility, @Context() ctx: GqlContext): Promise<FacilityType> {
    return this.facilities.typeOf(ctx.loaders, facility);
  }

  @ResolveField(() => OrgUnit)
  async courtyard(@Parent() facility: Facility, @Context() ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, facility.row.courtyard_id))!;
  }

  @Mutation(() => FacilityType, { description: 'CITY_ADMIN: add or change a facility type of the catalogue.' })
  upsertFacilityType(@Args('input') input: UpsertFacilityTypeInput, @CurrentActor() actor: Actor): Promise<FacilityType> {
    return this.facilities.upsertType(actor, input);
  }

  @Mutation(() => Facility, { description: 'Staff in scope of the courtyard.' })
  createFacility(@Args('input') input: CreateFacilityInput, @CurrentActor() actor: Actor): Promise<Facility> {
    return this.facilities.create(actor, input);
  }

  @Mutation(() => Facility, { description: 'Staff in scope of the courtyard (and of the new one, when it moves).' })
  updateFacility(@Args('input') input: UpdateFacilityInput, @CurrentActor() actor: Actor): Promise<Facility> {
    return this.facilities.update(actor, input);
  }
}

/** The fields facilities add to OrgUnit. */
@Resolver(() => OrgUnit)
export class OrgUnitFacilitiesResolver {
  constructor(private readonly service: FacilitiesService) {}

  @ResolveField(() => FacilityConnection, { description: "The facilities of the courtyards in this unit's subtree, by code." })
  facilities(@Parent() unit: OrgUnit, @Args() args: UnitFacilitiesArgs): Promise<Connection<Facility>> {
    return this.service.ofUnit(unit, args);
  }

  @ResolveField(() => [FacilityCoverage], { description: 'Per facility type: the live courtyards of the subtree that have one in service, and those lacking one.' })
  facilityCoverage(@Parent() unit: OrgUnit): Promise<FacilityCoverage[]> {
    return this.service.coverage(unit);
  }
}

@Resolver(() => FacilityCoverage)
export class FacilityCoverageResolver {
  constructor(private readonly org: OrgService) {}

  @ResolveField(() => [OrgUnit], { description: 'Up to 100 live courtyards of the subtree with none in service, by code.' })
  async lacking(@Parent() coverage: FacilityCoverage, @Context() ctx: GqlContext): Promise<OrgUnit[]> {
    const units = await Promise.all(coverage.lackingIds.map((id) => this.org.byDbId(ctx.loaders, id)));
    return units.filter((u): u is OrgUnit => u !== null);
  }
}
