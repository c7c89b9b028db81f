import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../../common/graphql/context.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';

@Resolver()
export class NodeResolver {
  constructor(private readonly registry: NodeRegistry) {}

  @Query(() => Node, { nullable: true })
  node(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext): Promise<TypedNode | null> {
    return this.registry.fetch(ctx, id);
  }
}
