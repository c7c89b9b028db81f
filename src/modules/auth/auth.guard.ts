import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Kind, OperationTypeNode, type GraphQLResolveInfo } from 'graphql';
import { Actor, confirmsCallerItself, PUBLIC_OPERATION } from '../../common/auth/actor.js';
import { unauthenticated } from '../../common/errors/domain-error.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { AccountsService, type AccessRow } from '../people/index.js';
import { TokenService, type TokenClaims } from './token.service.js';

/** Accounts as last read, by user id, for ConfirmsCallerInItsStatement operations; bounded. */
const KNOWN_ACCESS_KEPT = 50_000;

/**
 * Runs before every query and mutation (not before field resolvers): finds the caller from
 * the bearer token with one indexed lookup per request, and refuses anonymous callers
 * except on @Public() operations. A deactivated user, or one whose token version moved on
 * (role, scope, member or password changed), is UNAUTHENTICATED on the very next request.
 * The one exception to the lookup: a query made only of fields that check the caller in
 * their own statement (a secretary's queue), which then costs one statement, not two.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly knownAccess = new Map<string, AccessRow>();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly accounts: AccountsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const ctx = gql.getContext<GqlContext>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_OPERATION, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const actor = await (ctx.actorLookup ??= this.resolveActor(ctx, everyRootFieldConfirmsCaller(gql.getInfo<GraphQLResolveInfo>())));
    if (!actor) throw unauthenticated();
    ctx.actor = actor;
    return true;
  }

  /**
   * The caller of a request (or a subscription's connection); undefined when not signed in.
   * With `mayConfirmLater` (every root field confirms the caller in its own statement) and
   * the account read before under this token version, no lookup: the account as last read,
   * with an ActorConfirmation on the context for those statements.
   */
  async resolveActor(ctx: Pick<GqlContext, 'req' | 'actorToConfirm' | 'actor' | 'actorLookup'> & { authorization?: string }, mayConfirmLater = false): Promise<Actor | undefined> {
    const header = ctx.authorization ?? ctx.req?.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) return undefined;
    const claims = await this.tokens.verify(match[1]);
    if (!claims) return undefined;
    const address = ctx.req?.ip ?? null;
    const known = mayConfirmLater ? this.knownAccess.get(claims.userId) : undefined;
    if (known && known.token_version === claims.tokenVersion) {
      ctx.actorToConfirm = {
        row: known,
        tokenVersion: claims.tokenVersion,
        reread: async () => {
          ctx.actorToConfirm = undefined;
          const actor = await this.lookUp(claims, address);
          if (!actor) throw unauthenticated();
          ctx.actor = actor;
          ctx.actorLookup = Promise.resolve(actor);
          return actor;
        },
        confirmed: () => {
          ctx.actorToConfirm = undefined;
        },
      };
      return Actor.from(known, address);
    }
    return this.lookUp(claims, address);
  }

  private async lookUp(claims: TokenClaims, address: string | null): Promise<Actor | undefined> {
    const row = await this.accounts.accessOf(claims.userId);
    if (!row || !row.active || row.token_version !== claims.tokenVersion) {
      this.knownAccess.delete(claims.userId);
      return undefined;
    }
    if (this.knownAccess.size >= KNOWN_ACCESS_KEPT) this.knownAccess.clear();
    this.knownAccess.set(claims.userId, row);
    return Actor.from(row, address);
  }
}

/** A query whose root fields (besides __typename) all confirm the caller themselves. */
function everyRootFieldConfirmsCaller(info: GraphQLResolveInfo | undefined): boolean {
  const operation = info?.operation;
  if (!operation || operation.operation !== OperationTypeNode.QUERY) return false;
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && (selection.name.value === '__typename' || confirmsCallerItself(selection.name.value)),
  );
}
