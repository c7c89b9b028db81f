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

export type RequestAction = 'dispatch' | 'assign' | 'accept' | 'escalate' | 'resolve' | 'close' | 'reopen' | 'cancel';

/** What the rules need to know of a request. */
export interface RequestFacts {
  unitPath: string;
  /** Null for an imported request. */
  reporterUserId: string | null;
  assigneeMemberId: string | null;
  /** DIRECT, INSPECTION, IMPORTED, OPEN311: an inspector has no reporter rights over what its findings open. */
  source?: string;
}

/** Visible: all, or held under scopePath, or assigned to memberId, or reported by userId. */
export interface RequestVisibility {
  all: boolean;
  scopePath: string | null;
  memberId: string | null;
  userId: string;
}

/** What the rules need to know of a volunteer organisation. */
export interface VolunteerOrgFacts {
  unitPath: string;
  managerUserIds: string[];
}

/** What the rules need to know of a volunteer. */
export interface VolunteerFacts {
  unitPath: string;
  userId: string | null;
  /** The named managers of the volunteer's organisations. */
  managerUserIds: string[];
}
/** Who may read and record assessment data (indicators, rankings, inspections, notices, entries). */
const ASSESSMENT_READERS = new Set([Role.CITY_ADMIN, Role.STREET_ADMIN, Role.SECRETARY, Role.INSPECTOR]);

/** `seesUser` as the parameters of `userVisibleSql`. */
export interface UserVisibility {
  all: boolean;
  scopePath: string | null;
  userId: string;
}

/**
 * `seesUser` in SQL: `anchorPathSql` is the account's anchor (scope unit's path, else its
 * member's unit's path), `idSql` its id; `$n`, `$n+1`, `$n+2` take `userVisibilityParams`.
 */
export function userVisibleSql(anchorPathSql: string, idSql: string, n: number): string {
  return `($${n}::boolean OR ${idSql} = $${n + 2}::bigint OR (${anchorPathSql}) <@ $${n + 1}::ltree)`;
}

export function userVisibilityParams(v: UserVisibility): [boolean, string | null, string] {
  return [v.all, v.scopePath, v.userId];
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

  /** A STREET_ADMIN may give accounts the SECRETARY, RESPONDER and INSPECTOR roles only. */
  assertMayGrantRole(actor: Actor, role: Role): void {
    if (actor.role === Role.CITY_ADMIN) return;
    if (actor.role === Role.STREET_ADMIN && (role === Role.SECRETARY || role === Role.RESPONDER || role === Role.INSPECTOR)) return;
    throw forbidden(`A ${actor.role} may not grant the ${role} role`);
  }

  /**
   * Whether the caller may see a user account: themself, a CITY_ADMIN, or a STREET_ADMIN
   * whose street holds the account's anchor (its scope unit, else its member's unit). The
   * same rule in SQL, for lists, is `userVisibleSql` with `userVisibility`. An INSPECTOR
   * is anchored at its scope unit (a STREET_ADMIN sees the inspectors of its street); a
   * city-wide one has no anchor (CITY_ADMIN only); an INSPECTOR itself lists no users.
   */
  seesUser(actor: Actor, user: { id: string; anchorPath: string | null }): boolean {
    if (user.id === actor.userId || actor.role === Role.CITY_ADMIN) return true;
    return actor.role === Role.STREET_ADMIN && user.anchorPath !== null && this.coversUnit(actor, user.anchorPath);
  }

  /** For SQL lists of users: `seesUser` as parameters; FORBIDDEN for roles that list none. */
  userVisibility(actor: Actor): UserVisibility {
    if (actor.role === Role.CITY_ADMIN) return { all: true, scopePath: null, userId: actor.userId };
    if (actor.role === Role.STREET_ADMIN && actor.scopePath) return { all: false, scopePath: actor.scopePath, userId: actor.userId };
    throw forbidden('Only admins list users');
  }

  // ---- service requests ------------------------------------------------------------------

  /**
   * Who sees a request: CITY_ADMIN all; staff what is held in their subtree; a responder
   * what is assigned to them; everyone what they reported themselves.
   */
  seesRequest(actor: Actor, request: RequestFacts): boolean {
    if (request.reporterUserId === actor.userId) return true;
    if (this.isStaffInScope(actor, request)) return true;
    if (this.inspects(actor, request.unitPath)) return true;
    return actor.memberId !== null && request.assigneeMemberId === actor.memberId;
  }

  /** "Staff in scope": CITY_ADMIN, or a STREET_ADMIN or SECRETARY whose scope covers the holder. */
  isStaffInScope(actor: Actor, request: Pick<RequestFacts, 'unitPath'>): boolean {
    return this.isStaff(actor) && this.coversUnit(actor, request.unitPath);
  }

  isAssignee(actor: Actor, request: Pick<RequestFacts, 'assigneeMemberId'>): boolean {
    return actor.memberId !== null && request.assigneeMemberId === actor.memberId;
  }

  /**
   * Who may act, checked before the status: NOT_FOUND when the caller cannot see the
   * request, FORBIDDEN when they can but this action is not theirs. A rating is the
   * reporter's alone: staff close without one.
   */
  assertMayActOnRequest(actor: Actor, action: RequestAction, request: RequestFacts, options: { rating?: boolean } = {}): void {
    if (!this.seesRequest(actor, request)) throw notFound('Service request');
    const staff = this.isStaffInScope(actor, request);
    const assignee = this.isAssignee(actor, request);
    // The requests an inspection opens are the staff's to handle, not the inspector's.
    const reporter = request.reporterUserId === actor.userId && request.source !== 'INSPECTION';
    const allowed: Record<RequestAction, boolean> = {
      dispatch: staff,
      assign: staff,
      accept: assignee,
      escalate: assignee || staff,
      resolve: assignee || staff,
      close: reporter || staff,
      reopen: reporter || staff,
      cancel: reporter || staff,
    };
    if (!allowed[action]) throw forbidden(`You may not ${action} this request`);
    if (options.rating && !reporter) throw forbidden('Only the reporter may rate a request; close it without a rating');
  }

  /** For SQL lists of requests: the visibility rule as parameters. */
  requestVisibility(actor: Actor): RequestVisibility {
    const scoped = actor.role === Role.STREET_ADMIN || actor.role === Role.SECRETARY || actor.role === Role.INSPECTOR;
    return {
      all: actor.role === Role.CITY_ADMIN || (actor.role === Role.INSPECTOR && actor.scopePath === null),
      scopePath: scoped ? actor.scopePath : null,
      memberId: actor.memberId,
      userId: actor.userId,
    };
  }

  // ---- volunteers ------------------------------------------------------------------------

  /** Organises a volunteer organisation: staff in scope of its unit, or one of its named managers. */
  managesVolunteerOrg(actor: Actor, org: VolunteerOrgFacts): boolean {
    return this.coversUnit(actor, org.unitPath) || org.managerUserIds.includes(actor.userId);
  }

  /** Staff in scope of an organisation's unit: they alone name its managers. */
  assertMayNameOrgManagers(actor: Actor, org: VolunteerOrgFacts): void {
    if (!this.coversUnit(actor, org.unitPath)) throw forbidden('Only staff in scope of the organisation name its managers');
  }

  /** CITY_ADMIN creates PROFESSIONAL organisations; staff in scope of the unit create the other kinds. */
  assertMayCreateVolunteerOrg(actor: Actor, professional: boolean, unitPath: string): void {
    if (professional && actor.role !== Role.CITY_ADMIN) throw forbidden('Only a city admin creates a professional organisation');
    if (!this.isStaff(actor)) throw forbidden('Only staff create volunteer organisations');
    if (!this.coversUnit(actor, unitPath)) throw notFound('Org unit');
  }

  /** A volunteer is seen by themself, staff in scope of their unit and the managers of their organisations. */
  seesVolunteer(actor: Actor, v: VolunteerFacts): boolean {
    return v.userId === actor.userId || this.coversUnit(actor, v.unitPath) || v.managerUserIds.includes(actor.userId);
  }

  /** Not seen: NOT_FOUND; seen but not theirs to do: FORBIDDEN. */
  assertVolunteerRight(actor: Actor, v: VolunteerFacts, allowed: boolean, what: string): void {
    if (!this.seesVolunteer(actor, v)) throw notFound('Volunteer');
    if (!allowed) throw forbidden(`You may not ${what}`);
  }

  /** For SQL lists of volunteers: every volunteer, or those the rule above lets the caller see. */
  volunteerVisibility(actor: Actor): { all: boolean; scopePath: string | null; userId: string } {
    const scope = this.staffScope(actor);
    return { all: scope === '', scopePath: scope || null, userId: actor.userId };
  }

  /** volunteerStats: staff (null outside their scope); RESPONDER and RESIDENT may not ask. */
  assertMayReadVolunteerStats(actor: Actor): void {
    if (!this.isStaff(actor)) throw forbidden('Only staff read volunteer figures');
  }

  // ---- assessment and supervision ----------------------------------------------------------

  /** An INSPECTOR whose scope (or the whole city, without one) covers the unit: reads its requests. */
  inspects(actor: Actor, unitPath: string): boolean {
    return actor.role === Role.INSPECTOR && (actor.scopePath === null || isWithin(unitPath, actor.scopePath));
  }

  /**
   * The subtree whose assessment data the caller reads: '' for the city (CITY_ADMIN, a
   * city-wide INSPECTOR), the scope path for STREET_ADMIN, SECRETARY and a scoped INSPECTOR;
   * RESPONDER and RESIDENT see none of it (FORBIDDEN).
   */
  assessmentScope(actor: Actor): string {
    if (!ASSESSMENT_READERS.has(actor.role)) throw forbidden('Your role sees no assessment data');
    if (actor.role === Role.CITY_ADMIN || (actor.role === Role.INSPECTOR && actor.scopePath === null)) return '';
    if (actor.scopePath === null) throw forbidden('Your account has no scope');
    return actor.scopePath;
  }

  /** Whether the caller reads the figures of the unit at `unitPath` (null: they read none). */
  readsAssessmentOf(actor: Actor, unitPath: string): boolean {
    if (!ASSESSMENT_READERS.has(actor.role)) return false;
    const scope = this.assessmentScope(actor);
    return scope === '' || isWithin(unitPath, scope);
  }

  /**
   * A ranking or result of a unit's children: whoever reads the unit or one of its children
   * (a branch secretary reads the ranking that ranks their branch), else NOT_FOUND.
   */
  assertMayReadRankingOf(actor: Actor, unitPath: string): void {
    const scope = this.assessmentScope(actor);
    if (scope === '' || isWithin(unitPath, scope)) return;
    // The scope unit is a child of the ranked unit.
    const parentOfScope = scope.includes('.') ? scope.slice(0, scope.lastIndexOf('.')) : null;
    if (parentOfScope === unitPath) return;
    throw notFound('Org unit');
  }

  /** The city-wide ranking and results: CITY_ADMIN, every STREET_ADMIN, city-wide INSPECTORs. */
  assertMayReadCityRanking(actor: Actor): void {
    this.assessmentScope(actor);
    if (actor.role === Role.CITY_ADMIN || actor.role === Role.STREET_ADMIN) return;
    if (actor.role === Role.INSPECTOR && actor.scopePath === null) return;
    throw forbidden('Only city-wide roles read the city-wide ranking');
  }

  /** Inspections, notices and negative-list entries are recorded by CITY_ADMIN, STREET_ADMIN and INSPECTOR, in scope. */
  assertMaySupervise(actor: Actor, unitPath: string | null): void {
    if (actor.role !== Role.CITY_ADMIN && actor.role !== Role.STREET_ADMIN && actor.role !== Role.INSPECTOR) {
      throw forbidden('Only admins and inspectors record supervision');
    }
    if (unitPath !== null && !this.readsAssessmentOf(actor, unitPath)) throw notFound('Org unit');
  }

  /** The scheme, the negative-list items, the import and the city-wide result are CITY_ADMIN's. */
  assertCityAdmin(actor: Actor, what: string): void {
    if (actor.role !== Role.CITY_ADMIN) throw forbidden(`Only a city admin ${what}`);
  }

  /** Publishing a unit's result: CITY_ADMIN, or a STREET_ADMIN within their street. */
  assertMayPublish(actor: Actor, unitPath: string | null): void {
    if (unitPath === null) return this.assertCityAdmin(actor, 'publishes the city-wide result');
    this.assertMayPublishUnits(actor);
    if (!this.coversUnit(actor, unitPath)) throw notFound('Org unit');
  }

  /** The role part of publishing a unit's result (before the unit is known to exist). */
  assertMayPublishUnits(actor: Actor): void {
    if (actor.role === Role.CITY_ADMIN || actor.role === Role.STREET_ADMIN) return;
    this.assessmentScope(actor);
    throw forbidden('Only admins publish results');
  }

  // ---- Open311 API keys ----------------------------------------------------------------

  assertMayManageApiKeys(actor: Actor): void {
    if (actor.role !== Role.CITY_ADMIN) throw forbidden('Only a city admin manages API keys');
  }

  // ---- audit ---------------------------------------------------------------------------

  /** For SQL reads of the audit log: null means all entries. */
  auditScope(actor: Actor): string | null {
    if (actor.role === Role.CITY_ADMIN) return null;
    if (actor.role === Role.STREET_ADMIN && actor.scopePath) return actor.scopePath;
    throw forbidden('Only admins read the audit log');
  }
}
