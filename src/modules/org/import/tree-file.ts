import { openRing, type GeoPointInput } from '../../../common/graphql/geo.js';
import { LEVELS_TOP_DOWN, OrgLevel } from '../org-unit.model.js';
import { CsvSyntaxError, parseCsv } from '../../../common/csv.js';

/**
 * Reading a tree file into rows, and every check that needs nothing but the row itself.
 * Checks that need the other rows or the database are in tree-import.ts.
 *
 * CSV: a header naming the columns `code,parent_code,level,name` and optionally
 * `boundary` (any order, names case-insensitive), RFC 4180 quoting, UTF-8 with or without
 * a BOM. `boundary` is empty or a JSON array of points, each either a GeoJSON-style
 * `[lng, lat]` pair or a `{"lat": …, "lng": …}` object; the ring may repeat its first point
 * at the end. Rows are numbered by the file line they start on, the header being line 1.
 *
 * GeoJSON: a FeatureCollection whose features carry the same four properties and a
 * Polygon geometry (outer ring used, holes ignored, positions `[lng, lat]`) or a null
 * geometry. Rows are numbered by feature, from 1.
 */

export type TreeFileFormat = 'csv' | 'geojson';

/** Where a row came from: a CSV line, a GeoJSON feature, or a record built in code. */
export interface RowRef {
  kind: 'line' | 'feature' | 'record';
  number: number;
}

/** What is wrong with one row, or with the whole file when `at` is null. */
export interface ImportProblem {
  at: RowRef | null;
  message: string;
}

export interface TreeRow {
  at: RowRef;
  code: string;
  parentCode: string | null;
  /** Null when the file's level is not one of the four (that is reported as a problem). */
  level: OrgLevel | null;
  name: string;
  /** An open ring: the closing point, when given, is dropped. */
  boundary: GeoPointInput[] | null;
}

export interface ParsedTree {
  rows: TreeRow[];
  problems: ImportProblem[];
}

const MAX_CODE = 64;
const MAX_NAME = 100;
/** The database's own limit (org_unit_boundary_size). */
const MAX_BOUNDARY_POINTS = 10_000;
const REQUIRED_COLUMNS = ['code', 'parent_code', 'level', 'name'] as const;
const OPTIONAL_COLUMNS = ['boundary'] as const;

/** The format a file name implies: .csv, or .geojson/.json; null for anything else. */
export function treeFileFormat(fileName: string): TreeFileFormat | null {
  const extension = fileName.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'csv') return 'csv';
  if (extension === 'geojson' || extension === 'json') return 'geojson';
  return null;
}

export function parseTreeFile(text: string, format: TreeFileFormat): ParsedTree {
  return format === 'csv' ? parseTreeCsv(text) : parseTreeGeoJson(text);
}

export function parseTreeCsv(text: string): ParsedTree {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return fileProblem(error.message, { kind: 'line', number: error.line });
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return fileProblem('the file is empty: expected a header line code,parent_code,level,name');

  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const headerProblems: string[] = [];
  for (const name of REQUIRED_COLUMNS) if (!columns.includes(name)) headerProblems.push(`the header has no ${name} column`);
  for (const name of columns) {
    const known = (REQUIRED_COLUMNS as readonly string[]).includes(name) || (OPTIONAL_COLUMNS as readonly string[]).includes(name);
    if (!known) headerProblems.push(`unknown column "${name}" in the header (expected code, parent_code, level, name, boundary)`);
  }
  for (const name of new Set(columns)) {
    if (columns.indexOf(name) !== columns.lastIndexOf(name)) headerProblems.push(`the header names the column ${name} twice`);
  }
  if (headerProblems.length > 0) {
    return { rows: [], problems: headerProblems.map((message) => ({ at: { kind: 'line', number: header.line }, message })) };
  }

  const column = (fields: string[], name: string) => {
    const index = columns.indexOf(name);
    return index < 0 ? '' : (fields[index] ?? '');
  };
  const rows: TreeRow[] = [];
  const problems: ImportProblem[] = [];
  for (const record of body) {
    const at: RowRef = { kind: 'line', number: record.line };
    if (record.fields.length !== columns.length) {
      problems.push({ at, message: `has ${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const messages: string[] = [];
    const boundary = csvBoundary(column(record.fields, 'boundary'), messages);
    rows.push(
      checkedRow(
        at,
        {
          code: column(record.fields, 'code'),
          parentCode: column(record.fields, 'parent_code'),
          level: column(record.fields, 'level'),
          name: column(record.fields, 'name'),
        },
        boundary,
        messages,
      ),
    );
    problems.push(...messages.map((message) => ({ at, message })));
  }
  return { rows, problems };
}

export function parseTreeGeoJson(text: string): ParsedTree {
  let document: unknown;
  try {
    document = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return fileProblem(`not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(document) || document.type !== 'FeatureCollection' || !Array.isArray(document.features)) {
    return fileProblem('expected a GeoJSON FeatureCollection with a features array');
  }

  const rows: TreeRow[] = [];
  const problems: ImportProblem[] = [];
  document.features.forEach((feature: unknown, index: number) => {
    const at: RowRef = { kind: 'feature', number: index + 1 };
    const messages: string[] = [];
    if (!isObject(feature) || feature.type !== 'Feature') {
      problems.push({ at, message: 'is not a GeoJSON Feature' });
      return;
    }
    const properties = isObject(feature.properties) ? feature.properties : {};
    const text = (name: string) => {
      const value = properties[name];
      if (value === undefined || value === null) return '';
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      messages.push(`property ${name} must be a string`);
      return '';
    };
    const fields = { code: text('code'), parentCode: text('parent_code'), level: text('level'), name: text('name') };
    const boundary = geoJsonBoundary(feature.geometry, messages);
    rows.push(checkedRow(at, fields, boundary, messages));
    problems.push(...messages.map((message) => ({ at, message })));
  });
  return { rows, problems };
}

/** A readable place for a problem: `line 7`, `feature 3`, `record 12`. */
export function describeRow(at: RowRef): string {
  return `${at.kind} ${at.number}`;
}

export function formatProblem(problem: ImportProblem): string {
  return problem.at ? `${describeRow(problem.at)}: ${problem.message}` : problem.message;
}

function fileProblem(message: string, at: RowRef | null = null): ParsedTree {
  return { rows: [], problems: [{ at, message }] };
}

interface RawFields {
  code: string;
  parentCode: string;
  level: string;
  name: string;
}

/** Trims the fields and checks each on its own; appends what is wrong to `messages`. */
function checkedRow(at: RowRef, raw: RawFields, boundary: GeoPointInput[] | null, messages: string[]): TreeRow {
  const code = raw.code.trim();
  const parentCode = raw.parentCode.trim();
  const name = raw.name.trim();
  const level = raw.level.trim();
  checkText('code', code, MAX_CODE, messages);
  if (parentCode !== '') checkText('parent_code', parentCode, MAX_CODE, messages);
  checkText('name', name, MAX_NAME, messages);
  const knownLevel = (LEVELS_TOP_DOWN as readonly string[]).includes(level) ? (level as OrgLevel) : null;
  if (!knownLevel) {
    messages.push(
      level === '' ? `level is missing (one of ${LEVELS_TOP_DOWN.join(', ')})` : `level "${level}" is not one of ${LEVELS_TOP_DOWN.join(', ')}`,
    );
  }
  return { at, code, parentCode: parentCode || null, level: knownLevel, name, boundary };
}

function checkText(field: string, value: string, max: number, messages: string[]): void {
  // PostgreSQL's char_length counts code points, as the spread does.
  const length = [...value].length;
  if (length === 0) messages.push(`${field} is missing`);
  else if (length > max) messages.push(`${field} has ${length} characters, at most ${max} are allowed`);
  if (/\p{Cc}/u.test(value)) messages.push(`${field} contains a control character`);
}

function csvBoundary(text: string, messages: string[]): GeoPointInput[] | null {
  if (text.trim() === '') return null;
  let points: unknown;
  try {
    points = JSON.parse(text);
  } catch {
    messages.push('boundary is not valid JSON (expected an array of [lng, lat] pairs or {"lat", "lng"} objects)');
    return null;
  }
  if (!Array.isArray(points)) {
    messages.push('boundary must be a JSON array of [lng, lat] pairs or {"lat", "lng"} objects');
    return null;
  }
  const ring: GeoPointInput[] = [];
  for (const [index, point] of points.entries()) {
    if (Array.isArray(point) && point.length === 2) ring.push({ lng: point[0], lat: point[1] });
    else if (isObject(point) && 'lat' in point && 'lng' in point) ring.push({ lat: point.lat as number, lng: point.lng as number });
    else {
      messages.push(`boundary point ${index + 1} is neither a [lng, lat] pair nor a {"lat", "lng"} object`);
      return null;
    }
  }
  return checkedRing(ring, messages);
}

function geoJsonBoundary(geometry: unknown, messages: string[]): GeoPointInput[] | null {
  if (geometry === null || geometry === undefined) return null;
  if (!isObject(geometry) || geometry.type !== 'Polygon') {
    messages.push(`geometry must be a Polygon or null${isObject(geometry) ? `, not ${String(geometry.type)}` : ''}`);
    return null;
  }
  const outer = Array.isArray(geometry.coordinates) ? geometry.coordinates[0] : undefined;
  if (!Array.isArray(outer)) {
    messages.push('geometry has no outer ring');
    return null;
  }
  const ring: GeoPointInput[] = [];
  for (const [index, position] of outer.entries()) {
    // A position may carry an altitude as a third number; it is ignored.
    if (!Array.isArray(position) || position.length < 2) {
      messages.push(`geometry position ${index + 1} is not a [lng, lat] pair`);
      return null;
    }
    ring.push({ lng: position[0], lat: position[1] });
  }
  return checkedRing(ring, messages);
}

/** Range-checks every point and drops a repeated closing point. */
function checkedRing(ring: GeoPointInput[], messages: string[]): GeoPointInput[] | null {
  const before = messages.length;
  ring.forEach((point, index) => {
    const where = `boundary point ${index + 1}`;
    if (typeof point.lat !== 'number' || !Number.isFinite(point.lat)) messages.push(`${where} has no numeric lat`);
    else if (point.lat < -90 || point.lat > 90) messages.push(`${where} has lat ${point.lat}, outside -90..90`);
    if (typeof point.lng !== 'number' || !Number.isFinite(point.lng)) messages.push(`${where} has no numeric lng`);
    else if (point.lng < -180 || point.lng > 180) messages.push(`${where} has lng ${point.lng}, outside -180..180`);
  });
  if (messages.length > before) return null;
  const open = openRing(ring);
  if (open.length < 3) {
    messages.push(`boundary has ${open.length} points (not counting a repeated first point), a polygon needs at least 3`);
    return null;
  }
  if (open.length > MAX_BOUNDARY_POINTS) {
    messages.push(`boundary has ${open.length} points, at most ${MAX_BOUNDARY_POINTS} are allowed`);
    return null;
  }
  return open;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
