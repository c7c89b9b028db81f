import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';

const PROBE_TIMEOUT_MS = 2000;

/**
 * GET /health: 200 when the database answers, 503 when it does not. The probe opens its
 * own connection rather than borrowing one from the pool, so a pool busy with slow
 * requests does not make a healthy instance look down.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const started = Date.now();
    const up = await this.probe();
    reply
      .code(up ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', latencyMs: Date.now() - started });
  }

  private async probe(): Promise<boolean> {
    const options = this.db.options as { url?: string };
    const client = new pg.Client({
      connectionString: options.url,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      application_name: 'grid-governance-health',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
