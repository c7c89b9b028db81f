import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { maskPhone, Policy } from '../../common/auth/policy.js';
import { Role } from '../../common/auth/role.js';
import { badInput, forbidden, conflict, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isIdKey, pageRequest, toConnection, type Connection } from '../../common/paging/paging.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import { OrgLevel, OrgService } from '../org/index.js';
import type { CreateUserInput, UpdateUserInput, UsersArgs } from './dtos/people.inputs.js';
import { PeopleLoaders } from './people.loaders.js';
import { PasswordService } from './password.service.js';
import { PeopleRepository } from './people.repository.js';
import { User, type UserRow } from './user.model.js';

/** Not an Argon2 hash: no password ever verifies against it. */
const NO_PASSWORD = '!no-password: an API key account';

interface Access {
  role: Role;
  scopeUnitId: string | null;
  memberId: string | null;
  active: boolean;
}

/** User accounts: who may sign in, with which role, over which subtree. */
@Injectable()
export class UsersService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly org: OrgService,
    private readonly loaders: PeopleLoaders,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
    private readonly transactions: Transactions,
  ) {}

  /** A user as the caller may see them; null when out of scope. */
  async visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<User | null> {
    const row = await this.loaders.userById(loaders).load(dbId);
    if (!row || !this.policy.seesUser(actor, { id: row.id, anchorPath: row.anchor_path })) return null;
    return User.from(row);
  }

  /** A request's reporter, shown when the rules for the request allow it (see RequestQueries). */
  async visibleAsReporter(loaders: RequestLoaders, dbId: string): Promise<User | null> {
    const row = await this.loaders.userById(loaders).load(dbId);
    return row ? User.from(row) : null;
  }

  async me(loaders: RequestLoaders, actor: Actor): Promise<User | null> {
    return this.visible(loaders, actor, actor.userId);
  }

  phoneFor(actor: Actor, user: User): string | null {
    if (!user.storedPhone) return null;
    return this.policy.seesPhoneOfUnit(actor, user.anchorPath, user.dbId) ? user.storedPhone : maskPhone(user.storedPhone);
  }

  async list(actor: Actor, args: UsersArgs): Promise<Connection<User>> {
    const visibility = this.policy.userVisibility(actor);
    const page = pageRequest(args, isIdKey);
    const rows = await this.repo.listUsers(visibility, args.search ?? null, page);
    return toConnection(rows, page, () => this.repo.countUsers(visibility, args.search ?? null), (r) => r.id, User.from);
  }

  async create(actor: Actor, input: CreateUserInput): Promise<User> {
    this.policy.assertMayManageUsers(actor);
    this.policy.assertMayGrantRole(actor, input.role);
    const passwordHash = await this.passwords.hash(input.password);
    return this.transactions.run(async (tx) => {
      const access = await this.checkedAccess(
        actor,
        { role: input.role, scopeUnitId: null, memberId: null, active: true },
        { scopeUnitId: input.scopeUnitId ?? null, memberId: input.memberId ?? null },
        tx,
      );
      const id = await this.repo.insertUser(
        { username: input.username, passwordHash, role: access.role, scopeUnitId: access.scopeUnitId, memberId: access.memberId, name: null, phone: null },
        tx,
      );
      const [row] = await this.repo.usersByIds([id], tx);
      await this.audit.record(
        {
          action: 'USER_CREATED',
          actor,
          targetType: 'User',
          targetId: id,
          unitPath: row.anchor_path,
          summary: { username: input.username, role: access.role, scopeUnitId: access.scopeUnitId, memberId: access.memberId },
        },
        tx,
      );
      return User.from(row);
    });
  }

  /**
   * The RESIDENT account an application's API key acts as, named after the key, in the
   * caller's transaction. It has no password: its hash is not one that any password verifies
   * against, so signing in as it fails exactly like a wrong password.
   */
  async createKeyAccount(name: string, tx: EntityManager): Promise<User> {
    const username = `apikey-${randomBytes(8).toString('hex')}`;
    const id = await this.repo.insertUser(
      { username, passwordHash: NO_PASSWORD, role: Role.RESIDENT, scopeUnitId: null, memberId: null, name, phone: null },
      tx,
    );
    const [row] = await this.repo.usersByIds([id], tx);
    return User.from(row);
  }

  async update(actor: Actor, input: UpdateUserInput): Promise<User> {
    this.policy.assertMayManageUsers(actor);
    return this.transactions.run(async (tx) => {
      const targetId = dbIdOf(input.id, 'User');
      const target = targetId ? await this.repo.lockUser(targetId, tx) : undefined;
      if (!target || !this.policy.seesUser(actor, { id: target.id, anchorPath: target.anchor_path })) throw notFound('User');
      this.policy.assertMayGrantRole(actor, target.role);
      const role = input.role ?? target.role;
      this.policy.assertMayGrantRole(actor, role);
      const roleChanged = role !== target.role;
      const access = await this.checkedAccess(
        actor,
        { role, scopeUnitId: target.scope_unit_id, memberId: target.member_id, active: input.active ?? target.active },
        {
          scopeUnitId: input.scopeUnitId === undefined ? (roleChanged ? null : undefined) : input.scopeUnitId,
          memberId: input.memberId === undefined ? undefined : input.memberId,
        },
        tx,
      );
      const changed: Record<string, unknown> = {};
      if (access.role !== target.role) changed.role = [target.role, access.role];
      if (access.scopeUnitId !== target.scope_unit_id) changed.scopeUnitId = [target.scope_unit_id, access.scopeUnitId];
      if (access.memberId !== target.member_id) changed.memberId = [target.member_id, access.memberId];
      if (access.active !== target.active) changed.active = access.active;
      const signOut = Object.keys(changed).length > 0;
      await this.repo.updateUserAccess(target.id, access, signOut, tx);
      const [row] = await this.repo.usersByIds([target.id], tx);
      await this.audit.record(
        { action: 'USER_UPDATED', actor, targetType: 'User', targetId: target.id, unitPath: row.anchor_path ?? target.anchor_path, summary: changed },
        tx,
      );
      return User.from(row);
    });
  }

  /**
   * Resolves and checks the scope unit and member for a role: given ids (global) replace
   * the current ones; `undefined` keeps them; null clears them.
   */
  private async checkedAccess(
    actor: Actor,
    current: Access,
    given: { scopeUnitId: string | null | undefined; memberId: string | null | undefined },
    tx: EntityManager,
  ): Promise<Access> {
    const access = { ...current };
    if (given.scopeUnitId !== undefined) {
      access.scopeUnitId = null;
      if (given.scopeUnitId !== null) {
        const unitId = dbIdOf(given.scopeUnitId, 'OrgUnit');
        const unit = unitId ? await this.org.lockRow(unitId, 'SHARE', tx) : undefined;
        if (!unit || !this.policy.coversUnit(actor, unit.path)) throw notFound('Org unit');
        if (unit.archived) throw conflict('The unit is archived');
        if (access.role === Role.STREET_ADMIN && unit.level !== OrgLevel.STREET_COMMITTEE) {
          throw badInput('scopeUnitId', "A STREET_ADMIN's scope must be a street committee");
        }
        access.scopeUnitId = unit.id;
      }
    }
    if (given.memberId !== undefined) {
      access.memberId = null;
      if (given.memberId !== null) {
        const memberId = dbIdOf(given.memberId, 'Member');
        const [member] = memberId ? await this.repo.membersByIds([memberId], tx) : [];
        if (!member || !this.policy.coversUnit(actor, member.unit_path)) throw notFound('Member');
        access.memberId = member.id;
      }
    }
    const needsScope = access.role === Role.STREET_ADMIN || access.role === Role.SECRETARY;
    const mayHaveScope = needsScope || access.role === Role.INSPECTOR;
    if (needsScope && !access.scopeUnitId) throw badInput('scopeUnitId', `A ${access.role} needs a scope unit`);
    if (!mayHaveScope && access.scopeUnitId) throw badInput('scopeUnitId', `A ${access.role} has no scope unit`);
    if (access.role === Role.RESPONDER && !access.memberId) throw badInput('memberId', 'A RESPONDER needs a member record');
    if (access.role === Role.RESIDENT && access.memberId) throw badInput('memberId', 'A RESIDENT has no member record');
    if (access.role === Role.INSPECTOR && access.memberId) throw badInput('memberId', 'An INSPECTOR has no member record');
    // A STREET_ADMIN's inspectors inspect inside their street: a city-wide one is the city's to make.
    if (access.role === Role.INSPECTOR && !access.scopeUnitId && actor.role !== Role.CITY_ADMIN) {
      throw forbidden('Only a city admin makes a city-wide INSPECTOR');
    }
    return access;
  }
}

export type { UserRow };
