import { Logger } from '@nestjs/common';
import { Args, ArgsType, Context, Field, ID, Resolver, Subscription } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { SubscriptionContext } from 'mercurius';
import { CurrentActor, type Actor } from '../../../common/auth/actor.js';
import { DomainError, notFound, unauthenticated } from '../../../common/errors/domain-error.js';
import type { GqlContext } from '../../../common/graphql/context.js';
import { dbIdOf } from '../../../common/graphql/global-id.js';
import { RequestLoaders } from '../../../common/loaders/request-loaders.js';
import { ServiceRequestChange } from '../request.model.js';
import { OrgService } from '../../org/index.js';
import { RequestChangeFeed } from './request-change.feed.js';
import type { SubscriptionSlots } from './live-subscriptions.js';
import { LiveChange, REQUEST_CHANGED_TOPIC } from './request-change.js';

@ArgsType()
export class ServiceRequestChangedArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  unitId?: string | null;
}

/** The context of a subscription: the connection's (see live-subscriptions.ts) plus Mercurius's pubsub. */
export interface LiveContext extends GqlContext {
  pubsub: SubscriptionContext;
  /** The connection_init's authorization, to find the caller again at every change. */
  authorization?: string;
  /** The connection's share of WS_MAX_SUBSCRIPTIONS_PER_CONNECTION. */
  subscriptionSlots?: SubscriptionSlots;
}

/**
 * Errors of a subscription's start are sent by Mercurius as they are, without the error
 * formatter: the code goes into the error's extensions here.
 */
function coded(error: DomainError): DomainError & { extensions: { code: string } } {
  return Object.assign(error, { extensions: { code: error.code } });
}

/**
 * The stream, calling `release` once when it ends, however it ends: also when it is
 * returned before it ever started (a socket closed while the subscription was being set
 * up), which a generator's own `finally` would not see.
 */
function releasing<T>(stream: AsyncGenerator<T>, release: () => void): AsyncIterableIterator<T> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const step = await stream.next();
        if (step.done) release();
        return step;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return(value?: unknown) {
      release();
      return stream.return(value as T);
    },
    async throw(error?: unknown) {
      release();
      return stream.throw(error);
    },
  };
}

@Resolver(() => ServiceRequestChange)
export class RequestChangesResolver {
  private readonly log = new Logger(RequestChangesResolver.name);

  constructor(
    private readonly feed: RequestChangeFeed,
    private readonly org: OrgService,
  ) {}

  @Subscription(() => ServiceRequestChange, {
    description:
      "Every change to a request held in this unit's subtree (before or after the change)\nthat the caller may see; without unitId, the caller's whole scope.",
    resolve: (change: ServiceRequestChange) => change,
  })
  async serviceRequestChanged(
    @Args() args: ServiceRequestChangedArgs,
    @CurrentActor() actor: Actor,
    @Context() ctx: LiveContext,
  ): Promise<AsyncIterable<ServiceRequestChange>> {
    let unitId: string | null = null;
    if (args.unitId) {
      // Every signed-in user may read the tree: any existing unit will do.
      unitId = dbIdOf(args.unitId, 'OrgUnit');
      if (!unitId || !(await this.org.pathOf(unitId))) throw coded(notFound('Org unit'));
    }
    // Refused (RATE_LIMITED) when the connection holds its limit; given back when the
    // subscription ends: completed by the client, failed, or its connection closed.
    const release = ctx.subscriptionSlots?.take() ?? (() => undefined);
    try {
      // Subscribed before the subscription counts as started: no change after this is missed.
      const queue = await ctx.pubsub.subscribe<LiveChange>(REQUEST_CHANGED_TOPIC);
      return releasing(this.stream(queue, ctx, actor, unitId), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * This subscriber's changes, in commit order. Before each one is executed, the caller is
   * looked up again (a deactivated user or a changed role or scope applies at once) and the
   * context gets fresh loaders, so field resolvers see the data as it is now.
   */
  private async *stream(queue: AsyncIterable<LiveChange>, ctx: LiveContext, connectedAs: Actor, unitId: string | null) {
    this.feed.opened();
    try {
      for await (const change of queue) {
        let actor: Actor | undefined;
        let delivery: ServiceRequestChange | null;
        try {
          actor = ctx.authorization ? await change.actor(ctx.authorization) : connectedAs;
          delivery = actor ? await this.feed.deliveryFor(change, actor, unitId) : null;
        } catch (error) {
          this.log.error(`could not push change ${change.notice.e} of request ${change.notice.r}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        if (!actor) throw coded(unauthenticated('Your session has ended: sign in again'));
        if (!delivery) continue;
        ctx.actor = actor;
        ctx.actorLookup = Promise.resolve(actor);
        ctx.loaders = new RequestLoaders();
        yield delivery;
      }
    } finally {
      this.feed.closed();
    }
  }
}
