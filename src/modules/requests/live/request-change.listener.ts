import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { PubSub } from 'mercurius';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { RequestChangeFeed } from './request-change.feed.js';
import { parseNotice, REQUEST_CHANGED_CHANNEL, REQUEST_CHANGED_TOPIC } from './request-change.js';

const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 15_000;
/** A dead connection that told nobody (a half-open TCP link) is found by this ping. */
const PING_EVERY_MS = 20_000;

/**
 * The fan-out between instances: one dedicated connection per instance (not from the pool,
 * which would hand it back and lose the LISTEN) listens on `request_changed`, where every
 * committed change of a request is announced, and republishes each announcement to this
 * instance's Mercurius pubsub, so a change made through any instance reaches the
 * subscribers of every instance. When the connection drops (the database restarts), it
 * reconnects with exponential backoff; announcements made meanwhile are not replayed.
 */
@Injectable()
export class RequestChangeListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(RequestChangeListener.name);
  private client: pg.Client | null = null;
  private readonly lostClients = new WeakSet<pg.Client>();
  private stopped = false;
  private failures = 0;
  private everConnected = false;
  private retryTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly http: HttpAdapterHost,
    private readonly feed: RequestChangeFeed,
  ) {}

  /** Listening before the server takes requests; if the first attempt fails it keeps trying. */
  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      this.lostClients.add(client);
      await client.end().catch(() => undefined);
    }
  }

  /** Whether the LISTEN connection is up (for tests and health). */
  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      ...this.connectionOptions(),
      application_name: 'grid-governance-listen',
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
    });
    client.on('notification', (message) => this.onNotification(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${REQUEST_CHANGED_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.stopped || this.lostClients.has(client)) {
      this.lostClients.add(client);
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.everConnected) this.log.log(`listening on ${REQUEST_CHANGED_CHANNEL} again after ${this.failures} failed attempt(s)`);
    this.everConnected = true;
    this.failures = 0;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      client.query('SELECT 1').catch((error: unknown) => this.lost(client, error));
    }, PING_EVERY_MS);
    this.pingTimer.unref();
  }

  /** The connection failed or dropped: drop it and try again later (unless shutting down). */
  private lost(client: pg.Client, error?: unknown): void {
    if (this.lostClients.has(client)) return;
    this.lostClients.add(client);
    if (this.client === client) {
      this.client = null;
      clearInterval(this.pingTimer);
    }
    client.end().catch(() => undefined);
    if (this.stopped) return;
    const delay = Math.round(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures) * (0.5 + Math.random() / 2));
    this.failures++;
    this.log.warn(
      `the ${REQUEST_CHANGED_CHANNEL} listener lost its connection (${error instanceof Error ? error.message : 'closed'}); retrying in ${delay} ms`,
    );
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel !== REQUEST_CHANGED_CHANNEL) return;
    const notice = parseNotice(message.payload);
    if (!notice) {
      this.log.warn(`ignored a malformed ${REQUEST_CHANGED_CHANNEL} notification`);
      return;
    }
    const pubsub = this.pubsub();
    if (!pubsub) return;
    pubsub.publish({ topic: REQUEST_CHANGED_TOPIC, payload: this.feed.change(notice) });
  }

  private pubsub(): PubSub | undefined {
    const fastify = this.http.httpAdapter?.getInstance<FastifyInstance>();
    return fastify?.graphql?.pubsub;
  }

  /** The same database as the pool: its URL, or its separate settings. */
  private connectionOptions(): pg.ClientConfig {
    const options = this.db.options as { url?: string; host?: string; port?: number; username?: string; password?: string; database?: string };
    if (options.url) return { connectionString: options.url };
    return { host: options.host, port: options.port, user: options.username, password: options.password, database: options.database };
  }
}
