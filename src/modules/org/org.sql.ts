import { rowAsJsonSql } from '../../database/queries.js';

// Boundaries can be long rings of points and a tree pull rarely asks for them: pages of
// children read them only when asked (CHILD_COLUMNS).
export const CHILD_COLUMNS = `u.id::text AS id, u.parent_id::text AS parent_id, u.level, u.code, u.name, u.path::text AS path,
  u.archived, u.secretary_member_id::text AS secretary_member_id, u.version`;
export const COLUMNS = `${CHILD_COLUMNS}, u.boundary::text AS boundary`;

/**
 * A unit's row as JSON (rowAsJsonSql), the same shape `findByIds` returns: every column is
 * JSON-safe. Without `withBoundary` the row has no boundary: it must then not reach the
 * loaders, whose rows are whole.
 */
export function orgUnitRowJsonSql(idSql: string, withBoundary = true): string {
  return rowAsJsonSql(idSql, `SELECT ${withBoundary ? COLUMNS : CHILD_COLUMNS} FROM org_unit u WHERE u.id = ref.id`);
}

/** `alias.column`, or the bare column without an alias (a statement that reads org_unit alone, unaliased). */
const qualified = (alias: string | undefined, column: string) => (alias ? `${alias}.${column}` : column);

/**
 * SQL fragments for other modules' read statements that join the tree (a holder's path in a
 * list of requests, a member's unit path). org owns org_unit: outside org, its table and
 * columns are named only through these, and only in reads. Without an alias, `table()` and
 * the columns are bare (`SELECT ${id()} FROM ${table()} WHERE ...`).
 */
export const orgUnitSql = {
  /** The table, under an alias: `FROM ${table('h')}`; bare without one. */
  table: (alias?: string) => (alias ? `org_unit ${alias}` : 'org_unit'),
  id: (alias?: string) => qualified(alias, 'id'),
  parentId: (alias?: string) => qualified(alias, 'parent_id'),
  /** The materialised path (ltree): `<@` tests subtrees on its GiST index. */
  path: (alias?: string) => qualified(alias, 'path'),
  level: (alias?: string) => qualified(alias, 'level'),
  /** The unit's display name (the holder of a request in a public listing). */
  name: (alias?: string) => qualified(alias, 'name'),
  secretaryMemberId: (alias?: string) => qualified(alias, 'secretary_member_id'),
  code: (alias?: string) => qualified(alias, 'code'),
  archived: (alias?: string) => qualified(alias, 'archived'),
  /** The boundary polygon (null where none is known). */
  boundary: (alias?: string) => qualified(alias, 'boundary'),
  /** One unit's row as JSON, the shape OrgService.fromRow takes (see orgUnitRowJsonSql). */
  rowJson: orgUnitRowJsonSql,
  /**
   * `SELECT DISTINCT id, path` of every unit in the subtrees of the units whose ids are in
   * `idsParam` (a bigint[] parameter), each unit once.
   */
  subtreeUnits: (idsParam: string) =>
    `SELECT DISTINCT d.id, d.path FROM org_unit a JOIN org_unit d ON d.path <@ a.path WHERE a.id = ANY(${idsParam}::bigint[])`,
} as const;
