/** serviceRequestChanged over graphql-ws (ws), collecting what arrives. */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveInbox {
  /** Request ids of the changes received, in order. */
  requestIds: string[];
  errors: string[];
  close(): Promise<void>;
}

export function subscribeChanges(baseUrl: string, token: string): LiveInbox {
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const inbox: LiveInbox = { requestIds: [], errors: [], close: () => client.dispose() as Promise<void> };
  client.subscribe<{ serviceRequestChanged: { requestId: string } }>(
    { query: `subscription { serviceRequestChanged { requestId event { id type } } }` },
    {
      next: (value) => {
        if (value.errors) inbox.errors.push(JSON.stringify(value.errors));
        if (value.data) inbox.requestIds.push(value.data.serviceRequestChanged.requestId);
      },
      error: (error) => inbox.errors.push(String((error as Error)?.message ?? JSON.stringify(error))),
      complete: () => undefined,
    },
  );
  return inbox;
}
