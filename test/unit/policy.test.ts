import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/common/auth/actor.js';
import { isWithin, Policy } from '../../src/common/auth/policy.js';
import { Role } from '../../src/common/auth/role.js';
import { DomainError } from '../../src/common/errors/domain-error.js';

/*
 * Paths are ltree label paths of unit ids. The tree used here:
 *   street 1 → branch 1.2 → courtyard 1.2.5 ; street 1 → 1.20 (a sibling whose label starts like 2)
 *   street 3 → 3.4
 */
const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  userId: '100',
  role,
  scopeUnitId: null,
  scopePath: null,
  memberId: null,
  memberUnitPath: null,
  address: '127.0.0.1',
  ...extra,
});

const cityAdmin = actor(Role.CITY_ADMIN);
const streetAdmin1 = actor(Role.STREET_ADMIN, { userId: '101', scopeUnitId: '1', scopePath: '1' });
const streetAdmin3 = actor(Role.STREET_ADMIN, { userId: '103', scopeUnitId: '3', scopePath: '3' });
const secretary12 = actor(Role.SECRETARY, { userId: '112', scopeUnitId: '2', scopePath: '1.2' });
const responder = actor(Role.RESPONDER, { userId: '120', memberId: '7', memberUnitPath: '1.2.5' });
const resident = actor(Role.RESIDENT, { userId: '130' });

const policy = new Policy();

/** The error code a policy call throws, or 'allowed'. */
function outcome(check: () => unknown): string {
  try {
    check();
    return 'allowed';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('isWithin (ltree <@ on label paths)', () => {
  it('counts the scope unit itself as within', () => {
    expect(isWithin('1.2', '1.2')).toBe(true);
  });

  it('counts a child and a deeper descendant as within', () => {
    expect(isWithin('1.2', '1')).toBe(true);
    expect(isWithin('1.2.5.9', '1.2')).toBe(true);
  });

  it('compares whole labels, not characters: 1.20 is not within 1.2, 12 is not within 1', () => {
    expect(isWithin('1.20', '1.2')).toBe(false);
    expect(isWithin('1.20.3', '1.2')).toBe(false);
    expect(isWithin('12', '1')).toBe(false);
    expect(isWithin('12.3', '1')).toBe(false);
  });

  it('does not count an ancestor or a sibling as within', () => {
    expect(isWithin('1', '1.2')).toBe(false);
    expect(isWithin('1.3', '1.2')).toBe(false);
    expect(isWithin('3.4', '1')).toBe(false);
  });
});

describe('Policy: scopes', () => {
  it('gives a CITY_ADMIN everything, staff their scope path, others no staff scope', () => {
    expect(policy.staffScope(cityAdmin)).toBe('');
    expect(policy.staffScope(streetAdmin1)).toBe('1');
    expect(policy.staffScope(secretary12)).toBe('1.2');
    expect(policy.staffScope(responder)).toBeNull();
    expect(policy.staffScope(resident)).toBeNull();
  });

  it('counts CITY_ADMIN, STREET_ADMIN and SECRETARY as staff only', () => {
    expect([cityAdmin, streetAdmin1, secretary12, responder, resident].map((a) => policy.isStaff(a))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('lets staff cover the units of their subtree and nothing else', () => {
    expect(policy.coversUnit(cityAdmin, '3.4')).toBe(true);
    expect(policy.coversUnit(streetAdmin1, '1.2.5')).toBe(true);
    expect(policy.coversUnit(streetAdmin1, '3.4')).toBe(false);
    expect(policy.coversUnit(secretary12, '1.2.5')).toBe(true);
    expect(policy.coversUnit(secretary12, '1.20')).toBe(false);
    expect(policy.coversUnit(secretary12, '1')).toBe(false);
  });

  it('never lets a RESPONDER or RESIDENT cover a unit, not even their own', () => {
    expect(policy.coversUnit(responder, '1.2.5')).toBe(false);
    expect(policy.coversUnit(resident, '1')).toBe(false);
  });

  it('gives a STREET_ADMIN without a scope path nothing', () => {
    const broken = actor(Role.STREET_ADMIN, { scopePath: null });
    expect(policy.coversUnit(broken, '1')).toBe(false);
    expect(outcome(() => policy.userVisibility(broken))).toBe('FORBIDDEN');
    expect(outcome(() => policy.auditScope(broken))).toBe('FORBIDDEN');
  });
});

describe('Policy: who sees a phone in full', () => {
  it('shows a member phone in the unit 1.2.5 to CITY_ADMIN, the street admin and a secretary above it', () => {
    expect(policy.seesPhoneOfUnit(cityAdmin, '1.2.5')).toBe(true);
    expect(policy.seesPhoneOfUnit(streetAdmin1, '1.2.5')).toBe(true);
    expect(policy.seesPhoneOfUnit(secretary12, '1.2.5')).toBe(true);
  });

  it("masks it to another street's admin, a secretary of a sibling subtree, a resident", () => {
    expect(policy.seesPhoneOfUnit(streetAdmin3, '1.2.5')).toBe(false);
    expect(policy.seesPhoneOfUnit(actor(Role.SECRETARY, { scopePath: '1.20' }), '1.2.5')).toBe(false);
    expect(policy.seesPhoneOfUnit(resident, '1.2.5')).toBe(false);
  });

  it('shows a member their own phone through their RESPONDER account, not another member of the same unit', () => {
    expect(policy.seesPhoneOfUnit(responder, '1.2.5', null, '7')).toBe(true);
    expect(policy.seesPhoneOfUnit(responder, '1.2.5', null, '8')).toBe(false);
  });

  it("shows a user their own phone; a resident's (no unit) is masked to a STREET_ADMIN and shown to a CITY_ADMIN", () => {
    expect(policy.seesPhoneOfUnit(resident, null, '130')).toBe(true);
    expect(policy.seesPhoneOfUnit(streetAdmin1, null, '130')).toBe(false);
    expect(policy.seesPhoneOfUnit(cityAdmin, null, '130')).toBe(true);
    expect(policy.seesPhoneOfUnit(actor(Role.RESIDENT, { userId: '131' }), null, '130')).toBe(false);
  });
});

describe('Policy: the tree', () => {
  it('lets only admins change the tree, and only a CITY_ADMIN create a street', () => {
    expect(outcome(() => policy.assertMayManageTree(cityAdmin))).toBe('allowed');
    expect(outcome(() => policy.assertMayManageTree(streetAdmin1))).toBe('allowed');
    for (const a of [secretary12, responder, resident]) expect(outcome(() => policy.assertMayManageTree(a))).toBe('FORBIDDEN');
    expect(outcome(() => policy.assertMayCreateStreet(cityAdmin))).toBe('allowed');
    expect(outcome(() => policy.assertMayCreateStreet(streetAdmin1))).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND (not FORBIDDEN) for a tree target outside the admin street', () => {
    expect(outcome(() => policy.assertTreeTargetInScope(streetAdmin1, '1.2'))).toBe('allowed');
    expect(outcome(() => policy.assertTreeTargetInScope(streetAdmin1, '3.4'))).toBe('NOT_FOUND');
    expect(outcome(() => policy.assertTreeTargetInScope(cityAdmin, '3.4'))).toBe('allowed');
  });
});

describe('Policy: members and users', () => {
  it('lets staff manage members, admins set secretaries', () => {
    expect([cityAdmin, streetAdmin1, secretary12, responder, resident].map((a) => outcome(() => policy.assertMayManageMembers(a)))).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    expect([cityAdmin, streetAdmin1, secretary12, responder, resident].map((a) => outcome(() => policy.assertMaySetSecretary(a)))).toEqual([
      'allowed',
      'allowed',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
  });

  it('lets only admins manage users', () => {
    expect([cityAdmin, streetAdmin1, secretary12, responder, resident].map((a) => outcome(() => policy.assertMayManageUsers(a)))).toEqual([
      'allowed',
      'allowed',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
  });

  it('lets a CITY_ADMIN grant every role and a STREET_ADMIN only SECRETARY, RESPONDER and INSPECTOR', () => {
    for (const role of Object.values(Role)) expect(outcome(() => policy.assertMayGrantRole(cityAdmin, role))).toBe('allowed');
    expect(Object.values(Role).map((role) => [role, outcome(() => policy.assertMayGrantRole(streetAdmin1, role))])).toEqual([
      [Role.CITY_ADMIN, 'FORBIDDEN'],
      [Role.STREET_ADMIN, 'FORBIDDEN'],
      [Role.SECRETARY, 'allowed'],
      [Role.RESPONDER, 'allowed'],
      [Role.RESIDENT, 'FORBIDDEN'],
      [Role.INSPECTOR, 'allowed'],
    ]);
    expect(outcome(() => policy.assertMayGrantRole(secretary12, Role.RESPONDER))).toBe('FORBIDDEN');
  });

  it('shows an account to itself, to a CITY_ADMIN, and to the admin of the street it sits in', () => {
    const inStreet1 = { id: '200', anchorPath: '1.2.5' };
    const residentAccount = { id: '130', anchorPath: null };
    expect(policy.seesUser(cityAdmin, inStreet1)).toBe(true);
    expect(policy.seesUser(streetAdmin1, inStreet1)).toBe(true);
    expect(policy.seesUser(streetAdmin3, inStreet1)).toBe(false);
    expect(policy.seesUser(secretary12, inStreet1)).toBe(false);
    expect(policy.seesUser(streetAdmin1, residentAccount)).toBe(false);
    expect(policy.seesUser(resident, residentAccount)).toBe(true);
    expect(policy.seesUser(resident, inStreet1)).toBe(false);
  });

  it('lists all users for a CITY_ADMIN, the street for a STREET_ADMIN, and refuses the rest', () => {
    expect(policy.userVisibility(cityAdmin)).toEqual({ all: true, scopePath: null, userId: '100' });
    expect(policy.userVisibility(streetAdmin1)).toEqual({ all: false, scopePath: '1', userId: '101' });
    for (const a of [secretary12, responder, resident]) expect(outcome(() => policy.userVisibility(a))).toBe('FORBIDDEN');
  });
});

describe('Policy: the audit log', () => {
  it('shows everything to a CITY_ADMIN, the street to a STREET_ADMIN, and nothing to others', () => {
    expect(policy.auditScope(cityAdmin)).toBeNull();
    expect(policy.auditScope(streetAdmin3)).toBe('3');
    for (const a of [secretary12, responder, resident]) expect(outcome(() => policy.auditScope(a))).toBe('FORBIDDEN');
  });
});

describe('UsersService.phoneFor and MembersService.phoneFor (the field resolvers behind User.phone and Member.phone)', async () => {
  const { UsersService } = await import('../../src/modules/people/users.service.js');
  const { MembersService } = await import('../../src/modules/people/members.service.js');
  const { User } = await import('../../src/modules/people/user.model.js');
  const { Member } = await import('../../src/modules/people/member.model.js');
  const none = undefined as never;
  const users = new UsersService(none, none, none, policy, none, none, none);
  const members = new MembersService(none, none, none, policy, none, none, none);
  const residentUser = User.from({
    id: '130', username: 'res', name: 'r', phone: '13812345678', role: Role.RESIDENT, active: true,
    scope_unit_id: null, member_id: null, anchor_path: null, token_version: 1,
  });
  const member = Member.from({
    id: '7', unit_id: '5', unit_path: '1.2.5', name: 'm', phone: '13812345678', party_member: false,
    responder: true, skills: [], active: true, version: 1,
  });

  it("shows a resident's own phone to themself and masks it to a STREET_ADMIN", () => {
    expect(users.phoneFor(resident, residentUser)).toBe('13812345678');
    expect(users.phoneFor(streetAdmin1, residentUser)).toBe('138****5678');
    expect(users.phoneFor(cityAdmin, residentUser)).toBe('13812345678');
  });

  it('shows a member phone to covering staff and the own responder, masked to the rest', () => {
    expect([cityAdmin, streetAdmin1, secretary12, responder].map((a) => members.phoneFor(a, member))).toEqual(Array(4).fill('13812345678'));
    expect([streetAdmin3, resident, actor(Role.RESPONDER, { memberId: '8' })].map((a) => members.phoneFor(a, member))).toEqual(
      Array(3).fill('138****5678'),
    );
  });
});
