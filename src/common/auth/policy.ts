import { Injectable } from '@nestjs/common';
import { forbidden, notFound } from '../errors/domain-error.js';
import type { Actor } from './actor.js';
import { Role } from './role.js';

/**
 * ltree's `<@` on materialised paths: is `path` the scope unit or below it? One
 * comparison of label prefixes, the same test PostgreSQL runs on the GiST index for lists.
 */
export function isWithin(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}.`);
}

/** Mainland numbers keep their first three and last four digits: 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

const STAFF = new Set([Role.CITY_ADMIN, Role.STREET_ADMIN, Role.SECRETARY]);

/**
 * Every authorisation rule of "Who may do what" in one place. A role that may never do an
 * operation gets FORBIDDEN; a role that may, aimed at something outside its scope, gets
 * NOT_FOUND, exactly as if the thing did not exist.
 */
@Injectable()
export class Policy {
  /** The subtree a staff member governs: '' (everything) for CITY_ADMIN, null for non-staff. */
  staffScope(actor: Actor): string | null {
    if (actor.role === Role.CITY_ADMIN) return '';
    if (STAFF.has(actor.role)) return actor.scopePath;
    return null;
  }

  isStaff(actor: Actor): boolean {
    return STAFF.has(actor.role);
  }

  /** Staff whose scope covers the unit at `unitPath`. */
  coversUnit(actor: Actor, unitPath: string): boolean {
    const scope = this.staffScope(actor);
    return scope === '' || (scope !== null && isWithin(unitPath, scope));
  }

  /** Whether the caller sees a member's (or a member-user's) phone in full. */
  seesPhoneOfUnit(actor: Actor, unitPath: string | null, ownerUserId?: string | null, ownerMemberId?: string | null): boolean {
    if (actor.role === Role.CITY_ADMIN) return true;
    if (ownerUserId && ownerUserId === actor.userId) return true;
    if (ownerMemberId && ownerMemberId === actor.memberId) return true;
    return unitPath !== null && this.coversUnit(actor, unitPath);
  }

  // ---- the tree ------------------------------------------------------------------------

  /** CITY_ADMIN anywhere; STREET_ADMIN inside their street. */
  assertMayManageTree(actor: Actor): void {
    if (actor.role !== Role.CITY_ADMIN && actor.role !== Role.STREET_ADMIN) throw forbidden('Only admins change the tree');
  }

  assertMayCreateStreet(actor: Actor): void {
    if (actor.role !== Role.CITY_ADMIN) throw forbidden('Only a city admin creates a street committee');
  }

  /** A tree change aimed at `unitPath` must be inside the admin's subtree. */
  assertTreeTargetInScope(actor: Actor, unitPath: string, what = 'Org unit'): void {
    if (!this.coversUnit(actor, unitPath)) throw notFound(what);
  }

  // ---- members -------------------------------------------------------------------------

  assertMayManageMembers(actor: Actor): void {
    if (!STAFF.has(actor.role)) throw forbidden('Only staff manage members');
  }

  assertMaySetSecretary(actor: Actor): void {
    if (actor.role !== Role.CITY_ADMIN && actor.role !== Role.STREET_ADMIN) throw forbidden('Only admins set secretaries');
  }

  // ---- users ---------------------------------------------------------------------------

  assertMayManageUsers(actor: Actor): void {
    if (actor.role !== Role.CITY_ADMIN && actor.role !== Role.STREET_ADMIN) throw forbidden('Only admins manage users');
  }

  /** A STREET_ADMIN may give accounts the SECRETARY and RESPONDER roles only. */
  assertMayGrantRole(actor: Actor, role: Role): void {
    if (actor.role === Role.CITY_ADMIN) return;
    if (actor.role === Role.STREET_ADMIN && (role === Role.SECRETARY || role === Role.RESPONDER)) return;
    throw forbidden(`A ${actor.role} may not grant the ${role} role`);
  }

  /**
   * Whether the caller may see a user account: themself, a CITY_ADMIN, or a STREET_ADMIN
   * whose street holds the account's scope unit or member.
   */
  seesUser(actor: Actor, user: { id: string; anchorPath: string | null }): boolean {
    if (user.id === actor.userId || actor.role === Role.CITY_ADMIN) return true;
    return actor.role === Role.STREET_ADMIN && user.anchorPath !== null && this.coversUnit(actor, user.anchorPath);
  }

  /** For SQL lists of users: null means every user; FORBIDDEN for roles that list none. */
  userListScope(actor: Actor): string | null {
    if (actor.role === Role.CITY_ADMIN) return null;
    if (actor.role === Role.STREET_ADMIN && actor.scopePath) return actor.scopePath;
    throw forbidden('Only admins list users');
  }

  // ---- audit ---------------------------------------------------------------------------

  /** For SQL reads of the audit log: null means all entries. */
  auditScope(actor: Actor): string | null {
    if (actor.role === Role.CITY_ADMIN) return null;
    if (actor.role === Role.STREET_ADMIN && actor.scopePath) return actor.scopePath;
    throw forbidden('Only admins read the audit log');
  }
}
