import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Actor } from '../auth/actor.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import type { GqlContext } from '../graphql/context.js';
import { limitAddress } from './client-address.js';
import type { RateLimiter } from './rate-limiter.js';

type HookContext = GqlContext & {
  reply?: GqlContext['reply'] & { request?: { ip?: string; body?: unknown } };
  /** A WebSocket connection's bearer header, when a mutation comes over graphql-ws. */
  authorization?: string;
};

/** Refused before execution: the formatter answers 429 (no data, no path). */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many changes in a minute; wait a moment and try again',
  ) {
    super(ErrorCode.RATE_LIMITED, message);
  }
}

/**
 * Mercurius preExecution hook: every root mutation field (aliases too: thirty aliases of
 * one mutation are thirty mutations) counts against its caller (`user:<id>`) and its
 * address (`addr:<ip>`, IPv6 by /64) before any resolver runs; anonymous ones (login,
 * registerResident) against the address only. Queries and subscriptions are not limited,
 * except the root query fields in `limitedQueries`, each counted as one mutation.
 * The caller found here is the one the auth guard uses.
 */
export function mutationRateLimitHook(
  limiter: RateLimiter,
  resolveActor: (ctx: HookContext) => Promise<Actor | undefined>,
  /** Root query fields that count as mutations too (a search that must not be scraped). */
  limitedQueries: ReadonlySet<string> = new Set(),
) {
  return async (_schema: unknown, document: DocumentNode, context: HookContext): Promise<void> => {
    const fields = mutationFieldCount(document, requestedOperationName(context), limitedQueries);
    if (fields === 0) return;
    const actor = await (context.actorLookup ??= resolveActor(context));
    const address = limitAddress(context.req?.ip ?? context.reply?.request?.ip);
    const keys: string[] = [];
    if (actor) keys.push(`user:${actor.userId}`);
    if (address) keys.push(`addr:${address}`);
    const verdict = await limiter.hit(keys, fields);
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

/**
 * The root mutation fields the operation that will run executes, fragments spread out
 * (0 for a query or a subscription). When unsure which operation runs, the largest
 * mutation of the document counts.
 */
export function mutationFieldCount(document: DocumentNode, operationName: string | undefined, limitedQueries: ReadonlySet<string> = new Set()): number {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const named = operations.length === 1 ? operations[0] : operationName ? operations.find((o) => o.name?.value === operationName) : undefined;
  const candidates = named ? [named] : operations;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  let most = 0;
  for (const operation of candidates) {
    if (operation.operation === 'mutation') most = Math.max(most, rootFields(operation.selectionSet, fragments, new Set()));
    else if (operation.operation === 'query' && limitedQueries.size > 0) {
      most = Math.max(most, rootFields(operation.selectionSet, fragments, new Set(), (name) => limitedQueries.has(name)));
    }
  }
  return most;
}

function rootFields(
  selections: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
  counts: (name: string) => boolean = (name) => !name.startsWith('__'),
): number {
  let n = 0;
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) {
      if (counts(selection.name.value)) n++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      n += rootFields(selection.selectionSet, fragments, seen, counts);
    } else {
      const fragment = fragments.get(selection.name.value);
      // A fragment spread twice is still counted each time; a cycle (invalid anyway) stops.
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      n += rootFields(fragment.selectionSet, fragments, seen, counts);
      seen.delete(fragment.name.value);
    }
  }
  return n;
}
