import type { EntityManager } from 'typeorm';
import { orgUnitSql as unit } from '../org/index.js';

/**
 * The demo street's facilities, once (when it has none): in every live courtyard a garbage
 * sorting point and two street lights, and the other types in some of them only, so that
 * `facilityCoverage` has courtyards lacking each (a third of them have no parcel locker).
 * Placed around the centre of each courtyard's boundary. Returns how many it made.
 */
export async function seedFacilityDemo(tx: EntityManager, streetCode = 'BL'): Promise<number> {
  const [{ any }]: { any: boolean }[] = await tx.query(`SELECT EXISTS (SELECT 1 FROM facility) AS any`);
  if (any) return 0;
  const rows: { n: number }[] = await tx.query(
    `WITH c AS (
       SELECT ${unit.id('u')} AS id, ${unit.code('u')} AS code, center(box(${unit.boundary('u')})) AS mid,
              row_number() OVER (ORDER BY ${unit.code('u')}) - 1 AS i
         FROM ${unit.table('u')} JOIN ${unit.table('s')} ON ${unit.path('u')} <@ ${unit.path('s')}
        WHERE ${unit.code('s')} = $1 AND ${unit.level('u')} = 'COURTYARD_GROUP' AND NOT ${unit.archived('u')} AND ${unit.boundary('u')} IS NOT NULL
     ), plan(type_code, suffix, name, every, dx, dy) AS (VALUES
       ('GARBAGE_SORTING_POINT', 'GS1', '垃圾分类投放点', 1, 0.0002, 0.0001),
       ('STREET_LIGHT', 'SL1', '1号路灯', 1, -0.0003, 0.0002),
       ('STREET_LIGHT', 'SL2', '2号路灯', 1, 0.0003, -0.0002),
       ('PARCEL_LOCKER', 'PL1', '智能快递柜', 3, 0.0001, -0.0001),
       ('FITNESS_EQUIPMENT', 'FE1', '健身器材', 2, -0.0001, 0.0003),
       ('ACCESSIBILITY_RAMP', 'AR1', '无障碍坡道', 4, 0, -0.0003),
       ('EV_CHARGER', 'EV1', '电动车充电桩', 5, -0.0002, -0.0002)
     ), made AS (
       INSERT INTO facility (code, type_id, name, courtyard_id, location, installed_at)
       SELECT c.code || '-' || p.suffix, t.id, p.name, c.id, point(c.mid[0] + p.dx, c.mid[1] + p.dy), timestamptz '2024-06-01 00:00+08'
         FROM c CROSS JOIN plan p JOIN facility_type t ON t.code = p.type_code
        -- Parcel lockers in two courtyards of three; the other types in one of every n.
        WHERE CASE WHEN p.type_code = 'PARCEL_LOCKER' THEN c.i % 3 <> 2 ELSE c.i % p.every = 0 END
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM made`,
    [streetCode],
  );
  return rows[0].n;
}
