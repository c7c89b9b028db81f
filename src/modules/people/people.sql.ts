import { rowAsJsonSql } from '../../database/queries.js';
import type { ActorConfirmation } from '../../common/auth/actor.js';
import { orgUnitSql as unit } from '../org/index.js';

// Skills come as JSON: pg's text[] parser builds each string a character at a time, which was
// the largest single source of garbage in a tree pull (every unit's secretary has skills).
export const MEMBER_COLUMNS = `m.id::text AS id, m.unit_id::text AS unit_id, ${unit.path('u')}::text AS unit_path, m.name, m.phone,
  m.party_member, m.responder, to_json(m.skills) AS skills, m.active, m.version`;
export const MEMBER_FROM = `member m JOIN ${unit.table('u')} ON ${unit.id('u')} = m.unit_id`;

/** A member's row as JSON (rowAsJsonSql), the same shape MembersService.fromRow takes: every column is JSON-safe. */
export function memberRowJsonSql(idSql: string): string {
  return rowAsJsonSql(idSql, `SELECT ${MEMBER_COLUMNS} FROM ${MEMBER_FROM} WHERE m.id = ref.id`);
}

/** A member's name (null when there is no such member). */
export function memberNameSql(idSql: string): string {
  return `(SELECT m.name FROM member m WHERE m.id = ${idSql})`;
}

/**
 * SQL fragments for other modules' read statements about members (a queue row's assignee,
 * the order of routing's candidates). people owns member and app_user: outside people, their
 * tables and columns are named only through these, and only in reads.
 */
export const memberSql = {
  table: (alias: string) => `member ${alias}`,
  id: (alias: string) => `${alias}.id`,
  /** The member's unit (org_unit id). */
  unitId: (alias: string) => `${alias}.unit_id`,
  /** When the member was last given a request (null: never). */
  lastAssignedAt: (alias: string) => `${alias}.last_assigned_at`,
  /** One member's row as JSON, the shape Member.from takes. */
  rowJson: memberRowJsonSql,
} as const;

/**
 * SQL fragments for other modules' reads of accounts (whether an account named in an input
 * exists and is active). people owns app_user: outside people, it is named only through these.
 */
export const userSql = {
  table: (alias: string) => `app_user ${alias}`,
  id: (alias: string) => `${alias}.id`,
  active: (alias: string) => `${alias}.active`,
} as const;

/**
 * For a statement that confirms its caller itself (ActorConfirmation): true while the account
 * is still as it was read (active, the token version, role, scope and member, and the current
 * paths of both units), else the statement fails with ACCOUNT_NOT_AS_READ (migration
 * AccountAsReadCheck). `param` adds a value to the statement's parameters and names it.
 */
export function accountIsAsReadSql(confirmation: ActorConfirmation, param: (value: unknown) => string): string {
  const row = confirmation.row;
  return `account_is_as_read(${param(row.id)}::bigint, ${param(confirmation.tokenVersion)}::int, ${param(row.role)}::text,
    ${param(row.scope_unit_id)}::bigint, ${param(row.scope_path)}::text, ${param(row.member_id)}::bigint, ${param(row.member_unit_path)}::text)`;
}

/** The SQLSTATE of account_is_as_read's refusal. */
export const ACCOUNT_NOT_AS_READ = 'GGA01';
