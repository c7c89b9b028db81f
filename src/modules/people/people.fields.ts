import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { GqlContext } from '../../common/graphql/context.js';
import { fieldMap, type FieldMapProvider } from '../../common/graphql/field-maps.js';
import { ChildrenReadAlong, orgUnitSql, type ChildColumn, type OrgUnit } from '../org/index.js';
import { Member, NAME_ONLY_FIELDS, type MemberRow } from './member.model.js';
import { MembersService } from './members.service.js';
import type { OrgUnitPeopleResolver } from './people.resolver.js';
import { memberNameSql, memberRowJsonSql } from './people.sql.js';

const SECRETARY: keyof OrgUnitPeopleResolver = 'secretary';

/** People's hot field: a tree pull asks every unit for its secretary. */
@Injectable()
export class PeopleFieldMaps implements FieldMapProvider, OnModuleInit {
  private secretaryName?: ChildColumn<string | null>;
  private secretaryColumn?: ChildColumn<MemberRow | null>;

  constructor(
    private readonly members: MembersService,
    private readonly childColumns: ChildrenReadAlong,
  ) {}

  /**
   * Pages of children asked for their secretary read each child's secretary in their own
   * statement: its name alone when nothing else is asked of it (a tree pull: no member row
   * to build and parse as JSON per unit), else the member's row.
   */
  onModuleInit(): void {
    this.secretaryName = this.childColumns.add<string | null>(
      SECRETARY,
      (unit) => memberNameSql(orgUnitSql.secretaryMemberId(unit)),
      (asked) => [...asked].every((field) => NAME_ONLY_FIELDS.has(field)),
    );
    this.secretaryColumn = this.childColumns.add<MemberRow | null>(SECRETARY, (unit) => memberRowJsonSql(orgUnitSql.secretaryMemberId(unit)));
  }

  /** The unit's secretary: without a statement or a promise when the page of the unit read it along. */
  secretary(unit: OrgUnit, ctx: GqlContext): Member | null | Promise<Member | null> {
    if (!unit.secretaryDbId) return null;
    const name = this.secretaryName?.of(unit);
    if (typeof name === 'string') return Member.named(unit.secretaryDbId, name);
    const row = this.secretaryColumn?.of(unit);
    if (row) return Member.from(row);
    return this.members.byDbId(ctx.loaders, unit.secretaryDbId);
  }

  readonly fieldMaps = [
    fieldMap<OrgUnit, OrgUnitPeopleResolver>('OrgUnit', {
      secretary: (unit, _args, ctx) => this.secretary(unit, ctx),
    }),
  ];
}
