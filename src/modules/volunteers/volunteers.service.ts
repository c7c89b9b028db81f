import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { maskPhone, Policy, type VolunteerFacts, type VolunteerOrgFacts } from '../../common/auth/policy.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isIdKey, pageRequest, toConnection, type Connection } from '../../common/paging/paging.js';
import { RegistrationLimiter } from '../../common/rate-limit/index.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService, type AuditAction } from '../audit/index.js';
import type {
  CreateVolunteerOrganizationInput,
  LinkVolunteerAccountInput,
  OrganizationManagerInput,
  RegisterVolunteerInput,
  UpdateVolunteerInput,
  UpdateVolunteerOrganizationInput,
  VolunteerMembershipInput,
  VolunteerOrganizationsArgs,
  VolunteersArgs,
} from './dtos/volunteer.inputs.js';
import { Volunteer, VolunteerOrganization, VolunteerOrgKind, type OrgRow, type VolunteerRow } from './volunteer.models.js';
import { VolunteersLoaders } from './volunteers.loaders.js';
import { VolunteersRepository } from './volunteers.repository.js';

export const orgFacts = (row: OrgRow): VolunteerOrgFacts => ({ unitPath: row.unit_path, managerUserIds: row.manager_ids });
export const volunteerFacts = (row: VolunteerRow): VolunteerFacts => ({ unitPath: row.unit_path, userId: row.user_id, managerUserIds: row.manager_ids });
const unique = (values: string[]) => [...new Set(values)];

/** Volunteer organisations and registered volunteers: who manages, who sees, who may change what. */
@Injectable()
export class VolunteersService {
  constructor(
    private readonly repo: VolunteersRepository,
    private readonly loaders: VolunteersLoaders,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly registrations: RegistrationLimiter,
  ) {}

  // ---- organisations: reads -------------------------------------------------------------------

  async org(loaders: RequestLoaders, dbId: string): Promise<VolunteerOrganization | null> {
    const row = await this.loaders.org(loaders).load(dbId);
    return row ? VolunteerOrganization.from(row) : null;
  }

  managesOrg(actor: Actor, org: VolunteerOrganization): boolean {
    return this.policy.managesVolunteerOrg(actor, orgFacts(org.row));
  }

  contactPhoneFor(actor: Actor, org: VolunteerOrganization): string | null {
    const phone = org.row.contact_phone;
    if (!phone) return null;
    return this.managesOrg(actor, org) ? phone : maskPhone(phone);
  }

  volunteerCount(loaders: RequestLoaders, org: VolunteerOrganization): Promise<number> {
    return this.loaders.orgVolunteerCount(loaders).load(org.row.id);
  }

  async listOrgs(args: VolunteerOrganizationsArgs): Promise<Connection<VolunteerOrganization>> {
    const page = pageRequest(args, isIdKey);
    let unitPath: string | null = null;
    if (args.unitId) {
      const unitId = dbIdOf(args.unitId, 'OrgUnit');
      const unit = unitId ? await this.repo.unitFacts(unitId) : undefined;
      if (!unit) return toConnection([], page, 0, () => '', VolunteerOrganization.from);
      unitPath = unit.path;
    }
    const filter = { unitPath, kind: args.kind ?? null, search: args.search ?? null };
    const rows = await this.repo.listOrgs(filter, page);
    return toConnection(rows, page, () => this.repo.countOrgs(filter), (r) => r.id, VolunteerOrganization.from);
  }

  // ---- organisations: changes -----------------------------------------------------------------

  async createOrg(actor: Actor, input: CreateVolunteerOrganizationInput): Promise<VolunteerOrganization> {
    return this.tx.run(async (tx) => {
      const unit = await this.liveUnit(input.unitId, tx);
      this.policy.assertMayCreateVolunteerOrg(actor, input.kind === VolunteerOrgKind.PROFESSIONAL, unit.path);
      const id = await this.repo.insertOrg(
        { name: input.name, kind: input.kind, unitId: unit.id, contactName: input.contactName ?? null, contactPhone: input.contactPhone ?? null },
        tx,
      );
      const [row] = await this.repo.orgsByIds([id], tx);
      return VolunteerOrganization.from(row);
    });
  }

  async updateOrg(actor: Actor, input: UpdateVolunteerOrganizationInput): Promise<VolunteerOrganization> {
    return this.tx.run(async (tx) => {
      const org = await this.lockOrg(input.id, tx);
      if (!this.policy.managesVolunteerOrg(actor, orgFacts(org))) throw forbidden('Only its managers and staff in scope change an organisation');
      await this.repo.updateOrg(
        org.id,
        {
          name: input.name ?? org.name,
          contactName: input.contactName === undefined ? org.contact_name : input.contactName,
          contactPhone: input.contactPhone === undefined ? org.contact_phone : input.contactPhone,
          active: input.active ?? org.active,
        },
        tx,
      );
      const [row] = await this.repo.orgsByIds([org.id], tx);
      return VolunteerOrganization.from(row);
    });
  }

  async setManager(actor: Actor, input: OrganizationManagerInput, add: boolean): Promise<VolunteerOrganization> {
    return this.tx.run(async (tx) => {
      const org = await this.lockOrg(input.organizationId, tx);
      this.policy.assertMayNameOrgManagers(actor, orgFacts(org));
      const userId = dbIdOf(input.userId, 'User');
      const user = userId ? await this.repo.userFacts(userId, tx) : undefined;
      if (!user) throw notFound('User');
      if (add && !user.active) throw badInput('userId', 'The account is deactivated');
      const changed = add ? await this.repo.addManager(org.id, user.id, tx) : await this.repo.removeManager(org.id, user.id, tx);
      if (changed) await this.record(actor, add ? 'VOLUNTEER_ORG_MANAGER_ADDED' : 'VOLUNTEER_ORG_MANAGER_REMOVED', 'VolunteerOrganization', org.id, org.unit_path, { userId: user.id }, tx);
      const [row] = await this.repo.orgsByIds([org.id], tx);
      return VolunteerOrganization.from(row);
    });
  }

  // ---- volunteers: reads ----------------------------------------------------------------------

  /** A volunteer as the caller may see them; null when it does not exist or is hidden. */
  async visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<Volunteer | null> {
    const row = await this.loaders.volunteer(loaders).load(dbId);
    return row && this.policy.seesVolunteer(actor, volunteerFacts(row)) ? Volunteer.from(row) : null;
  }

  async byLookup(loaders: RequestLoaders, actor: Actor, id?: string | null, number?: string | null): Promise<Volunteer | null> {
    if (id) {
      const dbId = dbIdOf(id, 'Volunteer');
      return dbId ? this.visible(loaders, actor, dbId) : null;
    }
    if (number) {
      const row = await this.repo.volunteerByNumber(number);
      return row && this.policy.seesVolunteer(actor, volunteerFacts(row)) ? Volunteer.from(row) : null;
    }
    return null;
  }

  async mine(actor: Actor): Promise<Volunteer | null> {
    const row = await this.repo.volunteerOfUser(actor.userId);
    return row ? Volunteer.from(row) : null;
  }

  seesVolunteerRow(actor: Actor, row: VolunteerRow): boolean {
    return this.policy.seesVolunteer(actor, volunteerFacts(row));
  }

  phoneFor(actor: Actor, v: Volunteer): string {
    return this.policy.seesVolunteer(actor, volunteerFacts(v.row)) ? v.row.phone : maskPhone(v.row.phone);
  }

  async list(actor: Actor, args: VolunteersArgs): Promise<Connection<Volunteer>> {
    const page = pageRequest(args, isIdKey);
    const f = args.filter ?? {};
    const empty = () => toConnection([], page, 0, () => '', Volunteer.from);
    let unitPath: string | null = null;
    if (f.unitId) {
      const unitId = dbIdOf(f.unitId, 'OrgUnit');
      const unit = unitId ? await this.repo.unitFacts(unitId) : undefined;
      if (!unit) return empty();
      unitPath = unit.path;
    }
    let orgId: string | null = null;
    if (f.organizationId) {
      orgId = dbIdOf(f.organizationId, 'VolunteerOrganization');
      if (!orgId) return empty();
    }
    const filter = { unitPath, orgId, minStarLevel: f.minStarLevel ?? null, search: f.search ?? null };
    const vis = this.policy.volunteerVisibility(actor);
    const rows = await this.repo.listVolunteers(vis, filter, page);
    return toConnection(rows, page, () => this.repo.countVolunteers(vis, filter), (r) => r.id, Volunteer.from);
  }

  // ---- volunteers: changes --------------------------------------------------------------------

  /**
   * Registering oneself is counted against the address's registration limit first (shared
   * with registerResident), refused attempts included; staff registering others are not.
   */
  async register(actor: Actor, input: RegisterVolunteerInput, address: string | null): Promise<Volunteer> {
    if (!input.forSomeoneElse) await this.registrations.chargeRegistration(address);
    return this.tx.run(async (tx) => {
      const unit = await this.liveUnit(input.unitId, tx);
      let userId: string | null = actor.userId;
      let memberId: string | null = null;
      if (input.forSomeoneElse) {
        if (!this.policy.isStaff(actor)) throw forbidden('Only staff register someone else');
        if (!this.policy.coversUnit(actor, unit.path)) throw notFound('Org unit');
        userId = null;
      } else {
        if (input.memberId) throw forbidden('Only staff link a grid member record');
        if (await this.repo.volunteerOfUser(actor.userId, tx)) throw conflict('You are registered as a volunteer already');
      }
      if (input.memberId) {
        const id = dbIdOf(input.memberId, 'Member');
        const member = id ? await this.repo.memberFacts(id, tx) : undefined;
        if (!member || !this.policy.coversUnit(actor, member.unit_path)) throw notFound('Member');
        memberId = member.id;
      }
      const orgIds = await this.orgIdsOf(input.organizationIds ?? [], tx);
      const id = await this.repo.insertVolunteer(
        { name: input.name, phone: input.phone, unitId: unit.id, userId, memberId, skills: unique(input.skills ?? []) },
        tx,
      );
      for (const orgId of orgIds) await this.repo.addMembership(id, orgId, tx);
      const [row] = await this.repo.volunteersByIds([id], tx);
      return Volunteer.from(row);
    });
  }

  async linkAccount(actor: Actor, input: LinkVolunteerAccountInput): Promise<Volunteer> {
    return this.tx.run(async (tx) => {
      const v = await this.lockVolunteer(input.volunteerId, tx);
      this.policy.assertVolunteerRight(actor, volunteerFacts(v), this.policy.isStaff(actor) && this.policy.coversUnit(actor, v.unit_path), 'link an account to this volunteer');
      const userId = dbIdOf(input.userId, 'User');
      const user = userId ? await this.repo.userFacts(userId, tx) : undefined;
      if (!user) throw notFound('User');
      if (v.user_id === user.id) return Volunteer.from(v);
      if (v.user_id) throw conflict('The volunteer record has an account already');
      if (await this.repo.volunteerOfUser(user.id, tx)) throw conflict('That account has a volunteer record already');
      await this.repo.updateVolunteer(v.id, { name: v.name, phone: v.phone, unitId: v.unit_id, skills: v.skills, active: v.active, userId: user.id }, tx);
      const [row] = await this.repo.volunteersByIds([v.id], tx);
      return Volunteer.from(row);
    });
  }

  /** The volunteer changes their name and skills; staff in scope of their unit change everything. */
  async update(actor: Actor, input: UpdateVolunteerInput): Promise<Volunteer> {
    return this.tx.run(async (tx) => {
      const v = await this.lockVolunteer(input.id, tx);
      const staff = this.policy.isStaff(actor) && this.policy.coversUnit(actor, v.unit_path);
      const self = v.user_id === actor.userId;
      this.policy.assertVolunteerRight(actor, volunteerFacts(v), staff || self, 'change this volunteer');
      const staffOnly = input.phone != null || input.unitId != null || input.active != null;
      if (!staff && staffOnly) throw forbidden('Only staff in scope change the phone, home unit or status');
      let unitId = v.unit_id;
      if (input.unitId) {
        const unit = await this.liveUnit(input.unitId, tx);
        if (!this.policy.coversUnit(actor, unit.path)) throw notFound('Org unit');
        unitId = unit.id;
      }
      await this.repo.updateVolunteer(
        v.id,
        {
          name: input.name ?? v.name,
          phone: input.phone ?? v.phone,
          unitId,
          skills: input.skills ? unique(input.skills) : v.skills,
          active: input.active ?? v.active,
          userId: v.user_id,
        },
        tx,
      );
      const [row] = await this.repo.volunteersByIds([v.id], tx);
      return Volunteer.from(row);
    });
  }

  /** The volunteer themself, or the organisation's managers and staff in scope of its unit. */
  async setMembership(actor: Actor, input: VolunteerMembershipInput, join: boolean): Promise<Volunteer> {
    return this.tx.run(async (tx) => {
      const v = await this.lockVolunteer(input.volunteerId, tx);
      const orgId = dbIdOf(input.organizationId, 'VolunteerOrganization');
      const [org] = orgId ? await this.repo.orgsByIds([orgId], tx) : [];
      if (!org) throw notFound('Volunteer organisation');
      const organiser = this.policy.managesVolunteerOrg(actor, orgFacts(org));
      if (!organiser) this.policy.assertVolunteerRight(actor, volunteerFacts(v), v.user_id === actor.userId, 'change the memberships of this volunteer');
      if (join) {
        if (!org.active) throw conflict('The organisation is inactive');
        await this.repo.addMembership(v.id, org.id, tx);
      } else {
        await this.repo.removeMembership(v.id, org.id, tx);
      }
      const [row] = await this.repo.volunteersByIds([v.id], tx);
      return Volunteer.from(row);
    });
  }

  // ---- shared helpers -------------------------------------------------------------------------

  async lockVolunteer(globalId: string, tx: EntityManager): Promise<VolunteerRow> {
    const id = dbIdOf(globalId, 'Volunteer');
    const v = id ? await this.repo.lockVolunteer(id, tx) : undefined;
    if (!v) throw notFound('Volunteer');
    return v;
  }

  async lockOrg(globalId: string, tx: EntityManager): Promise<OrgRow> {
    const id = dbIdOf(globalId, 'VolunteerOrganization');
    const org = id ? await this.repo.lockOrg(id, tx) : undefined;
    if (!org) throw notFound('Volunteer organisation');
    return org;
  }

  async liveUnit(globalId: string, tx: EntityManager): Promise<{ id: string; path: string }> {
    const id = dbIdOf(globalId, 'OrgUnit');
    const unit = id ? await this.repo.unitFacts(id, tx) : undefined;
    if (!unit) throw notFound('Org unit');
    if (unit.archived) throw conflict('The unit is archived');
    return unit;
  }

  private async orgIdsOf(globalIds: string[], tx: EntityManager): Promise<string[]> {
    const ids = unique(globalIds).map((g) => dbIdOf(g, 'VolunteerOrganization'));
    if (ids.some((id) => !id)) throw notFound('Volunteer organisation');
    const rows = await this.repo.orgsByIds(ids as string[], tx);
    if (rows.length !== ids.length) throw notFound('Volunteer organisation');
    if (rows.some((r) => !r.active)) throw conflict('An organisation named is inactive');
    return rows.map((r) => r.id);
  }

  record(actor: Actor | null, action: AuditAction, targetType: string, targetId: string, unitPath: string | null, summary: Record<string, unknown>, tx: EntityManager) {
    return this.audit.record({ action, actor, targetType, targetId, unitPath, summary }, tx);
  }
}
