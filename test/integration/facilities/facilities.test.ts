import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFacilities, parseFacilityFile } from '../../../src/modules/facilities/index.js';
import { importTree, parseTreeFile } from '../../../src/modules/org/index.js';
import { buildStreet, createAccount, registerResident, type Street } from '../../support/fixtures.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * The README's "Facilities": the shipped catalogue, facilities per courtyard (who may create
 * and change them), coverage with the courtyards lacking a type, courtyard moves carrying
 * their facilities, archiving refused while facilities stand, and the file import.
 */

let server: TestServer;
let a: Street;
let b: Street;
let secretaryA: { token: string; id: string };
let secretaryB: { token: string; id: string };
let resident: { token: string; id: string };

const FACILITY = `id code name status location { lat lng } installedAt type { code name defaultCategoryCode } courtyard { id code }`;
const CREATE = `mutation($i: CreateFacilityInput!) { createFacility(input: $i) { ${FACILITY} } }`;
const UPDATE = `mutation($i: UpdateFacilityInput!) { updateFacility(input: $i) { ${FACILITY} } }`;
let counter = 0;
const code = (prefix = 'F') => `${prefix}-${++counter}-${Date.now() % 100000}`;

async function create(input: Record<string, unknown>, token?: string) {
  const res = await server.gql(CREATE, { i: { typeCode: 'PARCEL_LOCKER', code: code(), name: '智能快递柜', ...input } }, token);
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.createFacility;
}

async function createUnit(input: Record<string, unknown>): Promise<string> {
  const res = await server.gql(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: input });
  if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
  return res.body.data.createOrgUnit.id;
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '100000' });
  a = await buildStreet(server, 'FA', 24, 104);
  b = await buildStreet(server, 'FB', 26, 104);
  secretaryA = await createAccount(server, { username: 'fac-sec-a', role: 'SECRETARY', scopeUnitId: a.branch });
  secretaryB = await createAccount(server, { username: 'fac-sec-b', role: 'SECRETARY', scopeUnitId: b.branch });
  resident = await registerResident(server, 'fac-resident');
});
afterAll(async () => {
  await server?.stop();
});

describe('facility types', () => {
  it('ships the catalogue: parcel lockers, fitness equipment, ramps, garbage sorting points, street lights, EV chargers', async () => {
    const res = await server.gql(`{ facilityTypes { code name defaultCategoryCode } }`, {}, resident.token);
    const codes = res.body.data.facilityTypes.map((t: { code: string }) => t.code);
    expect(codes).toEqual(
      expect.arrayContaining(['PARCEL_LOCKER', 'FITNESS_EQUIPMENT', 'ACCESSIBILITY_RAMP', 'GARBAGE_SORTING_POINT', 'STREET_LIGHT', 'EV_CHARGER']),
    );
    expect(res.body.data.facilityTypes).toContainEqual({ code: 'STREET_LIGHT', name: '路灯', defaultCategoryCode: 'STREET_LIGHT' });
  });

  it('a CITY_ADMIN adds and changes a type; a category that does not exist is BAD_USER_INPUT; others are FORBIDDEN', async () => {
    const upsert = `mutation($i: UpsertFacilityTypeInput!) { upsertFacilityType(input: $i) { code name defaultCategoryCode } }`;
    let res = await server.gql(upsert, { i: { code: 'BIKE_SHED', name: '自行车棚', defaultCategoryCode: 'FACILITY' } });
    expect(res.body.data.upsertFacilityType).toEqual({ code: 'BIKE_SHED', name: '自行车棚', defaultCategoryCode: 'FACILITY' });
    res = await server.gql(upsert, { i: { code: 'BIKE_SHED', name: '非机动车棚' } });
    expect(res.body.data.upsertFacilityType).toEqual({ code: 'BIKE_SHED', name: '非机动车棚', defaultCategoryCode: null });
    res = await server.gql(upsert, { i: { code: 'BIKE_SHED', name: 'x', defaultCategoryCode: 'NO_SUCH' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('defaultCategoryCode');
    res = await server.gql(upsert, { i: { code: 'BIKE_SHED', name: 'x' } }, secretaryA.token);
    expect(errorCode(res)).toBe('FORBIDDEN');
    res = await server.gql(upsert, { i: { code: 'bad code!', name: 'x' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});

describe('facilities of a courtyard', () => {
  it('staff in scope create one; everyone signed in reads it by id, code, node and the units above', async () => {
    const f = await create({ courtyardId: a.courtyard, location: { lat: 24.01, lng: 104.01 }, installedAt: '2024-05-01T00:00:00Z' }, secretaryA.token);
    expect(f).toMatchObject({ status: 'IN_SERVICE', location: { lat: 24.01, lng: 104.01 }, installedAt: '2024-05-01T00:00:00.000Z', courtyard: { id: a.courtyard } });
    expect(f.type.code).toBe('PARCEL_LOCKER');
    const read = await server.gql(
      `query($id: ID!, $c: String, $u: ID!) { facility(id: $id) { code } byCode: facility(code: $c) { id } node(id: $id) { ... on Facility { code } }
         orgUnit(id: $u) { facilities(first: 100) { totalCount nodes { id } } } }`,
      { id: f.id, c: f.code, u: a.general },
      resident.token,
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.facility).toEqual({ code: f.code });
    expect(read.body.data.byCode).toEqual({ id: f.id });
    expect(read.body.data.node).toEqual({ code: f.code });
    expect(read.body.data.orgUnit.facilities.nodes).toContainEqual({ id: f.id });
  });

  it('refuses: a duplicate code (CONFLICT), a unit that is not a courtyard (BAD_USER_INPUT), a courtyard outside scope (NOT_FOUND), a resident (FORBIDDEN), an unknown type', async () => {
    const f = await create({ courtyardId: a.courtyard });
    let res = await server.gql(CREATE, { i: { courtyardId: a.emptyCourtyard, typeCode: 'PARCEL_LOCKER', code: f.code, name: 'x' } });
    expect(errorCode(res)).toBe('CONFLICT');
    res = await server.gql(CREATE, { i: { courtyardId: a.branch, typeCode: 'PARCEL_LOCKER', code: code(), name: 'x' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    res = await server.gql(CREATE, { i: { courtyardId: b.courtyard, typeCode: 'PARCEL_LOCKER', code: code(), name: 'x' } }, secretaryA.token);
    expect(errorCode(res)).toBe('NOT_FOUND');
    res = await server.gql(CREATE, { i: { courtyardId: a.courtyard, typeCode: 'PARCEL_LOCKER', code: code(), name: 'x' } }, resident.token);
    expect(errorCode(res)).toBe('FORBIDDEN');
    res = await server.gql(CREATE, { i: { courtyardId: a.courtyard, typeCode: 'NOPE', code: code(), name: 'x' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].extensions?.field).toBe('typeCode');
  });

  it('updates name, location and status; moves it to another courtyard in scope; out of scope it is FORBIDDEN (the facility is seen), the target NOT_FOUND', async () => {
    const f = await create({ courtyardId: a.courtyard });
    let res = await server.gql(UPDATE, { i: { id: f.id, name: '东门快递柜', status: 'OUT_OF_SERVICE', location: { lat: 24.02, lng: 104.02 } } }, secretaryA.token);
    expect(res.body.data.updateFacility).toMatchObject({ name: '东门快递柜', status: 'OUT_OF_SERVICE', location: { lat: 24.02, lng: 104.02 } });
    res = await server.gql(UPDATE, { i: { id: f.id, courtyardId: a.emptyCourtyard } }, secretaryA.token);
    expect(res.body.data.updateFacility).toMatchObject({ name: '东门快递柜', courtyard: { id: a.emptyCourtyard }, location: { lat: 24.02, lng: 104.02 } });
    res = await server.gql(UPDATE, { i: { id: f.id, name: 'nope' } }, secretaryB.token);
    expect(errorCode(res)).toBe('FORBIDDEN');
    res = await server.gql(UPDATE, { i: { id: f.id, courtyardId: b.courtyard } }, secretaryA.token);
    expect(errorCode(res)).toBe('NOT_FOUND');
    res = await server.gql(UPDATE, { i: { id: f.id, name: 'nope' } }, resident.token);
    expect(errorCode(res)).toBe('FORBIDDEN');
    const [row] = await server.dataSource.query(`SELECT name FROM facility WHERE code = $1`, [f.code]);
    expect(row.name).toBe('东门快递柜');
  });

  it("follows its courtyard's move to another branch: it is then listed under the new branch", async () => {
    const branch2 = await createUnit({ parentId: a.general, code: 'FA-01-02', name: '第二党支部' });
    const yard = await createUnit({ parentId: a.branch, code: 'FA-01-01-09', name: '9号院党小组' });
    const f = await create({ courtyardId: yard, typeCode: 'EV_CHARGER' });
    const move = await server.gql(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: yard, newParentId: branch2 } });
    expect(move.body.errors).toBeUndefined();
    const list = `query($u: ID!) { orgUnit(id: $u) { facilities(first: 100, typeCode: "EV_CHARGER") { nodes { id courtyard { id } } } } }`;
    expect((await server.gql(list, { u: branch2 })).body.data.orgUnit.facilities.nodes).toEqual([{ id: f.id, courtyard: { id: yard } }]);
    expect((await server.gql(list, { u: a.branch })).body.data.orgUnit.facilities.nodes).toEqual([]);
  });

  it('an archive of a courtyard with facilities in place is refused (CONFLICT); once they are REMOVED it goes through', async () => {
    const yard = await createUnit({ parentId: a.branch, code: 'FA-01-01-07', name: '7号院党小组' });
    const f = await create({ courtyardId: yard, typeCode: 'FITNESS_EQUIPMENT' });
    const archive = `mutation($i: ArchiveOrgUnitInput!) { archiveOrgUnit(input: $i) { archived } }`;
    let res = await server.gql(archive, { i: { id: yard } });
    expect(errorCode(res)).toBe('CONFLICT');
    await server.gql(UPDATE, { i: { id: f.id, status: 'REMOVED' } });
    res = await server.gql(archive, { i: { id: yard } });
    expect(res.body.data.archiveOrgUnit).toEqual({ archived: true });
    res = await server.gql(CREATE, { i: { courtyardId: yard, typeCode: 'PARCEL_LOCKER', code: code(), name: 'x' } });
    expect(errorCode(res)).toBe('CONFLICT');
  });

  it('the database refuses a facility outside a courtyard group', async () => {
    await expect(
      server.dataSource.query(
        `INSERT INTO facility (code, type_id, name, courtyard_id) SELECT 'SQL-1', t.id, 'x', u.id FROM facility_type t, org_unit u WHERE t.code = 'EV_CHARGER' AND u.code = 'FA-01'`,
      ),
    ).rejects.toThrow(/courtyard group/);
  });

  it('filters by type and status, pages by code', async () => {
    const yard = await createUnit({ parentId: b.branch, code: 'FB-01-01-05', name: '5号院党小组' });
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await create({ courtyardId: yard, typeCode: 'STREET_LIGHT', code: `FB5-SL-${i}` }));
    await server.gql(UPDATE, { i: { id: made[2].id, status: 'OUT_OF_SERVICE' } });
    const page = `query($u: ID!, $after: String, $s: [FacilityStatus!]) { orgUnit(id: $u) {
      facilities(typeCode: "STREET_LIGHT", status: $s, first: 2, after: $after) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } } }`;
    const first = (await server.gql(page, { u: yard })).body.data.orgUnit.facilities;
    expect(first).toMatchObject({ totalCount: 3, nodes: [{ code: 'FB5-SL-0' }, { code: 'FB5-SL-1' }], pageInfo: { hasNextPage: true } });
    const second = (await server.gql(page, { u: yard, after: first.pageInfo.endCursor })).body.data.orgUnit.facilities;
    expect(second.nodes).toEqual([{ code: 'FB5-SL-2' }]);
    const inService = (await server.gql(page, { u: yard, s: ['IN_SERVICE'] })).body.data.orgUnit.facilities;
    expect(inService.totalCount).toBe(2);
  });
});

describe('facilityCoverage', () => {
  it('per type: the live courtyards of the subtree, those with one in service, and those lacking one (by code)', async () => {
    const general = await createUnit({ code: 'CV', name: '覆盖街道党委' }).catch(() => undefined);
    const street = general!;
    const g = await createUnit({ parentId: street, code: 'CV-01', name: '总支' });
    const br = await createUnit({ parentId: g, code: 'CV-01-01', name: '支部' });
    const y1 = await createUnit({ parentId: br, code: 'CV-01-01-01', name: '1号院' });
    const y2 = await createUnit({ parentId: br, code: 'CV-01-01-02', name: '2号院' });
    const y3 = await createUnit({ parentId: br, code: 'CV-01-01-03', name: '3号院' });
    await create({ courtyardId: y1, typeCode: 'PARCEL_LOCKER' });
    const broken = await create({ courtyardId: y2, typeCode: 'PARCEL_LOCKER' });
    await server.gql(UPDATE, { i: { id: broken.id, status: 'OUT_OF_SERVICE' } });
    await create({ courtyardId: y3, typeCode: 'STREET_LIGHT' });
    const res = await server.gql(
      `query($u: ID!) { orgUnit(id: $u) { facilityCoverage { type { code } courtyards courtyardsWithType lacking { code } } } }`,
      { u: br },
      resident.token,
    );
    const byType = Object.fromEntries(res.body.data.orgUnit.facilityCoverage.map((c: any) => [c.type.code, c]));
    expect(byType.PARCEL_LOCKER).toEqual({ type: { code: 'PARCEL_LOCKER' }, courtyards: 3, courtyardsWithType: 1, lacking: [{ code: 'CV-01-01-02' }, { code: 'CV-01-01-03' }] });
    expect(byType.STREET_LIGHT).toMatchObject({ courtyards: 3, courtyardsWithType: 1, lacking: [{ code: 'CV-01-01-01' }, { code: 'CV-01-01-02' }] });
    expect(byType.EV_CHARGER).toMatchObject({ courtyards: 3, courtyardsWithType: 0 });
    expect(Object.keys(byType)).toEqual(expect.arrayContaining(['FITNESS_EQUIPMENT', 'ACCESSIBILITY_RAMP', 'GARBAGE_SORTING_POINT']));
  });
});

describe('the import', () => {
  it('imports the example CSV and GeoJSON into the example tree, all or none', async () => {
    const tree = parseTreeFile(readFileSync('examples/demo.csv', 'utf8'), 'csv');
    await importTree(server.dataSource, tree);
    const csv = parseFacilityFile(readFileSync('examples/facilities.csv', 'utf8'), 'csv');
    const geo = parseFacilityFile(readFileSync('examples/facilities.geojson', 'utf8'), 'geojson');
    expect(csv.problems).toEqual([]);
    expect(geo.problems).toEqual([]);
    expect(await server.dataSource.transaction((tx) => importFacilities(tx, csv.rows))).toEqual({ imported: 3, problems: [] });
    expect(await server.dataSource.transaction((tx) => importFacilities(tx, geo.rows))).toEqual({ imported: 2, problems: [] });
    const rows = await server.dataSource.query(`SELECT f.code, f.location::text AS location FROM facility f WHERE f.code LIKE 'GQY-%' ORDER BY f.code`);
    expect(rows.map((r: { code: string }) => r.code)).toEqual(['GQY-01-01-01-AR1', 'GQY-01-01-01-FE1', 'GQY-01-01-01-GS1', 'GQY-01-01-01-PL1', 'GQY-01-01-01-SL1']);
    expect(rows.find((r: { code: string }) => r.code === 'GQY-01-01-01-FE1').location).toBe('(113.8676,34.0352)');
    // Again: every code is taken, nothing is written.
    const again = await server.dataSource.transaction((tx) => importFacilities(tx, csv.rows));
    expect(again.imported).toBe(0);
    expect(again.problems.map((p) => p.at)).toEqual(['line 2', 'line 3', 'line 4']);
  });

  it('names each bad row by its line or feature', () => {
    const csv = parseFacilityFile('code,type_code,name,courtyard_code,lat\nX1,PARCEL_LOCKER,柜,BL-01,34\nbad code,PARCEL_LOCKER,柜,BL-01,\n', 'csv');
    expect(csv.problems.map((p) => `${p.at}: ${p.message}`)).toEqual(['line 2: give both lat and lng, or neither', 'line 3: code must be 1-64 letters, digits or _ . -']);
    const geo = parseFacilityFile(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'X', type_code: 'EV_CHARGER', name: 'n', courtyard_code: 'C' }, geometry: { type: 'Polygon', coordinates: [] } }] }), 'geojson');
    expect(geo.problems).toEqual([{ at: 'feature 1', message: 'the geometry must be a Point [lng, lat] or null' }]);
  });

  it('refuses the whole file for one unknown courtyard or type', async () => {
    const parsed = parseFacilityFile('code,type_code,name,courtyard_code\nIMP-OK,PARCEL_LOCKER,柜,FA-01-01-01\nIMP-BAD,PARCEL_LOCKER,柜,NO-SUCH\nIMP-T,NOPE,柜,FA-01-01-01\n', 'csv');
    const result = await server.dataSource.transaction((tx) => importFacilities(tx, parsed.rows));
    expect(result).toEqual({ imported: 0, problems: [{ at: 'line 3', message: 'no unit "NO-SUCH"' }, { at: 'line 4', message: 'no facility type "NOPE"' }] });
    expect(await server.dataSource.query(`SELECT code FROM facility WHERE code LIKE 'IMP-%'`)).toEqual([]);
  });

  it('npm run cli -- import-facilities: a CSV file whole, then the same file refused with its lines, the audit log told', async () => {
    const cli = (file: string) =>
      promisify(execFile)('node', ['dist/src/cli.js', 'import-facilities', file], { env: { ...process.env, DATABASE_URL: server.db.url, LOG_LEVEL: 'silent' } }).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e) => ({ code: e.code as number, out: e.stdout as string, err: e.stderr as string }),
      );
    const dir = mkdtempSync(join(tmpdir(), 'import-facilities-'));
    const file = join(dir, 'lights.csv');
    writeFileSync(file, 'code,type_code,name,courtyard_code,lat,lng\nCLI-SL-1,STREET_LIGHT,路灯一,FB-01-01-01,26.01,104.01\nCLI-SL-2,STREET_LIGHT,"路灯二, 东侧",FB-01-01-01,,\n');
    const first = await cli(file);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/imported 2 facilities/);
    const again = await cli(file);
    expect(again.code).toBe(1);
    expect(again.err).toContain('line 2: facility code "CLI-SL-1" is taken');
    expect(again.err).toContain('line 3: facility code "CLI-SL-2" is taken');
    const audit = await server.dataSource.query(`SELECT summary->>'imported' AS n FROM audit_log WHERE action = 'FACILITIES_IMPORTED'`);
    expect(audit).toEqual([{ n: '2' }]);
  });
});
