import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPgPolygon } from '../../../src/common/graphql/geo.js';
import { createDataSource } from '../../../src/database/data-source.js';
import { SqlLogger } from '../../../src/database/sql-logger.js';
import { seedDemoIfEmpty } from '../../../src/demo-seed.js';
import { demoTreeRows } from '../../../src/modules/org/import/demo-tree.js';
import { formatProblem, parseTreeFile, type ParsedTree, type TreeRow } from '../../../src/modules/org/import/tree-file.js';
import { importTree, TreeImportError } from '../../../src/modules/org/import/tree-import.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import { startTestServer } from '../../support/test-server.js';

interface StoredUnit {
  id: string;
  code: string;
  level: string;
  name: string;
  parent_code: string | null;
  path: string;
  expected_path: string;
  boundary: string | null;
}

/** A database of its own with its own pool; closes both at the end of the file. */
const opened: { db: TestDatabase; dataSource: DataSource }[] = [];
async function freshDatabase(sqlLogger = new SqlLogger()): Promise<{ db: TestDatabase; dataSource: DataSource }> {
  const db = await createTestDatabase();
  const dataSource = createDataSource({ url: db.url, poolSize: 4, logger: sqlLogger });
  await dataSource.initialize();
  opened.push({ db, dataSource });
  return { db, dataSource };
}
afterAll(async () => {
  for (const { db, dataSource } of opened) {
    await dataSource.destroy();
    await db.drop();
  }
});

/** Every unit whose code starts with `prefix`, with its parent's code and the path the tree implies. */
function storedUnits(dataSource: DataSource, prefix: string): Promise<StoredUnit[]> {
  return dataSource.query(
    `SELECT u.id::text AS id, u.code, u.level, u.name, p.code AS parent_code, u.path::text AS path,
            CASE WHEN p.id IS NULL THEN u.id::text ELSE p.path::text || '.' || u.id END AS expected_path,
            u.boundary::text AS boundary
       FROM org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id
      WHERE u.code LIKE $1 || '%' ORDER BY u.code`,
    [prefix],
  );
}

/** Checks that the database holds exactly `rows`, with their parents, paths and boundaries. */
async function expectStoredAsIn(dataSource: DataSource, prefix: string, rows: readonly TreeRow[]): Promise<void> {
  const stored = await storedUnits(dataSource, prefix);
  const expected = [...rows].sort((a, b) => (a.code < b.code ? -1 : 1));
  expect(stored.map((u) => [u.code, u.level, u.name, u.parent_code])).toEqual(
    expected.map((r) => [r.code, r.level, r.name, r.parentCode]),
  );
  for (const [index, unit] of stored.entries()) {
    expect(unit.path).toBe(unit.expected_path);
    const boundary = expected[index].boundary;
    expect(fromPgPolygon(unit.boundary)).toEqual(boundary ? [...boundary, boundary[0]] : null);
  }
}

function failureOf(promise: Promise<unknown>): Promise<string[]> {
  return promise.then(
    () => {
      throw new Error('the import succeeded');
    },
    (error: unknown) => {
      if (!(error instanceof TreeImportError)) throw error;
      return error.problems.map(formatProblem);
    },
  );
}

const readExample = (file: string) => readFileSync(new URL(`../../../examples/${file}`, import.meta.url), 'utf8');

describe('importing tree files', () => {
  let dataSource: DataSource;
  let sqlLogger: SqlLogger;
  beforeAll(async () => {
    sqlLogger = new SqlLogger();
    ({ dataSource } = await freshDatabase(sqlLogger));
  });

  it('imports examples/demo.csv whole, in a few statements, with parents, paths and boundaries', async () => {
    const parsed = parseTreeFile(readExample('demo.csv'), 'csv');
    expect(parsed.problems).toEqual([]);
    const before = sqlLogger.statementCount;
    const summary = await importTree(dataSource, parsed);
    // START TRANSACTION, SET TRANSACTION ISOLATION LEVEL, one locking read, one INSERT per
    // level, COMMIT: a fixed number, not one statement per row.
    expect(sqlLogger.statementCount - before).toBe(8);
    expect(summary).toEqual({ total: 13, byLevel: { STREET_COMMITTEE: 1, GENERAL_BRANCH: 2, BRANCH: 3, COURTYARD_GROUP: 7 } });
    await expectStoredAsIn(dataSource, 'GQY', parsed.rows);
    const [{ depth }] = await dataSource.query(`SELECT nlevel(path) AS depth FROM org_unit WHERE code = 'GQY-02-01-03'`);
    expect(depth).toBe(4);
  });

  it('imports examples/demo.geojson whole, closing rings as GeoJSON gives them', async () => {
    const parsed = parseTreeFile(readExample('demo.geojson'), 'geojson');
    expect(parsed.problems).toEqual([]);
    const summary = await importTree(dataSource, parsed);
    expect(summary.total).toBe(13);
    await expectStoredAsIn(dataSource, 'XD', parsed.rows);
    const [{ inside }] = await dataSource.query(
      `SELECT bool_and(p.boundary @> c.boundary) AS inside FROM org_unit c JOIN org_unit p ON p.id = c.parent_id WHERE c.code LIKE 'XD%'`,
    );
    expect(inside).toBe(true);
  });

  it('imports nothing when one row among good ones is bad, and names that row', async () => {
    const csv = [
      'code,parent_code,level,name',
      'NEW,,STREET_COMMITTEE,新街道党委',
      'NEW-01,NEW,GENERAL_BRANCH,第一网格党总支',
      'NEW-01-01,NEW-01,BRANCH,第一网格党支部',
      'NEW-01-02,NEW-01-01,BRANCH,错误的上级',
      'NEW-01-01-01,NEW-01-01,COURTYARD_GROUP,1号院党小组',
    ].join('\n');
    const problems = await failureOf(importTree(dataSource, parseTreeFile(csv, 'csv')));
    expect(problems).toEqual(['line 5: parent_code NEW-01-01 is a BRANCH, a BRANCH needs a GENERAL_BRANCH']);
    expect(await storedUnits(dataSource, 'NEW')).toEqual([]);
  });

  it('refuses codes already in the database, reporting each row', async () => {
    const csv = 'code,parent_code,level,name\nOK-1,,STREET_COMMITTEE,街道\nGQY-01,GQY,GENERAL_BRANCH,重复\n';
    expect(await failureOf(importTree(dataSource, parseTreeFile(csv, 'csv')))).toEqual([
      'line 3: code GQY-01 already exists in the database',
    ]);
    expect(await storedUnits(dataSource, 'OK-')).toEqual([]);
  });

  it('hangs new rows under parents already in the database', async () => {
    const csv = [
      'code,parent_code,level,name,boundary',
      'GQY-01-03,GQY-01,BRANCH,东城社区第三网格党支部,',
      'GQY-01-03-01,GQY-01-03,COURTYARD_GROUP,新建小区1号院党小组,"[[113.867,34.027],[113.868,34.027],[113.868,34.028]]"',
      'GQY-02-01-04,GQY-02-01,COURTYARD_GROUP,高桥营小区4号院党小组,',
    ].join('\n');
    const summary = await importTree(dataSource, parseTreeFile(csv, 'csv'));
    expect(summary.byLevel).toEqual({ STREET_COMMITTEE: 0, GENERAL_BRANCH: 0, BRANCH: 1, COURTYARD_GROUP: 2 });
    const units = await storedUnits(dataSource, 'GQY');
    const byCode = new Map(units.map((u) => [u.code, u]));
    expect(units).toHaveLength(16);
    expect(byCode.get('GQY-01-03')!.parent_code).toBe('GQY-01');
    expect(byCode.get('GQY-01-03-01')!.path).toBe(`${byCode.get('GQY-01-03')!.path}.${byCode.get('GQY-01-03-01')!.id}`);
    expect(byCode.get('GQY-02-01-04')!.path.startsWith(`${byCode.get('GQY-02-01')!.path}.`)).toBe(true);
    for (const unit of units) expect(unit.path).toBe(unit.expected_path);
  });

  it('refuses a parent that is archived in the database', async () => {
    await dataSource.query(`UPDATE org_unit SET archived = true, archived_at = now() WHERE code IN ('GQY-01-03-01', 'GQY-01-03')`);
    const csv = 'code,parent_code,level,name\nGQY-01-03-02,GQY-01-03,COURTYARD_GROUP,2号院党小组\n';
    expect(await failureOf(importTree(dataSource, parseTreeFile(csv, 'csv')))).toEqual(['line 2: parent_code GQY-01-03 is archived']);
  });

  it('reports a file with no units, or that cannot be read, without touching the database', async () => {
    const empty: ParsedTree = parseTreeFile('code,parent_code,level,name\n', 'csv');
    expect(await failureOf(importTree(dataSource, empty))).toEqual(['the file holds no units']);
    expect(await failureOf(importTree(dataSource, parseTreeFile('{"type":"Feature"}', 'geojson')))).toEqual([
      'expected a GeoJSON FeatureCollection with a features array',
    ]);
  });
});

describe('the demo seed', () => {
  const demoCount = demoTreeRows().length;

  it('loads the demo street into an empty tree once; a second call loads nothing', async () => {
    const { dataSource } = await freshDatabase();
    expect(await seedDemoIfEmpty(dataSource)).toBe(demoCount);
    expect(await seedDemoIfEmpty(dataSource)).toBe(0);
    await expectStoredAsIn(dataSource, 'BL', demoTreeRows());

    const [geometry] = await dataSource.query(`
      SELECT
        (SELECT bool_and(p.boundary @> c.boundary) FROM org_unit c JOIN org_unit p ON p.id = c.parent_id) AS nested,
        (SELECT count(*)::int FROM org_unit a JOIN org_unit b
            ON a.parent_id = b.parent_id AND a.id < b.id AND a.boundary && b.boundary) AS overlapping_siblings`);
    expect(geometry).toEqual({ nested: true, overlapping_siblings: 0 });
  });

  it('leaves a tree that already has units alone', async () => {
    const { dataSource } = await freshDatabase();
    await importTree(dataSource, parseTreeFile(readExample('demo.csv'), 'csv'));
    expect(await seedDemoIfEmpty(dataSource)).toBe(0);
    expect(await storedUnits(dataSource, 'BL')).toEqual([]);
  });

  it('loads exactly once when several instances seed at the same time', async () => {
    const { db } = await freshDatabase();
    const instances = await Promise.all(
      [1, 2, 3].map(async () => {
        const dataSource = createDataSource({ url: db.url, poolSize: 2 });
        await dataSource.initialize();
        return dataSource;
      }),
    );
    try {
      const loaded = await Promise.all(instances.map((dataSource) => seedDemoIfEmpty(dataSource)));
      expect([...loaded].sort((a, b) => b - a)).toEqual([demoCount, 0, 0]);
      const [{ n, distinct_codes }] = await instances[0].query(
        `SELECT count(*)::int AS n, count(DISTINCT code)::int AS distinct_codes FROM org_unit`,
      );
      expect({ n, distinct_codes }).toEqual({ n: demoCount, distinct_codes: demoCount });
    } finally {
      await Promise.all(instances.map((dataSource) => dataSource.destroy()));
    }
  });

  it('is served by the API when the server starts with SEED_DEMO=true', async () => {
    const server = await startTestServer({ SEED_DEMO: 'true' });
    try {
      const res = await server.gql(`{ orgUnit(code: "BL-01-02-03") { name level ancestors { code name } boundary { lat lng } } }`);
      expect(res.body.errors).toBeUndefined();
      const unit = res.body.data.orgUnit;
      expect(unit.level).toBe('COURTYARD_GROUP');
      expect(unit.name).toMatch(/^延中小区\d+号院党小组/);
      expect(unit.ancestors.map((a: { code: string }) => a.code)).toEqual(['BL', 'BL-01', 'BL-01-02']);
      expect(unit.ancestors[0].name).toBe('灞陵街道党委');
      expect(unit.boundary).toHaveLength(5);
    } finally {
      await server.stop();
    }
  });
});
