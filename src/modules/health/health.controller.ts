import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthProbe } from './health-probe.js';

/** GET /health: 200 when the database answers, 503 when it does not (see HealthProbe). */
@Controller('health')
export class HealthController {
  constructor(private readonly probe: HealthProbe) {}

  @Get()
  async health(@Res() reply: FastifyReply): Promise<void> {
    const started = Date.now();
    const up = await this.probe.isUp();
    reply
      .code(up ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', latencyMs: Date.now() - started });
  }
}
