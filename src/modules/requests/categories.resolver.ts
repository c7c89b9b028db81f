import type { OnModuleInit } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { Role } from '../../common/auth/role.js';
import { forbidden } from '../../common/errors/domain-error.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import { UpsertServiceCategoryInput } from './dtos/request.inputs.js';
import { ServiceCategory } from './request.model.js';
import { ServiceRequestLoaders } from './requests.loaders.js';
import { RequestsRepository } from './requests.repository.js';

@Resolver(() => ServiceCategory)
export class CategoriesResolver implements OnModuleInit {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly loaders: ServiceRequestLoaders,
    private readonly nodes: NodeRegistry,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.nodes.register('ServiceCategory', async (ctx, dbId) => {
      const row = ctx.actor ? await this.loaders.category(ctx.loaders).load(dbId) : undefined;
      return row ? ServiceCategory.from(row) : null;
    });
  }

  @Query(() => [ServiceCategory])
  async serviceCategories(@CurrentActor() _actor: Actor): Promise<ServiceCategory[]> {
    return (await this.repo.categories()).map(ServiceCategory.from);
  }

  /** Categories are the city's: only a CITY_ADMIN adds or changes them. */
  @Mutation(() => ServiceCategory)
  async upsertServiceCategory(@Args('input') input: UpsertServiceCategoryInput, @CurrentActor() actor: Actor): Promise<ServiceCategory> {
    if (actor.role !== Role.CITY_ADMIN) throw forbidden('Only a city admin manages categories');
    return this.transactions.run(async (tx) => {
      const row = await this.repo.upsertCategory(input, tx);
      await this.audit.record({ action: 'CATEGORY_UPSERTED', actor, targetType: 'ServiceCategory', targetId: row.id, summary: { ...input } }, tx);
      return ServiceCategory.from(row);
    });
  }
}
