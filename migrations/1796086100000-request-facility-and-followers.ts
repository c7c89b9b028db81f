import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What requests learn about facilities and duplicates (requests module):
 * - `service_request.facility_id`: the facility a request is about;
 * - `service_category.duplicate_radius_meters` (0-10,000; 0: never suggested; default 250);
 * - `request_follower`: users who follow a request instead of filing it again;
 * - the candidate search for duplicates on an index: `request_geo_cube(point)` puts a
 *   (lng, lat) point on the sphere of radius 6,371,008.8 m as a 3-D cube point (the cube
 *   extension), so that "within r metres" has a bounding box (`cube_enlarge(…, r, 3)`: a
 *   chord is never longer than its arc) a GiST index answers, together with the category
 *   (btree_gist) and "open or closed lately" (`coalesce(closed_at, 'infinity')`: only CLOSED
 *   requests have a closed_at). `request_distance_m` is the haversine distance that decides.
 *   Both functions have SQL-standard bodies, resolved when created: no search_path is needed
 *   when ANALYZE or a restore evaluates the index expression.
 */
export class RequestFacilityAndFollowers1796086100000 implements MigrationInterface {
  name = 'RequestFacilityAndFollowers1796086100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await q.query(`
      CREATE FUNCTION request_geo_cube(p point) RETURNS cube
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN cube(ARRAY[6371008.8 * cos(radians(p[1])) * cos(radians(p[0])),
                          6371008.8 * cos(radians(p[1])) * sin(radians(p[0])),
                          6371008.8 * sin(radians(p[1]))]::float8[])`);
    await q.query(`
      CREATE FUNCTION request_distance_m(a point, b point) RETURNS float8
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        RETURN 2 * 6371008.8 * asin(least(1, sqrt(
          sin(radians(b[1] - a[1]) / 2) ^ 2 + cos(radians(a[1])) * cos(radians(b[1])) * sin(radians(b[0] - a[0]) / 2) ^ 2)))`);

    await q.query(`ALTER TABLE service_category ADD COLUMN duplicate_radius_meters integer NOT NULL DEFAULT 250`);
    await q.query(`
      ALTER TABLE service_category ADD CONSTRAINT service_category_duplicate_radius_range
        CHECK (duplicate_radius_meters BETWEEN 0 AND 10000)`);

    await q.query(`ALTER TABLE service_request ADD COLUMN facility_id bigint REFERENCES facility (id)`);
    await q.query(`CREATE INDEX service_request_facility ON service_request (facility_id, created_at) WHERE facility_id IS NOT NULL`);
    await q.query(`
      CREATE INDEX service_request_nearby ON service_request
        USING gist (category_id, (coalesce(closed_at, 'infinity'::timestamptz)), (request_geo_cube(location)))
        WHERE location IS NOT NULL AND status <> 'CANCELLED'`);

    await q.query(`
      CREATE TABLE request_follower (
        request_id bigint NOT NULL REFERENCES service_request (id),
        user_id    bigint NOT NULL REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, user_id)
      )`);
    await q.query(`CREATE INDEX request_follower_user ON request_follower (user_id, request_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE request_follower`);
    await q.query(`DROP INDEX service_request_nearby`);
    await q.query(`DROP INDEX service_request_facility`);
    await q.query(`ALTER TABLE service_request DROP COLUMN facility_id`);
    await q.query(`ALTER TABLE service_category DROP CONSTRAINT service_category_duplicate_radius_range`);
    await q.query(`ALTER TABLE service_category DROP COLUMN duplicate_radius_meters`);
    await q.query(`DROP FUNCTION request_distance_m(point, point)`);
    await q.query(`DROP FUNCTION request_geo_cube(point)`);
  }
}
