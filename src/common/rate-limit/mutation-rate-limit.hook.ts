import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Actor } from '../auth/actor.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { GqlContext } from '../graphql/context.js';
import type { RateLimiter } from './rate-limiter.js';

type HookContext = GqlContext & {
  reply?: GqlContext['reply'] & { request?: { ip?: string; body?: unknown } };
  /** A WebSocket connection's bearer header, when a mutation comes over graphql-ws. */
  authorization?: string;
};

/** Refused before execution: the formatter answers 429 (no data, no path). */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, 'Too many changes in a minute; wait a moment and try again');
  }
}

/**
 * Mercurius preExecution hook: each mutation operation (not each field) counts once
 * against its caller (`user:<id>`) and its address (`addr:<ip>`) before any resolver
 * runs; anonymous ones (login, registerResident) against the address only. Queries and
 * subscriptions are not limited. The caller found here is the one the auth guard uses.
 */
export function mutationRateLimitHook(
  limiter: RateLimiter,
  resolveActor: (ctx: HookContext) => Promise<Actor | undefined>,
) {
  return async (_schema: unknown, document: DocumentNode, context: HookContext): Promise<void> => {
    if (!isMutation(document, requestedOperationName(context))) return;
    const actor = await (context.actorLookup ??= resolveActor(context));
    const address = context.req?.ip ?? context.reply?.request?.ip;
    const keys: string[] = [];
    if (actor) keys.push(`user:${actor.userId}`);
    if (address) keys.push(`addr:${address}`);
    const verdict = await limiter.hit(keys);
    if (verdict.limited) {
      context.reply?.header('retry-after', String(verdict.retryAfterSeconds));
      throw new RateLimitedError(verdict.retryAfterSeconds);
    }
  };
}

function requestedOperationName(context: HookContext): string | undefined {
  const body = context.reply?.request?.body as { operationName?: unknown } | undefined;
  return typeof body?.operationName === 'string' && body.operationName !== '' ? body.operationName : undefined;
}

/** The operation that will run is a mutation (when unsure which one runs: any mutation counts). */
function isMutation(document: DocumentNode, operationName: string | undefined): boolean {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length === 1) return operations[0].operation === 'mutation';
  const named = operationName ? operations.find((o) => o.name?.value === operationName) : undefined;
  return named ? named.operation === 'mutation' : operations.some((o) => o.operation === 'mutation');
}
