import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/common/auth/actor.js';
import { Policy } from '../../src/common/auth/policy.js';
import { Role } from '../../src/common/auth/role.js';
import { DomainError } from '../../src/common/errors/domain-error.js';

/* The tree: street 1 → branch 1.2 → courtyard 1.2.5; street 3 → 3.4. */
const actor = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  userId: '100',
  role,
  scopeUnitId: null,
  scopePath: null,
  memberId: null,
  memberUnitPath: null,
  address: null,
  ...extra,
});

const cityAdmin = actor(Role.CITY_ADMIN);
const streetAdmin1 = actor(Role.STREET_ADMIN, { userId: '101', scopePath: '1' });
const streetAdmin3 = actor(Role.STREET_ADMIN, { userId: '103', scopePath: '3' });
const secretary12 = actor(Role.SECRETARY, { userId: '112', scopePath: '1.2' });
const resident = actor(Role.RESIDENT, { userId: '130' });
const manager = actor(Role.RESIDENT, { userId: '140' });

const policy = new Policy();
const outcome = (check: () => unknown): string => {
  try {
    check();
    return 'allowed';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

const org = { unitPath: '1.2', managerUserIds: ['140'] };
const volunteer = { unitPath: '1.2.5', userId: '130', managerUserIds: ['140'] };
const stranger = { unitPath: '3.4', userId: null, managerUserIds: [] };

describe('volunteer organisations', () => {
  it('are managed by staff in scope of their unit and by their named managers', () => {
    expect([cityAdmin, streetAdmin1, secretary12, manager].map((a) => policy.managesVolunteerOrg(a, org))).toEqual([true, true, true, true]);
    expect([streetAdmin3, resident].map((a) => policy.managesVolunteerOrg(a, org))).toEqual([false, false]);
  });

  it('get managers named only by staff in scope (a manager: FORBIDDEN)', () => {
    expect(outcome(() => policy.assertMayNameOrgManagers(secretary12, org))).toBe('allowed');
    expect(outcome(() => policy.assertMayNameOrgManagers(manager, org))).toBe('FORBIDDEN');
    expect(outcome(() => policy.assertMayNameOrgManagers(streetAdmin3, org))).toBe('FORBIDDEN');
  });

  it('of the PROFESSIONAL kind are created by a CITY_ADMIN only; the others by staff in scope', () => {
    expect(outcome(() => policy.assertMayCreateVolunteerOrg(cityAdmin, true, '1'))).toBe('allowed');
    expect(outcome(() => policy.assertMayCreateVolunteerOrg(streetAdmin1, true, '1'))).toBe('FORBIDDEN');
    expect(outcome(() => policy.assertMayCreateVolunteerOrg(secretary12, false, '1.2.5'))).toBe('allowed');
    expect(outcome(() => policy.assertMayCreateVolunteerOrg(secretary12, false, '1'))).toBe('NOT_FOUND');
    expect(outcome(() => policy.assertMayCreateVolunteerOrg(resident, false, '1.2'))).toBe('FORBIDDEN');
  });
});

describe('volunteers', () => {
  it('are seen by themselves, staff in scope of their unit and the managers of their organisations', () => {
    expect([cityAdmin, streetAdmin1, secretary12, resident, manager].map((a) => policy.seesVolunteer(a, volunteer))).toEqual([true, true, true, true, true]);
    expect(policy.seesVolunteer(streetAdmin3, volunteer)).toBe(false);
    expect(policy.seesVolunteer(resident, stranger)).toBe(false);
  });

  it('hidden means NOT_FOUND, seen but not allowed FORBIDDEN', () => {
    expect(outcome(() => policy.assertVolunteerRight(streetAdmin3, volunteer, false, 'x'))).toBe('NOT_FOUND');
    expect(outcome(() => policy.assertVolunteerRight(manager, volunteer, false, 'x'))).toBe('FORBIDDEN');
    expect(outcome(() => policy.assertVolunteerRight(resident, volunteer, true, 'x'))).toBe('allowed');
  });

  it('figures are for staff only', () => {
    expect(outcome(() => policy.assertMayReadVolunteerStats(secretary12))).toBe('allowed');
    expect(outcome(() => policy.assertMayReadVolunteerStats(resident))).toBe('FORBIDDEN');
    expect(outcome(() => policy.assertMayReadVolunteerStats(actor(Role.RESPONDER, { memberId: '7' })))).toBe('FORBIDDEN');
  });
});
