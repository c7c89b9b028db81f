import { Field, ID, InterfaceType } from '@nestjs/graphql';
import type { NodeTypeName } from './global-id.js';

/** Every node model carries its GraphQL type name, which is how `Node` resolves its type. */
export interface TypedNode {
  readonly __typename: NodeTypeName;
}

@InterfaceType('Node', {
  description: 'Anything with a global, opaque id that node(id:) can fetch back.',
  resolveType: (value: TypedNode) => value.__typename,
})
export abstract class Node {
  @Field(() => ID)
  id: string;
}
