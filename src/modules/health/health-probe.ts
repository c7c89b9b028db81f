import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

const PROBE_TIMEOUT_MS = 2000;
/** A probe's answer serves every /health call for this long. */
export const HEALTH_CACHE_MS = 1000;

/**
 * Whether the database answers, for GET /health. One connection of its own, kept open and
 * reopened after a failure (not one from the pool, so a pool busy with slow requests does not
 * make a healthy instance look down; not one per call, so a flood of /health calls cannot
 * exhaust the server's connections). Concurrent calls share one probe, and its answer is
 * reused for a second.
 */
@Injectable()
export class HealthProbe implements OnModuleDestroy {
  private client?: pg.Client;
  private inFlight?: Promise<boolean>;
  private last?: { up: boolean; atMs: number };
  private closed = false;

  constructor(private readonly db: DataSource) {}

  isUp(): Promise<boolean> {
    if (this.last && Date.now() - this.last.atMs < HEALTH_CACHE_MS) return Promise.resolve(this.last.up);
    return (this.inFlight ??= this.probe()
      .then((up) => {
        this.last = { up, atMs: Date.now() };
        return up;
      })
      .finally(() => {
        this.inFlight = undefined;
      }));
  }

  /** A kept connection that fails (the server ended it, say) gets one retry on a fresh one. */
  private async probe(): Promise<boolean> {
    const reused = this.client !== undefined;
    return (await this.probeOnce()) || (reused && (await this.probeOnce()));
  }

  private async probeOnce(): Promise<boolean> {
    if (this.closed) return false;
    let client: pg.Client | undefined;
    try {
      client = await this.connection();
      await client.query('SELECT 1');
      return true;
    } catch {
      // A failed or timed-out statement may leave the connection unusable: start afresh.
      this.drop(client);
      return false;
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const options = this.db.options as { url?: string };
    const client = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      application_name: 'grid-governance-health',
    });
    client.on('error', () => this.drop(client));
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
    });
    try {
      await client.connect();
    } catch (error) {
      this.drop(client);
      throw error;
    }
    this.client = client;
    return client;
  }

  private drop(client: pg.Client | undefined): void {
    if (!client) return;
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
