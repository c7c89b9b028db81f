import { Injectable } from '@nestjs/common';
import type { GqlContext } from './context.js';
import { fromGlobalId, type NodeTypeName } from './global-id.js';
import type { TypedNode } from './node.interface.js';

/** Fetches one node by database id, as the caller may see it (null when not visible). */
export type NodeFetcher = (ctx: GqlContext, dbId: string) => Promise<TypedNode | null>;

/** Each domain module registers how to fetch its node types; `node(id)` dispatches here. */
@Injectable()
export class NodeRegistry {
  private readonly fetchers = new Map<string, NodeFetcher>();

  register(type: NodeTypeName, fetcher: NodeFetcher): void {
    this.fetchers.set(type, fetcher);
  }

  async fetch(ctx: GqlContext, globalId: string): Promise<TypedNode | null> {
    const parsed = fromGlobalId(globalId);
    const fetcher = parsed && this.fetchers.get(parsed.type);
    return fetcher ? fetcher(ctx, parsed.dbId) : null;
  }
}
