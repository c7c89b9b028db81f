import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';

const PROBE_TIMEOUT_MS = 2000;

/** GET /health: 200 when the database answers, 503 when it does not. */
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const started = Date.now();
    let up = false;
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS).unref()),
      ]);
      up = true;
    } catch {
      up = false;
    }
    reply
      .code(up ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', latencyMs: Date.now() - started });
  }
}
