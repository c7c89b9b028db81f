import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ErrorCode } from '../../../common/errors/domain-error.js';
import { RequestLoaders } from '../../../common/loaders/request-loaders.js';
import type { AuthGuard } from '../../auth/index.js';

/** Mercurius pings every connection this often (graphql-ws `ping`), so dead sockets go away. */
const KEEP_ALIVE_MS = 30_000;

/** The bearer header a client sent as its connection_init payload, if any. */
export function authorizationOf(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  const value = p.authorization ?? p.Authorization;
  return typeof value === 'string' && value.length <= 4096 ? value : undefined;
}

/**
 * WebSocket subscriptions at /graphql (graphql-ws, subprotocol graphql-transport-ws; the
 * legacy graphql-ws subprotocol is accepted too). A connection is signed in by its
 * connection_init payload `{ "authorization": "Bearer <token>" }`; without a valid one
 * it is refused. The authorization is kept in the connection's context: the auth guard
 * finds the caller from it at every subscribe, and every pushed change looks them up again.
 */
export function liveSubscriptionOptions(auth: AuthGuard): NonNullable<MercuriusDriverConfig['subscription']> {
  return {
    keepAlive: KEEP_ALIVE_MS,
    onConnect: async ({ payload }: { payload: unknown }) => {
      const authorization = authorizationOf(payload);
      const actor = authorization ? await auth.resolveActor({ authorization }) : undefined;
      if (!actor) return false;
      return { authorization, loaders: new RequestLoaders() };
    },
  };
}

/**
 * Mercurius executes a subscription's document without validating it (HTTP documents go
 * through `validationRules`): this hook validates it with graphql-js's rules and the same
 * extra rules (depth, aliases, cost, introspection), before anything is subscribed.
 * Mercurius sends the error as it is, so it carries its code itself.
 */
export function liveSubscriptionHooks(rules: readonly ValidationRule[]): NonNullable<MercuriusDriverConfig['hooks']> {
  const all = [...specifiedRules, ...rules];
  return {
    preSubscriptionExecution: async (schema: GraphQLSchema, document: DocumentNode) => {
      const [first] = validate(schema, document, all);
      if (!first) return;
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : ErrorCode.GRAPHQL_VALIDATION_FAILED;
      throw new GraphQLError(first.message, { nodes: first.nodes, extensions: { ...first.extensions, code } });
    },
  };
}
