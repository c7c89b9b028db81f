import { Injectable } from '@nestjs/common';
import type { GqlContext } from '../../common/graphql/context.js';
import { fieldMap, type FieldMapProvider } from '../../common/graphql/field-maps.js';
import { OrgService, type OrgUnit } from './deps.js';
import type { UnitIndicators } from './assessment.model.js';
import type { UnitIndicatorsResolver } from './assessment.resolver.js';

/** The ranking's hot field: a street's courtyards ranked ask `unit` of 640 entries. */
@Injectable()
export class AssessmentFieldMaps implements FieldMapProvider {
  constructor(private readonly org: OrgService) {}

  readonly fieldMaps = [
    fieldMap<UnitIndicators, UnitIndicatorsResolver>('UnitIndicators', {
      unit: (i, _args, ctx: GqlContext) => this.unitOf(i, ctx),
    }),
  ];

  /** The ranked unit, batched per request (its id is in the counts). */
  async unitOf(i: UnitIndicators, ctx: GqlContext): Promise<OrgUnit> {
    return (await this.org.byDbId(ctx.loaders, i.data.unitId))!;
  }
}
