import type { GqlModuleOptions } from '@nestjs/graphql';
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { GqlContext } from './context.js';

/**
 * A hot field: asked of every node of a large answer (a unit's openRequestCount and secretary
 * in a street's tree, a queue row's assignee). A NestJS @ResolveField runs each call through its
 * async parameter pipeline; a hot field's resolver is called by GraphQL directly instead, so a
 * value that is at hand is returned as it is. No guard, pipe, interceptor or filter runs on
 * it: it validates its own arguments and may not need any rule a guard would apply.
 */
export type HotFieldResolver<TSource, TResult> = (
  source: TSource,
  args: Record<string, unknown>,
  ctx: GqlContext,
  info: GraphQLResolveInfo,
) => TResult | Promise<TResult>;

type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/**
 * The hot fields of one object type, keyed by the @ResolveField methods of the resolver class
 * that declares them (type, arguments, description): the compiler checks each name against a
 * declared field and each result against the declared type. Called through NestJS (no field
 * map wired), the declaration answers the same by calling the same code.
 */
export type HotFields<TSource, TResolver> = {
  [K in keyof TResolver]?: HotFieldResolver<TSource, ResultOf<TResolver[K]>>;
};

/** Hot fields of one GraphQL object type, as a module hands them to the GraphQL module. */
export interface FieldMap {
  readonly typeName: string;
  readonly fields: Readonly<Record<string, HotFieldResolver<never, unknown>>>;
}

/** NestJS's map of resolvers by type and field, as `transformResolvers` receives and returns it. */
type TransformResolvers = NonNullable<GqlModuleOptions['transformResolvers']>;
type FoundResolvers = Parameters<TransformResolvers>[0];
export type ResolverMap = Exclude<FoundResolvers, unknown[]>;

/** What a module with hot fields provides: its field maps, built with its services. */
export interface FieldMapProvider {
  readonly fieldMaps: readonly FieldMap[];
}

/**
 * A typed field map: `fieldMap<OrgUnit, OrgResolver>('OrgUnit', { children: … })`. The type
 * name must be the source model's `__typename`.
 */
export function fieldMap<TSource extends { readonly __typename: string }, TResolver>(
  typeName: TSource['__typename'],
  fields: HotFields<TSource, TResolver>,
): FieldMap {
  return { typeName, fields: fields as FieldMap['fields'] };
}

/**
 * Puts the modules' field maps into the resolver maps NestJS found (GraphQLModule's
 * `transformResolvers`): one more map, which graphql-tools merges in field by field, so each
 * hot field's resolver replaces the one NestJS built for its declaration. A map naming a field
 * without a declaration stops the start.
 */
export function withFieldMaps(found: FoundResolvers, providers: readonly FieldMapProvider[]): ResolverMap[] {
  const maps = Array.isArray(found) ? found : [found];
  const hot: Record<string, Record<string, unknown>> = {};
  for (const { typeName, fields } of providers.flatMap((p) => p.fieldMaps)) {
    for (const name of Object.keys(fields)) {
      if (!maps.some((map) => name in ((map as Record<string, object | undefined>)[typeName] ?? {}))) {
        throw new Error(`Hot field ${typeName}.${name} has no @ResolveField declaring it`);
      }
    }
    hot[typeName] = { ...hot[typeName], ...fields };
  }
  return [...maps, hot as ResolverMap];
}

/**
 * NestJS gives every plain field of an object type a resolver of its own that reads the
 * property (to apply a @Field defaultValue, which our output types never set). With one, a
 * compiled query (graphql-jit) calls it through a closure, an arguments object, a resolve
 * info and two callbacks for each field of each node; without one, it reads the property
 * inline. This leaves a resolver only on the fields of `resolvers` (NestJS's @ResolveField,
 * @Query, @Mutation and @Subscription methods and the field maps); every other field of an
 * object type gets GraphQL's default, which reads the same property. Field middleware would
 * be dropped with them: hot fields use field maps instead.
 */
export function readPropertiesDirectly(schema: GraphQLSchema, resolvers: readonly ResolverMap[]): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const declared = resolvers.map((map) => (map as Record<string, object | undefined>)[type.name] ?? {});
    for (const field of Object.values(type.getFields())) {
      if (!declared.some((fields) => field.name in fields)) field.resolve = undefined;
    }
  }
  return schema;
}
