import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RequestChangeFeed } from '../../../src/modules/requests/live/request-change.feed.js';
import { registerResident } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/*
 * Limits of live updates over WebSocket (graphql-transport-ws): subscriptions per connection
 * (WS_MAX_SUBSCRIPTIONS_PER_CONNECTION, 3 here), connections per user on the instance
 * (WS_MAX_CONNECTIONS_PER_USER, 2 here), and a subscribe whose document is over
 * GRAPHQL_MAX_BYTES (1000 here), refused before it is parsed. Each refusal carries a
 * contract code; the server and the other connections carry on.
 */
let server: TestServer;
let resident: { token: string };

beforeAll(async () => {
  server = await startTestServer({ WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3', WS_MAX_CONNECTIONS_PER_USER: '2', GRAPHQL_MAX_BYTES: '1000' });
  resident = await registerResident(server, 'live-limits-resident');
});
const open: Connection[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await expect.poll(() => server.app.get(RequestChangeFeed).activeSubscriptions, { timeout: 10_000 }).toBe(0);
});
afterAll(async () => {
  await server?.stop();
});

const CHANGES = `subscription { serviceRequestChanged { requestId } }`;

interface Message {
  type: string;
  id?: string;
  payload?: any;
}

/** A raw graphql-transport-ws connection: every message it received, and how it closed. */
class Connection {
  readonly messages: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  send(message: Message): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The first message matching, waiting for it; undefined if the socket closes first. */
  async waitFor(match: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) return undefined;
      if (Date.now() > deadline) throw new Error(`no such message within ${timeoutMs} ms: ${JSON.stringify(this.messages)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) {
      this.socket.close(1000);
      await this.closed;
    }
  }
}

/** Opens a connection and sends connection_init; resolves after connection_ack or the close. */
async function connect(token: string): Promise<Connection> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const connection = new Connection(socket);
  open.push(connection);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  connection.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await connection.waitFor((m) => m.type === 'connection_ack');
  return connection;
}
const acked = (c: Connection) => c.messages.some((m) => m.type === 'connection_ack');
const active = () => server.app.get(RequestChangeFeed).activeSubscriptions;

describe('subscriptions per connection', () => {
  it('refuses one more than the limit with RATE_LIMITED for its id; completing one frees its slot', async () => {
    const c = await connect(server.adminToken);
    for (const id of ['s1', 's2', 's3']) c.send({ id, type: 'subscribe', payload: { query: CHANGES } });
    await expect.poll(active).toBe(3);

    c.send({ id: 's4', type: 'subscribe', payload: { query: CHANGES } });
    const refused = await c.waitFor((m) => m.id === 's4');
    expect(refused?.type).toBe('error');
    expect(refused?.payload[0].extensions.code).toBe('RATE_LIMITED');
    expect(active()).toBe(3);

    c.send({ id: 's2', type: 'complete' });
    await expect.poll(active).toBe(2);
    c.send({ id: 's5', type: 'subscribe', payload: { query: CHANGES } });
    await expect.poll(active).toBe(3);
    expect(c.messages.filter((m) => m.type === 'error')).toHaveLength(1);
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('a subscription refused for its input takes no slot', async () => {
    const c = await connect(server.adminToken);
    for (let i = 0; i < 4; i++) {
      c.send({ id: `bad${i}`, type: 'subscribe', payload: { query: `subscription { serviceRequestChanged(unitId: "T3JnVW5pdDo5OTk5OTk=") { requestId } }` } });
    }
    for (let i = 0; i < 4; i++) expect((await c.waitFor((m) => m.id === `bad${i}`))?.payload[0].extensions.code).toBe('NOT_FOUND');
    for (const id of ['s1', 's2', 's3']) c.send({ id, type: 'subscribe', payload: { query: CHANGES } });
    await expect.poll(active).toBe(3);
  });
});

describe('connections per user', () => {
  it('closes one more than the limit with 4429 and RATE_LIMITED; other users connect; a closed one frees its slot', async () => {
    const first = await connect(server.adminToken);
    const second = await connect(server.adminToken);
    expect([acked(first), acked(second)]).toEqual([true, true]);

    const third = await connect(server.adminToken);
    expect(acked(third)).toBe(false);
    const closed = await third.closed;
    expect(closed.code).toBe(4429);
    expect(closed.reason).toMatch(/^RATE_LIMITED: /);

    // Another user is not affected.
    expect(acked(await connect(resident.token))).toBe(true);

    // The admin's earlier connections still work.
    first.send({ id: 'a', type: 'subscribe', payload: { query: CHANGES } });
    await expect.poll(active).toBe(1);

    await second.close();
    await expect.poll(async () => {
      const again = await connect(server.adminToken);
      return acked(again);
    }, { timeout: 10_000 }).toBe(true);
  });
});

describe('document size', () => {
  it('refuses a subscribe over GRAPHQL_MAX_BYTES before parsing it (a broken document over it is a size error, not a syntax error)', async () => {
    const c = await connect(server.adminToken);
    const padded = `${CHANGES}${' '.repeat(200_000)}`;
    c.send({ id: 'big', type: 'subscribe', payload: { query: padded } });
    const refused = await c.waitFor((m) => m.id === 'big');
    expect(refused?.type).toBe('error');
    expect(refused?.payload[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused?.payload[0].message).toMatch(/at most 1,000/);

    c.send({ id: 'broken', type: 'subscribe', payload: { query: `subscription { ${'x'.repeat(2000)}` } });
    const broken = await c.waitFor((m) => m.id === 'broken');
    expect(broken?.payload[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(broken?.payload[0].message).not.toMatch(/Syntax Error/);

    // The connection carries on.
    c.send({ id: 'ok', type: 'subscribe', payload: { query: CHANGES } });
    await expect.poll(active).toBe(1);
    expect(c.socket.readyState).toBe(WebSocket.OPEN);
  });
});
