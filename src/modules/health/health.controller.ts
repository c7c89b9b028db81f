import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { uncoveredYears } from '../calendar/index.js';
import { HealthProbe } from './health-probe.js';

/**
 * GET /health: 200 when the database answers, 503 when it does not (see HealthProbe); and the
 * years from now to next year that the shipped holiday data does not cover (their days follow
 * the weekday rule until a notice is loaded with setCalendarDays or `calendar:import`).
 */
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
      .send({
        status: up ? 'ok' : 'unavailable',
        database: up ? 'up' : 'down',
        latencyMs: Date.now() - started,
        calendar: { uncoveredYears: uncoveredYears() },
      });
  }
}
