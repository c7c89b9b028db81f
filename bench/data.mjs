// Synthetic city for the benchmark: deterministic from a seed, bulk-loaded with COPY into
// its own database (gg_bench_s<scale>), migrated by the real migrations first.
//
//   npm run bench:data -- --scale 1 [--seed 42] [--force]
//
// Scale s: 10·s streets × 8 general branches × 8 branches × 10 courtyard groups, every unit
// with a rectangular boundary; a secretary in every unit; 5 responders with skills per
// courtyard (the first is the courtyard's secretary); 1,000·s residents; 200,000·s
// historical requests over every status, with their events; the volunteer service at the seed
// city's proportions (5,020 volunteers and ≈ 29,000 ledger entries per street: scale 10 is the
// seed city, README "The data").
// Needs `npm run build` first (it imports the compiled migrations from dist/).
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'bench-admin-password';
export const DEFAULT_SEED = 20261129;
/** Every branch has a SECRETARY account (username secretaryUsername(code)) with this password. */
export const SECRETARY_PASSWORD = 'bench-secretary-password';
export const secretaryUsername = (branchCode) => `sec.${branchCode}`;
/**
 * Bumped when the generated city changes shape (columns of bench_meta, accounts, checksum):
 * a city of another format is generated again.
 */
const FORMAT = 3;

/** The Node and V8 flags `npm start` gives our server: the bench starts it the same way. */
export { ourServerNodeFlags } from './start-flags.mjs';

/**
 * How every bench script runs our server on a bench database: production mode, signed in as
 * the generated CITY_ADMIN, rate limits and the escalation scan out of the way.
 */
export function ourServerEnv(databaseUrl, overrides = {}) {
  return {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    ADMIN_USERNAME,
    ADMIN_PASSWORD,
    JWT_SECRET: 'bench-jwt-secret-0123456789-abcdefgh',
    LOG_LEVEL: 'error',
    NODE_ENV: 'production',
    SEED_DEMO: 'false',
    RATE_LIMIT_PER_MINUTE: '100000000',
    ESCALATION_INTERVAL_MS: String(24 * 3600 * 1000),
    AUTO_CLOSE_AFTER_HOURS: String(1_000_000),
    DB_POOL_SIZE: '10',
    ...overrides,
  };
}
/** Generated history ends here (fixed, so the data does not depend on the day it is made). */
const ANCHOR = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
export const CELL = 0.001; // degrees per courtyard cell
export const ORIGIN = { lng: 113.8, lat: 34.0 };

/** Shape of one street: 8 general branches (2×4) × 8 branches (4×2) × 10 courtyards (5×2). */
const GB_PER_STREET = 8;
const BR_PER_GB = 8;
const CY_PER_BR = 10;
const RESPONDERS_PER_CY = 5;
const STREET_W = 40; // cells
const STREET_H = 16;
const STREETS_PER_ROW = 10;

export function dbName(scale) {
  const prefix = process.env.BENCH_DB_PREFIX ?? 'gg_bench_';
  if (!/^gg_bench_[a-z0-9_]*$/.test(prefix)) throw new Error('BENCH_DB_PREFIX must start with gg_bench_');
  return `${prefix}s${String(scale).replace('.', '_')}`;
}

export function adminUrl(base = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') {
  return base;
}

export function dbUrl(scale, base = adminUrl()) {
  const u = new URL(base);
  u.pathname = `/${dbName(scale)}`;
  return u.toString();
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function streetCount(scale) {
  return Math.max(1, Math.round(10 * scale));
}

/** The city's layout: units with ids, paths and boxes (in cells), all deterministic. */
export function layout(scale) {
  const streets = streetCount(scale);
  const units = []; // {id, parentId, level, code, name, path, x0,y0,x1,y1}
  const courtyards = [];
  const streetsList = [];
  const generals = [];
  const branches = [];
  let id = 0;
  for (let s = 0; s < streets; s++) {
    const sx = (s % STREETS_PER_ROW) * STREET_W;
    const sy = Math.floor(s / STREETS_PER_ROW) * STREET_H;
    const sCode = `S${String(s + 1).padStart(3, '0')}`;
    const street = { id: ++id, parentId: null, level: 'STREET_COMMITTEE', code: sCode, name: `第${s + 1}街道党委`, x0: sx, y0: sy, x1: sx + STREET_W, y1: sy + STREET_H };
    street.path = String(street.id);
    units.push(street);
    streetsList.push(street);
    for (let g = 0; g < GB_PER_STREET; g++) {
      const gx = sx + (g % 2) * 20;
      const gy = sy + Math.floor(g / 2) * 4;
      const gb = { id: ++id, parentId: street.id, level: 'GENERAL_BRANCH', code: `${sCode}-G${g + 1}`, name: `${s + 1}街道第${g + 1}网格党总支`, x0: gx, y0: gy, x1: gx + 20, y1: gy + 4 };
      gb.path = `${street.path}.${gb.id}`;
      gb.streetId = street.id;
      units.push(gb);
      generals.push(gb);
      for (let b = 0; b < BR_PER_GB; b++) {
        const bx = gx + (b % 4) * 5;
        const by = gy + Math.floor(b / 4) * 2;
        const br = { id: ++id, parentId: gb.id, level: 'BRANCH', code: `${gb.code}-B${b + 1}`, name: `${s + 1}-${g + 1}网格第${b + 1}党支部`, x0: bx, y0: by, x1: bx + 5, y1: by + 2 };
        br.path = `${gb.path}.${br.id}`;
        units.push(br);
        branches.push(br);
        for (let c = 0; c < CY_PER_BR; c++) {
          const cx = bx + (c % 5);
          const cyy = by + Math.floor(c / 5);
          const cy = { id: ++id, parentId: br.id, level: 'COURTYARD_GROUP', code: `${br.code}-C${String(c + 1).padStart(2, '0')}`, name: `${s + 1}-${g + 1}-${b + 1}第${c + 1}庭院党小组`, x0: cx, y0: cyy, x1: cx + 1, y1: cyy + 1 };
          cy.path = `${br.path}.${cy.id}`;
          cy.branchId = br.id;
          units.push(cy);
          courtyards.push(cy);
        }
      }
    }
  }
  return { units, courtyards, streets: streetsList, generals, branches };
}

const lng = (x) => +(ORIGIN.lng + x * CELL).toFixed(6);
const lat = (y) => +(ORIGIN.lat + y * CELL).toFixed(6);

/** A point strictly inside a courtyard cell (10 %-90 % of the cell), for routing. */
export function pointIn(cy, rnd) {
  return { lng: +(ORIGIN.lng + (cy.x0 + 0.1 + 0.8 * rnd()) * CELL).toFixed(7), lat: +(ORIGIN.lat + (cy.y0 + 0.1 + 0.8 * rnd()) * CELL).toFixed(7) };
}

function polygonText(u) {
  return `((${lng(u.x0)},${lat(u.y0)}),(${lng(u.x1)},${lat(u.y0)}),(${lng(u.x1)},${lat(u.y1)}),(${lng(u.x0)},${lat(u.y1)}))`;
}

const CATEGORIES = ['ROAD', 'STREET_LIGHT', 'WATER_DRAIN', 'SANITATION', 'SECURITY', 'FACILITY', 'GREENERY', 'NEIGHBOUR_DISPUTE', 'ELDERLY_CARE', 'OTHER'];
/** Responder j of a courtyard handles categories 2j .. 2j+3 (mod 10): every category twice. */
const skillsOf = (j) => [0, 1, 2, 3].map((i) => CATEGORIES[(2 * j + i) % 10]);
/** The first responder (index) of a courtyard with category c among their skills. */
const responderFor = (c) => (Math.floor(c / 2) + 4) % 5; // j = floor(c/2) - 1 covers 2j+2 and 2j+3

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';

function chunked(generator, batchRows = 2000) {
  // Turns a row generator into a Readable of COPY text, in batches.
  const it = generator();
  return new Readable({
    read() {
      let out = '';
      for (let i = 0; i < batchRows; i++) {
        const { value, done } = it.next();
        if (done) {
          if (out) this.push(out);
          this.push(null);
          return;
        }
        out += value;
      }
      this.push(out);
    },
  });
}

const N = '\\N';
const iso = (ms) => new Date(ms).toISOString();

async function copyInto(client, table, columns, generator) {
  const stream = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(chunked(generator), stream);
}

/** Status mix of the history: mostly finished, a realistic open tail. */
const STATUS_MIX = [
  ['CLOSED', 0.68],
  ['CANCELLED', 0.06],
  ['RESOLVED', 0.05],
  ['IN_PROGRESS', 0.08],
  ['ASSIGNED', 0.07],
  ['PENDING_DISPATCH', 0.06],
];

function pickStatus(r) {
  let acc = 0;
  for (const [s, p] of STATUS_MIX) {
    acc += p;
    if (r < acc) return s;
  }
  return 'CLOSED';
}

// ---- volunteers (issue 13): the seed city's proportions, per street ---------------------------
// The seed city (contract README, "Volunteers"): 502,000 volunteers, 7,290 star-rated, 14.66
// million hours, 22 specialist organisations, 1,436 学雷锋 teams, 50+ grassroots groups; ≈ 3
// million ledger entries (issue 13). Per street (100 streets = the seed city): 5,020
// volunteers, ≈ 30,000 entries, ≈ 146,600 hours, ≈ 73 star volunteers, organisations at the
// rates below (a fractional rate spreads evenly over the streets), 400 activities over the
// two years of history.
export const VOLUNTEERS_PER_STREET = 5020;
const STARS_PER_STREET = 72.9;
const ORG_RATES = [
  ['PROFESSIONAL', 0.22],
  ['LEI_FENG_TEAM', 14.36],
  ['GRASSROOTS', 0.52],
];
const ACTIVITIES_PER_STREET = 400;
/** Id strides per street: ids need not be dense, so every street's ids are known before it is generated. */
const ORG_STRIDE = 64;
const ENTRY_STRIDE = 100_000;
const SIGNUP_STRIDE = 100_000;
/** Hours history: the two years before ANCHOR (dates are Asia/Shanghai days). */
const HISTORY_DAYS = 730;
/** Star thresholds (tenths): the default STAR_THRESHOLDS 100,300,600,1000,1500 hours. */
const STAR_TENTHS = [1000, 3000, 6000, 10000, 15000];
const STAR_LEVEL_MIX = [0.6, 0.25, 0.1, 0.04, 0.01];
const SH_OFFSET = 8 * 3_600_000;
const shanghaiDate = (ms) => new Date(ms + SH_OFFSET).toISOString().slice(0, 10);

/** How many of a kind street s gets at `rate` per street: floor((s+1)·rate) − floor(s·rate). */
const perStreet = (s, rate) => Math.floor((s + 1) * rate + 1e-9) - Math.floor(s * rate + 1e-9);

/**
 * One street's volunteer service, deterministic from (seed, street): rows as COPY text lines
 * for the tables in `want` (rnd is drawn the same whatever is wanted, so each COPY pass can
 * regenerate the street and keep only its table). Ids: street s owns
 * [s·stride + 1, (s+1)·stride] of each table.
 */
function volunteerStreet(seed, L, s, want) {
  const rnd = mulberry32((seed ^ 0x5bd1e995) + s * 7919);
  const street = L.streets[s];
  const gbs = L.generals.filter((g) => g.streetId === street.id);
  const brs = L.branches.slice(s * GB_PER_STREET * BR_PER_GB, (s + 1) * GB_PER_STREET * BR_PER_GB);
  const cys = L.courtyards.slice(s * GB_PER_STREET * BR_PER_GB * CY_PER_BR, (s + 1) * GB_PER_STREET * BR_PER_GB * CY_PER_BR);
  const out = { volunteer_org: [], volunteer: [], volunteer_membership: [], volunteer_activity: [], volunteer_signup: [], volunteer_hours_entry: [], volunteer_star_award: [] };
  const t0 = iso(ANCHOR - 1100 * DAY);
  // Organisations: a COMMUNITY team per general branch, then the kinds at their rates.
  const orgs = [];
  let orgId = s * ORG_STRIDE;
  const communityOf = new Map();
  for (const g of gbs) {
    const o = { id: ++orgId, kind: 'COMMUNITY', unit: g.id };
    communityOf.set(g.id, o.id);
    orgs.push(o);
  }
  for (const [kind, rate] of ORG_RATES) {
    for (let k = 0; k < perStreet(s, rate); k++) orgs.push({ id: ++orgId, kind, unit: kind === 'LEI_FENG_TEAM' ? brs[Math.floor(rnd() * brs.length)].id : kind === 'GRASSROOTS' ? gbs[k % gbs.length].id : street.id });
  }
  const leiFeng = orgs.filter((o) => o.kind === 'LEI_FENG_TEAM');
  const others = orgs.filter((o) => o.kind === 'PROFESSIONAL' || o.kind === 'GRASSROOTS');
  if (want.has('volunteer_org')) {
    for (const o of orgs) {
      out.volunteer_org.push(`${o.id}\t${street.code} ${o.kind} ${o.id}\t${o.kind}\t${o.unit}\t${N}\t${N}\tt\t${t0}\n`);
    }
  }
  // Activities: 400 over the history, each 2-8 hours by a COMMUNITY team (at a courtyard) or a
  // 学雷锋 team (at its branch); 2 % cancelled; the rest CLOSED (all in the past).
  const acts = [];
  for (let k = 0; k < ACTIVITIES_PER_STREET; k++) {
    const useLeiFeng = leiFeng.length > 0 && rnd() < 0.3;
    const org = useLeiFeng ? leiFeng[Math.floor(rnd() * leiFeng.length)] : orgs[Math.floor(rnd() * gbs.length)];
    const unit = useLeiFeng ? org.unit : cys[Math.floor(rnd() * cys.length)].id;
    const day = Math.floor(rnd() * HISTORY_DAYS) + 1;
    const hours = 2 + Math.floor(rnd() * 7);
    // 09:00 Shanghai = 01:00 UTC on that day.
    const starts = ANCHOR - day * DAY + 3_600_000;
    const a = { id: s * ACTIVITIES_PER_STREET + k + 1, org: org.id, unit, starts, ends: starts + hours * 3_600_000, capTenths: hours * 10, cancelled: rnd() < 0.02, signups: 0, date: shanghaiDate(starts) };
    acts.push(a);
  }
  const liveActs = acts.filter((a) => !a.cancelled);
  // Volunteers.
  let entryId = s * ENTRY_STRIDE;
  let signupId = s * SIGNUP_STRIDE;
  // Requests credited with hours: street s takes request ids s·20,000 + 1 onwards (every id
  // exists: 20,000 requests per street), each at most once (the ledger's unique index).
  let requestCursor = s * 20_000;
  const requestEnd = (s + 1) * 20_000;
  const starCount = perStreet(s, STARS_PER_STREET);
  // Star volunteers are spread through the street's numbering.
  const starEvery = Math.floor(VOLUNTEERS_PER_STREET / Math.max(1, starCount));
  let starsMade = 0;
  for (let i = 0; i < VOLUNTEERS_PER_STREET; i++) {
    const vid = s * VOLUNTEERS_PER_STREET + i + 1;
    const atBranch = rnd() < 0.1;
    const ci = Math.floor(rnd() * cys.length);
    const cy = cys[ci];
    const home = atBranch ? cy.branchId : cy.id;
    const gb = gbs[Math.floor(ci / (BR_PER_GB * CY_PER_BR))];
    const active = rnd() >= 0.02;
    const registered = ANCHOR - Math.floor(rnd() * 1000 * DAY);
    const name = SURNAMES[Math.floor(rnd() * SURNAMES.length)] + GIVEN[Math.floor(rnd() * GIVEN.length)] + GIVEN[Math.floor(rnd() * GIVEN.length)];
    const isStar = starsMade < starCount && i % starEvery === starEvery - 1;
    let level = 0;
    if (isStar) {
      starsMade++;
      const r = rnd();
      let acc = 0;
      level = 5;
      for (let l = 0; l < 5; l++) if (r < (acc += STAR_LEVEL_MIX[l])) { level = l + 1; break; }
    }
    // Memberships: the general branch's community team; 40 % a 学雷锋 team; 5 % another.
    const mine = [communityOf.get(gb.id)];
    if (leiFeng.length > 0 && rnd() < 0.4) mine.push(leiFeng[Math.floor(rnd() * leiFeng.length)].id);
    if (others.length > 0 && rnd() < 0.05) mine.push(others[Math.floor(rnd() * others.length)].id);
    if (want.has('volunteer_membership')) for (const o of mine) out.volunteer_membership.push(`${vid}\t${o}\t${iso(registered)}\n`);
    // Ledger: a star volunteer's approved tenths land between its level's threshold and the
    // next; anyone else's stay under the first threshold (eligible volunteers not yet awarded
    // are left out). Mix: check-ins, back-fills (some PENDING or REJECTED), service requests,
    // and a few corrections of approved entries.
    const targetTenths = isStar ? STAR_TENTHS[level - 1] + Math.floor(rnd() * ((STAR_TENTHS[level] ?? STAR_TENTHS[4] * 1.3) - STAR_TENTHS[level - 1]) * 0.9) : 0;
    const plainEntries = isStar ? 0 : Math.floor(rnd() ** 2 * 17.5);
    let approved = 0;
    const approvedEntries = [];
    const usedActs = new Set();
    const entry = (tenths, source, status, date, org, act, req, corrects) => {
      const id = ++entryId;
      const decided = status === 'PENDING' ? N : iso(Date.parse(date) + 2 * DAY);
      if (want.has('volunteer_hours_entry')) {
        out.volunteer_hours_entry.push(`${id}\t${vid}\t${tenths}\t${source}\t${status}\t${date}\t${org ?? N}\t${act ?? N}\t${req ?? N}\t${corrects ?? N}\t${N}\t${decided}\t${iso(Date.parse(date) + DAY)}\n`);
      }
      if (status === 'APPROVED') {
        approved += tenths;
        if (source !== 'CORRECTION') approvedEntries.push({ id, tenths, date, org, act });
      }
      return id;
    };
    const randomDate = () => shanghaiDate(ANCHOR - (Math.floor(rnd() * HISTORY_DAYS) + 1) * DAY);
    const pickStatus = () => {
      const r = rnd();
      return r < 0.04 ? 'PENDING' : r < 0.07 ? 'REJECTED' : 'APPROVED';
    };
    if (isStar) {
      while (approved < targetTenths) {
        const tenths = Math.min(240, 120 + Math.floor(rnd() * 121));
        const status = pickStatus();
        if (status === 'APPROVED' && approved + tenths > targetTenths + 240) break;
        entry(tenths, 'BACKFILL', status, randomDate(), mine[0], null, null, null);
      }
    } else {
      for (let j = 0; j < plainEntries; j++) {
        const r = rnd();
        if (r < 0.55 && liveActs.length > 0) {
          const a = liveActs[Math.floor(rnd() * liveActs.length)];
          const tenths = a.capTenths - Math.floor(rnd() * 10);
          if (usedActs.has(a.id) || approved + tenths > 999) continue;
          usedActs.add(a.id);
          a.signups++;
          const sid = ++signupId;
          if (want.has('volunteer_signup')) out.volunteer_signup.push(`${sid}\t${a.id}\t${vid}\tCOMPLETED\t${iso(a.starts)}\t${iso(a.ends)}\t${iso(a.starts - 3 * DAY)}\n`);
          entry(tenths, 'CHECK_IN', 'APPROVED', a.date, a.org, a.id, null, null);
        } else if (r < 0.6 && requestCursor < requestEnd) {
          const tenths = 10 + Math.floor(rnd() * 71);
          if (approved + tenths > 999) continue;
          entry(tenths, 'SERVICE_REQUEST', 'APPROVED', randomDate(), null, null, ++requestCursor, null);
        } else {
          const tenths = 10 + Math.floor(rnd() * 70);
          const status = pickStatus();
          if (status === 'APPROVED' && approved + tenths > 999) continue;
          entry(tenths, 'BACKFILL', status, randomDate(), mine[0], null, null, null);
        }
      }
    }
    // Corrections: 3 % of volunteers with approved hours have one entry corrected down.
    if (approvedEntries.length > 0 && rnd() < 0.03) {
      const e = approvedEntries[Math.floor(rnd() * approvedEntries.length)];
      entry(-Math.min(e.tenths, 1 + Math.floor(rnd() * 10)), 'CORRECTION', 'APPROVED', e.date, e.org, e.act, null, e.id);
    }
    if (want.has('volunteer')) {
      const phone = `13${String(vid).padStart(9, '0')}`;
      out.volunteer.push(`${vid}\tV${String(vid).padStart(9, '0')}\t${name}\t${phone}\t${home}\t${active ? 't' : 'f'}\t${approved}\t${iso(registered)}\n`);
    }
    // Awards: every level up to its own, a year apart back from ANCHOR, each after its notice.
    if (isStar && want.has('volunteer_star_award')) {
      for (let l = 1; l <= level; l++) {
        const awarded = ANCHOR - (level - l + 1) * 60 * DAY;
        out.volunteer_star_award.push(`${vid}\t${l}\t${iso(awarded)}\t${iso(awarded + 7 * DAY)}\n`);
      }
    }
  }
  if (want.has('volunteer_activity')) {
    for (const a of acts) {
      out.volunteer_activity.push(`${a.id}\t${a.org}\t${a.unit}\t志愿活动 ${a.id}\t${iso(a.starts)}\t${iso(a.ends)}\t200\t${a.signups}\t${a.cancelled ? 'CANCELLED' : 'CLOSED'}\t${String(a.id % 1_000_000).padStart(6, '0')}\t${iso(a.starts - 10 * DAY)}\n`);
    }
  }
  return out;
}

const VOLUNTEER_TABLES = [
  ['volunteer_org', ['id', 'name', 'kind', 'unit_id', 'contact_name', 'contact_phone', 'active', 'created_at']],
  ['volunteer', ['id', 'number', 'name', 'phone', 'unit_id', 'active', 'approved_tenths', 'registered_at']],
  ['volunteer_membership', ['volunteer_id', 'org_id', 'joined_at']],
  ['volunteer_activity', ['id', 'org_id', 'unit_id', 'title', 'starts_at', 'ends_at', 'capacity', 'signup_count', 'status', 'check_in_code', 'created_at']],
  ['volunteer_signup', ['id', 'activity_id', 'volunteer_id', 'status', 'checked_in_at', 'checked_out_at', 'created_at']],
  ['volunteer_hours_entry', ['id', 'volunteer_id', 'tenths', 'source', 'status', 'service_date', 'org_id', 'activity_id', 'service_request_id', 'corrects_id', 'decided_by_user_id', 'decided_at', 'created_at']],
  ['volunteer_star_award', ['volunteer_id', 'level', 'awarded_at', 'effective_at']],
];

/**
 * Loads every street's volunteer service, one COPY per table (each pass regenerates the
 * streets and keeps its table's rows).
 */
async function loadVolunteers(client, seed, L) {
  for (const [table, columns] of VOLUNTEER_TABLES) {
    const want = new Set([table]);
    await copyInto(client, table, columns, function* () {
      for (let s = 0; s < L.streets.length; s++) yield* volunteerStreet(seed, L, s, want)[table];
    });
  }
  const { max } = (await client.query(`SELECT max(id) AS max FROM volunteer`)).rows[0];
  for (const [seq, v] of [
    [`pg_get_serial_sequence('volunteer_org', 'id')`, L.streets.length * ORG_STRIDE],
    [`pg_get_serial_sequence('volunteer', 'id')`, Number(max)],
    [`'volunteer_number_seq'`, Number(max)],
    [`pg_get_serial_sequence('volunteer_activity', 'id')`, L.streets.length * ACTIVITIES_PER_STREET],
    [`pg_get_serial_sequence('volunteer_signup', 'id')`, L.streets.length * SIGNUP_STRIDE],
    [`pg_get_serial_sequence('volunteer_hours_entry', 'id')`, L.streets.length * ENTRY_STRIDE],
  ]) {
    await client.query(`SELECT setval(${seq}, $1)`, [v]);
  }
}

export async function generate({ scale, seed = DEFAULT_SEED, force = false, log = console.log }) {
  const name = dbName(scale);
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
  if (exists && !force) {
    const c = new pg.Client({ connectionString: dbUrl(scale) });
    await c.connect();
    const meta = await c.query(`SELECT to_regclass('bench_meta') AS t`);
    let ok = false;
    if (meta.rows[0].t) {
      const m = await c.query('SELECT * FROM bench_meta');
      const row = m.rows[0];
      ok = m.rowCount === 1 && Number(row.seed) === seed && Number(row.scale) === scale && row.complete && row.format === FORMAT;
      // A city generated before a newer migration is generated again (its roll-ups, say, would
      // be missing or empty).
      const { MIGRATIONS } = await import('../dist/migrations/index.js');
      const applied = new Set((await c.query('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
      const missing = MIGRATIONS.map((m) => m.name).filter((n) => !applied.has(n));
      if (ok && missing.length) {
        log(`${name}: generated before ${missing.join(', ')}: generating again`);
        ok = false;
      }
    }
    await c.end();
    if (ok) {
      await admin.end();
      log(`${name}: already generated (scale ${scale}, seed ${seed}); --force regenerates`);
      return { name, url: dbUrl(scale), reused: true };
    }
  }
  if (exists) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const started = performance.now();
  const url = dbUrl(scale);
  // The real migrations, through the server's own data source.
  const { createDataSource } = await import('../dist/src/database/data-source.js');
  const { runMigrationsLocked } = await import('../dist/src/database/migration-runner.js');
  const { PasswordService } = await import('../dist/src/modules/people/password.service.js');
  const ds = createDataSource({ url, poolSize: 2 });
  await ds.initialize();
  await runMigrationsLocked(ds);
  await ds.destroy();
  const migrated = performance.now();

  const rnd = mulberry32(seed);
  const L = layout(scale);
  const streets = L.streets.length;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cats = (await client.query('SELECT id, code, accept_within_minutes AS a, resolve_within_hours AS r FROM service_category ORDER BY id')).rows;
  const catByCode = new Map(cats.map((c) => [c.code, c]));
  const catList = CATEGORIES.map((code) => catByCode.get(code));

  await client.query('BEGIN');
  // Consistent by construction: skip the row triggers (tree check, touch) and the FK checks.
  await client.query(`SET LOCAL session_replication_role = replica`);
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  // Secondary indexes of the big tables are built once after the load.
  const idx = (
    await client.query(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename IN ('service_request', 'request_event', 'member', 'org_unit', 'volunteer', 'volunteer_membership', 'volunteer_signup', 'volunteer_hours_entry')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows;
  for (const { indexname } of idx) await client.query(`DROP INDEX ${indexname}`);

  // Members: the secretary of every non-courtyard unit, 5 responders per courtyard.
  let memberId = 0;
  const secretaryOf = new Map();
  const respondersOf = new Map(); // courtyard id -> first responder id
  const members = [];
  const person = () => SURNAMES[Math.floor(rnd() * SURNAMES.length)] + GIVEN[Math.floor(rnd() * GIVEN.length)] + (rnd() < 0.5 ? GIVEN[Math.floor(rnd() * GIVEN.length)] : '');
  const phone = () => `1${3 + Math.floor(rnd() * 7)}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`;
  for (const u of L.units) {
    if (u.level === 'COURTYARD_GROUP') {
      respondersOf.set(u.id, memberId + 1);
      for (let j = 0; j < RESPONDERS_PER_CY; j++) {
        members.push({ id: ++memberId, unitId: u.id, name: person(), phone: phone(), party: j === 0 || rnd() < 0.4, responder: true, skills: skillsOf(j) });
        if (j === 0) secretaryOf.set(u.id, memberId);
      }
    } else {
      members.push({ id: ++memberId, unitId: u.id, name: person(), phone: phone(), party: true, responder: false, skills: [] });
      secretaryOf.set(u.id, memberId);
    }
  }

  await copyInto(client, 'org_unit', ['id', 'parent_id', 'level', 'code', 'name', 'path', 'boundary', 'secretary_member_id', 'created_at', 'updated_at'], function* () {
    const t = iso(ANCHOR - 400 * DAY);
    for (const u of L.units) {
      yield `${u.id}\t${u.parentId ?? N}\t${u.level}\t${u.code}\t${u.name}\t${u.path}\t${polygonText(u)}\t${secretaryOf.get(u.id)}\t${t}\t${t}\n`;
    }
  });
  await copyInto(client, 'member', ['id', 'unit_id', 'name', 'phone', 'party_member', 'responder', 'skills', 'active', 'created_at', 'updated_at'], function* () {
    const t = iso(ANCHOR - 400 * DAY);
    for (const m of members) {
      yield `${m.id}\t${m.unitId}\t${m.name}\t${m.phone}\t${m.party ? 't' : 'f'}\t${m.responder ? 't' : 'f'}\t{${m.skills.join(',')}}\tt\t${t}\t${t}\n`;
    }
  });

  // Users: the CITY_ADMIN the benchmark signs in as, then residents who report, then a
  // SECRETARY for every branch (scope: the branch; member: its secretary), who read their queue.
  const passwords = new PasswordService();
  const adminHash = await passwords.hash(ADMIN_PASSWORD);
  const secretaryHash = await passwords.hash(SECRETARY_PASSWORD);
  const residents = 1000 * streets / 10 >= 1 ? Math.round((1000 * streets) / 10) : 1;
  await copyInto(client, 'app_user', ['id', 'username', 'password_hash', 'role', 'scope_unit_id', 'member_id', 'name', 'phone'], function* () {
    yield `1\t${ADMIN_USERNAME}\t${adminHash}\tCITY_ADMIN\t${N}\t${N}\t市级管理员\t${N}\n`;
    for (let i = 0; i < residents; i++) {
      // Not a valid argon2 hash: these residents exist to have reported, not to sign in.
      yield `${i + 2}\tresident${String(i + 1).padStart(6, '0')}\t!bench-no-login\tRESIDENT\t${N}\t${N}\t${person()}\t${phone()}\n`;
    }
    let id = residents + 1;
    for (const b of L.branches) {
      yield `${++id}\t${secretaryUsername(b.code)}\t${secretaryHash}\tSECRETARY\t${b.id}\t${secretaryOf.get(b.id)}\t${b.name}书记\t${N}\n`;
    }
  });
  const users = residents + 1 + L.branches.length;

  // Requests and their events, streamed: 20,000 per street.
  const total = 20_000 * streets;
  const cyCount = L.courtyards.length;
  const events = []; // filled while generating requests, flushed to its own COPY after
  const branchOf = new Map(L.branches.map((b) => [b.id, b]));
  let maxEventsBuffered = 0;
  const descriptions = ['路灯不亮，晚上出行不便', '下水道堵塞，污水外溢', '路面破损有坑', '垃圾未及时清运', '楼道堆放杂物', '健身器材损坏', '绿化带缺水枯黄', '邻里噪音纠纷', '独居老人需要上门探访', '快递柜无法使用'];
  // Events go to a second COPY: generate requests in one pass and buffer their events as text
  // lines in chunks, so memory stays bounded: write events after requests in a second pass
  // from the same deterministic sequence instead (regenerate with the same seed).
  const requestRows = function* (emitEvents) {
    const r2 = mulberry32(seed ^ 0x9e3779b9);
    for (let i = 1; i <= total; i++) {
      const cy = L.courtyards[Math.floor(r2() * cyCount)];
      const ci = Math.floor(r2() * 10);
      const cat = catList[ci];
      const status = pickStatus(r2());
      const created = ANCHOR - Math.floor(r2() * 365 * DAY);
      const p = pointIn(cy, r2);
      const reporter = 2 + Math.floor(r2() * residents);
      const desc = descriptions[ci];
      const rating = 1 + Math.floor(r2() * 5);
      const fewerResponders = r2() < 0.5;
      const escalations = r2() < 0.1 ? 1 : 0;
      const assignee = respondersOf.get(cy.id) + responderFor(ci);
      const branch = branchOf.get(cy.branchId);
      const heldAt = created + 60_000;
      const acceptedAt = heldAt + Math.floor((cat.a * 60_000) / 2);
      const resolvedAt = acceptedAt + Math.floor((cat.r * 3_600_000) / 3);
      const closedAt = resolvedAt + 6 * 3_600_000;
      let unit = cy.id;
      let assigned = assignee;
      let acceptDue = N;
      let resolved = N;
      let closed = N;
      let rate = N;
      let version = 1;
      const ev = [];
      const e = (type, at, from, to, u, a, actor) => ev.push(`${i}\t${type}\t${iso(at)}\t${actor ?? N}\t${from ?? N}\t${to}\t${u ?? N}\t${a ?? N}\t${N}\t${version}\n`);
      const pendingAtBranch = status === 'PENDING_DISPATCH' || (status === 'CANCELLED' && fewerResponders);
      e('SUBMITTED', created, null, 'PENDING_DISPATCH', cy.id, null, reporter);
      if (pendingAtBranch) {
        unit = branch.id;
        assigned = N;
        e('ROUTED', created, 'PENDING_DISPATCH', 'PENDING_DISPATCH', branch.id, null, null);
        if (status === 'PENDING_DISPATCH') acceptDue = iso(heldAt + cat.a * 60_000);
        else {
          version++;
          e('CANCELLED', heldAt + 3_600_000, 'PENDING_DISPATCH', 'CANCELLED', branch.id, null, 1);
        }
      } else {
        e('ASSIGNED', created, 'PENDING_DISPATCH', 'ASSIGNED', cy.id, assignee, null);
        if (status === 'ASSIGNED') acceptDue = iso(heldAt + cat.a * 60_000);
        else if (status === 'CANCELLED') {
          version++;
          e('CANCELLED', heldAt + 3_600_000, 'ASSIGNED', 'CANCELLED', cy.id, assignee, reporter);
        } else {
          version++;
          e('ACCEPTED', acceptedAt, 'ASSIGNED', 'IN_PROGRESS', cy.id, assignee, null);
          if (status === 'RESOLVED' || status === 'CLOSED') {
            version++;
            resolved = iso(resolvedAt);
            e('RESOLVED', resolvedAt, 'IN_PROGRESS', 'RESOLVED', cy.id, assignee, null);
          }
          if (status === 'CLOSED') {
            version++;
            closed = iso(closedAt);
            rate = String(rating);
            e('CLOSED', closedAt, 'RESOLVED', 'CLOSED', cy.id, assignee, reporter);
          }
        }
      }
      if (emitEvents) {
        for (const line of ev) yield line;
        continue;
      }
      const assigneeCol = status === 'ASSIGNED' || status === 'IN_PROGRESS' ? assigned : status === 'PENDING_DISPATCH' ? N : assigned;
      const day = new Date(created).toISOString().slice(0, 10).replaceAll('-', '');
      yield [
        i,
        `SR-${day}-H${String(i).padStart(7, '0')}`,
        cat.id,
        desc,
        `(${p.lng},${p.lat})`,
        N,
        status,
        reporter,
        unit,
        cy.id,
        assigneeCol,
        assigned,
        iso(heldAt),
        acceptDue,
        acceptDue === N ? 'f' : 't', // past deadlines: already handled, so the escalation scan stays quiet
        iso(created + cat.r * 3_600_000),
        resolved,
        closed,
        escalations,
        0,
        rate,
        `bench-${i}`,
        iso(Math.max(created, status === 'CLOSED' ? closedAt : created)),
        version,
        iso(created),
      ].join('\t') + '\n';
    }
  };
  void events;
  void maxEventsBuffered;
  await copyInto(
    client,
    'service_request',
    ['id', 'number', 'category_id', 'description', 'location', 'address', 'status', 'reporter_user_id', 'unit_id', 'courtyard_id', 'assignee_member_id', 'last_assignee_member_id', 'held_since', 'accept_due_at', 'accept_due_handled', 'resolve_due_at', 'resolved_at', 'closed_at', 'escalation_count', 'rework_count', 'rating', 'content_hash', 'updated_at', 'version', 'created_at'],
    () => requestRows(false),
  );
  const requestsLoaded = performance.now();
  await copyInto(client, 'request_event', ['request_id', 'type', 'at', 'actor_user_id', 'from_status', 'to_status', 'unit_id', 'assignee_member_id', 'note', 'request_version'], () => requestRows(true));
  const eventsLoaded = performance.now();
  await loadVolunteers(client, seed, L);
  // The load skipped the triggers that keep volunteerStats' roll-ups: recounted once here.
  await client.query('SELECT volunteer_rollups_rebuild()');
  const volunteersLoaded = performance.now();
  for (const { indexdef } of idx) await client.query(indexdef);
  // The triggers that keep the request roll-ups in step were skipped (replica): recount them.
  await recountRollups(client);
  // JIT compiles OLTP statements whose row estimates are off (ltree <@ is estimated at a flat
  // fraction of the table) for hundreds of milliseconds: off for every side of the benchmark.
  await client.query(`ALTER DATABASE ${name} SET jit = off`);
  await client.query(`CREATE TABLE bench_meta (seed bigint, scale numeric, complete boolean, load_ms integer, format integer,
    max_request_id bigint, max_event_id bigint, max_user_id bigint, checksum jsonb)`);
  await client.query('COMMIT');
  const indexed = performance.now();
  for (const [seq, v] of [
    [`pg_get_serial_sequence('org_unit', 'id')`, L.units.length],
    [`pg_get_serial_sequence('member', 'id')`, memberId],
    [`pg_get_serial_sequence('app_user', 'id')`, users],
    [`pg_get_serial_sequence('service_request', 'id')`, total],
    // Not `total`: the server's number format breaks past 999,999 (see README); the history's
    // numbers carry an 'H' and cannot collide with the server's.
    [`'service_request_number_seq'`, 1],
  ]) {
    await client.query(`SELECT setval(${seq}, $1)`, [v]);
  }
  // VACUUM as well for the ledger: its index-only scans need the visibility map (bench/README.md, V1).
  await client.query('VACUUM (ANALYZE) volunteer, volunteer_hours_entry, volunteer_star_award, volunteer_period_stats, volunteer_unit_stats, volunteer_subtree_stats, volunteer_subtree_period_stats');
  await client.query('ANALYZE');
  const loadMs = Math.round(performance.now() - started);
  const maxEventId = (await client.query('SELECT max(id)::text AS m FROM request_event')).rows[0].m;
  const checksum = await cityChecksum(client);
  await client.query('INSERT INTO bench_meta VALUES ($1, $2, true, $3, $4, $5, $6, $7, $8)', [seed, scale, loadMs, FORMAT, total, maxEventId, users, checksum]);
  const counts = (
    await client.query(`SELECT (SELECT count(*) FROM org_unit)::int AS units, (SELECT count(*) FROM member)::int AS members,
      (SELECT count(*) FROM service_request)::int AS requests, (SELECT count(*) FROM request_event)::int AS events,
      (SELECT count(*) FROM volunteer)::int AS volunteers, (SELECT count(*) FROM volunteer_hours_entry)::int AS entries,
      (SELECT coalesce(sum(tenths), 0) / 10 FROM volunteer_hours_entry WHERE status = 'APPROVED')::bigint AS hours,
      (SELECT count(DISTINCT volunteer_id) FROM volunteer_star_award)::int AS starred`)
  ).rows[0];
  await client.end();
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  log(
    `${name}: ${counts.units} units, ${counts.members} members, ${counts.requests} requests, ${counts.events} events, ` +
      `${counts.volunteers} volunteers (${counts.starred} starred), ${counts.entries} hours entries (${counts.hours} approved hours); ` +
      `load ${s(loadMs)} (migrations ${s(migrated - started)}, requests ${s(requestsLoaded - migrated)}, events ${s(eventsLoaded - requestsLoaded)}, ` +
      `volunteers ${s(volunteersLoaded - eventsLoaded)}, indexes ${s(indexed - volunteersLoaded)}, analyze ${s(performance.now() - indexed)})`,
  );
  return { name, url, reused: false, loadMs, counts };
}

/**
 * What the scenarios read, table by table: the row count and a sum of row hashes over the
 * columns that carry the city's state (not versions or timestamps a no-op write bumps, nor
 * last_login_at); audit_log and the throttling tables by count. Order-independent and
 * streamed, so it costs one pass over each table. `md5` sums the whole up in one value.
 */
const CHECKSUMMED = {
  org_unit: 'id, parent_id, level, code, name, path, archived, secretary_member_id, boundary::text',
  member: 'id, unit_id, name, phone, party_member, responder, skills, active, last_assigned_at',
  app_user: 'id, username, role, scope_unit_id, member_id, active, token_version',
  service_category: 'id, code, name, accept_within_minutes, resolve_within_hours',
  service_request:
    'id, number, category_id, status, unit_id, courtyard_id, assignee_member_id, last_assignee_member_id, accept_due_at, accept_due_handled, resolve_due_at, version, created_at',
  request_event: 'id, request_id, type, to_status, unit_id, assignee_member_id',
  volunteer_org: 'id, kind, unit_id, active',
  volunteer: 'id, number, unit_id, active, approved_tenths',
  volunteer_membership: 'volunteer_id, org_id',
  volunteer_activity: 'id, org_id, unit_id, status, signup_count',
  volunteer_hours_entry: 'id, volunteer_id, tenths, source, status, service_date, activity_id, corrects_id',
  volunteer_star_award: 'id, volunteer_id, level, effective_at, revoked_at',
  audit_log: null,
  login_failure: null,
  rate_limit_window: null,
};

export async function cityChecksum(client) {
  const tables = {};
  for (const [table, columns] of Object.entries(CHECKSUMMED)) {
    const sql = columns
      ? `SELECT count(*)::text AS n, coalesce(sum(hashtextextended(ROW(${columns})::text, 0)::numeric), 0)::text AS h FROM ${table}`
      : `SELECT count(*)::text AS n, '' AS h FROM ${table}`;
    const { n, h } = (await client.query(sql)).rows[0];
    tables[table] = { rows: Number(n), hash: h };
  }
  return { tables, md5: createHash('md5').update(JSON.stringify(tables)).digest('hex') };
}

/**
 * Fills the requests module's per-quarter roll-ups (request_quarter_counts) from the base
 * tables, for writes that skipped its triggers; nothing before that migration existed.
 */
async function recountRollups(client) {
  if (!(await client.query(`SELECT to_regclass('request_quarter_counts') AS t`)).rows[0].t) return;
  await client.query('TRUNCATE request_quarter_counts');
  await client.query('INSERT INTO request_quarter_counts SELECT * FROM request_quarter_recount');
}

/**
 * Puts a generated city back the way it was generated, after scenarios that write: removes
 * the requests, events, accounts, audit entries and throttling rows added after generation,
 * forgets assignments marked on members, resets the sequences, then vacuums (so that every
 * side's index-only scans see all-visible pages again) and compares the checksum with the one
 * recorded at generation. Returns {ok, checksum, recorded}.
 */
export async function restoreCity(url) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const meta = (await c.query('SELECT * FROM bench_meta')).rows[0];
    await quiescent(c);
    await c.query('BEGIN');
    // request_event and audit_log refuse DELETE by trigger; replica mode skips user triggers.
    await c.query('SET LOCAL session_replication_role = replica');
    const events = await c.query('DELETE FROM request_event WHERE id > $1', [meta.max_event_id]);
    const requests = await c.query('DELETE FROM service_request WHERE id > $1', [meta.max_request_id]);
    // Deleted without the roll-ups' triggers (replica): their figures are counted again.
    if (events.rowCount + requests.rowCount > 0) await recountRollups(c);
    await c.query('DELETE FROM app_user WHERE id > $1', [meta.max_user_id]);
    await c.query('DELETE FROM audit_log');
    await c.query('DELETE FROM login_failure');
    await c.query('DELETE FROM rate_limit_window');
    await c.query('UPDATE member SET last_assigned_at = NULL WHERE last_assigned_at IS NOT NULL');
    await c.query('UPDATE app_user SET last_login_at = NULL WHERE last_login_at IS NOT NULL');
    await c.query('COMMIT');
    for (const [seq, v] of [
      [`pg_get_serial_sequence('service_request', 'id')`, meta.max_request_id],
      [`pg_get_serial_sequence('request_event', 'id')`, meta.max_event_id],
      [`pg_get_serial_sequence('app_user', 'id')`, meta.max_user_id],
      [`'service_request_number_seq'`, 1],
    ]) {
      await c.query(`SELECT setval(${seq}, $1)`, [v]);
    }
    await c.query(`VACUUM (ANALYZE) service_request, request_event, org_unit, member, app_user${(await c.query(`SELECT to_regclass('request_quarter_counts') AS t`)).rows[0].t ? ', request_quarter_counts' : ''}`);
    const checksum = await cityChecksum(c);
    return { ok: checksum.md5 === meta.checksum.md5, checksum, recorded: meta.checksum };
  } finally {
    await c.end();
  }
}

/**
 * Waits until no other client of the database is running a statement or holding a transaction
 * open, three checks in a row: answers a load generator gave up waiting for at the end of its
 * run may still be committing.
 */
async function quiescent(c, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 3) {
    if (Date.now() > until) throw new Error('the bench database stayed busy for 30 s after the load');
    const { n } = (
      await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity
                      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                        AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')`)
    ).rows[0];
    quiet = n === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A city in its generated state: generated if missing, otherwise restored and verified
 * against its checksum; generated again when it cannot be restored (say, a run cut short
 * between B4's two moves).
 */
export async function freshCity({ scale, seed = DEFAULT_SEED, log = console.log }) {
  let db = await generate({ scale, seed, log });
  let state = await restoreCity(db.url);
  if (!state.ok) {
    log(`${db.name}: differs from its generated state (${describeDifference(state.recorded, state.checksum)}): generating it again`);
    db = await generate({ scale, seed, force: true, log });
    state = await restoreCity(db.url);
    if (!state.ok) throw new Error(`${db.name}: a freshly generated city does not match its own checksum (${describeDifference(state.recorded, state.checksum)})`);
  }
  return { ...db, checksum: state.checksum };
}

export function describeDifference(recorded, now) {
  const diff = Object.keys(recorded.tables)
    .filter((t) => recorded.tables[t].rows !== now.tables[t]?.rows || recorded.tables[t].hash !== now.tables[t]?.hash)
    .map((t) => `${t} ${recorded.tables[t].rows} → ${now.tables[t]?.rows ?? '?'} rows${recorded.tables[t].rows === now.tables[t]?.rows ? ', contents' : ''}`);
  return diff.join('; ') || 'checksums differ';
}

function parseArgs(argv) {
  const args = { scale: 1, seed: DEFAULT_SEED, force: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--scale') args.scale = Number(argv[++i]);
    else if (argv[i] === '--seed') args.seed = Number(argv[++i]);
    else if (argv[i] === '--force') args.force = true;
  }
  if (!(args.scale > 0)) throw new Error('--scale must be a positive number');
  return args;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  generate(args)
    .then(async (db) => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const { checksum } = (await c.query('SELECT checksum FROM bench_meta')).rows[0];
      await c.end();
      const t = checksum.tables;
      console.log(`${db.name}: checksum ${checksum.md5} recorded in bench_meta (${Object.keys(t).map((k) => `${k} ${t[k].rows}`).join(', ')})`);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
