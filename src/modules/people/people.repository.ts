import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { userVisibilityParams, userVisibleSql, type UserVisibility } from '../../common/auth/policy.js';
import type { Role } from '../../common/auth/role.js';
import type { PageRequest } from '../../common/paging/paging.js';
import { PLAN_EACH_TIME, queryRows, rowAsJsonSql, type Queryable } from '../../database/transactions.js';
import type { MemberRow } from './member.model.js';
import type { UserRow } from './user.model.js';

// Skills come as JSON: pg's text[] parser builds each string a character at a time, which was
// the largest single source of garbage in a tree pull (every unit's secretary has skills).
const MEMBER_COLUMNS = `m.id::text AS id, m.unit_id::text AS unit_id, u.path::text AS unit_path, m.name, m.phone,
  m.party_member, m.responder, to_json(m.skills) AS skills, m.active, m.version`;

const USER_COLUMNS = `a.id::text AS id, a.username, a.name, a.phone, a.role, a.active, a.scope_unit_id::text AS scope_unit_id,
  a.member_id::text AS member_id, coalesce(s.path, mu.path)::text AS anchor_path, a.token_version`;
const USER_FROM = `app_user a
  LEFT JOIN org_unit s ON s.id = a.scope_unit_id
  LEFT JOIN member mm ON mm.id = a.member_id
  LEFT JOIN org_unit mu ON mu.id = mm.unit_id`;

/** A member's row as JSON (rowAsJsonSql), the same shape `membersByIds` returns: every column is JSON-safe. */
export function memberRowJsonSql(idSql: string): string {
  return rowAsJsonSql(idSql, `SELECT ${MEMBER_COLUMNS} FROM member m JOIN org_unit u ON u.id = m.unit_id WHERE m.id = ref.id`);
}

export interface MemberFields {
  unitId: string;
  name: string;
  phone: string | null;
  partyMember: boolean;
  responder: boolean;
  skills: string[];
  active: boolean;
}

export interface UserFields {
  username: string;
  passwordHash: string;
  role: Role;
  scopeUnitId: string | null;
  memberId: string | null;
  name: string | null;
  phone: string | null;
}

/** SQL for members and user accounts. */
@Injectable()
export class PeopleRepository {
  constructor(private readonly db: DataSource) {}

  // ---- members -------------------------------------------------------------------------

  membersByIds(ids: readonly string[], q: Queryable = this.db): Promise<MemberRow[]> {
    return queryRows(q, `SELECT ${MEMBER_COLUMNS} FROM member m JOIN org_unit u ON u.id = m.unit_id WHERE m.id = ANY($1::bigint[])`, [ids]);
  }

  /**
   * Locks the member, then reads it with its unit. Two statements on purpose: a locking
   * read joined to org_unit would, after waiting for a concurrent move, re-check the join
   * against the old unit and return nothing.
   */
  async lockMember(id: string, q: Queryable): Promise<MemberRow | undefined> {
    const locked = await queryRows(q, `SELECT 1 FROM member WHERE id = $1 FOR UPDATE`, [id]);
    return locked.length ? (await this.membersByIds([id], q))[0] : undefined;
  }

  /** One page of members per unit, in one statement. */
  memberPages(unitIds: readonly string[], page: PageRequest<string>): Promise<(MemberRow & { owner_id: string })[]> {
    return queryRows(
      this.db,
      `SELECT p.id::text AS owner_id, c.* FROM unnest($1::bigint[]) AS p(id)
       CROSS JOIN LATERAL (
         SELECT ${MEMBER_COLUMNS} FROM member m JOIN org_unit u ON u.id = m.unit_id
          WHERE m.unit_id = p.id AND ($2::bigint IS NULL OR m.id > $2::bigint)
          ORDER BY m.id LIMIT $3) c`,
      [unitIds, page.after, page.limit + 1],
    );
  }

  async memberCounts(unitIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(
      this.db,
      `SELECT unit_id::text AS id, count(*)::int AS n FROM member WHERE unit_id = ANY($1::bigint[]) GROUP BY unit_id`,
      [unitIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Active responders of each unit, oldest member first. */
  respondersOf(unitIds: readonly string[]): Promise<MemberRow[]> {
    return queryRows(
      this.db,
      `SELECT ${MEMBER_COLUMNS} FROM member m JOIN org_unit u ON u.id = m.unit_id
        WHERE m.unit_id = ANY($1::bigint[]) AND m.responder AND m.active ORDER BY m.id`,
      [unitIds],
    );
  }

  async insertMember(fields: MemberFields, q: Queryable): Promise<string> {
    const rows = await queryRows<{ id: string }>(
      q,
      `INSERT INTO member (unit_id, name, phone, party_member, responder, skills, active)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7) RETURNING id::text AS id`,
      [fields.unitId, fields.name, fields.phone, fields.partyMember, fields.responder, fields.skills, fields.active],
    );
    return rows[0].id;
  }

  async updateMember(id: string, fields: MemberFields, q: Queryable): Promise<void> {
    await q.query(
      `UPDATE member SET unit_id = $2, name = $3, phone = $4, party_member = $5, responder = $6, skills = $7::text[], active = $8
        WHERE id = $1`,
      [id, fields.unitId, fields.name, fields.phone, fields.partyMember, fields.responder, fields.skills, fields.active],
    );
  }

  /** Clears the unit's secretary when it is this member (before the member leaves the unit). */
  async clearSecretaryIf(unitId: string, memberId: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE org_unit SET secretary_member_id = NULL WHERE id = $1 AND secretary_member_id = $2`, [unitId, memberId]);
  }

  async setSecretary(unitId: string, memberId: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE org_unit SET secretary_member_id = $2 WHERE id = $1`, [unitId, memberId]);
  }

  // ---- users ---------------------------------------------------------------------------

  usersByIds(ids: readonly string[], q: Queryable = this.db): Promise<UserRow[]> {
    return queryRows(q, `SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE a.id = ANY($1::bigint[])`, [ids]);
  }

  /** Locks the account, then reads it with its anchor (see lockMember for why in two steps). */
  async lockUser(id: string, q: Queryable): Promise<UserRow | undefined> {
    const locked = await queryRows(q, `SELECT 1 FROM app_user WHERE id = $1 FOR UPDATE`, [id]);
    return locked.length ? (await this.usersByIds([id], q))[0] : undefined;
  }

  /** Users the caller may see (Policy.seesUser, in SQL), whose username or name contains `search`. */
  listUsers(visibility: UserVisibility, search: string | null, page: PageRequest<string>): Promise<UserRow[]> {
    return queryRows(
      this.db,
      `SELECT ${USER_COLUMNS} FROM ${USER_FROM}
        WHERE ${userListWhere} AND ($5::bigint IS NULL OR a.id > $5::bigint)
        ORDER BY a.id LIMIT $6`,
      [...userVisibilityParams(visibility), search ? likePattern(search) : null, page.after, page.limit + 1],
      PLAN_EACH_TIME,
    );
  }

  async countUsers(visibility: UserVisibility, search: string | null): Promise<number> {
    const rows = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM ${USER_FROM} WHERE ${userListWhere}`,
      [...userVisibilityParams(visibility), search ? likePattern(search) : null],
      PLAN_EACH_TIME,
    );
    return rows[0].n;
  }

  async insertUser(fields: UserFields, q: Queryable): Promise<string> {
    const rows = await queryRows<{ id: string }>(
      q,
      `INSERT INTO app_user (username, password_hash, role, scope_unit_id, member_id, name, phone)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text AS id`,
      [fields.username, fields.passwordHash, fields.role, fields.scopeUnitId, fields.memberId, fields.name, fields.phone],
    );
    return rows[0].id;
  }

  /** Changes the account; any change to what it may do moves the token version on, signing it out everywhere. */
  async updateUserAccess(
    id: string,
    access: { role: Role; scopeUnitId: string | null; memberId: string | null; active: boolean },
    bumpTokenVersion: boolean,
    q: Queryable,
  ): Promise<void> {
    await q.query(
      `UPDATE app_user SET role = $2, scope_unit_id = $3, member_id = $4, active = $5,
              token_version = token_version + CASE WHEN $6 THEN 1 ELSE 0 END
        WHERE id = $1`,
      [id, access.role, access.scopeUnitId, access.memberId, access.active, bumpTokenVersion],
    );
  }
}

// The anchor is the one USER_COLUMNS reads as anchor_path, which Policy.seesUser judges for single accounts.
const userListWhere = `${userVisibleSql('coalesce(s.path, mu.path)', 'a.id', 1)}
  AND ($4::text IS NULL OR a.username ILIKE $4 OR a.name ILIKE $4)`;

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
