import { Injectable } from '@nestjs/common';
import { Policy } from '../../common/auth/policy.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { fieldMap, type FieldMapProvider } from '../../common/graphql/field-maps.js';
import { OrgService, type OrgUnit } from '../org/index.js';
import { Member, MembersService } from '../people/index.js';
import { ServiceCategory, type ServiceRequest } from './request.model.js';
import type { OrgUnitRequestsResolver, RequestsResolver } from './requests.resolver.js';
import { ServiceRequestLoaders } from './requests.loaders.js';
import { facts } from './requests.service.js';

/**
 * Requests' hot fields: a tree pull asks every unit for its open count, a queue asks every
 * row for its category, holder, courtyard and assignee. A list reads the holder, courtyard
 * and assignee along with its page when the client asks (ServiceRequest.related): then they
 * cost no statement and no promise.
 */
@Injectable()
export class RequestsFieldMaps implements FieldMapProvider {
  constructor(
    private readonly loaders: ServiceRequestLoaders,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly policy: Policy,
  ) {}

  /** Null for a caller who reads the request only as its follower (answered without a promise for everyone else). */
  address(r: ServiceRequest, ctx: GqlContext): string | null | Promise<string | null> {
    const address = r.row.address;
    if (address === null || !ctx.actor) return null;
    if (r.followerView) return null;
    if (!this.policy.readsAsFollowerOnly(ctx.actor, facts(r.row))) return address;
    return this.loaders.followedBy(ctx.loaders, ctx.actor.userId).load(r.dbId).then((follows) => (follows ? null : address));
  }

  openRequestCount(unit: OrgUnit, ctx: GqlContext): number | Promise<number> {
    return this.loaders.openInSubtree(ctx.loaders, unit);
  }

  async category(r: ServiceRequest, ctx: GqlContext): Promise<ServiceCategory> {
    return ServiceCategory.from((await this.loaders.category(ctx.loaders).load(r.row.category_id))!);
  }

  unit(r: ServiceRequest, ctx: GqlContext): OrgUnit | Promise<OrgUnit> {
    return r.related.unit ? this.org.fromRow(r.related.unit) : this.org.byDbId(ctx.loaders, r.row.unit_id).then((u) => u!);
  }

  courtyard(r: ServiceRequest, ctx: GqlContext): OrgUnit | null | Promise<OrgUnit | null> {
    if (r.related.courtyard !== undefined) return r.related.courtyard && this.org.fromRow(r.related.courtyard);
    return r.row.courtyard_id ? this.org.byDbId(ctx.loaders, r.row.courtyard_id) : null;
  }

  assignee(r: ServiceRequest, ctx: GqlContext): Member | null | Promise<Member | null> {
    if (r.related.assignee !== undefined) return r.related.assignee && Member.from(r.related.assignee);
    return r.row.assignee_member_id ? this.members.byDbId(ctx.loaders, r.row.assignee_member_id) : null;
  }

  readonly fieldMaps = [
    fieldMap<OrgUnit, OrgUnitRequestsResolver>('OrgUnit', {
      openRequestCount: (unit, _args, ctx) => this.openRequestCount(unit, ctx),
    }),
    fieldMap<ServiceRequest, RequestsResolver>('ServiceRequest', {
      category: (r, _args, ctx) => this.category(r, ctx),
      unit: (r, _args, ctx) => this.unit(r, ctx),
      courtyard: (r, _args, ctx) => this.courtyard(r, ctx),
      assignee: (r, _args, ctx) => this.assignee(r, ctx),
      address: (r, _args, ctx) => this.address(r, ctx),
    }),
  ];
}
