import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PLAN_EACH_TIME, queryAffected, queryRows, type Queryable } from '../../database/queries.js';
import type { PageRequest } from '../../common/paging/paging.js';
import type { OrgLevel, OrgUnitRow } from './org-unit.model.js';
import type { ChildColumn } from './org.ports.js';
import { CHILD_COLUMNS, COLUMNS } from './org.sql.js';

export interface OrgUnitListFilter {
  level?: OrgLevel | null;
  parentId?: string | null;
  search?: string | null;
  includeArchived?: boolean | null;
}

export type OwnedRow = OrgUnitRow & { owner_id: string; [along: `along_${number}`]: unknown };

/** What a page of children reads besides the units' own columns. */
export interface ChildrenRead {
  boundary?: boolean;
  /** Other modules' columns the client asks for (the secretary): `along_<i>`, in this order. */
  alongside?: readonly ChildColumn<unknown>[];
}

/** All SQL about the tree. Subtree reads are `path <@ ancestor.path` on the GiST index. */
@Injectable()
export class OrgRepository {
  constructor(private readonly db: DataSource) {}

  async findByIds(ids: readonly string[], q: Queryable = this.db): Promise<OrgUnitRow[]> {
    return queryRows(q, `SELECT ${COLUMNS} FROM org_unit u WHERE u.id = ANY($1::bigint[])`, [ids]);
  }

  async findByCodes(codes: readonly string[], q: Queryable = this.db): Promise<OrgUnitRow[]> {
    return queryRows(q, `SELECT ${COLUMNS} FROM org_unit u WHERE u.code = ANY($1::text[])`, [codes]);
  }

  /** Locks one unit for the rest of the transaction (UPDATE: it will change; SHARE: it must not). */
  async lock(id: string, mode: 'UPDATE' | 'SHARE', q: Queryable): Promise<OrgUnitRow | undefined> {
    const rows = await queryRows<OrgUnitRow>(q, `SELECT ${COLUMNS} FROM org_unit u WHERE u.id = $1 FOR ${mode}`, [id]);
    return rows[0];
  }

  async list(filter: OrgUnitListFilter, page: PageRequest<string>): Promise<OrgUnitRow[]> {
    const [where, params] = listWhere(filter);
    params.push(page.after, page.limit + 1);
    return queryRows(this.db,
      `SELECT ${COLUMNS} FROM org_unit u WHERE ${where} AND ($${params.length - 1}::text IS NULL OR u.code > $${params.length - 1})
       ORDER BY u.code LIMIT $${params.length}`,
      params,
      PLAN_EACH_TIME,
    );
  }

  async count(filter: OrgUnitListFilter): Promise<number> {
    const [where, params] = listWhere(filter);
    const rows = await queryRows<{ n: number }>(this.db, `SELECT count(*)::int AS n FROM org_unit u WHERE ${where}`, params, PLAN_EACH_TIME);
    return rows[0].n;
  }

  /**
   * Live children of several parents, one page each, in one statement; with the other
   * modules' columns the client asks for (a tree pull asks every unit's secretary), and with
   * each child's boundary only when the client asks for that (otherwise the rows carry none).
   */
  async childrenPages(parentIds: readonly string[], page: PageRequest<string>, read: ChildrenRead = {}): Promise<OwnedRow[]> {
    const columns = read.boundary ? COLUMNS : CHILD_COLUMNS;
    const alongside = (read.alongside ?? []).map((c, i) => `, ${c.sql('u')} AS along_${i}`).join('');
    return queryRows(this.db,
      `SELECT p.id::text AS owner_id, c.* FROM unnest($1::bigint[]) AS p(id)
       CROSS JOIN LATERAL (
         SELECT ${columns}${alongside} FROM org_unit u
          WHERE u.parent_id = p.id AND NOT u.archived AND ($2::text IS NULL OR u.code > $2)
          ORDER BY u.code LIMIT $3) c`,
      [parentIds, page.after, page.limit + 1],
    );
  }

  async childCounts(parentIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(this.db,
      `SELECT parent_id::text AS id, count(*)::int AS n FROM org_unit
        WHERE parent_id = ANY($1::bigint[]) AND NOT archived GROUP BY parent_id`,
      [parentIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Live descendants (optionally of one level) of several units, one page each, in one statement. */
  async descendantPages(ancestorIds: readonly string[], level: OrgLevel | null, page: PageRequest<string>): Promise<OwnedRow[]> {
    return queryRows(this.db,
      `SELECT a.id::text AS owner_id, d.* FROM org_unit a
       CROSS JOIN LATERAL (
         SELECT ${COLUMNS} FROM org_unit u
          WHERE u.path <@ a.path AND u.id <> a.id AND NOT u.archived
            AND ($2::org_level IS NULL OR u.level = $2) AND ($3::text IS NULL OR u.code > $3)
          ORDER BY u.code LIMIT $4) d
       WHERE a.id = ANY($1::bigint[])`,
      [ancestorIds, level, page.after, page.limit + 1],
    );
  }

  async descendantCounts(ancestorIds: readonly string[], level: OrgLevel | null): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(this.db,
      `SELECT a.id::text AS id, count(u.id)::int AS n FROM org_unit a
         JOIN org_unit u ON u.path <@ a.path AND u.id <> a.id AND NOT u.archived
                        AND ($2::org_level IS NULL OR u.level = $2)
        WHERE a.id = ANY($1::bigint[]) GROUP BY a.id`,
      [ancestorIds, level],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  async insert(
    unit: { parentId: string | null; level: OrgLevel; code: string; name: string; boundary: string | null },
    q: Queryable,
  ): Promise<OrgUnitRow> {
    const rows = await queryRows<OrgUnitRow>(q,
      `INSERT INTO org_unit AS u (parent_id, level, code, name, boundary)
       VALUES ($1, $2, $3, $4, $5::polygon) RETURNING ${COLUMNS}`,
      [unit.parentId, unit.level, unit.code, unit.name, unit.boundary],
    );
    return rows[0];
  }

  async update(id: string, changes: { name?: string; boundary?: string | null }, q: Queryable): Promise<OrgUnitRow> {
    const rows = await queryRows<OrgUnitRow>(
      q,
      `UPDATE org_unit AS u SET
         name = CASE WHEN $2 THEN $3 ELSE u.name END,
         boundary = CASE WHEN $4 THEN $5::polygon ELSE u.boundary END
       WHERE u.id = $1 RETURNING ${COLUMNS}`,
      [id, changes.name !== undefined, changes.name ?? null, changes.boundary !== undefined, changes.boundary ?? null],
    );
    return rows[0];
  }

  /**
   * Re-parents a unit and rewrites the paths of its whole subtree in one statement:
   * O(subtree) rows through the GiST index, the rest of the tree untouched.
   */
  async moveSubtree(unit: OrgUnitRow, newParent: OrgUnitRow, q: Queryable): Promise<number> {
    // Lock the subtree first, in a statement of its own. An UPDATE rewrites only the rows of the
    // snapshot it started with: a child that a concurrent createOrgUnit (or move) was adding under
    // the subtree, waited for inside the UPDATE, would keep its old path, and the deferred tree
    // check would refuse the whole move at commit. Waited for here, it is in the UPDATE's snapshot.
    await queryRows(q, `SELECT 1 FROM org_unit WHERE path <@ $1::ltree ORDER BY id FOR UPDATE`, [unit.path], PLAN_EACH_TIME);
    return queryAffected(
      q,
      `UPDATE org_unit AS u SET
         parent_id = CASE WHEN u.id = $1 THEN $2::bigint ELSE u.parent_id END,
         path = $4::ltree || subpath(u.path, nlevel($3::ltree) - 1)
       WHERE u.path <@ $3::ltree`,
      [unit.id, newParent.id, unit.path, newParent.path],
      PLAN_EACH_TIME,
    );
  }

  async setArchived(id: string, archived: boolean, q: Queryable): Promise<OrgUnitRow> {
    const rows = await queryRows<OrgUnitRow>(
      q,
      `UPDATE org_unit AS u SET archived = $2, archived_at = CASE WHEN $2 THEN now() END
       WHERE u.id = $1 RETURNING ${COLUMNS}`,
      [id, archived],
    );
    return rows[0];
  }

  /** Makes the member the unit's secretary (people checked that they belong to it). */
  async setSecretary(unitId: string, memberId: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE org_unit SET secretary_member_id = $2 WHERE id = $1`, [unitId, memberId]);
  }

  /** Clears the unit's secretary when it is this member (before the member leaves the unit). */
  async clearSecretaryIf(unitId: string, memberId: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE org_unit SET secretary_member_id = NULL WHERE id = $1 AND secretary_member_id = $2`, [unitId, memberId]);
  }

  /**
   * The deepest live unit whose boundary contains the point: candidates by the GiST index
   * on the bounding box (a degenerate box for the point), then the exact polygon test.
   */
  async deepestLiveUnitContaining(lng: number, lat: number, q: Queryable): Promise<{ id: string; level: string; path: string } | undefined> {
    const rows = await queryRows<{ id: string; level: string; path: string }>(
      q,
      `SELECT id::text AS id, level::text AS level, path::text AS path FROM org_unit
        WHERE NOT archived AND bbox @> box(point($1, $2), point($1, $2)) AND boundary @> point($1, $2)
        ORDER BY org_level_depth(level) DESC, org_unit.id LIMIT 1`,
      [lng, lat],
    );
    return rows[0];
  }

  async pathOf(unitId: string, q: Queryable = this.db): Promise<string | undefined> {
    const rows = await queryRows<{ path: string }>(q, `SELECT path::text AS path FROM org_unit WHERE id = $1`, [unitId]);
    return rows[0]?.path;
  }

  async hasLiveChildren(id: string, q: Queryable): Promise<boolean> {
    const rows = await queryRows(q, `SELECT 1 FROM org_unit WHERE parent_id = $1 AND NOT archived LIMIT 1`, [id]);
    return rows.length > 0;
  }
}

function listWhere(filter: OrgUnitListFilter): [string, unknown[]] {
  const clauses = ['true'];
  const params: unknown[] = [];
  if (!filter.includeArchived) clauses.push('NOT u.archived');
  if (filter.level) {
    params.push(filter.level);
    clauses.push(`u.level = $${params.length}`);
  }
  if (filter.parentId) {
    params.push(filter.parentId);
    clauses.push(`u.parent_id = $${params.length}`);
  }
  if (filter.search) {
    params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    clauses.push(`(u.name ILIKE $${params.length} OR u.code ILIKE $${params.length})`);
  }
  return [clauses.join(' AND '), params];
}
