import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { maskPhone, Policy } from '../../common/auth/policy.js';
import { badInput, conflict, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isIdKey, pageRequest, toConnection, type Connection, type PageArgs } from '../../common/paging/paging.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import { OrgService, type OrgUnitRow } from '../org/index.js';
import type { CreateMemberInput, SetSecretaryInput, UpdateMemberInput } from './dtos/people.inputs.js';
import { Member, type MemberRow } from './member.model.js';
import { PeopleLoaders } from './people.loaders.js';
import { StopsResponding } from './people.ports.js';
import { PeopleRepository, type MemberFields } from './people.repository.js';

const unique = (values: string[]) => [...new Set(values)];

/** Members: people on the grid. Staff manage them within their scope; everyone signed in may read them. */
@Injectable()
export class MembersService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly org: OrgService,
    private readonly loaders: PeopleLoaders,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly stopsResponding: StopsResponding,
  ) {}

  async byDbId(loaders: RequestLoaders, dbId: string): Promise<Member | null> {
    const row = await this.loaders.memberById(loaders).load(dbId);
    return row ? Member.from(row) : null;
  }

  byGlobalId(loaders: RequestLoaders, globalId: string): Promise<Member | null> {
    const dbId = dbIdOf(globalId, 'Member');
    return dbId ? this.byDbId(loaders, dbId) : Promise.resolve(null);
  }

  /** The phone in full to callers whose scope covers the member's unit (and to the member); masked otherwise. */
  phoneFor(actor: Actor, member: Member): string | null {
    if (!member.storedPhone) return null;
    return this.policy.seesPhoneOfUnit(actor, member.unitPath, null, member.dbId) ? member.storedPhone : maskPhone(member.storedPhone);
  }

  async membersOf(loaders: RequestLoaders, unitDbId: string, args: PageArgs): Promise<Connection<Member>> {
    const page = pageRequest(args, isIdKey);
    const rows = await this.loaders.membersPage(loaders, page).load(unitDbId);
    return toConnection(rows, page, () => this.loaders.memberCount(loaders).load(unitDbId), (r) => r.id, Member.from);
  }

  async respondersOf(loaders: RequestLoaders, unitDbId: string): Promise<Member[]> {
    return (await this.loaders.responders(loaders).load(unitDbId)).map(Member.from);
  }

  async create(actor: Actor, input: CreateMemberInput): Promise<Member> {
    this.policy.assertMayManageMembers(actor);
    return this.transactions.run(async (tx) => {
      const unit = await this.liveUnitInScope(actor, input.unitId, tx);
      const fields: MemberFields = {
        unitId: unit.id,
        name: input.name,
        phone: input.phone ?? null,
        partyMember: input.partyMember ?? false,
        responder: input.responder ?? false,
        skills: unique(input.skills ?? []),
        active: true,
      };
      const id = await this.repo.insertMember(fields, tx);
      await this.audit.record(
        { action: 'MEMBER_CREATED', actor, targetType: 'Member', targetId: id, unitPath: unit.path, summary: { unit: unit.code, responder: fields.responder } },
        tx,
      );
      const [row] = await this.repo.membersByIds([id], tx);
      return Member.from(row);
    });
  }

  async update(actor: Actor, input: UpdateMemberInput): Promise<Member> {
    this.policy.assertMayManageMembers(actor);
    return this.transactions.run(async (tx) => {
      const member = await this.memberInScope(actor, input.id, tx);
      let unitId = member.unit_id;
      let unitPath = member.unit_path;
      if (input.unitId) {
        const unit = await this.liveUnitInScope(actor, input.unitId, tx);
        unitId = unit.id;
        unitPath = unit.path;
      }
      const fields: MemberFields = {
        unitId,
        name: input.name ?? member.name,
        phone: input.phone === undefined ? member.phone : input.phone,
        partyMember: input.partyMember ?? member.party_member,
        responder: input.responder ?? member.responder,
        skills: input.skills ? unique(input.skills) : member.skills,
        active: input.active ?? member.active,
      };
      // A secretary belongs to their unit (the database checks it too): leaving it ends the role.
      if (unitId !== member.unit_id) await this.org.clearSecretaryIf(member.unit_id, member.id, tx);
      await this.repo.updateMember(member.id, fields, tx);
      const stopsResponding = (member.active && !fields.active) || (member.responder && !fields.responder) || unitId !== member.unit_id;
      if (stopsResponding) await this.stopsResponding.run(member.id, actor, tx);
      await this.audit.record(
        {
          action: 'MEMBER_UPDATED',
          actor,
          targetType: 'Member',
          targetId: member.id,
          unitPath,
          summary: changes(member, fields),
        },
        tx,
      );
      const [row] = await this.repo.membersByIds([member.id], tx);
      return Member.from(row);
    });
  }

  async setSecretary(actor: Actor, input: SetSecretaryInput): Promise<OrgUnitRow> {
    this.policy.assertMaySetSecretary(actor);
    return this.transactions.run(async (tx) => {
      const unit = await this.liveUnitInScope(actor, input.unitId, tx);
      const memberId = dbIdOf(input.memberId, 'Member');
      const [member] = memberId ? await this.repo.membersByIds([memberId], tx) : [];
      if (!member || !this.policy.coversUnit(actor, member.unit_path)) throw notFound('Member');
      if (member.unit_id !== unit.id) throw badInput('memberId', 'The secretary must be a member of that unit');
      if (!member.active) throw badInput('memberId', 'The member is not active');
      await this.org.setSecretary(unit.id, member.id, tx);
      await this.audit.record(
        { action: 'SECRETARY_SET', actor, targetType: 'OrgUnit', targetId: unit.id, unitPath: unit.path, summary: { member: member.id } },
        tx,
      );
      const [row] = await this.org.rowsByIds([unit.id], tx);
      return row;
    });
  }

  // ---- for other modules' transactions ----------------------------------------------------

  /** Locks the member for the rest of the transaction; undefined when there is none. */
  lockRow(dbId: string, tx: EntityManager): Promise<MemberRow | undefined> {
    return this.repo.lockMember(dbId, tx);
  }

  /** Locks a unit's active responders skilled in `skill` and returns their ids (routing's candidates). */
  lockActiveResponders(unitDbId: string, skill: string, tx: EntityManager): Promise<string[]> {
    return this.repo.lockActiveResponders(unitDbId, skill, tx);
  }

  /** Remembers that the member was just given a request. */
  markAssigned(dbId: string, tx: EntityManager): Promise<void> {
    return this.repo.markAssigned(dbId, tx);
  }

  private async liveUnitInScope(actor: Actor, globalId: string, tx: EntityManager) {
    const unitId = dbIdOf(globalId, 'OrgUnit');
    const unit = unitId ? await this.org.lockRow(unitId, 'SHARE', tx) : undefined;
    if (!unit || !this.policy.coversUnit(actor, unit.path)) throw notFound('Org unit');
    if (unit.archived) throw conflict('The unit is archived');
    return unit;
  }

  private async memberInScope(actor: Actor, globalId: string, tx: EntityManager): Promise<MemberRow> {
    const memberId = dbIdOf(globalId, 'Member');
    const member = memberId ? await this.repo.lockMember(memberId, tx) : undefined;
    if (!member || !this.policy.coversUnit(actor, member.unit_path)) throw notFound('Member');
    return member;
  }
}

/** Which fields changed, without personal data (a phone change is noted, not copied). */
function changes(before: MemberRow, after: MemberFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (before.unit_id !== after.unitId) out.unit = [before.unit_id, after.unitId];
  if (before.name !== after.name) out.name = true;
  if (before.phone !== after.phone) out.phone = true;
  if (before.party_member !== after.partyMember) out.partyMember = after.partyMember;
  if (before.responder !== after.responder) out.responder = after.responder;
  if (before.active !== after.active) out.active = after.active;
  if (before.skills.join(',') !== after.skills.join(',')) out.skills = after.skills;
  return out;
}
