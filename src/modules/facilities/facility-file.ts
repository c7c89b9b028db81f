import { CsvSyntaxError, parseCsv } from '../../common/csv.js';
import type { ImportedFacility, ImportProblem } from './facility-import.js';

/**
 * Reading a facilities file into rows, with every check that needs nothing but the row.
 *
 * CSV: a header naming `code,type_code,name,courtyard_code` and optionally `lat`, `lng`
 * (both or neither) and `installed_at` (ISO 8601), any order, RFC 4180 quoting, UTF-8 with or
 * without a BOM; rows are named by the line they start on (the header is line 1).
 * GeoJSON: a FeatureCollection whose features carry the same properties and a Point geometry
 * (`[lng, lat]`) or none; rows are named by feature, from 1.
 */
export interface ParsedFacilities {
  rows: ImportedFacility[];
  problems: ImportProblem[];
}

const REQUIRED = ['code', 'type_code', 'name', 'courtyard_code'] as const;
const OPTIONAL = ['lat', 'lng', 'installed_at'] as const;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

export function parseFacilityFile(text: string, format: 'csv' | 'geojson'): ParsedFacilities {
  return format === 'csv' ? parseCsvFile(text) : parseGeoJsonFile(text);
}

function parseCsvFile(text: string): ParsedFacilities {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { rows: [], problems: [{ at: `line ${error.line}`, message: error.message }] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ at: 'file', message: `the file is empty: expected a header line ${REQUIRED.join(',')}` }] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const problems: ImportProblem[] = [];
  for (const name of REQUIRED) if (!columns.includes(name)) problems.push({ at: 'line 1', message: `the header has no ${name} column` });
  for (const name of columns) {
    if (!(REQUIRED as readonly string[]).includes(name) && !(OPTIONAL as readonly string[]).includes(name)) {
      problems.push({ at: 'line 1', message: `unknown column "${name}" (expected ${[...REQUIRED, ...OPTIONAL].join(', ')})` });
    }
  }
  if (problems.length > 0) return { rows: [], problems };
  const rows: ImportedFacility[] = [];
  for (const record of body) {
    const at = `line ${record.line}`;
    if (record.fields.length !== columns.length) {
      problems.push({ at, message: `has ${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const field = (name: string) => (record.fields[columns.indexOf(name)] ?? '').trim();
    const lat = field('lat');
    const lng = field('lng');
    let location: ImportedFacility['location'] = null;
    if (lat !== '' || lng !== '') {
      location = { lat: Number(lat), lng: Number(lng) };
      if (lat === '' || lng === '') {
        problems.push({ at, message: 'give both lat and lng, or neither' });
        continue;
      }
    }
    checked(at, { code: field('code'), typeCode: field('type_code'), name: field('name'), courtyardCode: field('courtyard_code'), installedAt: field('installed_at') }, location, rows, problems);
  }
  return { rows, problems };
}

function parseGeoJsonFile(text: string): ParsedFacilities {
  let document: unknown;
  try {
    document = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return { rows: [], problems: [{ at: 'file', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  const doc = document as { type?: unknown; features?: unknown };
  if (!doc || typeof doc !== 'object' || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return { rows: [], problems: [{ at: 'file', message: 'expected a GeoJSON FeatureCollection with a features array' }] };
  }
  const rows: ImportedFacility[] = [];
  const problems: ImportProblem[] = [];
  doc.features.forEach((feature: unknown, index: number) => {
    const at = `feature ${index + 1}`;
    const f = feature as { type?: unknown; properties?: Record<string, unknown>; geometry?: { type?: unknown; coordinates?: unknown } | null };
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      problems.push({ at, message: 'is not a GeoJSON Feature' });
      return;
    }
    const props = f.properties && typeof f.properties === 'object' ? f.properties : {};
    const text = (name: string) => (typeof props[name] === 'string' ? (props[name] as string).trim() : typeof props[name] === 'number' ? String(props[name]) : '');
    let location: ImportedFacility['location'] = null;
    if (f.geometry) {
      const c = f.geometry.coordinates;
      if (f.geometry.type !== 'Point' || !Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
        problems.push({ at, message: 'the geometry must be a Point [lng, lat] or null' });
        return;
      }
      location = { lng: c[0], lat: c[1] };
    }
    checked(at, { code: text('code'), typeCode: text('type_code'), name: text('name'), courtyardCode: text('courtyard_code'), installedAt: text('installed_at') }, location, rows, problems);
  });
  return { rows, problems };
}

function checked(
  at: string,
  raw: { code: string; typeCode: string; name: string; courtyardCode: string; installedAt: string },
  location: ImportedFacility['location'],
  rows: ImportedFacility[],
  problems: ImportProblem[],
): void {
  const messages: string[] = [];
  if (!CODE.test(raw.code)) messages.push('code must be 1-64 letters, digits or _ . -');
  if (!CODE.test(raw.typeCode)) messages.push('type_code must be a facility type code');
  if (!CODE.test(raw.courtyardCode)) messages.push('courtyard_code must be a unit code');
  if (raw.name.length < 1 || raw.name.length > 100 || /[\p{Cc}\p{Cs}]/u.test(raw.name)) messages.push('name must be 1-100 characters');
  if (location && !(Number.isFinite(location.lat) && Math.abs(location.lat) <= 90 && Number.isFinite(location.lng) && Math.abs(location.lng) <= 180)) {
    messages.push('lat must be -90..90 and lng -180..180');
  }
  let installedAt: Date | null = null;
  if (raw.installedAt !== '') {
    installedAt = new Date(raw.installedAt);
    const year = installedAt.getUTCFullYear();
    if (!/^\d{4}-\d{2}-\d{2}/.test(raw.installedAt) || Number.isNaN(installedAt.getTime()) || year < 1970 || year >= 2200) {
      messages.push('installed_at must be an ISO 8601 date or time between 1970 and 2200');
    }
  }
  if (messages.length > 0) {
    problems.push(...messages.map((message) => ({ at, message })));
    return;
  }
  rows.push({ at, code: raw.code, typeCode: raw.typeCode, name: raw.name, courtyardCode: raw.courtyardCode, location, installedAt });
}
