// The floor: the same answers from hand-written SQL sent with `pg` behind a minimal HTTP
// server (no framework, no GraphQL, no auth). Run as a child process by run.mjs:
//   node bench/floor-server.mjs <database url>   → prints {"port": n} on IPC when ready
// POST /b1 {"code"}            one SQL statement (json_agg) → the same JSON as B1_OURS
// POST /b3 {"unitId"}          one SQL statement (json_agg) → the same JSON as B3_OURS
// POST /b2 {"categoryCode", "description", "lat", "lng", "reporterUserId"}
//                              the server's intake statements, verbatim, in one transaction
// POST /b4 {"id", "to"}        the server's subtree move, in one transaction
import http from 'node:http';
import pg from 'pg';

const url = process.argv[2];
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.FLOOR_POOL ?? 10), options: '-c timezone=UTC -c statement_timeout=15000' });

import { B1_SQL, B3_SQL } from './floor-sql.mjs';

// ---- B2: the statements of RequestsService.submit, as the repositories send them -----------
const REQUEST_COLUMNS = `r.id::text AS id, r.number, r.category_id::text AS category_id, r.description,
  r.location::text AS location, r.address, r.status, r.reporter_user_id::text AS reporter_user_id,
  r.unit_id::text AS unit_id, h.path::text AS unit_path, h.level::text AS unit_level, h.parent_id::text AS unit_parent_id,
  r.courtyard_id::text AS courtyard_id, r.assignee_member_id::text AS assignee_member_id,
  r.last_assignee_member_id::text AS last_assignee_member_id, r.accept_due_at, r.accept_due_handled, r.resolve_due_at,
  r.escalation_count, r.rework_count, r.rating, r.duplicate_of_id::text AS duplicate_of_id, r.idempotency_key,
  r.content_hash, r.version, r.created_at, r.updated_at`;
const ORG_COLUMNS = `u.id::text AS id, u.parent_id::text AS parent_id, u.level, u.code, u.name, u.path::text AS path,
  u.boundary::text AS boundary, u.archived, u.secretary_member_id::text AS secretary_member_id, u.version,
  u.created_at, u.updated_at`;
const SQL_CATEGORY = `SELECT id::text AS id, code, name, accept_within_minutes, resolve_within_hours FROM service_category WHERE code = $1`;
const SQL_DEEPEST = `SELECT id::text AS id, level::text AS level, path::text AS path FROM org_unit
        WHERE NOT archived AND bbox @> box(point($1, $2), point($1, $2)) AND boundary @> point($1, $2)
        ORDER BY org_level_depth(level) DESC, id LIMIT 1`;
const SQL_LOCK_UNIT = (mode) => `SELECT ${ORG_COLUMNS} FROM org_unit u WHERE u.id = $1 FOR ${mode}`;
const SQL_CHOOSE = `WITH candidates AS (
         SELECT m.id, m.last_assigned_at FROM member m
          WHERE m.unit_id = $1 AND m.active AND m.responder AND $2 = ANY (m.skills)
          ORDER BY m.id FOR UPDATE)
       SELECT c.id::text AS id FROM candidates c
        ORDER BY (SELECT count(*) FROM service_request r
                   WHERE r.assignee_member_id = c.id AND r.status IN ('ASSIGNED', 'IN_PROGRESS')),
                 c.last_assigned_at NULLS FIRST, c.id
        LIMIT 1`;
const SQL_INSERT = `INSERT INTO service_request (number, category_id, description, location, address, status, reporter_user_id,
          unit_id, courtyard_id, assignee_member_id, last_assignee_member_id, held_since, accept_due_at, resolve_due_at,
          idempotency_key, content_hash)
       VALUES ('SR-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' ||
                 (SELECT lpad(n::text, greatest(6, length(n::text)), '0') FROM nextval('service_request_number_seq') AS n),
               $1, $2, CASE WHEN $3::float8 IS NULL THEN NULL ELSE point($3::float8, $4::float8) END, $5, $6, $7,
               $8, $9, $10, $10, now(), now() + make_interval(mins => $11), now() + make_interval(hours => $12), $13, $14)
       ON CONFLICT (reporter_user_id, idempotency_key) DO NOTHING
       RETURNING id::text AS id`;
const SQL_MARK = `UPDATE member SET last_assigned_at = clock_timestamp() WHERE id = $1`;
const SQL_EVENTS = `INSERT INTO request_event (request_id, type, actor_user_id, from_status, to_status, unit_id, assignee_member_id, note, request_version)
       SELECT * FROM unnest($1::bigint[], $2::request_event_type[], $3::bigint[], $4::request_status[], $5::request_status[],
                            $6::bigint[], $7::bigint[], $8::text[], $9::int[])
       RETURNING id::text AS id`;
const SQL_BY_IDS = `SELECT ${REQUEST_COLUMNS} FROM service_request r JOIN org_unit h ON h.id = r.unit_id WHERE r.id = ANY($1::bigint[])`;
const SQL_NOTIFY = `SELECT pg_notify('request_changed', $1)`;

async function submit(input) {
  const category = (await pool.query(SQL_CATEGORY, [input.categoryCode])).rows[0];
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const found = (await client.query(SQL_DEEPEST, [input.lng, input.lat])).rows[0];
    if (!found) throw new Error('no unit contains the location');
    const target = (await client.query(SQL_LOCK_UNIT('SHARE'), [found.id])).rows[0];
    let route = { unitId: target.id, courtyardId: null, assignee: null };
    if (target.level === 'COURTYARD_GROUP') {
      const responder = (await client.query(SQL_CHOOSE, [target.id, category.code])).rows[0]?.id;
      route = responder ? { unitId: target.id, courtyardId: target.id, assignee: responder } : { unitId: target.parent_id, courtyardId: target.id, assignee: null };
    }
    const status = route.assignee ? 'ASSIGNED' : 'PENDING_DISPATCH';
    const id = (
      await client.query(SQL_INSERT, [category.id, input.description, input.lng, input.lat, null, status, input.reporterUserId, route.unitId, route.courtyardId,
        route.assignee, category.accept_within_minutes, category.resolve_within_hours, null, input.contentHash])
    ).rows[0].id;
    if (route.assignee) await client.query(SQL_MARK, [route.assignee]);
    const events = (
      await client.query(SQL_EVENTS, [[id, id], ['SUBMITTED', route.assignee ? 'ASSIGNED' : 'ROUTED'], [input.reporterUserId, null],
        [null, 'PENDING_DISPATCH'], ['PENDING_DISPATCH', status], [route.courtyardId ?? route.unitId, route.unitId], [null, route.assignee], [null, null], [1, 1]])
    ).rows;
    const row = (await client.query(SQL_BY_IDS, [[id]])).rows[0];
    await client.query(SQL_NOTIFY, [JSON.stringify({ r: id, e: events[1].id, from: null, to: row.unit_path })]);
    await client.query('COMMIT');
    return JSON.stringify({ data: { submitServiceRequest: { id: row.id, number: row.number, status: row.status, unit: { id: row.unit_id },
      courtyard: row.courtyard_id ? { id: row.courtyard_id } : null, assignee: row.assignee_member_id ? { id: row.assignee_member_id } : null } } });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function move(input) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const unit = (await client.query(SQL_LOCK_UNIT('UPDATE'), [input.id])).rows[0];
    const parent = (await client.query(SQL_LOCK_UNIT('SHARE'), [input.to])).rows[0];
    const r = await client.query(
      `UPDATE org_unit AS u SET
         parent_id = CASE WHEN u.id = $1 THEN $2::bigint ELSE u.parent_id END,
         path = $4::ltree || subpath(u.path, nlevel($3::ltree) - 1)
       WHERE u.path <@ $3::ltree`,
      [unit.id, parent.id, unit.path, parent.path],
    );
    await client.query('COMMIT');
    return JSON.stringify({ data: { moved: r.rowCount } });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const routes = {
  '/b1': async (b) => (await pool.query(B1_SQL, [b.code])).rows[0].body,
  '/b3': async (b) => (await pool.query(B3_SQL, [b.unitId, b.statuses ?? ['PENDING_DISPATCH', 'ASSIGNED']])).rows[0].body,
  '/b2': submit,
  '/b4': move,
};

const server = http.createServer((req, res) => {
  const handler = routes[req.url];
  if (!handler || req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    handler(JSON.parse(body))
      .then((out) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out))
      .catch((error) => {
        const out = JSON.stringify({ errors: [{ message: String(error.message) }] });
        res.writeHead(500, { 'content-type': 'application/json' }).end(out);
      });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ ready: true, port: server.address().port }));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
