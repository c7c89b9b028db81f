import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { userVisibilityParams, userVisibleSql, type UserVisibility } from '../../common/auth/policy.js';
import type { Role } from '../../common/auth/role.js';
import type { PageRequest } from '../../common/paging/paging.js';
import { PLAN_EACH_TIME, queryRows, type Queryable } from '../../database/queries.js';
import { orgUnitSql as unit } from '../org/index.js';
import type { MemberRow } from './member.model.js';
import { MEMBER_COLUMNS, MEMBER_FROM } from './people.sql.js';
import type { UserRow } from './user.model.js';

const USER_COLUMNS = `a.id::text AS id, a.username, a.name, a.phone, a.role, a.active, a.scope_unit_id::text AS scope_unit_id,
  a.member_id::text AS member_id, coalesce(${unit.path('s')}, ${unit.path('mu')})::text AS anchor_path, a.token_version`;
const USER_FROM = `app_user a
  LEFT JOIN ${unit.table('s')} ON ${unit.id('s')} = a.scope_unit_id
  LEFT JOIN member mm ON mm.id = a.member_id
  LEFT JOIN ${unit.table('mu')} ON ${unit.id('mu')} = mm.unit_id`;

/** What the auth guard reads per request: the account, its scope's path and its member's unit path. */
export interface AccessRow {
  id: string;
  role: Role;
  active: boolean;
  token_version: number;
  scope_unit_id: string | null;
  scope_path: string | null;
  member_id: string | null;
  member_unit_path: string | null;
}

export interface CredentialRow {
  id: string;
  password_hash: string;
  active: boolean;
  token_version: number;
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
    return queryRows(q, `SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM} WHERE m.id = ANY($1::bigint[])`, [ids]);
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
         SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM}
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
      `SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM}
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

  /**
   * Locks the active responders of a unit skilled in `skill`, oldest first, and returns their
   * ids: concurrent assignments in one courtyard then count one after another.
   */
  async lockActiveResponders(unitId: string, skill: string, q: Queryable): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      q,
      `SELECT m.id::text AS id FROM member m
        WHERE m.unit_id = $1 AND m.active AND m.responder AND $2 = ANY (m.skills)
        ORDER BY m.id FOR UPDATE`,
      [unitId, skill],
    );
    return rows.map((r) => r.id);
  }

  /** Remembers when the member was last given a request (routing prefers who waited longest). */
  async markAssigned(memberId: string, q: Queryable): Promise<void> {
    await q.query(`UPDATE member SET last_assigned_at = clock_timestamp() WHERE id = $1`, [memberId]);
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

  // ---- accounts, for auth -----------------------------------------------------------------

  /** The one statement the auth guard runs per request: the user, their scope path and their member's unit path. */
  async accessOf(userId: string): Promise<AccessRow | undefined> {
    const rows = await queryRows<AccessRow>(
      this.db,
      `SELECT u.id::text AS id, u.role, u.active, u.token_version, u.scope_unit_id::text AS scope_unit_id,
              ${unit.path('s')}::text AS scope_path, u.member_id::text AS member_id, ${unit.path('mu')}::text AS member_unit_path
         FROM app_user u
         LEFT JOIN ${unit.table('s')} ON ${unit.id('s')} = u.scope_unit_id
         LEFT JOIN member m ON m.id = u.member_id
         LEFT JOIN ${unit.table('mu')} ON ${unit.id('mu')} = m.unit_id
        WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }

  async credentialsByUsername(username: string): Promise<CredentialRow | undefined> {
    const rows = await queryRows<CredentialRow>(
      this.db,
      `SELECT id::text AS id, password_hash, active, token_version FROM app_user WHERE lower(username) = lower($1)`,
      [username],
    );
    return rows[0];
  }

  async credentialsById(userId: string): Promise<(CredentialRow & { username: string }) | undefined> {
    const rows = await queryRows<CredentialRow & { username: string }>(
      this.db,
      `SELECT id::text AS id, username, password_hash, active, token_version FROM app_user WHERE id = $1`,
      [userId],
    );
    return rows[0];
  }

  async lockCredentials(userId: string, q: Queryable): Promise<CredentialRow | undefined> {
    const rows = await queryRows<CredentialRow>(
      q,
      `SELECT id::text AS id, password_hash, active, token_version FROM app_user WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    return rows[0];
  }

  /** Sets a new password hash and moves the token version on (signs the user out everywhere). */
  async setPassword(userId: string, passwordHash: string, q: Queryable): Promise<number> {
    const rows = await queryRows<{ token_version: number }>(
      q,
      `UPDATE app_user SET password_hash = $2, token_version = token_version + 1 WHERE id = $1 RETURNING token_version`,
      [userId, passwordHash],
    );
    return rows[0].token_version;
  }

  async markSignedIn(userId: string): Promise<void> {
    await this.db.query(`UPDATE app_user SET last_login_at = now() WHERE id = $1`, [userId]);
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
const userListWhere = `${userVisibleSql(`coalesce(${unit.path('s')}, ${unit.path('mu')})`, 'a.id', 1)}
  AND ($4::text IS NULL OR a.username ILIKE $4 OR a.name ILIKE $4)`;

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
