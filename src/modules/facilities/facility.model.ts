import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GeoPoint } from '../../common/graphql/geo.js';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { ConnectionType } from '../../common/paging/paging.js';

export enum FacilityStatus {
  IN_SERVICE = 'IN_SERVICE',
  OUT_OF_SERVICE = 'OUT_OF_SERVICE',
  REMOVED = 'REMOVED',
}
registerEnumType(FacilityStatus, {
  name: 'FacilityStatus',
  valuesMap: {
    OUT_OF_SERVICE: { description: 'Out of service (reported broken, or under repair).' },
  },
});

export interface FacilityTypeRow {
  id: string;
  code: string;
  name: string;
  default_category_code: string | null;
}

@ObjectType('FacilityType', { description: 'A kind of courtyard facility (部件).' })
export class FacilityType {
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: 'The service category a report about such a facility gets by default.' })
  defaultCategoryCode: string | null;
  dbId: string;

  static from(row: FacilityTypeRow): FacilityType {
    const t = new FacilityType();
    t.dbId = row.id;
    t.code = row.code;
    t.name = row.name;
    t.defaultCategoryCode = row.default_category_code;
    return t;
  }
}

/** A row of facility (bigints as strings; location as PostgreSQL's point text). */
export interface FacilityRow {
  id: string;
  code: string;
  type_id: string;
  name: string;
  courtyard_id: string;
  location: string | null;
  status: FacilityStatus;
  installed_at: Date | null;
  version: number;
}

@ObjectType('Facility', {
  implements: () => [Node],
  description: 'One facility of a courtyard: a parcel locker, fitness equipment, an accessibility ramp, a\ngarbage sorting point, a street light…',
})
export class Facility implements TypedNode {
  readonly __typename = 'Facility' as const;
  @Field(() => ID) id: string;
  @Field({ description: 'Unique code, e.g. the asset tag.' }) code: string;
  @Field() name: string;
  @Field(() => GeoPoint, { nullable: true }) location: GeoPoint | null;
  @Field(() => FacilityStatus) status: FacilityStatus;
  @Field(() => Date, { nullable: true }) installedAt: Date | null;
  dbId: string;
  row: FacilityRow;

  static from(row: FacilityRow): Facility {
    const f = new Facility();
    f.row = row;
    f.dbId = row.id;
    f.id = toGlobalId('Facility', row.id);
    f.code = row.code;
    f.name = row.name;
    f.location = parsePoint(row.location);
    f.status = row.status;
    f.installedAt = row.installed_at;
    return f;
  }
}

export const FacilityConnection = ConnectionType(Facility, 'Facility');

@ObjectType('FacilityCoverage', { description: 'How many courtyards of a subtree have a facility type in service (设施缺: which lack it).' })
export class FacilityCoverage {
  @Field(() => FacilityType) type: FacilityType;
  @Field(() => Int) courtyards: number;
  @Field(() => Int) courtyardsWithType: number;
  /** Database ids of the lacking courtyards (resolved to units by the resolver). */
  lackingIds: string[];
}

/** PostgreSQL's point text `(x,y)` = (lng, lat). */
export function parsePoint(text: string | null): GeoPoint | null {
  if (!text) return null;
  const m = /^\(([^,]+),([^)]+)\)$/.exec(text);
  return m ? { lng: Number(m[1]), lat: Number(m[2]) } : null;
}
