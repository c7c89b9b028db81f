import type { DataSource } from 'typeorm';
import { toPgPolygon } from '../../../common/graphql/geo.js';
import { queryRows, type Queryable } from '../../../database/queries.js';
import { LEVELS_TOP_DOWN, OrgLevel } from '../org-unit.model.js';
import { describeRow, formatProblem, type ImportProblem, type ParsedTree, type RowRef, type TreeRow } from './tree-file.js';

export type LevelCounts = Record<OrgLevel, number>;

export interface ImportSummary {
  total: number;
  byLevel: LevelCounts;
}

/** Nothing was imported; `problems` lists every bad row, in file order. */
export class TreeImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(`nothing imported: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map(formatProblem).join('\n')}`);
  }
}

/** A unit already in the database that a row names, as its own code or as its parent. */
export interface ExistingUnit {
  code: string;
  level: OrgLevel;
  archived: boolean;
}

/** Imports a parsed tree file in one transaction: all of it, or nothing. */
export async function importTree(dataSource: DataSource, parsed: ParsedTree): Promise<ImportSummary> {
  // A file that could not be read at all has no rows to check against the database.
  if (parsed.rows.length === 0) {
    throw new TreeImportError(parsed.problems.length > 0 ? parsed.problems : [{ at: null, message: 'the file holds no units' }]);
  }
  return dataSource.transaction('READ COMMITTED', (tx) => importTreeInTransaction(tx, parsed));
}

/**
 * Checks the rows against each other and the database, then inserts them level by level,
 * one statement per level; the BEFORE INSERT trigger derives each `path` from the parent
 * inserted by the statement before. The caller owns the transaction.
 */
export async function importTreeInTransaction(tx: Queryable, parsed: ParsedTree): Promise<ImportSummary> {
  const existing = await lockExistingUnits(tx, parsed.rows);
  const problems = [...parsed.problems, ...checkTree(parsed.rows, existing)].sort(byPosition);
  if (problems.length > 0) throw new TreeImportError(problems);

  const byLevel = Object.fromEntries(LEVELS_TOP_DOWN.map((level) => [level, 0])) as LevelCounts;
  try {
    for (const level of LEVELS_TOP_DOWN) {
      const rows = parsed.rows.filter((row) => row.level === level).sort((a, b) => compareText(a.code, b.code));
      if (rows.length > 0) byLevel[level] = await insertLevel(tx, level, rows);
    }
  } catch (error) {
    if (pgErrorCode(error) === '23505') {
      throw new TreeImportError([
        { at: null, message: 'another writer added a unit with one of these codes during the import; run it again to see which' },
      ]);
    }
    throw error;
  }
  return { total: Object.values(byLevel).reduce((sum, n) => sum + n, 0), byLevel };
}

/**
 * The tree rules that need more than one row: unique codes in the file and against the
 * database, a parent (in the file or the database) for every unit but a street
 * committee, of the level just above, and not archived.
 */
export function checkTree(rows: readonly TreeRow[], existing: ReadonlyMap<string, ExistingUnit>): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const firstByCode = new Map<string, TreeRow>();
  for (const row of rows) {
    if (row.code && !firstByCode.has(row.code)) firstByCode.set(row.code, row);
  }

  for (const row of rows) {
    const report = (message: string) => problems.push({ at: row.at, message });
    if (row.code) {
      const first = firstByCode.get(row.code)!;
      if (first !== row) report(`code ${row.code} is already used on ${describeRow(first.at)}`);
      else if (existing.has(row.code)) report(`code ${row.code} already exists in the database`);
    }
    if (!row.level) continue;

    const above = levelAbove(row.level);
    if (!above) {
      if (row.parentCode) report(`a ${row.level} has no parent, but parent_code is ${row.parentCode}`);
      continue;
    }
    if (!row.parentCode) {
      report(`a ${row.level} needs a parent_code (its ${above})`);
      continue;
    }
    const parent: { level: OrgLevel | null; archived?: boolean } | undefined =
      firstByCode.get(row.parentCode) ?? existing.get(row.parentCode);
    if (!parent) {
      report(`parent_code ${row.parentCode} is neither in the file nor in the database`);
    } else if (parent.level && parent.level !== above) {
      report(`parent_code ${row.parentCode} is a ${parent.level}, a ${row.level} needs a ${above}`);
    } else if (parent.archived) {
      report(`parent_code ${row.parentCode} is archived`);
    }
  }
  return problems;
}

/**
 * Reads the units the rows name, as codes or parent codes, and locks them (FOR SHARE) so
 * that no one archives or moves a parent between this check and the commit.
 */
async function lockExistingUnits(tx: Queryable, rows: readonly TreeRow[]): Promise<Map<string, ExistingUnit>> {
  const codes = new Set<string>();
  for (const row of rows) {
    if (row.code) codes.add(row.code);
    if (row.parentCode) codes.add(row.parentCode);
  }
  if (codes.size === 0) return new Map();
  const units = await queryRows<ExistingUnit>(
    tx,
    `SELECT code, level, archived FROM org_unit WHERE code = ANY($1::text[]) ORDER BY id FOR SHARE`,
    [[...codes]],
  );
  return new Map(units.map((unit) => [unit.code, unit]));
}

/** One INSERT … SELECT over unnest()ed arrays; parents are found by code. */
async function insertLevel(tx: Queryable, level: OrgLevel, rows: readonly TreeRow[]): Promise<number> {
  const inserted = await queryRows<{ id: string }>(
    tx,
    `INSERT INTO org_unit (parent_id, level, code, name, boundary)
     SELECT parent.id, $1::org_level, r.code, r.name, r.boundary::polygon
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS r(code, parent_code, name, boundary, ord)
       LEFT JOIN org_unit parent ON parent.code = r.parent_code
      ORDER BY r.ord
     RETURNING id::text AS id`,
    [
      level,
      rows.map((row) => row.code),
      rows.map((row) => row.parentCode),
      rows.map((row) => row.name),
      rows.map((row) => (row.boundary ? toPgPolygon(row.boundary) : null)),
    ],
  );
  return inserted.length;
}

function levelAbove(level: OrgLevel): OrgLevel | null {
  return LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.indexOf(level) - 1] ?? null;
}

/** File-wide problems first, then by row number. */
function byPosition(a: ImportProblem, b: ImportProblem): number {
  return position(a.at) - position(b.at);
}

function position(at: RowRef | null): number {
  return at ? at.number : 0;
}

/** Plain string order, so that ids follow the codes. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pgErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}
