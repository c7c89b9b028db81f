import { Injectable } from '@nestjs/common';
import type { GraphQLResolveInfo } from 'graphql';
import { validateInput } from '../../common/errors/input-validation.pipe.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { fieldMap, type FieldMapProvider } from '../../common/graphql/field-maps.js';
import { connectionNodeSelection } from '../../common/graphql/lookahead.js';
import { PageArgs, type Connection } from '../../common/paging/paging.js';
import type { OrgUnit } from './org-unit.model.js';
import { ChildrenReadAlong } from './org.ports.js';
import type { OrgResolver } from './org.resolver.js';
import { OrgService } from './org.service.js';

/** The tree's hot fields: a tree pull pages the children of dozens of units. */
@Injectable()
export class OrgFieldMaps implements FieldMapProvider {
  constructor(
    private readonly org: OrgService,
    private readonly childColumns: ChildrenReadAlong,
  ) {}

  /**
   * A page of children, reading in its one statement what the client asks of them: their
   * boundary, and other modules' columns (the secretary). Skips NestJS's pipes: validates
   * its arguments itself.
   */
  async children(unit: OrgUnit, args: Record<string, unknown>, ctx: GqlContext, info: GraphQLResolveInfo): Promise<Connection<OrgUnit>> {
    const asked = connectionNodeSelection(info);
    const read = { boundary: asked.fields.has('boundary'), alongside: this.childColumns.askedFor(asked) };
    return this.org.children(ctx.loaders, unit, await validateInput(PageArgs, args), read);
  }

  readonly fieldMaps = [
    fieldMap<OrgUnit, OrgResolver>('OrgUnit', {
      children: (unit, args, ctx, info) => this.children(unit, args, ctx, info),
    }),
  ];
}
