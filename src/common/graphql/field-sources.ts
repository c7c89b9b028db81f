import { Injectable } from '@nestjs/common';
import type { FieldMiddleware } from '@nestjs/graphql';
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { GqlContext } from './context.js';

type FieldSource = (source: any, ctx: GqlContext, args: Record<string, unknown>, info: GraphQLResolveInfo) => unknown;

/**
 * Resolvers for hot fields that are asked of every node of a large answer (a unit's
 * openRequestCount in a street's tree). A NestJS @ResolveField runs each call through its
 * async parameter pipeline, and even a field middleware makes every call async (two awaits
 * and three closures per unit); a field declared on the model with `fromFieldSource(key)` is
 * wired straight to this registry instead (wireFieldSources), so a value that is at hand is
 * returned as it is. Modules register their sources at start, as they do for node(id).
 */
@Injectable()
export class FieldSources {
  private readonly sources = new Map<string, FieldSource>();

  register(key: string, source: FieldSource): void {
    this.sources.set(key, source);
  }

  resolve(key: string, parent: unknown, ctx: GqlContext, args: Record<string, unknown>, info: GraphQLResolveInfo): unknown {
    const source = this.sources.get(key);
    if (!source) throw new Error(`No field source registered for ${key}`);
    return source(parent, ctx, args, info);
  }
}

/** Every `Type.field` declared with fromFieldSource, for wireFieldSources. */
const declared = new Set<string>();

/**
 * Declares a model field as resolved by the field source `key` ("Type.field"). The middleware
 * it returns is what NestJS builds the field with; wireFieldSources then replaces the whole
 * resolver, so it only runs if the wiring did not (and answers the same).
 */
export function fromFieldSource(key: string): FieldMiddleware {
  declareFieldSource(key);
  return ({ source, context, args, info }) =>
    (context as GqlContext).fields!.resolve(key, source, context as GqlContext, args, info as GraphQLResolveInfo);
}

/**
 * Declares a field that a NestJS @ResolveField puts in the schema (with its arguments) as
 * answered by the field source `key` instead; its source validates its own arguments.
 */
export function declareFieldSource(key: string): void {
  declared.add(key);
}

/** Gives every declared field a plain resolver that calls its source (the schema's transformSchema step). */
export function wireFieldSources(schema: GraphQLSchema): GraphQLSchema {
  for (const key of declared) {
    const [typeName, fieldName] = key.split('.');
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field) throw new Error(`Field source ${key} names no field of the schema`);
    field.resolve = (source: unknown, args: Record<string, unknown>, context: GqlContext, info: GraphQLResolveInfo) =>
      context.fields!.resolve(key, source, context, args, info);
  }
  return schema;
}

/**
 * NestJS gives every plain field of an object type a resolver of its own that reads the
 * property (to apply a @Field defaultValue, which our output types never set). With one, a
 * compiled query (graphql-jit) calls it through a closure, an arguments object, a resolve
 * info and two callbacks for each field of each node; without one, it reads the property
 * inline. This drops those resolvers, leaving GraphQL's default, which reads the same property.
 */
export function dropPropertyResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve?.name === NEST_PROPERTY_RESOLVER) field.resolve = undefined;
    }
  }
  return schema;
}

/** The name of the resolver NestJS builds for a plain field (object-type-definition.factory.js). */
const NEST_PROPERTY_RESOLVER = 'rootFieldResolver';
