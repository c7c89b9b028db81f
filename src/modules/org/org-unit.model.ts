import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { fromPgPolygon, GeoPoint } from '../../common/graphql/geo.js';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { ConnectionType } from '../../common/paging/paging.js';

export enum OrgLevel {
  STREET_COMMITTEE = 'STREET_COMMITTEE',
  GENERAL_BRANCH = 'GENERAL_BRANCH',
  BRANCH = 'BRANCH',
  COURTYARD_GROUP = 'COURTYARD_GROUP',
}

registerEnumType(OrgLevel, {
  name: 'OrgLevel',
  description: 'The four levels of the "3+1" structure: the party organisation is built on the grid.',
  valuesMap: {
    STREET_COMMITTEE: { description: '街道党委: street party committee, one per street; the roots of the tree.' },
    GENERAL_BRANCH: { description: '一级网格党总支: first-level grid general branch.' },
    BRANCH: { description: '二级网格党支部: second-level grid branch.' },
    COURTYARD_GROUP: { description: '庭院党小组: courtyard party group; the leaves, where responders serve.' },
  },
});

export const LEVELS_TOP_DOWN = [
  OrgLevel.STREET_COMMITTEE,
  OrgLevel.GENERAL_BRANCH,
  OrgLevel.BRANCH,
  OrgLevel.COURTYARD_GROUP,
] as const;

/** The level a child of a unit at `level` must have; null for a courtyard group. */
export function levelBelow(level: OrgLevel): OrgLevel | null {
  return LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.indexOf(level) + 1] ?? null;
}

/** A row of org_unit as the repository returns it (bigints as strings). */
export interface OrgUnitRow {
  id: string;
  parent_id: string | null;
  level: OrgLevel;
  code: string;
  name: string;
  path: string;
  /** Undefined when the statement did not read it (a page of children not asked for boundaries). */
  boundary?: string | null;
  archived: boolean;
  secretary_member_id: string | null;
  version: number;
}

@ObjectType('OrgUnit', {
  implements: () => [Node],
  description: 'One node of the tree: a grid and the party organisation built on it.',
})
export class OrgUnit implements TypedNode {
  readonly __typename = 'OrgUnit' as const;

  @Field(() => ID) id: string;

  @Field(() => String, { description: 'Stable, unique, human-readable code (for example a grid code).' })
  code: string;

  @Field() name: string;

  @Field(() => OrgLevel) level: OrgLevel;

  /** Parsed only when a client asks for it: most reads of the tree never do. */
  @Field(() => [GeoPoint], {
    nullable: true,
    description: "The grid's boundary as a closed ring of points, where one is known.",
  })
  get boundary(): GeoPoint[] | null {
    // Reads that skip the boundary do so only when the client did not ask for it (lookahead).
    if (this.boundaryText === undefined) throw new Error(`The boundary of ${this.code} was not read`);
    return fromPgPolygon(this.boundaryText);
  }

  @Field() archived: boolean;

  /** Database id, parent's database id and materialised path: for resolvers, not the API. */
  dbId: string;
  parentDbId: string | null;
  path: string;
  /** The ids on the path from the root down to the parent. */
  ancestorDbIds: string[];
  secretaryDbId: string | null;
  /** What other modules' child columns read along with this unit, by slot (ChildColumn.of); undefined when none. */
  readAlong?: unknown[];
  boundaryText: string | null | undefined;

  static from(row: OrgUnitRow): OrgUnit {
    const unit = new OrgUnit();
    unit.dbId = row.id;
    unit.id = toGlobalId('OrgUnit', row.id);
    unit.parentDbId = row.parent_id;
    unit.code = row.code;
    unit.name = row.name;
    unit.level = row.level;
    unit.path = row.path;
    unit.ancestorDbIds = row.path.split('.').slice(0, -1);
    unit.boundaryText = row.boundary;
    unit.archived = row.archived;
    unit.secretaryDbId = row.secretary_member_id;
    return unit;
  }
}

export const OrgUnitConnection = ConnectionType(OrgUnit, 'OrgUnit');
