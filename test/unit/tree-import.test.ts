import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/common/csv.js';
import { demoTreeRows } from '../../src/modules/org/import/demo-tree.js';
import { formatProblem, parseTreeCsv, parseTreeGeoJson, treeFileFormat, type ParsedTree } from '../../src/modules/org/import/tree-file.js';
import { checkTree, type ExistingUnit } from '../../src/modules/org/import/tree-import.js';
import { OrgLevel } from '../../src/modules/org/org-unit.model.js';

const HEADER = 'code,parent_code,level,name';
const SQUARE = '"[[113.85,34.03],[113.86,34.03],[113.86,34.04],[113.85,34.04]]"';

/** Every problem of a parsed file plus the tree checks, as the CLI prints them. */
function problemsOf(parsed: ParsedTree, existing: ExistingUnit[] = []): string[] {
  const inDatabase = new Map(existing.map((unit) => [unit.code, unit]));
  return [...parsed.problems, ...checkTree(parsed.rows, inDatabase)]
    .sort((a, b) => (a.at?.number ?? 0) - (b.at?.number ?? 0))
    .map(formatProblem);
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\nlast,,\n');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 4, fields: ['last', '', ''] },
    ]);
  });

  it('drops a BOM, skips blank lines but counts them, and keeps a last record with no newline', () => {
    expect(parseCsv('\uFEFFa,b\n\n\nc,d')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['c', 'd'] },
    ]);
  });

  it('keeps a record made of one quoted empty field', () => {
    expect(parseCsv('a\n""\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [''] },
    ]);
  });

  it('refuses an unclosed quote, a quote inside a bare field and text after a closing quote, naming the line', () => {
    const failure = (text: string): [number, string] => {
      try {
        parseCsv(text);
      } catch (error) {
        if (error instanceof CsvSyntaxError) return [error.line, error.message];
        throw error;
      }
      throw new Error('parsed without an error');
    };
    expect(failure('a\nb\n"open,\nstill open')).toEqual([3, 'a quoted field is never closed']);
    expect(failure('a\nab"c\n')[0]).toBe(2);
    expect(failure('a\n"ab"c\n')).toEqual([2, 'text after the closing quote of a field']);
  });
});

describe('reading a CSV tree file', () => {
  it('reads rows, trims fields, treats an empty parent_code as none and opens a closed boundary ring', () => {
    const parsed = parseTreeCsv(
      [
        `\uFEFF${HEADER},boundary`,
        `BL,,STREET_COMMITTEE," 灞陵街道党委 ",`,
        `BL-01,BL,GENERAL_BRANCH,"第一网格党总支（延中社区, 23栋）","[[113.85,34.03],[113.86,34.03],[113.86,34.04],[113.85,34.03]]"`,
        `BL-01-01,BL-01,BRANCH,延中社区第一网格党支部,"[{""lat"":34.031,""lng"":113.851},{""lat"":34.031,""lng"":113.852},{""lat"":34.032,""lng"":113.852}]"`,
      ].join('\r\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.at.number, r.code, r.parentCode, r.level, r.name])).toEqual([
      [2, 'BL', null, OrgLevel.STREET_COMMITTEE, '灞陵街道党委'],
      [3, 'BL-01', 'BL', OrgLevel.GENERAL_BRANCH, '第一网格党总支（延中社区, 23栋）'],
      [4, 'BL-01-01', 'BL-01', OrgLevel.BRANCH, '延中社区第一网格党支部'],
    ]);
    expect(parsed.rows[0].boundary).toBeNull();
    expect(parsed.rows[1].boundary).toEqual([
      { lng: 113.85, lat: 34.03 },
      { lng: 113.86, lat: 34.03 },
      { lng: 113.86, lat: 34.04 },
    ]);
    expect(parsed.rows[2].boundary).toEqual([
      { lat: 34.031, lng: 113.851 },
      { lat: 34.031, lng: 113.852 },
      { lat: 34.032, lng: 113.852 },
    ]);
  });

  it('accepts the columns in any order and in any case', () => {
    const parsed = parseTreeCsv('NAME,Level,code,parent_code\n街道,STREET_COMMITTEE,S,\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ code: 'S', name: '街道', level: OrgLevel.STREET_COMMITTEE, parentCode: null });
  });

  it('reports a header without a required column, or with an unknown one, on line 1', () => {
    expect(problemsOf(parseTreeCsv('code,level,name,area\nS,STREET_COMMITTEE,街道,1\n'))).toEqual([
      'line 1: the header has no parent_code column',
      'line 1: unknown column "area" in the header (expected code, parent_code, level, name, boundary)',
    ]);
  });

  it('reports every bad row with its line and reason, and each rule once', () => {
    const csv = [
      `${HEADER},boundary`, // 1
      `S,,STREET_COMMITTEE,街道党委,`, // 2: good
      `G,S,GENERAL_BRANCH,第一网格党总支,`, // 3: good
      `B,G,BRANCH,支部,${SQUARE}`, // 4: good
      `,G,BRANCH,没有代码,`, // 5: no code
      `${'X'.repeat(65)},G,BRANCH,太长,`, // 6: code too long
      `N,G,BRANCH,${'名'.repeat(101)},`, // 7: name too long
      `C1,B,COURTYARD_GROUP,"tab\there",`, // 8: control character
      `L,G,TEAM,小组,`, // 9: unknown level
      `S2,S,STREET_COMMITTEE,第二街道,`, // 10: a street with a parent
      `G2,,GENERAL_BRANCH,没有上级,`, // 11: no parent
      `B2,B,BRANCH,上级级别不对,`, // 12: parent is a BRANCH
      `C2,NOPE,COURTYARD_GROUP,上级不存在,`, // 13: parent nowhere
      `B,G,BRANCH,重复,`, // 14: duplicate of line 4
      `C3,B,COURTYARD_GROUP,两个点,"[[113.85,34.03],[113.86,34.03]]"`, // 15: boundary too small
      `C4,B,COURTYARD_GROUP,经纬度颠倒,"[[34.03,113.85],[34.03,113.86],[34.04,113.86]]"`, // 16: lat out of range
      `C5,B,COURTYARD_GROUP,坏的边界,"[[113.85,34.03],[113.86,34.03],[113.86,34.04],[190,34]]"`, // 17: lng out of range
      `C6,B,COURTYARD_GROUP,不是JSON,[1,2]`, // 18: too many fields (unquoted commas)
      `C7,B,COURTYARD_GROUP,不是JSON,"not json"`, // 19
      `C8,B,COURTYARD_GROUP,好的,`, // 20: good
    ].join('\n');
    expect(problemsOf(parseTreeCsv(csv), [{ code: 'S', level: OrgLevel.STREET_COMMITTEE, archived: false }])).toEqual([
      'line 2: code S already exists in the database',
      'line 5: code is missing',
      `line 6: code has 65 characters, at most 64 are allowed`,
      'line 7: name has 101 characters, at most 100 are allowed',
      'line 8: name contains a control character',
      'line 9: level "TEAM" is not one of STREET_COMMITTEE, GENERAL_BRANCH, BRANCH, COURTYARD_GROUP',
      'line 10: a STREET_COMMITTEE has no parent, but parent_code is S',
      'line 11: a GENERAL_BRANCH needs a parent_code (its STREET_COMMITTEE)',
      'line 12: parent_code B is a BRANCH, a BRANCH needs a GENERAL_BRANCH',
      'line 13: parent_code NOPE is neither in the file nor in the database',
      'line 14: code B is already used on line 4',
      'line 15: boundary has 2 points (not counting a repeated first point), a polygon needs at least 3',
      'line 16: boundary point 1 has lat 113.85, outside -90..90',
      'line 16: boundary point 2 has lat 113.86, outside -90..90',
      'line 16: boundary point 3 has lat 113.86, outside -90..90',
      'line 17: boundary point 4 has lng 190, outside -180..180',
      'line 18: has 6 fields, the header has 5',
      'line 19: boundary is not valid JSON (expected an array of [lng, lat] pairs or {"lat", "lng"} objects)',
    ]);
  });

  it('numbers rows by the line they start on when a quoted field spans lines', () => {
    const parsed = parseTreeCsv(`${HEADER}\nS,,STREET_COMMITTEE,"街道\n党委"\nG,S,GENERAL_BRANCH,\n`);
    expect(problemsOf(parsed)).toEqual(['line 2: name contains a control character', 'line 4: name is missing']);
  });

  it('reports a syntax error with its line, and an empty file', () => {
    expect(problemsOf(parseTreeCsv(`${HEADER}\nS,,STREET_COMMITTEE,"街道\n`))).toEqual(['line 2: a quoted field is never closed']);
    expect(problemsOf(parseTreeCsv(''))).toEqual(['the file is empty: expected a header line code,parent_code,level,name']);
  });

  it('allows a parent that is only in the database, but not an archived one', () => {
    const parsed = parseTreeCsv(`${HEADER}\nB1,G,BRANCH,支部一\nB2,OLD,BRANCH,支部二\n`);
    expect(
      problemsOf(parsed, [
        { code: 'G', level: OrgLevel.GENERAL_BRANCH, archived: false },
        { code: 'OLD', level: OrgLevel.GENERAL_BRANCH, archived: true },
      ]),
    ).toEqual(['line 3: parent_code OLD is archived']);
  });

  it('accepts children listed before their parents', () => {
    const parsed = parseTreeCsv(`${HEADER}\nG,S,GENERAL_BRANCH,总支\nS,,STREET_COMMITTEE,街道\n`);
    expect(problemsOf(parsed)).toEqual([]);
  });
});

describe('reading a GeoJSON tree file', () => {
  const feature = (properties: Record<string, unknown>, geometry: unknown = null) => ({ type: 'Feature', properties, geometry });
  const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const polygon = (ring: number[][]) => ({ type: 'Polygon', coordinates: [ring, [[0, 0], [0, 1], [1, 1], [0, 0]]] });

  it('reads properties and the outer ring of a Polygon as [lng, lat], ignoring holes and altitudes', () => {
    const parsed = parseTreeGeoJson(
      `\uFEFF${collection(
        feature({ code: 'S', parent_code: null, level: 'STREET_COMMITTEE', name: '街道党委' }),
        feature(
          { code: 'G', parent_code: 'S', level: 'GENERAL_BRANCH', name: '总支' },
          polygon([
            [113.85, 34.03, 80],
            [113.86, 34.03, 80],
            [113.86, 34.04, 80],
            [113.85, 34.03, 80],
          ]),
        ),
      )}`,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.at, r.code, r.parentCode, r.level])).toEqual([
      [{ kind: 'feature', number: 1 }, 'S', null, OrgLevel.STREET_COMMITTEE],
      [{ kind: 'feature', number: 2 }, 'G', 'S', OrgLevel.GENERAL_BRANCH],
    ]);
    expect(parsed.rows[0].boundary).toBeNull();
    expect(parsed.rows[1].boundary).toEqual([
      { lng: 113.85, lat: 34.03 },
      { lng: 113.86, lat: 34.03 },
      { lng: 113.86, lat: 34.04 },
    ]);
  });

  it('reports every bad feature by its number', () => {
    const parsed = parseTreeGeoJson(
      collection(
        feature({ code: 'S', level: 'STREET_COMMITTEE', name: '街道' }), // 1: good
        { type: 'Point', coordinates: [1, 2] }, // 2
        feature({ code: 'G', parent_code: 'S', level: 'GENERAL_BRANCH', name: ['总支'] }), // 3
        feature({ code: 'G2', parent_code: 'S', level: 'GENERAL_BRANCH', name: '总支' }, { type: 'MultiPolygon', coordinates: [] }), // 4
        feature({ code: 'G3', parent_code: 'S', level: 'GENERAL_BRANCH', name: '总支' }, polygon([[200, 34], [113, 34], [113, 35]])), // 5
        feature({ code: 'B', parent_code: 'S', level: 'BRANCH', name: '支部' }), // 6
      ),
    );
    expect(problemsOf(parsed)).toEqual([
      'feature 2: is not a GeoJSON Feature',
      'feature 3: property name must be a string',
      'feature 3: name is missing',
      'feature 4: geometry must be a Polygon or null, not MultiPolygon',
      'feature 5: boundary point 1 has lng 200, outside -180..180',
      'feature 6: parent_code S is a STREET_COMMITTEE, a BRANCH needs a GENERAL_BRANCH',
    ]);
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(problemsOf(parseTreeGeoJson('{"type":"Feature"}'))).toEqual(['expected a GeoJSON FeatureCollection with a features array']);
    expect(problemsOf(parseTreeGeoJson('{oops'))[0]).toMatch(/^not valid JSON: /);
  });
});

describe('treeFileFormat', () => {
  it('tells the format from the extension', () => {
    expect(['a.csv', 'B.CSV', 'c.geojson', 'd.json', 'e.txt', 'csv'].map(treeFileFormat)).toEqual(['csv', 'csv', 'geojson', 'geojson', null, null]);
  });
});

describe('the demo street', () => {
  const rows = demoTreeRows();

  it('is a valid tree: 1 street, 4 general branches, 2-3 branches each, 3-5 courtyard groups per branch', () => {
    expect(checkTree(rows, new Map())).toEqual([]);
    const levels = rows.map((r) => r.level);
    expect(levels.filter((l) => l === OrgLevel.STREET_COMMITTEE)).toHaveLength(1);
    expect(levels.filter((l) => l === OrgLevel.GENERAL_BRANCH)).toHaveLength(4);
    const childCount = (code: string) => rows.filter((r) => r.parentCode === code).length;
    for (const general of rows.filter((r) => r.level === OrgLevel.GENERAL_BRANCH)) {
      expect(childCount(general.code)).toBeGreaterThanOrEqual(2);
      expect(childCount(general.code)).toBeLessThanOrEqual(3);
    }
    for (const branch of rows.filter((r) => r.level === OrgLevel.BRANCH)) {
      expect(childCount(branch.code)).toBeGreaterThanOrEqual(3);
      expect(childCount(branch.code)).toBeLessThanOrEqual(5);
    }
  });

  it('has sortable grid codes, parents listed before children, and the 延中小区 courtyards', () => {
    expect(rows.slice(0, 3).map((r) => r.code)).toEqual(['BL', 'BL-01', 'BL-01-01']);
    for (const row of rows) {
      expect(row.code).toMatch(/^BL(-\d{2}){0,3}$/);
      if (row.parentCode) expect(row.code.startsWith(`${row.parentCode}-`)).toBe(true);
    }
    const names = rows.map((r) => r.name);
    expect(names).toContain('灞陵街道党委');
    expect(names.filter((n) => n.startsWith('延中小区'))).toHaveLength(11);
    expect(names.some((n) => n.includes('23栋') && n.includes('618户'))).toBe(true);
  });

  it('stays within 34.02-34.04 N, 113.83-113.86 E and is the same on every call', () => {
    for (const point of rows.flatMap((r) => r.boundary ?? [])) {
      expect(point.lat).toBeGreaterThanOrEqual(34.02);
      expect(point.lat).toBeLessThanOrEqual(34.04);
      expect(point.lng).toBeGreaterThanOrEqual(113.83);
      expect(point.lng).toBeLessThanOrEqual(113.86);
    }
    expect(demoTreeRows()).toEqual(rows);
  });
});
