// The scenarios of the benchmark: the one list run.mjs runs and floor-server.mjs serves.
// Adding a scenario is adding one entry to SCENARIOS (bench/README.md, "Adding a scenario").
//
// An entry:
//   key, title             'B1', 'B1 hierarchy pull' (--only B1 selects it)
//   kind                   'load' (autocannon at `connections`: req/s and p99) or
//                          'timed' (one operation at a time: median and max ms)
//   sides                  which of 'ours', 'floor', 'rollups', 'peer' answer it (peer dropped by --no-peer)
//   writes                 true if it changes the city: it is restored and verified after it
//   peerSql                statements PostGraphile needs (functions), run before the peer starts
//   floor                  { path, handle(db, input) → JSON text }, served by floor-server.mjs;
//                          db.rows(text, values) sends a named prepared statement (db.rowsPlannedEachTime:
//                          unnamed, planned per call, as the server's PLAN_EACH_TIME), db.server()
//                          gives the server's own repositories over the same prepared sending
//   rollups                { path, handle } as floor: a second floor, the same hand-written SQL over the
//                          roll-up tables the server keeps (V1, A1), served by the floor server beside the first
//   prepare(ctx)           → what each side is sent, per side: { path, headers, body } (the same
//                          body every time) or { path, headers, next() → { body, expect } }
//   answer(json, side)     load, same body: the answer in a form every side shares; compared
//                          in full across the sides before the load, then every answer of the
//                          load against it
//   check(json, expect)    load, next(): what is wrong with one answer (null if right); every
//                          answer of the pre-check and of the load is checked
//   sanity(answer, ctx)    optional: what is wrong with the agreed answer (an empty page, say)
//   run(ctx, side, state)  timed: the operation `ctx.moves` times → milliseconds each; throws
//                          on a wrong answer
//   targets                what issue 18 asks of it (printed as MET/MISSED; not pass/fail)
//   p50                    true: the table shows p50 ms beside p99 (a target names it: A1)
//   timeoutSeconds         per-answer timeout of the load (autocannon's default: 10 s)
import { A1_INDICATORS_OURS, A1_RANKING_OURS, B1_OURS, B1_PEER, B2_OURS, B3_OURS, B3_PEER, B4_OURS, V1_STREET_OURS, V1_STREETS_OURS, globalId } from './queries.mjs';
import { pointIn } from './data.mjs';
import {
  A1_CITY_RANKING_ROLLUPS_SQL,
  A1_CITY_RANKING_SQL,
  A1_COURTYARD_RANKING_ROLLUPS_SQL,
  A1_COURTYARD_RANKING_SQL,
  A1_INDICATORS_ROLLUPS_SQL,
  A1_INDICATORS_SQL,
  B1_SQL,
  B3_SQL,
  V1_STREET_ROLLUPS_SQL,
  V1_STREET_SQL,
  V1_STREETS_ROLLUPS_SQL,
  V1_STREETS_SQL,
} from './floor-sql.mjs';

const gql = (query, variables) => JSON.stringify({ query, variables });

/** The database id in a global id (`OrgUnit:12` in base64url) or in the peer's bigint. */
export function dbId(id) {
  if (id === null || id === undefined) return null;
  const s = String(id);
  if (/^\d+$/.test(s)) return s;
  const decoded = Buffer.from(s, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

const CATEGORIES = ['ROAD', 'STREET_LIGHT', 'WATER_DRAIN', 'SANITATION', 'SECURITY', 'FACILITY', 'GREENERY', 'NEIGHBOUR_DISPUTE', 'ELDERLY_CARE', 'OTHER'];
const QUEUE_STATUSES = ['PENDING_DISPATCH', 'ASSIGNED'];

// ---- A1: assessment at city size (issue 14) ---------------------------------------------------
// The quarter 2026Q3 (Asia/Shanghai), inside the city's year of requests.
const A1_FROM = '2026-06-30T16:00:00.000Z';
const A1_TO = '2026-09-30T16:00:00.000Z';
const A1_FIELDS = ['received', 'cancelled', 'due', 'resolvedOnTime', 'closed', 'resolved', 'reworked', 'overdueUnresolved', 'escalations', 'rated',
  'averageRating', 'onTimeRate', 'closureRate', 'reworkRate', 'satisfactionRate', 'inspectionFindings', 'findingsOverdue', 'negativeEntries',
  'vetoed', 'deductions', 'score', 'grade'];
/** Rates are quotients of the same integers on every side; compared to 12 significant digits. */
const a1Number = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v);
/** One unit's figures in the shared form: its id and code, the period as instants, every figure. */
function a1Indicators(i) {
  const out = { id: dbId(i.unit.id), code: i.unit.code, from: Date.parse(i.from), to: Date.parse(i.to) };
  for (const f of A1_FIELDS) out[f] = a1Number(i[f]);
  return out;
}
function a1Scenario(key, title, floorSql, floorPath, vars, sanity) {
  return {
    key,
    title,
    answersTheCity: vars.answersTheCity ?? false,
    kind: 'load',
    connections: 16,
    p50: true,
    // The city's ranking at scale 10 takes seconds per answer with 16 waiting: no timeouts below 2 minutes.
    timeoutSeconds: 120,
    // PostGraphile would need the whole figure set and the ranking as a hand-written SQL
    // function (that is the floor, again): the peer does not run A1.
    // Two floors: the base tables, and the per-quarter roll-ups the server keeps (request_quarter_counts).
    sides: ['ours', 'floor', 'rollups'],
    // `request`: cancelled when the load generator stops waiting (floor-server.mjs): A1b's
    // seconds-long base statements left running took the cores from the next side's run.
    floor: { path: floorPath, handle: async (db, input, request) => (await db.rowsPlannedEachTime(floorSql, [A1_FROM, A1_TO, input.code ?? null], request))[0].body },
    rollups: {
      path: `${floorPath}-rollups`,
      handle: async (db, input, request) => (await db.rowsPlannedEachTime(vars.rollupsSql, [A1_FROM, A1_TO, input.code ?? null], request))[0].body,
    },
    prepare: (ctx) => ({
      ours: { path: '/graphql', headers: ctx.auth.admin, body: gql(vars.query, { ...vars.variables(ctx), from: A1_FROM, to: A1_TO }) },
      floor: { path: floorPath, body: JSON.stringify({ code: vars.code ?? null }) },
      rollups: { path: `${floorPath}-rollups`, body: JSON.stringify({ code: vars.code ?? null }) },
    }),
    answer(json) {
      if (vars.query === A1_INDICATORS_OURS) return [a1Indicators(json.data.orgUnit.indicators)];
      return json.data.assessmentRanking.map((r) => ({ rank: r.rank, ...a1Indicators(r.indicators) }));
    },
    sanity,
    targets: vars.targets,
  };
}


// ---- V1: volunteer figures at city size (issue 13) ----------------------------------------------
// The last full quarter, 2026Q3 (Asia/Shanghai), as A1: inside the ledger's two years.
const V1_FROM = A1_FROM;
const V1_TO = A1_TO;
/** The same period as the roll-ups key it: the quarter beginning 2026-07-01. */
const V1_QUARTER = { months: 3, start: '2026-07-01' };
const V1_FIELDS = ['registered', 'starred', 'byStarLevel', 'hours', 'activeVolunteers', 'organizations', 'activities'];
/** One unit's figures in the shared form: id, code and every figure. */
function v1Stats(u) {
  const out = { id: dbId(u.id), code: u.code };
  for (const f of V1_FIELDS) out[f] = u.volunteerStats?.[f] ?? null;
  return out;
}
function v1Scenario(key, title, vars) {
  return {
    key,
    title,
    answersTheCity: vars.answersTheCity ?? false,
    kind: 'load',
    connections: 16,
    p50: true,
    // The base-table floor of V1a takes seconds per answer at scale 10, 16 at once far longer.
    timeoutSeconds: 120,
    // PostGraphile would need the figures as a hand-written SQL function (the floor again).
    // Two floors: the base tables, and the roll-ups the server keeps for calendar periods.
    sides: ['ours', 'floor', 'rollups'],
    // `request`: cancelled when the load generator stops waiting (floor-server.mjs).
    floor: {
      path: vars.floorPath,
      handle: async (db, input, request) => (await db.rowsPlannedEachTime(vars.floorSql, [V1_FROM, V1_TO, ...(input.code ? [input.code] : [])], request))[0].body,
    },
    rollups: {
      path: `${vars.floorPath}-rollups`,
      handle: async (db, input, request) =>
        (await db.rowsPlannedEachTime(vars.rollupsSql, [V1_QUARTER.months, V1_QUARTER.start, ...(input.code ? [input.code] : [])], request))[0].body,
    },
    prepare: (ctx) => ({
      ours: { path: '/graphql', headers: ctx.auth.admin, body: gql(vars.query, { ...vars.variables, from: V1_FROM, to: V1_TO }) },
      floor: { path: vars.floorPath, body: JSON.stringify({ code: vars.variables.code ?? null }) },
      rollups: { path: `${vars.floorPath}-rollups`, body: JSON.stringify({ code: vars.variables.code ?? null }) },
    }),
    answer: (json) => (json.data.orgUnits ? json.data.orgUnits.nodes : [json.data.orgUnit]).map(v1Stats),
    sanity: vars.sanity,
    targets: vars.targets,
  };
}

export const SCENARIOS = [
  {
    key: 'B1',
    title: 'B1 hierarchy pull',
    kind: 'load',
    connections: 16,
    sides: ['ours', 'floor', 'peer'],
    peerSql: [
      `CREATE OR REPLACE FUNCTION org_unit_open_request_count(u org_unit) RETURNS integer
       LANGUAGE sql STABLE AS $$
         SELECT coalesce(sum(o.n), 0)::int FROM org_unit d
          CROSS JOIN LATERAL (SELECT count(*) AS n FROM service_request r
                               WHERE r.unit_id = d.id AND r.status NOT IN ('CLOSED', 'CANCELLED')) o
          WHERE d.path <@ u.path
       $$`,
    ],
    floor: { path: '/b1', handle: async (db, input) => (await db.rows(B1_SQL, [input.code]))[0].body },
    prepare: (ctx) => ({
      ours: { path: '/graphql', headers: ctx.auth.admin, body: gql(B1_OURS, { code: 'S001' }) },
      floor: { path: '/b1', body: JSON.stringify({ code: 'S001' }) },
      peer: { path: '/graphql', body: gql(B1_PEER, { id: ctx.ids.S001 }) },
    }),
    // Every unit of the pulled tree in pre-order: code, depth, id, name, level, secretary's name, open count.
    answer(json, side) {
      const peer = side === 'peer';
      const units = [];
      const walk = (u, depth) => {
        const secretary = peer ? u.memberByIdAndSecretaryMemberId : u.secretary;
        units.push({ code: u.code, depth, id: dbId(u.id), name: u.name, level: u.level, secretary: secretary?.name ?? null, openRequestCount: u.openRequestCount });
        for (const child of (peer ? u.orgUnitsByParentId : u.children)?.nodes ?? []) walk(child, depth + 1);
      };
      walk(peer ? json.data.orgUnitById : json.data.orgUnit, 0);
      return units;
    },
    sanity: (units) => (units.length === 713 ? null : `expected the street's 713 units, got ${units.length}`),
    targets: [
      { metric: 'req/s', ratioTo: 'floor', atLeast: 0.5 },
      { metric: 'req/s', ratioTo: 'peer', atLeast: 1 },
    ],
  },
  {
    key: 'B3',
    title: 'B3 secretary queue',
    kind: 'load',
    connections: 16,
    sides: ['ours', 'floor', 'peer'],
    peerSql: [
      `CREATE OR REPLACE FUNCTION secretary_queue(unit_id bigint, statuses request_status[]) RETURNS SETOF service_request
       LANGUAGE sql STABLE AS $$
         -- Materialized, so that PostGraphile's LIMIT cannot lead the planner into walking the
         -- whole city's created_at index (the subtree's path is unknown when it plans).
         WITH q AS MATERIALIZED (
           SELECT r.* FROM org_unit o JOIN org_unit h ON h.path <@ o.path JOIN service_request r ON r.unit_id = h.id
            WHERE o.id = $1 AND r.status = ANY ($2))
         SELECT * FROM q ORDER BY q.created_at DESC, q.id DESC
       $$`,
    ],
    floor: { path: '/b3', handle: async (db, input) => (await db.rows(B3_SQL, [input.unitId, QUEUE_STATUSES]))[0].body },
    // Ours as the branch's SECRETARY (the scope predicate runs); the floor and the peer
    // authorise nothing and answer the same page.
    prepare: (ctx) => ({
      ours: { path: '/graphql', headers: ctx.auth.branchSecretary, body: gql(B3_OURS, { unit: globalId('OrgUnit', ctx.ids['S001-G1-B1']) }) },
      floor: { path: '/b3', body: JSON.stringify({ unitId: ctx.ids['S001-G1-B1'] }) },
      peer: { path: '/graphql', body: gql(B3_PEER, { unit: ctx.ids['S001-G1-B1'] }) },
    }),
    // The page in order: id, number, status, created at (ms), assignee and courtyard.
    answer(json, side) {
      const peer = side === 'peer';
      const nodes = peer ? json.data.secretaryQueue.nodes : json.data.serviceRequests.nodes;
      return nodes.map((n) => {
        const a = peer ? n.memberByAssigneeMemberId : n.assignee;
        const c = peer ? n.orgUnitByCourtyardId : n.courtyard;
        return {
          id: dbId(n.id),
          number: n.number,
          status: n.status,
          createdAt: Date.parse(n.createdAt),
          assignee: a ? { id: dbId(a.id), name: a.name } : null,
          courtyard: c ? { id: dbId(c.id), code: c.code, name: c.name } : null,
        };
      });
    },
    // The branch holds about 32 such requests at every scale (20,000 per street): the page is all of them.
    sanity: (page) => (page.length >= 20 && page.length <= 50 ? null : `expected a page of 20-50 requests, got ${page.length}`),
    targets: [{ metric: 'req/s', ratioTo: 'peer', atLeast: 1 }],
  },
  {
    key: 'B2',
    title: 'B2 routed intake',
    kind: 'load',
    connections: 32,
    sides: ['ours', 'floor'],
    writes: true,
    floor: { path: '/b2', handle: floorSubmit },
    async prepare(ctx) {
      // Who may be assigned: the active responders of each courtyard skilled in each category.
      const skilled = new Map();
      for (const m of await ctx.sql(`SELECT unit_id::text AS unit, id::text AS id, skills FROM member WHERE responder AND active`)) {
        for (const cat of m.skills) {
          const k = `${m.unit}:${cat}`;
          if (!skilled.has(k)) skilled.set(k, new Set());
          skilled.get(k).add(m.id);
        }
      }
      ctx.state.skilled = skilled;
      let x = 12345;
      const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 4294967296;
      let seq = 0;
      const next = () => {
        const cy = ctx.layout.courtyards[Math.floor(rnd() * ctx.layout.courtyards.length)];
        seq++;
        return { point: pointIn(cy, rnd), category: CATEGORIES[seq % CATEGORIES.length], courtyard: String(cy.id), seq };
      };
      return {
        ours: {
          path: '/graphql',
          headers: ctx.auth.admin,
          next() {
            const e = next();
            const input = { categoryCode: e.category, description: `bench intake ${e.seq}`, location: { lat: e.point.lat, lng: e.point.lng } };
            return { body: gql(B2_OURS, { input }), expect: e };
          },
        },
        floor: {
          path: '/b2',
          next() {
            const e = next();
            return {
              body: JSON.stringify({ categoryCode: e.category, description: `bench intake ${e.seq}`, lat: e.point.lat, lng: e.point.lng, reporterUserId: '1', contentHash: `floor-${e.seq}` }),
              expect: e,
            };
          },
        },
      };
    },
    // Routed to the courtyard that contains the point, assigned to one of its responders
    // skilled in the category (every category has two in every courtyard).
    check(json, expect, side, ctx) {
      const r = json.data?.submitServiceRequest;
      if (!r) return 'no submitServiceRequest in the answer';
      if (r.status !== 'ASSIGNED') return `status ${r.status}, expected ASSIGNED`;
      if (dbId(r.courtyard?.id) !== expect.courtyard || dbId(r.unit?.id) !== expect.courtyard) {
        return `routed to unit ${dbId(r.unit?.id)} / courtyard ${dbId(r.courtyard?.id)}, expected courtyard ${expect.courtyard}`;
      }
      const assignee = dbId(r.assignee?.id);
      if (!ctx.state.skilled.get(`${expect.courtyard}:${expect.category}`)?.has(assignee)) {
        return `assigned to member ${assignee}, not a responder of courtyard ${expect.courtyard} skilled in ${expect.category}`;
      }
      return null;
    },
    targets: [{ metric: 'req/s', ratioTo: 'floor', atLeast: 0.5 }],
  },
  {
    key: 'B4',
    title: 'B4 re-gridding',
    kind: 'timed',
    sides: ['ours', 'floor'],
    writes: true,
    floor: { path: '/b4', handle: floorMove },
    prepare: () => ({}),
    // moveOrgUnit of general branch S001-G1 (89 units) to S002 and back, an even number of times.
    async run(ctx, side) {
      const ms = [];
      for (let i = 0; i < ctx.moves; i++) {
        const toCode = i % 2 === 0 ? 'S002' : 'S001';
        const t0 = performance.now();
        if (side === 'ours') {
          const { json } = await ctx.post('ours', '/graphql', gql(B4_OURS, { id: globalId('OrgUnit', ctx.ids['S001-G1']), to: globalId('OrgUnit', ctx.ids[toCode]) }), ctx.auth.admin);
          ms.push(performance.now() - t0);
          const landed = json.data.moveOrgUnit.ancestors[0]?.code;
          if (landed !== toCode) throw ctx.failure('ours', `moveOrgUnit landed under ${landed}, expected ${toCode}`);
        } else {
          const { json } = await ctx.post('floor', '/b4', JSON.stringify({ id: ctx.ids['S001-G1'], to: ctx.ids[toCode] }));
          ms.push(performance.now() - t0);
          if (json.data.moved !== 89) throw ctx.failure('floor', `moved ${json.data.moved} units, expected 89`);
        }
      }
      return ms;
    },
    targets: [{ metric: 'median ms', side: 'ours', below: 500, fromScale: 10 }],
  },
  // A1a: one street's figures over a quarter, as the CITY_ADMIN.
  a1Scenario('A1a', 'A1a street quarter indicators', A1_INDICATORS_SQL, '/a1a',
    { query: A1_INDICATORS_OURS, rollupsSql: A1_INDICATORS_ROLLUPS_SQL, code: 'S001', variables: () => ({ code: 'S001' }),
      targets: [{ metric: 'p50 ms', side: 'ours', below: 100, fromScale: 10 }, { metric: 'req/s', ratioTo: 'floor', atLeast: 0.5 }] },
    ([u]) => (u.received > 0 && u.due > 0 && u.resolved > 0 ? null : `expected a street's quarter with requests, got ${JSON.stringify(u)}`)),
  // A1b: the city's street committees ranked (no unitId).
  a1Scenario('A1b', "A1b city's streets ranking", A1_CITY_RANKING_SQL, '/a1b',
    { query: A1_RANKING_OURS, rollupsSql: A1_CITY_RANKING_ROLLUPS_SQL, variables: () => ({}), answersTheCity: true,
      targets: [{ metric: 'p50 ms', side: 'ours', below: 1000, fromScale: 10 }, { metric: 'req/s', ratioTo: 'floor', atLeast: 0.5 }] },
    (r, ctx) => (r.length === ctx.layout.streets.length && r.every((u) => u.received > 0) ? null : `expected every street ranked with requests, got ${r.length}`)),
  // A1c: one street's courtyard groups ranked (unitId: the street, level COURTYARD_GROUP).
  a1Scenario('A1c', "A1c one street's courtyards ranking", A1_COURTYARD_RANKING_SQL, '/a1c',
    { query: A1_RANKING_OURS, rollupsSql: A1_COURTYARD_RANKING_ROLLUPS_SQL, code: 'S001', variables: (ctx) => ({ unit: globalId('OrgUnit', ctx.ids.S001), level: 'COURTYARD_GROUP' }),
      targets: [{ metric: 'req/s', ratioTo: 'floor', atLeast: 0.5 }] },
    (r) => (r.length === 640 ? null : `expected the street's 640 courtyard groups, got ${r.length}`)),
  // V1a: every street's figures in one query, as the CITY_ADMIN.
  v1Scenario('V1a', 'V1a every street volunteer figures', {
    query: V1_STREETS_OURS, variables: {}, floorPath: '/v1a', floorSql: V1_STREETS_SQL, rollupsSql: V1_STREETS_ROLLUPS_SQL, answersTheCity: true,
    sanity: (r, ctx) =>
      r.length === Math.min(100, ctx.layout.streets.length) && r.every((u) => u.registered > 0 && u.activeVolunteers > 0 && u.hours > 0 && u.starred > 0)
        ? null
        : `expected every street with volunteers, hours and stars, got ${r.length} streets`,
    targets: [{ metric: 'p50 ms', side: 'ours', below: 50, fromScale: 10 }, { metric: 'req/s', ratioTo: 'floor', atLeast: 0.5 }],
  }),
  // V1b: one street's figures.
  v1Scenario('V1b', 'V1b one street volunteer figures', {
    query: V1_STREET_OURS, variables: { code: 'S001' }, floorPath: '/v1b', floorSql: V1_STREET_SQL, rollupsSql: V1_STREET_ROLLUPS_SQL,
    sanity: ([u]) => (u && u.registered > 0 && u.activeVolunteers > 0 && u.hours > 0 ? null : `expected S001 with volunteers and hours, got ${JSON.stringify(u)}`),
    targets: [{ metric: 'req/s', ratioTo: 'floor', atLeast: 0.5 }],
  }),
];

// ---- the floor's writes: the server's own statements (its repositories), prepared ----------

/**
 * RequestsService.submit's statements in its order, through the server's repositories, in
 * one transaction: category, deepest unit containing the point, the unit locked FOR SHARE,
 * the responder locked then chosen (two statements: the server's READ COMMITTED-safe form),
 * insert, last_assigned_at, the two events, the re-read and pg_notify. No GraphQL, no auth.
 */
async function floorSubmit(db, input) {
  const { requests, org, people } = await db.server();
  const category = await requests.categoryByCode(input.categoryCode, db.q);
  return db.transaction(async (q) => {
    const found = await org.deepestLiveUnitContaining(input.lng, input.lat, q);
    if (!found) throw new Error('no unit contains the location');
    const target = await org.lock(found.id, 'SHARE', q);
    let route = { unitId: target.id, courtyardId: null, assignee: null };
    if (target.level === 'COURTYARD_GROUP') {
      // RequestsService.chooseResponder: lock the candidates (people), then count (requests).
      const candidates = await people.lockActiveResponders(target.id, category.code, q);
      const responder = candidates.length === 0 ? undefined : await requests.leastBusy(candidates, q);
      route = responder ? { unitId: target.id, courtyardId: target.id, assignee: responder } : { unitId: target.parent_id, courtyardId: target.id, assignee: null };
    }
    const status = route.assignee ? 'ASSIGNED' : 'PENDING_DISPATCH';
    // WorkingCalendar.dueAt for a clock-time category (the bench's are): the transaction's now() plus the limit.
    const now = await requests.now(q);
    const id = await requests.insert(
      {
        categoryId: category.id,
        description: input.description,
        location: { lng: input.lng, lat: input.lat },
        address: null,
        status,
        source: 'DIRECT',
        reporterUserId: input.reporterUserId,
        unitId: route.unitId,
        courtyardId: route.courtyardId,
        assigneeMemberId: route.assignee,
        acceptDueAt: new Date(now.getTime() + category.accept_within_minutes * 60_000),
        resolveDueAt: new Date(now.getTime() + category.resolve_within_hours * 3_600_000),
        idempotencyKey: null,
        contentHash: input.contentHash,
      },
      q,
    );
    if (route.assignee) await people.markAssigned(route.assignee, q);
    const eventIds = await requests.appendEvents(
      [
        { requestId: id, type: 'SUBMITTED', actorUserId: input.reporterUserId, fromStatus: null, toStatus: 'PENDING_DISPATCH', unitId: route.courtyardId ?? route.unitId, assigneeMemberId: null, note: null, requestVersion: 1 },
        { requestId: id, type: route.assignee ? 'ASSIGNED' : 'ROUTED', actorUserId: null, fromStatus: 'PENDING_DISPATCH', toStatus: status, unitId: route.unitId, assigneeMemberId: route.assignee, note: null, requestVersion: 1 },
      ],
      q,
    );
    const [row] = await requests.byIds([id], q);
    await requests.notifyChange({ requestId: id, eventId: eventIds[1], fromPath: null, toPath: row.unit_path }, q);
    return JSON.stringify({
      data: {
        submitServiceRequest: {
          id: row.id,
          number: row.number,
          status: row.status,
          unit: { id: row.unit_id },
          courtyard: row.courtyard_id ? { id: row.courtyard_id } : null,
          assignee: row.assignee_member_id ? { id: row.assignee_member_id } : null,
        },
      },
    });
  });
}

/** The server's subtree move (its repository's lock, subtree lock and path rewrite), in one transaction. */
async function floorMove(db, input) {
  const { org } = await db.server();
  return db.transaction(async (q) => {
    const unit = await org.lock(input.id, 'UPDATE', q);
    const parent = await org.lock(input.to, 'SHARE', q);
    const moved = await org.moveSubtree(unit, parent, q);
    return JSON.stringify({ data: { moved } });
  });
}
