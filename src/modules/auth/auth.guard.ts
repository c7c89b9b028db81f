import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor, PUBLIC_OPERATION } from '../../common/auth/actor.js';
import { unauthenticated } from '../../common/errors/domain-error.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { AccountsService } from '../people/index.js';
import { TokenService } from './token.service.js';

/**
 * Runs before every query and mutation (not before field resolvers): finds the caller from
 * the bearer token with one indexed lookup per request, and refuses anonymous callers
 * except on @Public() operations. A deactivated user, or one whose token version moved on
 * (role, scope, member or password changed), is UNAUTHENTICATED on the very next request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_OPERATION, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const actor = await (ctx.actorLookup ??= this.resolveActor(ctx));
    if (!actor) throw unauthenticated();
    ctx.actor = actor;
    return true;
  }

  /** The caller of a request (or a subscription's connection); undefined when not signed in. */
  async resolveActor(ctx: Pick<GqlContext, 'req'> & { authorization?: string }): Promise<Actor | undefined> {
    const header = ctx.authorization ?? ctx.req?.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) return undefined;
    const claims = await this.tokens.verify(match[1]);
    if (!claims) return undefined;
    const row = await this.accounts.accessOf(claims.userId);
    if (!row || !row.active || row.token_version !== claims.tokenVersion) return undefined;
    return Actor.from(row, ctx.req?.ip ?? null);
  }
}
