import { AsyncLocalStorage } from 'node:async_hooks';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyInstance } from 'fastify';
import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type WebSocket from 'ws';
import { DomainError, ErrorCode } from '../../../common/errors/domain-error.js';
import { documentSizeRefusal, type GraphQLLimits } from '../../../common/graphql/limits.js';
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

export interface LiveLimits {
  /** WS_MAX_SUBSCRIPTIONS_PER_CONNECTION */
  subscriptionsPerConnection: number;
  /** WS_MAX_CONNECTIONS_PER_USER, on this instance */
  connectionsPerUser: number;
  /** GRAPHQL_MAX_BYTES and GRAPHQL_MAX_TOKENS, checked before a subscribe's document is parsed */
  document: Pick<GraphQLLimits, 'maxBytes' | 'maxTokens'>;
}

export function liveLimits(config: {
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: number;
  WS_MAX_CONNECTIONS_PER_USER: number;
  GRAPHQL_MAX_BYTES: number;
  GRAPHQL_MAX_TOKENS: number;
}): LiveLimits {
  return {
    subscriptionsPerConnection: config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    connectionsPerUser: config.WS_MAX_CONNECTIONS_PER_USER,
    document: { maxBytes: config.GRAPHQL_MAX_BYTES, maxTokens: config.GRAPHQL_MAX_TOKENS },
  };
}

/** The socket whose message Mercurius is handling (set around its connection handler). */
const currentSocket = new AsyncLocalStorage<WebSocket>();

/** The live subscriptions of one connection, against WS_MAX_SUBSCRIPTIONS_PER_CONNECTION. */
export class SubscriptionSlots {
  private active = 0;

  constructor(private readonly max: number) {}

  /** Takes a slot, or throws RATE_LIMITED; the returned release gives it back (once). */
  take(): () => void {
    if (this.active >= this.max) {
      const error = new DomainError(ErrorCode.RATE_LIMITED, `At most ${this.max} subscriptions per connection; complete one first`);
      throw Object.assign(error, { extensions: { code: error.code } });
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
    };
  }
}

/** What a connection adds to Mercurius's connection context. */
export interface LiveConnectionContext {
  authorization: string;
  loaders: RequestLoaders;
  subscriptionSlots: SubscriptionSlots;
  /** Gives the user's connection slot back (idempotent: Mercurius may report a close twice). */
  releaseConnection: () => void;
}

/**
 * WebSocket subscriptions at /graphql (graphql-ws, subprotocol graphql-transport-ws; the
 * legacy graphql-ws subprotocol is accepted too). A connection is signed in by its
 * connection_init payload `{ "authorization": "Bearer <token>" }`; without a valid one
 * it is refused. The authorization is kept in the connection's context: the auth guard
 * finds the caller from it at every subscribe, and every pushed change looks them up again.
 * A user holds at most `connectionsPerUser` connections on this instance; one more is
 * closed with 4429 and the reason `RATE_LIMITED: …` (graphql-transport-ws has no message
 * for a refused connection_init; the legacy protocol gets a connection_error with the code).
 */
export function liveSubscriptionOptions(
  auth: AuthGuard,
  limits: LiveLimits,
): NonNullable<MercuriusDriverConfig['subscription']> {
  const connections = new Map<string, number>();
  return {
    keepAlive: KEEP_ALIVE_MS,
    onConnect: async ({ payload }: { payload: unknown }): Promise<LiveConnectionContext | false> => {
      const authorization = authorizationOf(payload);
      const actor = authorization ? await auth.resolveActor({ authorization }) : undefined;
      if (!actor || !authorization) return false;
      const held = connections.get(actor.userId) ?? 0;
      if (held >= limits.connectionsPerUser) {
        refuseConnection(currentSocket.getStore(), `At most ${limits.connectionsPerUser} connections per user`);
        return false;
      }
      connections.set(actor.userId, held + 1);
      let released = false;
      const releaseConnection = () => {
        if (released) return;
        released = true;
        const left = (connections.get(actor.userId) ?? 1) - 1;
        if (left > 0) connections.set(actor.userId, left);
        else connections.delete(actor.userId);
      };
      return { authorization, loaders: new RequestLoaders(), subscriptionSlots: new SubscriptionSlots(limits.subscriptionsPerConnection), releaseConnection };
    },
    onDisconnect: (context) => {
      (context as Partial<LiveConnectionContext>).releaseConnection?.();
    },
  };
}

function refuseConnection(socket: WebSocket | undefined, message: string): void {
  if (!socket) return;
  if (socket.protocol === 'graphql-ws') {
    socket.send(JSON.stringify({ type: 'connection_error', payload: { message, extensions: { code: ErrorCode.RATE_LIMITED } } }));
  }
  // A close reason holds at most 123 bytes.
  socket.close(4429, `${ErrorCode.RATE_LIMITED}: ${message}`.slice(0, 123));
}

/**
 * Guards Mercurius's WebSocket handler at `path` (a Fastify onRoute hook, added before
 * Mercurius registers its routes): a subscribe message whose document is over the byte or
 * token limit is answered with a graphql-ws `error` (GRAPHQL_VALIDATION_FAILED) and never
 * reaches Mercurius, which would parse the document before any hook could refuse it; and the
 * handler runs with its socket at hand, so onConnect can refuse a connection by closing it.
 */
export function guardLiveSockets(fastify: FastifyInstance, path: string, limits: LiveLimits): void {
  // A document over either limit has more characters than the smaller one: smaller messages pass untouched.
  const threshold = Math.min(limits.document.maxBytes, limits.document.maxTokens);
  fastify.addHook('onRoute', (route) => {
    const options = route as typeof route & { wsHandler?: (this: unknown, socket: WebSocket, request: unknown) => unknown };
    const handler = options.wsHandler;
    if (route.url !== path || typeof handler !== 'function') return;
    options.wsHandler = function guarded(this: unknown, socket: WebSocket, request: unknown) {
      const emit = socket.emit;
      socket.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
        if (event === 'message' && byteLength(args[0]) > threshold && refusedAsTooLarge(socket, args[0], limits.document)) return true;
        return emit.call(this, event, ...args);
      } as typeof socket.emit;
      return currentSocket.run(socket, () => handler.call(this, socket, request));
    };
  });
}

function byteLength(data: unknown): number {
  if (Buffer.isBuffer(data) || data instanceof ArrayBuffer) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((n: number, part: Buffer) => n + part.byteLength, 0);
  return typeof data === 'string' ? Buffer.byteLength(data) : 0;
}

/** A subscribe whose document breaks a size limit: answered with an error for its id, and dropped. */
function refusedAsTooLarge(socket: WebSocket, data: unknown, limits: LiveLimits['document']): boolean {
  let message: { type?: unknown; id?: unknown; payload?: { query?: unknown } };
  try {
    const text = Array.isArray(data) ? Buffer.concat(data as Buffer[]).toString() : Buffer.from(data as Buffer).toString();
    message = JSON.parse(text);
  } catch {
    return false; // Mercurius answers malformed messages itself
  }
  if (!message || (message.type !== 'subscribe' && message.type !== 'start') || typeof message.payload?.query !== 'string') return false;
  const refusal = documentSizeRefusal(limits, message.payload.query);
  if (refusal === undefined) return false;
  socket.send(
    JSON.stringify({ type: 'error', id: message.id, payload: [{ message: refusal, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } }] }),
  );
  return true;
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
