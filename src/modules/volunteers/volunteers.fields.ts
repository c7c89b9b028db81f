import { Injectable } from '@nestjs/common';
import { unauthenticated } from '../../common/errors/domain-error.js';
import { validateInput } from '../../common/errors/input-validation.pipe.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { fieldMap, type FieldMapProvider } from '../../common/graphql/field-maps.js';
import type { OrgUnit } from '../org/index.js';
import { StatsPeriodArgs } from './dtos/volunteer.inputs.js';
import type { VolunteerStats } from './volunteer.models.js';
import { RecognitionService } from './recognition.service.js';
import type { OrgUnitVolunteerStatsResolver } from './volunteers.resolver.js';

/**
 * The volunteer module's hot field: every street's (or branch's) figures in one answer ask
 * `volunteerStats` of up to a hundred units, each with the same period. Through NestJS each
 * call ran the parameter pipeline and validated the period again; here the period is
 * validated once per request and period, and the role check stays in the service.
 */
@Injectable()
export class VolunteersFieldMaps implements FieldMapProvider {
  /** Validated periods of a request, by their instants; dropped with the request's context. */
  private readonly periods = new WeakMap<GqlContext, Map<string, Promise<StatsPeriodArgs>>>();

  constructor(private readonly recognition: RecognitionService) {}

  readonly fieldMaps = [
    fieldMap<OrgUnit, OrgUnitVolunteerStatsResolver>('OrgUnit', {
      volunteerStats: (unit, args, ctx) => this.volunteerStats(unit, args, ctx),
    }),
  ];

  async volunteerStats(unit: OrgUnit, args: Record<string, unknown>, ctx: GqlContext): Promise<VolunteerStats | null> {
    const period = await this.period(args, ctx);
    if (!ctx.actor) throw unauthenticated();
    return this.recognition.stats(ctx.loaders, ctx.actor, unit, period.from ?? null, period.to ?? null);
  }

  private period(args: Record<string, unknown>, ctx: GqlContext): Promise<StatsPeriodArgs> {
    let known = this.periods.get(ctx);
    if (!known) this.periods.set(ctx, (known = new Map()));
    const key = `${instantKey(args.from)}|${instantKey(args.to)}`;
    let period = known.get(key);
    if (!period) known.set(key, (period = validateInput(StatsPeriodArgs, args)));
    return period;
  }
}

/** A period bound as a key: a parsed DateTime by its instant, anything else (left to the validator) by type and text. */
function instantKey(value: unknown): string {
  return value instanceof Date ? `d${value.getTime()}` : `${typeof value}:${String(value)}`;
}
