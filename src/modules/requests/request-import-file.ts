import { CsvSyntaxError, parseCsv } from '../../common/csv.js';
import type { ImportCase } from './request-import.js';

/** The CSV header of `import-requests` (examples/README.md); the first four and the two times are required. */
export const IMPORT_COLUMNS = [
  'external_number',
  'category_code',
  'description',
  'unit_code',
  'lat',
  'lng',
  'address',
  'submitted_at',
  'resolve_due_at',
  'resolved_at',
  'closed_at',
  'cancelled_at',
  'rework_count',
  'escalation_count',
  'rating',
] as const;
const REQUIRED = ['external_number', 'category_code', 'description', 'unit_code', 'submitted_at', 'resolve_due_at'];

export interface ParsedImportFile {
  cases: ImportCase[];
  /** The file line of each case (the header is line 1). */
  lines: number[];
  problems: string[];
}

/**
 * Parses the rows of `import-requests`: RFC 4180, UTF-8 (a BOM is allowed), times as ISO
 * 8601 with an offset. Text that is not a number or a time is kept as it is, so that the
 * import's own checks name the field (`line N: rating …`).
 */
export function parseImportCsv(text: string): ParsedImportFile {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { cases: [], lines: [], problems: [`line ${error.line}: ${error.message}`] };
    throw error;
  }
  const [header, ...body] = records;
  if (!header) return { cases: [], lines: [], problems: [`the file is empty: expected a header ${IMPORT_COLUMNS.join(',')}`] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const problems: string[] = [];
  for (const name of REQUIRED) if (!columns.includes(name)) problems.push(`line ${header.line}: the header has no ${name} column`);
  for (const name of columns) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) problems.push(`line ${header.line}: unknown column "${name}"`);
  }
  if (problems.length > 0) return { cases: [], lines: [], problems };
  const cases: ImportCase[] = [];
  const lines: number[] = [];
  for (const record of body) {
    if (record.fields.length !== columns.length) {
      problems.push(`line ${record.line}: has ${record.fields.length} fields, the header has ${columns.length}`);
      continue;
    }
    const get = (name: string) => {
      const i = columns.indexOf(name);
      const value = i < 0 ? '' : record.fields[i].trim();
      return value === '' ? null : value;
    };
    const time = (name: string) => {
      const value = get(name);
      if (value === null) return null;
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? (value as unknown as Date) : date;
    };
    const int = (name: string) => {
      const value = get(name);
      return value === null ? null : /^-?\d+$/.test(value) ? Number(value) : (value as unknown as number);
    };
    const lat = get('lat');
    const lng = get('lng');
    cases.push({
      externalNumber: get('external_number') ?? '',
      categoryCode: get('category_code') ?? '',
      description: get('description') ?? '',
      unit: { code: get('unit_code') ?? '' },
      location: lat !== null || lng !== null ? { lat: Number(lat), lng: Number(lng) } : null,
      address: get('address'),
      submittedAt: time('submitted_at') as Date,
      resolveDueAt: time('resolve_due_at') as Date,
      resolvedAt: time('resolved_at'),
      closedAt: time('closed_at'),
      cancelledAt: time('cancelled_at'),
      reworkCount: int('rework_count'),
      escalationCount: int('escalation_count'),
      rating: int('rating'),
    });
    lines.push(record.line);
  }
  return { cases, lines, problems };
}
