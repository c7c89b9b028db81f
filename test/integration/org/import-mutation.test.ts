import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, createMember, type Street } from '../../support/fixtures.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/** importOrgUnits: the CLI's tree import over GraphQL, for the console's import dialog. */
const IMPORT = `mutation($i: ImportOrgUnitsInput!) {
  importOrgUnits(input: $i) { imported total byLevel { level count } problems { line feature message text } }
}`;

let server: TestServer;
let street: Street;
let otherStreet: Street;
let streetAdmin: string;
let secretary: string;
beforeAll(async () => {
  server = await startTestServer();
  street = await buildStreet(server, 'IMA', 30, 110);
  otherStreet = await buildStreet(server, 'IMB', 35, 115);
  streetAdmin = (await createAccount(server, { username: 'ima-admin', role: 'STREET_ADMIN', scopeUnitId: street.street })).token;
  secretary = (await createAccount(server, { username: 'ima-sec', role: 'SECRETARY', scopeUnitId: street.branch })).token;
  await createMember(server, street.branch, { name: '成员' });
});
afterAll(async () => {
  await server?.stop();
});

const unitCodes = async (prefix: string) =>
  (await server.dataSource.query(`SELECT code FROM org_unit WHERE code LIKE $1 ORDER BY code`, [`${prefix}%`])).map((r: { code: string }) => r.code);

describe('importOrgUnits', () => {
  it('imports the example CSV whole and answers the counts per level, as the CLI does', async () => {
    const text = readFileSync(new URL('../../../examples/demo.csv', import.meta.url), 'utf8');
    const res = await server.gql(IMPORT, { i: { text, format: 'CSV' } });
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data.importOrgUnits;
    expect(report).toMatchObject({ imported: true, total: 13, problems: [] });
    expect(report.byLevel).toEqual([
      { level: 'STREET_COMMITTEE', count: 1 },
      { level: 'GENERAL_BRANCH', count: 2 },
      { level: 'BRANCH', count: 3 },
      { level: 'COURTYARD_GROUP', count: 7 },
    ]);
    expect(await unitCodes('GQY')).toHaveLength(13);
  });

  it('imports GeoJSON too', async () => {
    const text = readFileSync(new URL('../../../examples/demo.geojson', import.meta.url), 'utf8');
    const res = await server.gql(IMPORT, { i: { text, format: 'GEOJSON' } });
    expect(res.body.data.importOrgUnits).toMatchObject({ imported: true, total: 13 });
    expect(await unitCodes('XD')).toHaveLength(13);
  });

  it('imports nothing from a file with bad rows and names every one by its line', async () => {
    const text = [
      'code,parent_code,level,name',
      'IMA-01-01-10,IMA-01-01,COURTYARD_GROUP,好院',
      'IMA-01-01-11,IMA-NOPE,COURTYARD_GROUP,无父',
      'IMA-01-01-10,IMA-01-01,COURTYARD_GROUP,重复',
      'IMA-01-01-12,IMA-01-01,VILLAGE,坏级别',
    ].join('\n');
    const res = await server.gql(IMPORT, { i: { text, format: 'CSV' } }, streetAdmin);
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data.importOrgUnits;
    expect(report.imported).toBe(false);
    expect(report.total).toBe(0);
    expect(report.problems.map((p: { line: number }) => p.line)).toEqual([3, 4, 5]);
    expect(report.problems[0].text).toBe('line 3: parent_code IMA-NOPE is neither in the file nor in the database');
    expect(report.problems[1].message).toContain('already used on line 2');
    expect(report.problems.every((p: { feature: number | null }) => p.feature === null)).toBe(true);
    expect(await unitCodes('IMA-01-01-1')).toEqual([]);
  });

  it('reports a file it cannot read, and an empty one, without importing', async () => {
    const broken = await server.gql(IMPORT, { i: { text: '{"type": "FeatureCollection", "features": [', format: 'GEOJSON' } });
    expect(broken.body.data.importOrgUnits.imported).toBe(false);
    expect(broken.body.data.importOrgUnits.problems).toHaveLength(1);
    const empty = await server.gql(IMPORT, { i: { text: 'code,parent_code,level,name\n', format: 'CSV' } });
    expect(empty.body.data.importOrgUnits.problems.map((p: { text: string }) => p.text)).toEqual(['the file holds no units']);
  });

  it("lets a STREET_ADMIN import under their own street, and audits it", async () => {
    const text = 'code,parent_code,level,name\nIMA-01-01-20,IMA-01-01,COURTYARD_GROUP,二十号院党小组\n';
    const res = await server.gql(IMPORT, { i: { text, format: 'CSV' } }, streetAdmin);
    expect(res.body.data.importOrgUnits).toMatchObject({ imported: true, total: 1 });
    const audit = await server.dataSource.query(`SELECT action FROM audit_log WHERE action = 'ORG_UNITS_IMPORTED'`);
    expect(audit.length).toBeGreaterThan(0);
  });

  it("answers NOT_FOUND to a STREET_ADMIN naming a parent in another street, and FORBIDDEN for a street committee", async () => {
    const outside = await server.gql(
      IMPORT,
      { i: { text: 'code,parent_code,level,name\nIMB-01-01-30,IMB-01-01,COURTYARD_GROUP,越界\n', format: 'CSV' } },
      streetAdmin,
    );
    expect(outside.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const streetRow = await server.gql(
      IMPORT,
      { i: { text: 'code,parent_code,level,name\nIMC,,STREET_COMMITTEE,新街道\n', format: 'CSV' } },
      streetAdmin,
    );
    expect(streetRow.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await unitCodes('IMB-01-01-3')).toEqual([]);
    expect(await unitCodes('IMC')).toEqual([]);
    expect(otherStreet.branch).toBeTruthy();
  });

  it('refuses a SECRETARY (FORBIDDEN), anonymous callers (UNAUTHENTICATED) and a bad format (BAD_USER_INPUT-like validation)', async () => {
    const text = 'code,parent_code,level,name\nIMA-01-01-40,IMA-01-01,COURTYARD_GROUP,四十号院\n';
    const bySecretary = await server.gql(IMPORT, { i: { text, format: 'CSV' } }, secretary);
    expect(bySecretary.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await server.gql(IMPORT, { i: { text, format: 'CSV' } }, null);
    expect(anonymous.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const tooLong = await server.gql(IMPORT, { i: { text: 'x'.repeat(900_001), format: 'CSV' } });
    expect(tooLong.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(await unitCodes('IMA-01-01-4')).toEqual([]);
  });
});
