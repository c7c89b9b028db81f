import { Args, Field, ID, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { Injectable, Module, Scope } from '@nestjs/common';
import { OrgLevel, byCode, byId, childrenOf } from './tree.js';

registerEnumType(OrgLevel, { name: 'OrgLevel' });

@ObjectType()
export class OrgUnit {
  @Field(() => ID) id: string;
  @Field(() => String) code: string;
  @Field(() => String) name: string;
  @Field(() => OrgLevel) level: OrgLevel;
  parentId: string | null;
}

/** Tiny per-tick batching loader (DataLoader-like, no dependency): collects keys in one microtask. */
class BatchLoader<K, V> {
  private queue: { key: K; resolve: (v: V) => void }[] = [];
  constructor(private readonly batch: (keys: K[]) => V[]) {}
  load(key: K): Promise<V> {
    return new Promise((resolve) => {
      if (this.queue.push({ key, resolve }) === 1) {
        queueMicrotask(() => {
          const q = this.queue;
          this.queue = [];
          const out = this.batch(q.map((e) => e.key));
          q.forEach((e, i) => e.resolve(out[i]));
        });
      }
    });
  }
}

@Injectable()
export class OrgUnitService {
  // Singleton loaders are fine here: data is immutable and in memory, no per-request cache needed.
  readonly children = new BatchLoader<string, OrgUnit[]>((ids) => ids.map((id) => (childrenOf.get(id) ?? []) as OrgUnit[]));
  readonly parent = new BatchLoader<string, OrgUnit | null>((ids) => ids.map((id) => (byId.get(id) as OrgUnit) ?? null));
}

@Resolver(() => OrgUnit)
export class OrgUnitResolver {
  constructor(private readonly svc: OrgUnitService) {}

  @Query(() => OrgUnit, { nullable: true })
  orgUnit(@Args('code', { type: () => String }) code: string): OrgUnit | null {
    return (byCode.get(code) as OrgUnit) ?? null;
  }

  @ResolveField(() => [OrgUnit])
  children(@Parent() unit: OrgUnit): Promise<OrgUnit[]> {
    return this.svc.children.load(unit.id);
  }

  @ResolveField(() => OrgUnit, { nullable: true })
  parent(@Parent() unit: OrgUnit): Promise<OrgUnit | null> | null {
    return unit.parentId ? this.svc.parent.load(unit.parentId) : null;
  }
}

@Module({ providers: [OrgUnitService, OrgUnitResolver] })
export class OrgUnitModule {}
