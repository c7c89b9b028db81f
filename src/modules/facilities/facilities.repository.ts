import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PLAN_EACH_TIME, queryRows, type Queryable } from '../../database/queries.js';
import { orgUnitSql as unit } from '../org/index.js';
import type { FacilityRow, FacilityStatus, FacilityTypeRow } from './facility.model.js';

const TYPE_COLUMNS = `t.id::text AS id, t.code, t.name, t.default_category_code`;
const COLUMNS = `f.id::text AS id, f.code, f.type_id::text AS type_id, f.name, f.courtyard_id::text AS courtyard_id,
  f.location::text AS location, f.status, f.installed_at, f.version`;

export interface NewFacility {
  code: string;
  typeId: string;
  name: string;
  courtyardId: string;
  location: { lat: number; lng: number } | null;
  installedAt: Date | null;
}

export interface FacilityChange {
  name: string;
  courtyardId: string;
  location: { lat: number; lng: number } | null;
  status: FacilityStatus;
}

export interface CoverageRow extends FacilityTypeRow {
  courtyards: number;
  with_type: number;
  lacking: string[];
}

/** All SQL about facility types and facilities. */
@Injectable()
export class FacilitiesRepository {
  constructor(private readonly db: DataSource) {}

  // ---- types ---------------------------------------------------------------------------

  types(): Promise<FacilityTypeRow[]> {
    return queryRows(this.db, `SELECT ${TYPE_COLUMNS} FROM facility_type t ORDER BY t.code`);
  }

  typesByIds(ids: readonly string[]): Promise<FacilityTypeRow[]> {
    return queryRows(this.db, `SELECT ${TYPE_COLUMNS} FROM facility_type t WHERE t.id = ANY($1::bigint[])`, [ids]);
  }

  typesByCodes(codes: readonly string[], q: Queryable = this.db): Promise<FacilityTypeRow[]> {
    return queryRows(q, `SELECT ${TYPE_COLUMNS} FROM facility_type t WHERE t.code = ANY($1::text[])`, [codes]);
  }

  async upsertType(t: { code: string; name: string; defaultCategoryCode: string | null }, q: Queryable): Promise<FacilityTypeRow> {
    const rows = await queryRows<FacilityTypeRow>(
      q,
      `INSERT INTO facility_type AS t (code, name, default_category_code) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, default_category_code = EXCLUDED.default_category_code
       RETURNING ${TYPE_COLUMNS}`,
      [t.code, t.name, t.defaultCategoryCode],
    );
    return rows[0];
  }

  // ---- facilities ----------------------------------------------------------------------

  byIds(ids: readonly string[], q: Queryable = this.db): Promise<FacilityRow[]> {
    return queryRows(q, `SELECT ${COLUMNS} FROM facility f WHERE f.id = ANY($1::bigint[])`, [ids]);
  }

  byCodes(codes: readonly string[], q: Queryable = this.db): Promise<FacilityRow[]> {
    return queryRows(q, `SELECT ${COLUMNS} FROM facility f WHERE f.code = ANY($1::text[])`, [codes]);
  }

  /** Locks one facility (UPDATE: it will change; SHARE: it must not change status or courtyard meanwhile). */
  async lock(id: string, mode: 'UPDATE' | 'SHARE', q: Queryable): Promise<FacilityRow | undefined> {
    const rows = await queryRows<FacilityRow>(q, `SELECT ${COLUMNS} FROM facility f WHERE f.id = $1 FOR ${mode}`, [id]);
    return rows[0];
  }

  async insert(f: NewFacility, q: Queryable): Promise<FacilityRow> {
    const rows = await queryRows<FacilityRow>(
      q,
      `INSERT INTO facility AS f (code, type_id, name, courtyard_id, location, installed_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::float8 IS NULL THEN NULL ELSE point($5::float8, $6::float8) END, $7)
       RETURNING ${COLUMNS}`,
      [f.code, f.typeId, f.name, f.courtyardId, f.location?.lng ?? null, f.location?.lat ?? null, f.installedAt],
    );
    return rows[0];
  }

  /** Many at once (an import): one statement; codes must be new. */
  async insertMany(rows: NewFacility[], q: Queryable): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await queryRows<{ id: string }>(
      q,
      `INSERT INTO facility (code, type_id, name, courtyard_id, location, installed_at)
       SELECT t.code, t.type_id, t.name, t.courtyard_id, CASE WHEN t.lng IS NULL THEN NULL ELSE point(t.lng, t.lat) END, t.installed_at
         FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::float8[], $6::float8[], $7::timestamptz[])
              AS t(code, type_id, name, courtyard_id, lng, lat, installed_at)
       RETURNING id::text AS id`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.typeId),
        rows.map((r) => r.name),
        rows.map((r) => r.courtyardId),
        rows.map((r) => r.location?.lng ?? null),
        rows.map((r) => r.location?.lat ?? null),
        rows.map((r) => r.installedAt),
      ],
    );
    return inserted.length;
  }

  async update(id: string, c: FacilityChange, q: Queryable): Promise<FacilityRow> {
    const rows = await queryRows<FacilityRow>(
      q,
      `UPDATE facility f SET name = $2, courtyard_id = $3,
              location = CASE WHEN $4::float8 IS NULL THEN NULL ELSE point($4::float8, $5::float8) END, status = $6::facility_status
        WHERE f.id = $1 RETURNING ${COLUMNS}`,
      [id, c.name, c.courtyardId, c.location?.lng ?? null, c.location?.lat ?? null, c.status],
    );
    return rows[0];
  }

  /** A page of the facilities of the courtyards in a subtree, by code. */
  page(
    unitPath: string,
    filter: { typeCode: string | null; statuses: FacilityStatus[] | null },
    after: string | null,
    limit: number,
  ): Promise<FacilityRow[]> {
    return queryRows(
      this.db,
      `SELECT ${COLUMNS} FROM facility f JOIN ${unit.table('u')} ON ${unit.id('u')} = f.courtyard_id
        WHERE ${unit.path('u')} <@ $1::ltree
          AND ($2::text IS NULL OR f.type_id = (SELECT id FROM facility_type WHERE code = $2))
          AND ($3::facility_status[] IS NULL OR f.status = ANY($3::facility_status[]))
          AND ($4::text IS NULL OR f.code > $4)
        ORDER BY f.code LIMIT $5`,
      [unitPath, filter.typeCode, filter.statuses, after, limit + 1],
      PLAN_EACH_TIME,
    );
  }

  async count(unitPath: string, filter: { typeCode: string | null; statuses: FacilityStatus[] | null }): Promise<number> {
    const rows = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM facility f JOIN ${unit.table('u')} ON ${unit.id('u')} = f.courtyard_id
        WHERE ${unit.path('u')} <@ $1::ltree
          AND ($2::text IS NULL OR f.type_id = (SELECT id FROM facility_type WHERE code = $2))
          AND ($3::facility_status[] IS NULL OR f.status = ANY($3::facility_status[]))`,
      [unitPath, filter.typeCode, filter.statuses],
      PLAN_EACH_TIME,
    );
    return rows[0].n;
  }

  /**
   * Per facility type: the live courtyards of the subtree, how many have one of that type in
   * service, and the first 100 (by code) that have none.
   */
  coverage(unitPath: string): Promise<CoverageRow[]> {
    return queryRows(
      this.db,
      `WITH c AS MATERIALIZED (
         SELECT ${unit.id('u')} AS id, ${unit.code('u')} AS code FROM ${unit.table('u')}
          WHERE ${unit.path('u')} <@ $1::ltree AND ${unit.level('u')} = 'COURTYARD_GROUP' AND NOT ${unit.archived('u')}
       ), has AS MATERIALIZED (
         SELECT DISTINCT f.type_id, f.courtyard_id FROM facility f JOIN c ON c.id = f.courtyard_id WHERE f.status = 'IN_SERVICE'
       )
       SELECT ${TYPE_COLUMNS},
              (SELECT count(*) FROM c)::int AS courtyards,
              (SELECT count(*) FROM has WHERE has.type_id = t.id)::int AS with_type,
              ARRAY(SELECT c.id::text FROM c WHERE NOT EXISTS (SELECT 1 FROM has WHERE has.type_id = t.id AND has.courtyard_id = c.id)
                     ORDER BY c.code LIMIT 100) AS lacking
         FROM facility_type t ORDER BY t.code`,
      [unitPath],
      PLAN_EACH_TIME,
    );
  }

  /** Whether facilities not REMOVED stand in the subtree (an archive refuses then). */
  async anyStandingInSubtree(path: string, q: Queryable): Promise<boolean> {
    const rows = await queryRows(
      q,
      `SELECT 1 FROM facility f JOIN ${unit.table('u')} ON ${unit.id('u')} = f.courtyard_id
        WHERE ${unit.path('u')} <@ $1::ltree AND f.status <> 'REMOVED' LIMIT 1`,
      [path],
      PLAN_EACH_TIME,
    );
    return rows.length > 0;
  }
}
