import type { OnModuleInit } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { notFound } from '../../common/errors/domain-error.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { User, UsersService } from '../people/index.js';
import { ApiKey, CreateApiKeyInput, CreatedApiKey, RevokeApiKeyInput } from './api-key.model.js';
import { ApiKeysService } from './api-keys.service.js';

@Resolver(() => ApiKey)
export class ApiKeysResolver implements OnModuleInit {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly users: UsersService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit(): void {
    this.nodes.register('ApiKey', (ctx, dbId) => (ctx.actor ? this.keys.visible(ctx.loaders, ctx.actor, dbId) : Promise.resolve(null)));
  }

  @Query(() => [ApiKey], { description: 'CITY_ADMIN.' })
  apiKeys(@CurrentActor() actor: Actor): Promise<ApiKey[]> {
    return this.keys.list(actor);
  }

  @Mutation(() => CreatedApiKey, { description: 'CITY_ADMIN: a new key acting as a new RESIDENT account named after it.' })
  createApiKey(@Args('input') input: CreateApiKeyInput, @CurrentActor() actor: Actor): Promise<CreatedApiKey> {
    return this.keys.create(actor, input);
  }

  @Mutation(() => ApiKey)
  revokeApiKey(@Args('input') input: RevokeApiKeyInput, @CurrentActor() actor: Actor): Promise<ApiKey> {
    return this.keys.revoke(actor, input);
  }

  @ResolveField(() => User, { description: 'The account the application acts as: submissions are reported by it.' })
  async user(@Parent() key: ApiKey, @Context() ctx: GqlContext): Promise<User> {
    const user = ctx.actor ? await this.users.visible(ctx.loaders, ctx.actor, key.userDbId) : null;
    if (!user) throw notFound('User');
    return user;
  }
}
