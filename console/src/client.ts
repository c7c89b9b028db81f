import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export const TOKEN_KEY = 'gg.token';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export interface ConsoleClient {
  client: Client;
  dispose(): void;
}

/**
 * One GraphQL client per signed-in session: HTTP POST for queries and mutations, graphql-ws
 * on the same path for subscriptions, both with the session's bearer token. A new session
 * (sign in, sign out) gets a new client, so no cached answer crosses users.
 */
export function createConsoleClient(token: string | null, onUnauthenticated: () => void): ConsoleClient {
  let ws: WsClient | undefined;
  const wsClient = () =>
    (ws ??= createWsClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
    }));

  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => ({ headers: token ? { authorization: `Bearer ${token}` } : ({} as Record<string, string>) }),
    exchanges: [
      // A token that expired, or a user deactivated meanwhile: back to the sign-in page.
      mapExchange({
        onError(error) {
          if (token && error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = wsClient().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return { client, dispose: () => void ws?.dispose() };
}

export function errorCode(error: CombinedError | undefined | null): string | undefined {
  return (error?.graphQLErrors?.[0]?.extensions?.code as string | undefined) ?? (error?.networkError ? 'NETWORK' : undefined);
}
