import { Injectable } from '@nestjs/common';
import type { FieldMiddleware } from '@nestjs/graphql';
import type { GqlContext } from './context.js';

type FieldSource = (source: any, ctx: GqlContext) => unknown;

/**
 * Resolvers for hot fields that are asked of every node of a large answer (a unit's
 * openRequestCount in a street's tree). A NestJS @ResolveField runs each call through its
 * async parameter pipeline, which made up most of a tree pull's CPU; a field declared on
 * the model with `fromFieldSource(key)` resolves straight from this registry instead.
 * Modules register their sources at start, as they do for node(id).
 */
@Injectable()
export class FieldSources {
  private readonly sources = new Map<string, FieldSource>();

  register(key: string, source: FieldSource): void {
    this.sources.set(key, source);
  }

  resolve(key: string, parent: unknown, ctx: GqlContext): unknown {
    const source = this.sources.get(key);
    if (!source) throw new Error(`No field source registered for ${key}`);
    return source(parent, ctx);
  }
}

/** The field middleware that resolves `key` from the request's FieldSources. */
export const fromFieldSource =
  (key: string): FieldMiddleware =>
  ({ source, context }) =>
    (context as GqlContext).fields!.resolve(key, source, context as GqlContext);
