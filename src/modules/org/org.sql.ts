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

/**
 * SQL fragments for other modules' read statements that join the tree (a holder's path in a
 * list of requests, a member's unit path). org owns org_unit: outside org, its table and
 * columns are named only through these, and only in reads.
 */
export const orgUnitSql = {
  /** The table, under an alias: `FROM ${table('h')}`. */
  table: (alias: string) => `org_unit ${alias}`,
  id: (alias: string) => `${alias}.id`,
  parentId: (alias: string) => `${alias}.parent_id`,
  /** The materialised path (ltree): `<@` tests subtrees on its GiST index. */
  path: (alias: string) => `${alias}.path`,
  level: (alias: string) => `${alias}.level`,
  /** The unit's display name (the holder of a request in a public listing). */
  name: (alias: string) => `${alias}.name`,
  secretaryMemberId: (alias: string) => `${alias}.secretary_member_id`,
  /** One unit's row as JSON, the shape OrgService.fromRow takes (see orgUnitRowJsonSql). */
  rowJson: orgUnitRowJsonSql,
  /**
   * `SELECT DISTINCT id, path` of every unit in the subtrees of the units whose ids are in
   * `idsParam` (a bigint[] parameter), each unit once.
   */
  subtreeUnits: (idsParam: string) =>
    `SELECT DISTINCT d.id, d.path FROM org_unit a JOIN org_unit d ON d.path <@ a.path WHERE a.id = ANY(${idsParam}::bigint[])`,
} as const;
